import type { ConversationEvent, SessionWelcome } from '@switchboard/shared';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSession, loadSessionFeatures, type Session } from '../../src/client/session.js';
import type { PageRouting } from '../../src/client/session-types.js';
import { createMemoryStorage } from '../../src/client/storage.js';
import { type ChatStore, createChatStore, loadStoreFeatures } from '../../src/store/chat-store.js';
import { checkPrechat } from '../../src/store/prechat.js';
import type { AlternativeChoice } from '../../src/store/types.js';
import {
  ack,
  agentMessage,
  assigned,
  closed,
  created,
  createFakeRelay,
  deferred,
  errorReply,
  type FakeRelay,
  joined,
  prechatSite,
  queued,
  queueStatus,
  redacted,
  settle,
  summary,
  transferredTo,
  visitorMessage,
  welcome,
} from '../fake-relay.js';

// "Leave a message" is a lazy session command, the pre-chat check a lazy part of the store: the app
// prefetches both at idle with the views that use them. Loaded before the tests.
beforeAll(async () => {
  await loadSessionFeatures();
  await loadStoreFeatures();
});

const PRECHAT_KEY = 'switchboard:demo:prechat';

let relay: FakeRelay;
let storage: ReturnType<typeof createMemoryStorage>;
let session: Session;
let store: ChatStore;
let ids: number;
const logger = { warn: vi.fn(), error: vi.fn() };

function start(routing?: PageRouting, on = relay): { session: Session; store: ChatStore } {
  const s = createSession({
    transport: on.transport,
    storage,
    siteId: 'demo',
    newId: () => `client-${++ids}`,
    context: () => ({}),
    logger,
    ...(routing ? { routing } : {}),
  });
  return { session: s, store: createChatStore(s) };
}

async function connect(frame: SessionWelcome, routing?: PageRouting) {
  ({ session, store } = start(routing));
  session.start();
  relay.open();
  relay.take('session.hello').reply(frame);
  await settle();
}

const push = (event: ConversationEvent, conversationId = 'c-1') =>
  relay.push({ type: 'conversation.event', conversationId, event });

beforeEach(() => {
  relay = createFakeRelay();
  storage = createMemoryStorage();
  ids = 0;
  logger.warn.mockReset();
  logger.error.mockReset();
});
afterEach(() => {
  store?.destroy();
});

describe('queue status', () => {
  beforeEach(async () => {
    await connect(welcome({ id: 'c-1', events: [created(), visitorMessage(2, 'x', 'Hello')] }));
  });

  it('follows queue.status live: place in line and wait, gone once an agent has it', () => {
    expect(store.getState().queue).toBeNull();
    relay.push(queueStatus('c-1', { position: 2, estimatedWaitSec: 150 }));
    expect(store.getState().queue).toEqual({ position: 2, estimatedWaitSec: 150 });
    relay.push(queueStatus('c-1', { position: 1, estimatedWaitSec: null }));
    expect(store.getState().queue).toEqual({ position: 1, estimatedWaitSec: null });
    relay.push(queueStatus('c-1', { position: null }));
    expect(store.getState().queue).toBeNull();
  });

  it('drops the place in line when an agent takes the conversation, and a stale one after a requeue', () => {
    relay.push(queueStatus('c-1', { position: 1 }));
    push(assigned(3));
    expect(store.getState().queue).toBeNull();
    // The agent's connection stayed lost: back in line, but the old position is not shown again.
    push(queued(4, 'agent_lost'));
    expect(store.getState().queue).toBeNull();
    expect(store.getState().items.at(-1)).toEqual({ kind: 'requeued', key: 's:4' });
    relay.push(queueStatus('c-1', { position: 1, estimatedWaitSec: 20 }));
    expect(store.getState().queue).toEqual({ position: 1, estimatedWaitSec: 20 });
  });

  it('ignores a queue.status for another conversation', () => {
    relay.push(queueStatus('c-other', { position: 1 }));
    expect(store.getState().queue).toBeNull();
  });

  it('offers alternatives, with the reason: closed (and when it opens), nobody online, busy', () => {
    relay.push(
      queueStatus('c-1', {
        open: false,
        agentsOnline: 0,
        estimatedWaitSec: null,
        nextOpenAt: 1_700_000_000_000,
        alternatives: ['message', 'callback'],
      }),
    );
    expect(store.getState().alternatives).toEqual({
      reason: 'closed',
      nextOpenAt: 1_700_000_000_000,
      message: true,
      faq: false,
      callback: true,
    });
    relay.push(queueStatus('c-1', { agentsOnline: 0, alternatives: ['message'] }));
    expect(store.getState().alternatives).toMatchObject({ reason: 'offline', nextOpenAt: null });
    relay.push(queueStatus('c-1', { estimatedWaitSec: 1_800, alternatives: ['message', 'faq'] }));
    expect(store.getState().alternatives).toMatchObject({
      reason: 'busy',
      message: true,
      faq: true,
      callback: false,
    });
    relay.push(queueStatus('c-1', { alternatives: [] }));
    expect(store.getState().alternatives).toBeNull();
  });

  it('"Leave a message" sends conversation.defer; on ok the thanks replace the queue card', async () => {
    relay.push(queueStatus('c-1', { agentsOnline: 0, alternatives: ['message'] }));
    store.defer();
    store.defer(); // a double click sends one request
    const request = relay.take('conversation.defer');
    expect(relay.pending).toEqual([]);
    expect(request.frame).toEqual({ type: 'conversation.defer', conversationId: 'c-1' });
    expect(store.getState().deferred).toBe(false);
    request.reply({ type: 'ok' });
    await settle();
    expect(store.getState()).toMatchObject({ deferred: true, queue: null, alternatives: null });
    // The relay's event changes nothing visible: no line in the conversation.
    const before = store.getState().items;
    push(deferred(3));
    expect(store.getState().items).toEqual(before);
    expect(store.getState().deferred).toBe(true);
    // Later an agent answers in the same conversation: the thanks go.
    push(assigned(4));
    expect(store.getState().deferred).toBe(false);
  });

  it('keeps the card when the relay refuses to defer', async () => {
    relay.push(queueStatus('c-1', { agentsOnline: 0, alternatives: ['message'] }));
    store.defer();
    relay.take('conversation.defer').reply(errorReply('NOT_FOUND'));
    await settle();
    expect(store.getState().deferred).toBe(false);
    expect(store.getState().queue).not.toBeNull();
    expect(logger.warn).toHaveBeenCalled();
  });

  it('hands FAQ and callback choices to listeners, with the conversation', () => {
    const choices: AlternativeChoice[] = [];
    store.onAlternative((choice) => choices.push(choice));
    store.chooseAlternative('faq');
    store.chooseAlternative('callback');
    expect(choices).toEqual([
      { kind: 'faq', conversationId: 'c-1' },
      { kind: 'callback', conversationId: 'c-1' },
    ]);
    expect(relay.pending).toEqual([]);
  });
});

