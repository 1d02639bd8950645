import type { PrechatAnswers } from '@switchboard/shared';
import type { MutableRef } from 'preact/hooks';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Catalog, CoreCatalog } from '../i18n/en.js';
import { withViews } from '../i18n/with-views.js';
import type {
  PrechatForm as Form,
  PhoneCheck,
  PrechatErrors,
  PrechatField,
} from '../store/types.js';

/** The answers as typed, one string per field (empty when left blank). */
export type PrechatValues = Record<PrechatField, string>;

type PhoneModule = typeof import('../callback/phone.js');

/** Props of {@link PrechatForm}. */
export interface PrechatFormProps {
  form: Form;
  /** The answers as typed: kept by the panel, so they survive a look at an article. */
  values: PrechatValues;
  /** A core catalog is completed with English's view strings (`withViews`). */
  strings: CoreCatalog;
  /** Locale and site default for the phone field's country. Default: the browser's. */
  locale?: string | undefined;
  defaultCountry?: string | undefined;
  onChange: (field: PrechatField, value: string) => void;
  /** The store's send: returns the pre-chat errors when the message was refused for them. */
  onSend: (text: string, prechat?: PrechatAnswers, phone?: PhoneCheck) => PrechatErrors | null;
  /**
   * Set while the form shows: the composer sends through it (the answers and the phone check go
   * with the text; refused, the errors show and the first field in error takes the focus).
   * Returns whether the message was sent.
   */
  sendRef: MutableRef<((text: string) => boolean) | null>;
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
  strings: core,
  locale,
  defaultCountry,
  onChange,
  onSend,
  sendRef,
}: PrechatFormProps) {
  const strings = withViews(core);
  const root = useRef<HTMLDivElement>(null);
  const [errors, setErrors] = useState<PrechatErrors>({});
  /** Bumped on every refused send: the first field in error takes the focus. */
  const [attempt, setAttempt] = useState(0);

  // The phone field is checked by the lazy phone module: fetched when the field shows.
  const askPhone = form.fields.some((f) => f.name === 'phone');
  const [phone, setPhone] = useState<PhoneModule | null>(null);
  useEffect(() => {
    if (!askPhone || phone) return;
    import('../callback/phone.js').then(setPhone, (error: unknown) =>
      console.error('[Switchboard] the phone module did not load', error),
    );
  }, [askPhone]);
  const country = phone?.pickCountry(locale, defaultCountry);
  const phoneCheck: PhoneCheck | undefined =
    phone && country ? (value) => phone.toE164(value, country) : undefined;
  const phoneExample = phone && country ? phone.exampleNumber(country, true) : '+1 201 555 0123';

  sendRef.current = (text) => {
    // Not loaded yet (a moment after the form showed): keep the text, nothing is sent.
    if (askPhone && values.phone.trim() && !phoneCheck) return false;
    const refused = onSend(text, values, phoneCheck);
    if (refused) {
      setErrors(refused);
      setAttempt((n) => n + 1);
      return false;
    }
    setErrors({});
    return true;
  };
  useEffect(
    () => () => {
      sendRef.current = null;
    },
    [],
  );
  useEffect(() => {
    if (attempt === 0) return;
    const invalid = root.current?.querySelector<HTMLElement>(
      'input[aria-invalid="true"], [role="radiogroup"][aria-invalid="true"] input',
    );
    invalid?.focus();
  }, [attempt]);

  const change = (field: PrechatField, value: string) => {
    onChange(field, value);
    setErrors(({ [field]: _cleared, ...rest }) => rest);
  };

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
                      onChange={() => change('topic', topic.id)}
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
              onInput={(event) => change(name, event.currentTarget.value)}
              {...a11y}
            />
            {message}
          </div>
        );
      })}
    </div>
  );
}
