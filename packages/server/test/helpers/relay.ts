// `startRelay`: a real relay on port 0 for transport tests; tests/integration re-exports it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Tests run the relay from source (vitest compiles it); the CLI restart test runs the build.
import { type ConfigInput, createRelay, type Relay, type RelayOptions } from '../../src/index.js';

/** A relay on a random port with its own temporary data directory. */
export interface TestRelay {
  relay: Relay;
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  dataDir: string;
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
  const relay = createRelay(
    {
      port: 0,
      host: '127.0.0.1',
      logLevel: (process.env.TEST_LOG_LEVEL as ConfigInput['logLevel']) ?? 'silent',
      // Tests create many conversations; FULL fsyncs would only slow them down.
      sqlite: { synchronous: 'normal' },
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
    async close() {
      await relay.close();
      if (!config.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
