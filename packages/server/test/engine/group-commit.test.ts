import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Command, ReplyEffect, SendEffect, VisitorActor } from '../../src/core/types.js';
import { createEngine, MAX_GROUP } from '../../src/engine/engine.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store, StoreChanges } from '../../src/store/types.js';

/**
 * Group commit: commands dispatched while others are still queued are written in one
 * transaction, and still nothing is acknowledged or pushed before its data is stored.
 */

const visitor = (i: number): VisitorActor => ({
  role: 'visitor',
  id: `vis_${i}`,
  name: `Visitor ${i}`,
  siteId: 'demo',
});
const agent = { role: 'agent' as const, id: 'agt_1', name: 'Maya Chen' };
const message = (i: number, clientId: string, conversationId?: string): Command => ({
  type: 'visitor.message',
  visitor: visitor(i),
  clientId,
  text: `text of ${clientId}`,
  context: {},
  ...(conversationId ? { conversationId } : {}),
});

const clientIdsOf = (changes: StoreChanges) =>
  (changes.appends ?? []).flatMap((a) => (a.clientId ? [a.clientId.clientId] : []));

/**
 * A store that records its transactions and which clientIds are durable (their transaction
 * resolved), and refuses any transaction holding a message whose text says `poison`.
 */
function recording(inner: Store) {
  const durable = new Set<string>();
  const transactions: Array<{ commands: number; ok: boolean }> = [];
  const poisoned = (list: readonly StoreChanges[]) =>
    list.some((c) => (c.appends ?? []).some((a) => JSON.stringify(a.events).includes('poison')));
  const commit = async (list: readonly StoreChanges[], run: () => Promise<void>) => {
    if (poisoned(list)) {
      transactions.push({ commands: list.length, ok: false });
      throw new Error('disk says no (injected)');
    }
    try {
      await run();
    } catch (error) {
      transactions.push({ commands: list.length, ok: false });
      throw error;
    }
    transactions.push({ commands: list.length, ok: true });
    for (const changes of list) for (const id of clientIdsOf(changes)) durable.add(id);
  };
  const store: Store = new Proxy(inner, {
    get(target, key: keyof Store) {
      if (key === 'write') {
        return (changes: StoreChanges) => commit([changes], () => target.write(changes));
      }
      if (key === 'writeAll') {
        return (list: readonly StoreChanges[]) => commit(list, () => target.writeAll(list));
      }
      const value = target[key];
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store, durable, transactions };
}

const stores: Array<[string, () => Store]> = [
  ['memory', () => createMemoryStore()],
  [
    'SQLite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'switchboard-group-'));
      dirs.push(dir);
      return openSqliteStore(join(dir, 'switchboard.db'), { synchronous: 'normal' });
    },
  ],
];
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Deterministic ids and clock, so two runs of the same commands can be compared frame by frame. */
async function engineOn(store: Store) {
  let seq = 0;
  const trace: string[] = [];
  const engine = createEngine({
    store,
    now: () => 1_700_000_000_000,
    newId: (prefix) => `${prefix}_${++seq}`,
    newReference: () => `CB-${String(++seq).padStart(4, '0')}`,
    deliver: (sends: SendEffect[]) => {
      for (const s of sends) trace.push(`push ${JSON.stringify(s.to)} ${JSON.stringify(s.frame)}`);
    },
  });
  await engine.start();
  const run = (command: Command) => {
    let answer: ReplyEffect['frame'] | undefined;
    const done = engine.dispatch(command, (frame) => {
      answer = frame;
      trace.push(`reply ${JSON.stringify(frame)}`);
    });
    return done.then(() => answer!);
  };
  return { engine, run, trace };
}

describe.each(stores)('group commit (%s store)', (_name, open) => {
  it('writes many concurrent commands in fewer transactions, acking each only once it is stored', async () => {
    const { store, durable, transactions } = recording(open());
    const { engine } = await engineOn(store);
    const acks: string[] = [];
    const sends = Array.from({ length: 60 }, (_, k) => {
      const clientId = `c${k}`;
      return engine.dispatch(message(k % 20, clientId), (frame) => {
        expect(frame.type).toBe('chat.ack');
        // The ack leaves only once the message's transaction has resolved.
        expect(durable.has(clientId), `${clientId} acked before it was stored`).toBe(true);
        acks.push(clientId);
      });
    });
    await Promise.all(sends);
    expect(acks).toEqual(Array.from({ length: 60 }, (_, k) => `c${k}`));
    expect(transactions.every((t) => t.ok)).toBe(true);
    expect(transactions.length).toBeLessThan(60);
    expect(transactions.reduce((n, t) => n + t.commands, 0)).toBe(60);
    expect(Math.max(...transactions.map((t) => t.commands))).toBeLessThanOrEqual(MAX_GROUP);
    // Each visitor's three messages, in one conversation, in order.
    const conversations = [...engine.state.open.values()];
    expect(conversations).toHaveLength(20);
    for (const c of conversations) {
      const texts = (await store.readEvents(c.id, 0, 100))
        .flatMap((e) => (e.type === 'message.created' ? [e.text] : []))
        .map((t) => t.replace('text of c', ''));
      const k = Number(c.visitor.id.replace('vis_', ''));
      expect(texts).toEqual([`${k}`, `${k + 20}`, `${k + 40}`]);
    }
  });

  it('gives a command the store refuses its own error while its neighbours succeed', async () => {
    const { store, transactions } = recording(open());
    const { engine, run } = await engineOn(store);
    const first = await run(message(1, 'a0'));
    expect(first.type).toBe('chat.ack');
    const conversationId = first.type === 'chat.ack' ? first.conversationId : '';
    const before = transactions.length;
    // One visitor's burst with a poisoned message in the middle, and another visitor's.
    const answers = await Promise.all([
      run(message(1, 'a1', conversationId)),
      run(message(2, 'b1')),
      run({ ...message(1, 'a2', conversationId), text: 'poison' } as Command),
      run(message(1, 'a3', conversationId)),
      run(message(2, 'b2')),
    ]);
    expect(answers.map((a) => a.type)).toEqual([
      'chat.ack',
      'chat.ack',
      'error',
      'chat.ack',
      'chat.ack',
    ]);
    expect(answers[2]).toMatchObject({ type: 'error', code: 'INTERNAL' });
    // The batch was tried as one transaction first, then one by one.
    expect(transactions[before]).toEqual({ commands: 5, ok: false });
    const events = await store.readEvents(conversationId, 0, 100);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.flatMap((e) => (e.type === 'message.created' ? [e.clientId] : []))).toEqual([
      'a0',
      'a1',
      'a3',
    ]);
    // The acks name what was stored: a3 took the seq the refused message would have had.
    const a3 = answers[3]!;
    const stored = events.find((e) => e.type === 'message.created' && e.clientId === 'a3');
    expect(stored?.type).toBe('message.created');
    if (stored?.type === 'message.created') {
      expect(a3).toMatchObject({ seq: stored.seq, messageId: stored.id });
    }
    // The refused message changed nothing: the engine's state matches the store.
    expect(engine.state.open.get(conversationId)?.lastSeq).toBe(events.at(-1)?.seq);
  });

  it('answers a resend inside the same batch with the first ack, storing the message once', async () => {
    const { store, transactions } = recording(open());
    const { run } = await engineOn(store);
    const [one, two, three] = await Promise.all([
      run(message(1, 'x')),
      run(message(2, 'y')),
      run(message(1, 'x')),
    ]);
    expect(one?.type).toBe('chat.ack');
    expect(two?.type).toBe('chat.ack');
    expect(three).toEqual(one);
    const id = one?.type === 'chat.ack' ? one.conversationId : '';
    const events = await store.readEvents(id, 0, 100);
    expect(events.filter((e) => e.type === 'message.created')).toHaveLength(1);
    // Found by reading the committed store, not by a failed transaction and a retry.
    expect(transactions.every((t) => t.ok)).toBe(true);
  });

  it("reads a batch's clientIds in one store read, and a resend among them still gets its first ack", async () => {
    const reads = { one: 0, many: 0, keys: 0 };
    const inner = open();
    const store: Store = new Proxy(inner, {
      get(target, key: keyof Store) {
        if (key === 'findClientId') {
          return (actor: string, clientId: string) => {
            reads.one++;
            return target.findClientId(actor, clientId);
          };
        }
        if (key === 'findClientIds') {
          return (keys: readonly { actor: string; clientId: string }[]) => {
            reads.many++;
            reads.keys += keys.length;
            return target.findClientIds(keys);
          };
        }
        const value = target[key];
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const { run } = await engineOn(store);
    const first = await run(message(0, 'first'));
    expect(first.type).toBe('chat.ack');
    reads.one = 0;
    // A burst from 30 visitors, with visitor 0's earlier message resent in the middle of it.
    const burst = Array.from({ length: 30 }, (_, k) => message(k + 1, `burst-${k}`));
    burst.splice(15, 0, message(0, 'first'));
    const answers = await Promise.all(burst.map(run));
    expect(answers[15]).toEqual(first);
    expect(answers.filter((a) => a.type === 'chat.ack')).toHaveLength(31);
    // Far fewer reads than commands: the ones that queued behind the first read together.
    expect(reads.many).toBeGreaterThan(0);
    expect(reads.one + reads.many).toBeLessThan(10);
    expect(reads.one + reads.keys).toBe(31);
    const id = first.type === 'chat.ack' ? first.conversationId : '';
    const events = await store.readEvents(id, 0, 100);
    expect(events.filter((e) => e.type === 'message.created')).toHaveLength(1);
  });

  it('reads each clientId on its own when the read for the whole batch fails', async () => {
    const store: Store = new Proxy(open(), {
      get(target, key: keyof Store) {
        if (key === 'findClientIds')
          return () => Promise.reject(new Error('read refused (injected)'));
        const value = target[key];
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const { run } = await engineOn(store);
    const first = await run(message(0, 'first'));
    const answers = await Promise.all([
      run(message(1, 'a')),
      run(message(0, 'first')),
      run(message(2, 'b')),
    ]);
    expect(answers.map((a) => a.type)).toEqual(['chat.ack', 'chat.ack', 'chat.ack']);
    expect(answers[1]).toEqual(first);
  });

  it('sends the same frames, in the same order, as when each command runs alone', async () => {
    const script = (conversationOf: (i: number) => string | undefined): Command[] =>
      [
        message(1, 'm1', conversationOf(1)),
        message(2, 'm2', conversationOf(2)),
        message(1, 'm3', conversationOf(1)),
        { type: 'conversation.close', by: agent, conversationId: conversationOf(2) ?? 'none' },
        message(2, 'm4', conversationOf(2)),
        message(3, 'm5', conversationOf(3)),
        message(1, 'm1', conversationOf(1)),
        {
          type: 'typing',
          by: visitor(3),
          conversationId: conversationOf(3) ?? 'none',
          typing: true,
        },
        message(3, 'm6', conversationOf(3)),
      ] as Command[];
    const setUp = async () => {
      const { store } = recording(open());
      const env = await engineOn(store);
      const ids = new Map<number, string>();
      for (const i of [1, 2, 3]) {
        const ack = await env.run(message(i, `start${i}`));
        if (ack.type === 'chat.ack') ids.set(i, ack.conversationId);
      }
      env.trace.length = 0;
      return { ...env, conversationOf: (i: number) => ids.get(i) };
    };

    const alone = await setUp();
    for (const command of script(alone.conversationOf)) await alone.run(command);
    const batched = await setUp();
    await Promise.all(script(batched.conversationOf).map((command) => batched.run(command)));

    expect(alone.trace.length).toBeGreaterThan(10);
    expect(batched.trace).toEqual(alone.trace);
  });

  it('runs a read queued between commands after the earlier ones and before the later ones', async () => {
    const { store } = recording(open());
    const { engine, run } = await engineOn(store);
    const first = run(message(1, 'r1'));
    const seen = engine.read((state) => state.open.size);
    const second = run(message(2, 'r2'));
    await Promise.all([first, second]);
    expect(await seen).toBe(1);
    expect(engine.state.open.size).toBe(2);
  });
});
