import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser.js';
import { freePort, type RelayProcess, startRelayProcess } from './helpers/relay-process.js';

// "It never slows the page": the widget adds no render-blocking request to the host page.
// What is assertable without a clock: the loader is async, every file the widget fetches is
// non-blocking and (but the loader) asked for only once the page's `load` has ended, and what a
// visitor who never opens the chat downloads stays under a byte budget. The times themselves are
// measured by `node tests/bench/widget-weight.mjs` (`pnpm bench`).

/** What the widget may cost a visitor before any interaction: loader, app, prefetched chunks and
 * socket frames, with its scripts gzipped (as served behind a proxy with compression on). */
const BUDGET_GZIP_BYTES = 60 * 1024;

let relay: RelayProcess;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  relay = await startRelayProcess({ port: await freePort() });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await context?.close().catch(() => {});
  await browser?.close();
  await relay?.kill();
});

type Fetched = { path: string; raw: number; gzip: number };

/** Watch the page: the widget's files as they finish (with their gzip size), socket frames,
 * requests in flight, and console errors. */
function watch(page: Page) {
  const fetched: Fetched[] = [];
  const errors: string[] = [];
  let pending = 0;
  let lastActivity = Date.now();
  let socketBytes = 0;
  const relayHost = new URL(relay.url).host;
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('request', () => {
    pending++;
    lastActivity = Date.now();
  });
  const done = () => {
    pending--;
    lastActivity = Date.now();
  };
  page.on('requestfailed', done);
  page.on('requestfinished', async (request) => {
    try {
      const url = new URL(request.url());
      if (url.host !== relayHost) return;
      if (url.pathname !== '/widget.js' && !url.pathname.startsWith('/widget/')) return;
      const body = (await request.response())?.body();
      const bytes = body ? await body : Buffer.alloc(0);
      fetched.push({ path: url.pathname, raw: bytes.length, gzip: gzipSync(bytes).length });
    } finally {
      done();
    }
  });
  page.on('websocket', (socket) => {
    const count = (frame: { payload: string | Buffer }) => {
      socketBytes += Buffer.byteLength(frame.payload);
      lastActivity = Date.now();
    };
    socket.on('framesent', count);
    socket.on('framereceived', count);
  });
  return {
    fetched,
    errors,
    socketBytes: () => socketBytes,
    /** True once nothing has been in flight for a second (a wait, never an assertion). */
    quiet: () => pending <= 0 && Date.now() - lastActivity >= 1_000,
  };
}

describe('the widget on the host page, in Chromium', () => {
  it('adds no render-blocking request, waits for load, and stays under its byte budget', async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(relay.url, { waitUntil: 'load' });

    // The snippet's loader is async, so the parser never waits for it.
    const loader = await page.evaluate(() => {
      const script = document.querySelector<HTMLScriptElement>('script[src$="/widget.js"]');
      return script ? { async: script.async, defer: script.defer } : null;
    });
    expect(loader).toEqual({ async: true, defer: false });

    // The launcher shows, then the idle prefetch of the chat views comes and the network settles.
    await expect
      .poll(() => page.getByRole('button', { name: /open chat/i }).isVisible(), {
        timeout: 30_000,
      })
      .toBe(true);
    await expect.poll(() => seen.fetched.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    await expect.poll(() => seen.quiet(), { timeout: 30_000 }).toBe(true);

    const paths = seen.fetched.map((f) => f.path);
    expect(paths).toContain('/widget.js');
    expect(paths.some((p) => /^\/widget\/entry-[\w-]+\.js$/.test(p))).toBe(true);

    // Resource timing: every widget file is non-render-blocking, and each chunk was asked for
    // only after the page's load event had ended (the loader imports the app at idle after load).
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return {
        loadEventEnd: nav.loadEventEnd,
        resources: (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
          .filter((r) => /\/widget(\.js|\/)/.test(new URL(r.name).pathname))
          .map((r) => ({
            path: new URL(r.name).pathname,
            startTime: r.startTime,
            blocking: (r as PerformanceResourceTiming & { renderBlockingStatus?: string })
              .renderBlockingStatus,
          })),
      };
    });
    expect(timing.loadEventEnd).toBeGreaterThan(0);
    expect(timing.resources.map((r) => r.path)).toEqual(expect.arrayContaining(paths));
    for (const resource of timing.resources) {
      expect(resource.blocking, resource.path).toBe('non-blocking');
      if (resource.path !== '/widget.js') {
        expect(resource.startTime, resource.path).toBeGreaterThanOrEqual(timing.loadEventEnd);
      }
    }

    // Nothing fetched twice, and the whole cost before interaction under the budget.
    expect(new Set(paths).size).toBe(paths.length);
    const gzip = seen.fetched.reduce((sum, f) => sum + f.gzip, 0) + seen.socketBytes();
    expect(
      gzip,
      `widget bytes before interaction (gzip): ${seen.fetched.map((f) => `${f.path} ${f.gzip}`).join(', ')}, socket ${seen.socketBytes()}`,
    ).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
    expect(seen.errors).toEqual([]);
  });
});
