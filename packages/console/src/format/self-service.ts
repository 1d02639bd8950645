/** The ranges a supervisor can pick, in days. */
export const METRICS_RANGES = [7, 30, 90] as const;
/** A metrics range in days. @default 30 */
export type MetricsRange = (typeof METRICS_RANGES)[number];

/** Helpful answers over all answers, or null when nobody answered. */
export function helpfulRatio(article: { helpful: number; notHelpful: number }): number | null {
  const answers = article.helpful + article.notHelpful;
  return answers > 0 ? article.helpful / answers : null;
}
