import type { Server as HttpServer } from 'node:http';
import {
  type AgentProfile,
  errorFrame,
  FRAME_EVENT,
  type ServerToAgent,
  type ServerToVisitor,
  type SiteInfo,
  type VisitorContext,
  type VisitorProfile,
} from '@switchboard/shared';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { AgentDirectory } from '../auth/agents.js';
import type { TokenSigner } from '../auth/tokens.js';
import type { SiteIdentity } from '../auth/user-hash.js';
import type { Config, SiteConfig } from '../config.js';
import type { Command, VisitorActor } from '../core/types.js';
import type { Engine } from '../engine/engine.js';
import type { FaqService } from '../faq/service.js';
import { refusalLogLimits } from '../policy/limits.js';
import {
  createOpenCounter,
  createRateLimiter,
  type RateLimiter,
  type SharedCounts,
} from '../policy/rate-limit.js';
import type { QualityService } from '../quality/service.js';
import type { ReadSide } from '../queries/read-side.js';
import type { Wallboard } from '../queries/wallboard.js';
import { appearanceFromConfig, type SiteAppearances, siteInfo } from '../sites/appearance.js';
import type { VisitorRecord } from '../store/types.js';
import type { VisitorRegistry } from '../visitors/registry.js';
import { createOriginPolicy, type OriginPolicy } from './origin.js';
import { createPresence, type Presence } from './presence.js';
import { createTurns, type OneAtATime } from './turns.js';

export interface TransportOptions {
  httpServer: HttpServer;
  /**
   * Told when a supervisor changed what every node keeps in memory (help articles, a site's
   * appearance): a cluster tells the other nodes to read it again.
   */
  onShared?: (what: 'articles' | 'appearances') => void;
  /** A cluster's count of the other nodes' hits: per-address and per-visitor limits hold across nodes. */
  sharedCounts?: SharedCounts;
  config: Config;
  engine: Engine;
  /** Every read the socket answers with (the store's and the core's). */
  reads: ReadSide;
  /** Where a new visitor is stored. */
  visitors: VisitorRegistry;
  /** Today's numbers, in a supervisor's welcome. */
  wallboard: Pick<Wallboard, 'wallboard'>;
  signer: TokenSigner;
  agents: AgentDirectory;
  logger: Logger;
  /** Resolves once the store is loaded; handshakes wait for it. */
  ready: Promise<void>;
  /** The help articles (there once `ready` resolved). */
  faq?: () => FaqService | undefined;
  /** Each site's identity settings in force (no entry: no secret, not required). */
  identities?: ReadonlyMap<string, SiteIdentity>;
  /** The sites' appearance in force, saved through it (there once `ready` resolved). */
  appearances: () => SiteAppearances | undefined;
  /** Staffing plans and QA reviews saved (absent: those frames are answered with `INTERNAL`). */
  quality?: QualityService;
  /** Told the code of every error frame answered (the metrics' frame errors). */
  onFrameError?: (code: string) => void;
  /** Told the name of each abuse limit that refused something (`connectionsPerIp`...). */
  onRateLimited?: (limit: string) => void;
}

