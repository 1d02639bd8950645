import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CoreCatalog } from '../i18n/en.js';
import type { ChatStore } from '../store/chat-store.js';
import { ChatPanel } from '../views/ChatPanel.js';
import type { Chime } from '../views/chime.js';
import { Launcher } from '../views/Launcher.js';
import { AttentionBubble, prefetchChatViews } from '../views/lazy-views.js';

/** Props of {@link App}. */
export interface AppProps {
  store: ChatStore;
  strings: CoreCatalog;
  /** BCP 47 locale for times. @default the browser's */
  locale?: string;
  /** IANA time zone for callback times. @default the browser's */
  timeZone?: string;
  /** Text direction of the locale (`ar`: rtl). Set by mount. @default 'ltr' */
  dir?: 'ltr' | 'rtl';
  /** The page hid the launcher (`hideLauncher`); the panel still opens through the API. */
  launcherHidden?: boolean;
}

/** How long the launcher waits for the site's settings before it shows in the default look. */
const LAUNCHER_GRACE_MS = 4_000;

/**
 * The widget's root: subscribes to the store and wires its state and actions into the views.
 * Focus goes back to the launcher when the visitor closes the panel from inside it.
 * @example render(<App store={store} strings={en} />, shadowRoot)
 */
export function App({ store, strings, locale, timeZone, dir, launcherHidden }: AppProps) {
  const [state, setState] = useState(store.getState());
  // A layout effect: subscribed before mount() returns, so calls replayed right after are seen.
  useLayoutEffect(() => {
    setState(store.getState());
    return store.subscribe(setState);
  }, [store]);

  // The launcher waits for the site's settings (corner, label, colour) so it appears once, in its
  // final place and shape: drawn earlier it would jump and count as a layout shift on the host
  // page. If the relay cannot be reached, it appears in the default look after a grace period.
  const [graceOver, setGraceOver] = useState(false);
  const siteKnown = state.siteName !== null;
  useEffect(() => {
    if (siteKnown) return;
    const timer = setTimeout(() => setGraceOver(true), LAUNCHER_GRACE_MS);
    return () => clearTimeout(timer);
  }, [siteKnown]);
  const showLauncher = !launcherHidden && (siteKnown || graceOver || state.open);

  // The secondary views (pre-chat form, queue and callback cards, help search, bubble): a lazy
  // chunk fetched as soon as the browser is idle, so none of them ever waits for the network.
  useEffect(prefetchChatViews, []);

  const launcher = useRef<HTMLButtonElement | null>(null);
  const returnFocus = useRef(false);
  useLayoutEffect(() => {
    if (!state.open && returnFocus.current) {
      returnFocus.current = false;
      launcher.current?.focus();
    }
  }, [state.open]);

  // The optional chime (site setting, off by default; a lazy chunk fetched only when it is on):
  // armed by the first gesture on the page, played when an agent's message shows in the bubble.
  const sound = state.theme?.sound === true;
  const chime = useRef<Chime | null>(null);
  useEffect(() => {
    if (!sound || typeof window === 'undefined') return;
    let live = true;
    import('../views/chime.js').then(
      ({ createChime }) => {
        if (live) chime.current = createChime(window);
      },
      (error: unknown) => console.error('[Switchboard] the sound module did not load', error),
    );
    return () => {
      live = false;
      chime.current?.destroy();
      chime.current = null;
    };
  }, [sound]);
  const bubbleKey = state.bubble?.kind === 'message' ? state.bubble.key : null;
  useEffect(() => {
    if (bubbleKey) chime.current?.play();
  }, [bubbleKey]);

  // Made on first use: a page's first Intl.DateTimeFormat loads ICU's date patterns (20-60 ms in
  // Chromium), which would be a long task on every page load, even where no time is ever shown.
  const formatTime = useMemo(() => {
    let format: Intl.DateTimeFormat | undefined;
    return (at: number) => {
      format ??= new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });
      return format.format(at);
    };
  }, [locale]);

  return (
    <div class="root" data-open={state.open ? '' : undefined} dir={dir} lang={locale}>
      {showLauncher && (
        <Launcher
          open={state.open}
          unread={state.unread}
          strings={strings}
          label={state.theme?.launcherLabel}
          onToggle={store.toggle}
          buttonRef={launcher}
        />
      )}
      {showLauncher && (
        <AttentionBubble
          bubble={state.bubble}
          strings={strings}
          launcher={launcher}
          side={state.theme?.position ?? 'right'}
          onOpen={store.open}
          onDismiss={() => {
            store.dismissBubble();
            launcher.current?.focus();
          }}
        />
      )}
      {state.open && (
        <ChatPanel
          title={state.siteName ?? strings.defaultTitle}
          connection={state.connection}
          greeting={state.greeting}
          items={state.items}
          typingName={state.typingName}
          ended={state.ended}
          queue={state.queue}
          alternatives={state.alternatives}
          deferred={state.deferred}
          prechat={state.prechat}
          callback={state.callback}
          topics={state.topics}
          callbackCard={state.callbackCard}
          callbackForm={state.callbackForm}
          faq={state.faq}
          faqActions={store}
          strings={strings}
          locale={locale}
          timeZone={timeZone}
          formatTime={formatTime}
          onClose={() => {
            returnFocus.current = true;
            store.close();
          }}
          onSend={store.send}
          onTyping={store.setTyping}
          onRetry={store.retry}
          onStartNew={store.startNew}
          onDefer={store.defer}
          onAlternative={store.chooseAlternative}
          onCallback={store.openCallback}
          onCloseCallback={store.closeCallback}
          onChangeCallbackTime={store.changeCallbackTime}
          onCancelCallback={store.cancelCallback}
          callbackSlots={store.callbackSlots}
          requestCallback={store.requestCallback}
          rescheduleCallback={store.rescheduleCallback}
          survey={state.survey}
          surveyActions={store}
        />
      )}
    </div>
  );
}
