import {
  DEFAULT_BRAND,
  LIMITS,
  DEFAULT_THEME as SHARED_DEFAULT_THEME,
  SiteAppearance,
  type WidgetTheme,
} from '@switchboard/shared';
import { isHexColor } from '../format/contrast.js';
import type { FieldError, FormResult } from './form-result.js';

/** The widget's defaults, used when a site has never been given a theme (shared with the widget). */
export const DEFAULT_THEME: WidgetTheme = SHARED_DEFAULT_THEME;
/** The widget's default brand colour. @default '#1f6f5c' */
export const DEFAULT_COLOR = DEFAULT_BRAND;
/** Most proactive greetings per site (the shared schema's limit). @default 20 */
export const MAX_TRIGGERS = 20;
/** Longest launcher label. @default 40 */
export const MAX_LAUNCHER_LABEL = 40;
/** Longest greeting. @default 1000 */
export const MAX_GREETING = 1000;
/** Longest proactive message. @default 500 */
export const MAX_TRIGGER_MESSAGE = 500;
/** Longest URL pattern. @default 200 */
export const MAX_URL_PATTERN = 200;

/** One proactive greeting as the form holds it (numbers as typed). */
export interface TriggerDraft {
  id: string;
  message: string;
  afterSec: string;
  urlPattern: string;
}

/** The Appearance form's fields, as typed. */
export interface AppearanceDraft {
  siteId: string;
  name: string;
  greeting: string;
  color: string;
  position: WidgetTheme['position'];
  offsetX: string;
  offsetY: string;
  launcherLabel: string;
  mode: WidgetTheme['mode'];
  sound: boolean;
  triggers: TriggerDraft[];
}

/** The fields an error can sit on; a trigger's fields are `trigger.<index>.<field>`. */
export type AppearanceField =
  | 'name'
  | 'greeting'
  | 'color'
  | 'offsetX'
  | 'offsetY'
  | 'launcherLabel'
  | 'triggers'
  | `trigger.${number}.${'message' | 'afterSec' | 'urlPattern'}`
  | 'form';

/**
 * The form's starting point: the site's saved appearance.
 * @example draftFromSite(state.sites[0]).color // '#1f6f5c'
 */
export function draftFromSite(site: SiteAppearance): AppearanceDraft {
  const theme = site.theme ?? DEFAULT_THEME;
  return {
    siteId: site.siteId,
    name: site.name,
    greeting: site.greeting ?? '',
    color: site.color,
    position: theme.position,
    offsetX: String(theme.offsetX),
    offsetY: String(theme.offsetY),
    launcherLabel: theme.launcherLabel ?? '',
    mode: theme.mode,
    sound: theme.sound,
    triggers: site.triggers.map((t) => ({
      id: t.id,
      message: t.message,
      afterSec: String(t.afterSec),
      urlPattern: t.urlPattern ?? '',
    })),
  };
}

/**
 * An empty proactive greeting with a fresh `tr_` id (shown after 30 s on any page).
 * @example newTrigger(() => crypto.randomUUID()).id // 'tr_3f0c9a51d2e84b7c'
 */
export function newTrigger(random: () => string): TriggerDraft {
  const part = random().replace(/-/g, '').slice(0, 16);
  return { id: `tr_${part}`, message: '', afterSec: '30', urlPattern: '' };
}

/** A whole number in `[min, max]` as typed, or null. */
function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

/**
 * Whether two drafts would save the same thing (the Discard button shows while they differ).
 * @example isDirty(draftFromSite(site), draft)
 */
export function isDirty(saved: AppearanceDraft, draft: AppearanceDraft): boolean {
  return JSON.stringify(saved) !== JSON.stringify(draft);
}

/**
 * Check the form and build the `SiteAppearance` to send with `site.save`: a panel title, a
 * `#rrggbb` colour, offsets 0 to 200, a launcher label of at most 40 characters (none when
 * empty), at most 20 greetings each with a message and 0 to 3600 seconds; then the shared
 * schema's `safeParse`.
 * @example appearanceFromDraft({ ...draft, color: '#ffd166' })
 */
export function appearanceFromDraft(
  draft: AppearanceDraft,
): FormResult<SiteAppearance, AppearanceField> {
  const errors: Partial<Record<AppearanceField, FieldError>> = {};
  const name = draft.name.trim();
  if (!name) errors.name = { code: 'required' };
  else if (name.length > LIMITS.shortChars)
    errors.name = { code: 'too-long', max: LIMITS.shortChars };
  const greeting = draft.greeting.trim();
  if (greeting.length > MAX_GREETING) errors.greeting = { code: 'too-long', max: MAX_GREETING };
  const color = draft.color.trim().toLowerCase();
  if (!isHexColor(color)) errors.color = { code: 'format' };
  const offsetX = wholeNumber(draft.offsetX, 0, 200);
  if (offsetX === null) errors.offsetX = { code: 'range' };
  const offsetY = wholeNumber(draft.offsetY, 0, 200);
  if (offsetY === null) errors.offsetY = { code: 'range' };
  const launcherLabel = draft.launcherLabel.trim();
  if (launcherLabel.length > MAX_LAUNCHER_LABEL) {
    errors.launcherLabel = { code: 'too-long', max: MAX_LAUNCHER_LABEL };
  }
  if (draft.triggers.length > MAX_TRIGGERS) errors.triggers = { code: 'invalid' };
  const triggers = draft.triggers.map((t, i) => {
    const message = t.message.trim();
    if (!message) errors[`trigger.${i}.message`] = { code: 'required' };
    else if (message.length > MAX_TRIGGER_MESSAGE) {
      errors[`trigger.${i}.message`] = { code: 'too-long', max: MAX_TRIGGER_MESSAGE };
    }
    const afterSec = wholeNumber(t.afterSec, 0, 3600);
    if (afterSec === null) errors[`trigger.${i}.afterSec`] = { code: 'range' };
    const urlPattern = t.urlPattern.trim();
    if (urlPattern.length > MAX_URL_PATTERN) {
      errors[`trigger.${i}.urlPattern`] = { code: 'too-long', max: MAX_URL_PATTERN };
    }
    return {
      id: t.id,
      message,
      afterSec: afterSec ?? 0,
      ...(urlPattern ? { urlPattern } : {}),
    };
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const theme: WidgetTheme = {
    position: draft.position,
    offsetX: offsetX ?? 0,
    offsetY: offsetY ?? 0,
    mode: draft.mode,
    sound: draft.sound,
    ...(launcherLabel ? { launcherLabel } : {}),
  };
  const parsed = SiteAppearance.safeParse({
    siteId: draft.siteId,
    name,
    ...(greeting ? { greeting } : {}),
    color,
    theme,
    triggers,
  });
  if (!parsed.success) return { ok: false, errors: { form: { code: 'invalid' } } };
  return { ok: true, value: parsed.data };
}
