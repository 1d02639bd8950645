// Abuse limits on a real relay. `trustProxy: 1` lets each client present its own address through
// X-Forwarded-For (as behind one reverse proxy), so the per-address limits can be shown apart.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChatAck, ConversationEvents, ErrorFrame, SessionWelcome } from '@switchboard/shared';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../packages/server/src/config.js';
import {
  agentSession,
  clientId,
  closeAllSockets,
  connected,
  type Frame,
  refusal,
  request,
  visitorSession,
  visitorSocket,
  waitForFrame,
} from './helpers/clients.js';
import { startRelay, type TestRelay } from './helpers/relay.js';

/** Calling hours round the clock, so the test does not depend on when it runs. */
const ALWAYS = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, open: '00:00', close: '24:00' }));

const LIMITS = {
  connectionsPerIp: 3,
  handshakesPerIpPerMinute: 5,
  messagesPerVisitorPerMinute: 5,
  messagesPerIpPerMinute: 8,
  framesPerSocketPerSecond: 15,
  openConversationsPerVisitor: 2,
  agentLoginsPerIpPerMinute: 3,
  searchesPerVisitorPerMinute: 4,
  searchesPerIpPerMinute: 6,
};

let relay: TestRelay;
beforeAll(async () => {
  relay = await startRelay({
    trustProxy: 1,
    limits: LIMITS,
    sites: [
      {
        id: 'demo',
        name: 'Fernhill Outfitters',
        defaultDepartmentId: 'orders',
        callback: {
          consentText: 'Fernhill Outfitters may call you on this number.',
          defaultCountry: 'DE',
          hours: ALWAYS,
          capacityPerSlot: 5,
        },
      },
    ],
  });
});
afterEach(async () => {
  closeAllSockets();
  // Each test starts with no visitor socket open on the relay's side.
  await until(() => openVisitorSockets() === 0);
});
afterAll(() => relay.close());

const from = (address: string) => ({ extraHeaders: { 'x-forwarded-for': address } });
const visitorFrom = (address: string, options: { token?: string } = {}) =>
  visitorSession(relay.url, { ...from(address), ...options });
const send = (socket: Socket, text: string, id = clientId()) =>
  request<ChatAck | ErrorFrame>(socket, { type: 'chat.send', clientId: id, text });
const openVisitorSockets = () => relay.relay.io.of('/visitor').sockets.size;

/** Poll until `check` holds (the relay notices a closed socket a moment later). */
async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('visitor connections per address', () => {
  it('refuses a socket over connectionsPerIp with a typed RATE_LIMITED, until one closes', async () => {
    const open = await Promise.all(
      [1, 2, 3].map(() => connected(visitorSocket(relay.url, from('10.2.0.1')))),
    );
    const error = await refusal(visitorSocket(relay.url, from('10.2.0.1')));
    expect(error.message).toBe('RATE_LIMITED');
    expect(error.data).toMatchObject({
      type: 'error',
      code: 'RATE_LIMITED',
      message: expect.stringContaining('open connections'),
    });
    // Another address is not affected.
    await connected(visitorSocket(relay.url, from('10.2.0.2')));

    open[0]!.disconnect();
    await until(() => openVisitorSockets() === 3); // 2 of 10.2.0.1, 1 of 10.2.0.2
    await connected(visitorSocket(relay.url, from('10.2.0.1')));
  });

  it('refuses new handshakes over handshakesPerIpPerMinute, even once the sockets closed', async () => {
    const first = await Promise.all(
      [1, 2, 3].map(() => connected(visitorSocket(relay.url, from('10.3.0.1')))),
    );
    for (const socket of first) socket.disconnect();
    await until(() => openVisitorSockets() === 0);
    await connected(visitorSocket(relay.url, from('10.3.0.1')));
    await connected(visitorSocket(relay.url, from('10.3.0.1')));
    const error = await refusal(visitorSocket(relay.url, from('10.3.0.1')));
    expect(error.data).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringContaining('new connections'),
    });
    await connected(visitorSocket(relay.url, from('10.3.0.2')));
  });
});

