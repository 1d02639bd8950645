import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEvent } from '@switchboard/shared';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openSqliteStore, SCHEMA_VERSION } from '../../src/store/sqlite.js';
import { created } from './contracts/fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * What only the SQLite store has: its file, its pragmas, its migrations. The ports' promises are
 * in contracts/, run against every store by ports.test.ts.
 */
describe('sqlite store on disk', () => {
  it('migrates by user_version, uses WAL and FULL sync by default', async () => {
    const path = join(dir, 'switchboard.db');
    await openSqliteStore(path).close();
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual([
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
      'qa_reviews',
      'site_appearance',
      'staffing',
      'visitors',
      'webhook_deliveries',
    ]);
    db.close();
    // Reopening an up-to-date database runs nothing and keeps the version.
    await openSqliteStore(path, { synchronous: 'normal' }).close();
  });

  it('migrates a database written by the first relay (schema 1)', async () => {
    const path = join(dir, 'switchboard.db');
    const db = new Database(path);
    db.exec(MIGRATIONS[0]!);
    db.pragma('user_version = 1');
    const summary = applyEvent(
      null,
      { ...created(), routing: { departmentId: 'orders', skills: [], priority: 0 } },
      'demo',
      'cnv_1',
    )!;
    db.prepare(
      `INSERT INTO conversations (id, site_id, visitor_id, status, created_at, updated_at, last_seq, summary)
       VALUES ('cnv_1', 'demo', 'vis_1', 'waiting', 1000, 1000, 1, ?)`,
    ).run(JSON.stringify(summary));
    db.prepare(
      `INSERT INTO agents (id, email, name, role, password_hash, created_at)
       VALUES ('agt_1', 'maya@example.com', 'Maya', 'agent', 'x', 1)`,
    ).run();
    db.close();
    const store = openSqliteStore(path);
    expect(await store.getAgent('agt_1')).toMatchObject({ presence: 'online' });
    expect(await store.loadOpenConversations()).toEqual([summary]);
    expect(await store.listDepartments()).toEqual([]);
    await store.close();
    const after = new Database(path);
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(after.prepare('SELECT department_id FROM conversations').get()).toEqual({
      department_id: 'orders',
    });
    after.close();
  });

  it('refuses a database from a newer relay', async () => {
    const path = join(dir, 'switchboard.db');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openSqliteStore(path)).toThrow(/newer than this relay/);
  });
});

describe('sqlite migration to schema 3', () => {
  it('adds callbacks to a database of the routing relay (schema 2), keeping its rows', () => {
    const path = join(dir, 'switchboard.db');
    const db = new Database(path);
    db.exec(MIGRATIONS[0]!);
    db.exec(MIGRATIONS[1]!);
    db.pragma('user_version = 2');
    db.prepare(
      "INSERT INTO visitors (id, site_id, name, created_at) VALUES ('vis_1', 'demo', 'V', 1)",
    ).run();
    db.close();
    return (async () => {
      const store = openSqliteStore(path);
      expect(await store.getVisitor('vis_1')).toEqual({
        id: 'vis_1',
        siteId: 'demo',
        name: 'V',
        createdAt: 1,
      });
      expect(await store.loadOpenCallbacks()).toEqual([]);
      await store.close();
      const after = new Database(path);
      expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
      after.close();
    })();
  });
});

describe('sqlite migration to the FAQ schema', () => {
  it('adds the FAQ tables to a schema 3 database', async () => {
    const path = join(dir, 'switchboard.db');
    const db = new Database(path);
    for (const migration of MIGRATIONS.slice(0, 3)) db.exec(migration);
    db.pragma('user_version = 3');
    db.close();
    const store = openSqliteStore(path);
    expect(await store.listArticles()).toEqual([]);
    await store.close();
    const after = new Database(path);
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(6);
    after.close();
  });
});

describe('new visitors on SQLite', () => {
  const visitor = (i: number) => ({
    id: `vis_${i}`,
    siteId: 'demo',
    name: `Visitor ${i}`,
    createdAt: i,
  });

  it('arriving together are committed in one transaction, each answered once it is stored', async () => {
    const path = join(dir, 'switchboard.db');
    const store = openSqliteStore(path);
    await store.createVisitor(visitor(0));
    const walBefore = statSync(`${path}-wal`).size;
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.createVisitor(visitor(i + 1))));
    // One commit writes the few pages it changed; 50 commits would write at least 50 frames.
    const pageBytes = 4096 + 24;
    expect(statSync(`${path}-wal`).size - walBefore).toBeLessThan(10 * pageBytes);
    for (const i of [1, 25, 50])
      expect((await store.getVisitor(`vis_${i}`))?.name).toBe(`Visitor ${i}`);
    await store.close();
  });

  it('one the database refuses fails alone; the others of its group are stored', async () => {
    const store = openSqliteStore(join(dir, 'switchboard.db'));
    const bad = { ...visitor(2), siteId: null as unknown as string }; // site_id is NOT NULL
    const results = await Promise.allSettled([
      store.createVisitor(visitor(1)),
      store.createVisitor(bad),
      store.createVisitor(visitor(3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await store.getVisitor('vis_1')).not.toBeNull();
    expect(await store.getVisitor('vis_2')).toBeNull();
    expect(await store.getVisitor('vis_3')).not.toBeNull();
    await store.close();
  });

  it('still waiting when the store closes are written first', async () => {
    const path = join(dir, 'switchboard.db');
    const store = openSqliteStore(path);
    const pending = store.createVisitor(visitor(7));
    await store.close();
    await pending;
    const reopened = openSqliteStore(path);
    expect((await reopened.getVisitor('vis_7'))?.name).toBe('Visitor 7');
    await reopened.close();
  });
});
