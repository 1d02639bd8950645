import { randomInt } from 'node:crypto';
import { decodeVisitorHandshake, errorFrame } from '@switchboard/shared';
import type { ExtendedError } from 'socket.io';
import { VISITOR_TOKEN_RENEW_MS } from '../../auth/tokens.js';
import { profileOf } from '../../core/identify.js';
import { failureFrame } from '../../engine/failure.js';
import { newId } from '../../ids.js';
import { handshakeLimits } from '../../policy/limits.js';
import type { VisitorRecord } from '../../store/types.js';
import { clientAddress } from '../client-address.js';
import { compact } from '../compact.js';
import type { RelaySocket, TransportContext } from '../context.js';
import { refusal } from '../frames.js';

/** Anonymous visitors get a made-up display name. */
export const anonymousName = () => `Visitor ${String(randomInt(10_000)).padStart(4, '0')}`;

/**
 * The visitor namespace's handshake: connection and handshake limits, the token (renewed when a
 * day old), the site, and the visitor (a new one is stored at its first `session.hello`).
 */
export function visitorHandshake(ctx: TransportContext) {
  const { config, limits, logger, signer, reads } = ctx;
  return async (socket: RelaySocket, next: (err?: ExtendedError) => void) => {
    // Limits first, before any work: a refused socket costs a counter and a frame.
    const address = clientAddress(socket.request, config.trustProxy);
    const release = ctx.openSockets.open(address, limits.connectionsPerIp);
    if (!release) {
      ctx.refused('connectionsPerIp', address);
      return next(
        refusal(errorFrame('RATE_LIMITED', 'Too many open connections from your network.')),
      );
    }
    const handshakes = ctx.limiter.take(handshakeLimits(limits, address), Date.now());
    if (!handshakes) {
      release();
      ctx.refused('handshakesPerIpPerMinute', address);
      return next(refusal(errorFrame('RATE_LIMITED', 'Too many new connections; try again soon.')));
    }
    // Counted until the socket (or, if it never gets that far, its connection) closes.
    let admitted = false;
    try {
      await ctx.ready;
      const decoded = decodeVisitorHandshake(socket.handshake.auth);
      if (!decoded.ok) return next(refusal(decoded.error));
      let claims: { visitorId: string; siteId: string; issuedAt: number } | null = null;
      if (decoded.value.token) {
        const verified = signer.verifyVisitor(decoded.value.token, Date.now());
        // A forged token is refused, never swapped for a new identity: the client drops it.
        if (!verified.ok) return next(refusal(errorFrame(verified.code)));
        claims = verified.claims;
      }
      const siteId = socket.handshake.query.site;
      const site = typeof siteId === 'string' ? ctx.sites.get(siteId) : undefined;
      if (!site) {
        return next(
          refusal(errorFrame('UNKNOWN_SITE', `Unknown site ${JSON.stringify(siteId ?? null)}.`)),
        );
      }
      if (claims && claims.siteId !== site.id) {
        return next(
          refusal(errorFrame('INVALID_TOKEN', 'This session token belongs to another site.')),
        );
      }
      const now = Date.now();
      let visitor = claims && (await reads.visitors.byId(claims.visitorId));
      // A new visitor is stored at their first `session.hello`: a handshake alone writes nothing.
      let unsaved: VisitorRecord | undefined;
      if (!visitor) {
        visitor = {
          id: claims?.visitorId ?? newId('vis'),
          siteId: site.id,
          name: anonymousName(),
          createdAt: now,
        };
        unsaved = visitor;
      }
      // A token a day old or more is renewed (sliding expiry): the welcome hands the new one over.
      const token =
        decoded.value.token && claims && now - claims.issuedAt < VISITOR_TOKEN_RENEW_MS
          ? decoded.value.token
          : signer.signVisitor({ visitorId: visitor.id, siteId: site.id, issuedAt: now });
      const userAgent = socket.handshake.headers['user-agent']?.slice(0, 512);
      socket.data.visitor = {
        actor: { role: 'visitor', id: visitor.id, name: visitor.name, siteId: site.id },
        address,
        token,
        site,
        context: compact({ userAgent }),
        profile: profileOf(visitor),
        hello: false,
        ...(unsaved ? { unsaved } : {}),
      };
      admitted = true;
      socket.once('disconnect', release);
      socket.conn.once('close', release);
      next();
    } catch (error) {
      logger.error({ err: error }, 'visitor handshake failed');
      next(refusal(failureFrame(error)));
    } finally {
      if (!admitted) release();
    }
  };
}
