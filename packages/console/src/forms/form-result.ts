/** Why a field is refused: errors as data, worded by the view from `en.formErrors`. */
export type FieldError =
  | { code: 'required' | 'format' | 'taken' | 'time-zone' | 'range' | 'invalid' | 'no-hours' }
  | { code: 'hours-order' | 'hours-missing'; day: number }
  | { code: 'too-long'; max: number };

/** A form's answer: the value to send, or the errors by field. */
export type FormResult<T, F extends string> =
  | { ok: true; value: T }
  | { ok: false; errors: Partial<Record<F, FieldError>> };

/** What a schema's `safeParse` answers, as far as the forms read it. */
export type ParseAnswer<T> =
  | { success: true; data: T }
  | { success: false; error: { issues: readonly { path: readonly PropertyKey[] }[] } };

/**
 * A form's answer from its own checks and the shared schema's: each schema issue lands on the
 * field its path starts with, or on `form` (which every form has) when that is none of `fields`,
 * unless that field already has an error of its own. Any error means no value.
 * @example formResult({}, Canned.safeParse(candidate), ['shortcut', 'title', 'text'])
 */
export function formResult<T, F extends string>(
  errors: Partial<Record<F, FieldError>>,
  parsed: ParseAnswer<T>,
  fields: readonly NoInfer<F>[],
): FormResult<T, F> {
  if (!parsed.success) {
    const known: ReadonlySet<string> = new Set(fields);
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'form');
      const field = (known.has(key) ? key : 'form') as F;
      errors[field] ??= { code: 'invalid' };
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, value: parsed.data };
}
