import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import { createWebhookDispatcher } from '../../src/webhooks/dispatcher.js';
import { delivery } from '../store/contracts/fixtures.js';

/**
 * A cluster sends webhooks from the node that owns the routing core: its dispatcher stops when the
 * node steps down and starts again when it owns the core again, sending what is pending then.
 */
describe('the webhook dispatcher', () => {
  it('sends nothing while stopped, and what is pending once started again', async () => {
    const store = createMemoryStore();
    const posted: string[] = [];
    const dispatcher = createWebhookDispatcher({
      store,
      webhooks: [
        {
          url: 'https://hooks.example/cb',
          secret: 's'.repeat(32),
          events: new Set(['callback.requested']),
        },
      ],
      fetch: (async (url: string) => {
        posted.push(url);
        return new Response(null, { status: 204 });
      }) as typeof fetch,
    });
    await dispatcher.start();
    await dispatcher.stop();
    await store.saveDelivery(
      delivery('whd_1', { url: 'https://hooks.example/cb', nextAttemptAt: 0 }),
    );
    dispatcher.notify();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(posted).toEqual([]);

    await dispatcher.start();
    expect(posted).toEqual(['https://hooks.example/cb']);
    expect((await store.pendingDeliveries()).length).toBe(0);
    await dispatcher.stop();
  });
});
