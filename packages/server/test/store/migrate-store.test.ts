import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConversationEvent } from '@switchboard/shared';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  COPIED_TABLES,
  describeMigration,
  MigrateStoreError,
  migrateStore,
} from '../../src/store/migrate-store.js';
import { openPostgresStore, StoreOpenError } from '../../src/store/postgres.js';
import { MIGRATIONS, openSqliteStore, SCHEMA_VERSION } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { dropFreshDatabases, freePort, freshDatabaseUrl } from '../helpers/postgres.js';
import {
  agentRecord,
  appearance,
  article,
  batch,
  callbackOf,
  canned,
  closedAfter,
  created,
  delivery,
  department,
  message,
  opened,
  qaReview,
  visitorRecord,
} from './contracts/fixtures.js';

afterAll(dropFreshDatabases);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const FAR = 10 ** 13;
const CONVERSATIONS = ['cnv_a', 'cnv_b', 'cnv_c', 'cnv_d', 'cnv_long', 'cnv_new'];
const VISITORS = ['vis_1', 'vis_2', 'vis_3'];
const agent = { id: 'agt_1', name: 'Maya' };

/** A SQLite store in a data dir of its own, as a relay keeps it. */
function sqliteIn(dataDir: string): Store {
  mkdirSync(dataDir, { recursive: true });
  return openSqliteStore(join(dataDir, 'switchboard.db'), { synchronous: 'normal' });
}

/**
 * Something in every table, through the ports: ties that only insertion order breaks (departments,
 * conversations created in the same ms, deliveries created together, FAQ rows logged at one
 * time), flags both ways, NULLs, and tables big enough to take several INSERTs.
 */
