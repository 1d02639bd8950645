import type { Session } from '../client/session.js';
import type { ChatStore } from '../store/chat-store.js';
import type { AlternativeChoice } from '../store/types.js';

/** The events a widget emits to the page (`widget.on(event, fn)`, `Switchboard('on', event, fn)`). */
export interface WidgetEventMap {
  /** The first `session.welcome` was applied. Replayed to listeners added later. */
  ready: { visitorId: string };
  open: undefined;
  close: undefined;
  /** A message from an agent (or the system) arrived; never the history shown on load. */
  'message:received': {
    conversationId: string;
    id: string;
    text: string;
    author: { name: string; role: 'agent' | 'system' };
    at: number;
  };
  /** The relay acknowledged (persisted) a message the visitor sent. */
  'message:sent': { conversationId?: string; clientId: string; text: string };
  /** The unread count changed. */
  unread: { count: number };
  'conversation:started': { conversationId: string };
  'conversation:ended': { conversationId: string; reason: 'ended' | 'abandoned' };
  /** A callback request was answered (`callback.status`). */
  'callback:requested': { reference: string; window: { start: number; end: number } | null };
  /** The visitor picked another way to get help while waiting ("Browse help articles", "Request a call back"). */
  alternative: AlternativeChoice;
}

/** An event name. */
export type WidgetEventName = keyof WidgetEventMap;

/** A listener of one event. */
export type WidgetListener<K extends WidgetEventName> = (payload: WidgetEventMap[K]) => void;

/** Every event name, for validating `on`/`off`. */
export const WIDGET_EVENTS: readonly WidgetEventName[] = [
  'ready',
  'open',
  'close',
  'message:received',
  'message:sent',
  'unread',
  'conversation:started',
  'conversation:ended',
  'callback:requested',
  'alternative',
];

/** Listeners by event, run in try/catch; `ready` is replayed to late listeners. */
export interface Emitter {
  on<K extends WidgetEventName>(event: K, fn: WidgetListener<K>): () => void;
  off<K extends WidgetEventName>(event: K, fn: WidgetListener<K>): void;
  emit<K extends WidgetEventName>(event: K, payload: WidgetEventMap[K]): void;
  /** Forget `ready` (after a shutdown: the next session is ready again). */
  reset(): void;
  /** Drop every listener. */
  clear(): void;
}

/**
 * Create an event emitter for the page's listeners. A throwing listener is reported with
 * console.error and the others still run.
 * @example const events = createEmitter(); const off = events.on('unread', ({ count }) => badge(count));
 */
export function createEmitter(): Emitter {
  const listeners = new Map<WidgetEventName, Set<(payload: never) => void>>();
  let ready: WidgetEventMap['ready'] | null = null;
  const call = <K extends WidgetEventName>(
    event: K,
    fn: WidgetListener<K>,
    payload: WidgetEventMap[K],
  ) => {
    try {
      fn(payload);
    } catch (error) {
      console.error(`[Switchboard] a listener of "${event}" failed`, error);
    }
  };
  const emitter: Emitter = {
    on(event, fn) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(fn as (payload: never) => void);
      if (event === 'ready' && ready) call('ready', fn as WidgetListener<'ready'>, ready);
      return () => emitter.off(event, fn);
    },
    off(event, fn) {
      listeners.get(event)?.delete(fn as (payload: never) => void);
    },
    emit(event, payload) {
      if (event === 'ready') ready = payload as WidgetEventMap['ready'];
      for (const fn of [...(listeners.get(event) ?? [])]) {
        call(event, fn as WidgetListener<typeof event>, payload);
      }
    },
    reset() {
      ready = null;
    },
    clear() {
      listeners.clear();
    },
  };
  return emitter;
}

/**
 * Derive the page's events from the session and the store, in one place: session events for
 * messages, conversations, acks, callbacks and the first welcome; store state diffs for open,
 * close and unread. Returns a function that stops it.
 */
export function deriveEvents(session: Session, store: ChatStore, events: Emitter): () => void {
  let ready = false;
  let { open, unread } = store.getState();
  const stops = [
    session.on('welcome', ({ visitorId }) => {
      if (ready) return;
      ready = true;
      events.emit('ready', { visitorId });
    }),
    session.on('event', ({ conversationId, event, source }) => {
      if (source === 'welcome') return;
      if (event.type === 'message.created' && event.author.role !== 'visitor') {
        events.emit('message:received', {
          conversationId,
          id: event.id,
          text: event.text,
          author: { name: event.author.name, role: event.author.role },
          at: event.at,
        });
      } else if (event.type === 'conversation.created') {
        events.emit('conversation:started', { conversationId });
      } else if (event.type === 'conversation.closed') {
        events.emit('conversation:ended', { conversationId, reason: event.reason ?? 'ended' });
      }
    }),
    session.on('sent', (sent) => events.emit('message:sent', sent)),
    session.on('callback', ({ reference, window }) =>
      events.emit('callback:requested', { reference, window }),
    ),
    store.onAlternative((choice) => events.emit('alternative', choice)),
    store.subscribe((state) => {
      if (state.open !== open) {
        open = state.open;
        events.emit(open ? 'open' : 'close', undefined);
      }
      if (state.unread !== unread) {
        unread = state.unread;
        events.emit('unread', { count: unread });
      }
    }),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
