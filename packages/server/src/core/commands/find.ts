// Which open conversation a command may act on: the visitor's own, or what the permission table
// lets an agent do.
import type { ConversationSummary, ErrorFrame } from '@switchboard/shared';
import { errorFrame } from '@switchboard/shared';
import type { Draft } from '../draft.js';
import {
  type AgentConversationCommand,
  agentRole,
  conversationForAgent,
  type ForAgent,
} from '../permissions.js';
import type { Actor, AgentActor, VisitorActor } from '../types.js';

export type Found =
  | { ok: true; conversation: ConversationSummary }
  | { ok: false; error: ErrorFrame };

/**
 * The visitor's own open conversation `id`; else the error to answer with. Visitors only: what an
 * agent may do on a conversation is decided by {@link forAgent}.
 */
export function findOwn(
  draft: Draft,
  id: string,
  visitor: VisitorActor,
  stored: ConversationSummary | null | undefined,
): Found {
  const mine = (s: ConversationSummary) =>
    s.visitor.id === visitor.id && s.siteId === visitor.siteId;
  const open = draft.open.get(id);
  if (open && mine(open)) return { ok: true, conversation: open };
  // Someone else's conversation and a missing one get the same answer.
  if (!open && stored && stored.status === 'closed' && mine(stored)) {
    return { ok: false, error: errorFrame('CONVERSATION_CLOSED') };
  }
  return { ok: false, error: errorFrame('NOT_FOUND') };
}

/**
 * The conversation an agent command names, if the permission table lets this agent do it there
 * (see `permissions.ts`); else the refusal.
 */
export function forAgent(
  draft: Draft,
  command: AgentConversationCommand,
  agent: AgentActor,
  id: string,
  stored: ConversationSummary | null | undefined,
): ForAgent {
  return conversationForAgent(
    command,
    agentRole(draft.agents, agent.id),
    draft.open.get(id),
    stored,
  );
}

/** The conversation a close or typing from a visitor (their own) or an agent (by the table) names. */
export function forActor(
  draft: Draft,
  command: 'conversation.close' | 'chat.typing',
  by: Actor,
  id: string,
  stored: ConversationSummary | null | undefined,
): Found {
  return by.role === 'visitor'
    ? findOwn(draft, id, by, stored)
    : forAgent(draft, command, by, id, stored);
}
