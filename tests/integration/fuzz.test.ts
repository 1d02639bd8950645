// Fuzzing the relay: random and mutated frames on both namespaces, handshakes, and every HTTP
// route, for a fixed count with a fixed seed (FUZZ_SEED / FUZZ_SCALE to hunt longer by hand).
// The relay under fuzz is the built CLI as a child process, so a crash is an exit we can see and
// its heap can be read cleanly (--expose-gc, a SIGUSR2 hook that collects and reports).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CallbackStatusFrame,
  type ChatAck,
  type ConversationEventFrame,
  decodeServerToAgent,
  decodeServerToVisitor,
  ERROR_CODES,
  type InboxUpsert,
  PROTOCOL_VERSION,
} from '@switchboard/shared';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentToServer, visitorToServer } from '../../packages/shared/test/fixtures.js';
import { ensureBuilt, type RelayProcess, spawnRelay } from './helpers/cli.js';
import {
  agentSession,
  agentSocket,
  clientId,
  closeAllSockets,
  connected,
  framesOf,
  login,
  request,
  settle,
  visitorSession,
  visitorSocket,
  waitForFrame,
} from './helpers/clients.js';
import {
  answerProblem,
  arbitraryFrame,
  countAcks,
  FUZZ_SEED,
  mutatedFrame,
  RESERVED_EVENTS,
  rawRequest,
  runs,
  show,
  shown,
} from './helpers/fuzz-frames.js';
import {
  type FuzzRequest,
  fileHashes,
  type HttpOutcome,
  requestArb,
  send,
  sendRaw,
  sha256,
} from './helpers/fuzz-http.js';
import { startRelay } from './helpers/relay.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const WIDGET_DIST = join(root, 'packages/widget/dist');
const CONSOLE_DIST = join(root, 'packages/console/dist');
const SECRET = `fuzz-secret-${'s'.repeat(24)}`;
const API_KEY = 'sbk_fuzz_key_with_every_scope_0123456789';
const SUPERVISOR = { email: 'supervisor@example.com', password: 'switchboard-demo' };
const TECH = { email: 'tech@example.com', password: 'switchboard-demo' };
const RAISED = 10_000_000;
const CODES = new Set<string>(ERROR_CODES);
/** Collect garbage in the relay and print its memory use, on SIGUSR2. */
const MEMORY_HOOK =
  'data:text/javascript,process.on("SIGUSR2",()=>{globalThis.gc();process.stderr.write("FUZZ_MEMORY "+JSON.stringify(process.memoryUsage())+"\\n")})';

const visitorDecode = decodeServerToVisitor;
const agentDecode = decodeServerToAgent;
const visitorTypes = [...new Set(visitorToServer.map((f) => f.type))];
const agentTypes = [...new Set(agentToServer.map((f) => f.type))];
const fcOptions = (numRuns: number) => ({ numRuns, seed: FUZZ_SEED, endOnFailure: true });

let relay: RelayProcess;
let dataDir: string;
let before: NodeJS.MemoryUsage;

