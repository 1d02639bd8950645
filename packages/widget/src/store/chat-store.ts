import type { ConversationEvent } from '@switchboard/shared';
import type { Session, SessionState, SessionStatus, Timers } from '../client/session.js';

/** The default brand colour. @default '#1f6f5c' */
export const DEFAULT_COLOR = '#1f6f5c';

/** How long a typing indicator lasts without a refresh. @default 6000 */
export const TYPING_EXPIRY_MS = 6_000;

/** The connection as views see it (the session's status). */
export type ConnectionStatus = SessionStatus;

/** One line of the message list, ready to render. */
export type ChatItem =
  | {
      kind: 'message';
      key: string;
      own: boolean;
      authorName: string;
      text: string;
      at: number;
      /** Shown under own messages: pending, failed, or the last delivered one. */
      status: 'sending' | 'sent' | 'failed' | null;
      clientId: string;
    }
  | { kind: 'joined'; key: string; name: string }
  | { kind: 'ended'; key: string };

/** Everything the views need, as plain data. */
export interface ChatViewState {
  open: boolean;
  unread: number;
  connection: ConnectionStatus;
  siteName: string | null;
  greeting: string | null;
  color: string;
  items: ChatItem[];
  /** Name of the agent typing right now, if any. */
  typingName: string | null;
  /** The conversation ended: the composer gives way to "Start a new conversation". */
  ended: boolean;
}

/** The store: state, subscriptions, and the actions views call. */
export interface ChatStore {
  getState(): ChatViewState;
  subscribe(listener: (state: ChatViewState) => void): () => void;
  open(): void;
  close(): void;
  toggle(): void;
  send(text: string): void;
  retry(clientId: string): void;
  startNew(): void;
  setTyping(typing: boolean): void;
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
        items.push({ kind: 'joined', key: `s:${event.seq}`, name: event.agent.name });
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

/**
 * Turn the session's events into view state: message items, unread count, typing (with its
 * expiry), open/closed. Views read `getState()` and call the actions; they never see the client.
 * @example
 * const store = createChatStore(session);
 * store.subscribe((state) => render(<App state={state} store={store} />));
 */
export function createChatStore(session: Session, timers?: Timers): ChatStore {
  const clock: Timers = timers ?? {
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const listeners = new Set<(state: ChatViewState) => void>();
  let open = false;
  let unread = 0;
  let typingName: string | null = null;
  let typingTimer: unknown = null;
  let state = derive(session.getState());

  function derive(s: SessionState): ChatViewState {
    const { items, ended } = toItems(s);
    return {
      open,
      unread,
      connection: s.status,
      siteName: s.site?.name ?? null,
      greeting: s.site?.greeting ?? null,
      color: s.site?.color ?? DEFAULT_COLOR,
      items,
      typingName,
      ended,
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

  const unsubscribe = [
    session.on('change', publish),
    session.on('event', ({ event, source }) => {
      if (event.type !== 'message.created' || event.author.role === 'visitor') return;
      if (event.author.name === typingName) stopTyping();
      if (!open && source !== 'welcome') unread += 1;
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
    send(text) {
      session.setTyping(false);
      session.send(text);
    },
    retry: (clientId) => session.retry(clientId),
    startNew() {
      session.startNew();
    },
    setTyping: (typing) => session.setTyping(typing),
    destroy() {
      stopTyping();
      for (const off of unsubscribe) off();
      listeners.clear();
    },
  };
  return store;
}
