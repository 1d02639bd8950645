import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENSHOTS } from './helpers/browser.js';
import { closeWithWrapUp, inboxItem, signIn } from './helpers/console.js';
import { freePort, type RelayProcess, startRelayProcess } from './helpers/relay-process.js';
import { visitorSays } from './helpers/widget.js';

// Routing through the real UI: two visitors wait and see positions 1 and 2; when the first is
// taken the second sees 1 and a new estimate; a transfer with a note shows in widget and console.

const CLI = fileURLToPath(new URL('../../packages/server/dist/cli.js', import.meta.url));
const PASSWORD = 'routing-e2e-password';

let relay: RelayProcess;
let browser: Browser;
let maya: Page;
let visitorA: Page;
let visitorB: Page;
let visitorC: Page;

/** The visitor's "Your place in line" card. */
const placeCard = (page: Page) => page.getByRole('status', { name: 'Your place in line' });

beforeAll(async () => {
  const hashed = spawnSync(process.execPath, [CLI, 'hash-password'], {
    input: `${PASSWORD}\n`,
    encoding: 'utf8',
  });
  const passwordHash = hashed.stdout.trim();
  expect(passwordHash).toMatch(/^scrypt\$/);
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-routing-'));
  const config = join(dir, 'switchboard.json');
  writeFileSync(
    config,
    JSON.stringify({
      sites: [
        {
          id: 'demo',
          name: 'Fernhill Outfitters',
          defaultDepartmentId: 'care',
          // Long enough that the estimate alone never offers "leave a message" here.
          waitThresholdSec: 7200,
        },
      ],
      departments: [
        { id: 'care', name: 'Customer care', autoAccept: true },
        { id: 'tech', name: 'Technical support', skills: ['tech'] },
      ],
      agents: [
        {
          email: 'maya@example.com',
          name: 'Maya Chen',
          passwordHash,
          capacity: 1,
          departmentIds: ['care'],
        },
        {
          email: 'jonas@example.com',
          name: 'Jonas Weber',
          passwordHash,
          capacity: 2,
          skills: ['tech'],
          departmentIds: ['tech'],
        },
      ],
    }),
  );
  relay = await startRelayProcess({
    port: await freePort(),
    dataDir: join(dir, 'data'),
    env: { SWITCHBOARD_CONFIG: config },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await relay?.kill();
});

describe('routing in Chromium', () => {
  it('queues visitors behind a full agent and shows positions 1 and 2 with estimates', async () => {
    maya = await signIn(browser, relay.url, 'maya@example.com', PASSWORD);
    visitorA = await visitorSays(browser, relay.url, 'A: my tent pole snapped');
    // Maya has one slot and auto-accept: A is hers at once.
    await expect
      .poll(() => visitorA.getByText('Maya Chen joined the conversation').count(), {
        timeout: 10_000,
      })
      .toBe(1);

    visitorB = await visitorSays(browser, relay.url, 'B: where is my parcel?');
    await expect
      .poll(() => placeCard(visitorB).textContent(), { timeout: 10_000 })
      .toContain("You're number 1 in line");
    visitorC = await visitorSays(browser, relay.url, 'C: can I change my order?');
    await expect
      .poll(() => placeCard(visitorC).textContent(), { timeout: 10_000 })
      .toContain("You're number 2 in line");
    expect(await placeCard(visitorC).textContent()).toMatch(/Estimated wait: about \d+ minutes?/);
    await visitorC.screenshot({ path: `${SCREENSHOTS}widget-queue-position.png` });
    await maya.screenshot({ path: `${SCREENSHOTS}console-queue.png` });
  });

  it('moves the second visitor to 1 with a new estimate when the first is taken', async () => {
    const before = await placeCard(visitorC).textContent();
    await inboxItem(maya, 'A: my tent pole snapped').click();
    await closeWithWrapUp(maya);
    // Maya's slot frees: B is assigned to her, C moves up.
    await expect
      .poll(() => visitorB.getByText('Maya Chen joined the conversation').count(), {
        timeout: 10_000,
      })
      .toBe(1);
    await expect.poll(() => placeCard(visitorB).count()).toBe(0);
    await expect
      .poll(() => placeCard(visitorC).textContent(), { timeout: 10_000 })
      .toContain("You're number 1 in line");
    const after = await placeCard(visitorC).textContent();
    expect(after).not.toEqual(before);
    expect(after).toMatch(/Estimated wait: (about \d+ minutes?|less than a minute)/);
    await visitorC.screenshot({ path: `${SCREENSHOTS}widget-queue-moved-up.png` });
  });

  it('transfers to another department with a note: the visitor sees it, the next agent reads the note', async () => {
    await inboxItem(maya, 'B: where is my parcel?').click();
    await maya.getByRole('button', { name: 'Transfer', exact: true }).click();
    const dialog = maya.getByRole('dialog', { name: 'Transfer conversation' });
    await dialog.getByRole('radio', { name: 'Department' }).check();
    await dialog
      .getByRole('combobox', { name: 'Department' })
      .selectOption({ label: 'Technical support' });
    await dialog
      .getByRole('textbox', { name: 'Note for the next agent' })
      .fill('Parcel stuck at customs, needs the tracking API');
    await dialog.getByRole('button', { name: 'Transfer', exact: true }).click();
    await expect.poll(() => dialog.count()).toBe(0);

    await expect
      .poll(() => visitorB.getByText("You've been transferred to Technical support.").count(), {
        timeout: 10_000,
      })
      .toBe(1);
    // The handover note is for agents only.
    expect(await visitorB.getByText('needs the tracking API').count()).toBe(0);
    await expect
      .poll(() => maya.getByText(/Maya Chen transferred to Technical support/).count(), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    await visitorB.screenshot({ path: `${SCREENSHOTS}widget-transferred.png` });

    // Jonas (tech skill) signs in: the conversation is offered to him; he accepts and sees it all.
    const jonas = await signIn(browser, relay.url, 'jonas@example.com', PASSWORD);
    const offer = jonas.getByRole('alert', { name: 'Incoming chat' });
    await expect.poll(() => offer.count(), { timeout: 15_000 }).toBe(1);
    await offer.getByRole('button', { name: 'Accept' }).click();
    const log = jonas.getByRole('log');
    await expect
      .poll(() => log.getByText('B: where is my parcel?', { exact: true }).count(), {
        timeout: 10_000,
      })
      .toBe(1);
    await expect.poll(() => log.getByText(/needs the tracking API/).count()).toBe(1);
    await jonas.screenshot({ path: `${SCREENSHOTS}console-transfer-received.png` });
    await expect
      .poll(() => visitorB.getByText('Jonas Weber joined the conversation').count(), {
        timeout: 10_000,
      })
      .toBe(1);
  });
});
