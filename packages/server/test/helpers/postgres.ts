// A real, throwaway PostgreSQL for the store tests: `startPostgres` (scripts/lib/local-postgres.mjs,
// shared with the bench) runs initdb and pg_ctl from the installed server binaries in a temp
// directory on a free loopback port. The `server` project's
// global setup (postgres-setup.ts) starts one for the whole run; `freshDatabaseUrl` gives each
// store its own empty database on it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  freePort,
  type PostgresServer,
  type StartOptions,
  startPostgres,
} from '../../../../scripts/lib/local-postgres.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The admin URL (database `postgres`) of the server the global setup started. */
    postgresUrl: string;
  }
}

export { freePort, type PostgresServer, type StartOptions, startPostgres };

/** Admin pools by server URL (one connection each: CREATE DATABASE runs one at a time anyway). */
const admins = new Map<string, pg.Pool>();
const created: Array<{ server: string; name: string }> = [];

function admin(server: string): pg.Pool {
  let pool = admins.get(server);
  if (!pool) {
    pool = new pg.Pool({ connectionString: server, max: 1 });
    // A server a test stopped drops this connection; the next use opens another.
    pool.on('error', () => {});
    admins.set(server, pool);
  }
  return pool;
}

/**
 * A new, empty database on the run's server (or on `server`, an admin URL), and its URL.
 * @example const store = await openPostgresStore(await freshDatabaseUrl())
 */
export async function freshDatabaseUrl(server?: string): Promise<string> {
  const base = server ?? (await import('vitest')).inject('postgresUrl');
  const name = `sb_${randomBytes(6).toString('hex')}`;
  await admin(base).query(`CREATE DATABASE ${name}`);
  created.push({ server: base, name });
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Drop the databases this test file made (WITH (FORCE): a store a failed test left open is
 * disconnected), and end the admin connections. For an `afterAll`.
 * @example afterAll(dropFreshDatabases)
 */
export async function dropFreshDatabases(): Promise<void> {
  for (const { server, name } of created.splice(0)) {
    await admin(server)
      .query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      .catch(() => {}); // a server already stopped took it with it
  }
  for (const pool of admins.values()) await pool.end();
  admins.clear();
}
