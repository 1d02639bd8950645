// `switchboard migrate-store`: a demo site moved from SQLite to PostgreSQL with the built CLI, then
// a relay on each asked the same questions. It starts its own PostgreSQL (so it is left out of the
// integration-pg project, whose relays get theirs from the global setup).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AgentWelcome,
  ArticlesList,
  ConversationEvents,
  CustomerConversations,
  FaqMetricsFrame,
  ForecastFrame,
  KpiReport,
  QaReviews,
  WebhookDeliveries,
} from '@switchboard/shared';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../packages/server/src/store/sqlite.js';
import {
  dropFreshDatabases,
  freshDatabaseUrl,
  type PostgresServer,
  startPostgres,
} from '../../packages/server/test/helpers/postgres.js';
import { ensureBuilt, freePort, runCli } from './helpers/cli.js';
import {
  agentSession,
  clientId,
  closeAllSockets,
  request,
  visitorSession,
} from './helpers/clients.js';
import { priya } from './helpers/demo-agents.js';
import { startRelay } from './helpers/relay.js';

/** The few calls of better-sqlite3 used here, to count the source's rows independently. */
interface ReadOnlySqlite {
  prepare(sql: string): { all(): unknown[]; get(): unknown };
  close(): void;
}
// The server package's better-sqlite3 (the tests package does not depend on it).
const Sqlite = createRequire(new URL('../../packages/server/package.json', import.meta.url))(
  'better-sqlite3',
) as new (
  file: string,
  options: { readonly: boolean },
) => ReadOnlySqlite;

let server: PostgresServer;
let dir: string;
beforeAll(async () => {
  await ensureBuilt();
  server = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'switchboard-migrate-'));
}, 180_000);
afterAll(async () => {
  await dropFreshDatabases();
  await server?.destroy();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(closeAllSockets);

/** Rows of every table of a SQLite file, by `sqlite_master`: whatever the copier knows. */
function sqliteCounts(file: string): Record<string, number> {
  const db = new Sqlite(file, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as Array<{ name: string }>;
    return Object.fromEntries(
      tables.map(({ name }) => [
        name,
        (db.prepare(`SELECT count(*) AS n FROM ${name}`).get() as { n: number }).n,
      ]),
    );
  } finally {
    db.close();
  }
}

/** Rows of every table of a PostgreSQL database but the migrations' own. */
async function postgresCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_name NOT IN ('schema_migrations', 'leases')`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of rows) {
      const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${name}`);
      counts[name] = Number(result.rows[0]?.n);
    }
    return counts;
  } finally {
    await client.end();
  }
}

/** The counts `migrate-store` printed, by table (`  4,120  events`, `  12  QA reviews (qa_reviews)`). */
function printedCounts(stdout: string): { tables: Record<string, number>; total: number } {
  const tables: Record<string, number> = {};
  let total = Number.NaN;
  for (const line of stdout.split('\n')) {
    const row = /^ +([\d,]+) {2}(.+)$/.exec(line);
    if (!row) continue;
    const count = Number(row[1]?.replaceAll(',', ''));
    const what = row[2] ?? '';
    if (what.startsWith('rows in all')) total = count;
    else tables[/\((\w+)\)$/.exec(what)?.[1] ?? what] = count;
  }
  return { tables, total };
}

/**
 * What a supervisor's console sees of a relay's data: the welcome (inbox, departments, canned
 * replies, sites, callbacks), the KPI reports by day and hour, the FAQ metrics, each department's
 * forecast, the QA reviews, the articles, the webhook log, both CSV exports, every conversation of
 * the range with its events, and every visitor's history.
 */
