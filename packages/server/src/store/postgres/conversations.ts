import type { ChatAck, ConversationEvent } from '@switchboard/shared';
import { toSummary } from '../rows.js';
import type { AppendBatch, ConversationStore, Fence } from '../types.js';
import { type Database, type Queryable, type Statement, statement } from './db.js';

/** The conversation log's statements: conversations, events, client ids. */
const stmt = {
  // The whole group's conversation rows, events and client ids in one call (schema version 2):
  // one round trip; a batch that does not follow the stored last_seq fails all of it.
  appendAll: statement(
    'conversations.appendAll',
    `SELECT sb_append_all($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
       $6::bigint[], $7::bigint[], $8::bigint[], $9::integer[], $10::text[], $11::text[],
       $12::integer[], $13::text[], $14::integer[], $15::text[], $16::text[], $17::bigint[],
       $18::text[], $19::text[], $20::text[], $21::integer[], $22::text[], $23::bigint[])`,
  ),
  // The same behind the lease's fence (schema version 3): raises SBF01 on a stale epoch.
  appendFenced: statement(
    'conversations.appendFenced',
    `SELECT sb_append_fenced($24::text, $25::bigint, $1::text[], $2::text[], $3::text[],
       $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::integer[],
       $10::text[], $11::text[], $12::integer[], $13::text[], $14::integer[], $15::text[],
       $16::text[], $17::bigint[], $18::text[], $19::text[], $20::text[], $21::integer[],
       $22::text[], $23::bigint[])`,
  ),
  findClientId: statement(
    'conversations.findClientId',
    `SELECT client_id, conversation_id, seq, message_id, at FROM client_ids
     WHERE actor = $1 AND client_id = $2`,
  ),
  // Many at once: `i` is the key's place in the arrays (from 1).
  findClientIds: statement(
    'conversations.findClientIds',
    `SELECT k.i, c.client_id, c.conversation_id, c.seq, c.message_id, c.at
     FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k (actor, client_id, i)
     JOIN client_ids c ON c.actor = k.actor AND c.client_id = k.client_id`,
  ),
  open: statement(
    'conversations.open',
    "SELECT summary FROM conversations WHERE status <> 'closed' ORDER BY created_at, ord",
  ),
  conversation: statement('conversations.get', 'SELECT summary FROM conversations WHERE id = $1'),
  latestOf: statement(
    'conversations.latestOf',
    `SELECT summary FROM conversations WHERE visitor_id = $1
     ORDER BY status <> 'closed' DESC, updated_at DESC, ord DESC LIMIT 1`,
  ),
  recentClosed: statement(
    'conversations.recentClosed',
    `SELECT summary FROM conversations WHERE status = 'closed'
     ORDER BY closed_at DESC, ord DESC LIMIT $1`,
  ),
  events: statement(
    'conversations.events',
    'SELECT data FROM events WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
  ),
  history: statement(
    'conversations.history',
    `SELECT summary FROM conversations WHERE visitor_id = $1
     ORDER BY created_at DESC, ord DESC LIMIT $2`,
  ),
  handleTimes: statement(
    'conversations.handleTimes',
    `SELECT department_id, ms FROM (
       SELECT c.department_id, c.closed_at - MIN(e.at) AS ms, c.closed_at, c.ord,
         ROW_NUMBER() OVER (PARTITION BY c.department_id ORDER BY c.closed_at DESC, c.ord DESC) AS n
       FROM conversations c
       JOIN events e ON e.conversation_id = c.id AND e.type = 'conversation.assigned'
       WHERE c.status = 'closed' AND c.department_id IS NOT NULL
       GROUP BY c.id
     ) t WHERE n <= $1 ORDER BY closed_at, ord`,
  ),
  openAssignedAt: statement(
    'conversations.openAssignedAt',
    `SELECT c.id, MIN(e.at) AS at FROM conversations c
     JOIN events e ON e.conversation_id = c.id AND e.type = 'conversation.assigned'
     WHERE c.status <> 'closed' GROUP BY c.id`,
  ),
  openCutOffs: statement(
    'conversations.openCutOffs',
    `SELECT c.id FROM conversations c
     WHERE c.status <> 'closed' AND EXISTS (
       SELECT 1 FROM events e WHERE e.conversation_id = c.id AND e.type = 'conversation.cut_off')
     ORDER BY c.created_at, c.ord`,
  ),
  conversationStarts: statement(
    'conversations.starts',
    `SELECT visitor_id, created_at FROM conversations
     WHERE visitor_id = ANY ($1::text[]) AND created_at >= $2
     ORDER BY created_at, ord`,
  ),
};

