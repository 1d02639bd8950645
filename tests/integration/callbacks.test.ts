import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Callback,
  CallbackList,
  CallbackSlots,
  CallbackStatusFrame,
  ChatAck,
  CustomerConversations,
  ErrorFrame,
  WebhookDeliveries,
  WebhookPayload,
} from '@switchboard/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey, verifySignature } from '../../packages/server/src/index.js';
import { freePort } from './helpers/cli.js';
import {
  agentSession,
  clientId,
  closeAllSockets,
  framesOf,
  request,
  settle,
  visitorSession,
  waitForFrame,
} from './helpers/clients.js';
import { startRelay, type TestRelay } from './helpers/relay.js';
import { configuredAgent, PASSWORD } from './helpers/routing.js';

afterEach(closeAllSockets);

const SECRET = 'whsec-integration-test';
const API_KEY = 'sbk_integration-test-key';
/** Calling hours round the clock, so the test does not depend on when it runs. */
const ALWAYS = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, open: '00:00', close: '24:00' }));

/** A webhook receiver: answers 500 to the first POST, then 204. */
interface Receiver {
  url: string;
  requests: Array<{ headers: IncomingHttpHeaders; body: string; at: number }>;
  server: Server;
}

async function startReceiver(listenOn = 0): Promise<Receiver> {
  const requests: Receiver['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      res.writeHead(requests.length === 1 ? 500 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(listenOn, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, requests, server };
}

async function until<T>(check: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let relay: TestRelay;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  relay = await startRelay(
    {
      agents: [
        await configuredAgent('maya@example.com', 'Maya', { departmentIds: ['orders'] }),
        await configuredAgent('priya@example.com', 'Priya', {
          role: 'supervisor',
          departmentIds: ['orders'],
        }),
      ],
      departments: [{ id: 'orders', name: 'Orders', timeZone: 'Europe/Berlin' }],
      sites: [
        {
          id: 'demo',
          name: 'Fernhill Outfitters',
          callback: {
            consentText: 'Fernhill Outfitters may call you on this number.',
            defaultCountry: 'DE',
            hours: ALWAYS,
            capacityPerSlot: 1,
            rateLimits: { perVisitorPerHour: 5, perIpPerHour: 1_000, perNumberPerDay: 3 },
          },
        },
      ],
      webhooks: [{ url: receiver.url, secretEnv: 'TEST_WEBHOOK_SECRET' }],
      apiKeys: [{ name: 'crm', keyHash: hashApiKey(API_KEY) }],
      // One visitor books callbacks to five numbers to show the per-visitor hourly limit.
      limits: { openConversationsPerVisitor: 10 },
    },
    { env: { TEST_WEBHOOK_SECRET: SECRET }, webhookBackoffMs: [200, 200, 200] },
  );
});
afterAll(async () => {
  await relay.close();
  await new Promise((resolve) => receiver.server.close(resolve));
});

const login = (email: string) => agentSession(relay.url, { email, password: PASSWORD });
const visitor = () =>
  visitorSession(relay.url, { hello: { locale: 'de-DE', timeZone: 'Europe/Berlin' } });
const ask = (socket: Parameters<typeof request>[0], fields: Record<string, unknown>) =>
  request<CallbackStatusFrame | ErrorFrame>(socket, {
    type: 'callback.request',
    clientId: clientId(),
    name: 'Ada Lovelace',
    window: null,
    consent: true,
    ...fields,
  });

