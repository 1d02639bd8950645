// First: the widget's transport needs a global WebSocket before engine.io-client loads.
import './helpers/node-websocket.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CHAOS_LIMITS, runChaos } from './helpers/chaos.js';
import { ensureBuilt, freePort, type RelayProcess, spawnRelay } from './helpers/cli.js';

/**
 * The chaos test on one relay (helpers/chaos.ts): the relay (the built CLI) is SIGKILLed and
 * restarted twice on the same port and data dir while visitors and agents chat through a fault
 * proxy. Replay a failure with the seed it prints: `CHAOS_SEED=123 npx vitest run --project
 * integration tests/integration/chaos.test.ts`.
 */

const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));

let dataDir: string;
let configDir: string;

beforeAll(async () => {
  await ensureBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'switchboard-chaos-'));
  configDir = mkdtempSync(join(tmpdir(), 'switchboard-chaos-config-'));
}, 120_000);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(configDir, { recursive: true, force: true });
});

describe('chaos', () => {
  it('loses and doubles nothing acknowledged through dropped connections, delayed acks and two SIGKILLs', async () => {
    const port = await freePort();
    const configFile = join(configDir, 'switchboard.json');
    writeFileSync(configFile, JSON.stringify({ limits: CHAOS_LIMITS }));
    const env = {
      PORT: String(port),
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_CONFIG: configFile,
    };
    let relay: RelayProcess | undefined;
    await runChaos(
      {
        start: async () => {
          relay = await spawnRelay(env, [], 30_000);
        },
        pick: () => port,
        directUrl: () => relay!.url,
        async kill() {
          relay!.child.kill('SIGKILL');
          await relay!.exited;
        },
        async restart() {
          relay = await spawnRelay(env, [], 30_000);
        },
        async stop() {
          if (relay && relay.child.exitCode === null && relay.child.signalCode === null) {
            relay.child.kill('SIGKILL');
            await relay.exited;
          }
        },
      },
      { name: 'chaos', seed: SEED },
    );
  }, 240_000);
});
