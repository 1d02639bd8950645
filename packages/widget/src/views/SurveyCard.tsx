import type { SurveyAnswers } from '@switchboard/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CoreCatalog } from '../i18n/en.js';
import { withViews } from '../i18n/with-views.js';
import type { SurveyView } from '../store/types.js';

/** Props of {@link SurveyCard}. */
export interface SurveyCardProps {
  survey: SurveyView;
  /** A core catalog is completed with English's view strings (`withViews`). */
  strings: CoreCatalog;
  /** One tap (CSAT, CES) or the comment: the store sends it and moves to the next step. */
  onAnswer: (answers: SurveyAnswers) => void;
  onRetry: () => void;
  onDismiss: () => void;
}

/** The label of a choice without its number ("4 of 5: Satisfied" → "Satisfied"). */
const labelOf = (choice: string) => choice.replace(/^[^:：]*[:：]\s*/, '');

/**
 * A row of choices, a radio group in a toolbar: arrow keys (and Home, End) move the focus without
 * choosing, a click, Enter or Space chooses, and choosing is answering (one tap).
 */
function Scale(props: {
  id: string;
  question: string;
  choices: string[];
  value: number | null;
  onPick: (value: number) => void;
}) {
  const { id, choices, value } = props;
  const [focused, setFocused] = useState(Math.max(0, (value ?? 1) - 1));
  const group = useRef<HTMLDivElement>(null);
  const move = (index: number) => {
    const next = (index + choices.length) % choices.length;
    setFocused(next);
    group.current?.querySelectorAll<HTMLElement>('[role=radio]')[next]?.focus();
  };
  const keys: Record<string, number> = {
    ArrowRight: focused + 1,
    ArrowDown: focused + 1,
    ArrowLeft: focused - 1,
    ArrowUp: focused - 1,
    Home: 0,
    End: choices.length - 1,
  };
  return (
    <>
      <p class="queue-position" id={id}>
        {props.question}
      </p>
      <div
        ref={group}
        class="scale"
        role="radiogroup"
        aria-labelledby={id}
        onKeyDown={(event) => {
          const target = keys[event.key];
          if (target === undefined) return;
          event.preventDefault();
          // In a right-to-left page the row runs the other way: so do the arrows.
          const rtl = group.current?.closest('[dir=rtl]') && event.key.startsWith('Arrow');
          const flipped = rtl && /Left|Right/.test(event.key) ? 2 * focused - target : target;
          move(flipped);
        }}
      >
        {choices.map((choice, index) => (
          // biome-ignore lint/a11y/useSemanticElements: a native radio is checked by the arrow keys, and here checking is sending
          <button
            key={choice}
            type="button"
            role="radio"
            aria-checked={value === index + 1}
            aria-label={choice}
            title={labelOf(choice)}
            tabIndex={index === focused ? 0 : -1}
            onClick={() => props.onPick(index + 1)}
          >
            {index + 1}
          </button>
        ))}
      </div>
      <p class="scale-ends" aria-hidden="true">
        <span>{labelOf(choices[0] ?? '')}</span>
        <span>{labelOf(choices[choices.length - 1] ?? '')}</span>
      </p>
    </>
  );
}

/**
 * The survey after a finished chat or callback, a group named "Your feedback": "How satisfied are
 * you with the help you got?" (1–5), then "How easy was it to get help?" (1–7), each answered and
 * sent with one tap, then an optional comment, then thanks. "Not now" hides it for good. The focus
 * follows to the next question after each answer; an answer that got no answer shows "Not sent"
 * with "Retry".
 * @example <SurveyCard survey={state.survey} strings={en} onAnswer={store.answerSurvey} ... />
 */
export function SurveyCard({
  survey,
  strings: core,
  onAnswer,
  onRetry,
  onDismiss,
}: SurveyCardProps) {
  const strings = withViews(core);
  const card = useRef<HTMLFieldSetElement>(null);
  const [comment, setComment] = useState('');
  const shown = useRef(survey.step);
  useEffect(() => {
    if (shown.current === survey.step) return;
    shown.current = survey.step;
    // The next question takes the focus (the button under the finger is gone).
    card.current?.querySelector<HTMLElement>('[tabindex="0"],textarea,.survey-close')?.focus();
  }, [survey.step]);
  return (
    <fieldset ref={card} class="queue survey" aria-label={strings.surveyCard}>
      {survey.reference && <p class="queue-line">{strings.callbackReference(survey.reference)}</p>}
      {survey.step === 'csat' && (
        <Scale
          id="sb-csat"
          question={strings.csatQuestion}
          choices={strings.csatChoices}
          value={survey.csat}
          onPick={(csat) => onAnswer({ csat })}
        />
      )}
      {survey.step === 'ces' && (
        <Scale
          id="sb-ces"
          question={strings.cesQuestion}
          choices={strings.cesChoices}
          value={survey.ces}
          onPick={(ces) => onAnswer({ ces })}
        />
      )}
      {survey.step === 'comment' && (
        <form
          class="survey-comment"
          onSubmit={(event) => {
            event.preventDefault();
            const text = comment.trim();
            onAnswer(text ? { comment: text.slice(0, 1_000) } : {});
          }}
        >
          <label for="sb-survey-comment">{strings.surveyComment}</label>
          <textarea
            id="sb-survey-comment"
            rows={2}
            maxLength={1_000}
            value={comment}
            onInput={(event) => setComment(event.currentTarget.value)}
          />
          <button type="submit" class="primary">
            {strings.send}
          </button>
        </form>
      )}
      <div role="status">{survey.step === 'thanks' && strings.feedbackThanks}</div>
      {survey.failed && (
        <p class="field-error">
          {strings.failed}{' '}
          <button type="button" class="link-button" onClick={onRetry}>
            {strings.retry}
          </button>
        </p>
      )}
      <button type="button" class="link-button survey-close" onClick={onDismiss}>
        {survey.step === 'thanks' ? strings.dismiss : strings.notNow}
      </button>
    </fieldset>
  );
}