async function fill(store: Store): Promise<void> {
  await store.saveAgent(agentRecord('agt_2', { email: 'Zoe@Example.com', role: 'supervisor' }));
  await store.saveAgent(agentRecord('agt_1', { disabled: true }));
  await store.write({ presence: [{ agentId: 'agt_2', presence: 'away' }] });
  for (const id of ['tech', 'orders', 'billing']) await store.saveDepartment(department(id));
  // Saved again: keeps its place (the order first saved).
  await store.saveDepartment(department('orders', { name: 'Orders desk' }));
  await store.saveCanned(canned('cr_2', 'bye'));
  await store.saveCanned(canned('cr_1', 'hello'));
  await store.saveSiteAppearance(appearance('shop'));
  await store.saveSiteAppearance(appearance('demo', { color: '#abcdef' }));

  await store.createVisitor(visitorRecord('vis_1', { siteId: 'demo' }));
  await store.createVisitor(visitorRecord('vis_2'));
  await store.createVisitor(visitorRecord('vis_3'));
  await store.write({
    visitors: [
      visitorRecord('vis_2', {
        email: 'ada@example.com',
        phone: '+493012345678',
        userId: 'u-2',
        verified: true,
        attributes: { plan: 'pro', seats: 3, trial: false, note: null },
      }),
      visitorRecord('vis_3', { userId: 'u-3', verified: false }),
    ],
  });

  // Closed, with an assignment (handle times) and a message with its clientId.
  const routed = opened('cnv_a', 1_000, 'vis_1', 'orders');
  const assigned = batch(
    [{ type: 'conversation.assigned', seq: 2, at: 1_100, agent }, message(3, 'ca-1', 1_200)],
    routed.conversation,
    'cnv_a',
  );
  await store.append(routed);
  await store.append(assigned);
  await store.append(closedAfter(assigned, 5_000));
  // Two created in the same ms: lists break the tie by insertion order.
  await store.append(opened('cnv_b', 2_000, 'vis_2', 'orders'));
  await store.append(opened('cnv_c', 2_000, 'vis_2'));
  // Open and assigned, cut off.
  const d = batch(
    [
      { ...created(3_000), visitor: { id: 'vis_3', name: 'V' } },
      { type: 'conversation.assigned', seq: 2, at: 3_100, agent },
      { type: 'conversation.cut_off', seq: 3, at: 3_200, phone: '+493012345678' },
    ],
    null,
    'cnv_d',
  );
  await store.append(d);
  // One log longer than an INSERT's batch, with many sent-message ids.
  const events: ConversationEvent[] = [created(4_000)];
  for (let seq = 2; seq <= 1_300; seq++) events.push(message(seq, `long-${seq}`, 4_000 + seq));
  let long = batch(events.slice(0, 1_200), null, 'cnv_long');
  await store.append(long);
  for (const event of events.slice(1_200)) {
    long = batch([event], long.conversation, 'cnv_long');
    await store.append(long);
  }

  await store.write({
    callbacks: [
      {
        callback: callbackOf('cb_1', { visitor: { id: 'vis_2', name: 'Ada' } }),
        clientId: { actor: 'visitor:vis_2', clientId: 'k1' },
      },
      { callback: callbackOf('cb_2', { status: 'completed', updatedAt: 2_000 }) },
    ],
    visitorPhones: [{ visitorId: 'vis_1', phone: '+4930999999' }],
    // Created in the same ms: the newest-first list breaks the tie by insertion order.
    deliveries: [delivery('wh_2'), delivery('wh_1'), delivery('wh_3')],
  });
  await store.saveDelivery(
    delivery('wh_2', { status: 'delivered', attempts: 1, lastStatus: 200, nextAttemptAt: null }),
  );
  await store.saveDelivery(
    delivery('wh_3', {
      status: 'failed',
      attempts: 6,
      lastStatus: 500,
      lastError: 'HTTP 500',
      nextAttemptAt: null,
    }),
  );

  await store.saveArticle({ id: 'art_1', article: article('art_1') });
  await store.saveArticle({ id: 'gone', article: null });
  for (let i = 0; i < 2_500; i++) {
    await store.logSearch({
      siteId: 'demo',
      visitorId: `vis_${i % 7}`,
      query: `query ${i % 11}`,
      results: i % 3,
      purpose: i % 2 === 0 ? 'search' : 'suggest',
      at: 10_000 + Math.floor(i / 4),
    });
  }
  for (const source of ['search', 'suggestion', 'link'] as const) {
    await store.logArticleView({
      siteId: 'demo',
      visitorId: 'vis_1',
      articleId: 'art_1',
      source,
      at: 20_000,
    });
  }
  await store.saveFeedback({
    siteId: 'demo',
    visitorId: 'vis_1',
    articleId: 'art_1',
    helpful: true,
    at: 21_000,
  });
  await store.saveFeedback({
    siteId: 'demo',
    visitorId: 'vis_2',
    articleId: 'art_1',
    helpful: false,
    at: 21_000,
  });

  await store.saveStaffing(
    'orders',
    Array.from({ length: 168 }, (_, hour) => hour % 5),
    30_000,
  );
  await store.saveQaReview(qaReview('cnv_a', 'agt_2', 'agt_1', 40_000));
  await store.saveQaReview(qaReview('cnv_a', 'agt_9', 'agt_1', 40_000));
}

/** Writes a relay makes after the move: on PostgreSQL they must land after the copied rows. */
async function later(store: Store): Promise<void> {
  await store.saveDepartment(department('sales'));
  await store.append(opened('cnv_new', 2_000, 'vis_2'));
  await store.write({ deliveries: [delivery('wh_4')] });
  await store.logSearch({
    siteId: 'demo',
    visitorId: 'vis_1',
    query: 'late',
    results: 0,
    purpose: 'search',
    at: 10_000,
  });
  await store.logArticleView({
    siteId: 'demo',
    visitorId: 'vis_2',
    articleId: 'art_1',
    source: 'api',
    at: 20_000,
  });
}

