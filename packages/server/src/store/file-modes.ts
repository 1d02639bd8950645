import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The data directory holds password hashes, phone numbers, chat text and signing secrets: only
// the relay's own user may read it.

/** The data directory's mode. */
export const DATA_DIR_MODE = 0o700;
/** The mode of every file in it (database, WAL, shared memory, secrets, backups). */
export const DATA_FILE_MODE = 0o600;

/** The data files checked at start, besides the database's (named by the caller). */
const SECRET_FILES = ['secret.key', 'demo-identity.key'];

/**
 * Create `dir` (and its parents) if missing; a directory made here gets mode 0700, whatever the
 * umask. An existing one is left as it is (the start-up check warns when it is looser).
 * @example makePrivateDir(config.dataDir)
 */
export function makePrivateDir(dir: string): void {
  const created = mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
  if (created !== undefined && process.platform !== 'win32') chmodSync(dir, DATA_DIR_MODE);
}

/**
 * Create an empty file with mode 0600 if none is there, so SQLite (which makes its WAL and
 * shared-memory files with the database file's mode) never creates it world-readable.
 * @example makePrivateFile('/var/lib/switchboard/switchboard.db')
 */
export function makePrivateFile(path: string): void {
  try {
    closeSync(openSync(path, 'wx', DATA_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return;
  }
  if (process.platform !== 'win32') chmodSync(path, DATA_FILE_MODE);
}

/** A data file or directory that others than its owner may read or write. */
export interface LoosePermission {
  path: string;
  /** Its permission bits, as octal text (`"755"`). */
  mode: string;
  /** The mode it should have, as octal text. */
  expected: string;
}

/**
 * The data directory and the files in it (those that exist) whose group or other bits are set.
 * Always empty on Windows, where modes mean nothing.
 * @example for (const loose of loosePermissions(dir, ['switchboard.db'])) logger.warn(loose, '...')
 */
export function loosePermissions(dataDir: string, files: readonly string[]): LoosePermission[] {
  if (process.platform === 'win32') return [];
  const found: LoosePermission[] = [];
  const check = (path: string, expected: number) => {
    let mode: number;
    try {
      mode = statSync(path).mode & 0o777;
    } catch {
      return;
    }
    if ((mode & 0o077) !== 0) {
      found.push({ path, mode: mode.toString(8), expected: expected.toString(8) });
    }
  };
  check(dataDir, DATA_DIR_MODE);
  for (const file of [...files, ...SECRET_FILES]) check(join(dataDir, file), DATA_FILE_MODE);
  return found;
}
