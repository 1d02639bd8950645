import type { ArticleHit, ArticleView } from '@switchboard/shared';
import type { Session, SessionState, Timers } from '../client/session.js';

/** Wait this long after the last keystroke before searching. @default 200 */
export const SEARCH_DEBOUNCE_MS = 200;
/** Wait this long after the last keystroke of a first message before suggesting. @default 300 */
export const SUGGEST_DEBOUNCE_MS = 300;
/** Suggest only once the first message has this many characters. @default 4 */
export const SUGGEST_MIN_CHARS = 4;

/** How the visitor got to an article (`article.open`'s `source`). */
export type ArticleSource = 'search' | 'suggestion' | 'api' | 'link';

/** The article open in the panel: loading (`view` null), failed, or loaded. */
export interface OpenArticle {
  id: string;
  view: ArticleView | null;
  failed: boolean;
  /** The visitor's "Was this helpful?" answer, once given. */
  feedback: boolean | null;
}

/** The self-service part of the view state. */
export interface FaqState {
  /** The help pane over a conversation (the header's "Help", or `search` from the page). */
  helpOpen: boolean;
  query: string;
  /** The results for `query`; null while there is no query or no answer yet. */
  results: ArticleHit[] | null;
  /** Up to 3 articles matching the first message being typed; empty once a conversation is open. */
  suggestions: ArticleHit[];
  article: OpenArticle | null;
}

/** What views can do with the FAQ. */
export interface FaqActions {
  /** The search box changed: results follow, debounced; answers to older queries are ignored. */
  search(query: string): void;
  /** Show the search with this query now (the header's "Help", `Switchboard('search', q)`). */
  showSearch(query?: string): void;
  /** Leave the help pane for the conversation. */
  closeHelp(): void;
  /** The first message being typed: suggestions follow, debounced, while no conversation is open. */
  suggest(text: string): void;
  openArticle(articleId: string, source: ArticleSource): void;
  /** "Back to results". */
  closeArticle(): void;
  /** "Was this helpful?" */
  articleFeedback(helpful: boolean): void;
  /** "Chat with us": back to the composer; the first message carries the article. */
  chatAboutArticle(): void;
}

/** No conversation open and no first message on its way: suggestions may show. */
export function beforeConversation(s: SessionState): boolean {
  const conv = s.conversation;
  return (!conv || conv.closed) && s.pending.length === 0 && s.sent.length === 0;
}

/**
 * The FAQ's state and actions, part of the chat store: debounced search with stale answers
 * dropped, suggestions for a first message, the open article and its feedback.
 * @example const faq = createFaq(session, clock, publish); faq.search('refund');
 */
export function createFaq(session: Session, clock: Timers, publish: () => void) {
  let helpOpen = false;
  let query = '';
  let results: ArticleHit[] | null = null;
  let suggestions: ArticleHit[] = [];
  let article: OpenArticle | null = null;
  let searchTimer: unknown = null;
  let suggestTimer: unknown = null;
  // Bumped by every new query: an answer to an older one is dropped.
  let searchSeq = 0;
  let suggestSeq = 0;
  let articleSeq = 0;

  const stop = (timer: unknown) => {
    if (timer !== null) clock.clearTimeout(timer);
    return null;
  };

  function run(q: string): void {
    const seq = ++searchSeq;
    void session.searchArticles(q).then((hits) => {
      if (seq !== searchSeq) return;
      results = hits ?? [];
      publish();
    });
  }

  const actions: FaqActions = {
    search(next) {
      searchTimer = stop(searchTimer);
      searchSeq++;
      query = next;
      results = null;
      const q = next.trim();
      if (q) searchTimer = clock.setTimeout(() => run(q), SEARCH_DEBOUNCE_MS);
      publish();
    },
    showSearch(next = query) {
      searchTimer = stop(searchTimer);
      helpOpen = true;
      article = null;
      query = next;
      results = null;
      searchSeq++;
      if (next.trim()) run(next.trim());
      publish();
    },
    closeHelp() {
      helpOpen = false;
      publish();
    },
    suggest(text) {
      suggestTimer = stop(suggestTimer);
      suggestSeq++;
      const q = text.trim();
      if (q.length < SUGGEST_MIN_CHARS || !beforeConversation(session.getState())) {
        if (suggestions.length > 0) {
          suggestions = [];
          publish();
        }
        return;
      }
      const seq = suggestSeq;
      suggestTimer = clock.setTimeout(() => {
        suggestTimer = null;
        void session.searchArticles(q, { purpose: 'suggest', limit: 3 }).then((hits) => {
          if (seq !== suggestSeq) return;
          suggestions = (hits ?? []).slice(0, 3);
          publish();
        });
      }, SUGGEST_DEBOUNCE_MS);
    },
    openArticle(articleId, source) {
      const seq = ++articleSeq;
      const open: OpenArticle = { id: articleId, view: null, failed: false, feedback: null };
      article = open;
      publish();
      void session.openArticle(articleId, source).then((view) => {
        if (seq !== articleSeq || article !== open) return;
        article = view ? { ...open, view } : { ...open, failed: true };
        publish();
      });
    },
    closeArticle() {
      articleSeq++;
      article = null;
      publish();
    },
    articleFeedback(helpful) {
      if (!article) return;
      article = { ...article, feedback: helpful };
      void session.articleFeedback(article.id, helpful);
      publish();
    },
    chatAboutArticle() {
      if (article && beforeConversation(session.getState())) session.carryArticle(article.id);
      articleSeq++;
      article = null;
      helpOpen = false;
      publish();
    },
  };

  return {
    actions,
    /** The FAQ part of the view state for this session state. */
    state(s: SessionState): FaqState {
      return {
        helpOpen,
        query,
        results,
        suggestions: beforeConversation(s) ? suggestions : [],
        article,
      };
    },
    destroy() {
      searchTimer = stop(searchTimer);
      suggestTimer = stop(suggestTimer);
    },
  };
}
