import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEvent, type Callback, type ConversationEvent } from '@switchboard/shared';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import { MIGRATIONS, openSqliteStore, SCHEMA_VERSION } from '../../src/store/sqlite.js';
import type { Store, WebhookDeliveryRecord } from '../../src/store/types.js';

/** A callback as the core makes it. */
export function callbackOf(id: string, extra: Partial<Callback> = {}): Callback {
  return {
    id,
    reference: `CB-${id.slice(-4).toUpperCase().padStart(4, 'X')}`,
    siteId: 'demo',
    visitor: { id: 'vis_1', name: 'Visitor 4821' },
    name: 'Ada Lovelace',
    phone: '+493012345678',
    departmentId: 'orders',
    window: null,
    status: 'scheduled',
    dueAt: 5_000,
    attempts: [],
    claimedBy: null,
    consent: 'We may call you.',
    createdAt: 1_000,
    updatedAt: 1_000,
    ...extra,
  };
}

const delivery = (
  id: string,
  extra: Partial<WebhookDeliveryRecord> = {},
): WebhookDeliveryRecord => ({
  id,
  url: 'https://crm.example/hooks',
  event: 'callback.requested',
  body: '{"id":"evt"}',
  status: 'pending',
  attempts: 0,
  lastStatus: null,
  nextAttemptAt: 2_000,
  createdAt: 1_000,
  updatedAt: 1_000,
  ...extra,
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-callbacks-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const stores: Array<[string, (path: string) => Store]> = [
  ['sqlite', (path) => openSqliteStore(path)],
  ['memory', () => createMemoryStore()],
];

describe.each(stores)('%s store: callbacks', (_, open) => {
  it('keeps callbacks, finds one by the request clientId, lists them newest first by page', async () => {
    const store = open(join(dir, 'switchboard.db'));
    await store.createVisitor({ id: 'vis_1', siteId: 'demo', name: 'Visitor 4821', createdAt: 1 });
    await store.write({
      callbacks: [
        {
          callback: callbackOf('cb_a'),
          clientId: { actor: 'visitor:vis_1', clientId: 'k1' },
        },
        { callback: callbackOf('cb_b', { createdAt: 2_000, departmentId: 'tech' }) },
        {
          callback: callbackOf('cb_c', { createdAt: 3_000, status: 'completed', updatedAt: 9_000 }),
        },
      ],
      visitorPhones: [{ visitorId: 'vis_1', phone: '+493012345678' }],
    });
    expect((await store.findCallbackClientId('visitor:vis_1', 'k1'))?.id).toBe('cb_a');
    expect(await store.findCallbackClientId('visitor:vis_2', 'k1')).toBeNull();
    expect((await store.loadOpenCallbacks()).map((c) => c.id).sort()).toEqual(['cb_a', 'cb_b']);
    expect(await store.getCallback('cb_c')).toMatchObject({ status: 'completed' });
    expect(await store.getVisitor('vis_1')).toMatchObject({ phone: '+493012345678' });

    const all = await store.listCallbacks({ limit: 10 });
    expect(all.map((c) => c.id)).toEqual(['cb_c', 'cb_b', 'cb_a']);
    const page = await store.listCallbacks({ limit: 2 });
    const last = page.at(-1)!;
    const next = await store.listCallbacks({
      limit: 2,
      before: { createdAt: last.createdAt, id: last.id },
    });
    expect([...page, ...next].map((c) => c.id)).toEqual(['cb_c', 'cb_b', 'cb_a']);
    expect(
      (await store.listCallbacks({ limit: 10, status: 'scheduled', departmentId: 'tech' })).map(
        (c) => c.id,
      ),
    ).toEqual(['cb_b']);
    expect(
      (await store.listCallbacks({ limit: 10, updatedSince: 5_000 })).map((c) => c.id),
    ).toEqual(['cb_c']);

    // A change replaces the stored callback, and the clientId keeps pointing at it.
    await store.write({ callbacks: [{ callback: callbackOf('cb_a', { status: 'cancelled' }) }] });
    expect((await store.findCallbackClientId('visitor:vis_1', 'k1'))?.status).toBe('cancelled');
    expect((await store.loadOpenCallbacks()).map((c) => c.id)).toEqual(['cb_b']);
    await store.close();
  });

  it('queues webhook deliveries with the change, and keeps their progress', async () => {
    const store = open(join(dir, 'switchboard.db'));
    await store.write({
      callbacks: [{ callback: callbackOf('cb_a') }],
      deliveries: [delivery('wh_1'), delivery('wh_2', { createdAt: 1_500, nextAttemptAt: 1_500 })],
    });
    expect((await store.pendingDeliveries()).map((d) => d.id)).toEqual(['wh_2', 'wh_1']);
    await store.saveDelivery(
      delivery('wh_2', {
        status: 'delivered',
        attempts: 1,
        lastStatus: 204,
        nextAttemptAt: null,
        updatedAt: 1_600,
      }),
    );
    await store.saveDelivery(
      delivery('wh_1', {
        attempts: 1,
        lastStatus: 500,
        lastError: 'HTTP 500',
        nextAttemptAt: 9_000,
      }),
    );
    expect(await store.pendingDeliveries()).toEqual([
      delivery('wh_1', {
        attempts: 1,
        lastStatus: 500,
        lastError: 'HTTP 500',
        nextAttemptAt: 9_000,
      }),
    ]);
    expect((await store.recentDeliveries(1)).map((d) => d.id)).toEqual(['wh_2']);
    expect(await store.recentDeliveries(10)).toHaveLength(2);
    await store.close();
  });

  it('is atomic: a failing write stores neither the callback nor its deliveries', async () => {
    const store = open(join(dir, 'switchboard.db'));
    await expect(
      store.write({
        callbacks: [{ callback: callbackOf('cb_a') }],
        deliveries: [delivery('wh_1')],
        presence: [{ agentId: 'nobody', presence: 'away' }],
      }),
    ).rejects.toThrow();
    expect(await store.getCallback('cb_a')).toBeNull();
    expect(await store.pendingDeliveries()).toEqual([]);
    await store.close();
  });

  it('knows the phone and the cut-off of open conversations', async () => {
    const store = open(join(dir, 'switchboard.db'));
    await store.createVisitor({ id: 'vis_1', siteId: 'demo', name: 'Visitor 4821', createdAt: 1 });
    const events: ConversationEvent[] = [
      {
        type: 'conversation.created',
        seq: 1,
        at: 1,
        visitor: { id: 'vis_1', name: 'V' },
        context: {},
      },
      { type: 'conversation.cut_off', seq: 2, at: 2, phone: '+493012345678' },
    ];
    let summary = null;
    for (const e of events) summary = applyEvent(summary, e, 'demo', 'cnv_1');
    await store.write({
      appends: [{ conversation: summary!, events }],
      visitorPhones: [{ visitorId: 'vis_1', phone: '+493012345678' }],
    });
    expect(await store.openCutOffs()).toEqual(['cnv_1']);
    expect(await store.openVisitorPhones()).toEqual(new Map([['vis_1', '+493012345678']]));
    await store.close();
  });
});

describe('sqlite migration to schema 3', () => {
  it('adds callbacks to a database of the routing relay (schema 2), keeping its rows', () => {
    const path = join(dir, 'switchboard.db');
    const db = new Database(path);
    db.exec(MIGRATIONS[0]!);
    db.exec(MIGRATIONS[1]!);
    db.pragma('user_version = 2');
    db.prepare(
      "INSERT INTO visitors (id, site_id, name, created_at) VALUES ('vis_1', 'demo', 'V', 1)",
    ).run();
    db.close();
    return (async () => {
      const store = openSqliteStore(path);
      expect(await store.getVisitor('vis_1')).toEqual({
        id: 'vis_1',
        siteId: 'demo',
        name: 'V',
        createdAt: 1,
      });
      expect(await store.loadOpenCallbacks()).toEqual([]);
      await store.close();
      const after = new Database(path);
      expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
      after.close();
    })();
  });
});
