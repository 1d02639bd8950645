import { randomInt } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import {
  type AgentProfile,
  type Callback,
  type CallbackView,
  type ChatTyping,
  type ConversationClose,
  type ConversationSummary,
  decodeAgentHandshake,
  decodeAgentToServer,
  decodeVisitorHandshake,
  decodeVisitorToServer,
  type ErrorFrame,
  errorFrame,
  FRAME_EVENT,
  forVisitor,
  LIMITS,
  NAMESPACES,
  type PageContext,
  type ServerToAgent,
  type ServerToVisitor,
  summaryForVisitor,
  type VisitorContext,
  type VisitorIdentify,
  type VisitorProfile,
  type VisitorUpdate,
} from '@switchboard/shared';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import { WebSocketServer } from 'ws';
import type { AgentDirectory } from '../auth/agents.js';
import { type TokenSigner, VISITOR_TOKEN_RENEW_MS } from '../auth/tokens.js';
import { type SiteIdentity, verifyUserHash } from '../auth/user-hash.js';
import type { Config, SiteConfig } from '../config.js';
import {
  availabilityFor,
  type CallbackRequestKind,
  callbackView,
  ownsCallback,
  requestKind,
} from '../core/callbacks.js';
import { queueStatusFor, routingSnapshot } from '../core/estimate.js';
import { decideIdentify, profileOf, withDetails } from '../core/identify.js';
import {
  type AgentConversationCommand,
  agentRole,
  conversationForAgent,
} from '../core/permissions.js';
import { departmentsOf } from '../core/state.js';
import type {
  Actor,
  AgentActor,
  Command,
  CoreState,
  SendEffect,
  VisitorActor,
} from '../core/types.js';
import type { Engine } from '../engine/engine.js';
import { renderMarkdown } from '../faq/render.js';
import type { FaqService } from '../faq/service.js';
import { newId } from '../ids.js';
import { parsePhone, phoneCountry } from '../policy/phone.js';
import { exceedsReportRange, REPORT_MAX_DAYS } from '../policy/report-range.js';
import type { QualityService } from '../quality/service.js';
import {
  appearanceFromConfig,
  createSiteAppearances,
  type SiteAppearances,
  siteInfo,
} from '../sites/appearance.js';
import type { Store, VisitorRecord } from '../store/types.js';
import { deliveryView } from '../webhooks/view.js';
import { clientAddress } from './client-address.js';
import {
  ALL_CONNECTIONS_HEADROOM,
  type CappedConnection,
  createConnectionCap,
} from './connection-cap.js';
import { createOriginPolicy } from './origin.js';
import { PACKET_LIMITS, packetParser, RefusedFrame } from './packet-parser.js';
import {
  createFrameBudget,
  createOpenCounter,
  createRateLimiter,
  type Limit,
} from '../policy/rate-limit.js';

/** The frames both roles send that mean the same command: typing, and closing a conversation. */
function sharedCommand(frame: ChatTyping | ConversationClose, by: Actor): Command {
  return frame.type === 'chat.typing'
    ? { type: 'typing', by, conversationId: frame.conversationId, typing: frame.typing }
    : { type: 'conversation.close', by, conversationId: frame.conversationId };
}

/** Room names: one per visitor (all their sockets), one per conversation (agents who opened it). */
const rooms = {
  visitor: (visitorId: string) => `visitor:${visitorId}`,
  /** Every visitor socket of a site that said hello (for `site.updated`). */
  site: (siteId: string) => `site:${siteId}`,
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  agents: 'agents',
  /** Every console one agent has signed in (inbox updates meant for them). */
  agent: (agentId: string) => `agent:${agentId}`,
  /** Supervisors' consoles (wallboard updates). */
  supervisors: 'supervisors',
};

/** What a visitor socket carries after its handshake. */
interface VisitorSession {
  actor: VisitorActor;
  /** The address the handshake came from, for rate limits. */
  address: string;
  token: string;
  site: SiteConfig;
  /** Page, locale, time zone and browser: recorded in `conversation.created`. */
  context: VisitorContext;
  /** Who the visitor said they are: recorded in `conversation.created`. */
  profile: VisitorProfile;
  hello: boolean;
  /** The visitor's record when the handshake made a new one, until `session.hello` stores it. */
  unsaved?: VisitorRecord;
  /** That store write, once the first `session.hello` started it (later ones wait for it too). */
  saving?: Promise<void>;
}

/** What an agent socket carries after its handshake. */
interface AgentSession {
  agent: AgentProfile;
  hello: boolean;
  /** When the agent's token expires: the socket is closed then (ms since the epoch). */
  expiresAt: number;
}

/** Most conversations `customer.history` returns. */
const HISTORY_LIMIT = 50;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Most callbacks a welcome or a history carries. */
const CALLBACKS_LIMIT = 200;
/** Most webhook deliveries `webhooks.log` returns. */
const DELIVERIES_LIMIT = 100;
/** `survey.submit`: per visitor, and per address (each tap of a survey is one frame). */
const SURVEY_LIMITS = { perVisitorPerHour: 30, perIpPerHour: 300 } as const;
/** `visitor.identify` and `visitor.update`: per visitor, and per address. */
const PROFILE_LIMITS = { perVisitorPerMinute: 20, perIpPerMinute: 60 } as const;
const MINUTE = 60_000;
const SECOND = 1_000;
/** Frames per agent socket per second: a console is busier than a widget, never this busy. */
const AGENT_FRAMES_FLOOR = 100;

type Respond = (frame: ServerToVisitor | ServerToAgent) => void;
type SocketData = { visitor?: VisitorSession; agent?: AgentSession };

export interface TransportOptions {
  httpServer: HttpServer;
  config: Config;
  engine: Engine;
  store: Store;
  signer: TokenSigner;
  agents: AgentDirectory;
  logger: Logger;
  /** Resolves once the store is loaded; handshakes wait for it. */
  ready: Promise<void>;
  /** The help articles (there once `ready` resolved). */
  faq?: () => FaqService | undefined;
  /** Each site's identity settings in force (no entry: no secret, not required). */
  identities?: ReadonlyMap<string, SiteIdentity>;
  /** The sites' appearance in force (there once `ready` resolved). */
  appearances?: () => SiteAppearances | undefined;
  /** KPIs, wallboard, forecast and QA (absent: those frames are answered with `INTERNAL`). */
  quality?: QualityService;
  /** Told the code of every error frame answered (the metrics' frame errors). */
  onFrameError?: (code: string) => void;
  /** Told the name of each abuse limit that refused something (`connectionsPerIp`...). */
  onRateLimited?: (limit: string) => void;
}

