import { dirname } from 'node:path';
import type {
  Article,
  Callback,
  CannedResponse,
  ChatAck,
  ConversationEvent,
  ConversationSummary,
  Department,
  Presence,
  QaReview,
  SiteAppearance,
  VisitorAttributes,
} from '@switchboard/shared';
import Database from 'better-sqlite3';
import { makePrivateDir, makePrivateFile } from './file-modes.js';
import type {
  AgentRecord,
  AppendBatch,
  ArticleViewRecord,
  CallbackQuery,
  QaReviewQuery,
  Store,
  StoreChanges,
  StoredLog,
  VisitorRecord,
  WebhookDeliveryRecord,
} from './types.js';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` holds how many ran. Append only:
 * never edit a migration that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE conversations (
    id          TEXT PRIMARY KEY,
    site_id     TEXT NOT NULL,
    visitor_id  TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('waiting', 'active', 'closed')),
    agent_id    TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    closed_at   INTEGER,
    last_seq    INTEGER NOT NULL,
    -- The ConversationSummary as JSON: derived from the events, rewritten with them in one
    -- transaction, so lists never replay logs.
    summary     TEXT NOT NULL
  );
  CREATE INDEX conversations_open ON conversations (status) WHERE status <> 'closed';
  CREATE INDEX conversations_closed ON conversations (closed_at) WHERE status = 'closed';
  CREATE INDEX conversations_visitor ON conversations (visitor_id, updated_at);

  CREATE TABLE events (
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    seq             INTEGER NOT NULL,
    type            TEXT NOT NULL,
    data            TEXT NOT NULL,
    at              INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, seq)
  ) WITHOUT ROWID;

  CREATE TABLE client_ids (
    actor           TEXT NOT NULL,
    client_id       TEXT NOT NULL,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    seq             INTEGER NOT NULL,
    message_id      TEXT NOT NULL,
    at              INTEGER NOT NULL,
    PRIMARY KEY (actor, client_id)
  ) WITHOUT ROWID;

  CREATE TABLE visitors (
    id          TEXT PRIMARY KEY,
    site_id     TEXT NOT NULL,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
  );

  CREATE TABLE agents (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('agent', 'supervisor')),
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
  );
  `,
  // 2: routing. Presence, departments, canned responses; the department of each conversation as a
  // column, for handle times.
  `
  ALTER TABLE agents ADD COLUMN presence TEXT NOT NULL DEFAULT 'online'
    CHECK (presence IN ('online', 'away', 'offline'));

  ALTER TABLE conversations ADD COLUMN department_id TEXT;
  UPDATE conversations SET department_id = json_extract(summary, '$.routing.departmentId');
  CREATE INDEX conversations_department_closed ON conversations (department_id, closed_at)
    WHERE status = 'closed';
  CREATE INDEX conversations_visitor_created ON conversations (visitor_id, created_at);
  CREATE INDEX events_assigned ON events (conversation_id, at) WHERE type = 'conversation.assigned';

  CREATE TABLE departments (
    id         TEXT PRIMARY KEY,
    -- The Department as JSON (shared schema).
    data       TEXT NOT NULL
  );

  CREATE TABLE canned (
    id         TEXT PRIMARY KEY,
    shortcut   TEXT NOT NULL,
    -- The CannedResponse as JSON (shared schema).
    data       TEXT NOT NULL
  );
  `,
  // 3: callbacks. The requests (the Callback JSON, with columns to filter on), the clientIds of
  // requests, the visitor's phone number, and the webhook delivery queue.
  `
  ALTER TABLE visitors ADD COLUMN phone TEXT;

  CREATE TABLE callbacks (
    id            TEXT PRIMARY KEY,
    site_id       TEXT NOT NULL,
    visitor_id    TEXT NOT NULL,
    phone         TEXT NOT NULL,
    department_id TEXT NOT NULL,
    status        TEXT NOT NULL
      CHECK (status IN ('scheduled', 'calling', 'completed', 'missed', 'cancelled')),
    due_at        INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    -- The Callback as JSON (shared schema).
    data          TEXT NOT NULL
  );
  CREATE INDEX callbacks_open ON callbacks (status) WHERE status IN ('scheduled', 'calling');
  CREATE INDEX callbacks_created ON callbacks (created_at, id);
  CREATE INDEX callbacks_visitor ON callbacks (visitor_id, created_at);
  CREATE INDEX callbacks_updated ON callbacks (updated_at);

  CREATE TABLE callback_client_ids (
    actor       TEXT NOT NULL,
    client_id   TEXT NOT NULL,
    callback_id TEXT NOT NULL REFERENCES callbacks (id),
    PRIMARY KEY (actor, client_id)
  ) WITHOUT ROWID;

  CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    url             TEXT NOT NULL,
    event           TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_status     INTEGER,
    last_error      TEXT,
    next_attempt_at INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
  );
  CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (next_attempt_at)
    WHERE status = 'pending';
  CREATE INDEX webhook_deliveries_created ON webhook_deliveries (created_at);
  `,
  // 4: the self-service FAQ. Console-made articles (and deletions: data NULL), the search log,
  // article views and "Was this helpful?" answers.
  `
  CREATE TABLE articles (
    id         TEXT PRIMARY KEY,
    -- The Article as JSON (shared schema), or NULL: deleted in the console.
    data       TEXT
  );

  CREATE TABLE faq_searches (
    site_id    TEXT NOT NULL,
    visitor_id TEXT NOT NULL,
    query      TEXT NOT NULL,
    results    INTEGER NOT NULL,
    purpose    TEXT NOT NULL CHECK (purpose IN ('search', 'suggest')),
    at         INTEGER NOT NULL
  );
  CREATE INDEX faq_searches_at ON faq_searches (at);

  CREATE TABLE article_views (
    site_id    TEXT NOT NULL,
    visitor_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    source     TEXT NOT NULL,
    at         INTEGER NOT NULL
  );
  CREATE INDEX article_views_at ON article_views (at);

  CREATE TABLE article_feedback (
    site_id    TEXT NOT NULL,
    visitor_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    helpful    INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    PRIMARY KEY (visitor_id, article_id)
  ) WITHOUT ROWID;
  CREATE INDEX article_feedback_at ON article_feedback (at);
  `,
  // 5: the widget as a product. Who a visitor is (from the site's own login: a verified userId is
  // unique per site; an unverified one is only a claim), and the appearance supervisors saved.
  `
  ALTER TABLE visitors ADD COLUMN email TEXT;
  ALTER TABLE visitors ADD COLUMN user_id TEXT;
  ALTER TABLE visitors ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;
  -- The VisitorAttributes as JSON, or NULL.
  ALTER TABLE visitors ADD COLUMN attributes TEXT;
  CREATE UNIQUE INDEX visitors_verified_user ON visitors (site_id, user_id) WHERE verified = 1;

  CREATE TABLE site_appearance (
    site_id TEXT PRIMARY KEY,
    -- The SiteAppearance as JSON (shared schema).
    data    TEXT NOT NULL
  );
  `,
  // 6: service quality. Conversations by creation time (the KPIs read a range with its logs),
  // staffing plans per department, QA reviews (one per conversation and reviewer).
  `
  CREATE INDEX conversations_created ON conversations (created_at);

  CREATE TABLE staffing (
    department_id TEXT PRIMARY KEY,
    -- 168 whole numbers as JSON: agents per hour of the week, Monday 00:00 first.
    scheduled     TEXT NOT NULL,
    updated_at    INTEGER NOT NULL
  );

  CREATE TABLE qa_reviews (
    conversation_id TEXT NOT NULL,
    reviewer_id     TEXT NOT NULL,
    agent_id        TEXT NOT NULL,
    at              INTEGER NOT NULL,
    -- The QaReview as JSON (shared schema).
    data            TEXT NOT NULL,
    PRIMARY KEY (conversation_id, reviewer_id)
  ) WITHOUT ROWID;
  CREATE INDEX qa_reviews_agent ON qa_reviews (agent_id, at);
  CREATE INDEX qa_reviews_at ON qa_reviews (at);
  `,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

