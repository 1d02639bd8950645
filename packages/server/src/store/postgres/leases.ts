import type { LeaseHolder, LeaseStore } from '../types.js';
import { type Database, statement } from './db.js';

/** The leases' statements (schema version 3): every time is the database's own clock. */
const stmt = {
  // Free, expired or ours: taken, and the epoch bumped (a restarted holder fences its old self).
  acquire: statement(
    'leases.acquire',
    `INSERT INTO leases (name, holder, epoch, expires_at)
     VALUES ($1, $2, 1, now() + $3::bigint * interval '1 millisecond')
     ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, epoch = leases.epoch + 1,
       expires_at = EXCLUDED.expires_at
     WHERE leases.expires_at <= now() OR leases.holder = EXCLUDED.holder
     RETURNING epoch`,
  ),
  renew: statement(
    'leases.renew',
    `UPDATE leases SET expires_at = now() + $4::bigint * interval '1 millisecond'
     WHERE name = $1 AND holder = $2 AND epoch = $3`,
  ),
  release: statement(
    'leases.release',
    'UPDATE leases SET expires_at = now() WHERE name = $1 AND holder = $2 AND epoch = $3',
  ),
  read: statement(
    'leases.read',
    `SELECT holder, epoch,
       (EXTRACT(EPOCH FROM (expires_at - now())) * 1000)::float8 AS expires_in_ms
     FROM leases WHERE name = $1`,
  ),
};

/**
 * The `LeaseStore` port on PostgreSQL, but `fenced` (the transactions give that).
 * @example const leases = createPostgresLeases(db); const epoch = await leases.acquireLease('core', 'node-1', 6000)
 */
export function createPostgresLeases(db: Database): Omit<LeaseStore, 'fenced'> {
  return {
    async acquireLease(name, holder, ttlMs) {
      const [row] = await db.rows<{ epoch: number }>(stmt.acquire, [name, holder, ttlMs]);
      return row ? Number(row.epoch) : null;
    },
    async renewLease(name, holder, epoch, ttlMs) {
      return (await db.count(stmt.renew, [name, holder, epoch, ttlMs])) === 1;
    },
    async releaseLease(name, holder, epoch) {
      await db.count(stmt.release, [name, holder, epoch]);
    },
    async readLease(name): Promise<LeaseHolder | null> {
      const [row] = await db.rows<{ holder: string; epoch: number; expires_in_ms: number }>(
        stmt.read,
        [name],
      );
      return row
        ? { holder: row.holder, epoch: Number(row.epoch), expiresInMs: row.expires_in_ms }
        : null;
    },
  };
}
