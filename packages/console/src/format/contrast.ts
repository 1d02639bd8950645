/**
 * WCAG 2.1 colour contrast for the Appearance view. The math and the widget's panel colours come
 * from `@switchboard/shared`, so the preview picks the same text colour the widget does.
 */
import {
  contrastRatio,
  isHexColor,
  PANEL_BACKGROUND,
  relativeLuminance,
  textOn,
} from '@switchboard/shared';

export { contrastRatio, isHexColor, relativeLuminance };

/** The widget panel's background in light mode. */
export const PANEL_LIGHT = PANEL_BACKGROUND.light;
/** The widget panel's background in dark mode. */
export const PANEL_DARK = PANEL_BACKGROUND.dark;
/**
 * Below this ratio a brand colour is hard to see against the panel (WCAG 1.4.11, non-text
 * contrast for the launcher, buttons and bubbles). @default 3
 */
export const MIN_UI_CONTRAST = 3;

/**
 * The text colour for a brand colour: black or white, whichever contrasts more (the widget's
 * own rule).
 * @example textColorOn('#1f6f5c') // '#ffffff'
 * @example textColorOn('#ffd166') // '#000000'
 */
export const textColorOn = textOn;
