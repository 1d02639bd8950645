import type { PrechatAnswers } from '@switchboard/shared';
import type { PhoneCheck, PrechatErrors, PrechatForm } from './types.js';

/** The same check the relay applies (shared `PrechatAnswers`). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Check pre-chat answers against the site's form: required fields filled in, the email well formed
 * when given, the topic one of the site's. Returns the answers to send (trimmed, empty ones left
 * out) or the errors.
 * @example checkPrechat(site.prechat, { name: ' Ada ' }) // { answers: { name: 'Ada' } }
 */
export function checkPrechat(
  form: PrechatForm,
  input: PrechatAnswers,
  phone?: PhoneCheck,
): { answers: PrechatAnswers; errors: null } | { answers: null; errors: PrechatErrors } {
  const errors: PrechatErrors = {};
  const answers: PrechatAnswers = {};
  for (const field of form.fields) {
    const value = input[field.name]?.trim() ?? '';
    if (!value) {
      if (field.required) errors[field.name] = 'required';
      continue;
    }
    if (field.name === 'email' && (!EMAIL.test(value) || value.length > 254)) {
      errors.email = 'invalid';
      continue;
    }
    if (field.name === 'topic' && !form.topics.some((t) => t.id === value)) {
      errors.topic = 'required';
      continue;
    }
    if (field.name === 'phone') {
      const e164 = phone?.(value);
      if (e164) answers.phone = e164;
      else errors.phone = 'invalid';
      continue;
    }
    answers[field.name] = field.name === 'name' ? value.slice(0, 100) : value;
  }
  return Object.keys(errors).length > 0 ? { answers: null, errors } : { answers, errors: null };
}
