import type { ChatAck } from '@switchboard/shared';
import { afterEach, describe, expect, it } from 'vitest';
import {
  agentSession,
  clientId,
  closeAllSockets,
  request,
  visitorSession,
} from '../helpers/clients.js';
import { startRelay, type TestRelay } from '../helpers/relay.js';

afterEach(closeAllSockets);

const SITES = [{ id: 'demo', name: 'Demo', defaultDepartmentId: 'orders' }];

/** Every sample of a Prometheus text exposition: `name{labels} value`. */
function samples(text: string): { name: string; labels: string; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
      if (!match) throw new Error(`not a sample: ${line}`);
      return { name: match[1]!, labels: match[2] ?? '', value: Number(match[3]) };
    });
}

const value = (text: string, name: string, labels = '') =>
  samples(text).find((s) => s.name === name && (labels === '' || s.labels === labels))?.value;

describe('/metrics on a real relay', () => {
  let relay: TestRelay | undefined;
  afterEach(async () => {
    await relay?.close();
    relay = undefined;
  });

  it('counts messages, times store writes and exposes queues, connections and KPIs', async () => {
    relay = await startRelay({ sites: SITES });
    const scrape = async () => {
      const response = await fetch(`${relay!.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      return response.text();
    };
    const before = await scrape();
    expect(value(before, 'switchboard_messages_total', '{role="visitor"}') ?? 0).toBe(0);

    const visitor = await visitorSession(relay.url);
    const waiting = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Do you ship to Norway?',
    });
    // Nobody online yet: the conversation waits in the orders queue.
    const queued = await scrape();
    expect(value(queued, 'switchboard_queue_length', '{department="orders"}')).toBe(1);
    expect(
      value(queued, 'switchboard_queue_longest_wait_seconds', '{department="orders"}'),
    ).toBeGreaterThanOrEqual(0);

    const maya = await agentSession(relay.url);
    await request(maya.socket, {
      type: 'chat.send',
      conversationId: waiting.conversationId,
      clientId: clientId(),
      text: 'We do!',
    });
    // A frame with an unknown type is answered with an error.
    await request(maya.socket, { type: 'no.such.frame' });

    const after = await scrape();
    expect(value(after, 'switchboard_messages_total', '{role="visitor"}')).toBe(1);
    expect(value(after, 'switchboard_messages_total', '{role="agent"}')).toBe(1);
    expect(value(after, 'switchboard_connections', '{role="visitor"}')).toBe(1);
    expect(value(after, 'switchboard_connections', '{role="agent"}')).toBe(1);
    expect(value(after, 'switchboard_queue_length', '{department="orders"}')).toBe(0);
    expect(value(after, 'switchboard_event_store_write_seconds_count')).toBeGreaterThan(0);
    expect(
      samples(after).some((s) => s.name === 'switchboard_frame_errors_total' && s.value >= 1),
    ).toBe(true);
    expect(value(after, 'switchboard_contacts_today')).toBe(1);
    expect(value(after, 'switchboard_service_level_ratio')).toBe(1);
    // Node's default metrics, under the same prefix.
    expect(value(after, 'switchboard_process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('asks for the token when one is configured; two relays in one process do not collide', async () => {
    relay = await startRelay({ sites: SITES, metrics: { token: 'metrics-token-0123456789' } });
    const other = await startRelay({ sites: SITES });
    try {
      expect((await fetch(`${relay.url}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${relay.url}/metrics`, {
        headers: { Authorization: 'Bearer metrics-token-9999999999' },
      });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${relay.url}/metrics`, {
        headers: { Authorization: 'Bearer metrics-token-0123456789' },
      });
      expect(right.status).toBe(200);
      expect(await right.text()).toContain('switchboard_messages_total');
      expect((await fetch(`${other.url}/metrics`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});
