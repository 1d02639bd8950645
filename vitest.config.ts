import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import @switchboard/shared from source, so they never depend on a stale build.
const alias = {
  '@switchboard/shared': fileURLToPath(new URL('./packages/shared/src/index.ts', import.meta.url)),
};

// The folder decides the environment: test/node runs in Node, test/dom in happy-dom.
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'shared', root: 'packages/shared', include: ['test/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'server', root: 'packages/server', include: ['test/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'widget-node',
          root: 'packages/widget',
          include: ['test/node/**/*.test.{ts,tsx}'],
        },
      },
      {
        extends: true,
        test: {
          name: 'widget-dom',
          root: 'packages/widget',
          include: ['test/dom/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      {
        extends: true,
        test: {
          name: 'console-dom',
          root: 'packages/console',
          include: ['test/dom/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          root: 'tests',
          include: ['integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          root: 'tests',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
