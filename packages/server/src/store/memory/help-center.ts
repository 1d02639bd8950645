import type { HelpCenterStore } from '../types.js';
import { byAt, copy, type Data, type Guard, inRange } from './data.js';

/**
 * The `HelpCenterStore` port in memory.
 * @example await createMemoryHelpCenter(emptyData(), guard).listArticles()
 */
export function createMemoryHelpCenter(data: Data, guard: Guard): HelpCenterStore {
  return {
    listArticles: () =>
      guard(() => [...data.articles.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map(copy)),
    saveArticle: (stored) =>
      guard(() => void data.articles.set(stored.id, structuredClone(stored))),
    logSearch: (record) => guard(() => void data.searches.push({ ...record })),
    logArticleView: (record) => guard(() => void data.views.push({ ...record })),
    saveFeedback: (record) =>
      guard(
        () => void data.feedback.set(`${record.visitorId}\u0000${record.articleId}`, { ...record }),
      ),
    faqActivity: (from, to) =>
      guard(() => ({
        searches: data.searches.filter(inRange(from, to)).sort(byAt).map(copy),
        views: data.views.filter(inRange(from, to)).sort(byAt).map(copy),
        feedback: [...data.feedback.values()].filter(inRange(from, to)).sort(byAt).map(copy),
      })),
  };
}
