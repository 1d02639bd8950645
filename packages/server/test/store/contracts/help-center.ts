import { describe, expect, it } from 'vitest';
import { article, type StoreHarness } from './fixtures.js';

/**
 * The `HelpCenterStore` port's contract: console-made articles (and deletions) by id, and the FAQ
 * activity log read back by time range.
 * @example helpCenterContract('sqlite', harness)
 */
export function helpCenterContract(name: string, harness: StoreHarness): void {
  describe(`${name}: help center contract`, () => {
    it('keeps console articles and deletions by id, ordered by id', async () => {
      const store = await harness.make();
      expect(await store.listArticles()).toEqual([]);
      await store.saveArticle({ id: 'b', article: article('b') });
      await store.saveArticle({ id: 'a', article: article('a') });
      await store.saveArticle({ id: 'a', article: article('a', { title: 'Edited' }) });
      await store.saveArticle({ id: 'gone', article: null });
      expect(await store.listArticles()).toEqual([
        { id: 'a', article: article('a', { title: 'Edited' }) },
        { id: 'b', article: article('b') },
        { id: 'gone', article: null },
      ]);
      // A deletion can be undone by saving the article again.
      await store.saveArticle({ id: 'gone', article: article('gone') });
      expect((await store.listArticles()).at(-1)).toEqual({ id: 'gone', article: article('gone') });
      await store.close();
    });

    it('logs searches and views, keeps the last feedback per visitor and article', async () => {
      const store = await harness.make();
      const base = { siteId: 'demo', visitorId: 'vis_1' };
      await store.logSearch({ ...base, query: 'teleport', results: 0, purpose: 'search', at: 10 });
      await store.logSearch({ ...base, query: 'old', results: 1, purpose: 'search', at: 1 });
      await store.logArticleView({ ...base, articleId: 'a', source: 'suggestion', at: 11 });
      await store.saveFeedback({ ...base, articleId: 'a', helpful: true, at: 12 });
      await store.saveFeedback({ ...base, articleId: 'a', helpful: false, at: 13 });
      await store.saveFeedback({
        ...base,
        visitorId: 'vis_2',
        articleId: 'a',
        helpful: true,
        at: 14,
      });
      const activity = await store.faqActivity(5, 100);
      expect(activity.searches).toEqual([
        { ...base, query: 'teleport', results: 0, purpose: 'search', at: 10 },
      ]);
      expect(activity.views).toEqual([{ ...base, articleId: 'a', source: 'suggestion', at: 11 }]);
      expect(activity.feedback).toEqual([
        { ...base, articleId: 'a', helpful: false, at: 13 },
        { ...base, visitorId: 'vis_2', articleId: 'a', helpful: true, at: 14 },
      ]);
      await store.close();
    });

    it('reads activity in [from, to), oldest first, same times in the order logged', async () => {
      const store = await harness.make();
      const base = { siteId: 'demo', visitorId: 'vis_1' };
      for (const [query, at] of [
        ['late', 30],
        ['edge-to', 20],
        ['second', 15],
        ['first', 15],
        ['edge-from', 10],
        ['early', 9],
      ] as const) {
        await store.logSearch({ ...base, query, results: 1, purpose: 'suggest', at });
      }
      await store.logArticleView({ ...base, articleId: 'b', source: 'link', at: 20 });
      await store.logArticleView({ ...base, articleId: 'b', source: 'api', at: 12 });
      await store.logArticleView({ ...base, articleId: 'a', source: 'search', at: 12 });
      await store.saveFeedback({ ...base, articleId: 'a', helpful: true, at: 20 });
      await store.saveFeedback({ ...base, articleId: 'b', helpful: true, at: 10 });
      const activity = await store.faqActivity(10, 20);
      expect(activity.searches.map((s) => s.query)).toEqual(['edge-from', 'second', 'first']);
      expect(activity.views.map((v) => v.source)).toEqual(['api', 'search']);
      expect(activity.feedback.map((f) => f.articleId)).toEqual(['b']);
      expect(await store.faqActivity(40, 50)).toEqual({ searches: [], views: [], feedback: [] });
      await store.close();
    });
  });
}
