import type { ConversationEvent, QaReview } from '@switchboard/shared';
import { toCallback } from '../rows.js';
import type { QaReviewQuery, ReportStore, StoredLog } from '../types.js';
import { type Database, statement } from './db.js';

/** The reports' statements: range reads, staffing plans, QA reviews. */
const stmt = {
  logsCreated: statement(
    'reports.logsCreated',
    `SELECT c.id, c.site_id, c.visitor_id, e.data FROM conversations c
     JOIN events e ON e.conversation_id = c.id
     WHERE c.created_at >= $1 AND c.created_at < $2
     ORDER BY c.created_at, c.id, e.seq`,
  ),
  callbacksCreated: statement(
    'reports.callbacksCreated',
    'SELECT data FROM callbacks WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at, id',
  ),
  getStaffing: statement(
    'reports.staffing',
    'SELECT scheduled FROM staffing WHERE department_id = $1',
  ),
  saveStaffing: statement(
    'reports.saveStaffing',
    `INSERT INTO staffing (department_id, scheduled, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (department_id) DO UPDATE SET scheduled = excluded.scheduled,
       updated_at = excluded.updated_at`,
  ),
  saveQaReview: statement(
    'reports.saveQaReview',
    `INSERT INTO qa_reviews (conversation_id, reviewer_id, agent_id, at, data)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (conversation_id, reviewer_id) DO UPDATE SET agent_id = excluded.agent_id,
       at = excluded.at, data = excluded.data`,
  ),
};

/** QA reviews by a query, built from fixed clauses (values are always bound). */
async function listQaReviews(db: Database, query: QaReviewQuery): Promise<QaReview[]> {
  const where: string[] = [];
  const values: Array<string | number> = [];
  /** The placeholder of a new bound value. */
  const bind = (value: string | number) => `$${values.push(value)}`;
  if (query.agentId !== undefined) where.push(`agent_id = ${bind(query.agentId)}`);
  if (query.conversationId !== undefined) {
    where.push(`conversation_id = ${bind(query.conversationId)}`);
  }
  if (query.from !== undefined) where.push(`at >= ${bind(query.from)}`);
  if (query.to !== undefined) where.push(`at < ${bind(query.to)}`);
  const sql = `SELECT data FROM qa_reviews ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY at DESC, conversation_id DESC, reviewer_id DESC LIMIT ${bind(query.limit)}`;
  return (await db.rows<{ data: string }>(sql, values)).map(
    (row) => JSON.parse(row.data) as QaReview,
  );
}

/**
 * The `ReportStore` port on PostgreSQL.
 * @example await createPostgresReports(db).getStaffing('orders')
 */
export function createPostgresReports(db: Database): ReportStore {
  return {
    conversationLogs: async (from, to) => {
      const logs: StoredLog[] = [];
      let current: StoredLog | undefined;
      const rows = await db.rows<{ id: string; site_id: string; visitor_id: string; data: string }>(
        stmt.logsCreated,
        [from, to],
      );
      for (const row of rows) {
        if (current?.id !== row.id) {
          current = { id: row.id, siteId: row.site_id, visitorId: row.visitor_id, events: [] };
          logs.push(current);
        }
        current.events.push(JSON.parse(row.data) as ConversationEvent);
      }
      return logs;
    },
    callbacksCreated: async (from, to) =>
      (await db.rows<{ data: string }>(stmt.callbacksCreated, [from, to])).map(toCallback),
    getStaffing: async (departmentId) => {
      const [row] = await db.rows<{ scheduled: string }>(stmt.getStaffing, [departmentId]);
      return row ? (JSON.parse(row.scheduled) as number[]) : null;
    },
    saveStaffing: async (departmentId, scheduled, at) =>
      void (await db.count(stmt.saveStaffing, [departmentId, JSON.stringify(scheduled), at])),
    saveQaReview: async (review) =>
      void (await db.count(stmt.saveQaReview, [
        review.conversationId,
        review.reviewer.id,
        review.agent.id,
        review.at,
        JSON.stringify(review),
      ])),
    listQaReviews: (query) => listQaReviews(db, query),
  };
}
