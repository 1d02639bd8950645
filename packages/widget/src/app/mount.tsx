import { LIMITS } from '@switchboard/shared';
import { render } from 'preact';
import { newUuid } from '../client/ids.js';
import type { Session, Timers } from '../client/session.js';
import { createSession, defaultContext } from '../client/session.js';
import type { IdentifyInput, PageRouting, UpdateInput } from '../client/session-types.js';
import { createSocketTransport } from '../client/socket-transport.js';
import { createBrowserStorage, type KeyValueStorage } from '../client/storage.js';
import { createTabSync, openTabChannel, type TabChannel } from '../client/tabs.js';
import type { Transport } from '../client/transport.js';
import { type Catalog, type CoreCatalog, en } from '../i18n/en.js';
import { isRtl, loadCatalog, pickLocale } from '../i18n/index.js';
import { createChatStore } from '../store/chat-store.js';
import { addChunkCssTarget } from '../views/chunk-css.js';
import { themeCss, WIDGET_CSS } from '../views/styles.js';
import { App } from './App.js';
import {
  type BootSettings,
  checkCallback,
  checkIdentify,
  checkListener,
  checkStartChat,
  checkText,
  checkUpdate,
  type RequestCallbackOptions,
  reportBadCall,
  type StartChatOptions,
} from './api.js';
import {
  createEmitter,
  deriveEvents,
  type WidgetEventMap,
  type WidgetEventName,
  type WidgetListener,
} from './events.js';

export type { BootSettings, RequestCallbackOptions, StartChatOptions } from './api.js';
export type { WidgetEventMap, WidgetEventName, WidgetListener } from './events.js';

/** The id of the element the widget renders into. */
export const HOST_ID = 'switchboard-widget';

/** Settings of {@link createWidget}: the boot settings (with `siteId`) and test seams. */
export interface WidgetSettings extends BootSettings {
  /** The site id configured on the relay. @example 'demo' */
  siteId: string;
  /** Calls queued by the `Switchboard(...)` stub before the app loaded, replayed in order. */
  queue?: ArrayLike<ArrayLike<unknown>>;
  /** The text catalog, instead of loading the locale's. */
  strings?: Catalog;
  /** A transport other than socket.io (tests, custom relays). @default createSocketTransport */
  transport?: Transport;
  /** @default localStorage, or memory when it is unavailable */
  storage?: KeyValueStorage;
  timers?: Timers;
  /** The channel to other tabs. @default BroadcastChannel `switchboard:<siteId>`, null without one */
  channel?: TabChannel | null;
}

/** @deprecated Use {@link WidgetSettings}. */
export type MountOptions = WidgetSettings;

/** @deprecated Use {@link WidgetEventMap}. */
export type WidgetEvents = Pick<WidgetEventMap, 'alternative'>;

/**
 * The widget: one method per `Switchboard(command, ...)` command. Methods check their arguments
 * like the host API (one console.error naming the command; never a throw).
 */
export interface Widget {
  open(): void;
  close(): void;
  toggle(): void;
  showLauncher(): void;
  hideLauncher(): void;
  /** Say who the visitor is (`visitor.identify`). @example widget.identify({ userId: 'u_42', userHash }) */
  identify(input: IdentifyInput): void;
  /** Change the visitor's details (`visitor.update`). */
  setAttributes(input: UpdateInput): void;
  /** Switch the language (en, de, fr, es, ar, ja; others fall back to English). */
  setLocale(locale: string): void;
  /** Open the panel on the chat; with `message`, send it as the visitor's message. */
  startChat(options?: StartChatOptions): void;
  /** Open the panel on a help article. @example widget.showArticle('return-an-item') */
  showArticle(articleId: string): void;
  /** Open the panel on the help search. @example widget.search('refund') */
  search(query: string): void;
  /** Open the callback form, prefilled. */
  requestCallback(options?: RequestCallbackOptions): void;
  /** Listen to an event; returns an unsubscribe. @example widget.on('unread', ({ count }) => badge(count)) */
  on<K extends WidgetEventName>(event: K, fn: WidgetListener<K>): () => void;
  off<K extends WidgetEventName>(event: K, fn: WidgetListener<K>): void;
  /** Log out on this browser: forget the stored session, conversation and outbox, and remove the widget. */
  shutdown(): void;
  /** Run a command by name, as `Switchboard(name, ...args)` does. Unknown names are reported. */
  command(name: unknown, ...args: unknown[]): unknown;
  /** Remove every trace (DOM, listeners, socket, channel, timers); the stored session stays. */
  destroy(): void;
  /** The open shadow root the widget renders into; null for an inert widget (no DOM). */
  readonly shadowRoot: ShadowRoot | null;
  /** The session, for status and diagnostics; null for an inert widget. */
  readonly session: Session | null;
}

