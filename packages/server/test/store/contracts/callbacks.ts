import { describe, expect, it } from 'vitest';
import { callbackOf, delivery, type StoreHarness, visitorRecord } from './fixtures.js';

/**
 * The `CallbackStore` port's contract: callbacks (written with the commands), found by id, by the
 * request's clientId and by filtered pages; the webhook deliveries their changes enqueue.
 * @example callbacksContract('sqlite', harness)
 */
export function callbacksContract(name: string, harness: StoreHarness): void {
  describe(`${name}: callbacks contract`, () => {
    it('keeps callbacks, finds one by the request clientId, lists them newest first by page', async () => {
      const store = await harness.make();
      await store.createVisitor(visitorRecord('vis_1', { siteId: 'demo' }));
      await store.write({
        callbacks: [
          {
            callback: callbackOf('cb_a'),
            clientId: { actor: 'visitor:vis_1', clientId: 'k1' },
          },
          { callback: callbackOf('cb_b', { createdAt: 2_000, departmentId: 'tech' }) },
          {
            callback: callbackOf('cb_c', {
              createdAt: 3_000,
              status: 'completed',
              updatedAt: 9_000,
            }),
          },
        ],
        visitorPhones: [{ visitorId: 'vis_1', phone: '+493012345678' }],
      });
      expect((await store.findCallbackClientId('visitor:vis_1', 'k1'))?.id).toBe('cb_a');
      expect(await store.findCallbackClientId('visitor:vis_2', 'k1')).toBeNull();
      expect(await store.findCallbackClientId('visitor:vis_1', 'k2')).toBeNull();
      expect((await store.loadOpenCallbacks()).map((c) => c.id).sort()).toEqual(['cb_a', 'cb_b']);
      expect(await store.getCallback('cb_c')).toEqual(
        callbackOf('cb_c', { createdAt: 3_000, status: 'completed', updatedAt: 9_000 }),
      );
      expect(await store.getCallback('cb_none')).toBeNull();
      expect(await store.getVisitor('vis_1')).toMatchObject({ phone: '+493012345678' });

      const all = await store.listCallbacks({ limit: 10 });
      expect(all.map((c) => c.id)).toEqual(['cb_c', 'cb_b', 'cb_a']);
      const page = await store.listCallbacks({ limit: 2 });
      const last = page.at(-1)!;
      const next = await store.listCallbacks({
        limit: 2,
        before: { createdAt: last.createdAt, id: last.id },
      });
      expect([...page, ...next].map((c) => c.id)).toEqual(['cb_c', 'cb_b', 'cb_a']);
      expect(
        (await store.listCallbacks({ limit: 10, status: 'scheduled', departmentId: 'tech' })).map(
          (c) => c.id,
        ),
      ).toEqual(['cb_b']);
      expect(
        (await store.listCallbacks({ limit: 10, updatedSince: 5_000 })).map((c) => c.id),
      ).toEqual(['cb_c']);

      // A change replaces the stored callback, and the clientId keeps pointing at it.
      await store.write({ callbacks: [{ callback: callbackOf('cb_a', { status: 'cancelled' }) }] });
      expect((await store.findCallbackClientId('visitor:vis_1', 'k1'))?.status).toBe('cancelled');
      expect((await store.loadOpenCallbacks()).map((c) => c.id)).toEqual(['cb_b']);
      await store.close();
    });

    it('loads open callbacks by due time, then id', async () => {
      const store = await harness.make();
      await store.write({
        callbacks: [
          { callback: callbackOf('cb_b', { dueAt: 2_000 }) },
          { callback: callbackOf('cb_c', { dueAt: 1_000, status: 'calling' }) },
          { callback: callbackOf('cb_a', { dueAt: 2_000 }) },
          { callback: callbackOf('cb_d', { dueAt: 500, status: 'missed' }) },
        ],
      });
      expect((await store.loadOpenCallbacks()).map((c) => c.id)).toEqual(['cb_c', 'cb_a', 'cb_b']);
      await store.close();
    });

    it('pages callbacks of the same creation time by id, and filters by visitor', async () => {
      const store = await harness.make();
      const mine = { id: 'vis_1', name: 'V1' };
      const theirs = { id: 'vis_2', name: 'V2' };
      await store.write({
        callbacks: ['cb_a', 'cb_b', 'cb_c', 'cb_d'].map((id, i) => ({
          callback: callbackOf(id, { visitor: i % 2 ? theirs : mine }),
        })),
      });
      const first = await store.listCallbacks({ limit: 3 });
      expect(first.map((c) => c.id)).toEqual(['cb_d', 'cb_c', 'cb_b']);
      const rest = await store.listCallbacks({
        limit: 3,
        before: { createdAt: 1_000, id: 'cb_b' },
      });
      expect(rest.map((c) => c.id)).toEqual(['cb_a']);
      expect(
        (await store.listCallbacks({ limit: 10, visitorId: 'vis_2' })).map((c) => c.id),
      ).toEqual(['cb_d', 'cb_b']);
      expect(await store.listCallbacks({ limit: 10, visitorId: 'vis_3' })).toEqual([]);
      await store.close();
    });

    it('keeps the first callback a clientId made: a later request with it does not move it', async () => {
      const store = await harness.make();
      const key = { actor: 'visitor:vis_1', clientId: 'k1' };
      await store.write({ callbacks: [{ callback: callbackOf('cb_a'), clientId: key }] });
      await store.write({ callbacks: [{ callback: callbackOf('cb_b'), clientId: key }] });
      expect((await store.findCallbackClientId('visitor:vis_1', 'k1'))?.id).toBe('cb_a');
      expect(await store.getCallback('cb_b')).toEqual(callbackOf('cb_b'));
      await store.close();
    });

    it('queues webhook deliveries with the change, and keeps their progress', async () => {
      const store = await harness.make();
      await store.write({
        callbacks: [{ callback: callbackOf('cb_a') }],
        deliveries: [
          delivery('wh_1'),
          delivery('wh_2', { createdAt: 1_500, nextAttemptAt: 1_500 }),
        ],
      });
      expect((await store.pendingDeliveries()).map((d) => d.id)).toEqual(['wh_2', 'wh_1']);
      await store.saveDelivery(
        delivery('wh_2', {
          status: 'delivered',
          attempts: 1,
          lastStatus: 204,
          nextAttemptAt: null,
          updatedAt: 1_600,
        }),
      );
      await store.saveDelivery(
        delivery('wh_1', {
          attempts: 1,
          lastStatus: 500,
          lastError: 'HTTP 500',
          nextAttemptAt: 9_000,
        }),
      );
      expect(await store.pendingDeliveries()).toEqual([
        delivery('wh_1', {
          attempts: 1,
          lastStatus: 500,
          lastError: 'HTTP 500',
          nextAttemptAt: 9_000,
        }),
      ]);
      expect((await store.recentDeliveries(1)).map((d) => d.id)).toEqual(['wh_2']);
      expect(await store.recentDeliveries(10)).toHaveLength(2);
      await store.close();
    });

    it('orders pending deliveries by next attempt, then creation; recent ones newest first', async () => {
      const store = await harness.make();
      await store.write({
        deliveries: [
          delivery('wh_late', { createdAt: 3_000, nextAttemptAt: 5_000 }),
          delivery('wh_b', { createdAt: 2_000, nextAttemptAt: 4_000 }),
          delivery('wh_a', { createdAt: 1_000, nextAttemptAt: 4_000 }),
          delivery('wh_done', { createdAt: 4_000, status: 'failed', nextAttemptAt: null }),
        ],
      });
      expect((await store.pendingDeliveries()).map((d) => d.id)).toEqual([
        'wh_a',
        'wh_b',
        'wh_late',
      ]);
      // Newest first; of two created at once, the one enqueued last.
      await store.saveDelivery(delivery('wh_twin', { createdAt: 4_000 }));
      expect((await store.recentDeliveries(3)).map((d) => d.id)).toEqual([
        'wh_twin',
        'wh_done',
        'wh_late',
      ]);
      await store.close();
    });
  });
}
