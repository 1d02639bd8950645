import {
  type ArticleHit,
  type ArticleView,
  applyEvent,
  type CallbackView,
  type ChatAck,
  type ConversationEvent,
  type ConversationSummary,
  decodeServerToVisitorCompiled,
  type ErrorCode,
  type ErrorFrame,
  LIMITS,
  type PageContext,
  type PrechatAnswers,
  parseVisitorSchema,
  type QueueUpdate,
  type ServerToVisitor,
  type SessionWelcome,
  type SiteInfo,
  type SurveyAnswers,
  type TimeWindow,
  type TypingFrame,
  type VisitorProfile,
  type VisitorToServer,
} from '@switchboard/shared';
import { createOutbox, type OutboxEntry } from './outbox.js';
import type { SessionCore, SessionFeatures } from './session-features.js';
import type {
  CallbackRequestInput,
  CallbackResult,
  ConversationState,
  IdentifyInput,
  PageRouting,
  SlotsResult,
  SurveyResult,
  SurveyTarget,
  UpdateInput,
} from './session-types.js';
import { type KeyValueStorage, storageKeys } from './storage.js';
import type { Transport, TransportAuth, TransportStatus } from './transport.js';

/** Where the session stands. Changed only through `setStatus`, which emits `status`. */
export type SessionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

/** A status change, as centrifuge-js reports them. */
export interface StatusChange {
  newState: SessionStatus;
  oldState: SessionStatus;
}

/** A readable reason, kept when the session fails (or a message could not be sent). */
export interface SessionError {
  code: ErrorCode;
  message: string;
}

/** An outbox entry as the view sees it: still being sent, or failed with a reason. */
export interface PendingMessage extends OutboxEntry {
  state: 'sending' | 'failed';
  error?: SessionError;
}

/** A message the relay acknowledged whose `message.created` has not reached the log yet. */
export interface SentMessage {
  clientId: string;
  text: string;
  at: number;
  seq: number;
  conversationId: string;
}

/** Everything the session knows, as one snapshot (a new object after every change). */
export interface SessionState {
  status: SessionStatus;
  error: SessionError | null;
  site: SiteInfo | null;
  visitor: VisitorProfile | null;
  conversation: ConversationState | null;
  pending: PendingMessage[];
  sent: SentMessage[];
  /** The latest `queue.status` for the current conversation; cleared when an agent takes it. */
  queue: QueueUpdate | null;
  /** The remembered pre-chat answers (`switchboard:<site>:prechat`); null until the form was sent. */
  prechat: PrechatAnswers | null;
  /** The visitor's callbacks (welcome, answers and `callback.status` pushes), newest first. */
  callbacks: CallbackView[];
}

/** Where an applied event came from: history (`welcome`) or something new to the visitor. */
export type EventSource = 'welcome' | 'resume' | 'push' | 'sync' | 'ack';

/** What a session emits. */
export interface SessionEvents {
  status: StatusChange;
  change: SessionState;
  event: { conversationId: string; event: ConversationEvent; source: EventSource };
  typing: TypingFrame;
  /** The relay acknowledged (persisted) a message the visitor sent. */
  sent: { conversationId: string; clientId: string; text: string };
  /** The site's widget settings changed (`site.updated`, or a welcome with other settings). */
  site: SiteInfo;
  /** A callback request was answered with its `callback.status`. */
  callback: CallbackView;
  /** A welcome was applied (`identified`: the answer to `visitor.identify`). */
  welcome: { visitorId: string; identified: boolean };
}

/** The page context sent in `session.hello`. */
export interface HelloContext {
  page?: PageContext;
  locale?: string;
  timeZone?: string;
}

/** Timer functions, injectable so tests control time. @default globalThis.setTimeout/clearTimeout */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options of {@link createSession}. */
export interface SessionOptions {
  transport: Transport;
  storage: KeyValueStorage;
  siteId: string;
  /** Makes client ids. @example () => crypto.randomUUID() */
  newId: () => string;
  /** Milliseconds since the epoch. @default Date.now */
  now?: () => number;
  /** Read at every hello. @default reads location, document.title, navigator.language, Intl */
  context?: () => HelloContext;
  timers?: Timers;
  /** Where errors are reported (never with message text). @default console */
  logger?: Pick<Console, 'warn' | 'error'>;
  /** Delay before resending after a request timed out while connected. @default 3000 */
  retryDelayMs?: number;
  /** Department and priority chosen by the page (`data-department`, `data-priority`). */
  routing?: PageRouting;
}

