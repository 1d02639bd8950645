import type { ConversationSummary } from '@switchboard/shared';
import type { ComponentChildren } from 'preact';
import { formatDateTime, localTimeIn } from '../format/time.js';
import { describeUserAgent } from '../format/user-agent.js';
import { en } from '../i18n/en.js';

/** Props of {@link ContextPanel}. */
export interface ContextPanelProps {
  summary: ConversationSummary;
  now: number;
  /** The customer's conversations (newest first), once `customer.conversations` answered. */
  history?: ConversationSummary[] | undefined;
  /** Open one of them (read-only when it is closed). */
  onOpen?(conversationId: string): void;
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
 * Who the visitor is and where they are: page, browser, locale, local time, when they started.
 * @example <ContextPanel summary={summary} now={Date.now()} />
 */
export function ContextPanel({ summary, now, history, onOpen }: ContextPanelProps) {
  const { visitor, context } = summary;
  const browser = describeUserAgent(context.userAgent);
  const href = context.url ? safeHref(context.url) : null;
  const localTime = context.timeZone ? localTimeIn(context.timeZone, now) : null;
  return (
    <aside class="context" aria-label={en.context.label}>
      <h2 class="context__title">{en.context.title}</h2>
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
          <PreviousConversations
            conversations={history.filter((c) => c.id !== summary.id)}
            onOpen={onOpen}
          />
        </section>
      )}
    </aside>
  );
}

function PreviousConversations({
  conversations,
  onOpen,
}: {
  conversations: ConversationSummary[];
  onOpen: ((conversationId: string) => void) | undefined;
}) {
  if (conversations.length === 0) return <p class="history__empty">{en.context.noHistory}</p>;
  return (
    // biome-ignore lint/a11y/noRedundantRoles: Safari drops list semantics when list-style is none
    <ul class="history__list" role="list" aria-labelledby="history-title">
      {conversations.map((c) => (
        <li key={c.id}>
          <button type="button" class="history__item" onClick={() => onOpen?.(c.id)}>
            <span class="history__top">
              <time dateTime={new Date(c.createdAt).toISOString()}>
                {formatDateTime(c.createdAt)}
              </time>
              <span class={`badge badge--${c.status}`}>{en.status[c.status]}</span>
            </span>
            <span class="history__preview">{c.preview?.text ?? en.inbox.noMessage}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
