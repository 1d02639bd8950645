// Builds the widget: the app (ESM, hashed chunks + manifest) into dist/widget/, then the loader
// (classic IIFE) into dist/widget.js with the app entry's hashed name baked in, then the npm entry
// (dist/npm/index.js, dependencies external) with its type declarations.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
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
 * Modules of socket.io's client stack the widget never runs, replaced by inert stubs (each saves
 * first-load bytes). Frames are JSON, never binary: the relay sends no binary packets, so the
 * binary event/ack support of socket.io-parser and engine.io-parser's base64 decoder are dead
 * weight; an unexpected binary packet is refused (thrown) by the parser, as a malformed one is.
 * engine.io-client's WebTransport transport: the widget asks for websocket and polling only and
 * the relay never offers webtransport.
 */
const STUBS = [
  ['engine.io-client', '/webtransport.js', 'export class WT {}'],
  [
    'socket.io-parser',
    '/binary.js',
    'const no = () => { throw new Error("binary packets are not supported"); };' +
      'export { no as deconstructPacket, no as reconstructPacket };',
  ],
  [
    'socket.io-parser',
    '/is-binary.js',
    'export const isBinary = () => false, hasBinary = isBinary;',
  ],
  [
    'engine.io-parser',
    '/base64-arraybuffer.js',
    'export const decode = () => { throw new Error("binary packets are not supported"); };',
  ],
];
/**
 * engine.io-client's regex URI parser, replaced by the platform's URL: the fields socket.io reads
 * (source, protocol, host without IPv6 brackets, port, path, query), same values for the relay URLs.
 */
const PARSE_URI = `export function parse(source) {
  const url = new URL(/^[a-z][a-z0-9+.-]*:\\/\\//i.test(source) ? source : "http://" + source);
  return {
    source,
    protocol: url.protocol.slice(0, -1),
    host: url.hostname.replace(/^\\[|\\]$/g, ""),
    port: url.port,
    path: url.pathname,
    query: url.search.slice(1),
    anchor: url.hash.slice(1),
  };
}`;
STUBS.push(['engine.io-client', '/parseuri.js', PARSE_URI]);

/**
 * engine.io-client's entry, slimmed: its index re-exports every transport, which would pull the
 * long-polling code into the first load even though the widget loads it lazily. The first load
 * gets what socket.io-client and the widget use (the socket, WebSocket transport, helpers); the
 * lazy chunk `src/client/polling.ts` gets the long-polling transport from its own file. The
 * transports-by-name table is empty: the widget always passes transport classes.
 */
const engineDir = `${dirname(createRequire(import.meta.url).resolve('engine.io-client/package.json'))}/build/esm`;
const ENGINE_SLIM = `export { Socket } from "${engineDir}/socket.js";
export { installTimerFunctions } from "${engineDir}/util.js";
export { nextTick } from "${engineDir}/globals.js";
export { parse } from "${engineDir}/contrib/parseuri.js";
export { WS as WebSocket } from "${engineDir}/transports/websocket.js";
export const transports = {}, XHR = undefined, Fetch = undefined, NodeXHR = undefined,
  NodeWebSocket = undefined, WebTransport = undefined;`;
const ENGINE_POLLING = `export { XHR } from "${engineDir}/transports/polling-xhr.js";`;

const stubs = {
  name: 'switchboard:stubs',
  enforce: 'pre',
  resolveId(source, importer) {
    if (source === 'engine.io-client') {
      return importer?.endsWith('/src/client/polling.ts')
        ? '\0switchboard:engine-polling'
        : '\0switchboard:engine-slim';
    }
    if (source.endsWith('/transports/index.js') && importer?.includes('/engine.io-client/')) {
      return '\0switchboard:engine-no-table';
    }
    // The slimmed engine.io-client entries below count as engine.io-client's own modules.
    const owner = importer?.startsWith('\0switchboard:engine') ? '/engine.io-client/' : importer;
    const index = STUBS.findIndex(
      ([pkg, file]) => source.endsWith(file) && owner?.includes(`/${pkg}/`),
    );
    return index < 0 ? null : `\0switchboard:stub:${index}`;
  },
  load(id) {
    if (id === '\0switchboard:engine-slim') return ENGINE_SLIM;
    if (id === '\0switchboard:engine-polling') return ENGINE_POLLING;
    if (id === '\0switchboard:engine-no-table') return 'export const transports = {};';
    const prefix = '\0switchboard:stub:';
    return id.startsWith(prefix) ? STUBS[Number(id.slice(prefix.length))][2] : null;
  },
};

// 1. The app: ES modules, hashed, relative to each other (base './'), with a manifest.
await build({
  ...base,
  plugins: [stubs],
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
      external: [
        /^preact/,
        /^socket\.io-client/,
        /^engine\.io-client/,
        /^@switchboard\/shared/,
        /^libphonenumber-js/,
      ],
    },
  },
});
execFileSync(
  process.execPath,
  [fileURLToPath(import.meta.resolve('typescript/bin/tsc')), '-p', 'tsconfig.npm.json'],
  { cwd: root, stdio: 'inherit' },
);

console.error(`[widget] built dist/widget.js -> widget/${entryFile}, dist/npm/index.js`);
