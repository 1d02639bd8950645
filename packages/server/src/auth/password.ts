import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost parameters. N=2^15 takes ~50 ms and 32 MiB on a laptop. */
export const SCRYPT_DEFAULTS = { N: 32_768, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

function derive(
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must exceed 128 * N * r bytes, or scrypt refuses.
    const maxmem = 256 * params.N * params.r + 1024 * 1024;
    scrypt(password, salt, KEY_BYTES, { ...params, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hash a password for storage or a config file: `scrypt$N$r$p$salt$hash` (salt and hash in base64).
 * @example const stored = await hashPassword('correct horse battery staple')
 */
export async function hashPassword(
  password: string,
  params: { N: number; r: number; p: number } = SCRYPT_DEFAULTS,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Check a password against a stored hash, in constant time. A malformed hash never matches.
 * @example if (await verifyPassword(body.password, agent.passwordHash)) signIn()
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20 || r > 32 || p > 16) {
    return false;
  }
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (salt.length === 0 || expected.length === 0) return false;
  let key: Buffer;
  try {
    key = await derive(password, salt, { N, r, p });
  } catch {
    return false;
  }
  return key.length === expected.length && timingSafeEqual(key, expected);
}
