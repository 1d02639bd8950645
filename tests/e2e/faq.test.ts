import { PROTOCOL_VERSION } from '@switchboard/shared';
import type { Browser, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENSHOTS } from './helpers/browser.js';
import { signIn } from './helpers/console.js';
import { freePort, type RelayProcess, startRelayProcess } from './helpers/relay-process.js';

// Self-service FAQ through the real UI: search, open, "Was this helpful?"; suggestions while a
// first message is typed; hostile markup in an article runs nothing in the widget or the console.

let relay: RelayProcess;
let browser: Browser;

/** Payloads set `window.__xss`; nothing may ever set it. */
const HOSTILE_BODY = [
  'Hostile article for the sanitiser check.',
  '',
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 2">',
  '[click me](javascript:window.__xss=3)',
  '<svg onload="window.__xss = 4"></svg>',
  '<iframe src="javascript:window.__xss=5"></iframe>',
  '[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9Njwvc2NyaXB0Pg==)',
].join('\n');

async function openWidget(page: Page) {
  await page.goto(relay.url, { waitUntil: 'load' });
  await page.getByRole('button', { name: /open chat/i }).click();
  await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
}

/** Save an article through the real relay, as the demo supervisor over socket.io. */
async function saveArticleAsSupervisor(article: Record<string, unknown>) {
  const login = await fetch(`${relay.url}/api/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'supervisor@example.com', password: 'switchboard-demo' }),
  });
  const { token } = (await login.json()) as { token: string };
  const socket = io(`${relay.url}/agent`, {
    auth: { protocol: PROTOCOL_VERSION, token },
    transports: ['websocket'],
  });
  try {
    await socket.timeout(5_000).emitWithAck('frame', { type: 'agent.hello' });
    const answer = await socket
      .timeout(5_000)
      .emitWithAck('frame', { type: 'article.save', article });
    expect(answer).toEqual({ type: 'ok' });
  } finally {
    socket.close();
  }
}

beforeAll(async () => {
  relay = await startRelayProcess({ port: await freePort() });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await relay?.kill();
});

describe('self-service FAQ in Chromium', () => {
  it('a visitor searches (with a typo), opens an article and says it helped', async () => {
    const page = await (await browser.newContext()).newPage();
    await openWidget(page);
    const panel = page.getByRole('dialog');
    await panel.getByRole('searchbox', { name: 'Search help articles' }).fill('retrun');
    const results = panel.getByRole('list', { name: 'Help articles' });
    await expect
      .poll(() => results.getByRole('button').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENSHOTS}widget-faq-results.png` });
    const first = results.getByRole('button').first();
    expect((await first.textContent())?.toLowerCase()).toContain('return');
    await first.click();
    await expect
      .poll(() => panel.getByRole('button', { name: 'Yes' }).count(), { timeout: 10_000 })
      .toBe(1);
    await expect
      .poll(() =>
        panel
          .getByRole('heading')
          .filter({ hasText: /return/i })
          .count(),
      )
      .toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENSHOTS}widget-faq-article.png` });
    await panel.getByRole('button', { name: 'Yes' }).click();
    await expect
      .poll(() => panel.getByText('Thanks for your feedback').count(), { timeout: 10_000 })
      .toBe(1);
  });

  it('suggests articles while a first message is typed, and opens one', async () => {
    const page = await (await browser.newContext()).newPage();
    await openWidget(page);
    const panel = page.getByRole('dialog');
    await panel
      .getByRole('textbox', { name: 'Message' })
      .pressSequentially('where is my parcel', { delay: 15 });
    const suggestions = panel.getByRole('list', { name: 'Suggested articles' });
    await expect
      .poll(() => suggestions.getByRole('button').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(await suggestions.getByRole('button').count()).toBeLessThanOrEqual(3);
    await page.screenshot({ path: `${SCREENSHOTS}widget-faq-suggestions.png` });
    await suggestions.getByRole('button').first().click();
    await expect
      .poll(() => panel.getByRole('button', { name: 'Yes' }).count(), { timeout: 10_000 })
      .toBe(1);
  });

  it('hostile markup in an article runs no script in the widget or the console', async () => {
    await saveArticleAsSupervisor({
      id: 'xss-check',
      title: '<img src=x onerror="window.__xss=7">Hostile title',
      body: HOSTILE_BODY,
      tags: ['xss'],
      locale: 'en',
      published: true,
    });

    const page = await (await browser.newContext()).newPage();
    await page.goto(relay.url, { waitUntil: 'load' });
    // The host-page API opens the article (calls made before load are queued).
    await page.evaluate(() =>
      (window as unknown as { Switchboard: (...a: unknown[]) => void }).Switchboard(
        'showArticle',
        'xss-check',
      ),
    );
    const panel = page.getByRole('dialog');
    await expect
      .poll(() => panel.getByText('Hostile article for the sanitiser check.').count(), {
        timeout: 15_000,
      })
      .toBe(1);
    // The title shows as text, tags and all.
    expect(
      await panel.getByText('<img src=x onerror="window.__xss=7">Hostile title').count(),
    ).toBeGreaterThan(0);
    for (const link of await panel.getByRole('link').all()) {
      const href = (await link.getAttribute('href')) ?? '';
      expect(href.startsWith('javascript:') || href.startsWith('data:')).toBe(false);
    }
    await page.waitForTimeout(500);
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
    const scripts = await page.evaluate(
      () =>
        document
          .getElementById('switchboard-widget')
          ?.shadowRoot?.querySelectorAll('script, iframe, [onerror], [onload]').length ?? -1,
    );
    expect(scripts).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}widget-faq-xss.png` });

    const console_ = await signIn(browser, relay.url, 'supervisor@example.com', 'switchboard-demo');
    await console_.getByRole('link', { name: 'Articles' }).click();
    // Each article row has an "Edit <title>" button (the metrics table lists titles too).
    const edit = console_.getByRole('button', { name: /^Edit .*Hostile title$/ });
    await expect.poll(() => edit.count(), { timeout: 10_000 }).toBe(1);
    await edit.click();
    await expect
      .poll(() => console_.getByText('Hostile article for the sanitiser check.').count(), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    await console_.waitForTimeout(500);
    expect(
      await console_.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
    await console_.screenshot({ path: `${SCREENSHOTS}console-article-editor.png` });
  });
});
