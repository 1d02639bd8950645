import { decodeVisitorToServer, errorFrame, type VisitorToServer } from '@switchboard/shared';
import { availabilityFor } from '../../core/callbacks.js';
import { messageLimits, profileLimits, searchLimits, surveyLimits } from '../../policy/limits.js';
import { phoneCountry } from '../../policy/phone.js';
import { sharedCommand } from '../commands.js';
import { compact } from '../compact.js';
import type { Respond } from '../context.js';
import { type HandlerTable, handleFrame } from '../frames.js';
import { requestCallback } from './callbacks.js';
import {
  articleFrame,
  callbackCancelCommand,
  callbackRescheduleCommand,
  deferCommand,
  faqResultsFrame,
  foundFrame,
  prechatWithPhone,
  slotsFrame,
  surveyCommand,
  type VisitorFrame,
  visitorEventsFrame,
  visitorMessage,
} from './commands.js';
import type { VisitorConnection } from './session.js';

/** `session.hello`: record the page and locale, store a new visitor, welcome, count them in. */
async function hello(
  frame: VisitorFrame<'session.hello'>,
  respond: Respond,
  connection: VisitorConnection,
) {
  const { ctx, session } = connection;
  if (frame.page) connection.setPage(frame.page);
  session.context = compact({
    ...session.context,
    locale: frame.locale ?? session.context.locale,
    timeZone: frame.timeZone ?? session.context.timeZone,
  });
  const first = !session.hello;
  if (session.unsaved) {
    session.saving ??= ctx.visitors.register(session.unsaved);
    await session.saving;
  }
  await connection.welcome(frame.resume, respond);
  if (first) await ctx.presence.visitor(session.actor.id, 1);
}

/** A visitor's `chat.send`: rate limits, the pre-chat phone number, the article read. */
async function send(
  frame: VisitorFrame<'chat.send'>,
  respond: Respond,
  { ctx, session }: VisitorConnection,
) {
  const actor = session.actor;
  // Counted before anything else; a resend of a message already stored is still
  // answered with its ack (the engine finds it by clientId), never refused.
  const full = ctx.limiter.check(messageLimits(ctx.limits, actor.id, session.address), Date.now());
  if (full && !(await ctx.reads.conversations.sentMessage(`visitor:${actor.id}`, frame.clientId))) {
    ctx.refused(full.name!, full.key, { visitorId: actor.id, site: actor.siteId });
    return respond(
      errorFrame(
        'RATE_LIMITED',
        'You are sending messages too quickly; wait a moment and send it again.',
      ),
    );
  }
  const prechat = prechatWithPhone(
    frame.prechat,
    frame.prechat?.phone !== undefined
      ? phoneCountry(session.context.locale, session.site.callback?.defaultCountry)
      : undefined,
  );
  if (!prechat.ok) return respond(prechat.error);
  const read =
    frame.articleId !== undefined
      ? ctx.faqOf().catalog.get(actor.siteId, frame.articleId)
      : undefined;
  return ctx.engine.dispatch(
    visitorMessage(frame, actor, {
      context: session.context,
      profile: session.profile,
      prechat: prechat.prechat,
      article: read?.published ? { id: read.id, title: read.title } : undefined,
    }),
    respond,
  );
}

/** `visitor.identify` and `visitor.update`: a few per minute, then one at a time. */
function changeProfile(
  frame: VisitorFrame<'visitor.identify'> | VisitorFrame<'visitor.update'>,
  respond: Respond,
  connection: VisitorConnection,
) {
  const { ctx, session } = connection;
  const actor = session.actor;
  if (!ctx.limiter.take(profileLimits(actor.id, session.address), Date.now())) {
    ctx.logger.info({ visitorId: actor.id, site: actor.siteId }, 'profile change rate limited');
    return respond(errorFrame('RATE_LIMITED', 'Too many profile changes; slow down.'));
  }
  return connection.changeProfile(frame, respond);
}

/** `faq.search`: the search budgets, then the help articles. */
async function search(
  frame: VisitorFrame<'faq.search'>,
  respond: Respond,
  { ctx, session }: VisitorConnection,
) {
  const actor = session.actor;
  const full = ctx.limiter.check(searchLimits(ctx.limits, actor.id, session.address), Date.now());
  if (full) {
    ctx.refused(full.name!, full.key, { visitorId: actor.id, site: actor.siteId });
    return respond(
      errorFrame('RATE_LIMITED', 'Too many help searches; wait a moment and search again.'),
    );
  }
  const results = await ctx.faqOf().search({
    siteId: actor.siteId,
    visitorId: actor.id,
    query: frame.query,
    locale: frame.locale ?? session.context.locale,
    ...(frame.purpose ? { purpose: frame.purpose } : {}),
    ...(frame.limit !== undefined ? { limit: frame.limit } : {}),
  });
  return respond(faqResultsFrame(frame.query, results));
}

