import type { VisitorStore } from '../types.js';
import { copy, type Data, type Guard } from './data.js';

/**
 * The `VisitorStore` port in memory.
 * @example await createMemoryVisitors(emptyData(), guard).getVisitor('vis_1')
 */
export function createMemoryVisitors(data: Data, guard: Guard): VisitorStore {
  return {
    getVisitor: (id) => guard(() => copy(data.visitors.get(id) ?? null)),
    findVerifiedVisitor: (siteId, userId) =>
      guard(() =>
        copy(
          [...data.visitors.values()].find(
            (v) => v.siteId === siteId && v.userId === userId && v.verified === true,
          ) ?? null,
        ),
      ),
    createVisitor: ({ id, siteId, name, createdAt }) =>
      guard(() => {
        if (!data.visitors.has(id)) data.visitors.set(id, { id, siteId, name, createdAt });
      }),
    openVisitorPhones: () =>
      guard(() => {
        const result = new Map<string, string>();
        for (const c of data.conversations.values()) {
          const phone = c.status === 'closed' ? undefined : data.visitors.get(c.visitor.id)?.phone;
          if (phone) result.set(c.visitor.id, phone);
        }
        return result;
      }),
  };
}
