// Builds the widget: the app (ESM, hashed chunks + manifest) into dist/widget/, then the loader
// (classic IIFE) into dist/widget.js with the app entry's hashed name baked in, then the npm entry
// (dist/npm/index.js, dependencies external) with its type declarations.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const dist = `${root}dist`;
const APP_ENTRY = 'src/app/entry.ts';

/** Shared settings: Preact's automatic JSX runtime, shared from source (never a stale build). */
const base = {
  root,
  configFile: false,
  logLevel: 'warn',
  resolve: {
    alias: {
      '@switchboard/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
    },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
};

rmSync(dist, { recursive: true, force: true });

/**
 * engine.io-client's WebTransport transport, replaced by an inert class: the widget asks for
 * websocket and polling only and the relay never offers webtransport, so it is dead weight.
 */
const noWebTransport = {
  name: 'switchboard:no-webtransport',
  enforce: 'pre',
  resolveId(source, importer) {
    if (source.endsWith('/webtransport.js') && importer?.includes('engine.io-client')) {
      return '\0switchboard:webtransport';
    }
    return null;
  },
  load(id) {
    return id === '\0switchboard:webtransport' ? 'export class WT {}' : null;
  },
};

// 1. The app: ES modules, hashed, relative to each other (base './'), with a manifest.
await build({
  ...base,
  plugins: [noWebTransport],
  base: './',
  build: {
    outDir: 'dist/widget',
    emptyOutDir: false,
    manifest: true,
    target: 'es2020',
    minify: true,
    sourcemap: true,
    modulePreload: false,
    copyPublicDir: false,
    rolldownOptions: {
      input: { entry: APP_ENTRY },
      preserveEntrySignatures: 'allow-extension',
      output: {
        format: 'es',
        entryFileNames: '[name]-[hash].js',
        chunkFileNames: '[name]-[hash].js',
      },
    },
  },
});

const manifest = JSON.parse(readFileSync(`${dist}/widget/.vite/manifest.json`, 'utf8'));
const entryFile = manifest[APP_ENTRY]?.file;
if (!entryFile) throw new Error(`the manifest has no ${APP_ENTRY}`);

// 2. The loader: one classic script, no imports, the entry name injected.
await build({
  ...base,
  define: { __SB_ENTRY__: JSON.stringify(entryFile) },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2018',
    minify: true,
    copyPublicDir: false,
    rolldownOptions: {
      input: 'src/embed/loader.ts',
      output: { format: 'iife', entryFileNames: 'widget.js' },
    },
  },
});

// 3. The npm entry: dependencies stay imports, for the consumer's bundler to share.
await build({
  ...base,
  build: {
    outDir: 'dist/npm',
    emptyOutDir: false,
    target: 'es2020',
    minify: false,
    sourcemap: true,
    copyPublicDir: false,
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'index.js' },
    rolldownOptions: {
      external: [/^preact/, /^socket\.io-client/, /^@switchboard\/shared/, /^libphonenumber-js/],
    },
  },
});
execFileSync(
  process.execPath,
  [fileURLToPath(import.meta.resolve('typescript/bin/tsc')), '-p', 'tsconfig.npm.json'],
  { cwd: root, stdio: 'inherit' },
);

console.error(`[widget] built dist/widget.js -> widget/${entryFile}, dist/npm/index.js`);
