import type { ArticleViewProps } from '../faq/ArticleView.js';
import { ChunkStatus, createChunkLoader, useChunk } from './lazy-chunk.js';

/**
 * Fetch the article view's chunk once; a failed load is tried again next time.
 * @example void loadArticleView()
 */
export const loadArticleView = createChunkLoader(() => import('../faq/ArticleView.js'));

/**
 * Where the lazy article view renders: "Loading…" until its chunk has arrived (or "Try again").
 * @example <ArticlePane article={open} strings={en} ... />
 */
export function ArticlePane(props: ArticleViewProps) {
  const chunk = useChunk(loadArticleView, 'the article view');
  if (chunk.module) return <chunk.module.ArticleView {...props} />;
  return (
    <div class="callback">
      <button type="button" class="link-button" onClick={props.onBack}>
        {props.strings.backToResults}
      </button>
      <ChunkStatus chunk={chunk} strings={props.strings} />
    </div>
  );
}
