import { autoUpdate, computePosition, flip, offset, shift } from '@floating-ui/dom';
import { adoptChunkCss } from './chunk-css.js';

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

/** How long the pointer or the focus rests on the launcher before its tooltip shows. @default 400 */
export const TOOLTIP_DELAY_MS = 400;

const TIP_ID = 'sb-tip';
/** The tooltip's rule: it travels with this chunk, adopted before the first tooltip shows. */
const TOOLTIP_CSS =
  '.tooltip{position:fixed;z-index:1;padding:4px 8px;border-radius:6px;background:var(--sb-ink);color:var(--sb-bg);font-size:12.5px;white-space:nowrap;pointer-events:none}';
let armed: HTMLElement | null = null;

/**
 * The icon-only launcher's tooltip: after {@link TOOLTIP_DELAY_MS} of hover or focus, a
 * `role="tooltip"` with the button's name ("Open chat" / "Close chat"), placed towards the inside of
 * the page and kept in the viewport, referenced by `aria-describedby` only while it shows. Pointer
 * leave, blur, a click and Escape hide it. Called on `pointerenter` and `focus`; a second call while
 * armed does nothing.
 * @example onFocus={(e) => tooltip(e.currentTarget)}
 */
export function tooltip(button: HTMLElement): void {
  if (armed === button) return;
  armed = button;
  let tip: HTMLElement | null = null;
  let stop: (() => void) | null = null;
  const timer = setTimeout(() => {
    const name = button.getAttribute('aria-label');
    if (!name || !button.isConnected) return hide();
    adoptChunkCss(TOOLTIP_CSS);
    tip = document.createElement('div');
    tip.id = TIP_ID;
    tip.className = 'tooltip';
    tip.setAttribute('role', 'tooltip');
    tip.textContent = name;
    button.after(tip);
    const described = button.getAttribute('aria-describedby');
    button.setAttribute('aria-describedby', described ? `${described} ${TIP_ID}` : TIP_ID);
    // Towards the inside of the page: left of a launcher in the right corner, and the other way.
    const rect = button.getBoundingClientRect();
    const right = rect.left + rect.width / 2 > (globalThis.innerWidth || 0) / 2;
    const floating = tip;
    stop = autoUpdate(button, floating, () => {
      void computePosition(button, floating, {
        strategy: 'fixed',
        placement: right ? 'left' : 'right',
        middleware: [offset(8), flip({ padding: 8 }), shift({ padding: 8 })],
      }).then(({ x, y }) => {
        floating.style.left = `${x}px`;
        floating.style.top = `${y}px`;
      });
    });
  }, TOOLTIP_DELAY_MS);
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') hide();
  };
  const events = ['pointerleave', 'blur', 'click'] as const;
  function hide(): void {
    clearTimeout(timer);
    stop?.();
    tip?.remove();
    const rest = (button.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((id) => id && id !== TIP_ID)
      .join(' ');
    if (rest) button.setAttribute('aria-describedby', rest);
    else button.removeAttribute('aria-describedby');
    for (const type of events) button.removeEventListener(type, hide);
    globalThis.removeEventListener?.('keydown', onKey, true);
    if (armed === button) armed = null;
  }
  for (const type of events) button.addEventListener(type, hide);
  // Escape hides it while hovering too (WCAG 1.4.13), wherever the focus is.
  globalThis.addEventListener?.('keydown', onKey, true);
}