export interface SqliteStoreOptions {
  /** `full` (default) syncs every commit to disk; `normal` may lose the last commits on power loss. */
  synchronous?: 'full' | 'normal';
}

interface AgentRow {
  id: string;
  email: string;
  name: string;
  role: 'agent' | 'supervisor';
  password_hash: string;
  disabled: number;
  created_at: number;
  presence: Presence;
}

interface VisitorRow {
  id: string;
  site_id: string;
  name: string;
  created_at: number;
  phone: string | null;
  email: string | null;
  user_id: string | null;
  verified: number;
  attributes: string | null;
}

const toVisitor = (row: VisitorRow): VisitorRecord => ({
  id: row.id,
  siteId: row.site_id,
  name: row.name,
  createdAt: row.created_at,
  ...(row.phone !== null ? { phone: row.phone } : {}),
  ...(row.email !== null ? { email: row.email } : {}),
  ...(row.user_id !== null ? { userId: row.user_id, verified: row.verified === 1 } : {}),
  ...(row.attributes !== null
    ? { attributes: JSON.parse(row.attributes) as VisitorAttributes }
    : {}),
});

const visitorRow = (v: VisitorRecord) => ({
  id: v.id,
  siteId: v.siteId,
  name: v.name,
  createdAt: v.createdAt,
  phone: v.phone ?? null,
  email: v.email ?? null,
  userId: v.userId ?? null,
  verified: v.userId !== undefined && v.verified ? 1 : 0,
  attributes: v.attributes ? JSON.stringify(v.attributes) : null,
});

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

