import { describe, expect, it } from 'vitest';
import { sameText } from '../../src/auth/same-text.js';

describe('sameText', () => {
  it.each([
    ['abc', 'abc', true],
    ['', '', true],
    ['abc', 'abd', false],
    ['abc', 'abc==', false],
    ['abc', 'ab', false],
    ['a b', 'ab', false],
    ['é', 'e\u0301', false],
  ])('%j vs %j -> %s', (a, b, same) => {
    expect(sameText(a, b)).toBe(same);
  });
});
