import type { FieldError } from '../../forms/form-result.js';
import { en } from '../../i18n/en.js';

/** Field-specific wording for the codes that read differently per field. */
export type ErrorContext =
  | 'department-id'
  | 'article-id'
  | 'shortcut'
  | 'color'
  | 'offset'
  | 'after-sec'
  | 'triggers'
  | 'other';

/**
 * The words for a form error (errors are data until a view shows them).
 * @example fieldErrorText({ code: 'time-zone' }) // 'Unknown time zone. …'
 */
export function fieldErrorText(error: FieldError, context: ErrorContext = 'other'): string {
  const t = en.formErrors;
  switch (error.code) {
    case 'required':
      return t.required;
    case 'format':
      if (context === 'color') return t.colorFormat;
      if (context === 'article-id') return t.articleIdFormat;
      return context === 'shortcut' ? t.shortcutFormat : t.idFormat;
    case 'taken':
      if (context === 'article-id') return t.articleIdTaken;
      return context === 'shortcut' ? t.shortcutTaken : t.idTaken;
    case 'time-zone':
      return t.timeZone;
    case 'range':
      if (context === 'offset') return t.offsetRange;
      if (context === 'after-sec') return t.afterSecRange;
      return t.range;
    case 'too-long':
      return t.tooLong(error.max);
    case 'no-hours':
      return t.noHours;
    case 'hours-order':
      return t.hoursOrder(en.departments.days[error.day] ?? '');
    case 'hours-missing':
      return t.hoursMissing(en.departments.days[error.day] ?? '');
    case 'invalid':
      return context === 'triggers' ? t.tooManyTriggers : t.invalid;
  }
}

/** Props of {@link FieldMessage}. */
export interface FieldMessageProps {
  /** Referenced by the field's `aria-describedby`. */
  id: string;
  error: FieldError | undefined;
  context?: ErrorContext;
}

/**
 * The inline error under a field, or nothing.
 * @example <FieldMessage id="tz-error" error={errors.timeZone} />
 */
export function FieldMessage({ id, error, context }: FieldMessageProps) {
  if (!error) return null;
  return (
    <p id={id} class="field__error">
      {fieldErrorText(error, context)}
    </p>
  );
}

/**
 * `aria-invalid` and `aria-describedby` for a field that may have an error (and a hint).
 * @example <input {...invalidProps(errors.name, 'name-error')} />
 */
export function invalidProps(error: FieldError | undefined, errorId: string, hintId?: string) {
  const describedBy = [error ? errorId : null, hintId].filter(Boolean).join(' ');
  return {
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy || undefined,
  };
}