/** What every port read gives: two stores holding the same data give equal answers. */
async function portReads(store: Store) {
  const each = async <K, T>(ids: readonly K[], read: (id: K) => Promise<T>) => {
    const answers: T[] = [];
    for (const id of ids) answers.push(await read(id));
    return answers;
  };
  const clientKeys = [
    { actor: 'visitor:vis_1', clientId: 'ca-1' },
    { actor: 'visitor:vis_1', clientId: 'long-1200' },
    { actor: 'visitor:vis_1', clientId: 'long-1300' },
    { actor: 'visitor:vis_1', clientId: 'unknown' },
  ];
  return {
    open: await store.loadOpenConversations(),
    conversations: await each(CONVERSATIONS, (id) => store.getConversation(id)),
    events: await each(CONVERSATIONS, (id) => store.readEvents(id, 0, 10_000)),
    latest: await each(VISITORS, (id) => store.latestConversationOf(id)),
    recentClosed: await store.recentClosed(100),
    clientId: await each(clientKeys, (key) => store.findClientId(key.actor, key.clientId)),
    clientIds: await store.findClientIds(clientKeys),
    history: await each(VISITORS, (id) => store.customerHistory(id, 50)),
    handleTimes: await store.recentHandleTimes(10),
    assignedAt: await store.openAssignedAt(),
    cutOffs: await store.openCutOffs(),
    starts: await store.conversationStarts(VISITORS, 0),
    visitors: await each(VISITORS, (id) => store.getVisitor(id)),
    verified: await store.findVerifiedVisitor('shop', 'u-2'),
    claim: await store.findVerifiedVisitor('shop', 'u-3'),
    phones: await store.openVisitorPhones(),
    sites: await store.listSiteAppearances(),
    agents: await store.listAgents(),
    agent: await store.getAgent('agt_2'),
    byEmail: await store.findAgentByEmail('zoe@example.COM'),
    departments: await store.listDepartments(),
    canned: await store.listCanned(),
    openCallbacks: await store.loadOpenCallbacks(),
    callback: await store.getCallback('cb_1'),
    callbackClientId: await store.findCallbackClientId('visitor:vis_2', 'k1'),
    callbacks: await store.listCallbacks({ limit: 100 }),
    pending: await store.pendingDeliveries(),
    deliveries: await store.recentDeliveries(100),
    articles: await store.listArticles(),
    faq: await store.faqActivity(0, FAR),
    logs: await store.conversationLogs(0, FAR),
    callbacksCreated: await store.callbacksCreated(0, FAR),
    staffing: await store.getStaffing('orders'),
    noStaffing: await store.getStaffing('tech'),
    reviews: await store.listQaReviews({ limit: 100 }),
  };
}

