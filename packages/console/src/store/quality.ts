import type {
  ConversationSummary,
  Disposition,
  QaCriterion,
  QaReview,
  QaReviews,
  ServerToAgent,
} from '@switchboard/shared';

/** The service-quality slice: wrap-up codes, the QA scorecard and the latest QA reviews. */
export interface QualityState {
  /** The wrap-up codes, from `agent.welcome.dispositions` (empty: the relay has none). */
  dispositions: Disposition[];
  /** The QA scorecard, from `agent.welcome.qaCriteria` (refreshed by `qa.reviews`). */
  qaCriteria: QaCriterion[];
  /** The answer to the latest `qa.reviews.get`; null until one came. */
  qaReviews: QaReviews | null;
}

/** A slice before the welcome: no codes, no scorecard, no reviews. */
export const EMPTY_QUALITY: QualityState = { dispositions: [], qaCriteria: [], qaReviews: null };

/**
 * Fold a frame into the quality slice: the welcome's codes and scorecard, and `qa.reviews`.
 * Other frames return the slice unchanged (the same object). Pure.
 * @example reduceQuality(EMPTY_QUALITY, welcome).dispositions
 */
export function reduceQuality(quality: QualityState, frame: ServerToAgent): QualityState {
  switch (frame.type) {
    case 'agent.welcome': {
      if (!frame.dispositions && !frame.qaCriteria) return quality;
      const next = { ...quality };
      if (frame.dispositions) next.dispositions = frame.dispositions;
      if (frame.qaCriteria) next.qaCriteria = frame.qaCriteria;
      return next;
    }
    case 'qa.reviews':
      return { ...quality, qaReviews: frame, qaCriteria: frame.criteria };
    default:
      return quality;
  }
}

/**
 * Whether the signed-in agent still owes a wrap-up on a conversation: it is closed, they
 * handled it, it has no `wrapUp` yet, and the relay has wrap-up codes. Supervisors are not
 * nagged about conversations others handled (they may still wrap those up from the view).
 * @example needsWrapUp(summary, 'a_grace', dispositions) // true
 */
export function needsWrapUp(
  summary: ConversationSummary,
  agentId: string | undefined,
  dispositions: readonly Disposition[],
): boolean {
  return (
    dispositions.length > 0 &&
    summary.status === 'closed' &&
    !summary.wrapUp &&
    agentId !== undefined &&
    summary.agent?.id === agentId &&
    // A visitor who left the queue before anyone answered was never handled.
    summary.closeReason !== 'abandoned'
  );
}

/** A disposition's label, else its id (a code the relay no longer has). */
export function dispositionLabel(dispositions: readonly Disposition[], id: string): string {
  return dispositions.find((d) => d.id === id)?.label ?? id;
}

/** A criterion's label, else its id. */
export function criterionLabel(criteria: readonly QaCriterion[], id: string): string {
  return criteria.find((c) => c.id === id)?.label ?? id;
}

/**
 * My own review of a conversation among those loaded, to prefill the scorecard (saving again
 * replaces it on the relay).
 */
export function myReview(
  quality: QualityState,
  conversationId: string,
  reviewerId: string | undefined,
): QaReview | undefined {
  return quality.qaReviews?.reviews.find(
    (r) => r.conversationId === conversationId && r.reviewer.id === reviewerId,
  );
}

/** The mean of a review's scores, or null when it holds none. */
export function reviewAverage(review: QaReview): number | null {
  const scores = Object.values(review.scores);
  if (scores.length === 0) return null;
  return scores.reduce((sum, s) => sum + s, 0) / scores.length;
}
