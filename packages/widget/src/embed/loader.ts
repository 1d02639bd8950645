/**
 * The script-tag loader (`dist/widget.js`, a classic IIFE, budget 1.5 KB gzip). It defines the
 * `Switchboard` queue stub, waits until the page has loaded and is idle, then imports the app
 * (hashed entry name baked in at build time) next to itself and hands it the queue and the tag's
 * settings. It never throws into the host page, and defines no global but `Switchboard`.
 *
 * <script src="https://RELAY/widget.js" data-site="demo" async></script>
 * Optional: data-relay (the relay's origin), data-department and data-priority (routing),
 * data-locale, data-nonce (CSP nonce for the <style> fallback), data-manual-boot (wait for
 * `Switchboard('boot', …)`). Without data-site the page calls `boot` with a `siteId`.
 */

/** Injected by build.mjs: the app entry's file name inside `widget/`. */
declare const __SB_ENTRY__: string;

type Stub = ((...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[] };
type Win = Window & { Switchboard?: Stub };
type Api = (...args: unknown[]) => unknown;
type App = { createHost: (options: Record<string, unknown>) => Api };

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
  const data = script.dataset;
  const defaults: Record<string, unknown> = {
    relayUrl: data.relay || new URL(script.src).origin,
  };
  if (data.site) defaults.siteId = data.site;
  if (data.department) defaults.departmentId = data.department;
  // mount() checks the range and warns about a bad value.
  if (data.priority) defaults.priority = +data.priority;
  if (data.locale) defaults.locale = data.locale;
  if (data.nonce) defaults.nonce = data.nonce;
  const entry = new URL(`widget/${__SB_ENTRY__}`, script.src).href;

  const start = () => {
    import(/* @vite-ignore */ entry)
      .then((app: App) => {
        const api = app.createHost({
          defaults,
          autoBoot: !!data.site && data.manualBoot === undefined,
          queue: stub.q ?? [],
        });
        w.Switchboard = (...args: unknown[]) => api(...args);
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
