import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `pnpm bench` only: not part of `pnpm test`.
export default defineConfig({
  resolve: {
    alias: {
      '@switchboard/shared': fileURLToPath(
        new URL('../../packages/shared/src/index.ts', import.meta.url),
      ),
      // The server's own MiniSearch, for the search without its bounds in faq-search.bench.ts.
      minisearch: fileURLToPath(
        new URL('../../packages/server/node_modules/minisearch/dist/es/index.js', import.meta.url),
      ),
    },
  },
  test: { root: fileURLToPath(new URL('.', import.meta.url)), include: [] },
  benchmark: { include: ['*.bench.ts'] },
});
