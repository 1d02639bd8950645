import pg from 'pg';
import type { LeaseHolder, LeaseLiveness, LeaseStore } from '../types.js';
import { type Database, statement } from './db.js';

/** The advisory locks' first key: lease locks keep to their own space (two-key form). */
const LIVENESS_SPACE = 0x5b1e;

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
  take: statement(
    'leases.take',
    `UPDATE leases SET holder = $2, epoch = epoch + 1,
       expires_at = now() + $4::bigint * interval '1 millisecond'
     WHERE name = $1 AND epoch = $3
     RETURNING epoch`,
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
export function createPostgresLeases(db: Database, url: string): Omit<LeaseStore, 'fenced'> {
  return {
    liveness: (name) => createLiveness(url, name),
    async takeLease(name, holder, seenEpoch, ttlMs) {
      const [row] = await db.rows<{ epoch: number }>(stmt.take, [name, holder, seenEpoch, ttlMs]);
      return row ? Number(row.epoch) : null;
    },
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

/**
 * `LeaseLiveness` on PostgreSQL: a session advisory lock on a connection of its own (outside the
 * pool, so no other call ever runs on it), and a second connection to probe it with
 * `pg_try_advisory_lock`. A broken connection is replaced on the next call.
 */
function createLiveness(url: string, name: string): LeaseLiveness {
  let holder: pg.Client | null = null;
  let prober: pg.Client | null = null;
  const key = [LIVENESS_SPACE, name] as const;
  const lockSql = 'SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS locked';
  const unlockSql = 'SELECT pg_advisory_unlock($1::int, hashtext($2))';

  async function open(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: url,
      application_name: 'switchboard-lease',
      connectionTimeoutMillis: 5_000,
      query_timeout: 5_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 5_000,
    });
    // A dropped connection is replaced on the next call; its lock went with it.
    client.on('error', () => {
      if (holder === client) holder = null;
      if (prober === client) prober = null;
    });
    client.on('end', () => {
      if (holder === client) holder = null;
      if (prober === client) prober = null;
    });
    await client.connect();
    return client;
  }

  const drop = async (client: pg.Client | null) => {
    await client?.end().catch(() => undefined);
  };

  return {
    async hold() {
      try {
        holder ??= await open();
        const { rows } = await holder.query<{ locked: boolean }>(lockSql, [...key]);
        return rows[0]?.locked === true;
      } catch {
        const broken = holder;
        holder = null;
        await drop(broken);
        return false;
      }
    },
    async release() {
      const client = holder;
      holder = null;
      // Ending the session lets the lock go, whatever state it was in.
      await drop(client);
    },
    async probe() {
      try {
        prober ??= await open();
        const { rows } = await prober.query<{ locked: boolean }>(lockSql, [...key]);
        if (rows[0]?.locked !== true) return false;
        await prober.query(unlockSql, [...key]);
        return true;
      } catch {
        const broken = prober;
        prober = null;
        await drop(broken);
        return false;
      }
    },
    async close() {
      const clients = [holder, prober];
      holder = null;
      prober = null;
      await Promise.all(clients.map(drop));
    },
  };
}
