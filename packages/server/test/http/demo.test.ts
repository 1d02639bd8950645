import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDENTITY_SECRET_FILE } from '../../src/auth/user-hash.js';
import { startRelay, type TestRelay } from '../helpers/relay.js';

describe('demo pages', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startRelay({}, { paths: { widgetDist: null, consoleDist: null } });
  });
  afterAll(() => relay.close());

  it('serves ?csp=strict with a fresh nonce handed to the widget, and nothing inline', async () => {
    const one = await fetch(`${relay.url}/?csp=strict`);
    const two = await fetch(`${relay.url}/?csp=strict`);
    const policy = one.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
    expect(policy).toContain("script-src 'self';");
    expect(policy).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}';/);
    expect(policy).not.toContain('unsafe-inline');
    expect(two.headers.get('content-security-policy')).not.toBe(policy);
    const html = await one.text();
    expect(html).toContain(`data-nonce="${nonce}"`);
    // No inline script, no <style> block, no style attribute.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).toContain('href="/demo.css"');
    expect(html).toContain('src="/demo.js"');
  });

  it('serves the plain demo page without a nonce', async () => {
    const response = await fetch(`${relay.url}/`);
    expect(response.headers.get('content-security-policy')).not.toContain('nonce');
    const html = await response.text();
    expect(html).not.toContain('data-nonce');
    expect(html).not.toContain('{{');
  });

  it('serves the demo CSS and script', async () => {
    const css = await fetch(`${relay.url}/demo.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('.hero');
    const js = await fetch(`${relay.url}/demo.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).toContain("'identify'");
  });

  it('hands out demo hashes computed with the generated demo secret', async () => {
    const secret = readFileSync(join(relay.dataDir, DEMO_IDENTITY_SECRET_FILE), 'utf8').trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const response = await fetch(`${relay.url}/demo/identity?userId=customer-1001`);
    expect(await response.json()).toEqual({
      userId: 'customer-1001',
      userHash: createHmac('sha256', secret).update('customer-1001').digest('hex'),
    });
    expect((await fetch(`${relay.url}/demo/identity`)).status).toBe(400);
  });
});

describe('demo identity route on a configured site', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startRelay(
      { sites: [{ id: 'demo', name: 'Not the demo', identity: { secret: 'x'.repeat(40) } }] },
      { env: {} },
    );
  });
  afterAll(() => relay.close());

  it('is not there: a real site never hands out hashes', async () => {
    expect((await fetch(`${relay.url}/demo/identity?userId=u-1`)).status).toBe(404);
  });
});

describe('identity secret from the environment', () => {
  it('refuses one shorter than 32 characters, naming the variable', async () => {
    await expect(
      startRelay(
        { sites: [{ id: 'my-shop', name: 'Shop' }] },
        { env: { SWITCHBOARD_IDENTITY_SECRET_MY_SHOP: 'short' } },
      ),
    ).rejects.toThrow(
      'sites.0.identity.secret (from SWITCHBOARD_IDENTITY_SECRET_MY_SHOP): must be at least 32 characters',
    );
  });
});
