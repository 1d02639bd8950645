import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Article } from '@switchboard/shared';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import { MIGRATIONS, openSqliteStore, SCHEMA_VERSION } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-faq-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const stores: Array<[string, (path: string) => Store & { reopen?: () => Store }]> = [
  ['sqlite', (path) => openSqliteStore(path)],
  ['memory', () => createMemoryStore()],
];

const article = (id: string, extra: Partial<Article> = {}): Article => ({
  id,
  title: `Title of ${id}`,
  body: 'Body',
  tags: ['a'],
  locale: 'en',
  published: true,
  source: 'console',
  updatedAt: 1_000,
  ...extra,
});

describe.each(stores)('FAQ in the %s store', (_name, open) => {
  it('keeps console articles and deletions by id, across a reopen', async () => {
    const path = join(dir, 'db.sqlite');
    const store = open(path);
    await store.saveArticle({ id: 'b', article: article('b') });
    await store.saveArticle({ id: 'a', article: article('a') });
    await store.saveArticle({ id: 'a', article: article('a', { title: 'Edited' }) });
    await store.saveArticle({ id: 'gone', article: null });
    let again: Store;
    if (store.reopen) again = store.reopen();
    else {
      await store.close();
      again = openSqliteStore(path);
    }
    expect(await again.listArticles()).toEqual([
      { id: 'a', article: article('a', { title: 'Edited' }) },
      { id: 'b', article: article('b') },
      { id: 'gone', article: null },
    ]);
    await again.close();
  });

  it('logs searches and views, keeps the last feedback per visitor and article', async () => {
    const store = open(join(dir, 'db.sqlite'));
    const base = { siteId: 'demo', visitorId: 'vis_1' };
    await store.logSearch({ ...base, query: 'teleport', results: 0, purpose: 'search', at: 10 });
    await store.logSearch({ ...base, query: 'old', results: 1, purpose: 'search', at: 1 });
    await store.logArticleView({ ...base, articleId: 'a', source: 'suggestion', at: 11 });
    await store.saveFeedback({ ...base, articleId: 'a', helpful: true, at: 12 });
    await store.saveFeedback({ ...base, articleId: 'a', helpful: false, at: 13 });
    await store.saveFeedback({
      ...base,
      visitorId: 'vis_2',
      articleId: 'a',
      helpful: true,
      at: 14,
    });
    const activity = await store.faqActivity(5, 100);
    expect(activity.searches).toEqual([
      { ...base, query: 'teleport', results: 0, purpose: 'search', at: 10 },
    ]);
    expect(activity.views).toEqual([{ ...base, articleId: 'a', source: 'suggestion', at: 11 }]);
    expect(activity.feedback).toEqual([
      { ...base, articleId: 'a', helpful: false, at: 13 },
      { ...base, visitorId: 'vis_2', articleId: 'a', helpful: true, at: 14 },
    ]);
    await store.close();
  });
});

describe('sqlite migration to the FAQ schema', () => {
  it('adds the FAQ tables to a schema 3 database', async () => {
    const path = join(dir, 'switchboard.db');
    const db = new Database(path);
    for (const migration of MIGRATIONS.slice(0, 3)) db.exec(migration);
    db.pragma('user_version = 3');
    db.close();
    const store = openSqliteStore(path);
    expect(await store.listArticles()).toEqual([]);
    await store.close();
    const after = new Database(path);
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(6);
    after.close();
  });
});
