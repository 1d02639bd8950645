import type { ChatAck, ConversationEvent } from '@switchboard/shared';
import type Database from 'better-sqlite3';
import { toSummary } from '../rows.js';
import type { AppendBatch, ConversationStore } from '../types.js';
import { run } from './run.js';

/** The conversation log's statements: conversations, events, client ids. */
function statements(db: Database.Database) {
  return {
    lastSeq: db.prepare<[string], { last_seq: number }>(
      'SELECT last_seq FROM conversations WHERE id = ?',
    ),
    // A conversation's first batch inserts it; a later one updates it only if its events follow
    // the stored last seq (the check and the write are one statement).
    insertConversation: db.prepare(
      `INSERT INTO conversations
         (id, site_id, visitor_id, status, agent_id, created_at, updated_at, closed_at, last_seq, summary, department_id)
       VALUES (@id, @siteId, @visitorId, @status, @agentId, @createdAt, @updatedAt, @closedAt, @lastSeq, @summary, @departmentId)
       ON CONFLICT (id) DO NOTHING`,
    ),
    updateConversation: db.prepare(
      `UPDATE conversations SET
         visitor_id = @visitorId, status = @status, agent_id = @agentId, updated_at = @updatedAt,
         closed_at = @closedAt, last_seq = @lastSeq, summary = @summary, department_id = @departmentId
       WHERE id = @id AND last_seq = @follows`,
    ),
    // The common case, a message in a chat that stays where it is: only the columns that changed,
    // so SQLite rewrites the row and the one index on updated_at, not every index on the table.
    // It writes nothing when a routing column differs (then updateConversation does).
    touchConversation: db.prepare(
      `UPDATE conversations SET updated_at = @updatedAt, last_seq = @lastSeq, summary = @summary
       WHERE id = @id AND last_seq = @follows AND status = @status AND visitor_id = @visitorId
         AND agent_id IS @agentId AND closed_at IS @closedAt AND department_id IS @departmentId`,
    ),
    insertEvent: db.prepare(
      'INSERT INTO events (conversation_id, seq, type, data, at) VALUES (?, ?, ?, ?, ?)',
    ),
    insertClientId: db.prepare(
      `INSERT INTO client_ids (actor, client_id, conversation_id, seq, message_id, at)
       VALUES (@actor, @clientId, @conversationId, @seq, @messageId, @at)`,
    ),
    findClientId: db.prepare<
      [string, string],
      { client_id: string; conversation_id: string; seq: number; message_id: string; at: number }
    >('SELECT * FROM client_ids WHERE actor = ? AND client_id = ?'),
    // Many at once: `?` is a JSON array of [actor, clientId]; `i` is the key's index in it.
    findClientIds: db.prepare<
      [string],
      {
        i: number;
        client_id: string;
        conversation_id: string;
        seq: number;
        message_id: string;
        at: number;
      }
    >(
      `SELECT k.key AS i, c.* FROM json_each(?) k
       JOIN client_ids c ON c.actor = k.value ->> 0 AND c.client_id = k.value ->> 1`,
    ),
    open: db.prepare<[], { summary: string }>(
      "SELECT summary FROM conversations WHERE status <> 'closed' ORDER BY created_at",
    ),
    conversation: db.prepare<[string], { summary: string }>(
      'SELECT summary FROM conversations WHERE id = ?',
    ),
    latestOf: db.prepare<[string], { summary: string }>(
      `SELECT summary FROM conversations WHERE visitor_id = ?
       ORDER BY status <> 'closed' DESC, updated_at DESC, rowid DESC LIMIT 1`,
    ),
    recentClosed: db.prepare<[number], { summary: string }>(
      "SELECT summary FROM conversations WHERE status = 'closed' ORDER BY closed_at DESC LIMIT ?",
    ),
    events: db.prepare<[string, number, number], { data: string }>(
      'SELECT data FROM events WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    history: db.prepare<[string, number], { summary: string }>(
      `SELECT summary FROM conversations WHERE visitor_id = ?
       ORDER BY created_at DESC, rowid DESC LIMIT ?`,
    ),
    handleTimes: db.prepare<[number], { department_id: string; ms: number }>(
      `SELECT department_id, ms FROM (
         SELECT c.department_id, c.closed_at - MIN(e.at) AS ms, c.closed_at,
           ROW_NUMBER() OVER (PARTITION BY c.department_id ORDER BY c.closed_at DESC) AS n
         FROM conversations c
         JOIN events e ON e.conversation_id = c.id AND e.type = 'conversation.assigned'
         WHERE c.status = 'closed' AND c.department_id IS NOT NULL
         GROUP BY c.id
       ) WHERE n <= ? ORDER BY closed_at`,
    ),
    openAssignedAt: db.prepare<[], { id: string; at: number }>(
      `SELECT c.id, MIN(e.at) AS at FROM conversations c
       JOIN events e ON e.conversation_id = c.id AND e.type = 'conversation.assigned'
       WHERE c.status <> 'closed' GROUP BY c.id`,
    ),
    openCutOffs: db.prepare<[], { id: string }>(
      `SELECT DISTINCT c.id FROM conversations c
       JOIN events e ON e.conversation_id = c.id AND e.type = 'conversation.cut_off'
       WHERE c.status <> 'closed'`,
    ),
    conversationStarts: db.prepare<[string, number], { visitor_id: string; created_at: number }>(
      `SELECT visitor_id, created_at FROM conversations
       WHERE visitor_id IN (SELECT value FROM json_each(?)) AND created_at >= ?
       ORDER BY created_at`,
    ),
  };
}
type Statements = ReturnType<typeof statements>;

