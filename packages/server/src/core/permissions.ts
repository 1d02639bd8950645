import { type ConversationSummary, type ErrorFrame, errorFrame } from '@switchboard/shared';

/**
 * Every agent frame that names a conversation, as the permission table knows it. Two frames have
 * a variant with a rule of its own: `conversation.assign` to someone else
 * (`conversation.assign:other`) and a supervisor's whisper (`note.send:whisper`).
 */
export const AGENT_CONVERSATION_COMMANDS = [
  'conversation.open',
  'conversation.sync',
  'chat.send',
  'chat.typing',
  'conversation.close',
  'offer.accept',
  'offer.decline',
  'conversation.assign',
  'conversation.assign:other',
  'conversation.transfer',
  'conversation.join',
  'note.send',
  'note.send:whisper',
  'callback.create',
  'conversation.wrapup',
  'qa.review.save',
  'qa.reviews.get',
] as const;
export type AgentConversationCommand = (typeof AGENT_CONVERSATION_COMMANDS)[number];

/** What a signed-in agent is to the relay's routing: their id and role. */
export interface AgentRole {
  id: string;
  role: 'agent' | 'supervisor';
}

/**
 * What a conversation is to an agent. Open: `owner` (assigned to them), `offered` (waiting, offered
 * to them), `waiting` (waiting, not offered to them), `member` (someone else's, and they joined it),
 * `other` (someone else's). Closed: `handled` (they were its last agent), `closed` (not theirs).
 */
export type Relation = 'owner' | 'offered' | 'waiting' | 'member' | 'other' | 'handled' | 'closed';

export const RELATIONS: readonly Relation[] = [
  'owner',
  'offered',
  'waiting',
  'member',
  'other',
  'handled',
  'closed',
];

const OPEN: readonly Relation[] = ['owner', 'offered', 'waiting', 'member', 'other'];
const CLOSED: readonly Relation[] = ['handled', 'closed'];
const ANY: readonly Relation[] = RELATIONS;
/** Who may write in a conversation that is not theirs: anyone while it waits, joined agents. */
const HANDLERS: readonly Relation[] = ['owner', 'offered', 'waiting', 'member'];

/**
 * One line of the table: whether the command needs the conversation open or closed, the relations
 * each role may act in, and what a refusal says.
 */
interface Rule {
  needs: 'open' | 'closed' | 'any';
  agent: readonly Relation[];
  supervisor: readonly Relation[];
  /** Every refusal of this command gets this code (offers: `NOT_OFFERED`). */
  code?: 'NOT_OFFERED';
  /** The message of a `FORBIDDEN`. */
  message: string;
}

const NOT_YOURS = 'This conversation is assigned to someone else.';
const SUPERVISORS = 'Only a supervisor can do this.';

/**
 * Who may do what on a conversation: one rule per agent command. docs/routing.md ("Who may do
 * what") says the same in words. Reading is open to every agent (the console's team view); writing
 * to the visitor, typing, closing and a callback from the chat need the chat to be theirs (or
 * waiting, or joined) unless they are a supervisor.
 */
export const PERMISSIONS: Readonly<Record<AgentConversationCommand, Rule>> = {
  'conversation.open': { needs: 'any', agent: ANY, supervisor: ANY, message: '' },
  'conversation.sync': { needs: 'any', agent: ANY, supervisor: ANY, message: '' },
  'chat.send': { needs: 'open', agent: HANDLERS, supervisor: OPEN, message: NOT_YOURS },
  'chat.typing': { needs: 'open', agent: HANDLERS, supervisor: OPEN, message: NOT_YOURS },
  'conversation.close': { needs: 'open', agent: HANDLERS, supervisor: OPEN, message: NOT_YOURS },
  'offer.accept': {
    needs: 'open',
    agent: ['offered'],
    supervisor: ['offered'],
    code: 'NOT_OFFERED',
    message: '',
  },
  'offer.decline': {
    needs: 'open',
    agent: ['offered'],
    supervisor: ['offered'],
    code: 'NOT_OFFERED',
    message: '',
  },
  // Taking it yourself: a waiting one (owning it already is a no-op).
  'conversation.assign': {
    needs: 'open',
    agent: ['owner', 'offered', 'waiting'],
    supervisor: OPEN,
    message: NOT_YOURS,
  },
  'conversation.assign:other': { needs: 'open', agent: [], supervisor: OPEN, message: SUPERVISORS },
  'conversation.transfer': {
    needs: 'open',
    agent: ['owner', 'offered', 'member'],
    supervisor: OPEN,
    message: 'Only its agent or a supervisor can transfer this conversation.',
  },
  'conversation.join': { needs: 'open', agent: [], supervisor: OPEN, message: SUPERVISORS },
  'note.send': { needs: 'open', agent: OPEN, supervisor: OPEN, message: '' },
  'note.send:whisper': {
    needs: 'open',
    agent: [],
    supervisor: OPEN,
    message: 'Only a supervisor can whisper.',
  },
  // After a cut-off: while it is open as for a reply; once closed, as for a wrap-up.
  'callback.create': {
    needs: 'any',
    agent: [...HANDLERS, 'handled'],
    supervisor: ANY,
    message: NOT_YOURS,
  },
  'conversation.wrapup': {
    needs: 'closed',
    agent: ['handled'],
    supervisor: CLOSED,
    message: 'Only the agent who handled it or a supervisor can wrap it up.',
  },
  'qa.review.save': { needs: 'closed', agent: [], supervisor: CLOSED, message: SUPERVISORS },
  // A read: the answer holds only the agent's own reviews (supervisors: anyone's).
  'qa.reviews.get': { needs: 'any', agent: ANY, supervisor: ANY, message: '' },
};

