// `pnpm bench`: the relay against two baselines (a bare socket.io echo and a raw ws echo), each
// server in its own child process on loopback, driven from this process. Prints one table and
// writes it, with every number, to tests/bench/results/latest.json. See tests/bench/README.md.
//
// Why the driver is this process: on a 2-core machine the server under test gets one core and the
// load generator the other. Only one server runs at a time, and while a phase runs this process
// does nothing but drive it; a third process would only add a hop. The CPU each side used is
// recorded with every phase, so a saturated client would show.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPostgres } from '../../scripts/lib/local-postgres.mjs';
import { startRedis } from '../../scripts/lib/local-redis.mjs';
import { startServer } from './lib/child.mjs';
import { relayClients, socketIoClients, wsClients } from './lib/clients.mjs';
import { pool, round, sleep, summarize } from './lib/stats.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const resultsDir = join(here, 'results');
const print = (line = '') => process.stdout.write(`${line}\n`);
const step = (line) => process.stdout.write(`\n== ${line}\n`);
const envNumber = (name, fallback) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

/** Everything bounded: counts and seconds (env overrides for a quicker or a longer run). */
const CONFIG = {
  visitors: envNumber('BENCH_VISITORS', 200),
  agents: envNumber('BENCH_AGENTS', 20),
  /**
   * Messages per second per visitor: 200 visitors x 0.5/s = 100 msg/s offered, a load the relay
   * sustains with synchronous=full on the reference machine (see README: at 200 msg/s it queues).
   */
  ratePerVisitor: envNumber('BENCH_RATE', 0.5),
  warmupSec: envNumber('BENCH_WARMUP_SEC', 3),
  measureSec: envNumber('BENCH_MEASURE_SEC', 20),
  saturateSec: envNumber('BENCH_SATURATE_SEC', 5),
  failoverRepeats: Number(process.env.BENCH_FAILOVER_REPEATS ?? 3),
  memorySizes: (process.env.BENCH_MEMORY_SIZES ?? '2000,10000').split(',').map(Number),
  routeSizes: (process.env.BENCH_ROUTE_SIZES ?? '100,10000').split(',').map(Number),
  routeRepeats: envNumber('BENCH_ROUTE_REPEATS', 5),
  /** The large load case: a node full of conversations (50 chats per agent), 300 msg/s in all. */
  large: {
    visitors: envNumber('BENCH_LARGE_VISITORS', 10_000),
    agents: envNumber('BENCH_LARGE_AGENTS', 200),
    ratePerVisitor: envNumber('BENCH_LARGE_RATE', 0.03),
  },
  /** Connections opened at once while filling a memory phase. */
  openConcurrency: 50,
  text: 'Hello, is the blue rain jacket still available in size M?',
};
const PASSWORD = 'bench-password-not-secret';
/**
 * When set, the server's CPU is profiled in the load phase's offered-load window and in its closed
 * loop (`<dir>/<server>-<visitors>-<offered|closed>.cpuprofile`), and while the memory phase's
 * visitors arrive (`<server>-open-<visitors>.cpuprofile`)
 * (read them with `node tests/bench/profile-summary.mjs <file>`).
 */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;

/** Profile `step` on the server when BENCH_PROFILE_DIR is set. */
async function profiled(server, name, step) {
  if (!PROFILE_DIR) return step();
  mkdirSync(PROFILE_DIR, { recursive: true });
  await server.ask('profile-start');
  try {
    return await step();
  } finally {
    const file = await server.ask({ cmd: 'profile-stop', dir: PROFILE_DIR, name });
    process.stdout.write(`  profile: ${file}\n`);
  }
}
const ONLY = new Set(
  (process.env.BENCH_ONLY ?? 'load,large,memory,routing,failover,faq,widget').split(','),
);

// ----- setup ------------------------------------------------------------------------------------

/** The relay is loaded from its build: build shared and server when dist is missing. */
function ensureBuilt() {
  const built = ['shared/dist/index.js', 'server/dist/index.js'].every((file) =>
    existsSync(join(root, 'packages', file)),
  );
  if (built) return;
  step('building @switchboard/shared and @switchboard/server');
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  for (const name of ['shared', 'server']) {
    execFileSync(
      process.execPath,
      [tsc, '-p', join(root, 'packages', name, 'tsconfig.build.json')],
      {
        stdio: 'inherit',
      },
    );
  }
}

function fileLimit() {
  const result = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' });
  const value = result.stdout.trim();
  return value === 'unlimited' ? Number.POSITIVE_INFINITY : Number(value) || 1024;
}

const dataDirs = [];
function relayEnv(
  capacity,
  synchronous = 'full',
  agents = CONFIG.agents,
  storageUrl = undefined,
  cluster = undefined,
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  dataDirs.push(dataDir);
  return {
    BENCH_RELAY: JSON.stringify({
      dataDir,
      agents,
      capacity,
      password: PASSWORD,
      synchronous,
      storageUrl,
      ...cluster,
    }),
  };
}

/**
 * The run's PostgreSQL for the `relay-pg` kind: a local server from the installed binaries with a
 * real server's durability (fsync and synchronous commit on, as SQLite's `synchronous: full`),
 * started at its first use; each relay gets a fresh database on it.
 */
