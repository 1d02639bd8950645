// First: the widget's transport needs a global WebSocket before engine.io-client loads.
import './helpers/node-websocket.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshDatabaseUrl,
  type PostgresServer,
  startPostgres,
} from '../../packages/server/test/helpers/postgres.js';
import { type RedisServer, startRedis } from '../../packages/server/test/helpers/redis.js';
import { CHAOS_LIMITS, runChaos } from './helpers/chaos.js';
import { ensureBuilt, freePort, type RelayProcess, spawnRelay } from './helpers/cli.js';

/**
 * The chaos test on a cluster (helpers/chaos.ts): three relay processes (the built CLI) on one
 * PostgreSQL and one Redis, clients spread over them by the fault proxy as a balancer would, and
 * the node that owns the routing core SIGKILLed twice mid-traffic (each brought back as a
 * follower once another node has taken over). Besides the chaos test's promises (every acknowledged message exactly once and in
 * order on both sides), no agent holds more chats than their capacity, and a visitor who writes
 * right after each kill is routed to an agent within ROUTED_WITHIN_S (the lease's life is 6 s).
 * Replay with `CHAOS_SEED=123 npx vitest run --project integration tests/integration/cluster-chaos.test.ts`.
 */

const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ROUTED_WITHIN_S = 10;
const NODES = ['n1', 'n2', 'n3'];

let postgres: PostgresServer;
let redis: RedisServer;
let dir: string;

beforeAll(async () => {
  await ensureBuilt();
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  dir = mkdtempSync(join(tmpdir(), 'switchboard-cluster-chaos-'));
}, 120_000);

afterAll(async () => {
  await Promise.all([postgres?.destroy(), redis?.destroy()]);
  rmSync(dir, { recursive: true, force: true });
});

/** Who holds the routing core's lease now. */
async function ownerOf(databaseUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ holder: string }>(
      "SELECT holder FROM leases WHERE name = 'core' AND expires_at > now()",
    );
    return rows[0]?.holder ?? null;
  } finally {
    await client.end();
  }
}

describe('chaos on a cluster', () => {
  it('loses and doubles nothing, and routes again within 10 s, when the owner is SIGKILLed twice', async () => {
    const databaseUrl = await freshDatabaseUrl(postgres.url);
    const configFile = join(dir, 'switchboard.json');
    writeFileSync(configFile, JSON.stringify({ limits: CHAOS_LIMITS }));
    const ports = new Map<string, number>();
    for (const id of NODES) ports.set(id, await freePort());
    const envOf = (id: string) => ({
      PORT: String(ports.get(id)),
      SWITCHBOARD_DATA_DIR: dir,
      SWITCHBOARD_CONFIG: configFile,
      SWITCHBOARD_SECRET: 'cluster-chaos-secret-0123456789abcdef',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      SWITCHBOARD_NODE_ID: id,
    });
    const live = new Map<string, RelayProcess>();
    let killed: string | null = null;
    const killedNodes: string[] = [];
    let turn = 0;
    const result = await runChaos(
      {
        async start() {
          for (const id of NODES) live.set(id, await spawnRelay(envOf(id), [], 30_000));
        },
        pick() {
          const ids = [...live.keys()];
          return ports.get(ids[turn++ % ids.length]!)!;
        },
        directUrl: () => [...live.values()][0]!.url,
        async kill() {
          const owner = await ownerOf(databaseUrl);
          const relay = owner ? live.get(owner) : undefined;
          if (!owner || !relay) throw new Error(`no live owner to kill (lease: ${owner})`);
          live.delete(owner);
          killed = owner;
          killedNodes.push(owner);
          relay.child.kill('SIGKILL');
          await relay.exited;
        },
        async restart() {
          if (!killed) return;
          // Down long enough for another node to take over (a node restarted at once under the
          // same name would take its own lease straight back).
          const deadline = Date.now() + 20_000;
          for (;;) {
            const owner = await ownerOf(databaseUrl);
            if (owner && live.has(owner)) break;
            if (Date.now() > deadline) throw new Error(`no node took over from ${killed}`);
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
          live.set(killed, await spawnRelay(envOf(killed), [], 30_000));
          killed = null;
        },
        async stop() {
          for (const relay of live.values()) {
            if (relay.child.exitCode === null && relay.child.signalCode === null) {
              relay.child.kill('SIGKILL');
              await relay.exited;
            }
          }
        },
      },
      { name: 'cluster chaos', seed: SEED, probeRouting: true },
    );
    // Two different owners died: the second was the one that took over from the first.
    expect(new Set(killedNodes).size).toBe(2);
    expect(result.routedAfterKill).toHaveLength(2);
    for (const seconds of result.routedAfterKill) expect(seconds).toBeLessThan(ROUTED_WITHIN_S);
    expect(result.overCapacity).toEqual([]);
  }, 300_000);
});
