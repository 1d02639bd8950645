import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENSHOTS } from './helpers/browser.js';
import { auditWidget, serveHostPage, snippet, widgetFocus } from './helpers/host-page.js';
import { freePort, type RelayProcess, startRelayProcess } from './helpers/relay-process.js';

// The widget as a product, proved in Debian's Chromium against the built relay on a real port: strict CSP,
// isolation from a hostile page, WCAG 2.1 AA by axe-core, keyboard only, the host-page API.

let relay: RelayProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  contexts.push(context);
  return context.newPage();
}

/** Console errors and CSP violations a page reports, collected from its first script on. */
async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.exposeFunction('__reportViolation', (text: string) => problems.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __reportViolation: (t: string) => void }).__reportViolation(
        `csp: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`,
      );
    });
  });
  return problems;
}

const launcher = (page: Page) => page.getByRole('button', { name: /open chat/i });
const dialog = (page: Page) => page.getByRole('dialog');
const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });

async function openChat(page: Page) {
  await launcher(page).click();
  await expect.poll(() => dialog(page).isVisible()).toBe(true);
}

async function say(page: Page, text: string) {
  await composer(page).fill(text);
  await composer(page).press('Enter');
  await expect
    .poll(() => dialog(page).getByRole('log').getByText(text, { exact: true }).count())
    .toBe(1);
}

beforeAll(async () => {
  relay = await startRelayProcess({ port: await freePort() });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await relay?.kill();
});

