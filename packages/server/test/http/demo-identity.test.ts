import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isDirectLocalRequest,
  isLocalHost,
  isLoopbackAddress,
} from '../../src/http/local-request.js';
import { startRelay, type TestRelay } from '../helpers/relay.js';

/** GET with exactly these headers (fetch would not let a test set `Host`). */
function get(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('/demo/identity', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startRelay({ trustProxy: 1 }, { paths: { widgetDist: null, consoleDist: null } });
  });
  afterAll(() => relay.close());
  const path = () => `${relay.url}/demo/identity?userId=customer-1001`;

  it('answers a request from this machine with a local Host', async () => {
    for (const host of [`127.0.0.1:${relay.port}`, `localhost:${relay.port}`, 'localhost']) {
      const answer = await get(path(), { host });
      expect(answer.status, host).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({
        userHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    }
  });

  it.each([
    ['X-Forwarded-For', { 'x-forwarded-for': '203.0.113.9' }],
    ['X-Forwarded-For of a loopback address', { 'x-forwarded-for': '127.0.0.1' }],
    ['Forwarded', { forwarded: 'for=203.0.113.9' }],
    ['X-Real-IP', { 'x-real-ip': '203.0.113.9' }],
    ['X-Forwarded-Host', { 'x-forwarded-host': 'shop.example' }],
    ['Via', { via: '1.1 proxy' }],
  ])(
    'refuses a request through a proxy (%s), even one trusted for addresses',
    async (_name, headers) => {
      const answer = await get(path(), { host: `127.0.0.1:${relay.port}`, ...headers });
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toEqual({
        error: { code: 'FORBIDDEN', message: expect.any(String) },
      });
      expect(answer.body).not.toMatch(/[0-9a-f]{64}/);
    },
  );

  it.each(['shop.example', 'shop.example:8080', '203.0.113.9', 'localhost.shop.example'])(
    'refuses a foreign Host %j (a DNS name pointed at this machine)',
    async (host) => {
      expect((await get(path(), { host })).status).toBe(403);
    },
  );
});

describe('isDirectLocalRequest', () => {
  const req = (remoteAddress: string, headers: Record<string, string> = { host: 'localhost' }) => ({
    headers,
    socket: { remoteAddress },
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['192.168.1.2', false],
    ['203.0.113.9', false],
    ['::ffff:203.0.113.9', false],
    ['fe80::1', false],
    ['', false],
  ])('peer %s -> %s', (address, local) => {
    expect(isLoopbackAddress(address)).toBe(local);
    expect(isDirectLocalRequest(req(address))).toBe(local);
  });

  it.each([
    ['localhost', true],
    ['LOCALHOST:8080', true],
    ['app.localhost:3000', true],
    ['127.0.0.1:8080', true],
    ['[::1]:8080', true],
    ['[::1]', true],
    ['localhost.', true],
    ['example.com', false],
    ['127.0.0.1.nip.io', false],
    ['[2001:db8::1]:80', false],
    ['', false],
  ])('Host %j -> %s', (host, local) => {
    expect(isLocalHost(host)).toBe(local);
  });
});

describe('/demo/identity on a configured site', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startRelay({ sites: [{ id: 'shop', name: 'Shop' }] }, { env: {} });
  });
  afterAll(() => relay.close());

  it('is not there, even from this machine', async () => {
    expect((await get(`${relay.url}/demo/identity?userId=u-1`, { host: 'localhost' })).status).toBe(
      404,
    );
  });
});
