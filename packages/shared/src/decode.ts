import type * as z from 'zod/mini';
import { ERROR_MESSAGES, type ErrorCode } from './errors.js';
import { AgentHandshake, AgentToServer, ServerToAgent } from './frames/agent.js';
import type { ErrorFrame } from './frames/common.js';
import { ServerToVisitor, VisitorHandshake, VisitorToServer } from './frames/visitor.js';
import { cleanInbound } from './inbound.js';
import { LIMITS, utf8Length } from './limits.js';
import { PROTOCOL_VERSION } from './version.js';

/** The outcome of decoding: the typed frame, or the error frame to answer with. */
export type Decoded<T> = { ok: true; value: T } | { ok: false; error: ErrorFrame };

/** Build an error frame with the code's default message unless one is given. */
export function errorFrame(
  code: ErrorCode,
  message: string = ERROR_MESSAGES[code],
  details?: ErrorFrame['details'],
): ErrorFrame {
  return withMessage(code, message, details);
}

/**
 * The decoders' own error builder: always given a message, so it does not reference
 * ERROR_MESSAGES and a bundle that only decodes (the widget) leaves that map out.
 */
function withMessage(
  code: ErrorCode,
  message: string,
  details?: ErrorFrame['details'],
): ErrorFrame {
  return details ? { type: 'error', code, message, details } : { type: 'error', code, message };
}

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${String(issue.maximum)} characters`
        : `must be at most ${String(issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) === 1
        ? 'must not be empty'
        : `must be at least ${String(issue.minimum)}`;
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.join(', ')}`;
    default:
      return 'is not valid';
  }
}

/** Turn schema issues into `details`, one line per field at fault. */
export function issueDetails(issues: readonly Issue[]): NonNullable<ErrorFrame['details']> {
  return issues.slice(0, 10).map((issue) => ({
    path: issue.path.map(String).join('.') || '(frame)',
    message: describeIssue(issue),
  }));
}

type Union = z.ZodMiniType & { _zod: { propValues?: Record<string, Set<unknown>> } };

/**
 * Make the one decoder of a direction: size limit (client-to-relay directions only), then `type`
 * known, then the full schema. Oversized frames and over-long fields get `PAYLOAD_TOO_LARGE`; an unknown `type` gets
 * `UNKNOWN_TYPE`; anything else malformed gets `BAD_FRAME` with per-field details. A client's frame
 * (`fromClient`) has its names and texts normalised first, and a NUL or lone surrogate in any of
 * its strings gets `BAD_FRAME`.
 */
function createDecoder<T>(
  schema: z.ZodMiniType<T>,
  maxBytes: number | null,
  fromClient = false,
): (input: unknown) => Decoded<T> {
  const known = (schema as Union)._zod.propValues?.type ?? new Set<unknown>();
  return (input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return { ok: false, error: withMessage('BAD_FRAME', 'A frame must be a JSON object.') };
    }
    let size = 0;
    if (maxBytes !== null) {
      try {
        size = utf8Length(JSON.stringify(input));
      } catch {
        return { ok: false, error: withMessage('BAD_FRAME', 'A frame must be plain JSON.') };
      }
    }
    if (maxBytes !== null && size > maxBytes) {
      return {
        ok: false,
        error: withMessage(
          'PAYLOAD_TOO_LARGE',
          `The frame is ${size} bytes; the limit is ${LIMITS.frameBytes}.`,
        ),
      };
    }
    const type = (input as { type?: unknown }).type;
    if (typeof type !== 'string') {
      return { ok: false, error: withMessage('BAD_FRAME', 'A frame needs a string "type".') };
    }
    if (!known.has(type)) {
      return {
        ok: false,
        error: withMessage('UNKNOWN_TYPE', `Unknown frame type "${type.slice(0, 64)}".`),
      };
    }
    let frame: unknown = input;
    if (fromClient) {
      const cleaned = cleanInbound(input as Record<string, unknown>);
      if (!('value' in cleaned)) {
        return {
          ok: false,
          error: withMessage('BAD_FRAME', `"${type}": ${cleaned.path} ${cleaned.message}.`, [
            { path: cleaned.path, message: cleaned.message },
          ]),
        };
      }
      frame = cleaned.value;
    }
    const result = schema.safeParse(frame);
    if (result.success) return { ok: true, value: result.data };
    const details = issueDetails(result.error.issues);
    const tooBig = result.error.issues.some((i) => i.code === 'too_big');
    return {
      ok: false,
      error: tooBig
        ? withMessage('PAYLOAD_TOO_LARGE', `"${type}": a field is longer than allowed.`, details)
        : withMessage('BAD_FRAME', `"${type}" is malformed.`, details),
    };
  };
}

// The frame-size limit protects the relay from its clients. Frames from the relay are as large as
// their content needs (an article list, a 500-event resume batch) and are not limited here.

/** Decode a frame a visitor sent. The only place the relay parses visitor frames. */
export const decodeVisitorToServer = /* @__PURE__ */ createDecoder(
  VisitorToServer,
  LIMITS.frameBytes,
  true,
);
/** Decode a frame the relay sent a visitor. The only place the widget parses frames. */
export const decodeServerToVisitor = /* @__PURE__ */ createDecoder(ServerToVisitor, null);
/** Decode a frame an agent sent. The only place the relay parses agent frames. */
export const decodeAgentToServer = /* @__PURE__ */ createDecoder(
  AgentToServer,
  LIMITS.frameBytes,
  true,
);
/** Decode a frame the relay sent an agent. The only place the console parses frames. */
export const decodeServerToAgent = /* @__PURE__ */ createDecoder(ServerToAgent, null);

/** Decode a handshake (`auth`): the protocol version is checked first, with its own code. */
function createHandshakeDecoder<T extends { protocol: number }>(
  schema: z.ZodMiniType<T>,
  expected: number,
): (input: unknown) => Decoded<T> {
  return (input) => {
    const protocol = (input as { protocol?: unknown } | null)?.protocol;
    if (protocol !== expected) {
      return {
        ok: false,
        error: withMessage(
          'PROTOCOL_MISMATCH',
          `This relay speaks protocol ${expected}; the client sent ${JSON.stringify(protocol ?? null)}. Reload the page.`,
        ),
      };
    }
    const result = schema.safeParse(input);
    if (result.success) return { ok: true, value: result.data };
    return {
      ok: false,
      error: withMessage(
        'BAD_FRAME',
        'The handshake is malformed.',
        issueDetails(result.error.issues),
      ),
    };
  };
}

/** Decode a visitor's socket.io `auth`. */
export const decodeVisitorHandshake = /* @__PURE__ */ createHandshakeDecoder(
  VisitorHandshake,
  PROTOCOL_VERSION,
);
/** Decode an agent's socket.io `auth`. */
export const decodeAgentHandshake = /* @__PURE__ */ createHandshakeDecoder(
  AgentHandshake,
  PROTOCOL_VERSION,
);
