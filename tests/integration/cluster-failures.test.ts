// First: the widget's transport needs a global WebSocket before engine.io-client loads.
import './helpers/node-websocket.js';
import type {
  ChatAck,
  ConversationEvent,
  ConversationEvents,
  ErrorFrame,
} from '@switchboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshDatabaseUrl,
  type PostgresServer,
  startPostgres,
} from '../../packages/server/test/helpers/postgres.js';
import { type RedisServer, startRedis } from '../../packages/server/test/helpers/redis.js';
import { CHAOS_LIMITS, runChaos } from './helpers/chaos.js';
import { ensureBuilt } from './helpers/cli.js';
import {
  agentSession,
  clientId,
  closeAllSockets,
  request,
  visitorSession,
  waitForFrame,
} from './helpers/clients.js';
import { clusterChaosBackend, type LocalCluster, startCluster } from './helpers/cluster.js';

/**
 * What a cluster of three relay processes (the built CLI) lives through besides a crash (see
 * cluster-chaos.test.ts): an owner paused until another took over and then woken (split brain),
 * a rolling restart, and Redis and PostgreSQL each restarted under traffic. Visitors and agents
 * come through a balancer (the fault proxy with its faults off) that spreads connections over the
 * live nodes; nothing acknowledged may be lost or doubled.
 */

const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));

let postgres: PostgresServer;
let redis: RedisServer;

beforeAll(async () => {
  await ensureBuilt();
  // Commits kept across a stop: the PostgreSQL restart below is a crash and a recovery.
  [postgres, redis] = await Promise.all([startPostgres({ keepCommits: true }), startRedis()]);
}, 120_000);

afterAll(async () => {
  closeAllSockets();
  await Promise.all([postgres?.destroy(), redis?.destroy()]);
});

/** A chaos backend on a fresh cluster, with `kill` and `restart` doing `event` and its undoing. */
const clusterBackend = (event: {
  kill(cluster: LocalCluster): Promise<void>;
  restart(cluster: LocalCluster): Promise<void>;
}) =>
  clusterChaosBackend({
    databaseUrl: () => freshDatabaseUrl(postgres.url),
    redisUrl: redis.url,
    config: { limits: CHAOS_LIMITS },
    ...event,
  });

async function readLog(
  socket: Awaited<ReturnType<typeof agentSession>>['socket'],
  conversationId: string,
): Promise<ConversationEvent[]> {
  const answer = await request<ConversationEvents>(socket, {
    type: 'conversation.sync',
    conversationId,
    afterSeq: 0,
  });
  expect(answer.type).toBe('conversation.events');
  return answer.events;
}

describe('a cluster through its failures', () => {
  it('split brain: an owner paused until another took over is refused by epoch, steps down, doubles nothing', async () => {
    const cluster = await startCluster({
      databaseUrl: await freshDatabaseUrl(postgres.url),
      redisUrl: redis.url,
      config: { cluster: { leaseTtlMs: 3000 } },
    });
    try {
      const before = (await cluster.owner())!;
      expect(before.holder).toBe('n1');
      const n1 = cluster.live.get('n1')!;
      const n2 = cluster.live.get('n2')!;
      const agent = await agentSession(n2.url);
      // A visitor on the owner itself, in a chat with the agent.
      const visitor = await visitorSession(n1.url);
      const first = await request<ChatAck>(visitor.socket, {
        type: 'chat.send',
        clientId: clientId(),
        text: 'Where is my order?',
      });
      expect(first.type).toBe('chat.ack');
      const conversationId = first.conversationId;

      // The owner freezes (SIGSTOP): its connections stay open, its lease runs out.
      await cluster.signal('n1', 'SIGSTOP');
      const stuck = clientId();
      const answer = request<ChatAck | ErrorFrame>(
        visitor.socket,
        { type: 'chat.send', conversationId, clientId: stuck, text: 'Hello? Still there?' },
        30_000,
      );
      const successor = await cluster.ownedBy('n1');
      expect(['n2', 'n3']).toContain(successor);
      const after = (await cluster.owner())!;
      expect(after.epoch).toBeGreaterThan(before.epoch);
      // The cluster serves meanwhile: a visitor on another node is routed to the agent.
      const other = await visitorSession(cluster.live.get('n3')!.url);
      const otherAck = await request<ChatAck>(other.socket, {
        type: 'chat.send',
        clientId: clientId(),
        text: 'Do you ship to Norway?',
      });
      expect(otherAck.type).toBe('chat.ack');
      await waitForFrame(
        agent.socket,
        (f) => f.type === 'inbox.upsert' && f.conversation.id === otherAck.conversationId,
        10_000,
      );

      // It wakes: whatever it had under way is refused by the fence (UNAVAILABLE: try again),
      // and it steps down.
      await cluster.signal('n1', 'SIGCONT');
      let reply = await answer;
      if (reply.type === 'error') {
        expect(reply.code).toBe('UNAVAILABLE');
        reply = await request<ChatAck>(visitor.socket, {
          type: 'chat.send',
          conversationId,
          clientId: stuck,
          text: 'Hello? Still there?',
        });
      }
      expect(reply).toMatchObject({ type: 'chat.ack', clientId: stuck, conversationId });
      const deadline = Date.now() + 10_000;
      while (!n1.logs.some((l) => l.msg === 'this node no longer owns the routing core')) {
        if (Date.now() > deadline) throw new Error('n1 did not step down');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect((await cluster.owner())!.holder).toBe(successor);
      const steppedDown = n1.logs.find(
        (l) => l.msg === 'this node no longer owns the routing core',
      );
      process.stderr.write(
        `split brain: ${successor} took over at epoch ${after.epoch}; n1 stepped down (${String(steppedDown?.reason)}), its message answered ${reply === undefined ? '' : 'after'} ${first.type}\n`,
      );

      // Its message is stored once, the log contiguous.
      const log = await readLog(agent.socket, conversationId);
      expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
      const copies = log.filter((e) => e.type === 'message.created' && e.clientId === stuck);
      expect(copies).toHaveLength(1);
    } finally {
      closeAllSockets();
      await cluster.stop();
    }
  }, 120_000);

  it('rolling restart: each node in turn stops (SIGTERM) and comes back; nobody loses a message or sees an error', async () => {
    let order = 0;
    let stopped: string | null = null;
    const result = await runChaos(
      clusterBackend({
        async kill(cluster) {
          stopped = `n${(order++ % 3) + 1}`;
          await cluster.signal(stopped, 'SIGTERM');
        },
        async restart(cluster) {
          if (stopped) await cluster.spawn(stopped);
          stopped = null;
        },
      }),
      {
        name: 'rolling restart',
        seed: SEED,
        faults: false,
        kills: 3,
        chaosMs: 30_000,
        messagesPerVisitor: 15,
      },
    );
    expect(result.shownErrors).toEqual([]);
  }, 240_000);

  it.each([
    { what: 'Redis', server: () => redis, seed: SEED + 1 },
    { what: 'PostgreSQL', server: () => postgres, seed: SEED + 2 },
  ])(
    '$what restarted under traffic: nothing acknowledged is lost or doubled',
    async ({ what, server, seed }) => {
      await runChaos(
        clusterBackend({ kill: () => server().stop(), restart: () => server().start() }),
        {
          name: `${what} restart`,
          seed,
          faults: false,
          kills: 1,
          downMs: 3_000,
          chaosMs: 20_000,
          messagesPerVisitor: 10,
        },
      );
    },
    240_000,
  );
});
