import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSession, loadSessionFeatures, type Session } from '../../src/client/session.js';
import { createMemoryStorage } from '../../src/client/storage.js';
import { type ChatStore, createChatStore, loadStoreFeatures } from '../../src/store/chat-store.js';
import {
  callbackSite,
  createFakeRelay,
  type FakeRelay,
  prechatSite,
  settle,
  welcome,
} from '../fake-relay.js';

// The store's lazy parts (survey, FAQ, callback form, pre-chat check) are NOT loaded up front here:
// this file checks what happens before they arrive (the app prefetches them at idle). Once loaded
// they stay loaded: the second test takes a fresh module.

let relay: FakeRelay;
let session: Session;
let store: ChatStore;

async function start(site = callbackSite(), create = createChatStore) {
  relay = createFakeRelay();
  session = createSession({
    transport: relay.transport,
    storage: createMemoryStorage(),
    siteId: 'demo',
    newId: () => 'client-1',
    context: () => ({ locale: 'en-GB' }),
  });
  store = create(session);
  session.start();
  relay.open();
  relay.take('session.hello').reply(welcome(null, 'token-1', site));
  await settle();
}

afterEach(() => {
  store?.destroy();
  session?.stop();
});

describe('the store before its lazy parts arrive', () => {
  it('queues FAQ and callback-form actions, then replays them in order once they arrive', async () => {
    await start();
    store.showSearch('refund');
    store.openCallback({ name: 'Ada' });
    store.closeCallback();
    store.openCallback({ phone: '+44 20 7946 0000' });
    expect(store.getState().faq.helpOpen).toBe(false);
    expect(store.getState().callbackForm).toBeNull();
    await loadStoreFeatures();
    await loadSessionFeatures();
    await settle();
    const state = store.getState();
    expect(state.faq).toMatchObject({ helpOpen: true, query: 'refund' });
    expect(state.callbackForm).toEqual({ mode: 'request', phone: '+44 20 7946 0000' });
    expect(relay.pending.some((r) => r.frame.type === 'faq.search')).toBe(true);
  });

  it('refuses a send while the pre-chat form cannot be checked yet, keeping nothing sent', async () => {
    // A fresh store module: its lazy parts not loaded yet.
    vi.resetModules();
    const fresh = await import('../../src/store/chat-store.js');
    await start(prechatSite(), fresh.createChatStore);
    expect(store.getState().prechat).not.toBeNull();
    // Refused (the composer keeps the text), with no error shown against any field.
    expect(store.send('Hello', { name: 'Ada', topic: 'orders' })).toEqual({});
    expect(relay.pending.some((r) => r.frame.type === 'chat.send')).toBe(false);
    await fresh.loadStoreFeatures();
    expect(store.send('Hello', {})).toEqual({ name: 'required', topic: 'required' });
  });
});