/** Rows per relay table in a PostgreSQL database, straight from SQL. */
async function pgCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const table of COPIED_TABLES) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table.name}`);
      counts[table.name] = Number(rows[0]?.n);
    }
    return counts;
  } finally {
    await client.end();
  }
}

const zeros = () => Object.fromEntries(COPIED_TABLES.map((table) => [table.name, 0]));

describe('migrateStore', () => {
  it('copies every table: the PostgreSQL store reads back what the SQLite store reads', async () => {
    const source = join(dir, 'site');
    const sqlite = sqliteIn(source);
    try {
      await fill(sqlite);
      const url = await freshDatabaseUrl();
      // The SQLite store stays open, as a running relay's would: the copy reads a snapshot.
      const summary = await migrateStore({ from: source, to: url });

      const counts = Object.fromEntries(summary.tables.map((t) => [t.table, t.rows]));
      expect(counts).toEqual(await pgCounts(url));
      expect(counts).toMatchObject({
        agents: 2,
        departments: 3,
        conversations: 5,
        events: 4 + 1 + 1 + 3 + 1_300,
        client_ids: 1 + 1 + 100,
        faq_searches: 2_500,
        callback_client_ids: 1,
      });
      expect(summary.total).toBe(Object.values(counts).reduce((sum, n) => sum + n, 0));
      expect(summary.schemaVersion).toBe(SCHEMA_VERSION);
      expect(summary.target).toMatch(/^PostgreSQL at 127\.0\.0\.1:\d+\/sb_[0-9a-f]+$/);
      const printed = describeMigration(summary);
      expect(printed).toMatch(/^ +1,309 +events$/m);
      expect(printed).toMatch(/^ +102 +sent-message ids \(client_ids\)$/m);
      expect(printed).toMatch(/^ +2,500 +FAQ searches \(faq_searches\)$/m);
      expect(printed).not.toContain(new URL(url).password);

      const postgres = await openPostgresStore(url);
      try {
        const expected = await portReads(sqlite);
        // The ties come out in the order written, on both.
        expect(expected.departments.map((d) => d.id)).toEqual(['tech', 'orders', 'billing']);
        expect(expected.history[1]?.map((c) => c.id)).toEqual(['cnv_c', 'cnv_b']);
        expect(await portReads(postgres)).toEqual(expected);

        // A relay's writes after the move go after the copied rows, as they would on SQLite.
        await later(sqlite);
        await later(postgres);
        const after = await portReads(sqlite);
        expect(after.departments.map((d) => d.id)).toEqual(['tech', 'orders', 'billing', 'sales']);
        expect(await portReads(postgres)).toEqual(after);
      } finally {
        await postgres.close();
      }
    } finally {
      await sqlite.close();
    }
  }, 60_000);

  it('refuses a database that has data, and writes nothing', async () => {
    const source = join(dir, 'site');
    const sqlite = sqliteIn(source);
    await sqlite.saveAgent(agentRecord('agt_1'));
    await sqlite.append(opened('cnv_a', 1_000));
    await sqlite.close();
    const url = await freshDatabaseUrl();
    // A relay started on it once: it seeded an agent.
    const relayed = await openPostgresStore(url);
    await relayed.saveAgent(agentRecord('agt_other'));
    await relayed.close();

    const error = await migrateStore({ from: source, to: url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrateStoreError);
    expect(error).toMatchObject({ code: 'NOT_EMPTY' });
    expect((error as Error).message).toMatch(
      /^PostgreSQL at 127\.0\.0\.1:\d+\/sb_\w+ already has data \(agents: 1\)/,
    );
    expect(await pgCounts(url)).toEqual({ ...zeros(), agents: 1 });

    // And a second copy into a database the first filled.
    const fresh = await freshDatabaseUrl();
    await migrateStore({ from: source, to: fresh });
    const filled = await pgCounts(fresh);
    await expect(migrateStore({ from: source, to: fresh })).rejects.toMatchObject({
      code: 'NOT_EMPTY',
    });
    expect(await pgCounts(fresh)).toEqual(filled);
  });

  it('rolls everything back when a count differs after the copy', async () => {
    const source = join(dir, 'site');
    const sqlite = sqliteIn(source);
    await fill(sqlite);
    await sqlite.close();
    const url = await freshDatabaseUrl();
    await (await openPostgresStore(url)).close();
    // Something on the server silently drops rows (here a trigger): the counts catch it.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`
      CREATE FUNCTION drop_late() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN IF NEW.at > 10500 THEN RETURN NULL; END IF; RETURN NEW; END $$;
      CREATE TRIGGER drop_late BEFORE INSERT ON faq_searches
        FOR EACH ROW EXECUTE FUNCTION drop_late();`);
    await client.end();

    const error = await migrateStore({ from: source, to: url }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'COUNT_MISMATCH' });
    expect((error as Error).message).toContain(
      'faq_searches: 2,500 in SQLite, 2,004 in PostgreSQL',
    );
    expect(await pgCounts(url)).toEqual(zeros());
  });

  it('names the table PostgreSQL refuses a row of, and writes nothing', async () => {
    const source = join(dir, 'site');
    const sqlite = sqliteIn(source);
    await sqlite.append(opened('cnv_a', 1_000));
    await sqlite.close();
    // An event whose conversation is gone: SQLite let it in with foreign keys off.
    const raw = new Database(join(source, 'switchboard.db'));
    raw.pragma('foreign_keys = OFF');
    raw.prepare('INSERT INTO events VALUES (?, 1, ?, ?, 5)').run('cnv_ghost', 'x', '{}');
    raw.close();
    const url = await freshDatabaseUrl();

    const error = await migrateStore({ from: source, to: url }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ROW_REFUSED' });
    expect((error as Error).message).toMatch(/^PostgreSQL refused a row of events: .*foreign key/);
    expect(await pgCounts(url)).toEqual(zeros());
  });

  it('refuses a source of another schema version, or with a table it does not copy', async () => {
    const old = join(dir, 'old');
    mkdirSync(old);
    const raw = new Database(join(old, 'switchboard.db'));
    for (const sql of MIGRATIONS.slice(0, SCHEMA_VERSION - 1)) raw.exec(sql);
    raw.pragma(`user_version = ${SCHEMA_VERSION - 1}`);
    raw.close();
    const url = await freshDatabaseUrl();
    const error = await migrateStore({ from: old, to: url }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SOURCE_VERSION' });
    expect((error as Error).message).toContain(
      `has schema version ${SCHEMA_VERSION - 1}, older than this relay's (${SCHEMA_VERSION}): ` +
        `start this relay version once on ${old}`,
    );

    const extra = join(dir, 'extra');
    await sqliteIn(extra).close();
    const db = new Database(join(extra, 'switchboard.db'));
    db.exec('CREATE TABLE surveys (id TEXT PRIMARY KEY)');
    db.close();
    await expect(migrateStore({ from: extra, to: url })).rejects.toThrow(
      /table surveys is not copied by this version/,
    );
    expect(await pgCounts(url).catch(() => 'no tables')).toBe('no tables');
  });

  it('says readably when the source or the target is not there', async () => {
    const url = await freshDatabaseUrl();
    await expect(migrateStore({ from: join(dir, 'nope'), to: url })).rejects.toThrow(
      `${join(dir, 'nope')} does not exist`,
    );
    await expect(migrateStore({ from: dir, to: url })).rejects.toThrow(
      `there is no switchboard.db in ${dir}`,
    );

    const source = join(dir, 'site');
    await sqliteIn(source).close();
    const port = await freePort();
    const error = await migrateStore({
      from: source,
      to: `postgres://switchboard:hunter2-secret@127.0.0.1:${port}/switchboard`,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect(error).toMatchObject({ code: 'UNREACHABLE' });
    expect((error as Error).message).toBe(
      `PostgreSQL at 127.0.0.1:${port} refused the connection (is it running?)`,
    );
    await expect(migrateStore({ from: source, to: 'mysql://db/switchboard' })).rejects.toThrow(
      /not a postgres:\/\/ URL/,
    );
  });

  it('knows every table and column of both schemas, in foreign-key order', async () => {
    // SQLite: a new table or column the copier does not list fails here (and the copy refuses it).
    const path = join(dir, 'schema', 'switchboard.db');
    await sqliteIn(join(dir, 'schema')).close();
    const db = new Database(path, { readonly: true });
    const sqliteTables = (
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as Array<{ name: string }>
    )
      .map((row) => row.name)
      .sort();
    expect(COPIED_TABLES.map((table) => table.name).sort()).toEqual(sqliteTables);
    for (const table of COPIED_TABLES) {
      const columns = (db.pragma(`table_info(${table.name})`) as Array<{ name: string }>).map(
        (column) => column.name,
      );
      expect(`${table.name}: ${[...table.columns].sort()}`).toBe(
        `${table.name}: ${columns.sort()}`,
      );
    }
    db.close();

    // PostgreSQL: the same tables and columns, plus `ord` exactly where the copier sets it, and
    // BOOLEAN exactly where it converts 0/1.
    const url = await freshDatabaseUrl();
    await (await openPostgresStore(url)).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ table: string; column: string; type: string }>(
        `SELECT table_name AS table, column_name AS column, data_type AS type
           FROM information_schema.columns WHERE table_schema = current_schema()`,
      );
      const pgTables = [...new Set(rows.map((row) => row.table))]
        // The schema's version and the cluster's lease are the database's own, not data to copy.
        .filter((name) => name !== 'schema_migrations' && name !== 'leases')
        .sort();
      expect(pgTables).toEqual(sqliteTables);
      for (const table of COPIED_TABLES) {
        const own = rows.filter((row) => row.table === table.name);
        const columns = own.map((row) => row.column).filter((name) => name !== 'ord');
        expect(`${table.name}: ${columns.sort()}`).toBe(
          `${table.name}: ${[...table.columns].sort()}`,
        );
        expect(`${table.name} ord: ${own.some((row) => row.column === 'ord')}`).toBe(
          `${table.name} ord: ${table.ord === true}`,
        );
        const flags = own.filter((row) => row.type === 'boolean').map((row) => row.column);
        expect(`${table.name} booleans: ${flags.sort()}`).toBe(
          `${table.name} booleans: ${[...(table.booleans ?? [])].sort()}`,
        );
      }
      const order = COPIED_TABLES.map((table) => table.name);
      const { rows: keys } = await client.query<{ child: string; parent: string }>(
        `SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent
           FROM pg_constraint WHERE contype = 'f'`,
      );
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(order.indexOf(key.parent), `${key.child} -> ${key.parent}`).toBeLessThan(
          order.indexOf(key.child),
        );
      }
    } finally {
      await client.end();
    }
  });
});
