// The relay under test: the real one, from the built `packages/server/dist`, with SQLite
// persistence on (the default file in a temp data dir, `synchronous: full`), one department with
// autoAccept, the abuse limits raised (every client is 127.0.0.1) and logLevel warn.
// Options come as JSON in BENCH_RELAY: { dataDir, agents, capacity, password, synchronous,
// storageUrl, redisUrl, nodeId, secret } (storageUrl: the store on that PostgreSQL database
// instead of SQLite; redisUrl: a node of a cluster, named nodeId, signing with secret).
import { createRelay, hashPassword } from '../../../packages/server/dist/index.js';
import { serve } from './ipc.mjs';

const options = JSON.parse(process.env.BENCH_RELAY ?? '{}');
const RAISED = 10_000_000;
// A cheap scrypt cost: sign-in speed is not what is measured.
const passwordHash = await hashPassword(options.password, { N: 1024, r: 8, p: 1 });
const agents = Array.from({ length: options.agents }, (_, k) => ({
  email: `agent-${k}@bench.example`,
  name: `Agent ${k}`,
  passwordHash,
  capacity: options.capacity,
  departmentIds: ['bench'],
}));

const relay = createRelay({
  port: 0,
  host: '127.0.0.1',
  dataDir: options.dataDir,
  logLevel: 'warn',
  sqlite: { synchronous: options.synchronous ?? 'full' },
  ...(options.storageUrl ? { storage: { url: options.storageUrl } } : {}),
  ...(options.redisUrl
    ? { cluster: { redisUrl: options.redisUrl, nodeId: options.nodeId }, secret: options.secret }
    : {}),
  sites: [{ id: 'bench', name: 'Bench shop', defaultDepartmentId: 'bench' }],
  agents,
  departments: [{ id: 'bench', name: 'Bench', autoAccept: true }],
  // Visitors stay connected; nothing should leave the queue on its own while it is measured.
  routing: { disconnectGraceSec: 3_600, abandonAfterSec: 3_600 },
  limits: {
    connectionsPerIp: RAISED,
    handshakesPerIpPerMinute: RAISED,
    messagesPerVisitorPerMinute: RAISED,
    messagesPerIpPerMinute: RAISED,
    framesPerSocketPerSecond: RAISED,
    openConversationsPerVisitor: RAISED,
    agentLoginsPerIpPerMinute: RAISED,
    searchesPerVisitorPerMinute: RAISED,
    searchesPerIpPerMinute: RAISED,
    allConnectionsPerIp: RAISED,
  },
});
const { url } = await relay.listen(0, '127.0.0.1');
serve({
  url,
  stats: () => ({
    visitors: relay.io.of('/visitor').sockets.size,
    agents: relay.io.of('/agent').sockets.size,
    owner: relay.cluster?.owner ?? null,
  }),
  stop: () => relay.close(),
});
