import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEvent, type ConversationEvent, type ConversationSummary } from '@switchboard/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/store/backup.js';
import { openSqliteStore, SCHEMA_VERSION } from '../../src/store/sqlite.js';
import type { AppendBatch, Store } from '../../src/store/types.js';

const visitor = { id: 'vis_1', name: 'Visitor 4821' };

/** A conversation with `count` visitor messages after its creation, as the core would write it. */
function conversation(id: string, count: number): AppendBatch {
  const events: ConversationEvent[] = [
    { type: 'conversation.created', seq: 1, at: 1_000, visitor, context: { locale: 'en' } },
  ];
  for (let seq = 2; seq <= count + 1; seq++) {
    events.push({
      type: 'message.created',
      seq,
      at: 1_000 + seq,
      id: `msg_${id}_${seq}`,
      clientId: `c_${id}_${seq}`,
      author: { role: 'visitor', ...visitor },
      text: `message ${seq} of ${id}`,
    });
  }
  let summary: ConversationSummary | null = null;
  for (const event of events) summary = applyEvent(summary, event, 'demo', id);
  return { conversation: summary as ConversationSummary, events };
}

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-backup-'));
  store = openSqliteStore(join(dir, 'switchboard.db'));
});
afterEach(async () => {
  if (store.isOpen()) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('backupDatabase', () => {
  it('copies a database that is open and being written to, and the copy reads back whole', async () => {
    await store.append(conversation('cnv_a', 3));
    // Written after the store was opened, so part of it lives in the WAL, not the main file yet.
    await store.append(conversation('cnv_b', 5));
    const target = join(dir, 'copy.db');

    const summary = await backupDatabase(join(dir, 'switchboard.db'), target);

    expect(summary).toMatchObject({
      path: target,
      schemaVersion: SCHEMA_VERSION,
      conversations: 2,
      events: 4 + 6,
      callbacks: 0,
    });
    expect(summary.bytes).toBeGreaterThan(0);
    expect(existsSync(`${target}.partial`)).toBe(false);
    // The live store keeps working after the backup.
    await store.append(conversation('cnv_c', 1));
    const copy = openSqliteStore(target);
    try {
      const events = await copy.readEvents('cnv_b', 0, 100);
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await copy.readEvents('cnv_c', 0, 100)).toEqual([]);
    } finally {
      await copy.close();
    }
  });

  it('never overwrites an existing file and names a missing source', async () => {
    const target = join(dir, 'taken.db');
    writeFileSync(target, 'keep me');
    await expect(backupDatabase(join(dir, 'switchboard.db'), target)).rejects.toThrow(
      /exists already/,
    );
    await expect(backupDatabase(join(dir, 'nothing.db'), join(dir, 'x.db'))).rejects.toThrow(
      /no database at/,
    );
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  });
});