/** A live-chat session of one visitor on one site. */
export interface Session {
  /** Connect (no-op unless idle or failed). */
  start(): void;
  /** Disconnect and go idle. The outbox stays persisted. */
  stop(): void;
  /**
   * Say who the visitor is (`visitor.identify`, with `resume` of what the session holds). The
   * answer is a fresh welcome: a new token, and when the visitor changed, their conversation
   * instead of this one. Waits for the connection. Resolves false when refused
   * (`IDENTITY_REJECTED` is reported once with console.error; nothing changes).
   */
  identify(input: IdentifyInput): Promise<boolean>;
  /** Change the visitor's details (`visitor.update`). Resolves true on `ok`. */
  update(input: UpdateInput): Promise<boolean>;
  /**
   * Log out on this browser: disconnect, forget this site's token, outbox and pre-chat answers,
   * and reset to a blank state. `start()` then begins a fresh anonymous session.
   */
  shutdown(): void;
  /**
   * Another tab changed the stored session (identify, shutdown): drop what this one holds and
   * connect again with the stored token. No-op while idle.
   */
  reload(): void;
  /**
   * Another tab started or changed this conversation: fetch it (`conversation.sync`) and show it.
   */
  follow(conversationId: string): void;
  /** Queue a message; it is persisted at once and sent when connected. Returns its clientId. */
  send(text: string): string;
  /** Send a failed message again. */
  retry(clientId: string): void;
  /** Forget an ended conversation; the next message starts a new one. */
  startNew(): void;
  /**
   * Remember the pre-chat answers (localStorage); they go with the first message of a new
   * conversation, never with the later ones.
   */
  setPrechat(answers: PrechatAnswers): void;
  /** Leave a message instead of waiting: sends `conversation.defer`. Resolves true on `ok`. */
  defer(): Promise<boolean>;
  /** The visitor is typing (true) or stopped (false). Throttled; dropped when offline. */
  setTyping(typing: boolean): void;
  /** Ask which callback slots can be booked (`callback.availability`; the page's department by default). */
  callbackSlots(query?: { topic?: string }): Promise<SlotsResult>;
  /**
   * Ask to be called back (`callback.request`). One request at a time, under one clientId: a
   * request that got no answer is sent again with the same clientId after a reconnect (the relay
   * deduplicates), and the promise settles with its eventual answer.
   */
  requestCallback(input: CallbackRequestInput): Promise<CallbackResult>;
  /** Cancel a callback (`callback.cancel`). */
  cancelCallback(callbackId: string): Promise<CallbackResult>;
  /** Move a callback to another offered slot, or null for as soon as possible (`callback.reschedule`). */
  rescheduleCallback(callbackId: string, window: TimeWindow | null): Promise<CallbackResult>;
  /**
   * Search the help articles (`faq.search`, in the visitor's locale). Waits for the connection.
   * Resolves null when the relay gave no usable answer.
   */
  searchArticles(
    query: string,
    options?: { purpose?: 'search' | 'suggest'; limit?: number },
  ): Promise<ArticleHit[] | null>;
  /** Open an article (`article.open`). Waits for the connection; null when not found or failed. */
  openArticle(
    articleId: string,
    source: 'search' | 'suggestion' | 'api' | 'link',
  ): Promise<ArticleView | null>;
  /** "Was this helpful?" (`article.feedback`). Resolves true on `ok`. */
  articleFeedback(articleId: string, helpful: boolean): Promise<boolean>;
  /**
   * Answer the survey about a finished contact (`survey.submit`): one answer per tap is enough.
   * Waits for the connection, so an answer given offline is sent once it is back.
   */
  submitSurvey(target: SurveyTarget, answers: SurveyAnswers): Promise<SurveyResult>;
  /**
   * The article the visitor was reading: sent as `articleId` with the first message of the next
   * new conversation, then forgotten. null forgets it.
   */
  carryArticle(articleId: string | null): void;
  getState(): SessionState;
  on<K extends keyof SessionEvents>(
    type: K,
    listener: (value: SessionEvents[K]) => void,
  ): () => void;
}

type FeaturesModule = typeof import('./session-features.js');
let featuresModule: FeaturesModule | null = null;

/**
 * Load the session's callback and help-article commands (`session-features.ts`, a lazy chunk).
 * The app prefetches it at idle, with the secondary views; a command used before it is here waits
 * for it.
 * @example void loadSessionFeatures(); // at idle
 */
export function loadSessionFeatures(): Promise<FeaturesModule> {
  return import('./session-features.js').then((module) => {
    featuresModule = module;
    return module;
  });
}

/** Refresh `chat.typing: true` at most this often while the visitor keeps typing. */
export const TYPING_THROTTLE_MS = 3_000;

