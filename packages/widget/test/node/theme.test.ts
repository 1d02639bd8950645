import { describe, expect, it } from 'vitest';
import {
  contrastRatio,
  DEFAULT_THEME,
  relativeLuminance,
  textOn,
  themeCss,
} from '../../src/views/theme.js';

/** The value of one custom property in a theme rule (the first occurrence). */
const prop = (css: string, name: string) => new RegExp(`${name}:([^;}]+)`).exec(css)?.[1] ?? null;

describe('contrast (WCAG relative luminance)', () => {
  it.each([
    ['#000000', 0],
    ['#ffffff', 1],
    ['#808080', 0.2158605],
  ])('luminance of %s is %d', (hex, expected) => {
    expect(relativeLuminance(hex)).toBeCloseTo(expected, 5);
  });

  it('black on white is 21:1, and the ratio does not depend on order', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#1f6f5c', '#ffffff')).toBeCloseTo(contrastRatio('#ffffff', '#1f6f5c'));
  });

  it.each([
    ['#1f6f5c', '#ffffff'], // the default green: white
    ['#ffcc00', '#000000'], // yellow: black
    ['#00bcd4', '#000000'], // light cyan: black
    ['#0b3d91', '#ffffff'], // navy: white
    ['#767676', '#000000'], // mid grey: 4.62:1 with black beats 4.54:1 with white
  ])('text on %s is %s', (brand, text) => {
    expect(textOn(brand)).toBe(text);
  });

  it('the text picked on any brand colour reads at AA (4.5:1 or more)', () => {
    for (let i = 0; i < 4096; i += 7) {
      const hex = `#${[i >> 8, (i >> 4) & 15, i & 15].map((n) => (n * 17).toString(16).padStart(2, '0')).join('')}`;
      expect(contrastRatio(hex, textOn(hex))).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('themeCss', () => {
  it('sets the brand, the text on it, and the bottom-right corner by default', () => {
    const css = themeCss('#ffcc00');
    expect(prop(css, '--sb-brand')).toBe('#ffcc00');
    expect(prop(css, '--sb-on-brand')).toBe('#000000');
    expect(prop(css, '--sb-right')).toBe('20px');
    expect(prop(css, '--sb-left')).toBe('auto');
    expect(prop(css, '--sb-y')).toBe('20px');
  });

  it('puts the launcher on the left with the site offsets', () => {
    const css = themeCss('#1f6f5c', {
      ...DEFAULT_THEME,
      position: 'left',
      offsetX: 32,
      offsetY: 8,
    });
    expect(prop(css, '--sb-left')).toBe('32px');
    expect(prop(css, '--sb-right')).toBe('auto');
    expect(prop(css, '--sb-y')).toBe('8px');
    expect(prop(css, '--sb-origin')).toBe('bottom left');
  });

  it('light mode has no dark palette; dark mode has it unconditionally; auto follows the system', () => {
    expect(themeCss('#1f6f5c', { ...DEFAULT_THEME, mode: 'light' })).not.toContain('--sb-bg');
    const dark = themeCss('#1f6f5c', { ...DEFAULT_THEME, mode: 'dark' });
    expect(dark).not.toContain('@media');
    expect(prop(dark, '--sb-bg')).toBe('#1c1f24');
    expect(dark).toContain('color-scheme:dark');
    const auto = themeCss('#1f6f5c', { ...DEFAULT_THEME, mode: 'auto' });
    expect(auto).toMatch(/@media \(prefers-color-scheme:dark\)\{:host\{--sb-bg:#1c1f24/);
  });

  it('uses the brand as text only where it reads at AA, else the ink colour', () => {
    // Dark green reads on white but not on the dark panel.
    const dark = themeCss('#1f6f5c', { ...DEFAULT_THEME, mode: 'dark' });
    expect(prop(dark, '--sb-accent')).toBe('#1f6f5c');
    expect(dark.match(/--sb-accent:([^;}]+)/g)?.at(-1)).toBe('--sb-accent:#e8eaed');
    // Yellow reads on the dark panel but not on white.
    const yellow = themeCss('#ffcc00', { ...DEFAULT_THEME, mode: 'dark' });
    expect(prop(yellow, '--sb-accent')).toBe('#1b1f23');
    expect(yellow.match(/--sb-accent:([^;}]+)/g)?.at(-1)).toBe('--sb-accent:#ffcc00');
  });

  it('lets nothing but a colour and clamped numbers into the sheet', () => {
    const css = themeCss('red;}body{display:none', {
      ...DEFAULT_THEME,
      offsetX: 9999,
      offsetY: -5,
    });
    expect(css).not.toContain('display:none');
    expect(prop(css, '--sb-brand')).toBe('#1f6f5c');
    expect(prop(css, '--sb-right')).toBe('200px');
    expect(prop(css, '--sb-y')).toBe('0px');
  });
});