/** The relay's memory after a full collection. */
async function relayMemory(): Promise<NodeJS.MemoryUsage> {
  const seen = relay.stderr().split('FUZZ_MEMORY ').length;
  relay.child.kill('SIGUSR2');
  for (let i = 0; i < 100; i++) {
    const parts = relay.stderr().split('FUZZ_MEMORY ');
    if (parts.length > seen) return JSON.parse(parts.at(-1)!.split('\n')[0]!) as NodeJS.MemoryUsage;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the relay did not report its memory');
}

/** Fail at once if the relay process died. */
function expectAlive() {
  expect(relay.child.exitCode, `relay exited\n${relay.stderr()}`).toBeNull();
  expect(relay.child.signalCode).toBeNull();
}

/** Numbers worth seeing in the test output (seed, statuses, memory). */
const report = (line: string) => process.stdout.write(`[fuzz] ${line}\n`);
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

beforeAll(async () => {
  await ensureBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'switchboard-fuzz-'));
  const { hashApiKey } = await import('../../packages/server/src/index.js');
  const config = join(dataDir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      port: 0,
      dataDir: join(dataDir, 'data'),
      logLevel: 'info',
      // Every client is 127.0.0.1: the fuzz must meet the relay's checks, not its rate limits.
      limits: {
        connectionsPerIp: RAISED,
        handshakesPerIpPerMinute: RAISED,
        messagesPerVisitorPerMinute: RAISED,
        messagesPerIpPerMinute: RAISED,
        framesPerSocketPerSecond: RAISED,
        openConversationsPerVisitor: RAISED,
        agentLoginsPerIpPerMinute: RAISED,
        searchesPerVisitorPerMinute: RAISED,
        searchesPerIpPerMinute: RAISED,
        allConnectionsPerIp: RAISED,
      },
      apiKeys: [
        {
          name: 'fuzz',
          keyHash: hashApiKey(API_KEY),
          scopes: ['callbacks:read', 'callbacks:write', 'export:read'],
        },
      ],
    }),
  );
  relay = await spawnRelay({ SWITCHBOARD_SECRET: SECRET }, ['--config', config], 30_000, [
    '--expose-gc',
    `--import=${MEMORY_HOOK}`,
  ]);
  // Warm up every path once (a chat, a sign-in, the static files) before the baseline reading.
  const visitor = await visitorSession(relay.url);
  await request(visitor.socket, { type: 'chat.send', clientId: clientId(), text: 'warm up' });
  const agent = await agentSession(relay.url, SUPERVISOR);
  await request(agent.socket, { type: 'articles.get' });
  for (const path of ['/', '/widget.js', '/console/', '/metrics', '/healthz']) {
    await send(relay.url, { method: 'GET', path, headers: {}, body: null });
  }
  closeAllSockets();
  before = await relayMemory();
  report(
    `fuzz seed ${FUZZ_SEED} (replay: FUZZ_SEED=${FUZZ_SEED}); relay heap ${mb(before.heapUsed)}, rss ${mb(before.rss)}`,
  );
}, 120_000);

afterEach(closeAllSockets);

