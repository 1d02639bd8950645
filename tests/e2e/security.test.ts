import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENSHOTS } from './helpers/browser.js';
import { inboxItem, signIn } from './helpers/console.js';
import { serveHostPage, snippet } from './helpers/host-page.js';
import { freePort, type RelayProcess, startRelayProcess } from './helpers/relay-process.js';

// "Nobody reads what is not theirs" and "it never hurts the page", in Chromium: a corpus of
// classic XSS payloads goes into every place a visitor, an agent or an author can write, and the
// widget and the console show it as text, with no script run. Then the console proves it works
// under its Content-Security-Policy, and that no other origin can frame it.

/** What every payload runs, if it runs at all. */
const RUN = 'window.__xss=1';

/** Classic payloads; each would set `window.__xss` or open a dialog if it were ever executed. */
const CORPUS = [
  `<script>${RUN}</script>`,
  `<img src=x onerror="${RUN}">`,
  `<svg onload="${RUN}">`,
  `<svg><script>${RUN}</script></svg>`,
  `"><img src=x onerror=${RUN}>`,
  `'><script>alert(1)</script>`,
  `javascript:${RUN}`,
  `<a href="javascript:${RUN}">js link</a>`,
  `<a href="data:text/html,<script>${RUN}</script>">data link</a>`,
  `[md link](javascript:${RUN})`,
  `<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>`,
  `&lt;script&gt;${RUN}&lt;/script&gt;`,
  `&#60;img src=x onerror=${RUN}&#62;`,
  `{{constructor.constructor('${RUN}')()}}`,
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-literal payload, as text
  '${alert(1)}',
  `<details open ontoggle="${RUN}">`,
  `<input autofocus onfocus="${RUN}">`,
  `<body onload="${RUN}">`,
  `<math><mi xlink:href="javascript:${RUN}">m</mi></math>`,
  `<object data="javascript:${RUN}"></object>`,
  `<div style="background:url(javascript:${RUN})">styled</div>`,
  `<scr<script>ipt>${RUN}</scr</script>ipt>`,
  `\u202e<script>${RUN}</script>`,
  `\uff1cscript\uff1e${RUN}\uff1c/script\uff1e`,
  `<marquee onstart="${RUN}">m</marquee>`,
  `<style>@import 'javascript:${RUN}';</style>`,
];

/** The corpus in a few messages (each under the 5,000-character limit), plus one very long one. */
const BATCHES = [
  CORPUS.slice(0, 9).join('\n'),
  CORPUS.slice(9, 18).join('\n'),
  CORPUS.slice(18).join('\n'),
  `${'A'.repeat(4_000)}<img src=x onerror="${RUN}">`,
];

/** Payloads short enough for a name (100) or a page title (300). */
const NAME = `"><img src=x onerror=${RUN}>`;
const EMAIL = 'x"onmouseover="alert(1)"@evil.example';
const TITLE = `</title><script>${RUN}</script> Tents`;
const ATTRIBUTES = {
  plan: `<img src=x onerror="${RUN}">`,
  note: `javascript:${RUN}`,
  html: `<svg onload="${RUN}">`,
};
const ARTICLE_TITLE = `<img src=x onerror="${RUN}">Returns`;
const ARTICLE_BODY = [
  'Sanitiser corpus article.',
  '',
  ...CORPUS.map((payload) => `- ${payload}`),
  '',
  `[a javascript link](javascript:${RUN})`,
  `[a data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)`,
  `![an image](javascript:${RUN})`,
].join('\n');

let dir: string;
let relay: RelayProcess;
let browser: Browser;
let visitor: Page;
let agent: Page;
/** Dialogs (alert, confirm, prompt) any page opened. */
const dialogs: string[] = [];
/** CSP violations and console errors seen by the console pages. */
const consoleProblems: string[] = [];

