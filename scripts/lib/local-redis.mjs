// A real, throwaway Redis from the installed server binary (Debian's `redis-server`; Valkey's
// `valkey-server` works the same): a child process on a free loopback port, its working directory
// a new temp directory, persistence off (nothing here must outlive the run). Used by the test
// harness (packages/server/test/helpers/redis.ts), the bench and the local cluster (`pnpm
// cluster`). Throws (never skips) when the binary is missing.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './local-postgres.mjs';

const INSTALL_HINT = 'a local Redis needs the server binary: apt-get install redis-server';

/** The first of redis-server or valkey-server on PATH (or in /usr/bin). */
function findBinary() {
  const path = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin'];
  for (const name of ['redis-server', 'valkey-server']) {
    const dir = path.find((d) => existsSync(join(d, name)));
    if (dir) return join(dir, name);
  }
  throw new Error(`redis-server not found on PATH: ${INSTALL_HINT}`);
}

/**
 * Whether a Redis answers PING on the port (one short TCP exchange).
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function answers(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (/** @type {boolean} */ ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/**
 * Start a throwaway Redis (see the file's head).
 * @example const redis = await startRedis(); ...; await redis.destroy()
 */
export async function startRedis() {
  const bin = findBinary();
  const dir = mkdtempSync(join(tmpdir(), 'sb-redis-'));
  let port = await freePort();
  /** @type {import('node:child_process').ChildProcess | null} */
  let child = null;
  let output = '';

  const start = async () => {
    if (child) return;
    output = '';
    const started = spawn(
      bin,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    started.stdout?.on('data', (chunk) => {
      output = (output + chunk.toString()).slice(-4000);
    });
    started.stderr?.on('data', (chunk) => {
      output = (output + chunk.toString()).slice(-4000);
    });
    child = started;
    started.once('exit', () => {
      if (child === started) child = null;
    });
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      if (child !== started) throw new Error(`redis-server exited at start:\n${output}`);
      if (await answers(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    started.kill('SIGKILL');
    throw new Error(`redis-server did not answer on port ${port} within 10 s:\n${output}`);
  };

  /** Stop at once, as a crash would (SIGKILL); nothing is kept. */
  const stop = async () => {
    const running = child;
    if (!running) return;
    child = null;
    running.kill('SIGCONT');
    const exited = new Promise((r) => running.once('exit', r));
    running.kill('SIGKILL');
    await exited;
  };

  const onExit = () => child?.kill('SIGKILL');
  process.once('exit', onExit);

  try {
    await start();
  } catch {
    // The port was taken between asking and starting: once more on another.
    port = await freePort();
    await start().catch((error) => {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    });
  }

  return {
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    port,
    stop,
    start,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    destroy: async () => {
      process.off('exit', onExit);
      await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
