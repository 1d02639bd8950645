import type { SiteAppearance, WidgetTheme } from '@switchboard/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CommandResult } from '../../client/agent-client.js';
import {
  contrastRatio,
  isHexColor,
  MIN_UI_CONTRAST,
  PANEL_DARK,
  PANEL_LIGHT,
  textColorOn,
} from '../../format/contrast.js';
import { errorText } from '../../format/error-text.js';
import {
  type AppearanceDraft,
  type AppearanceField,
  appearanceFromDraft,
  DEFAULT_COLOR,
  draftFromSite,
  isDirty,
  MAX_LAUNCHER_LABEL,
  MAX_TRIGGERS,
  newTrigger,
  type TriggerDraft,
} from '../../forms/appearance-form.js';
import type { FieldError } from '../../forms/form-result.js';
import { en } from '../../i18n/en.js';
import { FieldMessage, invalidProps } from '../common/field-error.js';

const t = en.appearance;
const POSITIONS: readonly WidgetTheme['position'][] = ['left', 'right'];
const MODES: readonly WidgetTheme['mode'][] = ['light', 'dark', 'auto'];

/** Props of {@link AppearanceView}. */
export interface AppearanceViewProps {
  /** Every site's appearance (`agent.welcome.sites`, kept current by `sites.changed`). */
  sites: readonly SiteAppearance[];
  /** Send `site.save`. */
  onSave(site: SiteAppearance): Promise<CommandResult>;
  /** Ids for new proactive greetings. @example () => crypto.randomUUID() */
  newId(): string;
}

type Errors = Partial<Record<AppearanceField, FieldError>>;

const ratioText = (ratio: number) => `${(Math.floor(ratio * 10) / 10).toFixed(1)}:1`;

/**
 * Supervisors' Appearance view (`#/appearance`): per site, the widget's panel title, greeting,
 * primary colour, placement, launcher label, mode, sound and proactive greetings, beside a live
 * preview. Save sends `site.save`; "Discard changes" goes back to what is saved.
 * @example <AppearanceView sites={state.sites} onSave={(site) => client.save({ type: 'site.save', site })} newId={newId} />
 */
export function AppearanceView({ sites, onSave, newId }: AppearanceViewProps) {
  const [siteId, setSiteId] = useState<string | null>(sites[0]?.siteId ?? null);
  const site = sites.find((s) => s.siteId === siteId) ?? sites[0];
  return (
    <main class="team appearance" aria-labelledby="appearance-title">
      <h1 id="appearance-title" class="team__title">
        {t.title}
      </h1>
      <p class="appearance__intro">{t.intro}</p>
      {site ? (
        <AppearanceEditor
          key={site.siteId}
          site={site}
          sites={sites}
          onPick={setSiteId}
          onSave={onSave}
          newId={newId}
        />
      ) : (
        <p class="team__empty">{t.none}</p>
      )}
    </main>
  );
}

interface EditorProps {
  site: SiteAppearance;
  sites: readonly SiteAppearance[];
  onPick(siteId: string): void;
  onSave(site: SiteAppearance): Promise<CommandResult>;
  newId(): string;
}

