import type { WebhookDelivery } from '@switchboard/shared';
import type { WebhookDeliveryRecord } from '../store/types.js';

/**
 * A delivery as the console's log shows it (no body: it holds the caller's number).
 * @example deliveryView(record).status // 'pending'
 */
export function deliveryView(record: WebhookDeliveryRecord): WebhookDelivery {
  return {
    id: record.id,
    event: record.event,
    url: record.url,
    status: record.status,
    attempts: record.attempts,
    lastStatus: record.lastStatus,
    ...(record.lastError !== undefined ? { lastError: record.lastError.slice(0, 500) } : {}),
    nextAttemptAt: record.nextAttemptAt,
    createdAt: record.createdAt,
  };
}
