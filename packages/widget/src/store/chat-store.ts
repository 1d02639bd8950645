import type {
  CallbackView,
  ConversationEvent,
  PrechatAnswers,
  SurveyAnswers,
  TimeWindow,
} from '@switchboard/shared';
import type { Session, SessionState, Timers } from '../client/session.js';
import type { CallbackRequestInput, CallbackResult, SlotsResult } from '../client/session-types.js';
import { createBrowserStorage, type KeyValueStorage } from '../client/storage.js';
import type { CallbackFormActions } from './callback-form.js';
import type { FaqActions, FaqState } from './faq.js';
import type { Surveys } from './survey.js';
import { dueTriggers, greetingsKey } from './triggers.js';
import type {
  AlternativeChoice,
  AlternativesView,
  AttentionBubble,
  CallbackFormRequest,
  ChatItem,
  ChatViewState,
  PhoneCheck,
  PrechatErrors,
  PrechatForm,
} from './types.js';

export type {
  CallbackError,
  CallbackRequestInput,
  CallbackResult,
  SlotsResult,
} from '../client/session-types.js';
export type { ArticleSource, FaqActions, FaqState, OpenArticle } from './faq.js';

/** The default brand colour. @default '#1f6f5c' */
export const DEFAULT_COLOR = '#1f6f5c';

/** How long a typing indicator lasts without a refresh. @default 6000 */
export const TYPING_EXPIRY_MS = 6_000;

/** What the store reads from the page (tests inject both). */
export interface StoreEnvironment {
  /** Where seen greetings are remembered. @default localStorage (memory when unavailable) */
  storage?: KeyValueStorage;
  /** The page's path, for greeting patterns. @default location.pathname */
  pathname?: () => string;
}

/** The store: state, subscriptions, and the actions views call. */
export interface ChatStore extends FaqActions {
  getState(): ChatViewState;
  subscribe(listener: (state: ChatViewState) => void): () => void;
  open(): void;
  close(): void;
  toggle(): void;
  /**
   * Send a message. While the pre-chat form shows, `prechat` holds its answers: they are checked
   * (required fields, email) and remembered; with errors nothing is sent and the errors are returned.
   * A phone number is checked with `phone` (the lazy phone module) and sent as E.164.
   * @returns null when sent
   */
  send(text: string, prechat?: PrechatAnswers, phone?: PhoneCheck): PrechatErrors | null;
  retry(clientId: string): void;
  startNew(): void;
  setTyping(typing: boolean): void;
  /** "Leave a message": stop waiting, be answered later in the same conversation. */
  defer(): void;
  /** The visitor picked the FAQ or a callback; listeners of `onAlternative` decide what happens. */
  chooseAlternative(kind: AlternativeChoice['kind']): void;
  /** Close the preview or greeting bubble without opening the panel. */
  dismissBubble(): void;
  /** Hear about {@link chooseAlternative}. Returns an unsubscribe. */
  onAlternative(listener: (choice: AlternativeChoice) => void): () => void;
  /**
   * Open the callback form for a new request ("Call me back"; also from an article). `prefill`
   * comes from the page's `requestCallback` and wins over the pre-chat answers.
   */
  openCallback(prefill?: { name?: string; phone?: string; note?: string }): void;
  /** Another tab showed the conversation: the unread count goes to 0. */
  markRead(): void;
  /** Open the slot picker for a new time of this callback ("Change time"). */
  changeCallbackTime(callbackId: string): void;
  /** Close the callback form ("Back", "Done"). */
  closeCallback(): void;
  callbackSlots(topic?: string): Promise<SlotsResult>;
  requestCallback(input: CallbackRequestInput): Promise<CallbackResult>;
  cancelCallback(callbackId: string): Promise<CallbackResult>;
  rescheduleCallback(callbackId: string, window: TimeWindow | null): Promise<CallbackResult>;
  /** Answer the survey's current question (one tap) or send the comment: on to the next step. */
  answerSurvey(answers: SurveyAnswers): void;
  /** Send again the survey answers that got no answer. */
  retrySurvey(): void;
  /** "Not now": hide the survey card for good (remembered in storage). */
  dismissSurvey(): void;
  destroy(): void;
}

