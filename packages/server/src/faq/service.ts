import type { Article, ArticleHit, ArticleView, FaqMetrics } from '@switchboard/shared';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Store } from '../store/types.js';
import { loadContentFolder } from './content.js';
import { faqMetrics } from './faq-metrics.js';
import { renderMarkdown, withoutTitleHeading } from './render.js';
import { createFaqCatalog, type FaqCatalog } from './search.js';

/** Results a search returns unless it asks; suggestions get at most this many. */
export const SEARCH_LIMIT = 8;
export const SUGGEST_LIMIT = 3;
const DAY = 86_400_000;

/** The FAQ as the transport uses it: search, read, feedback, editing, metrics. */
export interface FaqService {
  catalog: FaqCatalog;
  search(input: {
    siteId: string;
    visitorId: string;
    query: string;
    locale?: string;
    purpose?: 'search' | 'suggest';
    limit?: number;
  }): Promise<ArticleHit[]>;
  /** The published article as visitors read it (the view logged), or null. */
  open(input: {
    siteId: string;
    visitorId: string;
    articleId: string;
    source?: 'search' | 'suggestion' | 'api' | 'link';
  }): Promise<ArticleView | null>;
  /** Record "Was this helpful?"; false when there is no such published article. */
  feedback(input: {
    siteId: string;
    visitorId: string;
    articleId: string;
    helpful: boolean;
  }): Promise<boolean>;
  /** Persist a console edit and reindex. */
  save(article: Article): Promise<Article>;
  /** Persist a console deletion and reindex; false when there was no such article. */
  remove(articleId: string): Promise<boolean>;
  metrics(range: { from?: number; to?: number }): Promise<FaqMetrics>;
}

/** An article as visitors see it: HTML rendered and sanitised; the title stays plain text. */
export function articleView(article: Article, fallbackUpdatedAt: number): ArticleView {
  return {
    id: article.id,
    title: article.title,
    html: renderMarkdown(withoutTitleHeading(article.body, article.title)),
    tags: article.tags,
    ...(article.departmentId ? { departmentId: article.departmentId } : {}),
    locale: article.locale,
    updatedAt: article.updatedAt ?? fallbackUpdatedAt,
  };
}

/**
 * Load every site's content folder (a bad file is skipped with a warning naming it) and the
 * console's stored articles, and build the FAQ.
 * @example const faq = await createFaqService({ config, store, logger, now: Date.now })
 */
export async function createFaqService(options: {
  config: Config;
  store: Store;
  logger: Logger;
  now: () => number;
}): Promise<FaqService> {
  const { config, store, logger, now } = options;
  const content = new Map<string, Article[]>();
  for (const site of config.sites) {
    if (!site.content) {
      content.set(site.id, []);
      continue;
    }
    const { articles, problems } = loadContentFolder(site.content.dir);
    for (const problem of problems) {
      logger.warn(
        { site: site.id, file: problem.file },
        `skipped a help article: ${problem.message}`,
      );
    }
    logger.info({ site: site.id, articles: articles.length }, 'help articles loaded');
    content.set(site.id, articles);
  }
  const catalog = createFaqCatalog(content, await store.listArticles());
  const published = (siteId: string, id: string) => {
    const article = catalog.get(siteId, id);
    return article?.published ? article : undefined;
  };

  return {
    catalog,
    async search({ siteId, visitorId, query, locale, purpose = 'search', limit }) {
      const max = Math.min(limit ?? SEARCH_LIMIT, purpose === 'suggest' ? SUGGEST_LIMIT : 20);
      const results = catalog.search(siteId, locale, query, max);
      const text = query.trim().toLowerCase();
      if (text !== '') {
        await store.logSearch({
          siteId,
          visitorId,
          query: text,
          results: results.length,
          purpose,
          at: now(),
        });
      }
      return results;
    },
    async open({ siteId, visitorId, articleId, source = 'search' }) {
      const article = published(siteId, articleId);
      if (!article) return null;
      await store.logArticleView({ siteId, visitorId, articleId, source, at: now() });
      return articleView(article, now());
    },
    async feedback({ siteId, visitorId, articleId, helpful }) {
      if (!published(siteId, articleId)) return false;
      await store.saveFeedback({ siteId, visitorId, articleId, helpful, at: now() });
      return true;
    },
    async save(input) {
      const article: Article = { ...input, source: 'console', updatedAt: now() };
      await store.saveArticle({ id: article.id, article });
      catalog.save(article);
      return article;
    },
    async remove(articleId) {
      if (!catalog.all().some((a) => a.id === articleId)) return false;
      await store.saveArticle({ id: articleId, article: null });
      return catalog.remove(articleId);
    },
    async metrics(range) {
      const to = range.to ?? now();
      const from = range.from ?? Math.max(0, to - 30 * DAY);
      const activity = await store.faqActivity(from, to);
      const visitors = [
        ...new Set(activity.views.filter((v) => v.source === 'suggestion').map((v) => v.visitorId)),
      ];
      const starts = visitors.length > 0 ? await store.conversationStarts(visitors, from) : [];
      return faqMetrics({ from, to, activity, articles: catalog.all(), starts });
    },
  };
}
