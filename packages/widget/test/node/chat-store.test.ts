import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSession, type Session } from '../../src/client/session.js';
import { createMemoryStorage } from '../../src/client/storage.js';
import { type ChatStore, createChatStore, TYPING_EXPIRY_MS } from '../../src/store/chat-store.js';
import {
  agentMessage,
  assigned,
  closed,
  created,
  createFakeRelay,
  type FakeRelay,
  settle,
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
