import type { Article } from '@switchboard/shared';
import type Database from 'better-sqlite3';
import type { ArticleViewRecord, HelpCenterStore } from '../types.js';
import { run } from './run.js';

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
  helpful: number;
  at: number;
}

/** The help center's statements: console articles, FAQ searches, views and feedback. */
function statements(db: Database.Database) {
  return {
    listArticles: db.prepare<[], { id: string; data: string | null }>(
      'SELECT id, data FROM articles ORDER BY id',
    ),
    saveArticle: db.prepare<[string, string | null]>(
      'INSERT INTO articles (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
    ),
    logSearch: db.prepare(
      `INSERT INTO faq_searches (site_id, visitor_id, query, results, purpose, at)
       VALUES (@siteId, @visitorId, @query, @results, @purpose, @at)`,
    ),
    logView: db.prepare(
      `INSERT INTO article_views (site_id, visitor_id, article_id, source, at)
       VALUES (@siteId, @visitorId, @articleId, @source, @at)`,
    ),
    saveFeedback: db.prepare(
      `INSERT INTO article_feedback (site_id, visitor_id, article_id, helpful, at)
       VALUES (@siteId, @visitorId, @articleId, @helpful, @at)
       ON CONFLICT (visitor_id, article_id) DO UPDATE SET
         site_id = excluded.site_id, helpful = excluded.helpful, at = excluded.at`,
    ),
    searchesIn: db.prepare<[number, number], FaqSearchRow>(
      'SELECT * FROM faq_searches WHERE at >= ? AND at < ? ORDER BY at, rowid',
    ),
    viewsIn: db.prepare<[number, number], ViewRow>(
      'SELECT * FROM article_views WHERE at >= ? AND at < ? ORDER BY at, rowid',
    ),
    feedbackIn: db.prepare<[number, number], FeedbackRow>(
      'SELECT * FROM article_feedback WHERE at >= ? AND at < ? ORDER BY at',
    ),
  };
}

/**
 * The `HelpCenterStore` port on SQLite.
 * @example await createSqliteHelpCenter(db).listArticles()
 */
export function createSqliteHelpCenter(db: Database.Database): HelpCenterStore {
  const stmt = statements(db);
  return {
    listArticles: () =>
      run(() =>
        stmt.listArticles.all().map((row) => ({
          id: row.id,
          article: row.data ? (JSON.parse(row.data) as Article) : null,
        })),
      ),
    saveArticle: (stored) =>
      run(
        () =>
          void stmt.saveArticle.run(
            stored.id,
            stored.article ? JSON.stringify(stored.article) : null,
          ),
      ),
    logSearch: (record) => run(() => void stmt.logSearch.run(record)),
    logArticleView: (record) => run(() => void stmt.logView.run(record)),
    saveFeedback: (record) =>
      run(() => void stmt.saveFeedback.run({ ...record, helpful: record.helpful ? 1 : 0 })),
    faqActivity: (from, to) =>
      run(() => ({
        searches: stmt.searchesIn.all(from, to).map((r) => ({
          siteId: r.site_id,
          visitorId: r.visitor_id,
          query: r.query,
          results: r.results,
          purpose: r.purpose,
          at: r.at,
        })),
        views: stmt.viewsIn.all(from, to).map((r) => ({
          siteId: r.site_id,
          visitorId: r.visitor_id,
          articleId: r.article_id,
          source: r.source,
          at: r.at,
        })),
        feedback: stmt.feedbackIn.all(from, to).map((r) => ({
          siteId: r.site_id,
          visitorId: r.visitor_id,
          articleId: r.article_id,
          helpful: r.helpful === 1,
          at: r.at,
        })),
      })),
  };
}
