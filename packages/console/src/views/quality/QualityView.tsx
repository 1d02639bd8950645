import type { QaCriterion, QaReviews } from '@switchboard/shared';
import { formatScore } from '../../format/score.js';
import { formatDateTime } from '../../format/time.js';
import { en } from '../../i18n/en.js';
import { criterionLabel, reviewAverage } from '../../store/quality.js';

/** Props of {@link QualityView}. */
export interface QualityViewProps {
  /** The answer to `qa.reviews.get`; null while it loads. */
  reviews: QaReviews | null;
  /** The scorecard, for the column order when no answer came yet. */
  criteria: readonly QaCriterion[];
  /** Supervisors see everyone's reviews; agents their own coaching. */
  supervisor: boolean;
  /** Where each review's conversation link goes, e.g. `#/c/c_1`. */
  conversationHref(conversationId: string): string;
  onRefresh(): void;
}

/**
 * "Quality" (`#/quality`): the roll-up per agent (reviews, average, per-criterion averages) and
 * the reviews, newest first, with their scores, coaching comment and a link to the conversation.
 * Supervisors see every agent; an agent sees their own reviews ("My coaching").
 * @example <QualityView reviews={state.quality.qaReviews} criteria={criteria} supervisor ... />
 */
export function QualityView({
  reviews,
  criteria: scorecard,
  supervisor,
  conversationHref,
  onRefresh,
}: QualityViewProps) {
  const criteria = reviews?.criteria ?? scorecard;
  return (
    <main class="team quality" aria-labelledby="quality-title">
      <div class="quality__header">
        <h1 id="quality-title" class="team__title">
          {supervisor ? en.quality.title : en.quality.coachingTitle}
        </h1>
        <button class="button button--secondary" type="button" onClick={onRefresh}>
          {en.quality.refresh}
        </button>
      </div>
      {!reviews ? (
        <p class="team__empty">{en.quality.loading}</p>
      ) : (
        <>
          <section class="team__section" aria-labelledby="quality-rollup-title">
            <h2 id="quality-rollup-title" class="team__heading">
              {en.quality.rollup}
            </h2>
            {reviews.rollup.length === 0 ? (
              <p class="team__empty">{en.quality.empty}</p>
            ) : (
              <table class="table quality__rollup" aria-labelledby="quality-rollup-title">
                <thead>
                  <tr>
                    <th scope="col">{en.quality.agent}</th>
                    <th scope="col">{en.quality.reviews}</th>
                    <th scope="col">{en.quality.average}</th>
                    {criteria.map((c) => (
                      <th key={c.id} scope="col">
                        {c.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {reviews.rollup.map((row) => (
                    <tr key={row.agent.id}>
                      <th scope="row">{row.agent.name}</th>
                      <td>{row.reviews}</td>
                      <td>{formatScore(row.average)}</td>
                      {criteria.map((c) => (
                        <td key={c.id}>{formatScore(row.byCriterion[c.id])}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section class="team__section" aria-labelledby="quality-list-title">
            <h2 id="quality-list-title" class="team__heading">
              {en.quality.list}
            </h2>
            {reviews.reviews.length === 0 ? (
              <p class="team__empty">{en.quality.empty}</p>
            ) : (
              // biome-ignore lint/a11y/noRedundantRoles: Safari drops list semantics when list-style is none
              <ul class="quality__reviews" role="list" aria-labelledby="quality-list-title">
                {reviews.reviews.map((review) => {
                  const titleId = `quality-review-${review.id}`;
                  return (
                    <li key={review.id}>
                      <article class="quality__review" aria-labelledby={titleId}>
                        <h3 id={titleId} class="quality__review-title">
                          {en.quality.reviewedBy(review.agent.name, review.reviewer.name)}
                        </h3>
                        <p class="quality__review-meta">
                          <time dateTime={new Date(review.at).toISOString()}>
                            {formatDateTime(review.at)}
                          </time>{' '}
                          · {en.quality.averageOf(formatScore(reviewAverage(review)))}
                        </p>
                        <ul class="quality__scores">
                          {Object.entries(review.scores).map(([id, score]) => (
                            <li key={id}>
                              {en.quality.scoreOf(criterionLabel(criteria, id), score)}
                            </li>
                          ))}
                        </ul>
                        {review.comment && (
                          <blockquote class="quality__comment">{review.comment}</blockquote>
                        )}
                        <a class="quality__link" href={conversationHref(review.conversationId)}>
                          {en.quality.openConversation}
                        </a>
                      </article>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        </>
      )}
    </main>
  );
}
