/** The CSS of the lazy chunks here so far, in arrival order: a widget mounted later adopts it too. */
const adopted: string[] = [];
/** The mounted widgets' shadow roots, as functions that add one sheet to one of them. */
const targets = new Set<(css: string) => void>();

/**
 * Add a lazy chunk's CSS to every mounted widget (and to any mounted later), each text once.
 * Called by the chunk loader before it resolves, so the chunk's views never render unstyled.
 * @example adoptChunkCss([FORM_CSS, VIEWS_CSS])
 */
export function adoptChunkCss(css: string | readonly string[]): void {
  for (const text of typeof css === 'string' ? [css] : css) {
    if (adopted.includes(text)) continue;
    adopted.push(text);
    for (const add of targets) add(text);
  }
}

/**
 * Register a widget's shadow root (as a function adding one sheet to it): it gets the chunk CSS
 * already adopted at once, and every chunk's CSS from then on. Returns the unregister function.
 * @example const off = addChunkCssTarget((css) => addSheet(css)); … off();
 */
export function addChunkCssTarget(add: (css: string) => void): () => void {
  for (const text of adopted) add(text);
  targets.add(add);
  return () => {
    targets.delete(add);
  };
}
