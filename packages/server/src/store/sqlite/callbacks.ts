import type { Callback } from '@switchboard/shared';
import type Database from 'better-sqlite3';
import { type DeliveryRow, toCallback, toDelivery } from '../rows.js';
import type {
  CallbackQuery,
  CallbackStore,
  StoreChanges,
  WebhookDeliveryRecord,
} from '../types.js';
import { run } from './run.js';

/** The callbacks' statements: callbacks, their request client ids, webhook deliveries. */
function statements(db: Database.Database) {
  return {
    upsertCallback: db.prepare(
      `INSERT INTO callbacks
         (id, site_id, visitor_id, phone, department_id, status, due_at, created_at, updated_at, data)
       VALUES (@id, @siteId, @visitorId, @phone, @departmentId, @status, @dueAt, @createdAt, @updatedAt, @data)
       ON CONFLICT (id) DO UPDATE SET phone = excluded.phone, department_id = excluded.department_id,
         status = excluded.status, due_at = excluded.due_at, updated_at = excluded.updated_at,
         data = excluded.data`,
    ),
    insertCallbackClientId: db.prepare<[string, string, string]>(
      'INSERT OR IGNORE INTO callback_client_ids (actor, client_id, callback_id) VALUES (?, ?, ?)',
    ),
    callbackByClientId: db.prepare<[string, string], { data: string }>(
      `SELECT c.data FROM callback_client_ids k JOIN callbacks c ON c.id = k.callback_id
       WHERE k.actor = ? AND k.client_id = ?`,
    ),
    getCallback: db.prepare<[string], { data: string }>('SELECT data FROM callbacks WHERE id = ?'),
    openCallbacks: db.prepare<[], { data: string }>(
      "SELECT data FROM callbacks WHERE status IN ('scheduled', 'calling') ORDER BY due_at, id",
    ),
    insertDelivery: db.prepare(
      `INSERT INTO webhook_deliveries
         (id, url, event, body, status, attempts, last_status, last_error, next_attempt_at, created_at, updated_at)
       VALUES (@id, @url, @event, @body, @status, @attempts, @lastStatus, @lastError, @nextAttemptAt, @createdAt, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,
         last_status = excluded.last_status, last_error = excluded.last_error,
         next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at`,
    ),
    pendingDeliveries: db.prepare<[], DeliveryRow>(
      "SELECT * FROM webhook_deliveries WHERE status = 'pending' ORDER BY next_attempt_at, created_at",
    ),
    recentDeliveries: db.prepare<[number], DeliveryRow>(
      'SELECT * FROM webhook_deliveries ORDER BY created_at DESC, rowid DESC LIMIT ?',
    ),
  };
}
type Statements = ReturnType<typeof statements>;

const deliveryRow = (d: WebhookDeliveryRecord) => ({
  id: d.id,
  url: d.url,
  event: d.event,
  body: d.body,
  status: d.status,
  attempts: d.attempts,
  lastStatus: d.lastStatus,
  lastError: d.lastError ?? null,
  nextAttemptAt: d.nextAttemptAt,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

type CallbackChange = NonNullable<StoreChanges['callbacks']>[number];

/** A command's callback writes, inside the caller's transaction. */
export interface CallbackWrites {
  saveCallback(change: CallbackChange): void;
  saveDelivery(delivery: WebhookDeliveryRecord): void;
}

const callbackWrites = (stmt: Statements): CallbackWrites => ({
  saveCallback: ({ callback, clientId }: CallbackChange) => {
    stmt.upsertCallback.run({
      id: callback.id,
      siteId: callback.siteId,
      visitorId: callback.visitor.id,
      phone: callback.phone,
      departmentId: callback.departmentId,
      status: callback.status,
      dueAt: callback.dueAt,
      createdAt: callback.createdAt,
      updatedAt: callback.updatedAt,
      data: JSON.stringify(callback),
    });
    if (clientId) stmt.insertCallbackClientId.run(clientId.actor, clientId.clientId, callback.id);
  },
  saveDelivery: (delivery: WebhookDeliveryRecord) =>
    void stmt.insertDelivery.run(deliveryRow(delivery)),
});

/** Callbacks by a query, built from fixed clauses (values are always bound). */
function listCallbacks(db: Database.Database, query: CallbackQuery): Callback[] {
  const where: string[] = [];
  const params: Array<string | number> = [];
  const clause = (sql: string, ...values: Array<string | number>) => {
    where.push(sql);
    params.push(...values);
  };
  if (query.status) clause('status = ?', query.status);
  if (query.departmentId) clause('department_id = ?', query.departmentId);
  if (query.visitorId) clause('visitor_id = ?', query.visitorId);
  if (query.updatedSince !== undefined) clause('updated_at >= ?', query.updatedSince);
  if (query.before) {
    const { createdAt, id } = query.before;
    clause('(created_at < ? OR (created_at = ? AND id < ?))', createdAt, createdAt, id);
  }
  const sql = `SELECT data FROM callbacks ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY created_at DESC, id DESC LIMIT ?`;
  return db
    .prepare<Array<string | number>, { data: string }>(sql)
    .all(...params, query.limit)
    .map(toCallback);
}

/**
 * The `CallbackStore` port on SQLite, and the writes of a command's callback changes.
 * @example const callbacks = createSqliteCallbacks(db); await callbacks.store.getCallback('cb_1')
 */
export function createSqliteCallbacks(db: Database.Database): {
  store: CallbackStore;
  writes: CallbackWrites;
} {
  const stmt = statements(db);
  const writes = callbackWrites(stmt);
  return { store: callbackStore(db, stmt, writes), writes };
}

function callbackStore(
  db: Database.Database,
  stmt: Statements,
  writes: CallbackWrites,
): CallbackStore {
  return {
    loadOpenCallbacks: () => run(() => stmt.openCallbacks.all().map(toCallback)),
    getCallback: (id) =>
      run(() => {
        const row = stmt.getCallback.get(id);
        return row ? toCallback(row) : null;
      }),
    findCallbackClientId: (actor, clientId) =>
      run(() => {
        const row = stmt.callbackByClientId.get(actor, clientId);
        return row ? toCallback(row) : null;
      }),
    listCallbacks: (query) => run(() => listCallbacks(db, query)),
    pendingDeliveries: () => run(() => stmt.pendingDeliveries.all().map(toDelivery)),
    saveDelivery: (delivery) => run(() => writes.saveDelivery(delivery)),
    recentDeliveries: (limit) => run(() => stmt.recentDeliveries.all(limit).map(toDelivery)),
  };
}
