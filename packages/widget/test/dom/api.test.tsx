import { waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHost, type HostApi } from '../../src/app/host.js';
import { createWidget, HOST_ID, type Widget, type WidgetSettings } from '../../src/app/mount.js';
import { createMemoryStorage } from '../../src/client/storage.js';
import { en } from '../../src/i18n/en.js';
import { withViews } from '../../src/i18n/with-views.js';
import {
  ack,
  agentMessage,
  callbackSite,
  callbackStatus,
  closed,
  created,
  createFakeRelay,
  errorReply,
  type FakeRelay,
  settle,
  slotsFrame,
  visitor,
  visitorMessage,
  welcome,
} from '../fake-relay.js';

let relay: FakeRelay;
let storage: ReturnType<typeof createMemoryStorage>;
let created_: WidgetSettings[];
let widgets: Widget[];
let api: HostApi;
let error: ReturnType<typeof vi.spyOn>;
const LOAD = { timeout: 3_000 };

function host(queue: unknown[][] = [], autoBoot = true) {
  api = createHost({
    defaults: { siteId: 'demo', relayUrl: 'https://relay.example' },
    autoBoot,
    queue,
    create(settings) {
      created_.push(settings);
      const widget = createWidget({
        ...settings,
        transport: relay.transport,
        storage,
        channel: null,
        ...(settings.locale ? {} : { strings: withViews(en) }),
      });
      widgets.push(widget);
      return widget;
    },
  });
  return api;
}
const current = () => widgets.at(-1) as Widget;
const ui = () => within(current().shadowRoot?.lastElementChild as HTMLElement);

async function connect(frame = welcome()) {
  relay.open();
  relay.take('session.hello').reply(frame);
  await settle();
}

beforeEach(() => {
  relay = createFakeRelay();
  storage = createMemoryStorage();
  created_ = [];
  widgets = [];
  error = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  api?.('shutdown');
  for (const widget of widgets) widget.destroy();
  vi.restoreAllMocks();
});

