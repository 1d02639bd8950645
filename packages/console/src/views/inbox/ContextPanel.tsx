import type { Callback, ConversationSummary, VisitorProfile } from '@switchboard/shared';
import type { ComponentChildren } from 'preact';
import { formatPhone } from '../../format/phone.js';
import { formatDateTime, localTimeIn } from '../../format/time.js';
import { describeUserAgent } from '../../format/user-agent.js';
import { en } from '../../i18n/en.js';
import type { CustomerThreadItem } from '../../store/callbacks.js';

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
 * Who the visitor is (name, Verified / Unverified identity, user id, email, phone, the site's
 * attributes) and where they are: the help article they were reading, page, browser,
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
        {visitor.userId !== undefined && (
          <Row label={en.context.identity}>
            <IdentityBadge verified={visitor.verified === true} />
          </Row>
        )}
        {visitor.userId !== undefined && (
          <Row label={en.context.userId}>
            <span class="details__value">{visitor.userId}</span>
          </Row>
        )}
        {visitor.email && <Row label={en.context.email}>{visitor.email}</Row>}
        {visitor.phone && (
          <Row label={en.context.phone}>
            <span title={visitor.phone}>{formatPhone(visitor.phone)}</span>
          </Row>
        )}
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
      <Attributes attributes={visitor.attributes} />
      {summary.survey && <SurveyAnswers survey={summary.survey} />}
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

/**
 * "Verified" when the site proved the user id (`userHash`), "Unverified" when it only claimed
 * one; the tooltip and a screen-reader description say what that means.
 */
function IdentityBadge({ verified }: { verified: boolean }) {
  const hint = verified ? en.context.verifiedHint : en.context.unverifiedHint;
  return (
    <span
      class={`identity identity--${verified ? 'verified' : 'unverified'}`}
      title={hint}
      aria-describedby="identity-hint"
    >
      <span>{verified ? en.context.verified : en.context.unverified}</span>
      <span id="identity-hint" class="visually-hidden">
        {hint}
      </span>
    </span>
  );
}

/** The site's custom data about the visitor, as text (never HTML), in the site's key order. */
function Attributes({ attributes }: { attributes: VisitorProfile['attributes'] }) {
  const entries = Object.entries(attributes ?? {});
  if (entries.length === 0) return null;
  return (
    <section class="attributes" aria-labelledby="attributes-title">
      <h3 id="attributes-title" class="attributes__title">
        {en.context.attributes}
      </h3>
      <dl class="details" aria-labelledby="attributes-title">
        {entries.map(([key, value]) => (
          <Row key={key} label={key}>
            <span class="details__value">{attributeText(value)}</span>
          </Row>
        ))}
      </dl>
    </section>
  );
}

/** The visitor's survey answers on this conversation: CSAT, CES and their comment. */
function SurveyAnswers({ survey }: { survey: NonNullable<ConversationSummary['survey']> }) {
  return (
    <section class="attributes" aria-labelledby="survey-title">
      <h3 id="survey-title" class="attributes__title">
        {en.wrapUp.survey}
      </h3>
      <dl class="details" aria-labelledby="survey-title">
        {survey.csat !== undefined && (
          <Row label={en.wrapUp.csat}>{en.wrapUp.csatValue(survey.csat)}</Row>
        )}
        {survey.ces !== undefined && (
          <Row label={en.wrapUp.ces}>{en.wrapUp.cesValue(survey.ces)}</Row>
        )}
        {survey.comment && (
          <Row label={en.wrapUp.comment}>
            <span class="details__value">{survey.comment}</span>
          </Row>
        )}
      </dl>
    </section>
  );
}

/** An attribute value as text: booleans as Yes/No, null as a dash. */
function attributeText(value: string | number | boolean | null): string {
  if (value === null) return en.context.none;
  if (typeof value === 'boolean') return value ? en.context.yes : en.context.no;
  return String(value);
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
