import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `pnpm bench` only: not part of `pnpm test`.
export default defineConfig({
  resolve: {
    alias: {
      '@switchboard/shared': fileURLToPath(
        new URL('../../packages/shared/src/index.ts', import.meta.url),
      ),
    },
  },
  test: { root: fileURLToPath(new URL('.', import.meta.url)), include: [] },
  benchmark: { include: ['*.bench.ts'] },
});
