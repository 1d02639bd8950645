import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

/** A visitor in their own browser context: open the demo page, open the chat, send `text`. */
export async function visitorSays(browser: Browser, relayUrl: string, text: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(relayUrl, { waitUntil: 'load' });
  await page.getByRole('button', { name: /open chat/i }).click();
  const message = page.getByRole('textbox', { name: 'Message' });
  await message.fill(text);
  await message.press('Enter');
  await expect
    .poll(() => page.getByRole('dialog').getByRole('log').getByText(text, { exact: true }).count())
    .toBe(1);
  return page;
}
