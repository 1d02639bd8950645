import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSession, type Session, type StatusChange } from '../../src/client/session.js';
import { createMemoryStorage } from '../../src/client/storage.js';
import { createChatStore } from '../../src/store/chat-store.js';
import {
  ack,
  agentMessage,
  assigned,
  closed,
  created,
  createFakeRelay,
  errorReply,
  type FakeRelay,
  settle,
  visitorMessage,
  welcome,
} from '../fake-relay.js';

const SESSION_KEY = 'switchboard:demo:session';
const OUTBOX_KEY = 'switchboard:demo:outbox';

let relay: FakeRelay;
let storage: ReturnType<typeof createMemoryStorage>;
let ids: number;
let logger: {
  warn: ReturnType<typeof vi.fn<(...args: unknown[]) => void>>;
  error: ReturnType<typeof vi.fn<(...args: unknown[]) => void>>;
};

function newSession(overrides: { relay?: FakeRelay; now?: () => number } = {}): Session {
  return createSession({
    transport: (overrides.relay ?? relay).transport,
    storage,
    siteId: 'demo',
    newId: () => `client-${++ids}`,
    now: overrides.now ?? (() => 1_000),
    context: () => ({
      page: { url: 'https://shop.example/cart', title: 'Cart', referrer: '' },
      locale: 'en-GB',
      timeZone: 'Europe/London',
    }),
    logger,
  });
}

/** Start, open the socket and answer hello with `frame`. */
async function connect(session: Session, frame = welcome(), on = relay) {
  session.start();
  on.open();
  on.take('session.hello').reply(frame);
  await settle();
}

const outbox = () => JSON.parse(storage.getItem(OUTBOX_KEY) ?? '[]') as Array<{ clientId: string }>;

beforeEach(() => {
  relay = createFakeRelay();
  storage = createMemoryStorage();
  ids = 0;
  logger = {
    warn: vi.fn<(...args: unknown[]) => void>(),
    error: vi.fn<(...args: unknown[]) => void>(),
  };
});
afterEach(() => {
  vi.useRealTimers();
});

