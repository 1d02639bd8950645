import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { createVisitorRegistry } from '../../src/visitors/registry.js';
import { useSqliteStore } from '../queries/fixtures.js';

const db = useSqliteStore();

describe.each<[string, () => Store]>([
  ['SQLite', () => db.store],
  ['memory', createMemoryStore],
])('the visitor registry on %s', (_name, storeOf) => {
  it('stores a new visitor, and registering the same id again keeps the first record', async () => {
    const store = storeOf();
    const visitors = createVisitorRegistry(store);
    await visitors.register({ id: 'vis_1', siteId: 'demo', name: 'Visitor 1234', createdAt: 1 });
    expect(await store.getVisitor('vis_1')).toMatchObject({ name: 'Visitor 1234', createdAt: 1 });
    // Two sockets of one new visitor may both say hello first: the second changes nothing.
    await visitors.register({ id: 'vis_1', siteId: 'demo', name: 'Visitor 9999', createdAt: 2 });
    expect(await store.getVisitor('vis_1')).toMatchObject({ name: 'Visitor 1234', createdAt: 1 });
  });
});
