import {
  type AgentToServer,
  type ArticleDelete,
  type ArticleSave,
  type CallbackOutcome,
  type CallbackRecord,
  type CannedDelete,
  type CannedSave,
  type ConversationTransfer,
  type DepartmentSave,
  decodeServerToAgent,
  type ErrorCode,
  ErrorFrame,
  type ForecastGet,
  type KpiGet,
  LIMITS,
  type Presence,
  type QaReviewsGet,
  type ServerToAgent,
  type SiteSave,
  type WrapUp,
} from '@switchboard/shared';
import type { ConsoleStore } from '../store/create-store.js';
import { TYPING_TTL_MS } from '../store/reduce.js';
import type { ComposeMode } from '../store/state.js';
import type { AgentTransport } from './transport.js';

/** How long a request waits for the relay's ack. @default 10000 */
export const REQUEST_TIMEOUT_MS = 10_000;
/** A reply that got no answer while connected is sent again after this pause. */
export const RESEND_DELAY_MS = 3_000;
/** `chat.typing: true` is sent at most this often while the agent types. @default 3000 */
export const TYPING_THROTTLE_MS = 3_000;

/** Codes after which the token is useless: the agent must sign in again. */
const AUTH_CODES: ReadonlySet<string> = new Set(['TOKEN_EXPIRED', 'INVALID_TOKEN', 'UNAUTHORIZED']);
/** Handshake refusals that no reconnect can fix; the session ends with the code as the reason. */
const FATAL_HANDSHAKE_CODES: ReadonlySet<string> = new Set([...AUTH_CODES, 'PROTOCOL_MISMATCH']);

/**
 * The answer to a command: done, or refused with the relay's code and message. `NETWORK` means
 * no answer came (timeout, connection lost).
 */
export type CommandResult =
  | { ok: true }
  | { ok: false; code: ErrorCode | 'NETWORK'; message: string };

/** Where a transfer goes, as `conversation.transfer` names it. */
export type TransferTarget = ConversationTransfer['to'];

/** The answer to `article.render`: the relay's sanitised HTML, or why there is none. */
export type RenderResult =
  | { ok: true; html: string }
  | { ok: false; code: ErrorCode | 'NETWORK'; message: string };

