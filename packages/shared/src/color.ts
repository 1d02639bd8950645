import type { WidgetTheme } from './model.js';

/**
 * Colour math and the widget's look defaults, shared so the widget and the console's Appearance
 * preview pick the same text colour and warn about the same contrasts. Pure: no DOM.
 */

/** The brand colour when the site sets none. */
export const DEFAULT_BRAND = '#1f6f5c';

/** The look when the site sets no theme (the protocol's documented defaults). */
export const DEFAULT_THEME: WidgetTheme = {
  position: 'right',
  offsetX: 20,
  offsetY: 20,
  mode: 'auto',
  sound: false,
};

/** The widget panel's background in each mode. */
export const PANEL_BACKGROUND = { light: '#ffffff', dark: '#1c1f24' } as const;

const HEX = /^#[0-9a-fA-F]{6}$/;

/**
 * Whether a string is a `#rrggbb` colour (the protocol's `HexColor`).
 * @example isHexColor('#1f6f5c') // true
 */
export function isHexColor(value: string): boolean {
  return HEX.test(value);
}

/**
 * WCAG 2.1 relative luminance of a `#rrggbb` colour, 0 (black) to 1 (white).
 * @example relativeLuminance('#ffffff') // 1
 */
export function relativeLuminance(hex: string): number {
  if (!HEX.test(hex)) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  const channel = (offset: number) => {
    const c = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/**
 * WCAG contrast ratio of two `#rrggbb` colours, 1 to 21, in either order.
 * @example contrastRatio('#000000', '#ffffff') // 21
 */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * The text colour on a brand background: black or white, whichever contrasts more (at least
 * 4.58:1 for any colour; white on a tie).
 * @example textOn('#ffcc00') // '#000000'
 */
export function textOn(brand: string): '#000000' | '#ffffff' {
  return contrastRatio(brand, '#000000') > contrastRatio(brand, '#ffffff') ? '#000000' : '#ffffff';
}
