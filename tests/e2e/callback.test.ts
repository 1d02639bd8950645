import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENSHOTS } from './helpers/browser.js';
import { signIn } from './helpers/console.js';
import { freePort, type RelayProcess, startRelayProcess } from './helpers/relay-process.js';

// "Call me back" through the real UI: a visitor asks for a callback in a slot; the agent sees it,
// claims it and records no answer; the next attempt appears; the visitor sees each change live.

let relay: RelayProcess;
let browser: Browser;
let visitor: Page;
let agent: Page;

const callbackCard = (page: Page) => page.getByRole('status', { name: 'Your callback' });

beforeAll(async () => {
  relay = await startRelayProcess({ port: await freePort() });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await relay?.kill();
});

describe('callbacks in Chromium', () => {
  it('a visitor books a slot with a checked phone number and gets a reference', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    });
    visitor = await context.newPage();
    await visitor.goto(relay.url, { waitUntil: 'load' });
    await visitor.getByRole('button', { name: /open chat/i }).click();
    await visitor.getByRole('button', { name: 'Call me back' }).click();
    const panel = visitor.getByRole('dialog');
    await expect
      .poll(() => panel.getByRole('heading', { name: 'Request a call back' }).count(), {
        timeout: 10_000,
      })
      .toBe(1);

    await panel.getByRole('textbox', { name: 'Your name' }).fill('Ada Lovelace');
    await panel.getByRole('combobox', { name: 'Country' }).selectOption('DE');
    const phone = panel.getByRole('textbox', { name: 'Phone number' });
    // A wrong number is refused at the field before anything is sent.
    await phone.fill('123');
    await panel.getByRole('radio', { name: 'Pick a time' }).check();
    await expect
      .poll(() => panel.getByRole('radio', { name: /\d{1,2}:\d{2}/ }).count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await panel
      .getByRole('radio', { name: /\d{1,2}:\d{2}/ })
      .first()
      .check();
    await panel.getByRole('checkbox', { name: /may call you/ }).check();
    await panel.getByRole('button', { name: 'Request call' }).click();
    await expect.poll(() => phone.getAttribute('aria-invalid')).toBe('true');
    await visitor.screenshot({ path: `${SCREENSHOTS}widget-callback-invalid.png` });

    await phone.fill('030 12345678');
    await visitor.screenshot({ path: `${SCREENSHOTS}widget-callback-form.png` });
    await panel.getByRole('button', { name: 'Request call' }).click();
    await expect
      .poll(() => panel.getByText("We'll call you").count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => panel.getByText(/Reference CB-[A-Z0-9]{4}/).count()).toBeGreaterThan(0);
    await visitor.screenshot({ path: `${SCREENSHOTS}widget-callback-confirmed.png` });
    await panel.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => callbackCard(visitor).textContent()).toContain('Scheduled');
  });

  it('the agent claims it, records no answer, and the visitor sees each change live', async () => {
    agent = await signIn(browser, relay.url, 'agent@example.com', 'switchboard-demo');
    await agent.getByRole('link', { name: /^Callbacks/ }).click();
    const row = agent.getByRole('listitem', { name: /CB-[A-Z0-9]{4} Ada Lovelace/ });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await row.getByRole('button', { name: 'Claim' }).click();

    // Claimed: the agent dials through a tel: link with the E.164 number.
    const dial = row.getByRole('link', { name: /^Call / });
    await expect
      .poll(() => dial.getAttribute('href'), { timeout: 10_000 })
      .toBe('tel:+493012345678');
    await expect
      .poll(() => callbackCard(visitor).textContent(), { timeout: 10_000 })
      .toContain("We're calling you now");
    await agent.screenshot({ path: `${SCREENSHOTS}console-callback-claimed.png` });

    await row.getByRole('button', { name: 'No answer' }).click();
    // The next attempt is scheduled by the retry policy, and the visitor is back to "Scheduled".
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('2nd attempt');
    await expect
      .poll(() => callbackCard(visitor).textContent(), { timeout: 10_000 })
      .toContain('Scheduled');
    expect(
      await visitor.getByRole('dialog').getByRole('button', { name: 'Cancel callback' }).count(),
    ).toBe(1);
    await agent.screenshot({ path: `${SCREENSHOTS}console-callback-retry.png` });
    await visitor.screenshot({ path: `${SCREENSHOTS}widget-callback-status.png` });
  });
});
