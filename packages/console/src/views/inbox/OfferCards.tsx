import type { ConversationSummary } from '@switchboard/shared';
import { en } from '../../i18n/en.js';

/** Props of {@link OfferCards}. */
export interface OfferCardsProps {
  /** Conversations offered to me whose offer is still running. */
  offers: ConversationSummary[];
  now: number;
  departmentName(departmentId: string): string;
  onAccept(conversationId: string): void;
  onDecline(conversationId: string): void;
}

/**
 * The offers routing made to me, on top of the inbox: each an alert named "Incoming chat" with
 * the visitor, the department, the latest message, a countdown, and Accept / Decline.
 * @example <OfferCards offers={myOffers(state, now)} now={now} onAccept={accept} ... />
 */
export function OfferCards({ offers, now, departmentName, onAccept, onDecline }: OfferCardsProps) {
  if (offers.length === 0) return null;
  return (
    <div class="offers">
      {offers.map((summary) => {
        const seconds = Math.max(0, Math.ceil(((summary.offer?.expiresAt ?? now) - now) / 1000));
        const department = summary.routing ? departmentName(summary.routing.departmentId) : null;
        return (
          <div key={summary.id} class="offer" role="alert" aria-label={en.offer.label}>
            <p class="offer__title">{en.offer.title}</p>
            <p class="offer__visitor">{summary.visitor.name}</p>
            {department && <p class="offer__department">{department}</p>}
            {summary.preview && <p class="offer__preview">{summary.preview.text}</p>}
            {/* Its own live setting, so the alert is not re-announced every second. */}
            <p class="offer__countdown" role="timer" aria-live="off">
              {en.offer.expiresIn(seconds)}
            </p>
            <div class="offer__actions">
              <button
                class="button button--primary"
                type="button"
                onClick={() => onAccept(summary.id)}
              >
                {en.offer.accept}
              </button>
              <button
                class="button button--secondary"
                type="button"
                onClick={() => onDecline(summary.id)}
              >
                {en.offer.decline}
              </button>
            </div>
          </div>
        );
      })}
    </div>
  );
}
