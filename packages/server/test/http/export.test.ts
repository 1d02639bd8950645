import type { ChatAck } from '@switchboard/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSecret } from '../../src/auth/signing-secret.js';
import { AGENT_TOKEN_TTL_MS, createTokenSigner } from '../../src/auth/tokens.js';
import { createApiKey } from '../../src/http/api-v1.js';
import {
  agentSession,
  clientId,
  closeAllSockets,
  login,
  request,
  visitorSession,
} from '../helpers/clients.js';
import { startRelay, type TestRelay } from '../helpers/relay.js';

afterEach(closeAllSockets);

const SUPERVISOR = { email: 'supervisor@example.com', password: 'switchboard-demo' };
const DAY = 86_400_000;

describe('CSV export on a real relay', () => {
  let relay: TestRelay;
  const apiKey = createApiKey();
  let conversationId = '';
  let from = 0;

  beforeAll(async () => {
    relay = await startRelay({
      sites: [{ id: 'demo', name: 'Demo', defaultDepartmentId: 'orders' }],
      apiKeys: [{ name: 'bi', keyHash: apiKey.keyHash, scopes: ['export:read'] }],
    });
    from = Date.now() - 60_000;
    const maya = await agentSession(relay.url);
    const visitor = await visitorSession(relay.url);
    const ack = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: '=HYPERLINK("http://evil") my order 12345',
    });
    conversationId = ack.conversationId;
    await request(maya.socket, {
      type: 'chat.send',
      conversationId,
      clientId: clientId(),
      text: 'Let me check.',
    });
    await request(maya.socket, { type: 'conversation.close', conversationId });
    expect(
      await request(maya.socket, {
        type: 'conversation.wrapup',
        conversationId,
        dispositionId: 'order-status',
        resolved: true,
      }),
    ).toEqual({ type: 'ok' });
  });
  afterAll(() => relay.close());

  const get = (path: string, token?: string) =>
    fetch(`${relay.url}${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  const range = () => `from=${from}&to=${Date.now() + 60_000}`;

  it('gives a supervisor the conversations as an attachment, without message text', async () => {
    const { token } = await login(relay.url, SUPERVISOR);
    const query = range();
    const response = await get(`/api/v1/export/conversations.csv?${query}`, token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [, f, t] = /from=(\d+)&to=(\d+)/.exec(query) ?? [];
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="conversations-${f}-${t}.csv"`,
    );
    const body = await response.text();
    const lines = body.split('\r\n');
    expect(lines[0]).toBe(
      'id,site,created,department,agent,status,close reason,wait s,handle s,wrap-up s,disposition,resolved,csat,ces',
    );
    const row = lines.find((l) => l.startsWith(conversationId))?.split(',');
    expect(row?.[1]).toBe('demo');
    expect(row?.[4]).toBe('Maya Chen');
    expect(row?.[5]).toBe('closed');
    expect(row?.[10]).toBe('Order status');
    expect(row?.[11]).toBe('true');
    expect(body).not.toContain('12345');
    expect(body).not.toContain('HYPERLINK');
  });

  it('gives the KPIs by hour with a totals row to an API key', async () => {
    const response = await get(`/api/v1/export/kpis.csv?${range()}&bucket=hour`, apiKey.key);
    expect(response.status).toBe(200);
    const lines = (await response.text()).split('\r\n').filter(Boolean);
    expect(lines[0]?.startsWith('bucket,contacts,answered,abandoned,')).toBe(true);
    const total = lines.at(-1)?.split(',');
    expect(total?.[0]).toBe('total');
    expect(Number(total?.[1])).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses agents who are not supervisors, missing and expired tokens', async () => {
    const { token } = await login(relay.url);
    const forbidden = await get(`/api/v1/export/kpis.csv?${range()}`, token);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await get(`/api/v1/export/kpis.csv?${range()}`)).status).toBe(401);
    const bad = await get(`/api/v1/export/kpis.csv?${range()}`, 'nonsense.token');
    expect(bad.status).toBe(401);
    const supervisor = await login(relay.url, SUPERVISOR);
    const signer = createTokenSigner(loadSecret(relay.dataDir));
    const old = signer.signAgent(supervisor.agent.id, Date.now() - AGENT_TOKEN_TTL_MS - 1000);
    const expired = await get(`/api/v1/export/kpis.csv?${range()}`, old.token);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { code: 'TOKEN_EXPIRED' } });
  });

  it('validates the range and the bucket', async () => {
    const { token } = await login(relay.url, SUPERVISOR);
    const cases = [
      '',
      'from=10&to=5',
      `from=0&to=${367 * DAY}`,
      'from=abc&to=5',
      `${range()}&bucket=week`,
    ];
    for (const query of cases) {
      const response = await get(`/api/v1/export/kpis.csv?${query}`, token);
      expect(response.status, query).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
    expect((await get(`/api/v1/export/kpis.csv?from=0&to=${366 * DAY}`, token)).status).toBe(200);
  });
});
