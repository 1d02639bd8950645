import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AGENT_TOKEN_TTL_MS,
  createTokenSigner,
  VISITOR_TOKEN_TTL_MS,
} from '../../src/auth/tokens.js';

const signer = createTokenSigner(randomBytes(32));
const claims = { visitorId: 'vis_1', siteId: 'demo', issuedAt: 1_700_000_000_000 };
/** A moment shortly after the claims were issued. */
const soon = claims.issuedAt + 60_000;

describe('token signatures are compared as exact text', () => {
  const visitor = signer.signVisitor(claims);
  const agent = signer.signAgent('agt_1', soon).token;
  /** Texts a lenient base64url decoder reads as the same signature bytes. */
  const lookalikes = (token: string) => {
    const [body, sig] = token.split('.') as [string, string];
    const standard = Buffer.from(sig, 'base64url').toString('base64');
    return [
      ['trailing ==', `${body}.${sig}==`],
      ['trailing !!', `${body}.${sig}!!`],
      ['standard base64 with padding', `${body}.${standard}`],
      ['an inner space', `${body}.${sig.slice(0, 10)} ${sig.slice(10)}`],
      ['a trailing space', `${body}.${sig} `],
    ] as const;
  };

  it.each(lookalikes(visitor))('visitor token with %s is refused', (_name, bad) => {
    expect(signer.verifyVisitor(bad, soon)).toEqual({ ok: false, code: 'INVALID_TOKEN' });
  });

  it.each(lookalikes(agent))('agent token with %s is refused', (_name, bad) => {
    expect(signer.verifyAgent(bad, soon)).toEqual({ ok: false, code: 'INVALID_TOKEN' });
  });

  it('the exact token still passes', () => {
    expect(signer.verifyVisitor(visitor, soon).ok).toBe(true);
    expect(signer.verifyAgent(agent, soon).ok).toBe(true);
  });
});

describe('visitor tokens', () => {
  it('verify what they sign', () => {
    expect(signer.verifyVisitor(signer.signVisitor(claims), soon)).toEqual({ ok: true, claims });
  });

  it('refuse a forged payload, a forged signature and garbage', () => {
    const token = signer.signVisitor(claims);
    const [body, sig] = token.split('.') as [string, string];
    const forgedBody = Buffer.from(
      JSON.stringify({ k: 'visitor', vid: 'vis_2', sid: 'demo', iat: 1 }),
    ).toString('base64url');
    for (const bad of [
      `${forgedBody}.${sig}`,
      `${body}.${sig.slice(0, -2)}AA`,
      `${body}.`,
      'nonsense',
      '',
      `${body}.${sig}.extra`,
    ]) {
      expect(signer.verifyVisitor(bad, soon)).toEqual({ ok: false, code: 'INVALID_TOKEN' });
    }
  });

  it('refuse a token signed with another secret', () => {
    const other = createTokenSigner(randomBytes(32));
    expect(signer.verifyVisitor(other.signVisitor(claims), soon)).toEqual({
      ok: false,
      code: 'INVALID_TOKEN',
    });
  });
});

describe('visitor token age', () => {
  it('expires after the TTL, and a token issued in the future is refused', () => {
    const token = signer.signVisitor(claims);
    expect(signer.verifyVisitor(token, claims.issuedAt + VISITOR_TOKEN_TTL_MS)).toEqual({
      ok: true,
      claims,
    });
    expect(signer.verifyVisitor(token, claims.issuedAt + VISITOR_TOKEN_TTL_MS + 1)).toEqual({
      ok: false,
      code: 'TOKEN_EXPIRED',
    });
    expect(signer.verifyVisitor(token, claims.issuedAt - 10 * 60_000)).toEqual({
      ok: false,
      code: 'INVALID_TOKEN',
    });
  });
});

describe('agent tokens', () => {
  const now = 1_700_000_000_000;

  it('carry the agent id and a 12-hour expiry', () => {
    const { token, expiresAt } = signer.signAgent('agt_1', now);
    expect(expiresAt).toBe(now + AGENT_TOKEN_TTL_MS);
    expect(AGENT_TOKEN_TTL_MS).toBe(12 * 3600 * 1000);
    expect(signer.verifyAgent(token, now + 1000)).toEqual({
      ok: true,
      claims: { agentId: 'agt_1', expiresAt },
    });
  });

  it('expire', () => {
    const { token, expiresAt } = signer.signAgent('agt_1', now);
    expect(signer.verifyAgent(token, expiresAt)).toEqual({ ok: false, code: 'TOKEN_EXPIRED' });
  });

  it('refuse a bad signature before looking at the expiry', () => {
    const { token } = signer.signAgent('agt_1', now);
    const tampered = `${token.slice(0, -3)}xyz`;
    expect(signer.verifyAgent(tampered, now + 2 * AGENT_TOKEN_TTL_MS)).toEqual({
      ok: false,
      code: 'INVALID_TOKEN',
    });
  });

  it('are never accepted as visitor tokens, nor the other way round', () => {
    const { token } = signer.signAgent('agt_1', now);
    expect(signer.verifyVisitor(token, now)).toEqual({ ok: false, code: 'INVALID_TOKEN' });
    expect(signer.verifyAgent(signer.signVisitor(claims), now)).toEqual({
      ok: false,
      code: 'INVALID_TOKEN',
    });
  });
});
