import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchemas } from '../src/compiled/generate.js';
import { compiledDetails, parseCompiled } from '../src/compiled/validate.js';
import { VISITOR_SCHEMAS } from '../src/compiled/visitor-schemas.generated.js';
import {
  decodeServerToVisitor,
  decodeServerToVisitorCompiled,
  issueDetails,
  PrechatAnswers,
  parseVisitorSchema,
  ServerToVisitor,
  VisitorIdentify,
  VisitorUpdate,
} from '../src/index.js';
import { serverToVisitor, visitorToServer } from './fixtures.js';

// The compiled decoder must be the zod decoder, minus zod: same accepted inputs, same decoded
// values (unknown keys stripped), same error frames (code, message, per-field details).

const zodSchemas = { ServerToVisitor, VisitorIdentify, VisitorUpdate, PrechatAnswers };

const identifyAndUpdate = [
  ...visitorToServer.filter(
    (frame) => frame.type === 'visitor.identify' || frame.type === 'visitor.update',
  ),
  {
    type: 'visitor.identify' as const,
    userId: 'u-1',
    name: 'Ada',
    email: 'ada@example.com',
    attributes: { plan: 'team', seats: 3, trial: false, churned: null },
  },
];
const prechat = [
  { name: 'Ada', email: 'ada@example.com', topic: 'order', phone: '+4930123456' },
  { name: 'Ada' },
  {},
];

/** Every place in a value: the path to it. */
function paths(value: unknown, at: PropertyKey[] = [], out: PropertyKey[][] = []): PropertyKey[][] {
  out.push(at);
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) paths(item, [...at, i], out);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) paths(item, [...at, key], out);
  }
  return out;
}

/** Values a mutation writes: wrong types, edges of the limits, unknown enum members, nesting. */
const replacements: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  2 ** 60,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  'x',
  'x'.repeat(65),
  'x'.repeat(301),
  'x'.repeat(5001),
  '\u{1F600}'.repeat(40),
  '\u{1F600}'.repeat(70),
  true,
  [],
  [null],
  {},
  { type: 'nope' },
  'not-a-member',
  'session.welcome',
  'message.created',
  'redacted',
  'agent',
  '+4930123456',
  '#ffffff',
  Array.from({ length: 21 }, () => ({ start: 1, end: 2 })),
  Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])),
  { 'bad key!': 1, fine: 'x'.repeat(501) },
  { length: 10_000 },
];

type Mutation = { at: number; op: 'set' | 'drop' | 'extra'; with: number };
// Unbiased: fast-check's default bias towards small numbers would mostly mutate the root.
const mutation = fc.record({
  at: fc.noBias(fc.nat({ max: 100_000 })),
  op: fc.constantFrom<Mutation['op']>('set', 'set', 'drop', 'extra'),
  with: fc.noBias(fc.nat({ max: replacements.length - 1 })),
});

function mutate(original: unknown, mutations: Mutation[]): unknown {
  const copy = structuredClone(original);
  let root: unknown = copy;
  for (const m of mutations) {
    const all = paths(root);
    const path = all[m.at % all.length] ?? [];
    const replacement = structuredClone(replacements[m.with]);
    if (path.length === 0) {
      if (m.op === 'extra' && typeof root === 'object' && root !== null) {
        (root as Record<string, unknown>).extra = replacement;
      } else if (m.op === 'set') root = replacement;
      continue;
    }
    let parent = root as Record<PropertyKey, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<PropertyKey, unknown>;
    const key = path[path.length - 1] as PropertyKey;
    if (m.op === 'drop' && !Array.isArray(parent)) delete parent[key];
    else if (m.op === 'extra') {
      const target = parent[key];
      if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
        (target as Record<string, unknown>).unexpected = replacement;
      } else parent[key] = replacement;
    } else parent[key] = replacement;
  }
  return root;
}

function expectSameDecode(input: unknown): void {
  const zod = decodeServerToVisitor(input);
  const compiled = decodeServerToVisitorCompiled(input);
  expect(compiled).toStrictEqual(zod);
}

function expectSameParse(name: keyof typeof zodSchemas, input: unknown): void {
  const zod = zodSchemas[name].safeParse(input);
  const compiled = parseVisitorSchema(name, input);
  expect(compiled.success).toBe(zod.success);
  if (zod.success && compiled.success) expect(compiled.data).toStrictEqual(zod.data);
  if (!zod.success && !compiled.success) {
    expect(compiledDetails(compiled.issues)).toStrictEqual(issueDetails(zod.error.issues));
  }
}

describe('compiled visitor schemas', () => {
  it('are up to date with the zod schemas (else: pnpm --filter @switchboard/shared generate)', () => {
    expect(VISITOR_SCHEMAS).toStrictEqual(compileSchemas(zodSchemas));
  });

  it.each(serverToVisitor.map((frame) => [frame.type, frame] as const))(
    'decode every %s fixture as zod does',
    (_type, frame) => {
      const decoded = decodeServerToVisitorCompiled(frame);
      expect(decoded.ok).toBe(true);
      expectSameDecode(frame);
    },
  );

  it('strip unknown keys, as z.object does', () => {
    const frame = { type: 'ok', extra: 1 };
    expect(decodeServerToVisitorCompiled(frame)).toStrictEqual({ ok: true, value: { type: 'ok' } });
    expectSameDecode(frame);
  });

  it('report the same errors as zod for broken frames', () => {
    const broken = [
      null,
      [],
      'ok',
      {},
      { type: 1 },
      { type: 'nope' },
      { type: 'chat.ack' },
      { type: 'queue.status', conversationId: 'c', position: 1.5 },
      { type: 'faq.results', query: 'q', results: [{ id: '', title: 'x'.repeat(301) }] },
    ];
    for (const input of broken) expectSameDecode(input);
    const tooLong = decodeServerToVisitorCompiled({
      type: 'faq.results',
      query: 'q',
      results: [{ id: 'a', title: 'x'.repeat(301), snippet: '' }],
    });
    expect(tooLong.ok ? null : tooLong.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('accept and reject what zod does, with the same values, over mutated relay frames', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...serverToVisitor),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (frame, mutations) => expectSameDecode(mutate(frame, mutations)),
      ),
      { numRuns: 4_000 },
    );
  });

  it('check identify, setAttributes and pre-chat answers as zod does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...identifyAndUpdate),
        fc.array(mutation, { maxLength: 3 }),
        (frame, mutations) =>
          expectSameParse(
            frame.type === 'visitor.identify' ? 'VisitorIdentify' : 'VisitorUpdate',
            mutate(frame, mutations),
          ),
      ),
      { numRuns: 2_000 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...prechat),
        fc.array(mutation, { maxLength: 3 }),
        (answers, mutations) => expectSameParse('PrechatAnswers', mutate(answers, mutations)),
      ),
      { numRuns: 1_000 },
    );
  });

  it('count 50 attribute keys as the limit (a named check)', () => {
    const attributes = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]));
    const result = parseCompiled(VISITOR_SCHEMAS, VISITOR_SCHEMAS.roots.VisitorUpdate, {
      type: 'visitor.update',
      attributes,
    });
    expect(result.success).toBe(false);
  });
});