function toItems(session: SessionState): { items: ChatItem[]; ended: boolean } {
  const items: ChatItem[] = [];
  const conv = session.conversation;
  const inLog = new Set<string>();
  let lastOwn = -1;
  for (const event of conv?.events ?? []) itemFor(event);
  function itemFor(event: ConversationEvent): void {
    switch (event.type) {
      case 'message.created': {
        const own = event.author.role === 'visitor';
        inLog.add(event.clientId);
        if (own) lastOwn = items.length;
        items.push({
          kind: 'message',
          key: `m:${event.clientId}`,
          own,
          authorName: event.author.name,
          text: event.text,
          at: event.at,
          status: null,
          clientId: event.clientId,
        });
        return;
      }
      case 'conversation.assigned':
      case 'conversation.joined':
        items.push({ kind: 'joined', key: `s:${event.seq}`, name: event.agent.name });
        return;
      case 'conversation.transferred':
        items.push({
          kind: 'transferred',
          key: `s:${event.seq}`,
          to: event.to.kind === 'agent' ? event.to.agent.name : event.to.name,
        });
        return;
      case 'conversation.queued':
        if (event.reason === 'agent_lost') items.push({ kind: 'requeued', key: `s:${event.seq}` });
        return;
      case 'conversation.closed':
        items.push({ kind: 'ended', key: `s:${event.seq}` });
        return;
      default:
        return;
    }
  }
  // Acknowledged, but the log has not caught up yet: already "Sent".
  for (const sent of session.sent) {
    if (inLog.has(sent.clientId) || sent.conversationId !== conv?.id) continue;
    lastOwn = items.length;
    inLog.add(sent.clientId);
    items.push({
      kind: 'message',
      key: `m:${sent.clientId}`,
      own: true,
      authorName: session.visitor?.name ?? '',
      text: sent.text,
      at: sent.at,
      status: null,
      clientId: sent.clientId,
    });
  }
  const last = items[lastOwn];
  if (last?.kind === 'message') items[lastOwn] = { ...last, status: 'sent' };
  const ended = Boolean(conv?.closed);
  for (const pending of session.pending) {
    if (inLog.has(pending.clientId)) continue;
    items.push({
      kind: 'message',
      key: `m:${pending.clientId}`,
      own: true,
      authorName: session.visitor?.name ?? '',
      text: pending.text,
      at: pending.createdAt,
      status: pending.state === 'failed' ? 'failed' : 'sending',
      clientId: pending.clientId,
    });
  }
  // A message typed after the end starts a new conversation: show the composer for it.
  const waitingNew = session.pending.some((p) => !inLog.has(p.clientId));
  return { items, ended: ended && !waitingNew };
}

/** The queue card, alternatives and thanks text, from the session. */
function toQueue(
  session: SessionState,
): Pick<ChatViewState, 'queue' | 'alternatives' | 'deferred'> {
  const conv = session.conversation;
  const none = { queue: null, alternatives: null, deferred: false };
  // Only while waiting: an assigned or ended conversation has no place in line.
  if (!conv || conv.closed || conv.summary?.status === 'active') return none;
  if (conv.deferred) return { ...none, deferred: true };
  const frame = session.queue;
  if (!frame || frame.position === null) return none;
  const offered = new Set(frame.alternatives);
  const alternatives: AlternativesView | null =
    offered.size === 0
      ? null
      : {
          reason: !frame.open ? 'closed' : frame.agentsOnline === 0 ? 'offline' : 'busy',
          nextOpenAt: frame.open ? null : (frame.nextOpenAt ?? null),
          message: offered.has('message'),
          faq: offered.has('faq'),
          callback: offered.has('callback'),
        };
  return {
    queue: { position: frame.position, estimatedWaitSec: frame.estimatedWaitSec },
    alternatives,
    deferred: false,
  };
}

