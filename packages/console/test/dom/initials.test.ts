import { describe, expect, it } from 'vitest';
import { initials } from '../../src/format/initials.js';

describe('initials', () => {
  it.each([
    ['Grace Hopper', 'GH'],
    ['  ada   lovelace king ', 'AK'],
    ['Maya', 'M'],
    ['', ''],
  ])('%j -> %j', (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});
