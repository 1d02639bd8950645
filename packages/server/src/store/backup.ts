import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { makePrivateFile } from './file-modes.js';

/** What a finished backup holds, read back from the copy itself. */
export interface BackupSummary {
  /** The copy's path. */
  path: string;
  /** Its size in bytes. */
  bytes: number;
  /** The store's schema version (`PRAGMA user_version`). */
  schemaVersion: number;
  conversations: number;
  events: number;
  callbacks: number;
}

/**
 * Copy the relay's SQLite database to `destination` with SQLite's online backup, safe while a
 * relay is running: the copy is one consistent snapshot (WAL readers never block the writer), it
 * is written to `<destination>.partial` and renamed only once SQLite's `integrity_check` passes on
 * it, so a crash or a full disk never leaves a half-written file under the chosen name.
 * @example await backupDatabase('./data/switchboard.db', '/backups/switchboard-2026-11-22.db')
 */
export async function backupDatabase(source: string, destination: string): Promise<BackupSummary> {
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  if (existsSync(destination)) throw new Error(`${destination} exists already; choose a new name`);
  const partial = `${destination}.partial`;
  rmSync(partial, { force: true });
  // The copy holds what the database holds: mode 0600 from its first byte.
  makePrivateFile(partial);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(partial);
  } finally {
    db.close();
  }
  let summary: Omit<BackupSummary, 'path'>;
  const copy = new Database(partial, { readonly: true, fileMustExist: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok')
      throw new Error(`the copy failed SQLite's integrity check: ${String(check)}`);
    const count = (table: string) =>
      (copy.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const page = copy.pragma('page_size', { simple: true }) as number;
    const pages = copy.pragma('page_count', { simple: true }) as number;
    summary = {
      bytes: page * pages,
      schemaVersion: copy.pragma('user_version', { simple: true }) as number,
      conversations: count('conversations'),
      events: count('events'),
      callbacks: count('callbacks'),
    };
  } catch (error) {
    copy.close();
    rmSync(partial, { force: true });
    throw error;
  }
  copy.close();
  renameSync(partial, destination);
  return { path: destination, ...summary };
}
