import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecret } from '../../src/auth/signing-secret.js';

describe('signing secret', () => {
  it('is generated once, stored with mode 0600, and reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-secret-'));
    try {
      const first = loadSecret(join(dir, 'data'));
      expect(first).toHaveLength(32);
      const file = join(dir, 'data', 'secret.key');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').trim()).toBe(first.toString('hex'));
      expect(loadSecret(join(dir, 'data')).equals(first)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('comes from SWITCHBOARD_SECRET when set, without touching the disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-secret-'));
    try {
      expect(loadSecret(join(dir, 'never'), 'a configured secret!').toString()).toBe(
        'a configured secret!',
      );
      expect(() => statSync(join(dir, 'never'))).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
