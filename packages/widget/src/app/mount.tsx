import { LIMITS } from '@switchboard/shared';
import { render } from 'preact';
import { newUuid } from '../client/ids.js';
import type { PageRouting, Session, Timers } from '../client/session.js';
import { createSession } from '../client/session.js';
import { createSocketTransport } from '../client/socket-transport.js';
import { createBrowserStorage, type KeyValueStorage } from '../client/storage.js';
import type { Transport } from '../client/transport.js';
import { type Catalog, en } from '../i18n/en.js';
import { type AlternativeChoice, createChatStore } from '../store/chat-store.js';
import { themeCss, WIDGET_CSS } from '../views/styles.js';
import { App } from './App.js';

/** The id of the element the widget renders into. */
export const HOST_ID = 'switchboard-widget';

/** Options of {@link mount}. */
export interface MountOptions {
  /** The relay's origin. @example 'https://chat.example.com' */
  relayUrl: string;
  /** The site id configured on the relay. @example 'demo' */
  siteId: string;
  /**
   * The department this page's chats go to (wins over the visitor's pre-chat topic); sent with
   * the first message. The script tag's `data-department`. @example 'orders'
   */
  departmentId?: string;
  /**
   * Routing priority of this page's chats, an integer 0 to 10 (higher goes first); sent with the
   * first message. The script tag's `data-priority`. @default 0 @example 5
   */
  priority?: number;
  /** Calls queued by the `Switchboard(...)` stub before the app loaded, replayed in order. */
  queue?: ArrayLike<ArrayLike<unknown>>;
  /** A CSP nonce for the `<style>` fallback (browsers without constructable stylesheets). */
  nonce?: string;
  /** The text catalog. @default en */
  strings?: Catalog;
  /** A transport other than socket.io (tests, custom relays). @default createSocketTransport */
  transport?: Transport;
  /** @default localStorage, or memory when it is unavailable */
  storage?: KeyValueStorage;
  timers?: Timers;
}

/** Events a mounted widget emits to the page and other modules. */
export interface WidgetEvents {
  /**
   * The visitor picked another way to get help while waiting ("Browse help articles", "Request a
   * call back"). Nothing else happens yet: listen to provide it.
   */
  alternative: AlternativeChoice;
}

/** A mounted widget. */
export interface WidgetHandle {
  /**
   * Listen to a widget event; returns an unsubscribe. Also `Switchboard('on', type, listener)`.
   * @example widget.on('alternative', ({ kind }) => kind === 'faq' && openHelpCenter())
   */
  on<K extends keyof WidgetEvents>(type: K, listener: (value: WidgetEvents[K]) => void): () => void;
  open(): void;
  close(): void;
  toggle(): void;
  /**
   * Open the panel on a help article (`article.open` with source `api`). Also
   * `Switchboard('showArticle', id)`. @example widget.showArticle('return-an-item')
   */
  showArticle(articleId: string): void;
  /**
   * Open the panel on the help search with these results. Also `Switchboard('search', query)`.
   * @example widget.search('refund')
   */
  search(query: string): void;
  /** Run a command as `Switchboard('open')` would. Unknown commands are reported, not thrown. */
  command(name: unknown, ...args: unknown[]): void;
  /** Remove the widget and close its connection. */
  destroy(): void;
  /** The open shadow root the widget renders into. */
  readonly shadowRoot: ShadowRoot;
  /** The session, for status and diagnostics. */
  readonly session: Session;
}

const mounted = new Map<Element, WidgetHandle>();

/** The page's routing choices, checked here so a bad attribute never makes every send fail. */
function pageRouting(options: MountOptions): PageRouting {
  const routing: PageRouting = {};
  const { departmentId, priority } = options;
  if (departmentId !== undefined && departmentId !== '') {
    if (typeof departmentId === 'string' && departmentId.length <= LIMITS.clientIdChars) {
      routing.departmentId = departmentId;
    } else {
      console.warn('[Switchboard] ignored departmentId: not a department id');
    }
  }
  if (priority !== undefined) {
    if (Number.isInteger(priority) && priority >= 0 && priority <= 10) routing.priority = priority;
    else console.warn(`[Switchboard] ignored priority ${JSON.stringify(priority)}: use 0 to 10`);
  }
  return routing;
}

