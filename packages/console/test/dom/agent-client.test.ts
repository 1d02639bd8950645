import type { AgentToServer } from '@switchboard/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAgentClient } from '../../src/client/agent-client.js';
import { createConsoleStore } from '../../src/store/create-store.js';
import { threadItems } from '../../src/store/selectors.js';
import { createFakeTransport, type FakeTransport, flush } from './support/fake-transport.js';
import { agentMessage, created, summary, T0, visitorMessage, welcome } from './support/fixtures.js';

/** A relay that knows one conversation with two events, and acks replies at the next seq. */
function relay(log = [created(1), visitorMessage(2, 'Do these run large?')]) {
  return (frame: AgentToServer): unknown => {
    switch (frame.type) {
      case 'agent.hello':
        return welcome([summary({ lastSeq: log.length })]);
      case 'conversation.open':
      case 'conversation.sync':
        return {
          type: 'conversation.events',
          conversation: summary({ lastSeq: log.length }),
          events: log.filter((e) => e.seq > frame.afterSeq),
          more: false,
        };
      case 'chat.send':
        return {
          type: 'chat.ack',
          clientId: frame.clientId,
          conversationId: frame.conversationId,
          messageId: 'm_x',
          seq: log.length + 1,
          at: T0 + 99,
        };
      default:
        return { type: 'ok' };
    }
  };
}

function setup(respond = relay()) {
  const transport = createFakeTransport(respond);
  const store = createConsoleStore();
  const onAuthFailure = vi.fn();
  let clock = T0;
  let ids = 0;
  const client = createAgentClient({
    transport,
    store,
    onAuthFailure,
    now: () => clock,
    newId: () => `k${++ids}`,
  });
  return {
    transport,
    store,
    client,
    onAuthFailure,
    tick: (ms: number) => {
      clock += ms;
    },
  };
}

async function online(t: { transport: FakeTransport }) {
  t.transport.connect();
  await flush();
}

afterEach(() => {
  vi.useRealTimers();
});

