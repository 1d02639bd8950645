import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The console is served by the relay under `/console/`, so every asset URL is built against that
 * base. Vite 8 transforms TSX with oxc; the automatic runtime is pointed at Preact here (the
 * tsconfig says the same for the type checker), so no Preact preset plugin is needed.
 */
export default defineConfig({
  base: '/console/',
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    // Build against the protocol's source, like the tests do, so a stale shared build never leaks in.
    alias: {
      '@switchboard/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
    },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
});