describe('Switchboard(...) host API', () => {
  it('replays calls made before load in order; a queued boot wins over the auto-boot', async () => {
    const seen: string[] = [];
    host([
      ['on', 'open', () => seen.push('open')],
      ['on', 'close', () => seen.push('close')],
      ['open'],
      ['boot', { siteId: 'shop', departmentId: 'orders' }],
      ['close'],
      ['open'],
    ]);
    expect(created_).toHaveLength(1);
    expect(created_[0]).toMatchObject({ siteId: 'shop', departmentId: 'orders' });
    // `open` queued before boot was held until the boot, then open, close, open in order.
    expect(seen).toEqual(['open', 'close', 'open']);
    await connect();
    expect(ui().getByRole('dialog', { name: 'Fernhill Outfitters' })).toBeTruthy();
    expect(error).not.toHaveBeenCalled();
  });

  it('auto-boots with the defaults when no boot is queued; manual boot waits', () => {
    host([['open']]);
    expect(created_[0]).toMatchObject({ siteId: 'demo', relayUrl: 'https://relay.example' });
    api('shutdown');
    created_ = [];
    host([], false);
    expect(created_).toHaveLength(0);
    expect(document.getElementById(HOST_ID)).toBeNull();
    api('boot');
    expect(created_).toHaveLength(1);
  });

  it('an unknown command or a bad argument is one console.error naming it; nothing changes', async () => {
    host();
    await connect();
    const emitted = relay.emitted.length;
    expect(() => api('explode', 1)).not.toThrow();
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]?.[0])).toMatch(/^\[Switchboard\] explode: unknown command/);

    const bad: [string, ...unknown[]][] = [
      ['identify', { name: 'Ada' }],
      ['identify', { userId: 'u1', userHash: 'nothex' }],
      ['setAttributes', { email: 'not-an-email' }],
      ['setAttributes', 'Ada'],
      ['setLocale', 42],
      ['startChat', { message: 5 }],
      ['showArticle', ''],
      ['search', { q: 'x' }],
      ['requestCallback', { prefill: { phone: 49 } }],
      ['on', 'nope', () => {}],
      ['on', 'unread', 'not a function'],
      ['off', 'unread'],
      ['boot', { siteId: 7 }],
    ];
    for (const [name, ...args] of bad) {
      error.mockClear();
      expect(() => api(name, ...args)).not.toThrow();
      expect(error, name).toHaveBeenCalledTimes(1);
      expect(String(error.mock.calls[0]?.[0])).toMatch(new RegExp(`^\\[Switchboard\\] ${name}`));
    }
    await settle();
    expect(relay.emitted.length).toBe(emitted);
    expect(ui().queryByRole('dialog')).toBeNull();
  });

  it('on returns an unsubscribe, off removes, a throwing listener does not stop the others', async () => {
    host();
    await connect();
    const a = vi.fn();
    const b = vi.fn();
    const off = api('on', 'open', a) as () => void;
    api('on', 'open', () => {
      throw new Error('boom');
    });
    api('on', 'close', b);
    api('open');
    expect(a).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledTimes(1); // the throwing listener, reported
    off();
    api('off', 'close', b);
    api('close');
    api('open');
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).not.toHaveBeenCalled();
  });

  it('ready fires on the first welcome and replays to late listeners', async () => {
    host();
    const early = vi.fn();
    api('on', 'ready', early);
    expect(early).not.toHaveBeenCalled();
    await connect();
    expect(early).toHaveBeenCalledWith({ visitorId: visitor.id });
    const late = vi.fn();
    api('on', 'ready', late);
    expect(late).toHaveBeenCalledWith({ visitorId: visitor.id });
  });

  it('open, close, toggle, hideLauncher, showLauncher', async () => {
    host();
    await connect();
    const events: string[] = [];
    api('on', 'open', () => events.push('open'));
    api('on', 'close', () => events.push('close'));
    api('toggle');
    await settle();
    expect(ui().getByRole('dialog', { name: 'Fernhill Outfitters' })).toBeTruthy();
    api('close');
    await settle();
    expect(ui().queryByRole('dialog')).toBeNull();
    api('hideLauncher');
    await settle();
    expect(ui().queryByRole('button', { name: 'Open chat' })).toBeNull();
    api('open'); // the panel still opens through the API
    await settle();
    expect(ui().getByRole('dialog', { name: 'Fernhill Outfitters' })).toBeTruthy();
    api('close');
    api('showLauncher');
    await settle();
    expect(ui().getByRole('button', { name: 'Open chat' })).toBeTruthy();
    expect(events).toEqual(['open', 'close', 'open', 'close']);
  });

  it('startChat sends the message; message:sent, conversation:started, message:received, unread, conversation:ended', async () => {
    host();
    await connect();
    const log: [string, unknown][] = [];
    for (const name of [
      'message:sent',
      'conversation:started',
      'message:received',
      'unread',
      'conversation:ended',
    ]) {
      api('on', name, (payload: unknown) => log.push([name, payload]));
    }
    api('startChat', { message: 'Where is my order?' });
    await settle();
    expect(ui().getByRole('dialog', { name: 'Fernhill Outfitters' })).toBeTruthy();
    const send = relay.take('chat.send');
    expect(send.frame.text).toBe('Where is my order?');
    send.reply(ack(send.frame.clientId, 'c-1', 2));
    await settle();
    relay.push({ type: 'conversation.event', conversationId: 'c-1', event: created(1) });
    relay.push({
      type: 'conversation.event',
      conversationId: 'c-1',
      event: visitorMessage(2, send.frame.clientId, 'Where is my order?'),
    });
    await settle();
    api('close');
    relay.push({
      type: 'conversation.event',
      conversationId: 'c-1',
      event: agentMessage(3, 'Hi!'),
    });
    relay.push({ type: 'conversation.event', conversationId: 'c-1', event: closed(4) });
    await settle();
    expect(log).toEqual([
      [
        'message:sent',
        { conversationId: 'c-1', clientId: send.frame.clientId, text: 'Where is my order?' },
      ],
      ['conversation:started', { conversationId: 'c-1' }],
      [
        'message:received',
        {
          conversationId: 'c-1',
          id: 'm-3',
          text: 'Hi!',
          author: { name: 'Ada Lovelace', role: 'agent' },
          at: expect.any(Number),
        },
      ],
      ['unread', { count: 1 }],
      ['conversation:ended', { conversationId: 'c-1', reason: 'ended' }],
    ]);
    api('open');
    expect(log.at(-1)).toEqual(['unread', { count: 0 }]);
  });

  it('history from the welcome is not announced as new', async () => {
    host();
    const received = vi.fn();
    api('on', 'message:received', received);
    await connect(welcome({ id: 'c-1', events: [created(1), agentMessage(2, 'Earlier')] }));
    expect(received).not.toHaveBeenCalled();
  });

  it('identify sends visitor.identify with resume and applies the fresh welcome', async () => {
    host();
    await connect(welcome({ id: 'c-1', events: [created(1), visitorMessage(2, 'x1', 'hello')] }));
    api('identify', { userId: 'u_42', userHash: 'a'.repeat(64), name: 'Ada' });
    const request = relay.take('visitor.identify');
    expect(request.frame).toEqual({
      type: 'visitor.identify',
      userId: 'u_42',
      userHash: 'a'.repeat(64),
      name: 'Ada',
      resume: { conversationId: 'c-1', afterSeq: 2 },
    });
    request.reply({ ...welcome(null, 'token-2'), visitor: { id: 'v-42', name: 'Ada' } });
    await settle();
    expect(storage.getItem('switchboard:demo:session')).toBe('token-2');
    expect(current().session?.getState().visitor?.id).toBe('v-42');
    // Another visitor: the anonymous conversation is not theirs.
    expect(current().session?.getState().conversation).toBeNull();
  });

  it('a rejected identify is one console.error and changes nothing', async () => {
    host();
    await connect();
    api('identify', { userId: 'u_42', userHash: 'b'.repeat(64) });
    relay.take('visitor.identify').reply(errorReply('IDENTITY_REJECTED'));
    await settle();
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]?.[0])).toMatch(/^\[Switchboard\] identify:/);
    expect(storage.getItem('switchboard:demo:session')).toBe('token-1');
    expect(current().session?.getState().visitor?.id).toBe(visitor.id);
  });

  it('boot with user identifies right after the welcome', async () => {
    host([['boot', { user: { userId: 'u_7' } }]]);
    await connect();
    expect(relay.take('visitor.identify').frame).toMatchObject({ userId: 'u_7' });
  });

  it('setAttributes sends visitor.update', async () => {
    host();
    await connect();
    api('setAttributes', { email: 'ada@example.com', attributes: { plan: 'pro' } });
    await settle();
    const update = relay.take('visitor.update');
    expect(update.frame).toEqual({
      type: 'visitor.update',
      email: 'ada@example.com',
      attributes: { plan: 'pro' },
    });
    update.reply({ type: 'ok' });
    await settle();
    expect(error).not.toHaveBeenCalled();
  });

  it('setLocale switches the language; ar lays out right to left; hello carries the locale', async () => {
    host([['setLocale', 'ar-EG']]);
    const root = () => current().shadowRoot?.querySelector('.root');
    await waitFor(() => expect(root()?.getAttribute('dir')).toBe('rtl'), LOAD);
    expect(root()?.getAttribute('lang')).toBe('ar-EG');
    relay.open();
    expect(relay.take('session.hello').frame).toMatchObject({ locale: 'ar-EG' });
    api('setLocale', 'pt-BR'); // no catalog: English
    await waitFor(() => expect(root()?.getAttribute('dir')).toBe('ltr'), LOAD);
    expect(root()?.getAttribute('lang')).toBe('en');
  });

  it('showArticle and search open the panel on help', async () => {
    host();
    await connect();
    api('showArticle', 'return-an-item');
    await settle();
    expect(ui().getByRole('dialog', { name: 'Fernhill Outfitters' })).toBeTruthy();
    await waitFor(() =>
      expect(relay.take('article.open').frame).toMatchObject({
        articleId: 'return-an-item',
        source: 'api',
      }),
    );
    api('close');
    api('search', 'refund');
    await settle();
    expect(ui().getByRole('dialog')).toBeTruthy();
    await waitFor(
      () => expect(relay.take('faq.search').frame).toMatchObject({ query: 'refund' }),
      LOAD,
    );
  });

  it('requestCallback opens the form prefilled; callback:requested on its answer', async () => {
    host();
    await connect(welcome(null, 'token-1', callbackSite()));
    const requested = vi.fn();
    api('on', 'callback:requested', requested);
    api('requestCallback', {
      prefill: { name: 'Ada Lovelace', phone: '+4915123456789', note: 'About order 1042' },
    });
    await ui().findByRole('heading', { name: 'Request a call back' }, LOAD);
    await waitFor(() => relay.take('callback.availability').reply(slotsFrame()));
    await settle();
    expect((ui().getByRole('textbox', { name: 'Your name' }) as HTMLInputElement).value).toBe(
      'Ada Lovelace',
    );
    expect((ui().getByRole('textbox', { name: /phone/i }) as HTMLInputElement).value).toBe(
      '+4915123456789',
    );
    expect(ui().getByDisplayValue('About order 1042')).toBeTruthy();
    void current().session?.requestCallback({ phone: '+4915123456789', consent: true } as never);
    await settle();
    relay.take('callback.request').reply(callbackStatus());
    await settle();
    expect(requested).toHaveBeenCalledWith({
      reference: 'CB-7K3Q',
      window: callbackStatus().callback.window,
    });
  });

  it('shutdown removes the widget and forgets the session; boot starts a fresh anonymous one', async () => {
    host();
    await connect(welcome({ id: 'c-1', events: [created(1)] }));
    const ready = vi.fn();
    api('on', 'ready', ready);
    storage.setItem('switchboard:demo:outbox', '[]');
    api('shutdown');
    expect(document.getElementById(HOST_ID)).toBeNull();
    expect(storage.getItem('switchboard:demo:session')).toBeNull();
    expect(storage.getItem('switchboard:demo:outbox')).toBeNull();
    api('open'); // held until the next boot
    api('boot');
    await settle();
    expect(relay.connects.at(-1)).toEqual({});
    expect(ui().getByRole('dialog')).toBeTruthy();
    await connect(welcome(null, 'token-9'));
    expect(ready).toHaveBeenCalledTimes(2); // once replayed, once for the new session
  });
});