/** What the views can ask of the relay. */
export interface AgentClient {
  /**
   * Show a conversation (null: none) and subscribe to it, receiving the events after the last
   * held; the customer's earlier conversations are asked for too (`customer.history`).
   */
  open(conversationId: string | null): void;
  /**
   * Reply (or, with `mode` `note`/`whisper`, write an internal note): shown at once as pending,
   * sent with a fresh clientId, resent after a reconnect.
   */
  send(conversationId: string, text: string, mode?: ComposeMode): void;
  /** Set my availability: shown at once, put back if the relay refuses. */
  setPresence(presence: Presence): Promise<CommandResult>;
  /** Accept the conversation offered to me (`offer.accept`). */
  acceptOffer(conversationId: string): Promise<CommandResult>;
  /** Pass on the conversation offered to me (`offer.decline`). */
  declineOffer(conversationId: string): Promise<CommandResult>;
  /** Assign to an agent: myself (take from the queue) or, for supervisors, anyone (reassign). */
  assign(conversationId: string, agentId: string): Promise<CommandResult>;
  /** Hand over to an agent or a department, with a note for the next agent. */
  transfer(conversationId: string, to: TransferTarget, note?: string): Promise<CommandResult>;
  /** Supervisors: join a conversation, visibly to the visitor. */
  join(conversationId: string): Promise<CommandResult>;
  /**
   * Supervisors: save a department, a canned response, a help article or a site's appearance, or
   * delete a canned response or an article.
   */
  save(
    frame: DepartmentSave | CannedSave | CannedDelete | ArticleSave | ArticleDelete | SiteSave,
  ): Promise<CommandResult>;
  /** Supervisors: fetch every help article (`articles.get`, answered by `articles.list`). */
  articles(): Promise<CommandResult>;
  /** Render Markdown as visitors will see it (`article.render`), for the editor's preview. */
  renderArticle(body: string): Promise<RenderResult>;
  /** Supervisors: self-service metrics over `[from, to]` (`faq.metrics.get`). */
  faqMetrics(range: { from: number; to: number }): Promise<CommandResult>;
  /** Supervisors: the KPIs over a range, filtered and bucketed (`kpi.get`, answered by `kpi.report`). */
  kpis(query: Omit<KpiGet, 'type'>): Promise<CommandResult>;
  /** Supervisors: a department's staffing forecast (`forecast.get`, answered by `forecast`). */
  forecast(query: Omit<ForecastGet, 'type'>): Promise<CommandResult>;
  /** Supervisors: save a department's agents scheduled per hour of the week (`staffing.save`). */
  saveStaffing(departmentId: string, scheduled: number[]): Promise<CommandResult>;
  /** Claim a scheduled callback to dial it (`callback.claim`). */
  claimCallback(callbackId: string): Promise<CommandResult>;
  /** Give a claimed callback back to the queue (`callback.release`). */
  releaseCallback(callbackId: string): Promise<CommandResult>;
  /**
   * Record how my call went, with optional call notes and, for a call that reached the customer,
   * the wrap-up code (`callback.outcome`).
   */
  recordOutcome(
    callbackId: string,
    outcome: CallbackOutcome,
    note?: string,
    dispositionId?: string,
  ): Promise<CommandResult>;
  /**
   * Wrap up a conversation (`conversation.wrapup`); with `close`, close it first
   * (`conversation.close`) and wrap up only once the relay said `ok`.
   */
  wrapUp(
    conversationId: string,
    wrapUp: WrapUp,
    options?: { close?: boolean },
  ): Promise<CommandResult>;
  /** Supervisors: score a closed conversation against the QA scorecard (`qa.review.save`). */
  saveReview(
    conversationId: string,
    scores: Record<string, number>,
    comment?: string,
  ): Promise<CommandResult>;
  /** QA reviews and their roll-up (`qa.reviews.get`, answered by `qa.reviews`). */
  qaReviews(filter?: Omit<QaReviewsGet, 'type'>): Promise<CommandResult>;
  /** One click after a cut-off chat: a callback as soon as possible (`callback.create`). */
  createCallback(conversationId: string): Promise<CommandResult>;
  /** Supervisors: fetch the webhook delivery log (`webhooks.log`, answered by `webhooks.deliveries`). */
  webhooksLog(): Promise<CommandResult>;
  /** The agent is typing; throttled to one `chat.typing` per {@link TYPING_THROTTLE_MS}. */
  typing(conversationId: string): void;
  /** The agent stopped typing (sent, or left the composer). */
  stopTyping(conversationId: string): void;
  /** End the conversation. */
  close(conversationId: string): Promise<void>;
  /** Disconnect and stop every timer. */
  dispose(): void;
}

/** Dependencies of {@link createAgentClient}; clock, ids and timers are injectable for tests. */
export interface AgentClientOptions {
  transport: AgentTransport;
  store: ConsoleStore;
  /**
   * Called when the session cannot go on (token expired or invalid, protocol mismatch): the app
   * returns to sign-in with a note for the code.
   */
  onAuthFailure: (code: ErrorCode) => void;
  /** @default Date.now */
  now?: () => number;
  /** @default crypto.randomUUID */
  newId?: () => string;
  /** @default REQUEST_TIMEOUT_MS */
  requestTimeoutMs?: number;
}

/**
 * The console's session logic over an injected transport: hello and welcome, opening and syncing
 * conversations by seq, the outbox of replies keyed by clientId, typing, and reconnects. Every
 * frame from the relay goes through `decodeServerToAgent` and then into the store.
 * @example
 * const client = createAgentClient({ transport: createSocketTransport(token), store, onAuthFailure })
 * client.open('c_123')
 */