interface AckRow {
  client_id: string;
  conversation_id: string;
  seq: number;
  message_id: string;
  at: number;
}

const toAck = (row: AckRow): ChatAck => ({
  type: 'chat.ack',
  clientId: row.client_id,
  conversationId: row.conversation_id,
  messageId: row.message_id,
  seq: row.seq,
  at: row.at,
});

/** A conversation's batches in one group: the first decides the check, the last the row. */
interface Chain {
  first: AppendBatch;
  last: AppendBatch;
}

/**
 * Check the batches among themselves (each one's events contiguous, each one following the one
 * before it on the same conversation, as the stored row would after the earlier write) and chain
 * them by conversation, in the order first seen.
 */
function chainBatches(batches: readonly AppendBatch[]): Map<string, Chain> {
  const chains = new Map<string, Chain>();
  for (const batch of batches) {
    const { conversation, events } = batch;
    const first = events[0]!;
    events.forEach((event, i) => {
      if (event.seq !== first.seq + i) throw new Error(`conversation ${conversation.id}: seq gap`);
    });
    const chain = chains.get(conversation.id);
    if (!chain) {
      chains.set(conversation.id, { first: batch, last: batch });
      continue;
    }
    // As the stored row would be after the earlier batch: `last_seq` is its summary's.
    const stored = chain.last.conversation.lastSeq;
    if (first.seq === 1 || first.seq !== stored + 1) {
      throw new Error(
        `conversation ${conversation.id}: event seq ${first.seq} does not follow ${stored}`,
      );
    }
    chain.last = batch;
  }
  return chains;
}

/**
 * Append batches (from one write or a whole group), inside the caller's transaction, in three
 * statements however many there are: the conversations' rows (with the seq check), the events,
 * the client ids. The batches are applied as if one after the other: a later batch of the same
 * conversation follows the earlier one, and the row ends as the last one left it. A batch
 * without events writes nothing, not even its clientId (as on SQLite).
 */
async function appendAll(tx: Queryable, all: readonly AppendBatch[], fence?: Fence): Promise<void> {
  const batches = all.filter((batch) => batch.events.length > 0);
  if (batches.length === 0) return;
  const chains = [...chainBatches(batches).values()];

  const columns = chains.map(({ first, last }) => {
    const c = last.conversation;
    return [
      c.id,
      // Never changed by an update: kept from the insert.
      first.conversation.siteId,
      c.visitor.id,
      c.status,
      c.agent?.id ?? null,
      first.conversation.createdAt,
      c.updatedAt,
      c.closedAt ?? null,
      c.lastSeq,
      JSON.stringify(c),
      c.routing?.departmentId ?? null,
      first.events[0]!.seq - 1,
    ] as const;
  });
  const events = batches.flatMap(({ conversation, events }) =>
    events.map(
      (e: ConversationEvent) => [conversation.id, e.seq, e.type, JSON.stringify(e), e.at] as const,
    ),
  );
  const clientIds = batches.flatMap(({ clientId: k }) =>
    k ? [[k.actor, k.clientId, k.conversationId, k.seq, k.messageId, k.at] as const] : [],
  );
  const values = [...transpose(columns, 12), ...transpose(events, 5), ...transpose(clientIds, 6)];
  if (fence) await tx.rows(stmt.appendFenced, [...values, fence.lease, fence.epoch]);
  else await tx.rows(stmt.appendAll, values);
}

