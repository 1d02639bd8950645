import type { Callback, CallbackStatus, CallbackView } from '@switchboard/shared';
import { callbackView } from '../core/callbacks.js';
import type { CoreState } from '../core/types.js';
import type { CallbackStore } from '../store/types.js';

/** The reads of callbacks the read side makes. */
export type CallbackReads = Pick<
  CallbackStore,
  'getCallback' | 'listCallbacks' | 'findCallbackClientId'
>;

/** Most callbacks a welcome carries from the store. */
export const CALLBACKS_LIMIT = 200;

/** Where a page of the callback list ends: the last callback's creation time and id. */
export interface CallbackCursor {
  createdAt: number;
  id: string;
}

/** One page of the callback list, newest first; `next` is null on the last page. */
export interface CallbackPage {
  callbacks: Callback[];
  next: CallbackCursor | null;
}

/**
 * Reads of callbacks: open ones as the core has them now (its copy is the current one), finished
 * ones from the store.
 * @example const callbacks = createCallbackQueries(store)
 */
export function createCallbackQueries(store: CallbackReads) {
  return {
    /**
     * Every open callback (of `query.visitorId`, if given) as the core has it, and the finished
     * ones changed at or after `since`, newest (by creation) first.
     * @example await callbacks.since(state, { visitorId: 'vis_1' }, now - 7 * DAY)
     */
    async since(
      state: Pick<CoreState, 'callbacks'>,
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
    },

    /**
     * What a visitor's widget is shown of their callbacks (department names from the core).
     * @example callbacks.views(state, list)[0].departmentName
     */
    views(state: Pick<CoreState, 'departments'>, callbacks: readonly Callback[]): CallbackView[] {
      return callbacks.map((c) => callbackView(c, state.departments));
    },

    /**
     * A page of the callback list (the REST API's), newest first, after `before` when given.
     * @example const { callbacks, next } = await callbacks.page({ status: 'scheduled', limit: 50 })
     */
    async page(query: {
      status?: CallbackStatus;
      departmentId?: string;
      before?: CallbackCursor;
      limit: number;
    }): Promise<CallbackPage> {
      const { limit, ...filter } = query;
      const page = await store.listCallbacks({ ...filter, limit: limit + 1 });
      const callbacks = page.slice(0, limit);
      const last = callbacks.at(-1);
      return {
        callbacks,
        next: page.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null,
      };
    },

    /**
     * One callback as the store has it, or null.
     * @example await callbacks.get('cb_1')
     */
    get(id: string): Promise<Callback | null> {
      return store.getCallback(id);
    },

    /**
     * The callback a request with this sender's clientId (`visitor:<id>`) made, or null.
     * @example await callbacks.madeBy('visitor:vis_1', 'c_1')
     */
    madeBy(actor: string, clientId: string): Promise<Callback | null> {
      return store.findCallbackClientId(actor, clientId);
    },
  };
}

/** The callback reads, as `createCallbackQueries` makes them. */
export type CallbackQueries = ReturnType<typeof createCallbackQueries>;
