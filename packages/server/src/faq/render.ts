import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/** Raw HTML off: `<script>` in Markdown is text. Links and bare URLs become anchors. */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

/** `http:`, `https:`, `mailto:` or relative (no scheme at all). */
const SAFE_HREF = /^(?:https?:|mailto:|[^:]*$|[^:]*[/?#])/i;

/** Absolute http(s) URLs: another site, opened in a new tab without an opener. */
const ABSOLUTE = /^(?:https?:)?\/\//i;

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'h1',
    'h2',
    'h3',
    'h4',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'code',
    'pre',
    'blockquote',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'hr',
    'br',
  ],
  allowedAttributes: { a: ['href', 'rel', 'target'], img: ['src', 'alt'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'], a: ['http', 'https', 'mailto'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Text of dropped tags such as <script> or <style> is dropped with them.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'svg', 'math'],
  transformTags: {
    a: (tagName, attribs) => {
      const href = attribs.href ?? '';
      const attrs: sanitizeHtml.Attributes = {};
      if (SAFE_HREF.test(href) && href !== '') attrs.href = href;
      if (attrs.href && ABSOLUTE.test(href)) {
        attrs.rel = 'noopener noreferrer';
        attrs.target = '_blank';
      }
      return { tagName, attribs: attrs };
    },
    img: (tagName, attribs) => {
      const src = attribs.src ?? '';
      return /^https?:\/\//i.test(src)
        ? { tagName, attribs: { src, alt: attribs.alt ?? '' } as sanitizeHtml.Attributes }
        : { tagName, attribs: { alt: attribs.alt ?? '' } as sanitizeHtml.Attributes };
    },
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

/**
 * Render an article's Markdown as the HTML visitors see: markdown-it with raw HTML off, then
 * sanitize-html with a tight allowlist. Links to other sites get `rel="noopener noreferrer"` and
 * `target="_blank"`; `javascript:`, `data:` and other schemes are dropped.
 * @example renderMarkdown('**60 days**') // '<p><strong>60 days</strong></p>\n'
 */
export function renderMarkdown(body: string): string {
  return sanitizeHtml(markdown.render(body), SANITIZE);
}

/**
 * Markdown as plain text (for snippets and the index): no markup, link text kept, whitespace
 * collapsed.
 * @example markdownToText('# Returns\n\nSee [the form](/f).') // 'Returns See the form.'
 */
export function markdownToText(body: string): string {
  return body
    .replace(/```[^\n]*\n?/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/^\s{0,3}(?:#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/^\s*\|?[-:| ]+\|?\s*$/gm, ' ')
    .replace(/[*_`~|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The body without a first-line `# Heading` that only repeats the title: the article view shows
 * the title itself, and authors habitually start with it.
 * @example withoutTitleHeading('# Returns\n\nText', 'Returns') // 'Text'
 */
export function withoutTitleHeading(body: string, title: string): string {
  const match = /^\s*#[ \t]+(.+?)[ \t]*#*[ \t]*(?:\r?\n|$)/.exec(body);
  if (!match?.[1]) return body;
  const same = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();
  return same(match[1]) === same(title) ? body.slice(match[0].length).replace(/^\s*\n/, '') : body;
}
