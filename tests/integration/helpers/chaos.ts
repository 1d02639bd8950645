// The chaos test's run, for one relay (chaos.test.ts) and for a cluster (cluster-chaos.test.ts):
// visitors (the widget's own session and socket transport) and agents (the console's own agent
// client and store) chat through a fault proxy that delays every relay->client chunk by 0-250 ms
// and cuts random connections every few seconds, while a relay process is SIGKILLed and brought
// back twice. At the end, every message the relay acknowledged is in the log exactly once, in the
// order it was written, as the visitor's session holds it, as the agent's console holds it, and
// as a fresh `conversation.sync` reads it.
import type { AgentToServer, ConversationEvent, ConversationEvents } from '@switchboard/shared';
import { expect } from 'vitest';
import {
  type AgentClient,
  createAgentClient,
} from '../../../packages/console/src/client/agent-client.js';
import { createSocketTransport as createAgentTransport } from '../../../packages/console/src/client/socket-transport.js';
import type { AgentTransport } from '../../../packages/console/src/client/transport.js';
import {
  type ConsoleStore,
  createConsoleStore,
} from '../../../packages/console/src/store/create-store.js';
import { newUuid } from '../../../packages/widget/src/client/ids.js';
import { createSession, type Session } from '../../../packages/widget/src/client/session.js';
import { createSocketTransport } from '../../../packages/widget/src/client/socket-transport.js';
import { createMemoryStorage } from '../../../packages/widget/src/client/storage.js';
import type { Transport } from '../../../packages/widget/src/client/transport.js';
import { agentSession, closeAllSockets, DEMO_LOGIN, login, request } from './clients.js';
import { type FaultProxy, seededRandom, startFaultProxy } from './fault-proxy.js';

const VISITORS = 6;
const DEFAULT_MESSAGES = 30;
/** How long visitors keep writing (the chaos lasts as long). */
const DEFAULT_CHAOS_MS = 45_000;
/** How long everything may take to settle once the chaos stops: generous for a loaded CI. */
const SETTLE_MS = 90_000;
const AGENT_EMAILS = ['agent@example.com', 'tech@example.com', 'supervisor@example.com'];
/** Every client comes from 127.0.0.1: the abuse limits must not be what this test measures. */
const HIGH = 10_000_000;
export const CHAOS_LIMITS = {
  connectionsPerIp: HIGH,
  handshakesPerIpPerMinute: HIGH,
  messagesPerVisitorPerMinute: HIGH,
  messagesPerIpPerMinute: HIGH,
  framesPerSocketPerSecond: HIGH,
  openConversationsPerVisitor: HIGH,
  agentLoginsPerIpPerMinute: HIGH,
  searchesPerVisitorPerMinute: HIGH,
  searchesPerIpPerMinute: HIGH,
  allConnectionsPerIp: HIGH,
};

/** The relay(s) under test. */
export interface ChaosBackend {
  /** Start the relay, or the cluster's nodes. */
  start(): Promise<void>;
  /** The port a new client connection dials (a balancer picks a live node). */
  pick(): number;
  /** A live relay's URL, not through the proxy (sign-in and the final read). */
  directUrl(): string;
  /** SIGKILL one relay process (a cluster: the owner of the routing core). */
  kill(): Promise<void>;
  /** Bring what was killed back. */
  restart(): Promise<void>;
  /** Stop everything. */
  stop(): Promise<void>;
}

export interface ChaosOptions {
  name: string;
  seed: number;
  /** After each kill a new visitor writes; measure how long until an agent is offered it. */
  probeRouting?: boolean;
  /** Cut connections and delay the relay's bytes. @default true */
  faults?: boolean;
  /** How many times `kill` and `restart` run, evenly spread. @default 2 */
  kills?: number;
  /** How long between `kill` and `restart`. @default 0.3-1.5 s, seeded */
  downMs?: number;
  /** @default 45000 */
  chaosMs?: number;
  /** Messages each visitor writes over `chaosMs`. @default 30 */
  messagesPerVisitor?: number;
}

