/**
 * WCAG 2.1 colour contrast for `#rrggbb` colours: relative luminance, contrast ratio, and the
 * black or white text that reads best on a brand colour (as the widget picks it).
 */

/** The widget panel's background in light mode. */
export const PANEL_LIGHT = '#ffffff';
/** The widget panel's background in dark mode. */
export const PANEL_DARK = '#1b1f23';
/**
 * Below this ratio a brand colour is hard to see against the panel (WCAG 1.4.11, non-text
 * contrast for the launcher, buttons and bubbles). @default 3
 */
export const MIN_UI_CONTRAST = 3;

const HEX = /^#([0-9a-fA-F]{6})$/;

/**
 * Whether a string is a `#rrggbb` colour (the shared `HexColor`).
 * @example isHexColor('#1f6f5c') // true
 */
export function isHexColor(value: string): boolean {
  return HEX.test(value);
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/**
 * WCAG relative luminance of a `#rrggbb` colour, 0 (black) to 1 (white).
 * @example relativeLuminance('#ffffff') // 1
 */
export function relativeLuminance(hex: string): number {
  const match = HEX.exec(hex);
  if (!match?.[1]) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  const n = Number.parseInt(match[1], 16);
  const r = channel((n >> 16) & 0xff);
  const g = channel((n >> 8) & 0xff);
  const b = channel(n & 0xff);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * WCAG contrast ratio of two colours, 1 to 21, whichever order they come in.
 * @example contrastRatio('#000000', '#ffffff') // 21
 */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * The text colour for a brand colour: black or white, whichever contrasts more.
 * @example textColorOn('#1f6f5c') // '#ffffff'
 * @example textColorOn('#ffd166') // '#000000'
 */
export function textColorOn(hex: string): '#000000' | '#ffffff' {
  return contrastRatio(hex, '#000000') >= contrastRatio(hex, '#ffffff') ? '#000000' : '#ffffff';
}
