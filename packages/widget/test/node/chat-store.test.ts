import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSession, type Session } from '../../src/client/session.js';
import { createMemoryStorage, type KeyValueStorage } from '../../src/client/storage.js';
import { type ChatStore, createChatStore, TYPING_EXPIRY_MS } from '../../src/store/chat-store.js';
import {
  agentMessage,
  assigned,
  closed,
  created,
  createFakeRelay,
  type FakeRelay,
  settle,
  site,
  welcome,
} from '../fake-relay.js';

let relay: FakeRelay;
let session: Session;
let store: ChatStore;

beforeEach(async () => {
  relay = createFakeRelay();
  session = createSession({
    transport: relay.transport,
    storage: createMemoryStorage(),
    siteId: 'demo',
    newId: () => 'client-1',
    context: () => ({}),
  });
  store = createChatStore(session);
  session.start();
  relay.open();
  relay
    .take('session.hello')
    .reply(welcome({ id: 'c-1', events: [created(), assigned(2), agentMessage(3, 'Hello!')] }));
  await settle();
});
afterEach(() => {
  store.destroy();
  vi.useRealTimers();
});

const push = (event: ReturnType<typeof agentMessage>) =>
  relay.push({ type: 'conversation.event', conversationId: 'c-1', event });

describe('chat store', () => {
  it('turns the log into items: a join line and the agent’s message with its name', () => {
    expect(store.getState().items).toEqual([
      { kind: 'joined', key: 's:2', name: 'Ada Lovelace' },
      expect.objectContaining({
        kind: 'message',
        own: false,
        authorName: 'Ada Lovelace',
        text: 'Hello!',
      }),
    ]);
    expect(store.getState().siteName).toBe('Fernhill Outfitters');
    expect(store.getState().connection).toBe('connected');
  });

  it('counts agent messages that arrive while closed as unread (history does not count)', () => {
    expect(store.getState().unread).toBe(0);
    push(agentMessage(4, 'Are you there?'));
    push(agentMessage(5, 'Hello?'));
    expect(store.getState().unread).toBe(2);
    store.open();
    expect(store.getState().unread).toBe(0);
    push(agentMessage(6, 'Seen while open'));
    expect(store.getState().unread).toBe(0);
  });

  it('shows typing until 6 s pass without a refresh, or the agent’s message arrives', () => {
    vi.useFakeTimers();
    const typing = (on: boolean) =>
      relay.push({
        type: 'typing',
        conversationId: 'c-1',
        role: 'agent',
        name: 'Ada Lovelace',
        typing: on,
      });
    typing(true);
    expect(store.getState().typingName).toBe('Ada Lovelace');
    vi.advanceTimersByTime(TYPING_EXPIRY_MS - 1_000);
    typing(true);
    vi.advanceTimersByTime(TYPING_EXPIRY_MS - 1_000);
    expect(store.getState().typingName).toBe('Ada Lovelace');
    vi.advanceTimersByTime(1_001);
    expect(store.getState().typingName).toBeNull();
    typing(true);
    push(agentMessage(4, 'Here is the answer'));
    expect(store.getState().typingName).toBeNull();
  });

  it('reports the end of the conversation', () => {
    push(closed(4));
    expect(store.getState().ended).toBe(true);
    expect(store.getState().items.at(-1)).toEqual({ kind: 'ended', key: 's:4' });
    store.startNew();
    expect(store.getState().ended).toBe(false);
    expect(store.getState().items).toEqual([]);
  });
});

describe('attention: the preview bubble', () => {
  it('shows the latest agent message that arrives while closed; opening or dismissing clears it', () => {
    expect(store.getState().bubble).toBeNull(); // history is not news
    push(agentMessage(4, 'Are you there?'));
    push(agentMessage(5, 'We ship to Norway.'));
    expect(store.getState().bubble).toEqual(
      expect.objectContaining({
        kind: 'message',
        author: 'Ada Lovelace',
        text: 'We ship to Norway.',
      }),
    );
    store.dismissBubble();
    expect(store.getState().bubble).toBeNull();
    expect(store.getState().unread).toBe(2); // dismissing is not reading
    push(agentMessage(6, 'Hello?'));
    store.open();
    expect(store.getState().bubble).toBeNull();
    push(agentMessage(7, 'Seen while open'));
    expect(store.getState().bubble).toBeNull();
  });
});

describe('attention: proactive greetings', () => {
  const triggers = [
    { id: 'hello', message: 'Questions about sizes?', afterSec: 10 },
    { id: 'pricing', message: 'Need a quote?', afterSec: 2, urlPattern: '/pricing*' },
  ];
  let storage: KeyValueStorage;

  async function visit(pathname: string, conversation: Parameters<typeof welcome>[0] = null) {
    store.destroy();
    vi.useFakeTimers();
    relay = createFakeRelay();
    session = createSession({
      transport: relay.transport,
      storage: createMemoryStorage(),
      siteId: 'demo',
      newId: () => 'client-1',
      context: () => ({}),
    });
    store = createChatStore(session, undefined, { storage, pathname: () => pathname });
    session.start();
    relay.open();
    relay.take('session.hello').reply(welcome(conversation, 'token-1', { ...site, triggers }));
    await vi.advanceTimersByTimeAsync(0);
  }
  beforeEach(() => {
    storage = createMemoryStorage();
  });

  it('greets after the set time on a matching page, once per visitor and trigger', async () => {
    await visit('/pricing/teams');
    await vi.advanceTimersByTimeAsync(1_900);
    expect(store.getState().bubble).toBeNull();
    await vi.advanceTimersByTimeAsync(200);
    expect(store.getState().bubble).toEqual({
      kind: 'greeting',
      key: 'pricing',
      text: 'Need a quote?',
    });
    expect(JSON.parse(storage.getItem('switchboard:demo:greetings') ?? '[]')).toEqual(['pricing']);
    store.dismissBubble();
    // The next trigger waits its turn; a bubble already showing is never replaced by a greeting.
    await vi.advanceTimersByTimeAsync(8_000);
    expect(store.getState().bubble).toEqual(expect.objectContaining({ key: 'hello' }));

    // Next page load, same visitor: nothing again.
    await visit('/pricing');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(store.getState().bubble).toBeNull();
  });

  it('skips pages that do not match', async () => {
    await visit('/about');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(store.getState().bubble).toBeNull();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(store.getState().bubble).toEqual(expect.objectContaining({ key: 'hello' }));
  });

  it('never greets a visitor with an open conversation, nor while the panel is open', async () => {
    await visit('/pricing', { id: 'c-1', events: [created(), assigned(2)] });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(store.getState().bubble).toBeNull();
    expect(storage.getItem('switchboard:demo:greetings')).toBeNull();

    await visit('/pricing');
    store.open();
    await vi.advanceTimersByTimeAsync(60_000);
    store.close();
    expect(store.getState().bubble).toBeNull();
  });
});
