import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  maskPostgresUrl,
  openPostgresStore,
  POSTGRES_MIGRATIONS,
  POSTGRES_SCHEMA_VERSION,
  StoreOpenError,
} from '../../src/store/postgres.js';
import type { Store } from '../../src/store/types.js';
import {
  dropFreshDatabases,
  freePort,
  freshDatabaseUrl,
  type PostgresServer,
  startPostgres,
} from '../helpers/postgres.js';
import {
  agentRecord,
  batch,
  created,
  delivery,
  department,
  message,
  visitorRecord,
} from './contracts/fixtures.js';

/**
 * What only the PostgreSQL store has: its migrations and their lock, its open errors, its type
 * parsers, transactions on a server, a server that goes away. The ports' promises are in
 * contracts/, run against every store by ports.test.ts.
 */

afterAll(dropFreshDatabases);

/** Rows of one query on a database, on a connection of its own (pg's global parsers). */
async function query<R extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

const migrations = (url: string) =>
  query<{ version: number; name: string; applied_at: string }>(
    url,
    'SELECT version, name, applied_at::text FROM schema_migrations ORDER BY version',
  );

/** How the open of `url` fails. */
async function openError(url: string): Promise<StoreOpenError> {
  const error = await openPostgresStore(url).then(
    () => {
      throw new Error('opened');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreOpenError);
  return error as StoreOpenError;
}

describe('postgres store: migrations', () => {
  it('creates the schema on a fresh database and records each migration once', async () => {
    const url = await freshDatabaseUrl();
    await (await openPostgresStore(url)).close();
    const tables = await query<{ table_name: string }>(
      url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'
       ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'agents',
      'article_feedback',
      'article_views',
      'articles',
      'callback_client_ids',
      'callbacks',
      'canned',
      'client_ids',
      'conversations',
      'departments',
      'events',
      'faq_searches',
      'leases',
      'qa_reviews',
      'schema_migrations',
      'site_appearance',
      'staffing',
      'visitors',
      'webhook_deliveries',
    ]);
    expect((await migrations(url)).map((m) => [m.version, m.name])).toEqual(
      POSTGRES_MIGRATIONS.map((m) => [m.version, m.name]),
    );
    expect(POSTGRES_SCHEMA_VERSION).toBe(POSTGRES_MIGRATIONS.at(-1)!.version);
  });

  it('opens an up-to-date database without applying anything again', async () => {
    const url = await freshDatabaseUrl();
    await (await openPostgresStore(url)).close();
    const before = await migrations(url);
    const again = await openPostgresStore(url);
    expect(again.isOpen()).toBe(true);
    await again.close();
    expect(await migrations(url)).toEqual(before);
  });

  it('lets stores that open one fresh database at the same moment all start; each migration runs once', async () => {
    const url = await freshDatabaseUrl();
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(url)));
    expect(stores.map((s) => s.isOpen())).toEqual([true, true, true]);
    expect((await migrations(url)).map((m) => m.version)).toEqual(
      POSTGRES_MIGRATIONS.map((m) => m.version),
    );
    // One database behind them all.
    await stores[0]!.saveDepartment(department('orders'));
    expect(await stores[2]!.listDepartments()).toEqual([department('orders')]);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('refuses a database migrated by a newer relay', async () => {
    const url = await freshDatabaseUrl();
    await (await openPostgresStore(url)).close();
    const newer = POSTGRES_SCHEMA_VERSION + 1;
    await query(
      url,
      "INSERT INTO schema_migrations (version, name) VALUES ($1, 'from a newer relay')",
      [newer],
    );
    const error = await openError(url);
    expect(error.code).toBe('TOO_NEW');
    expect(error.message).toBe(
      `the database schema is version ${newer}, newer than this relay knows (${POSTGRES_SCHEMA_VERSION}); upgrade the relay`,
    );
  });
});

