import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyEvent,
  type Callback,
  type ConversationEvent,
  type ConversationSummary,
} from '@switchboard/shared';
import { afterEach, beforeEach } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';

/**
 * A new SQLite store in a temp folder for each test (closed and removed after it).
 * @example const db = useSqliteStore(); it('…', async () => { await db.store.append(…) })
 */
export function useSqliteStore(): { store: Store } {
  const holder = {} as { store: Store; dir: string };
  beforeEach(() => {
    holder.dir = mkdtempSync(join(tmpdir(), 'switchboard-queries-'));
    holder.store = openSqliteStore(join(holder.dir, 'db.sqlite'));
  });
  afterEach(async () => {
    if (holder.store.isOpen()) await holder.store.close();
    rmSync(holder.dir, { recursive: true, force: true });
  });
  return holder;
}

export const maya = { id: 'agt_maya', name: 'Maya' };

/** A visitor's profile as the events carry it. */
export const visitorRef = (id = 'vis_1') => ({ id, name: `Visitor ${id.slice(-1)}` });

/** The events of a conversation a visitor started at `at` with `messages` messages. */
export function chat(
  visitorId: string,
  at: number,
  messages = 1,
  end?: 'assigned' | 'closed',
): ConversationEvent[] {
  const visitor = visitorRef(visitorId);
  const events: ConversationEvent[] = [
    { type: 'conversation.created', seq: 1, at, visitor, context: { locale: 'en' } },
  ];
  for (let i = 0; i < messages; i++) {
    const seq = events.length + 1;
    events.push({
      type: 'message.created',
      seq,
      at: at + seq,
      id: `msg_${at}_${seq}`,
      clientId: `c_${at}_${seq}`,
      author: { role: 'visitor', ...visitor },
      text: `text ${seq}`,
    });
  }
  if (end) {
    events.push({
      type: 'conversation.assigned',
      seq: events.length + 1,
      at: at + 100,
      agent: maya,
    });
  }
  if (end === 'closed') {
    events.push({
      type: 'conversation.closed',
      seq: events.length + 1,
      at: at + 200,
      by: { role: 'agent', ...maya },
    });
  }
  return events;
}

/**
 * Append a conversation's events as the engine would (one batch, on site `demo`): its summary.
 * @example const summary = await storeConversation(store, 'cnv_1', chat('vis_1', 1_000))
 */
export async function storeConversation(
  store: Pick<Store, 'append'>,
  id: string,
  events: ConversationEvent[],
): Promise<ConversationSummary> {
  let summary: ConversationSummary | null = null;
  for (const event of events) summary = applyEvent(summary, event, 'demo', id);
  await store.append({ conversation: summary!, events });
  return summary!;
}

/** A callback as the core makes it. */
export function callbackOf(id: string, extra: Partial<Callback> = {}): Callback {
  return {
    id,
    reference: `CB-${id.slice(-4).toUpperCase().padStart(4, 'X')}`,
    siteId: 'demo',
    visitor: visitorRef('vis_1'),
    name: 'Ada Lovelace',
    phone: '+493012345678',
    departmentId: 'orders',
    window: null,
    status: 'scheduled',
    dueAt: 5_000,
    attempts: [],
    claimedBy: null,
    consent: 'We may call you.',
    createdAt: 1_000,
    updatedAt: 1_000,
    ...extra,
  };
}
