import { createHmac } from 'node:crypto';
import { sameText } from './same-text.js';

/** How long an agent's sign-in lasts. @default 12 hours */
export const AGENT_TOKEN_TTL_MS = 12 * 60 * 60 * 1000;

/**
 * How long a visitor token is accepted after it was issued. The relay renews it (a new `iat`) when
 * a visitor comes back after a day or more, so only a browser away this long starts over as a new
 * visitor; a token copied from a device stops working after it too. @default 180 days
 */
export const VISITOR_TOKEN_TTL_MS = 180 * 24 * 60 * 60 * 1000;
/** A visitor token older than this is renewed at the next handshake. @default 1 day */
export const VISITOR_TOKEN_RENEW_MS = 24 * 60 * 60 * 1000;
/** Clock skew tolerated for a token issued "in the future". */
const SKEW_MS = 5 * 60 * 1000;

/** What a visitor token proves: this browser is this visitor of this site. */
export interface VisitorClaims {
  visitorId: string;
  siteId: string;
  issuedAt: number;
}

/** What an agent token proves: this agent signed in, until `expiresAt`. */
export interface AgentClaims {
  agentId: string;
  expiresAt: number;
}

/** The outcome of checking a token: its claims, or the error code to refuse it with. */
export type Verified<T> =
  | { ok: true; claims: T }
  | { ok: false; code: 'INVALID_TOKEN' | 'TOKEN_EXPIRED' };

/** Signs and checks the relay's tokens. */
export interface TokenSigner {
  signVisitor(claims: VisitorClaims): string;
  /** Checks the signature and the age (`TOKEN_EXPIRED` after {@link VISITOR_TOKEN_TTL_MS}). */
  verifyVisitor(token: string, now: number): Verified<VisitorClaims>;
  signAgent(agentId: string, now: number): { token: string; expiresAt: number };
  verifyAgent(token: string, now: number): Verified<AgentClaims>;
}

type Payload =
  | { k: 'visitor'; vid: string; sid: string; iat: number }
  | { k: 'agent'; aid: string; exp: number };

/**
 * Tokens are `base64url(JSON payload) + "." + base64url(HMAC-SHA256(payload))`. The payload names
 * its kind, so a visitor token can never pass as an agent's.
 * @example const signer = createTokenSigner(secret); const token = signer.signVisitor(claims)
 */
export function createTokenSigner(secret: Buffer): TokenSigner {
  const mac = (body: string) => createHmac('sha256', secret).update(body).digest();

  const sign = (payload: Payload) => {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${mac(body).toString('base64url')}`;
  };

  const open = (token: string): Payload | null => {
    const dot = token.indexOf('.');
    if (dot <= 0 || dot !== token.lastIndexOf('.')) return null;
    const body = token.slice(0, dot);
    // The signature exactly as signed: a lenient decode would take `sig==`, `sig!!` or `s ig`.
    if (!sameText(token.slice(dot + 1), mac(body).toString('base64url'))) return null;
    try {
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
      return typeof payload === 'object' && payload !== null ? (payload as Payload) : null;
    } catch {
      return null;
    }
  };

  return {
    signVisitor: ({ visitorId, siteId, issuedAt }) =>
      sign({ k: 'visitor', vid: visitorId, sid: siteId, iat: issuedAt }),

    verifyVisitor(token, now) {
      const payload = open(token);
      if (
        payload?.k !== 'visitor' ||
        typeof payload.vid !== 'string' ||
        typeof payload.sid !== 'string' ||
        typeof payload.iat !== 'number' ||
        payload.iat > now + SKEW_MS
      ) {
        return { ok: false, code: 'INVALID_TOKEN' };
      }
      if (now - payload.iat > VISITOR_TOKEN_TTL_MS) return { ok: false, code: 'TOKEN_EXPIRED' };
      return {
        ok: true,
        claims: { visitorId: payload.vid, siteId: payload.sid, issuedAt: payload.iat },
      };
    },

    signAgent(agentId, now) {
      const expiresAt = now + AGENT_TOKEN_TTL_MS;
      return { token: sign({ k: 'agent', aid: agentId, exp: expiresAt }), expiresAt };
    },

    verifyAgent(token, now) {
      const payload = open(token);
      if (
        payload?.k !== 'agent' ||
        typeof payload.aid !== 'string' ||
        typeof payload.exp !== 'number'
      ) {
        return { ok: false, code: 'INVALID_TOKEN' };
      }
      if (payload.exp <= now) return { ok: false, code: 'TOKEN_EXPIRED' };
      return { ok: true, claims: { agentId: payload.aid, expiresAt: payload.exp } };
    },
  };
}
