import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENSHOTS } from './helpers/browser.js';
import { inboxItem, signIn } from './helpers/console.js';
import { serveHostPage, snippet } from './helpers/host-page.js';
import { freePort, type RelayProcess, startRelayProcess } from './helpers/relay-process.js';

// The widget with a person on the other side: unread badge and preview bubble, two tabs in step,
// a phone-sized screen, a supervisor restyling the widget live, identity verified across devices.

const PASSWORD = 'switchboard-demo';
let relay: RelayProcess;
let browser: Browser;
let agent: Page;
const contexts: BrowserContext[] = [];

async function newContext(options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  contexts.push(context);
  return context;
}

const launcher = (page: Page) => page.getByRole('button', { name: /open chat/i });
const dialog = (page: Page) => page.getByRole('dialog');
const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });
const inLog = (page: Page, text: string) =>
  dialog(page).getByRole('log').getByText(text, { exact: true });

async function say(page: Page, text: string) {
  if (!(await dialog(page).isVisible())) await launcher(page).click();
  await composer(page).fill(text);
  await composer(page).press('Enter');
  await expect.poll(() => inLog(page, text).count()).toBe(1);
}

/** The agent opens the conversation whose preview contains `text` (accepting it) and replies. */
async function agentReplies(visitorText: string, reply: string) {
  const item = inboxItem(agent, visitorText);
  await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
  await item.click();
  const accept = agent.getByRole('button', { name: /accept/i });
  if (await accept.count()) await accept.first().click();
  const box = agent.getByRole('textbox', { name: 'Reply' });
  await expect.poll(() => box.isEnabled(), { timeout: 10_000 }).toBe(true);
  await box.fill(reply);
  await agent.getByRole('button', { name: 'Send' }).click();
}

beforeAll(async () => {
  relay = await startRelayProcess({ port: await freePort() });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await relay?.kill();
});

