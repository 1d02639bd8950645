import type { SessionWelcome } from '@switchboard/shared';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSession, loadSessionFeatures, type Session } from '../../src/client/session.js';
import type { PageRouting } from '../../src/client/session-types.js';
import { createMemoryStorage } from '../../src/client/storage.js';
import { type ChatStore, createChatStore } from '../../src/store/chat-store.js';
import {
  AT,
  callbackSite,
  callbackStatus,
  callbackView,
  created,
  createFakeRelay,
  errorReply,
  type FakeRelay,
  SLOTS,
  settle,
  slotsFrame,
  visitorMessage,
  welcome,
} from '../fake-relay.js';

let relay: FakeRelay;
let session: Session;
let store: ChatStore;
let ids: number;
const logger = { warn: vi.fn(), error: vi.fn() };
const storage = createMemoryStorage();

function withCallbacks(frame: SessionWelcome, callbacks = [callbackView()]): SessionWelcome {
  return { ...frame, callbacks };
}

async function connect(frame: SessionWelcome, routing?: PageRouting) {
  session = createSession({
    transport: relay.transport,
    storage,
    siteId: 'demo',
    newId: () => `client-${++ids}`,
    context: () => ({}),
    logger,
    ...(routing ? { routing } : {}),
  });
  store = createChatStore(session);
  session.start();
  relay.open();
  relay.take('session.hello').reply(frame);
  await settle();
}

const request = {
  name: 'Ada Lovelace',
  phone: '+493012345678',
  window: SLOTS[0] ?? null,
  consent: true as const,
};

// The callback and FAQ commands are a lazy chunk the app prefetches at idle: loaded before the tests.
beforeAll(async () => {
  await loadSessionFeatures();
});

beforeEach(() => {
  relay = createFakeRelay();
  storage.data.clear();
  ids = 0;
});
afterEach(() => store?.destroy());

describe('the callback card', () => {
  it('shows the callback from the welcome and follows callback.status pushes', async () => {
    await connect(withCallbacks(welcome(null, 'token-1', callbackSite())));
    expect(store.getState().callbackCard).toMatchObject({
      reference: 'CB-7K3Q',
      status: 'scheduled',
    });

    relay.push(callbackStatus({ status: 'calling', updatedAt: AT + 1_000 }));
    expect(store.getState().callbackCard?.status).toBe('calling');
    relay.push(callbackStatus({ status: 'missed', attempts: 3, updatedAt: AT + 2_000 }));
    expect(store.getState().callbackCard).toMatchObject({ status: 'missed', attempts: 3 });
    // An older state arriving late (an answer crossing a push) does not win.
    relay.push(callbackStatus({ status: 'scheduled', updatedAt: AT + 1_500 }));
    expect(store.getState().callbackCard?.status).toBe('missed');
  });

  it('prefers an open callback over a newer finished one, and a reconnect replaces the list', async () => {
    const done = callbackView({ id: 'cb-2', reference: 'CB-2222', status: 'completed' });
    await connect(withCallbacks(welcome(null, 'token-1', callbackSite()), [done, callbackView()]));
    expect(store.getState().callbackCard?.reference).toBe('CB-7K3Q');
    relay.drop();
    relay.open();
    relay.take('session.hello').reply(withCallbacks(welcome(null), []));
    await settle();
    expect(store.getState().callbackCard).toBeNull();
  });

  it('cancel and reschedule send the right frames and show the answer', async () => {
    await connect(withCallbacks(welcome(null, 'token-1', callbackSite())));
    const cancelled = store.cancelCallback('cb-1');
    const cancel = relay.take('callback.cancel');
    expect(cancel.frame).toEqual({ type: 'callback.cancel', callbackId: 'cb-1' });
    cancel.reply(callbackStatus({ status: 'cancelled', updatedAt: Date.UTC(2025, 11, 1) }));
    expect(await cancelled).toMatchObject({ ok: true, callback: { status: 'cancelled' } });
    expect(store.getState().callbackCard?.status).toBe('cancelled');

    const moved = store.rescheduleCallback('cb-1', SLOTS[2] ?? null);
    const reschedule = relay.take('callback.reschedule');
    expect(reschedule.frame).toEqual({
      type: 'callback.reschedule',
      callbackId: 'cb-1',
      window: SLOTS[2],
    });
    reschedule.reply(errorReply('CALLBACK_CLOSED'));
    expect(await moved).toEqual({
      ok: false,
      error: { code: 'CALLBACK_CLOSED', message: 'CALLBACK_CLOSED' },
    });
    expect(store.getState().callbackCard?.status).toBe('cancelled');
  });

  it('a cancel without a connection says so instead of waiting forever', async () => {
    await connect(withCallbacks(welcome(null, 'token-1', callbackSite())));
    relay.drop();
    expect(await store.cancelCallback('cb-1')).toMatchObject({
      ok: false,
      error: { code: 'OFFLINE' },
    });
  });
});

