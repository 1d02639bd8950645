import { DEFLECTION_WINDOW_MS } from '../faq/faq-metrics.js';
import type { FaqCatalog } from '../faq/search.js';
import { SEARCH_LIMIT, SUGGEST_LIMIT } from '../faq/service.js';
import type { ArticleFeedbackRecord, ArticleViewRecord, FaqSearchRecord } from '../store/types.js';
import { HOUR, MINUTE, picker, poissonSample } from './random.js';
import { GAP_QUERIES, POPULAR } from './scripts.js';

/** Share of searches that look for something the articles do not cover. */
const GAP_SHARE = 0.08;
/** Visitors who search the help articles, per chat expected in the hour. */
const SEARCHERS_PER_CHAT = 0.9;
/** Visitors who open a suggestion and do not chat, per chat expected in the hour. */
const DEFLECTED_PER_CHAT = 0.36;
/** Share of first-time chatters who opened a suggestion while typing their first message. */
const CHATTERS_WHO_READ = 0.22;

/** The self-service activity `demo-history` wrote. */
export interface DemoFaqSummary {
  /** Visitor searches of the help articles (not the suggestions run while typing). */
  searches: number;
  /** Those that found nothing (content gaps). */
  noResult: number;
  /** Articles opened, from search and from suggestions. */
  views: number;
  /** Suggested articles opened while typing a first message. */
  suggestionOpens: number;
  /** Suggestion readers who started no conversation within 30 minutes. */
  deflected: number;
  /** "Was this helpful?" answers, and how many said yes. */
  feedback: number;
  helpful: number;
}

/** A generated chat as the FAQ activity sees it: visitor, start and first message. */
export interface DemoChatStart {
  visitorId: string;
  at: number;
  draft: string;
}

export interface DemoFaqInput {
  catalog: FaqCatalog;
  siteId: string;
  from: number;
  to: number;
  random: () => number;
  /** Chats expected in the hour starting here. */
  rateAt: (hour: number) => number;
  /** The generated conversations, oldest first. */
  conversations: readonly DemoChatStart[];
}

/** What `demoFaqActivity` makes, each list oldest first. */
export interface DemoFaqActivity {
  searches: FaqSearchRecord[];
  views: ArticleViewRecord[];
  feedback: ArticleFeedbackRecord[];
}

type Article = ReturnType<FaqCatalog['all']>[number];

/** The records of one run and the moves a demo visitor makes, all from one random stream. */
interface FaqRun extends DemoFaqActivity {
  input: DemoFaqInput;
  newVisitor: () => string;
  /** An article to look for, the popular ones more often. */
  wantedArticle: () => Article;
  /** What a visitor types to find this article: its title or one of its tags. */
  queryFor: (article: Article) => string;
  search: (
    visitorId: string,
    query: string,
    purpose: FaqSearchRecord['purpose'],
    at: number,
  ) => ReturnType<FaqCatalog['search']>;
  /** Open an article; some answer "Was this helpful?", `yes` of them with yes. */
  read: (
    visitorId: string,
    articleId: string,
    source: ArticleViewRecord['source'],
    at: number,
    yes: number,
  ) => void;
}

function startRun(input: DemoFaqInput, articles: Article[]): FaqRun {
  const { catalog, siteId, to, random } = input;
  const searches: FaqSearchRecord[] = [];
  const views: ArticleViewRecord[] = [];
  const feedback: ArticleFeedbackRecord[] = [];
  const weights = articles.map((a) => POPULAR[a.id] ?? 1);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const pick = picker(random);
  let visitors = 0;
  const answered = new Set<string>();
  return {
    searches,
    views,
    feedback,
    input,
    newVisitor: () => `v_demo_faq_${(++visitors).toString(36)}`,
    wantedArticle: () => {
      let roll = random() * total;
      for (let i = 0; i < articles.length; i++) {
        roll -= weights[i] ?? 0;
        if (roll < 0) return articles[i]!;
      }
      return articles[articles.length - 1]!;
    },
    queryFor: (article) =>
      pick([article.title.replace(/[?!.]+$/, ''), ...article.tags])
        .trim()
        .toLowerCase(),
    search: (visitorId, query, purpose, at) => {
      const text = query.trim().toLowerCase();
      const hits = catalog.search(
        siteId,
        'en',
        text,
        purpose === 'suggest' ? SUGGEST_LIMIT : SEARCH_LIMIT,
      );
      searches.push({ siteId, visitorId, query: text, results: hits.length, purpose, at });
      return hits;
    },
    read: (visitorId, articleId, source, at, yes) => {
      views.push({ siteId, visitorId, articleId, source, at });
      // One answer per visitor and article (the store keeps the last).
      if (random() < 0.4 && !answered.has(`${visitorId} ${articleId}`)) {
        answered.add(`${visitorId} ${articleId}`);
        const answeredAt = at + 20_000 + Math.floor(random() * 120_000);
        if (answeredAt < to) {
          feedback.push({ siteId, visitorId, articleId, helpful: random() < yes, at: answeredAt });
        }
      }
    },
  };
}

