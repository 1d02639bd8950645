import { errorFrame, FRAME_EVENT, type PageContext } from '@switchboard/shared';
import { verifyUserHash } from '../../auth/user-hash.js';
import { queueStatusFor } from '../../core/estimate.js';
import { decideIdentify, profileOf, withDetails } from '../../core/identify.js';
import { newId } from '../../ids.js';
import type { VisitorRecord } from '../../store/types.js';
import { compact } from '../compact.js';
import {
  dispatched,
  type RelaySocket,
  type Respond,
  type TransportContext,
  type VisitorSession,
} from '../context.js';
import { rooms } from '../rooms.js';
import { type VisitorFrame, welcomeFrame } from './commands.js';
import { anonymousName } from './handshake.js';

/** A welcome lists the visitor's callbacks finished in the last week (and every open one). */
const CALLBACKS_SINCE_MS = 7 * 86_400_000;

/** One visitor socket after its handshake: what its frame handlers share. */
export interface VisitorConnection {
  readonly ctx: TransportContext;
  readonly socket: RelaySocket;
  /** `identify` may make the session another visitor: every handler reads `session.actor`. */
  readonly session: VisitorSession;
  /** Remember the page the visitor is on (recorded with a new conversation). */
  setPage(page: PageContext | undefined): void;
  /** Answer with `session.welcome` and join the visitor's rooms. */
  welcome(resume: VisitorFrame<'session.hello'>['resume'], respond: Respond): Promise<void>;
  /** `visitor.identify` or `visitor.update`, one at a time per session. */
  changeProfile(
    frame: VisitorFrame<'visitor.identify'> | VisitorFrame<'visitor.update'>,
    respond: Respond,
  ): Promise<void>;
}

const details = (frame: VisitorFrame<'visitor.identify'> | VisitorFrame<'visitor.update'>) =>
  compact({
    name: frame.name,
    email: frame.email,
    phone: frame.phone,
    attributes: frame.attributes,
  });

/**
 * `visitor.identify`: check the hash, decide (stay, become verified, or switch to the user's
 * record), store the profile and log it through the engine, then welcome the session as the
 * visitor it is now (new token and rooms when it switched).
 */
async function identify(
  connection: VisitorConnection,
  frame: VisitorFrame<'visitor.identify'>,
  respond: Respond,
) {
  const { ctx, socket, session } = connection;
  const { engine, reads, logger } = ctx;
  const actor = session.actor;
  const identity = ctx.options.identities?.get(actor.siteId);
  const reject = (message: string) => {
    // Never the hash or the user id in the logs: the visitor id is enough to trace it.
    logger.info({ visitorId: actor.id, site: actor.siteId }, 'identify rejected');
    respond(errorFrame('IDENTITY_REJECTED', message));
  };
  if (frame.userHash !== undefined) {
    if (!identity?.secret) return reject('This site does not verify identities.');
    if (!verifyUserHash(frame.userId, frame.userHash, identity.secret)) {
      return reject('The userHash does not match this userId.');
    }
  } else if (identity?.required) {
    return reject('This site requires a userHash with identify.');
  }
  const current = await reads.visitors.byId(actor.id);
  if (!current) throw new Error(`visitor ${actor.id} is not stored`);
  const proof = frame.userHash !== undefined ? 'verified' : 'claim';
  const decision = decideIdentify({
    current,
    userId: frame.userId,
    details: details(frame),
    proof,
    existing:
      proof === 'verified' ? await reads.visitors.verified(actor.siteId, frame.userId) : null,
    newVisitor: (): VisitorRecord => ({
      id: newId('vis'),
      siteId: actor.siteId,
      name: anonymousName(),
      createdAt: Date.now(),
    }),
  });
  if (!decision.ok) return reject(decision.message);
  const { visitor } = decision;
  if (decision.switched) await ctx.visitors.register(visitor);
  const answer = await dispatched(engine, {
    type: 'visitor.profile',
    visitor,
    ...(decision.movedFrom !== undefined ? { movedFrom: decision.movedFrom } : {}),
  });
  if (answer.type === 'error') return respond(answer);
  const before = session.actor;
  session.actor = { role: 'visitor', id: visitor.id, name: visitor.name, siteId: before.siteId };
  session.profile = profileOf(visitor);
  if (decision.switched) {
    session.token = ctx.signer.signVisitor({
      visitorId: visitor.id,
      siteId: before.siteId,
      issuedAt: Date.now(),
    });
    socket.leave(rooms.visitor(before.id));
    logger.info(
      { from: before.id, visitorId: visitor.id, site: before.siteId },
      'visitor identified',
    );
  }
  await connection.welcome(frame.resume, respond);
  if (decision.switched && session.hello) {
    await ctx.presence.visitor(visitor.id, 1);
    await ctx.presence.visitor(before.id, -1);
  }
}