describe('a deferred conversation after a reload', () => {
  it('shows the thanks, not the queue, when the welcome says the visitor left a message', async () => {
    const frame = welcome({ id: 'c-1', events: [created(), deferred(2)] });
    if (frame.conversation) frame.conversation.summary = { ...summary('c-1', 2), mode: 'message' };
    await connect(frame);
    relay.push(queueStatus('c-1', { position: 3 }));
    expect(store.getState()).toMatchObject({ deferred: true, queue: null });
  });
});

describe('routing events in the log', () => {
  beforeEach(async () => {
    await connect(welcome({ id: 'c-1', events: [created(), assigned(2)] }));
  });

  it('redacted carries nothing but advances lastSeq: the log stays contiguous, no sync', () => {
    push(redacted(3));
    push(agentMessage(4, 'Still there?'));
    expect(session.getState().conversation?.lastSeq).toBe(4);
    expect(relay.pending).toEqual([]);
    expect(store.getState().items.map((i) => i.kind)).toEqual(['joined', 'message']);
  });

  it('shows transfers by name (never a note), joins, a lost agent and an abandoned end', () => {
    push(transferredTo(3, 'department', 'VIP: refund already promised'));
    push(queued(4, 'transferred'));
    push(assigned(5));
    push(transferredTo(6, 'agent'));
    push(joined(7));
    push(closed(8));
    const items = store.getState().items;
    expect(items).toEqual([
      { kind: 'joined', key: 's:2', name: 'Ada Lovelace' },
      { kind: 'transferred', key: 's:3', to: 'Technical support' },
      { kind: 'joined', key: 's:5', name: 'Ada Lovelace' },
      { kind: 'transferred', key: 's:6', to: 'Grace Hopper' },
      { kind: 'joined', key: 's:7', name: 'Grace Hopper' },
      { kind: 'ended', key: 's:8' },
    ]);
    expect(JSON.stringify(items)).not.toContain('VIP');
  });

  it('an abandoned close ends the conversation as any other', () => {
    push({
      type: 'conversation.closed',
      seq: 3,
      at: 3,
      by: { role: 'system', id: 'relay', name: 'Switchboard' },
      reason: 'abandoned',
      waitMs: 60_000,
    });
    expect(store.getState().ended).toBe(true);
    expect(store.getState().items.at(-1)).toEqual({ kind: 'ended', key: 's:3' });
  });
});

