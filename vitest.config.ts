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
        test: {
          name: 'server',
          root: 'packages/server',
          include: ['test/**/*.test.ts'],
          // One throwaway PostgreSQL for the run (the PostgreSQL store's tests).
          globalSetup: ['test/helpers/postgres-setup.ts'],
        },
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
          // The same journeys with every relay on PostgreSQL (a fresh database each): the store
          // is a setting, so every feature must behave the same on both.
          name: 'integration-pg',
          root: 'tests',
          include: ['integration/**/*.test.ts'],
          // SQLite-only by nature: the CLI's backup and data-dir commands, and the file fuzzing.
          // migrate-store.test.ts starts and manages its own PostgreSQL; the cluster tests their own
          // PostgreSQL and Redis.
          exclude: [
            'integration/cli.test.ts',
            'integration/postgres-outage.test.ts',
            'integration/migrate-store.test.ts',
            // On PostgreSQL already, with their own server and Redis.
            'integration/cluster*.test.ts',
          ],
          env: { TEST_STORE: 'postgres' },
          globalSetup: ['../packages/server/test/helpers/postgres-setup.ts'],
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
