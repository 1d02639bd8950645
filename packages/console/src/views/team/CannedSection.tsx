import { type CannedResponse, LIMITS } from '@switchboard/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CommandResult } from '../../client/agent-client.js';
import { errorText } from '../../format/error-text.js';
import {
  type CannedDraft,
  type CannedField,
  cannedFromDraft,
  draftFromCanned,
} from '../../forms/canned-form.js';
import type { FieldError } from '../../forms/form-result.js';
import { en } from '../../i18n/en.js';
import { Dialog } from '../common/Dialog.js';
import { FieldMessage, invalidProps } from '../common/field-error.js';

const t = en.cannedEditor;

/** Props of {@link CannedSection}. */
export interface CannedSectionProps {
  /** From `agent.welcome` and `canned.changed`. */
  canned: readonly CannedResponse[];
  /** Random ids for new responses. @example () => crypto.randomUUID() */
  newId(): string;
  /** Send `canned.save`; the table changes only when `canned.changed` comes. */
  onSave(canned: CannedResponse): Promise<CommandResult>;
  /** Send `canned.delete`. */
  onDelete(id: string): Promise<CommandResult>;
}

const textOf = (result: CommandResult) => (result.ok ? null : errorText(result));

/**
 * The Team view's "Canned responses": a table (shortcut, title, text preview) with Edit and
 * Delete (after a confirm step in the row) per response, and "New response".
 * @example <CannedSection canned={state.canned} newId={newId} onSave={save} onDelete={remove} />
 */
