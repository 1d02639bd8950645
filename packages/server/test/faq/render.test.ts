import { describe, expect, it } from 'vitest';
import { markdownToText, renderMarkdown, withoutTitleHeading } from '../../src/faq/render.js';

const ALLOWED_TAGS = new Set(
  'p h1 h2 h3 h4 ul ol li strong em code pre blockquote a img table thead tbody tr th td hr br'.split(
    ' ',
  ),
);

/**
 * What a browser would treat as markup in `html`: every tag must be allowlisted, carry no event
 * handler or style, and link only to http(s), mailto or a relative URL. Escaped text is harmless.
 */
function executableMarkup(html: string): string[] {
  const problems: string[] = [];
  for (const [, name, attrs] of html.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)) {
    if (!ALLOWED_TAGS.has(name!.toLowerCase())) problems.push(`tag <${name}>`);
    for (const [, attr, value] of attrs!.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)) {
      if (!['href', 'src', 'alt', 'rel', 'target', 'start'].includes(attr!)) {
        problems.push(`attribute ${attr}`);
      }
      const url = (value ?? '').replace(/&#?\w+;/g, '').replace(/\s/g, '');
      if ((attr === 'href' || attr === 'src') && /^[a-z][a-z0-9+.-]*:/i.test(url)) {
        if (!/^(https?|mailto):/i.test(url)) problems.push(`${attr}=${value}`);
      }
    }
  }
  return problems;
}

const XSS: Array<[string, string]> = [
  ['a script tag', '<script>alert(1)</script>'],
  ['a script tag inside text', 'Hello <script>alert(document.cookie)</script> world'],
  ['a javascript: markdown link', '[x](javascript:alert(1))'],
  ['a JavaScript: link with odd case and spaces', '[x]( JaVaScRiPt:alert(1) )'],
  ['an entity-encoded javascript: link', '[x](&#106;avascript:alert(1))'],
  ['a tab-split javascript: link', '[x](java\tscript:alert(1))'],
  ['an img with onerror', '<img src=x onerror=alert(1)>'],
  [
    'a markdown image with onerror in the title',
    '![a](https://x.test/a.png "x\\" onerror=\\"alert(1))',
  ],
  ['an svg with onload', '<svg onload=alert(1)></svg>'],
  ['a data: URL link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['a data: URL image', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
  ['a raw iframe', '<iframe src="https://evil.test"></iframe>'],
  ['HTML entities spelling a tag', '&lt;script&gt;alert(1)&lt;/script&gt;'],
  ['an autolink with javascript:', '<javascript:alert(1)>'],
  ['a reference link to javascript:', '[x][1]\n\n[1]: javascript:alert(1)'],
  ['a vbscript link', '[x](vbscript:msgbox(1))'],
  ['a style attribute', '<p style="background:url(javascript:alert(1))">x</p>'],
  ['a heading with a script', '# Title <script>alert(1)</script>'],
  ['an anchor tag with href', '<a href="javascript:alert(1)">x</a>'],
  ['an object tag', '<object data="evil.swf"></object>'],
];

describe('renderMarkdown', () => {
  it.each(XSS)('leaves nothing executable from %s', (_name, body) => {
    const html = renderMarkdown(body);
    expect(executableMarkup(html)).toEqual([]);
  });

  it('finds executable markup when there is some (the check can fail)', () => {
    expect(executableMarkup('<img src=x onerror=alert(1)>')).not.toEqual([]);
    expect(executableMarkup('<a href="javascript:alert(1)">x</a>')).not.toEqual([]);
    expect(executableMarkup('<script>alert(1)</script>')).not.toEqual([]);
  });

  it('shows raw HTML as text, not markup', () => {
    expect(renderMarkdown('<b>bold</b>')).toBe('<p>&lt;b&gt;bold&lt;/b&gt;</p>\n');
  });

  it('renders the allowed Markdown', () => {
    const html = renderMarkdown(
      '# Returns\n\nYou have **60 days** and _free_ `labels`.\n\n- one\n- two\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n',
    );
    expect(html).toContain('<h1>Returns</h1>');
    expect(html).toContain('<strong>60 days</strong>');
    expect(html).toContain('<em>free</em>');
    expect(html).toContain('<code>labels</code>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<td>1</td>');
    expect(html).toContain('<hr />');
  });

  it('opens links to other sites in a new tab without an opener', () => {
    expect(renderMarkdown('[carrier](https://carrier.example/track)')).toBe(
      '<p><a href="https://carrier.example/track" rel="noopener noreferrer" target="_blank">carrier</a></p>\n',
    );
    expect(renderMarkdown('see https://carrier.example')).toContain('rel="noopener noreferrer"');
  });

  it('keeps relative and mailto links as they are', () => {
    expect(renderMarkdown('[form](/returns/form)')).toBe(
      '<p><a href="/returns/form">form</a></p>\n',
    );
    expect(renderMarkdown('[mail](mailto:help@shop.example)')).toContain(
      '<a href="mailto:help@shop.example">',
    );
  });

  it('keeps http(s) images with their alt text', () => {
    expect(renderMarkdown('![label](https://cdn.example/l.png)')).toContain(
      '<img src="https://cdn.example/l.png" alt="label" />',
    );
  });
});

describe('markdownToText', () => {
  it('strips markup and keeps link text', () => {
    expect(markdownToText('# Returns\n\nSee **the** [form](/f) and `code`.')).toBe(
      'Returns See the form and code .',
    );
  });
});

describe('withoutTitleHeading', () => {
  it.each([
    ['# Returns\n\nSixty days.', 'Returns', 'Sixty days.'],
    ['#  What is your return policy?  \nText', 'What is your  return policy?', 'Text'],
    ['# Returns #\n\nText', 'returns', 'Text'],
    ['# Something else\n\nText', 'Returns', '# Something else\n\nText'],
    ['Intro\n# Returns', 'Returns', 'Intro\n# Returns'],
    ['## Returns\n\nText', 'Returns', '## Returns\n\nText'],
  ])('%j with title %j', (body, title, expected) => {
    expect(withoutTitleHeading(body, title)).toBe(expected);
  });
});
