import { useEffect, useState } from 'preact/hooks';
import type { CoreCatalog } from '../i18n/en.js';
import { adoptChunkCss } from './chunk-css.js';

/**
 * Load a lazy chunk once; a failed load is tried again the next time it is asked for. A chunk's
 * `css` export (its views' rules) is adopted into the widget's shadow root before the promise
 * resolves, and before `ready` runs: its views never render unstyled.
 * @example export const loadArticleView = createChunkLoader(() => import('../faq/ArticleView.js'))
 */
export function createChunkLoader<M>(
  importer: () => Promise<M>,
  ready?: (module: M) => void,
): () => Promise<M> {
  let loading: Promise<M> | null = null;
  return () => {
    loading ??= importer().then(
      (module) => {
        const { css } = module as { css?: string | readonly string[] };
        if (css) adoptChunkCss(css);
        ready?.(module);
        return module;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  };
}

/** A lazy chunk as a view sees it: the module once here, whether the load failed, and a retry. */
export interface Chunk<M> {
  module: M | null;
  failed: boolean;
  retry: () => void;
}

/**
 * Load `load`'s chunk for a view, logging a failure once (naming `what`).
 * @example const chunk = useChunk(loadArticleView, 'the article view')
 */
export function useChunk<M>(load: () => Promise<M>, what: string): Chunk<M> {
  const [module, setModule] = useState<M | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (loaded) => live && setModule(() => loaded),
      (error: unknown) => {
        console.error(`[Switchboard] ${what} did not load`, error);
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [attempt]);
  return {
    module,
    failed,
    retry: () => {
      setFailed(false);
      setAttempt((n) => n + 1);
    },
  };
}

/** "Loading…" while a chunk is on its way, or "…did not load. Try again" when it failed. */
export function ChunkStatus(props: {
  chunk: Pick<Chunk<unknown>, 'failed' | 'retry'>;
  strings: Pick<CoreCatalog, 'loadFailed' | 'tryAgain' | 'loading'>;
}) {
  const { chunk, strings } = props;
  return chunk.failed ? (
    <p class="field-error" role="alert">
      {strings.loadFailed}{' '}
      <button type="button" class="link-button" onClick={chunk.retry}>
        {strings.tryAgain}
      </button>
    </p>
  ) : (
    <p class="queue-line">{strings.loading}</p>
  );
}
