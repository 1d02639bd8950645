// Arbitraries for fuzzing the relay's sockets: hostile JSON values, and valid frames mutated.
import { ERROR_CODES, type ErrorCode, LIMITS } from '@switchboard/shared';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';

/** The fuzz seed: fixed so a run replays; `FUZZ_SEED=<n>` tries another. Printed by the test. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_240_808);
/** Scales every `numRuns` (`FUZZ_SCALE=4` for a longer hunt by hand). */
export const FUZZ_SCALE = Number(process.env.FUZZ_SCALE ?? 1);
/** `numRuns` for a property: `base` scaled, at least 1. */
export const runs = (base: number) => Math.max(1, Math.round(base * FUZZ_SCALE));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

/** `[[[...x...]]]` or `{"a":{"a":...x...}}`, `depth` levels: built in a loop, not recursion. */
export function nested(depth: number, kind: 'array' | 'object', leaf: Json = 1): Json {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** Set an own property even for `__proto__`, as JSON.parse on the relay will. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Values no field expects: wrong types, edge numbers, huge, odd unicode, deep. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    false,
    0,
    -0,
    -1,
    0.5,
    -273.15,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    -Number.MAX_SAFE_INTEGER - 2,
    2 ** 31,
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\u202e\u200b\ufeff',
    '\ud800',
    '\udfff\ud800',
    '🦄'.repeat(40),
    '<script>alert(1)</script>',
    "'; DROP TABLE events; --",
    '../../../../etc/passwd',
    'constructor',
    '__proto__',
    'toString',
  ),
  // Objects are made fresh for each use: a shared one inserted twice would make a cycle.
  fc.constantFrom(0, 1, 2).map((i): Json => [[], {}, [null]][i]!),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc
    .constantFrom(LIMITS.messageChars, LIMITS.messageChars + 1, LIMITS.frameBytes - 200, 20_000)
    .map((n) => 'x'.repeat(n)),
  // Two bytes each: under the character limit, over the byte limit for the longest.
  fc.constantFrom(4_000, 8_500).map((n) => 'é'.repeat(n)),
  // socket.io-client walks a frame recursively (for binary parts): deeper goes raw (rawRequest).
  fc
    .tuple(fc.constantFrom(50, 400), fc.constantFrom('array' as const, 'object' as const))
    .map(([depth, kind]) => nested(depth, kind)),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

/** Every path inside a JSON value, the root included (not below 8 levels: deep values are opaque). */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (prefix.length >= 8 || value === null || typeof value !== 'object') return out;
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : Object.entries(value);
  for (const [k, v] of entries) {
    for (const path of pathsOf(v, [...prefix, k])) out.push(path);
  }
  return out;
}

function at(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) value = (value as Record<string | number, unknown>)[key];
  return value;
}

/** One change to a frame; applied to a copy. */
type Mutation =
  | { kind: 'drop'; pick: number }
  | { kind: 'replace'; pick: number; value: Json }
  | { kind: 'extra'; pick: number; key: string; value: Json }
  | { kind: 'retype'; type: string }
  | { kind: 'wrap'; how: 'array' | 'deep' | 'string' };

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toJSON'];

function mutationArb(types: readonly string[]): fc.Arbitrary<Mutation> {
  const pick = fc.nat();
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('drop' as const), pick }) },
    {
      weight: 5,
      arbitrary: fc.record({ kind: fc.constant('replace' as const), pick, value: hostileValue }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('extra' as const),
        pick,
        key: fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 12 })),
        value: fc.oneof(
          hostileValue,
          fc.constant(null).map((): Json => ({ polluted: true, isAdmin: true })),
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('retype' as const),
        type: fc.constantFrom(...types),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('wrap' as const),
        how: fc.constantFrom('array' as const, 'deep' as const, 'string' as const),
      }),
    },
  );
}

/** Apply mutations in order to a deep copy of `frame`. */
export function mutate(frame: unknown, mutations: readonly Mutation[]): unknown {
  let root: unknown = structuredClone(frame);
  for (const m of mutations) {
    if (m.kind === 'retype') {
      if (root && typeof root === 'object' && !Array.isArray(root)) {
        (root as Record<string, unknown>).type = m.type;
      }
      continue;
    }
    if (m.kind === 'wrap') {
      root =
        m.how === 'array'
          ? [root]
          : m.how === 'string'
            ? JSON.stringify(root)
            : nested(100, 'object', root as Json);
      continue;
    }
    const all = pathsOf(root);
    if (m.kind === 'extra') {
      const containers = all.filter((p) => {
        const v = at(root, p);
        return v !== null && typeof v === 'object' && !Array.isArray(v);
      });
      if (containers.length === 0) continue;
      const target = at(root, containers[m.pick % containers.length]!) as Record<string, unknown>;
      setOwn(target, m.key, m.value);
      continue;
    }
    const inner = all.filter((p) => p.length > 0);
    if (inner.length === 0) continue;
    const path = inner[m.pick % inner.length]!;
    const parent = at(root, path.slice(0, -1)) as Record<string | number, unknown>;
    const key = path.at(-1)!;
    if (m.kind === 'drop') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else {
      parent[key] = m.value;
    }
  }
  return root;
}

