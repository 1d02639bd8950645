import { describe, expect, it } from 'vitest';
import { createSession, type Session } from '../../src/client/session.js';
import { createMemoryStorage } from '../../src/client/storage.js';
import { createTabSync, type TabChannel, type TabMessage } from '../../src/client/tabs.js';
import {
  ack,
  agentMessage,
  created,
  createFakeRelay,
  type FakeRelay,
  settle,
  summary,
  visitorMessage,
  welcome,
} from '../fake-relay.js';

/** Two ends of an in-memory BroadcastChannel: a message posted on one reaches the other. */
function channelPair(): [TabChannel, TabChannel] {
  const make = (): TabChannel & { peer?: TabChannel; closed: boolean } => ({
    onmessage: null,
    closed: false,
    postMessage(message: TabMessage) {
      const peer = this.peer;
      if (!this.closed) queueMicrotask(() => peer?.onmessage?.({ data: structuredClone(message) }));
    },
    close() {
      this.closed = true;
    },
  });
  const a = make();
  const b = make();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

interface Tab {
  relay: FakeRelay;
  session: Session;
  unread: number;
}

/** Two tabs of one site: one localStorage, a socket each, a channel between them. */
async function twoTabs(channels: [TabChannel, TabChannel] | null = channelPair()) {
  const storage = createMemoryStorage();
  let n = 0;
  const tabs: Tab[] = [];
  for (const i of [0, 1]) {
    const relay = createFakeRelay();
    const session = createSession({
      transport: relay.transport,
      storage,
      siteId: 'demo',
      newId: () => `id-${i}-${++n}`,
      context: () => ({}),
    });
    const tab: Tab = { relay, session, unread: 0 };
    session.on('event', ({ event, source }) => {
      if (event.type === 'message.created' && event.author.role === 'agent' && source !== 'welcome')
        tab.unread++;
    });
    const sync = createTabSync({
      channel: channels?.[i] ?? null,
      session,
      onRead: () => {
        tab.unread = 0;
      },
    });
    Object.assign(tab, { sync });
    tabs.push(tab);
    session.start();
    relay.open();
    relay.take('session.hello').reply(welcome());
  }
  await settle();
  return tabs as [
    Tab & { sync: ReturnType<typeof createTabSync> },
    Tab & { sync: ReturnType<typeof createTabSync> },
  ];
}

describe('tabs (BroadcastChannel)', () => {
  it('a conversation started in one tab shows in the other', async () => {
    const [a, b] = await twoTabs();
    const clientId = a.session.send('Hello from tab A');
    a.relay.take('chat.send').reply(ack(clientId, 'c-1', 2));
    a.relay.push({ type: 'conversation.event', conversationId: 'c-1', event: created(1) });
    a.relay.push({
      type: 'conversation.event',
      conversationId: 'c-1',
      event: visitorMessage(2, clientId, 'Hello from tab A'),
    });
    await settle();
    // Tab B heard of it and syncs the conversation from the relay.
    const sync = b.relay.take('conversation.sync');
    expect(sync.frame).toMatchObject({ conversationId: 'c-1', afterSeq: 0 });
    sync.reply({
      type: 'conversation.events',
      conversation: summary('c-1', 2),
      events: [created(1), visitorMessage(2, clientId, 'Hello from tab A')],
      more: false,
    });
    await settle();
    expect(b.session.getState().conversation?.id).toBe('c-1');
    expect(b.session.getState().conversation?.lastSeq).toBe(2);
    // Synced events are not announced back: tab A is not asked to sync.
    expect(a.relay.pending.filter((r) => r.frame.type === 'conversation.sync')).toHaveLength(0);
  });

  it('reading in one tab clears the unread count in the other', async () => {
    const [a, b] = await twoTabs();
    for (const tab of [a, b]) {
      tab.relay.push({ type: 'conversation.event', conversationId: 'c-1', event: created(1) });
      tab.relay.push({
        type: 'conversation.event',
        conversationId: 'c-1',
        event: agentMessage(2, 'Hi'),
      });
    }
    await settle();
    expect(b.unread).toBe(1);
    a.unread = 0; // tab A shows the conversation
    a.sync.read();
    await settle();
    expect(b.unread).toBe(0);
  });

  it('a read that overtakes the message still counts', async () => {
    const [a, b] = await twoTabs();
    a.relay.push({ type: 'conversation.event', conversationId: 'c-1', event: created(1) });
    b.relay.push({ type: 'conversation.event', conversationId: 'c-1', event: created(1) });
    a.relay.push({
      type: 'conversation.event',
      conversationId: 'c-1',
      event: agentMessage(2, 'Hi'),
    });
    await settle();
    a.sync.read();
    await settle();
    b.relay.push({
      type: 'conversation.event',
      conversationId: 'c-1',
      event: agentMessage(2, 'Hi'),
    });
    await settle();
    expect(b.unread).toBe(0);
  });

  it('identify or shutdown in one tab makes the other reconnect with the stored token', async () => {
    const [a, b] = await twoTabs();
    a.session.shutdown();
    a.sync.sessionChanged();
    await settle();
    expect(b.relay.connects.at(-1)).toEqual({});
    expect(b.session.getState().status).toBe('connecting');
  });

  it('without a channel each tab works on its own', async () => {
    const [a, b] = await twoTabs(null);
    const clientId = a.session.send('Only here');
    a.relay.take('chat.send').reply(ack(clientId, 'c-1', 1));
    await settle();
    expect(b.relay.pending).toHaveLength(0);
    expect(() => a.sync.read()).not.toThrow();
  });
});
