#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the top functions by self time, and the
// top by total (inclusive) time, each as a share of all samples. Usage:
//   node tests/bench/profile-summary.mjs <file.cpuprofile|dir> [--top N] [--filter text]
// With a directory, the newest .cpuprofile in it whose size is largest (the relay) is taken.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const print = (line) => process.stdout.write(`${line}\n`);
process.stdout.on('error', () => process.exit(0)); // piped into head

const args = process.argv.slice(2);
const top = Number(args[args.indexOf('--top') + 1]) || 25;
const filterAt = args.indexOf('--filter');
const filter = filterAt >= 0 ? args[filterAt + 1] : undefined;
let file = args.find(
  (a, i) => !a.startsWith('--') && args[i - 1] !== '--top' && args[i - 1] !== '--filter',
);
if (!file) {
  console.error('usage: profile-summary.mjs <file.cpuprofile|dir> [--top N] [--filter text]');
  process.exit(2);
}
if (statSync(file).isDirectory()) {
  const files = readdirSync(file)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(file, f))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  file = files[0];
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const hits = new Map();
for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
const total = profile.samples.length;

const where = (n) => {
  const f = n.callFrame;
  const url = f.url
    ? f.url
        .replace(/^file:\/\//, '')
        .replace(/.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '')
    : '';
  const short = url.replace(/.*packages\/server\/dist\//, 'server/');
  return `${f.functionName || '(anonymous)'} ${short ? `${short}:${f.lineNumber + 1}` : ''}`.trim();
};

const self = new Map();
const inclusive = new Map();
for (const [id, count] of hits) {
  const key = where(byId.get(id));
  self.set(key, (self.get(key) ?? 0) + count);
  // inclusive: each distinct function on the stack once
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const k = where(byId.get(at));
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + count);
  }
}
const pct = (n) => `${((100 * n) / total).toFixed(1).padStart(5)}%`;
const show = (title, map) => {
  print(`\n${title}`);
  const rows = [...map].filter(([k]) => !filter || k.includes(filter)).sort((a, b) => b[1] - a[1]);
  for (const [k, n] of rows.slice(0, top)) print(`  ${pct(n)}  ${k}`);
};
/** Where each sample's own function belongs: the breakdown tests/bench/README.md describes. */
const CATEGORIES = [
  ['idle', (f) => f.functionName === '(idle)'],
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  [
    'SQLite (statements, commit and fsync)',
    (f) =>
      /better-sqlite3|store\/sqlite/.test(f.url) ||
      (!f.url && ['run', 'get', 'all', 'iterate', 'exec'].includes(f.functionName)),
  ],
  [
    'socket writes (ws, engine.io, net)',
    (f) =>
      f.functionName === 'writev' ||
      f.functionName === 'writeUtf8String' ||
      /\/ws\/lib|engine\.io\/|node:net|node:internal\/stream|stream_base/.test(f.url),
  ],
  [
    'frame encoding and decoding (socket.io-parser, JSON)',
    (f) =>
      /socket\.io-parser|packet-parser|is-binary/.test(f.url) ||
      ['stringify', 'parse'].includes(f.functionName),
  ],
  ['validation (zod, shared decode)', (f) => /zod|shared\/dist\/(decode|inbound|text)/.test(f.url)],
  [
    'socket.io rooms and emit',
    (f) => /socket\.io\/dist|socket\.io-adapter|component-emitter/.test(f.url),
  ],
  ['rate limiting', (f) => /policy\/rate-limit/.test(f.url)],
  [
    'core: reduce, copy-on-write state, routing',
    (f) => /server\/dist\/core\/|shared\/dist\/conversation/.test(f.url),
  ],
  ['engine: queue, group commit, lookups', (f) => /server\/dist\/engine\//.test(f.url)],
  ['transport and read side', (f) => /server\/dist\/(transport|queries|http)\//.test(f.url)],
  ['metrics and logging', (f) => /prom-client|pino|server\/dist\/metrics/.test(f.url)],
  [
    'ids and crypto',
    (f) => /crypto|server\/dist\/ids/.test(f.url) || f.functionName === 'RandomBytesJob',
  ],
  ['Node internals (events, timers, ticks)', (f) => /^node:/.test(f.url)],
];
function showCategories() {
  const sums = new Map();
  for (const [id, count] of hits) {
    const frame = byId.get(id).callFrame;
    const name = CATEGORIES.find(([, test]) => test(frame))?.[0] ?? 'other';
    sums.set(name, (sums.get(name) ?? 0) + count);
  }
  const busy = total - (sums.get('idle') ?? 0);
  print('\nbreakdown of busy time (self time by kind)');
  for (const [name, n] of [...sums].filter(([k]) => k !== 'idle').sort((a, b) => b[1] - a[1])) {
    print(`  ${((100 * n) / busy).toFixed(1).padStart(5)}%  ${name}`);
  }
}

const ms = (profile.endTime - profile.startTime) / 1000;
const idle = self.get('(idle)') ?? 0;
print(`${basename(file)}: ${total} samples over ${(ms / 1000).toFixed(1)} s, idle ${pct(idle)}`);
show('self time (top functions)', self);
showCategories();
show('total time (function and what it calls)', inclusive);
