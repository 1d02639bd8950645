import {
  FRAME_EVENT,
  NAMESPACES,
  type ServerToAgent,
  type ServerToVisitor,
} from '@switchboard/shared';
import { Server } from 'socket.io';
import { WebSocketServer } from 'ws';
import type { Command, SendEffect } from '../core/types.js';
import { agentFramesPerSecond } from '../policy/limits.js';
import { handleAgentFrame } from './agent/handlers.js';
import { agentHandshake } from './agent/handshake.js';
import { agentConnection } from './agent/session.js';
import {
  ALL_CONNECTIONS_HEADROOM,
  type CappedConnection,
  createConnectionCap,
} from './connection-cap.js';
import { createContext, type SocketData, type TransportOptions } from './context.js';
import { onFrames } from './frames.js';
import { PACKET_LIMITS, packetParser } from './packet-parser.js';
import { rooms } from './rooms.js';
import { handleVisitorFrame } from './visitor/handlers.js';
import { visitorHandshake } from './visitor/handshake.js';
import { visitorConnection } from './visitor/session.js';

export type { TransportOptions } from './context.js';

/** The socket.io shell around the engine. */
export interface Transport {
  io: Server;
  /**
   * Push frames to their targets among this node's sockets (called by the engine inside its
   * serial step; in a cluster every node delivers the owner's pushes to its own sockets).
   */
  deliver(sends: SendEffect[]): void;
  /** Push a frame to every supervisor console on this node that said hello. */
  toSupervisors(frame: ServerToAgent): void;
  /** Everyone with a socket on this node, as connect commands (for a cluster's new owner). */
  present(): Command[];
  /** Send the article list to this node's watching consoles (another node changed it). */
  pushArticlesHere(): void;
}

/**
 * Attach socket.io (on `ws`) to the HTTP server: origin check, handshakes, one decoder per
 * direction, and each namespace's frames to its handler table.
 * @example const transport = createTransport({ httpServer, config, engine, reads, visitors, ... })
 */
export function createTransport(options: TransportOptions): Transport {
  const { config, logger } = options;
  const limits = config.limits;
  /** Raw engine.io connections open per client address, whatever they connect to. */
  const connectionCap = createConnectionCap(
    limits.allConnectionsPerIp ?? limits.connectionsPerIp + ALL_CONNECTIONS_HEADROOM,
    config.trustProxy,
  );

  const io = new Server<
    Record<string, (...args: unknown[]) => void>,
    Record<string, (frame: unknown) => void>,
    Record<string, never>,
    SocketData
  >(options.httpServer, {
    wsEngine: WebSocketServer,
    // The decoder refuses a packet over the frame limit (or nested too deep) before JSON.parse,
    // with a typed answer. Above this transport limit the connection is closed unread.
    parser: packetParser,
    maxHttpBufferSize: PACKET_LIMITS.maxHttpBufferSize,
    serveClient: false,
    // Called for each engine.io handshake (a new raw connection), before any namespace.
    allowRequest: (req, callback) => {
      const site = new URL(req.url ?? '/', 'http://relay').searchParams.get('site');
      const allowed = ctx.originPolicy.allowsVisitor(req.headers.origin, req.headers.host, site);
      if (!allowed) {
        logger.info({ origin: req.headers.origin, site }, 'refused a foreign origin');
        return callback('FORBIDDEN_ORIGIN', false);
      }
      if (!connectionCap.admit(req)) {
        ctx.refused('allConnectionsPerIp', connectionCap.addressOf(req));
        return callback('RATE_LIMITED', false);
      }
      callback(null, true);
    },
    // `cors` does not protect anything (allowRequest does); it lets allowed pages poll cross-origin.
    cors: {
      origin: (origin, callback) =>
        callback(null, origin ? ctx.originPolicy.isListed(origin) : false),
      credentials: false,
    },
  });

  io.engine.on('connection', (connection: CappedConnection) => connectionCap.attach(connection));

  const visitorNs = io.of(NAMESPACES.visitor);
  const agentNs = io.of(NAMESPACES.agent);
  const ctx = createContext(options, {
    toVisitors: (room, frame: ServerToVisitor) => visitorNs.to(room).emit(FRAME_EVENT, frame),
    toAgents: (room, frame: ServerToAgent) => agentNs.to(room).emit(FRAME_EVENT, frame),
  });

  visitorNs.use(visitorHandshake(ctx));
  visitorNs.on('connection', (socket) => {
    const session = socket.data.visitor!;
    logger.debug({ visitorId: session.actor.id, site: session.site.id }, 'visitor connected');
    const connection = visitorConnection(ctx, socket, session);
    onFrames(ctx, socket, limits.framesPerSocketPerSecond, (payload, respond) =>
      handleVisitorFrame(payload, respond, connection),
    );
    socket.on('disconnect', () => {
      if (!session.hello) return;
      void ctx.presence.visitor(session.actor.id, -1);
    });
  });

  agentNs.use(agentHandshake(ctx));
  agentNs.on('connection', (socket) => {
    const session = socket.data.agent!;
    const connection = agentConnection(ctx, socket, session);
    const { actor } = connection;
    logger.debug({ agentId: actor.id }, 'agent connected');
    onFrames(ctx, socket, agentFramesPerSecond(limits), (payload, respond) =>
      handleAgentFrame(payload, respond, connection),
    );
    socket.on('disconnect', () => {
      connection.close();
      ctx.articleWatchers.delete(socket);
      if (!session.hello) return;
      void ctx.presence.agent(actor, -1);
    });
  });

  return {
    io,
    deliver(sends) {
      // `local`: with a cluster's adapter, `to` would reach every node's sockets too.
      for (const { to, frame } of sends) {
        if (to.kind === 'visitor')
          visitorNs.local.to(rooms.visitor(to.visitorId)).emit(FRAME_EVENT, frame);
        else if (to.kind === 'followers')
          agentNs.local.to(rooms.conversation(to.conversationId)).emit(FRAME_EVENT, frame);
        else if (to.kind === 'inboxes') {
          // Each socket once, however many of the rooms it is in.
          if (to.agentIds.length === 0) continue;
          const inboxes = agentNs.local.to(to.agentIds.map(rooms.agent));
          if (to.exceptFollowersOf === undefined) inboxes.emit(FRAME_EVENT, frame);
          else inboxes.except(rooms.conversation(to.exceptFollowersOf)).emit(FRAME_EVENT, frame);
        } else agentNs.local.to(rooms.agents).emit(FRAME_EVENT, frame);
      }
    },
    toSupervisors(frame) {
      agentNs.local.to(rooms.supervisors).emit(FRAME_EVENT, frame);
    },
    present: () => ctx.presence.present(),
    pushArticlesHere: () => ctx.pushArticles('here'),
  };
}
