import { describe, expect, it } from 'vitest';
import {
  AgentToServer,
  applyEvent,
  decodeAgentHandshake,
  decodeAgentToServer,
  decodeServerToAgent,
  decodeServerToVisitor,
  decodeVisitorHandshake,
  decodeVisitorToServer,
  LIMITS,
  PROTOCOL_VERSION,
  ServerToAgent,
  ServerToVisitor,
  utf8Length,
  VisitorToServer,
} from '../src/index.js';
import {
  agentToServer,
  events,
  serverToAgent,
  serverToVisitor,
  summary,
  visitorToServer,
} from './fixtures.js';

type Union = { _zod: { propValues: { type: Set<string> } } };
const typesOf = (schema: unknown) => [...(schema as Union)._zod.propValues.type].sort();

const directions = [
  {
    name: 'VisitorToServer',
    schema: VisitorToServer,
    decode: decodeVisitorToServer,
    valid: visitorToServer,
    fromClient: true,
  },
  {
    name: 'ServerToVisitor',
    schema: ServerToVisitor,
    decode: decodeServerToVisitor,
    valid: serverToVisitor,
    fromClient: false,
  },
  {
    name: 'AgentToServer',
    schema: AgentToServer,
    decode: decodeAgentToServer,
    valid: agentToServer,
    fromClient: true,
  },
  {
    name: 'ServerToAgent',
    schema: ServerToAgent,
    decode: decodeServerToAgent,
    valid: serverToAgent,
    fromClient: false,
  },
] as const;

describe.each(directions)('$name', ({ schema, decode, valid, fromClient }) => {
  it('has a valid fixture for every frame type', () => {
    expect([...new Set(valid.map((f) => f.type))].sort()).toEqual(typesOf(schema));
  });

  it.each(valid.map((frame) => [frame.type, frame] as const))('accepts %s', (_type, frame) => {
    const decoded = decode(frame);
    expect(decoded).toEqual({ ok: true, value: frame });
  });

  it.each([
    ['a string', 'hello', 'BAD_FRAME'],
    ['null', null, 'BAD_FRAME'],
    ['an array', [{ type: 'ok' }], 'BAD_FRAME'],
    ['no type', { text: 'hi' }, 'BAD_FRAME'],
    ['a numeric type', { type: 7 }, 'BAD_FRAME'],
    ['an unknown type', { type: 'chat.delete' }, 'UNKNOWN_TYPE'],
  ])('rejects %s with %s', (_what, input, code) => {
    const decoded = decode(input);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.error.type).toBe('error');
      expect(decoded.error.code).toBe(code);
      expect(decoded.error.message.length).toBeGreaterThan(0);
    }
  });

  it(
    fromClient
      ? 'refuses a frame over the size limit'
      : 'accepts frames of any size from the relay',
    () => {
      // 600 messages of 100 characters: about 100 KB, far over the 16 KiB a client may send.
      const big = valid.find((f) => f.type === 'conversation.events') ?? {
        type: 'chat.send',
        clientId: 'k',
        text: 'x',
        pad: 'y'.repeat(LIMITS.frameBytes),
      };
      const frame =
        big.type === 'conversation.events'
          ? {
              ...big,
              events: Array.from({ length: 600 }, (_, i) => ({
                type: 'message.created',
                seq: i + 1,
                at: 1,
                id: `m${i}`,
                clientId: `k${i}`,
                author: { role: 'visitor', id: 'v', name: 'V' },
                text: 'z'.repeat(100),
              })),
            }
          : big;
      const decoded = decode(frame);
      if (fromClient)
        expect(decoded).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
      else expect(decoded).toMatchObject({ ok: true });
    },
  );

  it('rejects every fixture with a field of the wrong type as BAD_FRAME', () => {
    // Unknown fields are ignored (a newer client may add optional ones); wrong types are not.
    for (const frame of valid) {
      const keys = Object.keys(frame).filter((k) => k !== 'type');
      for (const key of keys) {
        const value = (frame as Record<string, unknown>)[key];
        const broken = {
          ...frame,
          [key]: typeof value === 'number' || value === null ? 'seven' : 12345,
        };
        const decoded = decode(broken);
        expect(decoded.ok, `${frame.type}.${key}`).toBe(false);
        if (!decoded.ok) expect(decoded.error.code).toBe('BAD_FRAME');
      }
    }
  });
});

