import type { Article, FaqMetrics } from '@switchboard/shared';
import type { FaqActivity } from '../store/types.js';

/** A suggestion opened counts as deflected when its visitor starts no chat within this. */
export const DEFLECTION_WINDOW_MS = 30 * 60_000;
/** Most content gaps reported. */
const NO_RESULT_LIMIT = 50;

/**
 * FAQ metrics from raw activity (pure). `searches` counts visitor searches (not the suggestions run
 * while a first message is typed); `noResult` groups those that found nothing by their trimmed,
 * lowercased query, most frequent first; deflection = suggestion opens whose visitor started no
 * conversation within 30 minutes after, over all suggestion opens (null with none).
 */
export function faqMetrics(input: {
  from: number;
  to: number;
  activity: FaqActivity;
  articles: readonly Article[];
  /** Conversation starts of the visitors who opened suggestions, from `from` on. */
  starts: ReadonlyArray<{ visitorId: string; at: number }>;
}): FaqMetrics {
  const { from, to, activity, articles, starts } = input;
  const searches = activity.searches.filter((s) => s.purpose === 'search');
  const gaps = new Map<string, number>();
  for (const s of searches) {
    if (s.results > 0) continue;
    const query = s.query.trim().toLowerCase();
    gaps.set(query, (gaps.get(query) ?? 0) + 1);
  }
  const noResult = [...gaps]
    .map(([query, count]) => ({ query, count }))
    .sort((a, b) => b.count - a.count || (a.query < b.query ? -1 : 1))
    .slice(0, NO_RESULT_LIMIT);

  const titles = new Map(articles.map((a) => [a.id, a.title]));
  const rows = new Map<string, { views: number; helpful: number; notHelpful: number }>();
  const row = (id: string) => {
    let r = rows.get(id);
    if (!r) {
      r = { views: 0, helpful: 0, notHelpful: 0 };
      rows.set(id, r);
    }
    return r;
  };
  for (const v of activity.views) row(v.articleId).views++;
  for (const f of activity.feedback) {
    if (f.helpful) row(f.articleId).helpful++;
    else row(f.articleId).notHelpful++;
  }
  const perArticle = [...rows]
    .filter(([id]) => titles.has(id))
    .map(([id, r]) => ({ id, title: titles.get(id)!, ...r }))
    .sort((a, b) => b.views - a.views || (a.id < b.id ? -1 : 1));

  const startsBy = new Map<string, number[]>();
  for (const s of starts) startsBy.set(s.visitorId, [...(startsBy.get(s.visitorId) ?? []), s.at]);
  const opens = activity.views.filter((v) => v.source === 'suggestion');
  const deflected = opens.filter(
    (open) =>
      !(startsBy.get(open.visitorId) ?? []).some(
        (at) => at >= open.at && at <= open.at + DEFLECTION_WINDOW_MS,
      ),
  ).length;
  return {
    from,
    to,
    searches: searches.length,
    noResult,
    articles: perArticle,
    deflection: {
      opened: opens.length,
      deflected,
      rate: opens.length === 0 ? null : deflected / opens.length,
    },
  };
}