/** Replace fixture ids (`c_1`, `cb_1`...) with live ones, so mutated frames reach real records. */
export function withIds(frame: unknown, ids: Record<string, string>): unknown {
  return JSON.parse(
    JSON.stringify(frame, (_key, value: unknown) =>
      typeof value === 'string' && Object.hasOwn(ids, value) ? ids[value] : value,
    ),
  );
}

/**
 * A valid fixture, optionally pointed at live ids, with 1 to 3 mutations (sometimes none: a valid
 * frame is a fine input too).
 */
export function mutatedFrame(
  fixtures: readonly object[],
  liveIds?: Record<string, string>,
): fc.Arbitrary<unknown> {
  const types = [...new Set(fixtures.map((f) => (f as { type: string }).type))];
  return fc
    .record({
      fixture: fc.constantFrom(...fixtures),
      live: fc.boolean(),
      mutations: fc.array(mutationArb(types), { minLength: 0, maxLength: 3 }),
    })
    .map(({ fixture, live, mutations }) =>
      mutate(live && liveIds ? withIds(fixture, liveIds) : fixture, mutations),
    );
}

/** Arbitrary JSON as a frame: mostly objects, some with a known `type`, some not objects at all. */
export function arbitraryFrame(types: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 })),
    fc
      .record({
        type: fc.oneof(fc.constantFrom(...types), fc.string({ maxLength: 20 })),
        rest: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), {
          maxKeys: 6,
        }),
      })
      .map(({ type, rest }) => ({ ...rest, type })),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  );
}

const CODES = new Set<string>(ERROR_CODES);
/** socket.io's own event names: a client cannot emit them. */
export const RESERVED_EVENTS = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);

/**
 * Why `answer` is not an acceptable answer to a fuzzed frame, or null when it is: a success must
 * decode as a relay frame (with `decode`), an error must carry a known code and a message, and
 * `INTERNAL` (the relay's handler threw) is never acceptable.
 */
export function answerProblem(
  answer: unknown,
  decode: (frame: unknown) => { ok: boolean; error?: unknown },
): string | null {
  if (answer === null || typeof answer !== 'object') return `not an object: ${String(answer)}`;
  const frame = answer as { type?: unknown; code?: unknown; message?: unknown };
  if (frame.type === 'error') {
    if (typeof frame.code !== 'string' || !CODES.has(frame.code)) {
      return `error with an unknown code ${JSON.stringify(frame.code)}`;
    }
    if (typeof frame.message !== 'string') return 'error without a message';
    if ((frame.code as ErrorCode) === 'INTERNAL') return 'INTERNAL: a handler threw';
  }
  const decoded = decode(answer);
  return decoded.ok ? null : `does not decode: ${JSON.stringify(decoded.error)}`;
}

/**
 * Count the acks each request id receives on a socket, to prove every request is answered once.
 * socket.io-client drops a second ack silently, so the manager's packets are counted instead.
 */
export function countAcks(socket: Socket): Map<number, number> {
  const counts = new Map<number, number>();
  socket.io.on('packet', (packet: { type: number; id?: number; nsp: string }) => {
    // 3 is ACK, 6 is BINARY_ACK.
    if ((packet.type === 3 || packet.type === 6) && packet.id !== undefined) {
      counts.set(packet.id, (counts.get(packet.id) ?? 0) + 1);
    }
  });
  return counts;
}

/** A short, printable picture of a fuzzed input for failure messages. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 300 ? `${text.slice(0, 300)}... (${text.length} chars)` : text;
}

/** An input with a short printout: fast-check's own would overflow the stack on deep values. */
export interface Shown<T> {
  value: T;
}

/** Wrap an arbitrary's values so a failure report prints them with `show`. */
export function shown<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<Shown<T>> {
  return arbitrary.map((value) => ({ value, [fc.toStringMethod]: () => show(value) }));
}

let rawIds = 1_000_000;

/**
 * Emit `frame` text as a raw socket.io EVENT packet with an ack id, bypassing the client's encoder
 * (which recurses and cannot send what a hostile client can), and resolve with the relay's answer.
 */
export function rawRequest(socket: Socket, json: string, timeoutMs = 10_000): Promise<unknown> {
  const id = rawIds++;
  const nsp = (socket as unknown as { nsp: string }).nsp;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.io.off('packet', onPacket);
      reject(new Error(`no answer to raw packet ${id} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onPacket = (packet: { type: number; id?: number; nsp: string; data?: unknown[] }) => {
      if (packet.type !== 3 || packet.id !== id || packet.nsp !== nsp) return;
      clearTimeout(timer);
      socket.io.off('packet', onPacket);
      resolve(packet.data?.[0]);
    };
    socket.io.on('packet', onPacket);
    // engine.io message (4) carrying a socket.io EVENT (2) for the namespace, with the ack id.
    socket.io.engine.write(`2${nsp},${id}["frame",${json}]`);
  });
}
