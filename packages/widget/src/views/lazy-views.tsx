import type { ComponentProps, FunctionComponent } from 'preact';
import { loadSessionFeatures } from '../client/session.js';
import type { CoreCatalog } from '../i18n/en.js';
import { loadStoreFeatures } from '../store/chat-store.js';
import { ChunkStatus, createChunkLoader, useChunk } from './lazy-chunk.js';

type Views = typeof import('./chat-views.js');

/** The chunk once it is here: views mounted after that render at once, without a frame of nothing. */
let loaded: Views | null = null;

/**
 * Load the secondary views' chunk (`views/chat-views.ts`) once, its CSS adopted first, together
 * with what they use: the session's callback and help-article commands and the store's lazy parts
 * (survey, FAQ, callback form, the pre-chat check). A view that shows can use all of them at once.
 */
export const loadChatViews = createChunkLoader(
  () =>
    Promise.all([import('./chat-views.js'), loadSessionFeatures(), loadStoreFeatures()]).then(
      ([views]) => views,
    ),
  (views) => {
    loaded = views;
  },
);

/**
 * Fetch the secondary views (and the session's commands and the store's lazy parts they use) when
 * the browser is idle (`requestIdleCallback`, else a short timeout), right after the app mounts:
 * by the time a visitor needs one, it is there. A failure is reported by the view that needs it,
 * which offers to try again.
 */
export function prefetchChatViews(): void {
  const start = () => {
    loadChatViews().catch(() => undefined);
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 2_000 });
  else setTimeout(start, 50);
}

/**
 * A view of the lazy chunk: nothing until the chunk is here (a few ms at most after the idle
 * prefetch; nothing moves, since each of these views only adds to the panel), "did not load. Try
 * again" if it failed (nothing at all for the bubble: `quiet`).
 */
function lazyView<K extends Exclude<keyof Views, 'css'>>(name: K, what: string, quiet = false) {
  type Props = ComponentProps<Views[K]>;
  const Lazy = (props: Props) => {
    const chunk = useChunk(loadChatViews, what);
    const views = chunk.module ?? loaded;
    if (!views) {
      const strings = (props as { strings?: CoreCatalog }).strings;
      return chunk.failed && strings && !quiet ? (
        <ChunkStatus chunk={chunk} strings={strings} />
      ) : null;
    }
    const View = views[name] as unknown as FunctionComponent<object>;
    return <View {...(props as object)} />;
  };
  return Lazy;
}

/** The pre-chat form (lazy). */
export const PrechatForm = lazyView('PrechatForm', 'the pre-chat form');
/** The queue card: position, wait, alternatives (lazy). */
export const QueueCard = lazyView('QueueCard', 'the queue card');
/** The callback status card (lazy). */
export const CallbackCard = lazyView('CallbackCard', 'the callback card');
/** The help search of the home view (lazy). */
export const HelpSearch = lazyView('HelpSearch', 'the help search');
/** A list of articles: search results, suggestions while typing (lazy). */
export const ArticleList = lazyView('ArticleList', 'the article list');
/** The preview / greeting bubble next to the launcher (lazy). */
export const AttentionBubble = lazyView('AttentionBubble', 'the attention bubble', true);
/** The CSAT and CES survey after a finished chat or callback (lazy). */
export const SurveyCard = lazyView('SurveyCard', 'the survey');
