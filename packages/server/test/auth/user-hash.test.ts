import { describe, expect, it } from 'vitest';
import { userHash, verifyUserHash } from '../../src/auth/user-hash.js';

const SECRET = 'a-site-identity-secret-of-32-chars-or-more';

describe('userHash', () => {
  it('is the hex HMAC-SHA256 of the user id and is checked in either case', () => {
    // The RFC-style test vector (Wikipedia's HMAC example).
    expect(userHash('The quick brown fox jumps over the lazy dog', 'key')).toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
    const hash = userHash('u-42', SECRET);
    expect(verifyUserHash('u-42', hash, SECRET)).toBe(true);
    expect(verifyUserHash('u-42', hash.toUpperCase(), SECRET)).toBe(true);
    expect(verifyUserHash('u-43', hash, SECRET)).toBe(false);
    expect(verifyUserHash('u-42', hash, `${SECRET}x`)).toBe(false);
    expect(verifyUserHash('u-42', 'zz', SECRET)).toBe(false);
  });
});
