import { performance } from 'node:perf_hooks';
import type { Article } from '@switchboard/shared';
import { bench, describe } from 'vitest';
import { createFaqCatalog } from '../../packages/server/src/faq/search.js';

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