describe('messages', () => {
  it('refuses chat.send over messagesPerVisitorPerMinute and stores nothing; a resend still gets its ack', async () => {
    const { socket } = await visitorFrom('10.4.0.1');
    const acks: ChatAck[] = [];
    for (let i = 1; i <= 5; i++) acks.push((await send(socket, `message ${i}`)) as ChatAck);
    expect(acks.map((a) => a.type)).toEqual(Array(5).fill('chat.ack'));
    const refused = await send(socket, 'one too many');
    expect(refused).toMatchObject({ type: 'error', code: 'RATE_LIMITED' });
    expect((refused as ErrorFrame).message).not.toContain('one too many');

    // The last acknowledged message sent again (its ack was lost, say): the same ack, not a refusal.
    const again = await send(socket, 'message 5', acks[4]!.clientId);
    expect(again).toEqual(acks[4]);

    const events = await request<ConversationEvents>(socket, {
      type: 'conversation.sync',
      conversationId: acks[0]!.conversationId,
      afterSeq: 0,
    });
    const texts = events.events.flatMap((e) => (e.type === 'message.created' ? [e.text] : []));
    expect(texts).toEqual(['message 1', 'message 2', 'message 3', 'message 4', 'message 5']);

    // Another visitor is not affected.
    const other = await visitorFrom('10.4.0.2');
    expect(await send(other.socket, 'hello')).toMatchObject({ type: 'chat.ack' });
  });

  it('refuses chat.send over messagesPerIpPerMinute, across visitors of one address', async () => {
    const a = await visitorFrom('10.5.0.1');
    const b = await visitorFrom('10.5.0.1');
    for (let i = 0; i < 5; i++)
      expect(await send(a.socket, `a${i}`)).toMatchObject({ type: 'chat.ack' });
    for (let i = 0; i < 3; i++)
      expect(await send(b.socket, `b${i}`)).toMatchObject({ type: 'chat.ack' });
    // b has sent 3 of its own 5, but the address has used its 8.
    expect(await send(b.socket, 'b3')).toMatchObject({ type: 'error', code: 'RATE_LIMITED' });
    const c = await visitorFrom('10.5.0.2');
    expect(await send(c.socket, 'c0')).toMatchObject({ type: 'chat.ack' });
  });
});

