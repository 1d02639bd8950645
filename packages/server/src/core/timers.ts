import type { ConversationSummary } from '@switchboard/shared';
import { nextChange } from './business-hours.js';
import type { Draft } from './draft.js';
import type { CoreState } from './types.js';

/** Who closes an abandoned conversation. */
export const SYSTEM_AUTHOR = { role: 'system', id: 'system', name: 'Switchboard' } as const;

/** When the visitor of a waiting conversation left (null while they have a socket). */
function goneSince(
  state: Pick<CoreState, 'visitors' | 'startedAt'>,
  conversation: ConversationSummary,
): number | null {
  const visitor = state.visitors.get(conversation.visitor.id);
  if (visitor?.connected) return null;
  // Never seen since loading: gone since then (or since the conversation started).
  return visitor?.goneSince ?? Math.max(state.startedAt, conversation.createdAt);
}

/** Waiting in chat mode: the visitor is still waiting for an answer (not left a message). */
const waitingForChat = (c: ConversationSummary) => c.status === 'waiting' && c.mode !== 'message';

/**
 * When the abandonment of a waiting conversation falls due, or null (visitor connected, or they
 * left a message).
 * @example abandonAt(state, conversation) // goneSince + abandonAfterSec
 */
export function abandonAt(
  state: Pick<CoreState, 'visitors' | 'startedAt' | 'settings'>,
  conversation: ConversationSummary,
): number | null {
  if (!waitingForChat(conversation)) return null;
  const since = goneSince(state, conversation);
  return since === null ? null : since + state.settings.abandonAfterSec * 1000;
}

/**
 * When an active conversation whose visitor left is cut off (the agent is offered a callback), or
 * null: the visitor is connected, it was cut off already, or the site offers no callbacks.
 * @example cutOffAt(state, conversation) // goneSince + cutOffAfterSec
 */
export function cutOffAt(
  state: Pick<CoreState, 'visitors' | 'startedAt' | 'sites' | 'cutOff'>,
  conversation: ConversationSummary,
): number | null {
  if (conversation.status !== 'active' || state.cutOff.has(conversation.id)) return null;
  const settings = state.sites.get(conversation.siteId)?.callback;
  if (!settings) return null;
  const since = goneSince(state, conversation);
  return since === null ? null : since + settings.cutOffAfterSec * 1000;
}

/** When `expire` next has something to do for this conversation (+Infinity: nothing). */
function dueFor(
  state: Pick<CoreState, 'visitors' | 'startedAt' | 'settings' | 'sites' | 'cutOff'>,
  conversation: ConversationSummary,
): number {
  let due = conversation.offer ? conversation.offer.expiresAt : Number.POSITIVE_INFINITY;
  const abandon = abandonAt(state, conversation);
  if (abandon !== null && abandon < due) due = abandon;
  const cutOff = cutOffAt(state, conversation);
  if (cutOff !== null && cutOff < due) due = cutOff;
  return due;
}

/**
 * The first time `expire` has something to do (an offer expires, a grace period ends, a wait is
 * abandoned, a chat is cut off), by a scan of the whole state; +Infinity when nothing is pending.
 * @example earliestDue(state) // state.dueAt after a full scan
 */
export function earliestDue(
  state: Pick<
    CoreState,
    'open' | 'agents' | 'visitors' | 'startedAt' | 'settings' | 'sites' | 'cutOff'
  >,
): number {
  let due = Number.POSITIVE_INFINITY;
  for (const conversation of state.open.values()) due = Math.min(due, dueFor(state, conversation));
  for (const agent of state.agents.values()) {
    if (agent.graceUntil !== undefined) due = Math.min(due, agent.graceUntil);
  }
  return due;
}

/**
 * Keep `dueAt` (the first deadline) after a command: the last one, lowered by the deadlines of
 * what this command changed (its conversations, visitors and agents), since nothing else's can
 * have moved. A full scan only when something fell due, or when a change moved the very thing
 * that was first (an accepted offer, say).
 */