/**
 * Rows to columns, one array per column: `unnest($1::text[], ...)` turns them back into rows,
 * so a whole list is one statement with a fixed text (prepared once) whatever its length.
 * @example transpose([['a', 1], ['b', 2]], 2) // [['a', 'b'], [1, 2]]
 */
export function transpose(rows: readonly (readonly unknown[])[], width: number): unknown[][] {
  return Array.from({ length: width }, (_, i) => rows.map((row) => row[i]));
}

/**
 * The `ConversationStore` port on PostgreSQL, but `append`: that is one batch written by the
 * transactions (`postgres/transactions.ts`) with `appendAll`, which checks seq and writes inside
 * the caller's transaction.
 * @example const conversations = createPostgresConversations(db); await conversations.appendAll(tx, [batch])
 */
export function createPostgresConversations(db: Database): {
  store: Omit<ConversationStore, 'append'>;
  appendAll(tx: Queryable, batches: readonly AppendBatch[], fence?: Fence): Promise<void>;
} {
  return { store: conversationStore(db), appendAll };
}

function conversationStore(db: Database): Omit<ConversationStore, 'append'> {
  const summaries = async (s: Statement, values?: readonly unknown[]) =>
    (await db.rows<{ summary: string }>(s, values)).map(toSummary);
  const summary = async (s: Statement, values: readonly unknown[]) =>
    (await summaries(s, values))[0] ?? null;
  return {
    loadOpenConversations: () => summaries(stmt.open),
    getConversation: (id) => summary(stmt.conversation, [id]),
    latestConversationOf: (visitorId) => summary(stmt.latestOf, [visitorId]),
    recentClosed: (limit) => summaries(stmt.recentClosed, [limit]),
    readEvents: async (conversationId, afterSeq, limit) =>
      (await db.rows<{ data: string }>(stmt.events, [conversationId, afterSeq, limit])).map(
        (row) => JSON.parse(row.data) as ConversationEvent,
      ),
    findClientId: async (actor, clientId) => {
      const [row] = await db.rows<AckRow>(stmt.findClientId, [actor, clientId]);
      return row ? toAck(row) : null;
    },
    findClientIds: async (keys) => {
      const found: (ChatAck | null)[] = keys.map(() => null);
      if (keys.length === 0) return db.ready().then(() => found);
      const rows = await db.rows<AckRow & { i: number }>(stmt.findClientIds, [
        keys.map((k) => k.actor),
        keys.map((k) => k.clientId),
      ]);
      for (const row of rows) found[row.i - 1] = toAck(row);
      return found;
    },
    customerHistory: (visitorId, limit) => summaries(stmt.history, [visitorId, limit]),
    recentHandleTimes: async (perDepartment) => {
      const result = new Map<string, number[]>();
      const rows = await db.rows<{ department_id: string; ms: number }>(stmt.handleTimes, [
        perDepartment,
      ]);
      for (const row of rows) {
        result.set(row.department_id, [...(result.get(row.department_id) ?? []), row.ms]);
      }
      return result;
    },
    openAssignedAt: async () =>
      new Map(
        (await db.rows<{ id: string; at: number }>(stmt.openAssignedAt)).map((row) => [
          row.id,
          row.at,
        ]),
      ),
    openCutOffs: async () => (await db.rows<{ id: string }>(stmt.openCutOffs)).map((r) => r.id),
    conversationStarts: async (visitorIds, from) =>
      (
        await db.rows<{ visitor_id: string; created_at: number }>(stmt.conversationStarts, [
          [...visitorIds],
          from,
        ])
      ).map((r) => ({ visitorId: r.visitor_id, at: r.created_at })),
  };
}
