import type { WebhookDelivery } from '@switchboard/shared';
import { useState } from 'preact/hooks';
import type { CommandResult } from '../../client/agent-client.js';
import { errorText } from '../../format/error-text.js';
import { formatDateTime } from '../../format/time.js';
import { en } from '../../i18n/en.js';

/** Props of {@link WebhookLog}. */
export interface WebhookLogProps {
  /** Newest first; null until the relay answered `webhooks.log`. */
  deliveries: readonly WebhookDelivery[] | null;
  /** Ask again (`webhooks.log`); the table changes with the answer. */
  onRefresh(): Promise<CommandResult>;
}

/** What the last try got: "HTTP 500", the error, both, or "No response". */
function lastResponse(delivery: WebhookDelivery): string {
  const parts: string[] = [];
  if (delivery.lastStatus !== null) parts.push(en.webhooks.http(delivery.lastStatus));
  if (delivery.lastError) parts.push(delivery.lastError);
  if (parts.length > 0) return parts.join(' · ');
  return delivery.attempts > 0 ? en.webhooks.noResponse : '—';
}

/**
 * Supervisors: the webhook delivery log (event, URL, status, attempts, last HTTP status or
 * error, next attempt) with a Refresh button.
 * @example <WebhookLog deliveries={state.webhooks} onRefresh={() => client.webhooksLog()} />
 */
export function WebhookLog({ deliveries, onRefresh }: WebhookLogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refresh = async () => {
    setBusy(true);
    setError(null);
    const result = await onRefresh();
    setBusy(false);
    if (!result.ok) setError(errorText(result));
  };
  const c = en.webhooks.columns;
  return (
    <section class="team__section" aria-labelledby="webhooks-title">
      <div class="team__section-head">
        <h2 id="webhooks-title" class="team__heading">
          {en.webhooks.title}
        </h2>
        <button
          class="button button--secondary"
          type="button"
          disabled={busy}
          onClick={() => void refresh()}
        >
          {busy ? en.webhooks.refreshing : en.webhooks.refresh}
        </button>
      </div>
      {error && (
        <p class="team__error" role="alert">
          {error}
        </p>
      )}
      {deliveries === null ? (
        <p class="team__empty">{en.webhooks.loading}</p>
      ) : deliveries.length === 0 ? (
        <p class="team__empty">{en.webhooks.none}</p>
      ) : (
        <table class="table" aria-labelledby="webhooks-title">
          <thead>
            <tr>
              <th scope="col">{c.event}</th>
              <th scope="col">{c.url}</th>
              <th scope="col">{c.status}</th>
              <th scope="col">{c.attempts}</th>
              <th scope="col">{c.last}</th>
              <th scope="col">{c.next}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <th scope="row">
                  <span class="table__code">{d.event}</span>
                </th>
                <td class="table__preview" title={d.url}>
                  {d.url}
                </td>
                <td>
                  <span class={`badge badge--webhook-${d.status}`}>
                    {en.webhooks.status[d.status]}
                  </span>
                </td>
                <td>{d.attempts}</td>
                <td>{lastResponse(d)}</td>
                <td>
                  {d.nextAttemptAt === null ? (
                    '—'
                  ) : (
                    <time dateTime={new Date(d.nextAttemptAt).toISOString()}>
                      {formatDateTime(d.nextAttemptAt)}
                    </time>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