describe('handshake', () => {
  it('says hello with the page context, then keeps the token from the welcome', async () => {
    const session = newSession();
    session.start();
    expect(relay.connects).toEqual([{}]);
    relay.open();
    const hello = relay.take('session.hello');
    expect(hello.frame).toEqual({
      type: 'session.hello',
      page: { url: 'https://shop.example/cart', title: 'Cart', referrer: '' },
      locale: 'en-GB',
      timeZone: 'Europe/London',
    });
    hello.reply(welcome(null, 'signed-token'));
    await settle();
    expect(session.getState().status).toBe('connected');
    expect(session.getState().site?.name).toBe('Fernhill Outfitters');
    expect(storage.getItem(SESSION_KEY)).toBe('signed-token');
  });

  it('presents a stored token, so a second tab is the same visitor in the same conversation', async () => {
    const first = newSession();
    await connect(first, welcome({ id: 'c-1', events: [created(), agentMessage(2, 'Hello!')] }));

    const secondTab = createFakeRelay();
    const second = newSession({ relay: secondTab });
    second.start();
    expect(secondTab.connects).toEqual([{ token: 'token-1' }]);
    secondTab.open();
    secondTab
      .take('session.hello')
      .reply(welcome({ id: 'c-1', events: [created(), agentMessage(2, 'Hello!')] }));
    await settle();
    expect(second.getState().conversation?.id).toBe('c-1');
    expect(second.getState().conversation?.events).toHaveLength(2);
  });

  it('presents the token from the welcome when the transport reconnects by itself', async () => {
    // A first visit connects with no token; socket.io's automatic reconnection (after a relay
    // restart, say) must present the token the welcome gave, or the visitor becomes a stranger.
    const session = newSession();
    await connect(session, welcome(null, 'token-1'));
    relay.drop();
    relay.open();
    expect(relay.handshakes).toEqual([{}, { token: 'token-1' }]);
    expect(relay.connects).toEqual([{}]);
  });

  it('drops a token the relay refuses as INVALID_TOKEN and connects again without one', async () => {
    storage.setItem(SESSION_KEY, 'forged');
    const session = newSession();
    session.start();
    expect(relay.connects).toEqual([{ token: 'forged' }]);
    relay.refuse('INVALID_TOKEN');
    expect(storage.getItem(SESSION_KEY)).toBeNull();
    expect(relay.connects).toEqual([{ token: 'forged' }, {}]);
    expect(session.getState().status).toBe('connecting');
    relay.open();
    relay.take('session.hello').reply(welcome(null, 'fresh'));
    await settle();
    expect(session.getState().status).toBe('connected');
    expect(storage.getItem(SESSION_KEY)).toBe('fresh');
  });

  it('also recovers when hello itself is answered with TOKEN_EXPIRED', async () => {
    storage.setItem(SESSION_KEY, 'old');
    const session = newSession();
    session.start();
    relay.open();
    relay.take('session.hello').reply(errorReply('TOKEN_EXPIRED'));
    await settle();
    expect(storage.getItem(SESSION_KEY)).toBeNull();
    expect(relay.connects.at(-1)).toEqual({});
    expect(session.getState().status).not.toBe('failed');
  });

  it('fails with a readable message on PROTOCOL_MISMATCH, and stops trying', () => {
    const session = newSession();
    session.start();
    relay.refuse(
      'PROTOCOL_MISMATCH',
      'This relay speaks protocol 2; the client sent 1. Reload the page.',
    );
    expect(session.getState().status).toBe('failed');
    expect(session.getState().error).toEqual({
      code: 'PROTOCOL_MISMATCH',
      message: 'This relay speaks protocol 2; the client sent 1. Reload the page.',
    });
    expect(relay.connects).toHaveLength(1);
    expect(relay.disconnects).toBe(1);
  });

  it('waits 10 to 30 s after a RATE_LIMITED handshake, then tries again, keeping its token', async () => {
    vi.useFakeTimers();
    storage.setItem(SESSION_KEY, 'token-1');
    const session = newSession();
    session.start();
    relay.refuse('RATE_LIMITED', 'Too many open connections from your network.');
    expect(session.getState().status).toBe('connecting');
    expect(session.getState().error).toBeNull();
    vi.advanceTimersByTime(9_999);
    expect(relay.connects).toHaveLength(1);
    vi.advanceTimersByTime(20_001);
    expect(relay.connects).toEqual([{ token: 'token-1' }, { token: 'token-1' }]);
    // Refused again: it keeps waiting and trying, never failed.
    relay.refuse('RATE_LIMITED');
    vi.advanceTimersByTime(30_000);
    expect(relay.connects).toHaveLength(3);
    relay.open();
    relay.take('session.hello').reply(welcome(null, 'token-1'));
    await vi.advanceTimersByTimeAsync(0);
    expect(session.getState().status).toBe('connected');
  });

  it('reconnects a few seconds after an UNAVAILABLE handshake (the relay lost its database), never failing', async () => {
    vi.useFakeTimers();
    storage.setItem(SESSION_KEY, 'token-1');
    const session = newSession();
    session.start();
    relay.refuse('UNAVAILABLE');
    expect(session.getState().status).toBe('connecting');
    expect(session.getState().error).toBeNull();
    vi.advanceTimersByTime(1_000);
    expect(relay.connects).toHaveLength(1);
    vi.advanceTimersByTime(3_000);
    expect(relay.connects).toEqual([{ token: 'token-1' }, { token: 'token-1' }]);
    relay.open();
    // Hello itself answered UNAVAILABLE: said again on the same connection, a few seconds on.
    relay.take('session.hello').reply(errorReply('UNAVAILABLE'));
    await vi.advanceTimersByTimeAsync(0);
    expect(session.getState().status).not.toBe('failed');
    await vi.advanceTimersByTimeAsync(4_000);
    relay.take('session.hello').reply(welcome(null, 'token-1'));
    await vi.advanceTimersByTimeAsync(0);
    expect(session.getState().status).toBe('connected');
  });

  it('does not come back after a RATE_LIMITED wait once stopped', () => {
    vi.useFakeTimers();
    const session = newSession();
    session.start();
    relay.refuse('RATE_LIMITED');
    session.stop();
    vi.advanceTimersByTime(60_000);
    expect(relay.connects).toHaveLength(1);
    expect(session.getState().status).toBe('idle');
  });

  it('moves through its states only via setStatus, reporting old and new', async () => {
    const session = newSession();
    const changes: StatusChange[] = [];
    session.on('status', (change) => changes.push(change));
    await connect(session, welcome({ id: 'c-1', events: [created()] }));
    relay.drop();
    relay.open();
    const hello = relay.take('session.hello');
    expect(hello.frame.resume).toEqual({ conversationId: 'c-1', afterSeq: 1 });
    hello.reply(welcome({ id: 'c-1', events: [] }));
    await settle();
    session.stop();
    expect(changes).toEqual([
      { oldState: 'idle', newState: 'connecting' },
      { oldState: 'connecting', newState: 'connected' },
      { oldState: 'connected', newState: 'reconnecting' },
      { oldState: 'reconnecting', newState: 'connected' },
      { oldState: 'connected', newState: 'idle' },
    ]);
  });

  it('ignores malformed frames from the relay instead of crashing', async () => {
    const session = newSession();
    await connect(session, welcome({ id: 'c-1', events: [created()] }));
    relay.push({
      type: 'conversation.event',
      conversationId: 'c-1',
      event: { seq: 'two' },
    } as Record<string, unknown>);
    relay.push({ type: 'nonsense' });
    expect(session.getState().conversation?.lastSeq).toBe(1);
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });
});

