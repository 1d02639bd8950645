import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/http/api-v1.js';
import { startRelay, type TestRelay } from '../helpers/relay.js';

describe('REST API key scopes', () => {
  let relay: TestRelay;
  const defaults = createApiKey(); // no scopes listed: callbacks:read and callbacks:write
  const reader = createApiKey();
  const exporter = createApiKey();
  const range = () => `from=${Date.now() - 3_600_000}&to=${Date.now()}`;

  beforeAll(async () => {
    relay = await startRelay({
      apiKeys: [
        { name: 'crm', keyHash: defaults.keyHash },
        { name: 'dashboard', keyHash: reader.keyHash, scopes: ['callbacks:read'] },
        { name: 'bi', keyHash: exporter.keyHash, scopes: ['export:read'] },
      ],
    });
  });
  afterAll(() => relay.close());

  const call = (path: string, key: string, init: RequestInit = {}) =>
    fetch(`${relay.url}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    });
  const patch = (key: string) =>
    call('/api/v1/callbacks/cb_nope', key, {
      method: 'PATCH',
      body: JSON.stringify({ action: 'cancel' }),
    });

  it('lets a key do what its scopes list', async () => {
    expect((await call('/api/v1/callbacks', defaults.key)).status).toBe(200);
    // Past the scope check: the callback does not exist.
    expect((await patch(defaults.key)).status).toBe(404);
    expect((await call('/api/v1/callbacks', reader.key)).status).toBe(200);
    expect((await call('/api/v1/callbacks/cb_nope', reader.key)).status).toBe(404);
    const csv = await call(`/api/v1/export/kpis.csv?${range()}`, exporter.key);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
  });

  it('refuses a key without the scope with 403 FORBIDDEN naming it, changing nothing', async () => {
    const cases: Array<[Promise<Response>, string]> = [
      [patch(reader.key), 'callbacks:write'],
      [call('/api/v1/callbacks', exporter.key), 'callbacks:read'],
      [patch(exporter.key), 'callbacks:write'],
      [call(`/api/v1/export/conversations.csv?${range()}`, defaults.key), 'export:read'],
      [call(`/api/v1/export/kpis.csv?${range()}`, reader.key), 'export:read'],
    ];
    for (const [pending, scope] of cases) {
      const response = await pending;
      expect(response.status).toBe(403);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('FORBIDDEN');
      expect(body.error.message).toContain(`"${scope}"`);
    }
  });

  it('answers an unknown key 401, on the callbacks and on the exports', async () => {
    for (const path of ['/api/v1/callbacks', `/api/v1/export/kpis.csv?${range()}`]) {
      const response = await call(path, 'sbk_unknown');
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: expect.any(String) } });
    }
  });
});
