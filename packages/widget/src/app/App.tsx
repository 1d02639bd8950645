import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatWindow } from '../callback/time.js';
import type { Catalog } from '../i18n/en.js';
import type { ChatStore } from '../store/chat-store.js';
import { ChatPanel } from '../views/ChatPanel.js';
import { Launcher } from '../views/Launcher.js';

/** Props of {@link App}. */
export interface AppProps {
  store: ChatStore;
  strings: Catalog;
  /** BCP 47 locale for times. @default the browser's */
  locale?: string;
  /** IANA time zone for callback times. @default the browser's */
  timeZone?: string;
}

/**
 * The widget's root: subscribes to the store and wires its state and actions into the views.
 * Focus goes back to the launcher when the visitor closes the panel from inside it.
 * @example render(<App store={store} strings={en} />, shadowRoot)
 */
export function App({ store, strings, locale, timeZone }: AppProps) {
  const [state, setState] = useState(store.getState());
  // A layout effect: subscribed before mount() returns, so calls replayed right after are seen.
  useLayoutEffect(() => {
    setState(store.getState());
    return store.subscribe(setState);
  }, [store]);

  const launcher = useRef<HTMLButtonElement | null>(null);
  const returnFocus = useRef(false);
  useLayoutEffect(() => {
    if (!state.open && returnFocus.current) {
      returnFocus.current = false;
      launcher.current?.focus();
    }
  }, [state.open]);

  const formatTime = useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });
    return (at: number) => format.format(at);
  }, [locale]);
  const formatOpening = useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, {
      weekday: 'long',
      hour: 'numeric',
      minute: '2-digit',
    });
    return (at: number) => format.format(at);
  }, [locale]);

  const formatCallbackWindow = useMemo(
    () => (window: { start: number; end: number }) => formatWindow(window, { locale, timeZone }),
    [locale, timeZone],
  );

  return (
    <div class="root" data-open={state.open ? '' : undefined}>
      <Launcher
        open={state.open}
        unread={state.unread}
        strings={strings}
        onToggle={store.toggle}
        buttonRef={launcher}
      />
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
          formatWindow={formatCallbackWindow}
          formatTime={formatTime}
          formatOpening={formatOpening}
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
        />
      )}
    </div>
  );
}
