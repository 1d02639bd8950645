import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatAck, ConversationEvent } from '@switchboard/shared';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { VisitorActor } from '../../src/core/types.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';

/**
 * Random sequences of what clients and the relay live through: connect, disconnect, send, resend of
 * the same clientId, a lost ack, a failed write, a restart (state reloaded from the store), agent
 * replies and closes. Whatever happens, no message is lost or doubled and seqs stay contiguous.
 */

type Action =
  | { kind: 'connect'; visitor: number }
  | { kind: 'disconnect'; visitor: number }
  | { kind: 'send'; visitor: number }
  | { kind: 'burst'; visitor: number; count: number }
  | { kind: 'resend'; visitor: number; pick: number }
  | { kind: 'ackLost'; visitor: number }
  | { kind: 'storeFails' }
  | { kind: 'restart' }
  | { kind: 'agentReply'; pick: number }
  | { kind: 'agentClose'; pick: number };

const VISITORS = 3;
const visitorIndex = fc.integer({ min: 0, max: VISITORS - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('connect' as const), visitor: visitorIndex }),
  fc.record({ kind: fc.constant('disconnect' as const), visitor: visitorIndex }),
  fc.record({ kind: fc.constant('send' as const), visitor: visitorIndex }),
  fc.record({
    kind: fc.constant('burst' as const),
    visitor: visitorIndex,
    count: fc.integer({ min: 2, max: 4 }),
  }),
  fc.record({ kind: fc.constant('resend' as const), visitor: visitorIndex, pick: fc.nat() }),
  fc.record({ kind: fc.constant('ackLost' as const), visitor: visitorIndex }),
  fc.constant({ kind: 'storeFails' as const }),
  fc.constant({ kind: 'restart' as const }),
  fc.record({ kind: fc.constant('agentReply' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('agentClose' as const), pick: fc.nat() }),
);

interface Client {
  actor: VisitorActor;
  connected: boolean;
  /** Every message this client ever wrote, by clientId, with the ack once received. */
  sent: Map<string, { text: string; ack?: ChatAck }>;
  loseNextAck: boolean;
}

/**
 * A store handle that can be made to fail its next transaction (one command's, or a group
 * commit's), and reopened like after a crash.
 */
interface Harness {
  store: Store;
  reopen(): Promise<void>;
  failNextAppend(): void;
  dispose(): Promise<void>;
}

function flaky(open: () => Store): Harness {
  let inner = open();
  let fail = false;
  const store: Store = new Proxy({} as Store, {
    get(_, key: keyof Store) {
      if (key === 'append' || key === 'write' || key === 'writeAll') {
        return (batch: never) => {
          if (fail) {
            fail = false;
            return Promise.reject(new Error('disk full (injected)'));
          }
          return inner[key](batch);
        };
      }
      const value = inner[key];
      return typeof value === 'function' ? value.bind(inner) : value;
    },
  });
  return {
    store,
    async reopen() {
      await inner.close();
      inner = open();
    },
    failNextAppend: () => {
      fail = true;
    },
    dispose: () => inner.close(),
  };
}