describe('frames per socket', () => {
  it('answers frames over framesPerSocketPerSecond with RATE_LIMITED and does not handle them', async () => {
    const { socket } = await visitorFrom('10.6.0.1');
    // 60 requests in one go: only about a burst's worth (15) can be handled.
    const answers = await Promise.all(
      Array.from({ length: 60 }, () =>
        request<ErrorFrame>(socket, {
          type: 'conversation.sync',
          conversationId: 'cnv_not-mine',
          afterSeq: 0,
        }),
      ),
    );
    const codes = answers.map((a) => a.code);
    expect(new Set(codes)).toEqual(new Set(['NOT_FOUND', 'RATE_LIMITED']));
    expect(codes.filter((c) => c === 'NOT_FOUND').length).toBeLessThan(60);
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThan(0);
    // Another socket of the same address has its own budget.
    const other = await visitorFrom('10.6.0.1');
    expect(await send(other.socket, 'still here')).toMatchObject({ type: 'chat.ack' });
    // A second later the budget has refilled.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(
      await request(socket, { type: 'conversation.sync', conversationId: 'cnv_x', afterSeq: 0 }),
    ).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('help searches', () => {
  const search = (socket: Socket, query = 'return') =>
    request<Frame>(socket, { type: 'faq.search', query });

  it('refuses faq.search over searchesPerVisitorPerMinute and searchesPerIpPerMinute with RATE_LIMITED', async () => {
    const a = await visitorFrom('10.9.0.1');
    for (let i = 0; i < 4; i++)
      expect(await search(a.socket)).toMatchObject({ type: 'faq.results' });
    expect(await search(a.socket)).toMatchObject({
      type: 'error',
      code: 'RATE_LIMITED',
      message: expect.stringContaining('help searches'),
    });
    // The address has used 4 of its 6 (a second later, past its burst cap of 5 a second).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const b = await visitorFrom('10.9.0.1');
    for (let i = 0; i < 2; i++)
      expect(await search(b.socket)).toMatchObject({ type: 'faq.results' });
    expect(await search(b.socket)).toMatchObject({ type: 'error', code: 'RATE_LIMITED' });
    // Another address is not affected.
    const c = await visitorFrom('10.9.0.2');
    expect(await search(c.socket)).toMatchObject({ type: 'faq.results' });
  });
});

describe('open conversations per visitor', () => {
  const ask = (socket: Socket, phone: string) =>
    request<Frame>(socket, {
      type: 'callback.request',
      clientId: clientId(),
      name: 'Ada Lovelace',
      phone,
      window: null,
      consent: true,
    });

  it('keeps one chat per visitor and refuses callbacks past openConversationsPerVisitor', async () => {
    const { socket, welcome } = await visitorFrom('10.7.0.1');
    const first = (await send(socket, 'Where is my order?')) as ChatAck;
    const second = (await send(socket, 'Hello?')) as ChatAck;
    // A second message goes to the open chat: a visitor never holds two.
    expect(second.conversationId).toBe(first.conversationId);

    expect(await ask(socket, '+49 30 1234567')).toMatchObject({ type: 'callback.status' });
    // The open chat and one waiting callback make 2: a callback to another number is refused.
    const refused = await ask(socket, '+49 40 7654321');
    expect(refused).toMatchObject({ type: 'error', code: 'RATE_LIMITED' });
    expect(JSON.stringify(refused)).not.toContain('7654321');
    // Changing the waiting callback (same number) is not a new one.
    expect(await ask(socket, '+49 30 1234567')).toMatchObject({ type: 'callback.status' });

    // The refused one was not booked: the visitor's next welcome lists one callback.
    socket.disconnect();
    const back = await visitorFrom('10.7.0.1', { token: welcome.token });
    expect((back.welcome as SessionWelcome).callbacks).toHaveLength(1);

    // Another visitor is not affected.
    const other = await visitorFrom('10.7.0.2');
    expect(await ask(other.socket, '+49 40 7654321')).toMatchObject({ type: 'callback.status' });
  });
});

describe('agent sign-in', () => {
  const attempt = (address: string, password: string) =>
    fetch(`${relay.url}/api/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ email: 'agent@example.com', password }),
    });

  it('answers 429 RATE_LIMITED with Retry-After past agentLoginsPerIpPerMinute, even for the right password', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt('10.8.0.1', 'guess')).status).toBe(401);
    const refused = await attempt('10.8.0.1', 'switchboard-demo');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({
      error: { code: 'RATE_LIMITED', message: expect.any(String) },
    });
    // Another address signs in.
    expect((await attempt('10.8.0.2', 'switchboard-demo')).status).toBe(200);
  });
});

describe('a flood from one address', () => {
  it('keeps serving a normal visitor and an agent from another address', async () => {
    const agent = await agentSession(relay.url);
    const normal = await visitorFrom('10.1.0.1');
    const opening = (await send(normal.socket, 'Hi, is anyone there?')) as ChatAck;
    expect(opening.type).toBe('chat.ack');
    await request(agent.socket, {
      type: 'conversation.open',
      conversationId: opening.conversationId,
      afterSeq: 0,
    });

    // The flooder: many handshakes at once, and every socket it gets sends frames non-stop.
    const FLOOD = '10.66.0.1';
    const attempts = Array.from({ length: 12 }, () => visitorSocket(relay.url, from(FLOOD)));
    const outcomes = await Promise.allSettled(attempts.map((s) => connected(s)));
    const floodSockets = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(floodSockets.length).toBeLessThanOrEqual(LIMITS.connectionsPerIp);
    const refusedHandshakes = outcomes.filter((o) => o.status === 'rejected');
    expect(refusedHandshakes.length).toBeGreaterThanOrEqual(12 - LIMITS.connectionsPerIp);
    for (const o of refusedHandshakes) {
      expect((o as PromiseRejectedResult).reason).toMatchObject({ data: { code: 'RATE_LIMITED' } });
    }
    // Each says hello (a session, like a widget), then floods.
    for (const socket of floodSockets) await request(socket, { type: 'session.hello' });
    const flood = floodSockets.flatMap((socket) =>
      Array.from({ length: 150 }, (_, i) =>
        request<Frame>(
          socket,
          { type: 'chat.send', clientId: clientId(), text: `spam ${i}` },
          20_000,
        ),
      ),
    );

    // Meanwhile, the normal visitor chats and the relay answers its health check.
    const health: number[] = [];
    const sent: ChatAck[] = [];
    for (let i = 1; i <= 3; i++) {
      health.push((await fetch(`${relay.url}/healthz`)).status);
      const ack = await send(normal.socket, `question ${i}`);
      expect(ack).toMatchObject({ type: 'chat.ack' });
      sent.push(ack as ChatAck);
    }
    const answers = await Promise.all(flood);
    health.push((await fetch(`${relay.url}/healthz`)).status);
    expect(health).toEqual([200, 200, 200, 200]);

    // Every message of the normal visitor reached the agent.
    for (const ack of sent) {
      await waitForFrame(
        agent.socket,
        (f) =>
          f.type === 'conversation.event' &&
          f.event.type === 'message.created' &&
          f.event.clientId === ack.clientId,
        10_000,
      );
    }
    // The flooder got mostly refusals; what it got through is bounded by its per-address limit.
    const accepted = answers.filter((a) => a.type === 'chat.ack').length;
    expect(accepted).toBeLessThanOrEqual(LIMITS.messagesPerIpPerMinute);
    expect(answers.filter((a) => a.type === 'error' && a.code === 'RATE_LIMITED').length).toBe(
      answers.length - accepted,
    );
  });
});

describe('help-search flood', () => {
  /** The flooder: one address, 10 sockets, 20 searches a second each (the frame limit), 10 s. */
  const FLOOD = { address: '10.77.0.1', sockets: 10, perSecond: 20, seconds: 10 };
  /** 'a b c … z a b …': 199 characters of one-letter terms, each a prefix of many words. */
  const QUERY = Array.from({ length: 100 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(' ');
  const flooder = fileURLToPath(new URL('./helpers/search-flood.mjs', import.meta.url));

  let searchRelay: TestRelay;
  beforeAll(async () => {
    // Default limits (the demo site and its articles), except the chatting visitor's own message
    // limits, raised so that it can send one message every 100 ms throughout.
    searchRelay = await startRelay({
      trustProxy: 1,
      limits: { messagesPerVisitorPerMinute: 1_000, messagesPerIpPerMinute: 1_000 },
    });
  });
  afterAll(() => searchRelay.close());

  it('allows a tenth of searchesPerVisitorPerMinute in one second', async () => {
    const { socket } = await visitorSession(searchRelay.url, from('10.1.0.8'));
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        request<Frame>(socket, { type: 'faq.search', query: 'tent' }),
      ),
    );
    const burst = DEFAULT_LIMITS.searchesPerVisitorPerMinute / 10;
    expect(answers.filter((a) => a.type === 'faq.results')).toHaveLength(burst);
    expect(answers.filter((a) => a.type === 'error' && a.code === 'RATE_LIMITED')).toHaveLength(
      20 - burst,
    );
  });

  it('keeps a visitor on another address answered quickly (p95 chat.ack under 100 ms)', async () => {
    const normal = await visitorSession(searchRelay.url, from('10.1.0.9'));
    expect(await send(normal.socket, 'Hello before the flood')).toMatchObject({
      type: 'chat.ack',
    });

    // The flood runs in its own process: its sending does not share this event loop.
    const child = spawn(
      process.execPath,
      [
        flooder,
        searchRelay.url,
        FLOOD.address,
        String(FLOOD.sockets),
        String(FLOOD.perSecond),
        String(FLOOD.seconds),
        QUERY,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const lines: string[] = [];
    let ready: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      ready = resolve;
    });
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (line.startsWith('{"ready"')) ready();
      }
    });
    let running = true;
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        running = false;
        ready();
        resolve(code);
      }),
    );
    await started;

    // Meanwhile the normal visitor sends a message every 100 ms and times each acknowledgement.
    const times: number[] = [];
    while (running) {
      const start = performance.now();
      const ack = await request<ChatAck | ErrorFrame>(
        normal.socket,
        { type: 'chat.send', clientId: clientId(), text: `still there? ${times.length}` },
        30_000,
      );
      times.push(performance.now() - start);
      expect(ack).toMatchObject({ type: 'chat.ack' });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await exited).toBe(0);
    const summary = JSON.parse(lines.at(-1) ?? '{}') as {
      sockets: number;
      sent: number;
      answers: Record<string, number>;
    };
    const sorted = [...times].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
    process.stderr.write(
      `help-search flood: ${summary.sent} searches from ${summary.sockets} sockets ` +
        `(${JSON.stringify(summary.answers)}); the other visitor's chat.ack over ${times.length}: ` +
        `p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms\n`,
    );
    expect(summary.sockets).toBe(FLOOD.sockets);
    expect(at(0.95)).toBeLessThan(100);
    expect(times.length).toBeGreaterThanOrEqual(20);
    // The flooder got at most its address's searches a minute; the rest were typed refusals.
    const answered = summary.answers['faq.results'] ?? 0;
    expect(answered).toBeLessThanOrEqual(DEFAULT_LIMITS.searchesPerIpPerMinute);
    expect(summary.answers.RATE_LIMITED).toBe(summary.sent - answered);
  }, 60_000);
});