export interface ChaosResult {
  /** Seconds from each kill to the probe's conversation reaching an agent (`probeRouting`). */
  routedAfterKill: number[];
  /** Each time an agent's console showed them holding more open chats than their capacity. */
  overCapacity: string[];
  /** Errors a person would have seen (the widget's error line, a console reply refused). */
  shownErrors: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait for `done`, or fail with what is still missing. Not a timing assertion: a deadline. */
async function waitUntil(
  seed: number,
  what: string,
  done: () => boolean,
  timeoutMs: number,
  detail: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) {
      throw new Error(`${what} did not happen within ${timeoutMs} ms (seed ${seed}): ${detail()}`);
    }
    await sleep(100);
  }
}

/** A visitor: the widget's session over its socket.io transport, through the proxy. */
interface Visitor {
  name: string;
  session: Session;
  /** clientIds in the order the visitor typed them. */
  typed: string[];
  /** Acknowledged (the session's `sent` event): clientId -> conversationId. */
  acked: Map<string, string>;
  /** `sent` events by clientId: the host page's `message:sent`, due once per message. */
  reported: Map<string, number>;
  /**
   * Known to be persisted: acknowledged, or its echo reached the session's log first (an ack lost
   * with a dropped connection; the echo then settles the outbox and no `sent` is emitted).
   */
  confirmed: Map<string, string>;
  /** `chat.send` frames put on the wire, by clientId (more than one: resent). */
  emits: Map<string, number>;
  warnings: string[];
}

/** An agent: the console's agent client and store over its socket.io transport. */
interface Agent {
  email: string;
  store: ConsoleStore;
  client: AgentClient;
  /** Replies acknowledged by the relay (`chat.ack` answers). */
  acked: Set<string>;
  emits: Map<string, number>;
  /** Error answers to replies: a reply that is refused never arrives. */
  refused: string[];
  /**
   * `UNAVAILABLE` answers (retryable: a cluster between owners): the console sends the reply
   * again, and it must then be acknowledged like any other.
   */
  unavailable: number;
  accepting: Set<string>;
  openedAt: Map<string, number>;
  /** The clientId the console made last (its `newId`), to know each reply's id. */
  lastId: string;
}

/** A reply as the agent wrote it. */
interface Reply {
  clientId: string;
  conversationId: string;
  agent: string;
  /** The visitor message it answers. */
  to: string;
}

function startVisitor(url: string, name: string): Visitor {
  const inner = createSocketTransport({ relayUrl: url, siteId: 'demo' });
  const visitor: Visitor = {
    name,
    session: undefined as unknown as Session,
    typed: [],
    acked: new Map(),
    reported: new Map(),
    confirmed: new Map(),
    emits: new Map(),
    warnings: [],
  };
  // The product's transport, counting what goes on the wire.
  const transport: Transport = {
    ...inner,
    emit(frame) {
      if (frame.type === 'chat.send') {
        visitor.emits.set(frame.clientId, (visitor.emits.get(frame.clientId) ?? 0) + 1);
      }
      return inner.emit(frame);
    },
  };
  const keep = (...parts: unknown[]) => {
    visitor.warnings.push(parts.map(String).join(' '));
  };
  visitor.session = createSession({
    transport,
    storage: createMemoryStorage(),
    siteId: 'demo',
    newId: newUuid,
    context: () => ({ locale: 'en' }),
    logger: { warn: keep, error: keep },
  });
  visitor.session.on('sent', ({ clientId, conversationId }) => {
    visitor.acked.set(clientId, conversationId);
    visitor.reported.set(clientId, (visitor.reported.get(clientId) ?? 0) + 1);
    visitor.confirmed.set(clientId, conversationId);
  });
  visitor.session.on('event', ({ conversationId, event }) => {
    if (event.type === 'message.created' && event.author.role === 'visitor') {
      visitor.confirmed.set(event.clientId, conversationId);
    }
  });
  visitor.session.start();
  return visitor;
}

