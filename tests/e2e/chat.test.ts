import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENSHOTS } from './helpers/browser.js';
import { closeWithWrapUp } from './helpers/console.js';
import { freePort, type RelayProcess, startRelayProcess } from './helpers/relay-process.js';

// Steps 3 to 6 of "Live chat end to end", through the real UI: the built relay on a real port and
// SQLite file, the demo page with the pasted snippet, the console, in Debian's Chromium.

const AGENT = { email: 'agent@example.com', password: 'switchboard-demo', name: 'Maya Chen' };

let relay: RelayProcess;
let browser: Browser;
let visitorContext: BrowserContext;
let agentContext: BrowserContext;
let visitor: Page;
let agent: Page;

const widget = (page: Page) => ({
  launcher: page.getByRole('button', { name: /open chat/i }),
  dialog: page.getByRole('dialog'),
  message: page.getByRole('textbox', { name: 'Message' }),
  send: page.getByRole('dialog').getByRole('button', { name: 'Send' }),
  log: page.getByRole('dialog').getByRole('log'),
});

async function openWidget(page: Page) {
  await page.goto(relay.url, { waitUntil: 'load' });
  const w = widget(page);
  await w.launcher.click();
  await expect.poll(() => w.dialog.isVisible()).toBe(true);
  return w;
}

/** Texts of the message bubbles in a log, in order, read from the DOM. */
async function bubbleTexts(page: Page, text: string): Promise<number> {
  return page.getByRole('dialog').getByRole('log').getByText(text, { exact: true }).count();
}

beforeAll(async () => {
  relay = await startRelayProcess({ port: await freePort() });
  browser = await launchChromium();
  visitorContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  agentContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  visitor = await visitorContext.newPage();
  agent = await agentContext.newPage();
});

afterAll(async () => {
  await browser?.close();
  await relay?.kill();
});