const TOKEN_CODES: readonly ErrorCode[] = ['INVALID_TOKEN', 'TOKEN_EXPIRED'];
/** A send answered with one of these is sent again without conversationId: a new conversation. */
const NEW_CONVERSATION_CODES: readonly ErrorCode[] = ['CONVERSATION_CLOSED', 'NOT_FOUND'];

/**
 * The hello context read from the page: location, title, referrer, browser language, time zone.
 * @example createSession({ ..., context: () => ({ ...defaultContext(), locale: 'de' }) })
 */
export function defaultContext(): HelloContext {
  const g = globalThis as { location?: Location; document?: Document; navigator?: Navigator };
  const clip = (s: string | undefined, n: number) => (s ? s.slice(0, n) : undefined);
  const context: HelloContext = {};
  if (g.location) {
    context.page = {
      url: clip(g.location.href, LIMITS.urlChars),
      title: clip(g.document?.title, LIMITS.shortChars),
      referrer: clip(g.document?.referrer, LIMITS.urlChars),
    };
  }
  const locale = clip(g.navigator?.language, 35);
  if (locale) context.locale = locale;
  try {
    // Temporal where the browser has it: Intl.DateTimeFormat's first use costs tens of ms (ICU).
    const { Temporal } = globalThis as { Temporal?: { Now: { timeZoneId(): string } } };
    const timeZone = clip(
      Temporal ? Temporal.Now.timeZoneId() : Intl.DateTimeFormat().resolvedOptions().timeZone,
      64,
    );
    if (timeZone) context.timeZone = timeZone;
  } catch {
    // Intl without time zone support: the relay lives without it.
  }
  return context;
}

/**
 * Create the visitor's session: handshake, resume by seq, outbox by client id, status machine.
 * Sans-I/O: the socket is the injected `transport`, every incoming frame goes through
 * `decodeServerToVisitorCompiled` (the zod decoder's twin, without zod), and nothing here touches the DOM.
 * @example
 * const session = createSession({ transport, storage: createBrowserStorage(), siteId: 'demo', newId: newUuid });
 * session.on('status', ({ newState }) => render(newState));
 * session.start();
 */
