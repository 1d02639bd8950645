import type {
  ChatAck,
  ConversationEvent,
  ConversationEvents,
  SessionWelcome,
} from '@switchboard/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  agentSession,
  clientId,
  closeAllSockets,
  connected,
  framesOf,
  request,
  settle,
  visitorSession,
  visitorSocket,
  waitForFrame,
} from './helpers/clients.js';
import { startRelay, type TestRelay } from './helpers/relay.js';

let relay: TestRelay;
beforeAll(async () => {
  // A queue nobody serves: no offers, so the seqs are the messages' own (routing has its tests).
  relay = await startRelay({
    departments: [{ id: 'unstaffed', name: 'Unstaffed' }],
    // One agent socket writes a 520-message backlog as fast as it can: far past the frame limit.
    limits: { framesPerSocketPerSecond: 10_000 },
  });
});
afterEach(closeAllSockets);
afterAll(() => relay.close());

/** Seqs of the message events pushed to a socket for one conversation. */
const pushedSeqs = (frames: ReturnType<typeof framesOf>, conversationId: string) =>
  frames.flatMap((f) =>
    f.type === 'conversation.event' && f.conversationId === conversationId ? [f.event.seq] : [],
  );

async function agentReply(
  socket: Parameters<typeof request>[0],
  conversationId: string,
  text: string,
) {
  const ack = await request<ChatAck>(socket, {
    type: 'chat.send',
    conversationId,
    clientId: clientId(),
    text,
  });
  expect(ack.type).toBe('chat.ack');
  return ack;
}

describe('resume after a dropped connection', () => {
  it('delivers the missed events exactly once, in order (a reload with the token)', async () => {
    const visitor = await visitorSession(relay.url);
    const { conversationId } = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Is my order on its way?',
    });
    const agent = await agentSession(relay.url);
    await request(agent.socket, { type: 'conversation.open', conversationId, afterSeq: 0 });
    await agentReply(agent.socket, conversationId, 'Let me check.');
    await waitForFrame(visitor.socket, (f) => f.type === 'conversation.event' && f.event.seq === 4);
    const lastSeq = Math.max(...pushedSeqs(framesOf(visitor.socket), conversationId));
    expect(lastSeq).toBe(4);

    // The connection drops; the agent keeps writing.
    visitor.socket.disconnect();
    await agentReply(agent.socket, conversationId, 'It left the warehouse this morning.');
    await agentReply(agent.socket, conversationId, 'Tracking: FH-20931.');

    const back = await visitorSession(relay.url, {
      token: visitor.welcome.token,
      hello: { resume: { conversationId, afterSeq: lastSeq } },
    });
    expect(back.welcome.visitor.id).toBe(visitor.welcome.visitor.id);
    expect(back.welcome.conversation?.summary.id).toBe(conversationId);
    expect(back.welcome.conversation?.more).toBe(false);
    const missed = back.welcome.conversation?.events ?? [];
    expect(missed.map((e) => e.seq)).toEqual([5, 6]);
    expect(missed.map((e) => e.type === 'message.created' && e.text)).toEqual([
      'It left the warehouse this morning.',
      'Tracking: FH-20931.',
    ]);

    // Nothing is pushed twice afterwards, and new events still arrive once.
    await agentReply(agent.socket, conversationId, 'Anything else?');
    await waitForFrame(back.socket, (f) => f.type === 'conversation.event' && f.event.seq === 7);
    await settle();
    expect(pushedSeqs(framesOf(back.socket), conversationId)).toEqual([7]);
  });

  it('resumes over socket.io reconnection with hello on every connect', async () => {
    const socket = visitorSocket(relay.url, {
      reconnection: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 100,
    });
    // What the widget does: every (re)connect says hello with what it already has.
    let conversationId: string | undefined;
    let lastSeq = 0;
    const applied: ConversationEvent[] = [];
    const apply = (event: ConversationEvent) => {
      if (event.seq <= lastSeq) return;
      applied.push(event);
      lastSeq = event.seq;
    };
    const welcomes: SessionWelcome[] = [];
    socket.on('frame', (frame) => {
      if (frame.type === 'conversation.event' && frame.conversationId === conversationId)
        apply(frame.event);
    });
    socket.on('connect', async () => {
      const welcome = await request<SessionWelcome>(socket, {
        type: 'session.hello',
        ...(conversationId ? { resume: { conversationId, afterSeq: lastSeq } } : {}),
      });
      welcomes.push(welcome);
      // The next handshake proves who this visitor is.
      socket.auth = { protocol: 1, token: welcome.token };
      welcome.conversation?.events.forEach(apply);
    });
    await connected(socket);
    await expect.poll(() => welcomes.length).toBe(1);

    const ack = await request<ChatAck>(socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Hello?',
    });
    conversationId = ack.conversationId;
    const agent = await agentSession(relay.url);
    await request(agent.socket, { type: 'conversation.open', conversationId, afterSeq: 0 });
    await agentReply(agent.socket, conversationId, 'Hi, Maya here.');
    await expect.poll(() => lastSeq).toBe(4);

    // The transport dies (as on a network switch); socket.io reconnects by itself.
    const reconnected = new Promise((resolve) => socket.io.once('reconnect', resolve));
    socket.io.engine.close();
    await agentReply(agent.socket, conversationId, 'Still there?');
    await agentReply(agent.socket, conversationId, 'I can see your order.');
    await reconnected;
    await expect.poll(() => welcomes.length).toBe(2);
    await expect.poll(() => lastSeq).toBe(6);
    await agentReply(agent.socket, conversationId, 'It ships today.');
    await expect.poll(() => lastSeq).toBe(7);
    await settle();

    // The same visitor, and every event applied once, in order: nothing missed, nothing doubled.
    expect(welcomes[1]?.visitor.id).toBe(welcomes[0]?.visitor.id);
    expect(applied.map((e) => e.seq)).toEqual([3, 4, 5, 6, 7]);
    const all = framesOf(socket).flatMap((f) =>
      f.type === 'conversation.event' ? [f.event.seq] : [],
    );
    const fromWelcome = welcomes[1]?.conversation?.events.map((e) => e.seq) ?? [];
    expect([...all, ...fromWelcome].filter((seq) => seq >= 5).sort()).toEqual([5, 6, 7]);
  });

  it('pages a long backlog with `more`, and sync picks up from the last seq', async () => {
    const visitor = await visitorSession(relay.url);
    const { conversationId } = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Can you list every tent you sell?',
    });
    const agent = await agentSession(relay.url);
    // 1 created + 1 visitor message + 1 assigned + 520 replies = 523 events.
    for (let i = 1; i <= 520; i++) await agentReply(agent.socket, conversationId, `Tent #${i}`);

    const back = await visitorSession(relay.url, { token: visitor.welcome.token });
    const first = back.welcome.conversation!;
    expect(first.events).toHaveLength(500);
    expect(first.more).toBe(true);
    expect(first.events.at(-1)?.seq).toBe(500);
    const rest = await request<ConversationEvents>(back.socket, {
      type: 'conversation.sync',
      conversationId,
      afterSeq: 500,
    });
    expect(rest.more).toBe(false);
    expect(rest.events.map((e) => e.seq)).toEqual(Array.from({ length: 23 }, (_, i) => 501 + i));
  });
});