async function check(actions: Action[], harness: Harness) {
  let seq = 0;
  const newId = (prefix: string) => `${prefix}_${++seq}`;
  const conversations = new Set<string>();
  const start = async () => {
    const engine = createEngine({
      store: harness.store,
      newId,
      deliver: (sends) => {
        for (const s of sends) {
          if (s.frame.type === 'inbox.upsert') conversations.add(s.frame.conversation.id);
        }
      },
    });
    await engine.start();
    return engine;
  };
  let engine: Engine = await start();
  const clients: Client[] = Array.from({ length: VISITORS }, (_, i) => ({
    actor: { role: 'visitor', id: `vis_${i}`, name: `Visitor 000${i}`, siteId: 'demo' },
    connected: true,
    sent: new Map(),
    loseNextAck: false,
  }));
  let clientSeq = 0;
  let agentSeq = 0;

  const deliver = (client: Client, clientId: string) =>
    engine.dispatch(
      {
        type: 'visitor.message',
        visitor: client.actor,
        clientId,
        text: client.sent.get(clientId)!.text,
        context: {},
      },
      (frame) => {
        if (client.loseNextAck) {
          client.loseNextAck = false;
          return;
        }
        if (frame.type === 'chat.ack') {
          const entry = client.sent.get(clientId)!;
          // A resend must get the very same ack as the first send.
          if (entry.ack) expect(frame).toEqual(entry.ack);
          entry.ack = frame;
        } else {
          expect(frame).toMatchObject({ type: 'error', code: 'INTERNAL' });
        }
      },
    );

  const flush = (client: Client) =>
    Promise.all([...client.sent].filter(([, m]) => !m.ack).map(([id]) => deliver(client, id)));

  const openIds = () => [...engine.state.open.keys()].sort();

  for (const a of actions) {
    switch (a.kind) {
      case 'connect': {
        const client = clients[a.visitor]!;
        client.connected = true;
        await flush(client);
        break;
      }
      case 'disconnect':
        clients[a.visitor]!.connected = false;
        break;
      case 'send':
      case 'burst': {
        const client = clients[a.visitor]!;
        const count = a.kind === 'burst' ? a.count : 1;
        const pending: Promise<void>[] = [];
        for (let i = 0; i < count; i++) {
          const clientId = `c${++clientSeq}`;
          client.sent.set(clientId, { text: `message ${clientId}` });
          // Offline: it waits in the outbox until the next connect.
          if (client.connected) pending.push(deliver(client, clientId));
        }
        await Promise.all(pending);
        break;
      }
      case 'resend': {
        const client = clients[a.visitor]!;
        const ids = [...client.sent.keys()];
        if (client.connected && ids.length > 0) await deliver(client, ids[a.pick % ids.length]!);
        break;
      }
      case 'ackLost':
        clients[a.visitor]!.loseNextAck = true;
        break;
      case 'storeFails':
        harness.failNextAppend();
        break;
      case 'restart': {
        const before = openIds();
        await engine.idle();
        await harness.reopen();
        engine = await start();
        expect(openIds()).toEqual(before);
        break;
      }
      case 'agentReply':
      case 'agentClose': {
        const ids = openIds();
        const id = ids[a.pick % Math.max(ids.length, 1)];
        if (!id) break;
        const agent = { role: 'agent' as const, id: 'agt_1', name: 'Maya Chen' };
        await engine.dispatch(
          a.kind === 'agentReply'
            ? {
                type: 'agent.message',
                agent,
                conversationId: id,
                clientId: `a${++agentSeq}`,
                text: 'on it',
              }
            : { type: 'conversation.close', by: agent, conversationId: id },
          () => undefined,
        );
        break;
      }
    }
  }

  // Everyone comes back and sends what is still unacknowledged.
  for (const client of clients) {
    client.connected = true;
    client.loseNextAck = false;
    await flush(client);
    await flush(client); // a write may have been failed by an injected fault on the first pass
  }
  await engine.idle();

  const logs = new Map<string, ConversationEvent[]>();
  for (const id of conversations) logs.set(id, await harness.store.readEvents(id, 0, 100_000));

  const stored = new Map<string, { conversationId: string; seq: number; id: string }>();
  for (const [conversationId, events] of logs) {
    // Seqs contiguous from 1, starting with conversation.created.
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]?.type).toBe('conversation.created');
    for (const event of events) {
      if (event.type !== 'message.created' || event.author.role !== 'visitor') continue;
      const key = `${event.author.id}/${event.clientId}`;
      expect(stored.has(key), `message ${key} stored twice`).toBe(false);
      stored.set(key, { conversationId, seq: event.seq, id: event.id });
    }
  }
  for (const client of clients) {
    for (const [clientId, message] of client.sent) {
      const found = stored.get(`${client.actor.id}/${clientId}`);
      expect(found, `message ${clientId} lost`).toBeDefined();
      expect(message.ack).toMatchObject({
        conversationId: found!.conversationId,
        seq: found!.seq,
        messageId: found!.id,
      });
    }
  }
  const sentCount = clients.reduce((n, c) => n + c.sent.size, 0);
  expect(stored.size).toBe(sentCount);
  // At most one open conversation per visitor.
  const owners = [...engine.state.open.values()].map((c) => c.visitor.id);
  expect(new Set(owners).size).toBe(owners.length);
}

const actions = fc.array(action, { minLength: 1, maxLength: 40 });

describe('delivery invariants', () => {
  it('hold with the in-memory store', async () => {
    await fc.assert(
      fc.asyncProperty(actions, async (list) => {
        const memory = createMemoryStore();
        const harness = flaky(() => memory.reopen());
        await check(list, harness);
      }),
      { numRuns: 150 },
    );
  });

  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('hold with SQLite on a temp file', async () => {
    await fc.assert(
      fc.asyncProperty(actions, async (list) => {
        const dir = mkdtempSync(join(tmpdir(), 'switchboard-prop-'));
        dirs.push(dir);
        const harness = flaky(() =>
          openSqliteStore(join(dir, 'switchboard.db'), { synchronous: 'normal' }),
        );
        try {
          await check(list, harness);
        } finally {
          await harness.dispose();
        }
      }),
      { numRuns: 30 },
    );
  });
});
