import type {
  ForecastFrame,
  ForecastGet,
  KpiGet,
  KpiReport,
  QaCriterion,
  QaReview,
  QaReviewSave,
  QaReviews,
  QaReviewsGet,
  WallboardData,
} from '@switchboard/shared';
import type { CoreState } from '../core/types.js';
import { newId } from '../ids.js';
import type { ConversationQueries } from '../queries/conversations.js';
import type { QaReviewQueries } from '../queries/qa-reviews.js';
import type { ReportQueries } from '../queries/reports.js';
import type { Wallboard } from '../queries/wallboard.js';
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
 * Service quality as the transport uses it: the writes (staffing, QA reviews) checked here, and
 * the reads (KPIs, wallboard, forecast, review lists) handed on to the read side (`queries/`).
 */
export interface QualityService {
  /** Today's wallboard numbers. */
  wallboard(): WallboardData;
  /** `kpi.get`: `agentId` is the caller's own unless they are a supervisor. */
  report(
    frame: Omit<KpiGet, 'type'>,
    caller: { id: string; supervisor: boolean },
  ): Promise<KpiReport>;
  forecast(frame: ForecastGet): Promise<ForecastFrame | null>;
  /** Save a known department's staffing plan: false for an unknown department. */
  saveStaffing(departmentId: string, scheduled: readonly number[]): Promise<boolean>;
  /** `qa.review.save` after the role check. */
  saveReview(
    frame: QaReviewSave,
    reviewer: { id: string; name: string },
  ): Promise<{ ok: true } | QaReviewRefusal>;
  reviews(frame: QaReviewsGet, caller: { id: string; supervisor: boolean }): Promise<QaReviews>;
}

export interface QualityOptions {
  /** Where the writes go. */
  store: QualityWrites;
  /** The core's state now: its departments and open conversations. */
  state: () => Pick<CoreState, 'departments' | 'open'>;
  /** The scorecard a review must fill in (the config's `qa.criteria`). */
  criteria: readonly QaCriterion[];
  reads: {
    conversations: Pick<ConversationQueries, 'byId'>;
    reports: Pick<ReportQueries, 'report' | 'forecast'>;
    reviews: Pick<QaReviewQueries, 'list' | 'ofConversation'>;
    wallboard: Pick<Wallboard, 'wallboard'>;
  };
  now?: () => number;
}

/**
 * The service-quality writes (a department's staffing plan, a reviewer's QA review of a closed
 * conversation, one per reviewer and conversation), with the reads the transport asks it for.
 * @example const quality = createQualityService({ store, state: () => engine.state, criteria, reads })
 */
export function createQualityService(options: QualityOptions): QualityService {
  const { store, reads } = options;
  const now = options.now ?? Date.now;
  const criteria = options.criteria.map((c) => c.id);

  return {
    wallboard: () => reads.wallboard.wallboard(),
    report: (frame, caller) => reads.reports.report(frame, caller),
    forecast: (frame) => reads.reports.forecast(frame),
    reviews: (frame, caller) => reads.reviews.list(frame, caller),

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