describe('field-level rules', () => {
  it('refuses an empty message and names the field', () => {
    const decoded = decodeVisitorToServer({ type: 'chat.send', clientId: 'k', text: '' });
    expect(decoded).toMatchObject({
      ok: false,
      error: { code: 'BAD_FRAME', details: [{ path: 'text', message: 'must not be empty' }] },
    });
  });

  it('refuses a message over the character limit as PAYLOAD_TOO_LARGE', () => {
    const text = 'é'.repeat(LIMITS.messageChars + 1); // 10 KB of UTF-8: under the frame limit
    const decoded = decodeVisitorToServer({ type: 'chat.send', clientId: 'k', text });
    expect(decoded).toMatchObject({
      ok: false,
      error: { code: 'PAYLOAD_TOO_LARGE', details: [{ path: 'text' }] },
    });
  });

  it('accepts a message exactly at the limit', () => {
    const text = 'a'.repeat(LIMITS.messageChars);
    expect(decodeVisitorToServer({ type: 'chat.send', clientId: 'k', text }).ok).toBe(true);
  });

  it('refuses a negative or fractional seq', () => {
    for (const afterSeq of [-1, 1.5]) {
      const decoded = decodeAgentToServer({
        type: 'conversation.open',
        conversationId: 'c',
        afterSeq,
      });
      expect(decoded.ok).toBe(false);
    }
  });

  it('does not let a visitor send an agent-only frame', () => {
    const decoded = decodeVisitorToServer({
      type: 'conversation.open',
      conversationId: 'c',
      afterSeq: 0,
    });
    expect(decoded).toMatchObject({ ok: false, error: { code: 'UNKNOWN_TYPE' } });
  });

  it('holds agent, department, callback and visitor ids to the conversation id rule', () => {
    const frames = (id: string) => [
      decodeAgentToServer({ type: 'conversation.open', conversationId: id, afterSeq: 0 }),
      decodeAgentToServer({ type: 'conversation.assign', conversationId: 'c', agentId: id }),
      decodeAgentToServer({ type: 'forecast.get', departmentId: id }),
      decodeAgentToServer({ type: 'callback.claim', callbackId: id }),
      decodeVisitorToServer({ type: 'callback.cancel', callbackId: id }),
    ];
    const longest = 'i'.repeat(LIMITS.clientIdChars);
    expect(frames(longest).map((d) => d.ok)).toEqual([true, true, true, true, true]);
    for (const id of ['', `${longest}i`]) {
      expect(frames(id).map((d) => d.ok)).toEqual([false, false, false, false, false]);
    }
  });

  it('refuses an unknown error code from the relay', () => {
    expect(decodeServerToVisitor({ type: 'error', code: 'NOPE', message: 'x' }).ok).toBe(false);
  });

  it('counts UTF-8 bytes, not UTF-16 units', () => {
    expect(utf8Length('a')).toBe(1);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('€')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
  });
});

describe('handshakes', () => {
  it('accepts the current protocol with or without a visitor token', () => {
    expect(decodeVisitorHandshake({ protocol: PROTOCOL_VERSION }).ok).toBe(true);
    expect(decodeVisitorHandshake({ protocol: PROTOCOL_VERSION, token: 't' }).ok).toBe(true);
  });

  it.each([[undefined], [0], [PROTOCOL_VERSION + 1], ['1']])(
    'refuses protocol %s with PROTOCOL_MISMATCH',
    (protocol) => {
      const decoded = decodeVisitorHandshake({ protocol });
      expect(decoded).toMatchObject({ ok: false, error: { code: 'PROTOCOL_MISMATCH' } });
    },
  );

  it('requires a token from agents', () => {
    expect(decodeAgentHandshake({ protocol: PROTOCOL_VERSION })).toMatchObject({
      ok: false,
      error: { code: 'BAD_FRAME' },
    });
    expect(decodeAgentHandshake({ protocol: PROTOCOL_VERSION, token: 'x' }).ok).toBe(true);
  });
});

describe('applyEvent', () => {
  const fold = (list = events) =>
    list.reduce<ReturnType<typeof applyEvent>>((s, e) => applyEvent(s, e, 'demo', 'c_1'), null);

  it('derives the summary from the log', () => {
    // The summary fixture carries a richer context than the created event; the rest must match.
    expect(fold(events.slice(0, 2))).toEqual({
      ...summary,
      context: { url: 'https://shop.example/cart' },
      queuedAt: 1_700_000_000_000,
    });
  });

  it('marks assigned conversations active and closed ones closed', () => {
    expect(fold(events.slice(0, 3))).toMatchObject({
      status: 'active',
      agent: { name: 'Maya Chen' },
      lastSeq: 3,
    });
    expect(fold()).toMatchObject({ status: 'closed', closedAt: 1_700_000_002_000, lastSeq: 4 });
  });

  it('needs conversation.created first', () => {
    expect(fold(events.slice(1))).toBeNull();
  });

  it('cuts long previews', () => {
    const long = { ...events[1], text: 'x'.repeat(1000) } as (typeof events)[number];
    expect(fold([events[0]!, long])?.preview?.text).toHaveLength(200);
  });
});