describe('the widget as a product, in Chromium', () => {
  it('works under script-src self and a style nonce, with no CSP violation reported', async () => {
    const page = await newPage();
    const problems = await watchProblems(page);
    const response = await page.goto(`${relay.url}/?csp=strict`, { waitUntil: 'load' });
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/unsafe-inline/);
    await openChat(page);
    await say(page, 'Hello from a strict page');
    await expect
      .poll(() => dialog(page).getByRole('log').getByText('Sent').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    // The widget is styled (its stylesheet applied despite the policy): the launcher is round and
    // coloured, not an unstyled button.
    const styled = await page.evaluate(() => {
      const host = document.getElementById('switchboard-widget');
      const button = host?.shadowRoot?.querySelector('button');
      return button ? getComputedStyle(button).position : null;
    });
    expect(styled).toBe('fixed');
    await page.screenshot({ path: `${SCREENSHOTS}widget-strict-csp.png` });
    expect(problems).toEqual([]);
  });

  it('hostile host CSS does not reach the widget, the widget leaves the host alone, no layout shift', async () => {
    const hostile = `<!doctype html><html lang="en"><head><title>Hostile shop</title>
<style>* { all: unset; } button { color: red !important; font: 30px serif !important; } div { border: 3px solid lime !important; }</style>
</head><body><h1>Hostile shop</h1><p>Some content.</p><button id="host-button">Host button</button></body></html>`;
    const plainUrl = `${relay.url}/hostile-plain.html`;
    const withUrl = `${relay.url}/hostile.html`;

    // The host page's own styles, without the widget...
    const plain = await newPage();
    await serveHostPage(plain, plainUrl, hostile);
    await plain.goto(plainUrl, { waitUntil: 'load' });
    const hostStyle = (p: Page) =>
      p.evaluate(() => {
        const s = getComputedStyle(document.getElementById('host-button') as HTMLElement);
        const b = getComputedStyle(document.body);
        return [s.color, s.fontSize, s.fontFamily, b.margin, b.fontFamily, b.overflow].join('|');
      });
    const before = await hostStyle(plain);

    // ...and with it.
    const page = await newPage();
    const problems = await watchProblems(page);
    await page.addInitScript(() => {
      const w = window as unknown as { __shift: number; __shifted: string[] };
      w.__shift = 0;
      w.__shifted = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          const shift = entry as unknown as {
            value: number;
            hadRecentInput: boolean;
            sources?: { node?: Node | null }[];
          };
          if (shift.hadRecentInput) continue;
          w.__shift += shift.value;
          for (const source of shift.sources ?? []) {
            const node = source.node as Element | null | undefined;
            w.__shifted.push(node ? `${node.nodeName}#${node.id}.${node.className}` : '?');
          }
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await serveHostPage(page, withUrl, hostile.replace('</body>', `${snippet(relay.url)}</body>`));
    await page.goto(withUrl, { waitUntil: 'load' });
    await expect.poll(() => launcher(page).count(), { timeout: 15_000 }).toBe(1);
    await openChat(page);
    expect(await hostStyle(page)).toBe(before);

    // The widget's own look survives `* { all: unset }` and `button { color: red !important }`.
    const look = await page.evaluate(() => {
      const root = document.getElementById('switchboard-widget')?.shadowRoot;
      const button = root?.querySelector('button') as HTMLElement | null;
      const s = button ? getComputedStyle(button) : null;
      return s ? { position: s.position, color: s.color, fontSize: s.fontSize } : null;
    });
    expect(look?.position).toBe('fixed');
    expect(look?.color).not.toBe('rgb(255, 0, 0)');
    expect(look?.fontSize).not.toBe('30px');
    const shifts = await page.evaluate(() => {
      const w = window as unknown as { __shift: number; __shifted: string[] };
      return { total: w.__shift, nodes: w.__shifted };
    });
    expect(shifts).toEqual({ total: 0, nodes: [] });
    await page.screenshot({ path: `${SCREENSHOTS}widget-hostile-page.png` });
    expect(problems).toEqual([]);
  });

  it('where WebSockets are blocked, the widget falls back to long-polling and the chat works', async () => {
    const page = await newPage();
    // A network where WebSocket never connects (a proxy refusing upgrades): every WebSocket the
    // page opens fails before it opens, as the browser reports a refused handshake.
    await page.addInitScript(() => {
      const w = window as unknown as { __wsRefused: number; WebSocket: unknown };
      w.__wsRefused = 0;
      class RefusedWebSocket extends EventTarget {
        static CONNECTING = 0;
        static OPEN = 1;
        static CLOSING = 2;
        static CLOSED = 3;
        readyState = 0;
        binaryType = 'blob';
        onopen: ((e: Event) => void) | null = null;
        onerror: ((e: Event) => void) | null = null;
        onclose: ((e: unknown) => void) | null = null;
        onmessage: ((e: unknown) => void) | null = null;
        constructor(readonly url: string) {
          super();
          w.__wsRefused += 1;
          setTimeout(() => {
            this.readyState = 3;
            this.onerror?.(new Event('error'));
            this.onclose?.({ code: 1006, reason: '', wasClean: false });
          }, 20);
        }
        send() {}
        close() {}
      }
      w.WebSocket = RefusedWebSocket;
    });
    const polled: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('transport=polling')) polled.push(request.url());
    });
    await page.goto(relay.url, { waitUntil: 'load' });
    await expect.poll(() => launcher(page).count(), { timeout: 15_000 }).toBe(1);
    await openChat(page);
    await say(page, 'Hello over long-polling');
    await expect
      .poll(() => dialog(page).getByRole('log').getByText('Sent').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(
      await page.evaluate(() => (window as unknown as { __wsRefused: number }).__wsRefused),
    ).toBeGreaterThan(0);
    expect(polled.length).toBeGreaterThan(0);
  });

  it('axe-core finds no WCAG 2.1 AA violation in the launcher, home, chat, FAQ and callback views, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      // The demo page's CSP (script-src 'self') would refuse axe's injected script tag.
      const page = await newPage({ colorScheme, bypassCSP: true });
      // Every frame must pass, but axe reads one: audit the settled look. (With reduced motion the
      // widget has no transitions at all, which this also checks.)
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto(relay.url, { waitUntil: 'load' });
      await expect.poll(() => launcher(page).count(), { timeout: 15_000 }).toBe(1);
      const found: Record<string, unknown> = {};
      found.launcher = await auditWidget(page);

      await openChat(page);
      found.home = await auditWidget(page);
      // prefers-reduced-motion: the panel opened without any animation or transition.
      expect(
        await page.evaluate(
          () => document.getElementById('switchboard-widget')?.shadowRoot?.getAnimations().length,
        ),
      ).toBe(0);
      await page.screenshot({ path: `${SCREENSHOTS}widget-home-${colorScheme}.png` });

      const search = page.getByRole('searchbox', { name: 'Search help articles' });
      await search.fill('return');
      await search.press('Enter');
      await expect
        .poll(
          () =>
            dialog(page)
              .getByRole('link')
              .or(dialog(page).getByRole('button', { name: /return/i }))
              .count(),
          { timeout: 10_000 },
        )
        .toBeGreaterThan(0);
      found.faq = await auditWidget(page);
      await page.screenshot({ path: `${SCREENSHOTS}widget-faq-${colorScheme}.png` });
      await page.keyboard.press('Escape');
      if (!(await dialog(page).isVisible())) await openChat(page);
      const back = dialog(page).getByRole('button', { name: /back to chat/i });
      if (await back.count()) await back.click();

      await say(page, `An accessible question (${colorScheme})`);
      found.chat = await auditWidget(page);
      await page.screenshot({ path: `${SCREENSHOTS}widget-chat-${colorScheme}.png` });

      await page.evaluate(() =>
        (window as unknown as { Switchboard: (...a: unknown[]) => void }).Switchboard(
          'requestCallback',
        ),
      );
      await expect
        .poll(() => dialog(page).getByRole('textbox', { name: /phone/i }).count(), {
          timeout: 10_000,
        })
        .toBeGreaterThan(0);
      found.callback = await auditWidget(page);
      await page.screenshot({ path: `${SCREENSHOTS}widget-callback-${colorScheme}.png` });

      expect({ colorScheme, ...found }).toEqual({
        colorScheme,
        launcher: [],
        home: [],
        faq: [],
        chat: [],
        callback: [],
      });
    }
  });

  it('works with the keyboard alone: focus into the panel on open, Escape closes, focus back on the launcher', async () => {
    const page = await newPage();
    await page.goto(relay.url, { waitUntil: 'load' });
    await expect.poll(() => launcher(page).count(), { timeout: 15_000 }).toBe(1);
    // Tab through the host page until the launcher has focus, as a keyboard user does.
    let onLauncher = false;
    for (let i = 0; i < 40 && !onLauncher; i++) {
      await page.keyboard.press('Tab');
      onLauncher =
        (await widgetFocus(page))?.startsWith('button') === true &&
        (await page.evaluate(() => {
          const root = document.getElementById('switchboard-widget')?.shadowRoot;
          return root?.activeElement?.getAttribute('aria-expanded') !== null;
        }));
    }
    expect(onLauncher).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog(page).isVisible()).toBe(true);
    // Focus moved into the panel (polled: under load the panel can show a frame before it
    // takes focus from the launcher).
    await expect
      .poll(() =>
        page.evaluate(() => {
          const root = document.getElementById('switchboard-widget')?.shadowRoot;
          const focused = root?.activeElement;
          return focused != null && focused.closest('[role="dialog"]') !== null;
        }),
      )
      .toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog(page).count()).toBe(0);
    await expect
      .poll(() =>
        page.evaluate(() => {
          const root = document.getElementById('switchboard-widget')?.shadowRoot;
          return root?.activeElement?.getAttribute('aria-expanded');
        }),
      )
      .toBe('false');
  });

  it('the host-page API: calls queued before load replay in order; events reach the page', async () => {
    const page = await newPage();
    const problems = await watchProblems(page);
    const url = `${relay.url}/api-page.html`;
    const queued = [
      'window.__events=[];',
      "Switchboard('on','ready',function(e){__events.push('ready')});",
      "Switchboard('on','open',function(){__events.push('open')});",
      "Switchboard('on','message:sent',function(e){__events.push('sent:'+e.text)});",
      "Switchboard('setLocale','de');",
      "Switchboard('open');",
    ].join('');
    await serveHostPage(
      page,
      url,
      `<!doctype html><html lang="en"><head><title>API</title></head><body><h1>API page</h1>${snippet(relay.url, 'data-site="demo"', queued)}</body></html>`,
    );
    await page.goto(url, { waitUntil: 'load' });
    await expect.poll(() => dialog(page).isVisible(), { timeout: 15_000 }).toBe(true);
    // German, from setLocale.
    await expect.poll(() => page.getByRole('textbox', { name: 'Nachricht' }).count()).toBe(1);
    const events = () =>
      page.evaluate(() => (window as unknown as { __events: string[] }).__events);
    await expect.poll(events).toEqual(expect.arrayContaining(['ready', 'open']));
    await page.getByRole('textbox', { name: 'Nachricht' }).fill('Hallo');
    await page.getByRole('textbox', { name: 'Nachricht' }).press('Enter');
    await expect.poll(events, { timeout: 10_000 }).toContain('sent:Hallo');

    // A bad call logs one clear error and throws nothing into the page.
    const thrown = await page.evaluate(() => {
      try {
        (window as unknown as { Switchboard: (...a: unknown[]) => void }).Switchboard(
          'flyToTheMoon',
        );
        return false;
      } catch {
        return true;
      }
    });
    expect(thrown).toBe(false);
    await expect.poll(() => problems.filter((p) => p.includes('flyToTheMoon')).length).toBe(1);
    expect(problems.filter((p) => !p.includes('flyToTheMoon'))).toEqual([]);
  });

  it('Arabic lays out right to left; the page language picks the catalog', async () => {
    const page = await newPage();
    const url = `${relay.url}/ar.html`;
    await serveHostPage(
      page,
      url,
      `<!doctype html><html lang="ar" dir="rtl"><head><title>متجر</title></head><body><h1>متجر</h1>${snippet(relay.url)}</body></html>`,
    );
    await page.goto(url, { waitUntil: 'load' });
    await expect
      .poll(() => page.getByRole('button').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await page.evaluate(() =>
      (window as unknown as { Switchboard: (...a: unknown[]) => void }).Switchboard('open'),
    );
    await expect.poll(() => dialog(page).isVisible()).toBe(true);
    const dir = await page.evaluate(() => {
      const root = document.getElementById('switchboard-widget')?.shadowRoot;
      const d = root?.querySelector('[role="dialog"]');
      return d ? getComputedStyle(d).direction : null;
    });
    expect(dir).toBe('rtl');
    await page.screenshot({ path: `${SCREENSHOTS}widget-arabic.png` });
  });
});