export function createAgentClient(options: AgentClientOptions): AgentClient {
  const { transport, store, onAuthFailure } = options;
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const timeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const syncing = new Set<string>();
  let disposed = false;
  let typingIn: string | null = null;
  let typingSentAt = 0;

  const online = () => !disposed && store.getState().connection === 'online';

  function authFailed(code: ErrorCode): void {
    if (disposed) return;
    dispose();
    onAuthFailure(code);
  }

  function notice(frame: ErrorFrame, conversationId?: string): void {
    if (AUTH_CODES.has(frame.code)) {
      authFailed(frame.code);
      return;
    }
    store.dispatch({
      type: 'notice',
      notice: conversationId
        ? { code: frame.code, message: frame.message, conversationId }
        : { code: frame.code, message: frame.message },
    });
  }

  /** Emit and wait for the answer, decoded. Null when it timed out or was not a valid frame. */
  async function ask(frame: AgentToServer): Promise<ServerToAgent | null> {
    let raw: unknown;
    try {
      raw = await transport.request(frame, timeoutMs);
    } catch {
      return null;
    }
    const decoded = decodeServerToAgent(raw);
    if (decoded.ok) return decoded.value;
    console.warn(
      `[switchboard] the relay answered "${frame.type}" with a bad frame`,
      decoded.error,
    );
    return null;
  }

  function later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!disposed) run();
    }, ms);
    timers.add(timer);
  }

  function apply(frame: ServerToAgent): void {
    if (disposed) return;
    store.dispatch({ type: 'frame', frame, now: now() });
    switch (frame.type) {
      case 'typing':
        if (frame.typing) {
          later(TYPING_TTL_MS + 50, () => store.dispatch({ type: 'typing.expire', now: now() }));
        }
        break;
      case 'conversation.event':
        syncIfGap(frame.conversationId);
        break;
      case 'conversation.events':
        syncIfGap(frame.conversation.id, frame.more);
        break;
      case 'chat.ack': {
        // Our reply landed past events we have not seen: fetch them.
        const thread = store.getState().threads[frame.conversationId];
        if (thread?.loaded && frame.seq > thread.lastSeq + 1) void sync(frame.conversationId);
        break;
      }
      case 'error':
        notice(frame);
        break;
      default:
        break;
    }
  }

  function syncIfGap(conversationId: string, more = false): void {
    const thread = store.getState().threads[conversationId];
    if (thread && (thread.gap || more)) void sync(conversationId);
  }

  async function sync(conversationId: string): Promise<void> {
    if (syncing.has(conversationId) || !online()) return;
    syncing.add(conversationId);
    const before = store.getState().threads[conversationId]?.lastSeq ?? 0;
    const answer = await ask({ type: 'conversation.sync', conversationId, afterSeq: before });
    syncing.delete(conversationId);
    if (!answer) return;
    if (answer.type === 'error') {
      notice(answer, conversationId);
      return;
    }
    if (answer.type !== 'conversation.events') {
      apply(answer);
      return;
    }
    store.dispatch({ type: 'frame', frame: answer, now: now() });
    // Only keep asking while the answers move us forward, so a relay that cannot fill a hole
    // does not make us loop.
    const thread = store.getState().threads[conversationId];
    if (thread && thread.lastSeq > before && (answer.more || thread.gap)) void sync(conversationId);
  }

  async function subscribe(conversationId: string): Promise<void> {
    const afterSeq = store.getState().threads[conversationId]?.lastSeq ?? 0;
    const answer = await ask({ type: 'conversation.open', conversationId, afterSeq });
    if (!answer || disposed) return;
    if (answer.type === 'error') {
      notice(answer, conversationId);
      return;
    }
    apply(answer);
    if (answer.type === 'conversation.events') void history(answer.conversation.visitor.id);
  }

  /** The customer's earlier conversations, for the context panel. Failures only lose the list. */
  async function history(visitorId: string): Promise<void> {
    if (!online()) return;
    const answer = await ask({ type: 'customer.history', visitorId });
    if (answer?.type === 'customer.conversations') apply(answer);
  }

  /** A request answered by `ok` or `error`; other answers (a snapshot, say) are applied too. */
  async function command(frame: AgentToServer): Promise<CommandResult> {
    if (!online()) return { ok: false, code: 'NETWORK', message: '' };
    const answer = await ask(frame);
    if (!answer) return { ok: false, code: 'NETWORK', message: '' };
    if (answer.type === 'error') {
      if (AUTH_CODES.has(answer.code)) authFailed(answer.code);
      return { ok: false, code: answer.code, message: answer.message };
    }
    if (answer.type !== 'ok') apply(answer);
    return { ok: true };
  }

  /**
   * Conversations whose outbox is being sent (one message at a time, in the order written), with
   * the connection each pump started on: after a reconnect a new pump takes over at once, and one
   * still waiting on the old connection stops when its answer comes.
   */
  const pumping = new Map<string, number>();
  let connection = 0;

  /**
   * Send a conversation's outbox in order: each message once the one before it is answered, so a
   * message that has to go again (no answer, rate-limited, the relay between database or cluster
   * owners) is never overtaken by a later one. Stops while offline; the next welcome resumes it.
   */
  async function pump(conversationId: string): Promise<void> {
    const mine = connection;
    if (pumping.get(conversationId) === mine) return;
    pumping.set(conversationId, mine);
    try {
      for (;;) {
        if (disposed || !online() || pumping.get(conversationId) !== mine) return;
        const next = store
          .getState()
          .outbox.find((m) => m.conversationId === conversationId && m.status === 'sending');
        if (!next) return;
        if ((await deliver(next.clientId)) === 'again') {
          await new Promise<void>((resume) => later(RESEND_DELAY_MS, resume));
        }
      }
    } finally {
      if (pumping.get(conversationId) === mine) pumping.delete(conversationId);
    }
  }

  /** Send one outbox message; 'again' when it must go again after a pause (same clientId). */
  async function deliver(clientId: string): Promise<'done' | 'again'> {
    const pending = store.getState().outbox.find((m) => m.clientId === clientId);
    if (!pending || pending.status === 'sent' || !online()) return 'done';
    const { conversationId, text, mode } = pending;
    const answer = await ask(
      mode === 'note' || mode === 'whisper'
        ? { type: 'note.send', conversationId, clientId, kind: mode, text }
        : { type: 'chat.send', conversationId, clientId, text },
    );
    // No answer: it stays "Sending…". Still connected (the request timed out on a busy relay):
    // it goes again after a pause, with the same clientId (the relay deduplicates); after a drop,
    // the next welcome resends it. Rate-limited, or the relay's database out of reach for a
    // moment: the same pause.
    if (disposed) return 'done';
    // Dropped: the pump stops, and the next welcome starts it again.
    if (!answer && !online()) return 'done';
    if (
      !answer ||
      (answer.type === 'error' && (answer.code === 'RATE_LIMITED' || answer.code === 'UNAVAILABLE'))
    ) {
      return 'again';
    }
    if (answer.type === 'error') {
      store.dispatch({ type: 'outbox.status', clientId, status: 'failed' });
      notice(answer, pending.conversationId);
    } else {
      apply(answer);
    }
    return 'done';
  }

  async function hello(): Promise<void> {
    const answer = await ask({ type: 'agent.hello' });
    if (disposed) return;
    if (!answer) {
      store.dispatch({ type: 'connection', status: 'reconnecting' });
      return;
    }
    if (answer.type !== 'agent.welcome') {
      if (answer.type === 'error' && answer.code === 'UNAVAILABLE') {
        // The relay's database is out of reach: say hello again shortly.
        later(RESEND_DELAY_MS, () => void (online() && hello()));
        return;
      }
      if (answer.type === 'error') notice(answer);
      return;
    }
    apply(answer);
    store.dispatch({ type: 'connection', status: 'online' });
    const { selectedId, outbox } = store.getState();
    if (selectedId) void subscribe(selectedId);
    // Resend what was never acknowledged, with the same clientId (the relay deduplicates), in
    // the order written, by new pumps (a pump of the last connection may still wait on it).
    connection += 1;
    const waiting = new Set(
      outbox.filter((m) => m.status === 'sending').map((m) => m.conversationId),
    );
    for (const conversationId of waiting) void pump(conversationId);
  }

  transport.onConnect(() => {
    if (!disposed) void hello();
  });
  transport.onDisconnect((_reason, willReconnect) => {
    if (disposed) return;
    typingIn = null;
    syncing.clear();
    store.dispatch({ type: 'connection', status: willReconnect ? 'reconnecting' : 'offline' });
  });
  transport.onConnectError((failure, willReconnect) => {
    if (disposed) return;
    const refused = ErrorFrame.safeParse(failure.data);
    const code = refused.success ? refused.data.code : failure.message;
    if (FATAL_HANDSHAKE_CODES.has(code)) {
      authFailed(code as ErrorCode);
      return;
    }
    if (refused.success) notice(refused.data);
    store.dispatch({ type: 'connection', status: willReconnect ? 'reconnecting' : 'offline' });
  });
  transport.onFrame((raw) => {
    const decoded = decodeServerToAgent(raw);
    if (decoded.ok) apply(decoded.value);
    else console.warn('[switchboard] ignored a bad frame from the relay', decoded.error.code);
  });

  function dispose(): void {
    if (disposed) return;
    disposed = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    transport.close();
  }

  function stopTyping(conversationId: string): void {
    if (typingIn !== conversationId) return;
    typingIn = null;
    typingSentAt = 0;
    if (online()) transport.send({ type: 'chat.typing', conversationId, typing: false });
  }

  return {
    open(conversationId) {
      const previous = store.getState().selectedId;
      if (previous && previous !== conversationId) stopTyping(previous);
      store.dispatch({ type: 'select', conversationId });
      if (conversationId && online()) void subscribe(conversationId);
    },
    send(conversationId, raw, mode = 'reply') {
      const text = raw.trim();
      if (!text || text.length > LIMITS.messageChars) return;
      if (mode === 'reply') stopTyping(conversationId);
      const clientId = newId();
      const message = {
        clientId,
        conversationId,
        text,
        createdAt: now(),
        status: 'sending' as const,
      };
      store.dispatch({
        type: 'outbox.add',
        message: mode === 'reply' ? message : { ...message, mode },
      });
      void pump(conversationId);
    },
    async setPresence(presence) {
      const before = store.getState().presence;
      store.dispatch({ type: 'presence', presence });
      const result = await command({ type: 'presence.set', presence });
      if (!result.ok && store.getState().presence === presence) {
        store.dispatch({ type: 'presence', presence: before });
      }
      return result;
    },
    acceptOffer: (conversationId) => command({ type: 'offer.accept', conversationId }),
    declineOffer: (conversationId) => command({ type: 'offer.decline', conversationId }),
    assign: (conversationId, agentId) =>
      command({ type: 'conversation.assign', conversationId, agentId }),
    transfer(conversationId, to, note) {
      const text = note?.trim();
      return command(
        text
          ? { type: 'conversation.transfer', conversationId, to, note: text }
          : { type: 'conversation.transfer', conversationId, to },
      );
    },
    join: (conversationId) => command({ type: 'conversation.join', conversationId }),
    save: (frame) => command(frame),
    claimCallback: (callbackId) => command({ type: 'callback.claim', callbackId }),
    releaseCallback: (callbackId) => command({ type: 'callback.release', callbackId }),
    recordOutcome(callbackId, outcome, note, dispositionId) {
      const text = note?.trim();
      const frame: CallbackRecord = text
        ? { type: 'callback.outcome', callbackId, outcome, note: text }
        : { type: 'callback.outcome', callbackId, outcome };
      return command(dispositionId ? { ...frame, dispositionId } : frame);
    },
    async wrapUp(conversationId, wrapUp, options = {}) {
      if (options.close) {
        stopTyping(conversationId);
        const closed = await command({ type: 'conversation.close', conversationId });
        if (!closed.ok) return closed;
      }
      const note = wrapUp.note?.trim();
      const { dispositionId, resolved } = wrapUp;
      return command(
        note
          ? { type: 'conversation.wrapup', conversationId, dispositionId, resolved, note }
          : { type: 'conversation.wrapup', conversationId, dispositionId, resolved },
      );
    },
    saveReview(conversationId, scores, comment) {
      const text = comment?.trim();
      return command(
        text
          ? { type: 'qa.review.save', conversationId, scores, comment: text }
          : { type: 'qa.review.save', conversationId, scores },
      );
    },
    qaReviews: (filter = {}) => command({ type: 'qa.reviews.get', ...filter }),
    createCallback: (conversationId) => command({ type: 'callback.create', conversationId }),
    webhooksLog: () => command({ type: 'webhooks.log' }),
    articles: () => command({ type: 'articles.get' }),
    async renderArticle(body) {
      if (!online()) return { ok: false, code: 'NETWORK', message: '' };
      const answer = await ask({ type: 'article.render', body });
      if (!answer) return { ok: false, code: 'NETWORK', message: '' };
      if (answer.type === 'article.preview') return { ok: true, html: answer.html };
      if (answer.type === 'error') {
        if (AUTH_CODES.has(answer.code)) authFailed(answer.code);
        return { ok: false, code: answer.code, message: answer.message };
      }
      apply(answer);
      return { ok: false, code: 'NETWORK', message: '' };
    },
    faqMetrics: ({ from, to }) => command({ type: 'faq.metrics.get', from, to }),
    kpis: (query) => command({ type: 'kpi.get', ...query }),
    forecast: (query) => command({ type: 'forecast.get', ...query }),
    saveStaffing: (departmentId, scheduled) =>
      command({ type: 'staffing.save', departmentId, scheduled }),
    typing(conversationId) {
      if (!online()) return;
      const at = now();
      if (typingIn === conversationId && at - typingSentAt < TYPING_THROTTLE_MS) return;
      typingIn = conversationId;
      typingSentAt = at;
      transport.send({ type: 'chat.typing', conversationId, typing: true });
    },
    stopTyping,
    async close(conversationId) {
      stopTyping(conversationId);
      const answer = await ask({ type: 'conversation.close', conversationId });
      if (answer?.type === 'error') notice(answer, conversationId);
      else if (answer && answer.type !== 'ok') apply(answer);
    },
    dispose,
  };
}