function adoptStyles(root: ShadowRoot, nonce: string | undefined): (css: string) => void {
  const canAdopt =
    'adoptedStyleSheets' in root &&
    typeof CSSStyleSheet === 'function' &&
    'replaceSync' in CSSStyleSheet.prototype;
  if (canAdopt) {
    try {
      const base = new CSSStyleSheet();
      base.replaceSync(WIDGET_CSS);
      const theme = new CSSStyleSheet();
      root.adoptedStyleSheets = [base, theme];
      return (css) => theme.replaceSync(css);
    } catch {
      // Fall through to <style> elements.
    }
  }
  const style = (text: string) => {
    const el = document.createElement('style');
    if (nonce) el.setAttribute('nonce', nonce);
    el.textContent = text;
    root.appendChild(el);
    return el;
  };
  style(WIDGET_CSS);
  const theme = style('');
  return (css) => {
    theme.textContent = css;
  };
}

/**
 * Render the widget into `<div id="switchboard-widget">` (an open Shadow DOM root) appended to
 * `<body>`, and connect to the relay. Touches the DOM only when called, so importing is SSR-safe.
 * Mounting twice returns the widget already there.
 * @example
 * import { mount } from '@switchboard/widget';
 * const widget = mount({ relayUrl: 'https://chat.example.com', siteId: 'demo' });
 * widget.open();
 */
export function mount(options: MountOptions): WidgetHandle {
  const existing = document.getElementById(HOST_ID);
  const previous = existing && mounted.get(existing);
  if (previous) return previous;
  existing?.remove();

  const host = document.createElement('div');
  host.id = HOST_ID;
  const shadowRoot = host.attachShadow({ mode: 'open' });
  const setTheme = adoptStyles(shadowRoot, options.nonce);
  const container = document.createElement('div');
  shadowRoot.appendChild(container);
  document.body.appendChild(host);

  const storage = options.storage ?? createBrowserStorage();
  const transport =
    options.transport ??
    createSocketTransport({ relayUrl: options.relayUrl, siteId: options.siteId });
  const session = createSession({
    transport,
    storage,
    siteId: options.siteId,
    newId: newUuid,
    routing: pageRouting(options),
    ...(options.timers ? { timers: options.timers } : {}),
  });
  const store = createChatStore(session, options.timers);
  let color = '';
  const offTheme = store.subscribe((state) => {
    if (state.color !== color) {
      color = state.color;
      setTheme(themeCss(color));
    }
  });

  const strings = options.strings ?? en;
  const locale = typeof navigator === 'undefined' ? undefined : navigator.language;
  render(<App store={store} strings={strings} {...(locale ? { locale } : {})} />, container);

  const on: WidgetHandle['on'] = (type, listener) => {
    if (type !== 'alternative') return () => {};
    return store.onAlternative(listener);
  };
  const showArticle = (id: unknown) => {
    if (typeof id !== 'string' || !id || id.length > LIMITS.clientIdChars) {
      console.warn('[Switchboard] showArticle needs an article id');
      return;
    }
    store.open();
    store.openArticle(id, 'api');
  };
  const search = (query: unknown) => {
    store.open();
    store.showSearch(typeof query === 'string' ? query.slice(0, 200) : '');
  };
  const commands: Record<string, (...args: unknown[]) => void> = {
    open: store.open,
    showArticle,
    search,
    close: store.close,
    toggle: store.toggle,
    on(type, listener) {
      if (type === 'alternative' && typeof listener === 'function') {
        on(type, listener as (value: AlternativeChoice) => void);
      } else console.warn(`[Switchboard] cannot listen to ${JSON.stringify(type)}`);
    },
  };
  const handle: WidgetHandle = {
    on,
    open: store.open,
    close: store.close,
    toggle: store.toggle,
    showArticle,
    search,
    command(name, ...args) {
      const run = typeof name === 'string' ? commands[name] : undefined;
      if (run) run(...args);
      else console.warn(`[Switchboard] unknown command ${JSON.stringify(name)}`);
    },
    destroy() {
      offTheme();
      render(null, container);
      store.destroy();
      session.stop();
      host.remove();
      mounted.delete(host);
    },
    shadowRoot,
    session,
  };
  mounted.set(host, handle);

  for (const call of Array.from(options.queue ?? [])) {
    const [name, ...args] = Array.from(call);
    handle.command(name, ...args);
  }
  session.start();
  return handle;
}
