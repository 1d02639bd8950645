import { useEffect, useState } from 'preact/hooks';
import type { ArticleViewProps } from '../faq/ArticleView.js';

type ArticleModule = typeof import('../faq/ArticleView.js');

let loading: Promise<ArticleModule> | null = null;

/**
 * Fetch the article view's chunk once; a failed load is tried again next time.
 * @example void loadArticleView()
 */
export function loadArticleView(): Promise<ArticleModule> {
  loading ??= import('../faq/ArticleView.js').catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/**
 * Where the lazy article view renders: "Loading…" until its chunk has arrived (or "Try again").
 * @example <ArticlePane article={open} strings={en} ... />
 */
export function ArticlePane(props: ArticleViewProps) {
  const [mod, setMod] = useState<ArticleModule | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    loadArticleView().then(
      (module) => live && setMod(() => module),
      (error: unknown) => {
        console.error('[Switchboard] the article view did not load', error);
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  if (mod) return <mod.ArticleView {...props} />;
  const { strings } = props;
  return (
    <div class="callback">
      <button type="button" class="link-button" onClick={props.onBack}>
        {strings.backToResults}
      </button>
      {failed ? (
        <p class="field-error" role="alert">
          {strings.loadFailed}{' '}
          <button
            type="button"
            class="link-button"
            onClick={() => {
              setFailed(false);
              setAttempt((n) => n + 1);
            }}
          >
            {strings.tryAgain}
          </button>
        </p>
      ) : (
        <p class="queue-line">{strings.loading}</p>
      )}
    </div>
  );
}
