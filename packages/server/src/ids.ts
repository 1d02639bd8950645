import { randomFillSync } from 'node:crypto';

/** Random bytes drawn from the OS in blocks: one system call per ~340 ids, not one per id. */
const POOL_SIZE = 4096;
const ID_BYTES = 12;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

/**
 * A fresh id: a short kind prefix and 96 random bits, URL-safe.
 * @example newId('cnv') // 'cnv_Xq3v9LkP0aZr2mWt'
 */
export function newId(prefix: string): string {
  if (offset + ID_BYTES > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = pool.toString('base64url', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return `${prefix}_${bytes}`;
}
