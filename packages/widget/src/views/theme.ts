import {
  contrastRatio,
  DEFAULT_BRAND,
  DEFAULT_THEME,
  isHexColor,
  PANEL_BACKGROUND,
  textOn,
  type WidgetTheme,
} from '@switchboard/shared';

// The colour math and defaults live in shared, so the console's Appearance preview agrees.
export {
  contrastRatio,
  DEFAULT_BRAND,
  DEFAULT_THEME,
  relativeLuminance,
  textOn,
} from '@switchboard/shared';

const DARK_BG = PANEL_BACKGROUND.dark;
/** The surfaces per mode that contrast least with a brand-coloured text (bubbles, cards). */
const LIGHT_SURFACE = '#f1f3f5';
const DARK_SURFACE = '#2b3038';
const LIGHT_INK = '#1b1f23';
const DARK_INK = '#e8eaed';

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
  const brand = isHexColor(color) ? color : DEFAULT_BRAND;
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