function startAgent(url: string, email: string, token: string): Agent {
  const inner = createAgentTransport(token, url);
  const agent = {
    email,
    acked: new Set<string>(),
    emits: new Map<string, number>(),
    refused: [] as string[],
    unavailable: 0,
    accepting: new Set<string>(),
    openedAt: new Map<string, number>(),
    lastId: '',
  } as Agent;
  const transport: AgentTransport = {
    ...inner,
    async request(frame: AgentToServer, timeoutMs: number) {
      if (frame.type === 'chat.send') {
        agent.emits.set(frame.clientId, (agent.emits.get(frame.clientId) ?? 0) + 1);
      }
      const answer = (await inner.request(frame, timeoutMs)) as {
        type?: string;
        clientId?: string;
        code?: string;
      };
      if (frame.type === 'chat.send') {
        if (answer?.type === 'chat.ack' && answer.clientId) agent.acked.add(answer.clientId);
        else if (answer?.code === 'UNAVAILABLE') agent.unavailable++;
        else agent.refused.push(`${frame.clientId}: ${JSON.stringify(answer)}`);
      }
      return answer;
    },
  };
  agent.store = createConsoleStore();
  agent.client = createAgentClient({
    transport,
    store: agent.store,
    onAuthFailure: (code) => agent.refused.push(`auth failure ${code}`),
    newId: () => {
      agent.lastId = newUuid();
      return agent.lastId;
    },
  });
  return agent;
}

/**
 * What an agent does, as a person at the console would: accept what is offered to them, open
 * their conversations when the inbox shows something new, and answer each visitor message once.
 */
function work(agent: Agent, replied: Set<string>, replies: Reply[]): void {
  const state = agent.store.getState();
  if (state.connection !== 'online' || !state.agent) return;
  const me = state.agent.id;
  for (const summary of Object.values(state.inbox)) {
    const id = summary.id;
    if (summary.status === 'closed') continue;
    if (summary.offer?.agent.id === me && summary.agent?.id !== me) {
      if (!agent.accepting.has(id)) {
        agent.accepting.add(id);
        void agent.client.acceptOffer(id).finally(() => agent.accepting.delete(id));
      }
      continue;
    }
    if (summary.agent?.id !== me) continue;
    const thread = state.threads[id];
    if (!thread?.loaded || thread.gap || thread.lastSeq < summary.lastSeq) {
      const now = Date.now();
      if (now - (agent.openedAt.get(id) ?? 0) > 1_000) {
        agent.openedAt.set(id, now);
        agent.client.open(id);
      }
    }
    for (const event of thread?.events ?? []) {
      if (event.type !== 'message.created' || event.author.role !== 'visitor') continue;
      if (replied.has(event.clientId)) continue;
      replied.add(event.clientId);
      agent.client.send(id, `re: ${event.text}`);
      replies.push({
        clientId: agent.lastId,
        conversationId: id,
        agent: agent.email,
        to: event.clientId,
      });
    }
  }
}

/** The whole log of a conversation as the relay has it, read directly (not through the proxy). */
async function readLog(
  socket: Awaited<ReturnType<typeof agentSession>>['socket'],
  conversationId: string,
): Promise<ConversationEvent[]> {
  const events: ConversationEvent[] = [];
  for (;;) {
    const answer = await request<ConversationEvents>(
      socket,
      { type: 'conversation.sync', conversationId, afterSeq: events.at(-1)?.seq ?? 0 },
      15_000,
    );
    expect(answer.type).toBe('conversation.events');
    events.push(...answer.events);
    if (!answer.more || answer.events.length === 0) return events;
  }
}

const seqsOf = (events: readonly ConversationEvent[]) => events.map((e) => e.seq);
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const messageIds = (events: readonly ConversationEvent[], role?: string) =>
  events.flatMap((e) =>
    e.type === 'message.created' && (!role || e.author.role === role) ? [e.clientId] : [],
  );

/**
 * Run the chaos against `backend` (see the file's head); stops everything it started, backend
 * included, whatever happens.
 * @example const result = await runChaos(backend, { name: 'chaos', seed })
 */
