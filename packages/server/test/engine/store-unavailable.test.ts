import { describe, expect, it } from 'vitest';
import type { Command, ReplyEffect, SendEffect, VisitorActor } from '../../src/core/types.js';
import { createEngine } from '../../src/engine/engine.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store, StoreChanges } from '../../src/store/types.js';

/**
 * A database out of reach: every command of the group is answered `UNAVAILABLE` (retryable) with
 * nothing changed, and a COMMIT that may have applied is settled before anything else commits.
 */

const visitor = (i: number): VisitorActor => ({
  role: 'visitor',
  id: `vis_${i}`,
  name: `Visitor ${i}`,
  siteId: 'demo',
});
const message = (i: number, clientId: string, conversationId?: string): Command => ({
  type: 'visitor.message',
  visitor: visitor(i),
  clientId,
  text: `text of ${clientId}`,
  context: {},
  ...(conversationId ? { conversationId } : {}),
});

type Mode = 'up' | 'down' | 'commit-lost-after-apply' | 'commit-lost-before-apply';

/** The memory store behind a switch: down refuses every call as a dead database would. */
function switchable(inner: Store) {
  const state = { mode: 'up' as Mode, writes: 0 };
  const refuse = () => {
    throw new StoreUnavailableError('connect ECONNREFUSED 127.0.0.1:5432', 'not-written');
  };
  const write = async (list: readonly StoreChanges[], run: () => Promise<void>) => {
    state.writes++;
    if (state.mode === 'down') refuse();
    if (state.mode === 'commit-lost-after-apply') {
      await run();
      state.mode = 'down';
      throw new StoreUnavailableError('Connection terminated unexpectedly', 'unknown');
    }
    if (state.mode === 'commit-lost-before-apply') {
      state.mode = 'down';
      throw new StoreUnavailableError('Connection terminated unexpectedly', 'unknown');
    }
    await run();
    void list;
  };
  const store: Store = new Proxy(inner, {
    get(target, key: keyof Store) {
      if (key === 'write') {
        return (changes: StoreChanges) => write([changes], () => target.write(changes));
      }
      if (key === 'writeAll') {
        return (list: readonly StoreChanges[]) => write(list, () => target.writeAll(list));
      }
      const value = target[key];
      if (typeof value !== 'function' || key === 'isOpen' || key === 'close') {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (...args: unknown[]) => {
        if (state.mode === 'down') refuse();
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
  return { store, state };
}

async function engineOn(store: Store) {
  let seq = 0;
  const pushes: SendEffect[] = [];
  const engine = createEngine({
    store,
    now: () => 1_700_000_000_000,
    newId: (prefix) => `${prefix}_${++seq}`,
    newReference: () => `CB-${++seq}`,
    deliver: (sends: SendEffect[]) => pushes.push(...sends),
  });
  await engine.start();
  const run = (command: Command) => {
    let answer: ReplyEffect['frame'] | undefined;
    return engine
      .dispatch(command, (frame) => {
        answer = frame;
      })
      .then(() => answer!);
  };
  return { engine, run, pushes };
}

const texts = async (store: Store, conversationId: string) =>
  (await store.readEvents(conversationId, 0, 100)).flatMap((e) =>
    e.type === 'message.created' ? [e.clientId] : [],
  );

describe('a database out of reach', () => {
  it('answers every command of the group UNAVAILABLE, changes nothing, and carries on when it is back', async () => {
    const inner = createMemoryStore();
    const { store, state } = switchable(inner);
    const { engine, run } = await engineOn(store);
    const first = await run(message(1, 'a0'));
    if (first.type !== 'chat.ack') throw new Error(`no ack: ${JSON.stringify(first)}`);
    const id = first.conversationId;
    const before = engine.state;

    state.mode = 'down';
    const writesBefore = state.writes;
    const answers = await Promise.all([
      run(message(1, 'a1', id)),
      run(message(2, 'b1')),
      run(message(1, 'a2', id)),
    ]);
    expect(answers).toEqual(
      answers.map(() => expect.objectContaining({ type: 'error', code: 'UNAVAILABLE' })),
    );
    // One try for the group, not one per command: a dead database is not asked three times.
    expect(state.writes - writesBefore).toBeLessThanOrEqual(1);
    expect(engine.state).toBe(before);

    state.mode = 'up';
    // The widget resends the same clientIds: each is stored once, in order.
    expect(await run(message(1, 'a1', id))).toMatchObject({ type: 'chat.ack', seq: 3 });
    expect(await run(message(1, 'a2', id))).toMatchObject({ type: 'chat.ack', seq: 4 });
    expect(await texts(inner, id)).toEqual(['a0', 'a1', 'a2']);
  });

  it('settles a COMMIT lost after it applied: state and pushes published, the resend gets the first ack', async () => {
    const inner = createMemoryStore();
    const { store, state } = switchable(inner);
    const { engine, run, pushes } = await engineOn(store);
    const first = await run(message(1, 'a0'));
    if (first.type !== 'chat.ack') throw new Error('no ack');
    const id = first.conversationId;

    state.mode = 'commit-lost-after-apply';
    const lost = await run(message(1, 'a1', id));
    expect(lost).toMatchObject({ type: 'error', code: 'UNAVAILABLE' });
    // Stored, though the relay could not know: its state has not moved yet.
    expect(await texts(inner, id)).toEqual(['a0', 'a1']);
    expect(engine.state.open.get(id)?.lastSeq).toBe(2);

    // Still down: nothing else may commit on a state the lost COMMIT may have changed.
    expect(await run(message(2, 'b1'))).toMatchObject({ type: 'error', code: 'UNAVAILABLE' });

    state.mode = 'up';
    const pushed = pushes.length;
    const resend = await run(message(1, 'a1', id));
    // Settled first: the lost group is published (its push to the conversation's followers)...
    expect(engine.state.open.get(id)?.lastSeq).toBe(3);
    expect(
      pushes.slice(pushed).some((s) => JSON.stringify(s.frame).includes('"clientId":"a1"')),
    ).toBe(true);
    // ...then the resend finds the stored clientId: the first ack, stored once.
    expect(resend).toMatchObject({ type: 'chat.ack', clientId: 'a1', seq: 3 });
    expect(await run(message(1, 'a2', id))).toMatchObject({ type: 'chat.ack', seq: 4 });
    expect(await texts(inner, id)).toEqual(['a0', 'a1', 'a2']);
  });

  it('settles a COMMIT lost before it applied: nothing published, the resend is stored once', async () => {
    const inner = createMemoryStore();
    const { store, state } = switchable(inner);
    const { engine, run, pushes } = await engineOn(store);
    const first = await run(message(1, 'a0'));
    if (first.type !== 'chat.ack') throw new Error('no ack');
    const id = first.conversationId;

    state.mode = 'commit-lost-before-apply';
    expect(await run(message(1, 'a1', id))).toMatchObject({ type: 'error', code: 'UNAVAILABLE' });
    state.mode = 'up';
    const pushed = pushes.length;
    const resend = await run(message(1, 'a1', id));
    expect(resend).toMatchObject({ type: 'chat.ack', clientId: 'a1', seq: 3 });
    // One push of a1 (the resend's), not two.
    const a1Pushes = pushes
      .slice(pushed)
      .filter(
        (s) => s.frame.type === 'conversation.event' && JSON.stringify(s.frame).includes('"a1"'),
      );
    expect(a1Pushes.length).toBeGreaterThan(0);
    expect(new Set(a1Pushes.map((s) => JSON.stringify(s.to))).size).toBe(a1Pushes.length);
    expect(await texts(inner, id)).toEqual(['a0', 'a1']);
    expect(engine.state.open.get(id)?.lastSeq).toBe(3);
  });
});