describe('the widget live, in Chromium', () => {
  it('a supervisor signs in to the console', async () => {
    agent = await signIn(browser, relay.url, 'supervisor@example.com', PASSWORD);
  });

  it('a reply while the panel is closed: badge, preview bubble inside the viewport, sync across tabs', async () => {
    const context = await newContext();
    const first = await context.newPage();
    await first.goto(relay.url, { waitUntil: 'load' });
    await say(first, 'Do you ship to Norway?');
    const second = await context.newPage();
    await second.goto(relay.url, { waitUntil: 'load' });
    await expect.poll(() => launcher(second).count(), { timeout: 15_000 }).toBe(1);

    await first.bringToFront();
    await first.evaluate(() =>
      (window as unknown as { Switchboard: (...a: unknown[]) => void }).Switchboard('close'),
    );
    await expect.poll(() => dialog(first).count()).toBe(0);

    await agentReplies('Do you ship to Norway?', 'Yes, in 3 to 5 working days.');
    // Both tabs: an unread badge on the launcher, named for assistive tech.
    for (const page of [first, second]) {
      await expect
        .poll(
          () => page.getByRole('button', { name: /open chat/i }).getAttribute('aria-describedby'),
          {
            timeout: 10_000,
          },
        )
        .toBeTruthy();
      await expect.poll(() => page.getByText('1 unread message').count()).toBeGreaterThan(0);
    }
    // The preview bubble shows the reply, anchored inside the viewport.
    const preview = first.getByText('Yes, in 3 to 5 working days.');
    await expect.poll(() => preview.isVisible(), { timeout: 10_000 }).toBe(true);
    const box = await preview.boundingBox();
    expect(box).not.toBeNull();
    if (box) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(1280);
      expect(box.y + box.height).toBeLessThanOrEqual(800);
    }
    await first.screenshot({ path: `${SCREENSHOTS}widget-preview-bubble.png` });

    // Reading it in one tab clears the badge in the other.
    await preview.click();
    await expect.poll(() => dialog(first).isVisible()).toBe(true);
    await expect.poll(() => inLog(first, 'Yes, in 3 to 5 working days.').count()).toBe(1);
    await expect
      .poll(() => second.getByText('1 unread message').count(), { timeout: 10_000 })
      .toBe(0);
    // The second tab shows the same conversation.
    await launcher(second).click();
    await expect
      .poll(() => inLog(second, 'Do you ship to Norway?').count(), { timeout: 10_000 })
      .toBe(1);
    await expect.poll(() => inLog(second, 'Yes, in 3 to 5 working days.').count()).toBe(1);
  });

  it('on a phone the panel fills the screen and no input would zoom', async () => {
    const context = await newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    await page.goto(relay.url, { waitUntil: 'load' });
    await expect.poll(() => launcher(page).count(), { timeout: 15_000 }).toBe(1);
    await launcher(page).tap();
    await expect.poll(() => dialog(page).isVisible()).toBe(true);
    const rect = await dialog(page).boundingBox();
    expect(rect?.width).toBe(390);
    expect(rect?.height).toBeGreaterThanOrEqual(800);
    const smallest = await page.evaluate(() => {
      const root = document.getElementById('switchboard-widget')?.shadowRoot;
      const fields = [...(root?.querySelectorAll('input, textarea, select') ?? [])];
      return Math.min(...fields.map((f) => Number.parseFloat(getComputedStyle(f).fontSize)));
    });
    expect(smallest).toBeGreaterThanOrEqual(16);
    await page.screenshot({ path: `${SCREENSHOTS}widget-phone.png` });

    // Full-screen is modal: Tab cycles inside the panel and never reaches the page behind it.
    expect(await dialog(page).getAttribute('aria-modal')).toBe('true');
    const focusInPanel = () =>
      page.evaluate(() => {
        const root = document.getElementById('switchboard-widget')?.shadowRoot;
        return (
          root?.activeElement?.closest('[role="dialog"]') !== null && root?.activeElement != null
        );
      });
    await composer(page).focus();
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press(i % 5 === 4 ? 'Shift+Tab' : 'Tab');
      expect(await focusInPanel()).toBe(true);
    }

    // The on-screen keyboard shrinks the visual viewport: the panel follows it, so the composer
    // stays above the keyboard (here the viewport is shrunk as a keyboard would).
    await page.setViewportSize({ width: 390, height: 500 });
    await expect
      .poll(async () => Math.round((await dialog(page).boundingBox())?.height ?? 0), {
        timeout: 5_000,
      })
      .toBeLessThanOrEqual(500);
    const composerBox = await composer(page).boundingBox();
    expect((composerBox?.y ?? 999) + (composerBox?.height ?? 0)).toBeLessThanOrEqual(500);
  });

  it('a supervisor restyles the widget in Appearance; an open widget follows at once', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(relay.url, { waitUntil: 'load' });
    await expect.poll(() => launcher(page).count(), { timeout: 15_000 }).toBe(1);
    const launcherBox = () => launcher(page).boundingBox();
    const before = await launcherBox();
    expect(before && before.x > 640).toBe(true); // bottom right by default

    await agent
      .getByRole('link', { name: 'Appearance' })
      .or(agent.getByRole('button', { name: 'Appearance' }))
      .first()
      .click();
    await agent.getByRole('radio', { name: 'Left' }).check();
    await agent.getByRole('textbox', { name: /launcher label/i }).fill('Chat with us');
    await agent.screenshot({ path: `${SCREENSHOTS}console-appearance.png` });
    await agent.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => agent.getByText('Saved').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);

    await expect
      .poll(async () => (await launcherBox())?.x ?? 9999, { timeout: 10_000 })
      .toBeLessThan(640);
    await expect.poll(() => page.getByText('Chat with us').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENSHOTS}widget-restyled.png` });
  });

  it('a proactive greeting added in Appearance greets a visitor on a matching page, once', async () => {
    await agent.getByRole('button', { name: 'Add greeting' }).click();
    const greeting = agent.getByRole('group', { name: 'Proactive greeting 2' });
    await greeting.getByRole('textbox', { name: 'Message' }).fill('Need a hand choosing a tent?');
    await greeting.getByRole('spinbutton', { name: 'Seconds on page' }).fill('1');
    await greeting.getByRole('textbox', { name: 'URL pattern' }).fill('/tents*');
    await agent.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => agent.getByText('Saved').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);

    const context = await newContext();
    const page = await context.newPage();
    const url = `${relay.url}/tents/trail-2.html`;
    await serveHostPage(
      page,
      url,
      `<!doctype html><html lang="en"><head><title>Trail 2 tent</title></head><body><h1>Trail 2</h1>${snippet(relay.url)}</body></html>`,
    );
    await page.goto(url, { waitUntil: 'load' });
    const bubble = page.getByText('Need a hand choosing a tent?');
    await expect.poll(() => bubble.isVisible(), { timeout: 15_000 }).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}widget-greeting.png` });
    // Clicking it opens the chat; it does not come back on the next page.
    await bubble.click();
    await expect.poll(() => dialog(page).isVisible()).toBe(true);
    await page.goto(url, { waitUntil: 'load' });
    await expect.poll(() => launcher(page).count(), { timeout: 15_000 }).toBe(1);
    await page.waitForTimeout(2_000);
    expect(await page.getByText('Need a hand choosing a tent?').count()).toBe(0);
  });

  it('identify with a valid hash joins the customer on another device; a bare claim does not', async () => {
    const userId = `customer-${Date.now()}`;
    const hash = async (page: Page) =>
      page.evaluate(async (id) => {
        const r = await fetch(`/demo/identity?userId=${encodeURIComponent(id)}`);
        return ((await r.json()) as { userHash: string }).userHash;
      }, userId);
    const identify = (page: Page, input: Record<string, unknown>) =>
      page.evaluate(
        (i) =>
          (window as unknown as { Switchboard: (...a: unknown[]) => void }).Switchboard(
            'identify',
            i,
          ),
        input,
      );

    // Device one: signs in, writes.
    const laptop = await (await newContext()).newPage();
    await laptop.goto(relay.url, { waitUntil: 'load' });
    await expect.poll(() => launcher(laptop).count(), { timeout: 15_000 }).toBe(1);
    await identify(laptop, { userId, userHash: await hash(laptop), name: 'Ada Lovelace' });
    await say(laptop, 'My order arrived damaged.');

    // A stranger claims the same user id without a hash: sees nothing of it.
    const stranger = await (await newContext()).newPage();
    await stranger.goto(relay.url, { waitUntil: 'load' });
    await expect.poll(() => launcher(stranger).count(), { timeout: 15_000 }).toBe(1);
    await identify(stranger, { userId, name: 'Not Ada' });
    await launcher(stranger).click();
    await stranger.waitForTimeout(1_000);
    expect(await inLog(stranger, 'My order arrived damaged.').count()).toBe(0);

    // Device two: the same user, verified: the conversation follows them.
    const phone = await (await newContext()).newPage();
    await phone.goto(relay.url, { waitUntil: 'load' });
    await expect.poll(() => launcher(phone).count(), { timeout: 15_000 }).toBe(1);
    await identify(phone, { userId, userHash: await hash(phone) });
    await launcher(phone).click();
    await expect
      .poll(() => inLog(phone, 'My order arrived damaged.').count(), { timeout: 10_000 })
      .toBe(1);

    // The agent sees who it is: verified.
    await agent
      .getByRole('link', { name: 'Inbox' })
      .or(agent.getByRole('button', { name: 'Inbox' }))
      .first()
      .click();
    await inboxItem(agent, 'My order arrived damaged.').click();
    await expect
      .poll(() => agent.getByText('Verified', { exact: true }).count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await agent.screenshot({ path: `${SCREENSHOTS}console-verified.png` });
  });
});
