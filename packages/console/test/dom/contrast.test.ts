import { describe, expect, it } from 'vitest';
import {
  contrastRatio,
  isHexColor,
  relativeLuminance,
  textColorOn,
} from '../../src/format/contrast.js';

describe('WCAG contrast', () => {
  it.each([
    ['#000000', 0],
    ['#ffffff', 1],
    ['#FFFFFF', 1],
    ['#ff0000', 0.2126],
    ['#00ff00', 0.7152],
    ['#0000ff', 0.0722],
    ['#808080', 0.2158605],
  ])('relative luminance of %s is %d', (hex, expected) => {
    expect(relativeLuminance(hex)).toBeCloseTo(expected, 5);
  });

  it.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#000000', 21],
    ['#1f6f5c', '#1f6f5c', 1],
    ['#777777', '#ffffff', 4.48],
    ['#ffd166', '#ffffff', 1.44],
  ])('contrast of %s and %s is %d:1', (a, b, expected) => {
    expect(contrastRatio(a, b)).toBeCloseTo(expected, 2);
  });

  it.each([
    ['#1f6f5c', '#ffffff'],
    ['#000080', '#ffffff'],
    ['#d93025', '#ffffff'],
    ['#ffd166', '#000000'],
    ['#7ee2a8', '#000000'],
    ['#ffffff', '#000000'],
    // Mid-grey: black wins (5.3:1 against 3.9:1).
    ['#808080', '#000000'],
  ])('text on %s is %s', (brand, text) => {
    expect(textColorOn(brand)).toBe(text);
  });

  it('accepts only #rrggbb', () => {
    expect(['#1f6f5c', '#ABCDEF'].map(isHexColor)).toEqual([true, true]);
    expect(['1f6f5c', '#fff', '#1f6f5cz', '#gggggg', ' #1f6f5c'].map(isHexColor)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(() => relativeLuminance('red')).toThrow(RangeError);
  });
});
