import type { Callback } from '@switchboard/shared';
import { type DeliveryRow, toCallback, toDelivery } from '../rows.js';
import type {
  CallbackQuery,
  CallbackStore,
  StoreChanges,
  WebhookDeliveryRecord,
} from '../types.js';
import { type Database, type Queryable, type Statement, statement } from './db.js';

const DELIVERY_COLUMNS = `id, url, event, body, status, attempts, last_status, last_error,
  next_attempt_at, created_at, updated_at`;

/** The callbacks' statements: callbacks, their request client ids, webhook deliveries. */
const stmt = {
  upsertCallback: statement(
    'callbacks.upsert',
    `INSERT INTO callbacks
       (id, site_id, visitor_id, phone, department_id, status, due_at, created_at, updated_at, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (id) DO UPDATE SET phone = excluded.phone, department_id = excluded.department_id,
       status = excluded.status, due_at = excluded.due_at, updated_at = excluded.updated_at,
       data = excluded.data`,
  ),
  // The first callback a clientId made keeps it: a later request with it does not move it.
  insertCallbackClientId: statement(
    'callbacks.insertClientId',
    `INSERT INTO callback_client_ids (actor, client_id, callback_id) VALUES ($1, $2, $3)
     ON CONFLICT (actor, client_id) DO NOTHING`,
  ),
  callbackByClientId: statement(
    'callbacks.byClientId',
    `SELECT c.data FROM callback_client_ids k JOIN callbacks c ON c.id = k.callback_id
     WHERE k.actor = $1 AND k.client_id = $2`,
  ),
  getCallback: statement('callbacks.get', 'SELECT data FROM callbacks WHERE id = $1'),
  openCallbacks: statement(
    'callbacks.open',
    "SELECT data FROM callbacks WHERE status IN ('scheduled', 'calling') ORDER BY due_at, id",
  ),
  upsertDelivery: statement(
    'callbacks.upsertDelivery',
    `INSERT INTO webhook_deliveries
       (id, url, event, body, status, attempts, last_status, last_error, next_attempt_at,
        created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,
       last_status = excluded.last_status, last_error = excluded.last_error,
       next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at`,
  ),
  pendingDeliveries: statement(
    'callbacks.pendingDeliveries',
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE status = 'pending'
     ORDER BY next_attempt_at, created_at, ord`,
  ),
  // Of two created at once, the one enqueued last first (`ord`: insertion order).
  recentDeliveries: statement(
    'callbacks.recentDeliveries',
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries ORDER BY created_at DESC, ord DESC LIMIT $1`,
  ),
};

type CallbackChange = NonNullable<StoreChanges['callbacks']>[number];

/** A command's callback writes, inside the caller's transaction. */
export interface CallbackWrites {
  saveCallback(tx: Queryable, change: CallbackChange): Promise<void>;
  saveDelivery(tx: Queryable, delivery: WebhookDeliveryRecord): Promise<void>;
}

const callbackWrites: CallbackWrites = {
  saveCallback: async (tx, { callback, clientId }) => {
    await tx.count(stmt.upsertCallback, [
      callback.id,
      callback.siteId,
      callback.visitor.id,
      callback.phone,
      callback.departmentId,
      callback.status,
      callback.dueAt,
      callback.createdAt,
      callback.updatedAt,
      JSON.stringify(callback),
    ]);
    if (clientId) {
      await tx.count(stmt.insertCallbackClientId, [clientId.actor, clientId.clientId, callback.id]);
    }
  },
  saveDelivery: async (tx, d) =>
    void (await tx.count(stmt.upsertDelivery, [
      d.id,
      d.url,
      d.event,
      d.body,
      d.status,
      d.attempts,
      d.lastStatus,
      d.lastError ?? null,
      d.nextAttemptAt,
      d.createdAt,
      d.updatedAt,
    ])),
};

/** Callbacks by a query, built from fixed clauses (values are always bound). */
async function listCallbacks(db: Database, query: CallbackQuery): Promise<Callback[]> {
  const where: string[] = [];
  const values: Array<string | number> = [];
  /** The placeholder of a new bound value. */
  const bind = (value: string | number) => `$${values.push(value)}`;
  if (query.status) where.push(`status = ${bind(query.status)}`);
  if (query.departmentId) where.push(`department_id = ${bind(query.departmentId)}`);
  if (query.visitorId) where.push(`visitor_id = ${bind(query.visitorId)}`);
  if (query.updatedSince !== undefined) where.push(`updated_at >= ${bind(query.updatedSince)}`);
  if (query.before) {
    const createdAt = bind(query.before.createdAt);
    const id = bind(query.before.id);
    where.push(`(created_at < ${createdAt} OR (created_at = ${createdAt} AND id < ${id}))`);
  }
  const sql = `SELECT data FROM callbacks ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY created_at DESC, id DESC LIMIT ${bind(query.limit)}`;
  return (await db.rows<{ data: string }>(sql, values)).map(toCallback);
}

/**
 * The `CallbackStore` port on PostgreSQL, and the writes of a command's callback changes.
 * @example const callbacks = createPostgresCallbacks(db); await callbacks.store.getCallback('cb_1')
 */
export function createPostgresCallbacks(db: Database): {
  store: CallbackStore;
  writes: CallbackWrites;
} {
  return { store: callbackStore(db), writes: callbackWrites };
}

function callbackStore(db: Database): CallbackStore {
  const callbacks = async (s: Statement, values: readonly unknown[] = []) =>
    (await db.rows<{ data: string }>(s, values)).map(toCallback);
  return {
    loadOpenCallbacks: () => callbacks(stmt.openCallbacks),
    getCallback: async (id) => (await callbacks(stmt.getCallback, [id]))[0] ?? null,
    findCallbackClientId: async (actor, clientId) =>
      (await callbacks(stmt.callbackByClientId, [actor, clientId]))[0] ?? null,
    listCallbacks: (query) => listCallbacks(db, query),
    pendingDeliveries: async () =>
      (await db.rows<DeliveryRow>(stmt.pendingDeliveries)).map(toDelivery),
    // One statement: the pool runs it as its own transaction.
    saveDelivery: (delivery) => callbackWrites.saveDelivery(db, delivery),
    recentDeliveries: async (limit) =>
      (await db.rows<DeliveryRow>(stmt.recentDeliveries, [limit])).map(toDelivery),
  };
}
