import type { Callback, CallbackOutcome, Disposition } from '@switchboard/shared';
import { useId, useState } from 'preact/hooks';
import type { CommandResult } from '../../client/agent-client.js';
import { errorText } from '../../format/error-text.js';
import { formatPhone, telHref } from '../../format/phone.js';
import { formatDateTime, formatWindow } from '../../format/time.js';
import { en } from '../../i18n/en.js';
import { type CallbackGroup, isOverdue } from '../../store/callbacks.js';

/** The outcome buttons, in the order an agent thinks of them. */
const OUTCOMES: readonly CallbackOutcome[] = [
  'resolved',
  'unresolved',
  'no_answer',
  'voicemail',
  'wrong_number',
];

/** Outcomes of a call that reached the customer: the ones a disposition goes with. */
const REACHED: ReadonlySet<CallbackOutcome> = new Set(['resolved', 'unresolved']);

/** Props of {@link CallbacksView}. */
export interface CallbacksViewProps {
  /** Open callbacks per department, each in due order. */
  groups: readonly CallbackGroup[];
  /** Callbacks finished today, latest first. */
  done: readonly Callback[];
  /** The console's clock: what is overdue is decided against it. */
  now: number;
  /** The signed-in agent's id: their claims get the call controls. */
  agentId: string;
  /** The department's skills I lack (empty: I may claim). */
  missingSkills(departmentId: string): string[];
  departmentName(departmentId: string): string;
  onClaim(callbackId: string): Promise<CommandResult>;
  onRelease(callbackId: string): Promise<CommandResult>;
  /** `dispositionId`: the wrap-up code picked, sent with an outcome that reached the customer. */
  onOutcome(
    callbackId: string,
    outcome: CallbackOutcome,
    note: string,
    dispositionId?: string,
  ): Promise<CommandResult>;
  /** The wrap-up codes; with some, my claimed call offers a "Disposition" select. */
  dispositions?: readonly Disposition[];
}

/**
 * The callbacks queue: one list per department in due order, overdue ones flagged; Claim (gated
 * by skills), then for my claim a `tel:` link, the outcome buttons with call notes, and Release.
 * Finished ones wait in a collapsed "Done today".
 * @example <CallbacksView groups={callbackGroups(state)} done={doneToday(state, now)} now={now} ... />
 */
export function CallbacksView(props: CallbacksViewProps) {
  const { groups, done } = props;
  return (
    <main class="team callbacks" aria-labelledby="callbacks-title">
      <h1 id="callbacks-title" class="team__title">
        {en.callbacks.title}
      </h1>
      {groups.length === 0 && <p class="team__empty">{en.callbacks.empty}</p>}
      {groups.map((group) => (
        <section
          key={group.departmentId}
          class="callbacks__group"
          aria-labelledby={`callbacks-${group.departmentId}`}
        >
          <h2 id={`callbacks-${group.departmentId}`} class="team__heading">
            {group.name}
          </h2>
          {/* biome-ignore lint/a11y/noRedundantRoles: Safari drops list semantics when list-style is none */}
          <ul class="callbacks__list" role="list" aria-label={group.name}>
            {group.callbacks.map((callback) => (
              <CallbackRow key={callback.id} callback={callback} {...props} />
            ))}
          </ul>
        </section>
      ))}
      {done.length > 0 && (
        <details class="callbacks__done">
          <summary>{en.callbacks.doneToday(done.length)}</summary>
          {/* biome-ignore lint/a11y/noRedundantRoles: Safari drops list semantics when list-style is none */}
          <ul class="callbacks__list" role="list" aria-label={en.callbacks.doneToday(done.length)}>
            {done.map((callback) => (
              <DoneRow
                key={callback.id}
                callback={callback}
                departmentName={props.departmentName}
              />
            ))}
          </ul>
        </details>
      )}
    </main>
  );
}

interface RowProps extends CallbacksViewProps {
  callback: Callback;
}

/** Reference, name, window, due state, attempt, topic, note and status: the facts of a row. */
function CallbackFacts({ callback, now }: { callback: Callback; now: number }) {
  const overdue = isOverdue(callback, now);
  const next = callback.attempts.length + 1;
  return (
    <>
      <div class="callback__head">
        <span class="callback__reference">{callback.reference}</span>
        <span class="callback__name">{callback.name}</span>
        <span class={`badge badge--callback-${callback.status}`}>
          {en.callbacks.status[callback.status]}
        </span>
        {overdue ? (
          <span class="badge badge--overdue">{en.callbacks.overdue}</span>
        ) : (
          callback.status === 'scheduled' && (
            <span class="callback__due">
              {callback.dueAt <= now
                ? en.callbacks.dueNow
                : en.callbacks.dueAt(formatDateTime(callback.dueAt))}
            </span>
          )
        )}
        {next > 1 && <span class="callback__attempt">{en.callbacks.attempt(next)}</span>}
      </div>
      <dl class="callback__facts">
        <div>
          <dt>{en.callbacks.window}</dt>
          <dd>{callback.window ? formatWindow(callback.window) : en.callbacks.asap}</dd>
        </div>
        {callback.topic && (
          <div>
            <dt>{en.callbacks.topic}</dt>
            <dd>{callback.topic}</dd>
          </div>
        )}
        {callback.note && (
          <div>
            <dt>{en.callbacks.note}</dt>
            <dd class="callback__note">{callback.note}</dd>
          </div>
        )}
      </dl>
    </>
  );
}

