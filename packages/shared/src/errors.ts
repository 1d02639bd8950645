/**
 * Every error the relay can report, in one map. The key is the code sent on the wire; the value is
 * the default human message. Errors are data (an `error` frame or an HTTP body), never thrown across
 * the wire.
 * @example if (frame.type === 'error' && frame.code === ErrorCode.CONVERSATION_CLOSED) showEnded()
 */
export const ErrorCode = {
  /** The frame is not an object with a string `type`, or a field has the wrong shape. */
  BAD_FRAME: 'BAD_FRAME',
  /** The frame's `type` is not one this role may send. */
  UNKNOWN_TYPE: 'UNKNOWN_TYPE',
  /** The frame, or a field in it, is larger than the documented limit. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** The client speaks another protocol version. */
  PROTOCOL_MISMATCH: 'PROTOCOL_MISMATCH',
  /** No credentials, or a request that needs a signed-in agent. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** A session token whose signature or shape is wrong. */
  INVALID_TOKEN: 'INVALID_TOKEN',
  /** A session token past its expiry. */
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  /** The page's Origin is not on the site's allowlist. */
  FORBIDDEN_ORIGIN: 'FORBIDDEN_ORIGIN',
  /** The site id is not configured on this relay. */
  UNKNOWN_SITE: 'UNKNOWN_SITE',
  /** A frame sent before `session.hello` / `agent.hello` was answered. */
  NO_SESSION: 'NO_SESSION',
  /** The conversation does not exist, or is not yours (the two are not told apart). */
  NOT_FOUND: 'NOT_FOUND',
  /** The conversation is closed; start a new one. */
  CONVERSATION_CLOSED: 'CONVERSATION_CLOSED',
  /** Wrong email or password. */
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  /** An HTTP request body or query that does not validate. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** The action needs a supervisor, or the conversation is a colleague's. */
  FORBIDDEN: 'FORBIDDEN',
  /** The target agent is not online, lacks a required skill, or has no room. */
  AGENT_UNAVAILABLE: 'AGENT_UNAVAILABLE',
  /** There is no pending offer of this conversation to you (it expired or went to someone else). */
  NOT_OFFERED: 'NOT_OFFERED',
  /** No such department. */
  UNKNOWN_DEPARTMENT: 'UNKNOWN_DEPARTMENT',
  /** Not a real phone number (checked with libphonenumber-js). */
  INVALID_PHONE: 'INVALID_PHONE',
  /** The chosen callback slot is full, closed, or in the past. */
  SLOT_UNAVAILABLE: 'SLOT_UNAVAILABLE',
  /** The callback is finished (completed, missed or cancelled) and cannot change. */
  CALLBACK_CLOSED: 'CALLBACK_CLOSED',
  /** `identify` with a `userHash` that does not match, or without one on a site that requires it. */
  IDENTITY_REJECTED: 'IDENTITY_REJECTED',
  /** A survey for a contact that is not finished, or ended more than 7 days ago. */
  NOT_RATEABLE: 'NOT_RATEABLE',
  /** Wrap-up or QA review of a conversation that is still open. */
  CONVERSATION_OPEN: 'CONVERSATION_OPEN',
  /** A wrap-up code the relay does not have. */
  UNKNOWN_DISPOSITION: 'UNKNOWN_DISPOSITION',
  /** Too many requests; try again later. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The relay cannot reach its database right now; nothing was changed: send it again shortly. */
  UNAVAILABLE: 'UNAVAILABLE',
  /** The relay failed; nothing was changed. */
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Default messages, written for the person who will read them in a log or a console. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  BAD_FRAME: 'The frame is malformed.',
  UNKNOWN_TYPE: 'Unknown frame type.',
  PAYLOAD_TOO_LARGE: 'The payload is larger than allowed.',
  PROTOCOL_MISMATCH: 'The client speaks another protocol version; reload the page.',
  UNAUTHORIZED: 'Sign in first.',
  INVALID_TOKEN: 'The session token is not valid.',
  TOKEN_EXPIRED: 'The session has expired; sign in again.',
  FORBIDDEN_ORIGIN: 'This website is not allowed to use this relay.',
  UNKNOWN_SITE: 'Unknown site.',
  NO_SESSION: 'Send hello first.',
  NOT_FOUND: 'Conversation not found.',
  CONVERSATION_CLOSED: 'This conversation has ended.',
  INVALID_CREDENTIALS: 'Wrong email or password.',
  BAD_REQUEST: 'The request is not valid.',
  FORBIDDEN: 'Only a supervisor can do that.',
  AGENT_UNAVAILABLE: 'That agent cannot take the conversation now.',
  NOT_OFFERED: 'This conversation is no longer offered to you.',
  UNKNOWN_DEPARTMENT: 'Unknown department.',
  INVALID_PHONE: 'That does not look like a phone number we can call.',
  SLOT_UNAVAILABLE: 'That time is no longer available; please pick another.',
  CALLBACK_CLOSED: 'This callback is already finished.',
  IDENTITY_REJECTED: 'The identity could not be verified; nothing was changed.',
  NOT_RATEABLE: 'This contact cannot be rated: it is not finished, or ended more than 7 days ago.',
  CONVERSATION_OPEN: 'The conversation is still open; close it first.',
  UNKNOWN_DISPOSITION: 'There is no such wrap-up code.',
  RATE_LIMITED: 'Too many requests; slow down.',
  UNAVAILABLE:
    'The relay cannot reach its database right now; nothing was changed. Try again shortly.',
  INTERNAL: 'Something went wrong on the relay; nothing was changed.',
};

/** All codes, for exhaustive checks and schemas. */
export const ERROR_CODES = Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]];
