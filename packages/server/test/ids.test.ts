import { describe, expect, it } from 'vitest';
import { newId } from '../src/ids.js';

describe('newId', () => {
  it('is the prefix and 16 URL-safe characters (96 bits)', () => {
    expect(newId('cnv')).toMatch(/^cnv_[A-Za-z0-9_-]{16}$/);
  });

  it('never repeats across many refills of its random pool', () => {
    // 4096-byte pool, 12 bytes an id: 20,000 ids cross ~60 refills.
    const ids = new Set(Array.from({ length: 20_000 }, () => newId('msg')));
    expect(ids.size).toBe(20_000);
  });
});