afterAll(async () => {
  if (relay && relay.child.exitCode === null) {
    relay.child.kill('SIGKILL');
    await relay.exited;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Send each generated frame with an ack: one answer within the timeout, acceptable by
 * `answerProblem`; then `probe` (a valid request) must still work on the same socket.
 */
async function fuzzFrames(
  socket: Socket,
  arbitrary: fc.Arbitrary<unknown>,
  numRuns: number,
  decode: (frame: unknown) => { ok: boolean },
  probe?: () => Promise<void>,
) {
  const acks = countAcks(socket);
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(shown(arbitrary), async ({ value: frame }) => {
      let answer: unknown;
      try {
        sent++;
        answer = await request(socket, frame, 10_000);
      } catch (error) {
        throw new Error(
          `no answer (${(error as Error).message}; connected: ${socket.connected}) to ${show(frame)}`,
        );
      }
      const problem = answerProblem(answer, decode);
      if (problem)
        throw new Error(`${problem}\n  frame: ${show(frame)}\n  answer: ${show(answer)}`);
      if (probe) await probe();
    }),
    fcOptions(numRuns),
  );
  // A second answer to any request would arrive by now.
  await settle(300);
  const doubled = [...acks].filter(([, n]) => n !== 1);
  expect(doubled, 'requests answered more than once').toEqual([]);
  expect(acks.size).toBeGreaterThanOrEqual(sent);
  expect(socket.connected).toBe(true);
  // Every push the socket got is a valid frame, and errors among them are typed.
  const bad = framesOf(socket)
    .map((frame) => ({ frame, problem: answerProblem(frame, decode) }))
    .filter((p) => p.problem !== null);
  expect(bad.map((b) => `${b.problem}: ${show(b.frame)}`)).toEqual([]);
  expectAlive();
}

/** A visitor who said hello and has a conversation and a callback: fixture ids mapped to theirs. */
async function liveVisitor() {
  const { socket, welcome } = await visitorSession(relay.url);
  const ack = await request<ChatAck>(socket, {
    type: 'chat.send',
    clientId: clientId(),
    text: 'Hi',
  });
  const callback = await request<CallbackStatusFrame>(socket, {
    type: 'callback.request',
    clientId: clientId(),
    name: 'Ada',
    phone: '+493012345678',
    window: null,
    consent: true,
  });
  const ids: Record<string, string> = {
    c_1: ack.conversationId,
    v_1: welcome.visitor.id,
    ...(callback.type === 'callback.status' ? { cb_1: callback.callback.id } : {}),
  };
  return { socket, ids };
}

const visitorProbe = (socket: Socket) => async () => {
  const answer = await request(socket, { type: 'faq.search', query: 'return' }, 10_000);
  if (answer.type !== 'faq.results') throw new Error(`probe failed: ${show(answer)}`);
};
const agentProbe = (socket: Socket) => async () => {
  const answer = await request(socket, { type: 'customer.history', visitorId: 'v_probe' }, 10_000);
  if (answer.type !== 'customer.conversations') throw new Error(`probe failed: ${show(answer)}`);
};

describe('fuzzing /visitor', () => {
  it('arbitrary JSON before hello: one typed answer each, and hello still works', async () => {
    const socket = await connected(visitorSocket(relay.url));
    await fuzzFrames(
      socket,
      arbitraryFrame(visitorTypes).filter(
        (f) => (f as { type?: unknown } | null)?.type !== 'session.hello',
      ),
      runs(150),
      visitorDecode,
    );
    const welcome = await request(socket, { type: 'session.hello' });
    expect(welcome.type).toBe('session.welcome');
  });

  it('mutated valid frames before hello: NO_SESSION or a decode error, never anything else', async () => {
    const socket = await connected(visitorSocket(relay.url));
    const arbitrary = mutatedFrame(visitorToServer.filter((f) => f.type !== 'session.hello'));
    const acks = countAcks(socket);
    await fc.assert(
      fc.asyncProperty(shown(arbitrary), async ({ value: frame }) => {
        const answer = await request(socket, frame, 10_000);
        if (answer.type !== 'error' || !CODES.has(answer.code) || answer.code === 'INTERNAL') {
          throw new Error(`before hello, ${show(frame)} got ${show(answer)}`);
        }
      }),
      fcOptions(runs(200)),
    );
    expect([...acks.values()].every((n) => n === 1)).toBe(true);
    // Nothing is pushed before the welcome except error frames.
    expect(framesOf(socket).filter((f) => f.type !== 'error')).toEqual([]);
    expect((await request(socket, { type: 'session.hello' })).type).toBe('session.welcome');
  });

  it('arbitrary JSON in a live session, and the session stays usable', async () => {
    const { socket } = await liveVisitor();
    await fuzzFrames(
      socket,
      arbitraryFrame(visitorTypes),
      runs(150),
      visitorDecode,
      visitorProbe(socket),
    );
  });

  it('mutated valid frames in a live session (with its real ids), and the session stays usable', async () => {
    const { socket, ids } = await liveVisitor();
    await fuzzFrames(
      socket,
      mutatedFrame(visitorToServer, ids),
      runs(450),
      visitorDecode,
      visitorProbe(socket),
    );
  });

  it('deep nesting and hostile keys sent raw: a typed answer; an unparsable packet drops only that connection', async () => {
    const { socket } = await visitorSession(relay.url);
    // Deeper than any recursive walk survives, and under the transport's 256 KiB: the packet
    // decoder refuses them unread (too large); the shallower ones within the frame limit are
    // refused for their depth. Either way a typed answer.
    const deepArray = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const deepObject = `${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}`;
    const deepSmall = `${'['.repeat(2_000)}${']'.repeat(2_000)}`;
    const frames = [
      `{"type":"chat.send","clientId":"deep","text":${deepArray}}`,
      `{"type":"session.hello","page":${deepObject}}`,
      deepArray,
      deepObject,
      `{"type":"chat.send","clientId":"deep","text":${deepSmall}}`,
      deepSmall,
      `{"type":"faq.search","query":"${'\\u0000'.repeat(150)}"}`,
      '{"type":"faq.search","query":"x","__proto__":{"polluted":true}}',
      '{"type":"faq.search","query":"x","constructor":{"prototype":{"polluted":true}}}',
      '{"__proto__":{"type":"faq.search","query":"x"}}',
      '{"type":"chat.send","clientId":"p","text":"hi","conversationId":"__proto__"}',
      '{"type":"conversation.sync","conversationId":"constructor","afterSeq":0}',
    ];
    for (const json of frames) {
      const answer = await rawRequest(socket, json);
      const problem = answerProblem(answer, visitorDecode);
      expect(problem, `${show(json)} -> ${show(answer)}`).toBeNull();
    }
    await visitorProbe(socket)();
    // socket.io closes a connection whose packet it cannot parse; nobody else notices.
    const other = await visitorSession(relay.url);
    const dropped = new Promise((resolve) => socket.once('disconnect', resolve));
    socket.io.engine.write('2/visitor,7["frame",{');
    await dropped;
    await visitorProbe(other.socket)();
    expectAlive();
  });
});

describe('fuzzing /agent', () => {
  it('arbitrary and mutated frames before agent.hello: typed errors only', async () => {
    const { token } = await login(relay.url, SUPERVISOR);
    const socket = await connected(agentSocket(relay.url, { token }));
    const notHello = (f: unknown) => (f as { type?: unknown } | null)?.type !== 'agent.hello';
    await fuzzFrames(
      socket,
      fc.oneof(arbitraryFrame(agentTypes), mutatedFrame(agentToServer)).filter(notHello),
      runs(250),
      agentDecode,
    );
    expect((await request(socket, { type: 'agent.hello' })).type).toBe('agent.welcome');
  });

  it('arbitrary JSON from a signed-in supervisor, and the session stays usable', async () => {
    const { socket } = await agentSession(relay.url, SUPERVISOR);
    await fuzzFrames(
      socket,
      arbitraryFrame(agentTypes),
      runs(150),
      agentDecode,
      agentProbe(socket),
    );
  });

  it('mutated valid frames from a signed-in supervisor (live ids), and the session stays usable', async () => {
    const visitor = await liveVisitor();
    const agent = await agentSession(relay.url, SUPERVISOR);
    const ids = {
      ...visitor.ids,
      a_1: agent.welcome.agent.id,
      s_1: agent.welcome.agent.id,
    };
    await fuzzFrames(
      agent.socket,
      mutatedFrame(agentToServer, ids),
      runs(450),
      agentDecode,
      agentProbe(agent.socket),
    );
  });

  it('report ranges the fuzz found (seed 1, scale 2): decades refused before they are built, negative refused', async () => {
    const { socket } = await agentSession(relay.url, SUPERVISOR);
    const now = Date.now();
    const decades = await request(socket, { type: 'kpi.get', from: 0, to: now, bucket: 'hour' });
    expect(decades).toMatchObject({ type: 'error', code: 'BAD_FRAME' });
    const year = await request(socket, {
      type: 'kpi.get',
      from: now - 366 * 86_400_000,
      to: now,
      bucket: 'hour',
    });
    expect(year.type).toBe('kpi.report');
    // A negative range made an answer the console cannot decode: now a typed refusal.
    const negative = await request(socket, { type: 'faq.metrics.get', from: 0, to: -5 });
    expect(negative).toMatchObject({ type: 'error', code: 'BAD_FRAME', details: [{ path: 'to' }] });
    const early = await request(socket, { type: 'faq.metrics.get', to: 5 });
    expect(answerProblem(early, agentDecode)).toBeNull();
    expectAlive();
  });
});

describe('fuzzing event names, emits without an ack, and handshakes', () => {
  const eventArb = fc
    .record({
      event: fc.oneof(
        fc.constantFrom(
          'frame',
          'message',
          'chat.send',
          'session.hello',
          '__proto__',
          'constructor',
          'toString',
          '',
        ),
        fc.string({ maxLength: 30 }),
      ),
      args: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
      ack: fc.boolean(),
    })
    .filter(({ event }) => !RESERVED_EVENTS.has(event));

  it('random event names: UNKNOWN_TYPE, as an answer or pushed; emits without an ack hear only typed errors', async () => {
    const { socket } = await visitorSession(relay.url);
    const agent = await agentSession(relay.url, SUPERVISOR);
    let unknownPushes = 0;
    await fc.assert(
      fc.asyncProperty(eventArb, fc.boolean(), async ({ event, args, ack }, toAgent) => {
        const target = toAgent ? agent.socket : socket;
        if (ack) {
          const answer = (await target.timeout(10_000).emitWithAck(event, ...args)) as unknown;
          const problem = answerProblem(answer, toAgent ? agentDecode : visitorDecode);
          if (problem) throw new Error(`${problem}: ${event} ${show(args)} -> ${show(answer)}`);
          if (event !== 'frame')
            expect(answer).toMatchObject({ type: 'error', code: 'UNKNOWN_TYPE' });
        } else {
          target.emit(event, ...args);
          if (event !== 'frame' && !toAgent) unknownPushes++;
        }
      }),
      fcOptions(runs(200)),
    );
    // Each unknown event sent without an ack is answered by one pushed UNKNOWN_TYPE.
    for (let i = 0; i < unknownPushes; i++) {
      await waitForFrame(
        socket,
        (f) =>
          f.type === 'error' && f.code === 'UNKNOWN_TYPE' && f.message.startsWith('Unknown event'),
        10_000,
      );
    }
    for (const [s, decode] of [
      [socket, visitorDecode],
      [agent.socket, agentDecode],
    ] as const) {
      const bad = framesOf(s).filter((f) => answerProblem(f, decode) !== null);
      expect(bad.map(show)).toEqual([]);
      expect(s.connected).toBe(true);
    }
    await visitorProbe(socket)();
    await agentProbe(agent.socket)();
    expectAlive();
  });

  it('visitor handshakes with random auth and site: connected only when valid, else a typed refusal', async () => {
    const { welcome } = await visitorSession(relay.url);
    const valid = welcome.token;
    const flipped = `${valid.slice(0, 20)}${valid[20] === 'A' ? 'B' : 'A'}${valid.slice(21)}`;
    const arbitrary = fc.record({
      site: fc.oneof(
        fc.constant('demo'),
        fc.constantFrom(
          undefined,
          '',
          'DEMO',
          'demo ',
          '__proto__',
          'constructor',
          'x'.repeat(3_000),
        ),
        fc.string({ maxLength: 20 }),
      ),
      protocol: fc.oneof(fc.constant<unknown>(PROTOCOL_VERSION), fc.jsonValue({ maxDepth: 1 })),
      token: fc.oneof(
        fc.constantFrom(undefined, valid, flipped, '', 'a.b.c', 'x'.repeat(2_000)),
        fc.string({ maxLength: 80 }),
      ),
      extra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), {
        maxKeys: 3,
      }),
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ site, protocol, token, extra }) => {
        const auth = { ...extra, protocol, ...(token === undefined ? {} : { token }) };
        const socket = visitorSocket(relay.url, {
          auth,
          query: site === undefined ? {} : { site },
        });
        const outcome = await connectOutcome(socket);
        const input = show({ site, auth });
        if (outcome.connected) {
          const welcomed = await request(socket, { type: 'session.hello' }, 10_000);
          if (welcomed.type !== 'session.welcome')
            throw new Error(`${input}: hello got ${show(welcomed)}`);
          const acceptable =
            site === 'demo' &&
            protocol === PROTOCOL_VERSION &&
            (token === undefined || token === '' || token === valid);
          if (!acceptable) throw new Error(`accepted a bad handshake: ${input}`);
        } else if (!outcome.typed) {
          throw new Error(`untyped refusal ${outcome.detail} for ${input}`);
        }
        socket.disconnect();
      }),
      fcOptions(runs(120)),
    );
    expectAlive();
  });

  it('agent handshakes with random auth: connected only with a real token, else a typed refusal', async () => {
    const { token: valid } = await login(relay.url, SUPERVISOR);
    const flipped = `${valid.slice(0, 20)}${valid[20] === 'A' ? 'B' : 'A'}${valid.slice(21)}`;
    const arbitrary = fc.record({
      protocol: fc.oneof(fc.constant<unknown>(PROTOCOL_VERSION), fc.jsonValue({ maxDepth: 1 })),
      token: fc.oneof(
        fc.constantFrom<unknown>(undefined, valid, flipped, '', API_KEY, 'x'.repeat(2_000)),
        fc.jsonValue({ maxDepth: 1 }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ protocol, token }) => {
        const socket = agentSocket(relay.url, {
          auth: { protocol, ...(token === undefined ? {} : { token }) },
        });
        const outcome = await connectOutcome(socket);
        const input = show({ protocol, token });
        if (outcome.connected) {
          if (protocol !== PROTOCOL_VERSION || token !== valid) {
            throw new Error(`accepted a bad agent handshake: ${input}`);
          }
        } else if (!outcome.typed) {
          throw new Error(`untyped refusal ${outcome.detail} for ${input}`);
        }
        socket.disconnect();
      }),
      fcOptions(runs(60)),
    );
    expectAlive();
  });
});

