import { performance } from 'node:perf_hooks';
import type { Article, ArticleHit } from '@switchboard/shared';
import MiniSearch, { type SearchResult } from 'minisearch';
import { markdownToText } from './render.js';

/** Longest snippet, in characters. */
export const SNIPPET_CHARS = 200;

/** What the index keeps per article (text for snippets, not the Markdown). */
interface Indexed {
  id: string;
  title: string;
  tags: string;
  body: string;
}

/** Most edits a fuzzy term may have, however long it is (each edit multiplies the work). */
export const MAX_EDITS = 3;

/**
 * Edits allowed per query term: 20% of its length, but at least 2 from 5 characters on, so a
 * swapped pair of letters ("retrun": two edits in Levenshtein terms) still matches; none below 4,
 * at most `MAX_EDITS`.
 */
export function fuzziness(term: string): number {
  if (term.length < 4) return 0;
  const edits = Math.round(term.length * 0.2);
  return Math.min(MAX_EDITS, term.length >= 5 ? Math.max(2, edits) : edits);
}

/** Terms of one query looked up, at most (the longest are kept). */
export const MAX_TERMS = 12;
/** Terms shorter than this are matched only as whole words: never by prefix nor fuzzily. */
export const MIN_EXPANDED_LENGTH = 2;
/**
 * Time one search may spend on prefix and fuzzy matching. Terms looked up after it is spent are
 * matched as whole words only, which costs one lookup each.
 */
export const SEARCH_BUDGET_MS = 20;

const SEARCH_OPTIONS = {
  boost: { title: 3, tags: 2, body: 1 },
  prefix: true,
  fuzzy: fuzziness,
};

/** The index's own word splitting and lower-casing, so query terms are cut as articles are. */
const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

/**
 * The terms a query is searched for: lower-cased, each once, the one-letter ones dropped when
 * there is any longer one (they would only narrow an "all words" search by a letter), at most
 * `MAX_TERMS`, the longest first.
 * @example queryTerms('Where is my order, my order?') // ['order', 'where', 'is', 'my']
 */
export function queryTerms(query: string): string[] {
  const unique = [
    ...new Set(
      tokenize(query)
        .map((t) => t.toLowerCase())
        .filter((t) => t !== ''),
    ),
  ];
  const meaningful = unique.filter((t) => t.length >= MIN_EXPANDED_LENGTH);
  const terms = meaningful.length > 0 ? meaningful : unique;
  // A stable sort: terms of one length keep the order typed.
  return terms.sort((a, b) => b.length - a.length).slice(0, MAX_TERMS);
}

function newIndex(): MiniSearch<Indexed> {
  return new MiniSearch<Indexed>({
    fields: ['title', 'tags', 'body'],
    storeFields: ['body'],
    searchOptions: SEARCH_OPTIONS,
  });
}

/**
 * Plain text around the first place a matched term occurs, at most `SNIPPET_CHARS` characters,
 * with "…" where it was cut.
 */
