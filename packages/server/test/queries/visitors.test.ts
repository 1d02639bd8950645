import { describe, expect, it } from 'vitest';
import { createState, emptyState } from '../../src/core/state.js';
import { createVisitorQueries, HISTORY_LIMIT } from '../../src/queries/visitors.js';
import { callbackOf, chat, storeConversation, useSqliteStore } from './fixtures.js';

const db = useSqliteStore();
const queries = () =>
  createVisitorQueries({ visitors: db.store, conversations: db.store, callbacks: db.store });

describe('visitor queries on SQLite', () => {
  it('reads a stored visitor, and finds a verified one by user id only', async () => {
    // Profiles are written as the engine writes them: with the command's other changes.
    await db.store.write({
      visitors: [
        {
          id: 'vis_1',
          siteId: 'demo',
          name: 'Ada',
          createdAt: 1,
          userId: 'user-42',
          verified: true,
        },
        { id: 'vis_2', siteId: 'demo', name: 'Claimant', createdAt: 2, userId: 'user-7' },
      ],
    });
    expect(await queries().byId('vis_1')).toMatchObject({ name: 'Ada' });
    expect(await queries().byId('vis_none')).toBeNull();
    expect(await queries().verified('demo', 'user-42')).toMatchObject({ id: 'vis_1' });
    // A claim never proven is never looked up; another site's user is another user.
    expect(await queries().verified('demo', 'user-7')).toBeNull();
    expect(await queries().verified('other', 'user-42')).toBeNull();
  });

  it("merges a customer's conversations and callbacks, newest first, open callbacks as the core has them", async () => {
    await db.store.createVisitor({ id: 'vis_1', siteId: 'demo', name: 'Ada', createdAt: 1 });
    await storeConversation(db.store, 'cnv_old', chat('vis_1', 1_000, 1, 'closed'));
    await storeConversation(db.store, 'cnv_new', chat('vis_1', 5_000));
    await storeConversation(db.store, 'cnv_someone_else', chat('vis_2', 6_000));
    await db.store.write({
      callbacks: [
        { callback: callbackOf('cb_old', { createdAt: 2_000, status: 'completed' }) },
        { callback: callbackOf('cb_new', { createdAt: 4_000 }) },
      ],
    });
    // An agent is calling the newer one right now: the store still says scheduled.
    const calling = callbackOf('cb_new', { createdAt: 4_000, status: 'calling', updatedAt: 4_500 });
    const history = await queries().customerHistory(createState({ callbacks: [calling] }), 'vis_1');
    expect(history.type).toBe('customer.conversations');
    expect(history.visitorId).toBe('vis_1');
    expect(history.conversations.map((c) => c.id)).toEqual(['cnv_new', 'cnv_old']);
    expect(history.callbacks?.map((c) => [c.id, c.status])).toEqual([
      ['cb_new', 'calling'],
      ['cb_old', 'completed'],
    ]);
  });

  it('leaves callbacks out of a history without any, and caps each list', async () => {
    await storeConversation(db.store, 'cnv_1', chat('vis_1', 1_000));
    const history = await queries().customerHistory(emptyState(), 'vis_1');
    expect(history.conversations).toHaveLength(1);
    expect(history).not.toHaveProperty('callbacks');
    for (let i = 0; i <= HISTORY_LIMIT; i++) {
      await storeConversation(db.store, `cnv_${i + 10}`, chat('vis_9', 10_000 + i * 1_000));
    }
    const long = await queries().customerHistory(emptyState(), 'vis_9');
    expect(long.conversations).toHaveLength(HISTORY_LIMIT);
    expect(long.conversations[0]?.id).toBe(`cnv_${HISTORY_LIMIT + 10}`);
  });
});

describe('customer.history -> customer.conversations', () => {
  const stored = [
    { id: 'cb_1', status: 'completed' },
    { id: 'cb_2', status: 'pending' },
  ] as never[];
  const open = new Map([['cb_2', { id: 'cb_2', status: 'claimed' }]]) as Map<string, never>;
  const cases: Array<[string, never[], unknown]> = [
    [
      'callbacks: the core copy of an open one replaces the stored one',
      stored,
      {
        type: 'customer.conversations',
        visitorId: 'vis_1',
        conversations: [],
        callbacks: [
          { id: 'cb_1', status: 'completed' },
          { id: 'cb_2', status: 'claimed' },
        ],
      },
    ],
    [
      'no callbacks: the field is left out',
      [],
      { type: 'customer.conversations', visitorId: 'vis_1', conversations: [] },
    ],
  ];
  it.each(cases)('%s', async (_name, callbacks, expected) => {
    const built = await createVisitorQueries({
      visitors: { getVisitor: async () => null, findVerifiedVisitor: async () => null },
      conversations: { customerHistory: async () => [] },
      callbacks: { listCallbacks: async () => callbacks },
    }).customerHistory({ callbacks: open }, 'vis_1');
    expect(built).toEqual(expected);
    // The frame's keys in the wire order.
    expect(JSON.stringify(built)).toBe(JSON.stringify(expected));
  });
});
