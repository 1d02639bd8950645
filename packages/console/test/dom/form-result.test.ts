import { describe, expect, it } from 'vitest';
import { type FieldError, formResult, type ParseAnswer } from '../../src/forms/form-result.js';

type Field = 'name' | 'title' | 'form';
const FIELDS: readonly Field[] = ['name', 'title'];
const refused = (...paths: PropertyKey[][]): ParseAnswer<string> => ({
  success: false,
  error: { issues: paths.map((path) => ({ path })) },
});

describe('formResult', () => {
  it('gives the value when neither the form nor the schema refused', () => {
    expect(formResult<string, Field>({}, { success: true, data: 'ok' }, FIELDS)).toEqual({
      ok: true,
      value: 'ok',
    });
  });

  it("puts each schema issue on the field its path starts with, and unknown paths on 'form'", () => {
    const result = formResult<string, Field>({}, refused(['title', 0], ['colour'], []), FIELDS);
    expect(result).toEqual({
      ok: false,
      errors: { title: { code: 'invalid' }, form: { code: 'invalid' } },
    });
  });

  it("keeps the form's own, more precise error on a field the schema also refused", () => {
    const errors: Partial<Record<Field, FieldError>> = { name: { code: 'required' } };
    const result = formResult<string, Field>(errors, refused(['name']), FIELDS);
    expect(result).toEqual({ ok: false, errors: { name: { code: 'required' } } });
  });

  it('refuses when the form found an error even though the schema accepted', () => {
    const errors: Partial<Record<Field, FieldError>> = { title: { code: 'too-long', max: 3 } };
    expect(formResult<string, Field>(errors, { success: true, data: 'ok' }, FIELDS)).toEqual({
      ok: false,
      errors: { title: { code: 'too-long', max: 3 } },
    });
  });
});
