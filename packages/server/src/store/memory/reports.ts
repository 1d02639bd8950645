import type { ReportStore } from '../types.js';
import { copy, type Data, type Guard, newestFirst } from './data.js';

/**
 * The `ReportStore` port in memory.
 * @example await createMemoryReports(emptyData(), guard).getStaffing('orders')
 */
export function createMemoryReports(data: Data, guard: Guard): ReportStore {
  return {
    conversationLogs: (from, to) =>
      guard(() =>
        [...data.conversations.values()]
          .filter((c) => c.createdAt >= from && c.createdAt < to)
          .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
          .map((c) => ({
            id: c.id,
            siteId: c.siteId,
            visitorId: c.visitor.id,
            events: copy(data.events.get(c.id) ?? []),
          })),
      ),
    callbacksCreated: (from, to) =>
      guard(() =>
        [...data.callbacks.values()]
          .filter((c) => c.createdAt >= from && c.createdAt < to)
          .sort((a, b) => newestFirst(b, a))
          .map(copy),
      ),
    getStaffing: (departmentId) =>
      guard(() => {
        const plan = data.staffing.get(departmentId);
        return plan ? [...plan] : null;
      }),
    saveStaffing: (departmentId, scheduled) =>
      guard(() => void data.staffing.set(departmentId, [...scheduled])),
    saveQaReview: (review) =>
      guard(
        () =>
          void data.qaReviews.set(`${review.conversationId} ${review.reviewer.id}`, copy(review)),
      ),
    listQaReviews: (query) =>
      guard(() =>
        [...data.qaReviews.values()]
          .filter(
            (r) =>
              (query.agentId === undefined || r.agent.id === query.agentId) &&
              (query.conversationId === undefined || r.conversationId === query.conversationId) &&
              (query.from === undefined || r.at >= query.from) &&
              (query.to === undefined || r.at < query.to),
          )
          .sort((a, b) => b.at - a.at || (a.conversationId < b.conversationId ? 1 : -1))
          .slice(0, query.limit)
          .map(copy),
      ),
  };
}