const toAck = (row: {
  client_id: string;
  conversation_id: string;
  seq: number;
  message_id: string;
  at: number;
}): ChatAck => ({
  type: 'chat.ack',
  clientId: row.client_id,
  conversationId: row.conversation_id,
  messageId: row.message_id,
  seq: row.seq,
  at: row.at,
});

/** Append one batch, inside the caller's transaction: checks seq, then writes it all. */
function appendOne(stmt: Statements, batch: AppendBatch): void {
  const { conversation, events } = batch;
  const first = events[0];
  if (!first) return;
  const row = {
    id: conversation.id,
    siteId: conversation.siteId,
    visitorId: conversation.visitor.id,
    status: conversation.status,
    agentId: conversation.agent?.id ?? null,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
    closedAt: conversation.closedAt ?? null,
    lastSeq: conversation.lastSeq,
    summary: JSON.stringify(conversation),
    departmentId: conversation.routing?.departmentId ?? null,
  };
  let written: number;
  if (first.seq === 1) written = stmt.insertConversation.run(row).changes;
  else {
    const follows = { ...row, follows: first.seq - 1 };
    written = stmt.touchConversation.run(follows).changes;
    if (written !== 1) written = stmt.updateConversation.run(follows).changes;
  }
  if (written !== 1) {
    const stored = stmt.lastSeq.get(conversation.id)?.last_seq ?? 0;
    throw new Error(
      `conversation ${conversation.id}: event seq ${first.seq} does not follow ${stored}`,
    );
  }
  let expected = first.seq;
  for (const event of events) {
    if (event.seq !== expected++) throw new Error(`conversation ${conversation.id}: seq gap`);
    stmt.insertEvent.run(conversation.id, event.seq, event.type, JSON.stringify(event), event.at);
  }
  if (batch.clientId) stmt.insertClientId.run(batch.clientId);
}

/**
 * The `ConversationStore` port on SQLite, but `append`: that is one batch written by the
 * transactions (`sqlite/transactions.ts`) with `appendOne`, which checks seq and writes inside the
 * caller's transaction.
 * @example const conversations = createSqliteConversations(db); conversations.appendOne(batch)
 */
export function createSqliteConversations(db: Database.Database): {
  store: Omit<ConversationStore, 'append'>;
  appendOne(batch: AppendBatch): void;
} {
  const stmt = statements(db);
  return { store: conversationStore(stmt), appendOne: (batch) => appendOne(stmt, batch) };
}

function conversationStore(stmt: Statements): Omit<ConversationStore, 'append'> {
  return {
    loadOpenConversations: () => run(() => stmt.open.all().map(toSummary)),
    getConversation: (id) =>
      run(() => {
        const row = stmt.conversation.get(id);
        return row ? toSummary(row) : null;
      }),
    latestConversationOf: (visitorId) =>
      run(() => {
        const row = stmt.latestOf.get(visitorId);
        return row ? toSummary(row) : null;
      }),
    recentClosed: (limit) => run(() => stmt.recentClosed.all(limit).map(toSummary)),
    readEvents: (conversationId, afterSeq, limit) =>
      run(() =>
        stmt.events
          .all(conversationId, afterSeq, limit)
          .map((row) => JSON.parse(row.data) as ConversationEvent),
      ),
    findClientId: (actor, clientId) =>
      run((): ChatAck | null => {
        const row = stmt.findClientId.get(actor, clientId);
        return row ? toAck(row) : null;
      }),
    findClientIds: (keys) =>
      run(() => {
        const found: (ChatAck | null)[] = keys.map(() => null);
        if (keys.length === 0) return found;
        const json = JSON.stringify(keys.map((k) => [k.actor, k.clientId]));
        for (const row of stmt.findClientIds.all(json)) found[row.i] = toAck(row);
        return found;
      }),
    customerHistory: (visitorId, limit) =>
      run(() => stmt.history.all(visitorId, limit).map(toSummary)),
    recentHandleTimes: (perDepartment) =>
      run(() => {
        const result = new Map<string, number[]>();
        for (const row of stmt.handleTimes.all(perDepartment)) {
          result.set(row.department_id, [...(result.get(row.department_id) ?? []), row.ms]);
        }
        return result;
      }),
    openAssignedAt: () =>
      run(() => new Map(stmt.openAssignedAt.all().map((row) => [row.id, row.at]))),
    openCutOffs: () => run(() => stmt.openCutOffs.all().map((row) => row.id)),
    conversationStarts: (visitorIds, from) =>
      run(() =>
        stmt.conversationStarts
          .all(JSON.stringify(visitorIds), from)
          .map((r) => ({ visitorId: r.visitor_id, at: r.created_at })),
      ),
  };
}