/** `conversation.sync`: the visitor's own conversation only, after `afterSeq`. */
function sync(
  frame: VisitorFrame<'conversation.sync'>,
  respond: Respond,
  { ctx, session }: VisitorConnection,
) {
  const actor = session.actor;
  return ctx.engine.read(async (state) => {
    const { conversations } = ctx.reads;
    // Someone else's conversation and a missing one get the same answer.
    const summary = await conversations.ofVisitor(state, actor, frame.conversationId);
    if (!summary) return respond(errorFrame('NOT_FOUND'));
    const backlog = await conversations.eventsAfter(summary.id, frame.afterSeq);
    respond(visitorEventsFrame(summary, backlog));
  });
}

/** `survey.submit`: an hour's worth per visitor and per address. */
function survey(
  frame: VisitorFrame<'survey.submit'>,
  respond: Respond,
  { ctx, session }: VisitorConnection,
) {
  const actor = session.actor;
  if (!ctx.limiter.take(surveyLimits(actor.id, session.address), Date.now())) {
    return respond(errorFrame('RATE_LIMITED', 'Too many answers; please try again later.'));
  }
  return ctx.engine.dispatch(surveyCommand(frame, actor), respond);
}

/** Every frame a visitor may send, and what answers it: one entry per frame type. */
export const visitorHandlers: HandlerTable<VisitorToServer, VisitorConnection> = {
  'session.hello': hello,
  'chat.send': send,
  'visitor.identify': changeProfile,
  'visitor.update': changeProfile,
  'faq.search': search,
  'article.open': async (frame, respond, { ctx, session }) => {
    const article = await ctx.faqOf().open({
      siteId: session.actor.siteId,
      visitorId: session.actor.id,
      articleId: frame.articleId,
      ...(frame.source ? { source: frame.source } : {}),
    });
    return respond(articleFrame(article));
  },
  'article.feedback': async (frame, respond, { ctx, session }) => {
    const found = await ctx.faqOf().feedback({
      siteId: session.actor.siteId,
      visitorId: session.actor.id,
      articleId: frame.articleId,
      helpful: frame.helpful,
    });
    return respond(foundFrame(found));
  },
  'chat.typing': (frame, respond, { ctx, session }) =>
    ctx.engine.dispatch(sharedCommand(frame, session.actor), respond),
  'conversation.close': (frame, respond, { ctx, session }) =>
    ctx.engine.dispatch(sharedCommand(frame, session.actor), respond),
  'conversation.defer': (frame, respond, { ctx, session }) =>
    ctx.engine.dispatch(deferCommand(frame, session.actor), respond),
  'conversation.sync': sync,
  'page.view': (frame, respond, connection) => {
    connection.setPage(frame.page);
    return respond({ type: 'ok' });
  },
  'callback.availability': (frame, respond, { ctx, session }) =>
    ctx.engine.read((state) => {
      const found = availabilityFor(state, session.actor.siteId, frame, ctx.engine.now());
      respond(found.ok ? slotsFrame(found.department, found.availability) : found.error);
    }),
  'callback.request': requestCallback,
  'callback.cancel': (frame, respond, { ctx, session }) =>
    ctx.engine.dispatch(callbackCancelCommand(frame, session.actor), respond),
  'callback.reschedule': (frame, respond, { ctx, session }) =>
    ctx.engine.dispatch(callbackRescheduleCommand(frame, session.actor), respond),
  'survey.submit': survey,
};

/** Decode one visitor frame and hand it to its handler (after `session.hello` only). */
export async function handleVisitorFrame(
  payload: unknown,
  respond: Respond,
  connection: VisitorConnection,
): Promise<void> {
  const decoded = decodeVisitorToServer(payload);
  if (!decoded.ok) return respond(decoded.error);
  const frame = decoded.value;
  if (frame.type !== 'session.hello' && !connection.session.hello) {
    return respond(errorFrame('NO_SESSION'));
  }
  return handleFrame(visitorHandlers, frame, respond, connection);
}
