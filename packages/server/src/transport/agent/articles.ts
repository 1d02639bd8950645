import { errorFrame } from '@switchboard/shared';
import { renderMarkdown } from '../../faq/render.js';
import type { FaqService } from '../../faq/service.js';
import type { Respond } from '../context.js';
import type { Handler } from '../frames.js';
import { type AgentFrame, metricsRangeError } from './commands.js';
import type { AgentArea, AgentConnection } from './session.js';

type ManageFrame = AgentFrame<
  'articles.get' | 'article.save' | 'article.delete' | 'faq.metrics.get'
>;

/** A handler only supervisors may use: everyone else is answered `FORBIDDEN`. */
const supervisorsOnly =
  <F extends ManageFrame>(
    step: (
      frame: F,
      respond: Respond,
      faq: FaqService,
      connection: AgentConnection,
    ) => Promise<void> | void,
  ): Handler<F, AgentConnection> =>
  (frame, respond, connection) => {
    if (!connection.supervisor()) {
      return respond(errorFrame('FORBIDDEN', 'Only a supervisor can manage help articles.'));
    }
    return step(frame, respond, connection.ctx.faqOf(), connection);
  };

/** The help articles: the list (watched), saving, deleting, previews and their metrics. */
export const articleHandlers: AgentArea<
  'articles.get' | 'article.save' | 'article.delete' | 'article.render' | 'faq.metrics.get'
> = {
  'article.render': (frame, respond) =>
    respond({ type: 'article.preview', html: renderMarkdown(frame.body) }),
  'articles.get': supervisorsOnly((_frame, respond, faq, { ctx, socket }) => {
    ctx.articleWatchers.add(socket);
    return respond({ type: 'articles.list', articles: faq.catalog.all() });
  }),
  'faq.metrics.get': supervisorsOnly(async (frame, respond, faq) => {
    const wrong = metricsRangeError(frame);
    if (wrong) return respond(wrong);
    const metrics = await faq.metrics({
      ...(frame.from !== undefined ? { from: frame.from } : {}),
      ...(frame.to !== undefined ? { to: frame.to } : {}),
    });
    return respond({ type: 'faq.metrics', metrics });
  }),
  'article.save': supervisorsOnly(async (frame, respond, faq, { ctx, actor }) => {
    await faq.save(frame.article);
    ctx.logger.info({ agentId: actor.id, articleId: frame.article.id }, 'article saved');
    respond({ type: 'ok' });
    return ctx.pushArticles();
  }),
  'article.delete': supervisorsOnly(async (frame, respond, faq, { ctx, actor }) => {
    if (!(await faq.remove(frame.articleId))) return respond(errorFrame('NOT_FOUND'));
    ctx.logger.info({ agentId: actor.id, articleId: frame.articleId }, 'article deleted');
    respond({ type: 'ok' });
    return ctx.pushArticles();
  }),
};
