import type {
  AgentStatus,
  CannedResponse,
  ConversationSummary,
  Disposition,
  QaCriterion,
  QaReview,
  WrapUp,
} from '@switchboard/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CommandResult, TransferTarget } from '../../client/agent-client.js';
import { errorText } from '../../format/error-text.js';
import { formatPhone } from '../../format/phone.js';
import { formatClock, formatDuration } from '../../format/time.js';
import { en } from '../../i18n/en.js';
import type { ThreadItem } from '../../store/selectors.js';
import type { ComposeMode, Notice } from '../../store/state.js';
import { ReviewDialog } from '../quality/ReviewDialog.js';
import { WrapUpDialog } from '../quality/WrapUpDialog.js';
import { Composer } from './Composer.js';
import { TransferDialog } from './TransferDialog.js';

/** Props of {@link ConversationView}. */
export interface ConversationViewProps {
  summary: ConversationSummary;
  items: ThreadItem[];
  /** False until the relay answered `conversation.open`. */
  loaded: boolean;
  /** The visitor's typing name while they type, else null. */
  typingName: string | null;
  notice: Notice | null;
  draft: string;
  /** An earlier conversation opened from the customer's history: no actions, no composer. */
  readOnly?: boolean;
  /** The department's name, when the conversation is routed. */
  departmentName?: string | null;
  /** Supervisors may whisper. */
  supervisor?: boolean;
  canned?: readonly CannedResponse[];
  /** Where a transfer can go. */
  departments?: ReadonlyArray<{ id: string; name: string }>;
  /** Everyone else, from the routing snapshot. */
  agents?: readonly AgentStatus[];
  onDraft(text: string): void;
  onSend(text: string, mode: ComposeMode): void;
  onTyping(): void;
  onStopTyping(): void;
  onClose(): void;
  onTransfer?(to: TransferTarget, note: string): Promise<CommandResult>;
  /**
   * The number the visitor gave, when they were cut off and no callback has been made from this
   * conversation yet: a banner offers to call them back.
   */
  cutOffPhone?: string | null;
  /** One click: a callback as soon as possible to {@link cutOffPhone} (`callback.create`). */
  onCallBack?(): Promise<CommandResult>;
  /**
   * The wrap-up codes. With some (and {@link onWrapUp}), "Close conversation" opens the wrap-up
   * dialog instead of closing at once.
   */
  dispositions?: readonly Disposition[];
  /** Closed, handled by me, not wrapped up yet: a "Wrap up" call to action. */
  needsWrapUp?: boolean;
  /** Send the wrap-up; `close`: close the conversation first ("Close and wrap up"). */
  onWrapUp?(wrapUp: WrapUp, close: boolean): Promise<CommandResult>;
  /** Supervisors, on a closed conversation: the QA scorecard behind "Review". */
  qaCriteria?: readonly QaCriterion[];
  /** My earlier review of this conversation, to prefill the scorecard. */
  previousReview?: QaReview | undefined;
  onReview?(scores: Record<string, number>, comment: string): Promise<CommandResult>;
}

/**
 * One conversation: header with status and Transfer / Escalate / Close, the log (visitor left,
 * agent right, notes in yellow, system lines centred), the typing line, and the composer with its
 * Reply / Note / Whisper switch, or the ended note once closed.
 * @example <ConversationView summary={summary} items={items} loaded typingName={null} ... />
 */
