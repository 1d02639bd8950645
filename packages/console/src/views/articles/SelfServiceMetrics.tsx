import type { FaqMetrics } from '@switchboard/shared';
import { helpfulRatio, METRICS_RANGES, type MetricsRange } from '../../format/self-service.js';
import { en } from '../../i18n/en.js';

const t = en.selfService;

/** Props of {@link SelfServiceMetrics}. */
export interface SelfServiceMetricsProps {
  /** Null until `faq.metrics` answered. */
  metrics: FaqMetrics | null;
  range: MetricsRange;
  /** A new range: the caller asks `faq.metrics.get` again. */
  onRange(range: MetricsRange): void;
}

/**
 * "Self-service": searches, the deflection rate ("opened → deflected"), the searches with no
 * results (content gaps, with counts) and views and helpfulness per article, over 7, 30 or 90 days.
 * @example <SelfServiceMetrics metrics={state.faqMetrics} range={30} onRange={setRange} />
 */
export function SelfServiceMetrics({ metrics, range, onRange }: SelfServiceMetricsProps) {
  return (
    <section class="team__section" aria-labelledby="self-service-title">
      <div class="team__section-head">
        <h2 id="self-service-title" class="team__heading">
          {t.title}
        </h2>
        <label class="field field--inline">
          <span class="field__label">{t.range}</span>
          <select
            class="field__input"
            value={String(range)}
            onChange={(e) => {
              const picked = METRICS_RANGES.find((r) => String(r) === e.currentTarget.value);
              if (picked) onRange(picked);
            }}
          >
            {METRICS_RANGES.map((r) => (
              <option key={r} value={String(r)}>
                {t.days(r)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {metrics === null ? <p class="team__empty">{t.loading}</p> : <Figures metrics={metrics} />}
    </section>
  );
}

function Figures({ metrics }: { metrics: FaqMetrics }) {
  const { deflection } = metrics;
  const viewed = [...metrics.articles].sort((a, b) => b.views - a.views);
  return (
    <>
      <dl class="metrics">
        <div class="metrics__item">
          <dt>{t.searches}</dt>
          <dd class="metrics__value">{metrics.searches}</dd>
        </div>
        <div class="metrics__item">
          <dt>{t.deflection}</dt>
          <dd class="metrics__value">
            {deflection.rate === null ? t.noRate : t.percent(deflection.rate)}
            <span class="metrics__sub">
              {t.openedDeflected(deflection.opened, deflection.deflected)}
            </span>
          </dd>
        </div>
      </dl>
      <table class="table" aria-labelledby="gaps-title">
        <caption id="gaps-title">{t.gaps}</caption>
        <thead>
          <tr>
            <th scope="col">{t.query}</th>
            <th scope="col">{t.count}</th>
          </tr>
        </thead>
        <tbody>
          {metrics.noResult.map((gap) => (
            <tr key={gap.query}>
              <th scope="row">{gap.query}</th>
              <td>{gap.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {metrics.noResult.length === 0 && <p class="team__empty">{t.noGaps}</p>}
      <table class="table" aria-labelledby="article-metrics-title">
        <caption id="article-metrics-title">{t.perArticle}</caption>
        <thead>
          <tr>
            <th scope="col">{t.article}</th>
            <th scope="col">{t.views}</th>
            <th scope="col">{t.helpful}</th>
            <th scope="col">{t.notHelpful}</th>
            <th scope="col">{t.helpfulRate}</th>
          </tr>
        </thead>
        <tbody>
          {viewed.map((a) => {
            const ratio = helpfulRatio(a);
            return (
              <tr key={a.id}>
                <th scope="row">{a.title}</th>
                <td>{a.views}</td>
                <td>{a.helpful}</td>
                <td>{a.notHelpful}</td>
                <td>{ratio === null ? '—' : t.percent(ratio)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {viewed.length === 0 && <p class="team__empty">{t.noViews}</p>}
    </>
  );
}
