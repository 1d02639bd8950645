/** Room names: one per visitor (all their sockets), one per conversation (agents who opened it). */
export const rooms = {
  visitor: (visitorId: string) => `visitor:${visitorId}`,
  /** Every visitor socket of a site that said hello (for `site.updated`). */
  site: (siteId: string) => `site:${siteId}`,
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  agents: 'agents',
  /** Every console one agent has signed in (inbox updates meant for them). */
  agent: (agentId: string) => `agent:${agentId}`,
  /** Supervisors' consoles (wallboard updates). */
  supervisors: 'supervisors',
};