/** Searchers in the hour starting at `hour`: one or two searches, most open a result. */
function searchers(run: FaqRun, hour: number, rate: number): void {
  const { random, to } = run.input;
  for (let i = poissonSample(random, rate * SEARCHERS_PER_CHAT); i > 0; i--) {
    const visitorId = run.newVisitor();
    let t = hour + Math.floor(random() * HOUR);
    const tries = random() < 0.25 ? 2 : 1;
    for (let k = 0; k < tries && t < to; k++) {
      const gap = random() < GAP_SHARE;
      const wanted = gap ? null : run.wantedArticle();
      const query = wanted
        ? run.queryFor(wanted)
        : (GAP_QUERIES[Math.floor(random() ** 2 * GAP_QUERIES.length)] ?? 'ski rental');
      const hits = run.search(visitorId, query, 'search', t);
      const hit = hits.find((h) => h.id === wanted?.id) ?? hits[0];
      if (hit && random() < 0.8) {
        t += 4_000 + Math.floor(random() * 30_000);
        if (t < to) run.read(visitorId, hit.id, 'search', t, 0.72);
        t += MINUTE + Math.floor(random() * 3 * MINUTE);
      } else {
        t += 10_000 + Math.floor(random() * 40_000);
      }
    }
  }
}

/** Suggestion readers in the hour who found their answer and never sent the message. */
function deflectedReaders(run: FaqRun, hour: number, rate: number): void {
  const { random, to } = run.input;
  for (let i = poissonSample(random, rate * DEFLECTED_PER_CHAT); i > 0; i--) {
    const visitorId = run.newVisitor();
    const wanted = run.wantedArticle();
    const at = hour + Math.floor(random() * HOUR);
    const hits = run.search(visitorId, wanted.title, 'suggest', at);
    const hit = hits.find((h) => h.id === wanted.id) ?? hits[0];
    const openedAt = at + 3_000 + Math.floor(random() * 20_000);
    if (hit && openedAt < to) run.read(visitorId, hit.id, 'suggestion', openedAt, 0.85);
  }
}

/** First-time chatters who opened a suggestion, then started the chat anyway. */
function chattersWhoRead(run: FaqRun): void {
  const { random, from } = run.input;
  const seen = new Set<string>();
  for (const chat of run.input.conversations) {
    if (seen.has(chat.visitorId)) continue;
    seen.add(chat.visitorId);
    if (random() >= CHATTERS_WHO_READ) continue;
    const at = chat.at - MINUTE - Math.floor(random() * 9 * MINUTE);
    if (at < from) continue;
    const hits = run.search(chat.visitorId, chat.draft, 'suggest', at);
    const hit = hits[Math.floor(random() * Math.min(2, hits.length))];
    const openedAt = at + 5_000 + Math.floor(random() * 20_000);
    if (hit && openedAt < chat.at && chat.at - openedAt <= DEFLECTION_WINDOW_MS) {
      run.read(chat.visitorId, hit.id, 'suggestion', openedAt, 0.3);
    }
  }
}

/**
 * Seeded FAQ activity over `[from, to)` (pure): visitors searching the help articles (a few for
 * things no article covers), opening results and answering "Was this helpful?"; visitors opening a
 * suggestion while typing a first message and never sending it; and some first-time chatters who
 * opened a suggestion minutes before starting their chat. Hits and result counts come from the
 * real catalog, so the numbers read like live data.
 * @example demoFaqActivity({ catalog, siteId: 'demo', from, to, random, rateAt, conversations })
 */
export function demoFaqActivity(input: DemoFaqInput): DemoFaqActivity {
  const articles = input.catalog.all().filter((a) => a.published);
  if (articles.length === 0) return { searches: [], views: [], feedback: [] };
  const run = startRun(input, articles);
  for (let hour = input.from; hour < input.to; hour += HOUR) {
    const rate = input.rateAt(hour);
    searchers(run, hour, rate);
    deflectedReaders(run, hour, rate);
  }
  chattersWhoRead(run);
  const byTime = (a: { at: number }, b: { at: number }) => a.at - b.at;
  return {
    searches: run.searches.sort(byTime),
    views: run.views.sort(byTime),
    feedback: run.feedback.sort(byTime),
  };
}

/**
 * The counts `demo-history` reports for this activity; a suggestion reader is deflected when
 * they started no chat within the deflection window after opening it.
 * @example summarizeFaq(demoFaqActivity(input), input.conversations).deflected // 41
 */
export function summarizeFaq(
  faq: DemoFaqActivity,
  chats: readonly DemoChatStart[],
): DemoFaqSummary {
  const opens = faq.views.filter((v) => v.source === 'suggestion');
  const chatStarts = new Map<string, number[]>();
  for (const chat of chats) {
    chatStarts.set(chat.visitorId, [...(chatStarts.get(chat.visitorId) ?? []), chat.at]);
  }
  const searched = faq.searches.filter((s) => s.purpose === 'search');
  return {
    searches: searched.length,
    noResult: searched.filter((s) => s.results === 0).length,
    views: faq.views.length,
    suggestionOpens: opens.length,
    deflected: opens.filter(
      (open) =>
        !(chatStarts.get(open.visitorId) ?? []).some(
          (at) => at >= open.at && at <= open.at + DEFLECTION_WINDOW_MS,
        ),
    ).length,
    feedback: faq.feedback.length,
    helpful: faq.feedback.filter((f) => f.helpful).length,
  };
}
