#!/usr/bin/env node
// System calls per message at the bench's offered load, counted with `strace -c` on each server
// process for 10 s of its offered window: a count, not a time, so it holds from one machine to
// the next (where a system call is dear, as in a VM sandbox, it is most of the CPU per message).
// Usage: node tests/bench/syscalls.mjs [kinds]   (default relay,durable,socketio; needs strace
// and a built server: pnpm --filter @switchboard/server build)
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const print = (line = '') => process.stdout.write(`${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const here = fileURLToPath(new URL('.', import.meta.url));
const kinds = (process.argv[2] ?? 'relay,durable,socketio').split(',');
const SERVER = { relay: 'relay', durable: 'durable-echo', socketio: 'socketio-echo' };
const WINDOW_SEC = 10;
const visitors = Number(process.env.BENCH_VISITORS) || 200;
const rate = Number(process.env.BENCH_RATE) || 0.5;

if (spawnSync('strace', ['-V']).status !== 0) {
  print('strace is not installed (apt-get install strace): nothing measured');
  process.exit(0);
}

/** The pid of the bench server child of `parent`, once it has started. */
async function serverPid(parent, script) {
  for (let i = 0; i < 120; i++) {
    const found = spawnSync('pgrep', ['-P', String(parent), '-f', `servers/${script}.mjs`]);
    const pid = Number(found.stdout.toString().trim().split('\n')[0]);
    if (pid) return pid;
    await sleep(250);
  }
  throw new Error(`no ${script} server started`);
}

/** strace -c output: { name: calls }. */
function parse(text) {
  const calls = {};
  for (const line of text.split('\n')) {
    const cells = line.trim().split(/\s+/);
    const name = cells.at(-1);
    if (!/^\d/.test(cells[0] ?? '') || name === 'total') continue;
    // % time, seconds, usecs/call, calls, [errors], syscall
    calls[name] = Number(cells[3]);
  }
  return calls;
}

const results = {};
for (const kind of kinds) {
  const script = SERVER[kind];
  if (!script) throw new Error(`unknown kind ${kind}: one of ${Object.keys(SERVER).join(', ')}`);
  const bench = spawn(process.execPath, [join(here, 'run.mjs')], {
    env: { ...process.env, BENCH_ONLY: 'load', BENCH_KINDS: kind, BENCH_SATURATE_SEC: '1' },
    stdio: 'ignore',
  });
  const pid = await serverPid(bench.pid, script);
  // Past the set-up and the warm-up, into the measured window (20 s long by default).
  await sleep(8_000);
  const out = join(tmpdir(), `switchboard-strace-${kind}.txt`);
  spawnSync('timeout', [String(WINDOW_SEC), 'strace', '-c', '-f', '-p', String(pid), '-o', out]);
  await new Promise((resolve) => bench.on('exit', resolve));
  results[kind] = parse(readFileSync(out, 'utf8'));
  rmSync(out, { force: true });
}

const messages = visitors * rate * WINDOW_SEC;
const names = [...new Set(Object.values(results).flatMap((calls) => Object.keys(calls)))].filter(
  (name) => Object.values(results).some((calls) => (calls[name] ?? 0) / messages >= 0.05),
);
const total = (calls) => Object.values(calls).reduce((a, b) => a + b, 0) / messages;
names.sort((a, b) => (results[kinds[0]][b] ?? 0) - (results[kinds[0]][a] ?? 0));
print(`system calls per message, ${visitors} visitors at ${rate}/s, ${WINDOW_SEC} s window`);
print(`| syscall | ${kinds.join(' | ')} |`);
print(`|:--|${kinds.map(() => '--:').join('|')}|`);
for (const name of names) {
  print(
    `| ${name} | ${kinds.map((k) => ((results[k][name] ?? 0) / messages).toFixed(1)).join(' | ')} |`,
  );
}
print(`| **all** | ${kinds.map((k) => total(results[k]).toFixed(1)).join(' | ')} |`);
