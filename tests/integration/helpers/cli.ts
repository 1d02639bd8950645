import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** The built CLI the restart test runs, as an operator would. */
export const CLI = join(root, 'packages/server/dist/cli.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const mtime = (path: string) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
};

/**
 * Build shared and server with tsc when their dist is missing or older than their sources, so the
 * CLI under test is never stale. Test files may call this at once: a lock directory serializes it.
 */
export async function ensureBuilt(): Promise<void> {
  const packages = ['shared', 'server'];
  const stale = () =>
    packages.some((name) => {
      const dir = join(root, 'packages', name);
      const built = mtime(join(dir, 'dist', name === 'server' ? 'cli.js' : 'index.js'));
      return built === 0 || built < newestMtime(join(dir, 'src'));
    });
  if (!stale()) return;
  const lock = join(root, 'packages/server/.build-lock');
  const giveUp = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (!stale()) return;
      if (Date.now() > giveUp) {
        throw new Error(`${lock} has been held for 2 minutes; remove it if no build is running`);
      }
    }
  }
  try {
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    for (const name of packages) {
      execFileSync(
        process.execPath,
        [tsc, '-p', join(root, 'packages', name, 'tsconfig.build.json')],
        {
          stdio: 'inherit',
        },
      );
    }
  } finally {
    rmdirSync(lock);
  }
}

/** A port that was free a moment ago, to restart a relay on the same address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A relay started with `node packages/server/dist/cli.js`. */
export interface RelayProcess {
  child: ChildProcess;
  /** From the `"msg":"listening"` log line. */
  url: string;
  /** Every JSON log line so far. */
  logs: Array<Record<string, unknown>>;
  /** What it wrote to stderr (the banner). */
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Run the built CLI and wait for its `listening` log line. `nodeArgs` go to node before the CLI
 * (`--expose-gc`, say).
 * @example const relay = await spawnRelay({ PORT: String(port), SWITCHBOARD_DATA_DIR: dir })
 */
export function spawnRelay(
  env: Record<string, string>,
  args: string[] = [],
  timeoutMs = 15_000,
  nodeArgs: string[] = [],
): Promise<RelayProcess> {
  const child = spawn(process.execPath, [...nodeArgs, CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  let buffer = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`relay did not log "listening" within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline = buffer.indexOf('\n');
      while (newline !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue;
        }
        logs.push(entry);
        if (entry.msg === 'listening' && typeof entry.url === 'string') {
          clearTimeout(timer);
          resolve({ child, url: entry.url, logs, stderr: () => stderr, exited });
        }
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`relay exited (${code ?? signal}) before listening\n${stderr}`));
    });
  });
}

/** Run the CLI to completion (for commands like `hash-password`, or a start that must fail). */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`switchboard ${args.join(' ')} did not finish\n${stderr}`));
    }, options.timeoutMs ?? 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdin.end(options.input ?? '');
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
