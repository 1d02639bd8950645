// The session's callback and help-article commands: a lazy chunk, prefetched with the chat
// panel's secondary views (views/lazy-views.tsx), since only those views and the callback form
// use them. They work through the primitives the session lends them (`SessionCore`).
import type {
  ArticleHit,
  ArticleView,
  CallbackRequest,
  CallbackView,
  ServerToVisitor,
  SessionWelcome,
  SurveyAnswers,
  TimeWindow,
  VisitorToServer,
} from '@switchboard/shared';
import type {
  CallbackError,
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

/** What the session lends its lazy commands. */
export interface SessionCore {
  /** The session is connected (welcomed). */
  connected(): boolean;
  /** The connection counter, bumped whenever the connection drops. */
  connection(): number;
  /** Emit now and decode the answer (null if malformed); rejects when there is no answer. */
  emit(frame: VisitorToServer): Promise<ServerToVisitor | null>;
  /** Emit once connected (waiting for it); the decoded answer, or null. */
  ask(frame: VisitorToServer): Promise<ServerToVisitor | null>;
  /** Keep the newest state of a callback and publish the change. */
  upsert(view: CallbackView): void;
  /** Emit the session's `callback` event. */
  answered(view: CallbackView): void;
  /** Try again in a while (the session's retry timer). */
  retry(): void;
  locale(): string | undefined;
  newId(): string;
  routing: PageRouting;
  logger: Pick<Console, 'warn' | 'error'>;
  /** What `resume` to send: the conversation held and its last seq, if any. */
  resume(): { conversationId: string; afterSeq: number } | null;
  /** Apply the welcome answering `visitor.identify` (another visitor: their state is forgotten). */
  identified(reply: SessionWelcome, resumed: boolean): void;
  /** The relay rejected the identity: it is not sent again on a reconnect. */
  rejected(): void;
  conversation(): ConversationState | null;
  openConversationId(): string | undefined;
  /** Publish the session's state. */
  changed(): void;
}

/** The commands of one session, created when first used. */
export interface SessionFeatures {
  callbackSlots(query: { topic?: string }): Promise<SlotsResult>;
  requestCallback(input: CallbackRequestInput): Promise<CallbackResult>;
  cancelCallback(callbackId: string): Promise<CallbackResult>;
  rescheduleCallback(callbackId: string, window: TimeWindow | null): Promise<CallbackResult>;
  /** Send the pending callback request again, if any (after a welcome or a retry delay). */
  resend(): void;
  /** Forget the pending request (log-out, reset); its promise never settles. */
  forget(): void;
  searchArticles(
    query: string,
    options: { purpose?: 'search' | 'suggest'; limit?: number },
  ): Promise<ArticleHit[] | null>;
  openArticle(
    articleId: string,
    source: 'search' | 'suggestion' | 'api' | 'link',
  ): Promise<ArticleView | null>;
  articleFeedback(articleId: string, helpful: boolean): Promise<boolean>;
  submitSurvey(target: SurveyTarget, answers: SurveyAnswers): Promise<SurveyResult>;
  /** `visitor.identify` (with `resume`); true when welcomed. */
  identify(input: IdentifyInput): Promise<boolean>;
  /** `visitor.update`; true on `ok`. */
  update(input: UpdateInput): Promise<boolean>;
  /** `conversation.defer` ("Leave a message"); true on `ok`. */
  defer(): Promise<boolean>;
}

const OFFLINE: CallbackError = { code: 'OFFLINE', message: 'No connection to the relay.' };

/** The relay's refusal as a callback error (or an unexpected answer). */
function refusal(reply: ServerToVisitor | null): CallbackError {
  return reply?.type === 'error'
    ? { code: reply.code, message: reply.message }
    : { code: 'BAD_FRAME', message: 'The relay gave an unexpected answer.' };
}

/**
 * The callback and help-article commands of a session, on the primitives it lends.
 * @example const features = createSessionFeatures(core); await features.callbackSlots({});
 */
export function createSessionFeatures(core: SessionCore): SessionFeatures {
  /** The callback request waiting for its answer; resent with the same clientId until it has one. */
  let pending: {
    frame: CallbackRequest;
    promise: Promise<CallbackResult>;
    settle: (result: CallbackResult) => void;
  } | null = null;
  let requestingOn = -1;
  let deferring = false;

  /** Send the pending callback request (same clientId every time) until it is answered. */
  async function send(): Promise<void> {
    const request = pending;
    const on = core.connection();
    if (!request || !core.connected() || requestingOn === on) return;
    requestingOn = on;
    let reply: ServerToVisitor | null;
    try {
      reply = await core.emit(request.frame);
    } catch {
      // No answer: the relay may have it; the same clientId goes again (after a reconnect).
      if (core.connected() && on === core.connection()) core.retry();
      return;
    } finally {
      if (requestingOn === on) requestingOn = -1;
    }
    if (pending !== request) return;
    if (reply?.type === 'callback.status') {
      pending = null;
      core.upsert(reply.callback);
      core.answered(reply.callback);
      request.settle({ ok: true, callback: reply.callback });
      return;
    }
    // Our hello was lost with a reconnect, or this answer is from a dropped connection.
    if ((reply?.type === 'error' && reply.code === 'NO_SESSION') || on !== core.connection()) {
      return;
    }
    pending = null;
    const error = refusal(reply);
    core.logger.warn(`[Switchboard] the callback request was refused: ${error.code}`);
    request.settle({ ok: false, error });
  }

  /** A one-shot callback command answered with `callback.status`. */
  async function command(frame: VisitorToServer): Promise<CallbackResult> {
    if (!core.connected()) return { ok: false, error: OFFLINE };
    let reply: ServerToVisitor | null;
    try {
      reply = await core.emit(frame);
    } catch {
      return { ok: false, error: OFFLINE };
    }
    if (reply?.type === 'callback.status') {
      core.upsert(reply.callback);
      return { ok: true, callback: reply.callback };
    }
    const error = refusal(reply);
    core.logger.warn(`[Switchboard] ${frame.type} was refused: ${error.code}`);
    return { ok: false, error };
  }

  return {
    async callbackSlots(query) {
      if (!core.connected()) return { ok: false, error: OFFLINE };
      const frame: VisitorToServer = { type: 'callback.availability' };
      if (query.topic) frame.topic = query.topic;
      if (core.routing.departmentId !== undefined) frame.departmentId = core.routing.departmentId;
      let reply: ServerToVisitor | null;
      try {
        reply = await core.emit(frame);
      } catch {
        return { ok: false, error: OFFLINE };
      }
      if (reply?.type === 'callback.slots') return { ok: true, slots: reply };
      return { ok: false, error: refusal(reply) };
    },
    requestCallback(input) {
      if (pending) return pending.promise;
      const frame: CallbackRequest = { ...input, type: 'callback.request', clientId: core.newId() };
      if (frame.departmentId === undefined && core.routing.departmentId !== undefined) {
        frame.departmentId = core.routing.departmentId;
      }
      let settle: (result: CallbackResult) => void = () => {};
      const promise = new Promise<CallbackResult>((resolve) => {
        settle = resolve;
      });
      pending = { frame, promise, settle };
      void send();
      return promise;
    },
    cancelCallback: (callbackId) => command({ type: 'callback.cancel', callbackId }),
    rescheduleCallback: (callbackId, window) =>
      command({ type: 'callback.reschedule', callbackId, window }),
    resend() {
      void send();
    },
    forget() {
      pending = null;
    },
    async searchArticles(query, options) {
      const frame: VisitorToServer = { type: 'faq.search', query: query.slice(0, 200), ...options };
      const locale = core.locale();
      if (locale) frame.locale = locale;
      const reply = await core.ask(frame);
      return reply?.type === 'faq.results' ? reply.results : null;
    },
    async openArticle(articleId, source) {
      const reply = await core.ask({ type: 'article.open', articleId, source });
      return reply?.type === 'faq.article' ? reply.article : null;
    },
    async articleFeedback(articleId, helpful) {
      return (await core.ask({ type: 'article.feedback', articleId, helpful }))?.type === 'ok';
    },
    async submitSurvey(target, answers) {
      // Waits for the connection: a tap made offline goes out once the relay is back.
      const reply = await core.ask({ type: 'survey.submit', ...target, ...answers });
      if (reply?.type === 'ok') return { ok: true };
      // No answer (the connection dropped on the way): the caller keeps it for a retry.
      const error = reply ? refusal(reply) : OFFLINE;
      core.logger.warn(`[Switchboard] the survey answer was not taken: ${error.code}`);
      return { ok: false, error };
    },
    async identify(input) {
      const frame: VisitorToServer = { ...input, type: 'visitor.identify' };
      const resume = core.resume();
      if (resume) frame.resume = resume;
      const reply = await core.ask(frame);
      if (reply?.type === 'session.welcome') {
        core.identified(reply, Boolean(resume));
        return true;
      }
      if (reply?.type === 'error' && reply.code === 'IDENTITY_REJECTED') {
        core.rejected();
        core.logger.error(
          '[Switchboard] identify: the relay rejected the identity (check userHash: HMAC-SHA256 of userId with the site secret)',
        );
      } else {
        core.logger.warn(
          `[Switchboard] identify failed: ${reply?.type === 'error' ? reply.code : 'no answer'}`,
        );
      }
      return false;
    },
    async update(input) {
      const reply = await core.ask({ ...input, type: 'visitor.update' });
      if (reply?.type === 'ok') return true;
      core.logger.warn(
        `[Switchboard] setAttributes failed: ${reply?.type === 'error' ? reply.code : 'no answer'}`,
      );
      return false;
    },
    async defer() {
      const conv = core.conversation();
      const conversationId = core.openConversationId();
      if (!conv || !conversationId || !core.connected() || deferring) return false;
      let reply: ServerToVisitor | null;
      deferring = true;
      try {
        reply = await core.emit({ type: 'conversation.defer', conversationId });
      } catch (cause) {
        core.logger.warn('[Switchboard] leaving a message got no answer', cause);
        return false;
      } finally {
        deferring = false;
      }
      if (reply?.type !== 'ok') {
        core.logger.warn(
          `[Switchboard] leaving a message was refused: ${reply?.type === 'error' ? reply.code : 'unexpected answer'}`,
        );
        return false;
      }
      conv.deferred = true;
      core.changed();
      return true;
    },
  };
}
