import { createHmac } from 'node:crypto';
import { rmSync } from 'node:fs';
import type {
  AgentWelcome,
  ChatAck,
  ConversationEventFrame,
  ConversationEvents,
  ErrorFrame,
  InboxUpsert,
  RoutingSnapshot,
} from '@switchboard/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  agentSession,
  clientId,
  closeAllSockets,
  type Frame,
  framesOf,
  request,
  settle,
  visitorSession,
  waitForFrame,
} from './helpers/clients.js';
import { startRelay, type TestRelay } from './helpers/relay.js';
import {
  arrive,
  configuredAgent,
  lastQueueStatus,
  PASSWORD,
  waitForEvent,
} from './helpers/routing.js';

afterEach(closeAllSockets);

describe('3 agents, 20 visitors, in a known order', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startRelay({
      agents: [
        await configuredAgent('ana@example.com', 'Ana', { capacity: 2, departmentIds: ['orders'] }),
        await configuredAgent('ben@example.com', 'Ben', {
          capacity: 1,
          skills: ['tech'],
          departmentIds: ['orders', 'tech'],
        }),
        await configuredAgent('cleo@example.com', 'Cleo', {
          role: 'supervisor',
          capacity: 3,
          skills: ['tech'],
          departmentIds: ['orders', 'tech'],
        }),
      ],
      departments: [
        { id: 'orders', name: 'Orders', autoAccept: true },
        { id: 'tech', name: 'Technical support', skills: ['tech'], autoAccept: true },
      ],
      sites: [
        {
          id: 'demo',
          name: 'Fernhill Outfitters',
          defaultDepartmentId: 'orders',
          prechat: {
            fields: [{ name: 'topic', required: false }],
            topics: [
              { id: 'order', label: 'An order', departmentId: 'orders' },
              { id: 'product', label: 'A product question', departmentId: 'tech' },
            ],
          },
        },
      ],
    });
  });
  afterAll(() => relay.close());

  it('assigns by skill, capacity and longest idle, and tells everyone else their place', async () => {
    // Ana comes online first, then Ben, then Cleo: Ana has been idle the longest.
    const login = (email: string) => agentSession(relay.url, { email, password: PASSWORD });
    const ana = await login('ana@example.com');
    await settle(20);
    const ben = await login('ben@example.com');
    await settle(20);
    const cleo = await login('cleo@example.com');
    expect(cleo.welcome).toMatchObject({
      agent: { name: 'Cleo', role: 'supervisor', capacity: 3, skills: ['tech'] },
      presence: 'online',
    });
    expect(cleo.welcome.agent.departmentIds?.sort()).toEqual(['orders', 'tech']);
    expect(cleo.welcome.departments?.map((d) => d.id)).toEqual(['orders', 'tech']);

    // Visitors 2, 5, 8, 11, 14, 17, 20 ask a product question (tech); the others about an order.
    const visitors: Awaited<ReturnType<typeof arrive>>[] = [];
    for (let n = 1; n <= 20; n++) {
      const topic = n % 3 === 2 ? 'product' : 'order';
      visitors.push(await arrive(relay.url, `Visitor ${n} here`, { prechat: { topic } }));
    }
    const welcome = (await visitorSession(relay.url)).welcome;
    expect(welcome.site.prechat?.topics).toEqual([
      { id: 'order', label: 'An order' },
      { id: 'product', label: 'A product question' },
    ]);

    const agentOf = async (n: number) => {
      const sync = await request<ConversationEvents>(cleo.socket, {
        type: 'conversation.sync',
        conversationId: visitors[n - 1]!.conversationId,
        afterSeq: 0,
      });
      return sync.conversation.agent?.name ?? null;
    };
    // 1 order -> Ana (idle longest); 2 tech -> Ben (has tech, idle longer than Cleo), now full;
    // 3 order -> Cleo (idle longer than Ana, who just took one); 4 order -> Ana, now full;
    // 5 tech -> Cleo; 6 order -> Cleo, now full. Everyone else waits.
    const holders = await Promise.all(Array.from({ length: 20 }, (_, i) => agentOf(i + 1)));
    expect(holders).toEqual([
      'Ana',
      'Ben',
      'Cleo',
      'Ana',
      'Cleo',
      'Cleo',
      ...Array.from({ length: 14 }, () => null),
    ]);

    // Places in line, per department, first come first served; the estimate is
    // ceil(300 s * position / capacity online): orders 6 slots, tech 4.
    await settle();
    const status = (n: number) => lastQueueStatus(framesOf(visitors[n - 1]!.socket));
    const orders = [7, 9, 10, 12, 13, 15, 16, 18, 19];
    const tech = [8, 11, 14, 17, 20];
    orders.forEach((n, i) => {
      expect(status(n), `visitor ${n}`).toMatchObject({
        position: i + 1,
        estimatedWaitSec: 50 * (i + 1),
        departmentName: 'Orders',
        open: true,
        agentsOnline: 3,
        alternatives: i + 1 > 4 ? ['message'] : [],
      });
    });
    tech.forEach((n, i) => {
      expect(status(n), `visitor ${n}`).toMatchObject({
        position: i + 1,
        estimatedWaitSec: 75 * (i + 1),
        departmentName: 'Technical support',
        agentsOnline: 2,
      });
    });
    // Nobody assigned was told a place in line.
    for (const n of [1, 2, 3, 4, 5, 6]) expect(status(n)?.position ?? null).toBeNull();

    // Supervisors see every queue and every agent's load.
    const snapshot = await waitForFrame<RoutingSnapshot>(
      cleo.socket,
      (f) =>
        f.type === 'routing.snapshot' &&
        f.queues.find((q) => q.departmentId === 'orders')?.waiting.length === 9,
      3_000,
    );
    expect(snapshot.agents.map((a) => [a.name, a.load, a.capacity, a.connected])).toEqual([
      ['Ana', 2, 2, true],
      ['Ben', 1, 1, true],
      ['Cleo', 3, 3, true],
    ]);
    expect(snapshot.queues.find((q) => q.departmentId === 'tech')?.waiting).toEqual(
      tech.map((n) => visitors[n - 1]!.conversationId),
    );

    // Ana ends a chat: the first in the orders queue is hers at once, and the rest move up.
    await request(ana.socket, {
      type: 'conversation.close',
      conversationId: visitors[0]!.conversationId,
    });
    await waitForEvent(visitors[6]!.socket, 'conversation.assigned');
    expect(await agentOf(7)).toBe('Ana');
    await waitForFrame(visitors[8]!.socket, (f) => f.type === 'queue.status' && f.position === 1);
    await settle();
    expect(orders.slice(1).map((n) => status(n)?.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(status(7)).toMatchObject({ position: null, estimatedWaitSec: null });
    // Ben and the tech queue did not move.
    expect(status(8)).toMatchObject({ position: 1 });
    expect(framesOf(ben.socket).some((f) => f.type === 'error')).toBe(false);
  });
});

