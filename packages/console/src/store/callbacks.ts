import type { Callback, CallbackStatus, ConversationSummary } from '@switchboard/shared';
import { departmentName } from './selectors.js';
import type { ConsoleState } from './state.js';

/**
 * How long after its due time a callback without a window (as soon as possible, or a retry
 * past its window) may wait before it counts as overdue. @default 900000 (15 min)
 */
export const OVERDUE_GRACE_MS = 15 * 60_000;

/** Statuses that still need a call. */
const OPEN: ReadonlySet<CallbackStatus> = new Set(['scheduled', 'calling']);

/** Whether the callback still needs a call (scheduled, or being called). */
export function isOpenCallback(callback: Callback): boolean {
  return OPEN.has(callback.status);
}

/**
 * When a scheduled callback becomes overdue: the end of its window while the due time lies in
 * it, else {@link OVERDUE_GRACE_MS} after the due time (as soon as possible, or a retry that
 * the retry policy put after the window).
 * @example callbackDeadline({ window: { start, end }, dueAt: start, ... }) // end
 */
export function callbackDeadline(callback: Callback): number {
  const { window, dueAt } = callback;
  if (window && dueAt <= window.end) return window.end;
  return dueAt + OVERDUE_GRACE_MS;
}

/** Scheduled, and now past its {@link callbackDeadline}. Being called is never overdue. */
export function isOverdue(callback: Callback, now: number): boolean {
  return callback.status === 'scheduled' && now > callbackDeadline(callback);
}

/** Scheduled and due (its due time has come), overdue or not: the top bar's count. */
export function dueCallbackCount(state: ConsoleState, now: number): number {
  let count = 0;
  for (const callback of Object.values(state.callbacks)) {
    if (callback.status === 'scheduled' && callback.dueAt <= now) count++;
  }
  return count;
}

/** Due order: earliest due first; the reference breaks ties so the order is stable. */
function byDue(a: Callback, b: Callback): number {
  return a.dueAt - b.dueAt || a.reference.localeCompare(b.reference);
}

/** One department's open callbacks, in due order. */
export interface CallbackGroup {
  departmentId: string;
  name: string;
  callbacks: Callback[];
}

/**
 * The open callbacks (scheduled or being called) per department, each list in due order; the
 * departments in their configured order, unknown ones after them by name. Empty groups are left
 * out.
 * @example callbackGroups(state)[0]?.callbacks[0]?.reference
 */
export function callbackGroups(state: ConsoleState): CallbackGroup[] {
  const byDepartment = new Map<string, Callback[]>();
  for (const callback of Object.values(state.callbacks)) {
    if (!isOpenCallback(callback)) continue;
    const list = byDepartment.get(callback.departmentId) ?? [];
    list.push(callback);
    byDepartment.set(callback.departmentId, list);
  }
  const order = state.departments.map((d) => d.id);
  const rank = (id: string) => {
    const index = order.indexOf(id);
    return index === -1 ? order.length : index;
  };
  return [...byDepartment.entries()]
    .map(([departmentId, callbacks]) => ({
      departmentId,
      name: departmentName(state, departmentId),
      callbacks: callbacks.sort(byDue),
    }))
    .sort((a, b) => rank(a.departmentId) - rank(b.departmentId) || a.name.localeCompare(b.name));
}

/** Midnight at the start of `now`'s day, in the agent's own time zone. */
export function startOfLocalDay(now: number): number {
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

/** Callbacks finished (completed, missed, cancelled) since local midnight, the latest first. */
export function doneToday(state: ConsoleState, now: number): Callback[] {
  const since = startOfLocalDay(now);
  return Object.values(state.callbacks)
    .filter((c) => !isOpenCallback(c) && c.updatedAt >= since)
    .sort((a, b) => b.updatedAt - a.updatedAt);
}

/**
 * The department's skills the signed-in agent lacks (their profile's skills, else the routing
 * snapshot's): empty when they may claim its callbacks.
 * @example missingSkills(state, 'tech') // ['tech']
 */
export function missingSkills(state: ConsoleState, departmentId: string): string[] {
  const me = state.agent;
  const required = state.departments.find((d) => d.id === departmentId)?.skills ?? [];
  if (required.length === 0) return [];
  const mine = new Set(
    me?.skills ?? state.routing?.agents.find((a) => a.id === me?.id)?.skills ?? [],
  );
  return required.filter((skill) => !mine.has(skill));
}

/** One entry of a customer's thread: an earlier chat or a callback. */
export type CustomerThreadItem =
  | { kind: 'conversation'; at: number; conversation: ConversationSummary }
  | { kind: 'callback'; at: number; callback: Callback };

/**
 * A customer's earlier contacts, chats and callbacks interleaved, newest first (by when each was
 * created). Callbacks come from `customer.conversations` and are kept current by
 * `callback.upsert`. Undefined until the history has answered.
 * @example customerThread(state, 'v_1', 'c_open')
 */
export function customerThread(
  state: ConsoleState,
  visitorId: string,
  excludeConversationId?: string,
): CustomerThreadItem[] | undefined {
  const conversations = state.history[visitorId];
  if (!conversations) return undefined;
  const callbacks = new Map<string, Callback>();
  for (const callback of state.historyCallbacks[visitorId] ?? []) {
    callbacks.set(callback.id, callback);
  }
  for (const callback of Object.values(state.callbacks)) {
    if (callback.visitor.id !== visitorId) continue;
    const known = callbacks.get(callback.id);
    if (!known || callback.updatedAt >= known.updatedAt) callbacks.set(callback.id, callback);
  }
  const items: CustomerThreadItem[] = [
    ...conversations
      .filter((c) => c.id !== excludeConversationId)
      .map((conversation) => ({
        kind: 'conversation' as const,
        at: conversation.createdAt,
        conversation,
      })),
    ...[...callbacks.values()].map((callback) => ({
      kind: 'callback' as const,
      at: callback.createdAt,
      callback,
    })),
  ];
  return items.sort((a, b) => b.at - a.at);
}