describe('call me back', () => {
  it('visitor asks, the agent claims, no answer schedules the next attempt; the visitor sees it live', async () => {
    const maya = await login('maya@example.com');
    const { socket, welcome } = await visitor();
    expect(welcome.site.callback).toEqual({
      consentText: 'Fernhill Outfitters may call you on this number.',
      defaultCountry: 'DE',
    });
    const slots = await request<CallbackSlots>(socket, { type: 'callback.availability' });
    expect(slots).toMatchObject({ type: 'callback.slots', departmentName: 'Orders', asap: true });
    expect(slots.slots.length).toBeGreaterThan(100);

    const asked = Date.now();
    const reply = await ask(socket, { phone: '030 12345678', note: 'About order 1042' });
    if (reply.type !== 'callback.status') throw new Error(JSON.stringify(reply));
    expect(reply.callback).toMatchObject({
      status: 'scheduled',
      window: null,
      departmentName: 'Orders',
      phoneMasked: '+49 ••• ••• 5678',
      attempts: 0,
    });
    expect(reply.callback.reference).toMatch(/^CB-[2-9A-HJ-NP-Z]{4}$/);
    const { id } = reply.callback;
    const upsert = await waitForFrame(maya.socket, (f) => f.type === 'callback.upsert');
    expect(upsert).toMatchObject({
      callback: { id, phone: '+493012345678', note: 'About order 1042' },
    });

    expect(await request(maya.socket, { type: 'callback.claim', callbackId: id })).toEqual({
      type: 'ok',
    });
    await waitForFrame(
      socket,
      (f) => f.type === 'callback.status' && f.callback.status === 'calling',
    );
    expect(
      await request(maya.socket, {
        type: 'callback.outcome',
        callbackId: id,
        outcome: 'no_answer',
      }),
    ).toEqual({ type: 'ok' });
    const again = await waitForFrame<CallbackStatusFrame>(
      socket,
      (f) => f.type === 'callback.status' && f.callback.attempts === 1,
    );
    expect(again.callback.status).toBe('scheduled');
    expect(again.callback.dueAt - asked).toBeGreaterThanOrEqual(30 * 60_000);
    expect(again.callback.dueAt - Date.now()).toBeLessThanOrEqual(30 * 60_000);

    // The callback and its attempt join the customer's thread; a later visit shows it.
    const history = await request<CustomerConversations>(maya.socket, {
      type: 'customer.history',
      visitorId: welcome.visitor.id,
    });
    expect(history.callbacks).toMatchObject([
      { id, attempts: [{ agent: { name: 'Maya' }, outcome: 'no_answer' }] },
    ]);
    const later = await visitorSession(relay.url, { token: welcome.token });
    expect(later.welcome.callbacks).toMatchObject([{ id, status: 'scheduled', attempts: 1 }]);
    const priya = await login('priya@example.com');
    expect(priya.welcome.callbacks?.map((c) => c.id)).toContain(id);

    // Webhooks: signed, retried after the 500, the same event id both times.
    const signed = await until(() =>
      receiver.requests.length >= 2 ? receiver.requests : undefined,
    );
    for (const r of signed) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(
        verifySignature(SECRET, r.headers['switchboard-signature'] as string, r.body, 60),
      ).toBe(true);
      expect(
        verifySignature('wrong', r.headers['switchboard-signature'] as string, r.body, 60),
      ).toBe(false);
    }
    const [first, second] = signed.map((r) => JSON.parse(r.body) as WebhookPayload);
    expect(first).toMatchObject({ event: 'callback.requested', callback: { id } });
    const retried = await until(() =>
      receiver.requests
        .slice(1)
        .map((r) => JSON.parse(r.body) as WebhookPayload)
        .find((p) => p.id === first!.id),
    );
    expect(retried).toEqual(first);
    expect(second).toBeDefined();
    const events = await until(() => {
      const seen = receiver.requests.map((r) => (JSON.parse(r.body) as WebhookPayload).event);
      return seen.filter((e) => e === 'callback.updated').length >= 2 ? seen : undefined;
    });
    expect(events).toContain('callback.requested');
    const log = await request<WebhookDeliveries>(priya.socket, { type: 'webhooks.log' });
    const requested = log.deliveries.find((d) => d.event === 'callback.requested');
    expect(requested).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 204 });
    expect(await request(maya.socket, { type: 'webhooks.log' })).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it("merges a visitor's second request for the same number into their own, keeping the reference", async () => {
    const one = await visitor();
    const first = await ask(one.socket, { phone: '+49 151 23456789' });
    const second = await ask(one.socket, { phone: '0151 23456789', name: 'A. Lovelace' });
    if (first.type !== 'callback.status' || second.type !== 'callback.status') {
      throw new Error(JSON.stringify([first, second]));
    }
    expect(second.callback).toMatchObject({
      id: first.callback.id,
      reference: first.callback.reference,
    });
  });

  it("a stranger asking for the same number never gets, changes or locks out someone else's callback", async () => {
    const phone = '+49 30 23456789';
    // Visitor A books a slot for their number, with a private note.
    const a = await visitor();
    const { slots } = await request<CallbackSlots>(a.socket, { type: 'callback.availability' });
    const [mineWindow, theirWindow, movedWindow] = [slots[20]!, slots[22]!, slots[24]!];
    const aClientId = clientId();
    const booked = await ask(a.socket, {
      clientId: aClientId,
      phone,
      name: 'Ada Lovelace',
      note: 'private: order 1042',
      window: mineWindow,
    });
    if (booked.type !== 'callback.status') throw new Error(JSON.stringify(booked));
    const mine = booked.callback;

    // Visitor B asks for the same number: another format, another slot, another name and note.
    const b = await visitor();
    const bClientId = clientId();
    const replies: unknown[] = [];
    const bAsk = async (fields: Record<string, unknown>) => {
      const reply = await ask(b.socket, fields);
      replies.push(reply);
      return reply;
    };
    const theirs = await bAsk({
      clientId: bClientId,
      phone: '030 234 567 89',
      name: 'Mallory',
      note: 'call me instead',
      window: theirWindow,
    });
    if (theirs.type !== 'callback.status') throw new Error(JSON.stringify(theirs));
    expect(theirs.callback.id).not.toBe(mine.id);
    expect(theirs.callback.reference).not.toBe(mine.reference);
    expect(theirs.callback.window).toEqual(theirWindow);
    // Resending its clientId reads B's own callback only.
    const resent = await bAsk({ clientId: bClientId, phone, window: null });
    expect(resent).toMatchObject({ type: 'callback.status', callback: { id: theirs.callback.id } });
    // More requests for the number from the same address change only B's own.
    for (const name of ['Mallory 2', 'Mallory 3']) {
      const again = await bAsk({ phone, name, window: null });
      expect(again).toMatchObject({ callback: { id: theirs.callback.id } });
    }
    await settle();
    // Nothing B received carries A's callback: no id, no reference, no window.
    const seenByB = JSON.stringify([replies, framesOf(b.socket)]);
    expect(seenByB).not.toContain(mine.id);
    expect(seenByB).not.toContain(mine.reference);
    expect(seenByB).not.toContain(`"start":${mineWindow.start}`);

    // The agent sees A's callback as A booked it, and B's as another one.
    const priya = await login('priya@example.com');
    const forAgent = priya.welcome.callbacks ?? [];
    expect(forAgent.find((c) => c.id === mine.id)).toMatchObject({
      name: 'Ada Lovelace',
      note: 'private: order 1042',
      window: mineWindow,
      visitor: { id: a.welcome.visitor.id },
    });
    expect(forAgent.find((c) => c.id === theirs.callback.id)).toMatchObject({
      name: 'Mallory 3',
      visitor: { id: b.welcome.visitor.id },
    });
    // A heard of nothing but their own callback.
    for (const f of framesOf(a.socket)) {
      if (f.type === 'callback.status')
        expect(f.callback).toMatchObject({ id: mine.id, window: mineWindow });
    }

    // Strangers can use up the number's new callbacks for the day (3; A's and B's are two)...
    const c = await visitor();
    expect((await ask(c.socket, { phone })).type).toBe('callback.status');
    const d = await visitor();
    expect(await ask(d.socket, { phone })).toMatchObject({ code: 'RATE_LIMITED' });
    // ...but A can still change their own callback, and resend the request that made it.
    expect(await ask(a.socket, { clientId: aClientId, phone, window: mineWindow })).toMatchObject({
      callback: { id: mine.id },
    });
    const moved = await ask(a.socket, { phone, note: 'private: order 1042', window: movedWindow });
    expect(moved).toMatchObject({
      type: 'callback.status',
      callback: { id: mine.id, reference: mine.reference, window: movedWindow },
    });
  });

  it('refuses a number that is not one, with the field named', async () => {
    const { socket } = await visitor();
    for (const phone of ['12345', '+49 000', 'call me maybe']) {
      expect(await ask(socket, { phone })).toMatchObject({
        type: 'error',
        code: 'INVALID_PHONE',
        details: [{ path: 'phone' }],
      });
    }
  });

  it('refuses a full slot, and stops offering it', async () => {
    const a = await visitor();
    const { slots } = await request<CallbackSlots>(a.socket, { type: 'callback.availability' });
    const window = slots[5]!;
    expect((await ask(a.socket, { phone: '+44 20 7946 0958', window })).type).toBe(
      'callback.status',
    );
    const b = await visitor();
    expect(await ask(b.socket, { phone: '+1 212 555 0100', window })).toMatchObject({
      code: 'SLOT_UNAVAILABLE',
    });
    const after = await request<CallbackSlots>(b.socket, { type: 'callback.availability' });
    expect(after.slots.some((s) => s.start === window.start)).toBe(false);
  });

  it('rate limits per number (3 a day) and per visitor (5 an hour), changing nothing', async () => {
    const phone = '+49 89 12345678';
    for (let i = 0; i < 3; i++) {
      const { socket } = await visitor();
      expect((await ask(socket, { phone })).type).toBe('callback.status');
    }
    const { socket } = await visitor();
    expect(await ask(socket, { phone })).toMatchObject({ code: 'RATE_LIMITED' });

    const busy = await visitor();
    const numbers = [
      '+49 40 1234567',
      '+49 69 1234567',
      '+49 221 1234567',
      '+49 211 1234567',
      '+49 711 1234567',
    ];
    for (const n of numbers)
      expect((await ask(busy.socket, { phone: n })).type).toBe('callback.status');
    expect(await ask(busy.socket, { phone: '+49 341 1234567' })).toMatchObject({
      code: 'RATE_LIMITED',
    });
  });
});

