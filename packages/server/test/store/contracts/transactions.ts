import { describe, expect, it } from 'vitest';
import {
  agentRecord,
  batch,
  callbackOf,
  canned,
  created,
  delivery,
  department,
  message,
  type StoreHarness,
  visitorRecord,
} from './fixtures.js';

/**
 * The `StoreTransactions` port's contract: `write` and `writeAll` store every kind of change a
 * command makes, readable through the other ports, all of it or none.
 * @example transactionsContract('sqlite', harness)
 */
export function transactionsContract(name: string, harness: StoreHarness): void {
  describe(`${name}: transactions contract`, () => {
    it('writes every kind of change, each readable through its port', async () => {
      const store = await harness.make();
      await store.saveAgent(agentRecord('agt_1'));
      await store.saveCanned(canned('cr_old', 'old'));
      await store.createVisitor(visitorRecord('vis_1', { siteId: 'demo' }));
      const first = batch([created(), message(2, 'c1')]);
      await store.write({
        appends: [first],
        presence: [{ agentId: 'agt_1', presence: 'away' }],
        departments: [department('orders')],
        cannedSaved: [canned('cr_1', 'hello')],
        cannedDeleted: ['cr_old'],
        callbacks: [
          { callback: callbackOf('cb_a'), clientId: { actor: 'visitor:vis_1', clientId: 'k1' } },
        ],
        visitorPhones: [{ visitorId: 'vis_1', phone: '+493012345678' }],
        deliveries: [delivery('wh_1')],
        visitors: [visitorRecord('vis_2', { userId: 'u-2', verified: true })],
      });
      expect((await store.readEvents('cnv_1', 0, 10)).map((e) => e.seq)).toEqual([1, 2]);
      expect(await store.findClientId('visitor:vis_1', 'c1')).toMatchObject({ seq: 2 });
      expect(await store.getAgent('agt_1')).toMatchObject({ presence: 'away' });
      expect(await store.listDepartments()).toEqual([department('orders')]);
      expect(await store.listCanned()).toEqual([canned('cr_1', 'hello')]);
      expect(await store.getCallback('cb_a')).toEqual(callbackOf('cb_a'));
      expect((await store.findCallbackClientId('visitor:vis_1', 'k1'))?.id).toBe('cb_a');
      expect(await store.getVisitor('vis_1')).toMatchObject({ phone: '+493012345678' });
      expect(await store.pendingDeliveries()).toEqual([delivery('wh_1')]);
      expect(await store.findVerifiedVisitor('shop', 'u-2')).toMatchObject({ id: 'vis_2' });
      await store.close();
    });

    it('accepts an empty write and an empty group', async () => {
      const store = await harness.make();
      await store.write({});
      await store.writeAll([]);
      await store.writeAll([{}, { appends: [] }]);
      expect(await store.loadOpenConversations()).toEqual([]);
      await store.close();
    });

    it('writes a command touching several conversations in one transaction', async () => {
      const store = await harness.make();
      const a = batch([created()], null, 'cnv_a');
      const b = batch([created()], null, 'cnv_b');
      await store.write({ appends: [a, b], departments: [department('orders')] });
      expect((await store.loadOpenConversations()).map((c) => c.id).sort()).toEqual([
        'cnv_a',
        'cnv_b',
      ]);
      // The second batch does not follow: nothing of the write is kept, not even the first.
      const good = batch([message(2, 'c9')], a.conversation, 'cnv_a');
      const bad = batch([message(5, 'c8')], b.conversation, 'cnv_b');
      await expect(
        store.write({ appends: [good, bad], departments: [department('tech')] }),
      ).rejects.toThrow();
      expect(await store.readEvents('cnv_a', 0, 10)).toHaveLength(1);
      expect(await store.findClientId('visitor:vis_1', 'c9')).toBeNull();
      expect((await store.listDepartments()).map((d) => d.id)).toEqual(['orders']);
      await store.close();
    });

    it('checks a batch against the earlier batches of the same write', async () => {
      const store = await harness.make();
      const first = batch([created()]);
      const second = batch([message(2, 'c1')], first.conversation);
      await store.write({ appends: [first, second] });
      expect((await store.readEvents('cnv_1', 0, 10)).map((e) => e.seq)).toEqual([1, 2]);
      // Two messages with one clientId in one write: refused, neither kept.
      const third = batch([message(3, 'c2')], second.conversation);
      const fourth = batch([message(4, 'c2')], third.conversation);
      await expect(store.write({ appends: [third, fourth] })).rejects.toThrow();
      expect(await store.getConversation('cnv_1')).toMatchObject({ lastSeq: 2 });
      await store.close();
    });

    it('refuses presence of an unknown agent, and a failing write keeps nothing of it', async () => {
      const store = await harness.make();
      await store.saveAgent(agentRecord('agt_1'));
      await store.createVisitor(visitorRecord('vis_1'));
      await expect(
        store.write({
          appends: [batch([created()])],
          presence: [
            { agentId: 'agt_1', presence: 'away' },
            { agentId: 'nobody', presence: 'away' },
          ],
          departments: [department('orders')],
          cannedSaved: [canned('cr_1', 'hello')],
          callbacks: [
            { callback: callbackOf('cb_a'), clientId: { actor: 'visitor:vis_1', clientId: 'k1' } },
          ],
          visitorPhones: [{ visitorId: 'vis_1', phone: '+493012345678' }],
          deliveries: [delivery('wh_1')],
          visitors: [visitorRecord('vis_2')],
        }),
      ).rejects.toThrow();
      expect(await store.getConversation('cnv_1')).toBeNull();
      expect(await store.getAgent('agt_1')).toMatchObject({ presence: 'online' });
      expect(await store.listDepartments()).toEqual([]);
      expect(await store.listCanned()).toEqual([]);
      expect(await store.getCallback('cb_a')).toBeNull();
      expect(await store.findCallbackClientId('visitor:vis_1', 'k1')).toBeNull();
      expect(await store.getVisitor('vis_1')).toEqual(visitorRecord('vis_1'));
      expect(await store.pendingDeliveries()).toEqual([]);
      expect(await store.getVisitor('vis_2')).toBeNull();
      await store.close();
    });

    it('writes a group of commands in one transaction, each seeing the ones before, or none', async () => {
      const store = await harness.make();
      const first = batch([created()]);
      const second = batch([message(2, 'c1')], first.conversation);
      const third = batch([message(3, 'c2')], second.conversation);
      // In order: the second and third follow the first; a later department save wins.
      await store.writeAll([
        { appends: [first], departments: [department('orders')] },
        { appends: [second] },
        { appends: [third], departments: [{ ...department('orders'), name: 'Renamed' }] },
      ]);
      expect((await store.readEvents('cnv_1', 0, 10)).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(await store.findClientId('visitor:vis_1', 'c2')).toMatchObject({ seq: 3 });
      expect((await store.listDepartments()).map((d) => d.name)).toEqual(['Renamed']);
      // The last command's clientId is taken (a resend stored twice): none of the group is kept.
      const fourth = batch([message(4, 'c3')], third.conversation);
      const again = batch([message(5, 'c1')], fourth.conversation);
      await expect(
        store.writeAll([
          { appends: [fourth], departments: [department('tech')] },
          {
            cannedSaved: [{ id: 'cr_9', shortcut: 'later', title: 'Later', text: 'Back soon.' }],
          },
          { appends: [again] },
        ]),
      ).rejects.toThrow();
      expect((await store.readEvents('cnv_1', 0, 10)).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(await store.findClientId('visitor:vis_1', 'c3')).toBeNull();
      expect((await store.listDepartments()).map((d) => d.id)).toEqual(['orders']);
      expect(await store.listCanned()).toEqual([]);
      expect(await store.loadOpenConversations()).toEqual([third.conversation]);
      await store.close();
    });

    it('undoes every kind of change of a failing group, including the earlier commands', async () => {
      const store = await harness.make();
      await store.saveAgent(agentRecord('agt_1'));
      await store.saveCanned(canned('cr_1', 'hello'));
      await store.createVisitor(visitorRecord('vis_1'));
      await expect(
        store.writeAll([
          {
            presence: [{ agentId: 'agt_1', presence: 'offline' }],
            cannedDeleted: ['cr_1'],
            callbacks: [
              {
                callback: callbackOf('cb_a'),
                clientId: { actor: 'visitor:vis_1', clientId: 'k1' },
              },
            ],
            visitorPhones: [{ visitorId: 'vis_1', phone: '+493012345678' }],
            deliveries: [delivery('wh_1')],
            visitors: [visitorRecord('vis_2', { userId: 'u-2', verified: true })],
          },
          { presence: [{ agentId: 'nobody', presence: 'away' }] },
        ]),
      ).rejects.toThrow();
      expect(await store.getAgent('agt_1')).toMatchObject({ presence: 'online' });
      expect(await store.listCanned()).toEqual([canned('cr_1', 'hello')]);
      expect(await store.getCallback('cb_a')).toBeNull();
      expect(await store.findCallbackClientId('visitor:vis_1', 'k1')).toBeNull();
      expect(await store.getVisitor('vis_1')).toEqual(visitorRecord('vis_1'));
      expect(await store.pendingDeliveries()).toEqual([]);
      expect(await store.findVerifiedVisitor('shop', 'u-2')).toBeNull();
      // The store still takes writes after the failed group.
      await store.writeAll([{ presence: [{ agentId: 'agt_1', presence: 'away' }] }]);
      expect(await store.getAgent('agt_1')).toMatchObject({ presence: 'away' });
      await store.close();
    });
  });
}
