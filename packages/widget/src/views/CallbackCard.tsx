import type { CallbackView } from '@switchboard/shared';
import { useState } from 'preact/hooks';
import { formatWindow } from '../callback/time.js';
import type { CoreCatalog } from '../i18n/en.js';
import { withViews } from '../i18n/with-views.js';
import type { CallbackResult } from '../store/chat-store.js';

/** Props of {@link CallbackCard}. */
export interface CallbackCardProps {
  callback: CallbackView;
  /** A core catalog is completed with English's view strings (`withViews`). */
  strings: CoreCatalog;
  /** BCP 47 locale of the window (`Tuesday 24 November, 14:00–14:30`). @default the browser's */
  locale?: string | undefined;
  /** IANA time zone of the window. @default the browser's */
  timeZone?: string | undefined;
  onCancel: (callbackId: string) => Promise<CallbackResult>;
  onChangeTime: (callbackId: string) => void;
}

/**
 * The compact card of the visitor's callback, under the header: its status in words (a polite
 * `role="status"` named "Your callback", so live changes are announced), its reference and window,
 * and, while scheduled, "Cancel callback" and "Change time".
 * @example <CallbackCard callback={view} strings={en} locale="en-GB" onCancel={cancel} onChangeTime={pick} />
 */
export function CallbackCard({
  callback,
  strings: core,
  locale,
  timeZone,
  onCancel,
  onChangeTime,
}: CallbackCardProps) {
  const strings = withViews(core);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const scheduled = callback.status === 'scheduled';
  const when = callback.window ? formatWindow(callback.window, { locale, timeZone }) : strings.asap;
  const cancel = async () => {
    setBusy(true);
    setError(null);
    const result = await onCancel(callback.id);
    setBusy(false);
    if (!result.ok) {
      const { code } = result.error;
      setError(
        code === 'OFFLINE'
          ? strings.callbackOffline
          : code === 'RATE_LIMITED'
            ? strings.rateLimited
            : strings.callbackFailed,
      );
    }
  };
  return (
    <div class="queue">
      <div role="status" aria-live="polite" aria-label={strings.callbackCard}>
        <p class="queue-position">{strings.callbackStatus[callback.status]}</p>
        <p class="queue-line">
          {strings.callbackReference(callback.reference)}
          {scheduled && ` · ${when}`}
        </p>
        {error && <p class="field-error">{error}</p>}
      </div>
      {scheduled && (
        <div class="queue-actions">
          <button type="button" class="secondary" disabled={busy} onClick={cancel}>
            {strings.cancelCallback}
          </button>
          <button type="button" class="secondary" onClick={() => onChangeTime(callback.id)}>
            {strings.changeTime}
          </button>
        </div>
      )}
    </div>
  );
}
