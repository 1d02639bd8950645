import { describe, expect, it } from 'vitest';
import { closedAfter, opened, type StoreHarness, visitorRecord } from './fixtures.js';

/**
 * The `VisitorStore` port's contract: a visitor's identity is created once; the profile (phone,
 * email, user id, attributes) is written with the commands; a verified user id is unique per site.
 * @example visitorsContract('sqlite', harness)
 */
export function visitorsContract(name: string, harness: StoreHarness): void {
  describe(`${name}: visitors contract`, () => {
    it('creates a visitor once: an existing id is left as it is', async () => {
      const store = await harness.make();
      expect(await store.getVisitor('vis_1')).toBeNull();
      await store.createVisitor({
        id: 'vis_1',
        siteId: 'demo',
        name: 'Visitor 1234',
        createdAt: 1,
      });
      await store.createVisitor({
        id: 'vis_1',
        siteId: 'demo',
        name: 'Visitor 9999',
        createdAt: 2,
      });
      expect(await store.getVisitor('vis_1')).toEqual({
        id: 'vis_1',
        siteId: 'demo',
        name: 'Visitor 1234',
        createdAt: 1,
      });
      await store.close();
    });

    it('creates the identity only: the profile is written with a command', async () => {
      const store = await harness.make();
      const full = visitorRecord('vis_1', {
        phone: '+493012345678',
        email: 'a@example.com',
        userId: 'u-1',
        verified: true,
        attributes: { plan: 'pro' },
      });
      await store.createVisitor(full);
      expect(await store.getVisitor('vis_1')).toEqual(visitorRecord('vis_1'));
      expect(await store.findVerifiedVisitor('shop', 'u-1')).toBeNull();
      await store.write({ visitors: [full] });
      expect(await store.getVisitor('vis_1')).toEqual(full);
      await store.close();
    });

    it('replaces a profile whole, and keeps an unverified user id as a claim', async () => {
      const store = await harness.make();
      await store.createVisitor(visitorRecord('vis_1'));
      await store.write({
        visitors: [visitorRecord('vis_1', { email: 'a@example.com', attributes: { plan: 'pro' } })],
      });
      await store.write({
        visitors: [visitorRecord('vis_1', { name: 'Ada', userId: 'u-1', verified: false })],
      });
      expect(await store.getVisitor('vis_1')).toEqual(
        visitorRecord('vis_1', { name: 'Ada', userId: 'u-1', verified: false }),
      );
      expect(await store.findVerifiedVisitor('shop', 'u-1')).toBeNull();
      await store.close();
    });

    it('finds verified visitors only, one per site and user id', async () => {
      const store = await harness.make();
      await store.createVisitor(visitorRecord('a'));
      await store.createVisitor(visitorRecord('b'));
      const verifiedA = visitorRecord('a', {
        userId: 'u-1',
        verified: true,
        email: 'a@example.com',
        attributes: { plan: 'pro' },
      });
      await store.write({
        visitors: [verifiedA, visitorRecord('b', { userId: 'u-1', verified: false })],
      });
      expect(await store.findVerifiedVisitor('shop', 'u-1')).toEqual(verifiedA);
      expect(await store.findVerifiedVisitor('other', 'u-1')).toBeNull();
      expect(await store.findVerifiedVisitor('shop', 'u-2')).toBeNull();
      expect(await store.getVisitor('b')).toMatchObject({ userId: 'u-1', verified: false });
      // A second verified record for the same user fails and writes nothing.
      await expect(
        store.write({
          visitors: [visitorRecord('b', { userId: 'u-1', verified: true, name: 'Changed' })],
        }),
      ).rejects.toThrow();
      expect(await store.getVisitor('b')).toMatchObject({ name: 'Visitor b', verified: false });
      // The same user id on another site is another user.
      await store.write({
        visitors: [visitorRecord('c', { siteId: 'other', userId: 'u-1', verified: true })],
      });
      expect(await store.findVerifiedVisitor('other', 'u-1')).toMatchObject({ id: 'c' });
      expect(await store.findVerifiedVisitor('shop', 'u-1')).toMatchObject({ id: 'a' });
      await store.close();
    });

    it('knows the phones of visitors with an open conversation only', async () => {
      const store = await harness.make();
      for (const id of ['vis_1', 'vis_2', 'vis_3', 'vis_4']) {
        await store.createVisitor(visitorRecord(id));
      }
      const one = opened('cnv_1', 10, 'vis_1');
      const two = opened('cnv_2', 10, 'vis_2');
      await store.write({
        appends: [one, two, opened('cnv_3', 10, 'vis_3')],
        visitorPhones: [
          { visitorId: 'vis_1', phone: '+493012345678' },
          { visitorId: 'vis_2', phone: '+493087654321' },
          { visitorId: 'vis_4', phone: '+493011111111' },
          // An unknown visitor's phone is not stored, and not an error.
          { visitorId: 'vis_none', phone: '+493022222222' },
        ],
      });
      await store.append(closedAfter(two, 20));
      expect(await store.openVisitorPhones()).toEqual(new Map([['vis_1', '+493012345678']]));
      expect(await store.getVisitor('vis_4')).toMatchObject({ phone: '+493011111111' });
      expect(await store.getVisitor('vis_none')).toBeNull();
      await store.close();
    });
  });
}