/** Connected, or refused with a typed error (message = code, data = the ErrorFrame). */
function connectOutcome(
  socket: Socket,
): Promise<{ connected: true } | { connected: false; typed: boolean; detail: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('handshake: no answer within 10 s')), 10_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ connected: true });
    });
    socket.once('connect_error', (error: Error & { data?: { type?: unknown; code?: unknown } }) => {
      clearTimeout(timer);
      const typed =
        CODES.has(error.message) &&
        error.data?.type === 'error' &&
        error.data.code === error.message &&
        error.message !== 'INTERNAL';
      resolve({ connected: false, typed, detail: `${error.message} ${show(error.data)}` });
    });
  });
}

describe('fuzzing HTTP', () => {
  /** What may come back from a static route: a file of a build folder, byte for byte. */
  let servable: Set<string>;
  let tokens: string[];
  beforeAll(async () => {
    servable = fileHashes(WIDGET_DIST, CONSOLE_DIST);
    const supervisor = await login(relay.url, SUPERVISOR);
    const agent = await login(relay.url);
    const { welcome } = await visitorSession(relay.url);
    tokens = [API_KEY, supervisor.token, agent.token, welcome.token];
  });

  /** Why an HTTP outcome is wrong, or null. */
  function httpProblem(req: FuzzRequest, outcome: HttpOutcome): string | null {
    // A relay that answers before reading a body it does not need closes the connection with
    // bytes unread, which TCP may turn into a reset that overtakes the answer: the client's
    // doing, not a failure (a crash would show in expectAlive and the error log; a hang times out).
    if (!outcome.ok && req.body && /ECONNRESET|EPIPE/.test(outcome.error)) return null;
    if (!outcome.ok) return outcome.error;
    const { status, headers, body } = outcome;
    if (status >= 500) return `status ${status}: ${body.toString().slice(0, 200)}`;
    const text = body.toString('latin1');
    if (text.includes(SECRET)) return 'the token secret is in the body';
    // The path as the relay sees it (the URL parser resolves dot segments).
    let path: string;
    try {
      path = new URL(req.path, 'http://relay').pathname;
    } catch {
      return null;
    }
    const fromRelay = headers['x-content-type-options'] === 'nosniff';
    if (path.startsWith('/api/') && status >= 400 && fromRelay && req.method !== 'HEAD') {
      let parsed: { error?: { code?: unknown; message?: unknown } };
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        return `status ${status} on ${path} without a JSON body: ${text.slice(0, 100)}`;
      }
      if (!CODES.has(String(parsed.error?.code)) || typeof parsed.error?.message !== 'string') {
        return `status ${status} on ${path} with an untyped body: ${text.slice(0, 200)}`;
      }
    }
    const isStatic =
      path === '/widget.js' || path.startsWith('/widget/') || path.startsWith('/console');
    if (isStatic && status === 200 && req.method === 'GET' && !servable.has(sha256(body))) {
      return `${path} served something that is not a build file: ${text.slice(0, 100)}`;
    }
    return null;
  }

  it('random methods, paths, headers, queries and bodies on every route: never a 5xx or a hang, typed API errors, only build files', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(shown(requestArb(tokens)), async ({ value: req }) => {
        const outcome = await send(relay.url, req);
        if (outcome.ok) statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
        const problem = httpProblem(req, outcome);
        if (problem) {
          throw new Error(
            `${problem}\n  ${req.method} ${show(req.path)} ${show(req.headers)} body ${show(req.body?.toString())}`,
          );
        }
      }),
      fcOptions(runs(600)),
    );
    report(`HTTP fuzz statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    // The fuzz got past authentication, and was refused too.
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(statuses.get(401)).toBeGreaterThan(0);
    expectAlive();
  });

  it.each([
    ['absolute-form target', 'GET http://relay/healthz HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['absolute-form, bad host', 'GET http://[bad/api/agent/me HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['scheme-relative target', 'GET //evil.example/api/v1/callbacks HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['asterisk target', 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['raw traversal', 'GET /console/../../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['raw NUL in path', 'GET /widget/%00/../../package.json HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['no Host', 'GET /healthz HTTP/1.1\r\n\r\n'],
    [
      'malformed escape in a callback id',
      `GET /api/v1/callbacks/%E0%A4%A HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${API_KEY}\r\n\r\n`,
    ],
    [
      'malformed escape in a PATCH',
      `PATCH /api/v1/callbacks/%zz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${API_KEY}\r\nContent-Length: 2\r\n\r\n{}`,
    ],
    ['HTTP/1.0', 'GET /api/agent/me HTTP/1.0\r\n\r\n'],
    ['garbage request line', 'HELLO\r\n\r\n'],
    ['header without a colon', 'GET /healthz HTTP/1.1\r\nHost: x\r\nbroken\r\n\r\n'],
    [
      'body with both lengths',
      'POST /api/agent/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
    [
      'bad chunk size',
      'POST /api/agent/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
    ],
    ['negative length', 'POST /api/agent/login HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n'],
    ['huge header', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`],
    [
      'engine.io garbage',
      'GET /socket.io/?EIO=9&transport=carrier-pigeon HTTP/1.1\r\nHost: x\r\n\r\n',
    ],
    [
      'engine.io bad sid',
      'POST /socket.io/?EIO=4&transport=polling&sid=nope HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc',
    ],
  ])('raw request: %s gets an answer that is not a 5xx', async (_name, raw) => {
    const answer = await sendRaw(relay.url, raw);
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0);
    // An empty answer is the parser closing a connection it cannot read: also not a crash.
    if (answer !== '') expect(status, answer.slice(0, 300)).toBeLessThan(500);
    if (status === 200) expect(answer).not.toContain('root:');
    expectAlive();
  });
});

