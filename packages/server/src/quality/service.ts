import type { QaCriterion, QaReview, QaReviewSave } from '@switchboard/shared';
import type { CoreState } from '../core/types.js';
import { newId } from '../ids.js';
import type { ConversationQueries } from '../queries/conversations.js';
import type { QaReviewQueries } from '../queries/qa-reviews.js';
import type { ReportStore } from '../store/types.js';

/** The writes of service quality: staffing plans and QA reviews. */
export type QualityWrites = Pick<ReportStore, 'saveStaffing' | 'saveQaReview'>;

/** Why a QA review was not saved. */
export type QaReviewRefusal = {
  ok: false;
  code: 'NOT_FOUND' | 'CONVERSATION_OPEN' | 'BAD_FRAME';
  message?: string;
};

/**
 * The service-quality writes, checked here (their reads, KPIs, wallboard, forecast and review
 * lists, are the read side's: `queries/`).
 */
export interface QualityService {
  /** Save a known department's staffing plan: false for an unknown department. */
  saveStaffing(departmentId: string, scheduled: readonly number[]): Promise<boolean>;
  /** `qa.review.save` after the role check. */
  saveReview(
    frame: QaReviewSave,
    reviewer: { id: string; name: string },
  ): Promise<{ ok: true } | QaReviewRefusal>;
}

export interface QualityOptions {
  /** Where the writes go. */
  store: QualityWrites;
  /** The core's state now: its departments and open conversations. */
  state: () => Pick<CoreState, 'departments' | 'open'>;
  /** The scorecard a review must fill in (the config's `qa.criteria`). */
  criteria: readonly QaCriterion[];
  /** What a review's checks read: the conversation, and the reviewer's earlier review. */
  reads: {
    conversations: Pick<ConversationQueries, 'byId'>;
    reviews: Pick<QaReviewQueries, 'ofConversation'>;
  };
  now?: () => number;
}

/**
 * The service-quality writes: a department's staffing plan, a reviewer's QA review of a closed
 * conversation (one per reviewer and conversation).
 * @example const quality = createQualityService({ store, state: () => engine.state, criteria, reads })
 */
export function createQualityService(options: QualityOptions): QualityService {
  const { store, reads } = options;
  const now = options.now ?? Date.now;
  const criteria = options.criteria.map((c) => c.id);

  return {
    async saveStaffing(departmentId, scheduled) {
      if (!options.state().departments.has(departmentId)) return false;
      await store.saveStaffing(departmentId, scheduled, now());
      return true;
    },

    async saveReview(frame, reviewer) {
      const conversation = await reads.conversations.byId(options.state(), frame.conversationId);
      if (!conversation) return { ok: false, code: 'NOT_FOUND' };
      if (conversation.status !== 'closed') return { ok: false, code: 'CONVERSATION_OPEN' };
      if (!conversation.agent) {
        return { ok: false, code: 'BAD_FRAME', message: 'No agent handled this conversation.' };
      }
      const missing = criteria.filter((id) => frame.scores[id] === undefined);
      const unknown = Object.keys(frame.scores).filter((id) => !criteria.includes(id));
      if (missing.length > 0 || unknown.length > 0) {
        return {
          ok: false,
          code: 'BAD_FRAME',
          message: `Score every criterion of the scorecard (${criteria.join(', ')}) and nothing else.`,
        };
      }
      const existing = await reads.reviews.ofConversation(conversation.id);
      const review: QaReview = {
        id: existing.find((r) => r.reviewer.id === reviewer.id)?.id ?? newId('qa'),
        conversationId: conversation.id,
        agent: conversation.agent,
        reviewer: { id: reviewer.id, name: reviewer.name },
        scores: { ...frame.scores },
        ...(frame.comment ? { comment: frame.comment } : {}),
        at: now(),
      };
      await store.saveQaReview(review);
      return { ok: true };
    },
  };
}