/** @deprecated What {@link mount} returns: a {@link Widget} rendered in a DOM. */
export interface WidgetHandle extends Widget {
  readonly shadowRoot: ShadowRoot;
  readonly session: Session;
}

/** The commands `command()` (and `Switchboard(...)`) accepts, besides `boot`. */
export const COMMANDS = [
  'shutdown',
  'open',
  'close',
  'toggle',
  'showLauncher',
  'hideLauncher',
  'identify',
  'setAttributes',
  'setLocale',
  'startChat',
  'showArticle',
  'search',
  'requestCallback',
  'on',
  'off',
] as const;

/** Run `name` on a widget; unknown names are reported once. */
export function runCommand(widget: Widget, name: unknown, args: unknown[]): unknown {
  if (typeof name !== 'string' || !(COMMANDS as readonly string[]).includes(name)) {
    reportBadCall(
      typeof name === 'string' ? name : String(name),
      `unknown command ${JSON.stringify(name)}`,
    );
    return undefined;
  }
  const method = widget[name as (typeof COMMANDS)[number]] as (...a: unknown[]) => unknown;
  return method(...args);
}

/** A widget that does nothing (no DOM, or settings that cannot work): every command a no-op. */
function inertWidget(): Widget {
  const nothing = () => {};
  const widget: Record<string, unknown> = {
    on: () => nothing,
    command: nothing,
    destroy: nothing,
    shadowRoot: null,
    session: null,
  };
  for (const name of COMMANDS) widget[name] ??= nothing;
  return widget as unknown as Widget;
}

const mounted = new Map<Element, Widget>();

