import type { CallbackSlots, CallbackView, TimeWindow } from '@switchboard/shared';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CoreCatalog } from '../i18n/en.js';
import { withViews } from '../i18n/with-views.js';
import type {
  CallbackError,
  CallbackRequestInput,
  CallbackResult,
  SlotsResult,
} from '../store/chat-store.js';
import type { CallbackFormRequest, CallbackSettings, PrechatForm } from '../store/types.js';
import { FORM_CSS } from '../views/form-styles.js';
import { type CountryCode, countryOptions, exampleNumber, pickCountry, toE164 } from './phone.js';
import { formatWindow, groupSlotsByDay, type TimeOptions } from './time.js';

// The lazy chunk behind "Call me back": reached only through `import()` (views/CallbackPane.tsx),
// so libphonenumber-js and its metadata never weigh on the first load.

/** The form's rules: the shared fields and chips, the slots and the consent box (adopted on load). */
export const css: readonly string[] = [
  FORM_CSS,
  `
.callback-form{display:flex;flex-direction:column;gap:12px;align-self:stretch}
.slots{display:flex;flex-direction:column;gap:8px;margin:6px 0 0;padding:0;border:0}
.slot-day{display:flex;flex-direction:column;gap:4px}
.consent{display:flex;gap:8px;align-items:flex-start;font-size:13.5px}
.consent input{flex:none;width:18px;height:18px;margin:2px 0 0}
`,
];

/** Props of {@link CallbackForm}. */
export interface CallbackFormProps {
  request: CallbackFormRequest;
  settings: CallbackSettings;
  /** The site's topics (pre-chat topics); the select shows only when there are some. */
  topics: PrechatForm['topics'];
  /** A core catalog is completed with English's view strings (`withViews`). */
  strings: CoreCatalog;
  /** Locale and time zone for slots and the confirmation. Default: the browser's. */
  locale?: string | undefined;
  timeZone?: string | undefined;
  loadSlots: (topic?: string) => Promise<SlotsResult>;
  submit: (input: CallbackRequestInput) => Promise<CallbackResult>;
  reschedule: (callbackId: string, window: TimeWindow | null) => Promise<CallbackResult>;
  /** "Back", "Done", or a new time saved. */
  onClose: () => void;
}

type Field = 'name' | 'phone' | 'when' | 'consent';
type Errors = Partial<Record<Field | 'form', string>>;
type Slots = { state: 'loading' } | { state: 'failed' } | { state: 'ready'; data: CallbackSlots };

/**
 * The callback form, a view inside the panel: "Your name", "Country", "Phone number" (checked
 * with libphonenumber-js, sent as E.164), "Topic", "When should we call?" (as soon as possible, or
 * one of the offered slots grouped by the visitor's day), a note, the site's consent line, and
 * "Request call"; then the confirmation with the reference. In `reschedule` mode only the time.
 * @example <CallbackForm request={{ mode: 'request' }} settings={site.callback} topics={[]} ... />
 */
