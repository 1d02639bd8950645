// One POST of a stored webhook delivery, and the record as it stands after it.
import type { Logger } from 'pino';
import type { WebhookDeliveryRecord, WebhookEventName } from '../store/types.js';
import { SIGNATURE_HEADER, signatureHeader } from './sign.js';

/** A configured webhook with its secret read from the environment. */
export interface ResolvedWebhook {
  url: string;
  secret: string;
  /** The events it hears. */
  events: ReadonlySet<WebhookEventName>;
}

/** What one try needs: the configured webhooks, the HTTP client, the clock and the retry waits. */
export interface AttemptContext {
  webhooks: readonly ResolvedWebhook[];
  post: typeof fetch;
  now: () => number;
  timeoutMs: number;
  backoff: readonly number[];
  logger?: Pick<Logger, 'warn'> | undefined;
}

/**
 * One POST, signed; the record after it: delivered, pending with the next try's time, or failed
 * once the waits are used up (or the webhook is no longer configured).
 * @example await store.saveDelivery(await attemptDelivery(record, context))
 */
export async function attemptDelivery(
  record: WebhookDeliveryRecord,
  context: AttemptContext,
): Promise<WebhookDeliveryRecord> {
  const { webhooks, post, now, timeoutMs, backoff, logger } = context;
  const hook = webhooks.find((w) => w.url === record.url);
  const tries = record.attempts + 1;
  let status: number | null = null;
  let error: string | undefined;
  if (!hook) {
    error = 'This webhook is no longer configured.';
  } else {
    try {
      const t = Math.floor(now() / 1000);
      const response = await post(record.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Switchboard-Webhooks/1',
          [SIGNATURE_HEADER]: signatureHeader(hook.secret, record.body, t),
        },
        body: record.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      // The body is not needed; release the connection.
      await response.body?.cancel().catch(() => undefined);
      if (status < 200 || status > 299) error = `HTTP ${status}`;
    } catch (caught) {
      const name = (caught as Error)?.name;
      error =
        name === 'TimeoutError'
          ? `No answer within ${timeoutMs} ms`
          : String((caught as Error)?.message ?? caught).slice(0, 200);
    }
  }
  const at = now();
  if (error === undefined) {
    return {
      ...record,
      status: 'delivered',
      attempts: tries,
      lastStatus: status,
      nextAttemptAt: null,
      updatedAt: at,
      lastError: undefined,
    };
  }
  const wait = hook ? backoff[tries - 1] : undefined;
  const next: WebhookDeliveryRecord = {
    ...record,
    attempts: tries,
    lastStatus: status,
    lastError: error,
    status: wait === undefined ? 'failed' : 'pending',
    nextAttemptAt: wait === undefined ? null : at + wait,
    updatedAt: at,
  };
  logger?.warn(
    { url: record.url, delivery: record.id, attempts: tries, error, retryInMs: wait ?? null },
    wait === undefined ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry',
  );
  return next;
}