export function snippetOf(text: string, terms: readonly string[]): string {
  const lower = text.toLowerCase();
  let at = -1;
  for (const term of terms) {
    const found = lower.search(new RegExp(`\\b${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    if (found >= 0 && (at < 0 || found < at)) at = found;
  }
  if (text.length <= SNIPPET_CHARS) return text;
  let start = at < 0 ? 0 : Math.max(0, at - 60);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space >= 0 && space < at) start = space + 1;
  }
  const budget = SNIPPET_CHARS - (start > 0 ? 1 : 0) - 1;
  let piece = text.slice(start, start + budget);
  const cut = start + budget < text.length;
  if (cut) {
    const space = piece.lastIndexOf(' ');
    if (space > budget / 2) piece = piece.slice(0, space);
  }
  return `${start > 0 ? '…' : ''}${piece}${cut ? '…' : ''}`;
}

/**
 * The articles of every site, their search indexes (one MiniSearch per site and locale: title
 * boosted 3, tags 2, body 1; prefix and fuzzy 0.2; all words must match, or else any; bounded
 * by `queryTerms`, `MAX_EDITS` and `SEARCH_BUDGET_MS`) and updates
 * when the console saves or deletes one. Content-folder articles belong to their site; console
 * articles (and deletions) apply to every site and override a content article with the same id.
 */
export interface FaqCatalog {
  /** Every effective article over all sites, published or not, by id. */
  all(): Article[];
  /** A site's effective article, published or not, or undefined. */
  get(siteId: string, id: string): Article | undefined;
  /** Search a site's published articles in a locale (`en-GB` falls back to `en`). */
  search(siteId: string, locale: string | undefined, query: string, limit: number): ArticleHit[];
  /** A console save: override, reindex. */
  save(article: Article): void;
  /** A console delete. Returns false when there was no such article. */
  remove(id: string): boolean;
}

/**
 * Build the catalog from each site's content-folder articles and the console's stored ones.
 * @example const catalog = createFaqCatalog(new Map([['demo', articles]]), stored)
 */
export function createFaqCatalog(
  content: ReadonlyMap<string, readonly Article[]>,
  consoleArticles: ReadonlyArray<{ id: string; article: Article | null }> = [],
  defaultLocale = 'en',
  limits: { budgetMs?: number; clock?: () => number } = {},
): FaqCatalog {
  const { budgetMs = SEARCH_BUDGET_MS, clock = () => performance.now() } = limits;
  const contentBySite = new Map(
    [...content].map(([siteId, list]) => [siteId, new Map(list.map((a) => [a.id, a]))]),
  );
  /** Console articles, and null for a deletion. */
  const overrides = new Map(consoleArticles.map((s) => [s.id, s.article]));
  /** `${siteId}\u0000${locale}` -> index of that site's published articles in that locale. */
  const indexes = new Map<string, MiniSearch<Indexed>>();
  /** siteId -> article id -> the index key it is in. */
  const placed = new Map<string, Map<string, string>>();

  const effective = (siteId: string, id: string): Article | undefined => {
    if (overrides.has(id)) return overrides.get(id) ?? undefined;
    return contentBySite.get(siteId)?.get(id);
  };
  const idsOf = (siteId: string) =>
    new Set([...(contentBySite.get(siteId)?.keys() ?? []), ...overrides.keys()]);

  /** Put a site's current version of `id` in (or take it out of) its index. */
  const reindex = (siteId: string, id: string) => {
    const sitePlaced = placed.get(siteId) ?? new Map<string, string>();
    placed.set(siteId, sitePlaced);
    const was = sitePlaced.get(id);
    if (was) {
      indexes.get(was)?.discard(id);
      sitePlaced.delete(id);
    }
    const article = effective(siteId, id);
    if (!article?.published) return;
    const key = `${siteId}\u0000${article.locale.toLowerCase()}`;
    let index = indexes.get(key);
    if (!index) {
      index = newIndex();
      indexes.set(key, index);
    }
    index.add({
      id,
      title: article.title,
      tags: article.tags.join(' '),
      body: markdownToText(article.body),
    });
    sitePlaced.set(id, key);
  };

  const sites = new Set([...contentBySite.keys()]);
  for (const siteId of sites) for (const id of idsOf(siteId)) reindex(siteId, id);

  const indexFor = (siteId: string, locale: string | undefined) => {
    const wanted = (locale ?? defaultLocale).toLowerCase();
    return (
      indexes.get(`${siteId}\u0000${wanted}`) ??
      indexes.get(`${siteId}\u0000${wanted.split('-')[0]}`) ??
      indexes.get(`${siteId}\u0000${defaultLocale}`)
    );
  };

  return {
    all() {
      const byId = new Map<string, Article>();
      for (const siteId of sites) {
        for (const id of idsOf(siteId)) {
          const article = effective(siteId, id);
          if (article && !byId.has(id)) byId.set(id, article);
        }
      }
      for (const [id, article] of overrides) if (article) byId.set(id, article);
      return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    get: effective,
    search(siteId, locale, query, limit) {
      const index = indexFor(siteId, locale);
      const terms = queryTerms(query);
      if (!index || terms.length === 0) return [];
      // One subquery per term, run in order: whether a term may be matched by prefix or fuzzily
      // is decided just before it is looked up, so once the budget is spent the rest are exact.
      const deadline = clock() + budgetMs;
      const expand = (term: string) => term.length >= MIN_EXPANDED_LENGTH && clock() < deadline;
      // Looked up once, combined with OR: the articles that matched every term are the AND
      // search's results (the same scores, in the same order); if there are none, any word.
      const any: SearchResult[] = index.search(
        { combineWith: 'OR', queries: terms },
        { prefix: expand, fuzzy: (term: string) => (expand(term) ? fuzziness(term) : 0) },
      );
      const every = any.filter((result) => result.queryTerms.length === terms.length);
      const results = every.length > 0 ? every : any;
      return results.slice(0, limit).map((result) => {
        const article = effective(siteId, result.id as string)!;
        return {
          id: article.id,
          title: article.title,
          snippet: snippetOf(result.body as string, result.terms),
          ...(article.departmentId ? { departmentId: article.departmentId } : {}),
        };
      });
    },
    save(article) {
      overrides.set(article.id, article);
      for (const siteId of sites) reindex(siteId, article.id);
    },
    remove(id) {
      const existed = [...sites].some((siteId) => effective(siteId, id) !== undefined);
      overrides.set(id, null);
      for (const siteId of sites) reindex(siteId, id);
      return existed;
    },
  };
}
