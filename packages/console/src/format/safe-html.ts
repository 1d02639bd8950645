/** Elements that never belong in an article preview, whatever the relay sends. */
const DROPPED = 'script, style, iframe, object, embed, frame, frameset, base, meta, link, form';

/** URL attributes whose `javascript:` (or `data:`/`vbscript:`) value would run code. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'xlink:href', 'action', 'formaction', 'srcset']);
const UNSAFE_URL = /^\s*(javascript|vbscript|data):/i;

/**
 * Put HTML the relay has already sanitised into `container`, as a second line of defence: it is
 * parsed in an inert `<template>` (nothing loads or runs while parsing), then scripts and frames are
 * dropped, and every event-handler attribute (`on…`) and script URL removed before it is attached.
 * The console never builds HTML itself from Markdown.
 * @example insertSanitisedHtml(previewRef.current, answer.html)
 */
export function insertSanitisedHtml(container: Element, html: string): void {
  const template = container.ownerDocument.createElement('template');
  template.innerHTML = html;
  const content = template.content;
  for (const element of Array.from(content.querySelectorAll(DROPPED))) element.remove();
  for (const element of Array.from(content.querySelectorAll('*'))) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on') || (URL_ATTRIBUTES.has(name) && UNSAFE_URL.test(attribute.value))) {
        element.removeAttribute(attribute.name);
      }
    }
    // Links in a preview open elsewhere and never hand the console to the page they open.
    if (element.tagName === 'A' && element.hasAttribute('href')) {
      element.setAttribute('target', '_blank');
      element.setAttribute('rel', 'noopener noreferrer');
    }
  }
  container.replaceChildren(content);
}
