import type { Callback, ConversationSummary } from '@switchboard/shared';
import type { ComponentChildren } from 'preact';
import { formatDateTime, localTimeIn } from '../format/time.js';
import { describeUserAgent } from '../format/user-agent.js';
import { en } from '../i18n/en.js';
import type { CustomerThreadItem } from '../store/callbacks.js';

/** Props of {@link ContextPanel}. */
export interface ContextPanelProps {
  summary: ConversationSummary;
  now: number;
  /**
   * The customer's earlier chats and callbacks, interleaved newest first (without this
   * conversation), once `customer.conversations` answered.
   */
  history?: CustomerThreadItem[] | undefined;
  /** Open one of them (read-only when it is closed). */
  onOpen?(conversationId: string): void;
  /** The help article the visitor was reading when they started the chat. */
  article?: { id: string; title: string } | null | undefined;
}

/** Only web links become links: a visitor-supplied `javascript:` URL stays inert text. */
function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The URL without its scheme, for a shorter label (the full URL is the title and the href). */
function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="details__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * Who the visitor is and where they are: the help article they were reading, page, browser,
 * locale, local time, when they started.
 * @example <ContextPanel summary={summary} now={Date.now()} />
 */
export function ContextPanel({ summary, now, history, onOpen, article }: ContextPanelProps) {
  const { visitor, context } = summary;
  const browser = describeUserAgent(context.userAgent);
  const href = context.url ? safeHref(context.url) : null;
  const localTime = context.timeZone ? localTimeIn(context.timeZone, now) : null;
  return (
    <aside class="context" aria-label={en.context.label}>
      <h2 class="context__title">{en.context.title}</h2>
      {article && <p class="context__article">{en.context.wasReading(article.title)}</p>}
      <dl class="details">
        <Row label={en.context.name}>{visitor.name}</Row>
        {visitor.email && <Row label={en.context.email}>{visitor.email}</Row>}
        <Row label={en.context.page}>
          {context.url ? (
            href ? (
              <a
                class="details__link"
                href={href}
                target="_blank"
                rel="noopener noreferrer"
                title={context.url}
              >
                {shortUrl(context.url)}
              </a>
            ) : (
              <span class="details__truncate" title={context.url}>
                {context.url}
              </span>
            )
          ) : (
            en.context.unknown
          )}
        </Row>
        {context.title && (
          <Row label={en.context.pageTitle}>
            <span class="details__truncate" title={context.title}>
              {context.title}
            </span>
          </Row>
        )}
        <Row label={en.context.browser}>{browser ?? en.context.unknown}</Row>
        <Row label={en.context.locale}>{context.locale ?? en.context.unknown}</Row>
        <Row label={en.context.timeZone}>
          {context.timeZone ? (
            <>
              {context.timeZone}
              {localTime && <span class="details__sub">{en.context.localTime(localTime)}</span>}
            </>
          ) : (
            en.context.unknown
          )}
        </Row>
        <Row label={en.context.started}>
          <time dateTime={new Date(summary.createdAt).toISOString()}>
            {formatDateTime(summary.createdAt)}
          </time>
        </Row>
      </dl>
      {history && (
        <section class="history" aria-labelledby="history-title">
          <h3 id="history-title" class="context__title">
            {en.context.history}
          </h3>
          <PreviousConversations items={history} onOpen={onOpen} />
        </section>
      )}
    </aside>
  );
}

function PreviousConversations({
  items,
  onOpen,
}: {
  items: CustomerThreadItem[];
  onOpen: ((conversationId: string) => void) | undefined;
}) {
  if (items.length === 0) return <p class="history__empty">{en.context.noHistory}</p>;
  return (
    // biome-ignore lint/a11y/noRedundantRoles: Safari drops list semantics when list-style is none
    <ul class="history__list" role="list" aria-labelledby="history-title">
      {items.map((item) =>
        item.kind === 'conversation' ? (
          <li key={item.conversation.id}>
            <ConversationEntry conversation={item.conversation} onOpen={onOpen} />
          </li>
        ) : (
          <li key={item.callback.id}>
            <CallbackEntry callback={item.callback} />
          </li>
        ),
      )}
    </ul>
  );
}

function ConversationEntry({
  conversation: c,
  onOpen,
}: {
  conversation: ConversationSummary;
  onOpen: ((conversationId: string) => void) | undefined;
}) {
  return (
    <button type="button" class="history__item" onClick={() => onOpen?.(c.id)}>
      <span class="history__top">
        <time dateTime={new Date(c.createdAt).toISOString()}>{formatDateTime(c.createdAt)}</time>
        <span class={`badge badge--${c.status}`}>{en.status[c.status]}</span>
      </span>
      <span class="history__preview">{c.preview?.text ?? en.inbox.noMessage}</span>
    </button>
  );
}

/** A callback in the customer's thread: its status and every call made, oldest first. */
function CallbackEntry({ callback }: { callback: Callback }) {
  const titleId = `history-callback-${callback.id}`;
  return (
    <article class="history__item history__item--callback" aria-labelledby={titleId}>
      <span class="history__top">
        <time dateTime={new Date(callback.createdAt).toISOString()}>
          {formatDateTime(callback.createdAt)}
        </time>
        <span class={`badge badge--callback-${callback.status}`}>
          {en.callbacks.status[callback.status]}
        </span>
      </span>
      <span id={titleId} class="history__callback-title">
        {en.context.callback(callback.reference)}
      </span>
      {callback.attempts.length === 0 ? (
        <span class="history__preview">{en.context.noAttempts}</span>
      ) : (
        <ol class="history__attempts" aria-label={en.context.attempts(callback.reference)}>
          {callback.attempts.map((attempt) => (
            <li key={attempt.at}>
              {en.context.attempt(
                formatDateTime(attempt.at),
                attempt.agent.name,
                en.callbacks.outcomes[attempt.outcome],
              )}
              {attempt.note && <span class="history__attempt-note">{attempt.note}</span>}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