export function createSession(options: SessionOptions): Session {
  const { transport, storage, siteId, newId } = options;
  const now = options.now ?? Date.now;
  const getContext = options.context ?? defaultContext;
  const timers: Timers = options.timers ?? {
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const logger = options.logger ?? console;
  const retryDelayMs = options.retryDelayMs ?? 3_000;
  const keys = storageKeys(siteId);
  const outbox = createOutbox(storage, keys.outbox);

  const listeners: { [K in keyof SessionEvents]: Set<(value: SessionEvents[K]) => void> } = {
    status: new Set(),
    change: new Set(),
    event: new Set(),
    typing: new Set(),
    sent: new Set(),
    site: new Set(),
    callback: new Set(),
    welcome: new Set(),
  };
  function emit<K extends keyof SessionEvents>(type: K, value: SessionEvents[K]): void {
    for (const listener of listeners[type]) {
      try {
        listener(value);
      } catch (error) {
        logger.error('[Switchboard] a session listener failed', error);
      }
    }
  }

  let status: SessionStatus = 'idle';
  let error: SessionError | null = null;
  let site: SiteInfo | null = null;
  let visitor: VisitorProfile | null = null;
  let conversation: ConversationState | null = null;
  /** Set by startNew: a welcome offering this (ended) conversation again is not shown. */
  let dismissedId: string | null = null;
  /** Conversations a send was refused for: never written into again. */
  const deadIds = new Set<string>();
  const failed = new Map<string, SessionError>();
  const sent = new Map<string, SentMessage>();
  /**
   * Messages this session put on the wire and has not reported as `sent` yet. The report comes
   * once, from the ack or, when the ack was lost with a dropped connection, from the echo.
   */
  const unreported = new Set<string>();
  let everConnected = false;
  let helloGeneration = 0;
  /** Bumped whenever the connection drops: work begun on an older connection stops. */
  let connection = 0;
  let flushingOn = -1;
  let retryTimer: unknown = null;
  let syncingOn = -1;
  let maxSeenSeq = 0;
  let lastTypingSent: { typing: boolean; at: number } | null = null;
  let queue: QueueUpdate | null = null;
  const early: unknown[] = [];
  const routing = options.routing ?? {};
  let callbacks: CallbackView[] = [];
  /** The callback and help-article commands, once used (a lazy chunk: `session-features.ts`). */
  let features: SessionFeatures | null = null;
  /** Requests waiting for the connection (FAQ lookups made before it was up). */
  const waiting: Array<() => void> = [];
  let carried: string | null = null;
  /** The last identify input, in memory only (never persisted: it may hold a userHash). */
  let lastIdentify: IdentifyInput | null = null;
  let identifyAgain = false;

  function readPrechat(): PrechatAnswers | null {
    const raw = storage.getItem(keys.prechat);
    if (raw === null) return null;
    try {
      const parsed = parseVisitorSchema('PrechatAnswers', JSON.parse(raw));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON: treated as never answered.
    }
    return null;
  }

  function snapshot(): SessionState {
    const pending = outbox.list().map<PendingMessage>((entry) => {
      const reason = failed.get(entry.clientId);
      return reason ? { ...entry, state: 'failed', error: reason } : { ...entry, state: 'sending' };
    });
    return {
      status,
      error,
      site,
      visitor,
      conversation: conversation ? { ...conversation, events: [...conversation.events] } : null,
      pending,
      sent: [...sent.values()],
      queue: queue && queue.conversationId === conversation?.id ? queue : null,
      prechat: readPrechat(),
      callbacks: [...callbacks],
    };
  }
  const changed = () => emit('change', snapshot());

  function setStatus(newState: SessionStatus, reason: SessionError | null = null): void {
    const oldState = status;
    error = reason;
    if (newState === oldState) return;
    status = newState;
    emit('status', { newState, oldState });
    changed();
  }

  /** Keep the newest state of a callback (an answer and a push may cross). */
  function upsertCallback(view: CallbackView): void {
    const index = callbacks.findIndex((c) => c.id === view.id);
    if (index === -1) callbacks = [view, ...callbacks];
    else if ((callbacks[index]?.updatedAt ?? 0) <= view.updatedAt) {
      callbacks = callbacks.map((c, i) => (i === index ? view : c));
    }
  }

  function decode(raw: unknown): ServerToVisitor | null {
    const decoded = decodeServerToVisitorCompiled(raw);
    if (decoded.ok) return decoded.value;
    logger.warn('[Switchboard] ignored a malformed frame from the relay:', decoded.error.message);
    return null;
  }

  function openConversationId(): string | undefined {
    if (!conversation || conversation.closed || deadIds.has(conversation.id)) return undefined;
    return conversation.id;
  }

  function resetConversation(id: string, summary: ConversationSummary | null): ConversationState {
    conversation = {
      id,
      summary,
      events: [],
      lastSeq: 0,
      closed: summary?.status === 'closed',
      deferred: summary?.mode === 'message',
    };
    maxSeenSeq = 0;
    return conversation;
  }

  // ----- applying the log -------------------------------------------------------------------

  /** Apply one event idempotently. Returns false when it left a gap (a sync is needed). */
  function apply(convId: string, event: ConversationEvent, source: EventSource): boolean {
    let conv = conversation;
    if (!conv || conv.id !== convId) {
      // The visitor has one conversation at a time: a new one (another tab, or after an ended one).
      if (convId === dismissedId) return true;
      conv = resetConversation(convId, null);
    }
    if (event.seq <= conv.lastSeq) return true;
    if (event.seq > conv.lastSeq + 1) {
      maxSeenSeq = Math.max(maxSeenSeq, event.seq);
      return false;
    }
    conv.events.push(event);
    conv.lastSeq = event.seq;
    conv.summary = applyEvent(conv.summary, event, siteId, convId);
    if (event.type === 'conversation.closed' || event.type === 'conversation.assigned') {
      // Out of the queue: a position shown now would be stale (a requeue brings a fresh one).
      if (queue?.conversationId === convId) queue = null;
    }
    if (event.type === 'conversation.closed') conv.closed = true;
    if (event.type === 'conversation.deferred') conv.deferred = true;
    if (event.type === 'message.created') {
      // The echo of our own message replaces the pending one: never shown twice, never resent.
      reportSent(convId, event.clientId, event.text);
      sent.delete(event.clientId);
      failed.delete(event.clientId);
      outbox.remove(event.clientId);
    }
    emit('event', { conversationId: convId, event, source });
    return true;
  }

  function applyAll(convId: string, events: readonly ConversationEvent[], source: EventSource) {
    let gap = false;
    for (const event of events) if (!apply(convId, event, source)) gap = true;
    return gap;
  }

  /** Ask for what we missed, until we are level with the highest seq seen. */
  async function sync(): Promise<void> {
    const on = connection;
    if (syncingOn === on || status !== 'connected' || !conversation) return;
    syncingOn = on;
    try {
      for (let rounds = 0; rounds < 50; rounds++) {
        const conv = conversation;
        if (!conv || status !== 'connected' || on !== connection) return;
        const reply = decode(
          await transport.emit({
            type: 'conversation.sync',
            conversationId: conv.id,
            afterSeq: conv.lastSeq,
          }),
        );
        if (reply?.type !== 'conversation.events') {
          if (reply?.type === 'error') logger.warn('[Switchboard] sync refused:', reply.code);
          return;
        }
        if (on !== connection || reply.conversation.id !== conv.id) return;
        applyAll(conv.id, reply.events, 'sync');
        if (reply.conversation.status === 'closed') conv.closed = true;
        changed();
        if (reply.events.length === 0) return;
        if (!reply.more && maxSeenSeq <= conv.lastSeq) return;
      }
    } catch (cause) {
      logger.warn('[Switchboard] sync failed; will retry on reconnect', cause);
    } finally {
      if (syncingOn === on) syncingOn = -1;
    }
  }

  // ----- handshake --------------------------------------------------------------------------

  /** The handshake's auth, read at every attempt: the token of the latest welcome, if any. */
  function currentAuth(): TransportAuth {
    const token = storage.getItem(keys.session);
    return token ? { token } : {};
  }

  function connect(): void {
    transport.connect(currentAuth);
  }

  function reconnectWithoutToken(): void {
    // The identity went with the token: say it again after the next welcome.
    if (lastIdentify) identifyAgain = true;
    storage.removeItem(keys.session);
    transport.disconnect();
    setStatus(everConnected ? 'reconnecting' : 'connecting');
    transport.connect(currentAuth);
  }

  function fail(frame: ErrorFrame): void {
    logger.error(`[Switchboard] ${frame.code}: ${frame.message}`);
    setStatus('failed', { code: frame.code, message: frame.message });
    transport.disconnect();
  }

  function onRefused(raw: unknown): void {
    const frame = decode(raw);
    if (frame?.type !== 'error') {
      // Not a typed refusal (network, proxy): the transport keeps trying.
      return;
    }
    if (TOKEN_CODES.includes(frame.code) && storage.getItem(keys.session)) {
      reconnectWithoutToken();
      return;
    }
    if (frame.code === 'RATE_LIMITED' || frame.code === 'UNAVAILABLE') {
      // A connection limit (a busy office NAT, say): try again in 10-30 s, spread out; the
      // relay's database out of reach: in a few seconds. Never give up.
      transport.disconnect();
      const generation = helloGeneration;
      const delay =
        frame.code === 'RATE_LIMITED'
          ? 1e4 + Math.random() * 2e4
          : retryDelayMs * (0.7 + Math.random() * 0.6);
      timers.setTimeout(() => generation === helloGeneration && connect(), delay);
      return;
    }
    fail(frame);
  }

  async function hello(): Promise<void> {
    const generation = ++helloGeneration;
    const conv = conversation;
    const frame: VisitorToServer = { type: 'session.hello', ...getContext() };
    if (conv && conv.lastSeq > 0)
      frame.resume = { conversationId: conv.id, afterSeq: conv.lastSeq };
    let reply: ServerToVisitor | null;
    try {
      reply = decode(await transport.emit(frame));
    } catch (cause) {
      // Timed out or dropped: the transport reconnects and we say hello again.
      logger.warn('[Switchboard] hello got no answer', cause);
      return;
    }
    if (generation !== helloGeneration || !reply) return;
    if (reply.type === 'error') {
      if (TOKEN_CODES.includes(reply.code) && storage.getItem(keys.session))
        reconnectWithoutToken();
      else if (reply.code === 'UNAVAILABLE') {
        // The relay's database is out of reach for a moment: say hello again (on this same
        // connection: a new one bumps the generation and says its own), never give up.
        timers.setTimeout(
          () => generation === helloGeneration && status !== 'failed' && void hello(),
          retryDelayMs * (0.7 + Math.random() * 0.6),
        );
      } else fail(reply);
      return;
    }
    if (reply.type !== 'session.welcome') {
      logger.warn('[Switchboard] unexpected answer to hello:', reply.type);
      return;
    }
    welcome(reply, Boolean(frame.resume));
    if (identifyAgain && lastIdentify) {
      identifyAgain = false;
      void identify(lastIdentify);
    }
  }

  function welcome(frame: SessionWelcome, resumed: boolean, identified = false): void {
    storage.setItem(keys.session, frame.token);
    const siteChanged = site !== null && JSON.stringify(site) !== JSON.stringify(frame.site);
    site = frame.site;
    visitor = frame.visitor;
    if (siteChanged) emit('site', frame.site);
    callbacks = [];
    for (const view of [...(frame.callbacks ?? [])].reverse()) upsertCallback(view);
    let needSync = false;
    const offered = frame.conversation;
    if (offered && offered.summary.id !== dismissedId) {
      const same = resumed && conversation?.id === offered.summary.id;
      if (!same) resetConversation(offered.summary.id, null);
      const conv = conversation as ConversationState;
      needSync = applyAll(conv.id, offered.events, same ? 'resume' : 'welcome') || offered.more;
      conv.summary = { ...offered.summary, lastSeq: conv.lastSeq };
      if (offered.summary.status === 'closed') conv.closed = true;
      if (offered.summary.mode === 'message') conv.deferred = true;
    } else if (!offered && conversation && !conversation.closed) {
      // The relay no longer has an open conversation for us.
      conversation = null;
    }
    everConnected = true;
    setStatus('connected');
    changed();
    emit('welcome', { visitorId: frame.visitor.id, identified });
    for (const go of waiting.splice(0)) go();
    for (const raw of early.splice(0)) onFrame(raw);
    if (needSync) void sync();
    void flush();
    features?.resend();
  }

  function onTransportStatus(event: TransportStatus): void {
    switch (event.type) {
      case 'open':
        if (status === 'idle' || status === 'failed') return;
        void hello();
        return;
      case 'closed':
        helloGeneration++;
        connection++;
        early.length = 0;
        lastTypingSent = null;
        if (status === 'idle' || status === 'failed') return;
        setStatus(everConnected ? 'reconnecting' : 'connecting');
        return;
      case 'refused':
        if (status === 'idle' || status === 'failed') return;
        onRefused(event.error);
        return;
    }
  }

  function onFrame(raw: unknown): void {
    if (status !== 'connected') {
      // Pushes can overtake the welcome's promise: keep them until it is handled.
      if (status === 'connecting' || status === 'reconnecting') early.push(raw);
      return;
    }
    const frame = decode(raw);
    if (!frame) return;
    switch (frame.type) {
      case 'conversation.event': {
        const ok = apply(frame.conversationId, frame.event, 'push');
        changed();
        if (!ok) void sync();
        return;
      }
      case 'conversation.events': {
        if (applyAll(frame.conversation.id, frame.events, 'push') || frame.more) void sync();
        changed();
        return;
      }
      case 'typing':
        if (frame.conversationId === conversation?.id && frame.role !== 'visitor') {
          emit('typing', frame);
        }
        return;
      case 'queue.status':
        queue = frame;
        changed();
        return;
      case 'callback.status':
        upsertCallback(frame.callback);
        changed();
        return;
      case 'site.updated':
        site = frame.site;
        emit('site', site);
        changed();
        return;
      case 'error':
        logger.warn(`[Switchboard] relay error ${frame.code}: ${frame.message}`);
        return;
      default:
        return;
    }
  }

  // ----- outbox -----------------------------------------------------------------------------

  function scheduleRetry(): void {
    if (retryTimer !== null) return;
    retryTimer = timers.setTimeout(() => {
      retryTimer = null;
      void flush();
      features?.resend();
    }, retryDelayMs);
  }

  /** Emit `sent` for a message this session sent, once, whichever confirms it first. */
  function reportSent(conversationId: string, clientId: string, text: string): void {
    if (unreported.delete(clientId)) emit('sent', { conversationId, clientId, text });
  }

  function onAck(ack: ChatAck, entry: OutboxEntry): void {
    outbox.remove(entry.clientId);
    failed.delete(entry.clientId);
    reportSent(ack.conversationId, ack.clientId, entry.text);
    if (!conversation || conversation.id !== ack.conversationId) {
      resetConversation(ack.conversationId, null);
    }
    const conv = conversation as ConversationState;
    const inLog = conv.events.some(
      (e) => e.type === 'message.created' && e.clientId === ack.clientId,
    );
    if (inLog || ack.seq <= conv.lastSeq) return;
    if (ack.seq === conv.lastSeq + 1 && visitor) {
      apply(
        conv.id,
        {
          type: 'message.created',
          seq: ack.seq,
          at: ack.at,
          id: ack.messageId,
          clientId: ack.clientId,
          author: { role: 'visitor', id: visitor.id, name: visitor.name },
          text: entry.text,
        },
        'ack',
      );
      return;
    }
    // Earlier events (the conversation's creation, an agent's reply) are still on their way.
    sent.set(ack.clientId, {
      clientId: ack.clientId,
      text: entry.text,
      at: ack.at,
      seq: ack.seq,
      conversationId: ack.conversationId,
    });
    maxSeenSeq = Math.max(maxSeenSeq, ack.seq);
    void sync();
  }

  /** The first message of a new conversation carries the pre-chat answers and the page's routing. */
  function startsConversation(frame: Extract<VisitorToServer, { type: 'chat.send' }>): void {
    const prechat = readPrechat();
    if (prechat && Object.keys(prechat).length > 0) frame.prechat = prechat;
    if (routing.departmentId !== undefined) frame.departmentId = routing.departmentId;
    if (routing.priority !== undefined) frame.priority = routing.priority;
    if (carried) frame.articleId = carried;
  }

  /** Emit once connected (waiting for it if needed); the decoded answer, or null. */
  async function ask(frame: VisitorToServer): Promise<ServerToVisitor | null> {
    if (status !== 'connected') await new Promise<void>((go) => waiting.push(go));
    try {
      return decode(await transport.emit(frame));
    } catch {
      return null;
    }
  }

  /** Send the outbox, one message at a time, in order, until empty or offline. */
  async function flush(): Promise<void> {
    const on = connection;
    if (flushingOn === on) return;
    flushingOn = on;
    try {
      while (status === 'connected' && on === connection) {
        const entry = outbox.list().find((e) => !failed.has(e.clientId));
        if (!entry) return;
        const conversationId =
          entry.conversationId && !deadIds.has(entry.conversationId)
            ? entry.conversationId
            : openConversationId();
        const frame: VisitorToServer = {
          type: 'chat.send',
          clientId: entry.clientId,
          text: entry.text,
        };
        if (conversationId) frame.conversationId = conversationId;
        else startsConversation(frame);
        unreported.add(entry.clientId);
        let reply: ServerToVisitor | null;
        try {
          reply = decode(await transport.emit(frame));
        } catch {
          // No answer in time: resend the same clientId later (the relay deduplicates).
          if (status === 'connected' && on === connection) scheduleRetry();
          return;
        }
        if (on !== connection) {
          // A late answer from a dropped connection: an ack still counts, the rest is retried.
          if (reply?.type === 'chat.ack' && outbox.has(reply.clientId)) onAck(reply, entry);
          changed();
          return;
        }
        if (reply?.type === 'chat.ack' && reply.clientId === entry.clientId) {
          if (frame.articleId) carried = null;
          onAck(reply, entry);
        } else if (reply?.type === 'error' && NEW_CONVERSATION_CODES.includes(reply.code)) {
          if (conversationId) deadIds.add(conversationId);
          if (conversation && conversation.id === conversationId) conversation.closed = true;
          const { conversationId: _dropped, ...fresh } = entry;
          outbox.update(fresh);
        } else if (reply?.type === 'error' && reply.code === 'NO_SESSION') {
          // Our hello was lost with a reconnect; the next welcome flushes again.
          return;
        } else if (
          reply?.type === 'error' &&
          (reply.code === 'RATE_LIMITED' || reply.code === 'UNAVAILABLE')
        ) {
          // A long offline queue met the per-minute limit, or the relay's database is out of
          // reach for a moment: the message stays queued, in order; try again shortly.
          scheduleRetry();
          return;
        } else {
          const reason: SessionError =
            reply?.type === 'error'
              ? { code: reply.code, message: reply.message }
              : { code: 'BAD_FRAME', message: 'The relay gave an unexpected answer.' };
          logger.warn(`[Switchboard] a message could not be sent: ${reason.code}`);
          failed.set(entry.clientId, reason);
        }
        changed();
      }
    } finally {
      if (flushingOn === on) flushingOn = -1;
    }
  }

  // ----- identity -------------------------------------------------------------------------

  /** Forget the conversation state (another visitor, a log-out, another tab's change). */
  function forgetConversation(): void {
    conversation = null;
    dismissedId = null;
    deadIds.clear();
    failed.clear();
    sent.clear();
    queue = null;
    maxSeenSeq = 0;
    callbacks = [];
  }

  /** Say who the visitor is (`visitor.identify`, a lazy command); remembered for a reconnect. */
  function identify(input: IdentifyInput): Promise<boolean> {
    lastIdentify = input;
    return withFeatures((f) => f.identify(input));
  }

  /** Disconnect and reset every in-memory state; `clear` also forgets what is stored. */
  function reset(clear: boolean): void {
    helloGeneration++;
    connection++;
    if (retryTimer !== null) timers.clearTimeout(retryTimer);
    retryTimer = null;
    setStatus('idle');
    transport.disconnect();
    if (clear) {
      storage.removeItem(keys.session);
      storage.removeItem(keys.outbox);
      storage.removeItem(keys.prechat);
      lastIdentify = null;
      identifyAgain = false;
      waiting.length = 0;
    }
    forgetConversation();
    site = null;
    visitor = null;
    everConnected = false;
    early.length = 0;
    carried = null;
    features?.forget();
    changed();
  }

  // ----- lazy commands ----------------------------------------------------------------------

  /** What the lazy commands may use. */
  const core: SessionCore = {
    connected: () => status === 'connected',
    connection: () => connection,
    emit: async (frame) => decode(await transport.emit(frame)),
    ask,
    upsert(view) {
      upsertCallback(view);
      changed();
    },
    answered: (view) => emit('callback', view),
    resume() {
      const conv = conversation;
      return conv && conv.lastSeq > 0 ? { conversationId: conv.id, afterSeq: conv.lastSeq } : null;
    },
    identified(reply, resumed) {
      const same = visitor?.id === reply.visitor.id;
      if (!same) {
        forgetConversation();
        // Messages written in a conversation the new visitor does not have are not theirs.
        const kept = reply.conversation?.summary.id;
        for (const entry of outbox.list()) {
          if (entry.conversationId && entry.conversationId !== kept) outbox.remove(entry.clientId);
        }
      }
      welcome(reply, same && resumed, true);
    },
    rejected() {
      lastIdentify = null;
    },
    conversation: () => conversation,
    openConversationId,
    changed,
    retry: scheduleRetry,
    locale: () => getContext().locale,
    newId,
    routing,
    logger,
  };

  /** Run a lazy command: at once when its chunk is here (prefetched at idle), else once it is. */
  function withFeatures<T>(run: (features: SessionFeatures) => Promise<T>): Promise<T> {
    const go = (module: FeaturesModule) => {
      features ??= module.createSessionFeatures(core);
      return run(features);
    };
    return featuresModule ? go(featuresModule) : loadSessionFeatures().then(go);
  }

  // ----- public API -------------------------------------------------------------------------

  transport.onFrame(onFrame);
  transport.onStatus(onTransportStatus);

  return {
    start() {
      if (status !== 'idle' && status !== 'failed') return;
      setStatus('connecting');
      connect();
    },
    stop() {
      helloGeneration++;
      if (retryTimer !== null) timers.clearTimeout(retryTimer);
      retryTimer = null;
      setStatus('idle');
      transport.disconnect();
    },
    identify,
    update: (input) => withFeatures((f) => f.update(input)),
    shutdown() {
      reset(true);
    },
    reload() {
      if (status === 'idle') return;
      reset(false);
      setStatus('connecting');
      connect();
    },
    follow(conversationId) {
      if (status !== 'connected' || deadIds.has(conversationId)) return;
      if (conversation?.id !== conversationId) {
        resetConversation(conversationId, null);
        dismissedId = null;
      }
      void sync();
    },
    send(text) {
      const trimmed = text.trim().slice(0, LIMITS.messageChars);
      const clientId = newId();
      if (!trimmed) return clientId;
      const entry: OutboxEntry = { clientId, text: trimmed, createdAt: now() };
      const conversationId = openConversationId();
      if (conversationId) entry.conversationId = conversationId;
      outbox.add(entry);
      changed();
      void flush();
      return clientId;
    },
    retry(clientId) {
      if (!failed.delete(clientId)) return;
      changed();
      void flush();
    },
    startNew() {
      if (conversation) dismissedId = conversation.id;
      conversation = null;
      maxSeenSeq = 0;
      changed();
    },
    setPrechat(answers) {
      const kept: PrechatAnswers = {};
      if (answers.name) kept.name = answers.name;
      if (answers.email) kept.email = answers.email;
      if (answers.topic) kept.topic = answers.topic;
      if (answers.phone) kept.phone = answers.phone;
      storage.setItem(keys.prechat, JSON.stringify(kept));
      changed();
    },
    defer: () => withFeatures((f) => f.defer()),
    setTyping(typing) {
      const conversationId = openConversationId();
      if (status !== 'connected' || !conversationId) return;
      const at = now();
      if (typing) {
        if (lastTypingSent?.typing && at - lastTypingSent.at < TYPING_THROTTLE_MS) return;
      } else if (!lastTypingSent?.typing) {
        return;
      }
      lastTypingSent = { typing, at };
      transport.send({ type: 'chat.typing', conversationId, typing });
    },
    callbackSlots: (query = {}) => withFeatures((f) => f.callbackSlots(query)),
    requestCallback: (input) => withFeatures((f) => f.requestCallback(input)),
    cancelCallback: (callbackId) => withFeatures((f) => f.cancelCallback(callbackId)),
    rescheduleCallback: (callbackId, window) =>
      withFeatures((f) => f.rescheduleCallback(callbackId, window)),
    searchArticles: (query, options = {}) => withFeatures((f) => f.searchArticles(query, options)),
    openArticle: (articleId, source) => withFeatures((f) => f.openArticle(articleId, source)),
    articleFeedback: (articleId, helpful) =>
      withFeatures((f) => f.articleFeedback(articleId, helpful)),
    submitSurvey: (target, answers) => withFeatures((f) => f.submitSurvey(target, answers)),
    carryArticle(articleId) {
      carried = articleId;
    },
    getState: snapshot,
    on(type, listener) {
      const set = listeners[type] as Set<typeof listener>;
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
}
