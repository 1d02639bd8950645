// What each source module adds to a built chunk, in gzip bytes: the chunk gzipped whole, minus the
// chunk gzipped without that module's code (found through the source map). For choosing what to
// make lazy next; the budgets themselves are checked by test/node/size.test.ts.
//
//   pnpm --filter @switchboard/widget build && node packages/widget/scripts/size-report.mjs [chunk.js]
//
// Without an argument it reports the app entry (dist/widget/entry-*.js, from the Vite manifest).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist/widget/', import.meta.url));
const file =
  process.argv[2] ??
  `${dist}${JSON.parse(readFileSync(`${dist}.vite/manifest.json`, 'utf8'))['src/app/entry.ts'].file}`;
const code = readFileSync(file, 'utf8');
const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
const gz = (text) => gzipSync(text, { level: 9 }).length;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** One source-map segment: base64 VLQ numbers. */
function decodeSegment(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    let digit = BASE64.indexOf(char);
    const more = digit & 32;
    digit &= 31;
    value += digit << shift;
    if (more) shift += 5;
    else {
      values.push(value & 1 ? -(value >> 1) : value >> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** Package name for dependencies, the path under packages/ for our own sources. */
function group(source) {
  const dependency = source.match(
    /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/,
  );
  if (!dependency) return source.replace(/^.*packages\//, '');
  // SIZE_REPORT_FILES=1: one row per file of a dependency, to see which parts of it weigh.
  return process.env.SIZE_REPORT_FILES
    ? `${dependency[1]}${source.slice(source.indexOf(dependency[1]) + dependency[1].length)}`
    : dependency[1];
}

// Character ranges of the chunk, per group, from the mappings.
const ranges = new Map();
const lines = code.split('\n');
let sourceIndex = 0;
let offset = 0;
map.mappings.split(';').forEach((line, lineIndex) => {
  let column = 0;
  let previous = null;
  for (const segment of line.split(',').filter(Boolean).map(decodeSegment)) {
    column += segment[0];
    if (segment.length > 1) sourceIndex += segment[1];
    if (previous) previous.range.push(offset + previous.column, offset + column);
    const key = group(map.sources[sourceIndex] ?? '?');
    if (!ranges.has(key)) ranges.set(key, []);
    previous = { column, range: ranges.get(key) };
  }
  if (previous) previous.range.push(offset + previous.column, offset + lines[lineIndex].length);
  offset += lines[lineIndex].length + 1;
});

const total = gz(code);
const rows = [...ranges].map(([key, flat]) => {
  const cut = new Uint8Array(code.length);
  let raw = 0;
  for (let i = 0; i < flat.length; i += 2) {
    cut.fill(1, flat[i], flat[i + 1]);
    raw += flat[i + 1] - flat[i];
  }
  let rest = '';
  for (let i = 0; i < code.length; i++) if (!cut[i]) rest += code[i];
  return { key, raw, gzip: total - gz(rest) };
});
rows.sort((a, b) => b.gzip - a.gzip);
const report = rows
  .slice(0, 50)
  .map((row) => `${String(row.gzip).padStart(6)}  ${String(row.raw).padStart(6)}  ${row.key}`);
process.stdout.write(`${file}: ${total} B gzip\n  gzip     raw  module\n${report.join('\n')}\n`);