describe('offers, presence and abandonment', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startRelay({
      agents: [
        await configuredAgent('ana@example.com', 'Ana'),
        await configuredAgent('ben@example.com', 'Ben'),
      ],
      departments: [
        {
          id: 'orders',
          name: 'Orders',
          agentIds: ['ana@example.com', 'ben@example.com'],
          offerTimeoutSec: 5,
        },
      ],
      routing: { abandonAfterSec: 1, disconnectGraceSec: 1 },
    });
  });
  afterAll(async () => {
    await relay.relay.close();
    rmSync(relay.dataDir, { recursive: true, force: true });
  });
  const login = (email: string) => agentSession(relay.url, { email, password: PASSWORD });

  it('an offer not accepted in time goes to the next agent', async () => {
    const ana = await login('ana@example.com');
    await settle(20);
    const ben = await login('ben@example.com');
    const visitor = await arrive(relay.url, 'Where is my parcel?');
    const offer = await waitForFrame<InboxUpsert>(
      ana.socket,
      (f) =>
        f.type === 'inbox.upsert' &&
        f.conversation.id === visitor.conversationId &&
        !!f.conversation.offer,
    );
    expect(offer.conversation.offer).toMatchObject({ agent: { name: 'Ana' } });
    const started = Date.now();
    // Ana does not answer: after 5 s it is offered to Ben.
    const redirected = await waitForFrame<InboxUpsert>(
      ben.socket,
      (f) =>
        f.type === 'inbox.upsert' &&
        f.conversation.id === visitor.conversationId &&
        f.conversation.offer?.agent.name === 'Ben',
      10_000,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
    expect(redirected.conversation.status).toBe('waiting');
    // Too late for Ana.
    expect(
      await request<ErrorFrame>(ana.socket, {
        type: 'offer.accept',
        conversationId: visitor.conversationId,
      }),
    ).toMatchObject({ code: 'NOT_OFFERED' });
    expect(
      await request(ben.socket, { type: 'offer.accept', conversationId: visitor.conversationId }),
    ).toEqual({ type: 'ok' });
    const log = await request<ConversationEvents>(ben.socket, {
      type: 'conversation.sync',
      conversationId: visitor.conversationId,
      afterSeq: 0,
    });
    expect(log.events.map((e) => e.type)).toEqual([
      'conversation.created',
      'message.created',
      'conversation.offered',
      'conversation.unoffered',
      'conversation.offered',
      'conversation.assigned',
    ]);
    expect(log.events[3]).toMatchObject({ reason: 'expired', agent: { name: 'Ana' } });
    // The visitor saw the offers only as redacted placeholders, then the assignment.
    const assigned = await waitForEvent(visitor.socket, 'conversation.assigned');
    expect((assigned as ConversationEventFrame).event).toMatchObject({ agent: { name: 'Ben' } });
    const seen = framesOf(visitor.socket).flatMap((f) =>
      f.type === 'conversation.event' ? [f.event.type] : [],
    );
    expect(seen).toEqual([
      'conversation.created',
      'message.created',
      'redacted',
      'redacted',
      'redacted',
      'conversation.assigned',
    ]);
    await request(ben.socket, {
      type: 'conversation.close',
      conversationId: visitor.conversationId,
    });
  });

  it('presence survives a reconnect and a relay restart; away agents get no offers', async () => {
    const ana = await login('ana@example.com');
    expect(await request(ana.socket, { type: 'presence.set', presence: 'away' })).toEqual({
      type: 'ok',
    });
    ana.socket.disconnect();
    const again = await login('ana@example.com');
    expect(again.welcome.presence).toBe('away');
    const visitor = await arrive(relay.url, 'Anyone?');
    await settle();
    const waiting = await request<ConversationEvents>(again.socket, {
      type: 'conversation.sync',
      conversationId: visitor.conversationId,
      afterSeq: 0,
    });
    expect(waiting.conversation.offer ?? null).toBeNull();
    await request(visitor.socket, {
      type: 'conversation.close',
      conversationId: visitor.conversationId,
    });
    closeAllSockets();

    await relay.relay.close();
    const restarted = await startRelay({ ...relay.relay.config, port: 0, dataDir: relay.dataDir });
    try {
      const after = await agentSession(restarted.url, {
        email: 'ana@example.com',
        password: PASSWORD,
      });
      expect((after.welcome as AgentWelcome).presence).toBe('away');
      expect(await request(after.socket, { type: 'presence.set', presence: 'online' })).toEqual({
        type: 'ok',
      });
    } finally {
      closeAllSockets();
      await restarted.relay.close();
    }
    relay = await startRelay({ ...relay.relay.config, port: 0, dataDir: relay.dataDir });
  });

  it('a visitor who leaves the queue is recorded as abandoned, with the wait', async () => {
    const visitor = await arrive(relay.url, 'Hello?');
    await settle(300);
    visitor.socket.disconnect();
    const supervisor = await login('ben@example.com');
    const closed = await waitForFrame<InboxUpsert>(
      supervisor.socket,
      (f) =>
        f.type === 'inbox.upsert' &&
        f.conversation.id === visitor.conversationId &&
        f.conversation.status === 'closed',
      5_000,
    );
    expect(closed.conversation.closeReason).toBe('abandoned');
    const log = await request<ConversationEvents>(supervisor.socket, {
      type: 'conversation.sync',
      conversationId: visitor.conversationId,
      afterSeq: 0,
    });
    const event = log.events.at(-1);
    expect(event).toMatchObject({
      type: 'conversation.closed',
      reason: 'abandoned',
      by: { role: 'system' },
    });
    expect(event?.type === 'conversation.closed' && event.waitMs).toBeGreaterThanOrEqual(250);
  });
});

