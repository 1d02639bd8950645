import type { ConversationEvent, QaReview } from '@switchboard/shared';
import type Database from 'better-sqlite3';
import { toCallback } from '../rows.js';
import type { QaReviewQuery, ReportStore, StoredLog } from '../types.js';
import { run } from './run.js';

/** The reports' statements: range reads, staffing plans, QA reviews. */
function statements(db: Database.Database) {
  return {
    logsCreated: db.prepare<
      [number, number],
      { id: string; site_id: string; visitor_id: string; data: string }
    >(
      `SELECT c.id, c.site_id, c.visitor_id, e.data FROM conversations c
       JOIN events e ON e.conversation_id = c.id
       WHERE c.created_at >= ? AND c.created_at < ?
       ORDER BY c.created_at, c.id, e.seq`,
    ),
    callbacksCreated: db.prepare<[number, number], { data: string }>(
      'SELECT data FROM callbacks WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id',
    ),
    getStaffing: db.prepare<[string], { scheduled: string }>(
      'SELECT scheduled FROM staffing WHERE department_id = ?',
    ),
    saveStaffing: db.prepare<[string, string, number]>(
      `INSERT INTO staffing (department_id, scheduled, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (department_id) DO UPDATE SET scheduled = excluded.scheduled,
         updated_at = excluded.updated_at`,
    ),
    saveQaReview: db.prepare(
      `INSERT INTO qa_reviews (conversation_id, reviewer_id, agent_id, at, data)
       VALUES (@conversationId, @reviewerId, @agentId, @at, @data)
       ON CONFLICT (conversation_id, reviewer_id) DO UPDATE SET agent_id = excluded.agent_id,
         at = excluded.at, data = excluded.data`,
    ),
  };
}

/** QA reviews by a query, built from fixed clauses (values are always bound). */
function listQaReviews(db: Database.Database, query: QaReviewQuery): QaReview[] {
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (query.agentId !== undefined) {
    where.push('agent_id = ?');
    params.push(query.agentId);
  }
  if (query.conversationId !== undefined) {
    where.push('conversation_id = ?');
    params.push(query.conversationId);
  }
  if (query.from !== undefined) {
    where.push('at >= ?');
    params.push(query.from);
  }
  if (query.to !== undefined) {
    where.push('at < ?');
    params.push(query.to);
  }
  const sql = `SELECT data FROM qa_reviews ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY at DESC, conversation_id DESC LIMIT ?`;
  return db
    .prepare<Array<string | number>, { data: string }>(sql)
    .all(...params, query.limit)
    .map((row) => JSON.parse(row.data) as QaReview);
}

/**
 * The `ReportStore` port on SQLite.
 * @example await createSqliteReports(db).getStaffing('orders')
 */
export function createSqliteReports(db: Database.Database): ReportStore {
  const stmt = statements(db);
  return {
    conversationLogs: (from, to) =>
      run(() => {
        const logs: StoredLog[] = [];
        let current: StoredLog | undefined;
        for (const row of stmt.logsCreated.iterate(from, to)) {
          if (current?.id !== row.id) {
            current = { id: row.id, siteId: row.site_id, visitorId: row.visitor_id, events: [] };
            logs.push(current);
          }
          current.events.push(JSON.parse(row.data) as ConversationEvent);
        }
        return logs;
      }),
    callbacksCreated: (from, to) => run(() => stmt.callbacksCreated.all(from, to).map(toCallback)),
    getStaffing: (departmentId) =>
      run(() => {
        const row = stmt.getStaffing.get(departmentId);
        return row ? (JSON.parse(row.scheduled) as number[]) : null;
      }),
    saveStaffing: (departmentId, scheduled, at) =>
      run(() => void stmt.saveStaffing.run(departmentId, JSON.stringify(scheduled), at)),
    saveQaReview: (review) =>
      run(
        () =>
          void stmt.saveQaReview.run({
            conversationId: review.conversationId,
            reviewerId: review.reviewer.id,
            agentId: review.agent.id,
            at: review.at,
            data: JSON.stringify(review),
          }),
      ),
    listQaReviews: (query) => run(() => listQaReviews(db, query)),
  };
}
