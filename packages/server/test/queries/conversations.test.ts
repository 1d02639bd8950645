import { LIMITS } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { createState, emptyState } from '../../src/core/state.js';
import { createConversationQueries } from '../../src/queries/conversations.js';
import { chat, storeConversation, useSqliteStore } from './fixtures.js';

const db = useSqliteStore();
const queries = () => createConversationQueries(db.store);

describe('conversation queries on SQLite', () => {
  it('reads a long log in sync batches and says when more follow', async () => {
    // One more message than a batch holds after the created event: two batches.
    await storeConversation(db.store, 'cnv_1', chat('vis_1', 1_000, LIMITS.syncBatch));
    const first = await queries().eventsAfter('cnv_1', 0);
    expect(first.events).toHaveLength(LIMITS.syncBatch);
    expect(first.events[0]?.seq).toBe(1);
    expect(first.more).toBe(true);
    const rest = await queries().eventsAfter('cnv_1', first.events.at(-1)!.seq);
    expect(rest.events.map((e) => e.seq)).toEqual([LIMITS.syncBatch + 1]);
    expect(rest.more).toBe(false);
  });

  it('says no more when the log ends exactly at the batch', async () => {
    await storeConversation(db.store, 'cnv_1', chat('vis_1', 1_000, 3));
    expect(await queries().eventsAfter('cnv_1', 0, 4)).toMatchObject({ more: false });
    expect((await queries().eventsAfter('cnv_1', 0, 3)).more).toBe(true);
    expect(await queries().eventsAfter('cnv_none', 0)).toEqual({ events: [], more: false });
  });

  it("gives a visitor's open conversation as the core has it, else their latest closed one", async () => {
    const closed = await storeConversation(db.store, 'cnv_old', chat('vis_1', 1_000, 1, 'closed'));
    expect(await queries().currentOf(emptyState(), 'vis_1')).toEqual(closed);
    const stored = await storeConversation(db.store, 'cnv_new', chat('vis_1', 5_000));
    // The core's copy is newer than the store's: it is the one shown.
    const live = { ...stored, updatedAt: 9_999 };
    const state = createState({ conversations: [live] });
    expect(await queries().currentOf(state, 'vis_1')).toEqual(live);
    expect(await queries().currentOf(state, 'vis_2')).toBeNull();
  });

  it('resumes after the seq a visitor has only when it names their current conversation', async () => {
    await storeConversation(db.store, 'cnv_1', chat('vis_1', 1_000, 3, 'closed'));
    const same = await queries().resume(emptyState(), 'vis_1', {
      conversationId: 'cnv_1',
      afterSeq: 3,
    });
    expect(same?.summary.id).toBe('cnv_1');
    // created, 3 messages, assigned, closed: the visitor has seen up to the third event.
    expect(same?.backlog.events.map((e) => e.seq)).toEqual([4, 5, 6]);
    const other = await queries().resume(emptyState(), 'vis_1', {
      conversationId: 'cnv_gone',
      afterSeq: 3,
    });
    expect(other?.backlog.events[0]?.seq).toBe(1);
    expect(await queries().resume(emptyState(), 'vis_2')).toBeNull();
  });

  it("answers a visitor's sync only for their own conversation on their site", async () => {
    await storeConversation(db.store, 'cnv_1', chat('vis_1', 1_000));
    const q = queries();
    expect(await q.ofVisitor(emptyState(), { id: 'vis_1', siteId: 'demo' }, 'cnv_1')).toMatchObject(
      { id: 'cnv_1' },
    );
    expect(await q.ofVisitor(emptyState(), { id: 'vis_2', siteId: 'demo' }, 'cnv_1')).toBeNull();
    expect(await q.ofVisitor(emptyState(), { id: 'vis_1', siteId: 'other' }, 'cnv_1')).toBeNull();
    expect(await q.ofVisitor(emptyState(), { id: 'vis_1', siteId: 'demo' }, 'cnv_x')).toBeNull();
  });

  it('opens a closed conversation for an agent from the store, and refuses a missing one', async () => {
    await storeConversation(db.store, 'cnv_1', chat('vis_1', 1_000, 1, 'closed'));
    const q = queries();
    const found = await q.forAgent(emptyState(), 'conversation.open', 'agt_1', 'cnv_1');
    expect(found).toMatchObject({ ok: true, conversation: { id: 'cnv_1', status: 'closed' } });
    const missing = await q.forAgent(emptyState(), 'conversation.open', 'agt_1', 'cnv_x');
    expect(missing).toMatchObject({ ok: false, error: { type: 'error', code: 'NOT_FOUND' } });
    // The store's copy of a conversation the core no longer has open counts only when closed.
    await storeConversation(db.store, 'cnv_2', chat('vis_2', 2_000));
    expect(await q.forAgent(emptyState(), 'conversation.open', 'agt_1', 'cnv_2')).toMatchObject({
      ok: false,
    });
  });

  it("lists an agent's inbox: open ones by latest change, then the recently closed", async () => {
    await storeConversation(db.store, 'cnv_closed', chat('vis_3', 500, 1, 'closed'));
    const a = await storeConversation(db.store, 'cnv_a', chat('vis_1', 1_000));
    const b = await storeConversation(db.store, 'cnv_b', chat('vis_2', 2_000));
    const state = createState({ conversations: [b, a] });
    expect((await queries().inbox(state)).map((c) => c.id)).toEqual([
      'cnv_b',
      'cnv_a',
      'cnv_closed',
    ]);
    expect((await queries().inbox(state, 0)).map((c) => c.id)).toEqual(['cnv_b', 'cnv_a']);
  });

  it('finds the ack of a message already sent under a clientId', async () => {
    const events = chat('vis_1', 1_000);
    const summary = await storeConversation(db.store, 'cnv_1', events.slice(0, 1));
    const message = events[1]!;
    if (message.type !== 'message.created') throw new Error('fixture');
    await db.store.append({
      conversation: { ...summary, lastSeq: 2, updatedAt: message.at },
      events: [message],
      clientId: {
        actor: 'visitor:vis_1',
        clientId: message.clientId,
        conversationId: 'cnv_1',
        messageId: message.id,
        seq: 2,
        at: message.at,
      },
    });
    expect(await queries().sentMessage('visitor:vis_1', message.clientId)).toMatchObject({
      type: 'chat.ack',
      conversationId: 'cnv_1',
      seq: 2,
    });
    expect(await queries().sentMessage('visitor:vis_2', message.clientId)).toBeNull();
  });
});