describe('createWidget (npm)', () => {
  it('destroy removes every trace: host element and window listeners', async () => {
    const listeners: [string, unknown][] = [];
    const realAdd = window.addEventListener.bind(window);
    const realRemove = window.removeEventListener.bind(window);
    vi.spyOn(window, 'addEventListener').mockImplementation(((
      type: string,
      fn: never,
      o: never,
    ) => {
      listeners.push([type, fn]);
      realAdd(type, fn, o);
    }) as never);
    vi.spyOn(window, 'removeEventListener').mockImplementation(((
      type: string,
      fn: never,
      o: never,
    ) => {
      const i = listeners.findIndex(([t, f]) => t === type && f === fn);
      if (i !== -1) listeners.splice(i, 1);
      realRemove(type, fn, o);
    }) as never);
    const widget = createWidget({
      siteId: 'demo',
      relayUrl: 'https://relay.example',
      transport: relay.transport,
      storage,
      channel: null,
      strings: withViews(en),
    });
    relay.open();
    relay.take('session.hello').reply(welcome());
    await settle();
    widget.open();
    widget.destroy();
    expect(document.body.querySelector(`#${HOST_ID}`)).toBeNull();
    expect(listeners).toEqual([]);
    expect(relay.connected).toBe(false);
    // The stored session stays.
    expect(storage.getItem('switchboard:demo:session')).toBe('token-1');
  });

  it('without a siteId it logs once and returns an inert widget', () => {
    const widget = createWidget({} as WidgetSettings);
    expect(error).toHaveBeenCalledTimes(1);
    expect(widget.shadowRoot).toBeNull();
    expect(() => widget.open()).not.toThrow();
    expect(typeof widget.on('ready', () => {})).toBe('function');
  });
});
