import { describe, expect, it } from 'vitest';
import {
  batch,
  callbackOf,
  closedAfter,
  message,
  opened,
  qaReview,
  type StoreHarness,
} from './fixtures.js';

/**
 * The `ReportStore` port's contract: range reads over conversations (with their logs) and
 * callbacks by creation time, staffing plans per department, QA reviews per conversation and
 * reviewer.
 * @example reportsContract('sqlite', harness)
 */
export function reportsContract(name: string, harness: StoreHarness): void {
  describe(`${name}: reports contract`, () => {
    it('reads conversations created in [from, to) with their whole logs, oldest first', async () => {
      const store = await harness.make();
      const a = opened('cnv_a', 1_000, 'vis_a');
      await store.append(a);
      await store.append(opened('cnv_c', 2_000, 'vis_c'));
      const b = opened('cnv_b', 2_000, 'vis_b');
      await store.append(b);
      const more = batch([message(2, 'c1', 2_500)], b.conversation, 'cnv_b');
      await store.append(more);
      await store.append(closedAfter(more, 9_000));
      await store.append(opened('cnv_d', 3_000, 'vis_d'));
      const logs = await store.conversationLogs(1_500, 3_000);
      expect(logs.map((l) => [l.id, l.visitorId, l.siteId, l.events.map((e) => e.seq)])).toEqual([
        ['cnv_b', 'vis_b', 'demo', [1, 2, 3]],
        ['cnv_c', 'vis_c', 'demo', [1]],
      ]);
      expect(logs[0]!.events).toEqual(await store.readEvents('cnv_b', 0, 10));
      expect((await store.conversationLogs(1_000, 1_001)).map((l) => l.id)).toEqual(['cnv_a']);
      expect(await store.conversationLogs(5_000, 6_000)).toEqual([]);
      await store.close();
    });

    it('reads callbacks created in [from, to), oldest first, then by id', async () => {
      const store = await harness.make();
      await store.write({
        callbacks: [
          { callback: callbackOf('cb_d', { createdAt: 3_000 }) },
          { callback: callbackOf('cb_c', { createdAt: 2_000, status: 'completed' }) },
          { callback: callbackOf('cb_b', { createdAt: 2_000 }) },
          { callback: callbackOf('cb_a', { createdAt: 1_000 }) },
        ],
      });
      expect((await store.callbacksCreated(1_000, 3_000)).map((c) => c.id)).toEqual([
        'cb_a',
        'cb_b',
        'cb_c',
      ]);
      expect(await store.callbacksCreated(3_000, 3_001)).toEqual([
        callbackOf('cb_d', { createdAt: 3_000 }),
      ]);
      await store.close();
    });

    it('keeps a staffing plan per department, replaced by the next save', async () => {
      const store = await harness.make();
      expect(await store.getStaffing('orders')).toBeNull();
      const plan = Array.from({ length: 168 }, (_, i) => i % 3);
      await store.saveStaffing('orders', plan, 1);
      await store.saveStaffing(
        'tech',
        plan.map((n) => n + 1),
        1,
      );
      await store.saveStaffing('orders', [...plan].reverse(), 2);
      expect(await store.getStaffing('orders')).toEqual([...plan].reverse());
      expect(await store.getStaffing('tech')).toEqual(plan.map((n) => n + 1));
      await store.close();
    });

    it('keeps one QA review per conversation and reviewer, newest first, filtered', async () => {
      const store = await harness.make();
      await store.saveQaReview(qaReview('cnv_a', 'sup1', 'agt1', 10));
      await store.saveQaReview(qaReview('cnv_a', 'sup1', 'agt1', 20)); // replaces the first
      await store.saveQaReview(qaReview('cnv_a', 'sup2', 'agt1', 15));
      await store.saveQaReview(qaReview('cnv_b', 'sup1', 'agt2', 5));
      const all = await store.listQaReviews({ limit: 10 });
      expect(all.map((r) => [r.conversationId, r.reviewer.id, r.at])).toEqual([
        ['cnv_a', 'sup1', 20],
        ['cnv_a', 'sup2', 15],
        ['cnv_b', 'sup1', 5],
      ]);
      expect(all[0]).toEqual(qaReview('cnv_a', 'sup1', 'agt1', 20));
      expect((await store.listQaReviews({ agentId: 'agt2', limit: 10 })).map((r) => r.at)).toEqual([
        5,
      ]);
      expect(await store.listQaReviews({ agentId: 'agt3', limit: 10 })).toEqual([]);
      expect(
        (await store.listQaReviews({ conversationId: 'cnv_a', limit: 10 })).map((r) => r.at),
      ).toEqual([20, 15]);
      expect((await store.listQaReviews({ from: 15, to: 20, limit: 10 })).map((r) => r.at)).toEqual(
        [15],
      );
      expect((await store.listQaReviews({ from: 16, limit: 10 })).length).toBe(1);
      expect((await store.listQaReviews({ limit: 2 })).map((r) => r.at)).toEqual([20, 15]);
      await store.close();
    });
  });
}