describe('REST API', () => {
  const api = (path: string, init: RequestInit & { key?: string | null } = {}) => {
    const { key = API_KEY, ...rest } = init;
    return fetch(`${relay.url}${path}`, {
      ...rest,
      headers: {
        'content-type': 'application/json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
    });
  };

  it('needs a key', async () => {
    for (const key of [null, 'sbk_wrong']) {
      const response = await api('/api/v1/callbacks', { key });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('lists by page, reads one, cancels it (then 409), and records an outcome for an agent', async () => {
    const { socket } = await visitor();
    const made = await ask(socket, { phone: '+49 30 9876543' });
    if (made.type !== 'callback.status') throw new Error(JSON.stringify(made));
    const id = made.callback.id;

    const page = (await (await api('/api/v1/callbacks?limit=2')).json()) as CallbackList;
    expect(page.callbacks).toHaveLength(2);
    expect(page.callbacks[0]!.id).toBe(id);
    const next = (await (
      await api(`/api/v1/callbacks?limit=2&cursor=${page.next}`)
    ).json()) as CallbackList;
    expect(next.callbacks.map((c) => c.id)).not.toContain(id);
    expect((await api('/api/v1/callbacks?status=nope')).status).toBe(400);

    const one = (await (await api(`/api/v1/callbacks/${id}`)).json()) as Callback;
    expect(one).toMatchObject({ id, phone: '+49309876543', status: 'scheduled' });
    expect((await api('/api/v1/callbacks/cb_nope')).status).toBe(404);

    const bad = await api(`/api/v1/callbacks/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ action: 'explode' }),
    });
    expect(bad.status).toBe(400);
    const nul = await api(`/api/v1/callbacks/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({
        action: 'outcome',
        outcome: 'voicemail',
        agentEmail: 'maya@example.com',
        note: 'cut\u0000off',
      }),
    });
    expect(nul.status).toBe(400);
    expect(await nul.json()).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('NUL') },
    });
    const outcome = await api(`/api/v1/callbacks/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({
        action: 'outcome',
        outcome: 'voicemail',
        agentEmail: 'maya@example.com',
        // A dialer's note with a terminal escape and a direction override: cleaned as a
        // console's note would be before any agent or export sees it.
        note: 'Left a voicemail \u001b[31mat 10:05\u001b[0m\u202e',
      }),
    });
    expect(outcome.status).toBe(200);
    expect(await outcome.json()).toMatchObject({
      status: 'scheduled',
      attempts: [
        { outcome: 'voicemail', agent: { name: 'Maya' }, note: 'Left a voicemail at 10:05' },
      ],
    });
    await waitForFrame(
      socket,
      (f) => f.type === 'callback.status' && f.callback.id === id && f.callback.attempts === 1,
    );

    const cancel = () =>
      api(`/api/v1/callbacks/${id}`, {
        method: 'PATCH',
        body: JSON.stringify({ action: 'cancel' }),
      });
    const cancelled = await cancel();
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ id, status: 'cancelled' });
    await waitForFrame(
      socket,
      (f) => f.type === 'callback.status' && f.callback.status === 'cancelled',
    );
    const twice = await cancel();
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ error: { code: 'CALLBACK_CLOSED' } });
  });
});

describe('a chat cut off', () => {
  let cutRelay: TestRelay;
  beforeAll(async () => {
    cutRelay = await startRelay({
      agents: [await configuredAgent('maya@example.com', 'Maya', { departmentIds: ['orders'] })],
      departments: [{ id: 'orders', name: 'Orders', autoAccept: true }],
      sites: [
        {
          id: 'demo',
          name: 'Fernhill Outfitters',
          callback: { consentText: 'We may call you.', hours: ALWAYS, cutOffAfterSec: 1 },
        },
      ],
    });
  });
  afterAll(() => cutRelay.close());

  it('tells the agent once the visitor is gone, and one click books a callback to their number', async () => {
    const maya = await agentSession(cutRelay.url, {
      email: 'maya@example.com',
      password: PASSWORD,
    });
    const { socket } = await visitorSession(cutRelay.url);
    // A pre-chat number is checked like a callback number.
    expect(
      await request(socket, {
        type: 'chat.send',
        clientId: clientId(),
        text: 'Hello',
        prechat: { phone: '+49000000000' },
      }),
    ).toMatchObject({ code: 'INVALID_PHONE', details: [{ path: 'prechat.phone' }] });
    const ack = await request<ChatAck>(socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'My order never came',
      prechat: { phone: '+4930123456789' },
    });
    const { conversationId } = ack;
    await request(maya.socket, { type: 'conversation.open', conversationId, afterSeq: 0 });
    socket.disconnect();
    const cut = await waitForFrame(
      maya.socket,
      (f) => f.type === 'conversation.event' && f.event.type === 'conversation.cut_off',
      5_000,
    );
    expect(cut).toMatchObject({ event: { phone: '+4930123456789' } });
    expect(await request(maya.socket, { type: 'callback.create', conversationId })).toEqual({
      type: 'ok',
    });
    const upsert = await waitForFrame(maya.socket, (f) => f.type === 'callback.upsert');
    expect(upsert).toMatchObject({
      callback: { phone: '+4930123456789', conversationId, window: null, status: 'scheduled' },
    });
  });
});

describe('webhook deliveries across a restart', () => {
  it('keeps a pending delivery in the database and sends it from the next process', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-hooks-'));
    const port = await freePort();
    const config = {
      dataDir,
      sites: [
        {
          id: 'demo',
          name: 'Fernhill Outfitters',
          callback: { consentText: 'We may call you.', hours: ALWAYS },
        },
      ],
      webhooks: [{ url: `http://127.0.0.1:${port}/hooks`, secretEnv: 'TEST_WEBHOOK_SECRET' }],
    };
    const options = { env: { TEST_WEBHOOK_SECRET: SECRET }, webhookBackoffMs: [1_500, 1_500] };
    // Nobody listens yet: the first try fails and the delivery waits for its retry.
    const first = await startRelay(config, options);
    const { socket } = await visitorSession(first.url, { hello: { locale: 'en-GB' } });
    const made = await ask(socket, { phone: '+44 20 7946 0958' });
    if (made.type !== 'callback.status') throw new Error(JSON.stringify(made));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await first.close();

    const late = await startReceiver(port);
    const second = await startRelay(config, options);
    try {
      const got = await until(() => late.requests[0], 8_000);
      const payload = JSON.parse(got.body) as WebhookPayload;
      expect(payload).toMatchObject({
        event: 'callback.requested',
        callback: { id: made.callback.id, phone: '+442079460958' },
      });
      expect(
        verifySignature(SECRET, got.headers['switchboard-signature'] as string, got.body),
      ).toBe(true);
    } finally {
      await second.close();
      await new Promise((resolve) => late.server.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
