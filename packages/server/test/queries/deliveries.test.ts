import { describe, expect, it } from 'vitest';
import { createDeliveryQueries } from '../../src/queries/deliveries.js';
import type { WebhookDeliveryRecord } from '../../src/store/types.js';
import { useSqliteStore } from './fixtures.js';

const db = useSqliteStore();

const delivery = (id: string, createdAt: number): WebhookDeliveryRecord => ({
  id,
  url: 'https://crm.example/hooks',
  event: 'callback.requested',
  body: '{"phone":"+493012345678"}',
  status: 'failed',
  attempts: 5,
  lastStatus: 500,
  lastError: 'x'.repeat(2_000),
  nextAttemptAt: null,
  createdAt,
  updatedAt: createdAt,
});

describe('delivery queries on SQLite', () => {
  it("shows the webhook log newest first, without the body that holds the caller's number", async () => {
    await db.store.write({ deliveries: [delivery('whd_a', 1_000), delivery('whd_b', 2_000)] });
    const log = await createDeliveryQueries(db.store).recent();
    expect(log.map((d) => d.id)).toEqual(['whd_b', 'whd_a']);
    expect(JSON.stringify(log)).not.toContain('+4930');
    expect(log[0]?.lastError).toHaveLength(500);
    expect(await createDeliveryQueries(db.store).recent(1)).toHaveLength(1);
  });
});