/** Record every dialog, and (for console pages) every CSP violation and console error. */
async function watch(page: Page, strict: boolean): Promise<void> {
  page.on('dialog', (dialog) => {
    dialogs.push(`${page.url()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  if (!strict) return;
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleProblems.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleProblems.push(`${page.url()}: ${error.message}`));
}

const ran = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);

/** Elements in the widget's shadow root that could run script. */
const widgetActiveContent = (page: Page) =>
  page.evaluate(() => {
    const root = document.getElementById('switchboard-widget')?.shadowRoot;
    if (!root) return -1;
    const active = root.querySelectorAll(
      'script, iframe, object, embed, svg [onload], [onerror], [onload], [onfocus], [ontoggle], [onmouseover]',
    ).length;
    const scriptLinks = [...root.querySelectorAll('a[href]')].filter((a) =>
      /^\s*(javascript|data):/i.test(a.getAttribute('href') ?? ''),
    ).length;
    return active + scriptLinks;
  });

/** The same check on the console's document. */
const consoleActiveContent = (page: Page) =>
  page.evaluate(() => {
    const active = document.querySelectorAll(
      'body script, iframe, object, embed, [onerror], [onload], [onfocus], [ontoggle], [onmouseover]',
    ).length;
    const scriptLinks = [...document.querySelectorAll('a[href]')].filter((a) =>
      /^\s*(javascript|data):/i.test(a.getAttribute('href') ?? ''),
    ).length;
    return active + scriptLinks;
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-security-e2e-'));
  const content = join(dir, 'articles');
  mkdirSync(content);
  writeFileSync(
    join(content, 'xss-returns.md'),
    `---\ntitle: ${JSON.stringify(ARTICLE_TITLE)}\ntags: [returns, xss]\n---\n${ARTICLE_BODY}\n`,
  );
  const config = join(dir, 'switchboard.json');
  writeFileSync(
    config,
    JSON.stringify({
      sites: [
        {
          id: 'demo',
          name: 'Fernhill Outfitters',
          prechat: { fields: [{ name: 'name' }] },
          alternatives: ['faq'],
          content: { dir: content },
        },
      ],
      departments: [
        {
          id: 'orders',
          name: 'Orders',
          agentIds: ['supervisor@example.com'],
          autoAccept: true,
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
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await relay?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('an XSS corpus renders as text', () => {
  it('in the widget: messages, a pre-chat name, identify details, page title and URL', async () => {
    // The supervisor is online first, so the chat is assigned at once.
    agent = await signIn(browser, relay.url, 'supervisor@example.com', 'switchboard-demo');
    await watch(agent, true);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    visitor = await context.newPage();
    await watch(visitor, false);
    // A host page whose title and URL carry payloads, identifying the visitor with hostile details.
    const pageUrl = `${relay.url}/shop/tents?q=${encodeURIComponent(`<script>${RUN}</script>`)}`;
    const title = TITLE.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
    await serveHostPage(
      visitor,
      pageUrl,
      `<!doctype html><html lang="en"><head><title>${title}</title></head><body><h1>Tents</h1>${snippet(relay.url)}</body></html>`,
    );
    await visitor.goto(pageUrl, { waitUntil: 'load' });
    expect(await visitor.title()).toBe(TITLE);
    const launcher = visitor.getByRole('button', { name: /open chat/i });
    await expect.poll(() => launcher.count(), { timeout: 15_000 }).toBe(1);
    // `identify` then `setAttributes`, back to back, as a page would call them: both must stick
    // (the relay once let the second overwrite the first; the console's context shows both below).
    await visitor.evaluate(
      ({ who, attributes }) => {
        const api = (window as unknown as { Switchboard: (...a: unknown[]) => void }).Switchboard;
        api('identify', who);
        api('setAttributes', { attributes });
      },
      { who: { userId: 'u-xss', name: NAME, email: EMAIL }, attributes: ATTRIBUTES },
    );
    await launcher.click();
    const panel = visitor.getByRole('dialog');
    await expect.poll(() => panel.isVisible(), { timeout: 15_000 }).toBe(true);

    // The pre-chat name takes a payload too (when the form asks for it).
    const name = panel.getByRole('textbox', { name: 'Your name' });
    if (await name.count()) await name.fill(NAME);
    const message = panel.getByRole('textbox', { name: 'Message' });
    for (const batch of BATCHES) {
      await message.fill(batch);
      await message.press('Enter');
      await expect
        .poll(() => panel.getByRole('log').getByText(batch.slice(-40)).count(), {
          timeout: 10_000,
        })
        .toBeGreaterThan(0);
    }
    // Visible as text, where text is expected.
    const log = panel.getByRole('log');
    for (const payload of [CORPUS[0]!, CORPUS[1]!, CORPUS[10]!, CORPUS[13]!]) {
      expect(await log.getByText(payload).count(), payload).toBeGreaterThan(0);
    }

    expect(await widgetActiveContent(visitor)).toBe(0);
    expect(await ran(visitor)).toBeUndefined();
  });

  it("in the console: the visitor's messages, name, attributes and page; the agent's replies reach the widget as text", async () => {
    const item = inboxItem(agent, 'A'.repeat(20));
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
    await item.click();
    const accept = agent.getByRole('button', { name: 'Accept' });
    if (await accept.count()) await accept.first().click();
    const log = agent.getByRole('log');
    await expect
      .poll(() => log.getByText(CORPUS[0]!).count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    for (const payload of [CORPUS[1]!, CORPUS[10]!, CORPUS[20]!]) {
      expect(await log.getByText(payload).count(), payload).toBeGreaterThan(0);
    }
    // Context: the hostile page title and URL, the attributes, the name: all as text.
    await expect.poll(() => agent.getByText(TITLE).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // Profile changes reach the console live, so these may land a moment after the messages.
    for (const value of [...Object.values(ATTRIBUTES), NAME, EMAIL]) {
      await expect
        .poll(() => agent.getByText(value, { exact: true }).count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
    }
    expect(await agent.getByText('/shop/tents?q=').count()).toBeGreaterThan(0);

    // The agent replies with the corpus; the widget shows it as text.
    const reply = agent.getByRole('textbox', { name: 'Reply' });
    await expect.poll(() => reply.isEnabled(), { timeout: 10_000 }).toBe(true);
    for (const batch of BATCHES.slice(0, 3)) {
      await reply.fill(`Agent: ${batch}`);
      await agent.getByRole('button', { name: 'Send' }).click();
      await expect
        .poll(() => log.getByText(`Agent: ${batch.slice(0, 30)}`).count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
    }
    const widgetLog = visitor.getByRole('dialog').getByRole('log');
    await expect
      .poll(() => widgetLog.getByText(`Agent: ${CORPUS[0]}`).count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await agent.screenshot({ path: `${SCREENSHOTS}console-xss.png` });
    await visitor.screenshot({ path: `${SCREENSHOTS}widget-xss.png` });

    expect(await consoleActiveContent(agent)).toBe(0);
    expect(await widgetActiveContent(visitor)).toBe(0);
    expect(await ran(agent)).toBeUndefined();
    expect(await ran(visitor)).toBeUndefined();
  });

  it('in a help article in the widget: title and body', async () => {
    const panel = visitor.getByRole('dialog');
    // Help articles: the search finds the hostile one; its title and body are text.
    const search = panel.getByRole('searchbox', { name: 'Search help articles' });
    if (await search.count()) {
      await search.fill('sanitiser corpus');
      const results = panel.getByRole('list', { name: 'Help articles' });
      await expect
        .poll(() => results.getByRole('button').count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
      await results.getByRole('button').first().click();
    } else {
      await visitor.evaluate(() =>
        (window as unknown as { Switchboard: (...a: unknown[]) => void }).Switchboard(
          'showArticle',
          'xss-returns',
        ),
      );
    }
    await expect
      .poll(() => panel.getByText('Sanitiser corpus article.').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await panel.getByText(ARTICLE_TITLE).count()).toBeGreaterThan(0);
    expect(await panel.getByText(CORPUS[1]!).count()).toBeGreaterThan(0);
    await visitor.screenshot({ path: `${SCREENSHOTS}widget-xss-article.png` });
    expect(await widgetActiveContent(visitor)).toBe(0);
    expect(await ran(visitor)).toBeUndefined();
  });

  it('in the console article editor and its preview', async () => {
    await agent.getByRole('link', { name: 'Articles' }).click();
    const edit = agent.getByRole('button', { name: /^Edit .*Returns$/ });
    await expect.poll(() => edit.count(), { timeout: 10_000 }).toBe(1);
    await edit.click();
    await expect
      .poll(() => agent.getByText('Sanitiser corpus article.').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(await consoleActiveContent(agent)).toBe(0);
    expect(await ran(agent)).toBeUndefined();
    await agent.screenshot({ path: `${SCREENSHOTS}console-xss-article.png` });
  });
});

describe('the console under its Content-Security-Policy', () => {
  it('reports with charts, appearance, a CSV download: no violation, no console error', async () => {
    await agent.getByRole('link', { name: 'Reports' }).click();
    await expect
      .poll(() => agent.getByRole('heading', { name: 'Reports' }).count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    // uPlot draws onto canvases, loaded as a lazy chunk with its own stylesheet.
    await expect
      .poll(() => agent.locator('canvas').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    const download = agent.waitForEvent('download', { timeout: 15_000 });
    await agent
      .getByRole('button', { name: /conversations.*csv|export conversations/i })
      .first()
      .click();
    expect((await download).suggestedFilename()).toMatch(/^conversations-.*\.csv$/);

    await agent.getByRole('link', { name: 'Appearance' }).click();
    await expect
      .poll(() => agent.getByRole('heading', { name: 'Appearance' }).count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await agent.waitForTimeout(500);
    await agent.screenshot({ path: `${SCREENSHOTS}console-csp-appearance.png` });

    // The socket is still up under `connect-src 'self'`: a new chat reaches the inbox live.
    const another = await (await browser.newContext()).newPage();
    await another.goto(relay.url, { waitUntil: 'load' });
    await another.getByRole('button', { name: /open chat/i }).click();
    const message = another.getByRole('textbox', { name: 'Message' });
    await message.fill('Checking the socket under CSP');
    await message.press('Enter');
    await agent
      .getByRole('link', { name: /^Inbox/ })
      .first()
      .click();
    await expect
      .poll(() => inboxItem(agent, 'Checking the socket under CSP').count(), { timeout: 20_000 })
      .toBe(1);
    await another.context().close();

    const csp = await agent.evaluate(async () => {
      const response = await fetch(location.href);
      return response.headers.get('content-security-policy');
    });
    expect(csp).toContain("frame-ancestors 'none'");
    expect(consoleProblems).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('cannot be framed by another origin (while a page that allows it can)', async () => {
    const page = await (await browser.newContext()).newPage();
    const attacker = 'http://attacker.test/frame.html';
    await serveHostPage(
      page,
      attacker,
      `<!doctype html><title>Attacker</title>
<iframe id="console" src="${relay.url}/console" width="800" height="400"></iframe>
<iframe id="demo" src="${relay.url}/" width="800" height="400"></iframe>
<iframe id="health" src="${relay.url}/healthz" width="800" height="400"></iframe>`,
    );
    await page.goto(attacker, { waitUntil: 'load' });
    // The health check (no frame-ancestors) loads in its frame: the checks below can fail.
    await expect
      .poll(
        async () => {
          const frame = page.frames().find((f) => f.url() === `${relay.url}/healthz`);
          return frame ? frame.locator('body').count() : 0;
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    const frame = page.frames().find((f) => f.name() === 'console' || f.url().includes('/console'));
    const consoleFrame = frame ?? (await (await page.$('#console'))?.contentFrame()) ?? undefined;
    expect(consoleFrame).toBeDefined();
    await page.waitForTimeout(1_000);
    expect(consoleFrame!.url()).not.toBe(`${relay.url}/console`);
    expect(await consoleFrame!.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
    // The demo shop refuses framing too (frame-ancestors 'none', X-Frame-Options DENY).
    const demoFrame = await (await page.$('#demo'))?.contentFrame();
    expect(demoFrame).toBeDefined();
    expect(demoFrame!.url()).not.toBe(`${relay.url}/`);
    expect(await demoFrame!.getByRole('button', { name: 'Sign in as a customer' }).count()).toBe(0);
    await page.context().close();
  });
});
