import type Database from 'better-sqlite3';

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

/**
 * Bring the database's schema up to `SCHEMA_VERSION`, one transaction per migration; refuse a
 * database written by a newer relay.
 * @example migrate(new Database(path))
 */
export function migrate(db: Database.Database): void {
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
