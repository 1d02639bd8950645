import { describe, expect, it } from 'vitest';
import {
  conversationFromHash,
  conversationHash,
  viewFromHash,
  visibleView,
} from '../../src/app/router.js';

describe('router', () => {
  it.each([
    ['#/team', 'team'],
    ['#/callbacks', 'callbacks'],
    ['#/articles', 'articles'],
    ['#/appearance', 'appearance'],
    ['#/quality', 'quality'],
    ['#/wallboard', 'wallboard'],
    ['#/reports', 'reports'],
    ['#/forecast', 'forecast'],
    ['#/', 'inbox'],
    ['#/c/c_1', 'inbox'],
    ['', 'inbox'],
    ['#/constructor', 'inbox'],
    ['#/team/x', 'inbox'],
  ] as const)('reads %s as the %s screen', (hash, view) => {
    expect(viewFromHash(hash)).toBe(view);
  });

  it('shows an agent the inbox instead of a supervisors-only screen, but not instead of their own', () => {
    for (const view of [
      'team',
      'articles',
      'appearance',
      'wallboard',
      'reports',
      'forecast',
    ] as const) {
      expect(visibleView(view, false)).toBe('inbox');
      expect(visibleView(view, true)).toBe(view);
    }
    expect(visibleView('callbacks', false)).toBe('callbacks');
    expect(visibleView('quality', false)).toBe('quality');
  });

  it('round-trips a conversation id through the hash, and ignores a malformed one', () => {
    expect(conversationHash('c 1/2')).toBe('#/c/c%201%2F2');
    expect(conversationFromHash(conversationHash('c 1/2'))).toBe('c 1/2');
    expect(conversationFromHash('#/c/%E0%A4%A')).toBeNull();
    expect(conversationFromHash('#/c/')).toBeNull();
    expect(conversationFromHash('#/team')).toBeNull();
  });
});
