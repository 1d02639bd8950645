import type { CallbackStore } from '../types.js';
import { clientKey, copy, type Data, type Guard, isOpenCallback, newestFirst } from './data.js';

/**
 * The `CallbackStore` port in memory.
 * @example await createMemoryCallbacks(emptyData(), guard).getCallback('cb_1')
 */
export function createMemoryCallbacks(data: Data, guard: Guard): CallbackStore {
  return {
    loadOpenCallbacks: () =>
      guard(() =>
        [...data.callbacks.values()]
          .filter(isOpenCallback)
          .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1))
          .map(copy),
      ),
    getCallback: (id) => guard(() => copy(data.callbacks.get(id) ?? null)),
    findCallbackClientId: (actor, clientId) =>
      guard(() => {
        const id = data.callbackClientIds.get(clientKey(actor, clientId));
        return copy((id && data.callbacks.get(id)) || null);
      }),
    listCallbacks: (query) =>
      guard(() =>
        [...data.callbacks.values()]
          .filter(
            (c) =>
              (!query.status || c.status === query.status) &&
              (!query.departmentId || c.departmentId === query.departmentId) &&
              (!query.visitorId || c.visitor.id === query.visitorId) &&
              (query.updatedSince === undefined || c.updatedAt >= query.updatedSince) &&
              (!query.before ||
                c.createdAt < query.before.createdAt ||
                (c.createdAt === query.before.createdAt && c.id < query.before.id)),
          )
          .sort(newestFirst)
          .slice(0, query.limit)
          .map(copy),
      ),
    pendingDeliveries: () =>
      guard(() =>
        [...data.deliveries.values()]
          .filter((d) => d.status === 'pending')
          .sort(
            (a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0) || a.createdAt - b.createdAt,
          )
          .map(copy),
      ),
    saveDelivery: (delivery) =>
      guard(() => {
        data.deliveries.set(delivery.id, copy(delivery));
      }),
    recentDeliveries: (limit) =>
      guard(() =>
        [...data.deliveries.values()]
          .reverse()
          .sort((a, b) => b.createdAt - a.createdAt)
          .slice(0, limit)
          .map(copy),
      ),
  };
}
