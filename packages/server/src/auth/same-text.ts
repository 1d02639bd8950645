import { timingSafeEqual } from 'node:crypto';

/**
 * Whether two strings are exactly the same text, compared in constant time for equal lengths (a
 * length difference answers false at once: lengths of signatures are public anyway). Compare the
 * encoded strings themselves, never what a lenient decoder makes of them: `Buffer.from(s,
 * 'base64url')` ignores trailing `==` or `!!`, accepts `+/` and skips spaces, so many texts decode
 * to the same bytes.
 * @example sameText(given, mac(body).toString('base64url'))
 */
export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
