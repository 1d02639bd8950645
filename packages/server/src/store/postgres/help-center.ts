import type { Article } from '@switchboard/shared';
import type { ArticleViewRecord, HelpCenterStore } from '../types.js';
import { type Database, statement } from './db.js';

interface FaqSearchRow {
  site_id: string;
  visitor_id: string;
  query: string;
  results: number;
  purpose: 'search' | 'suggest';
  at: number;
}
interface ViewRow {
  site_id: string;
  visitor_id: string;
  article_id: string;
  source: ArticleViewRecord['source'];
  at: number;
}
interface FeedbackRow {
  site_id: string;
  visitor_id: string;
  article_id: string;
  helpful: boolean;
  at: number;
}

/** The help center's statements: console articles, FAQ searches, views and feedback. */
const stmt = {
  listArticles: statement('help.articles', 'SELECT id, data FROM articles ORDER BY id'),
  saveArticle: statement(
    'help.saveArticle',
    'INSERT INTO articles (id, data) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
  ),
  logSearch: statement(
    'help.logSearch',
    `INSERT INTO faq_searches (site_id, visitor_id, query, results, purpose, at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
  ),
  logView: statement(
    'help.logView',
    `INSERT INTO article_views (site_id, visitor_id, article_id, source, at)
     VALUES ($1, $2, $3, $4, $5)`,
  ),
  saveFeedback: statement(
    'help.saveFeedback',
    `INSERT INTO article_feedback (site_id, visitor_id, article_id, helpful, at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (visitor_id, article_id) DO UPDATE SET
       site_id = excluded.site_id, helpful = excluded.helpful, at = excluded.at`,
  ),
  // Same times in the order logged (`ord`: insertion order).
  searchesIn: statement(
    'help.searchesIn',
    `SELECT site_id, visitor_id, query, results, purpose, at FROM faq_searches
     WHERE at >= $1 AND at < $2 ORDER BY at, ord`,
  ),
  viewsIn: statement(
    'help.viewsIn',
    `SELECT site_id, visitor_id, article_id, source, at FROM article_views
     WHERE at >= $1 AND at < $2 ORDER BY at, ord`,
  ),
  feedbackIn: statement(
    'help.feedbackIn',
    `SELECT site_id, visitor_id, article_id, helpful, at FROM article_feedback
     WHERE at >= $1 AND at < $2 ORDER BY at, visitor_id, article_id`,
  ),
};

/**
 * The `HelpCenterStore` port on PostgreSQL.
 * @example await createPostgresHelpCenter(db).listArticles()
 */
export function createPostgresHelpCenter(db: Database): HelpCenterStore {
  return {
    listArticles: async () =>
      (await db.rows<{ id: string; data: string | null }>(stmt.listArticles)).map((row) => ({
        id: row.id,
        article: row.data ? (JSON.parse(row.data) as Article) : null,
      })),
    saveArticle: async (stored) =>
      void (await db.count(stmt.saveArticle, [
        stored.id,
        stored.article ? JSON.stringify(stored.article) : null,
      ])),
    logSearch: async (r) =>
      void (await db.count(stmt.logSearch, [
        r.siteId,
        r.visitorId,
        r.query,
        r.results,
        r.purpose,
        r.at,
      ])),
    logArticleView: async (r) =>
      void (await db.count(stmt.logView, [r.siteId, r.visitorId, r.articleId, r.source, r.at])),
    saveFeedback: async (r) =>
      void (await db.count(stmt.saveFeedback, [
        r.siteId,
        r.visitorId,
        r.articleId,
        r.helpful,
        r.at,
      ])),
    faqActivity: async (from, to) => {
      // Three reads, side by side on three pooled connections.
      const [searches, views, feedback] = await Promise.all([
        db.rows<FaqSearchRow>(stmt.searchesIn, [from, to]),
        db.rows<ViewRow>(stmt.viewsIn, [from, to]),
        db.rows<FeedbackRow>(stmt.feedbackIn, [from, to]),
      ]);
      return {
        searches: searches.map((r) => ({
          siteId: r.site_id,
          visitorId: r.visitor_id,
          query: r.query,
          results: r.results,
          purpose: r.purpose,
          at: r.at,
        })),
        views: views.map((r) => ({
          siteId: r.site_id,
          visitorId: r.visitor_id,
          articleId: r.article_id,
          source: r.source,
          at: r.at,
        })),
        feedback: feedback.map((r) => ({
          siteId: r.site_id,
          visitorId: r.visitor_id,
          articleId: r.article_id,
          helpful: r.helpful,
          at: r.at,
        })),
      };
    },
  };
}
