import type { Session } from './session.js';

/** What tabs of one site tell each other over `switchboard:<siteId>`. */
export type TabMessage =
  /** This tab saw the conversation start or change (up to `seq`): others sync it. */
  | { type: 'conversation'; conversationId: string; seq: number }
  /** This tab showed the conversation up to `seq`: others clear their unread count. */
  | { type: 'read'; conversationId: string; seq: number }
  /** identify or shutdown changed the stored session: others reconnect with the stored token. */
  | { type: 'session' };

/** The part of BroadcastChannel used here, so tests can pass an in-memory pair. */
export interface TabChannel {
  postMessage(message: TabMessage): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

/** The channel name of a site. */
export const tabChannelName = (siteId: string) => `switchboard:${siteId}`;

/**
 * The site's BroadcastChannel, or null where there is none (old browsers, SSR): the widget then
 * works per tab.
 */
export function openTabChannel(siteId: string): TabChannel | null {
  const Channel = (globalThis as { BroadcastChannel?: typeof BroadcastChannel }).BroadcastChannel;
  if (typeof Channel !== 'function') return null;
  try {
    return new Channel(tabChannelName(siteId)) as unknown as TabChannel;
  } catch {
    return null;
  }
}

/** Options of {@link createTabSync}. */
export interface TabSyncOptions {
  /** null: no other tabs to talk to. */
  channel: TabChannel | null;
  session: Session;
  /** Another tab showed the conversation: clear this tab's unread count. */
  onRead: () => void;
}

/** Keeps tabs of one site on the same conversation and unread state. */
export interface TabSync {
  /** This tab shows the conversation (panel open): tell the others it is read. */
  read(): void;
  /** This tab changed the stored session (identify, shutdown): tell the others to reload. */
  sessionChanged(): void;
  destroy(): void;
}

function isMessage(data: unknown): data is TabMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  if (m.type === 'session') return true;
  return (
    (m.type === 'conversation' || m.type === 'read') &&
    typeof m.conversationId === 'string' &&
    typeof m.seq === 'number'
  );
}

/**
 * Sync tabs over a channel. Sans-I/O: the channel and the session are injected. New events this
 * tab got from the relay (`ack`, `push`) are announced; a tab hearing of a conversation it does
 * not hold up to that seq syncs it (`session.follow`, whose events come back as `sync` and are not
 * announced again, so tabs never echo).
 * @example const tabs = createTabSync({ channel: openTabChannel('demo'), session, onRead: store.markRead });
 */
export function createTabSync(options: TabSyncOptions): TabSync {
  const { channel, session, onRead } = options;
  /** The highest seq another tab has read, by conversation. */
  const readUpTo = new Map<string, number>();
  const post = (message: TabMessage) => {
    try {
      channel?.postMessage(message);
    } catch {
      // A closed channel: this tab works on its own.
    }
  };
  const stop = session.on('event', ({ conversationId, event, source }) => {
    if (source === 'ack' || source === 'push') {
      post({ type: 'conversation', conversationId, seq: event.seq });
    }
    // A message another tab already showed (its read overtook the message): still read.
    if (event.type === 'message.created' && event.seq <= (readUpTo.get(conversationId) ?? 0)) {
      onRead();
    }
  });
  if (channel) {
    channel.onmessage = ({ data }) => {
      if (!isMessage(data)) return;
      if (data.type === 'session') {
        readUpTo.clear();
        session.reload();
        onRead();
        return;
      }
      if (data.type === 'read') {
        readUpTo.set(
          data.conversationId,
          Math.max(readUpTo.get(data.conversationId) ?? 0, data.seq),
        );
        if (session.getState().conversation?.id === data.conversationId) onRead();
        return;
      }
      const conv = session.getState().conversation;
      if (conv?.id === data.conversationId && conv.lastSeq >= data.seq) return;
      session.follow(data.conversationId);
    };
  }
  return {
    read() {
      const conv = session.getState().conversation;
      if (conv) post({ type: 'read', conversationId: conv.id, seq: conv.lastSeq });
    },
    sessionChanged() {
      post({ type: 'session' });
    },
    destroy() {
      stop();
      if (channel) {
        channel.onmessage = null;
        channel.close();
      }
    },
  };
}
