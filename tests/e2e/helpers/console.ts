import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Open the agent console in a fresh browser context and sign in, as a person would. */
export async function signIn(
  browser: Browser,
  relayUrl: string,
  email: string,
  password: string,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${relayUrl}/console`);
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect
    .poll(() => page.getByRole('list', { name: 'Conversations' }).count(), { timeout: 15_000 })
    .toBe(1);
  return page;
}

/** The inbox item (a button) whose text contains `text`. */
export function inboxItem(page: Page, text: string) {
  return page
    .getByRole('list', { name: 'Conversations' })
    .getByRole('button')
    .filter({ hasText: text })
    .first();
}

/**
 * Close the open conversation as an agent does when the relay has wrap-up codes: "Close
 * conversation", then the wrap-up dialog's disposition and "Resolved?", then "Close and wrap up".
 */
export async function closeWithWrapUp(
  page: Page,
  wrapUp: { disposition: string; resolved: boolean } = {
    disposition: 'Order status',
    resolved: true,
  },
): Promise<void> {
  await page.getByRole('button', { name: 'Close conversation' }).click();
  const dialog = page.getByRole('dialog', { name: 'Wrap up' });
  await expect.poll(() => dialog.count(), { timeout: 10_000 }).toBe(1);
  await dialog.getByRole('combobox', { name: 'Disposition' }).selectOption({
    label: wrapUp.disposition,
  });
  await dialog.getByRole('radio', { name: wrapUp.resolved ? 'Yes' : 'No', exact: true }).check();
  await dialog.getByRole('button', { name: 'Close and wrap up' }).click();
  await expect.poll(() => dialog.count(), { timeout: 10_000 }).toBe(0);
}
