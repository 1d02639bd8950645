import { Article, LIMITS } from '@switchboard/shared';
import { type FieldError, type FormResult, formResult } from './form-result.js';

/** An article id: the shared schema's pattern (it becomes the file name and the URL). */
export const ARTICLE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The article editor's fields, as typed. */
export interface ArticleDraft {
  isNew: boolean;
  id: string;
  title: string;
  /** Comma-separated. */
  tags: string;
  /** Empty: no department. */
  departmentId: string;
  locale: string;
  published: boolean;
  body: string;
}

/** The fields an error can sit on; `form` when no single field is to blame. */
export type ArticleField = 'id' | 'title' | 'tags' | 'locale' | 'body' | 'form';

/**
 * The editor's starting point: the article's fields, or empty ones (English, unpublished).
 * @example draftFromArticle(null).locale // 'en'
 */
export function draftFromArticle(article: Article | null): ArticleDraft {
  if (!article) {
    return {
      isNew: true,
      id: '',
      title: '',
      tags: '',
      departmentId: '',
      locale: 'en',
      published: false,
      body: '',
    };
  }
  return {
    isNew: false,
    id: article.id,
    title: article.title,
    tags: article.tags.join(', '),
    departmentId: article.departmentId ?? '',
    locale: article.locale,
    published: article.published,
    body: article.body,
  };
}

/**
 * Tags as typed ("returns, Refund ,,") to a clean list: trimmed, empty ones dropped, repeats once.
 * @example parseTags('returns, refund,, returns') // ['returns', 'refund']
 */
export function parseTags(text: string): string[] {
  const tags = text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return [...new Set(tags)];
}

const ARTICLE_FIELDS: readonly ArticleField[] = ['id', 'title', 'tags', 'locale', 'body'];

/**
 * Check the editor and build the `Article` for `article.save`: an id of the shared pattern that
 * no other article has (new articles only), a title, tags, a locale; then the shared schema's
 * `safeParse`. `source` and `updatedAt` are the relay's to set.
 * @example articleFromDraft({ ...draft, id: 'returns-policy' }, state.articles ?? [])
 */
export function articleFromDraft(
  draft: ArticleDraft,
  existing: readonly Article[],
): FormResult<Article, ArticleField> {
  const errors: Partial<Record<ArticleField, FieldError>> = {};
  const id = draft.id.trim();
  if (!id) errors.id = { code: 'required' };
  else if (!ARTICLE_ID_PATTERN.test(id)) errors.id = { code: 'format' };
  else if (draft.isNew && existing.some((a) => a.id === id)) errors.id = { code: 'taken' };
  const title = draft.title.trim();
  if (!title) errors.title = { code: 'required' };
  else if (title.length > LIMITS.shortChars) errors.title = { code: 'invalid' };
  const locale = draft.locale.trim();
  if (!locale) errors.locale = { code: 'required' };
  const tags = parseTags(draft.tags);
  if (tags.some((t) => t.length > 64)) errors.tags = { code: 'invalid' };

  const candidate: Article = {
    id,
    title,
    body: draft.body,
    tags,
    locale,
    published: draft.published,
  };
  if (draft.departmentId) candidate.departmentId = draft.departmentId;
  return formResult(errors, Article.safeParse(candidate), ARTICLE_FIELDS);
}
