import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENSHOTS } from './helpers/browser.js';
import { freePort, type RelayProcess, startRelayProcess } from './helpers/relay-process.js';

// The examples are built as a developer would (`tsc` against the package's declarations, then
// `vite build`) and smoke-tested in Chromium against a real relay.

const root = fileURLToPath(new URL('../../', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

let relay: RelayProcess;
let browser: Browser;

/** Serve a built example's files under `${relay.url}/examples/<name>/` (the relay's own origin). */
async function serveBuilt(page: Page, name: string): Promise<string> {
  const dist = join(root, 'examples', name, 'dist');
  const prefix = `${relay.url}/examples/${name}/`;
  await page.route(`${prefix}**`, (route) => {
    const path = new URL(route.request().url()).pathname.slice(`/examples/${name}/`.length);
    const file = normalize(join(dist, path || 'index.html'));
    if (!file.startsWith(dist) || !existsSync(file)) return route.fulfill({ status: 404 });
    return route.fulfill({
      status: 200,
      contentType: TYPES[extname(file)] ?? 'application/octet-stream',
      body: readFileSync(file),
    });
  });
  return `${prefix}index.html?relay=${encodeURIComponent(relay.url)}`;
}

function build(name: string) {
  execFileSync('pnpm', ['--filter', `@switchboard/example-${name}`, 'run', 'build'], {
    cwd: root,
    stdio: 'pipe',
    env: { ...process.env, NO_COLOR: '1' },
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

async function checkApp(page: Page, url: string, screenshot: string) {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url, { waitUntil: 'load' });
  await expect
    .poll(() => page.getByRole('button', { name: /open chat/i }).count(), { timeout: 15_000 })
    .toBe(1);
  // The app's own button drives the widget through the typed API.
  await page.getByRole('button', { name: /get help/i }).click();
  await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
  await expect
    .poll(() => page.getByRole('textbox', { name: 'Message' }).count(), { timeout: 10_000 })
    .toBe(1);
  await page.screenshot({ path: `${SCREENSHOTS}${screenshot}` });
  expect(errors).toEqual([]);
}

describe('examples', () => {
  it('npm + Vite: type-checks, builds, and mounts the widget with createWidget', async () => {
    build('npm-vite');
    const page = await (await browser.newContext()).newPage();
    await checkApp(page, await serveBuilt(page, 'npm-vite'), 'example-npm-vite.png');
    await page.context().close();
  }, 120_000);

  it('React: type-checks, builds, and the wrapper component mounts the widget', async () => {
    build('react');
    const page = await (await browser.newContext()).newPage();
    await checkApp(page, await serveBuilt(page, 'react'), 'example-react.png');
    await page.context().close();
  }, 120_000);

  it('script tag: the plain HTML example loads the widget', async () => {
    const page = await (await browser.newContext()).newPage();
    const html = readFileSync(join(root, 'examples/script-tag/index.html'), 'utf8').replace(
      'http://localhost:8080',
      relay.url,
    );
    const url = `${relay.url}/examples/script-tag/index.html`;
    await page.route(url, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await page.goto(url, { waitUntil: 'load' });
    await expect
      .poll(() => page.getByRole('button', { name: /open chat/i }).count(), { timeout: 15_000 })
      .toBe(1);
    await page.context().close();
  }, 60_000);
});