describe('inbox updates go where they are needed', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startRelay({
      agents: [
        await configuredAgent('ana@example.com', 'Ana', { capacity: 2, departmentIds: ['orders'] }),
        await configuredAgent('ben@example.com', 'Ben', { capacity: 1, departmentIds: ['orders'] }),
        await configuredAgent('cleo@example.com', 'Cleo', {
          role: 'supervisor',
          capacity: 1,
          departmentIds: [],
        }),
      ],
      departments: [{ id: 'orders', name: 'Orders', autoAccept: true }],
      sites: [{ id: 'demo', name: 'Fernhill Outfitters', defaultDepartmentId: 'orders' }],
    });
  });
  afterAll(() => relay.close());

  it("a message in an agent's chat updates the assignee's and supervisors' inboxes, not every agent's", async () => {
    const login = (email: string) => agentSession(relay.url, { email, password: PASSWORD });
    const ana = await login('ana@example.com');
    const visitor = await arrive(relay.url, 'Where is my parcel?');
    await waitForEvent(visitor.socket, 'conversation.assigned', visitor.conversationId);
    const ben = await login('ben@example.com');
    const cleo = await login('cleo@example.com');
    await request(visitor.socket, {
      type: 'chat.send',
      clientId: `later-${Date.now()}`,
      conversationId: visitor.conversationId,
      text: 'It was due yesterday.',
    });
    const upserted = (frame: Frame) =>
      frame.type === 'inbox.upsert' &&
      frame.conversation.id === visitor.conversationId &&
      frame.conversation.preview?.text === 'It was due yesterday.';
    await waitForFrame(ana.socket, upserted);
    await waitForFrame(cleo.socket, upserted);
    await settle(300);
    expect(framesOf(ben.socket).filter(upserted)).toEqual([]);
    // A change of hands still reaches every inbox.
    expect(
      await request(ana.socket, {
        type: 'conversation.close',
        conversationId: visitor.conversationId,
      }),
    ).toMatchObject({ type: 'ok' });
    await waitForFrame(
      ben.socket,
      (f) =>
        f.type === 'inbox.upsert' &&
        f.conversation.id === visitor.conversationId &&
        f.conversation.status === 'closed',
    );
  });
});