/** The pre-chat form shows when the site has one, nothing is remembered, and no chat is open. */
function toPrechat(session: SessionState): PrechatForm | null {
  const form = session.site?.prechat;
  if (!form || form.fields.length === 0 || session.prechat) return null;
  const conv = session.conversation;
  if (conv && !conv.closed) return null;
  // A first message already on its way started the conversation.
  if (session.pending.length > 0 || session.sent.length > 0) return null;
  return form;
}

const OPEN_CALLBACK: ReadonlySet<CallbackView['status']> = new Set(['scheduled', 'calling']);

/** The callback worth showing: the newest still open, else the newest of all. */
function toCallbackCard(session: SessionState): CallbackView | null {
  return session.callbacks.find((c) => OPEN_CALLBACK.has(c.status)) ?? session.callbacks[0] ?? null;
}

/**
 * Turn the session's events into view state: message items, unread count, typing (with its
 * expiry), open/closed. Views read `getState()` and call the actions; they never see the client.
 * @example
 * const store = createChatStore(session);
 * store.subscribe((state) => render(<App state={state} store={store} />));
 */
/** The store's lazy parts: the survey logic, the FAQ's and the callback form's state and actions. */
type StoreFeatures = typeof import('./features.js');
let features: StoreFeatures | null = null;
let featuresLoading: Promise<StoreFeatures> | null = null;
/** Stores created before the lazy parts arrived, waiting to attach them. */
const awaitingFeatures = new Set<(loaded: StoreFeatures) => void>();

/** The actions of the lazy parts: queued until they arrive, then replayed in order. */
const LAZY_ACTIONS = [
  'search',
  'showSearch',
  'closeHelp',
  'suggest',
  'openArticle',
  'closeArticle',
  'articleFeedback',
  'chatAboutArticle',
  'openCallback',
  'changeCallbackTime',
  'closeCallback',
  'callbackFromQueue',
] as const;
type LazyAction = (typeof LAZY_ACTIONS)[number];

/** The FAQ's view state before its part arrives: nothing searched, nothing open. */
const NO_FAQ: FaqState = {
  helpOpen: false,
  query: '',
  results: null,
  suggestions: [],
  article: null,
};

/**
 * Load the store's lazy parts (`store/features.ts`: survey, FAQ and callback form, one lazy chunk)
 * once; a failed load is tried again next time. The app prefetches them at idle with the
 * secondary views; a store asks for them as soon as a survey could be due (an ended conversation,
 * a completed callback) or one of their actions is called (queued, replayed when they arrive).
 * @example void loadStoreFeatures(); // at idle
 */
export function loadStoreFeatures(): Promise<StoreFeatures> {
  featuresLoading ??= import('./features.js').then(
    (loaded) => {
      features = loaded;
      for (const attach of awaitingFeatures) attach(loaded);
      awaitingFeatures.clear();
      return loaded;
    },
    (error: unknown) => {
      featuresLoading = null;
      throw error;
    },
  );
  return featuresLoading;
}

/**
 * Turn the session's events into view state: message items, unread count, typing (with its
 * expiry), open/closed. Views read `getState()` and call the actions; they never see the client.
 * @example
 * const store = createChatStore(session);
 * store.subscribe((state) => render(<App state={state} store={store} />));
 */
