import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from '../../src/webhooks/sign.js';

const SECRET = 'whsec-test';
const BODY = '{"id":"evt_1","event":"callback.requested"}';
const T = 1_700_000_000;

describe('webhook signatures', () => {
  const header = signatureHeader(SECRET, BODY, T);

  it('signs t + "." + body with HMAC-SHA256, hex', () => {
    // echo -n '1700000000.{"id":...}' | openssl dgst -sha256 -hmac whsec-test
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
  });

  it.each([
    ['the signed body, in time', SECRET, header, BODY, T * 1000 + 10_000, true],
    ['a changed body', SECRET, header, `${BODY} `, T * 1000, false],
    ['another secret', 'other', header, BODY, T * 1000, false],
    ['too old (replay)', SECRET, header, BODY, (T + 301) * 1000, false],
    ['no header', SECRET, undefined, BODY, T * 1000, false],
    ['garbage', SECRET, 't=abc,v1=xyz', BODY, T * 1000, false],
    ['a signature with trailing ==', SECRET, `${header}==`, BODY, T * 1000, false],
    [
      'a signature in capitals',
      SECRET,
      header.replace(/v1=(.*)$/, (_m, h: string) => `v1=${h.toUpperCase()}`),
      BODY,
      T * 1000,
      false,
    ],
    [
      'a second, rotated signature',
      SECRET,
      `t=${T},v1=${'0'.repeat(64)},${header.split(',')[1]}`,
      BODY,
      T * 1000,
      true,
    ],
  ])('%s: %s', (_name, secret, value, body, now, expected) => {
    expect(verifySignature(secret, value, body, 300, now)).toBe(expected);
  });
});
