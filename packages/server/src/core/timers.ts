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

/**
 * The earliest time something happens without a command: an offer expires, an agent's grace period
 * ends, a visitor's wait is abandoned, or a department with waiting conversations opens or closes.
 * The shell keeps one timer and dispatches `tick` then. Null when nothing is due.
 * @example const at = nextDeadline(state, Date.now()); if (at !== null) setTimeout(tick, at - Date.now())
 */
export function nextDeadline(state: CoreState, now: number): number | null {
  let next = Number.POSITIVE_INFINITY;
  const waitingDepartments = new Set<string>();
  for (const conversation of state.open.values()) {
    if (conversation.offer) next = Math.min(next, conversation.offer.expiresAt);
    const abandon = abandonAt(state, conversation);
    if (abandon !== null) next = Math.min(next, abandon);
    const cutOff = cutOffAt(state, conversation);
    if (cutOff !== null) next = Math.min(next, cutOff);
    if (conversation.status === 'waiting' && conversation.routing) {
      waitingDepartments.add(conversation.routing.departmentId);
    }
  }
  for (const agent of state.agents.values()) {
    if (agent.graceUntil !== undefined) next = Math.min(next, agent.graceUntil);
  }
  for (const id of waitingDepartments) {
    const department = state.departments.get(id);
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
  for (const conversation of [...draft.open.values()]) {
    if (conversation.offer && conversation.offer.expiresAt <= now) {
      draft.unoffer(conversation, 'expired');
    }
  }
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
    }
  }
  const state = {
    visitors: draft.visitors,
    startedAt: draft.base.startedAt,
    settings: draft.base.settings,
    sites: draft.base.sites,
    cutOff: draft.cutOff,
  };
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
