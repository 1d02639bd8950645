import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type TestRelay } from './helpers/relay.js';

/** A raw GET, so paths with `..` reach the relay exactly as written. */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = httpRequest({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A raw GET with headers, the body as bytes (fetch would decompress it behind our back). */
function rawFetch(
  url: string,
  path: string,
  headers: Record<string, string>,
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = httpRequest({ hostname, port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** A chunk big enough to be worth compressing, as a build would write it. */
const BIG_CHUNK = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{ id: ${i}, label: "row ${i}" }`).join(', ')}];\n`;

let dir: string;
let relay: TestRelay;
let bare: TestRelay;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-http-'));
  const widget = join(dir, 'widget-dist');
  mkdirSync(join(widget, 'widget'), { recursive: true });
  writeFileSync(join(widget, 'widget.js'), '/* loader */');
  writeFileSync(join(widget, 'widget', 'app-1a2b3c.js'), 'export const app = 1;');
  writeFileSync(join(widget, 'widget', 'big-4d5e6f.js'), BIG_CHUNK);
  const console = join(dir, 'console-dist');
  mkdirSync(join(console, 'assets'), { recursive: true });
  writeFileSync(join(console, 'index.html'), '<!doctype html><title>Console</title>');
  writeFileSync(join(console, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(console, 'assets', 'index-9f8e.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve me');
  relay = await startRelay({}, { paths: { widgetDist: widget, consoleDist: console } });
  bare = await startRelay(
    { publicUrl: 'https://chat.fernhill.example' },
    { paths: { widgetDist: join(dir, 'missing'), consoleDist: null } },
  );
});
afterAll(async () => {
  await relay.close();
  await bare.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('HTTP routes', () => {
  it('serves the demo page with the snippet pointing at this relay', async () => {
    const response = await fetch(`${relay.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    expect(html).toContain('Fernhill Outfitters');
    // A path on the page's own origin: never built from the Host header the client sends.
    expect(html).toContain('<script src="/widget.js" data-site="demo" async></script>');
    expect(html).not.toContain('{{RELAY_URL}}');
    // Behind a proxy, the public URL is used.
    const proxied = await (await fetch(`${bare.url}/`)).text();
    expect(proxied).toContain(
      '<script src="https://chat.fernhill.example/widget.js" data-site="demo" async></script>',
    );
  });

  it('serves the loader briefly cached and the app chunks immutable, both cross-origin', async () => {
    const loader = await fetch(`${relay.url}/widget.js`);
    expect(loader.status).toBe(200);
    expect(loader.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(loader.headers.get('cache-control')).toBe('public, max-age=300');
    expect(loader.headers.get('access-control-allow-origin')).toBe('*');
    expect(await loader.text()).toBe('/* loader */');
    const chunk = await fetch(`${relay.url}/widget/app-1a2b3c.js`);
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${relay.url}/widget/nope.js`)).status).toBe(404);
  });

  it('compresses text files with Brotli or gzip as the browser accepts, once, with Vary', async () => {
    const path = '/widget/big-4d5e6f.js';
    const br = await rawFetch(relay.url, path, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(BIG_CHUNK.length / 4);
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(BIG_CHUNK);
    const gz = await rawFetch(relay.url, path, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toBe(BIG_CHUNK);
    expect(gz.headers.etag).not.toBe(br.headers.etag);
    // Refused with q=0, or not offered: the file as it is.
    for (const accept of ['identity', 'br;q=0, gzip;q=0']) {
      const plain = await rawFetch(relay.url, path, { 'accept-encoding': accept });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.toString('utf8')).toBe(BIG_CHUNK);
    }
    // Each encoding revalidates against its own ETag.
    const again = await rawFetch(relay.url, path, {
      'accept-encoding': 'br',
      'if-none-match': String(br.headers.etag),
    });
    expect(again.status).toBe(304);
    // A tiny file is not worth it.
    const tiny = await rawFetch(relay.url, '/widget/app-1a2b3c.js', { 'accept-encoding': 'br' });
    expect(tiny.headers['content-encoding']).toBeUndefined();
  });

  it('answers 304 to a current ETag', async () => {
    const first = await fetch(`${relay.url}/widget.js`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(first.headers.get('last-modified')).toBeTruthy();
    const again = await fetch(`${relay.url}/widget.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it('serves the console SPA: index for its routes, assets immutable', async () => {
    for (const path of ['/console', '/console/', '/console/conversations/cnv_1']) {
      const response = await fetch(`${relay.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<title>Console</title>');
    }
    const asset = await fetch(`${relay.url}/console/assets/index-9f8e.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${relay.url}/console/assets/gone.js`)).status).toBe(404);
    const icon = await fetch(`${relay.url}/console/favicon.svg`);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('never serves files outside the build folders', async () => {
    for (const path of [
      '/widget/../../secret.txt',
      '/widget/%2e%2e/%2e%2e/secret.txt',
      '/widget/..%2f..%2fsecret.txt',
      '/console/assets/..%2f..%2fsecret.txt',
    ]) {
      const { status, body } = await rawGet(relay.url, path);
      expect(body, path).not.toContain('do not serve me');
      expect([200, 404], path).toContain(status);
    }
  });

  it('answers 503 "run pnpm build" when a build is missing', async () => {
    const widget = await fetch(`${bare.url}/widget.js`);
    expect(widget.status).toBe(503);
    expect(await widget.text()).toMatch(/run pnpm build/);
    const console = await fetch(`${bare.url}/console`);
    expect(console.status).toBe(503);
    expect(await console.text()).toMatch(/run pnpm build/);
  });

  it('reports health and readiness', async () => {
    const health = await fetch(`${relay.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${relay.url}/readyz`);
    expect(ready.status).toBe(200);
    expect((await fetch(`${relay.url}/nowhere`)).status).toBe(404);
  });
});
