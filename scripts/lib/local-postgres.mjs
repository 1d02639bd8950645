// A real, throwaway PostgreSQL from the installed server binaries (Debian's `postgresql`): initdb
// in a new temp directory, pg_ctl start on a free loopback port. Used by the test harness
// (packages/server/test/helpers/postgres.ts), the bench and the local cluster. PostgreSQL refuses
// to run as root, so as root the directory is given to the `postgres` user and every binary runs
// through `runuser -u postgres --`. Throws (never skips) when the binaries are missing.
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

const run = promisify(execFile);

const INSTALL_HINT =
  'a local PostgreSQL needs the server binaries (initdb, pg_ctl): apt-get install postgresql';

/** The directory of initdb and pg_ctl: Debian's highest version, else the first on PATH. */
function findBinaries() {
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
  if (!found) {
    throw new Error(`initdb and pg_ctl not found in ${root}/*/bin or on PATH: ${INSTALL_HINT}`);
  }
  return found;
}

/** The uid and gid of the `postgres` user, who runs the binaries when we are root. */
function postgresUser() {
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
 * @returns {Promise<number>}
 */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Start a throwaway PostgreSQL (see the file's head). `durable` keeps a real server's settings
 * (fsync, full page writes, synchronous commit: for the bench); by default fsync and full page
 * writes are off (nothing here must outlive a power cut, and tests run several times faster),
 * and synchronous_commit is off too unless `keepCommits` (commits must outlive `stop`).
 * @param {{ keepCommits?: boolean, durable?: boolean }} [options]
 * @example const server = await startPostgres(); ...; await server.destroy()
 */
export async function startPostgres(options = {}) {
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
  /** @param {string} name @param {string[]} args */
  const pgBin = (name, args) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, name), ...args], { cwd: dir })
      : run(join(bin, name), args, { cwd: dir });
  /** @param {string} what @param {unknown} error */
  const failed = (what, error) => {
    const stderr = /** @type {{ stderr?: string }} */ (error).stderr ?? '';
    const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
    return new Error(`${what} failed: ${stderr || String(error)}\n${tail}`);
  };

  try {
    // The superuser's password is asked over TCP (so a test can give a wrong one); the Unix
    // socket trusts.
    /** @param {string} locale */
    const initdb = (locale) =>
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
        ...(options.durable ? [] : ['--no-sync']),
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
    const settings = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c max_connections=200',
      ...(options.durable ? [] : ['-c fsync=off', '-c full_page_writes=off']),
      ...(options.durable || options.keepCommits ? [] : ['-c synchronous_commit=off']),
    ].join(' ');
    await pgBin('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', settings, 'start']);
    running = true;
  };
  const stop = async () => {
    if (!running) return;
    running = false;
    await pgBin('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  };
  // If the process ends without a teardown, don't leave a server behind.
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
    await start().catch((error) => {
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

  /** Signal the whole server; a backend that ended since it was listed is skipped (ESRCH). */
  const signal = (/** @type {NodeJS.Signals} */ name) => {
    for (const pid of processes()) {
      try {
        process.kill(pid, name);
      } catch (error) {
        if (/** @type {{ code?: string }} */ (error).code !== 'ESRCH') throw error;
      }
    }
  };

  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    password,
    stop,
    start,
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
    destroy: async () => {
      process.off('exit', onExit);
      await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
