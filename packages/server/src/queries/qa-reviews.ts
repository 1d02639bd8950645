import type { QaCriterion, QaReview, QaReviews, QaReviewsGet } from '@switchboard/shared';
import type { ReportStore } from '../store/types.js';

/** Most reviews `qa.reviews` carries (and most looked at for one conversation). */
export const REVIEWS_LIMIT = 500;

/**
 * Each reviewed agent's mean score per criterion and overall (mean of every score), by name.
 * @example qaRollup(reviews, ['accuracy', 'empathy'])
 */
export function qaRollup(
  reviews: readonly QaReview[],
  criteria: readonly string[],
): QaReviews['rollup'] {
  const byAgent = new Map<string, { agent: QaReview['agent']; reviews: QaReview[] }>();
  for (const review of reviews) {
    const entry = byAgent.get(review.agent.id) ?? { agent: review.agent, reviews: [] };
    entry.reviews.push(review);
    byAgent.set(review.agent.id, entry);
  }
  const mean = (values: number[]) =>
    values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
  return [...byAgent.values()]
    .sort((a, b) => a.agent.name.localeCompare(b.agent.name))
    .map(({ agent, reviews: list }) => {
      const all = list.flatMap((r) => Object.values(r.scores));
      return {
        agent,
        reviews: list.length,
        average: mean(all),
        byCriterion: Object.fromEntries(
          criteria.map((id) => [
            id,
            mean(list.map((r) => r.scores[id]).filter((v): v is number => v !== undefined)),
          ]),
        ),
      };
    });
}

/**
 * Reads of QA reviews: the role-scoped list with its rollup, and one conversation's reviews.
 * @example const reviews = createQaReviewQueries({ store, criteria: config.qa.criteria })
 */
export function createQaReviewQueries(options: {
  store: Pick<ReportStore, 'listQaReviews'>;
  /** The scorecard's criteria (the config's). */
  criteria: readonly QaCriterion[];
}) {
  const { store, criteria } = options;
  return {
    /**
     * `qa.reviews.get`: reviews newest first with each agent's rollup; an agent sees only their
     * own, a supervisor any agent's (or all).
     * @example await reviews.list({ type: 'qa.reviews.get' }, { id: 'agt_1', supervisor: false })
     */
    async list(
      frame: QaReviewsGet,
      caller: { id: string; supervisor: boolean },
    ): Promise<QaReviews> {
      const agentId = caller.supervisor ? frame.agentId : caller.id;
      const reviews = await store.listQaReviews({
        ...(agentId !== undefined ? { agentId } : {}),
        ...(frame.conversationId !== undefined ? { conversationId: frame.conversationId } : {}),
        ...(frame.from !== undefined ? { from: frame.from } : {}),
        ...(frame.to !== undefined ? { to: frame.to } : {}),
        limit: REVIEWS_LIMIT,
      });
      return {
        type: 'qa.reviews',
        criteria: [...criteria],
        reviews,
        rollup: qaRollup(
          reviews,
          criteria.map((c) => c.id),
        ),
      };
    },

    /**
     * One conversation's reviews, newest first.
     * @example (await reviews.ofConversation('cnv_1')).length
     */
    ofConversation(conversationId: string): Promise<QaReview[]> {
      return store.listQaReviews({ conversationId, limit: REVIEWS_LIMIT });
    },
  };
}

/** The QA review reads, as `createQaReviewQueries` makes them. */
export type QaReviewQueries = ReturnType<typeof createQaReviewQueries>;