export function trackDeadlines(draft: Draft): void {
  const { base } = draft;
  const view = (state: Pick<CoreState, 'visitors' | 'cutOff'>) => ({
    visitors: state.visitors,
    cutOff: state.cutOff,
    startedAt: base.startedAt,
    settings: base.settings,
    sites: base.sites,
  });
  const before = view(base);
  const after = { ...view(draft), open: draft.open, agents: draft.agents };
  let due = base.dueAt;
  let rescan = draft.expired;
  // Only a change to the thing that was first can raise the first deadline.
  const wasFirst = (at: number | undefined) => at === base.dueAt && Number.isFinite(at);
  const seen = (conversationId: string | undefined) => {
    if (conversationId === undefined) return;
    const old = base.open.get(conversationId);
    if (old && wasFirst(dueFor(before, old))) rescan = true;
    const conversation = draft.open.get(conversationId);
    if (conversation) due = Math.min(due, dueFor(after, conversation));
  };
  if (!rescan) {
    for (const id of draft.touched.keys()) seen(id);
    for (const visitorId of [...draft.visitors.written, ...draft.openByVisitor.written]) {
      seen(base.openByVisitor.get(visitorId));
      seen(draft.openByVisitor.get(visitorId));
    }
    for (const agentId of draft.agents.written) {
      if (wasFirst(base.agents.get(agentId)?.graceUntil)) rescan = true;
      const graceUntil = draft.agents.get(agentId)?.graceUntil;
      if (graceUntil !== undefined) due = Math.min(due, graceUntil);
    }
  }
  if (rescan) due = earliestDue(after);
  if (due !== base.dueAt) {
    draft.dueAt = due;
    draft.mutated = true;
  }
}

/**
 * The earliest time something happens without a command: an offer expires, an agent's grace period
 * ends, a visitor's wait is abandoned, or a department with waiting conversations opens or closes.
 * The shell keeps one timer and dispatches `tick` then. Null when nothing is due. Costs the number
 * of queues: the state keeps its first deadline (`dueAt`).
 * @example const at = nextDeadline(state, Date.now()); if (at !== null) setTimeout(tick, at - Date.now())
 */
export function nextDeadline(state: CoreState, now: number): number | null {
  let next = state.dueAt;
  for (const [id, queue] of state.queues) {
    const department = queue.length > 0 ? state.departments.get(id) : undefined;
    const change = department && nextChange(department, now);
    if (change) next = Math.min(next, change);
  }
  return Number.isFinite(next) ? next : null;
}

/**
 * What falls due by `draft.now`, run before every command: expired offers go back (the agent counts
 * as tried: redirect on no answer), agents whose grace ran out lose their chats to the front of the
 * queue, and visitors gone too long from a waiting conversation abandon it.
 */
export function expire(draft: Draft): void {
  const { now } = draft;
  if (now < draft.base.dueAt) return;
  draft.expired = true;
  // One read-only pass finds what fell due (usually nothing): the changes below copy the maps.
  const state = {
    visitors: draft.visitors,
    startedAt: draft.base.startedAt,
    settings: draft.base.settings,
    sites: draft.base.sites,
    cutOff: draft.cutOff,
  };
  const offers: ConversationSummary[] = [];
  let others = false;
  for (const conversation of draft.open.values()) {
    if (conversation.offer && conversation.offer.expiresAt <= now) offers.push(conversation);
    if (others) continue;
    const cutOff = cutOffAt(state, conversation);
    const abandon = abandonAt(state, conversation);
    others = (cutOff !== null && cutOff <= now) || (abandon !== null && abandon <= now);
  }
  for (const conversation of offers) draft.unoffer(conversation, 'expired');
  for (const agent of [...draft.agents.values()]) {
    if (agent.graceUntil === undefined || agent.graceUntil > now) continue;
    draft.patchAgent(agent.id, { graceUntil: undefined });
    for (const id of agent.assigned) {
      const conversation = draft.open.get(id);
      if (!conversation?.routing) {
        draft.releaseAgent(agent.id, id);
        continue;
      }
      draft.requeue(conversation, conversation.routing.departmentId, 'agent_lost');
      others = true;
    }
  }
  if (!others) return;
  for (const conversation of [...draft.open.values()]) {
    const due = cutOffAt(state, conversation);
    if (due === null || due > now) continue;
    draft.cutOff.add(conversation.id);
    const phone = draft.phones.get(conversation.visitor.id);
    draft.emit(conversation, { type: 'conversation.cut_off', ...(phone ? { phone } : {}) });
  }
  for (const conversation of [...draft.open.values()]) {
    const due = abandonAt(state, conversation);
    if (due === null || due > now) continue;
    const left = goneSince(state, conversation) ?? now;
    draft.close(conversation, {
      type: 'conversation.closed',
      by: { ...SYSTEM_AUTHOR },
      reason: 'abandoned',
      waitMs: Math.max(0, left - (conversation.queuedAt ?? conversation.createdAt)),
    });
  }
}
