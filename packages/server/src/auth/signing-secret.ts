import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateDir } from '../store/file-modes.js';

/** The file that keeps a generated signing secret across restarts. */
export const SECRET_FILE = 'secret.key';

/**
 * The token-signing secret: `SWITCHBOARD_SECRET` when set, else a random 32-byte secret generated
 * on first start and kept in `<dataDir>/secret.key` (mode 0600), so tokens survive restarts.
 * @example const secret = loadSecret(config.dataDir, config.secret)
 */
export function loadSecret(dataDir: string, configured?: string): Buffer {
  if (configured) return Buffer.from(configured, 'utf8');
  const path = join(dataDir, SECRET_FILE);
  makePrivateDir(dataDir);
  try {
    const stored = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
    if (stored.length >= 32) return stored;
    throw new Error(`${path} does not hold a 32-byte hex secret; remove it to generate a new one`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32);
  try {
    // 'wx': never overwrite a secret another process wrote in between.
    writeFileSync(path, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadSecret(dataDir);
    throw error;
  }
}