function AppearanceEditor({ site, sites, onPick, onSave, newId }: EditorProps) {
  const [base, setBase] = useState<AppearanceDraft>(() => draftFromSite(site));
  const [draft, setDraft] = useState<AppearanceDraft>(base);
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [previewDark, setPreviewDark] = useState(false);
  const dirty = isDirty(base, draft);
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;

  // Another supervisor's save (`sites.changed`): follow it unless there are unsaved changes here,
  // which are kept; Discard then goes back to the newest saved version.
  useEffect(() => {
    const next = draftFromSite(site);
    setBase(next);
    if (!dirtyRef.current) setDraft(next);
  }, [site]);

  const edit = (patch: Partial<AppearanceDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSaved(false);
  };
  const editTrigger = (index: number, patch: Partial<TriggerDraft>) => {
    setDraft((d) => ({
      ...d,
      triggers: d.triggers.map((tr, i) => (i === index ? { ...tr, ...patch } : tr)),
    }));
    setSaved(false);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const checked = appearanceFromDraft(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      focusFirstInvalid(event.currentTarget);
      return;
    }
    setErrors({});
    setBusy(true);
    const result = await onSave(checked.value);
    setBusy(false);
    if (!result.ok) {
      setError(errorText(result));
      return;
    }
    const next = draftFromSite(checked.value);
    setBase(next);
    setDraft(next);
    setSaved(true);
  };

  const discard = () => {
    setDraft(base);
    setErrors({});
    setError(null);
    setSaved(false);
  };

  const hexOk = isHexColor(draft.color.trim());
  const color = hexOk ? draft.color.trim().toLowerCase() : null;
  const text = color ? textColorOn(color) : null;
  const lowContrast = color
    ? (draft.mode === 'auto' ? (['light', 'dark'] as const) : [draft.mode]).flatMap((mode) => {
        const ratio = contrastRatio(color, mode === 'dark' ? PANEL_DARK : PANEL_LIGHT);
        return ratio < MIN_UI_CONTRAST ? [{ mode, ratio }] : [];
      })
    : [];
  const colorDescribedBy = [
    'appearance-color-hint',
    lowContrast.length ? 'appearance-contrast' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div class="appearance__layout">
      <form class="appearance__form" noValidate onSubmit={(e) => void save(e)}>
        <div class="field">
          <label class="field__label" for="appearance-site">
            {t.site}
          </label>
          <select
            id="appearance-site"
            class="field__input"
            value={site.siteId}
            disabled={dirty}
            aria-describedby={dirty ? 'appearance-site-hint' : undefined}
            onChange={(e) => onPick(e.currentTarget.value)}
          >
            {sites.map((s) => (
              <option key={s.siteId} value={s.siteId}>
                {s.name} ({s.siteId})
              </option>
            ))}
          </select>
          {dirty && (
            <p id="appearance-site-hint" class="field__hint">
              {t.siteLocked}
            </p>
          )}
        </div>

        <fieldset class="appearance__group">
          <legend class="appearance__legend">{t.panel}</legend>
          <div class="field">
            <label class="field__label" for="appearance-name">
              {t.name}
            </label>
            <input
              id="appearance-name"
              class="field__input"
              value={draft.name}
              onInput={(e) => edit({ name: e.currentTarget.value })}
              {...invalidProps(errors.name, 'appearance-name-error')}
            />
            <FieldMessage id="appearance-name-error" error={errors.name} />
          </div>
          <div class="field">
            <label class="field__label" for="appearance-greeting">
              {t.greeting}
            </label>
            <textarea
              id="appearance-greeting"
              class="field__input"
              rows={2}
              value={draft.greeting}
              onInput={(e) => edit({ greeting: e.currentTarget.value })}
              {...invalidProps(
                errors.greeting,
                'appearance-greeting-error',
                'appearance-greeting-hint',
              )}
            />
            <p id="appearance-greeting-hint" class="field__hint">
              {t.greetingHint}
            </p>
            <FieldMessage id="appearance-greeting-error" error={errors.greeting} />
          </div>
          <div class="field">
            <span class="field__label" id="appearance-color-label">
              {t.color}
            </span>
            <div class="appearance__color">
              <input
                id="appearance-color"
                type="color"
                class="appearance__swatch"
                aria-labelledby="appearance-color-label"
                aria-describedby={colorDescribedBy}
                value={color ?? DEFAULT_COLOR}
                onInput={(e) => edit({ color: e.currentTarget.value })}
              />
              <input
                id="appearance-color-hex"
                class="field__input appearance__hex"
                aria-label={t.colorHex}
                value={draft.color}
                spellcheck={false}
                autocomplete="off"
                maxLength={7}
                onInput={(e) => edit({ color: e.currentTarget.value })}
                {...invalidProps(errors.color, 'appearance-color-error', colorDescribedBy)}
              />
            </div>
            <p id="appearance-color-hint" class="field__hint">
              {color && text
                ? t.textOn(
                    text === '#000000' ? t.black : t.white,
                    ratioText(contrastRatio(color, text)),
                  )
                : t.colorHint}
            </p>
            {lowContrast.length > 0 && (
              <div id="appearance-contrast" class="appearance__warning">
                {lowContrast.map((low) => (
                  <p key={low.mode}>{t.lowContrast(t.modeNames[low.mode], ratioText(low.ratio))}</p>
                ))}
              </div>
            )}
            <FieldMessage id="appearance-color-error" error={errors.color} context="color" />
          </div>
        </fieldset>

        <fieldset class="appearance__group">
          <legend class="appearance__legend">{t.placement}</legend>
          <fieldset class="appearance__radios">
            <legend class="field__label">{t.position}</legend>
            {POSITIONS.map((p) => (
              <label key={p} class="field--inline">
                <input
                  type="radio"
                  name="appearance-position"
                  value={p}
                  checked={draft.position === p}
                  onChange={() => edit({ position: p })}
                />
                <span>{t.positions[p]}</span>
              </label>
            ))}
          </fieldset>
          <NumberField
            id="appearance-offset-x"
            label={t.offsetX}
            value={draft.offsetX}
            max={200}
            error={errors.offsetX}
            onInput={(offsetX) => edit({ offsetX })}
          />
          <NumberField
            id="appearance-offset-y"
            label={t.offsetY}
            value={draft.offsetY}
            max={200}
            error={errors.offsetY}
            onInput={(offsetY) => edit({ offsetY })}
          />
          <div class="field">
            <label class="field__label" for="appearance-launcher-label">
              {t.launcherLabel}
            </label>
            <input
              id="appearance-launcher-label"
              class="field__input"
              value={draft.launcherLabel}
              onInput={(e) => edit({ launcherLabel: e.currentTarget.value })}
              {...invalidProps(
                errors.launcherLabel,
                'appearance-launcher-label-error',
                'appearance-launcher-label-hint',
              )}
            />
            <p id="appearance-launcher-label-hint" class="field__hint">
              {t.launcherLabelHint}
            </p>
            <FieldMessage id="appearance-launcher-label-error" error={errors.launcherLabel} />
          </div>
          <fieldset class="appearance__radios" aria-describedby="appearance-mode-hint">
            <legend class="field__label">{t.mode}</legend>
            {MODES.map((m) => (
              <label key={m} class="field--inline">
                <input
                  type="radio"
                  name="appearance-mode"
                  value={m}
                  checked={draft.mode === m}
                  onChange={() => edit({ mode: m })}
                />
                <span>{t.modes[m]}</span>
              </label>
            ))}
            <p id="appearance-mode-hint" class="field__hint">
              {t.autoHint}
            </p>
          </fieldset>
          <label class="field field--check">
            <input
              type="checkbox"
              checked={draft.sound}
              aria-describedby="appearance-sound-hint"
              onChange={(e) => edit({ sound: e.currentTarget.checked })}
            />
            <span>{t.sound}</span>
          </label>
          <p id="appearance-sound-hint" class="field__hint">
            {t.soundHint}
          </p>
        </fieldset>

        <section class="appearance__group" aria-labelledby="appearance-triggers-title">
          <h2 id="appearance-triggers-title" class="team__heading">
            {t.triggers}
          </h2>
          <p class="field__hint">{t.triggersHint}</p>
          {draft.triggers.length === 0 && <p class="team__empty">{t.noTriggers}</p>}
          {draft.triggers.map((trigger, index) => (
            <TriggerFields
              key={trigger.id}
              index={index}
              trigger={trigger}
              errors={errors}
              onEdit={(patch) => editTrigger(index, patch)}
              onRemove={() => {
                setDraft((d) => ({ ...d, triggers: d.triggers.filter((_, i) => i !== index) }));
                setErrors({});
                setSaved(false);
              }}
            />
          ))}
          <button
            class="button button--secondary button--small"
            type="button"
            disabled={draft.triggers.length >= MAX_TRIGGERS}
            aria-describedby={
              draft.triggers.length >= MAX_TRIGGERS ? 'appearance-triggers-max' : undefined
            }
            onClick={() => edit({ triggers: [...draft.triggers, newTrigger(newId)] })}
          >
            {t.addTrigger}
          </button>
          {draft.triggers.length >= MAX_TRIGGERS && (
            <p id="appearance-triggers-max" class="field__hint">
              {t.maxTriggers(MAX_TRIGGERS)}
            </p>
          )}
          <FieldMessage id="appearance-triggers-error" error={errors.triggers} context="triggers" />
        </section>

        <FieldMessage id="appearance-form-error" error={errors.form} />
        {error && (
          <p class="team__error" role="alert">
            {error}
          </p>
        )}
        <div class="article-editor__actions">
          <button class="button button--primary" type="submit" disabled={busy}>
            {busy ? t.saving : t.save}
          </button>
          {dirty && (
            <button class="button button--secondary" type="button" onClick={discard}>
              {t.discard}
            </button>
          )}
          {dirty && <span class="field__hint">{t.unsaved}</span>}
          {saved && !dirty && (
            <span class="article-editor__saved" role="status">
              {t.saved}
            </span>
          )}
        </div>
      </form>
      <Preview
        draft={draft}
        color={color ?? DEFAULT_COLOR}
        dark={draft.mode === 'dark' || (draft.mode === 'auto' && previewDark)}
        auto={draft.mode === 'auto'}
        previewDark={previewDark}
        onPreviewDark={setPreviewDark}
      />
    </div>
  );
}

