/**
 * The script-tag loader (`dist/widget.js`, a classic IIFE, budget 1.5 KB gzip). It defines the
 * `Switchboard` queue stub, waits until the page has loaded and is idle, then imports the app
 * (hashed entry name baked in at build time) next to itself and mounts it. It never throws into
 * the host page, and defines no global but `Switchboard`.
 *
 * <script src="https://RELAY/widget.js" data-site="demo" async></script>
 * Optional: data-relay (the relay's origin), data-department and data-priority (routing).
 */

/** Injected by build.mjs: the app entry's file name inside `widget/`. */
declare const __SB_ENTRY__: string;

type Stub = ((...args: unknown[]) => void) & { q?: ArrayLike<unknown>[] };
type Win = Window & { Switchboard?: Stub };

const report = (error: unknown) => console.error('[Switchboard]', error);

try {
  const w = window as Win;
  const script = document.currentScript as HTMLScriptElement | null;
  const stub: Stub =
    w.Switchboard ??
    ((...args: unknown[]) => {
      stub.q = stub.q ?? [];
      stub.q.push(args);
    });
  w.Switchboard = stub;
  if (!script?.src) throw new Error('widget.js must be loaded by a <script src> tag');
  const { site: siteId, department: departmentId, priority } = script.dataset;
  if (!siteId) throw new Error('the <script> tag needs data-site="<your site id>"');
  const relayUrl = script.dataset.relay || new URL(script.src).origin;
  const entry = new URL(`widget/${__SB_ENTRY__}`, script.src).href;

  const start = () => {
    import(/* @vite-ignore */ entry)
      .then((app: { mount: (o: unknown) => { command: (...a: unknown[]) => void } }) => {
        const queue = stub.q ?? [];
        const widget = app.mount({
          relayUrl,
          siteId,
          queue,
          departmentId,
          // mount() checks the range and warns about a bad value.
          priority: priority ? +priority : undefined,
        });
        w.Switchboard = (...args: unknown[]) => widget.command(...args);
      })
      .catch(report);
  };
  const idle = () => {
    if (w.requestIdleCallback) w.requestIdleCallback(start, { timeout: 3000 });
    else setTimeout(start, 200);
  };
  if (document.readyState === 'complete') idle();
  else w.addEventListener('load', idle, { once: true });
} catch (error) {
  report(error);
}
