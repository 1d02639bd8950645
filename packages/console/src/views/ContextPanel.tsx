import type { ConversationSummary } from '@switchboard/shared';
import type { ComponentChildren } from 'preact';
import { formatDateTime, localTimeIn } from '../format/time.js';
import { describeUserAgent } from '../format/user-agent.js';
import { en } from '../i18n/en.js';

/** Props of {@link ContextPanel}. */
export interface ContextPanelProps {
  summary: ConversationSummary;
  now: number;
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
export function ContextPanel({ summary, now }: ContextPanelProps) {
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
    </aside>
  );
}