export function ConversationView(props: ConversationViewProps) {
  const { summary, items, loaded, typingName, notice, draft, readOnly = false } = props;
  const closed = summary.status === 'closed';
  const logRef = useRef<HTMLDivElement>(null);
  const [mode, setMode] = useState<ComposeMode>('reply');
  const [dialog, setDialog] = useState<'transfer' | 'escalate' | 'wrapup' | 'review' | null>(null);
  const dispositions = props.dispositions ?? [];
  const canWrapUp = dispositions.length > 0 && props.onWrapUp !== undefined;
  const criteria = props.qaCriteria ?? [];
  const canReview = closed && criteria.length > 0 && props.onReview !== undefined;
  const openerRef = useRef<HTMLButtonElement | null>(null);
  const last = items[items.length - 1];
  const lastKey = last ? `${last.key}:${last.kind === 'system' ? '' : last.pending}` : '';

  // Follow new lines, the way chat apps do.
  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [lastKey, summary.id]);

  const openDialog = (
    purpose: 'transfer' | 'escalate' | 'wrapup' | 'review',
    opener: HTMLButtonElement,
  ) => {
    openerRef.current = opener;
    setDialog(purpose);
  };
  const closeDialog = () => {
    setDialog(null);
    openerRef.current?.focus();
  };

  return (
    <section class="conversation" aria-labelledby="conversation-title">
      <header class="conversation__header">
        <div class="conversation__heading">
          <h2 id="conversation-title" class="conversation__title">
            {summary.visitor.name}
          </h2>
          <span class={`badge badge--${summary.status}`}>{en.status[summary.status]}</span>
          {props.departmentName && (
            <span class="conversation__department">{props.departmentName}</span>
          )}
        </div>
        {!closed && !readOnly && (
          <div class="conversation__actions">
            {props.onTransfer && (
              <>
                <button
                  class="button button--secondary"
                  type="button"
                  onClick={(event) => openDialog('transfer', event.currentTarget)}
                >
                  {en.conversation.transfer}
                </button>
                <button
                  class="button button--secondary"
                  type="button"
                  onClick={(event) => openDialog('escalate', event.currentTarget)}
                >
                  {en.conversation.escalate}
                </button>
              </>
            )}
            <button
              class="button button--secondary"
              type="button"
              onClick={(event) =>
                canWrapUp ? openDialog('wrapup', event.currentTarget) : props.onClose()
              }
            >
              {en.conversation.close}
            </button>
          </div>
        )}
        {canReview && (
          <div class="conversation__actions">
            <button
              class="button button--secondary"
              type="button"
              onClick={(event) => openDialog('review', event.currentTarget)}
            >
              {en.quality.review}
            </button>
          </div>
        )}
      </header>
      {readOnly && <p class="conversation__readonly">{en.conversation.readOnly}</p>}
      <div
        ref={logRef}
        class="conversation__log"
        role="log"
        aria-label={en.conversation.messages}
        aria-live="polite"
        aria-relevant="additions"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable log must be reachable by keyboard
        tabIndex={0}
      >
        {!loaded && items.length === 0 && (
          <p class="conversation__loading">{en.conversation.loading}</p>
        )}
        {items.map((item, index) =>
          item.kind === 'message' ? (
            <Message key={item.key} item={item} continued={continues(items[index - 1], item)} />
          ) : item.kind === 'note' ? (
            <Note key={item.key} item={item} />
          ) : (
            <SystemLine key={item.key} item={item} />
          ),
        )}
      </div>
      {props.cutOffPhone && props.onCallBack && (
        <CutOffBanner phone={props.cutOffPhone} onCallBack={props.onCallBack} />
      )}
      <p class="conversation__typing" aria-live="polite">
        {typingName && !closed ? en.conversation.typing(typingName) : ''}
      </p>
      {notice && (!notice.conversationId || notice.conversationId === summary.id) && (
        <p class="conversation__notice" role="alert">
          {notice.message}
        </p>
      )}
      {closed && props.needsWrapUp && canWrapUp && (
        <section class="wrapup-cta" aria-label={en.wrapUp.needsWrapUp}>
          <p class="wrapup-cta__text">{en.wrapUp.ctaHint}</p>
          <button
            class="button button--primary"
            type="button"
            onClick={(event) => openDialog('wrapup', event.currentTarget)}
          >
            {en.wrapUp.cta}
          </button>
        </section>
      )}
      {closed ? (
        <p class="conversation__ended">{en.conversation.ended}</p>
      ) : readOnly ? null : (
        <Composer
          conversationId={summary.id}
          value={draft}
          onChange={props.onDraft}
          onSend={props.onSend}
          onTyping={props.onTyping}
          onStopTyping={props.onStopTyping}
          mode={mode}
          onMode={setMode}
          canWhisper={props.supervisor ?? false}
          canned={props.canned ?? []}
        />
      )}
      {dialog === 'wrapup' && props.onWrapUp && (
        <WrapUpDialog
          dispositions={dispositions}
          closing={!closed}
          onSubmit={(wrapUp) => props.onWrapUp?.(wrapUp, !closed) ?? Promise.resolve({ ok: true })}
          onClose={closeDialog}
        />
      )}
      {dialog === 'review' && props.onReview && (
        <ReviewDialog
          criteria={criteria}
          agentName={summary.agent?.name ?? en.quality.theAgent}
          previous={props.previousReview}
          onSubmit={props.onReview}
          onClose={closeDialog}
        />
      )}
      {(dialog === 'transfer' || dialog === 'escalate') && props.onTransfer && (
        <TransferDialog
          purpose={dialog}
          departments={props.departments ?? []}
          agents={props.agents ?? []}
          departmentId={summary.routing?.departmentId ?? null}
          onSubmit={props.onTransfer}
          onClose={closeDialog}
        />
      )}
    </section>
  );
}

type MessageItem = Extract<ThreadItem, { kind: 'message' }>;
type NoteItem = Extract<ThreadItem, { kind: 'note' }>;
type SystemItem = Extract<ThreadItem, { kind: 'system' }>;

