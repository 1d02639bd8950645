import type { ArticleHit } from '@switchboard/shared';
import type { CoreCatalog } from '../i18n/en.js';
import { withViews } from '../i18n/with-views.js';
import type { ArticleSource } from '../store/chat-store.js';

/** Props of {@link HelpSearch}. */
export interface HelpSearchProps {
  /** A core catalog is completed with English's view strings (`withViews`). */
  strings: CoreCatalog;
  query: string;
  /** null: nothing asked yet (or waiting for the answer). */
  results: ArticleHit[] | null;
  onSearch: (query: string) => void;
  onOpen: (articleId: string, source: ArticleSource) => void;
}

/**
 * The help search: a search box, results as the visitor types (title and plain-text snippet),
 * "No articles found" when the relay found nothing.
 * @example <HelpSearch strings={en} query="" results={null} onSearch={search} onOpen={open} />
 */
export function HelpSearch({ strings: core, query, results, onSearch, onOpen }: HelpSearchProps) {
  const strings = withViews(core);
  return (
    <div class="help">
      <input
        type="search"
        class="help-input"
        aria-label={strings.searchHelp}
        placeholder={strings.searchHelp}
        maxLength={200}
        value={query}
        onInput={(event) => onSearch(event.currentTarget.value)}
      />
      {results &&
        (results.length === 0 ? (
          <p class="queue-line" role="status">
            {strings.noArticles(query.trim())}
          </p>
        ) : (
          <ArticleList
            label={strings.helpArticles}
            hits={results}
            onOpen={onOpen}
            source="search"
          />
        ))}
    </div>
  );
}

/** Props of {@link ArticleList}. */
export interface ArticleListProps {
  label: string;
  hits: ArticleHit[];
  /** Snippets are shown for search results, not for suggestions. */
  source: 'search' | 'suggestion';
  onOpen: (articleId: string, source: ArticleSource) => void;
}

/**
 * A named list of articles, each a button (title, and for search results the snippet).
 * @example <ArticleList label="Suggested articles" hits={hits} source="suggestion" onOpen={open} />
 */
export function ArticleList({ label, hits, source, onOpen }: ArticleListProps) {
  return (
    // biome-ignore lint/a11y/noRedundantRoles: list styles off remove the implicit role in Safari
    <ul class="articles" role="list" aria-label={label}>
      {hits.map((hit) => (
        <li key={hit.id}>
          <button type="button" class="article-hit" onClick={() => onOpen(hit.id, source)}>
            <strong>{hit.title}</strong>
            {source === 'search' && hit.snippet && <span>{hit.snippet}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}