describe('after the fuzz', () => {
  it('the relay is healthy, a fresh visitor chats with an agent, nothing failed inside, memory is bounded', async () => {
    const health = await send(relay.url, {
      method: 'GET',
      path: '/healthz',
      headers: {},
      body: null,
    });
    expect(health.ok && health.status).toBe(200);

    const agent = await agentSession(relay.url, TECH);
    expect((await request(agent.socket, { type: 'presence.set', presence: 'online' })).type).toBe(
      'ok',
    );
    const { socket: visitor } = await visitorSession(relay.url);
    const marker = `after-fuzz-${Date.now()}`;
    const ack = await request<ChatAck>(visitor, {
      type: 'chat.send',
      clientId: clientId(),
      text: `Hello ${marker}`,
      departmentId: 'tech',
    });
    expect(ack.type).toBe('chat.ack');
    await waitForFrame<InboxUpsert>(
      agent.socket,
      (f) => f.type === 'inbox.upsert' && f.conversation.id === ack.conversationId,
      10_000,
    );
    const reply = await request<ChatAck>(agent.socket, {
      type: 'chat.send',
      conversationId: ack.conversationId,
      clientId: clientId(),
      text: `Reply ${marker}`,
    });
    expect(reply.type).toBe('chat.ack');
    const seen = await waitForFrame<ConversationEventFrame>(
      visitor,
      (f) =>
        f.type === 'conversation.event' &&
        f.event.type === 'message.created' &&
        f.event.text === `Reply ${marker}`,
      10_000,
    );
    expect(seen.conversationId).toBe(ack.conversationId);
    closeAllSockets();

    // No handler threw (each would be logged at error level), and no message text reached the log.
    const failures = relay.logs.filter((entry) => Number(entry.level) >= 50);
    expect(failures.map((e) => show(e))).toEqual([]);
    expect(relay.logs.filter((e) => JSON.stringify(e).includes(marker))).toEqual([]);

    await settle(500);
    const after = await relayMemory();
    const heapGrowth = after.heapUsed - before.heapUsed;
    const rssGrowth = after.rss - before.rss;
    report(
      `relay memory after the fuzz: heap ${mb(before.heapUsed)} -> ${mb(after.heapUsed)} (${mb(heapGrowth)}), rss ${mb(before.rss)} -> ${mb(after.rss)} (${mb(rssGrowth)})`,
    );
    expect(heapGrowth).toBeLessThan(64 * 1_048_576);
    expect(rssGrowth).toBeLessThan(192 * 1_048_576);

    // A clean stop: no crash, no unhandled rejection on the way out.
    expectAlive();
    relay.child.kill('SIGTERM');
    expect(await relay.exited).toEqual({ code: 0, signal: null });
    expect(relay.stderr()).not.toMatch(/Unhandled|uncaught|TypeError|RangeError/i);
  }, 60_000);
});

