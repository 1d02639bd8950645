// The widget's weight on the host page, measured in Chromium: one page load of the demo shop, with
// or without the widget's snippet, in a fresh browser context, watched through the DevTools
// protocol. `widget-weight.mjs` runs it N times each way and prints the table.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'packages/server/dist/cli.js');
const WIDGET_DIST = join(ROOT, 'packages/widget/dist');

/** The snippet's script tag in the demo page, removed for the "without" runs. */
const SNIPPET = /<script\b[^>]*\/widget\.js"[^>]*><\/script>/;

/** Build the packages when a dist the relay serves is missing (as `pnpm start` would). */
export function ensureBuilt() {
  const needed = [
    CLI,
    join(ROOT, 'packages/shared/dist/index.js'),
    join(WIDGET_DIST, 'widget.js'),
    join(WIDGET_DIST, 'widget/.vite/manifest.json'),
    join(ROOT, 'packages/console/dist/index.html'),
  ];
  if (needed.every((path) => existsSync(path))) return;
  process.stderr.write('widget-weight: building the packages (pnpm build)...\n');
  const result = spawnSync('pnpm', ['build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('pnpm build failed');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The built relay on a free loopback port with a temp data dir. Every abuse limit is raised: all
 * the runs' visitors come from 127.0.0.1.
 */
export async function startRelay() {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-weight-'));
  const configPath = join(dataDir, 'config.json');
  const high = 10_000_000;
  writeFileSync(
    configPath,
    JSON.stringify({
      limits: {
        connectionsPerIp: high,
        handshakesPerIpPerMinute: high,
        messagesPerVisitorPerMinute: high,
        messagesPerIpPerMinute: high,
        framesPerSocketPerSecond: high,
        openConversationsPerVisitor: high,
        agentLoginsPerIpPerMinute: high,
        searchesPerVisitorPerMinute: high,
        searchesPerIpPerMinute: high,
        allConnectionsPerIp: high,
      },
    }),
  );
  const port = await freePort();
  const child = spawn(process.execPath, [CLI], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_CONFIG: configPath,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const giveUp = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`relay exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > giveUp) {
      child.kill('SIGKILL');
      throw new Error(`relay did not become ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        const done = () => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}

/** Debian's Chromium, headless, with the e2e helpers' flags (tests/e2e/helpers/browser.ts). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--disable-features=LocalNetworkAccessChecks',
    ],
  });
}

/**
 * The widget's files by role, from Vite's manifest: the app chunk and its static imports load
 * first; every other chunk is lazy (prefetched at idle, or loaded on use). Sizes as served and
 * gzipped (what a reverse proxy with gzip on would send; the relay itself sends them as they are).
 */
export function widgetFiles() {
  const manifest = JSON.parse(
    readFileSync(join(WIDGET_DIST, 'widget/.vite/manifest.json'), 'utf8'),
  );
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry);
  if (!entry) throw new Error('the widget manifest has no entry');
  const firstLoad = new Set();
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk || firstLoad.has(chunk.file)) return;
    firstLoad.add(chunk.file);
    for (const child of chunk.imports ?? []) visit(child);
  };
  visit(entry[0]);
  const sizes = new Map();
  const size = (path) => {
    const body = readFileSync(path);
    return { raw: body.length, gzip: gzipSync(body).length };
  };
  sizes.set('widget.js', size(join(WIDGET_DIST, 'widget.js')));
  for (const chunk of Object.values(manifest)) {
    sizes.set(`widget/${chunk.file}`, size(join(WIDGET_DIST, 'widget', chunk.file)));
  }
  return { firstLoad, sizes };
}

/** What a request is to the widget's weight: the host page's own, or one of the widget's parts. */
export function categorize(url, relayUrl, files) {
  const { host, pathname: path } = new URL(url);
  if (host !== new URL(relayUrl).host) return 'other';
  if (path === '/widget.js') return 'loader';
  if (path.startsWith('/widget/')) {
    return files.firstLoad.has(path.slice('/widget/'.length)) ? 'app' : 'prefetch';
  }
  if (path.startsWith('/socket.io/')) return 'socket';
  return 'host';
}

export const CATEGORIES = ['host', 'loader', 'app', 'prefetch', 'socket', 'other'];

/** Long tasks and long animation frames (with their scripts), collected from the first byte. */
const OBSERVE = `(() => {
  const weight = { longtasks: [], loafs: [] };
  Object.defineProperty(window, '__weight', { value: weight });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        weight.longtasks.push({
          start: entry.startTime,
          duration: entry.duration,
          attribution: (entry.attribution || []).map((a) =>
            [a.name, a.containerType, a.containerSrc, a.containerName].filter(Boolean).join(' '),
          ),
        });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        weight.loafs.push({
          start: entry.startTime,
          duration: entry.duration,
          blocking: entry.blockingDuration,
          scripts: (entry.scripts || []).map((s) => ({
            url: s.sourceURL,
            fn: s.sourceFunctionName,
            invoker: s.invoker,
            duration: s.duration,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
})();`;

/**
 * Everything the page sends and receives, from the DevTools protocol: per request its category
 * and encoded bytes (headers and body as on the wire), per WebSocket its frames' payloads. Bytes
 * are booked to the phase in force when they finish ("before": until the launcher shows and the
 * network is idle; "open": after the visitor clicks it).
 */
function trackNetwork(cdp, relayUrl, files) {
  const requests = new Map();
  const sockets = new Map();
  const state = { phase: 'before', lastActivity: Date.now() };
  const bytes = { before: emptyBytes(), open: emptyBytes() };
  const counts = { before: emptyBytes(), open: emptyBytes() };
  const urls = [];
  const book = (category, amount, count = 1) => {
    bytes[state.phase][category] += amount;
    counts[state.phase][category] += count;
  };
  const touch = () => {
    state.lastActivity = Date.now();
  };
  cdp.on('Network.requestWillBeSent', (event) => {
    if (event.request.url.startsWith('data:')) return;
    const category = categorize(event.request.url, relayUrl, files);
    requests.set(event.requestId, { url: event.request.url, category });
    urls.push({ phase: state.phase, category, url: event.request.url });
    touch();
  });
  const finish = (event, amount) => {
    const request = requests.get(event.requestId);
    if (!request) return;
    requests.delete(event.requestId);
    book(request.category, amount);
    touch();
  };
  cdp.on('Network.loadingFinished', (event) => finish(event, event.encodedDataLength));
  cdp.on('Network.loadingFailed', (event) => finish(event, 0));
  cdp.on('Network.webSocketCreated', (event) => {
    sockets.set(event.requestId, categorize(event.url, relayUrl, files));
    touch();
  });
  cdp.on('Network.webSocketWillSendHandshakeRequest', (event) => {
    const category = sockets.get(event.requestId) ?? 'other';
    const headers = Object.entries(event.request.headers ?? {});
    book(
      category,
      headers.reduce((sum, [k, v]) => sum + k.length + String(v).length + 4, 0),
      0,
    );
  });
  cdp.on('Network.webSocketHandshakeResponseReceived', (event) => {
    const category = sockets.get(event.requestId) ?? 'other';
    const text = event.response.headersText;
    const headers = Object.entries(event.response.headers ?? {});
    book(
      category,
      text
        ? text.length
        : headers.reduce((sum, [k, v]) => sum + k.length + String(v).length + 4, 0),
      1,
    );
    touch();
  });
  const frame = (event) => {
    const category = sockets.get(event.requestId) ?? 'other';
    const data = event.response.payloadData ?? '';
    // Text frames as UTF-8, binary ones arrive base64; 2 bytes of framing each (small frames).
    const size =
      event.response.opcode === 2 ? Math.floor((data.length * 3) / 4) : Buffer.byteLength(data);
    book(category, size + 2, 0);
  };
  cdp.on('Network.webSocketFrameSent', frame);
  cdp.on('Network.webSocketFrameReceived', frame);
  return {
    bytes,
    counts,
    urls,
    setPhase: (phase) => {
      state.phase = phase;
    },
    /** Resolves once no HTTP request has been in flight for `quietMs`. */
    idle: async (quietMs, timeoutMs = 20_000) => {
      const giveUp = Date.now() + timeoutMs;
      for (;;) {
        if (requests.size === 0 && Date.now() - state.lastActivity >= quietMs) return;
        if (Date.now() > giveUp) {
          throw new Error(`network not idle: ${[...requests.values()].map((r) => r.url)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

function emptyBytes() {
  return Object.fromEntries(CATEGORIES.map((category) => [category, 0]));
}

/**
 * When an element of the widget's shadow root first has a box (`performance.now()`), checked once
 * a frame with one `querySelector`: Playwright's role locators would run its accessibility engine
 * in the page over and over, and their main-thread time would be booked to the widget.
 */
async function shownAt(page, selector) {
  const handle = await page.waitForFunction(
    (selector) => {
      const element = document
        .getElementById('switchboard-widget')
        ?.shadowRoot?.querySelector(selector);
      const rect = element?.getBoundingClientRect();
      return rect && rect.width > 0 && rect.height > 0 ? performance.now() : false;
    },
    selector,
    { polling: 'raf', timeout: 60_000 },
  );
  return handle.jsonValue();
}

async function mainThread(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return {
    taskMs: get('TaskDuration'),
    scriptMs: get('ScriptDuration'),
    layoutMs: get('LayoutDuration') + get('RecalcStyleDuration'),
  };
}

/**
 * One cold load of the demo page in a fresh context, with or without the widget, at `cpuRate`
 * CPU throttling; with the widget, then opens the chat. Returns every number of that run.
 */
export async function measureOnce(browser, relayUrl, files, { withWidget, cpuRate, open }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  try {
    await context.addInitScript(OBSERVE);
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    // Both variants go through the same interception, so only the snippet differs.
    let snippetRemoved = false;
    await page.route(`${relayUrl}/`, async (route) => {
      const response = await route.fetch();
      let body = await response.text();
      if (!withWidget) {
        const without = body.replace(SNIPPET, '');
        snippetRemoved = without !== body;
        body = without;
      }
      await route.fulfill({ response, body });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    const network = trackNetwork(cdp, relayUrl, files);

    await page.goto(`${relayUrl}/`, { waitUntil: 'load', timeout: 60_000 });
    if (!withWidget && !snippetRemoved) throw new Error('the demo page has no widget snippet');
    let launcherAt = null;
    if (withWidget) launcherAt = await shownAt(page, 'button.launcher');
    await network.idle(700);
    await page.waitForTimeout(1_000);
    await network.idle(300);
    const thread = await mainThread(cdp);
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        domContentLoaded: nav.domContentLoadedEventEnd,
        loadEventStart: nav.loadEventStart,
        loadEventEnd: nav.loadEventEnd,
        fcp: fcp ? fcp.startTime : null,
      };
    });
    const before = await page.evaluate(() => ({
      longtasks: [...window.__weight.longtasks],
      loafs: [...window.__weight.loafs],
    }));
    if (!withWidget && network.counts.before.loader + network.counts.before.app > 0) {
      throw new Error('the page without the widget still loaded it');
    }

    let opened = null;
    if (withWidget && open) {
      network.setPhase('open');
      const box = await page.evaluate(() => {
        const button = document
          .getElementById('switchboard-widget')
          ?.shadowRoot?.querySelector('button.launcher');
        const rect = button?.getBoundingClientRect();
        return rect && { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
      });
      if (!box) throw new Error('the launcher is gone');
      const openAt = await page.evaluate(() => performance.now());
      await page.mouse.click(box.x, box.y);
      const dialogAt = await shownAt(page, '[role="dialog"]');
      await network.idle(700);
      await page.waitForTimeout(500);
      await network.idle(300);
      const after = await mainThread(cdp);
      const tasks = await page.evaluate(
        (since) => window.__weight.longtasks.filter((t) => t.start >= since),
        openAt,
      );
      opened = {
        dialogMs: dialogAt - openAt,
        bytes: network.bytes.open,
        requests: network.counts.open,
        taskMs: after.taskMs - thread.taskMs,
        scriptMs: after.scriptMs - thread.scriptMs,
        longtasks: tasks,
      };
    }
    return {
      withWidget,
      cpuRate,
      timing,
      launcherAt,
      thread,
      bytes: network.bytes.before,
      requests: network.counts.before,
      longtasks: before.longtasks,
      loafs: before.loafs,
      urls: network.urls,
      opened,
      errors,
    };
  } finally {
    await context.close();
  }
}
