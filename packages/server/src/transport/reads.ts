import {
  type Callback,
  type CallbackView,
  type ConversationSummary,
  LIMITS,
} from '@switchboard/shared';
import { callbackView } from '../core/callbacks.js';
import type { CoreState } from '../core/types.js';
import type { Store } from '../store/types.js';

// The store reads the socket's answers are made of (welcomes, backlogs, callback lists).

export const DAY = 86_400_000;
/** Most callbacks a welcome or a history carries. */
const CALLBACKS_LIMIT = 200;

/**
 * Callbacks as the store has them, with the open ones as the core has them now (newest first):
 * every open one, and the finished ones changed since `since`.
 */
export async function callbacksSince(
  store: Pick<Store, 'listCallbacks'>,
  state: CoreState,
  query: { visitorId?: string },
  since: number,
): Promise<Callback[]> {
  const stored = await store.listCallbacks({ ...query, limit: CALLBACKS_LIMIT });
  const open = [...state.callbacks.values()].filter(
    (c) => query.visitorId === undefined || c.visitor.id === query.visitorId,
  );
  const finished = (
    query.visitorId === undefined
      ? await store.listCallbacks({ updatedSince: since, limit: CALLBACKS_LIMIT })
      : stored
  ).filter((c) => !state.callbacks.has(c.id) && c.updatedAt >= since);
  return [...open, ...finished].sort((a, b) => b.createdAt - a.createdAt);
}

/** Callbacks as a visitor sees them (with their department's name). */
export const views = (state: CoreState, callbacks: Callback[]): CallbackView[] =>
  callbacks.map((c) => callbackView(c, state.departments));

/** A conversation's events after `afterSeq`, one batch. */
export async function batch(
  store: Pick<Store, 'readEvents'>,
  conversation: ConversationSummary,
  afterSeq: number,
) {
  const events = await store.readEvents(conversation.id, afterSeq, LIMITS.syncBatch + 1);
  return { events: events.slice(0, LIMITS.syncBatch), more: events.length > LIMITS.syncBatch };
}
