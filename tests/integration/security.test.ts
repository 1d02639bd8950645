import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  CallbackStatusFrame,
  ChatAck,
  ConversationEvents,
  ErrorFrame,
  SessionWelcome,
} from '@switchboard/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AGENT_TOKEN_TTL_MS,
  createTokenSigner,
  hashApiKey,
  hashPassword,
} from '../../packages/server/src/index.js';
import { ensureBuilt, type RelayProcess, spawnRelay } from './helpers/cli.js';
import {
  agentSession,
  agentSocket,
  clientId,
  closeAllSockets,
  connected,
  framesOf,
  login,
  refusal,
  request,
  settle,
  visitorSession,
  visitorSocket,
  waitForFrame,
} from './helpers/clients.js';
import { startRelay, type TestRelay } from './helpers/relay.js';
import { arrive, configuredAgent, PASSWORD, waitForEvent } from './helpers/routing.js';

// What the relay must refuse, in one place. Already covered in errors.test.ts and not repeated
// here: malformed and oversized frames, frames before hello, a forged or garbage visitor token,
// another site's token, an unknown site, a foreign Origin over polling (HTTP 403), an agent from a
// site's origin, a missing or forged agent token, a visitor token used as an agent's, another
// visitor's conversation for sync/send/close/typing, and the agent HTTP API's own errors.

/** The relay's token-signing secret (SWITCHBOARD_SECRET), so the test can sign tokens itself. */
const SECRET = 'security-test-signing-secret-6b1f0c';
const FULL_KEY = 'sbk_security-full-key';
const READ_ONLY_KEY = 'sbk_security-read-only-key';
const EXPORT_KEY = 'sbk_security-export-key';
const EVIL = 'https://evil.example';
/** Calling hours round the clock, so the test does not depend on when it runs. */
const ALWAYS = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, open: '00:00', close: '24:00' }));

let relay: TestRelay;
let consoleDist: string;
const maya = { email: 'maya@example.com', password: PASSWORD };
const jonas = { email: 'jonas@example.com', password: PASSWORD };
const priya = { email: 'priya@example.com', password: PASSWORD };

beforeAll(async () => {
  // A console build of one page, so the header check does not depend on `pnpm build`.
  consoleDist = mkdtempSync(join(tmpdir(), 'switchboard-console-'));
  writeFileSync(join(consoleDist, 'index.html'), '<!doctype html><title>Switchboard</title>');
  mkdirSync(join(consoleDist, 'assets'));
  writeFileSync(join(consoleDist, 'assets', 'app.js'), 'export {};');
  relay = await startRelay(
    {
      secret: SECRET,
      sites: [
        {
          id: 'demo',
          name: 'Fernhill Outfitters',
          origins: ['https://fernhill.example'],
          callback: { consentText: 'We may call you.', defaultCountry: 'DE', hours: ALWAYS },
        },
      ],
      agents: [
        await configuredAgent('maya@example.com', 'Maya', { departmentIds: ['orders'] }),
        await configuredAgent('jonas@example.com', 'Jonas', { departmentIds: ['orders'] }),
        await configuredAgent('priya@example.com', 'Priya', {
          role: 'supervisor',
          departmentIds: ['orders'],
        }),
      ],
      departments: [{ id: 'orders', name: 'Orders' }],
      // These tests sign in and send bursts from one address; the limits have their own tests.
      limits: { agentLoginsPerIpPerMinute: 1_000, framesPerSocketPerSecond: 1_000 },
      apiKeys: [
        { name: 'full', keyHash: hashApiKey(FULL_KEY) },
        { name: 'read-only', keyHash: hashApiKey(READ_ONLY_KEY), scopes: ['callbacks:read'] },
        { name: 'exporter', keyHash: hashApiKey(EXPORT_KEY), scopes: ['export:read'] },
      ],
    },
    { paths: { consoleDist } },
  );
});
afterEach(closeAllSockets);
afterAll(async () => {
  await relay.close();
  rmSync(consoleDist, { recursive: true, force: true });
});

/** A token made with `secret` from a payload of our choosing, in the relay's format. */
function forge(payload: unknown, secret: string | Buffer = SECRET): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const mac = createHmac('sha256', secret).update(body).digest('base64url');
  return `${body}.${mac}`;
}

