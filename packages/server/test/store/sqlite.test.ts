import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEvent, type ConversationEvent, type ConversationSummary } from '@switchboard/shared';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import { openSqliteStore, SCHEMA_VERSION } from '../../src/store/sqlite.js';
import type { AppendBatch, Store } from '../../src/store/types.js';

const visitor = { id: 'vis_1', name: 'Visitor 4821' };

function created(at = 1_000): ConversationEvent {
  return { type: 'conversation.created', seq: 1, at, visitor, context: { locale: 'en' } };
}
function message(seq: number, clientId: string, at = 1_000 + seq): ConversationEvent {
  return {
    type: 'message.created',
    seq,
    at,
    id: `msg_${seq}`,
    clientId,
    author: { role: 'visitor', ...visitor },
    text: `text ${seq}`,
  };
}

/** A batch for `events` on top of `before`, as the core would make it. */
function batch(
  events: ConversationEvent[],
  before: ConversationSummary | null = null,
  id = 'cnv_1',
): AppendBatch {
  let summary = before;
  for (const event of events) summary = applyEvent(summary, event, 'demo', id);
  const last = events.at(-1)!;
  return {
    conversation: summary!,
    events,
    ...(last.type === 'message.created'
      ? {
          clientId: {
            actor: 'visitor:vis_1',
            clientId: last.clientId,
            conversationId: id,
            messageId: last.id,
            seq: last.seq,
            at: last.at,
          },
        }
      : {}),
  };
}

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
  it('appends events and reads them back in order, by seq', async () => {
    const store = open(join(dir, 'db.sqlite'));
    const first = batch([created(), message(2, 'c1')]);
    await store.append(first);
    await store.append(batch([message(3, 'c2')], first.conversation));
    expect((await store.readEvents('cnv_1', 0, 100)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect((await store.readEvents('cnv_1', 1, 1)).map((e) => e.seq)).toEqual([2]);
    expect(await store.readEvents('cnv_1', 0, 100)).toEqual([
      created(),
      message(2, 'c1'),
      message(3, 'c2'),
    ]);
    expect(await store.getConversation('cnv_1')).toMatchObject({ lastSeq: 3, status: 'waiting' });
    expect(await store.loadOpenConversations()).toHaveLength(1);
    expect(await store.latestConversationOf('vis_1')).toMatchObject({ id: 'cnv_1' });
    expect(await store.findClientId('visitor:vis_1', 'c2')).toEqual({
      type: 'chat.ack',
      clientId: 'c2',
      conversationId: 'cnv_1',
      messageId: 'msg_3',
      seq: 3,
      at: 1_003,
    });
    expect(await store.findClientId('visitor:vis_2', 'c2')).toBeNull();
    await store.close();
  });

  it('refuses a batch whose seq does not follow, and writes none of it', async () => {
    const store = open(join(dir, 'db.sqlite'));
    const first = batch([created(), message(2, 'c1')]);
    await store.append(first);
    await expect(store.append(batch([message(4, 'c3')], first.conversation))).rejects.toThrow();
    await expect(store.append(batch([message(2, 'c3')], first.conversation))).rejects.toThrow();
    expect(await store.readEvents('cnv_1', 0, 100)).toHaveLength(2);
    expect(await store.findClientId('visitor:vis_1', 'c3')).toBeNull();
    await store.close();
  });

  it('is atomic: a batch whose clientId is taken leaves no event behind', async () => {
    const store = open(join(dir, 'db.sqlite'));
    const first = batch([created(), message(2, 'c1')]);
    await store.append(first);
    // Same clientId again: the dedupe row conflicts after the events were inserted.
    await expect(store.append(batch([message(3, 'c1')], first.conversation))).rejects.toThrow();
    expect(await store.readEvents('cnv_1', 0, 100)).toHaveLength(2);
    expect(await store.getConversation('cnv_1')).toMatchObject({ lastSeq: 2 });
    await store.close();
  });

  it('keeps closed conversations out of the open list, newest closed first', async () => {
    const store = open(join(dir, 'db.sqlite'));
    for (const [id, at] of [
      ['cnv_a', 10],
      ['cnv_b', 20],
    ] as const) {
      const opened = batch([created(at)], null, id);
      await store.append(opened);
      await store.append(
        batch(
          [
            {
              type: 'conversation.closed',
              seq: 2,
              at: at + 1,
              by: { role: 'agent', id: 'agt_1', name: 'Maya' },
            },
          ],
          opened.conversation,
          id,
        ),
      );
    }
    await store.append(batch([created(30)], null, 'cnv_c'));
    expect((await store.loadOpenConversations()).map((c) => c.id)).toEqual(['cnv_c']);
    expect((await store.recentClosed(10)).map((c) => c.id)).toEqual(['cnv_b', 'cnv_a']);
    expect((await store.recentClosed(1)).map((c) => c.id)).toEqual(['cnv_b']);
    expect(await store.latestConversationOf('vis_1')).toMatchObject({ id: 'cnv_c' });
    await store.close();
  });

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
    expect(await store.findAgentByEmail('MAYA@example.com')).toEqual(agent);
    await store.saveAgent({ ...agent, disabled: true });
    expect(await store.getAgent('agt_1')).toMatchObject({ disabled: true });
    expect(await store.listAgents()).toHaveLength(1);
    await store.close();
  });
});

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
    expect(tables).toEqual(['agents', 'client_ids', 'conversations', 'events', 'visitors']);
    db.close();
    // Reopening an up-to-date database runs nothing and keeps the version.
    await openSqliteStore(path, { synchronous: 'normal' }).close();
  });

  it('refuses a database from a newer relay', async () => {
    const path = join(dir, 'switchboard.db');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openSqliteStore(path)).toThrow(/newer than this relay/);
  });
});
