import { createHmac } from 'node:crypto';
import { sameText } from '../auth/same-text.js';

/** The header every webhook POST carries. */
export const SIGNATURE_HEADER = 'Switchboard-Signature';

/**
 * The signature header value for `body` sent at `t` (unix seconds):
 * `t=<t>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`.
 * @example signatureHeader('s3cret', '{"id":"evt_1"}', 1700000000) // 't=1700000000,v1=5f1c...'
 */
export function signatureHeader(secret: string, body: string, t: number): string {
  const hex = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${hex}`;
}

/**
 * Check a webhook's `Switchboard-Signature` header against the raw body, as a receiver should:
 * a `v1` signature matches (compared in constant time) and `t` is within `toleranceSec` of now
 * (so a captured request cannot be replayed later).
 * @example
 * if (!verifySignature(process.env.CRM_WEBHOOK_SECRET, req.headers['switchboard-signature'], rawBody, 300)) {
 *   res.writeHead(400).end();
 * }
 */
export function verifySignature(
  secret: string,
  header: string | undefined | null,
  body: string,
  toleranceSec = 300,
  nowMs: number = Date.now(),
): boolean {
  if (!header) return false;
  let t: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    // Split at the first `=` only: `v1=<hex>==` must not pass as `v1=<hex>`.
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (key === 't' && value && /^\d+$/.test(value)) t = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (t === undefined || signatures.length === 0) return false;
  if (Math.abs(nowMs / 1000 - t) > toleranceSec) return false;
  const expected = signatureHeader(secret, body, t).slice(`t=${t},v1=`.length);
  return signatures.some((s) => sameText(s, expected));
}
