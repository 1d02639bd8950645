import { describe, expect, it } from 'vitest';
import {
  agentRecord,
  appearance,
  article,
  batch,
  callbackOf,
  canned,
  created,
  delivery,
  department,
  message,
  qaReview,
  type StoreHarness,
  visitorRecord,
} from './fixtures.js';

/**
 * The `StoreLifecycle` port's contract: a store is open until closed; a closed store refuses
 * every call; what was written is there again after a reopen (a restart on the same database).
 * @example lifecycleContract('sqlite', harness)
 */
export function lifecycleContract(name: string, harness: StoreHarness): void {
  describe(`${name}: lifecycle contract`, () => {
    it('is open until closed; closing twice is harmless', async () => {
      const store = await harness.make();
      expect(store.isOpen()).toBe(true);
      await store.close();
      expect(store.isOpen()).toBe(false);
      await store.close();
      expect(store.isOpen()).toBe(false);
    });

    it('refuses reads and writes once closed, by rejecting', async () => {
      const store = await harness.make();
      await store.close();
      await expect(store.getConversation('cnv_1')).rejects.toThrow();
      await expect(store.listAgents()).rejects.toThrow();
      await expect(store.append(batch([created()]))).rejects.toThrow();
      await expect(store.write({ departments: [department('orders')] })).rejects.toThrow();
      await expect(store.writeAll([{}])).rejects.toThrow();
    });

    it('keeps everything written across a reopen', async () => {
      const store = await harness.make();
      const first = batch([created(), message(2, 'c1')]);
      await store.saveAgent(agentRecord('agt_1'));
      await store.createVisitor(visitorRecord('vis_1', { siteId: 'demo' }));
      await store.write({
        appends: [first],
        presence: [{ agentId: 'agt_1', presence: 'away' }],
        departments: [department('orders')],
        cannedSaved: [canned('cr_1', 'hello')],
        callbacks: [
          { callback: callbackOf('cb_a'), clientId: { actor: 'visitor:vis_1', clientId: 'k1' } },
        ],
        visitorPhones: [{ visitorId: 'vis_1', phone: '+493012345678' }],
        deliveries: [delivery('wh_1')],
        visitors: [visitorRecord('vis_2', { userId: 'u-2', verified: true })],
      });
      await store.saveSiteAppearance(appearance('shop'));
      await store.saveArticle({ id: 'a', article: article('a') });
      await store.saveArticle({ id: 'gone', article: null });
      const base = { siteId: 'demo', visitorId: 'vis_1' };
      await store.logSearch({ ...base, query: 'refund', results: 1, purpose: 'search', at: 10 });
      await store.logArticleView({ ...base, articleId: 'a', source: 'search', at: 11 });
      await store.saveFeedback({ ...base, articleId: 'a', helpful: true, at: 12 });
      const plan = Array.from({ length: 168 }, (_, i) => i % 2);
      await store.saveStaffing('orders', plan, 1);
      await store.saveQaReview(qaReview('cnv_1', 'sup1', 'agt_1', 10));
      await store.close();

      const again = await harness.reopen(store);
      expect(again.isOpen()).toBe(true);
      expect(await again.readEvents('cnv_1', 0, 10)).toEqual(first.events);
      expect(await again.findClientId('visitor:vis_1', 'c1')).toMatchObject({
        seq: 2,
        messageId: 'msg_2',
      });
      expect(await again.loadOpenConversations()).toEqual([first.conversation]);
      expect(await again.getAgent('agt_1')).toEqual({ ...agentRecord('agt_1'), presence: 'away' });
      expect(await again.listDepartments()).toEqual([department('orders')]);
      expect(await again.listCanned()).toEqual([canned('cr_1', 'hello')]);
      expect(await again.findCallbackClientId('visitor:vis_1', 'k1')).toEqual(callbackOf('cb_a'));
      expect(await again.getVisitor('vis_1')).toEqual(
        visitorRecord('vis_1', { siteId: 'demo', phone: '+493012345678' }),
      );
      expect(await again.findVerifiedVisitor('shop', 'u-2')).toMatchObject({ id: 'vis_2' });
      expect(await again.pendingDeliveries()).toEqual([delivery('wh_1')]);
      expect(await again.listSiteAppearances()).toEqual([appearance('shop')]);
      expect(await again.listArticles()).toEqual([
        { id: 'a', article: article('a') },
        { id: 'gone', article: null },
      ]);
      expect(await again.faqActivity(0, 100)).toEqual({
        searches: [{ ...base, query: 'refund', results: 1, purpose: 'search', at: 10 }],
        views: [{ ...base, articleId: 'a', source: 'search', at: 11 }],
        feedback: [{ ...base, articleId: 'a', helpful: true, at: 12 }],
      });
      expect(await again.getStaffing('orders')).toEqual(plan);
      expect(await again.listQaReviews({ limit: 10 })).toEqual([
        qaReview('cnv_1', 'sup1', 'agt_1', 10),
      ]);
      // The reopened store takes writes that follow the stored log.
      await again.append(batch([message(3, 'c2')], first.conversation));
      expect(await again.getConversation('cnv_1')).toMatchObject({ lastSeq: 3 });
      await again.close();
    });
  });
}