function CallbackRow({ callback, now, agentId, ...props }: RowProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  const [dispositionId, setDispositionId] = useState('');
  const dispositions = props.dispositions ?? [];
  const reasonId = useId();
  const notesId = useId();
  const mine = callback.status === 'calling' && callback.claimedBy?.id === agentId;
  const theirs = callback.status === 'calling' && !mine;
  const missing = callback.status === 'scheduled' ? props.missingSkills(callback.departmentId) : [];

  const run = async (action: () => Promise<CommandResult>, after?: () => void) => {
    setBusy(true);
    setError(null);
    const result = await action();
    setBusy(false);
    if (result.ok) after?.();
    else setError(errorText(result));
  };

  return (
    <li
      class={`callback${isOverdue(callback, now) ? ' callback--overdue' : ''}`}
      aria-label={`${callback.reference} ${callback.name}`}
    >
      <CallbackFacts callback={callback} now={now} />
      {callback.status === 'scheduled' && (
        <div class="callback__actions">
          <button
            class="button button--primary"
            type="button"
            disabled={busy || missing.length > 0}
            aria-describedby={missing.length > 0 ? reasonId : undefined}
            onClick={() => void run(() => props.onClaim(callback.id))}
          >
            {busy ? en.callbacks.claiming : en.callbacks.claim}
          </button>
          {missing.length > 0 && (
            <span id={reasonId} class="callback__reason">
              {en.callbacks.needsSkills(missing)}
            </span>
          )}
        </div>
      )}
      {theirs && (
        <p class="callback__claimed">
          {en.callbacks.beingCalledBy(callback.claimedBy?.name ?? '')}
        </p>
      )}
      {mine && (
        <div class="callback__call">
          <a class="button button--primary callback__dial" href={telHref(callback.phone)}>
            {en.callbacks.call(formatPhone(callback.phone))}
          </a>
          <label class="callback__notes-label" for={notesId}>
            {en.callbacks.notes}
          </label>
          <textarea
            id={notesId}
            class="callback__notes"
            rows={2}
            value={notes}
            onInput={(event) => setNotes(event.currentTarget.value)}
          />
          {dispositions.length > 0 && (
            <label class="field callback__disposition">
              <span class="field__label">{en.wrapUp.callbackDisposition}</span>
              <select
                class="field__input"
                value={dispositionId}
                onChange={(event) => setDispositionId(event.currentTarget.value)}
              >
                <option value="">{en.wrapUp.noDisposition}</option>
                {dispositions.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          <fieldset class="callback__outcomes">
            <legend>{en.callbacks.outcome}</legend>
            {OUTCOMES.map((outcome) => (
              <button
                key={outcome}
                class="button button--secondary"
                type="button"
                disabled={busy}
                onClick={() =>
                  void run(
                    () =>
                      // Only a call that reached the customer carries a wrap-up code.
                      REACHED.has(outcome) && dispositionId
                        ? props.onOutcome(callback.id, outcome, notes, dispositionId)
                        : props.onOutcome(callback.id, outcome, notes),
                    () => {
                      setNotes('');
                      setDispositionId('');
                    },
                  )
                }
              >
                {en.callbacks.outcomes[outcome]}
              </button>
            ))}
          </fieldset>
          <button
            class="button button--ghost"
            type="button"
            disabled={busy}
            onClick={() => void run(() => props.onRelease(callback.id))}
          >
            {en.callbacks.release}
          </button>
        </div>
      )}
      {error && (
        <p class="callback__error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

function DoneRow({
  callback,
  departmentName,
}: {
  callback: Callback;
  departmentName(departmentId: string): string;
}) {
  const last = callback.attempts.at(-1);
  return (
    <li class="callback callback--done" aria-label={`${callback.reference} ${callback.name}`}>
      <div class="callback__head">
        <span class="callback__reference">{callback.reference}</span>
        <span class="callback__name">{callback.name}</span>
        <span class={`badge badge--callback-${callback.status}`}>
          {en.callbacks.status[callback.status]}
        </span>
      </div>
      <p class="callback__summary">
        {departmentName(callback.departmentId)} · {en.callbacks.attempts(callback.attempts.length)}
        {last &&
          ` · ${en.callbacks.lastOutcome(en.callbacks.outcomes[last.outcome], last.agent.name)}`}
      </p>
    </li>
  );
}