describe('outbox', () => {
  it('persists a message at once, before any connection', () => {
    const session = newSession();
    const clientId = session.send('  Where is my order?  ');
    expect(outbox()).toEqual([{ clientId, text: 'Where is my order?', createdAt: 1_000 }]);
    expect(session.getState().pending).toMatchObject([{ clientId, state: 'sending' }]);
  });

  it('survives a reload: a new session over the same storage sends it, then forgets it on ack', async () => {
    const before = newSession();
    before.start();
    const clientId = before.send('Is the tent waterproof?');
    before.stop();

    const after = newSession();
    await connect(after);
    const send = relay.take('chat.send');
    expect(send.frame).toEqual({ type: 'chat.send', clientId, text: 'Is the tent waterproof?' });
    send.reply(ack(clientId, 'c-1', 2));
    await settle();
    expect(outbox()).toEqual([]);
  });

  it('sends one message at a time, in the order typed', async () => {
    const session = newSession();
    await connect(session, welcome({ id: 'c-1', events: [created()] }));
    const a = session.send('first');
    const b = session.send('second');
    await settle();
    expect(relay.pending.map((r) => r.frame)).toEqual([
      { type: 'chat.send', clientId: a, text: 'first', conversationId: 'c-1' },
    ]);
    relay.take('chat.send').reply(ack(a, 'c-1', 2));
    await settle();
    expect(relay.take('chat.send').frame).toMatchObject({ clientId: b, text: 'second' });
  });

  it.each([
    ['echo before ack', true],
    ['ack before echo', false],
  ])('resends after a reconnect with the same clientId, shown once (%s)', async (_, echoFirst) => {
    const session = newSession();
    const store = createChatStore(session);
    const sent = vi.fn();
    session.on('sent', sent);
    await connect(session, welcome({ id: 'c-1', events: [created()] }));
    const clientId = session.send('Hello?');
    await settle();
    relay.take('chat.send'); // lost with the connection
    relay.drop();
    await settle();
    expect(outbox().map((e) => e.clientId)).toEqual([clientId]);

    relay.open();
    relay.take('session.hello').reply(welcome({ id: 'c-1', events: [] }));
    await settle();
    const resend = relay.take('chat.send');
    expect(resend.frame).toMatchObject({ clientId, text: 'Hello?', conversationId: 'c-1' });

    const echo = {
      type: 'conversation.event',
      conversationId: 'c-1',
      event: visitorMessage(2, clientId, 'Hello?'),
    };
    if (echoFirst) relay.push(echo);
    resend.reply(ack(clientId, 'c-1', 2));
    await settle();
    if (!echoFirst) relay.push(echo);

    const messages = store.getState().items.filter((i) => i.kind === 'message');
    expect(messages).toEqual([
      expect.objectContaining({ text: 'Hello?', own: true, status: 'sent' }),
    ]);
    expect(session.getState().conversation?.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(outbox()).toEqual([]);
    expect(relay.pending).toEqual([]);
    // `message:sent` for the host page: once, whichever of ack and echo came first.
    expect(sent.mock.calls).toEqual([[{ conversationId: 'c-1', clientId, text: 'Hello?' }]]);
    store.destroy();
  });

  it('reports a message sent once when its ack was lost and the log shows it stored', async () => {
    // Found by the chaos test: the relay stored the message, the connection dropped before its
    // ack arrived, and the welcome after the reconnect already holds it. Nothing is resent, and
    // the host page still hears `message:sent`, once.
    const session = newSession();
    const sent = vi.fn();
    session.on('sent', sent);
    await connect(session, welcome({ id: 'c-1', events: [created()] }));
    const clientId = session.send('Hello?');
    await settle();
    relay.take('chat.send'); // stored by the relay; its ack is lost with the connection
    relay.drop();
    await settle();
    relay.open();
    relay
      .take('session.hello')
      .reply(welcome({ id: 'c-1', events: [visitorMessage(2, clientId, 'Hello?')] }));
    await settle();
    expect(relay.pending).toEqual([]);
    expect(outbox()).toEqual([]);
    expect(sent.mock.calls).toEqual([[{ conversationId: 'c-1', clientId, text: 'Hello?' }]]);
    // A message of this visitor's sent from another tab is not this page's to report.
    relay.push({
      type: 'conversation.event',
      conversationId: 'c-1',
      event: visitorMessage(3, 'other-tab', 'From the other tab'),
    });
    await settle();
    expect(sent).toHaveBeenCalledTimes(1);
  });

  it('shows a message as Sent at once when its ack is ahead of the log, then fills the gap', async () => {
    const session = newSession();
    const store = createChatStore(session);
    await connect(session);
    const clientId = session.send('First message');
    await settle();
    // The relay created conversation c-9 (seq 1) for it; the message is seq 2.
    relay.take('chat.send').reply(ack(clientId, 'c-9', 2));
    await settle();
    expect(store.getState().items).toEqual([
      expect.objectContaining({ kind: 'message', text: 'First message', status: 'sent' }),
    ]);
    const sync = relay.take('conversation.sync');
    expect(sync.frame).toEqual({ type: 'conversation.sync', conversationId: 'c-9', afterSeq: 0 });
    sync.reply({
      type: 'conversation.events',
      conversation: { ...welcome({ id: 'c-9', events: [] }).conversation!.summary, lastSeq: 2 },
      events: [created(1), visitorMessage(2, clientId, 'First message')],
      more: false,
    });
    await settle();
    expect(session.getState().sent).toEqual([]);
    expect(store.getState().items.filter((i) => i.kind === 'message')).toHaveLength(1);
    store.destroy();
  });

  it('starts a new conversation when the relay says CONVERSATION_CLOSED', async () => {
    const session = newSession();
    await connect(session, welcome({ id: 'c-1', events: [created()] }));
    const clientId = session.send('Are you still there?');
    await settle();
    const first = relay.take('chat.send');
    expect(first.frame.conversationId).toBe('c-1');
    first.reply(errorReply('CONVERSATION_CLOSED'));
    await settle();
    const second = relay.take('chat.send');
    expect(second.frame).toEqual({ type: 'chat.send', clientId, text: 'Are you still there?' });
    second.reply(ack(clientId, 'c-2', 2));
    await settle();
    expect(session.getState().conversation?.id).toBe('c-2');
    expect(outbox()).toEqual([]);
  });

  it('keeps a rate-limited message sending and sends it again after a pause, in order', async () => {
    vi.useFakeTimers();
    const session = newSession();
    session.start();
    relay.open();
    relay.take('session.hello').reply(welcome({ id: 'c-1', events: [created()] }));
    await vi.advanceTimersByTimeAsync(0);
    const first = session.send('one');
    const second = session.send('two');
    await vi.advanceTimersByTimeAsync(0);
    relay.take('chat.send').reply(errorReply('RATE_LIMITED', 'Too many messages; slow down.'));
    await vi.advanceTimersByTimeAsync(0);
    // Nothing the visitor typed is marked failed: both wait their turn.
    expect(session.getState().pending.map((p) => [p.clientId, p.state])).toEqual([
      [first, 'sending'],
      [second, 'sending'],
    ]);
    expect(relay.pending).toEqual([]);
    await vi.advanceTimersByTimeAsync(3_000);
    const again = relay.take('chat.send');
    expect(again.frame).toMatchObject({ clientId: first, text: 'one' });
    again.reply(ack(first, 'c-1', 2));
    await vi.advanceTimersByTimeAsync(0);
    expect(relay.take('chat.send').frame).toMatchObject({ clientId: second, text: 'two' });
  });

  it('keeps a message the relay could not store (UNAVAILABLE) sending, and sends it again with the same clientId', async () => {
    vi.useFakeTimers();
    const session = newSession();
    session.start();
    relay.open();
    relay.take('session.hello').reply(welcome({ id: 'c-1', events: [created()] }));
    await vi.advanceTimersByTimeAsync(0);
    const clientId = session.send('is my order shipped?');
    await vi.advanceTimersByTimeAsync(0);
    relay.take('chat.send').reply(errorReply('UNAVAILABLE'));
    await vi.advanceTimersByTimeAsync(0);
    expect(session.getState().pending.map((p) => [p.clientId, p.state])).toEqual([
      [clientId, 'sending'],
    ]);
    await vi.advanceTimersByTimeAsync(3_000);
    const again = relay.take('chat.send');
    expect(again.frame).toMatchObject({ clientId, text: 'is my order shipped?' });
    again.reply(ack(clientId, 'c-1', 2));
    await vi.advanceTimersByTimeAsync(0);
    expect(session.getState().pending).toEqual([]);
  });

  it('marks a message failed on other errors, and Retry sends it again', async () => {
    const session = newSession();
    await connect(session, welcome({ id: 'c-1', events: [created()] }));
    const clientId = session.send('x'.repeat(10));
    await settle();
    relay.take('chat.send').reply(errorReply('FORBIDDEN', 'You may not write here.'));
    await settle();
    expect(session.getState().pending).toEqual([
      expect.objectContaining({
        clientId,
        state: 'failed',
        error: { code: 'FORBIDDEN', message: 'You may not write here.' },
      }),
    ]);
    expect(relay.pending).toEqual([]);
    session.retry(clientId);
    await settle();
    relay.take('chat.send').reply(ack(clientId, 'c-1', 2));
    await settle();
    expect(session.getState().pending).toEqual([]);
  });
});

describe('the event log', () => {
  it('applies events once, in order: a duplicate is ignored, a gap asks for a sync', async () => {
    const session = newSession();
    await connect(session, welcome({ id: 'c-1', events: [created(), assigned(2)] }));
    relay.push({ type: 'conversation.event', conversationId: 'c-1', event: assigned(2) });
    relay.push({
      type: 'conversation.event',
      conversationId: 'c-1',
      event: agentMessage(4, 'Four'),
    });
    expect(session.getState().conversation?.lastSeq).toBe(2);
    const sync = relay.take('conversation.sync');
    expect(sync.frame).toEqual({ type: 'conversation.sync', conversationId: 'c-1', afterSeq: 2 });
    sync.reply({
      type: 'conversation.events',
      conversation: { ...welcome({ id: 'c-1', events: [] }).conversation!.summary, lastSeq: 4 },
      events: [agentMessage(3, 'Three'), agentMessage(4, 'Four')],
      more: false,
    });
    await settle();
    relay.push({
      type: 'conversation.event',
      conversationId: 'c-1',
      event: agentMessage(3, 'Three'),
    });
    const events = session.getState().conversation?.events ?? [];
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(relay.pending).toEqual([]);
  });

  it('keeps syncing while the relay says there is more', async () => {
    const session = newSession();
    const big = welcome({ id: 'c-1', events: [created()] });
    big.conversation!.more = true;
    await connect(session, big);
    relay.take('conversation.sync').reply({
      type: 'conversation.events',
      conversation: big.conversation!.summary,
      events: [agentMessage(2, 'two')],
      more: true,
    });
    await settle();
    const again = relay.take('conversation.sync');
    expect(again.frame.afterSeq).toBe(2);
  });

  it('marks the conversation ended on conversation.closed, and startNew forgets it', async () => {
    const session = newSession();
    await connect(session, welcome({ id: 'c-1', events: [created()] }));
    relay.push({ type: 'conversation.event', conversationId: 'c-1', event: closed(2) });
    expect(session.getState().conversation?.closed).toBe(true);
    session.startNew();
    expect(session.getState().conversation).toBeNull();
    const clientId = session.send('New question');
    await settle();
    expect(relay.take('chat.send').frame).toEqual({
      type: 'chat.send',
      clientId,
      text: 'New question',
    });
  });

  it('passes typing frames of agents on, not the visitor’s own', async () => {
    const session = newSession();
    const seen: string[] = [];
    session.on('typing', (t) => seen.push(`${t.name}:${t.typing}`));
    await connect(session, welcome({ id: 'c-1', events: [created()] }));
    relay.push({ type: 'typing', conversationId: 'c-1', role: 'agent', name: 'Ada', typing: true });
    relay.push({
      type: 'typing',
      conversationId: 'c-1',
      role: 'visitor',
      name: 'Me',
      typing: true,
    });
    relay.push({
      type: 'typing',
      conversationId: 'other',
      role: 'agent',
      name: 'Bob',
      typing: true,
    });
    expect(seen).toEqual(['Ada:true']);
  });
});

describe('typing notifications', () => {
  it('sends typing true at most every 3 s, and false once when stopping', async () => {
    let now = 0;
    const session = newSession({ now: () => now });
    await connect(session, welcome({ id: 'c-1', events: [created()] }));
    session.setTyping(true);
    now = 1_000;
    session.setTyping(true);
    now = 3_100;
    session.setTyping(true);
    session.setTyping(false);
    session.setTyping(false);
    expect(relay.sent).toEqual([
      { type: 'chat.typing', conversationId: 'c-1', typing: true },
      { type: 'chat.typing', conversationId: 'c-1', typing: true },
      { type: 'chat.typing', conversationId: 'c-1', typing: false },
    ]);
  });

  it('sends nothing without an open conversation', async () => {
    const session = newSession();
    await connect(session);
    session.setTyping(true);
    expect(relay.sent).toEqual([]);
  });
});