/**
 * What `conversation` is to the agent `agentId`.
 * @example relationOf('agt_1', { status: 'active', agent: { id: 'agt_1', name: 'Maya' } }) // 'owner'
 */
export function relationOf(
  agentId: string,
  conversation: Pick<ConversationSummary, 'status' | 'agent' | 'offer' | 'participants'>,
): Relation {
  if (conversation.status === 'closed') {
    return conversation.agent?.id === agentId ? 'handled' : 'closed';
  }
  if (conversation.status === 'waiting') {
    return conversation.offer?.agent.id === agentId ? 'offered' : 'waiting';
  }
  if (conversation.agent?.id === agentId) return 'owner';
  return conversation.participants?.some((p) => p.id === agentId) ? 'member' : 'other';
}

/** Whether the role can never do `command`, whatever the conversation. */
const never = (command: AgentConversationCommand, role: AgentRole['role']) =>
  PERMISSIONS[command][role].length === 0;

/**
 * May `agent` do `command` on `conversation`? `null` when they may, else the error to answer with:
 * `CONVERSATION_CLOSED` / `CONVERSATION_OPEN` when the command needs the other state, `NOT_OFFERED`
 * for an offer that is not theirs, `FORBIDDEN` otherwise. Pure.
 * @example agentMay('conversation.close', { id: 'agt_2', role: 'agent' }, chatOfAgent1) // FORBIDDEN
 */
export function agentMay(
  command: AgentConversationCommand,
  agent: AgentRole,
  conversation: Pick<ConversationSummary, 'status' | 'agent' | 'offer' | 'participants'>,
): ErrorFrame | null {
  const rule = PERMISSIONS[command];
  const relation = relationOf(agent.id, conversation);
  const refuse = (code: 'FORBIDDEN' | 'CONVERSATION_CLOSED' | 'CONVERSATION_OPEN') =>
    rule.code
      ? errorFrame(rule.code)
      : errorFrame(code, code === 'FORBIDDEN' && rule.message ? rule.message : undefined);
  if (never(command, agent.role)) return refuse('FORBIDDEN');
  if (rule.needs === 'open' && CLOSED.includes(relation)) return refuse('CONVERSATION_CLOSED');
  if (rule.needs === 'closed' && OPEN.includes(relation)) return refuse('CONVERSATION_OPEN');
  return rule[agent.role].includes(relation) ? null : refuse('FORBIDDEN');
}

export type ForAgent =
  | { ok: true; conversation: ConversationSummary }
  | { ok: false; error: ErrorFrame };

/**
 * The conversation an agent command names, if the agent may do it there; else the refusal. `open`
 * is the core's open copy, `stored` the store's (for a closed one). A command the role can never
 * do is refused before looking (`FORBIDDEN`), a missing conversation is `NOT_FOUND`.
 * @example const found = conversationForAgent('chat.typing', me, state.open.get(id), stored)
 */
export function conversationForAgent(
  command: AgentConversationCommand,
  agent: AgentRole,
  open: ConversationSummary | undefined,
  stored: ConversationSummary | null | undefined,
): ForAgent {
  if (never(command, agent.role)) {
    return { ok: false, error: errorFrame('FORBIDDEN', PERMISSIONS[command].message || undefined) };
  }
  // The store's copy stands for a conversation the core no longer has open: a closed one.
  const conversation = open ?? (stored?.status === 'closed' ? stored : undefined);
  if (!conversation) {
    return {
      ok: false,
      error: errorFrame(PERMISSIONS[command].code ?? 'NOT_FOUND'),
    };
  }
  const refused = agentMay(command, agent, conversation);
  return refused ? { ok: false, error: refused } : { ok: true, conversation };
}

/**
 * The role the core's routing records give `agentId` (an agent it does not know is a plain agent).
 * @example agentRole(state.agents, 'agt_1') // { id: 'agt_1', role: 'agent' }
 */
export function agentRole(
  agents: { get(id: string): { role: AgentRole['role'] } | undefined },
  agentId: string,
): AgentRole {
  return { id: agentId, role: agents.get(agentId)?.role ?? 'agent' };
}
