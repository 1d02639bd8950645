import type { ProactiveTrigger } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { dueTriggers, greetingsKey, pathMatches } from '../../src/store/triggers.js';

describe('pathMatches', () => {
  it.each([
    [undefined, '/anything', true],
    ['/pricing', '/pricing', true],
    ['/pricing', '/pricing/teams', false],
    ['/pricing*', '/pricing', true],
    ['/pricing*', '/pricing/teams', true],
    ['/pricing*', '/about/pricing', false],
    ['*', '/', true],
    ['*/checkout', '/shop/checkout', true],
    ['*/checkout', '/shop/checkout/done', false],
    ['/shop/*/reviews', '/shop/boots/reviews', true],
    ['/shop/*/reviews', '/shop/reviews', false],
    ['/a*b*c', '/aXbYc', true],
    ['/a*b*c', '/acb', false],
    ['/a*a', '/a', false],
    ['/docs/*.html', '/docs/intro.html', true],
    ['/docs/?.html', '/docs/x.html', false], // only * is special
  ] as const)('%s on %s: %s', (pattern, path, expected) => {
    expect(pathMatches(pattern, path)).toBe(expected);
  });
});

const trigger = (id: string, afterSec: number, urlPattern?: string): ProactiveTrigger => ({
  id,
  message: `Hello from ${id}`,
  afterSec,
  ...(urlPattern ? { urlPattern } : {}),
});

describe('dueTriggers', () => {
  const triggers = [trigger('late', 30), trigger('pricing', 5, '/pricing*'), trigger('now', 0)];

  it('keeps the ones for this page, soonest first', () => {
    const due = dueTriggers(triggers, { pathname: '/pricing', seen: new Set(), chatting: false });
    expect(due.map((t) => t.id)).toEqual(['now', 'pricing', 'late']);
    const home = dueTriggers(triggers, { pathname: '/', seen: new Set(), chatting: false });
    expect(home.map((t) => t.id)).toEqual(['now', 'late']);
  });

  it('never repeats a greeting the visitor has seen', () => {
    const due = dueTriggers(triggers, { pathname: '/', seen: new Set(['now']), chatting: false });
    expect(due.map((t) => t.id)).toEqual(['late']);
  });

  it('greets nobody who is already chatting, and nothing without triggers', () => {
    expect(dueTriggers(triggers, { pathname: '/', seen: new Set(), chatting: true })).toEqual([]);
    expect(dueTriggers(undefined, { pathname: '/', seen: new Set(), chatting: false })).toEqual([]);
  });

  it('remembers seen greetings per site', () => {
    expect(greetingsKey('demo')).toBe('switchboard:demo:greetings');
  });
});