describe('postgres store: open errors name the server, never the password', () => {
  const server = () => new URL(inject('postgresUrl'));

  it('tells a port where nothing listens', async () => {
    const port = await freePort();
    const error = await openError(`postgres://postgres:pw-n0body-hears@127.0.0.1:${port}/sb`);
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toBe(
      `PostgreSQL at 127.0.0.1:${port} refused the connection (is it running?)`,
    );
  });

  it('tells a database that does not exist', async () => {
    const url = server();
    url.pathname = '/sb_missing';
    const error = await openError(url.toString());
    expect(error.code).toBe('NO_DATABASE');
    expect(error.message).toContain('database "sb_missing" does not exist');
    expect(error.message).toContain(`127.0.0.1:${url.port}`);
    expect(error.message).not.toContain(url.password);
  });

  it('tells a wrong password, without repeating it', async () => {
    const url = server();
    const right = url.password;
    url.password = 'wr0ng-pa55word';
    const error = await openError(url.toString());
    expect(error.code).toBe('AUTH');
    expect(error.message).toContain('password authentication failed for user "postgres"');
    for (const secret of ['wr0ng-pa55word', right]) {
      expect(error.message).not.toContain(secret);
      expect(String(error.cause)).not.toContain(secret);
    }
  });

  it('tells a URL that is not a postgres:// one, without repeating it', async () => {
    for (const url of ['mysql://app:s3cret@db/sb', 'not a url, s3cret', '']) {
      const error = await openError(url);
      expect(error.code).toBe('BAD_URL');
      expect(error.message).toMatch(/^not a postgres:\/\/ URL/);
      expect(error.message).not.toContain('s3cret');
    }
    expect(maskPostgresUrl('postgres://app:s3cret@db:5432/sb')).toBe(
      'postgres://app:***@db:5432/sb',
    );
  });
});