describe('asking for a callback', () => {
  it('asks for slots of the topic and the page’s department', async () => {
    await connect(welcome(null, 'token-1', callbackSite()), { departmentId: 'orders' });
    const result = store.callbackSlots('tech');
    const asked = relay.take('callback.availability');
    expect(asked.frame).toEqual({
      type: 'callback.availability',
      topic: 'tech',
      departmentId: 'orders',
    });
    asked.reply(slotsFrame(false));
    expect(await result).toMatchObject({ ok: true, slots: { asap: false, slots: SLOTS } });
  });

  it('resends an unanswered request with the same clientId after a reconnect, once', async () => {
    await connect(welcome(null, 'token-1', callbackSite()));
    const result = store.requestCallback({ ...request, conversationId: 'c-1' });
    // Asking again while the first is on its way sends nothing new.
    const again = store.requestCallback(request);
    const first = relay.take('callback.request');
    expect(relay.pending.filter((r) => r.frame.type === 'callback.request')).toHaveLength(0);
    expect(first.frame).toMatchObject({ ...request, conversationId: 'c-1', clientId: 'client-1' });

    relay.drop(); // the answer is lost with the connection
    relay.open();
    relay.take('session.hello').reply(welcome(null, 'token-1', callbackSite()));
    await settle();
    const resent = relay.take('callback.request');
    expect(resent.frame.clientId).toBe('client-1');
    resent.reply(callbackStatus());
    // The relay may also push the same status: still one callback.
    relay.push(callbackStatus());

    expect(await result).toMatchObject({ ok: true, callback: { reference: 'CB-7K3Q' } });
    expect(await again).toEqual(await result);
    expect(session.getState().callbacks).toHaveLength(1);
    expect(relay.emitted.filter((f) => f.type === 'callback.request')).toHaveLength(2);

    // A new request afterwards is a new clientId.
    void store.requestCallback(request);
    expect(relay.take('callback.request').frame.clientId).not.toBe('client-1');
  });

  it('a request made offline goes out after the welcome', async () => {
    await connect(welcome(null, 'token-1', callbackSite()));
    relay.drop();
    const result = store.requestCallback(request);
    expect(relay.pending).toHaveLength(0);
    relay.open();
    relay.take('session.hello').reply(welcome(null, 'token-1', callbackSite()));
    await settle();
    relay.take('callback.request').reply(callbackStatus());
    expect((await result).ok).toBe(true);
  });

  it('a refusal settles the request with its code, and the next one may go', async () => {
    await connect(welcome(null, 'token-1', callbackSite()));
    const result = store.requestCallback(request);
    relay.take('callback.request').reply(errorReply('INVALID_PHONE'));
    expect(await result).toMatchObject({ ok: false, error: { code: 'INVALID_PHONE' } });
    void store.requestCallback(request);
    expect(relay.take('callback.request').frame.clientId).toBe('client-2');
  });
});

describe('the callback form', () => {
  it('"Request a call back" from the queue opens it prefilled and linked to the conversation', async () => {
    storage.setItem('switchboard:demo:prechat', JSON.stringify({ name: 'Ada', topic: 'orders' }));
    await connect(
      welcome(
        { id: 'c-1', events: [created(), visitorMessage(2, 'x', 'Hello')] },
        'token-1',
        callbackSite(),
      ),
    );
    const choices: unknown[] = [];
    store.onAlternative((c) => choices.push(c));
    store.chooseAlternative('callback');
    expect(store.getState().callbackForm).toEqual({
      mode: 'request',
      conversationId: 'c-1',
      name: 'Ada',
      topic: 'orders',
    });
    expect(choices).toEqual([{ kind: 'callback', conversationId: 'c-1' }]);
    store.closeCallback();
    expect(store.getState().callbackForm).toBeNull();
  });

  it('"Change time" opens the slot picker for that callback; no form without site.callback', async () => {
    await connect(withCallbacks(welcome(null, 'token-1', callbackSite())));
    store.changeCallbackTime('cb-1');
    expect(store.getState().callbackForm).toMatchObject({
      mode: 'reschedule',
      callback: { id: 'cb-1' },
    });
    store.destroy();
    relay = createFakeRelay();
    await connect(welcome(null));
    store.openCallback();
    expect(store.getState().callback).toBeNull();
    expect(store.getState().callbackForm).toBeNull();
  });
});
