import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { CoreCatalog } from '../i18n/en.js';
import { withViews } from '../i18n/with-views.js';
import type { AttentionBubble as Bubble } from '../store/types.js';
import { CloseIcon } from './icons.js';

/** Props of {@link AttentionBubble}. */
export interface AttentionBubbleProps {
  bubble: Bubble | null;
  /** A core catalog is completed with English's view strings (`withViews`). */
  strings: CoreCatalog;
  /** The launcher the bubble points at. */
  launcher: RefObject<HTMLButtonElement>;
  /** The launcher's side: the bubble opens towards the page from there. */
  side: 'left' | 'right';
  onOpen: () => void;
  onDismiss: () => void;
}

type AnchorModule = typeof import('./anchor.js');
let anchorModule: Promise<AnchorModule> | null = null;
/** floating-ui is a lazy chunk, fetched the first time a bubble shows. */
const loadAnchor = () => {
  anchorModule ??= import('./anchor.js');
  return anchorModule;
};

/**
 * The bubble by the closed launcher: an agent's message that arrived while the panel was closed,
 * or a proactive greeting. A polite live region (always present, so the text is announced); the
 * text is a button that opens the chat, and "Dismiss" closes the bubble. Anchored to the launcher
 * with floating-ui (flip, shift), so it never leaves the viewport.
 * @example <AttentionBubble bubble={state.bubble} strings={en} launcher={ref} side="right" ... />
 */
export function AttentionBubble(props: AttentionBubbleProps) {
  const { bubble, strings: core } = props;
  const strings = withViews(core);
  const el = useRef<HTMLElement>(null);
  useEffect(() => {
    const floating = el.current;
    const reference = props.launcher.current;
    if (!bubble || !floating || !reference) return;
    let stop: (() => void) | null = null;
    let live = true;
    loadAnchor().then(
      ({ anchor }) => {
        if (live) stop = anchor(floating, reference, props.side);
      },
      // The CSS places it above the launcher already: only the fine placement is lost.
      (error: unknown) => console.error('[Switchboard] the placement module did not load', error),
    );
    return () => {
      live = false;
      stop?.();
    };
  }, [bubble?.key, props.side]);

  return (
    <div aria-live="polite">
      {bubble && (
        <section ref={el} class="pop" aria-label={strings.bubbleLabel}>
          <button type="button" class="pop-open" onClick={props.onOpen}>
            {bubble.kind === 'message' && (
              <span class="pop-author">{strings.bubbleFrom(bubble.author)}</span>
            )}
            <span class="pop-text">{bubble.text}</span>
          </button>
          <button
            type="button"
            class="icon-button"
            aria-label={strings.dismiss}
            onClick={props.onDismiss}
          >
            <CloseIcon />
          </button>
        </section>
      )}
    </div>
  );
}