/** `visitor.update`: merge the details into the stored profile, logged through the engine. */
async function update(
  { ctx, session }: VisitorConnection,
  frame: VisitorFrame<'visitor.update'>,
  respond: Respond,
) {
  const { engine, reads } = ctx;
  const current = await reads.visitors.byId(session.actor.id);
  if (!current) throw new Error(`visitor ${session.actor.id} is not stored`);
  const visitor = withDetails(current, details(frame));
  const answer = await dispatched(engine, { type: 'visitor.profile', visitor });
  if (answer.type === 'error') return respond(answer);
  session.actor = { ...session.actor, name: visitor.name };
  session.profile = profileOf(visitor);
  respond({ type: 'ok' });
}

/** The state and session steps of one visitor socket. */
export function visitorConnection(
  ctx: TransportContext,
  socket: RelaySocket,
  session: VisitorSession,
): VisitorConnection {
  const { engine, reads } = ctx;

  /**
   * Answer with `session.welcome` for the visitor the session is now: the open conversation (else
   * the latest closed one) after `resume` when it is the same conversation, and join their rooms.
   * Read and join in one serial step: no event between them is missed or sent twice.
   */
  const welcome: VisitorConnection['welcome'] = (resume, respond) =>
    engine.read(async (state) => {
      const actor = session.actor;
      const current = await reads.conversations.resume(state, actor.id, resume);
      const summary = current?.summary ?? null;
      const record = await reads.visitors.byId(actor.id);
      if (record) session.profile = profileOf(record);
      socket.join(rooms.visitor(actor.id));
      socket.join(rooms.site(actor.siteId));
      session.hello = true;
      const site = ctx.infoOf(session.site);
      const callbacks = session.site.callback
        ? reads.callbacks.views(
            state,
            await reads.callbacks.since(
              state,
              { visitorId: actor.id },
              engine.now() - CALLBACKS_SINCE_MS,
            ),
          )
        : [];
      respond(
        welcomeFrame({
          profile: session.profile,
          token: session.token,
          site,
          callbacks,
          summary,
          backlog: current?.backlog ?? null,
        }),
      );
      // Where a waiting visitor stands, for this socket (others have it already).
      const status = summary && queueStatusFor(state, summary.id, engine.now());
      if (status && status.position !== null) socket.emit(FRAME_EVENT, status);
    });

  /** The latest profile change of this session (`identify`, `update`): the next waits for it. */
  let profileTurn: Promise<unknown> = Promise.resolve();

  const connection: VisitorConnection = {
    ctx,
    socket,
    session,
    setPage(page) {
      session.context = compact({
        ...session.context,
        url: page?.url,
        title: page?.title,
        referrer: page?.referrer,
      });
    },
    welcome,
    changeProfile(frame, respond) {
      // Each reads the stored profile and writes it whole: one at a time per session, or an
      // `identify` and a `setAttributes` sent back to back would undo each other.
      const change = profileTurn.then(() =>
        frame.type === 'visitor.identify'
          ? identify(connection, frame, respond)
          : update(connection, frame, respond),
      );
      profileTurn = change.catch(() => undefined);
      return change;
    },
  };
  return connection;
}