describe('postgres store: transactions on the server', () => {
  const count = async (url: string, table: string) =>
    Number((await query<{ n: string }>(url, `SELECT count(*) AS n FROM ${table}`))[0]!.n);

  it('keeps nothing of a group the database refuses half-way', async () => {
    const url = await freshDatabaseUrl();
    const store = await openPostgresStore(url);
    await store.saveAgent(agentRecord('agt_1'));
    // The seq checks pass; the unique index on verified users refuses the second command.
    await expect(
      store.writeAll([
        {
          appends: [batch([created(), message(2, 'c1')])],
          presence: [{ agentId: 'agt_1', presence: 'away' }],
          departments: [department('orders')],
          deliveries: [delivery('wh_1')],
          visitors: [visitorRecord('vis_a', { userId: 'u-1', verified: true })],
        },
        { visitors: [visitorRecord('vis_b', { userId: 'u-1', verified: true })] },
      ]),
    ).rejects.toThrow(/visitors_verified_user/);
    for (const table of [
      'conversations',
      'events',
      'client_ids',
      'departments',
      'webhook_deliveries',
      'visitors',
    ]) {
      expect(await count(url, table)).toBe(0);
    }
    expect(await store.getAgent('agt_1')).toMatchObject({ presence: 'online' });
    // The connection went back to the pool clean: the next group is written.
    await store.writeAll([{ appends: [batch([created()])] }]);
    expect(await count(url, 'events')).toBe(1);
    await store.close();
  });

  it('lets one of two stores on a database append after a seq, and refuses the other', async () => {
    const url = await freshDatabaseUrl();
    const [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    const first = batch([created()]);
    await a.append(first);
    await a.append(batch([message(2, 'c1')], first.conversation));
    // b still believes the log ends at 1: the stored last_seq says otherwise.
    await expect(b.append(batch([message(2, 'c2')], first.conversation))).rejects.toThrow(
      'conversation cnv_1: event seq 2 does not follow 2',
    );
    expect((await b.readEvents('cnv_1', 0, 10)).map((e) => e.seq)).toEqual([1, 2]);
    expect(await b.findClientId('visitor:vis_1', 'c2')).toBeNull();
    // At the same moment: one wins, the other writes nothing.
    const second = (await a.getConversation('cnv_1'))!;
    const results = await Promise.allSettled([
      a.append(batch([message(3, 'c3')], second)),
      b.append(batch([message(3, 'c4')], second)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await count(url, 'events')).toBe(3);
    expect(await count(url, 'client_ids')).toBe(2);
    await Promise.all([a.close(), b.close()]);
  });

  it('writes a large group in order: many conversations, batches chained across commands', async () => {
    const url = await freshDatabaseUrl();
    const store = await openPostgresStore(url);
    const ids = Array.from({ length: 40 }, (_, i) => `cnv_${String(i).padStart(2, '0')}`);
    const opened = ids.map((id) => batch([created(10)], null, id));
    const group = [
      ...opened.map((b) => ({ appends: [b] })),
      ...opened.map((b) => ({
        appends: [
          batch([message(2, `${b.conversation.id}-m2`)], b.conversation, b.conversation.id),
        ],
      })),
    ];
    await store.writeAll(group);
    expect(await count(url, 'events')).toBe(80);
    expect(await count(url, 'client_ids')).toBe(40);
    expect((await store.loadOpenConversations()).map((c) => [c.id, c.lastSeq])).toEqual(
      ids.map((id) => [id, 2]),
    );
    // Newest written first among those created at the same time: the group's order.
    expect((await store.customerHistory('vis_1', 3)).map((c) => c.id)).toEqual([
      'cnv_39',
      'cnv_38',
      'cnv_37',
    ]);
    await store.close();
  });
});

describe('postgres store: types', () => {
  it('gives BIGINT columns as numbers, in its own pool only', async () => {
    const store = await openPostgresStore(await freshDatabaseUrl());
    const at = 1_760_000_000_123; // past 2^31: an int8 column
    await store.createVisitor(visitorRecord('vis_1', { createdAt: at }));
    await store.saveAgent(agentRecord('agt_1', { createdAt: at }));
    await store.append(
      batch([
        created(at),
        { type: 'conversation.assigned', seq: 2, at: at + 5, agent: { id: 'agt_1', name: 'A' } },
      ]),
    );
    await store.logSearch({
      siteId: 'demo',
      visitorId: 'vis_1',
      query: 'q',
      results: 1,
      purpose: 'search',
      at,
    });
    await store.write({ deliveries: [delivery('wh_1', { createdAt: at, nextAttemptAt: at })] });
    expect((await store.getVisitor('vis_1'))?.createdAt).toBe(at);
    expect((await store.listAgents())[0]?.createdAt).toBe(at);
    expect(await store.openAssignedAt()).toEqual(new Map([['cnv_1', at + 5]]));
    expect(await store.conversationStarts(['vis_1'], 0)).toEqual([{ visitorId: 'vis_1', at }]);
    expect((await store.faqActivity(0, at + 1)).searches[0]?.at).toBe(at);
    expect((await store.pendingDeliveries())[0]).toMatchObject({
      createdAt: at,
      nextAttemptAt: at,
    });
    // pg's global parsers are untouched: another pg user in the process still gets strings.
    expect(pg.types.getTypeParser(20, 'text')('1760000000123')).toBe('1760000000123');
    await store.close();
  });
});

describe('postgres store: a server that goes away', () => {
  // A server of this file's own, so stopping it stops no other test.
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = await startPostgres({ keepCommits: true });
  }, 120_000);
  afterAll(() => server?.destroy(), 60_000);

  it('rejects calls while it is down, and works again once it is back', async () => {
    const url = await freshDatabaseUrl(server!.url);
    const store: Store = await openPostgresStore(url, { connectTimeoutMs: 2_000 });
    const first = batch([created()]);
    await store.append(first);
    await store.listAgents(); // two pooled connections, idle when the server goes
    await server!.stop();

    const started = Date.now();
    await expect(store.getConversation('cnv_1')).rejects.toThrow();
    await expect(store.append(batch([message(2, 'c1')], first.conversation))).rejects.toThrow();
    await expect(store.writeAll([{ departments: [department('orders')] }])).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(store.isOpen()).toBe(true);

    await server!.start();
    expect(await store.getConversation('cnv_1')).toMatchObject({ lastSeq: 1 });
    await store.append(batch([message(2, 'c1')], first.conversation));
    expect((await store.readEvents('cnv_1', 0, 10)).map((e) => e.seq)).toEqual([1, 2]);
    await store.close();
  }, 120_000);

  it('rejects calls while it answers nothing (a partition), and works again after', async () => {
    const url = await freshDatabaseUrl(server!.url);
    const store = await openPostgresStore(url, { connectTimeoutMs: 1_000, queryTimeoutMs: 1_000 });
    const first = batch([created()]);
    await store.append(first);
    server!.pause();
    try {
      const started = Date.now();
      // A pooled connection whose statement gets no answer, then new ones that get no greeting.
      await expect(store.getConversation('cnv_1')).rejects.toThrow(/timeout/i);
      const [append, read] = await Promise.allSettled([
        store.append(batch([message(2, 'c1')], first.conversation)),
        store.listAgents(),
      ]);
      expect(append).toMatchObject({
        status: 'rejected',
        reason: { name: 'StoreUnavailableError' },
      });
      expect(read).toMatchObject({
        status: 'rejected',
        reason: { message: expect.stringMatching(/timeout/i) },
      });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      server!.resume();
    }
    // The timed-out connections were dropped, not pooled again: the store works at once. The
    // append was sent before the freeze, so the server may still have run it after the thaw
    // (its outcome was 'unknown'): it is there once, or not at all, and the next one follows.
    const stored = (await store.readEvents('cnv_1', 0, 10)).map((e) => e.seq);
    expect([[1], [1, 2]]).toContainEqual(stored);
    const second = batch([message(2, 'c1')], first.conversation);
    if (stored.length === 1) await store.append(second);
    await store.append(batch([message(3, 'c2')], second.conversation));
    expect((await store.readEvents('cnv_1', 0, 10)).map((e) => e.seq)).toEqual([1, 2, 3]);
    await store.close();
  }, 120_000);
});
