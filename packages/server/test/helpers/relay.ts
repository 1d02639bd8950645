// `startRelay`: a real relay on port 0 for transport tests; tests/integration re-exports it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Tests run the relay from source (vitest compiles it); the CLI restart test runs the build.
import { type ConfigInput, createRelay, type Relay, type RelayOptions } from '../../src/index.js';
import { freshDatabaseUrl } from './postgres.js';

/**
 * With `TEST_STORE=postgres` (the `integration-pg` project) every relay keeps its data in its own
 * fresh PostgreSQL database instead of SQLite; a relay started again on the same data directory
 * (a restart test) gets the same database back.
 */
const onPostgres = process.env.TEST_STORE === 'postgres';
const databases = new Map<string, string>();
async function databaseFor(dataDir: string): Promise<string> {
  const known = databases.get(dataDir);
  if (known) return known;
  const url = await freshDatabaseUrl();
  databases.set(dataDir, url);
  return url;
}

/** A relay on a random port with its own temporary data directory. */
export interface TestRelay {
  relay: Relay;
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  dataDir: string;
  /** The PostgreSQL database it keeps its data in (`TEST_STORE=postgres`), else undefined: SQLite. */
  databaseUrl?: string;
  /** Close the relay and delete its data directory. */
  close(): Promise<void>;
}

/**
 * Start a real relay on port 0. Logs are silent unless `TEST_LOG_LEVEL` is set.
 * @example const { url, close } = await startRelay(); afterAll(close)
 */
export async function startRelay(
  config: ConfigInput = {},
  options: RelayOptions = {},
): Promise<TestRelay> {
  const dataDir = config.dataDir ?? mkdtempSync(join(tmpdir(), 'switchboard-it-'));
  const databaseUrl =
    onPostgres && !options.store && !config.storage ? await databaseFor(dataDir) : undefined;
  const relay = createRelay(
    {
      port: 0,
      host: '127.0.0.1',
      logLevel: (process.env.TEST_LOG_LEVEL as ConfigInput['logLevel']) ?? 'silent',
      // Tests create many conversations; FULL fsyncs would only slow them down.
      sqlite: { synchronous: 'normal' },
      ...(databaseUrl ? { storage: { url: databaseUrl } } : {}),
      ...config,
      dataDir,
    },
    options,
  );
  const { url, port } = await relay.listen();
  return {
    relay,
    url,
    port,
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    async close() {
      await relay.close();
      if (!config.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
