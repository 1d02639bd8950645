// A real, throwaway PostgreSQL for the store tests: `startPostgres` runs initdb and pg_ctl from the
// installed server binaries in a temp directory on a free loopback port. The `server` project's
// global setup (postgres-setup.ts) starts one for the whole run; `freshDatabaseUrl` gives each
// store its own empty database on it.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The admin URL (database `postgres`) of the server the global setup started. */
    postgresUrl: string;
  }
}

const run = promisify(execFile);

/** A running throwaway server. */
export interface PostgresServer {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres`: the superuser, over TCP. */
  url: string;
  port: number;
  /** The superuser's password (TCP connections must give it; the Unix socket trusts). */
  password: string;
  /** Stop at once, as a crash would (`-m immediate`); the data stays for `start`. */
  stop(): Promise<void>;
  /** Start again on the same port, after `stop`. */
  start(): Promise<void>;
  /**
   * Freeze the server's processes (SIGSTOP): connections stay open and nothing answers, as in a
   * network partition. `resume` thaws them.
   */
  pause(): void;
  resume(): void;
  /** Stop it and delete its directory. */
  destroy(): Promise<void>;
}

const INSTALL_HINT =
  'the PostgreSQL store tests need a PostgreSQL server (initdb, pg_ctl): apt-get install postgresql';

/** The directory of initdb and pg_ctl: Debian's highest version, else the first on PATH. */
function findBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join(root, v, 'bin'))
    : [];
  const path = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const found = [...versions, ...path].find(
    (dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')),
  );
  if (!found)
    throw new Error(`initdb and pg_ctl not found in ${root}/*/bin or on PATH: ${INSTALL_HINT}`);
  return found;
}

/** The uid and gid of the `postgres` user, who runs the binaries when we are root. */
function postgresUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      `running as root, and there is no "postgres" user to run PostgreSQL as: ${INSTALL_HINT}`,
    );
  }
}

/**
 * A loopback port nothing listens on (free when asked; the server takes it right after).
 * @example const port = await freePort()
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** How a throwaway server runs. */
export interface StartOptions {
  /**
   * Keep every commit across `stop` (an immediate stop is a crash): synchronous_commit stays on.
   * Off, a commit of the last few hundred ms may be lost then, and the tests run faster.
   * @default false
   */
  keepCommits?: boolean;
}

/**
 * Start a throwaway PostgreSQL: initdb in a new temp directory, then pg_ctl start on a free
 * loopback port. PostgreSQL refuses to run as root, so as root the directory is given to the
 * `postgres` user and every binary runs through `runuser -u postgres --`. Throws (never skips)
 * when the binaries are missing.
 * @example const server = await startPostgres(); ...; await server.destroy()
 */
export async function startPostgres(options: StartOptions = {}): Promise<PostgresServer> {
  const bin = findBinaries();
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresUser() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'sb-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const password = randomBytes(12).toString('hex');
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(pwfile, owner.uid, owner.gid);
  }
  const pgBin = (name: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, name), ...args], { cwd: dir })
      : run(join(bin, name), args, { cwd: dir });
  const failed = (what: string, error: unknown) => {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
    return new Error(`${what} failed: ${stderr || String(error)}\n${tail}`);
  };

  try {
    // The superuser's password is asked over TCP (so a test can give a wrong one); the Unix
    // socket trusts. --no-sync: nothing here needs to survive a power cut.
    const initdb = (locale: string) =>
      pgBin('initdb', [
        '-D',
        data,
        '-U',
        'postgres',
        `--pwfile=${pwfile}`,
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '-E',
        'UTF8',
        `--locale=${locale}`,
        '--no-sync',
      ]);
    await initdb('C.UTF-8').catch(() => {
      rmSync(data, { recursive: true, force: true });
      return initdb('C');
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw failed('initdb', error);
  } finally {
    rmSync(pwfile, { force: true });
  }

  let port = await freePort();
  let running = false;
  const start = async () => {
    // fsync and full_page_writes off: a throwaway test server has no data to keep through a
    // power cut (the OS still has it after a crash of the server alone), and the tests run
    // several times faster. synchronous_commit off too, unless the commits must outlive `stop`.
    const settings = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
      ...(options.keepCommits ? [] : ['-c synchronous_commit=off']),
    ].join(' ');
    await pgBin('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', settings, 'start']);
    running = true;
  };
  const stop = async () => {
    if (!running) return;
    running = false;
    await pgBin('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  };
  // If the test process ends without a teardown, don't leave a server behind.
  const onExit = () => {
    if (!running) return;
    const args = ['-D', data, '-m', 'immediate', 'stop'];
    try {
      if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args]);
      else execFileSync(join(bin, 'pg_ctl'), args);
    } catch {
      // Exiting anyway: nothing more to do.
    }
  };
  process.once('exit', onExit);

  try {
    await start();
  } catch {
    // The port was taken between asking and starting: once more on another.
    port = await freePort();
    await start().catch((error: unknown) => {
      rmSync(dir, { recursive: true, force: true });
      throw failed('pg_ctl start', error);
    });
  }

  /** The postmaster (first line of postmaster.pid) and its children: the whole server. */
  const processes = () => {
    const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          // /proc/<pid>/stat: "pid (name) state ppid ..."; the name may hold spaces.
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
        } catch {
          return false; // gone meanwhile
        }
      })
      .map(Number);
    return [postmaster, ...children];
  };

  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    password,
    stop,
    start,
    pause: () => {
      for (const pid of processes()) process.kill(pid, 'SIGSTOP');
    },
    resume: () => {
      for (const pid of processes()) process.kill(pid, 'SIGCONT');
    },
    destroy: async () => {
      process.off('exit', onExit);
      await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

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