/** A random id shaped like the relay's. */
const guessId = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('a foreign Origin', () => {
  it('cannot open a visitor or agent WebSocket (not only polling)', async () => {
    const visitor = await refusal(
      visitorSocket(relay.url, { extraHeaders: { origin: EVIL } }),
      10_000,
    );
    expect(visitor).toBeInstanceOf(Error);
    const { token } = await login(relay.url, maya);
    await refusal(agentSocket(relay.url, { token, extraHeaders: { origin: EVIL } }), 10_000);
    const polling = await refusal(
      agentSocket(relay.url, { token, transports: ['polling'], extraHeaders: { origin: EVIL } }),
    );
    expect(polling.description).toBe(403);
    // The relay's own origin is let in.
    const host = new URL(relay.url).host;
    await connected(agentSocket(relay.url, { token, extraHeaders: { origin: `http://${host}` } }));
  });

  it('gets no CORS permission from the HTTP API, so a page elsewhere cannot read it', async () => {
    const preflight = await fetch(`${relay.url}/api/agent/login`, {
      method: 'OPTIONS',
      headers: {
        origin: EVIL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
    const { token } = await login(relay.url, priya);
    for (const path of [
      '/api/agent/me',
      '/api/v1/callbacks',
      '/api/v1/export/kpis.csv?from=0&to=1',
    ]) {
      const response = await fetch(`${relay.url}${path}`, {
        headers: {
          origin: EVIL,
          ...bearer(path.startsWith('/api/v1/callbacks') ? FULL_KEY : token),
        },
      });
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
      expect(response.headers.get('access-control-allow-credentials'), path).toBeNull();
    }
  });
});

describe('tokens', () => {
  it('an expired agent token is refused everywhere with TOKEN_EXPIRED', async () => {
    const { agent } = await login(relay.url, maya);
    const signer = createTokenSigner(Buffer.from(SECRET, 'utf8'));
    const { token } = signer.signAgent(agent.id, Date.now() - AGENT_TOKEN_TTL_MS - 60_000);
    const socket = await refusal(agentSocket(relay.url, { token }));
    expect(socket.message).toBe('TOKEN_EXPIRED');
    expect(socket.data).toMatchObject({ type: 'error', code: 'TOKEN_EXPIRED' });
    const me = await fetch(`${relay.url}/api/agent/me`, { headers: bearer(token) });
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ error: { code: 'TOKEN_EXPIRED' } });
  });

  it('agent tokens: a stretched expiry, another secret or an unknown agent are refused', async () => {
    const { agent, token } = await login(relay.url, priya);
    const [body] = token.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as {
      exp: number;
    };
    // The payload changed, the signature kept: the MAC no longer matches.
    const stretched = `${Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 1e9 })).toString('base64url')}.${token.split('.')[1]}`;
    const future = Date.now() + 60 * 60_000;
    const tokens = {
      stretched,
      otherSecret: forge({ k: 'agent', aid: agent.id, exp: future }, 'not-the-relay-secret'),
      unknownAgent: forge({ k: 'agent', aid: 'agt_nobody', exp: future }),
      wrongKind: forge({ k: 'visitor', vid: agent.id, sid: 'demo', iat: Date.now() }),
    };
    for (const [name, forged] of Object.entries(tokens)) {
      const error = await refusal(agentSocket(relay.url, { token: forged }));
      expect(['INVALID_TOKEN', 'UNAUTHORIZED'], name).toContain(error.message);
      const me = await fetch(`${relay.url}/api/agent/me`, { headers: bearer(forged) });
      expect(me.status, name).toBe(401);
      const csv = await fetch(`${relay.url}/api/v1/export/kpis.csv?from=0&to=1`, {
        headers: bearer(forged),
      });
      expect(csv.status, name).toBe(401);
    }
  });

  it("visitor tokens: another visitor's id under the old signature, or another secret, are refused", async () => {
    const owner = await visitorSession(relay.url);
    const other = await visitorSession(relay.url);
    const [, mac] = other.welcome.token.split('.');
    const swapped = `${Buffer.from(
      JSON.stringify({ k: 'visitor', vid: owner.welcome.visitor.id, sid: 'demo', iat: Date.now() }),
    ).toString('base64url')}.${mac}`;
    const tokens = {
      swapped,
      otherSecret: forge(
        { k: 'visitor', vid: owner.welcome.visitor.id, sid: 'demo', iat: Date.now() },
        'not-the-relay-secret',
      ),
      agentKind: forge({ k: 'agent', aid: owner.welcome.visitor.id, exp: Date.now() + 60_000 }),
      tooLong: `${'a'.repeat(2_000)}.${'b'.repeat(43)}`,
    };
    for (const [name, forged] of Object.entries(tokens)) {
      const error = await refusal(visitorSocket(relay.url, { token: forged }));
      expect(['INVALID_TOKEN', 'BAD_FRAME', 'PAYLOAD_TOO_LARGE'], name).toContain(error.message);
    }
  });

  it('visitor tokens expire after 180 days unused; a returning visitor gets a renewed one', async () => {
    const owner = await visitorSession(relay.url);
    const vid = owner.welcome.visitor.id;
    const DAY = 24 * 60 * 60 * 1000;
    const expired = forge({ k: 'visitor', vid, sid: 'demo', iat: Date.now() - 181 * DAY });
    const refused = await refusal(visitorSocket(relay.url, { token: expired }));
    expect(refused.message).toBe('TOKEN_EXPIRED');
    // Back after a month: the same visitor, and the welcome carries a token issued now.
    const monthOld = forge({ k: 'visitor', vid, sid: 'demo', iat: Date.now() - 30 * DAY });
    const back = await visitorSession(relay.url, { token: monthOld });
    expect(back.welcome.visitor.id).toBe(vid);
    expect(back.welcome.token).not.toBe(monthOld);
    const [body] = back.welcome.token.split('.');
    const issuedAt = (
      JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as { iat: number }
    ).iat;
    expect(Date.now() - issuedAt).toBeLessThan(DAY);
    // A token issued today is kept as it is.
    const again = await visitorSession(relay.url, { token: back.welcome.token });
    expect(again.welcome.token).toBe(back.welcome.token);
  });
});

describe('a guessed conversation or callback id', () => {
  it('random ids: NOT_FOUND for every frame that names one', async () => {
    const { socket } = await visitorSession(relay.url);
    const conversationId = guessId('cnv');
    const callbackId = guessId('cb');
    const frames = [
      { type: 'conversation.sync', conversationId, afterSeq: 0 },
      { type: 'chat.send', clientId: clientId(), text: 'hello?', conversationId },
      { type: 'chat.typing', conversationId, typing: true },
      { type: 'conversation.close', conversationId },
      { type: 'conversation.defer', conversationId },
      { type: 'survey.submit', conversationId, csat: 5 },
      { type: 'survey.submit', callbackId, csat: 5 },
      { type: 'callback.cancel', callbackId },
      { type: 'callback.reschedule', callbackId, window: null },
    ];
    for (const frame of frames) {
      expect(await request(socket, frame), frame.type).toMatchObject({
        type: 'error',
        code: 'NOT_FOUND',
      });
    }
    // Resuming a conversation that is not yours starts you with none.
    const resumed = await visitorSession(relay.url, {
      hello: { resume: { conversationId, afterSeq: 0 } },
    });
    expect(resumed.welcome.conversation).toBeNull();
  });

  it("another visitor's real conversation and callback: the same NOT_FOUND, nothing leaked", async () => {
    const owner = await visitorSession(relay.url);
    const ack = await request<ChatAck>(owner.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'My address is 12 Secret Lane',
    });
    const callback = await request<CallbackStatusFrame>(owner.socket, {
      type: 'callback.request',
      clientId: clientId(),
      name: 'Owner',
      phone: '+49 30 901820',
      window: null,
      consent: true,
    });
    expect(callback.type).toBe('callback.status');
    const callbackId = callback.callback.id;
    // Closed, so that its owner could rate it: a stranger must still get NOT_FOUND, not NOT_RATEABLE.
    expect(
      await request(owner.socket, {
        type: 'conversation.close',
        conversationId: ack.conversationId,
      }),
    ).toMatchObject({ type: 'ok' });

    const intruder = await visitorSession(relay.url);
    const { conversationId } = ack;
    for (const frame of [
      { type: 'survey.submit', conversationId, csat: 1, comment: 'hijacked' },
      { type: 'conversation.defer', conversationId },
      { type: 'callback.cancel', callbackId },
      { type: 'callback.reschedule', callbackId, window: null },
      { type: 'survey.submit', callbackId, csat: 1 },
    ]) {
      expect(await request(intruder.socket, frame), frame.type).toMatchObject({
        type: 'error',
        code: 'NOT_FOUND',
      });
    }
    const resumed = await visitorSession(relay.url, {
      hello: { resume: { conversationId, afterSeq: 0 } },
    });
    expect(resumed.welcome.conversation).toBeNull();
    expect(resumed.welcome.callbacks ?? []).toEqual([]);
    await settle();
    for (const socket of [intruder.socket, resumed.socket]) {
      expect(JSON.stringify(framesOf(socket))).not.toContain('Secret Lane');
      expect(JSON.stringify(framesOf(socket))).not.toContain(callbackId);
    }
    // The owner may still rate it: the refusal above was about who asked.
    expect(
      await request(owner.socket, { type: 'survey.submit', conversationId, csat: 4 }),
    ).toMatchObject({ type: 'ok' });
    expect(await request(owner.socket, { type: 'callback.cancel', callbackId })).toMatchObject({
      type: 'callback.status',
    });
  });
});

