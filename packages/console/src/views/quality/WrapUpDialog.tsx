import type { Disposition, WrapUp } from '@switchboard/shared';
import { useId, useState } from 'preact/hooks';
import type { CommandResult } from '../../client/agent-client.js';
import { errorText } from '../../format/error-text.js';
import { en } from '../../i18n/en.js';
import { FormDialog } from '../common/Dialog.js';

/** Props of {@link WrapUpDialog}. */
export interface WrapUpDialogProps {
  /** The wrap-up codes (`agent.welcome.dispositions`). */
  dispositions: readonly Disposition[];
  /** True while the conversation is open: the submit button closes it first ("Close and wrap up"). */
  closing: boolean;
  onSubmit(wrapUp: WrapUp): Promise<CommandResult>;
  /** Done, cancelled, or Escape. */
  onClose(): void;
}

/**
 * "Wrap up": a disposition (required), "Resolved?" yes or no (required) and an optional note.
 * While the conversation is open the submit is "Close and wrap up"; the relay's refusal is shown
 * in place and the dialog stays open.
 * @example <WrapUpDialog dispositions={codes} closing onSubmit={send} onClose={close} />
 */
export function WrapUpDialog({ dispositions, closing, onSubmit, onClose }: WrapUpDialogProps) {
  const [dispositionId, setDispositionId] = useState('');
  const [resolved, setResolved] = useState<boolean | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dispositionError = useId();
  const resolvedError = useId();
  const missingDisposition = tried && !dispositionId;
  const missingResolved = tried && resolved === null;

  const submit = async () => {
    if (busy) return;
    setTried(true);
    if (!dispositionId || resolved === null) return;
    setBusy(true);
    setError(null);
    const result = await onSubmit(
      note.trim() ? { dispositionId, resolved, note } : { dispositionId, resolved },
    );
    setBusy(false);
    if (result.ok) onClose();
    else setError(errorText(result));
  };

  return (
    <FormDialog
      titleId="wrapup-title"
      title={en.wrapUp.title}
      hint={en.wrapUp.ctaHint}
      error={error}
      initialFocus="select"
      onClose={onClose}
      onSubmit={() => void submit()}
      cancelLabel={en.wrapUp.cancel}
      submitLabel={busy ? en.wrapUp.saving : closing ? en.wrapUp.closeAndWrapUp : en.wrapUp.save}
      submitDisabled={busy}
    >
      <label class="field">
        <span class="field__label">{en.wrapUp.disposition}</span>
        <select
          class="field__input"
          value={dispositionId}
          required
          aria-invalid={missingDisposition ? 'true' : undefined}
          aria-describedby={missingDisposition ? dispositionError : undefined}
          onChange={(event) => setDispositionId(event.currentTarget.value)}
        >
          <option value="">{en.wrapUp.choose}</option>
          {dispositions.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </select>
        {missingDisposition && (
          <span id={dispositionError} class="field__error">
            {en.wrapUp.dispositionRequired}
          </span>
        )}
      </label>
      <fieldset
        class="dialog__choice"
        aria-invalid={missingResolved ? 'true' : undefined}
        aria-describedby={missingResolved ? resolvedError : undefined}
      >
        <legend>{en.wrapUp.resolved}</legend>
        <label>
          <input
            type="radio"
            name="wrapup-resolved"
            required
            checked={resolved === true}
            onChange={() => setResolved(true)}
          />
          {en.wrapUp.yes}
        </label>
        <label>
          <input
            type="radio"
            name="wrapup-resolved"
            checked={resolved === false}
            onChange={() => setResolved(false)}
          />
          {en.wrapUp.no}
        </label>
        {missingResolved && (
          <span id={resolvedError} class="field__error">
            {en.wrapUp.resolvedRequired}
          </span>
        )}
      </fieldset>
      <label class="field">
        <span class="field__label">{en.wrapUp.note}</span>
        <textarea
          class="field__input dialog__note"
          rows={3}
          maxLength={1000}
          value={note}
          onInput={(event) => setNote(event.currentTarget.value)}
        />
      </label>
    </FormDialog>
  );
}
