import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { batch, created, message } from './contracts/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-wal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Write amplification, counted rather than timed: every page a commit changes is a WAL frame
 * written (and fsynced) before the message is acknowledged.
 */
describe('what one message writes to SQLite', () => {
  it('a message in a chat that stays where it is rewrites few pages: the row, one index, its event and clientId', async () => {
    const path = join(dir, 'switchboard.db');
    const store = openSqliteStore(path);
    const summaries = [];
    for (let i = 0; i < 300; i++) {
      const first = batch([created(), message(2, `c${i}-2`)], null, `cnv_${i}`);
      await store.append(first);
      summaries.push(first.conversation);
    }
    const other = new Database(path);
    other.pragma('wal_checkpoint(TRUNCATE)');
    const before = statSync(`${path}-wal`).size;
    for (let i = 0; i < 50; i++) {
      const next = batch([message(3, `c${i * 5}-3`)], summaries[i * 5], `cnv_${i * 5}`);
      await store.append(next);
    }
    const frames = (statSync(`${path}-wal`).size - before) / (4096 + 24) / 50;
    other.close();
    // 8.1 when the UPDATE set every column (and so rewrote every index on conversations).
    expect(frames).toBeLessThan(6.5);
    // The stored log and summary are whole.
    expect((await store.getConversation('cnv_5'))?.lastSeq).toBe(3);
    expect((await store.readEvents('cnv_5', 0, 10)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(await store.findClientId('visitor:vis_1', 'c5-3')).toMatchObject({ seq: 3 });
    await store.close();
  });
});
