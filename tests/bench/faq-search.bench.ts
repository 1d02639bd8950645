import { performance } from 'node:perf_hooks';
import type { Article } from '@switchboard/shared';
import MiniSearch from 'minisearch';
import { bench, describe } from 'vitest';
import { DEMO_CONTENT_DIR } from '../../packages/server/src/demo/site.js';
import { loadContentFolder } from '../../packages/server/src/faq/content.js';
import { markdownToText } from '../../packages/server/src/faq/render.js';
import { createFaqCatalog, snippetOf } from '../../packages/server/src/faq/search.js';

/** Seeded PRNG (mulberry32), so every run searches the same articles. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const rand = random(42);
const VOCABULARY = Array.from({ length: 3_000 }, (_, i) => {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let word = '';
  const length = 4 + Math.floor(rand() * 7);
  for (let j = 0; j < length; j++) word += letters[Math.floor(rand() * 26)];
  return `${word}${i % 10}`.replace(/\d$/, '');
});
const pick = () => VOCABULARY[Math.floor(rand() * VOCABULARY.length)]!;
const words = (n: number) => Array.from({ length: n }, pick).join(' ');

const ARTICLES: Article[] = Array.from({ length: 5_000 }, (_, i) => ({
  id: `a-${i}`,
  title: words(5),
  body: words(150),
  tags: [pick(), pick()],
  locale: 'en',
  published: true,
}));

/** Exact words, prefixes and one-letter misspellings of words that occur. */
const QUERIES = Array.from({ length: 500 }, (_, i) => {
  const word = pick();
  if (i % 3 === 0) return `${word} ${pick()}`;
  if (i % 3 === 1) return word.slice(0, Math.max(3, word.length - 3));
  const at = 1 + Math.floor(rand() * (word.length - 2));
  return `${word.slice(0, at)}${word[at + 1]}${word[at]}${word.slice(at + 2)}`;
});

function measure(run: (query: string) => unknown): { median: number; p99: number } {
  const times = QUERIES.map((query) => {
    const start = performance.now();
    run(query);
    return performance.now() - start;
  }).sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)]!,
    p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))]!,
  };
}

const indexStart = performance.now();
const catalog = createFaqCatalog(new Map([['bench', ARTICLES]]));
const indexMs = performance.now() - indexStart;
const lowered = ARTICLES.map((a) => `${a.title} ${a.tags.join(' ')} ${a.body}`.toLowerCase());

const search = measure((query) => catalog.search('bench', 'en', query, 8));
/** Baseline: a linear scan, every word must occur as a substring (no ranking, no fuzzy). */
const baseline = measure((query) => {
  const terms = query.toLowerCase().split(/\s+/);
  const hits: number[] = [];
  for (let i = 0; i < lowered.length && hits.length < 8; i++) {
    if (terms.every((t) => lowered[i]!.includes(t))) hits.push(i);
  }
  return hits;
});

const print = (line: string) => process.stdout.write(`${line}\n`);
const ms = (n: number) => `${n.toFixed(3)} ms`;
print(`\nFAQ search over ${ARTICLES.length} articles, ${QUERIES.length} queries`);
print(`  index build           ${ms(indexMs)}`);
print(`  MiniSearch  median ${ms(search.median)}  p99 ${ms(search.p99)}`);
print(`  linear scan median ${ms(baseline.median)}  p99 ${ms(baseline.p99)}`);
print(
  `  ratio (scan / MiniSearch): median ${(baseline.median / search.median).toFixed(2)}x, p99 ${(baseline.p99 / search.p99).toFixed(2)}x\n`,
);

describe('faq search, 5,000 articles', () => {
  let i = 0;
  bench('MiniSearch (prefix, fuzzy)', () => {
    catalog.search('bench', 'en', QUERIES[i++ % QUERIES.length]!, 8);
  });
});

// ----- worst-case queries -----------------------------------------------------------------------
// What one costly query takes against an ordinary one ("tent"), on the demo articles and on the
// 5,000 above, with the search's bounds (the catalog) and without them: a plain MiniSearch with
// the options the catalog had before (every term by prefix and fuzzily, 20% edits with no cap,
// all terms or else any, each a search of its own).

