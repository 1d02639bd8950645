import { errorFrame } from '@switchboard/shared';
import { type CallbackRequestKind, ownsCallback, requestKind } from '../../core/callbacks.js';
import type { CoreState, VisitorActor } from '../../core/types.js';
import { callbackLimits } from '../../policy/limits.js';
import { parsePhone, phoneCountry } from '../../policy/phone.js';
import type { Respond, TransportContext } from '../context.js';
import { callbackRequestCommand, type VisitorFrame } from './commands.js';
import type { VisitorConnection } from './session.js';

/** What a `callback.request` would do (`requestKind`, with the callback its clientId made). */
async function callbackRequestKind(
  ctx: TransportContext,
  visitor: VisitorActor,
  phone: string,
  clientId: string,
): Promise<CallbackRequestKind> {
  const made = await ctx.reads.callbacks.madeBy(`visitor:${visitor.id}`, clientId);
  return requestKind(ctx.engine.state.callbacks.values(), visitor, phone, made);
}

/**
 * `openConversationsPerVisitor`: the core keeps one open chat per visitor, so what could pile up
 * is callbacks. A request that would add one more waiting callback is refused when the visitor's
 * open chat and waiting callbacks already reach the limit. Changing the visitor's own waiting
 * callback (same number) and a resend of a request already taken (same clientId) always pass.
 */
export function mayOpenCallback(
  state: Pick<CoreState, 'openByVisitor' | 'callbacks'>,
  visitor: VisitorActor,
  kind: CallbackRequestKind,
  openConversationsPerVisitor: number,
): boolean {
  if (kind !== 'new') return true;
  let open = state.openByVisitor.has(visitor.id) ? 1 : 0;
  for (const callback of state.callbacks.values()) {
    if (ownsCallback(callback, visitor)) open++;
  }
  return open < openConversationsPerVisitor;
}

/** `callback.request`: the number checked, the visitor's limits, then the engine. */
export function requestCallback(
  frame: VisitorFrame<'callback.request'>,
  respond: Respond,
  { ctx, session }: VisitorConnection,
): Promise<void> | void {
  const settings = session.site.callback;
  if (!settings) {
    return respond(errorFrame('FORBIDDEN', 'This site does not offer callbacks.'));
  }
  const country = phoneCountry(session.context.locale, settings.defaultCountry);
  const phone = parsePhone(frame.phone, country);
  if (!phone.ok) {
    return respond(
      errorFrame('INVALID_PHONE', undefined, [{ path: 'phone', message: phone.message }]),
    );
  }
  // One request per visitor at a time, so the open count below is the current one.
  const visitor = session.actor;
  return ctx.oneAtATime(`callback:${visitor.id}`, async () => {
    const kind = await callbackRequestKind(ctx, visitor, phone.e164, frame.clientId);
    if (!mayOpenCallback(ctx.engine.state, visitor, kind, ctx.limits.openConversationsPerVisitor)) {
      ctx.refused('openConversationsPerVisitor', visitor.id, {
        visitorId: visitor.id,
        site: visitor.siteId,
      });
      return respond(
        errorFrame(
          'RATE_LIMITED',
          'You already have the most conversations and callbacks open at once; cancel one or wait until it is done.',
        ),
      );
    }
    const limits = callbackLimits(
      settings.rateLimits,
      visitor.id,
      session.address,
      kind === 'new' ? phone.e164 : null,
    );
    if (!ctx.limiter.take(limits, Date.now())) {
      // No number in the log line: it identifies a person.
      ctx.logger.info(
        { visitorId: visitor.id, site: visitor.siteId },
        'callback request rate limited',
      );
      ctx.options.onRateLimited?.('callbacks');
      return respond(
        errorFrame('RATE_LIMITED', 'Too many callback requests; please try again later.'),
      );
    }
    return ctx.engine.dispatch(
      callbackRequestCommand(frame, visitor, phone.e164, session.context),
      respond,
    );
  });
}