const toAgent = (row: AgentRow): AgentRecord => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  passwordHash: row.password_hash,
  disabled: row.disabled !== 0,
  createdAt: row.created_at,
  presence: row.presence,
});

const toSummary = (row: { summary: string }) => JSON.parse(row.summary) as ConversationSummary;
const toCallback = (row: { data: string }) => JSON.parse(row.data) as Callback;

interface DeliveryRow {
  id: string;
  url: string;
  event: WebhookDeliveryRecord['event'];
  body: string;
  status: WebhookDeliveryRecord['status'];
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: number | null;
  created_at: number;
  updated_at: number;
}

const toDelivery = (row: DeliveryRow): WebhookDeliveryRecord => ({
  id: row.id,
  url: row.url,
  event: row.event,
  body: row.body,
  status: row.status,
  attempts: row.attempts,
  lastStatus: row.last_status,
  ...(row.last_error !== null ? { lastError: row.last_error } : {}),
  nextAttemptAt: row.next_attempt_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

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

/**
 * The SQLite store (better-sqlite3): one file, WAL, migrations by `user_version`. better-sqlite3
 * is synchronous; the port is async so a networked store can take its place.
 * @example const store = openSqliteStore(join(dataDir, 'switchboard.db'))
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  if (path !== ':memory:') {
    // Mode 0700 directory, 0600 database; SQLite gives the WAL and -shm files the database's mode.
    makePrivateDir(dirname(path));
    makePrivateFile(path);
  }
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const stmt = {
    lastSeq: db.prepare<[string], { last_seq: number }>(
      'SELECT last_seq FROM conversations WHERE id = ?',
    ),
    upsertConversation: db.prepare(
      `INSERT INTO conversations
         (id, site_id, visitor_id, status, agent_id, created_at, updated_at, closed_at, last_seq, summary, department_id)
       VALUES (@id, @siteId, @visitorId, @status, @agentId, @createdAt, @updatedAt, @closedAt, @lastSeq, @summary, @departmentId)
       ON CONFLICT (id) DO UPDATE SET
         visitor_id = excluded.visitor_id,
         status = excluded.status, agent_id = excluded.agent_id, updated_at = excluded.updated_at,
         closed_at = excluded.closed_at, last_seq = excluded.last_seq, summary = excluded.summary,
         department_id = excluded.department_id`,
    ),
    insertEvent: db.prepare(
      'INSERT INTO events (conversation_id, seq, type, data, at) VALUES (?, ?, ?, ?, ?)',
    ),
    insertClientId: db.prepare(
      `INSERT INTO client_ids (actor, client_id, conversation_id, seq, message_id, at)
       VALUES (@actor, @clientId, @conversationId, @seq, @messageId, @at)`,
    ),
    findClientId: db.prepare<
      [string, string],
      { client_id: string; conversation_id: string; seq: number; message_id: string; at: number }
    >('SELECT * FROM client_ids WHERE actor = ? AND client_id = ?'),
    open: db.prepare<[], { summary: string }>(
      "SELECT summary FROM conversations WHERE status <> 'closed' ORDER BY created_at",
    ),
    conversation: db.prepare<[string], { summary: string }>(
      'SELECT summary FROM conversations WHERE id = ?',
    ),
    latestOf: db.prepare<[string], { summary: string }>(
      `SELECT summary FROM conversations WHERE visitor_id = ?
       ORDER BY status <> 'closed' DESC, updated_at DESC, rowid DESC LIMIT 1`,
    ),
    recentClosed: db.prepare<[number], { summary: string }>(
      "SELECT summary FROM conversations WHERE status = 'closed' ORDER BY closed_at DESC LIMIT ?",
    ),
    events: db.prepare<[string, number, number], { data: string }>(
      'SELECT data FROM events WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    getVisitor: db.prepare<[string], VisitorRow>('SELECT * FROM visitors WHERE id = ?'),
    verifiedVisitor: db.prepare<[string, string], VisitorRow>(
      'SELECT * FROM visitors WHERE site_id = ? AND user_id = ? AND verified = 1',
    ),
    saveVisitor: db.prepare(
      `INSERT INTO visitors (id, site_id, name, created_at, phone, email, user_id, verified, attributes)
       VALUES (@id, @siteId, @name, @createdAt, @phone, @email, @userId, @verified, @attributes)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, phone = excluded.phone,
         email = excluded.email, user_id = excluded.user_id, verified = excluded.verified,
         attributes = excluded.attributes`,
    ),
    listAppearances: db.prepare<[], { data: string }>(
      'SELECT data FROM site_appearance ORDER BY site_id',
    ),
    saveAppearance: db.prepare<[string, string]>(
      `INSERT INTO site_appearance (site_id, data) VALUES (?, ?)
       ON CONFLICT (site_id) DO UPDATE SET data = excluded.data`,
    ),
    setPhone: db.prepare<[string, string]>('UPDATE visitors SET phone = ? WHERE id = ?'),
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
    conversationStarts: db.prepare<[string, number], { visitor_id: string; created_at: number }>(
      `SELECT visitor_id, created_at FROM conversations
       WHERE visitor_id IN (SELECT value FROM json_each(?)) AND created_at >= ?
       ORDER BY created_at`,
    ),
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
    openVisitorPhones: db.prepare<[], { id: string; phone: string }>(
      `SELECT DISTINCT v.id, v.phone FROM visitors v
       JOIN conversations c ON c.visitor_id = v.id AND c.status <> 'closed'
       WHERE v.phone IS NOT NULL`,
    ),
    openCutOffs: db.prepare<[], { id: string }>(
      `SELECT DISTINCT c.id FROM conversations c
       JOIN events e ON e.conversation_id = c.id AND e.type = 'conversation.cut_off'
       WHERE c.status <> 'closed'`,
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
    createVisitor: db.prepare(
      `INSERT INTO visitors (id, site_id, name, created_at) VALUES (@id, @siteId, @name, @createdAt)
       ON CONFLICT (id) DO NOTHING`,
    ),
    listAgents: db.prepare<[], AgentRow>('SELECT * FROM agents ORDER BY created_at, email'),
    getAgent: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE id = ?'),
    agentByEmail: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE email = ?'),
    setPresence: db.prepare<[Presence, string]>('UPDATE agents SET presence = ? WHERE id = ?'),
    history: db.prepare<[string, number], { summary: string }>(
      `SELECT summary FROM conversations WHERE visitor_id = ?
       ORDER BY created_at DESC, rowid DESC LIMIT ?`,
    ),
    handleTimes: db.prepare<[number], { department_id: string; ms: number }>(
      `SELECT department_id, ms FROM (
         SELECT c.department_id, c.closed_at - MIN(e.at) AS ms, c.closed_at,
           ROW_NUMBER() OVER (PARTITION BY c.department_id ORDER BY c.closed_at DESC) AS n
         FROM conversations c
         JOIN events e ON e.conversation_id = c.id AND e.type = 'conversation.assigned'
         WHERE c.status = 'closed' AND c.department_id IS NOT NULL
         GROUP BY c.id
       ) WHERE n <= ? ORDER BY closed_at`,
    ),
    openAssignedAt: db.prepare<[], { id: string; at: number }>(
      `SELECT c.id, MIN(e.at) AS at FROM conversations c
       JOIN events e ON e.conversation_id = c.id AND e.type = 'conversation.assigned'
       WHERE c.status <> 'closed' GROUP BY c.id`,
    ),
    listDepartments: db.prepare<[], { data: string }>(
      'SELECT data FROM departments ORDER BY rowid',
    ),
    saveDepartment: db.prepare<[string, string]>(
      'INSERT INTO departments (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
    ),
    listCanned: db.prepare<[], { data: string }>('SELECT data FROM canned ORDER BY shortcut'),
    saveCanned: db.prepare<[string, string, string]>(
      `INSERT INTO canned (id, shortcut, data) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET shortcut = excluded.shortcut, data = excluded.data`,
    ),
    deleteCanned: db.prepare<[string]>('DELETE FROM canned WHERE id = ?'),
    saveAgent: db.prepare(
      `INSERT INTO agents (id, email, name, role, password_hash, disabled, created_at)
       VALUES (@id, @email, @name, @role, @passwordHash, @disabled, @createdAt)
       ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name,
         role = excluded.role, password_hash = excluded.password_hash, disabled = excluded.disabled`,
    ),
  };

  const appendOne = (batch: AppendBatch) => {
    const { conversation, events } = batch;
    const first = events[0];
    if (!first) return;
    const stored = stmt.lastSeq.get(conversation.id)?.last_seq ?? 0;
    if (first.seq !== stored + 1) {
      throw new Error(
        `conversation ${conversation.id}: event seq ${first.seq} does not follow ${stored}`,
      );
    }
    stmt.upsertConversation.run({
      id: conversation.id,
      siteId: conversation.siteId,
      visitorId: conversation.visitor.id,
      status: conversation.status,
      agentId: conversation.agent?.id ?? null,
      createdAt: conversation.createdAt,
      updatedAt: conversation.updatedAt,
      closedAt: conversation.closedAt ?? null,
      lastSeq: conversation.lastSeq,
      summary: JSON.stringify(conversation),
      departmentId: conversation.routing?.departmentId ?? null,
    });
    let expected = first.seq;
    for (const event of events) {
      if (event.seq !== expected++) throw new Error(`conversation ${conversation.id}: seq gap`);
      stmt.insertEvent.run(conversation.id, event.seq, event.type, JSON.stringify(event), event.at);
    }
    if (batch.clientId) stmt.insertClientId.run(batch.clientId);
  };
  const saveDepartment = (d: Department) => stmt.saveDepartment.run(d.id, JSON.stringify(d));
  const saveCanned = (c: CannedResponse) =>
    stmt.saveCanned.run(c.id, c.shortcut, JSON.stringify(c));

  /** One command's changes, inside the caller's transaction. */
  const applyChanges = (changes: StoreChanges) => {
    for (const batch of changes.appends ?? []) appendOne(batch);
    for (const { agentId, presence } of changes.presence ?? []) {
      if (stmt.setPresence.run(presence, agentId).changes !== 1) {
        throw new Error(`unknown agent ${agentId}`);
      }
    }
    for (const department of changes.departments ?? []) saveDepartment(department);
    for (const canned of changes.cannedSaved ?? []) saveCanned(canned);
    for (const id of changes.cannedDeleted ?? []) stmt.deleteCanned.run(id);
    for (const { callback, clientId } of changes.callbacks ?? []) {
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
    }
    for (const { visitorId, phone } of changes.visitorPhones ?? []) {
      stmt.setPhone.run(phone, visitorId);
    }
    for (const delivery of changes.deliveries ?? []) stmt.insertDelivery.run(deliveryRow(delivery));
    for (const visitor of changes.visitors ?? []) stmt.saveVisitor.run(visitorRow(visitor));
  };
  const write = db.transaction(applyChanges);
  // One commit (one fsync) for a whole group of commands.
  const writeAll = db.transaction((list: readonly StoreChanges[]) => {
    for (const changes of list) applyChanges(changes);
  });

  /** Callbacks by a query, built from fixed clauses (values are always bound). */
  const listCallbacks = (query: CallbackQuery): Callback[] => {
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
  };

  /** QA reviews by a query, built from fixed clauses (values are always bound). */
  const listQaReviews = (query: QaReviewQuery): QaReview[] => {
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
  };

  let open = true;
  // Wrap every call: a synchronous throw becomes a rejection, as the port promises.
  const run = async <T>(fn: () => T): Promise<T> => fn();

  return {
    append: (batch) => run(() => write.immediate({ appends: [batch] })),
    write: (changes) => run(() => write.immediate(changes)),
    writeAll: (list) => run(() => writeAll.immediate(list)),
    customerHistory: (visitorId, limit) =>
      run(() => stmt.history.all(visitorId, limit).map(toSummary)),
    recentHandleTimes: (perDepartment) =>
      run(() => {
        const result = new Map<string, number[]>();
        for (const row of stmt.handleTimes.all(perDepartment)) {
          result.set(row.department_id, [...(result.get(row.department_id) ?? []), row.ms]);
        }
        return result;
      }),
    openAssignedAt: () =>
      run(() => new Map(stmt.openAssignedAt.all().map((row) => [row.id, row.at]))),
    listDepartments: () =>
      run(() => stmt.listDepartments.all().map((row) => JSON.parse(row.data) as Department)),
    saveDepartment: (department) => run(() => void saveDepartment(department)),
    listCanned: () =>
      run(() => stmt.listCanned.all().map((row) => JSON.parse(row.data) as CannedResponse)),
    saveCanned: (canned) => run(() => void saveCanned(canned)),
    loadOpenConversations: () => run(() => stmt.open.all().map(toSummary)),
    getConversation: (id) =>
      run(() => {
        const row = stmt.conversation.get(id);
        return row ? toSummary(row) : null;
      }),
    latestConversationOf: (visitorId) =>
      run(() => {
        const row = stmt.latestOf.get(visitorId);
        return row ? toSummary(row) : null;
      }),
    recentClosed: (limit) => run(() => stmt.recentClosed.all(limit).map(toSummary)),
    readEvents: (conversationId, afterSeq, limit) =>
      run(() =>
        stmt.events
          .all(conversationId, afterSeq, limit)
          .map((row) => JSON.parse(row.data) as ConversationEvent),
      ),
    findClientId: (actor, clientId) =>
      run((): ChatAck | null => {
        const row = stmt.findClientId.get(actor, clientId);
        return row
          ? {
              type: 'chat.ack',
              clientId: row.client_id,
              conversationId: row.conversation_id,
              messageId: row.message_id,
              seq: row.seq,
              at: row.at,
            }
          : null;
      }),
    getVisitor: (id) =>
      run((): VisitorRecord | null => {
        const row = stmt.getVisitor.get(id);
        return row ? toVisitor(row) : null;
      }),
    findVerifiedVisitor: (siteId, userId) =>
      run((): VisitorRecord | null => {
        const row = stmt.verifiedVisitor.get(siteId, userId);
        return row ? toVisitor(row) : null;
      }),
    listSiteAppearances: () =>
      run(() => stmt.listAppearances.all().map((row) => JSON.parse(row.data) as SiteAppearance)),
    saveSiteAppearance: (appearance) =>
      run(() => void stmt.saveAppearance.run(appearance.siteId, JSON.stringify(appearance))),
    createVisitor: ({ id, siteId, name, createdAt }) =>
      run(() => void stmt.createVisitor.run({ id, siteId, name, createdAt })),
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
    listCallbacks: (query) => run(() => listCallbacks(query)),
    openVisitorPhones: () =>
      run(() => new Map(stmt.openVisitorPhones.all().map((row) => [row.id, row.phone]))),
    openCutOffs: () => run(() => stmt.openCutOffs.all().map((row) => row.id)),
    pendingDeliveries: () => run(() => stmt.pendingDeliveries.all().map(toDelivery)),
    saveDelivery: (delivery) => run(() => void stmt.insertDelivery.run(deliveryRow(delivery))),
    recentDeliveries: (limit) => run(() => stmt.recentDeliveries.all(limit).map(toDelivery)),
    listAgents: () => run(() => stmt.listAgents.all().map(toAgent)),
    getAgent: (id) =>
      run(() => {
        const row = stmt.getAgent.get(id);
        return row ? toAgent(row) : null;
      }),
    findAgentByEmail: (email) =>
      run(() => {
        const row = stmt.agentByEmail.get(email);
        return row ? toAgent(row) : null;
      }),
    saveAgent: ({ presence: _presence, ...agent }) =>
      run(() => void stmt.saveAgent.run({ ...agent, disabled: agent.disabled ? 1 : 0 })),
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
    conversationStarts: (visitorIds, from) =>
      run(() =>
        stmt.conversationStarts
          .all(JSON.stringify(visitorIds), from)
          .map((r) => ({ visitorId: r.visitor_id, at: r.created_at })),
      ),
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
    listQaReviews: (query) => run(() => listQaReviews(query)),
    isOpen: () => open,
    close: () =>
      run(() => {
        if (!open) return;
        open = false;
        db.close();
      }),
  };
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `The database schema is version ${current}, newer than this relay (${MIGRATIONS.length}); upgrade the relay.`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
