import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateDir } from '../store/file-modes.js';

/**
 * The hash a site's backend computes for a user: hex HMAC-SHA256 of the user id, keyed with the
 * site's identity secret.
 * @example userHash('u-42', secret) // '5f0c…' (64 hex characters)
 */
export function userHash(userId: string, secret: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

/**
 * Whether `hash` is the user id's HMAC under `secret`, compared in constant time (case-insensitive
 * hex).
 * @example verifyUserHash('u-42', request.userHash, site.identity.secret)
 */
export function verifyUserHash(userId: string, hash: string, secret: string): boolean {
  const expected = Buffer.from(userHash(userId, secret), 'hex');
  if (!/^[0-9a-fA-F]{64}$/.test(hash)) return false;
  const given = Buffer.from(hash, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The file that keeps the demo site's generated identity secret across restarts. */
export const DEMO_IDENTITY_SECRET_FILE = 'demo-identity.key';

/** A site's identity settings in force (the secret from the environment wins over the file). */
export interface SiteIdentity {
  secret?: string;
  required: boolean;
  /** The secret was generated for the built-in demo site (its `/demo/identity` hands out hashes). */
  demo: boolean;
}

/**
 * The environment variable that sets a site's identity secret: `SWITCHBOARD_IDENTITY_SECRET_` and
 * the site id uppercased, `-` as `_`.
 * @example identitySecretEnv('my-shop') // 'SWITCHBOARD_IDENTITY_SECRET_MY_SHOP'
 */
export function identitySecretEnv(siteId: string): string {
  return `SWITCHBOARD_IDENTITY_SECRET_${siteId.toUpperCase().replaceAll('-', '_')}`;
}

/**
 * The demo site's identity secret: random, generated on first start into
 * `<dataDir>/demo-identity.key` (mode 0600) and kept, like the token secret.
 * @example const secret = loadDemoIdentitySecret(config.dataDir)
 */
export function loadDemoIdentitySecret(dataDir: string): string {
  const path = join(dataDir, DEMO_IDENTITY_SECRET_FILE);
  makePrivateDir(dataDir);
  try {
    const stored = readFileSync(path, 'utf8').trim();
    if (stored.length >= 32) return stored;
    throw new Error(
      `${path} does not hold a secret of 32+ characters; remove it to make a new one`,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('hex');
  try {
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadDemoIdentitySecret(dataDir);
    throw error;
  }
}
