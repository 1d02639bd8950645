// First: the widget's transport needs a global WebSocket before engine.io-client loads.
import './helpers/node-websocket.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshDatabaseUrl,
  type PostgresServer,
  startPostgres,
} from '../../packages/server/test/helpers/postgres.js';
import { type RedisServer, startRedis } from '../../packages/server/test/helpers/redis.js';
import { CHAOS_LIMITS, runChaos } from './helpers/chaos.js';
import { ensureBuilt } from './helpers/cli.js';
import { clusterChaosBackend } from './helpers/cluster.js';

/**
 * The chaos test on a cluster (helpers/chaos.ts): three relay processes (the built CLI) on one
 * PostgreSQL and one Redis, clients spread over them by the fault proxy as a balancer would, and
 * the node that owns the routing core SIGKILLed twice mid-traffic (each brought back as a
 * follower once another node has taken over). Besides the chaos test's promises (every
 * acknowledged message exactly once and in order on both sides), no agent holds more chats than
 * their capacity, and a visitor who writes right after each kill is routed to an agent within
 * ROUTED_WITHIN_S (the lease's default life is 6 s; a dead owner's lock goes at once).
 * Replay with `CHAOS_SEED=123 npx vitest run --project integration tests/integration/cluster-chaos.test.ts`.
 */

const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ROUTED_WITHIN_S = 10;

let postgres: PostgresServer;
let redis: RedisServer;

beforeAll(async () => {
  await ensureBuilt();
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([postgres?.destroy(), redis?.destroy()]);
});

describe('chaos on a cluster', () => {
  it('loses and doubles nothing, and routes again within 10 s, when the owner is SIGKILLed twice', async () => {
    let killed: string | null = null;
    const killedNodes: string[] = [];
    const result = await runChaos(
      clusterChaosBackend({
        databaseUrl: () => freshDatabaseUrl(postgres.url),
        redisUrl: redis.url,
        config: { limits: CHAOS_LIMITS },
        async kill(cluster) {
          const owner = await cluster.ownedBy();
          killed = owner;
          killedNodes.push(owner);
          await cluster.signal(owner, 'SIGKILL');
        },
        async restart(cluster) {
          if (!killed) return;
          // Down until another node has taken over (a node back at once under the same name
          // would take its own lease straight back).
          await cluster.ownedBy(killed);
          await cluster.spawn(killed);
          killed = null;
        },
      }),
      { name: 'cluster chaos', seed: SEED, probeRouting: true },
    );
    // Two different owners died: the second was the one that took over from the first.
    expect(new Set(killedNodes).size).toBe(2);
    expect(result.routedAfterKill).toHaveLength(2);
    for (const seconds of result.routedAfterKill) expect(seconds).toBeLessThan(ROUTED_WITHIN_S);
    expect(result.overCapacity).toEqual([]);
  }, 300_000);
});