async function consoleView(url: string, range: { from: number; to: number }) {
  const { socket, welcome, login } = await agentSession(url, priya);
  // Live numbers of this moment (agents online, today's counters): not part of the stored data.
  const { wallboard: _wallboard, routing: _routing, ...stored }: AgentWelcome = welcome;
  const kpis = {
    day: await request<KpiReport>(socket, { type: 'kpi.get', ...range, bucket: 'day' }),
    hour: await request<KpiReport>(socket, { type: 'kpi.get', ...range, bucket: 'hour' }),
  };
  const forecasts: ForecastFrame[] = [];
  for (const department of welcome.departments ?? []) {
    forecasts.push(
      await request<ForecastFrame>(socket, {
        type: 'forecast.get',
        departmentId: department.id,
        weeks: 2,
      }),
    );
  }
  const csv = async (kind: string) => {
    const response = await fetch(
      `${url}/api/v1/export/${kind}.csv?from=${range.from}&to=${range.to}`,
      { headers: { authorization: `Bearer ${login.token}` } },
    );
    expect(response.status).toBe(200);
    return response.text();
  };
  const conversationsCsv = await csv('conversations');
  const ids = conversationsCsv
    .split('\r\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(',')[0] ?? '');
  const logs: ConversationEvents[] = [];
  for (const conversationId of ids) {
    const log = await request<ConversationEvents>(socket, {
      type: 'conversation.open',
      conversationId,
      afterSeq: 0,
    });
    expect(log.type, JSON.stringify(log)).toBe('conversation.events');
    logs.push(log);
  }
  const histories: CustomerConversations[] = [];
  for (const visitorId of new Set(logs.map((log) => log.conversation.visitor.id))) {
    histories.push(
      await request<CustomerConversations>(socket, { type: 'customer.history', visitorId }),
    );
  }
  const view = {
    stored,
    kpis,
    faq: await request<FaqMetricsFrame>(socket, { type: 'faq.metrics.get', ...range }),
    forecasts,
    qa: await request<QaReviews>(socket, { type: 'qa.reviews.get' }),
    articles: await request<ArticlesList>(socket, { type: 'articles.get' }),
    webhooks: await request<WebhookDeliveries>(socket, { type: 'webhooks.log' }),
    conversationsCsv,
    kpisCsv: await csv('kpis'),
    logs,
    histories,
  };
  socket.disconnect();
  return view;
}

describe('switchboard migrate-store', () => {
  it('copies a site to PostgreSQL, where a relay shows what the SQLite relay shows', async () => {
    const source = join(dir, 'site');
    // PORT 0: demo-history refuses while something listens on the configured port.
    const demo = await runCli(['demo-history', '--data-dir', source, '--seed', '7'], {
      env: { PORT: '0' },
      timeoutMs: 120_000,
    });
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    const historyFrom = Date.parse(/ (\S+) to \S+\.\n$/.exec(demo.stdout)?.[1] ?? '');
    expect(historyFrom).toBeGreaterThan(0);
    // The console view is hundreds of frames in a row: above an agent socket's frame limit.
    const limits = { framesPerSocketPerSecond: 100_000 };

    // Live use on top of the history, for the tables it leaves empty: a chat (a visitor, a
    // sent-message id), a staffing plan (the forecast reads it), a saved appearance.
    const live = await startRelay({ dataDir: source, limits });
    try {
      const boss = await agentSession(live.url, priya);
      const { socket: visitor } = await visitorSession(live.url);
      const ack = await request(visitor, {
        type: 'chat.send',
        clientId: clientId(),
        text: 'Do you ship to Norway?',
      });
      const conversationId = ack.type === 'chat.ack' ? ack.conversationId : '';
      const ok = { type: 'ok' };
      expect(await request(boss.socket, { type: 'conversation.close', conversationId })).toEqual(
        ok,
      );
      const scheduled = Array.from({ length: 168 }, (_, hour) => (hour % 24 >= 8 ? 3 : 1));
      expect(
        await request(boss.socket, { type: 'staffing.save', departmentId: 'orders', scheduled }),
      ).toEqual(ok);
      const site = boss.welcome.sites?.[0];
      expect(site).toBeDefined();
      expect(
        await request(boss.socket, { type: 'site.save', site: { ...site, color: '#0a7d55' } }),
      ).toEqual(ok);
    } finally {
      closeAllSockets();
      await live.close();
    }
    // The history and the live chat: every conversation there is.
    const range = { from: historyFrom, to: Date.now() + 1 };
    const url = await freshDatabaseUrl(server.url);

    const copy = await runCli(['migrate-store', '--from', source, '--to', url], {
      timeoutMs: 120_000,
    });
    expect(copy.stderr).toBe('');
    expect(copy.code).toBe(0);
    const where = `127.0.0.1:${server.port}/${new URL(url).pathname.slice(1)}`;
    expect(copy.stdout).toContain(`to PostgreSQL at ${where}:\n`);
    expect(copy.stdout).not.toContain(server.password);
    // Every table of the source printed with its count, the same in PostgreSQL.
    const printed = printedCounts(copy.stdout);
    const inSqlite = sqliteCounts(join(source, 'switchboard.db'));
    expect(printed.tables).toEqual(inSqlite);
    expect(await postgresCounts(url)).toEqual(inSqlite);
    expect(printed.total).toBe(Object.values(inSqlite).reduce((sum, n) => sum + n, 0));
    expect(inSqlite.conversations).toBeGreaterThan(100);
    expect(inSqlite.qa_reviews).toBeGreaterThan(0);
    expect(inSqlite.faq_searches).toBeGreaterThan(0);
    expect(inSqlite).toMatchObject({ visitors: 1, client_ids: 1, staffing: 1, site_appearance: 1 });

    const onSqlite = await startRelay({ dataDir: source, limits });
    const onPostgres = await startRelay({ storage: { url }, limits });
    try {
      const before = await consoleView(onSqlite.url, range);
      const after = await consoleView(onPostgres.url, range);
      expect(before.logs.length).toBe(inSqlite.conversations);
      expect(before.kpis.day.totals.contacts).toBeGreaterThan(100);
      expect(before.forecasts.length).toBeGreaterThan(0);
      expect(before.qa.reviews.length).toBeGreaterThan(0);
      expect(after).toEqual(before);
    } finally {
      await onSqlite.close();
      await onPostgres.close();
    }

    // Again into the same database: refused, nothing written.
    const counts = await postgresCounts(url);
    const again = await runCli(['migrate-store', '--from', source, '--to', url], {
      timeoutMs: 60_000,
    });
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(
      new RegExp(
        `^migrate-store: PostgreSQL at ${where.replaceAll('.', '\\.')} already has data \\(agents: \\d+, `,
      ),
    );
    expect(again.stderr).toContain('nothing was written\n');
    expect(again.stderr.split('\n')).toHaveLength(2);
    expect(await postgresCounts(url)).toEqual(counts);
  }, 300_000);

  it('exits 1 with one readable line, never the password, when PostgreSQL cannot be reached', async () => {
    const source = join(dir, 'small');
    await openSqliteStore(join(source, 'switchboard.db')).close();
    const port = await freePort(); // nothing listens there
    const result = await runCli([
      'migrate-store',
      '--from',
      source,
      '--to',
      `postgres://switchboard:hunter2-secret@127.0.0.1:${port}/switchboard`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `migrate-store: PostgreSQL at 127.0.0.1:${port} refused the connection (is it running?)\n`,
    );
    expect(result.stdout + result.stderr).not.toContain('hunter2');

    // The URL may come from DATABASE_URL instead.
    const fromEnv = await runCli(['migrate-store', '--from', source], {
      env: { DATABASE_URL: `postgres://switchboard:hunter2-secret@127.0.0.1:${port}/switchboard` },
    });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toBe(result.stderr);
  });

  it('exits 1 readably when --from holds no database, 2 without --from or a URL', async () => {
    const url = await freshDatabaseUrl(server.url);
    const empty = mkdtempSync(join(dir, 'empty-'));
    const none = await runCli(['migrate-store', '--from', empty, '--to', url]);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      `migrate-store: there is no switchboard.db in ${empty} (give the data directory of a relay ` +
        'that kept its data in SQLite)\n',
    );
    const missing = await runCli(['migrate-store', '--from', join(dir, 'nowhere'), '--to', url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `migrate-store: ${join(dir, 'nowhere')} does not exist (give the relay's data directory)\n`,
    );
    expect(await postgresCounts(url)).toEqual({});

    const noFrom = await runCli(['migrate-store', '--to', url]);
    expect(noFrom.code).toBe(2);
    expect(noFrom.stderr).toMatch(/^migrate-store needs --from <the SQLite data dir>/);
    const noTo = await runCli(['migrate-store', '--from', empty]);
    expect(noTo.code).toBe(2);
    expect(noTo.stderr).toMatch(/^migrate-store needs --to <postgres URL> \(or DATABASE_URL\)/);
  });
});