export function CannedSection(props: CannedSectionProps) {
  const { canned } = props;
  const [editing, setEditing] = useState<{ canned: CannedResponse | null } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sorted = [...canned].sort((a, b) => a.shortcut.localeCompare(b.shortcut));

  const remove = async (id: string) => {
    setDeleting(true);
    setError(null);
    const result = await props.onDelete(id);
    setDeleting(false);
    setConfirming(null);
    setError(textOf(result));
  };

  return (
    <section class="team__section" aria-labelledby="canned-title">
      <div class="team__section-head">
        <h2 id="canned-title" class="team__heading">
          {t.heading}
        </h2>
        <button
          class="button button--secondary button--small"
          type="button"
          onClick={() => setEditing({ canned: null })}
        >
          {t.new}
        </button>
      </div>
      {error && (
        <p class="team__error" role="alert">
          {error}
        </p>
      )}
      {sorted.length === 0 ? (
        <p class="team__empty">{t.none}</p>
      ) : (
        <table class="table table--canned" aria-labelledby="canned-title">
          <thead>
            <tr>
              <th scope="col">{t.columns.shortcut}</th>
              <th scope="col">{t.columns.title}</th>
              <th scope="col">{t.columns.text}</th>
              <th scope="col">{t.columns.actions}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <code class="table__code">/{c.shortcut}</code>
                </th>
                <td>{c.title}</td>
                <td class="table__preview" title={c.text}>
                  {c.text}
                </td>
                <td class="table__actions">
                  {confirming === c.id ? (
                    <ConfirmDelete
                      shortcut={c.shortcut}
                      busy={deleting}
                      onConfirm={() => void remove(c.id)}
                      onCancel={() => setConfirming(null)}
                    />
                  ) : (
                    <>
                      <button
                        class="button button--secondary button--small"
                        type="button"
                        onClick={() => setEditing({ canned: c })}
                      >
                        {t.edit}
                      </button>
                      <button
                        class="button button--ghost button--small button--danger"
                        type="button"
                        onClick={() => {
                          setError(null);
                          setConfirming(c.id);
                        }}
                      >
                        {t.delete}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <CannedDialog
          canned={editing.canned}
          existing={canned}
          newId={props.newId}
          onSave={props.onSave}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}

function ConfirmDelete(props: {
  shortcut: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  // The safe choice has the focus; Escape also backs out.
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <fieldset
      class="confirm"
      aria-labelledby="confirm-delete-text"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          props.onCancel();
        }
      }}
    >
      <span id="confirm-delete-text" class="confirm__text">
        {t.confirmDelete(props.shortcut)}
      </span>
      <button
        class="button button--danger-solid button--small"
        type="button"
        disabled={props.busy}
        onClick={props.onConfirm}
      >
        {props.busy ? t.deleting : t.confirm}
      </button>
      <button
        ref={cancelRef}
        class="button button--secondary button--small"
        type="button"
        onClick={props.onCancel}
      >
        {t.cancel}
      </button>
    </fieldset>
  );
}

/** Props of {@link CannedDialog}. */
export interface CannedDialogProps {
  /** Null: a new response. */
  canned: CannedResponse | null;
  /** Every response, to keep shortcuts unique. */
  existing: readonly CannedResponse[];
  newId(): string;
  onSave(canned: CannedResponse): Promise<CommandResult>;
  /** Saved, cancelled, or Escape. */
  onClose(): void;
}

/**
 * "Edit canned response" / "New canned response": Shortcut (after the `/`), Title, Text, checked
 * by {@link cannedFromDraft} before `canned.save`; the relay's refusal shows in an alert.
 * @example <CannedDialog canned={null} existing={state.canned} newId={newId} ... />
 */
export function CannedDialog(props: CannedDialogProps) {
  const [draft, setDraft] = useState<CannedDraft>(() => draftFromCanned(props.canned, props.newId));
  const [errors, setErrors] = useState<Partial<Record<CannedField, FieldError>>>({});
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (attempt > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  const set = (key: 'shortcut' | 'title' | 'text', value: string) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const submit = async () => {
    if (busy) return;
    const result = cannedFromDraft(draft, props.existing);
    if (!result.ok) {
      setErrors(result.errors);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    setRefusal(null);
    setBusy(true);
    const answer = await props.onSave(result.value);
    if (answer.ok) {
      props.onClose();
      return;
    }
    setBusy(false);
    setRefusal(textOf(answer));
  };

  return (
    <Dialog labelledBy="canned-form-title" onClose={props.onClose}>
      <form
        ref={formRef}
        class="dialog__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2 id="canned-form-title" class="dialog__title">
          {draft.isNew ? t.newTitle : t.editTitle}
        </h2>
        <div class="field">
          <label class="field__label" for="canned-shortcut">
            {t.shortcut}
          </label>
          <div class="shortcut-input">
            <span class="shortcut-input__slash" aria-hidden="true">
              /
            </span>
            <input
              id="canned-shortcut"
              class="field__input shortcut-input__field"
              value={draft.shortcut}
              autoComplete="off"
              spellcheck={false}
              maxLength={33}
              onInput={(event) => set('shortcut', event.currentTarget.value)}
              {...invalidProps(errors.shortcut, 'canned-shortcut-error', 'canned-shortcut-hint')}
            />
          </div>
          <p id="canned-shortcut-hint" class="field__hint">
            {t.shortcutHint}
          </p>
          <FieldMessage id="canned-shortcut-error" error={errors.shortcut} context="shortcut" />
        </div>
        <div class="field">
          <label class="field__label" for="canned-title">
            {t.title}
          </label>
          <input
            id="canned-title"
            class="field__input"
            value={draft.title}
            maxLength={LIMITS.shortChars}
            onInput={(event) => set('title', event.currentTarget.value)}
            {...invalidProps(errors.title, 'canned-title-error')}
          />
          <FieldMessage id="canned-title-error" error={errors.title} />
        </div>
        <div class="field">
          <label class="field__label" for="canned-text">
            {t.text}
          </label>
          <textarea
            id="canned-text"
            class="field__input dialog__note"
            rows={5}
            value={draft.text}
            maxLength={LIMITS.messageChars}
            onInput={(event) => set('text', event.currentTarget.value)}
            {...invalidProps(errors.text, 'canned-text-error')}
          />
          <FieldMessage id="canned-text-error" error={errors.text} />
        </div>
        {errors.form && <FieldMessage id="canned-form-error" error={errors.form} />}
        {refusal && (
          <p class="dialog__error" role="alert">
            {refusal}
          </p>
        )}
        <div class="dialog__actions">
          <button class="button button--secondary" type="button" onClick={props.onClose}>
            {t.cancel}
          </button>
          <button class="button button--primary" type="submit" disabled={busy}>
            {busy ? t.saving : t.save}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