describe('with the default limits', () => {
  it('a flood of fuzzed frames gets typed answers, RATE_LIMITED among them, and others are still served', async () => {
    const limited = await startRelay({ departments: [{ id: 'unstaffed', name: 'Unstaffed' }] });
    const failures: unknown[] = [];
    const onFailure = (error: unknown) => failures.push(error);
    process.on('unhandledRejection', onFailure);
    process.on('uncaughtException', onFailure);
    try {
      const { socket } = await visitorSession(limited.url);
      const fuzzed = fc.sample(arbitraryFrame(visitorTypes), { numRuns: 60, seed: FUZZ_SEED });
      // Profile changes are limited per visitor whatever the frame limits are.
      const frames = fuzzed.flatMap((frame, i) => [
        frame,
        { type: 'visitor.update', name: `Flood ${i}` },
        { type: 'chat.send', clientId: `flood-${i}`, text: `flood ${i}` },
      ]);
      let disconnectedByRelay = false;
      socket.on('disconnect', (reason) => {
        if (reason === 'io server disconnect') disconnectedByRelay = true;
      });
      const answers = await Promise.allSettled(
        frames.map((frame) => request(socket, frame, 15_000)),
      );
      const answered = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
      // Every request is answered, unless the relay chose to drop the flooding socket.
      if (!disconnectedByRelay) expect(answered).toHaveLength(frames.length);
      const problems = answered
        .map((answer) => answerProblem(answer, visitorDecode))
        .filter((p) => p !== null);
      expect(problems).toEqual([]);
      const rateLimited = [...answered, ...framesOf(socket)].filter(
        (f) => f.type === 'error' && f.code === 'RATE_LIMITED',
      );
      report(
        `flood: ${frames.length} frames, ${answered.length} answered, ${rateLimited.length} RATE_LIMITED`,
      );
      expect(rateLimited.length).toBeGreaterThan(0);

      // Someone else on the relay is still served: a welcome, then a message acknowledged.
      const other = await visitorSession(limited.url);
      const ack = await request(other.socket, {
        type: 'chat.send',
        clientId: clientId(),
        text: 'Hi',
      });
      expect(ack.type).toBe('chat.ack');
      expect(failures).toEqual([]);
    } finally {
      process.off('unhandledRejection', onFailure);
      process.off('uncaughtException', onFailure);
      closeAllSockets();
      await limited.close();
    }
  });
});
