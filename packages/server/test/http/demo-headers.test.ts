import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type TestRelay } from '../helpers/relay.js';

/** The page with exactly these headers (fetch would not let a test set `Host`). */
function page(
  url: string,
  headers: Record<string, string>,
): Promise<{ headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A policy as a map of directive -> sources. */
const directives = (csp: string) =>
  new Map(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );

describe('the demo page', () => {
  let relay: TestRelay;
  let behindProxy: TestRelay;
  beforeAll(async () => {
    relay = await startRelay({}, { paths: { widgetDist: null, consoleDist: null } });
    behindProxy = await startRelay(
      { publicUrl: 'https://chat.fernhill.example' },
      { paths: { widgetDist: null, consoleDist: null } },
    );
  });
  afterAll(async () => {
    await relay.close();
    await behindProxy.close();
  });

  it.each(['/', '/?csp=strict'])(
    '%s sends a CSP, no framing and a same-origin referrer',
    async (path) => {
      const response = await fetch(`${relay.url}${path}`);
      const csp = directives(response.headers.get('content-security-policy') ?? '');
      expect(csp.get('default-src')).toBe("'self'");
      expect(csp.get('script-src')).toBe("'self'");
      expect(csp.get('connect-src')).toBe("'self'");
      expect(csp.get('object-src')).toBe("'none'");
      expect(csp.get('base-uri')).toBe("'none'");
      expect(csp.get('frame-ancestors')).toBe("'none'");
      expect(csp.get('style-src')).toMatch(/^'self' ('unsafe-inline'|'nonce-[A-Za-z0-9+/=]+')$/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
    },
  );

  it('loads the widget from a path on its own origin, whatever Host the client sends', async () => {
    const { body } = await page(`${relay.url}/`, { host: 'evil.example' });
    expect(body).toContain('<script src="/widget.js" data-site="demo" async></script>');
    expect(body).not.toContain('evil.example');
  });

  it('behind a proxy, loads the widget from the public URL and allows its socket', async () => {
    const { headers, body } = await page(`${behindProxy.url}/`, { host: 'evil.example' });
    expect(body).toContain(
      '<script src="https://chat.fernhill.example/widget.js" data-site="demo" async></script>',
    );
    expect(body).not.toContain('evil.example');
    const csp = directives(String(headers['content-security-policy']));
    expect(csp.get('script-src')).toBe("'self' https://chat.fernhill.example");
    expect(csp.get('connect-src')).toBe(
      "'self' https://chat.fernhill.example wss://chat.fernhill.example",
    );
  });
});
