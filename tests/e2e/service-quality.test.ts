import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENSHOTS } from './helpers/browser.js';
import { closeWithWrapUp, inboxItem, signIn } from './helpers/console.js';
import { freePort, type RelayProcess, startRelayProcess } from './helpers/relay-process.js';
import { visitorSays } from './helpers/widget.js';

// Service quality through the real UI: a supervisor watches the wallboard, an agent closes a chat with a
// disposition, the visitor rates it in the widget, and the wallboard's numbers change live.

const PASSWORD = 'switchboard-demo';
const CLI = fileURLToPath(new URL('../../packages/server/dist/cli.js', import.meta.url));
let relay: RelayProcess;
let browser: Browser;
let supervisor: Page;
let agent: Page;
let visitor: Page;

/** The wallboard's "Today" tiles as label -> value, read the way a person reads them. */
async function todayTiles(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const heading = [...document.querySelectorAll('h2')].find((h) => h.textContent === 'Today');
    const section = heading?.closest('section');
    const tiles: Record<string, string> = {};
    for (const dt of section?.querySelectorAll('dt') ?? []) {
      const dd = dt.nextElementSibling;
      tiles[dt.textContent?.trim() ?? ''] = dd?.firstChild?.textContent?.trim() ?? '';
    }
    return tiles;
  });
}

beforeAll(async () => {
  relay = await startRelayProcess({ port: await freePort() });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await relay?.kill();
});

describe('service quality in Chromium', () => {
  it('a supervisor opens the wallboard; today starts empty', async () => {
    supervisor = await signIn(browser, relay.url, 'supervisor@example.com', PASSWORD);
    await supervisor.getByRole('link', { name: 'Wallboard' }).click();
    await expect
      .poll(() => supervisor.getByRole('heading', { name: 'Today', exact: true }).count(), {
        timeout: 10_000,
      })
      .toBe(1);
    const tiles = await todayTiles(supervisor);
    expect(tiles.Contacts).toBe('0');
    expect(tiles['Customer satisfaction (CSAT)']).toBe('—');
  });

  it('an agent answers and closes the chat with a disposition; the visitor rates it', async () => {
    agent = await signIn(browser, relay.url, 'agent@example.com', PASSWORD);
    visitor = await visitorSays(browser, relay.url, 'My parcel says delivered but it is not here.');
    const item = inboxItem(agent, 'My parcel says delivered');
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
    await item.click();
    const accept = agent.getByRole('button', { name: 'Accept' });
    if (await accept.count()) await accept.first().click();
    const reply = agent.getByRole('textbox', { name: 'Reply' });
    await expect.poll(() => reply.isEnabled(), { timeout: 10_000 }).toBe(true);
    await reply.fill(
      'Sorry about that: I have opened a trace with the courier and sent a new one.',
    );
    await agent.getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(
        () => visitor.getByRole('dialog').getByText('Sorry about that', { exact: false }).count(),
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);

    await closeWithWrapUp(agent, { disposition: 'Order status', resolved: true });
    await expect
      .poll(() => agent.getByText('Wrapped up: Order status · resolved').count(), {
        timeout: 10_000,
      })
      .toBe(1);

    // The widget asks; one tap is a whole answer.
    const csat = visitor.getByRole('radio', { name: /^5 of 5/ });
    await expect.poll(() => csat.count(), { timeout: 15_000 }).toBe(1);
    await visitor.screenshot({ path: `${SCREENSHOTS}widget-survey.png` });
    await csat.click();
    const ces = visitor.getByRole('radio', { name: /^6\b/ });
    await expect.poll(() => ces.count(), { timeout: 10_000 }).toBe(1);
    await ces.click();
    // An optional comment, then thanks.
    const comment = visitor.getByRole('textbox', { name: /comment|tell us more|anything else/i });
    await expect.poll(() => comment.count(), { timeout: 10_000 }).toBe(1);
    await comment.fill('Quick and kind, thank you.');
    await visitor
      .getByRole('group', { name: 'Your feedback' })
      .getByRole('button', { name: 'Send' })
      .click();
    await expect
      .poll(() => visitor.getByText(/thanks for your feedback/i).count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await visitor.screenshot({ path: `${SCREENSHOTS}widget-survey-done.png` });
    await expect
      .poll(() => agent.getByText(/Rated 5\/5/).count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
  });

  it("the wallboard's numbers changed live: one contact answered, CSAT 100%", async () => {
    await expect
      .poll(async () => (await todayTiles(supervisor)).Contacts, { timeout: 15_000 })
      .toBe('1');
    await expect
      .poll(async () => (await todayTiles(supervisor))['Customer satisfaction (CSAT)'], {
        timeout: 15_000,
      })
      .toBe('100%');
    const tiles = await todayTiles(supervisor);
    expect(tiles.Answered).toBe('1');
    await supervisor.screenshot({ path: `${SCREENSHOTS}console-wallboard.png` });
  });

  it('reports and forecast render for the supervisor', async () => {
    await supervisor.getByRole('link', { name: 'Reports' }).click();
    await expect
      .poll(() => supervisor.getByRole('heading', { name: 'Reports' }).count(), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    await supervisor.waitForTimeout(1_000);
    await supervisor.screenshot({ path: `${SCREENSHOTS}console-reports.png` });
    await supervisor.getByRole('link', { name: 'Forecast' }).click();
    await expect
      .poll(() => supervisor.getByRole('heading', { name: 'Forecast' }).count(), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    await supervisor.waitForTimeout(1_000);
    await supervisor.screenshot({ path: `${SCREENSHOTS}console-forecast.png` });
  });
});

describe('with a generated week of history (switchboard demo-history)', () => {
  let history: RelayProcess;
  let page: Page;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-history-'));
    execFileSync(process.execPath, [CLI, 'demo-history', '--weeks', '2', '--data-dir', dataDir], {
      stdio: 'pipe',
      env: { ...process.env, PORT: String(await freePort()) },
    });
    history = await startRelayProcess({ port: await freePort(), dataDir });
  }, 120_000);

  afterAll(async () => {
    await page?.context().close();
    await history?.kill();
  });

  it('the reports show last week with charts, and the forecast has weekday daytime arrivals', async () => {
    page = await signIn(browser, history.url, 'supervisor@example.com', PASSWORD);
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('combobox', { name: 'Range' }).selectOption({ label: 'Last 7 days' });
    // The KPI cards fill with real numbers: contacts in the hundreds, a service level, CSAT.
    await expect
      .poll(
        async () =>
          Number(
            (await page.getByText(/^\d+$/).allTextContents())
              .map(Number)
              .sort((a, b) => b - a)[0] ?? 0,
          ),
        { timeout: 15_000 },
      )
      .toBeGreaterThan(100);
    await page.waitForTimeout(1_500);
    await page.screenshot({ path: `${SCREENSHOTS}console-reports-week.png`, fullPage: true });

    await page.getByRole('link', { name: 'Forecast' }).click();
    await expect
      .poll(() => page.getByText(/^[1-9]\d* needed$/).count(), { timeout: 15_000 })
      .toBeGreaterThan(10);
    await page.screenshot({ path: `${SCREENSHOTS}console-forecast-week.png` });
  });
});
