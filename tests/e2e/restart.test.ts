import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENSHOTS } from './helpers/browser.js';
import { freePort, type RelayProcess, startRelayProcess } from './helpers/relay-process.js';

// Step 6 of "Live chat end to end": the relay is SIGKILLed mid-conversation and started again on
// the same data directory; what was acknowledged is still there, and what the visitor typed while
// it was down is delivered when it returns, exactly once.

let relay: RelayProcess;
let browser: Browser;
let port: number;

beforeAll(async () => {
  port = await freePort();
  relay = await startRelayProcess({ port });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await relay?.kill();
});

describe('relay killed and restarted', () => {
  it('keeps acknowledged messages and delivers what was typed while it was down, once', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(relay.url, { waitUntil: 'load' });
    await page.getByRole('button', { name: /open chat/i }).click();
    const message = page.getByRole('textbox', { name: 'Message' });
    const log = page.getByRole('dialog').getByRole('log');

    await message.fill('Before the crash');
    await message.press('Enter');
    await expect.poll(() => log.getByText('Sent').count(), { timeout: 10_000 }).toBe(1);

    await relay.kill('SIGKILL');
    await message.fill('Typed while the relay was down');
    await message.press('Enter');
    await expect
      .poll(() => log.getByText('Typed while the relay was down', { exact: true }).count())
      .toBe(1);
    await expect.poll(() => log.getByText('Sending…').count(), { timeout: 5_000 }).toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}widget-offline.png` });

    relay = await startRelayProcess({ port, dataDir: relay.dataDir });
    // Delivered: nothing is left sending, and "Sent" (shown under the latest own message) is back.
    await expect.poll(() => log.getByText('Sending…').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => log.getByText('Sent').count()).toBe(1);
    expect(await log.getByText('Typed while the relay was down', { exact: true }).count()).toBe(1);

    // The agent sees both, once each, in order.
    const agent = await (await browser.newContext()).newPage();
    await agent.goto(`${relay.url}/console`);
    await agent.getByRole('textbox', { name: 'Email' }).fill('agent@example.com');
    await agent.getByLabel('Password').fill('switchboard-demo');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    const item = agent
      .getByRole('list', { name: 'Conversations' })
      .getByRole('button')
      .filter({ hasText: 'Typed while the relay was down' });
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
    await item.click();
    const agentLog = agent.getByRole('log');
    await expect
      .poll(() => agentLog.getByText('Before the crash', { exact: true }).count())
      .toBe(1);
    await expect
      .poll(() => agentLog.getByText('Typed while the relay was down', { exact: true }).count())
      .toBe(1);
    const text = (await agentLog.textContent()) ?? '';
    expect(text.indexOf('Before the crash')).toBeLessThan(
      text.indexOf('Typed while the relay was down'),
    );
    await context.close();
  });
});
