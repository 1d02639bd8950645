import type { QaReview } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { createQaReviewQueries, qaRollup } from '../../src/queries/qa-reviews.js';
import { maya, useSqliteStore } from './fixtures.js';

const db = useSqliteStore();
const criteria = [
  { id: 'accuracy', label: 'Accuracy', description: 'Right answers.' },
  { id: 'empathy', label: 'Empathy', description: 'Warm tone.' },
];
const ben = { id: 'agt_ben', name: 'Ben' };
const sam = { id: 'agt_sam', name: 'Sam' };

const review = (
  id: string,
  agent: { id: string; name: string },
  at: number,
  scores: Record<string, number>,
): QaReview => ({
  id,
  conversationId: `cnv_${id}`,
  agent,
  reviewer: sam,
  scores,
  at,
});

describe('QA review queries on SQLite', () => {
  it("lists an agent's own reviews only, a supervisor's of anyone, newest first with a rollup by name", async () => {
    await db.store.saveQaReview(review('qa_1', maya, 1_000, { accuracy: 4, empathy: 2 }));
    await db.store.saveQaReview(review('qa_2', maya, 2_000, { accuracy: 2, empathy: 4 }));
    await db.store.saveQaReview(review('qa_3', ben, 3_000, { accuracy: 5, empathy: 5 }));
    const reviews = createQaReviewQueries({ store: db.store, criteria });

    const own = await reviews.list(
      { type: 'qa.reviews.get', agentId: ben.id },
      { id: maya.id, supervisor: false },
    );
    expect(own.type).toBe('qa.reviews');
    expect(own.criteria.map((c) => c.id)).toEqual(['accuracy', 'empathy']);
    expect(own.reviews.map((r) => r.id)).toEqual(['qa_2', 'qa_1']);
    expect(own.rollup).toEqual([
      { agent: maya, reviews: 2, average: 3, byCriterion: { accuracy: 3, empathy: 3 } },
    ]);

    const all = await reviews.list({ type: 'qa.reviews.get' }, { id: sam.id, supervisor: true });
    expect(all.reviews.map((r) => r.id)).toEqual(['qa_3', 'qa_2', 'qa_1']);
    expect(all.rollup.map((r) => r.agent.name)).toEqual(['Ben', 'Maya']);
    const ranged = await reviews.list(
      { type: 'qa.reviews.get', from: 1_500, to: 3_000 },
      { id: sam.id, supervisor: true },
    );
    expect(ranged.reviews.map((r) => r.id)).toEqual(['qa_2']);

    expect((await reviews.ofConversation('cnv_qa_3')).map((r) => r.id)).toEqual(['qa_3']);
    expect(await reviews.ofConversation('cnv_none')).toEqual([]);
  });

  it('gives a criterion nobody scored no mean, not zero', () => {
    const [rollup] = qaRollup([review('qa_1', maya, 1, { accuracy: 5 })], ['accuracy', 'empathy']);
    expect(rollup?.byCriterion).toEqual({ accuracy: 5, empathy: null });
  });
});