let postgres;
async function freshPostgresDatabase() {
  postgres ??= await startPostgres({ durable: true });
  const name = `bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgres.url);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The run's Redis for the `cluster` kind, started at its first use. */
let redis;
const CLUSTER_NODES = 3;

/**
 * Three relay nodes on a fresh PostgreSQL database and the run's Redis (node 1 starts first and
 * owns the routing core): one server for the phases (CPU, memory and stats summed over the nodes,
 * the event loop and profiles of the owner), visitors on node 2 and agents on node 3, so every
 * message crosses nodes.
 */
async function startCluster(capacity, agents) {
  redis ??= await startRedis();
  const url = await freshPostgresDatabase();
  const secret = `bench-cluster-secret-${Date.now()}`;
  const nodes = [];
  for (let i = 1; i <= CLUSTER_NODES; i++) {
    const env = relayEnv(capacity, 'full', agents, url, {
      redisUrl: redis.url,
      nodeId: `bench-${i}`,
      secret,
    });
    nodes.push(await startServer('relay', env));
  }
  const sum = (values, keys) =>
    Object.fromEntries(keys.map((k) => [k, values.reduce((n, v) => n + (v?.[k] ?? 0), 0)]));
  const server = {
    name: 'cluster',
    url: nodes[0].url,
    nodes,
    async ask(cmd, timeoutMs) {
      if (cmd === 'cpu') {
        return sum(await Promise.all(nodes.map((n) => n.ask('cpu', timeoutMs))), [
          'user',
          'system',
        ]);
      }
      if (cmd === 'stats') {
        return sum(await Promise.all(nodes.map((n) => n.ask('stats', timeoutMs))), [
          'visitors',
          'agents',
        ]);
      }
      return nodes[0].ask(cmd, timeoutMs);
    },
    async memory() {
      const all = await Promise.all(nodes.map((n) => n.memory()));
      return sum(all, ['rss', 'heapUsed', 'heapTotal', 'external', 'arrayBuffers']);
    },
    stop: () => Promise.all(nodes.map((n) => n.stop())).then(() => undefined),
  };
  const visitorSide = relayClients(nodes[1].url, PASSWORD);
  const agentSide = relayClients(nodes[2].url, PASSWORD);
  return {
    server,
    clients: { openAgent: agentSide.openAgent, openVisitor: visitorSide.openVisitor },
  };
}

/** Start one of the three servers and its clients. */
async function start(
  kind,
  capacity = Math.ceil(CONFIG.visitors / CONFIG.agents),
  agents = CONFIG.agents,
) {
  if (kind === 'relay' || kind === 'relay-normal') {
    const synchronous = kind === 'relay' ? 'full' : 'normal';
    const server = await startServer('relay', relayEnv(capacity, synchronous, agents));
    return { server, clients: relayClients(server.url, PASSWORD) };
  }
  if (kind === 'relay-pg') {
    const url = await freshPostgresDatabase();
    const server = await startServer('relay', relayEnv(capacity, 'full', agents, url));
    return { server, clients: relayClients(server.url, PASSWORD) };
  }
  if (kind === 'cluster') return startCluster(capacity, agents);
  if (kind === 'durable') {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
    dataDirs.push(dataDir);
    const env = { BENCH_DURABLE: JSON.stringify({ dataDir }) };
    const server = await startServer('durable-echo', env);
    return { server, clients: socketIoClients(server.url) };
  }
  if (kind === 'socketio') {
    const server = await startServer('socketio-echo');
    return { server, clients: socketIoClients(server.url) };
  }
  const server = await startServer('ws-echo');
  return { server, clients: wsClients(server.url) };
}

async function waitFor(check, timeoutMs, what) {
  const giveUp = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > giveUp) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const cpuOf = async (server) => server.ask('cpu');
const cpuSeconds = (before, after) =>
  (after.user + after.system - before.user - before.system) / 1e6;

// ----- throughput and latency -------------------------------------------------------------------

/**
 * 200 visitors paired to 20 agents; each visitor sends at a fixed rate (open loop: a send never
 * waits for the previous ack) for warm-up + measure seconds, then a closed-loop burst for the most
 * each server sustains. Latency is the visitor's send to the agent's receipt, on this process's
 * clock. Every message is checked off by clientId on the agent side: lost (acked, never received)
 * and doubled (received twice).
 */
async function loadPhase(kind, shape = CONFIG) {
  const { visitors: n, agents: agentCount, ratePerVisitor } = shape;
  const { server, clients } = await start(kind, Math.ceil(n / agentCount), agentCount);
  try {
    const sentAt = new Map();
    const received = new Map();
    let lastReceived = 0;
    const latencies = [];
    let window = { from: Number.POSITIVE_INFINITY, to: Number.POSITIVE_INFINITY };
    let deliveredInWindow = 0;
    const onDelivered = (clientId) => {
      const now = performance.now();
      const count = (received.get(clientId) ?? 0) + 1;
      received.set(clientId, count);
      lastReceived = now;
      const sent = sentAt.get(clientId);
      if (count === 1 && sent !== undefined && sent.at >= window.from && sent.at < window.to) {
        latencies.push(now - sent.at);
      }
      if (now >= window.from && now < window.to) deliveredInWindow++;
    };

    const agents = await pool(agentCount, 10, (k) => clients.openAgent(k, onDelivered));
    const visitors = await pool(n, 20, (i) => clients.openVisitor(i, i % agentCount));
    let acked = 0;
    let refused = 0;
    let failed = 0;
    let inFlight = 0;
    const errors = new Map();
    let serial = 0;
    const send = (visitor, label) => {
      const clientId = `${label}-${(++serial).toString(36)}`;
      sentAt.set(clientId, { at: performance.now(), acked: false });
      inFlight++;
      return visitor.send(clientId, CONFIG.text).then(
        (ack) => {
          inFlight--;
          if (ack?.type === 'chat.ack') {
            acked++;
            sentAt.get(clientId).acked = true;
          } else {
            refused++;
            const code = ack?.code ?? ack?.type ?? 'unknown';
            errors.set(code, (errors.get(code) ?? 0) + 1);
          }
        },
        (error) => {
          inFlight--;
          failed++;
          errors.set(error.message, (errors.get(error.message) ?? 0) + 1);
        },
      );
    };

    /** Every ack answered and every acked message received, or 15 s without a delivery. */
    const drain = async () => {
      await waitFor(
        () =>
          inFlight === 0 &&
          (performance.now() - lastReceived > 15_000 ||
            [...sentAt].every(([id, sent]) => !sent.acked || received.has(id))),
        120_000,
        'the last messages to arrive',
      ).catch(() => undefined);
      await sleep(500);
    };

    // Warm-up: one message each. The relay starts a conversation per visitor and assigns it
    // (autoAccept); the agent opens it, as the console does, before anything is measured.
    await pool(n, 20, (i) => send(visitors[i], 'w'));
    if (kind === 'relay') {
      await waitFor(
        () => agents.reduce((sum, a) => sum + a.following.size, 0) >= n,
        60_000,
        'every conversation to be assigned and opened',
      );
    }

    // Open loop at a fixed rate: message s goes to visitor s % N at t0 + s / (rate * N).
    const offered = ratePerVisitor * n;
    const totalSec = CONFIG.warmupSec + CONFIG.measureSec;
    const total = Math.round(offered * totalSec);
    const cpu0 = await cpuOf(server);
    await server.ask('loop');
    const client0 = process.cpuUsage();
    const t0 = performance.now() + 50;
    window = { from: t0 + CONFIG.warmupSec * 1000, to: t0 + totalSec * 1000 };
    const lags = [];
    let s = 0;
    const profileName = `${kind}-${n}`;
    await profiled(
      server,
      `${profileName}-offered`,
      () =>
        new Promise((resolve) => {
          const tick = () => {
            const now = performance.now();
            while (s < total && t0 + (s * 1000) / offered <= now) {
              lags.push(now - (t0 + (s * 1000) / offered));
              void send(visitors[s % n], 'm');
              s++;
            }
            if (s >= total) resolve();
            else setTimeout(tick, 2);
          };
          setTimeout(tick, 50);
        }),
    );
    const cpu1 = await cpuOf(server);
    const serverLoop = await server.ask('loop');
    const client1 = process.cpuUsage(client0);
    await drain();

    // Closed loop: every visitor sends its next message as soon as the last one is acked.
    const burstStart = performance.now();
    const burstEnd = burstStart + CONFIG.saturateSec * 1000;
    const receivedBefore = [...received.values()].reduce((a, b) => a + b, 0);
    const cpu2 = await cpuOf(server);
    await profiled(server, `${profileName}-closed`, () =>
      Promise.all(
        visitors.map(async (visitor) => {
          while (performance.now() < burstEnd) await send(visitor, 'b');
        }),
      ),
    );
    const burstSec = (performance.now() - burstStart) / 1000;
    const cpu3 = await cpuOf(server);
    await drain();
    const receivedAfter = [...received.values()].reduce((a, b) => a + b, 0);

    let lost = 0;
    let doubled = 0;
    let unacked = 0;
    for (const [id, state] of sentAt) {
      // Warm-up messages are not followed on the relay (the agent opens after them).
      if (id.startsWith('w-')) continue;
      const count = received.get(id) ?? 0;
      if (state.acked && count === 0) lost++;
      if (count > 1) doubled++;
      if (!state.acked) unacked++;
    }
    const unknown = [...received.keys()].filter((id) => !sentAt.has(id)).length;
    const latency = summarize(latencies);
    for (const visitor of visitors) visitor.close();
    for (const agent of agents) agent.close();
    return {
      offeredPerSec: offered,
      measuredSec: CONFIG.measureSec,
      throughputPerSec: deliveredInWindow / CONFIG.measureSec,
      latencyMs: latency,
      sent: sentAt.size,
      acked,
      refused,
      failed,
      errors: Object.fromEntries(errors),
      unacked,
      lost,
      doubled,
      unknown,
      clientLagP99Ms: summarize(lags).p99,
      serverCpuSec: cpuSeconds(cpu0, cpu1),
      serverLoopDelayMs: serverLoop,
      clientCpuSec: (client1.user + client1.system) / 1e6,
      wallSec: totalSec,
      maxThroughputPerSec: (receivedAfter - receivedBefore) / burstSec,
      maxThroughputServerCpuSec: cpuSeconds(cpu2, cpu3),
    };
  } finally {
    await server.stop();
  }
}

// ----- memory per idle visitor ------------------------------------------------------------------

/**
 * A fresh server; a few connections opened and closed first (lazy allocations, JIT); server memory
 * after full GCs; then N idle visitors (relay: said `session.hello` and got the welcome; baselines:
 * a connected socket), memory again; the difference divided by N.
 */
async function memoryPhase(kind, n, { keep = false } = {}) {
  const { server, clients } = await start(kind, 3);
  let keepServer = false;
  try {
    const warm = await pool(50, 25, (i) => clients.openVisitor(i, 0));
    for (const visitor of warm) visitor.close();
    await waitFor(async () => (await server.ask('stats')).visitors === 0, 30_000, 'warm-up close');
    await sleep(500);
    const before = await server.memory();
    await server.ask('loop');
    const started = performance.now();
    const visitors = await profiled(server, `${kind}-open-${n}`, () =>
      pool(n, CONFIG.openConcurrency, (i) => clients.openVisitor(i, 0)),
    );
    const openSec = (performance.now() - started) / 1000;
    // How long the server's event loop stalled while they arrived (a marketing email's burst).
    const openLoop = await server.ask('loop');
    await waitFor(async () => (await server.ask('stats')).visitors === n, 30_000, 'every visitor');
    await sleep(1_000);
    const after = await server.memory();
    const per = (key) => (after[key] - before[key]) / n;
    const result = {
      connections: n,
      openPerSec: n / openSec,
      openLoopDelayMs: openLoop,
      before,
      after,
      rssPerConnBytes: per('rss'),
      heapPerConnBytes: per('heapUsed'),
      externalPerConnBytes: per('external'),
    };
    if (keep) {
      keepServer = true;
      return { result, server, clients, visitors };
    }
    for (const visitor of visitors) visitor.close();
    return { result };
  } finally {
    if (!keepServer) await server.stop();
  }
}

// ----- failover ---------------------------------------------------------------------------------

/**
 * A fresh cluster each time (node 1 owns the core, the agent is on node 3): SIGKILL node 1, and at
 * once a new visitor on node 2 writes (hello and message retried while the answer is
 * UNAVAILABLE): the time from the kill to the conversation assigned to the agent and opened.
 */
async function failoverPhase(repeats = CONFIG.failoverRepeats) {
  const times = [];
  for (let r = 0; r < repeats; r++) {
    const { server, clients } = await startCluster(10, 1);
    try {
      const agent = await clients.openAgent(0, () => undefined);
      const owner = server.nodes[0];
      if (!(await owner.ask('stats')).owner) throw new Error('node 1 does not own the core');
      const killedAt = performance.now();
      process.kill(owner.pid, 'SIGKILL');
      let visitor;
      while (!visitor) {
        visitor = await clients.openVisitor(r, 0).catch(() => sleep(100).then(() => undefined));
      }
      const clientId = `failover-${r}`;
      for (;;) {
        const ack = await visitor.send(clientId, 'Anyone there?').catch(() => undefined);
        if (ack?.type === 'chat.ack') break;
        await sleep(100);
      }
      await waitFor(() => agent.following.size > 0, 60_000, 'the conversation to be routed');
      times.push(performance.now() - killedAt);
      visitor.close();
      agent.close();
    } finally {
      await server.stop();
    }
  }
  return { routedAfterKillMs: summarize(times), samples: times.map((t) => round(t)) };
}

// ----- time to route ----------------------------------------------------------------------------

/**
 * N conversations waiting (the one agent is away), then the agent comes online: the time from its
 * `presence.set online` to the first assignment reaching its socket (an `inbox.upsert` assigned to
 * it). Repeated: away, close what was assigned, online again. `given` reuses a relay whose N
 * visitors are already connected (the 10,000 of the memory phase).
 */
async function routePhase(n, given) {
  const { server, clients } = given ?? (await start('relay', 3));
  try {
    const visitors =
      given?.visitors ?? (await pool(n, CONFIG.openConcurrency, (i) => clients.openVisitor(i, 0)));
    const agent = await clients.openAgent(0, () => undefined);
    const away = await agent.setPresence('away');
    if (away.type !== 'ok') throw new Error(`presence.set away: ${JSON.stringify(away)}`);
    await server.ask('loop');
    const queueStarted = performance.now();
    let refused = 0;
    const failures = new Map();
    await pool(n, 20, async (i) => {
      try {
        const ack = await visitors[i].send(`q-${i}`, CONFIG.text);
        if (ack.type !== 'chat.ack') refused++;
      } catch (error) {
        failures.set(error.message, (failures.get(error.message) ?? 0) + 1);
      }
    });
    const queueSec = (performance.now() - queueStarted) / 1000;
    const queueLoop = await server.ask('loop');
    if (refused > 0) throw new Error(`${refused} of ${n} first messages were refused`);
    if (failures.size > 0)
      print(`  while queueing: ${JSON.stringify(Object.fromEntries(failures))}`);
    await sleep(1_000);

    const assigned = [];
    agent.socket.on('frame', (frame) => {
      if (
        frame.type === 'inbox.upsert' &&
        frame.conversation.agent?.id === agent.id &&
        frame.conversation.status === 'active'
      ) {
        assigned.push({ at: performance.now(), id: frame.conversation.id });
      }
    });
    const samples = [];
    const acks = [];
    for (let r = 0; r < CONFIG.routeRepeats; r++) {
      if (r > 0) {
        await agent.setPresence('away');
        for (const { id } of assigned.splice(0)) {
          const closed = await agent.socket
            .timeout(30_000)
            .emitWithAck('frame', { type: 'conversation.close', conversationId: id });
          if (closed.type === 'error') throw new Error(`close: ${JSON.stringify(closed)}`);
        }
        await sleep(1_000);
      }
      assigned.length = 0;
      const t = performance.now();
      const ack = await agent.setPresence('online');
      acks.push(performance.now() - t);
      if (ack.type !== 'ok') throw new Error(`presence.set online: ${JSON.stringify(ack)}`);
      await waitFor(() => assigned.length > 0, 30_000, 'an assignment');
      samples.push(assigned[0].at - t);
      await sleep(500);
    }
    agent.close();
    for (const visitor of visitors) visitor.close();
    return {
      queued: n - [...failures.values()].reduce((a, b) => a + b, 0),
      queueFailures: Object.fromEntries(failures),
      serverLoopDelayWhileQueueing: queueLoop,
      serverLoopDelayWhileRouting: await server.ask('loop'),
      queueFillSec: queueSec,
      firstAssignmentMs: summarize(samples),
      presenceAckMs: summarize(acks),
      samples,
    };
  } finally {
    await server.stop();
  }
}

// ----- FAQ search -------------------------------------------------------------------------------

/** The existing vitest bench (5,000 articles): its printed median/p99 and its JSON. */
function faqPhase() {
  const output = join(resultsDir, 'faq-search.json');
  const result = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/vitest/vitest.mjs'),
      'bench',
      '--run',
      '--config',
      join(here, 'vitest.config.ts'),
      '--outputJson',
      output,
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  process.stdout.write(result.stdout);
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    throw new Error(`vitest bench exited with ${result.status}`);
  }
  const line = (name) => {
    const match = result.stdout.match(
      new RegExp(`${name}\\s+median ([\\d.]+) ms\\s+p99 ([\\d.]+) ms`),
    );
    return match ? { medianMs: Number(match[1]), p99Ms: Number(match[2]) } : null;
  };
  const json = JSON.parse(readFileSync(output, 'utf8'));
  const bench = json.files?.[0]?.groups?.[0]?.benchmarks?.[0];
  /** The worst-case lines: per corpus, engine and query, median and slowest in ms. */
  const worstCase = [];
  let corpus = null;
  for (const text of result.stdout.split('\n')) {
    const heading = text.match(/^Worst-case queries, (.+?) \(/);
    if (heading) corpus = heading[1];
    const row = text.match(/^ {2}(bounded|unbounded)\s+(.+?)\s+([\d.]+) ms \/ ([\d.]+) ms/);
    if (corpus && row) {
      const [, engine, query, median, max] = row;
      worstCase.push({ corpus, engine, query, medianMs: Number(median), maxMs: Number(max) });
    }
  }
  return {
    articles: 5_000,
    miniSearch: line('MiniSearch'),
    linearScan: line('linear scan'),
    worstCase,
    vitest: bench
      ? {
          name: bench.name,
          hz: bench.hz,
          meanMs: bench.mean,
          p99Ms: bench.p99,
          samples: bench.sampleCount,
        }
      : null,
  };
}

// ----- widget weight (another script, when present) ---------------------------------------------

function widgetPhase() {
  const script = join(here, 'widget-weight.mjs');
  if (!existsSync(script)) return { skipped: 'tests/bench/widget-weight.mjs does not exist yet' };
  const result = spawnSync(process.execPath, [script], { cwd: root, stdio: 'inherit' });
  const file = join(resultsDir, 'widget-weight.json');
  if (result.status !== 0 || !existsSync(file)) {
    return { failed: `widget-weight.mjs exited with ${result.status}` };
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

// ----- the table --------------------------------------------------------------------------------

const fmt = (n, digits = 1) =>
  n === undefined || n === null || Number.isNaN(n) ? '-' : Number(n).toFixed(digits);
const kb = (bytes) => (bytes === undefined ? undefined : bytes / 1024);
/** The server's CPU over a load phase's window divided by the messages offered in it. */
const cpuPerMessageUs = (l) => (1e6 * l.serverCpuSec) / (l.offeredPerSec * l.wallSec);

function buildTable(results) {
  const rows = [];
  const add = (metric, values, { target = '', limit, digits = 1, ratio = true } = {}) => {
    const { relay, socketio, ws } = values;
    const r = ratio && relay !== undefined && socketio ? relay / socketio : undefined;
    let verdict = '';
    if (limit) verdict = limit(values, r) ? 'PASS' : 'MISS';
    rows.push({
      metric,
      relay: relay === undefined ? undefined : round(relay),
      socketio: socketio === undefined ? undefined : round(socketio),
      ws: ws === undefined ? undefined : round(ws),
      ratio: r === undefined ? undefined : round(r),
      target,
      result: verdict,
      digits,
    });
  };
  const load = results.load;
  if (load) {
    const pick = (f) => ({ relay: f(load.relay), socketio: f(load.socketio), ws: f(load.ws) });
    add(
      'offered load (msg/s)',
      pick((l) => l?.offeredPerSec),
      { ratio: false, digits: 0 },
    );
    add(
      'throughput delivered (msg/s)',
      pick((l) => l?.throughputPerSec),
      { digits: 0 },
    );
    add(
      'latency p50, visitor to agent (ms)',
      pick((l) => l?.latencyMs.p50),
      { digits: 2 },
    );
    add(
      'latency p99, visitor to agent (ms)',
      pick((l) => l?.latencyMs.p99),
      {
        digits: 2,
        target: '<= 2x socket.io',
        limit: (_, r) => r !== undefined && r <= 2,
      },
    );
    add(
      'messages acked / sent',
      pick((l) => l && `${l.acked}/${l.sent}`),
      { ratio: false },
    );
    add(
      'lost (acked, never delivered)',
      pick((l) => l?.lost),
      {
        ratio: false,
        digits: 0,
        target: '0',
        limit: (v) => Object.values(v).every((n) => n === undefined || n === 0),
      },
    );
    add(
      'doubled (delivered twice)',
      pick((l) => l?.doubled),
      {
        ratio: false,
        digits: 0,
        target: '0',
        limit: (v) => Object.values(v).every((n) => n === undefined || n === 0),
      },
    );
    add(
      'server CPU at offered load (%)',
      pick((l) => l && (100 * l.serverCpuSec) / l.wallSec),
      {
        digits: 0,
      },
    );
    add(
      'server CPU per message at offered load (µs)',
      pick((l) => l && cpuPerMessageUs(l)),
      {
        digits: 0,
        target: '<= 1.5x socket.io',
        limit: (_, r) => r !== undefined && r <= 1.5,
      },
    );
    add(
      'max throughput, closed loop (msg/s)',
      pick((l) => l?.maxThroughputPerSec),
      {
        digits: 0,
        target: '>= 0.5x socket.io',
        limit: (_, r) => r !== undefined && r >= 0.5,
      },
    );
    /**
     * The relay run another way (`variant`), against `base` in the ratio column: p50, p99 (with
     * `p99Target`), CPU per message when asked, max and lost/doubled.
     */
    const variantRows = (label, variant, base, { p99Target, p99Limit, cpu = false }) => {
      const vs = (f) => ({ relay: f(variant), socketio: base && f(base) });
      add(
        `${label}: p50 (ms)`,
        vs((l) => l.latencyMs.p50),
        { digits: 2 },
      );
      add(
        `  ${label}: p99 (ms)`,
        vs((l) => l.latencyMs.p99),
        {
          digits: 2,
          target: p99Target,
          ...(p99Limit ? { limit: (_, r) => r !== undefined && r <= p99Limit } : {}),
        },
      );
      if (cpu) add(`  ${label}: CPU per message (µs)`, vs(cpuPerMessageUs), { digits: 0 });
      add(
        `  ${label}: max (msg/s)`,
        vs((l) => l.maxThroughputPerSec),
        { digits: 0 },
      );
      add(
        `  ${label}: lost/doubled`,
        { relay: `${variant.lost}/${variant.doubled}` },
        { ratio: false, target: '0/0', limit: () => variant.lost === 0 && variant.doubled === 0 },
      );
    };
    // Diagnostic: the same relay with SQLite synchronous=normal (no fsync per commit), against
    // socket.io.
    if (load['relay-normal']) {
      variantRows('relay, synchronous=normal', load['relay-normal'], load.socketio, {
        p99Target: 'diagnostic',
      });
    }
    // The same relay with its store on a local PostgreSQL (fsync on), against the SQLite relay.
    if (load['relay-pg']) {
      variantRows('PostgreSQL store', load['relay-pg'], load.relay, {
        p99Target: '<= 1.5x SQLite relay',
        p99Limit: 1.5,
        cpu: true,
      });
    }
    // Three nodes on PostgreSQL + Redis, visitor and agent on different nodes, against socket.io.
    if (load.cluster) {
      variantRows('three nodes, PostgreSQL + Redis', load.cluster, load.socketio, {
        p99Target: '<= 3x socket.io',
        p99Limit: 3,
        cpu: true,
      });
    }
    const floor = load.durable;
    if (floor) {
      // The floor: the socket.io echo plus one durable row per message (servers/durable-echo.mjs).
      const vs = (value, base) => ({ relay: value, socketio: base });
      add(
        'socket.io + one durable write (floor): p99 (ms)',
        vs(floor.latencyMs.p99, load.socketio?.latencyMs.p99),
        { digits: 2, target: 'diagnostic' },
      );
      add(
        '  floor: server CPU per message (µs)',
        vs(cpuPerMessageUs(floor), load.socketio && cpuPerMessageUs(load.socketio)),
        { digits: 0 },
      );
      add(
        '  floor: max throughput, closed loop (msg/s)',
        vs(floor.maxThroughputPerSec, load.socketio?.maxThroughputPerSec),
        { digits: 0 },
      );
      add(
        '  relay / floor: CPU per message',
        { relay: load.relay && cpuPerMessageUs(load.relay) / cpuPerMessageUs(floor) },
        { ratio: false, digits: 2 },
      );
      add(
        '  relay / floor: max throughput',
        { relay: load.relay && load.relay.maxThroughputPerSec / floor.maxThroughputPerSec },
        { ratio: false, digits: 2 },
      );
      add('  floor: lost/doubled', { relay: `${floor.lost}/${floor.doubled}` }, { ratio: false });
    }
  }
  const large = results.large;
  if (large) {
    const { visitors, agents, ratePerVisitor } = CONFIG.large;
    const label = `${visitors} visitors, ${agents} agents, ${fmt(visitors * ratePerVisitor, 0)} msg/s`;
    const pick = (f) => ({ relay: f(large.relay), socketio: f(large.socketio) });
    add(label, {}, { ratio: false });
    add(
      '  throughput delivered (msg/s)',
      pick((l) => l?.throughputPerSec),
      { digits: 0 },
    );
    add(
      '  latency p99, visitor to agent (ms)',
      pick((l) => l?.latencyMs.p99),
      {
        digits: 2,
        target: '<= 3x socket.io, < 20 ms',
        limit: (v, r) => r !== undefined && r <= 3 && v.relay < 20,
      },
    );
    add(
      '  lost / doubled',
      pick((l) => l && `${l.lost}/${l.doubled}`),
      {
        ratio: false,
        target: '0/0',
        limit: (v) => Object.values(v).every((x) => x === undefined || x === '0/0'),
      },
    );
    add(
      '  server CPU per message (µs)',
      pick((l) => l && cpuPerMessageUs(l)),
      { digits: 0 },
    );
    const small = load?.relay && cpuPerMessageUs(load.relay);
    const big = large.relay && cpuPerMessageUs(large.relay);
    if (small && big) {
      add(
        `  relay CPU per message, ${visitors} / ${CONFIG.visitors} visitors`,
        { relay: big / small },
        { digits: 2, ratio: false, target: '<= 1.3', limit: (v) => v.relay <= 1.3 },
      );
    }
    add(
      '  server event-loop delay p99 (ms)',
      pick((l) => l?.serverLoopDelayMs?.p99Ms),
      { digits: 1 },
    );
    add(
      '  max throughput, closed loop (msg/s)',
      pick((l) => l?.maxThroughputPerSec),
      { digits: 0 },
    );
    const floor = large.durable;
    if (floor) {
      const vs = (value, base) => ({ relay: value, socketio: base });
      add(
        '  floor (socket.io + one durable write): p99 (ms)',
        vs(floor.latencyMs.p99, large.socketio?.latencyMs.p99),
        { digits: 2, target: 'diagnostic' },
      );
      add(
        '  floor: server CPU per message (µs)',
        vs(cpuPerMessageUs(floor), large.socketio && cpuPerMessageUs(large.socketio)),
        { digits: 0 },
      );
      add(
        '  floor: max throughput, closed loop (msg/s)',
        vs(floor.maxThroughputPerSec, large.socketio?.maxThroughputPerSec),
        { digits: 0 },
      );
    }
  }
  for (const n of CONFIG.memorySizes) {
    const m = results.memory?.[n];
    if (!m) continue;
    const pick = (f) => ({ relay: f(m.relay), socketio: f(m.socketio), ws: f(m.ws) });
    add(
      `RSS per idle visitor @ ${n} (KB)`,
      pick((x) => kb(x?.rssPerConnBytes)),
      {
        target: '<= 1.5x socket.io',
        limit: (_, r) => r !== undefined && r <= 1.5,
      },
    );
    add(
      `heap per idle visitor @ ${n} (KB)`,
      pick((x) => kb(x?.heapPerConnBytes)),
      {
        target: '<= 1.5x socket.io',
        limit: (_, r) => r !== undefined && r <= 1.5,
      },
    );
    add(
      `sessions opened per second @ ${n}`,
      pick((x) => x?.openPerSec),
      {
        digits: 0,
        target: '>= 0.8x socket.io',
        limit: (_, r) => r !== undefined && r >= 0.8,
      },
    );
    for (const [label, kind] of [
      ['PostgreSQL store', 'relay-pg'],
      ['three nodes (all processes)', 'cluster'],
    ]) {
      if (!m[kind]) continue;
      add(
        `  ${label}: RSS per idle visitor @ ${n} (KB)`,
        { relay: kb(m[kind].rssPerConnBytes), socketio: kb(m.relay?.rssPerConnBytes) },
        { target: 'vs SQLite relay' },
      );
    }
    add(
      `  event-loop delay p99 while ${n} arrive (ms)`,
      { relay: m.relay?.openLoopDelayMs?.p99Ms },
      {
        digits: 1,
        ratio: false,
        target: '< 100 ms',
        limit: (v) => v.relay !== undefined && v.relay < 100,
      },
    );
  }
  if (results.failover) {
    add(
      'failover: SIGKILL of the owner to the next routed chat (ms)',
      { relay: results.failover.routedAfterKillMs.p50 },
      {
        digits: 0,
        ratio: false,
        target: '< 10000 (median; max in latest.json)',
        limit: (v) => v.relay !== undefined && v.relay < 10_000,
      },
    );
  }
  const routing = results.routing;
  if (routing) {
    const [small, large] = CONFIG.routeSizes;
    const a = routing[small]?.firstAssignmentMs.p50;
    const b = routing[large]?.firstAssignmentMs.p50;
    if (a !== undefined)
      add(`time to route, ${small} queued (ms, median)`, { relay: a }, { digits: 1, ratio: false });
    if (b !== undefined)
      add(`time to route, ${large} queued (ms, median)`, { relay: b }, { digits: 1, ratio: false });
    if (a !== undefined && b !== undefined) {
      add(
        `  ${large} queued / ${small} queued`,
        { relay: b / a },
        { digits: 1, ratio: false, target: 'end to end, one agent' },
      );
    }
  }
  const faq = results.faq;
  if (faq?.miniSearch) {
    add(
      'FAQ search median, 5,000 articles (ms)',
      { relay: faq.miniSearch.medianMs },
      {
        digits: 3,
        ratio: false,
        target: `linear scan ${fmt(faq.linearScan?.medianMs, 3)}`,
      },
    );
    add(
      'FAQ search p99, 5,000 articles (ms)',
      { relay: faq.miniSearch.p99Ms },
      {
        digits: 3,
        ratio: false,
        target: `linear scan ${fmt(faq.linearScan?.p99Ms, 3)}`,
      },
    );
  }
  const widget = results.widgetWeight?.summary;
  if (widget) {
    // The widget's own script measures these in Chromium (see its table above); merged here.
    const cpu1x = widget.targets?.cpu1x;
    add(
      'widget: load event later by (ms)',
      { relay: widget.loadEventEndDiffMs },
      { ratio: false, digits: 0, target: 'with vs without' },
    );
    add(
      'widget: main-thread time added (ms)',
      { relay: widget.taskDiffMs },
      { ratio: false, digits: 0 },
    );
    add(
      'widget: long tasks over 50 ms',
      { relay: cpu1x?.widgetLongTasksOver50ms },
      {
        ratio: false,
        digits: 0,
        target: 'none',
        limit: () => cpu1x?.met === true,
      },
    );
    add(
      'widget: bytes before interaction (KB)',
      { relay: kb(widget.bytesBeforeInteraction) },
      {
        ratio: false,
        target: `gzip ${fmt(kb(widget.bytesBeforeInteractionGzip))} KB`,
      },
    );
  }
  return rows;
}

function printTable(rows) {
  const cell = (v, digits) => (typeof v === 'number' ? fmt(v, digits) : (v ?? '-'));
  const lines = rows.map((row) => [
    row.metric,
    cell(row.relay, row.digits),
    cell(row.socketio, row.digits),
    cell(row.ws, row.digits),
    row.ratio === undefined ? '' : `${fmt(row.ratio, 2)}x`,
    row.target,
    row.result,
  ]);
  const header = ['metric', 'relay', 'socket.io', 'ws', 'relay/socket.io', 'target', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const format = (cells) =>
    `| ${cells.map((c, i) => (i === 0 || i >= 5 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ')} |`;
  print(format(header));
  print(
    `|${widths.map((w, i) => (i === 0 || i >= 5 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
  );
  for (const line of lines) print(format(line));
}

// ----- main -------------------------------------------------------------------------------------

async function main() {
  const began = Date.now();
  mkdirSync(resultsDir, { recursive: true });
  ensureBuilt();
  const limit = fileLimit();
  const biggest = Math.max(...CONFIG.memorySizes, ...CONFIG.routeSizes);
  if (limit < biggest + 500) {
    throw new Error(`ulimit -n is ${limit}; ${biggest} connections need at least ${biggest + 500}`);
  }
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    totalMemGB: round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg().map((n) => round(n)),
    fileLimit: limit,
    date: new Date().toISOString(),
  };
  print(
    `Switchboard bench: ${machine.cpus} x ${machine.cpuModel}, node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`,
  );
  const results = {};
  try {
    await phases(results);
  } catch (error) {
    results.error = String(error?.stack ?? error);
    console.error(`bench failed: ${results.error}`);
    process.exitCode = 1;
  }
  if (!results.widgetWeight && existsSync(join(resultsDir, 'widget-weight.json'))) {
    // Not run this time: the widget script's last results, marked as such.
    results.widgetWeight = {
      ...JSON.parse(readFileSync(join(resultsDir, 'widget-weight.json'), 'utf8')),
      fromEarlierRun: true,
    };
  }
  report(results, { began, machine });
}

async function phases(results) {
  const kinds = (process.env.BENCH_KINDS ?? 'relay,socketio,ws').split(',');

  if (ONLY.has('load')) {
    results.load = {};
    const loadKinds = process.env.BENCH_KINDS
      ? kinds
      : [...kinds, 'relay-normal', 'durable', 'relay-pg', 'cluster'];
    for (const kind of loadKinds) {
      step(
        `throughput and latency: ${kind}, ${CONFIG.visitors} visitors -> ${CONFIG.agents} agents, ${CONFIG.ratePerVisitor}/s each`,
      );
      const load = await loadPhase(kind);
      results.load[kind] = load;
      print(
        `  delivered ${fmt(load.throughputPerSec, 0)}/s, p50 ${fmt(load.latencyMs.p50, 2)} ms, p99 ${fmt(load.latencyMs.p99, 2)} ms, sent ${load.sent}, acked ${load.acked}, lost ${load.lost}, doubled ${load.doubled}, max ${fmt(load.maxThroughputPerSec, 0)}/s`,
      );
      print(
        `  CPU: server ${fmt(load.serverCpuSec, 1)} s, client ${fmt(load.clientCpuSec, 1)} s over ${load.wallSec} s; client send lag p99 ${fmt(load.clientLagP99Ms, 1)} ms`,
      );
    }
  }

  if (ONLY.has('large')) {
    results.large = {};
    const { large } = CONFIG;
    const largeKinds = kinds.filter((k) => k === 'relay' || k === 'socketio' || k === 'durable');
    if (!process.env.BENCH_KINDS) largeKinds.push('durable');
    for (const kind of largeKinds) {
      step(
        `throughput and latency, large: ${kind}, ${large.visitors} visitors -> ${large.agents} agents, ${large.ratePerVisitor}/s each`,
      );
      const load = await loadPhase(kind, large);
      results.large[kind] = load;
      print(
        `  delivered ${fmt(load.throughputPerSec, 0)}/s, p50 ${fmt(load.latencyMs.p50, 2)} ms, p99 ${fmt(load.latencyMs.p99, 2)} ms, sent ${load.sent}, acked ${load.acked}, lost ${load.lost}, doubled ${load.doubled}, max ${fmt(load.maxThroughputPerSec, 0)}/s`,
      );
      print(
        `  CPU: server ${fmt(load.serverCpuSec, 1)} s, client ${fmt(load.clientCpuSec, 1)} s over ${load.wallSec} s; server event-loop delay p99 ${fmt(load.serverLoopDelayMs?.p99Ms, 1)} ms`,
      );
    }
  }

  let kept;
  if (ONLY.has('memory')) {
    results.memory = {};
    for (const n of CONFIG.memorySizes) {
      results.memory[n] = {};
      // PostgreSQL and the cluster at the smaller size only (the store does not hold idle visitors).
      const extra =
        !process.env.BENCH_KINDS && n === CONFIG.memorySizes[0] ? ['relay-pg', 'cluster'] : [];
      for (const kind of [...kinds, ...extra]) {
        step(`memory per idle visitor: ${kind}, ${n} connections`);
        // The relay's largest phase stays up: its visitors are the routing phase's queue.
        const keep =
          kind === 'relay' && ONLY.has('routing') && n === Math.max(...CONFIG.routeSizes);
        const outcome = await memoryPhase(kind, n, { keep });
        results.memory[n][kind] = outcome.result;
        if (keep) kept = outcome;
        const r = outcome.result;
        print(
          `  RSS ${fmt(kb(r.rssPerConnBytes))} KB, heap ${fmt(kb(r.heapPerConnBytes))} KB per connection (opened ${fmt(r.openPerSec, 0)}/s, event-loop delay p99 ${fmt(r.openLoopDelayMs?.p99Ms, 1)} ms, max ${fmt(r.openLoopDelayMs?.maxMs, 1)} ms)`,
        );
        if (keep) {
          step(`time to route: ${n} queued (the same relay and visitors)`);
          results.routing ??= {};
          results.routing[n] = await routePhase(n, kept);
          print(
            `  first assignment ${fmt(results.routing[n].firstAssignmentMs.p50, 1)} ms (median of ${CONFIG.routeRepeats}), queue filled in ${fmt(results.routing[n].queueFillSec, 1)} s`,
          );
        }
      }
    }
  }

  if (ONLY.has('routing')) {
    results.routing ??= {};
    for (const n of CONFIG.routeSizes) {
      if (results.routing[n]) continue;
      step(`time to route: ${n} queued`);
      results.routing[n] = await routePhase(n);
      print(
        `  first assignment ${fmt(results.routing[n].firstAssignmentMs.p50, 1)} ms (median of ${CONFIG.routeRepeats}), queue filled in ${fmt(results.routing[n].queueFillSec, 1)} s`,
      );
    }
  }

  if (ONLY.has('failover')) {
    step(
      `failover: SIGKILL the owner of a ${CLUSTER_NODES}-node cluster, time to the next routed chat`,
    );
    results.failover = await failoverPhase();
    print(
      `  routed ${fmt(results.failover.routedAfterKillMs.p50, 0)} ms after the kill (median of ${CONFIG.failoverRepeats}; max ${fmt(results.failover.routedAfterKillMs.max, 0)} ms)`,
    );
  }

  if (ONLY.has('faq')) {
    step('FAQ search (vitest bench)');
    results.faq = faqPhase();
  }
  if (ONLY.has('widget')) {
    step('widget weight (tests/bench/widget-weight.mjs)');
    results.widgetWeight = widgetPhase();
    if (results.widgetWeight.skipped) print(`  skipped: ${results.widgetWeight.skipped}`);
  }
}

function report(results, { began, machine }) {
  const table = buildTable(results);
  step(`results (${((Date.now() - began) / 1000).toFixed(0)} s)`);
  printTable(table);
  const summary = {
    machine,
    config: CONFIG,
    durationSec: round((Date.now() - began) / 1000),
    loadAverageAtEnd: loadavg().map((n) => round(n)),
    table: table.map(({ digits, ...row }) => row),
    results,
  };
  const file = join(resultsDir, 'latest.json');
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  // The repo's formatter owns every JSON file `pnpm lint` sees, results included.
  const written = ['latest.json', 'faq-search.json', 'widget-weight.json']
    .map((name) => join(resultsDir, name))
    .filter((path) => existsSync(path));
  spawnSync(join(root, 'node_modules/.bin/biome'), ['format', '--write', ...written], {
    cwd: root,
    stdio: 'ignore',
  });
  print(`\nwritten to ${file}`);
}

try {
  await main();
} finally {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  await postgres?.destroy();
  await redis?.destroy();
}
