// A local cluster for the tests: relay processes (the built CLI) on one PostgreSQL database and
// one Redis, each on its own port, named n1, n2, n3...; who owns the routing core is read from the
// lease in PostgreSQL.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { ChaosBackend } from './chaos.js';
import { freePort, type RelayProcess, spawnRelay } from './cli.js';

export interface LocalCluster {
  databaseUrl: string;
  /** The nodes running now, by name. */
  live: Map<string, RelayProcess>;
  port(id: string): number;
  /** Start (or start again) the node `id`, on its own port; resolves once it listens. */
  spawn(id: string): Promise<RelayProcess>;
  /** Signal a node; SIGKILL and SIGTERM wait for it to exit and drop it from `live`. */
  signal(id: string, signal: NodeJS.Signals): Promise<void>;
  /** Who holds the routing core's lease now (null: nobody, or it expired). */
  owner(): Promise<{ holder: string; epoch: number } | null>;
  /** Wait until a running node other than `not` owns the core; resolves with its name. */
  ownedBy(not?: string, timeoutMs?: number): Promise<string>;
  /** Kill every node and delete the data directory. */
  stop(): Promise<void>;
}

/**
 * Start `nodes` relay processes, n1 first (so it takes the lease), on `databaseUrl` and
 * `redisUrl`, with `config` in a config file they share.
 * @example const cluster = await startCluster({ databaseUrl, redisUrl: redis.url })
 */
export async function startCluster(options: {
  databaseUrl: string;
  redisUrl: string;
  nodes?: number;
  config?: Record<string, unknown>;
}): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-cluster-'));
  const configFile = join(dir, 'switchboard.json');
  writeFileSync(configFile, JSON.stringify(options.config ?? {}));
  const ids = Array.from({ length: options.nodes ?? 3 }, (_, i) => `n${i + 1}`);
  const ports = new Map<string, number>();
  for (const id of ids) ports.set(id, await freePort());
  const live = new Map<string, RelayProcess>();
  const envOf = (id: string) => ({
    PORT: String(ports.get(id)),
    SWITCHBOARD_DATA_DIR: dir,
    SWITCHBOARD_CONFIG: configFile,
    SWITCHBOARD_SECRET: 'local-cluster-secret-0123456789abcdef',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    SWITCHBOARD_NODE_ID: id,
  });

  const cluster: LocalCluster = {
    databaseUrl: options.databaseUrl,
    live,
    port: (id) => ports.get(id)!,
    async spawn(id) {
      const relay = await spawnRelay(envOf(id), [], 30_000);
      live.set(id, relay);
      return relay;
    },
    async signal(id, signal) {
      const relay = live.get(id);
      if (!relay) return;
      relay.child.kill(signal);
      if (signal === 'SIGKILL' || signal === 'SIGTERM') {
        live.delete(id);
        await relay.exited;
      }
    },
    async owner() {
      const client = new pg.Client({ connectionString: options.databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ holder: string; epoch: string }>(
          "SELECT holder, epoch FROM leases WHERE name = 'core' AND expires_at > now()",
        );
        const row = rows[0];
        return row ? { holder: row.holder, epoch: Number(row.epoch) } : null;
      } finally {
        await client.end();
      }
    },
    async ownedBy(not, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const owner = await cluster.owner().catch(() => null);
        if (owner && owner.holder !== not && live.has(owner.holder)) return owner.holder;
        if (Date.now() > deadline) throw new Error(`no node took over (lease: ${owner?.holder})`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      for (const relay of live.values()) {
        relay.child.kill('SIGCONT');
        relay.child.kill('SIGKILL');
        await relay.exited;
      }
      live.clear();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  for (const id of ids) await cluster.spawn(id);
  return cluster;
}

/**
 * A chaos backend (helpers/chaos.ts) on a fresh cluster: new connections go round-robin to the
 * live nodes, as a balancer's would; `kill` and `restart` do the failure under test and its undoing.
 * @example runChaos(clusterChaosBackend({ databaseUrl, redisUrl, kill: (c) => c.signal('n1', 'SIGTERM'), restart: (c) => c.spawn('n1') }), options)
 */
export function clusterChaosBackend(options: {
  databaseUrl: () => Promise<string>;
  redisUrl: string;
  config?: Record<string, unknown>;
  kill(cluster: LocalCluster): Promise<void>;
  restart(cluster: LocalCluster): Promise<void>;
}): ChaosBackend {
  let cluster: LocalCluster | undefined;
  let turn = 0;
  return {
    async start() {
      cluster = await startCluster({
        databaseUrl: await options.databaseUrl(),
        redisUrl: options.redisUrl,
        ...(options.config ? { config: options.config } : {}),
      });
    },
    pick() {
      const ids = [...cluster!.live.keys()];
      return cluster!.port(ids[turn++ % ids.length]!);
    },
    directUrl: () => [...cluster!.live.values()][0]!.url,
    kill: () => options.kill(cluster!),
    restart: () => options.restart(cluster!),
    stop: async () => cluster?.stop(),
  };
}
