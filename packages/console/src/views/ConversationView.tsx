import type { ConversationSummary } from '@switchboard/shared';
import { useEffect, useRef } from 'preact/hooks';
import { formatClock } from '../format/time.js';
import { en } from '../i18n/en.js';
import type { ThreadItem } from '../store/selectors.js';
import type { Notice } from '../store/state.js';
import { Composer } from './Composer.js';

/** Props of {@link ConversationView}. */
export interface ConversationViewProps {
  summary: ConversationSummary;
  items: ThreadItem[];
  /** False until the relay answered `conversation.open`. */
  loaded: boolean;
  /** The visitor's name while they type, else null. */
  typingName: string | null;
  notice: Notice | null;
  draft: string;
  onDraft(text: string): void;
  onSend(text: string): void;
  onTyping(): void;
  onStopTyping(): void;
  onClose(): void;
}

/**
 * One conversation: header with status and Close, the message log (visitor left, agent right,
 * system lines centred), the typing line, and the composer, or the ended note once closed.
 * @example <ConversationView summary={summary} items={items} loaded typingName={null} ... />
 */
export function ConversationView(props: ConversationViewProps) {
  const { summary, items, loaded, typingName, notice, draft } = props;
  const closed = summary.status === 'closed';
  const logRef = useRef<HTMLDivElement>(null);
  const last = items[items.length - 1];
  const lastKey = last ? `${last.key}:${last.kind === 'message' ? last.pending : ''}` : '';

  // Follow new lines, the way chat apps do.
  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [lastKey, summary.id]);

  return (
    <section class="conversation" aria-labelledby="conversation-title">
      <header class="conversation__header">
        <div class="conversation__heading">
          <h2 id="conversation-title" class="conversation__title">
            {summary.visitor.name}
          </h2>
          <span class={`badge badge--${summary.status}`}>{en.status[summary.status]}</span>
        </div>
        {!closed && (
          <button class="button button--secondary" type="button" onClick={props.onClose}>
            {en.conversation.close}
          </button>
        )}
      </header>
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
          ) : (
            <SystemLine key={item.key} item={item} />
          ),
        )}
      </div>
      <p class="conversation__typing" aria-live="polite">
        {typingName && !closed ? en.conversation.typing(typingName) : ''}
      </p>
      {notice && (!notice.conversationId || notice.conversationId === summary.id) && (
        <p class="conversation__notice" role="alert">
          {notice.message}
        </p>
      )}
      {closed ? (
        <p class="conversation__ended">{en.conversation.ended}</p>
      ) : (
        <Composer
          conversationId={summary.id}
          value={draft}
          onChange={props.onDraft}
          onSend={props.onSend}
          onTyping={props.onTyping}
          onStopTyping={props.onStopTyping}
        />
      )}
    </section>
  );
}

type MessageItem = Extract<ThreadItem, { kind: 'message' }>;

/** Messages from one author within two minutes read as one block, like chat apps show them. */
function continues(previous: ThreadItem | undefined, item: MessageItem): boolean {
  return (
    previous?.kind === 'message' &&
    previous.role === item.role &&
    previous.authorName === item.authorName &&
    item.at - previous.at < 120_000
  );
}

function Message({ item, continued }: { item: MessageItem; continued: boolean }) {
  const side = item.role === 'visitor' ? 'theirs' : 'ours';
  const status =
    item.pending === 'sending'
      ? en.conversation.sending
      : item.pending === 'failed'
        ? en.conversation.notSent
        : item.pending === 'sent'
          ? en.conversation.sent
          : null;
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

function SystemLine({ item }: { item: Extract<ThreadItem, { kind: 'system' }> }) {
  const text =
    item.event === 'created'
      ? en.conversation.started(item.name)
      : item.event === 'assigned'
        ? en.conversation.joined(item.name)
        : item.name
          ? en.conversation.closedBy(item.name)
          : en.conversation.closedBySystem;
  return (
    <p class="system-line">
      <span>{text}</span>
      <time dateTime={new Date(item.at).toISOString()}>{formatClock(item.at)}</time>
    </p>
  );
}