/** The page's routing choices, checked here so a bad attribute never makes every send fail. */
function pageRouting(options: BootSettings): PageRouting {
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

/** The shadow root's sheets: the theme's (replaced as it changes) and a lazy chunk's (added once). */
interface Sheets {
  setTheme: (css: string) => void;
  addSheet: (css: string) => void;
}

/**
 * The first-load CSS, then the lazy chunks' sheets as they arrive, then the theme last (it wins):
 * constructed sheets where the browser has them, else `<style>` elements with the page's nonce.
 */
function adoptStyles(root: ShadowRoot, nonce: string | undefined): Sheets {
  const canAdopt =
    'adoptedStyleSheets' in root &&
    typeof CSSStyleSheet === 'function' &&
    'replaceSync' in CSSStyleSheet.prototype;
  if (canAdopt) {
    try {
      const sheet = (css: string) => {
        const made = new CSSStyleSheet();
        made.replaceSync(css);
        return made;
      };
      const sheets = [sheet(WIDGET_CSS)];
      const theme = new CSSStyleSheet();
      root.adoptedStyleSheets = [...sheets, theme];
      return {
        setTheme: (css) => theme.replaceSync(css),
        addSheet: (css) => {
          sheets.push(sheet(css));
          root.adoptedStyleSheets = [...sheets, theme];
        },
      };
    } catch {
      // Fall through to <style> elements.
    }
  }
  const style = (text: string) => {
    const el = document.createElement('style');
    if (nonce) el.setAttribute('nonce', nonce);
    el.textContent = text;
    return el;
  };
  root.appendChild(style(WIDGET_CSS));
  const theme = root.appendChild(style(''));
  return {
    setTheme: (css) => {
      theme.textContent = css;
    },
    addSheet: (css) => {
      root.insertBefore(style(css), theme);
    },
  };
}

/** The browser's preferred languages, if any. */
function browserLocales(): string[] {
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  return nav ? [...(nav.languages ?? []), nav.language] : [];
}

/**
 * Render the widget into `<div id="switchboard-widget">` (an open Shadow DOM root) appended to
 * `<body>`, and connect to the relay. Touches the DOM only when called, so importing is SSR-safe;
 * without a DOM it logs one error and returns an inert widget. Creating twice returns the widget
 * already there.
 * @example
 * import { createWidget } from '@switchboard/widget';
 * const widget = createWidget({ relayUrl: 'https://chat.example.com', siteId: 'demo', locale: 'de' });
 * const off = widget.on('unread', ({ count }) => console.log(count));
 * widget.open();
 */
export function createWidget(settings: WidgetSettings): Widget {
  if (typeof document === 'undefined' || typeof window === 'undefined') {
    reportBadCall(
      'createWidget',
      'there is no DOM here (server-side rendering?): call it in the browser',
    );
    return inertWidget();
  }
  if (typeof settings?.siteId !== 'string' || !settings.siteId) {
    reportBadCall('createWidget', 'siteId is required (the site id configured on the relay)');
    return inertWidget();
  }
  const existing = document.getElementById(HOST_ID);
  const previous = existing && mounted.get(existing);
  if (previous) return previous;
  existing?.remove();

  const { siteId } = settings;
  const relayUrl = settings.relayUrl || window.location.origin;
  const host = document.createElement('div');
  host.id = HOST_ID;
  const shadowRoot = host.attachShadow({ mode: 'open' });
  const { setTheme, addSheet } = adoptStyles(shadowRoot, settings.nonce);
  const container = document.createElement('div');
  shadowRoot.appendChild(container);
  // The lazy chunks' CSS (already here, and as each arrives), before their views mount.
  const offChunkCss = addChunkCssTarget(addSheet);
  document.body.appendChild(host);

  // Locale: setLocale > boot locale (> data-locale, passed as the default) > <html lang> > browser.
  let localeTag = '';
  let strings: CoreCatalog = settings.strings ?? en;
  let launcherHidden = settings.hideLauncher === true;
  let destroyed = false;

  const storage = settings.storage ?? createBrowserStorage();
  const transport = settings.transport ?? createSocketTransport({ relayUrl, siteId });
  const session = createSession({
    transport,
    storage,
    siteId,
    newId: newUuid,
    routing: pageRouting(settings),
    context: () => ({ ...defaultContext(), ...(localeTag ? { locale: localeTag } : {}) }),
    ...(settings.timers ? { timers: settings.timers } : {}),
  });
  const store = createChatStore(session, settings.timers, { storage });
  // The theme sheet follows the site's colour and theme, also live (`site.updated`).
  let themeRule: string | null = null;
  const applyTheme = ({ color, theme }: ReturnType<typeof store.getState>) => {
    const css = themeCss(color, theme);
    if (css === themeRule) return;
    themeRule = css;
    setTheme(css);
  };
  applyTheme(store.getState());
  const offTheme = store.subscribe(applyTheme);
  const events = createEmitter();
  const stopEvents = deriveEvents(session, store, events);
  const tabs = createTabSync({
    channel: settings.channel === undefined ? openTabChannel(siteId) : settings.channel,
    session,
    onRead: () => store.markRead(),
  });
  // This tab shows the conversation: tell the others it is read.
  let lastRead = '';
  const offRead = store.subscribe((state) => {
    const conv = session.getState().conversation;
    const mark = state.open && conv ? `${conv.id}:${conv.lastSeq}` : '';
    if (mark && mark !== lastRead) tabs.read();
    lastRead = mark;
  });

  const draw = () => {
    if (destroyed) return;
    const dir = isRtl(localeTag || 'en') ? 'rtl' : 'ltr';
    render(
      <App
        store={store}
        strings={strings}
        dir={dir}
        launcherHidden={launcherHidden}
        {...(localeTag ? { locale: localeTag } : {})}
      />,
      container,
    );
  };
  /** Pick the locale from these candidates, load its catalog, and draw with it. */
  let localeRequest = 0;
  const useLocale = (candidates: (string | undefined)[]) => {
    const picked = pickLocale(candidates);
    const tag = candidates.find((c) => c?.toLowerCase().split(/[-_]/)[0] === picked) ?? picked;
    localeTag = tag;
    if (settings.strings) {
      draw();
      return;
    }
    const request = ++localeRequest;
    loadCatalog(picked).then(
      (catalog) => {
        if (request !== localeRequest) return;
        strings = catalog;
        draw();
      },
      (error: unknown) => console.error('[Switchboard] setLocale: the catalog did not load', error),
    );
    draw();
  };
  useLocale([settings.locale, document.documentElement.lang, ...browserLocales()]);

  const openOn = (show: () => void) => {
    store.closeCallback();
    show();
    store.open();
  };
  const widget: Widget = {
    open: () => store.open(),
    close: () => store.close(),
    toggle: () => store.toggle(),
    showLauncher() {
      launcherHidden = false;
      draw();
    },
    hideLauncher() {
      launcherHidden = true;
      draw();
    },
    identify(input) {
      const checked = checkIdentify('identify', input);
      if (!checked) return;
      void session.identify(checked).then((ok) => {
        if (ok) tabs.sessionChanged();
      });
    },
    setAttributes(input) {
      const checked = checkUpdate('setAttributes', input);
      if (checked) void session.update(checked);
    },
    setLocale(locale) {
      const checked = checkText('setLocale', locale, 'a BCP 47 locale such as "de"', 35);
      if (checked !== null) useLocale([checked]);
    },
    startChat(options) {
      const checked = checkStartChat('startChat', options);
      if (!checked) return;
      openOn(() => store.closeHelp());
      if (checked.message && store.send(checked.message)) {
        console.warn('[Switchboard] startChat: the pre-chat form must be filled in first');
      }
    },
    showArticle(articleId) {
      const id = checkText('showArticle', articleId, 'an article id', LIMITS.clientIdChars);
      if (id !== null) openOn(() => store.openArticle(id, 'api'));
    },
    search(query) {
      if (typeof query !== 'string' || query.length > 200) {
        reportBadCall('search', 'expected a query string of at most 200 characters');
        return;
      }
      openOn(() => store.showSearch(query));
    },
    requestCallback(options) {
      const checked = checkCallback('requestCallback', options);
      if (!checked) return;
      if (!session.getState().site?.callback) {
        console.warn('[Switchboard] requestCallback: this site offers no callbacks');
      }
      store.closeHelp();
      store.openCallback(checked.prefill);
      store.open();
    },
    on(event, fn) {
      if (!checkListener('on', event, fn)) return () => {};
      return events.on(event, fn);
    },
    off(event, fn) {
      if (checkListener('off', event, fn)) events.off(event, fn);
    },
    shutdown() {
      if (destroyed) return;
      session.shutdown();
      tabs.sessionChanged();
      events.reset();
      widget.destroy();
    },
    command: (name, ...args) => runCommand(widget, name, args),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      stopEvents();
      offRead();
      offTheme();
      offChunkCss();
      tabs.destroy();
      render(null, container);
      store.destroy();
      session.stop();
      host.remove();
      mounted.delete(host);
      events.clear();
    },
    shadowRoot,
    session,
  };
  mounted.set(host, widget);

  for (const call of Array.from(settings.queue ?? [])) {
    const [name, ...args] = Array.from(call);
    widget.command(name, ...args);
  }
  session.start();
  if (settings.user) widget.identify(settings.user);
  return widget;
}

/**
 * @deprecated Use {@link createWidget} (same settings, same widget).
 */
export function mount(options: MountOptions): WidgetHandle {
  return createWidget(options) as WidgetHandle;
}
