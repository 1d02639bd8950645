import type { WidgetTheme } from '@switchboard/shared';

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

const HEX = /^#[0-9a-fA-F]{6}$/;

/** Panel backgrounds per mode. */
const DARK_BG = '#1c1f24';
/** The surfaces per mode that contrast least with a brand-coloured text (bubbles, cards). */
const LIGHT_SURFACE = '#f1f3f5';
const DARK_SURFACE = '#2b3038';
const LIGHT_INK = '#1b1f23';
const DARK_INK = '#e8eaed';

/**
 * WCAG 2.1 relative luminance of a `#rrggbb` colour, 0 (black) to 1 (white).
 * @example relativeLuminance('#ffffff') // 1
 */
export function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const c = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/**
 * WCAG contrast ratio of two `#rrggbb` colours, 1 to 21.
 * @example contrastRatio('#000000', '#ffffff') // 21
 */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The text colour on a brand background: black or white, whichever contrasts more (at least
 * 4.58:1 for any colour).
 * @example textOn('#ffcc00') // '#000000'
 */
export function textOn(brand: string): '#000000' | '#ffffff' {
  return contrastRatio(brand, '#000000') > contrastRatio(brand, '#ffffff') ? '#000000' : '#ffffff';
}

/** The brand as text on `bg` (and anything lighter/darker) when it reads (4.5:1, AA), else the ink. */
function accentOn(brand: string, bg: string, ink: string): string {
  return contrastRatio(brand, bg) >= 4.5 ? brand : ink;
}

/** Dark palette: every text colour here is at least 4.5:1 on the surfaces it sits on. */
function darkVars(brand: string): string {
  return (
    `--sb-bg:${DARK_BG};--sb-ink:${DARK_INK};--sb-muted:#a9b1ba;--sb-line:#3a4049;` +
    '--sb-bubble:#2b3038;--sb-surface:#252a31;--sb-danger:#ff9e96;--sb-badge-ring:#1c1f24;' +
    `--sb-accent:${accentOn(brand, DARK_SURFACE, DARK_INK)};color-scheme:dark`
  );
}

/**
 * The theme sheet: brand colour and the text on it, the launcher's corner and offsets, and the
 * light or dark palette (`auto` follows `prefers-color-scheme`), all as custom properties on
 * `:host`. Only validated values reach the stylesheet (a bad colour falls back to the default).
 * @example themeCss('#1f6f5c', { position: 'left', offsetX: 24, offsetY: 24, mode: 'dark', sound: false })
 */
export function themeCss(color: string, theme: WidgetTheme | null = null): string {
  const brand = HEX.test(color) ? color : DEFAULT_BRAND;
  const t = theme ?? DEFAULT_THEME;
  const clamp = (n: number) => (Number.isInteger(n) ? Math.min(200, Math.max(0, n)) : 20);
  const x = `${clamp(t.offsetX)}px`;
  const left = t.position === 'left';
  const base =
    `--sb-brand:${brand};--sb-on-brand:${textOn(brand)};` +
    `--sb-accent:${accentOn(brand, LIGHT_SURFACE, LIGHT_INK)};` +
    `--sb-left:${left ? x : 'auto'};--sb-right:${left ? 'auto' : x};` +
    `--sb-y:${clamp(t.offsetY)}px;--sb-origin:bottom ${left ? 'left' : 'right'}`;
  if (t.mode === 'dark') return `:host{${base};${darkVars(brand)}}`;
  if (t.mode === 'light') return `:host{${base}}`;
  return `:host{${base}}@media (prefers-color-scheme:dark){:host{${darkVars(brand)}}}`;
}
