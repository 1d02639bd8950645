import type { AgentRecord, DirectoryStore } from '../store/types.js';

/**
 * Reads of the agent directory the HTTP API needs.
 * @example const agents = createAgentQueries(store)
 */
export function createAgentQueries(store: Pick<DirectoryStore, 'findAgentByEmail'>) {
  return {
    /**
     * The agent who may sign in with this email (case-insensitive), or null: an unknown and a
     * disabled one alike.
     * @example await agents.activeByEmail('maya@example.com')
     */
    async activeByEmail(email: string): Promise<AgentRecord | null> {
      const agent = await store.findAgentByEmail(email);
      return agent && !agent.disabled ? agent : null;
    },
  };
}

/** The agent reads, as `createAgentQueries` makes them. */
export type AgentQueries = ReturnType<typeof createAgentQueries>;
