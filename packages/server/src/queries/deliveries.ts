import type { WebhookDelivery } from '@switchboard/shared';
import type { CallbackStore } from '../store/types.js';
import { deliveryView } from '../webhooks/view.js';

/** Most deliveries the console's webhook log shows. */
export const DELIVERIES_LIMIT = 100;

/**
 * Reads of the webhook delivery log.
 * @example const deliveries = createDeliveryQueries(store)
 */
export function createDeliveryQueries(store: Pick<CallbackStore, 'recentDeliveries'>) {
  return {
    /**
     * The latest deliveries, newest first, as the console's log shows them (no body).
     * @example (await deliveries.recent())[0].status // 'delivered'
     */
    async recent(limit = DELIVERIES_LIMIT): Promise<WebhookDelivery[]> {
      return (await store.recentDeliveries(limit)).map(deliveryView);
    },
  };
}

/** The delivery reads, as `createDeliveryQueries` makes them. */
export type DeliveryQueries = ReturnType<typeof createDeliveryQueries>;
