import { CannedResponse, LIMITS } from '@switchboard/shared';
import { type FieldError, type FormResult, formResult } from './form-result.js';

/** A shortcut as typed after the `/`: the shared schema's pattern. */
export const SHORTCUT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** The canned response form's fields. */
export interface CannedDraft {
  /** A new response's id is made when the form opens, so a retried save cannot make two. */
  id: string;
  isNew: boolean;
  shortcut: string;
  title: string;
  text: string;
}

/** The fields an error can sit on; `form` when no single field is to blame. */
export type CannedField = 'shortcut' | 'title' | 'text' | 'form';

/**
 * The form's starting point: the response's fields, or empty ones with a fresh `cr_` id.
 * @example draftFromCanned(null, () => crypto.randomUUID()).id // 'cr_3f0c9a51d2e84b7c'
 */
export function draftFromCanned(canned: CannedResponse | null, random: () => string): CannedDraft {
  if (!canned) return { id: newCannedId(random), isNew: true, shortcut: '', title: '', text: '' };
  return {
    id: canned.id,
    isNew: false,
    shortcut: canned.shortcut,
    title: canned.title,
    text: canned.text,
  };
}

/**
 * A new canned response's id: `cr_` and a random part, within the protocol's id length.
 * @example newCannedId(() => crypto.randomUUID()) // 'cr_3f0c9a51d2e84b7c'
 */
export function newCannedId(random: () => string): string {
  const part = random().replace(/-/g, '').slice(0, 16);
  return `cr_${part}`;
}

/**
 * Check the form and build the `CannedResponse` to send: a shortcut of the shared pattern (a
 * leading `/` is dropped) that no other response uses, a title, a text within the message limit;
 * then the shared schema's `safeParse`.
 * @example cannedFromDraft({ ...draft, shortcut: 'refund' }, state.canned)
 */
export function cannedFromDraft(
  draft: CannedDraft,
  existing: readonly CannedResponse[],
): FormResult<CannedResponse, CannedField> {
  const errors: Partial<Record<CannedField, FieldError>> = {};
  const shortcut = draft.shortcut.trim().replace(/^\//, '');
  if (!shortcut) errors.shortcut = { code: 'required' };
  else if (!SHORTCUT_PATTERN.test(shortcut)) errors.shortcut = { code: 'format' };
  else if (existing.some((c) => c.shortcut === shortcut && c.id !== draft.id)) {
    errors.shortcut = { code: 'taken' };
  }
  const title = draft.title.trim();
  if (!title) errors.title = { code: 'required' };
  else if (title.length > LIMITS.shortChars) errors.title = { code: 'invalid' };
  const text = draft.text.trim();
  if (!text) errors.text = { code: 'required' };
  else if (text.length > LIMITS.messageChars) errors.text = { code: 'invalid' };

  const candidate = { id: draft.id, shortcut, title, text };
  return formResult(errors, CannedResponse.safeParse(candidate), ['shortcut', 'title', 'text']);
}
