import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { CoreCatalog } from '../i18n/en.js';
import { withViews } from '../i18n/with-views.js';
import type { OpenArticle } from '../store/chat-store.js';

/** Elements never kept from an article's HTML (the relay sanitises; this is a second line). */
const BLOCKED = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'link',
  'meta',
  'base',
  'form',
  'template',
  'noscript',
]);
const URL_ATTRS = /^(href|src|srcset|action|formaction|xlink:href|poster)$/;
const BAD_URL = /^\s*(javascript|vbscript|data):/i;

/** The article view's rules (adopted on load). */
export const css = `
.article-body{align-self:stretch;overflow-wrap:anywhere}
.article-body img{max-width:100%}
.article-box{align-self:stretch;border-top:1px solid var(--sb-line);padding-top:10px}
`;

/**
 * Parse an article's HTML into an inert fragment (a `<template>`: nothing runs or loads while
 * parsing), without scripts, event handlers, styles or script URLs; links open in a new tab.
 * @example container.replaceChildren(articleFragment('<p>Hi</p>'))
 */
export function articleFragment(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  for (const el of Array.from(template.content.querySelectorAll('*'))) {
    if (BLOCKED.has(el.localName)) {
      el.remove();
      continue;
    }
    for (const { name, value } of Array.from(el.attributes)) {
      const lower = name.toLowerCase();
      if (
        lower.startsWith('on') ||
        lower === 'style' ||
        (URL_ATTRS.test(lower) && BAD_URL.test(value))
      ) {
        el.removeAttribute(name);
      }
    }
    if (el.localName === 'a') {
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer');
    }
  }
  return template.content;
}

/** Props of {@link ArticleView}. */
export interface ArticleViewProps {
  article: OpenArticle;
  /** A core catalog is completed with English's view strings (`withViews`). */
  strings: CoreCatalog;
  /** The site offers callbacks: "Call me back" shows under "Still need help?". */
  callback: boolean;
  onBack: () => void;
  onFeedback: (helpful: boolean) => void;
  onChat: () => void;
  onCallback: () => void;
}

/**
 * An article inside the panel (the lazy FAQ chunk): "Back to results", the title as a heading,
 * the relay's HTML, "Was this helpful?", and "Still need help?" with chat and callback.
 * @example <ArticleView article={open} strings={en} callback onBack={back} ... />
 */
export function ArticleView({ article, strings: core, callback, ...on }: ArticleViewProps) {
  const strings = withViews(core);
  const body = useRef<HTMLDivElement | null>(null);
  const heading = useRef<HTMLHeadingElement | null>(null);
  const view = article.view;
  useLayoutEffect(() => {
    body.current?.replaceChildren(view ? articleFragment(view.html) : '');
  }, [view?.html]);
  useEffect(() => {
    if (view) heading.current?.focus();
  }, [view?.id]);

  return (
    <div class="callback">
      <button type="button" class="link-button" onClick={on.onBack}>
        {strings.backToResults}
      </button>
      {view ? (
        <>
          <h3 class="callback-title" ref={heading} tabIndex={-1}>
            {view.title}
          </h3>
          <div class="article-body" ref={body} />
          <div class="article-box">
            {article.feedback === null ? (
              <>
                <p>{strings.wasHelpful}</p>
                <button type="button" class="secondary" onClick={() => on.onFeedback(true)}>
                  {strings.yes}
                </button>{' '}
                <button type="button" class="secondary" onClick={() => on.onFeedback(false)}>
                  {strings.no}
                </button>
              </>
            ) : (
              <p role="status">{strings.feedbackThanks}</p>
            )}
          </div>
          <div class="article-box">
            <p>{strings.stillNeedHelp}</p>
            <button type="button" class="primary" onClick={on.onChat}>
              {strings.chatWithUs}
            </button>{' '}
            {callback && (
              <button type="button" class="secondary" onClick={on.onCallback}>
                {strings.callMeBack}
              </button>
            )}
          </div>
        </>
      ) : (
        <p class="queue-line" role={article.failed ? 'alert' : undefined}>
          {article.failed ? strings.articleMissing : strings.loading}
        </p>
      )}
    </div>
  );
}