/** The socket.io shell around the engine. */
export interface Transport {
  io: Server;
  /** Push frames to their targets (called by the engine inside its serial step). */
  deliver(sends: SendEffect[]): void;
  /** Push a frame to every supervisor console that said hello. */
  toSupervisors(frame: ServerToAgent): void;
}

/** Anonymous visitors get a made-up display name. */
const anonymousName = () => `Visitor ${String(randomInt(10_000)).padStart(4, '0')}`;

type RelaySocket = Socket<
  Record<string, (...args: unknown[]) => void>,
  Record<string, (frame: unknown) => void>,
  Record<string, never>,
  SocketData
>;

/** A refused handshake: socket.io sends `message` and `data` to the client's `connect_error`. */
function refusal(frame: ErrorFrame): Error & { data: ErrorFrame } {
  return Object.assign(new Error(frame.code), { data: frame });
}

/** Drop undefined fields, so stored JSON has no holes. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Attach socket.io (on `ws`) to the HTTP server: origin check, handshakes, one decoder per
 * direction, and every command through the engine.
 * @example const transport = createTransport({ httpServer, config, engine, store, signer, agents, logger, ready })
 */
export function createTransport(options: TransportOptions): Transport {
  const { config, engine, store, signer, agents, logger, ready } = options;
  const policy = createOriginPolicy(config);
  const sites = new Map(config.sites.map((site) => [site.id, site]));
  const limiter = createRateLimiter();
  const limits = config.limits;
  /** Visitor sockets open per client address. */
  const openSockets = createOpenCounter();
  /** Raw engine.io connections open per client address, whatever they connect to. */
  const connectionCap = createConnectionCap(
    limits.allConnectionsPerIp ?? limits.connectionsPerIp + ALL_CONNECTIONS_HEADROOM,
    config.trustProxy,
  );
  /**
   * Count a refusal and log it at info, at most once a minute per limit and `who` (a flood is one
   * line): the limit's name and ids only, never message text, numbers or addresses.
   */
  const refused = (limit: string, who: string, ids: Record<string, string> = {}) => {
    options.onRateLimited?.(limit);
    const first = limiter.take(
      [{ key: `log:${limit}:${who}`, limit: 1, windowMs: MINUTE }],
      Date.now(),
    );
    if (first) logger.info({ limit, ...ids }, 'rate limited');
    else logger.debug({ limit, ...ids }, 'rate limited');
  };
  /**
   * `faq.search` budgets: per visitor (all tabs) and per address, each a minute's worth and a
   * tenth of it in any one second (at least 5: a widget searches as the visitor types, debounced),
   * so a burst cannot spend the minute at once.
   */
  const searchLimits = (visitorId: string, address: string): Limit[] => {
    const per = (name: string, key: string, perMinute: number): Limit[] => [
      { key: `search:${key}`, name, limit: perMinute, windowMs: MINUTE },
      {
        key: `search-burst:${key}`,
        name,
        limit: Math.max(5, Math.ceil(perMinute / 10)),
        windowMs: SECOND,
      },
    ];
    return [
      ...per(
        'searchesPerVisitorPerMinute',
        `visitor:${visitorId}`,
        limits.searchesPerVisitorPerMinute,
      ),
      ...per('searchesPerIpPerMinute', `ip:${address}`, limits.searchesPerIpPerMinute),
    ];
  };
  // Without a store-backed set (tests), the config's appearances, kept in memory.
  const fallbackAppearances = options.appearances ? null : createSiteAppearances(config.sites, []);
  const appearancesOf = (): SiteAppearances => {
    const appearances = options.appearances?.() ?? fallbackAppearances;
    if (!appearances) throw new Error('the site appearances are not loaded');
    return appearances;
  };
  /** What the widget is told about a site: the config's, with the appearance in force. */
  const infoOf = (site: SiteConfig) =>
    siteInfo(site, appearancesOf().get(site.id) ?? appearanceFromConfig(site));
  const faqOf = (): FaqService => {
    const faq = options.faq?.();
    if (!faq) throw new Error('the FAQ is not loaded');
    return faq;
  };
  /** Supervisor sockets that asked for the article list: they get it again after each change. */
  const articleWatchers = new Set<RelaySocket>();
  const pushArticles = () => {
    const frame: ServerToAgent = { type: 'articles.list', articles: faqOf().catalog.all() };
    for (const socket of articleWatchers) socket.emit(FRAME_EVENT, frame);
  };

  /**
   * Callbacks as the store has them, with the open ones as the core has them now (newest first):
   * every open one, and the finished ones changed since `since`.
   */
  async function callbacksSince(
    state: CoreState,
    query: { visitorId?: string },
    since: number,
  ): Promise<Callback[]> {
    const stored = await store.listCallbacks({ ...query, limit: CALLBACKS_LIMIT });
    const open = [...state.callbacks.values()].filter(
      (c) => query.visitorId === undefined || c.visitor.id === query.visitorId,
    );
    const finished = (
      query.visitorId === undefined
        ? await store.listCallbacks({ updatedSince: since, limit: CALLBACKS_LIMIT })
        : stored
    ).filter((c) => !state.callbacks.has(c.id) && c.updatedAt >= since);
    return [...open, ...finished].sort((a, b) => b.createdAt - a.createdAt);
  }
  const views = (state: CoreState, callbacks: Callback[]): CallbackView[] =>
    callbacks.map((c) => callbackView(c, state.departments));

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
      const allowed = policy.allowsVisitor(req.headers.origin, req.headers.host, site);
      if (!allowed) {
        logger.info({ origin: req.headers.origin, site }, 'refused a foreign origin');
        return callback('FORBIDDEN_ORIGIN', false);
      }
      if (!connectionCap.admit(req)) {
        refused('allConnectionsPerIp', connectionCap.addressOf(req));
        return callback('RATE_LIMITED', false);
      }
      callback(null, true);
    },
    // `cors` does not protect anything (allowRequest does); it lets allowed pages poll cross-origin.
    cors: {
      origin: (origin, callback) => callback(null, origin ? policy.isListed(origin) : false),
      credentials: false,
    },
  });

  io.engine.on('connection', (connection: CappedConnection) => connectionCap.attach(connection));

  const visitorNs = io.of(NAMESPACES.visitor);
  const agentNs = io.of(NAMESPACES.agent);

  /** Sockets that said hello, per visitor and per agent: routing hears of the first in, last out. */
  const visitorSockets = new Map<string, number>();
  const agentSockets = new Map<string, number>();
  const quietly = () => undefined;
  /** Count a socket in (+1) or out (-1); dispatch `connect` / `disconnect` on 0 <-> 1. */
  function presenceChange(
    counts: Map<string, number>,
    id: string,
    delta: 1 | -1,
    command: (kind: 'connect' | 'disconnect') => Command,
  ): Promise<void> | undefined {
    const before = counts.get(id) ?? 0;
    const after = before + delta;
    if (after <= 0) counts.delete(id);
    else counts.set(id, after);
    if (before === 0 && after === 1) return engine.dispatch(command('connect'), quietly);
    if (before === 1 && after === 0) return engine.dispatch(command('disconnect'), quietly);
    return undefined;
  }

  /** Wire one socket's frames: unknown event names, ack-or-emit answers, handler failures. */
  function onFrames(
    socket: RelaySocket,
    framesPerSecond: number,
    handle: (payload: unknown, respond: Respond) => Promise<void>,
  ) {
    const budget = createFrameBudget(framesPerSecond);
    /** Over the socket's frame budget: answered (when it asked for an answer), not handled. */
    const overBudget = (ack: unknown) => {
      if (budget.take(Date.now())) return false;
      refused('framesPerSocketPerSecond', socket.id, { socket: socket.id });
      if (typeof ack === 'function') {
        options.onFrameError?.('RATE_LIMITED');
        ack(errorFrame('RATE_LIMITED', 'Too many frames; slow down.'));
      }
      return true;
    };
    // Requests carry an ack and get exactly one answer. A frame sent without one (typing, say)
    // hears back only when it failed: the error is pushed, a success is not worth a frame.
    const responder = (ack: unknown): Respond => {
      let answered = false;
      return (frame) => {
        if (answered) return;
        answered = true;
        if (frame.type === 'error') options.onFrameError?.(frame.code);
        if (typeof ack === 'function') ack(frame);
        else if (frame.type === 'error') socket.emit(FRAME_EVENT, frame);
      };
    };
    socket.onAny((event: string, ...args: unknown[]) => {
      if (event === FRAME_EVENT || overBudget(args.at(-1))) return;
      responder(args.at(-1))(
        errorFrame(
          'UNKNOWN_TYPE',
          `Unknown event "${String(event).slice(0, 64)}"; every frame travels as "${FRAME_EVENT}".`,
        ),
      );
    });
    socket.on(FRAME_EVENT, (...args: unknown[]) => {
      const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
      if (overBudget(ack)) return;
      const respond = responder(ack);
      // Too large or too deep to parse: the decoder read only the packet's header.
      if (args[0] instanceof RefusedFrame) return respond(args[0].error);
      handle(args[0], respond).catch((error: unknown) => {
        logger.error({ err: error }, 'frame handler failed');
        respond(errorFrame('INTERNAL'));
      });
    });
  }

  /** Steps queued per key, each after the one before (settled either way). */
  const turns = new Map<string, Promise<void>>();
  function oneAtATime(key: string, step: () => Promise<void>): Promise<void> {
    const run = (turns.get(key) ?? Promise.resolve()).then(step);
    const settled = run.catch(() => undefined);
    turns.set(key, settled);
    void settled.then(() => {
      if (turns.get(key) === settled) turns.delete(key);
    });
    return run;
  }

  /** What a `callback.request` would do (`requestKind`, with the store's answer for its clientId). */
  async function callbackRequestKind(
    visitor: VisitorActor,
    phone: string,
    clientId: string,
  ): Promise<CallbackRequestKind> {
    const made = await store.findCallbackClientId(`visitor:${visitor.id}`, clientId);
    return requestKind(engine.state.callbacks.values(), visitor, phone, made);
  }

  /**
   * `openConversationsPerVisitor`: the core keeps one open chat per visitor, so what could pile up
   * is callbacks. A request that would add one more waiting callback is refused when the visitor's
   * open chat and waiting callbacks already reach the limit. Changing the visitor's own waiting
   * callback (same number) and a resend of a request already taken (same clientId) always pass.
   */
  function mayOpenCallback(visitor: VisitorActor, kind: CallbackRequestKind): boolean {
    if (kind !== 'new') return true;
    const state = engine.state;
    let open = state.openByVisitor.has(visitor.id) ? 1 : 0;
    for (const callback of state.callbacks.values()) {
      if (ownsCallback(callback, visitor)) open++;
    }
    return open < limits.openConversationsPerVisitor;
  }

  /** A conversation's events after `afterSeq`, one batch. */
  async function batch(conversation: ConversationSummary, afterSeq: number) {
    const events = await store.readEvents(conversation.id, afterSeq, LIMITS.syncBatch + 1);
    return { events: events.slice(0, LIMITS.syncBatch), more: events.length > LIMITS.syncBatch };
  }

  // ----- visitors ------------------------------------------------------------------------------

  visitorNs.use(async (socket, next) => {
    // Limits first, before any work: a refused socket costs a counter and a frame.
    const address = clientAddress(socket.request, config.trustProxy);
    const release = openSockets.open(address, limits.connectionsPerIp);
    if (!release) {
      refused('connectionsPerIp', address);
      return next(
        refusal(errorFrame('RATE_LIMITED', 'Too many open connections from your network.')),
      );
    }
    const handshakes = limiter.take(
      [{ key: `handshake:${address}`, limit: limits.handshakesPerIpPerMinute, windowMs: MINUTE }],
      Date.now(),
    );
    if (!handshakes) {
      release();
      refused('handshakesPerIpPerMinute', address);
      return next(refusal(errorFrame('RATE_LIMITED', 'Too many new connections; try again soon.')));
    }
    // Counted until the socket (or, if it never gets that far, its connection) closes.
    let admitted = false;
    try {
      await ready;
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
      const site = typeof siteId === 'string' ? sites.get(siteId) : undefined;
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
      let visitor = claims && (await store.getVisitor(claims.visitorId));
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
      next(refusal(errorFrame('INTERNAL')));
    } finally {
      if (!admitted) release();
    }
  });

  visitorNs.on('connection', (socket) => {
    const session = socket.data.visitor!;
    logger.debug({ visitorId: session.actor.id, site: session.site.id }, 'visitor connected');
    // `identify` may make the session another visitor: every handler reads the current one.
    let actor = session.actor;
    const setPage = (page: PageContext | undefined) => {
      session.context = compact({
        ...session.context,
        url: page?.url,
        title: page?.title,
        referrer: page?.referrer,
      });
    };

    /**
     * Answer with `session.welcome` for the visitor the session is now: the open conversation (else
     * the latest closed one) after `resume` when it is the same conversation, and join their rooms.
     * Read and join in one serial step: no event between them is missed or sent twice.
     */
    const welcome = (
      resume: { conversationId: string; afterSeq: number } | undefined,
      respond: Respond,
    ) =>
      engine.read(async (state) => {
        const openId = state.openByVisitor.get(actor.id);
        const summary =
          (openId && state.open.get(openId)) || (await store.latestConversationOf(actor.id));
        const afterSeq = summary && resume?.conversationId === summary.id ? resume.afterSeq : 0;
        const backlog = summary ? await batch(summary, afterSeq) : null;
        const record = await store.getVisitor(actor.id);
        if (record) session.profile = profileOf(record);
        socket.join(rooms.visitor(actor.id));
        socket.join(rooms.site(actor.siteId));
        session.hello = true;
        const site = infoOf(session.site);
        const callbacks = session.site.callback
          ? views(
              state,
              await callbacksSince(state, { visitorId: actor.id }, engine.now() - 7 * DAY),
            )
          : [];
        respond({
          type: 'session.welcome',
          visitor: session.profile,
          token: session.token,
          site,
          ...(callbacks.length > 0 ? { callbacks } : {}),
          // The visitor's copies: agents-only events redacted, no offers in the summary.
          conversation:
            summary && backlog
              ? {
                  summary: summaryForVisitor(summary),
                  events: backlog.events.map(forVisitor),
                  more: backlog.more,
                }
              : null,
        });
        // Where a waiting visitor stands, for this socket (others have it already).
        const status = summary && queueStatusFor(state, summary.id, engine.now());
        if (status && status.position !== null) socket.emit(FRAME_EVENT, status);
      });

    /** Run a command through the engine and hand back its answer. */
    const dispatched = (command: Command) =>
      new Promise<ServerToVisitor | ServerToAgent>((resolve, reject) => {
        let answer: ServerToVisitor | ServerToAgent | undefined;
        engine
          .dispatch(command, (frame) => {
            answer = frame;
          })
          .then(() => resolve(answer ?? errorFrame('INTERNAL')), reject);
      });

    /** identify and update: a few per minute per visitor and per address. */
    const profileAllowed = () =>
      limiter.take(
        [
          {
            key: `profile:visitor:${actor.id}`,
            limit: PROFILE_LIMITS.perVisitorPerMinute,
            windowMs: MINUTE,
          },
          {
            key: `profile:ip:${session.address}`,
            limit: PROFILE_LIMITS.perIpPerMinute,
            windowMs: MINUTE,
          },
        ],
        Date.now(),
      );

    /**
     * `visitor.identify`: check the hash, decide (stay, become verified, or switch to the user's
     * record), store the profile and log it through the engine, then welcome the session as the
     * visitor it is now (new token and rooms when it switched).
     */
    async function identify(frame: VisitorIdentify, respond: Respond) {
      const identity = options.identities?.get(actor.siteId);
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
      const current = await store.getVisitor(actor.id);
      if (!current) throw new Error(`visitor ${actor.id} is not stored`);
      const proof = frame.userHash !== undefined ? 'verified' : 'claim';
      const decision = decideIdentify({
        current,
        userId: frame.userId,
        details: compact({
          name: frame.name,
          email: frame.email,
          phone: frame.phone,
          attributes: frame.attributes,
        }),
        proof,
        existing:
          proof === 'verified' ? await store.findVerifiedVisitor(actor.siteId, frame.userId) : null,
        newVisitor: (): VisitorRecord => ({
          id: newId('vis'),
          siteId: actor.siteId,
          name: anonymousName(),
          createdAt: Date.now(),
        }),
      });
      if (!decision.ok) return reject(decision.message);
      const { visitor } = decision;
      if (decision.switched) await store.createVisitor(visitor);
      const answer = await dispatched({
        type: 'visitor.profile',
        visitor,
        ...(decision.movedFrom !== undefined ? { movedFrom: decision.movedFrom } : {}),
      });
      if (answer.type === 'error') return respond(answer);
      const before = actor;
      actor = { role: 'visitor', id: visitor.id, name: visitor.name, siteId: actor.siteId };
      session.actor = actor;
      session.profile = profileOf(visitor);
      if (decision.switched) {
        session.token = signer.signVisitor({
          visitorId: visitor.id,
          siteId: actor.siteId,
          issuedAt: Date.now(),
        });
        socket.leave(rooms.visitor(before.id));
        logger.info(
          { from: before.id, visitorId: visitor.id, site: actor.siteId },
          'visitor identified',
        );
      }
      await welcome(frame.resume, respond);
      if (decision.switched && session.hello) {
        await presenceChange(visitorSockets, visitor.id, 1, (kind) => ({
          type: `visitor.${kind}`,
          visitorId: visitor.id,
        }));
        await presenceChange(visitorSockets, before.id, -1, (kind) => ({
          type: `visitor.${kind}`,
          visitorId: before.id,
        }));
      }
    }

    /** The latest profile change of this session (`identify`, `update`): the next waits for it. */
    let profileTurn: Promise<unknown> = Promise.resolve();

    /** `visitor.update`: merge the details into the stored profile, logged through the engine. */
    async function update(frame: VisitorUpdate, respond: Respond) {
      const current = await store.getVisitor(actor.id);
      if (!current) throw new Error(`visitor ${actor.id} is not stored`);
      const visitor = withDetails(
        current,
        compact({
          name: frame.name,
          email: frame.email,
          phone: frame.phone,
          attributes: frame.attributes,
        }),
      );
      const answer = await dispatched({ type: 'visitor.profile', visitor });
      if (answer.type === 'error') return respond(answer);
      actor = { ...actor, name: visitor.name };
      session.actor = actor;
      session.profile = profileOf(visitor);
      respond({ type: 'ok' });
    }

    onFrames(socket, limits.framesPerSocketPerSecond, async (payload, respond) => {
      const decoded = decodeVisitorToServer(payload);
      if (!decoded.ok) return respond(decoded.error);
      const frame = decoded.value;
      if (frame.type !== 'session.hello' && !session.hello) {
        return respond(errorFrame('NO_SESSION'));
      }
      switch (frame.type) {
        case 'session.hello': {
          if (frame.page) setPage(frame.page);
          session.context = compact({
            ...session.context,
            locale: frame.locale ?? session.context.locale,
            timeZone: frame.timeZone ?? session.context.timeZone,
          });
          const first = !session.hello;
          if (session.unsaved) {
            session.saving ??= store.createVisitor(session.unsaved);
            await session.saving;
          }
          await welcome(frame.resume, respond);
          if (first) {
            await presenceChange(visitorSockets, actor.id, 1, (kind) => ({
              type: `visitor.${kind}`,
              visitorId: actor.id,
            }));
          }
          return;
        }
        case 'chat.send': {
          // Counted before anything else; a resend of a message already stored is still
          // answered with its ack (the engine finds it by clientId), never refused.
          const full = limiter.check(
            [
              {
                key: `message:visitor:${actor.id}`,
                name: 'messagesPerVisitorPerMinute',
                limit: limits.messagesPerVisitorPerMinute,
                windowMs: MINUTE,
              },
              {
                key: `message:ip:${session.address}`,
                name: 'messagesPerIpPerMinute',
                limit: limits.messagesPerIpPerMinute,
                windowMs: MINUTE,
              },
            ],
            Date.now(),
          );
          if (full && !(await store.findClientId(`visitor:${actor.id}`, frame.clientId))) {
            refused(full.name!, full.key, { visitorId: actor.id, site: actor.siteId });
            return respond(
              errorFrame(
                'RATE_LIMITED',
                'You are sending messages too quickly; wait a moment and send it again.',
              ),
            );
          }
          let prechat = frame.prechat;
          if (prechat?.phone !== undefined) {
            const country = phoneCountry(
              session.context.locale,
              session.site.callback?.defaultCountry,
            );
            const phone = parsePhone(prechat.phone, country);
            if (!phone.ok) {
              return respond(
                errorFrame('INVALID_PHONE', undefined, [
                  { path: 'prechat.phone', message: phone.message },
                ]),
              );
            }
            prechat = { ...prechat, phone: phone.e164 };
          }
          const read =
            frame.articleId !== undefined
              ? faqOf().catalog.get(actor.siteId, frame.articleId)
              : undefined;
          return engine.dispatch(
            {
              type: 'visitor.message',
              visitor: actor,
              clientId: frame.clientId,
              text: frame.text,
              ...(frame.conversationId !== undefined
                ? { conversationId: frame.conversationId }
                : {}),
              context: session.context,
              ...(prechat ? { prechat } : {}),
              ...(frame.departmentId !== undefined ? { departmentId: frame.departmentId } : {}),
              ...(read?.published ? { article: { id: read.id, title: read.title } } : {}),
              profile: session.profile,
            },
            respond,
          );
        }
        case 'visitor.identify':
        case 'visitor.update': {
          if (!profileAllowed()) {
            logger.info({ visitorId: actor.id, site: actor.siteId }, 'profile change rate limited');
            return respond(errorFrame('RATE_LIMITED', 'Too many profile changes; slow down.'));
          }
          // Each reads the stored profile and writes it whole: one at a time per session, or an
          // `identify` and a `setAttributes` sent back to back would undo each other.
          const change = profileTurn.then(() =>
            frame.type === 'visitor.identify' ? identify(frame, respond) : update(frame, respond),
          );
          profileTurn = change.catch(() => undefined);
          return change;
        }
        case 'faq.search': {
          const full = limiter.check(searchLimits(actor.id, session.address), Date.now());
          if (full) {
            refused(full.name!, full.key, { visitorId: actor.id, site: actor.siteId });
            return respond(
              errorFrame('RATE_LIMITED', 'Too many help searches; wait a moment and search again.'),
            );
          }
          const results = await faqOf().search({
            siteId: actor.siteId,
            visitorId: actor.id,
            query: frame.query,
            locale: frame.locale ?? session.context.locale,
            ...(frame.purpose ? { purpose: frame.purpose } : {}),
            ...(frame.limit !== undefined ? { limit: frame.limit } : {}),
          });
          return respond({ type: 'faq.results', query: frame.query, results });
        }
        case 'article.open': {
          const article = await faqOf().open({
            siteId: actor.siteId,
            visitorId: actor.id,
            articleId: frame.articleId,
            ...(frame.source ? { source: frame.source } : {}),
          });
          return respond(article ? { type: 'faq.article', article } : errorFrame('NOT_FOUND'));
        }
        case 'article.feedback': {
          const found = await faqOf().feedback({
            siteId: actor.siteId,
            visitorId: actor.id,
            articleId: frame.articleId,
            helpful: frame.helpful,
          });
          return respond(found ? { type: 'ok' } : errorFrame('NOT_FOUND'));
        }
        case 'chat.typing':
        case 'conversation.close':
          return engine.dispatch(sharedCommand(frame, actor), respond);
        case 'conversation.defer':
          return engine.dispatch(
            { type: 'conversation.defer', visitor: actor, conversationId: frame.conversationId },
            respond,
          );
        case 'conversation.sync':
          return engine.read(async (state) => {
            const summary =
              state.open.get(frame.conversationId) ??
              (await store.getConversation(frame.conversationId));
            // Someone else's conversation and a missing one get the same answer.
            if (!summary || summary.visitor.id !== actor.id || summary.siteId !== actor.siteId) {
              return respond(errorFrame('NOT_FOUND'));
            }
            const backlog = await batch(summary, frame.afterSeq);
            respond({
              type: 'conversation.events',
              conversation: summaryForVisitor(summary),
              events: backlog.events.map(forVisitor),
              more: backlog.more,
            });
          });
        case 'page.view':
          setPage(frame.page);
          return respond({ type: 'ok' });
        case 'callback.availability':
          return engine.read((state) => {
            const found = availabilityFor(state, actor.siteId, frame, engine.now());
            if (!found.ok) return respond(found.error);
            respond({
              type: 'callback.slots',
              departmentId: found.department.id,
              departmentName: found.department.name,
              asap: found.availability.asap,
              slots: found.availability.slots,
            });
          });
        case 'callback.request': {
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
          const visitor = actor;
          return oneAtATime(`callback:${visitor.id}`, async () => {
            const kind = await callbackRequestKind(visitor, phone.e164, frame.clientId);
            if (!mayOpenCallback(visitor, kind)) {
              refused('openConversationsPerVisitor', visitor.id, {
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
            const rates = settings.rateLimits;
            // The per-number limit counts new callbacks only, so nobody else's requests for a
            // number can stop its owner from changing (or resending) their own callback.
            const allowed = limiter.take(
              [
                { key: `visitor:${visitor.id}`, limit: rates.perVisitorPerHour, windowMs: HOUR },
                { key: `ip:${session.address}`, limit: rates.perIpPerHour, windowMs: HOUR },
                ...(kind === 'new'
                  ? [{ key: `phone:${phone.e164}`, limit: rates.perNumberPerDay, windowMs: DAY }]
                  : []),
              ],
              Date.now(),
            );
            if (!allowed) {
              // No number in the log line: it identifies a person.
              logger.info(
                { visitorId: visitor.id, site: visitor.siteId },
                'callback request rate limited',
              );
              options.onRateLimited?.('callbacks');
              return respond(
                errorFrame('RATE_LIMITED', 'Too many callback requests; please try again later.'),
              );
            }
            return engine.dispatch(
              {
                type: 'callback.request',
                visitor,
                clientId: frame.clientId,
                name: frame.name,
                phone: phone.e164,
                window: frame.window,
                context: session.context,
                ...(frame.topic !== undefined ? { topic: frame.topic } : {}),
                ...(frame.departmentId !== undefined ? { departmentId: frame.departmentId } : {}),
                ...(frame.note !== undefined ? { note: frame.note } : {}),
                ...(frame.conversationId !== undefined
                  ? { conversationId: frame.conversationId }
                  : {}),
              },
              respond,
            );
          });
        }
        case 'callback.cancel':
          return engine.dispatch(
            { type: 'callback.cancel', by: actor, callbackId: frame.callbackId },
            respond,
          );
        case 'survey.submit': {
          const allowed = limiter.take(
            [
              {
                key: `survey:visitor:${actor.id}`,
                limit: SURVEY_LIMITS.perVisitorPerHour,
                windowMs: HOUR,
              },
              {
                key: `survey:ip:${session.address}`,
                limit: SURVEY_LIMITS.perIpPerHour,
                windowMs: HOUR,
              },
            ],
            Date.now(),
          );
          if (!allowed) {
            return respond(errorFrame('RATE_LIMITED', 'Too many answers; please try again later.'));
          }
          return engine.dispatch(
            compact({
              type: 'survey.submit' as const,
              visitor: actor,
              conversationId: frame.conversationId,
              callbackId: frame.callbackId,
              csat: frame.csat,
              ces: frame.ces,
              comment: frame.comment,
            }),
            respond,
          );
        }
        case 'callback.reschedule':
          return engine.dispatch(
            {
              type: 'callback.reschedule',
              by: actor,
              callbackId: frame.callbackId,
              window: frame.window,
            },
            respond,
          );
      }
    });

    socket.on('disconnect', () => {
      if (!session.hello) return;
      void presenceChange(visitorSockets, actor.id, -1, (kind) => ({
        type: `visitor.${kind}`,
        visitorId: actor.id,
      }));
    });
  });

  // ----- agents --------------------------------------------------------------------------------

  agentNs.use(async (socket, next) => {
    try {
      await ready;
      const { origin, host } = socket.handshake.headers;
      if (!policy.allowsAgent(origin, host)) {
        return next(refusal(errorFrame('FORBIDDEN_ORIGIN')));
      }
      const auth = socket.handshake.auth as { token?: unknown } | undefined;
      const decoded = decodeAgentHandshake(auth);
      if (!decoded.ok) {
        const noToken = typeof auth?.token !== 'string' || auth.token === '';
        return next(
          refusal(
            decoded.error.code !== 'PROTOCOL_MISMATCH' && noToken
              ? errorFrame('UNAUTHORIZED')
              : decoded.error,
          ),
        );
      }
      const result = await agents.authenticate(decoded.value.token, Date.now());
      if (!result.ok) return next(refusal(errorFrame(result.code)));
      socket.data.agent = { agent: result.agent, hello: false, expiresAt: result.expiresAt };
      next();
    } catch (error) {
      logger.error({ err: error }, 'agent handshake failed');
      next(refusal(errorFrame('INTERNAL')));
    }
  });

  agentNs.on('connection', (socket) => {
    const session = socket.data.agent!;
    const actor: AgentActor = { role: 'agent', id: session.agent.id, name: session.agent.name };
    logger.debug({ agentId: actor.id }, 'agent connected');
    // A token is checked at the handshake; an open socket must not outlive it either.
    const expiry = setTimeout(
      () => {
        socket.emit(FRAME_EVENT, errorFrame('TOKEN_EXPIRED'));
        socket.disconnect(true);
      },
      Math.max(0, session.expiresAt - Date.now()),
    );
    expiry.unref?.();

    /**
     * The conversation this agent may act on with `command` (the open one, else the store's closed
     * copy), or the permission table's refusal.
     */
    const conversationFor = async (
      command: AgentConversationCommand,
      state: typeof engine.state,
      conversationId: string,
    ) => {
      const open = state.open.get(conversationId);
      const stored = open ? undefined : await store.getConversation(conversationId);
      return conversationForAgent(command, agentRole(state.agents, actor.id), open, stored);
    };

    /** `conversation.open` and `conversation.sync`: read, then follow the conversation. */
    const follow = (
      command: 'conversation.open' | 'conversation.sync',
      conversationId: string,
      afterSeq: number,
      respond: Respond,
    ) =>
      engine.read(async (state) => {
        const found = await conversationFor(command, state, conversationId);
        if (!found.ok) return respond(found.error);
        const summary = found.conversation;
        const events = await batch(summary, afterSeq);
        socket.join(rooms.conversation(conversationId));
        respond({ type: 'conversation.events', conversation: summary, ...events });
      });

    const agentFrames = Math.max(AGENT_FRAMES_FLOOR, limits.framesPerSocketPerSecond * 5);
    onFrames(socket, agentFrames, async (payload, respond) => {
      const decoded = decodeAgentToServer(payload);
      if (!decoded.ok) return respond(decoded.error);
      const frame = decoded.value;
      if (frame.type !== 'agent.hello' && !session.hello) return respond(errorFrame('NO_SESSION'));
      switch (frame.type) {
        case 'agent.hello': {
          // Routing hears of the agent first, so the welcome shows their offers and state.
          if (!session.hello) {
            await presenceChange(agentSockets, actor.id, 1, (kind) => ({
              type: `agent.${kind}`,
              agent: actor,
            }));
          }
          return engine.read(async (state) => {
            const open = [...state.open.values()].sort((a, b) => b.updatedAt - a.updatedAt);
            const closed = await store.recentClosed(50);
            socket.join([rooms.agents, rooms.agent(actor.id)]);
            session.hello = true;
            const routing = state.agents.get(actor.id);
            const supervisor = routing?.role === 'supervisor';
            if (supervisor) socket.join(rooms.supervisors);
            respond({
              type: 'agent.welcome',
              agent: {
                ...session.agent,
                ...(routing ? { capacity: routing.capacity, skills: [...routing.skills] } : {}),
                departmentIds: departmentsOf(state, actor.id),
              },
              conversations: [...open, ...closed],
              presence: routing?.presence ?? 'online',
              departments: [...state.departments.values()],
              canned: [...state.canned.values()],
              routing: routingSnapshot(state, engine.now()),
              callbacks: await callbacksSince(state, {}, engine.now() - DAY),
              sites: appearancesOf().all(),
              dispositions: config.dispositions,
              qaCriteria: config.qa.criteria,
              serviceLevel: config.serviceLevel,
              ...(supervisor && options.quality ? { wallboard: options.quality.wallboard() } : {}),
            });
          });
        }
        case 'conversation.open':
        case 'conversation.sync':
          return follow(frame.type, frame.conversationId, frame.afterSeq, respond);
        case 'chat.send':
          return engine.dispatch(
            {
              type: 'agent.message',
              agent: actor,
              conversationId: frame.conversationId,
              clientId: frame.clientId,
              text: frame.text,
            },
            respond,
          );
        case 'chat.typing':
        case 'conversation.close':
          return engine.dispatch(sharedCommand(frame, actor), respond);
        case 'presence.set':
          return engine.dispatch(
            { type: 'presence.set', agent: actor, presence: frame.presence },
            respond,
          );
        case 'offer.accept':
        case 'offer.decline':
          return engine.dispatch(
            { type: frame.type, agent: actor, conversationId: frame.conversationId },
            respond,
          );
        case 'conversation.assign':
          return engine.dispatch(
            {
              type: 'conversation.assign',
              agent: actor,
              conversationId: frame.conversationId,
              agentId: frame.agentId,
            },
            respond,
          );
        case 'conversation.transfer':
          return engine.dispatch(
            {
              type: 'conversation.transfer',
              agent: actor,
              conversationId: frame.conversationId,
              to: frame.to,
              ...(frame.note ? { note: frame.note } : {}),
            },
            respond,
          );
        case 'conversation.join':
          return engine.dispatch(
            { type: 'conversation.join', agent: actor, conversationId: frame.conversationId },
            respond,
          );
        case 'note.send':
          return engine.dispatch(
            {
              type: 'note.send',
              agent: actor,
              conversationId: frame.conversationId,
              clientId: frame.clientId,
              kind: frame.kind,
              text: frame.text,
            },
            respond,
          );
        case 'customer.history': {
          const [conversations, stored] = await Promise.all([
            store.customerHistory(frame.visitorId, HISTORY_LIMIT),
            store.listCallbacks({ visitorId: frame.visitorId, limit: HISTORY_LIMIT }),
          ]);
          // The core's copy of an open callback is the current one.
          const callbacks = stored.map((c) => engine.state.callbacks.get(c.id) ?? c);
          return respond({
            type: 'customer.conversations',
            visitorId: frame.visitorId,
            conversations,
            ...(callbacks.length > 0 ? { callbacks } : {}),
          });
        }
        case 'callback.claim':
        case 'callback.release':
          return engine.dispatch(
            { type: frame.type, agent: actor, callbackId: frame.callbackId },
            respond,
          );
        case 'callback.outcome':
          return engine.dispatch(
            {
              type: 'callback.outcome',
              agent: actor,
              callbackId: frame.callbackId,
              outcome: frame.outcome,
              ...(frame.note ? { note: frame.note } : {}),
              ...(frame.dispositionId !== undefined ? { dispositionId: frame.dispositionId } : {}),
            },
            respond,
          );
        case 'conversation.wrapup':
          return engine.dispatch(
            {
              type: 'conversation.wrapup',
              agent: actor,
              conversationId: frame.conversationId,
              dispositionId: frame.dispositionId,
              resolved: frame.resolved,
              ...(frame.note ? { note: frame.note } : {}),
            },
            respond,
          );
        case 'callback.create':
          return engine.dispatch(
            { type: 'callback.create', agent: actor, conversationId: frame.conversationId },
            respond,
          );
        case 'kpi.get':
        case 'forecast.get':
        case 'staffing.save':
        case 'qa.review.save':
        case 'qa.reviews.get': {
          const quality = options.quality;
          if (!quality) return respond(errorFrame('INTERNAL'));
          const supervisor = engine.state.agents.get(actor.id)?.role === 'supervisor';
          const caller = { id: actor.id, supervisor };
          if (frame.type === 'kpi.get') {
            if (exceedsReportRange(frame.from, frame.to)) {
              return respond(
                errorFrame('BAD_FRAME', `A report covers at most ${REPORT_MAX_DAYS} days.`, [
                  { path: 'to', message: `must be at most ${REPORT_MAX_DAYS} days after from` },
                ]),
              );
            }
            return respond(await quality.report(frame, caller));
          }
          if (frame.type === 'qa.reviews.get') return respond(await quality.reviews(frame, caller));
          if (frame.type === 'qa.review.save') {
            const found = await conversationFor(
              'qa.review.save',
              engine.state,
              frame.conversationId,
            );
            if (!found.ok) return respond(found.error);
            const result = await quality.saveReview(frame, actor);
            return respond(result.ok ? { type: 'ok' } : errorFrame(result.code, result.message));
          }
          if (!supervisor) {
            return respond(errorFrame('FORBIDDEN', 'Only a supervisor can do this.'));
          }
          if (frame.type === 'forecast.get') {
            const forecast = await quality.forecast(frame);
            return respond(forecast ?? errorFrame('UNKNOWN_DEPARTMENT'));
          }
          const saved = await quality.saveStaffing(frame.departmentId, frame.scheduled);
          return respond(saved ? { type: 'ok' } : errorFrame('UNKNOWN_DEPARTMENT'));
        }
        case 'webhooks.log': {
          if (engine.state.agents.get(actor.id)?.role !== 'supervisor') {
            return respond(errorFrame('FORBIDDEN', 'Only a supervisor can read the webhook log.'));
          }
          const deliveries = await store.recentDeliveries(DELIVERIES_LIMIT);
          return respond({ type: 'webhooks.deliveries', deliveries: deliveries.map(deliveryView) });
        }
        case 'article.render':
          return respond({ type: 'article.preview', html: renderMarkdown(frame.body) });
        case 'articles.get':
        case 'article.save':
        case 'article.delete':
        case 'faq.metrics.get': {
          if (engine.state.agents.get(actor.id)?.role !== 'supervisor') {
            return respond(errorFrame('FORBIDDEN', 'Only a supervisor can manage help articles.'));
          }
          const faq = faqOf();
          if (frame.type === 'articles.get') {
            articleWatchers.add(socket);
            return respond({ type: 'articles.list', articles: faq.catalog.all() });
          }
          if (frame.type === 'faq.metrics.get') {
            // The answer's range is whole, non-negative milliseconds; any other was asked wrongly.
            const wrong = (['from', 'to'] as const).filter((key) => {
              const value = frame[key];
              return value !== undefined && !(Number.isSafeInteger(value) && value >= 0);
            });
            if (wrong.length > 0) {
              return respond(
                errorFrame(
                  'BAD_FRAME',
                  '"faq.metrics.get" is malformed.',
                  wrong.map((path) => ({ path, message: 'must be a whole number, at least 0' })),
                ),
              );
            }
            const metrics = await faq.metrics({
              ...(frame.from !== undefined ? { from: frame.from } : {}),
              ...(frame.to !== undefined ? { to: frame.to } : {}),
            });
            return respond({ type: 'faq.metrics', metrics });
          }
          if (frame.type === 'article.save') {
            await faq.save(frame.article);
            logger.info({ agentId: actor.id, articleId: frame.article.id }, 'article saved');
          } else {
            if (!(await faq.remove(frame.articleId))) return respond(errorFrame('NOT_FOUND'));
            logger.info({ agentId: actor.id, articleId: frame.articleId }, 'article deleted');
          }
          respond({ type: 'ok' });
          return pushArticles();
        }
        case 'department.save':
          return engine.dispatch(
            { type: 'department.save', agent: actor, department: frame.department },
            respond,
          );
        case 'canned.save':
          return engine.dispatch(
            { type: 'canned.save', agent: actor, canned: frame.canned },
            respond,
          );
        case 'canned.delete':
          return engine.dispatch({ type: 'canned.delete', agent: actor, id: frame.id }, respond);
        case 'site.save': {
          if (engine.state.agents.get(actor.id)?.role !== 'supervisor') {
            return respond(
              errorFrame('FORBIDDEN', "Only a supervisor can change a site's appearance."),
            );
          }
          const appearances = appearancesOf();
          const site = sites.get(frame.site.siteId);
          if (!site || !appearances.get(site.id)) {
            return respond(errorFrame('NOT_FOUND', `Unknown site "${frame.site.siteId}".`));
          }
          // Stored first: a failure changes nothing anyone sees.
          await store.saveSiteAppearance(frame.site);
          appearances.set(frame.site);
          logger.info({ agentId: actor.id, site: site.id }, 'site appearance saved');
          respond({ type: 'ok' });
          agentNs.to(rooms.agents).emit(FRAME_EVENT, {
            type: 'sites.changed',
            sites: appearances.all(),
          } satisfies ServerToAgent);
          visitorNs.to(rooms.site(site.id)).emit(FRAME_EVENT, {
            type: 'site.updated',
            site: siteInfo(site, frame.site),
          } satisfies ServerToVisitor);
          return;
        }
      }
    });

    socket.on('disconnect', () => {
      clearTimeout(expiry);
      articleWatchers.delete(socket);
      if (!session.hello) return;
      void presenceChange(agentSockets, actor.id, -1, (kind) => ({
        type: `agent.${kind}`,
        agent: actor,
      }));
    });
  });

  return {
    io,
    deliver(sends) {
      for (const { to, frame } of sends) {
        if (to.kind === 'visitor')
          visitorNs.to(rooms.visitor(to.visitorId)).emit(FRAME_EVENT, frame);
        else if (to.kind === 'followers')
          agentNs.to(rooms.conversation(to.conversationId)).emit(FRAME_EVENT, frame);
        else if (to.kind === 'inboxes') {
          // Each socket once, however many of the rooms it is in.
          if (to.agentIds.length > 0)
            agentNs.to(to.agentIds.map(rooms.agent)).emit(FRAME_EVENT, frame);
        } else agentNs.to(rooms.agents).emit(FRAME_EVENT, frame);
      }
    },
    toSupervisors(frame) {
      agentNs.to(rooms.supervisors).emit(FRAME_EVENT, frame);
    },
  };
}