/** Move focus to the first field marked invalid, once the errors are rendered. */
function focusFirstInvalid(form: EventTarget | null): void {
  if (!(form instanceof HTMLFormElement)) return;
  setTimeout(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
}

function NumberField(props: {
  id: string;
  label: string;
  value: string;
  max: number;
  error: FieldError | undefined;
  context?: 'offset' | 'after-sec';
  onInput(value: string): void;
}) {
  const { id, error } = props;
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {props.label}
      </label>
      <input
        id={id}
        class="field__input appearance__number"
        type="number"
        inputMode="numeric"
        min={0}
        max={props.max}
        step={1}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        {...invalidProps(error, `${id}-error`)}
      />
      <FieldMessage id={`${id}-error`} error={error} context={props.context ?? 'offset'} />
    </div>
  );
}

function TriggerFields(props: {
  index: number;
  trigger: TriggerDraft;
  errors: Errors;
  onEdit(patch: Partial<TriggerDraft>): void;
  onRemove(): void;
}) {
  const { index, trigger, errors } = props;
  const n = index + 1;
  const prefix = `appearance-trigger-${trigger.id}`;
  const messageError = errors[`trigger.${index}.message`];
  const patternError = errors[`trigger.${index}.urlPattern`];
  return (
    <fieldset class="appearance__trigger">
      <legend class="appearance__legend">{t.trigger(n)}</legend>
      <div class="field">
        <label class="field__label" for={`${prefix}-message`}>
          {t.message}
        </label>
        <textarea
          id={`${prefix}-message`}
          class="field__input"
          rows={2}
          value={trigger.message}
          onInput={(e) => props.onEdit({ message: e.currentTarget.value })}
          {...invalidProps(messageError, `${prefix}-message-error`)}
        />
        <FieldMessage id={`${prefix}-message-error`} error={messageError} />
      </div>
      <NumberField
        id={`${prefix}-after`}
        label={t.afterSec}
        value={trigger.afterSec}
        max={3600}
        context="after-sec"
        error={errors[`trigger.${index}.afterSec`]}
        onInput={(afterSec) => props.onEdit({ afterSec })}
      />
      <div class="field">
        <label class="field__label" for={`${prefix}-pattern`}>
          {t.urlPattern}
        </label>
        <input
          id={`${prefix}-pattern`}
          class="field__input"
          value={trigger.urlPattern}
          spellcheck={false}
          onInput={(e) => props.onEdit({ urlPattern: e.currentTarget.value })}
          {...invalidProps(patternError, `${prefix}-pattern-error`, `${prefix}-pattern-hint`)}
        />
        <p id={`${prefix}-pattern-hint`} class="field__hint">
          {t.urlPatternHint}
        </p>
        <FieldMessage id={`${prefix}-pattern-error`} error={patternError} />
      </div>
      <button
        class="button button--ghost button--danger button--small"
        type="button"
        onClick={props.onRemove}
      >
        <span aria-hidden="true">{en.cannedEditor.delete}</span>
        <span class="visually-hidden">{t.removeTrigger(n)}</span>
      </button>
    </fieldset>
  );
}