describe('queue priority comes from the server, never from the visitor', () => {
  const identitySecret = 'identity-secret-for-priority-tests-0123456789';
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startRelay({
      agents: [await configuredAgent('ana@example.com', 'Ana', { capacity: 1 })],
      departments: [
        { id: 'orders', name: 'Orders', agentIds: ['ana@example.com'], autoAccept: true },
      ],
      sites: [
        {
          id: 'demo',
          name: 'Fernhill Outfitters',
          identity: { secret: identitySecret },
          priorityRules: [{ attribute: 'plan', equals: 'Trail Club', priority: 5 }],
        },
      ],
    });
  });
  afterAll(() => relay.close());

  /** A visitor who (maybe) identifies, then writes; `first` is added to the first message. */
  async function visitor(
    identify: Record<string, unknown> | null,
    first: Record<string, unknown> = {},
  ) {
    const { socket } = await visitorSession(relay.url);
    if (identify) {
      const identified = await request(socket, { type: 'visitor.identify', ...identify });
      expect(identified.type).toBe('session.welcome');
    }
    const ack = await request<ChatAck>(socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Hello',
      ...first,
    });
    if (ack.type !== 'chat.ack') throw new Error(`not acked: ${JSON.stringify(ack)}`);
    await settle(20);
    return { socket, conversationId: ack.conversationId };
  }
  const member = { userId: 'u-1001', attributes: { plan: 'Trail Club' } };
  const userHash = createHmac('sha256', identitySecret).update(member.userId).digest('hex');

  it('a visitor sending priority 10 waits their turn; a verified visitor matching a rule goes first', async () => {
    const early = await visitor(null);
    // An old widget (or anyone) may still send `priority`: accepted and ignored.
    const pushy = await visitor(null, { priority: 10 });
    // The same attributes merely claimed (no userHash) count for nothing.
    const claimed = await visitor({ ...member, userId: 'u-2002' });
    const verified = await visitor({ ...member, userHash });
    await settle(150);
    const positions = [early, pushy, claimed, verified].map(
      (v) => lastQueueStatus(framesOf(v.socket))?.position,
    );
    expect(positions).toEqual([2, 3, 4, 1]);

    const ana = await agentSession(relay.url, { email: 'ana@example.com', password: PASSWORD });
    await waitForEvent(verified.socket, 'conversation.assigned', verified.conversationId);
    const log = await request<ConversationEvents>(ana.socket, {
      type: 'conversation.sync',
      conversationId: pushy.conversationId,
      afterSeq: 0,
    });
    expect(log.events[0]).toMatchObject({
      type: 'conversation.created',
      routing: { priority: 0 },
    });
  });
});
