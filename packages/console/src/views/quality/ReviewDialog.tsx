import { LIMITS, type QaCriterion, type QaReview } from '@switchboard/shared';
import { useState } from 'preact/hooks';
import type { CommandResult } from '../../client/agent-client.js';
import { errorText } from '../../format/error-text.js';
import { en } from '../../i18n/en.js';
import { FormDialog } from '../common/Dialog.js';

const SCORES = [1, 2, 3, 4, 5] as const;

/** Props of {@link ReviewDialog}. */
export interface ReviewDialogProps {
  /** The scorecard (`agent.welcome.qaCriteria`). */
  criteria: readonly QaCriterion[];
  /** The agent who handled the conversation, the one being coached. */
  agentName: string;
  /** My earlier review of this conversation, if loaded: saving again replaces it. */
  previous?: QaReview | undefined;
  onSubmit(scores: Record<string, number>, comment: string): Promise<CommandResult>;
  /** Done, cancelled, or Escape. */
  onClose(): void;
}

/**
 * The QA scorecard of a closed conversation: one labelled radio group per criterion (its label
 * names the group, its description describes it), scored 1 to 5, a coaching comment, and "Save
 * review" (`qa.review.save`). Every criterion must be scored.
 * @example <ReviewDialog criteria={criteria} agentName="Grace Hopper" onSubmit={save} onClose={close} />
 */
export function ReviewDialog({
  criteria,
  agentName,
  previous,
  onSubmit,
  onClose,
}: ReviewDialogProps) {
  const [scores, setScores] = useState<Record<string, number>>(() => ({
    ...(previous?.scores ?? {}),
  }));
  const [comment, setComment] = useState(previous?.comment ?? '');
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const missing = criteria.filter((c) => scores[c.id] === undefined);

  const submit = async () => {
    if (busy) return;
    setTried(true);
    if (missing.length > 0 || criteria.length === 0) return;
    setBusy(true);
    setError(null);
    const picked: Record<string, number> = {};
    for (const c of criteria) picked[c.id] = scores[c.id] as number;
    const result = await onSubmit(picked, comment);
    setBusy(false);
    if (result.ok) onClose();
    else setError(errorText(result));
  };

  return (
    <FormDialog
      titleId="review-title"
      title={en.quality.reviewTitle}
      hint={en.quality.reviewHint(agentName)}
      error={error}
      wide
      initialFocus="input, textarea, button"
      onClose={onClose}
      onSubmit={() => void submit()}
      cancelLabel={en.quality.cancel}
      submitLabel={busy ? en.quality.saving : en.quality.save}
      submitDisabled={busy || criteria.length === 0}
    >
      {criteria.length === 0 && <p class="dialog__hint">{en.quality.noCriteria}</p>}
      {criteria.map((criterion) => {
        const descriptionId = `review-${criterion.id}-description`;
        const unscored = tried && scores[criterion.id] === undefined;
        return (
          <fieldset
            key={criterion.id}
            class="dialog__choice scorecard__criterion"
            aria-describedby={criterion.description ? descriptionId : undefined}
            aria-invalid={unscored ? 'true' : undefined}
          >
            <legend>{criterion.label}</legend>
            {criterion.description && (
              <p id={descriptionId} class="dialog__hint scorecard__description">
                {criterion.description}
              </p>
            )}
            {SCORES.map((score) => (
              <label key={score} class="scorecard__score">
                <input
                  type="radio"
                  name={`review-${criterion.id}`}
                  value={score}
                  checked={scores[criterion.id] === score}
                  onChange={() => setScores((s) => ({ ...s, [criterion.id]: score }))}
                />
                {score}
              </label>
            ))}
          </fieldset>
        );
      })}
      <label class="field">
        <span class="field__label">{en.quality.comment}</span>
        <textarea
          class="field__input dialog__note"
          rows={4}
          maxLength={LIMITS.messageChars}
          value={comment}
          onInput={(event) => setComment(event.currentTarget.value)}
        />
      </label>
      {tried && missing.length > 0 && (
        <p class="dialog__error" role="alert">
          {en.quality.scoreRequired}
        </p>
      )}
    </FormDialog>
  );
}