describe('agents and visitors stay in their lanes', () => {
  it('an agent frame before agent.hello: NO_SESSION', async () => {
    const { token } = await login(relay.url, maya);
    const socket = await connected(agentSocket(relay.url, { token }));
    expect(
      await request(socket, { type: 'conversation.open', conversationId: 'cnv_x', afterSeq: 0 }),
    ).toMatchObject({ code: 'NO_SESSION' });
  });

  it("an agent cannot write in, hand over or whisper in another agent's conversation", async () => {
    const m = await agentSession(relay.url, maya);
    const j = await agentSession(relay.url, jonas);
    // Jonas is away, so the offer goes to Maya.
    expect(await request(j.socket, { type: 'presence.set', presence: 'away' })).toMatchObject({
      type: 'ok',
    });
    const visitor = await arrive(relay.url, 'Where is my parcel?');
    const { conversationId } = visitor;
    // Maya is offered it and takes it; Jonas is the outsider.
    await waitForFrame(
      m.socket,
      (f) =>
        f.type === 'inbox.upsert' &&
        f.conversation.id === conversationId &&
        f.conversation.offer?.agent.id === m.welcome.agent.id,
      10_000,
    );
    expect(await request(m.socket, { type: 'offer.accept', conversationId })).toMatchObject({
      type: 'ok',
    });
    const [owner, outsider] = [m, j];
    await waitForEvent(visitor.socket, 'conversation.assigned', conversationId, 10_000);
    const refused = [
      { type: 'chat.send', conversationId, clientId: clientId(), text: 'Let me take this' },
      {
        type: 'conversation.transfer',
        conversationId,
        to: { kind: 'agent', agentId: outsider.welcome.agent.id },
      },
      { type: 'conversation.join', conversationId },
      { type: 'note.send', conversationId, clientId: clientId(), kind: 'whisper', text: 'psst' },
      { type: 'webhooks.log' },
      { type: 'forecast.get', departmentId: 'orders' },
      { type: 'canned.delete', id: 'cr_refund' },
    ];
    for (const frame of refused) {
      expect(await request(outsider.socket, frame), frame.type).toMatchObject({
        type: 'error',
        code: 'FORBIDDEN',
      });
    }
    await settle();
    const opened = await request<ConversationEvents>(owner.socket, {
      type: 'conversation.open',
      conversationId,
      afterSeq: 0,
    });
    expect(JSON.stringify(opened.events)).not.toContain('Let me take this');
    expect(opened.conversation.agent?.id).toBe(owner.welcome.agent.id);
    // The CSV export is for supervisors (and API keys with export:read).
    const csv = await fetch(`${relay.url}/api/v1/export/conversations.csv?from=0&to=1`, {
      headers: bearer(outsider.login.token),
    });
    expect(csv.status).toBe(403);
    expect(await csv.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it("a visitor's agent frames are UNKNOWN_TYPE and change nothing", async () => {
    const owner = await arrive(relay.url, 'Please help');
    const { socket } = await visitorSession(relay.url);
    const { conversationId } = owner;
    const frames = [
      { type: 'agent.hello' },
      { type: 'conversation.open', conversationId, afterSeq: 0 },
      { type: 'offer.accept', conversationId },
      { type: 'conversation.assign', conversationId, agentId: 'agt_x' },
      { type: 'conversation.join', conversationId },
      { type: 'note.send', conversationId, clientId: clientId(), kind: 'note', text: 'x' },
      { type: 'presence.set', presence: 'online' },
      { type: 'customer.history', visitorId: owner.visitorId },
      { type: 'conversation.wrapup', conversationId, dispositionId: 'other', resolved: true },
      { type: 'kpi.get', from: 0, to: Date.now() },
      { type: 'webhooks.log' },
      { type: 'articles.get' },
      { type: 'canned.delete', id: 'cr_refund' },
      { type: 'callback.claim', callbackId: 'cb_x' },
    ];
    for (const frame of frames) {
      expect(await request(socket, frame), frame.type).toMatchObject({
        type: 'error',
        code: 'UNKNOWN_TYPE',
      });
    }
    const priyaSession = await agentSession(relay.url, priya);
    const log = await request<ConversationEvents>(priyaSession.socket, {
      type: 'conversation.sync',
      conversationId,
      afterSeq: 0,
    });
    expect(log.events.map((e) => e.type)).not.toContain('note.created');
    expect(log.conversation.status).not.toBe('closed');
  });
});

describe('REST API keys are scoped', () => {
  const patch = (key: string, id: string) =>
    fetch(`${relay.url}/api/v1/callbacks/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...bearer(key) },
      body: JSON.stringify({ action: 'cancel' }),
    });
  const exportCsv = (key: string) =>
    fetch(
      `${relay.url}/api/v1/export/conversations.csv?from=${Date.now() - 86_400_000}&to=${Date.now()}`,
      {
        headers: bearer(key),
      },
    );

  it('no key or a wrong one: 401 UNAUTHORIZED', async () => {
    for (const headers of [{}, bearer('sbk_guessed-key')]) {
      const response = await fetch(`${relay.url}/api/v1/callbacks`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('a read-only key reads callbacks, but cannot change one or export: 403 FORBIDDEN', async () => {
    const { socket } = await visitorSession(relay.url);
    const asked = await request<CallbackStatusFrame>(socket, {
      type: 'callback.request',
      clientId: clientId(),
      name: 'Ada',
      phone: '+49 30 901821',
      window: null,
      consent: true,
    });
    expect(asked.type).toBe('callback.status');
    const id = asked.callback.id;

    const list = await fetch(`${relay.url}/api/v1/callbacks`, { headers: bearer(READ_ONLY_KEY) });
    expect(list.status).toBe(200);
    const changed = await patch(READ_ONLY_KEY, id);
    expect(changed.status).toBe(403);
    expect(await changed.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const csv = await exportCsv(READ_ONLY_KEY);
    expect(csv.status).toBe(403);
    expect(await csv.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    // Nothing changed: the callback is still scheduled.
    const one = await fetch(`${relay.url}/api/v1/callbacks/${id}`, {
      headers: bearer(READ_ONLY_KEY),
    });
    expect(await one.json()).toMatchObject({ id, status: 'scheduled' });

    // An export-only key exports, and reads no callbacks; a default key (callbacks) cannot export.
    expect((await exportCsv(EXPORT_KEY)).status).toBe(200);
    expect(
      (await fetch(`${relay.url}/api/v1/callbacks`, { headers: bearer(EXPORT_KEY) })).status,
    ).toBe(403);
    expect((await patch(EXPORT_KEY, id)).status).toBe(403);
    expect((await exportCsv(FULL_KEY)).status).toBe(403);
    // The default key may change it.
    expect((await patch(FULL_KEY, id)).status).toBe(200);
  });
});

describe('console pages', () => {
  it('send a strict CSP, nosniff, no framing and no referrer', async () => {
    for (const path of ['/console', '/console/', '/console/index.html', '/console/team']) {
      const response = await fetch(`${relay.url}${path}`);
      expect(response.status, path).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      const directives = new Map(
        csp.split(';').map((d) => {
          const [name = '', ...values] = d.trim().split(/\s+/);
          return [name, values.join(' ')] as const;
        }),
      );
      expect(directives.get('default-src'), path).toBe("'self'");
      expect(directives.get('script-src'), path).toBe("'self'");
      expect(directives.get('style-src'), path).toBe("'self'");
      expect(directives.get('connect-src'), path).toBe("'self'");
      expect(directives.get('object-src'), path).toBe("'none'");
      expect(directives.get('base-uri'), path).toBe("'none'");
      expect(directives.get('form-action'), path).toBe("'self'");
      expect(directives.get('frame-ancestors'), path).toBe("'none'");
      expect(directives.get('img-src'), path).toMatch(/^'self' data:/);
      expect(csp, path).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
    const asset = await fetch(`${relay.url}/console/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });
});

// ----- logs ------------------------------------------------------------------------------------

describe('logs at info carry no secret, message text or contact detail', () => {
  let dir: string;
  let child: RelayProcess | undefined;
  beforeAll(async () => {
    await ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'switchboard-logs-'));
  }, 120_000);
  afterAll(async () => {
    if (child && child.child.exitCode === null && child.child.signalCode === null) {
      child.child.kill('SIGKILL');
      await child.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('a whole journey, then a search of every log line', async () => {
    const password = 'Pw-Okapi-Tambourine-6620';
    const wrongPassword = 'Pw-Wrong-Marmalade-1187';
    const identitySecret = 'identity-secret-Xylophone-0123456789abcdef';
    const signingSecret = 'signing-secret-Quetzal-0123456789';
    const message = 'MSG-Aubergine-7731 where is my order';
    const reply = 'REPLY-Mango-5521 it ships today';
    const noteText = 'NOTE-Papaya-4410 customer is a VIP';
    const wrapUpNote = 'WRAPUP-Kiwi-3141 refunded shipping';
    const comment = 'COMMENT-Lemur-2718 lovely service';
    const query = 'Narwhalquery';
    const email = 'zelda.quasimodo@example.org';
    const identifyEmail = 'quokka.identify@example.net';
    const name = 'Zelda Quasimodo';
    const userId = 'user-Pangolin-42';
    const userHash = createHmac('sha256', identitySecret).update(userId).digest('hex');
    // One number, as typed and as stored (E.164), and its national digits.
    const phoneTyped = '0151 2345 6789';
    const phoneE164 = '+4915123456789';
    const callbackName = 'Bartholomew Callback';

    const content = join(dir, 'articles');
    mkdirSync(content);
    writeFileSync(
      join(content, 'returns.md'),
      '---\ntitle: Returns\ntags: [returns]\n---\nReturn anything within 60 days.\n',
    );
    const config = join(dir, 'switchboard.json');
    writeFileSync(
      config,
      JSON.stringify({
        sites: [
          {
            id: 'demo',
            name: 'Fernhill Outfitters',
            prechat: { fields: [{ name: 'name' }, { name: 'email' }, { name: 'phone' }] },
            callback: { consentText: 'We may call you.', defaultCountry: 'DE', hours: ALWAYS },
            content: { dir: content },
          },
        ],
        agents: [
          {
            email: 'agent.logs@example.com',
            name: 'Logan',
            passwordHash: await hashPassword(password, { N: 1024, r: 8, p: 1 }),
            departmentIds: ['orders'],
          },
        ],
        departments: [{ id: 'orders', name: 'Orders', autoAccept: true }],
        dispositions: [{ id: 'resolved', label: 'Resolved' }],
      }),
    );

    child = await spawnRelay(
      {
        PORT: '0',
        SWITCHBOARD_DATA_DIR: join(dir, 'data'),
        SWITCHBOARD_SECRET: signingSecret,
        SWITCHBOARD_IDENTITY_SECRET_DEMO: identitySecret,
        LOG_LEVEL: 'info',
      },
      ['--config', config],
    );
    const url = child.url;

    // A wrong password, then the right one.
    const refused = await fetch(`${url}/api/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'agent.logs@example.com', password: wrongPassword }),
    });
    expect(refused.status).toBe(401);
    const agent = await agentSession(url, { email: 'agent.logs@example.com', password });

    // The visitor identifies with a verified hash, then chats with a pre-chat name, email and phone.
    const visitor = await visitorSession(url, { hello: { locale: 'de-DE' } });
    const identified = await request<SessionWelcome>(visitor.socket, {
      type: 'visitor.identify',
      userId,
      userHash,
      name,
      email: identifyEmail,
      attributes: { plan: 'gold' },
    });
    expect(identified.type).toBe('session.welcome');
    const ack = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: message,
      prechat: { name, email, phone: phoneE164 },
    });
    expect(ack.type).toBe('chat.ack');
    const { conversationId } = ack;
    // A wrong hash is refused (and logged as such, without the hash).
    expect(
      await request(visitor.socket, {
        type: 'visitor.identify',
        userId,
        userHash: 'f'.repeat(64),
      }),
    ).toMatchObject({ code: 'IDENTITY_REJECTED' });

    await waitForEvent(visitor.socket, 'conversation.assigned', conversationId, 10_000);
    await request(agent.socket, { type: 'conversation.open', conversationId, afterSeq: 0 });
    expect(
      await request(agent.socket, {
        type: 'chat.send',
        conversationId,
        clientId: clientId(),
        text: reply,
      }),
    ).toMatchObject({ type: 'chat.ack' });
    expect(
      await request(agent.socket, {
        type: 'note.send',
        conversationId,
        clientId: clientId(),
        kind: 'note',
        text: noteText,
      }),
    ).toMatchObject({ type: 'chat.ack' });

    const searched = await request(visitor.socket, { type: 'faq.search', query });
    expect(searched.type).toBe('faq.results');
    await request(visitor.socket, { type: 'faq.search', query: 'returns' });

    const callback = await request<CallbackStatusFrame | ErrorFrame>(visitor.socket, {
      type: 'callback.request',
      clientId: clientId(),
      name: callbackName,
      phone: phoneTyped,
      window: null,
      consent: true,
      note: message,
    });
    expect(callback.type).toBe('callback.status');

    expect(
      await request(agent.socket, { type: 'conversation.close', conversationId }),
    ).toMatchObject({ type: 'ok' });
    expect(
      await request(agent.socket, {
        type: 'conversation.wrapup',
        conversationId,
        dispositionId: 'resolved',
        resolved: true,
        note: wrapUpNote,
      }),
    ).toMatchObject({ type: 'ok' });
    expect(
      await request(visitor.socket, {
        type: 'survey.submit',
        conversationId,
        csat: 4,
        comment,
      }),
    ).toMatchObject({ type: 'ok' });

    // Stop it as an operator would, so every line is written.
    closeAllSockets();
    child.child.kill('SIGTERM');
    await child.exited;

    const forbidden: Record<string, string> = {
      password,
      wrongPassword,
      identitySecret,
      signingSecret,
      message,
      messageWord: 'Aubergine',
      reply: 'Mango-5521',
      noteText: 'Papaya',
      wrapUpNote: 'Kiwi-3141',
      comment: 'Lemur',
      query,
      email,
      identifyEmail,
      name,
      callbackName: 'Bartholomew',
      userHash,
      phoneTyped,
      phoneE164,
      phoneDigits: '15123456789',
      visitorToken: visitor.welcome.token,
      visitorTokenMac: visitor.welcome.token.split('.')[1]!,
      identifiedToken: identified.token,
      identifiedTokenMac: identified.token.split('.')[1]!,
      agentToken: agent.login.token,
      agentTokenMac: agent.login.token.split('.')[1]!,
    };
    const lines = child.logs.filter((line) => typeof line.level === 'number' && line.level >= 30);
    // The journey was logged at all (sign-ins, the refused identify): the check below means something.
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['listening', 'agent signed in', 'agent sign-in refused']),
    );
    const leaks = Object.entries(forbidden).flatMap(([what, value]) =>
      lines
        .filter((line) => JSON.stringify(line).toLowerCase().includes(value.toLowerCase()))
        .map((line) => `${what} in ${JSON.stringify(line)}`),
    );
    expect(leaks).toEqual([]);
    // The banner on stderr names no secret either.
    for (const value of [password, identitySecret, signingSecret]) {
      expect(child.stderr()).not.toContain(value);
    }
  });
});
