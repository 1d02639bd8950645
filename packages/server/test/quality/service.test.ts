import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { createState } from '../../src/core/state.js';
import { createQualityService } from '../../src/quality/service.js';
import { createReadSide } from '../../src/queries/read-side.js';
import { chat, maya, storeConversation, useSqliteStore } from '../queries/fixtures.js';

const db = useSqliteStore();
const config = parseConfig({ dataDir: '/tmp/switchboard-unused', timeZone: 'UTC' });
const scores = { accuracy: 5, empathy: 4, compliance: 3, ownership: 2 };
const sam = { id: 'agt_sam', name: 'Sam' };

function quality(state = createState(), now = 50_000) {
  const reads = createReadSide({
    store: db.store,
    config,
    state: () => state,
    faq: () => undefined,
    now: () => now,
  });
  const service = createQualityService({
    store: db.store,
    state: () => state,
    criteria: config.qa.criteria,
    reads,
    now: () => now,
  });
  return { service, reads };
}

describe('the quality writes on SQLite', () => {
  it('saves one review per reviewer of a closed conversation, for the agent who handled it', async () => {
    await storeConversation(db.store, 'cnv_1', chat('vis_1', 1_000, 1, 'closed'));
    const { service, reads } = quality();
    const frame = { type: 'qa.review.save' as const, conversationId: 'cnv_1', scores };
    expect(await service.saveReview(frame, sam)).toEqual({ ok: true });
    const [first] = await reads.reviews.ofConversation('cnv_1');
    expect(await service.saveReview({ ...frame, comment: 'Better' }, sam)).toEqual({ ok: true });
    const saved = await reads.reviews.ofConversation('cnv_1');
    // The reviewer's second save changes their review: same id, new comment.
    expect(saved.map((r) => r.id)).toEqual([first?.id]);
    expect(saved[0]).toMatchObject({ agent: maya, reviewer: sam, comment: 'Better', at: 50_000 });
    await service.saveReview(frame, { id: 'agt_kim', name: 'Kim' });
    expect(await reads.reviews.ofConversation('cnv_1')).toHaveLength(2);
  });

  it('refuses a review of a missing, open or unhandled conversation, or with the wrong criteria', async () => {
    const open = await storeConversation(db.store, 'cnv_open', chat('vis_1', 1_000, 1, 'assigned'));
    await storeConversation(
      db.store,
      'cnv_unhandled',
      chat('vis_2', 2_000).concat({
        type: 'conversation.closed',
        seq: 3,
        at: 2_500,
        by: { role: 'visitor', id: 'vis_2', name: 'Visitor 2' },
      }),
    );
    await storeConversation(db.store, 'cnv_done', chat('vis_3', 3_000, 1, 'closed'));
    const { service } = quality(createState({ conversations: [open] }));
    const save = (conversationId: string, s: Record<string, number> = scores) =>
      service.saveReview({ type: 'qa.review.save', conversationId, scores: s }, sam);
    expect(await save('cnv_none')).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await save('cnv_open')).toEqual({ ok: false, code: 'CONVERSATION_OPEN' });
    expect(await save('cnv_unhandled')).toMatchObject({ ok: false, code: 'BAD_FRAME' });
    const { ownership: _, ...missing } = scores;
    expect(await save('cnv_done', missing)).toMatchObject({
      ok: false,
      code: 'BAD_FRAME',
      message: expect.stringContaining('accuracy, empathy, compliance, ownership'),
    });
    expect(await save('cnv_done', { ...scores, speed: 3 })).toMatchObject({ code: 'BAD_FRAME' });
    expect(await db.store.listQaReviews({ limit: 10 })).toEqual([]);
  });

  it('saves a staffing plan for a known department only', async () => {
    const orders = {
      id: 'orders',
      name: 'Orders',
      skills: [],
      agentIds: [],
      timeZone: 'UTC',
      hours: [],
      holidays: [],
      strategy: 'longest-idle' as const,
      offerTimeoutSec: 30,
      autoAccept: false,
    };
    const { service } = quality(createState({ departments: [orders] }));
    const plan = Array.from({ length: 168 }, () => 3);
    expect(await service.saveStaffing('orders', plan)).toBe(true);
    expect(await db.store.getStaffing('orders')).toEqual(plan);
    expect(await service.saveStaffing('nowhere', plan)).toBe(false);
    expect(await db.store.getStaffing('nowhere')).toBeNull();
  });
});
