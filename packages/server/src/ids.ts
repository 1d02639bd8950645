import { randomBytes } from 'node:crypto';

/**
 * A fresh id: a short kind prefix and 96 random bits, URL-safe.
 * @example newId('cnv') // 'cnv_Xq3v9LkP0aZr2mWt'
 */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