/**
 * The live preview: a mock page with the launcher in the chosen corner, offsets, colour and label,
 * and the panel's header with a sample agent and visitor bubble, light or dark. Styles are set
 * through the CSSOM (Preact's style objects), which a strict CSP allows.
 */
function Preview(props: {
  draft: AppearanceDraft;
  color: string;
  dark: boolean;
  auto: boolean;
  previewDark: boolean;
  onPreviewDark(dark: boolean): void;
}) {
  const { draft, color, dark } = props;
  const on = textColorOn(color);
  const x = clampOffset(draft.offsetX);
  const y = clampOffset(draft.offsetY);
  const label = draft.launcherLabel.trim().slice(0, MAX_LAUNCHER_LABEL);
  const side = draft.position === 'left' ? 'left' : 'right';
  return (
    <section class="appearance__preview" aria-labelledby="appearance-preview-title">
      <div class="team__section-head">
        <h2 id="appearance-preview-title" class="team__heading">
          {t.preview}
        </h2>
        {props.auto && (
          <label class="field--inline">
            <input
              type="checkbox"
              checked={props.previewDark}
              onChange={(e) => props.onPreviewDark(e.currentTarget.checked)}
            />
            <span>{t.previewDark}</span>
          </label>
        )}
      </div>
      <figure
        class={`widget-preview widget-preview--${dark ? 'dark' : 'light'} widget-preview--${side}`}
        aria-label={t.mockPage}
        data-mode={dark ? 'dark' : 'light'}
        // The mock page is about half size, so offsets are drawn at half scale too.
        style={{
          '--preview-brand': color,
          '--preview-on-brand': on,
          '--preview-x': `${x / 2}px`,
          '--preview-y': `${y / 2}px`,
        }}
      >
        <div class="widget-preview__panel">
          <div class="widget-preview__header">{draft.name.trim() || draft.siteId}</div>
          <div class="widget-preview__body">
            {draft.greeting.trim() && (
              <p class="widget-preview__greeting">{draft.greeting.trim()}</p>
            )}
            <p class="widget-preview__bubble widget-preview__bubble--agent">
              <span class="widget-preview__author">{t.sampleAgentName}</span>
              {t.sampleAgent}
            </p>
            <p class="widget-preview__bubble widget-preview__bubble--visitor">{t.sampleVisitor}</p>
          </div>
        </div>
        <div class={`widget-preview__launcher${label ? ' widget-preview__launcher--label' : ''}`}>
          <span class="widget-preview__icon" aria-hidden="true" />
          {label ? <span>{label}</span> : <span class="visually-hidden">{t.launcher}</span>}
        </div>
      </figure>
      <p class="field__hint">{t.previewPlacement(t.positions[side].toLowerCase(), x, y)}</p>
    </section>
  );
}

/** An offset as typed, drawn within 0 to 200 while the field holds something else. */
function clampOffset(text: string): number {
  const n = Number.parseInt(text, 10);
  if (!Number.isFinite(n)) return 0;
  return Math.min(200, Math.max(0, n));
}
