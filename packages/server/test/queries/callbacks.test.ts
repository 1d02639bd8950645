import { describe, expect, it } from 'vitest';
import { createState, emptyState } from '../../src/core/state.js';
import { createCallbackQueries } from '../../src/queries/callbacks.js';
import { callbackOf, useSqliteStore, visitorRef } from './fixtures.js';

const db = useSqliteStore();
const queries = () => createCallbackQueries(db.store);

const orders = {
  id: 'orders',
  name: 'Orders',
  skills: [],
  agentIds: [],
  timeZone: 'UTC',
  hours: [],
  holidays: [],
  strategy: 'longest-idle' as const,
  offerTimeoutSec: 30,
  autoAccept: false,
};

async function storeVisitors(...ids: string[]) {
  for (const id of ids) {
    await db.store.createVisitor({ id, siteId: 'demo', name: visitorRef(id).name, createdAt: 1 });
  }
}

describe('callback queries on SQLite', () => {
  it('lists open callbacks as the core has them, with one the store does not hold yet', async () => {
    await storeVisitors('vis_1', 'vis_2');
    await db.store.write({
      callbacks: [
        { callback: callbackOf('cb_stored', { createdAt: 1_000 }) },
        {
          callback: callbackOf('cb_done', {
            createdAt: 2_000,
            status: 'completed',
            updatedAt: 8_000,
          }),
        },
        {
          callback: callbackOf('cb_long_ago', {
            createdAt: 500,
            status: 'cancelled',
            updatedAt: 600,
          }),
        },
      ],
    });
    // The core has an open callback written a moment ago, and a newer copy of the stored one.
    const fresh = callbackOf('cb_fresh', { createdAt: 3_000, updatedAt: 3_000 });
    const claimed = callbackOf('cb_stored', { status: 'calling', updatedAt: 7_000 });
    const other = callbackOf('cb_other', { createdAt: 4_000, visitor: visitorRef('vis_2') });
    const state = createState({ callbacks: [fresh, claimed, other] });

    const mine = await queries().since(state, { visitorId: 'vis_1' }, 5_000);
    expect(mine.map((c) => c.id)).toEqual(['cb_fresh', 'cb_done', 'cb_stored']);
    expect(mine.find((c) => c.id === 'cb_stored')?.status).toBe('calling');

    const all = await queries().since(state, {}, 5_000);
    expect(all.map((c) => c.id)).toEqual(['cb_other', 'cb_fresh', 'cb_done', 'cb_stored']);
    // A finished one changed before `since` is left out.
    expect((await queries().since(state, {}, 500)).map((c) => c.id)).toContain('cb_long_ago');
  });

  it("names the department of a visitor's callback for the widget", async () => {
    const state = createState({ departments: [orders] });
    const [view] = queries().views(state, [callbackOf('cb_1')]);
    expect(view).toMatchObject({ id: 'cb_1', departmentName: 'Orders', status: 'scheduled' });
    // The widget sees the number masked, never whole.
    expect(view).not.toHaveProperty('phone');
    expect(JSON.stringify(view)).not.toContain('12345678');
  });

  it('pages the callback list newest first, with a cursor to the next page', async () => {
    await storeVisitors('vis_1');
    await db.store.write({
      callbacks: [1_000, 2_000, 3_000].map((createdAt, i) => ({
        callback: callbackOf(`cb_${i}`, { createdAt }),
      })),
    });
    const first = await queries().page({ limit: 2 });
    expect(first.callbacks.map((c) => c.id)).toEqual(['cb_2', 'cb_1']);
    expect(first.next).toEqual({ createdAt: 2_000, id: 'cb_1' });
    const second = await queries().page({ limit: 2, before: first.next! });
    expect(second.callbacks.map((c) => c.id)).toEqual(['cb_0']);
    expect(second.next).toBeNull();
    // Exactly a page's worth: no next page.
    expect((await queries().page({ limit: 3 })).next).toBeNull();
    expect((await queries().page({ limit: 3, status: 'completed' })).callbacks).toEqual([]);
  });

  it('reads one callback, and the one a request clientId made', async () => {
    await storeVisitors('vis_1');
    await db.store.write({
      callbacks: [
        { callback: callbackOf('cb_1'), clientId: { actor: 'visitor:vis_1', clientId: 'k1' } },
      ],
    });
    expect(await queries().get('cb_1')).toMatchObject({ id: 'cb_1' });
    expect(await queries().get('cb_none')).toBeNull();
    expect(await queries().madeBy('visitor:vis_1', 'k1')).toMatchObject({ id: 'cb_1' });
    expect(await queries().madeBy('visitor:vis_2', 'k1')).toBeNull();
    expect(await queries().since(emptyState(), {}, 0)).toHaveLength(1);
  });
});
