import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// Budgets, in gzip bytes. Raising one happens in the same change as its reason.
const LOADER_BUDGET = 1_536; // 1.5 KB: the loader runs on every page of every site.
const APP_BUDGET = 45 * 1_024; // 45 KB: entry + its static imports (preact, socket.io-client, zod/mini).
/** Must never reach the loader: it would mean the app leaked into every page load. */
const NOT_IN_LOADER = ['preact', '__H', 'socket.io', 'engine.io', 'zod', 'ZodError'];

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const MISSING =
  'packages/widget/dist is missing or incomplete: run `pnpm build` (the root `pnpm test` builds first)';

type Manifest = Record<string, { file: string; imports?: string[]; isEntry?: boolean }>;

function read(path: string): Buffer {
  if (!existsSync(path)) throw new Error(`${MISSING} (no ${path})`);
  return readFileSync(path);
}
const gz = (buffer: Buffer) => gzipSync(buffer, { level: 9 }).length;

describe('bundle size', () => {
  it(`loader dist/widget.js is at most ${LOADER_BUDGET} B gzip and carries no app code`, () => {
    const loader = read(`${dist}widget.js`);
    const size = gz(loader);
    console.warn(
      `[size] loader dist/widget.js: ${size} B gzip (${loader.length} B raw), budget ${LOADER_BUDGET} B`,
    );
    expect(size).toBeLessThanOrEqual(LOADER_BUDGET);
    const text = loader.toString('utf8');
    for (const name of NOT_IN_LOADER) expect(text, `loader contains "${name}"`).not.toContain(name);
    expect(text).toMatch(/widget\/entry-[\w-]+\.js/);
  });

  it(`app entry + static imports are at most ${APP_BUDGET} B gzip`, () => {
    const manifest = JSON.parse(
      read(`${dist}widget/.vite/manifest.json`).toString('utf8'),
    ) as Manifest;
    const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
    if (!entryKey) throw new Error(`${MISSING} (no entry in the manifest)`);
    const files = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      if (!chunk || files.has(chunk.file)) return;
      files.add(chunk.file);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    visit(entryKey);
    let total = 0;
    for (const file of files) {
      const size = gz(read(`${dist}widget/${file}`));
      total += size;
      console.warn(`[size] app ${file}: ${size} B gzip`);
    }
    console.warn(`[size] app entry + static imports: ${total} B gzip, budget ${APP_BUDGET} B`);
    expect(total).toBeLessThanOrEqual(APP_BUDGET);
    // The loader must point at the entry that was built with it.
    const loader = read(`${dist}widget.js`).toString('utf8');
    expect(loader).toContain(`widget/${manifest[entryKey]?.file}`);
  });

  it('npm entry exports mount, with types', async () => {
    read(`${dist}npm/index.d.ts`);
    const source = read(`${dist}npm/index.js`).toString('utf8');
    expect(source).toMatch(/export\s*\{[^}]*\bmount\b/);
    // Dependencies stay imports for the consumer's bundler, not copies.
    expect(source).toMatch(/from\s*["']preact["']/);
    expect(source).toMatch(/from\s*["']socket\.io-client["']/);
  });
});
