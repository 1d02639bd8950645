import type { Queryable } from './db.js';
import { StoreOpenError } from './errors.js';

/** One schema change: applied once, in order, recorded in `schema_migrations`. */
export interface PostgresMigration {
  version: number;
  /** What it does, in a few words (kept in `schema_migrations.name`). */
  name: string;
  /** The statements, run as one script inside the migrating transaction. */
  sql: string;
}

/**
 * The key of the advisory lock the migrations run under (`pg_advisory_xact_lock`): relay nodes
 * that start together wait for one another, so each migration runs once. Fixed forever; the
 * bytes spell `swbd-mig`, unlikely to be another application's key in the same database.
 */
export const MIGRATION_LOCK_KEY = 0x737762642d6d6967n;

/**
 * The schema, oldest first. Append only: never edit a migration that has shipped.
 *
 * Version 1 is the SQLite schema as it stands after its six migrations, with PostgreSQL types:
 * BIGINT for the ms timestamps, BOOLEAN for flags, TEXT for the JSON documents (read and written
 * whole, never queried inside). Two things SQLite gives for free are explicit here:
 * - `ord`, an identity column, where a list breaks ties by insertion order (SQLite's rowid);
 * - `COLLATE "C"` on every identifier and key: compared by code point (SQLite's BINARY) whatever
 *   the database's locale, `lower()` folding ASCII letters only (SQLite's NOCASE) for agents'
 *   emails, and one collation on both sides of every join and foreign key (a mismatch keeps the
 *   planner off the index).
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'conversations, directory, callbacks, help center, quality',
    sql: `
CREATE TABLE conversations (
  id            TEXT COLLATE "C" PRIMARY KEY,
  ord           BIGINT GENERATED ALWAYS AS IDENTITY,
  site_id       TEXT COLLATE "C" NOT NULL,
  visitor_id    TEXT COLLATE "C" NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('waiting', 'active', 'closed')),
  agent_id      TEXT COLLATE "C",
  department_id TEXT COLLATE "C",
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL,
  closed_at     BIGINT,
  last_seq      INTEGER NOT NULL,
  -- The ConversationSummary as JSON: derived from the events, rewritten with them in one
  -- transaction, so lists never replay logs.
  summary       TEXT NOT NULL
);
CREATE INDEX conversations_open ON conversations (status) WHERE status <> 'closed';
CREATE INDEX conversations_closed ON conversations (closed_at) WHERE status = 'closed';
CREATE INDEX conversations_visitor ON conversations (visitor_id, updated_at);
CREATE INDEX conversations_visitor_created ON conversations (visitor_id, created_at);
CREATE INDEX conversations_department_closed ON conversations (department_id, closed_at)
  WHERE status = 'closed';
CREATE INDEX conversations_created ON conversations (created_at);

CREATE TABLE events (
  conversation_id TEXT COLLATE "C" NOT NULL REFERENCES conversations (id),
  seq             INTEGER NOT NULL,
  type            TEXT COLLATE "C" NOT NULL,
  -- The ConversationEvent as JSON.
  data            TEXT NOT NULL,
  at              BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);
CREATE INDEX events_assigned ON events (conversation_id, at) WHERE type = 'conversation.assigned';

CREATE TABLE client_ids (
  actor           TEXT COLLATE "C" NOT NULL,
  client_id       TEXT COLLATE "C" NOT NULL,
  conversation_id TEXT COLLATE "C" NOT NULL REFERENCES conversations (id),
  seq             INTEGER NOT NULL,
  message_id      TEXT COLLATE "C" NOT NULL,
  at              BIGINT NOT NULL,
  PRIMARY KEY (actor, client_id)
);

CREATE TABLE visitors (
  id         TEXT COLLATE "C" PRIMARY KEY,
  site_id    TEXT COLLATE "C" NOT NULL,
  name       TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  phone      TEXT,
  email      TEXT,
  user_id    TEXT COLLATE "C",
  verified   BOOLEAN NOT NULL DEFAULT false,
  -- The VisitorAttributes as JSON, or NULL.
  attributes TEXT
);
-- A verified user id is one visitor per site; an unverified one is only a claim.
CREATE UNIQUE INDEX visitors_verified_user ON visitors (site_id, user_id) WHERE verified;

CREATE TABLE agents (
  id            TEXT COLLATE "C" PRIMARY KEY,
  email         TEXT COLLATE "C" NOT NULL,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('agent', 'supervisor')),
  password_hash TEXT NOT NULL,
  disabled      BOOLEAN NOT NULL DEFAULT false,
  created_at    BIGINT NOT NULL,
  presence      TEXT NOT NULL DEFAULT 'online' CHECK (presence IN ('online', 'away', 'offline'))
);
CREATE UNIQUE INDEX agents_email ON agents (lower(email));

CREATE TABLE departments (
  id   TEXT COLLATE "C" PRIMARY KEY,
  ord  BIGINT GENERATED ALWAYS AS IDENTITY,
  -- The Department as JSON (shared schema).
  data TEXT NOT NULL
);

CREATE TABLE canned (
  id       TEXT COLLATE "C" PRIMARY KEY,
  shortcut TEXT COLLATE "C" NOT NULL,
  -- The CannedResponse as JSON (shared schema).
  data     TEXT NOT NULL
);

CREATE TABLE callbacks (
  id            TEXT COLLATE "C" PRIMARY KEY,
  site_id       TEXT COLLATE "C" NOT NULL,
  visitor_id    TEXT COLLATE "C" NOT NULL,
  phone         TEXT NOT NULL,
  department_id TEXT COLLATE "C" NOT NULL,
  status        TEXT NOT NULL
    CHECK (status IN ('scheduled', 'calling', 'completed', 'missed', 'cancelled')),
  due_at        BIGINT NOT NULL,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL,
  -- The Callback as JSON (shared schema).
  data          TEXT NOT NULL
);
CREATE INDEX callbacks_open ON callbacks (status) WHERE status IN ('scheduled', 'calling');
CREATE INDEX callbacks_created ON callbacks (created_at, id);
CREATE INDEX callbacks_visitor ON callbacks (visitor_id, created_at);
CREATE INDEX callbacks_updated ON callbacks (updated_at);

CREATE TABLE callback_client_ids (
  actor       TEXT COLLATE "C" NOT NULL,
  client_id   TEXT COLLATE "C" NOT NULL,
  callback_id TEXT COLLATE "C" NOT NULL REFERENCES callbacks (id),
  PRIMARY KEY (actor, client_id)
);

CREATE TABLE webhook_deliveries (
  id              TEXT COLLATE "C" PRIMARY KEY,
  ord             BIGINT GENERATED ALWAYS AS IDENTITY,
  url             TEXT NOT NULL,
  event           TEXT NOT NULL,
  -- The payload exactly as POSTed, so every retry is the same.
  body            TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_status     INTEGER,
  last_error      TEXT,
  next_attempt_at BIGINT,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (next_attempt_at, created_at)
  WHERE status = 'pending';
CREATE INDEX webhook_deliveries_created ON webhook_deliveries (created_at, ord);

CREATE TABLE articles (
  id   TEXT COLLATE "C" PRIMARY KEY,
  -- The Article as JSON (shared schema), or NULL: deleted in the console.
  data TEXT
);

CREATE TABLE faq_searches (
  ord        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id    TEXT COLLATE "C" NOT NULL,
  visitor_id TEXT COLLATE "C" NOT NULL,
  query      TEXT NOT NULL,
  results    INTEGER NOT NULL,
  purpose    TEXT NOT NULL CHECK (purpose IN ('search', 'suggest')),
  at         BIGINT NOT NULL
);
CREATE INDEX faq_searches_at ON faq_searches (at, ord);

CREATE TABLE article_views (
  ord        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id    TEXT COLLATE "C" NOT NULL,
  visitor_id TEXT COLLATE "C" NOT NULL,
  article_id TEXT COLLATE "C" NOT NULL,
  source     TEXT NOT NULL,
  at         BIGINT NOT NULL
);
CREATE INDEX article_views_at ON article_views (at, ord);

CREATE TABLE article_feedback (
  site_id    TEXT COLLATE "C" NOT NULL,
  visitor_id TEXT COLLATE "C" NOT NULL,
  article_id TEXT COLLATE "C" NOT NULL,
  helpful    BOOLEAN NOT NULL,
  at         BIGINT NOT NULL,
  PRIMARY KEY (visitor_id, article_id)
);
CREATE INDEX article_feedback_at ON article_feedback (at);

CREATE TABLE site_appearance (
  site_id TEXT COLLATE "C" PRIMARY KEY,
  -- The SiteAppearance as JSON (shared schema).
  data    TEXT NOT NULL
);

CREATE TABLE staffing (
  department_id TEXT COLLATE "C" PRIMARY KEY,
  -- 168 whole numbers as JSON: agents per hour of the week, Monday 00:00 first.
  scheduled     TEXT NOT NULL,
  updated_at    BIGINT NOT NULL
);

CREATE TABLE qa_reviews (
  conversation_id TEXT COLLATE "C" NOT NULL,
  reviewer_id     TEXT COLLATE "C" NOT NULL,
  agent_id        TEXT COLLATE "C" NOT NULL,
  at              BIGINT NOT NULL,
  -- The QaReview as JSON (shared schema).
  data            TEXT NOT NULL,
  PRIMARY KEY (conversation_id, reviewer_id)
);
CREATE INDEX qa_reviews_agent ON qa_reviews (agent_id, at);
CREATE INDEX qa_reviews_at ON qa_reviews (at);
`,
  },
  {
    version: 2,
    name: 'sb_append_all: a group of appends in one round trip',
    // The conversation rows (insert a new one, or update one only if its stored last_seq is the
    // one the batch follows), the events and the client ids of a whole group, in one call: one
    // round trip, and, called alone, one statement, so atomic without BEGIN and COMMIT. A batch
    // that does not follow raises, and the whole call writes nothing.
    sql: `
CREATE FUNCTION sb_append_all(
  c_id TEXT[], c_site TEXT[], c_visitor TEXT[], c_status TEXT[], c_agent TEXT[],
  c_created BIGINT[], c_updated BIGINT[], c_closed BIGINT[], c_last INTEGER[], c_summary TEXT[],
  c_department TEXT[], c_follows INTEGER[],
  e_conversation TEXT[], e_seq INTEGER[], e_type TEXT[], e_data TEXT[], e_at BIGINT[],
  k_actor TEXT[], k_client TEXT[], k_conversation TEXT[], k_seq INTEGER[], k_message TEXT[],
  k_at BIGINT[]
) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  written TEXT[];
  stored INTEGER;
BEGIN
  WITH input AS (
    SELECT * FROM unnest(c_id, c_site, c_visitor, c_status, c_agent, c_created, c_updated,
      c_closed, c_last, c_summary, c_department, c_follows) WITH ORDINALITY
      AS i (id, site_id, visitor_id, status, agent_id, created_at, updated_at, closed_at,
        last_seq, summary, department_id, follows, n)
  ),
  inserted AS (
    INSERT INTO conversations (id, site_id, visitor_id, status, agent_id, created_at,
      updated_at, closed_at, last_seq, summary, department_id)
    SELECT i.id, i.site_id, i.visitor_id, i.status, i.agent_id, i.created_at, i.updated_at,
      i.closed_at, i.last_seq, i.summary, i.department_id
    FROM input i WHERE i.follows = 0 ORDER BY i.n
    ON CONFLICT (id) DO NOTHING
    RETURNING conversations.id
  ),
  updated AS (
    UPDATE conversations c SET visitor_id = i.visitor_id, status = i.status,
      agent_id = i.agent_id, updated_at = i.updated_at, closed_at = i.closed_at,
      last_seq = i.last_seq, summary = i.summary, department_id = i.department_id
    FROM input i
    WHERE c.id = i.id AND i.follows <> 0 AND c.last_seq = i.follows
    RETURNING c.id
  )
  SELECT array_agg(w.id) INTO written
  FROM (SELECT u.id FROM inserted u UNION ALL SELECT u.id FROM updated u) w;
  FOR i IN 1 .. coalesce(cardinality(c_id), 0) LOOP
    IF written IS NULL OR NOT (c_id[i] = ANY (written)) THEN
      SELECT last_seq INTO stored FROM conversations WHERE id = c_id[i];
      RAISE EXCEPTION 'conversation %: event seq % does not follow %',
        c_id[i], c_follows[i] + 1, coalesce(stored, 0);
    END IF;
  END LOOP;
  INSERT INTO events (conversation_id, seq, type, data, at)
  SELECT * FROM unnest(e_conversation, e_seq, e_type, e_data, e_at);
  -- A clientId stored already (or twice in the group) breaks the primary key: the call fails.
  INSERT INTO client_ids (actor, client_id, conversation_id, seq, message_id, at)
  SELECT * FROM unnest(k_actor, k_client, k_conversation, k_seq, k_message, k_at);
END
$fn$;
`,
  },
  {
    version: 3,
    name: 'leases and fenced writes: one owner at a time in a cluster',
    // A lease names who runs the routing core (`holder`) until `expires_at`, renewed by the holder;
    // each new holder bumps `epoch`, the fencing token every write of the core carries.
    // `sb_fence` raises SBF01 when the lease has moved on: a paused owner that comes back cannot
    // write behind its successor. FOR SHARE waits for a takeover in flight (its UPDATE locks the
    // row) and then reads the new epoch; a takeover waits for writes holding the share lock, so
    // the new owner loads a state that has them. `sb_append_fenced` is sb_append_all behind the
    // fence, still one statement.
    sql: `
CREATE TABLE leases (
  name       TEXT COLLATE "C" PRIMARY KEY,
  holder     TEXT NOT NULL,
  epoch      BIGINT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL
);
CREATE FUNCTION sb_fence(p_lease TEXT, p_epoch BIGINT) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  current BIGINT;
BEGIN
  SELECT epoch INTO current FROM leases WHERE name = p_lease FOR SHARE;
  IF current IS DISTINCT FROM p_epoch THEN
    RAISE EXCEPTION 'lease % is at epoch %, not %', p_lease, coalesce(current, 0), p_epoch
      USING ERRCODE = 'SBF01';
  END IF;
END
$fn$;
CREATE FUNCTION sb_append_fenced(
  p_lease TEXT, p_epoch BIGINT,
  c_id TEXT[], c_site TEXT[], c_visitor TEXT[], c_status TEXT[], c_agent TEXT[],
  c_created BIGINT[], c_updated BIGINT[], c_closed BIGINT[], c_last INTEGER[], c_summary TEXT[],
  c_department TEXT[], c_follows INTEGER[],
  e_conversation TEXT[], e_seq INTEGER[], e_type TEXT[], e_data TEXT[], e_at BIGINT[],
  k_actor TEXT[], k_client TEXT[], k_conversation TEXT[], k_seq INTEGER[], k_message TEXT[],
  k_at BIGINT[]
) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM sb_fence(p_lease, p_epoch);
  PERFORM sb_append_all(c_id, c_site, c_visitor, c_status, c_agent, c_created, c_updated,
    c_closed, c_last, c_summary, c_department, c_follows, e_conversation, e_seq, e_type, e_data,
    e_at, k_actor, k_client, k_conversation, k_seq, k_message, k_at);
END
$fn$;
`,
  },
];

/** The schema version this build writes. */
export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS.length;

