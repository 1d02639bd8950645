import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FencedError } from '../../src/store/errors.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import type { LeaseStore, Store } from '../../src/store/types.js';
import { dropFreshDatabases, freshDatabaseUrl } from '../helpers/postgres.js';
import { batch, created, department, message } from './contracts/fixtures.js';

/**
 * The lease a cluster's nodes take turns on (who runs the routing core) and the fence on the
 * owner's writes: one holder at a time, a new epoch for each taker, and a write made under an old
 * epoch refused with nothing written, so an owner that was paused cannot write behind its
 * successor.
 */

let store: Store;
let leases: LeaseStore;
beforeAll(async () => {
  store = await openPostgresStore(await freshDatabaseUrl());
  leases = store.leases!;
});
afterAll(async () => {
  await store?.close();
  await dropFreshDatabases();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('leases on PostgreSQL', () => {
  it('has one holder at a time; a taker after expiry gets a new epoch and fences the old one', async () => {
    const first = await leases.acquireLease('core-a', 'n1', 300);
    expect(first).toBe(1);
    // Held and not expired: nobody else gets it.
    expect(await leases.acquireLease('core-a', 'n2', 300)).toBeNull();
    expect(await leases.renewLease('core-a', 'n1', 1, 300)).toBe(true);
    expect(await leases.readLease('core-a')).toMatchObject({ holder: 'n1', epoch: 1 });
    expect((await leases.readLease('core-a'))!.expiresInMs).toBeGreaterThan(0);

    await sleep(400);
    const second = await leases.acquireLease('core-a', 'n2', 5_000);
    expect(second).toBe(2);
    // The old holder's renewal fails: it must step down.
    expect(await leases.renewLease('core-a', 'n1', 1, 300)).toBe(false);

    // Its writes are refused, and nothing of them is stored.
    const stale = leases.fenced({ lease: 'core-a', epoch: 1 });
    await expect(
      stale.write({ appends: [batch([created()], null, 'cnv_stale')] }),
    ).rejects.toBeInstanceOf(FencedError);
    await expect(
      stale.writeAll([
        { appends: [batch([created()], null, 'cnv_stale2')] },
        { departments: [department('stale')] },
      ]),
    ).rejects.toBeInstanceOf(FencedError);
    expect(await store.getConversation('cnv_stale')).toBeNull();
    expect(await store.getConversation('cnv_stale2')).toBeNull();
    expect((await store.listDepartments()).map((d) => d.id)).not.toContain('stale');

    // The holder's writes go through, with appends alone or with other changes.
    const current = leases.fenced({ lease: 'core-a', epoch: 2 });
    const opened = batch([created()], null, 'cnv_live');
    await current.write({ appends: [opened] });
    await current.writeAll([
      { appends: [batch([message(2, 'c-2')], opened.conversation, 'cnv_live')] },
      { departments: [department('live')] },
    ]);
    expect((await store.getConversation('cnv_live'))?.lastSeq).toBe(2);
    expect((await store.listDepartments()).map((d) => d.id)).toContain('live');
  });

  it('lets a holder take its own lease again (a restart) with a new epoch, and hands over on release', async () => {
    expect(await leases.acquireLease('core-b', 'n1', 60_000)).toBe(1);
    expect(await leases.acquireLease('core-b', 'n1', 60_000)).toBe(2);
    expect(await leases.acquireLease('core-b', 'n2', 60_000)).toBeNull();
    await leases.releaseLease('core-b', 'n1', 1); // an old epoch's release changes nothing
    expect(await leases.acquireLease('core-b', 'n2', 60_000)).toBeNull();
    await leases.releaseLease('core-b', 'n1', 2);
    expect(await leases.acquireLease('core-b', 'n2', 60_000)).toBe(3);
  });

  it('gives one epoch to one of two nodes asking at the same moment', async () => {
    const answers = await Promise.all(
      ['n1', 'n2', 'n3', 'n4'].map((node) => leases.acquireLease('core-c', node, 60_000)),
    );
    expect(answers.filter((a) => a !== null)).toEqual([1]);
  });

  it("finds the holder's lock gone the moment its connection ends, and takes the lease at once", async () => {
    expect(await leases.acquireLease('core-d', 'n1', 60_000)).toBe(1);
    const held = leases.liveness('core-d');
    const other = leases.liveness('core-d');
    expect(await held.hold()).toBe(true);
    // Held: another node's probe finds it taken, and cannot take it either.
    expect(await other.probe()).toBe(false);
    expect(await other.hold()).toBe(false);
    // The holder's process ends (its connection closes): free at once, not after 60 s.
    await held.close();
    expect(await other.probe()).toBe(true);
    // The taker names the epoch it saw: if someone changed it first, it gets nothing.
    expect(await leases.takeLease('core-d', 'n2', 0, 60_000)).toBeNull();
    expect(await leases.takeLease('core-d', 'n2', 1, 60_000)).toBe(2);
    expect(await leases.takeLease('core-d', 'n3', 1, 60_000)).toBeNull();
    expect(await leases.readLease('core-d')).toMatchObject({ holder: 'n2', epoch: 2 });
    expect(await other.hold()).toBe(true);
    await other.release();
    await other.close();
  });
});
