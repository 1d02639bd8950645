import type { Catalog, CoreCatalog } from '../i18n/en.js';
import { withViews } from '../i18n/with-views.js';
import type { AlternativeChoice, AlternativesView, QueueView } from '../store/types.js';

/** Props of {@link QueueCard}. */
export interface QueueCardProps {
  queue: QueueView | null;
  alternatives: AlternativesView | null;
  deferred: boolean;
  /** A core catalog is completed with English's view strings (`withViews`). */
  strings: CoreCatalog;
  /** BCP 47 locale the next opening is shown in (weekday and time, the visitor's time zone). */
  locale?: string | undefined;
  onDefer: () => void;
  onAlternative: (kind: AlternativeChoice['kind']) => void;
}

function waitText(seconds: number | null, strings: Catalog): string | null {
  if (seconds === null) return null;
  if (seconds < 60) return strings.waitUnderMinute;
  return strings.waitMinutes(Math.ceil(seconds / 60));
}

function reasonText(alternatives: AlternativesView, strings: Catalog, locale?: string) {
  const format = (at: number) =>
    new Intl.DateTimeFormat(locale, { weekday: 'long', hour: 'numeric', minute: '2-digit' }).format(
      at,
    );
  switch (alternatives.reason) {
    case 'closed':
      return alternatives.nextOpenAt === null
        ? strings.closedNow
        : strings.closedUntil(format(alternatives.nextOpenAt));
    case 'offline':
      return strings.noAgents;
    default:
      return strings.busy;
  }
}

/**
 * The card under the header while the visitor waits: their place in line and the estimated wait
 * (a polite `role="status"`, so changes are announced), then other ways to get help when the relay
 * offers them. After "Leave a message" it only thanks the visitor. Renders nothing otherwise.
 * @example <QueueCard queue={{ position: 2, estimatedWaitSec: 150 }} alternatives={null} deferred={false} ... />
 */
export function QueueCard(props: QueueCardProps) {
  const { queue, alternatives, strings: core } = props;
  const strings = withViews(core);
  if (props.deferred) {
    return (
      <div class="queue">
        <div role="status" aria-live="polite" aria-label={strings.queueStatus}>
          <p class="queue-line">{strings.deferredThanks}</p>
        </div>
      </div>
    );
  }
  if (!queue) return null;
  const wait = waitText(queue.estimatedWaitSec, strings);
  return (
    <div class="queue">
      <div role="status" aria-live="polite" aria-label={strings.queueStatus}>
        <p class="queue-position">{strings.queuePosition(queue.position)}</p>
        {wait && <p class="queue-line">{wait}</p>}
        {alternatives && (
          <p class="queue-line">{reasonText(alternatives, strings, props.locale)}</p>
        )}
      </div>
      {alternatives && (alternatives.message || alternatives.faq || alternatives.callback) && (
        <div class="queue-actions">
          {alternatives.message && (
            <button type="button" class="primary small" onClick={props.onDefer}>
              {strings.leaveMessage}
            </button>
          )}
          {alternatives.faq && (
            <button type="button" class="secondary" onClick={() => props.onAlternative('faq')}>
              {strings.browseFaq}
            </button>
          )}
          {alternatives.callback && (
            <button type="button" class="secondary" onClick={() => props.onAlternative('callback')}>
              {strings.requestCallback}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
