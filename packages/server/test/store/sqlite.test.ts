import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEvent, type Department } from '@switchboard/shared';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import { MIGRATIONS, openSqliteStore, SCHEMA_VERSION } from '../../src/store/sqlite.js';
import type { AppendBatch, Store } from '../../src/store/types.js';
import { batch, created, message } from './contracts/fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const stores: Array<[string, (path: string) => Store]> = [
  ['sqlite', (path) => openSqliteStore(path)],
  ['memory', () => createMemoryStore()],
];

describe.each(stores)('%s store contract', (_, open) => {
  it('keeps visitors and agents', async () => {
    const store = open(join(dir, 'db.sqlite'));
    await store.createVisitor({ id: 'vis_1', siteId: 'demo', name: 'Visitor 1234', createdAt: 1 });
    await store.createVisitor({ id: 'vis_1', siteId: 'demo', name: 'Visitor 9999', createdAt: 2 });
    expect(await store.getVisitor('vis_1')).toEqual({
      id: 'vis_1',
      siteId: 'demo',
      name: 'Visitor 1234',
      createdAt: 1,
    });
    const agent = {
      id: 'agt_1',
      email: 'maya@example.com',
      name: 'Maya',
      role: 'agent' as const,
      passwordHash: 'scrypt$1$1$1$a$b',
      disabled: false,
      createdAt: 1,
    };
    await store.saveAgent(agent);
    expect(await store.findAgentByEmail('MAYA@example.com')).toEqual({
      ...agent,
      presence: 'online',
    });
    await store.write({ presence: [{ agentId: 'agt_1', presence: 'away' }] });
    // Saving the agent again (config sync at start-up) keeps their presence.
    await store.saveAgent({ ...agent, disabled: true });
    expect(await store.getAgent('agt_1')).toMatchObject({ disabled: true, presence: 'away' });
    expect(await store.listAgents()).toHaveLength(1);
    await expect(
      store.write({ presence: [{ agentId: 'agt_x', presence: 'away' }] }),
    ).rejects.toThrow();
    await store.close();
  });

  it('writes a command touching several conversations in one transaction', async () => {
    const store = open(join(dir, 'db.sqlite'));
    const a = batch([created()], null, 'cnv_a');
    const b = batch([created()], null, 'cnv_b');
    await store.write({ appends: [a, b], departments: [department('orders')] });
    expect((await store.loadOpenConversations()).map((c) => c.id).sort()).toEqual([
      'cnv_a',
      'cnv_b',
    ]);
    // The second batch does not follow: nothing of the write is kept, not even the first.
    const good = batch([message(2, 'c9')], a.conversation, 'cnv_a');
    const bad = batch([message(5, 'c8')], b.conversation, 'cnv_b');
    await expect(
      store.write({ appends: [good, bad], departments: [department('tech')] }),
    ).rejects.toThrow();
    expect(await store.readEvents('cnv_a', 0, 10)).toHaveLength(1);
    expect((await store.listDepartments()).map((d) => d.id)).toEqual(['orders']);
    await store.close();
  });

  it('writes a group of commands in one transaction, each seeing the ones before, or none', async () => {
    const store = open(join(dir, 'db.sqlite'));
    const first = batch([created()]);
    const second = batch([message(2, 'c1')], first.conversation);
    const third = batch([message(3, 'c2')], second.conversation);
    // In order: the second and third follow the first; a later department save wins.
    await store.writeAll([
      { appends: [first], departments: [department('orders')] },
      { appends: [second] },
      { appends: [third], departments: [{ ...department('orders'), name: 'Renamed' }] },
    ]);
    expect((await store.readEvents('cnv_1', 0, 10)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(await store.findClientId('visitor:vis_1', 'c2')).toMatchObject({ seq: 3 });
    expect((await store.listDepartments()).map((d) => d.name)).toEqual(['Renamed']);
    // The last command's clientId is taken (a resend stored twice): none of the group is kept.
    const fourth = batch([message(4, 'c3')], third.conversation);
    const again = batch([message(5, 'c1')], fourth.conversation);
    await expect(
      store.writeAll([
        { appends: [fourth], departments: [department('tech')] },
        {
          cannedSaved: [{ id: 'cr_9', shortcut: 'later', title: 'Later', text: 'Back soon.' }],
        },
        { appends: [again] },
      ]),
    ).rejects.toThrow();
    expect((await store.readEvents('cnv_1', 0, 10)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(await store.findClientId('visitor:vis_1', 'c3')).toBeNull();
    expect((await store.listDepartments()).map((d) => d.id)).toEqual(['orders']);
    expect(await store.listCanned()).toEqual([]);
    expect(await store.loadOpenConversations()).toEqual([third.conversation]);
    await store.close();
  });

  it('keeps departments and canned responses', async () => {
    const store = open(join(dir, 'db.sqlite'));
    await store.saveDepartment(department('orders'));
    await store.write({ departments: [{ ...department('orders'), name: 'Orders & returns' }] });
    expect(await store.listDepartments()).toEqual([
      { ...department('orders'), name: 'Orders & returns' },
    ]);
    const refund = {
      id: 'cr_1',
      shortcut: 'refund',
      title: 'Refund',
      text: 'Refunds take 5 days.',
    };
    await store.saveCanned(refund);
    await store.write({ cannedSaved: [{ ...refund, id: 'cr_2', shortcut: 'hello' }] });
    expect((await store.listCanned()).map((c) => c.shortcut)).toEqual(['hello', 'refund']);
    await store.write({ cannedDeleted: ['cr_1'] });
    expect((await store.listCanned()).map((c) => c.id)).toEqual(['cr_2']);
    await store.close();
  });
});

function department(id: string): Department {
  return {
    id,
    name: id,
    skills: [],
    agentIds: [],
    timeZone: 'UTC',
    hours: [],
    holidays: [],
    strategy: 'longest-idle',
    offerTimeoutSec: 30,
    autoAccept: false,
  };
}

describe('sqlite store on disk', () => {
  it('keeps events and dedupe records across a reopen', async () => {
    const path = join(dir, 'switchboard.db');
    const store = openSqliteStore(path);
    await store.append(batch([created(), message(2, 'c1')]));
    await store.close();
    expect(store.isOpen()).toBe(false);

    const again = openSqliteStore(path);
    expect(await again.findClientId('visitor:vis_1', 'c1')).toMatchObject({
      seq: 2,
      messageId: 'msg_2',
    });
    expect(await again.readEvents('cnv_1', 0, 10)).toHaveLength(2);
    expect(await again.loadOpenConversations()).toHaveLength(1);
    await again.close();
  });

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

describe('service quality storage', () => {
  it('reads conversations created in a range with their logs, callbacks by creation, staffing and QA reviews', async () => {
    const qdir = mkdtempSync(join(tmpdir(), 'switchboard-quality-'));
    const store = openSqliteStore(join(qdir, 'switchboard.db'), { synchronous: 'normal' });
    try {
      const created = (id: string, at: number): AppendBatch => {
        const event = {
          type: 'conversation.created' as const,
          seq: 1,
          at,
          visitor: { id: `vis_${id}`, name: 'V' },
          context: { locale: 'en' },
        };
        const summary = applyEvent(null, event, 'demo', id)!;
        return { conversation: summary, events: [event] };
      };
      await store.append(created('cnv_a', 1_000));
      await store.append(created('cnv_b', 2_000));
      await store.append(created('cnv_c', 3_000));
      const logs = await store.conversationLogs(1_500, 3_000);
      expect(logs.map((l) => [l.id, l.visitorId, l.siteId, l.events.length])).toEqual([
        ['cnv_b', 'vis_cnv_b', 'demo', 1],
      ]);

      expect(await store.getStaffing('orders')).toBeNull();
      const plan = Array.from({ length: 168 }, (_, i) => i % 3);
      await store.saveStaffing('orders', plan, 1);
      await store.saveStaffing('orders', [...plan].reverse(), 2);
      expect(await store.getStaffing('orders')).toEqual([...plan].reverse());

      const review = (reviewer: string, agent: string, at: number) => ({
        id: `qa_${reviewer}_${at}`,
        conversationId: 'cnv_a',
        agent: { id: agent, name: agent },
        reviewer: { id: reviewer, name: reviewer },
        scores: { accuracy: 4 },
        at,
      });
      await store.saveQaReview(review('sup1', 'agt1', 10));
      await store.saveQaReview(review('sup1', 'agt1', 20)); // replaces the first
      await store.saveQaReview(review('sup2', 'agt1', 15));
      const all = await store.listQaReviews({ limit: 10 });
      expect(all.map((r) => [r.reviewer.id, r.at])).toEqual([
        ['sup1', 20],
        ['sup2', 15],
      ]);
      expect(await store.listQaReviews({ agentId: 'agt2', limit: 10 })).toEqual([]);
      expect((await store.listQaReviews({ from: 16, limit: 10 })).length).toBe(1);
    } finally {
      await store.close();
      rmSync(qdir, { recursive: true, force: true });
    }
  });
});
