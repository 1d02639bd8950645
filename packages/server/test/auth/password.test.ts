import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/auth/password.js';

const fast = { N: 1024, r: 8, p: 1 };

describe('scrypt passwords', () => {
  it('hash to scrypt$N$r$p$salt$hash and verify', async () => {
    const hash = await hashPassword('correct horse', fast);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horse ', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salt every hash', async () => {
    expect(await hashPassword('same', fast)).not.toBe(await hashPassword('same', fast));
  });

  it('use N=32768 by default', async () => {
    const hash = await hashPassword('x');
    expect(hash.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('x', hash)).toBe(true);
  });

  it('never match a malformed or absurd hash', async () => {
    for (const bad of [
      '',
      'plain',
      'scrypt$1024$8$1$$',
      'bcrypt$1$2$3$c2FsdA==$aGFzaA==',
      'scrypt$99999999$8$1$c2FsdA==$aGFzaA==',
    ]) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });
});
