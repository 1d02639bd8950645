import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  ChatAck,
  ConversationEvents,
  SessionWelcome,
  VisitorChatSend,
} from '@switchboard/shared';
import { PROTOCOL_VERSION } from '@switchboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freePort, type RelayProcess, spawnRelay } from './helpers/cli.js';
import {
  agentSocket,
  clientId,
  closeAllSockets,
  connected,
  login,
  request,
  visitorSocket,
} from './helpers/clients.js';

let dataDir: string;
const processes: RelayProcess[] = [];

beforeAll(async () => {
  await ensureBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'switchboard-restart-'));
}, 120_000);

afterAll(async () => {
  closeAllSockets();
  for (const relay of processes) {
    if (relay.child.exitCode === null && relay.child.signalCode === null)
      relay.child.kill('SIGKILL');
    await relay.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * A visitor client that behaves like the widget: hello on every (re)connect with the last seq it
 * has, then resend whatever is not acknowledged, by clientId.
 */
function widgetLikeVisitor(url: string) {
  const socket = visitorSocket(url, {
    reconnection: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 300,
  });
  const outbox = new Map<string, VisitorChatSend>();
  const acks = new Map<string, ChatAck>();
  const welcomes: SessionWelcome[] = [];
  let conversationId: string | undefined;
  let lastSeq = 0;
  const texts: string[] = [];

  const flush = async () => {
    for (const [id, frame] of outbox) {
      const answer = await request<ChatAck>(socket, frame).catch(() => null);
      if (answer?.type === 'chat.ack') {
        outbox.delete(id);
        acks.set(id, answer);
        conversationId = answer.conversationId;
      }
    }
  };
  socket.on('frame', (frame) => {
    if (frame.type !== 'conversation.event' || frame.event.seq <= lastSeq) return;
    lastSeq = frame.event.seq;
    if (frame.event.type === 'message.created') texts.push(frame.event.text);
  });
  socket.on('connect', async () => {
    const welcome = await request<SessionWelcome>(socket, {
      type: 'session.hello',
      ...(conversationId ? { resume: { conversationId, afterSeq: lastSeq } } : {}),
    }).catch(() => null);
    if (welcome?.type !== 'session.welcome') return;
    socket.auth = { protocol: PROTOCOL_VERSION, token: welcome.token };
    welcomes.push(welcome);
    for (const event of welcome.conversation?.events ?? []) {
      if (event.seq <= lastSeq) continue;
      lastSeq = event.seq;
      if (event.type === 'message.created') texts.push(event.text);
    }
    await flush();
  });

  return {
    socket,
    welcomes,
    acks,
    outbox,
    texts,
    /** Send now if connected (socket.io buffers it otherwise) and keep it until acked. */
    async send(text: string, id = clientId()) {
      const frame: VisitorChatSend = { type: 'chat.send', clientId: id, text };
      outbox.set(id, frame);
      const answer = await request<ChatAck>(socket, frame, 20_000).catch(() => null);
      if (answer?.type === 'chat.ack') {
        outbox.delete(id);
        acks.set(id, answer);
        conversationId = answer.conversationId;
      }
      return answer;
    },
  };
}

describe('restart', () => {
  it('keeps everything acked across SIGKILL, and a message sent while down arrives exactly once', async () => {
    const port = await freePort();
    const env = { PORT: String(port), SWITCHBOARD_DATA_DIR: dataDir };
    const first = await spawnRelay(env);
    processes.push(first);
    expect(first.url).toBe(`http://127.0.0.1:${port}`);

    const visitor = widgetLikeVisitor(first.url);
    await connected(visitor.socket);
    await expect.poll(() => visitor.welcomes.length).toBe(1);
    const hello = await visitor.send('Hello, is anyone there?');
    expect(hello).toMatchObject({ type: 'chat.ack', seq: 2 });
    const conversationId = hello!.conversationId;
    const question = clientId();
    expect(await visitor.send('My order FH-20931 has not arrived.', question)).toMatchObject({
      seq: 3,
    });

    const session = await login(first.url);
    const agent = agentSocket(first.url, {
      token: session.token,
      reconnection: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 300,
    });
    // What the agent saw of the conversation, by seq: from pushes and from (re)open answers.
    const agentSeen: number[] = [];
    let agentLastSeq = 0;
    const see = (seq: number) => {
      agentSeen.push(seq);
      agentLastSeq = Math.max(agentLastSeq, seq);
    };
    agent.on('frame', (frame) => {
      if (frame.type === 'conversation.event' && frame.conversationId === conversationId)
        see(frame.event.seq);
    });
    agent.on('connect', async () => {
      // Every (re)connect: hello, then follow the conversation again from what it has.
      await request(agent, { type: 'agent.hello' }).catch(() => undefined);
      const opened = await request<ConversationEvents>(agent, {
        type: 'conversation.open',
        conversationId,
        afterSeq: agentLastSeq,
      }).catch(() => null);
      for (const event of opened?.events ?? []) see(event.seq);
    });
    await connected(agent);
    // Routing offers the waiting conversation to Maya as soon as she connects (4).
    await expect.poll(() => agentLastSeq).toBe(4);
    const reply = await request<ChatAck>(agent, {
      type: 'chat.send',
      conversationId,
      clientId: clientId(),
      text: 'Checking that for you now.',
    });
    expect(reply).toMatchObject({ type: 'chat.ack', seq: 6 }); // assigned (5), then the message
    await expect.poll(() => visitor.texts).toContain('Checking that for you now.');

    // Crash: no graceful shutdown, no flush beyond what was committed.
    first.child.kill('SIGKILL');
    await first.exited;
    await expect.poll(() => visitor.socket.connected).toBe(false);

    // Written while the relay is down: socket.io buffers it; it is resent by clientId after hello.
    const whileDown = visitor.send('Also, can I change the delivery address?');

    const second = await spawnRelay(env);
    processes.push(second);
    expect(second.url).toBe(first.url);
    const answer = await whileDown;
    // The buffered copy reaches the relay before the new hello and is refused (NO_SESSION)...
    expect(answer).toMatchObject({ type: 'error', code: 'NO_SESSION' });
    // ...and the outbox resend after the welcome is acked, once.
    await expect.poll(() => visitor.outbox.size, { timeout: 10_000 }).toBe(0);
    expect(visitor.welcomes.length).toBe(2);
    expect(visitor.welcomes[1]?.visitor).toEqual(visitor.welcomes[0]?.visitor);
    expect(visitor.welcomes[1]?.conversation?.summary.id).toBe(conversationId);

    // Resending an acked message after the restart: the original ack, nothing new.
    const again = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: question,
      text: 'My order FH-20931 has not arrived.',
    });
    expect(again).toEqual(visitor.acks.get(question));

    // The log: everything acked before the crash, the message sent while down once, contiguous.
    await expect.poll(() => agent.connected, { timeout: 10_000 }).toBe(true);
    const log = await request<ConversationEvents>(agent, {
      type: 'conversation.sync',
      conversationId,
      afterSeq: 0,
    });
    expect(log.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(log.events.flatMap((e) => (e.type === 'message.created' ? [e.text] : []))).toEqual([
      'Hello, is anyone there?',
      'My order FH-20931 has not arrived.',
      'Checking that for you now.',
      'Also, can I change the delivery address?',
    ]);
    expect(log.conversation).toMatchObject({
      status: 'active',
      agent: { name: 'Maya Chen' },
      lastSeq: 7,
    });
    // The agent, following again after its reconnect, saw every event exactly once.
    await expect.poll(() => agentLastSeq).toBe(7);
    expect([...agentSeen].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);

    // Graceful stop on SIGTERM: exit code 0.
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.logs.some((l) => l.msg === 'closed')).toBe(true);
  });
});