describe('agent client', () => {
  it('says hello on connect and goes online with the welcome', async () => {
    const t = setup();
    expect(t.store.getState().connection).toBe('connecting');
    await online(t);
    expect(t.transport.sent[0]).toEqual({ type: 'agent.hello' });
    expect(t.store.getState().connection).toBe('online');
    expect(Object.keys(t.store.getState().inbox)).toEqual(['c_1']);
  });

  it('opens with afterSeq 0, then asks only for what it missed after a reconnect', async () => {
    const t = setup();
    await online(t);
    t.client.open('c_1');
    await flush();
    expect(t.transport.of('conversation.open')).toEqual([
      { type: 'conversation.open', conversationId: 'c_1', afterSeq: 0 },
    ]);
    expect(t.store.getState().threads.c_1?.lastSeq).toBe(2);
    t.transport.disconnect();
    expect(t.store.getState().connection).toBe('reconnecting');
    await online(t);
    expect(t.transport.of('conversation.open').at(-1)).toEqual({
      type: 'conversation.open',
      conversationId: 'c_1',
      afterSeq: 2,
    });
  });

  it('asks conversation.sync when a pushed event leaves a gap', async () => {
    const log = [
      created(1),
      visitorMessage(2, 'a'),
      visitorMessage(3, 'b'),
      visitorMessage(4, 'c'),
    ];
    const t = setup(relay(log));
    await online(t);
    t.client.open('c_1');
    await flush();
    // The relay's log grew by two while one push was lost.
    log.push(visitorMessage(5, 'd'), visitorMessage(6, 'e'));
    t.transport.push({ type: 'conversation.event', conversationId: 'c_1', event: log[5] });
    await flush();
    expect(t.transport.of('conversation.sync')).toEqual([
      { type: 'conversation.sync', conversationId: 'c_1', afterSeq: 4 },
    ]);
    expect(t.store.getState().threads.c_1?.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('shows a reply as pending, then sent on ack; resends unacked ones with the same clientId', async () => {
    let answerSends = false;
    const base = relay();
    const t = setup((frame) =>
      frame.type === 'chat.send' && !answerSends ? undefined : base(frame),
    );
    await online(t);
    t.client.open('c_1');
    await flush();
    t.client.send('c_1', '  They run half a size large.  ');
    const pending = () =>
      threadItems(t.store.getState(), 'c_1').filter((i) => i.kind === 'message');
    expect(pending().at(-1)).toMatchObject({
      text: 'They run half a size large.',
      pending: 'sending',
    });
    t.transport.disconnect();
    answerSends = true;
    await online(t);
    const sends = t.transport.of('chat.send');
    expect(sends).toHaveLength(2);
    expect(sends[0]?.clientId).toBe('k1');
    expect(sends[1]?.clientId).toBe('k1');
    expect(pending().at(-1)).toMatchObject({ pending: 'sent' });
    // The echo replaces it; it is never shown twice.
    t.transport.push({
      type: 'conversation.event',
      conversationId: 'c_1',
      event: agentMessage(3, 'They run half a size large.', 'k1'),
    });
    expect(pending().filter((i) => i.text === 'They run half a size large.')).toHaveLength(1);
    expect(pending().at(-1)?.pending).toBeUndefined();
  });

  it('resends a reply that timed out while still connected, after a pause, with the same clientId', async () => {
    vi.useFakeTimers();
    let sends = 0;
    const base = relay();
    const t = setup((frame) => {
      if (frame.type !== 'chat.send') return base(frame);
      sends += 1;
      // The first gets no answer in time (a busy relay), the second a rate limit, then an ack.
      if (sends === 1) return Promise.reject(new Error('operation has timed out'));
      if (sends === 2) return { type: 'error', code: 'RATE_LIMITED', message: 'Slow down.' };
      return base(frame);
    });
    t.transport.connect();
    await vi.advanceTimersByTimeAsync(0);
    t.client.open('c_1');
    await vi.advanceTimersByTimeAsync(0);
    t.client.send('c_1', 'Let me check that for you.');
    await vi.advanceTimersByTimeAsync(0);
    const last = () =>
      threadItems(t.store.getState(), 'c_1')
        .filter((i) => i.kind === 'message')
        .at(-1);
    expect(last()).toMatchObject({ text: 'Let me check that for you.', pending: 'sending' });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(last()).toMatchObject({ pending: 'sending' });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(t.transport.of('chat.send').map((f) => f.clientId)).toEqual(['k1', 'k1', 'k1']);
    expect(last()).toMatchObject({ pending: 'sent' });
  });

  it("keeps a conversation's replies in order when one has to go again (UNAVAILABLE)", async () => {
    vi.useFakeTimers();
    let unavailable = true;
    const base = relay();
    const t = setup((frame) => {
      if (frame.type !== 'chat.send') return base(frame);
      // The relay between two owners of its routing core: the first try of the first reply.
      if (frame.clientId === 'k1' && unavailable) {
        unavailable = false;
        return { type: 'error', code: 'UNAVAILABLE', message: 'Try again shortly.' };
      }
      return base(frame);
    });
    t.transport.connect();
    await vi.advanceTimersByTimeAsync(0);
    t.client.open('c_1');
    await vi.advanceTimersByTimeAsync(0);
    t.client.send('c_1', 'First, the order number.');
    t.client.send('c_1', 'Then the address.');
    await vi.advanceTimersByTimeAsync(0);
    // The second waits for the first: it is not sent ahead of it.
    expect(t.transport.of('chat.send').map((f) => f.clientId)).toEqual(['k1']);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(t.transport.of('chat.send').map((f) => f.clientId)).toEqual(['k1', 'k1', 'k2']);
    const items = threadItems(t.store.getState(), 'c_1').filter((i) => i.kind === 'message');
    expect(items.slice(-2).map((i) => [i.text, i.pending])).toEqual([
      ['First, the order number.', 'sent'],
      ['Then the address.', 'sent'],
    ]);
  });

  it('sends a note as note.send, resent after a reconnect with the same clientId', async () => {
    let answer = false;
    const base = relay();
    const t = setup((frame) => {
      if (frame.type !== 'note.send') return base(frame);
      if (!answer) return undefined;
      const { clientId, conversationId } = frame;
      return { type: 'chat.ack', clientId, conversationId, messageId: 'n_1', seq: 3, at: T0 };
    });
    await online(t);
    t.client.open('c_1');
    await flush();
    t.client.send('c_1', 'Loyal customer', 'note');
    t.transport.disconnect();
    answer = true;
    await online(t);
    expect(t.transport.of('note.send')).toEqual([
      {
        type: 'note.send',
        conversationId: 'c_1',
        clientId: 'k1',
        kind: 'note',
        text: 'Loyal customer',
      },
      {
        type: 'note.send',
        conversationId: 'c_1',
        clientId: 'k1',
        kind: 'note',
        text: 'Loyal customer',
      },
    ]);
    expect(t.transport.of('chat.send')).toEqual([]);
    expect(threadItems(t.store.getState(), 'c_1').at(-1)).toMatchObject({
      kind: 'note',
      pending: 'sent',
    });
  });

  it('asks for the customer history once the conversation is open', async () => {
    const t = setup();
    await online(t);
    t.client.open('c_1');
    await flush();
    expect(t.transport.of('customer.history')).toEqual([
      { type: 'customer.history', visitorId: 'v_1' },
    ]);
  });

  it('marks a refused reply as not sent and shows the relay message', async () => {
    const base = relay();
    const t = setup((frame) =>
      frame.type === 'chat.send'
        ? { type: 'error', code: 'CONVERSATION_CLOSED', message: 'This conversation has ended.' }
        : base(frame),
    );
    await online(t);
    t.client.open('c_1');
    await flush();
    t.client.send('c_1', 'Hello');
    await flush();
    expect(t.store.getState().outbox[0]?.status).toBe('failed');
    expect(t.store.getState().notice?.message).toBe('This conversation has ended.');
  });

  it('sends typing at most every 3 s, and false when it stops', async () => {
    const t = setup();
    await online(t);
    t.client.typing('c_1');
    t.client.typing('c_1');
    t.tick(1_000);
    t.client.typing('c_1');
    expect(t.transport.of('chat.typing')).toHaveLength(1);
    t.tick(2_100);
    t.client.typing('c_1');
    expect(t.transport.of('chat.typing')).toHaveLength(2);
    t.client.stopTyping('c_1');
    t.client.stopTyping('c_1');
    expect(t.transport.of('chat.typing').map((f) => f.typing)).toEqual([true, true, false]);
  });

  it('expires a visitor typing indicator after 6 s without refresh', async () => {
    vi.useFakeTimers();
    const t = setup();
    await online(t);
    t.transport.push({
      type: 'typing',
      conversationId: 'c_1',
      role: 'visitor',
      name: 'Ada',
      typing: true,
    });
    expect(t.store.getState().typing.c_1?.name).toBe('Ada');
    t.tick(6_100);
    vi.advanceTimersByTime(6_100);
    expect(t.store.getState().typing.c_1).toBeUndefined();
  });

  it('returns to sign-in when the relay refuses an expired token', () => {
    const t = setup();
    t.transport.fail({
      message: 'TOKEN_EXPIRED',
      data: {
        type: 'error',
        code: 'TOKEN_EXPIRED',
        message: 'The session has expired; sign in again.',
      },
    });
    expect(t.onAuthFailure).toHaveBeenCalledWith('TOKEN_EXPIRED');
    expect(t.transport.closed).toBe(true);
  });

  it('ends the session on a protocol mismatch instead of retrying forever', () => {
    const t = setup();
    t.transport.fail({
      message: 'PROTOCOL_MISMATCH',
      data: { type: 'error', code: 'PROTOCOL_MISMATCH', message: 'This relay speaks protocol 2.' },
    });
    expect(t.onAuthFailure).toHaveBeenCalledWith('PROTOCOL_MISMATCH');
  });

  it('shows Reconnecting while the relay is unreachable, and Online again after the welcome', async () => {
    const t = setup();
    await online(t);
    t.transport.fail({ message: 'xhr poll error' }, true);
    expect(t.store.getState().connection).toBe('reconnecting');
    expect(t.onAuthFailure).not.toHaveBeenCalled();
    await online(t);
    expect(t.store.getState().connection).toBe('online');
  });

  it('ignores frames that do not decode', async () => {
    const t = setup();
    await online(t);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const before = t.store.getState();
    t.transport.push({ type: 'inbox.upsert', conversation: { id: 42 } });
    t.transport.push({ type: 'nonsense' });
    expect(t.store.getState()).toBe(before);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });
});