export function createChatStore(
  session: Session,
  timers?: Timers,
  env: StoreEnvironment = {},
): ChatStore {
  const clock: Timers = timers ?? {
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const listeners = new Set<(state: ChatViewState) => void>();
  const choiceListeners = new Set<(choice: AlternativeChoice) => void>();
  let open = false;
  let unread = 0;
  let typingName: string | null = null;
  let typingTimer: unknown = null;
  let bubble: AttentionBubble | null = null;
  let faq: ReturnType<typeof import('./faq.js')['createFaq']> | null = null;
  let surveys: Surveys | null = null;
  let callbackForm: (() => CallbackFormRequest | null) | null = null;
  let lazyActions: (FaqActions & CallbackFormActions) | null = null;
  const queued: [name: LazyAction, args: unknown[]][] = [];
  const attach = ({ createSurveys, createFaq, createCallbackForm }: StoreFeatures) => {
    surveys = createSurveys({ session, storage: greetingStore, publish });
    faq = createFaq(session, clock, publish);
    const form = createCallbackForm({
      session,
      state: () => state,
      closeArticle: faq.actions.closeArticle,
      publish,
    });
    callbackForm = form.form;
    lazyActions = { ...faq.actions, ...form.actions };
    for (const [name, args] of queued.splice(0)) call(name, args);
  };
  const call = (name: LazyAction, args: unknown[]) => {
    if (lazyActions) (lazyActions[name] as (...a: unknown[]) => void)(...args);
    else {
      queued.push([name, args]);
      loadStoreFeatures().catch(() => undefined);
    }
  };
  const queueing = Object.fromEntries(
    LAZY_ACTIONS.map((name) => [name, (...args: unknown[]) => call(name, args)]),
  ) as unknown as FaqActions & CallbackFormActions;

  function derive(s: SessionState): ChatViewState {
    const { items, ended } = toItems(s);
    return {
      open,
      unread,
      connection: s.status,
      siteName: s.site?.name ?? null,
      greeting: s.site?.greeting ?? null,
      color: s.site?.color ?? DEFAULT_COLOR,
      theme: s.site?.theme ?? null,
      bubble: open ? null : bubble,
      items,
      typingName,
      ended,
      ...toQueue(s),
      prechat: toPrechat(s),
      callback: s.site?.callback ?? null,
      topics: s.site?.prechat?.topics ?? [],
      callbackCard: toCallbackCard(s),
      callbackForm: (s.site?.callback && callbackForm?.()) || null,
      faq: faq ? faq.state(s) : NO_FAQ,
      survey: surveys ? surveys.view(s, ended) : surveyDue(s, ended),
    };
  }
  function publish(): void {
    state = derive(session.getState());
    for (const listener of listeners) {
      try {
        listener(state);
      } catch (error) {
        console.error('[Switchboard] a store listener failed', error);
      }
    }
  }
  function stopTyping(): void {
    if (typingTimer !== null) clock.clearTimeout(typingTimer);
    typingTimer = null;
    typingName = null;
  }

  // Proactive greetings: scheduled once the site's triggers are known, each shown at most once
  // per visitor (remembered in storage), never to a visitor who is chatting.
  let greetingTimers: unknown[] | null = null;
  let storage: KeyValueStorage | null = null;
  const greetingStore = () => (storage ??= env.storage ?? createBrowserStorage());
  function seenGreetings(siteId: string): Set<string> {
    try {
      const raw = JSON.parse(greetingStore().getItem(greetingsKey(siteId)) ?? '[]') as unknown;
      return new Set(Array.isArray(raw) ? raw.filter((id) => typeof id === 'string') : []);
    } catch {
      return new Set();
    }
  }
  function chatting(s: SessionState): boolean {
    return Boolean((s.conversation && !s.conversation.closed) || s.pending.length || s.sent.length);
  }
  function scheduleGreetings(): void {
    const s = session.getState();
    if (greetingTimers || !s.site) return;
    greetingTimers = [];
    const siteId = s.site.id;
    const pathname = env.pathname?.() ?? globalThis.location?.pathname ?? '/';
    const due = dueTriggers(s.site.triggers, {
      pathname,
      seen: seenGreetings(siteId),
      chatting: chatting(s),
    });
    for (const trigger of due) {
      const timer = clock.setTimeout(() => {
        const now = session.getState();
        if (open || bubble || chatting(now)) return;
        const seen = seenGreetings(siteId);
        if (seen.has(trigger.id)) return;
        seen.add(trigger.id);
        greetingStore().setItem(greetingsKey(siteId), JSON.stringify([...seen]));
        bubble = { kind: 'greeting', key: trigger.id, text: trigger.message };
        publish();
      }, trigger.afterSec * 1_000);
      greetingTimers.push(timer);
    }
  }
  function stopGreetings(): void {
    for (const timer of greetingTimers ?? []) clock.clearTimeout(timer);
  }

  /** Without the survey part: null, and the part is fetched when a survey could be due. */
  function surveyDue(s: SessionState, ended: boolean): null {
    if (ended || s.callbacks.some((c) => c.status === 'completed')) {
      loadStoreFeatures().catch(() => undefined);
    }
    return null;
  }

  const attachLater = (loaded: StoreFeatures) => {
    attach(loaded);
    publish();
  };
  if (features) attach(features);
  else awaitingFeatures.add(attachLater);
  let state = derive(session.getState());

  const unsubscribe = [
    session.on('change', () => {
      scheduleGreetings();
      publish();
    }),
    session.on('event', ({ event, source }) => {
      if (event.type !== 'message.created' || event.author.role === 'visitor') return;
      if (event.author.name === typingName) stopTyping();
      if (!open && source !== 'welcome') {
        unread += 1;
        if (event.author.role === 'agent') {
          bubble = {
            kind: 'message',
            key: event.id,
            author: event.author.name,
            text: event.text,
          };
        }
      }
    }),
    session.on('typing', (frame) => {
      stopTyping();
      if (frame.typing) {
        typingName = frame.name;
        typingTimer = clock.setTimeout(() => {
          typingTimer = null;
          typingName = null;
          publish();
        }, TYPING_EXPIRY_MS);
      }
      publish();
    }),
  ];

  const store: ChatStore = {
    ...queueing,
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    open() {
      open = true;
      unread = 0;
      bubble = null;
      publish();
    },
    close() {
      open = false;
      session.setTyping(false);
      publish();
    },
    toggle() {
      if (open) store.close();
      else store.open();
    },
    send(text, prechat, phone) {
      const form = state.prechat;
      if (form) {
        // The form is a lazy view that shows with the store's lazy parts: before them, nothing goes.
        if (!features) {
          loadStoreFeatures().catch(() => undefined);
          return {};
        }
        const checked = features.checkPrechat(form, prechat ?? {}, phone);
        if (checked.errors) return checked.errors;
        session.setPrechat(checked.answers);
      }
      session.setTyping(false);
      if (state.faq.helpOpen) faq?.actions.closeHelp();
      session.send(text);
      return null;
    },
    retry: (clientId) => session.retry(clientId),
    startNew() {
      session.startNew();
    },
    setTyping: (typing) => session.setTyping(typing),
    defer() {
      void session.defer();
    },
    chooseAlternative(kind) {
      const current = session.getState();
      const conversationId = current.conversation?.id;
      if (!conversationId) return;
      if (kind === 'callback' && current.site?.callback) queueing.callbackFromQueue(conversationId);
      for (const listener of choiceListeners) {
        try {
          listener({ kind, conversationId });
        } catch (error) {
          console.error('[Switchboard] an alternative listener failed', error);
        }
      }
    },
    dismissBubble() {
      bubble = null;
      publish();
    },
    onAlternative(listener) {
      choiceListeners.add(listener);
      return () => {
        choiceListeners.delete(listener);
      };
    },
    markRead() {
      if (unread === 0) return;
      unread = 0;
      publish();
    },
    callbackSlots: (topic) => session.callbackSlots(topic ? { topic } : {}),
    requestCallback: (input) => session.requestCallback(input),
    cancelCallback: (callbackId) => session.cancelCallback(callbackId),
    rescheduleCallback: (callbackId, window) => session.rescheduleCallback(callbackId, window),
    answerSurvey: (answers) => surveys?.answer(state.survey, answers),
    retrySurvey: () => surveys?.retry(state.survey),
    dismissSurvey: () => surveys?.dismiss(),
    destroy() {
      awaitingFeatures.delete(attachLater);
      stopTyping();
      stopGreetings();
      faq?.destroy();
      for (const off of unsubscribe) off();
      listeners.clear();
      choiceListeners.clear();
    },
  };
  return store;
}
