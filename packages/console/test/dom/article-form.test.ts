import type { Article } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { articleFromDraft, draftFromArticle, parseTags } from '../../src/forms/article-form.js';

const EXISTING: Article = {
  id: 'returns',
  title: 'Returns',
  body: 'Thirty days.',
  tags: ['returns'],
  locale: 'en',
  published: true,
  source: 'content',
};

describe('parseTags', () => {
  it.each([
    ['returns, refund', ['returns', 'refund']],
    [' a ,, b , a ', ['a', 'b']],
    ['', []],
  ])('%j -> %j', (text, tags) => {
    expect(parseTags(text)).toEqual(tags);
  });
});

describe('articleFromDraft', () => {
  const draft = { ...draftFromArticle(null), id: 'gift-cards', title: 'Gift cards' };

  it.each([
    ['an empty id', { id: '' }, 'id', 'required'],
    ['an id with capitals', { id: 'Gift' }, 'id', 'format'],
    ['an id starting with -', { id: '-gift' }, 'id', 'format'],
    ['an id of 65 characters', { id: 'a'.repeat(65) }, 'id', 'format'],
    ['a taken id', { id: 'returns' }, 'id', 'taken'],
    ['no title', { title: '  ' }, 'title', 'required'],
    ['no locale', { locale: '' }, 'locale', 'required'],
    ['a one-letter locale', { locale: 'e' }, 'locale', 'invalid'],
  ] as const)('refuses %s', (_name, patch, field, code) => {
    const result = articleFromDraft({ ...draft, ...patch }, [EXISTING]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field]).toEqual({ code });
  });

  it('keeps the id of an existing article and leaves source and updatedAt to the relay', () => {
    const result = articleFromDraft({ ...draftFromArticle(EXISTING), title: 'Returns policy' }, [
      EXISTING,
    ]);
    expect(result).toEqual({
      ok: true,
      value: {
        id: 'returns',
        title: 'Returns policy',
        body: 'Thirty days.',
        tags: ['returns'],
        locale: 'en',
        published: true,
      },
    });
  });
});
