import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store, VisitorRecord } from '../../src/store/types.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-identity-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const visitor = (id: string, extra: Partial<VisitorRecord> = {}): VisitorRecord => ({
  id,
  siteId: 'shop',
  name: `Visitor ${id}`,
  createdAt: 1,
  ...extra,
});

describe.each<[string, (path: string) => Store]>([
  ['sqlite', (path) => openSqliteStore(path)],
  ['memory', () => createMemoryStore()],
])('%s store: visitor identity and site appearance', (_name, open) => {
  it('finds verified visitors only, one per site and user id', async () => {
    const store = open(join(dir, 'db.sqlite'));
    await store.createVisitor(visitor('a'));
    await store.createVisitor(visitor('b'));
    await store.write({
      visitors: [
        visitor('a', {
          userId: 'u-1',
          verified: true,
          email: 'a@example.com',
          attributes: { plan: 'pro' },
        }),
        visitor('b', { userId: 'u-1', verified: false }),
      ],
    });
    expect(await store.findVerifiedVisitor('shop', 'u-1')).toEqual(
      visitor('a', {
        userId: 'u-1',
        verified: true,
        email: 'a@example.com',
        attributes: { plan: 'pro' },
      }),
    );
    expect(await store.findVerifiedVisitor('other', 'u-1')).toBeNull();
    expect(await store.getVisitor('b')).toMatchObject({ userId: 'u-1', verified: false });
    // A second verified record for the same user fails and writes nothing.
    await expect(
      store.write({ visitors: [visitor('b', { userId: 'u-1', verified: true, name: 'Changed' })] }),
    ).rejects.toThrow();
    expect(await store.getVisitor('b')).toMatchObject({ name: 'Visitor b', verified: false });
    await store.close();
  });

  it('keeps saved site appearances by site id', async () => {
    const store = open(join(dir, 'db.sqlite'));
    const appearance = {
      siteId: 'shop',
      name: 'Shop',
      color: '#123456',
      theme: {
        position: 'left' as const,
        offsetX: 0,
        offsetY: 8,
        mode: 'dark' as const,
        sound: true,
      },
      triggers: [],
    };
    await store.saveSiteAppearance(appearance);
    await store.saveSiteAppearance({ ...appearance, color: '#654321' });
    expect(await store.listSiteAppearances()).toEqual([{ ...appearance, color: '#654321' }]);
    await store.close();
  });
});