describe('pre-chat form', () => {
  it('shows when the site has one and nothing is open; required fields block sending', async () => {
    await connect(welcome(null, 'token-1', prechatSite()));
    expect(store.getState().prechat?.fields.map((f) => f.name)).toEqual(['name', 'email', 'topic']);
    expect(store.send('Hi', { name: ' ', email: 'nope' })).toEqual({
      name: 'required',
      email: 'invalid',
      topic: 'required',
    });
    expect(relay.pending).toEqual([]);
    expect(session.getState().pending).toEqual([]);
  });

  it('sends the answers with the first message only, and remembers them', async () => {
    await connect(welcome(null, 'token-1', prechatSite()));
    expect(store.send('My parcel is late', { name: ' Ada ', email: '', topic: 'orders' })).toBe(
      null,
    );
    expect(JSON.parse(storage.getItem(PRECHAT_KEY) ?? 'null')).toEqual({
      name: 'Ada',
      topic: 'orders',
    });
    expect(store.getState().prechat).toBeNull();
    const first = relay.take('chat.send');
    expect(first.frame).toMatchObject({
      text: 'My parcel is late',
      prechat: { name: 'Ada', topic: 'orders' },
    });
    expect(first.frame.conversationId).toBeUndefined();
    first.reply(ack(first.frame.clientId, 'c-1', 2));
    await settle();
    store.send('Order 1234');
    const second = relay.take('chat.send');
    expect(second.frame.conversationId).toBe('c-1');
    expect(second.frame.prechat).toBeUndefined();

    // A returning visitor (new page, same storage) is not asked again.
    const again = createFakeRelay();
    const next = start(undefined, again);
    next.session.start();
    again.open();
    again.take('session.hello').reply(welcome(null, 'token-1', prechatSite()));
    await settle();
    expect(next.store.getState().prechat).toBeNull();
    next.store.destroy();
  });

  it('keeps the composer usable when nothing is required: empty answers send no prechat', async () => {
    await connect(
      welcome(
        null,
        'token-1',
        prechatSite([
          { name: 'name', required: false },
          { name: 'topic', required: false },
        ]),
      ),
    );
    expect(store.send('Hello', { name: '', topic: '' })).toBeNull();
    expect(relay.take('chat.send').frame.prechat).toBeUndefined();
    expect(store.getState().prechat).toBeNull();
  });

  it('is not shown while a conversation is open, nor on a site without one', async () => {
    await connect(welcome({ id: 'c-1', events: [created()] }, 'token-1', prechatSite()));
    expect(store.getState().prechat).toBeNull();
    push(closed(2));
    expect(store.getState().prechat).not.toBeNull();
    store.destroy();
    relay = createFakeRelay();
    await connect(welcome(null));
    expect(store.getState().prechat).toBeNull();
  });
});

describe('checkPrechat', () => {
  const form = prechatSite([
    { name: 'name', required: false },
    { name: 'email', required: true },
    { name: 'topic', required: false },
  ]).prechat as NonNullable<ReturnType<typeof prechatSite>['prechat']>;

  it.each([
    [{ email: 'ada@example.com' }, { answers: { email: 'ada@example.com' }, errors: null }],
    [{ email: '' }, { answers: null, errors: { email: 'required' } }],
    [{ email: 'ada@example' }, { answers: null, errors: { email: 'invalid' } }],
    [
      { email: 'a@b.co', topic: 'billing' },
      { answers: null, errors: { topic: 'required' } },
    ],
    [
      { name: '  Ada  ', email: ' a@b.co ', topic: 'tech' },
      { answers: { name: 'Ada', email: 'a@b.co', topic: 'tech' }, errors: null },
    ],
  ])('%j -> %j', (input, expected) => {
    expect(checkPrechat(form, input)).toEqual(expected);
  });
});

describe('department and priority chosen by the page', () => {
  it('go with the first message of each new conversation, not with later ones', async () => {
    await connect(welcome(null), { departmentId: 'tech', priority: 7 });
    store.send('Hi');
    const first = relay.take('chat.send');
    expect(first.frame).toMatchObject({ departmentId: 'tech', priority: 7 });
    first.reply(ack(first.frame.clientId, 'c-1', 2));
    await settle();
    store.send('More');
    const second = relay.take('chat.send');
    expect(second.frame.departmentId).toBeUndefined();
    expect(second.frame.priority).toBeUndefined();
    second.reply(ack(second.frame.clientId, 'c-1', 3));
    await settle();
    push(created(1));
    push(visitorMessage(2, first.frame.clientId, 'Hi'));
    push(visitorMessage(3, second.frame.clientId, 'More'));
    push(closed(4));
    store.startNew();
    store.send('Another question');
    expect(relay.take('chat.send').frame).toMatchObject({ departmentId: 'tech', priority: 7 });
  });
});
