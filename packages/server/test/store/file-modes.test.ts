import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRelay, DATABASE_FILE } from '../../src/relay.js';
import { backupDatabase } from '../../src/store/backup.js';
import { loosePermissions } from '../../src/store/file-modes.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** A pino logger that keeps its lines as objects. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

let root: string;
let previousUmask: number;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sb-perm-'));
  // The usual umask, which left the data world-readable before.
  previousUmask = process.umask(0o022);
});
afterEach(() => {
  process.umask(previousUmask);
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('data file permissions', () => {
  it('a new data directory is 0700 and the database, WAL and -shm files 0600', async () => {
    const dataDir = join(root, 'nested', 'data');
    const store = openSqliteStore(join(dataDir, DATABASE_FILE));
    await store.listAgents();
    expect(modeOf(join(root, 'nested', 'data'))).toBe('700');
    for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) {
      expect(existsSync(join(dataDir, file)), file).toBe(true);
      expect(modeOf(join(dataDir, file)), file).toBe('600');
    }
    await store.close();
  });

  it('a relay makes its secrets 0600 and warns about nothing on a fresh start', async () => {
    const dataDir = join(root, 'data');
    const { logger, lines } = capturingLogger();
    const relay = createRelay({ port: 0, dataDir }, { logger });
    await relay.ready;
    expect(modeOf(dataDir)).toBe('700');
    expect(modeOf(join(dataDir, 'secret.key'))).toBe('600');
    expect(modeOf(join(dataDir, 'demo-identity.key'))).toBe('600');
    expect(loosePermissions(dataDir, [DATABASE_FILE])).toEqual([]);
    expect(lines.filter((l) => String(l.msg).includes('readable by others'))).toEqual([]);
    await relay.close();
  });

  it('warns at start for each data file or directory others may read', async () => {
    const dataDir = join(root, 'data');
    const first = createRelay({ port: 0, dataDir }, { logger: capturingLogger().logger });
    await first.ready;
    await first.close();
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, DATABASE_FILE), 0o644);
    chmodSync(join(dataDir, 'secret.key'), 0o640);

    const { logger, lines } = capturingLogger();
    const relay = createRelay({ port: 0, dataDir }, { logger });
    await relay.ready;
    const warned = lines.filter((l) => l.level === 40 && String(l.msg).includes('readable'));
    expect(warned.map((l) => [l.path, l.mode, l.expected])).toEqual([
      [dataDir, '755', '700'],
      [join(dataDir, DATABASE_FILE), '644', '600'],
      // SQLite made the WAL and -shm files with the (loose) database's mode.
      [join(dataDir, `${DATABASE_FILE}-wal`), '644', '600'],
      [join(dataDir, `${DATABASE_FILE}-shm`), '644', '600'],
      [join(dataDir, 'secret.key'), '640', '600'],
    ]);
    await relay.close();
  });

  it('a backup copy is 0600', async () => {
    const source = join(root, 'data', DATABASE_FILE);
    const store = openSqliteStore(source);
    await store.close();
    const summary = await backupDatabase(source, join(root, 'copy.db'));
    expect(modeOf(summary.path)).toBe('600');
  });
});