/** Messages from one author within two minutes read as one block, like chat apps show them. */
function continues(previous: ThreadItem | undefined, item: MessageItem): boolean {
  return (
    previous?.kind === 'message' &&
    previous.role === item.role &&
    previous.authorName === item.authorName &&
    item.at - previous.at < 120_000
  );
}

function pendingText(pending: MessageItem['pending']): string | null {
  if (pending === 'sending') return en.conversation.sending;
  if (pending === 'failed') return en.conversation.notSent;
  if (pending === 'sent') return en.conversation.sent;
  return null;
}

function Message({ item, continued }: { item: MessageItem; continued: boolean }) {
  const side = item.role === 'visitor' ? 'theirs' : 'ours';
  const status = pendingText(item.pending);
  return (
    <div
      class={`message message--${side}${item.pending ? ` message--${item.pending}` : ''}${continued ? ' message--continued' : ''}`}
    >
      <div class={continued ? 'message__meta visually-hidden' : 'message__meta'}>
        <span class="message__author">{item.authorName}</span>
        <time class="message__time" dateTime={new Date(item.at).toISOString()}>
          {formatClock(item.at)}
        </time>
      </div>
      <p class="message__text">{item.text}</p>
      {status && <span class="message__status">{status}</span>}
    </div>
  );
}

/** An internal note or whisper: its own colour and a label, so nobody mistakes it for a reply. */
function Note({ item }: { item: NoteItem }) {
  const status = pendingText(item.pending);
  return (
    <div class={`note note--${item.noteKind}${item.pending ? ` message--${item.pending}` : ''}`}>
      <div class="message__meta">
        <span class="note__tag">
          {item.noteKind === 'whisper' ? en.conversation.whisperTag : en.conversation.noteTag}
        </span>
        <span class="message__author">{item.authorName}</span>
        <time class="message__time" dateTime={new Date(item.at).toISOString()}>
          {formatClock(item.at)}
        </time>
      </div>
      <p class="note__text">{item.text}</p>
      {status && <span class="message__status">{status}</span>}
    </div>
  );
}

function systemText(item: SystemItem): string {
  const c = en.conversation;
  switch (item.event) {
    case 'created':
      return item.article ? c.startedReading(item.name, item.article) : c.started(item.name);
    case 'assigned':
      return item.by ? c.reassigned(item.by, item.name) : c.joined(item.name);
    case 'closed':
      return item.name ? c.closedBy(item.name) : c.closedBySystem;
    case 'abandoned':
      return item.waitMs === undefined
        ? c.abandonedNoWait
        : c.abandoned(formatDuration(item.waitMs));
    case 'offered':
      return c.offered(item.name);
    case 'unoffered':
      return c.unoffered[item.reason](item.name);
    case 'queued':
      return c.queued[item.reason](item.from ?? '', item.department);
    case 'transferred':
      return c.transferred(item.by, item.to);
    case 'joined':
      return c.joined(item.name);
    case 'deferred':
      return c.deferred;
    case 'cut_off':
      return c.cutOff;
    case 'callback':
      return c.callbackScheduled(item.reference);
    case 'identified':
      return c.identified(item.name);
    case 'visitor_updated':
      return c.visitorUpdated;
    case 'wrapped':
      return en.wrapUp.wrapped(item.disposition, item.resolved);
    case 'surveyed':
      return en.wrapUp.surveyed(item);
  }
}

/** After a cut-off: the number the visitor gave and a one-click callback to it. */
function CutOffBanner({
  phone,
  onCallBack,
}: {
  phone: string;
  onCallBack(): Promise<CommandResult>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const callBack = async () => {
    setBusy(true);
    setError(null);
    const result = await onCallBack();
    // On success the banner stays busy until the callback arrives (`callback.upsert`) and
    // replaces it with "Callback CB-… scheduled" in the log.
    if (result.ok) return;
    setBusy(false);
    setError(errorText(result));
  };
  return (
    <section class="cutoff" aria-label={en.conversation.cutOffBanner}>
      <p class="cutoff__text">{en.conversation.cutOffHint}</p>
      <button
        class="button button--primary"
        type="button"
        disabled={busy}
        onClick={() => void callBack()}
      >
        {busy ? en.conversation.callingBack : en.conversation.callBack(formatPhone(phone))}
      </button>
      {error && (
        <p class="cutoff__error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function SystemLine({ item }: { item: SystemItem }) {
  return (
    <div class={`system-line system-line--${item.event}`}>
      <p class="system-line__text">
        <span>{systemText(item)}</span>
        <time dateTime={new Date(item.at).toISOString()}>{formatClock(item.at)}</time>
      </p>
      {item.event === 'wrapped' && item.note && (
        <blockquote class="system-line__note">{item.note}</blockquote>
      )}
      {item.event === 'transferred' && item.note && (
        <blockquote class="system-line__note">{item.note}</blockquote>
      )}
    </div>
  );
}
