import { useEffect, useRef } from 'preact/hooks';
import type { Catalog, CoreCatalog } from '../i18n/en.js';
import { withViews } from '../i18n/with-views.js';
import type { PrechatForm as Form, PrechatErrors, PrechatField } from '../store/chat-store.js';

/** The answers as typed, one string per field (empty when left blank). */
export type PrechatValues = Record<PrechatField, string>;

/** Props of {@link PrechatForm}. */
export interface PrechatFormProps {
  form: Form;
  values: PrechatValues;
  errors: PrechatErrors;
  /** Bumped on every refused send: the first field in error takes the focus. */
  attempt: number;
  /** A core catalog is completed with English's view strings (`withViews`). */
  strings: CoreCatalog;
  /** An example of a valid number, for the phone field's error (from the lazy phone module). */
  phoneExample?: string;
  onChange: (field: PrechatField, value: string) => void;
}

function errorText(
  field: PrechatField,
  kind: 'required' | 'invalid',
  strings: Catalog,
  example: string,
): string {
  if (field === 'name') return strings.nameRequired;
  if (field === 'topic') return strings.topicRequired;
  if (field === 'phone') {
    return kind === 'invalid' ? strings.prechatPhoneInvalid(example) : strings.phoneRequired;
  }
  return kind === 'invalid' ? strings.emailInvalid : strings.emailRequired;
}

/**
 * The compact pre-chat form above the composer: "Your name", "Email" and the topic chips (a radio
 * group), each only when the site asks for it. It is sent with the first message (the composer
 * stays usable); a required field left empty shows its error inline (`aria-invalid`,
 * `aria-describedby`).
 * @example <PrechatForm form={site.prechat} values={values} errors={{}} attempt={0} strings={en} onChange={set} />
 */
export function PrechatForm({
  form,
  values,
  errors,
  attempt,
  strings: core,
  phoneExample = '+1 201 555 0123',
  onChange,
}: PrechatFormProps) {
  const strings = withViews(core);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (attempt === 0) return;
    const invalid = root.current?.querySelector<HTMLElement>(
      'input[aria-invalid="true"], [role="radiogroup"][aria-invalid="true"] input',
    );
    invalid?.focus();
  }, [attempt]);

  return (
    <div class="prechat" ref={root}>
      {form.fields.map(({ name, required }) => {
        const error = errors[name];
        const errorId = `sb-prechat-${name}-error`;
        const a11y = {
          'aria-required': required ? ('true' as const) : undefined,
          'aria-invalid': error ? ('true' as const) : undefined,
          'aria-describedby': error ? errorId : undefined,
        };
        const message = error && (
          <p class="field-error" id={errorId}>
            {errorText(name, error, strings, phoneExample)}
          </p>
        );
        if (name === 'topic') {
          if (form.topics.length === 0) return null;
          return (
            <div key={name} class="field">
              <span class="field-label" id="sb-prechat-topic">
                {strings.prechatTopic}
              </span>
              <div class="chips" role="radiogroup" aria-labelledby="sb-prechat-topic" {...a11y}>
                {form.topics.map((topic) => (
                  <label key={topic.id} class="chip">
                    <input
                      type="radio"
                      name="sb-prechat-topic"
                      value={topic.id}
                      checked={values.topic === topic.id}
                      onChange={() => onChange('topic', topic.id)}
                    />
                    <span>{topic.label}</span>
                  </label>
                ))}
              </div>
              {message}
            </div>
          );
        }
        const label =
          name === 'name'
            ? strings.prechatName
            : name === 'phone'
              ? strings.phone
              : strings.prechatEmail;
        const type = name === 'name' ? 'text' : name === 'phone' ? 'tel' : 'email';
        return (
          <div key={name} class="field">
            <label class="field-label" for={`sb-prechat-${name}`}>
              {label}
            </label>
            <input
              id={`sb-prechat-${name}`}
              class="field-input"
              type={type}
              autoComplete={name === 'phone' ? 'tel' : name}
              maxLength={name === 'email' ? 254 : name === 'phone' ? 40 : 100}
              value={values[name]}
              onInput={(event) => onChange(name, event.currentTarget.value)}
              {...a11y}
            />
            {message}
          </div>
        );
      })}
    </div>
  );
}