/** What a visitor socket carries after its handshake. */
export interface VisitorSession {
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
export interface AgentSession {
  agent: AgentProfile;
  hello: boolean;
  /** When the agent's token expires: the socket is closed then (ms since the epoch). */
  expiresAt: number;
}

/** Answer one frame: the ack when the frame asked for one, else only an error is pushed. */
export type Respond = (frame: ServerToVisitor | ServerToAgent) => void;
export type SocketData = { visitor?: VisitorSession; agent?: AgentSession };

export type RelaySocket = Socket<
  Record<string, (...args: unknown[]) => void>,
  Record<string, (frame: unknown) => void>,
  Record<string, never>,
  SocketData
>;

/** Push a frame to every socket of a room. */
export type Broadcast<F> = (room: string | string[], frame: F) => void;

/** What every handshake and frame handler of both namespaces shares. */
export interface TransportContext {
  readonly options: TransportOptions;
  readonly config: Config;
  readonly limits: Config['limits'];
  readonly engine: Engine;
  readonly reads: ReadSide;
  readonly visitors: VisitorRegistry;
  readonly signer: TokenSigner;
  readonly agents: AgentDirectory;
  readonly logger: Logger;
  readonly ready: Promise<void>;
  /** The configured sites by id. */
  readonly sites: ReadonlyMap<string, SiteConfig>;
  readonly originPolicy: OriginPolicy;
  readonly limiter: RateLimiter;
  /** Visitor sockets open per client address. */
  readonly openSockets: ReturnType<typeof createOpenCounter>;
  readonly presence: Presence;
  readonly oneAtATime: OneAtATime;
  /**
   * Count a refusal and log it at info, at most once a minute per limit and `who` (a flood is one
   * line): the limit's name and ids only, never message text, numbers or addresses.
   */
  refused(limit: string, who: string, ids?: Record<string, string>): void;
  appearancesOf(): SiteAppearances;
  /** What the widget is told about a site: the config's, with the appearance in force. */
  infoOf(site: SiteConfig): SiteInfo;
  faqOf(): FaqService;
  /** Supervisor sockets that asked for the article list: they get it again after each change. */
  readonly articleWatchers: Set<RelaySocket>;
  /** Send the article list to this node's watching consoles (and, by default, tell the cluster). */
  pushArticles(here?: 'here'): void;
  toVisitors: Broadcast<ServerToVisitor>;
  toAgents: Broadcast<ServerToAgent>;
}

/**
 * The shared state of one transport: limiter, presence counts, turns, appearances and FAQ access,
 * and the two namespaces' broadcasts.
 */
export function createContext(
  options: TransportOptions,
  broadcast: { toVisitors: Broadcast<ServerToVisitor>; toAgents: Broadcast<ServerToAgent> },
): TransportContext {
  const { config, engine, logger } = options;
  const limiter = createRateLimiter(options.sharedCounts);
  const appearancesOf = (): SiteAppearances => {
    const appearances = options.appearances();
    if (!appearances) throw new Error('the site appearances are not loaded');
    return appearances;
  };
  const faqOf = (): FaqService => {
    const faq = options.faq?.();
    if (!faq) throw new Error('the FAQ is not loaded');
    return faq;
  };
  const articleWatchers = new Set<RelaySocket>();
  return {
    options,
    config,
    limits: config.limits,
    engine,
    reads: options.reads,
    visitors: options.visitors,
    signer: options.signer,
    agents: options.agents,
    logger,
    ready: options.ready,
    sites: new Map(config.sites.map((site) => [site.id, site])),
    originPolicy: createOriginPolicy(config),
    limiter,
    openSockets: createOpenCounter(),
    presence: createPresence(engine),
    oneAtATime: createTurns(),
    refused(limit, who, ids = {}) {
      options.onRateLimited?.(limit);
      const first = limiter.take(refusalLogLimits(limit, who), Date.now());
      if (first) logger.info({ limit, ...ids }, 'rate limited');
      else logger.debug({ limit, ...ids }, 'rate limited');
    },
    appearancesOf,
    infoOf: (site) => siteInfo(site, appearancesOf().get(site.id) ?? appearanceFromConfig(site)),
    faqOf,
    articleWatchers,
    pushArticles(here) {
      const frame: ServerToAgent = { type: 'articles.list', articles: faqOf().catalog.all() };
      for (const socket of articleWatchers) socket.emit(FRAME_EVENT, frame);
      if (!here) options.onShared?.('articles');
    },
    ...broadcast,
  };
}

/** Run a command through the engine and hand back its answer. */
export const dispatched = (engine: Pick<Engine, 'dispatch'>, command: Command) =>
  new Promise<ServerToVisitor | ServerToAgent>((resolve, reject) => {
    let answer: ServerToVisitor | ServerToAgent | undefined;
    engine
      .dispatch(command, (frame) => {
        answer = frame;
      })
      .then(() => resolve(answer ?? errorFrame('INTERNAL')), reject);
  });
