import { describe, expect, it } from 'vitest';
import { agentRecord, appearance, canned, department, type StoreHarness } from './fixtures.js';

/**
 * The `DirectoryStore` port's contract: site appearances, agents, departments and canned replies,
 * each saved by id (insert or replace) and listed whole in a fixed order.
 * @example directoryContract('sqlite', harness)
 */
export function directoryContract(name: string, harness: StoreHarness): void {
  describe(`${name}: directory contract`, () => {
    it('keeps saved site appearances by site id, ordered by site id', async () => {
      const store = await harness.make();
      expect(await store.listSiteAppearances()).toEqual([]);
      await store.saveSiteAppearance(appearance('shop'));
      await store.saveSiteAppearance(appearance('blog'));
      await store.saveSiteAppearance(appearance('shop', { color: '#654321' }));
      expect(await store.listSiteAppearances()).toEqual([
        appearance('blog'),
        appearance('shop', { color: '#654321' }),
      ]);
      await store.close();
    });

    it('keeps agents, finds them by id and by email in any case', async () => {
      const store = await harness.make();
      const maya = agentRecord('agt_1', { email: 'maya@example.com', name: 'Maya' });
      expect(await store.getAgent('agt_1')).toBeNull();
      expect(await store.listAgents()).toEqual([]);
      await store.saveAgent(maya);
      expect(await store.findAgentByEmail('MAYA@example.com')).toEqual({
        ...maya,
        presence: 'online',
      });
      expect(await store.findAgentByEmail('other@example.com')).toBeNull();
      expect(await store.getAgent('agt_1')).toEqual({ ...maya, presence: 'online' });
      // Saving again replaces the record (config sync), and keeps the saved presence.
      await store.write({ presence: [{ agentId: 'agt_1', presence: 'away' }] });
      const changed = {
        ...maya,
        email: 'maya.k@example.com',
        name: 'Maya K',
        role: 'supervisor' as const,
        passwordHash: 'scrypt$1$1$1$c$d',
        disabled: true,
      };
      await store.saveAgent({ ...changed, presence: 'offline' });
      expect(await store.getAgent('agt_1')).toEqual({ ...changed, presence: 'away' });
      expect(await store.findAgentByEmail('maya@example.com')).toBeNull();
      expect(await store.listAgents()).toHaveLength(1);
      // An email is one agent's, in any case: another agent with it is refused.
      await expect(
        store.saveAgent(agentRecord('agt_2', { email: 'MAYA.K@example.com' })),
      ).rejects.toThrow();
      expect(await store.getAgent('agt_2')).toBeNull();
      await store.close();
    });

    it('lists agents by creation, then by email in any case', async () => {
      const store = await harness.make();
      await store.saveAgent(agentRecord('agt_c', { email: 'carl@example.com', createdAt: 2 }));
      await store.saveAgent(agentRecord('agt_b', { email: 'Bea@example.com', createdAt: 1 }));
      await store.saveAgent(agentRecord('agt_z', { email: 'zoe@example.com', createdAt: 1 }));
      await store.saveAgent(agentRecord('agt_a', { email: 'abe@example.com', createdAt: 1 }));
      expect((await store.listAgents()).map((a) => a.id)).toEqual([
        'agt_a',
        'agt_b',
        'agt_z',
        'agt_c',
      ]);
      await store.close();
    });

    it('keeps departments by id, in the order first saved', async () => {
      const store = await harness.make();
      expect(await store.listDepartments()).toEqual([]);
      await store.saveDepartment(department('tech'));
      await store.saveDepartment(department('orders'));
      await store.write({ departments: [department('tech', { name: 'Tech support' })] });
      expect(await store.listDepartments()).toEqual([
        department('tech', { name: 'Tech support' }),
        department('orders'),
      ]);
      await store.close();
    });

    it('keeps canned replies by id, ordered by shortcut, and deletes them', async () => {
      const store = await harness.make();
      expect(await store.listCanned()).toEqual([]);
      await store.saveCanned(canned('cr_1', 'refund'));
      await store.write({ cannedSaved: [canned('cr_2', 'hello')] });
      await store.saveCanned(canned('cr_3', 'ab'));
      await store.saveCanned(canned('cr_4', 'a_b'));
      await store.saveCanned(canned('cr_5', 'a0'));
      await store.saveCanned(canned('cr_6', 'a-b'));
      // By the shortcut's characters (code points), not a locale's collation.
      expect((await store.listCanned()).map((c) => c.shortcut)).toEqual([
        'a-b',
        'a0',
        'a_b',
        'ab',
        'hello',
        'refund',
      ]);
      await store.saveCanned({ ...canned('cr_1', 'zz-refund'), text: 'Five days.' });
      await store.write({ cannedDeleted: ['cr_3', 'cr_4', 'cr_5', 'cr_6', 'cr_none'] });
      expect(await store.listCanned()).toEqual([
        canned('cr_2', 'hello'),
        { ...canned('cr_1', 'zz-refund'), text: 'Five days.' },
      ]);
      await store.close();
    });
  });
}