describe('live chat end to end in Chromium', () => {
  it('a visitor opens the launcher and sends a message: sending, then sent', async () => {
    const w = await openWidget(visitor);
    await expect
      .poll(() =>
        w.message.evaluate(
          (el) => el === (el.getRootNode() as ShadowRoot).activeElement || el.matches(':focus'),
        ),
      )
      .toBe(true);
    // The demo site asks (optionally) for a name and a topic before the first message.
    await expect
      .poll(() => visitor.getByRole('radiogroup', { name: 'What can we help you with?' }).count())
      .toBe(1);
    await visitor.screenshot({ path: `${SCREENSHOTS}widget-prechat.png` });
    await w.message.fill('Hi, where is my order #1042?');
    await w.message.press('Enter');
    await expect.poll(() => bubbleTexts(visitor, 'Hi, where is my order #1042?')).toBe(1);
    await expect
      .poll(() => w.log.getByText('Sent').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await w.message.fill('It was shipped last Monday.');
    await w.send.click();
    await expect.poll(() => bubbleTexts(visitor, 'It was shipped last Monday.')).toBe(1);
    await visitor.screenshot({ path: `${SCREENSHOTS}widget-chat.png` });
  });

  it('the agent signs in, sees the waiting conversation with its preview and context', async () => {
    await agent.goto(`${relay.url}/console`);
    await agent.getByRole('textbox', { name: 'Email' }).fill(AGENT.email);
    await agent.getByLabel('Password').fill(AGENT.password);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    const inbox = agent.getByRole('list', { name: 'Conversations' });
    const item = inbox.getByRole('button').filter({ hasText: 'It was shipped last Monday.' });
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
    await item.click();
    const log = agent.getByRole('log');
    await expect.poll(() => log.getByText('Hi, where is my order #1042?').count()).toBe(1);
    // Context: the page the visitor came from and their browser.
    await expect
      .poll(() => agent.getByText(relay.url.replace('http://', ''), { exact: false }).count())
      .toBeGreaterThan(0);
    await expect.poll(() => agent.getByText(/Chrom(e|ium)/).count()).toBeGreaterThan(0);
  });

  it('typing shows on both sides, and the reply arrives live with the agent name', async () => {
    const reply = agent.getByRole('textbox', { name: 'Reply' });
    await reply.click();
    await reply.pressSequentially('Let me check', { delay: 20 });
    await expect
      .poll(() => visitor.getByText(`${AGENT.name} is typing`).count(), { timeout: 10_000 })
      .toBe(1);

    const w = widget(visitor);
    await w.message.pressSequentially('Thanks', { delay: 20 });
    await expect.poll(() => agent.getByText(/is typing/).count(), { timeout: 10_000 }).toBe(1);
    await w.message.fill('');

    await reply.fill('Your parcel is with the courier and arrives tomorrow.');
    await agent.getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => bubbleTexts(visitor, 'Your parcel is with the courier and arrives tomorrow.'), {
        timeout: 10_000,
      })
      .toBe(1);
    await expect.poll(() => w.log.getByText(AGENT.name).count()).toBeGreaterThan(0);
    await visitor.screenshot({ path: `${SCREENSHOTS}widget-reply.png` });
    await agent.screenshot({ path: `${SCREENSHOTS}console-conversation.png` });
  });

  it('a reload and a second tab show the same history, in order, nothing doubled', async () => {
    const expected = [
      'Hi, where is my order #1042?',
      'It was shipped last Monday.',
      'Your parcel is with the courier and arrives tomorrow.',
    ];
    const check = async (page: Page) => {
      const w = widget(page);
      if (!(await w.dialog.isVisible())) await w.launcher.click();
      for (const text of expected) {
        await expect.poll(() => bubbleTexts(page, text), { timeout: 10_000 }).toBe(1);
      }
      const html = (await w.log.textContent()) ?? '';
      const positions = expected.map((t) => html.indexOf(t));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    };
    await visitor.reload({ waitUntil: 'load' });
    await check(visitor);
    const second = await visitorContext.newPage();
    await second.goto(relay.url, { waitUntil: 'load' });
    await check(second);
    await second.close();

    await agent.reload({ waitUntil: 'load' });
    for (const text of expected) {
      await expect
        .poll(() => agent.getByRole('log').getByText(text, { exact: true }).count(), {
          timeout: 10_000,
        })
        .toBe(1);
    }
  });

  it('the agent closes the conversation; the visitor sees it ended and starts a new one', async () => {
    await closeWithWrapUp(agent);
    const w = widget(visitor);
    await expect
      .poll(() => visitor.getByText('This conversation has ended.').count(), { timeout: 10_000 })
      .toBe(1);
    await visitor.screenshot({ path: `${SCREENSHOTS}widget-ended.png` });
    await visitor.getByRole('button', { name: 'Start a new conversation' }).click();
    await w.message.fill('One more question: do you ship to Norway?');
    await w.message.press('Enter');
    await expect
      .poll(() => w.log.getByText('Sent').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    const inbox = agent.getByRole('list', { name: 'Conversations' });
    await expect
      .poll(() => inbox.getByRole('button').filter({ hasText: 'do you ship to Norway?' }).count(), {
        timeout: 10_000,
      })
      .toBe(1);
    await agent.screenshot({ path: `${SCREENSHOTS}console-inbox.png` });
  });

  it('on a phone-sized screen the panel fills the viewport', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await phone.newPage();
    const w = await openWidget(page);
    // Let the opening animation finish: the screenshot is what a person sees once it has settled.
    await page.waitForFunction(() =>
      document
        .getElementById('switchboard-widget')
        ?.shadowRoot?.getAnimations()
        .every((a) => a.playState === 'finished'),
    );
    const box = await w.dialog.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(389);
    expect(box?.height).toBeGreaterThanOrEqual(800);
    await page.screenshot({ path: `${SCREENSHOTS}widget-mobile.png` });
    await phone.close();
  });
});