const DEMO_ARTICLES = loadContentFolder(DEMO_CONTENT_DIR).articles;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** The costly queries, each at the 200-character limit of `faq.search`. */
const WORST: Record<string, string> = {
  'one-letter terms': Array.from({ length: 100 }, (_, i) => LETTERS[i % 26]).join(' '),
  'two-letter terms': Array.from(
    { length: 66 },
    (_, i) => `${LETTERS[i % 26]}${LETTERS[(i * 7) % 26]}`,
  ).join(' '),
  'long words': Array.from({ length: 10 }, (_, i) => LETTERS.slice(i, i + 19)).join(' '),
};
const ORDINARY = 'tent';

/** The search as it was before its bounds, over the same articles. */
function unbounded(articles: readonly Article[]) {
  const index = new MiniSearch<{ id: string; title: string; tags: string; body: string }>({
    fields: ['title', 'tags', 'body'],
    storeFields: ['body'],
    searchOptions: {
      boost: { title: 3, tags: 2, body: 1 },
      prefix: true,
      fuzzy: (term: string) => {
        if (term.length < 4) return 0;
        const edits = Math.round(term.length * 0.2);
        return term.length >= 5 ? Math.max(2, edits) : edits;
      },
    },
  });
  index.addAll(
    articles.map((a) => ({
      id: a.id,
      title: a.title,
      tags: a.tags.join(' '),
      body: markdownToText(a.body),
    })),
  );
  return (query: string) => {
    const all = index.search(query, { combineWith: 'AND' });
    const results = all.length > 0 ? all : index.search(query, { combineWith: 'OR' });
    // Snippets too, as the catalog makes them, so the two do the same work per hit.
    return results.slice(0, 8).map((r) => snippetOf(r.body as string, r.terms));
  };
}

/** Median and slowest of `runs` searches for one query, after up to 10 warm-up runs (100 ms). */
function timeQuery(run: (query: string) => unknown, query: string, runs: number) {
  const warm = performance.now();
  for (let i = 0; i < 10 && performance.now() - warm < 100; i++) run(query);
  const times = Array.from({ length: runs }, () => {
    const start = performance.now();
    run(query);
    return performance.now() - start;
  }).sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)]!, max: times[runs - 1]! };
}

const corpora: Array<[string, readonly Article[], number]> = [
  [`${DEMO_ARTICLES.length} demo articles`, DEMO_ARTICLES, 50],
  // Without its bounds, one search of one-letter terms takes seconds here.
  [`${ARTICLES.length} generated articles`, ARTICLES, 7],
];
for (const [name, articles, runs] of corpora) {
  const bounded = createFaqCatalog(new Map([['bench', articles]]));
  const engines = {
    bounded: (query: string) => bounded.search('bench', 'en', query, 8),
    unbounded: unbounded(articles),
  };
  print(`Worst-case queries, ${name} (median / slowest of ${runs}, ms; x = median / "tent")`);
  for (const [engine, run] of Object.entries(engines)) {
    const tent = timeQuery(run, ORDINARY, runs);
    print(`  ${engine.padEnd(9)} "tent"             ${ms(tent.median)} / ${ms(tent.max)}`);
    for (const [label, query] of Object.entries(WORST)) {
      const t = timeQuery(run, query, runs);
      print(
        `  ${engine.padEnd(9)} ${label.padEnd(17)} ${ms(t.median)} / ${ms(t.max)}  ${(t.median / tent.median).toFixed(1)}x`,
      );
    }
  }
  print('');
}

describe('faq search, worst-case query', () => {
  const catalog = createFaqCatalog(new Map([['bench', ARTICLES]]));
  bench('one-letter terms, 200 characters, 5,000 articles', () => {
    catalog.search('bench', 'en', WORST['one-letter terms']!, 8);
  });
  bench('"tent", 5,000 articles', () => {
    catalog.search('bench', 'en', ORDINARY, 8);
  });
});