export function CallbackForm(props: CallbackFormProps) {
  const { request, strings: core, settings } = props;
  const strings = withViews(core);
  const timeOptions: TimeOptions = { locale: props.locale, timeZone: props.timeZone };
  const countries = useMemo(() => countryOptions(props.locale), [props.locale]);
  const prefill: {
    name?: string;
    topic?: string;
    phone?: string;
    note?: string;
    article?: { title: string };
  } = request.mode === 'request' ? request : {};

  const [name, setName] = useState(prefill.name ?? '');
  const [country, setCountry] = useState<CountryCode>(() =>
    pickCountry(props.locale, settings.defaultCountry),
  );
  // A prefilled number (`requestCallback({ prefill: { phone } })`) is international (E.164), so it
  // parses whatever country is selected.
  const [phone, setPhone] = useState(prefill.phone ?? '');
  const [topic, setTopic] = useState(
    prefill.topic && props.topics.some((t) => t.id === prefill.topic) ? prefill.topic : '',
  );
  const [when, setWhen] = useState<'asap' | 'slot' | null>(null);
  const [slotKey, setSlotKey] = useState<string | null>(null);
  const [note, setNote] = useState(
    prefill.note ?? (prefill.article ? strings.aboutArticle(prefill.article.title) : ''),
  );
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [attempt, setAttempt] = useState(0);
  const [sending, setSending] = useState(false);
  const [slots, setSlots] = useState<Slots>({ state: 'loading' });
  const [reload, setReload] = useState(0);
  const [confirmed, setConfirmed] = useState<CallbackView | null>(null);

  const root = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, [confirmed]);

  useEffect(() => {
    let live = true;
    setSlots({ state: 'loading' });
    void props.loadSlots(topic || undefined).then((result) => {
      if (!live) return;
      setSlots(result.ok ? { state: 'ready', data: result.slots } : { state: 'failed' });
    });
    return () => {
      live = false;
    };
  }, [topic, reload]);

  useEffect(() => {
    if (attempt === 0) return;
    root.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  const offered = slots.state === 'ready' ? slots.data : null;
  const days = useMemo(
    () => (offered ? groupSlotsByDay(offered.slots, timeOptions) : []),
    [offered, props.locale, props.timeZone],
  );
  // As soon as possible when it can be offered, else a slot; the visitor's choice otherwise.
  const choice =
    when === 'asap' && !offered?.asap ? 'slot' : (when ?? (offered?.asap ? 'asap' : 'slot'));
  const slot = days.flatMap((d) => d.slots).find((s) => s.key === slotKey) ?? null;

  const clear = (field: Field | 'form') =>
    setErrors(({ [field]: _cleared, form: _form, ...rest }) => rest);

  function refused(error: CallbackError): Errors {
    switch (error.code) {
      case 'INVALID_PHONE':
        return { phone: strings.phoneInvalid(exampleNumber(country)) };
      case 'SLOT_UNAVAILABLE':
        setSlotKey(null);
        setReload((n) => n + 1);
        return { when: strings.slotTaken };
      case 'RATE_LIMITED':
        return { form: strings.rateLimited };
      case 'OFFLINE':
        return { form: strings.callbackOffline };
      default:
        return { form: strings.callbackFailed };
    }
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (sending) return;
    const found: Errors = {};
    const window = choice === 'asap' ? null : (slot?.window ?? null);
    if (choice === 'slot' && !window) found.when = strings.slotRequired;
    let e164: string | null = null;
    if (request.mode === 'request') {
      if (!name.trim()) found.name = strings.nameRequired;
      e164 = toE164(phone, country);
      if (!phone.trim()) found.phone = strings.phoneRequired;
      else if (!e164) found.phone = strings.phoneInvalid(exampleNumber(country));
      if (!consent) found.consent = strings.consentRequired;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    setSending(true);
    let result: CallbackResult;
    if (request.mode === 'reschedule') {
      result = await props.reschedule(request.callback.id, window);
    } else {
      const input: CallbackRequestInput = {
        name: name.trim().slice(0, 100),
        phone: e164 as string,
        window,
        consent: true,
      };
      if (topic) input.topic = topic;
      if (note.trim()) input.note = note.trim().slice(0, 1000);
      if (request.conversationId) input.conversationId = request.conversationId;
      result = await props.submit(input);
    }
    setSending(false);
    if (!result.ok) {
      setErrors(refused(result.error));
      setAttempt((n) => n + 1);
      return;
    }
    if (request.mode === 'reschedule') props.onClose();
    else setConfirmed(result.callback);
  }

  const a11y = (field: Field) =>
    errors[field]
      ? { 'aria-invalid': 'true' as const, 'aria-describedby': `sb-cb-${field}-error` }
      : {};
  const fieldError = (field: Field) =>
    errors[field] && (
      <p class="field-error" id={`sb-cb-${field}-error`}>
        {errors[field]}
      </p>
    );

  const back = (
    <button type="button" class="link-button" onClick={props.onClose}>
      {strings.back}
    </button>
  );

  if (confirmed) {
    return (
      <div class="callback" ref={root}>
        <h3 class="callback-title" ref={heading} tabIndex={-1}>
          {strings.callbackConfirmed}
        </h3>
        <p>{strings.callbackReference(confirmed.reference)}</p>
        <p>{confirmed.window ? formatWindow(confirmed.window, timeOptions) : strings.asap}</p>
        <p>{strings.callbackNumber(confirmed.phoneMasked)}</p>
        <button type="button" class="primary" onClick={props.onClose}>
          {strings.done}
        </button>
      </div>
    );
  }

  return (
    <div class="callback" ref={root}>
      {back}
      <h3 class="callback-title" ref={heading} tabIndex={-1}>
        {request.mode === 'request' ? strings.callbackTitle : strings.rescheduleTitle}
      </h3>
      <form class="callback-form" noValidate onSubmit={onSubmit}>
        {request.mode === 'request' && (
          <>
            <div class="field">
              <label class="field-label" for="sb-cb-name">
                {strings.prechatName}
              </label>
              <input
                id="sb-cb-name"
                class="field-input"
                autoComplete="name"
                maxLength={100}
                aria-required="true"
                value={name}
                onInput={(e) => {
                  setName(e.currentTarget.value);
                  clear('name');
                }}
                {...a11y('name')}
              />
              {fieldError('name')}
            </div>
            <div class="field">
              <label class="field-label" for="sb-cb-country">
                {strings.country}
              </label>
              <select
                id="sb-cb-country"
                class="field-input"
                autoComplete="country"
                value={country}
                onChange={(e) => {
                  setCountry(e.currentTarget.value as CountryCode);
                  clear('phone');
                }}
              >
                {countries.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.label}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label class="field-label" for="sb-cb-phone">
                {strings.phone}
              </label>
              <input
                id="sb-cb-phone"
                class="field-input"
                type="tel"
                autoComplete="tel"
                inputMode="tel"
                maxLength={40}
                aria-required="true"
                value={phone}
                onInput={(e) => {
                  setPhone(e.currentTarget.value);
                  clear('phone');
                }}
                {...a11y('phone')}
              />
              {fieldError('phone')}
            </div>
            {props.topics.length > 0 && (
              <div class="field">
                <label class="field-label" for="sb-cb-topic">
                  {strings.topic}
                </label>
                <select
                  id="sb-cb-topic"
                  class="field-input"
                  value={topic}
                  onChange={(e) => {
                    setTopic(e.currentTarget.value);
                    setSlotKey(null);
                  }}
                >
                  <option value="">{strings.topicNone}</option>
                  {props.topics.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.label}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </>
        )}
        <div class="field">
          <span class="field-label" id="sb-cb-when">
            {strings.when}
          </span>
          {slots.state === 'loading' && <p class="queue-line">{strings.loading}</p>}
          {slots.state === 'failed' && (
            <p class="field-error">
              {strings.loadFailed}{' '}
              <button type="button" class="link-button" onClick={() => setReload((n) => n + 1)}>
                {strings.tryAgain}
              </button>
            </p>
          )}
          {offered && (
            <div class="chips" role="radiogroup" aria-labelledby="sb-cb-when">
              {offered.asap && (
                <label class="chip">
                  <input
                    type="radio"
                    name="sb-cb-when"
                    checked={choice === 'asap'}
                    onChange={() => {
                      setWhen('asap');
                      clear('when');
                    }}
                  />
                  <span>{strings.asap}</span>
                </label>
              )}
              <label class="chip">
                <input
                  type="radio"
                  name="sb-cb-when"
                  checked={choice === 'slot'}
                  onChange={() => setWhen('slot')}
                />
                <span>{strings.pickTime}</span>
              </label>
            </div>
          )}
          {offered && choice === 'slot' && (
            <fieldset class="slots">
              <legend class="sr-only">{strings.availableTimes}</legend>
              {days.length === 0 && <p class="queue-line">{strings.noSlots}</p>}
              {days.map((day) => (
                <div key={day.key} class="slot-day">
                  <span class="field-label" id={`sb-cb-day-${day.key}`}>
                    {day.label}
                  </span>
                  <div
                    class="chips"
                    role="radiogroup"
                    aria-labelledby={`sb-cb-day-${day.key}`}
                    {...a11y('when')}
                  >
                    {day.slots.map((s) => (
                      <label key={s.key} class="chip">
                        <input
                          type="radio"
                          name="sb-cb-slot"
                          value={s.key}
                          checked={slotKey === s.key}
                          onChange={() => {
                            setSlotKey(s.key);
                            clear('when');
                          }}
                        />
                        <span>{s.label}</span>
                      </label>
                    ))}
                  </div>
                </div>
              ))}
            </fieldset>
          )}
          {fieldError('when')}
        </div>
        {request.mode === 'request' && (
          <>
            <div class="field">
              <label class="field-label" for="sb-cb-note">
                {strings.note}
              </label>
              <textarea
                id="sb-cb-note"
                class="field-input"
                rows={2}
                maxLength={1000}
                value={note}
                onInput={(e) => setNote(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label class="consent">
                <input
                  type="checkbox"
                  checked={consent}
                  aria-required="true"
                  onChange={(e) => {
                    setConsent(e.currentTarget.checked);
                    clear('consent');
                  }}
                  {...a11y('consent')}
                />
                <span>{settings.consentText}</span>
              </label>
              {fieldError('consent')}
            </div>
          </>
        )}
        {errors.form && (
          <p class="field-error" role="alert">
            {errors.form}
          </p>
        )}
        <button type="submit" class="primary" disabled={sending || !offered}>
          {sending
            ? strings.requesting
            : request.mode === 'request'
              ? strings.requestCall
              : strings.saveTime}
        </button>
      </form>
    </div>
  );
}
