// `pnpm cluster`: a whole cluster on this machine, to try one: a throwaway PostgreSQL and Redis
// from the installed server binaries (apt-get install postgresql redis-server), three relay nodes
// (the built CLI) on them, and a small balancing proxy in front that spreads connections over the
// live nodes, as nginx or Caddy would. Prints the URLs; Ctrl-C stops everything and deletes the
// data. `CLUSTER_NODES=5 pnpm cluster` for another count; `PORT` moves the proxy (default 8080).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startPostgres } from './lib/local-postgres.mjs';
import { startRedis } from './lib/local-redis.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/server/dist/cli.js');
const count = Number(process.env.CLUSTER_NODES ?? 3);
const proxyPort = Number(process.env.PORT ?? 8080);
const say = (line) => process.stdout.write(`${line}\n`);

const dir = mkdtempSync(join(tmpdir(), 'switchboard-cluster-'));
say('Starting PostgreSQL and Redis...');
const [postgres, redis] = await Promise.all([startPostgres({ keepCommits: true }), startRedis()]);
const databaseUrl = postgres.url.replace(/\/postgres$/, '/switchboard');
{
  // node-postgres is the relay's dependency: resolved from its package.
  const pg = createRequire(join(root, 'packages/server/package.json'))('pg');
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('CREATE DATABASE switchboard');
  await admin.end();
}

/** @type {Map<string, { child: import('node:child_process').ChildProcess, port: number, up: boolean }>} */
const nodes = new Map();
const secret = (await import('node:crypto')).randomBytes(24).toString('hex');

async function startNode(id) {
  const port = await freePort();
  const child = spawn(process.execPath, [cli], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SWITCHBOARD_DATA_DIR: dir,
      SWITCHBOARD_SECRET: secret,
      SWITCHBOARD_PUBLIC_URL: `http://localhost:${proxyPort}`,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      SWITCHBOARD_NODE_ID: id,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    },
    stdio: ['ignore', 'inherit', 'pipe'],
    // Its own process group: Ctrl-C reaches this script only, which stops the nodes in order.
    detached: true,
  });
  const node = { child, port, up: false };
  nodes.set(id, node);
  child.stderr.on('data', () => {}); // the banner, once per node: the proxy's URL is printed below
  child.once('exit', (code, signal) => {
    node.up = false;
    if (!stopping) say(`${id} exited (${code ?? signal})`);
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) {
      node.up = true;
      return node;
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${id} did not start`);
}

let stopping = false;
const ids = Array.from({ length: count }, (_, i) => `node-${i + 1}`);
for (const id of ids) {
  await startNode(id);
  say(`${id} listening on http://127.0.0.1:${nodes.get(id).port}`);
}

// The balancer: each new connection to the next live node (round robin), as a TCP proxy (so
// WebSockets pass untouched). A node that refuses is skipped.
let turn = 0;
const proxy = createServer((client) => {
  const live = [...nodes.values()].filter((n) => n.up);
  if (live.length === 0) return client.destroy();
  const tryNode = (attempt) => {
    const node = live[(turn + attempt) % live.length];
    const upstream = connect({ host: '127.0.0.1', port: node.port });
    upstream.once('connect', () => {
      client.pipe(upstream);
      upstream.pipe(client);
    });
    upstream.once('error', () => {
      if (attempt + 1 < live.length) tryNode(attempt + 1);
      else client.destroy();
    });
    client.once('error', () => upstream.destroy());
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  };
  turn++;
  tryNode(0);
});
await new Promise((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve));

say('');
say(`Switchboard cluster: ${count} nodes on one PostgreSQL and one Redis`);
say(`  Demo site:     http://localhost:${proxyPort}/`);
say(
  `  Agent console: http://localhost:${proxyPort}/console  (agent@example.com / switchboard-demo)`,
);
say(
  `  Each node:     ${ids.map((id) => `${id} :${nodes.get(id).port} (pid ${nodes.get(id).child.pid})`).join(', ')}`,
);
say(`  PostgreSQL:    ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}`);
say(`  Redis:         ${redis.url}`);
say(
  `Which node owns the routing core: curl -s http://127.0.0.1:<node port>/metrics | grep cluster_owner`,
);
say('Try kill -9 on the owner: another node takes over within a second or two.');
say('Ctrl-C stops everything and deletes the data.');

async function stop() {
  if (stopping) return;
  stopping = true;
  say('\nStopping...');
  proxy.close();
  await Promise.all(
    [...nodes.values()].map(
      (n) =>
        new Promise((resolve) => {
          if (n.child.exitCode !== null || n.child.signalCode !== null) return resolve(undefined);
          n.child.once('exit', resolve);
          n.child.kill('SIGTERM');
        }),
    ),
  );
  await Promise.all([postgres.destroy(), redis.destroy()]);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
process.on('exit', () => {
  for (const n of nodes.values()) if (n.child.exitCode === null) n.child.kill('SIGKILL');
});
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