export async function runChaos(backend: ChaosBackend, options: ChaosOptions): Promise<ChaosResult> {
  let proxy: FaultProxy | undefined;
  const visitors: Visitor[] = [];
  const agents: Agent[] = [];
  try {
    const { seed } = options;
    process.stderr.write(`${options.name} seed ${seed} (replay with CHAOS_SEED=${seed})\n`);
    const chaosRandom = seededRandom(seed);
    const faults = options.faults ?? true;
    const KILLS = options.kills ?? 2;
    const CHAOS_MS = options.chaosMs ?? DEFAULT_CHAOS_MS;
    const MESSAGES_PER_VISITOR = options.messagesPerVisitor ?? DEFAULT_MESSAGES;
    await backend.start();
    // Visitors and agents come through the proxy's two entrances (see `entrances`).
    proxy = await startFaultProxy({
      targetPort: () => backend.pick(),
      random: seededRandom(seed + 1),
      entrances: 2,
      ...(faults ? {} : { maxDelayMs: 0 }),
    });
    const [visitorUrl, agentUrl] = proxy.urls as [string, string];

    // Agents sign in (directly: the sign-in is not under test) and open their console.
    for (const email of AGENT_EMAILS) {
      const session = await login(backend.directUrl(), { email, password: DEMO_LOGIN.password });
      agents.push(startAgent(agentUrl, email, session.token));
    }
    const replied = new Set<string>();
    const replies: Reply[] = [];
    let working = true;
    /** Each time a console showed its agent holding more open chats than their capacity. */
    const overCapacity: string[] = [];
    /** Errors a person would have seen: the widget's error line, a console's refused reply. */
    const shownErrors: string[] = [];
    const brains = (async () => {
      while (working) {
        for (const visitor of visitors) {
          const error = visitor.session.getState().error;
          if (error && shownErrors.at(-1) !== `${visitor.name}: ${error.code}`) {
            shownErrors.push(`${visitor.name}: ${error.code}`);
          }
        }
        for (const agent of agents) {
          work(agent, replied, replies);
          const state = agent.store.getState();
          const me = state.agent?.id;
          const held = Object.values(state.inbox).filter(
            (c) => c.status !== 'closed' && c.agent?.id === me,
          ).length;
          const capacity = state.agent?.capacity;
          if (capacity !== undefined && held > capacity) {
            overCapacity.push(`${agent.email} held ${held} of ${capacity}`);
          }
        }
        await sleep(200);
      }
    })();

    for (let i = 0; i < VISITORS; i++) visitors.push(startVisitor(visitorUrl, `v${i + 1}`));
    /** Seconds from each kill to the first new conversation routed to an agent. */
    const routedAfterKill: number[] = [];
    const probes: Promise<void>[] = [];
    /** A new visitor writes right after a kill: how long until an agent is offered the chat? */
    const probe = (killedAt: number, n: number) => {
      const visitor = startVisitor(visitorUrl, `probe${n}`);
      visitors.push(visitor);
      visitor.typed.push(visitor.session.send(`probe ${n}: is anyone there?`));
      probes.push(
        waitUntil(
          seed,
          `probe ${n} routed`,
          () => {
            const conversationId = visitor.confirmed.get(visitor.typed[0]!);
            return (
              conversationId !== undefined &&
              agents.some((a) => {
                const c = a.store.getState().inbox[conversationId];
                return c !== undefined && (c.offer != null || c.agent != null);
              })
            );
          },
          SETTLE_MS,
          () => `not routed`,
        ).then(() => {
          routedAfterKill.push((Date.now() - killedAt) / 1000);
        }),
      );
    };

    // Visitors write at random moments, whatever the connection is doing (the widget queues).
    const writing = visitors.map(async (visitor, index) => {
      const random = seededRandom(seed + 10 + index);
      const gap = CHAOS_MS / MESSAGES_PER_VISITOR;
      for (let n = 1; n <= MESSAGES_PER_VISITOR; n++) {
        await sleep(Math.floor(gap * (0.3 + 1.4 * random())));
        visitor.typed.push(visitor.session.send(`${visitor.name} message ${n}`));
      }
    });

    // The chaos: connections cut every few seconds; SIGKILL and restart at about 1/3 and 2/3.
    let kills = 0;
    /** What was typed or replied but not acknowledged when the relay died: must all arrive. */
    const unackedAtKill = new Set<string>();
    const start = Date.now();
    const killAt = Array.from({ length: KILLS }, (_, i) => ((i + 1) * CHAOS_MS) / (KILLS + 1));
    while (Date.now() - start < CHAOS_MS) {
      await sleep(1_500 + Math.floor(chaosRandom() * 2_500));
      if (faults) proxy.drop(1 + Math.floor(chaosRandom() * 3));
      const due = killAt[kills];
      if (due !== undefined && Date.now() - start >= due) {
        for (const visitor of visitors) {
          for (const id of visitor.typed) if (!visitor.confirmed.has(id)) unackedAtKill.add(id);
        }
        for (const agent of agents) {
          for (const id of agent.emits.keys()) if (!agent.acked.has(id)) unackedAtKill.add(id);
        }
        const killedAt = Date.now();
        await backend.kill();
        kills++;
        if (options.probeRouting) probe(killedAt, kills);
        await sleep(options.downMs ?? 300 + Math.floor(chaosRandom() * 1_200));
        await backend.restart();
      }
    }
    await Promise.all(writing);
    await Promise.all(probes);
    proxy.calm();
    const settling = Date.now();

    // Settle: every outbox empty, every message answered, every reply acknowledged, and every
    // view level with it.
    const typedTotal = () => visitors.reduce((n, v) => n + v.typed.length, 0);
    const expectedTyped = () => VISITORS * MESSAGES_PER_VISITOR + probes.length;
    const pending = () => {
      const left: string[] = [];
      for (const v of visitors) {
        const state = v.session.getState();
        const unacked = v.typed.filter((id) => !v.confirmed.has(id)).length;
        const inLog = new Set(messageIds(state.conversation?.events ?? []));
        const missing = v.typed.filter((id) => !inLog.has(id)).length;
        const mine = new Set(v.typed);
        const myReplies = replies.filter((r) => mine.has(r.to));
        const repliesMissing = myReplies.filter((r) => !inLog.has(r.clientId)).length;
        const unanswered = v.typed.filter((id) => !replied.has(id)).length;
        if (unacked || missing || repliesMissing || unanswered || state.pending.length) {
          left.push(
            `${v.warnings.slice(-3).join(' | ')}\n${v.name} [${state.status}${state.error ? ` ${state.error.code}: ${state.error.message}` : ''}] unacked ${unacked}, not in its log ${missing}, unanswered ${unanswered}, replies not in its log ${repliesMissing}, pending ${state.pending.length}`,
          );
        }
      }
      // A reply is confirmed by its ack or, when the ack was lost with a dropped connection, by
      // its own message in the log (the console then stops resending it: no ack ever comes).
      const logged = new Set(
        visitors.flatMap((v) => messageIds(v.session.getState().conversation?.events ?? [])),
      );
      for (const a of agents) {
        const unacked = replies.filter(
          (r) => r.agent === a.email && !a.acked.has(r.clientId) && !logged.has(r.clientId),
        );
        if (unacked.length || a.refused.length) {
          left.push(
            `${a.email} [${a.store.getState().connection}] replies unacked ${unacked.length}, refused ${a.refused.join('; ')}`,
          );
        }
      }
      return left;
    };
    await waitUntil(
      seed,
      'every message acknowledged, answered and shown',
      () => typedTotal() === expectedTyped() && pending().length === 0,
      SETTLE_MS,
      () => pending().join('\n'),
    );
    working = false;
    await brains;
    const settledMs = Date.now() - settling;

    // The truth: the relay's log, read by an agent connected directly.
    const reader = await agentSession(backend.directUrl(), {
      email: 'supervisor@example.com',
      password: DEMO_LOGIN.password,
    });
    let acked = 0;
    for (const visitor of visitors) {
      // One conversation per visitor: a resent first message never starts a second one.
      const conversationIds = new Set(visitor.confirmed.values());
      expect(conversationIds.size, `${visitor.name}'s conversations`).toBe(1);
      const [conversationId] = [...conversationIds] as [string];
      const log = await readLog(reader.socket, conversationId);
      const lastSeq = log.length;
      // Contiguous, each seq once.
      expect(seqsOf(log), `${visitor.name}: seqs in the relay's log`).toEqual(range(lastSeq));
      // Every acknowledged message exactly once, the visitor's in the order typed, the agents'
      // in the order written.
      const ids = messageIds(log);
      expect(new Set(ids).size, `${visitor.name}: a message appears twice`).toBe(ids.length);
      expect(messageIds(log, 'visitor'), `${visitor.name}: its messages`).toEqual(visitor.typed);
      const written = replies.filter((r) => r.conversationId === conversationId);
      const answered = messageIds(log, 'agent');
      expect([...answered].sort(), `${visitor.name}: the replies`).toEqual(
        written.map((r) => r.clientId).sort(),
      );
      // Each agent's replies in the order they wrote them (were the conversation to change hands,
      // two agents' replies could interleave either way).
      for (const agent of agents) {
        const theirs = written.filter((r) => r.agent === agent.email).map((r) => r.clientId);
        const mine = new Set(theirs);
        expect(
          answered.filter((id) => mine.has(id)),
          `${visitor.name}: ${agent.email}'s replies in order`,
        ).toEqual(theirs);
      }
      for (const id of visitor.acked.keys()) expect(ids).toContain(id);
      // The host page heard `message:sent` once for each, even when the ack was lost.
      expect(
        visitor.typed.filter((id) => visitor.reported.get(id) !== 1),
        `${visitor.name}: messages not reported sent exactly once`,
      ).toEqual([]);
      acked += visitor.acked.size;

      // The visitor's session holds the same log: seqs 1..lastSeq, the same messages in order.
      const held = visitor.session.getState().conversation;
      expect(held?.id).toBe(conversationId);
      expect(seqsOf(held?.events ?? []), `${visitor.name}: seqs in the widget`).toEqual(
        range(lastSeq),
      );
      expect(messageIds(held?.events ?? []), `${visitor.name}: messages in the widget`).toEqual(
        ids,
      );

      // The console of the agent who has it shows the same (opened once more, as a click would).
      const holder = agents.find(
        (a) => a.store.getState().inbox[conversationId]?.agent?.id === a.store.getState().agent?.id,
      );
      expect(holder, `${visitor.name}: an agent holds the conversation`).toBeDefined();
      holder?.client.open(conversationId);
      await waitUntil(
        seed,
        `${holder?.email}'s console level with ${visitor.name}'s conversation`,
        () => (holder?.store.getState().threads[conversationId]?.lastSeq ?? 0) >= lastSeq,
        30_000,
        () =>
          `console at ${holder?.store.getState().threads[conversationId]?.lastSeq}, log at ${lastSeq}`,
      );
      const thread = holder?.store.getState().threads[conversationId];
      expect(seqsOf(thread?.events ?? []), `${visitor.name}: seqs in the console`).toEqual(
        range(lastSeq),
      );
      expect(messageIds(thread?.events ?? []), `${visitor.name}: messages in the console`).toEqual(
        ids,
      );
    }

    // Nothing typed while the relay died was lost: each was resent and is acknowledged now.
    const everyAck = new Set([
      ...visitors.flatMap((v) => [...v.confirmed.keys()]),
      ...agents.flatMap((a) => [...a.acked]),
      // Replies whose ack was lost: stored, as the relay's own log shows.
      ...visitors.flatMap((v) => messageIds(v.session.getState().conversation?.events ?? [])),
    ]);
    for (const id of unackedAtKill) expect(everyAck.has(id), `${id} unacked at a kill`).toBe(true);

    for (const agent of agents) acked += agent.acked.size;
    const resent = [
      ...visitors.flatMap((v) => [...v.emits.values()]),
      ...agents.flatMap((a) => [...a.emits.values()]),
    ].filter((n) => n > 1).length;
    const dropped = proxy.dropped();
    process.stderr.write(
      `${options.name} seed ${seed}: ${typedTotal() + replies.length} messages sent, ${acked} acked, ${resent} resent, ` +
        `${unackedAtKill.size} unacked at a kill, ${dropped} connections dropped, ${agents.reduce((n, a) => n + a.unavailable, 0)} replies answered UNAVAILABLE and resent, ${kills} kills, ` +
        `settled ${settledMs} ms after the chaos` +
        (routedAfterKill.length
          ? `, routed ${routedAfterKill.map((s) => `${s.toFixed(1)} s`).join(' and ')} after the kills`
          : '') +
        '\n',
    );
    expect(kills).toBe(KILLS);
    if (faults) expect(dropped).toBeGreaterThan(0);
    shownErrors.push(...agents.flatMap((a) => a.refused.map((r) => `${a.email}: ${r}`)));
    return { routedAfterKill, overCapacity, shownErrors };
  } finally {
    for (const visitor of visitors) visitor.session.stop();
    for (const agent of agents) agent.client.dispose();
    closeAllSockets();
    await proxy?.close();
    await backend.stop();
  }
}
