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
const ms = (profile.endTime - profile.startTime) / 1000;
const idle = self.get('(idle)') ?? 0;
print(`${basename(file)}: ${total} samples over ${(ms / 1000).toFixed(1)} s, idle ${pct(idle)}`);
show('self time (top functions)', self);
show('total time (function and what it calls)', inclusive);
