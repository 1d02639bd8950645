// The `server` project's global setup: one throwaway PostgreSQL for the whole run, its admin URL
// given to the test files as `inject('postgresUrl')`, stopped and deleted at the end.
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres.js';

/**
 * Start the run's PostgreSQL (throws if its binaries are missing) and provide its URL.
 * @example globalSetup: ['test/helpers/postgres-setup.ts']
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.destroy();
}