/**
 * Bring the database's schema up to `POSTGRES_SCHEMA_VERSION`, in the caller's transaction:
 * first the advisory lock (a second node starting at the same moment waits here, then finds the
 * migrations applied), then each migration not yet in `schema_migrations`. An up-to-date
 * database costs the lock and one read; one written by a newer relay is refused (`TOO_NEW`).
 * @example await db.transaction((tx) => migrate(tx))
 */
export async function migrate(tx: Queryable): Promise<void> {
  await tx.count('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY.toString()]);
  await tx.count(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       version    INTEGER PRIMARY KEY,
       name       TEXT NOT NULL,
       applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
     )`,
  );
  const [row] = await tx.rows<{ version: number }>(
    'SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations',
  );
  const current = row?.version ?? 0;
  if (current > POSTGRES_SCHEMA_VERSION) {
    throw new StoreOpenError(
      'TOO_NEW',
      `the database schema is version ${current}, newer than this relay knows (${POSTGRES_SCHEMA_VERSION}); upgrade the relay`,
    );
  }
  for (const migration of POSTGRES_MIGRATIONS) {
    if (migration.version <= current) continue;
    // No parameters: node-postgres sends it as a simple query, which may hold many statements.
    await tx.count(migration.sql);
    await tx.count('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
      migration.version,
      migration.name,
    ]);
  }
}
