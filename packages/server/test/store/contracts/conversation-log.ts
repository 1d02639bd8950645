import type { ConversationEvent } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import type { ConversationStore, StoreLifecycle } from '../../../src/store/types.js';
import { batch, created, message } from './fixtures.js';

/** What the conversation-log contract needs: the port, and a way to close what `make` opened. */
export type ConversationLogUnderTest = ConversationStore & StoreLifecycle;

const agent = { id: 'agt_1', name: 'Maya' };
const closed = (seq: number, at: number): ConversationEvent => ({
  type: 'conversation.closed',
  seq,
  at,
  by: { role: 'agent', ...agent },
});

/**
 * The `ConversationStore` port's contract: every implementation must pass it. `make` opens a new,
 * empty store for each case (the case closes it).
 * @example conversationLogContract('sqlite', async () => openSqliteStore(join(dir, 'db.sqlite')))
 */
export function conversationLogContract(
  name: string,
  make: () => Promise<ConversationLogUnderTest>,
): void {
  describe(`${name}: conversation log contract`, () => {
    it('appends events and reads them back in order, by seq', async () => {
      const store = await make();
      const first = batch([created(), message(2, 'c1')]);
      await store.append(first);
      await store.append(batch([message(3, 'c2')], first.conversation));
      expect((await store.readEvents('cnv_1', 0, 100)).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect((await store.readEvents('cnv_1', 1, 1)).map((e) => e.seq)).toEqual([2]);
      expect(await store.readEvents('cnv_1', 0, 100)).toEqual([
        created(),
        message(2, 'c1'),
        message(3, 'c2'),
      ]);
      expect(await store.getConversation('cnv_1')).toMatchObject({ lastSeq: 3, status: 'waiting' });
      expect(await store.loadOpenConversations()).toHaveLength(1);
      expect(await store.latestConversationOf('vis_1')).toMatchObject({ id: 'cnv_1' });
      expect(await store.findClientId('visitor:vis_1', 'c2')).toEqual({
        type: 'chat.ack',
        clientId: 'c2',
        conversationId: 'cnv_1',
        messageId: 'msg_3',
        seq: 3,
        at: 1_003,
      });
      expect(await store.findClientId('visitor:vis_2', 'c2')).toBeNull();
      await store.close();
    });

    it('finds many clientIds in one read, each answer in the place of its key', async () => {
      const store = await make();
      const first = batch([created(), message(2, 'c1')]);
      await store.append(first);
      await store.append(batch([message(3, 'c2')], first.conversation));
      const keys = [
        { actor: 'visitor:vis_1', clientId: 'c2' },
        { actor: 'visitor:vis_2', clientId: 'c1' },
        { actor: 'visitor:vis_1', clientId: 'c9' },
        { actor: 'visitor:vis_1', clientId: 'c1' },
        { actor: 'visitor:vis_1', clientId: 'c2' },
      ];
      const found = await store.findClientIds(keys);
      // The same answers as one findClientId per key.
      expect(found).toEqual(
        await Promise.all(keys.map((k) => store.findClientId(k.actor, k.clientId))),
      );
      expect(found.map((ack) => ack?.seq ?? null)).toEqual([3, null, null, 2, 3]);
      expect(await store.findClientIds([])).toEqual([]);
      await store.close();
    });

    it('knows nothing of a conversation never appended', async () => {
      const store = await make();
      expect(await store.getConversation('cnv_none')).toBeNull();
      expect(await store.readEvents('cnv_none', 0, 100)).toEqual([]);
      expect(await store.latestConversationOf('vis_1')).toBeNull();
      expect(await store.findClientId('visitor:vis_1', 'c1')).toBeNull();
      await store.close();
    });

    it('refuses a batch whose seq does not follow, and writes none of it', async () => {
      const store = await make();
      const first = batch([created(), message(2, 'c1')]);
      await store.append(first);
      await expect(store.append(batch([message(4, 'c3')], first.conversation))).rejects.toThrow();
      await expect(store.append(batch([message(2, 'c3')], first.conversation))).rejects.toThrow();
      expect(await store.readEvents('cnv_1', 0, 100)).toHaveLength(2);
      expect(await store.findClientId('visitor:vis_1', 'c3')).toBeNull();
      await store.close();
    });

    it('is atomic: a batch whose clientId is taken leaves no event behind', async () => {
      const store = await make();
      const first = batch([created(), message(2, 'c1')]);
      await store.append(first);
      // Same clientId again: the dedupe row conflicts after the events were inserted.
      await expect(store.append(batch([message(3, 'c1')], first.conversation))).rejects.toThrow();
      expect(await store.readEvents('cnv_1', 0, 100)).toHaveLength(2);
      expect(await store.getConversation('cnv_1')).toMatchObject({ lastSeq: 2 });
      await store.close();
    });

    it('keeps closed conversations out of the open list, newest closed first', async () => {
      const store = await make();
      for (const [id, at] of [
        ['cnv_a', 10],
        ['cnv_b', 20],
      ] as const) {
        const opened = batch([created(at)], null, id);
        await store.append(opened);
        await store.append(batch([closed(2, at + 1)], opened.conversation, id));
      }
      await store.append(batch([created(30)], null, 'cnv_c'));
      expect((await store.loadOpenConversations()).map((c) => c.id)).toEqual(['cnv_c']);
      expect((await store.recentClosed(10)).map((c) => c.id)).toEqual(['cnv_b', 'cnv_a']);
      expect((await store.recentClosed(1)).map((c) => c.id)).toEqual(['cnv_b']);
      expect(await store.latestConversationOf('vis_1')).toMatchObject({ id: 'cnv_c' });
      await store.close();
    });

    it('answers customer history, handle times and open assignments', async () => {
      const store = await make();
      const routed = (at: number): ConversationEvent => ({
        ...created(at),
        routing: { departmentId: 'orders', skills: [], priority: 0 },
      });
      for (const [id, at, handle] of [
        ['cnv_1', 1_000, 60_000],
        ['cnv_2', 2_000, 120_000],
        ['cnv_3', 3_000, 30_000],
      ] as const) {
        const opened = batch(
          [routed(at), { type: 'conversation.assigned', seq: 2, at: at + 10, agent }],
          null,
          id,
        );
        await store.append(opened);
        await store.append(batch([closed(3, at + 10 + handle)], opened.conversation, id));
      }
      await store.append(
        batch(
          [routed(9_000), { type: 'conversation.assigned', seq: 2, at: 9_500, agent }],
          null,
          'cnv_4',
        ),
      );
      expect((await store.customerHistory('vis_1', 50)).map((c) => c.id)).toEqual([
        'cnv_4',
        'cnv_3',
        'cnv_2',
        'cnv_1',
      ]);
      expect((await store.customerHistory('vis_1', 2)).map((c) => c.id)).toEqual([
        'cnv_4',
        'cnv_3',
      ]);
      expect(await store.customerHistory('vis_2', 50)).toEqual([]);
      // Oldest first, the last two of the department (by close).
      expect(await store.recentHandleTimes(2)).toEqual(new Map([['orders', [60_000, 120_000]]]));
      expect(await store.openAssignedAt()).toEqual(new Map([['cnv_4', 9_500]]));
      await store.close();
    });

    it('lists the open conversations that were cut off, not the closed ones', async () => {
      const store = await make();
      const cutOff: ConversationEvent = { type: 'conversation.cut_off', seq: 2, at: 2 };
      await store.append(batch([created(1), cutOff], null, 'cnv_open'));
      const done = batch([created(1), cutOff], null, 'cnv_done');
      await store.append(done);
      await store.append(batch([closed(3, 3)], done.conversation, 'cnv_done'));
      await store.append(batch([created(1)], null, 'cnv_plain'));
      expect(await store.openCutOffs()).toEqual(['cnv_open']);
      await store.close();
    });

    it('loads open conversations by creation time, whatever order they were written in', async () => {
      const store = await make();
      await store.append(batch([created(30)], null, 'cnv_c'));
      await store.append(batch([created(10)], null, 'cnv_a'));
      await store.append(batch([created(20)], null, 'cnv_b'));
      expect((await store.loadOpenConversations()).map((c) => c.id)).toEqual([
        'cnv_a',
        'cnv_b',
        'cnv_c',
      ]);
      await store.close();
    });

    it("finds a visitor's open conversation first, else the last one changed", async () => {
      const store = await make();
      const a = batch([created(10)], null, 'cnv_a');
      await store.append(a);
      await store.append(batch([closed(2, 50)], a.conversation, 'cnv_a'));
      const b = batch([created(20)], null, 'cnv_b');
      await store.append(b);
      await store.append(batch([closed(2, 40)], b.conversation, 'cnv_b'));
      // Both closed: the one changed last.
      expect(await store.latestConversationOf('vis_1')).toMatchObject({ id: 'cnv_a' });
      // Two closed at the same time: the one written last.
      const c = batch([created(30)], null, 'cnv_c');
      await store.append(c);
      await store.append(batch([closed(2, 50)], c.conversation, 'cnv_c'));
      expect(await store.latestConversationOf('vis_1')).toMatchObject({ id: 'cnv_c' });
      // An open one wins over any closed one, even changed earlier.
      await store.append(batch([created(5)], null, 'cnv_open'));
      expect(await store.latestConversationOf('vis_1')).toMatchObject({ id: 'cnv_open' });
      expect(await store.latestConversationOf('vis_2')).toBeNull();
      await store.close();
    });

    it('gives customer history of the same creation time newest written first', async () => {
      const store = await make();
      for (const id of ['cnv_a', 'cnv_b', 'cnv_c']) {
        const opened = batch([created(100)], null, id);
        await store.append(opened);
        await store.append(batch([closed(2, 200)], opened.conversation, id));
      }
      expect((await store.customerHistory('vis_1', 10)).map((c) => c.id)).toEqual([
        'cnv_c',
        'cnv_b',
        'cnv_a',
      ]);
      await store.close();
    });

    it('writes nothing for a batch without events', async () => {
      const store = await make();
      const empty = { ...batch([created()]), events: [] };
      await store.append(empty);
      expect(await store.getConversation('cnv_1')).toBeNull();
      expect(await store.loadOpenConversations()).toEqual([]);
      await store.close();
    });

    it('tells when visitors started conversations', async () => {
      const store = await make();
      await store.append(batch([created(500)]));
      expect(await store.conversationStarts(['vis_1', 'vis_2'], 100)).toEqual([
        { visitorId: 'vis_1', at: 500 },
      ]);
      expect(await store.conversationStarts(['vis_1'], 501)).toEqual([]);
      expect(await store.conversationStarts(['vis_2'], 0)).toEqual([]);
      await store.close();
    });
  });
}
