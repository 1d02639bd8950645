import { autoUpdate, computePosition, flip, offset, shift } from '@floating-ui/dom';

/**
 * Keep `floating` next to `reference` (above it, on the launcher's side), flipped and shifted so
 * it never leaves the viewport, following scroll and resize until the returned function is called.
 * A lazy chunk: floating-ui loads only when a bubble first shows.
 * @example const stop = anchor(bubble, launcher, 'right'); … stop();
 */
export function anchor(
  floating: HTMLElement,
  reference: HTMLElement,
  side: 'left' | 'right',
): () => void {
  const update = () =>
    computePosition(reference, floating, {
      strategy: 'fixed',
      placement: side === 'left' ? 'top-start' : 'top-end',
      middleware: [offset(12), flip({ padding: 8 }), shift({ padding: 8 })],
    }).then(({ x, y }) => {
      // CSSOM, not a style attribute: allowed under a strict CSP.
      floating.style.left = `${x}px`;
      floating.style.top = `${y}px`;
      floating.setAttribute('data-placed', '');
    });
  return autoUpdate(reference, floating, () => {
    void update();
  });
}
