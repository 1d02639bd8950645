import type {
  Callback,
  CannedResponse,
  ChatAck,
  ConversationEvent,
  ConversationSummary,
  Department,
  QaReview,
  SiteAppearance,
} from '@switchboard/shared';
import type {
  AgentRecord,
  AppendBatch,
  ArticleFeedbackRecord,
  ArticleViewRecord,
  ClientIdRecord,
  FaqSearchRecord,
  Store,
  StoreChanges,
  StoredArticle,
  VisitorRecord,
  WebhookDeliveryRecord,
} from './types.js';

/**
 * A store in memory, with the same contract as SQLite (atomic append, seq check, dedupe). For
 * tests, and for trying the relay without a disk. `reopen()` gives a fresh handle on the same data,
 * like a process restart on the same file.
 * @example const store = createMemoryStore(); const again = store.reopen()
 */
export function createMemoryStore(): Store & { reopen(): Store & { reopen(): Store } } {
  const data = {
    conversations: new Map<string, ConversationSummary>(),
    events: new Map<string, ConversationEvent[]>(),
    clientIds: new Map<string, ClientIdRecord>(),
    visitors: new Map<string, VisitorRecord>(),
    agents: new Map<string, AgentRecord>(),
    departments: new Map<string, Department>(),
    canned: new Map<string, CannedResponse>(),
    callbacks: new Map<string, Callback>(),
    callbackClientIds: new Map<string, string>(),
    deliveries: new Map<string, WebhookDeliveryRecord>(),
    articles: new Map<string, StoredArticle>(),
    searches: [],
    views: [],
    feedback: new Map<string, ArticleFeedbackRecord>(),
    appearances: new Map<string, SiteAppearance>(),
    staffing: new Map<string, number[]>(),
    qaReviews: new Map<string, QaReview>(),
  };
  return handle(data);
}

type Data = {
  conversations: Map<string, ConversationSummary>;
  events: Map<string, ConversationEvent[]>;
  clientIds: Map<string, ClientIdRecord>;
  visitors: Map<string, VisitorRecord>;
  agents: Map<string, AgentRecord>;
  departments: Map<string, Department>;
  canned: Map<string, CannedResponse>;
  callbacks: Map<string, Callback>;
  /** actor + clientId -> callback id */
  callbackClientIds: Map<string, string>;
  /** In insertion order (creation). */
  deliveries: Map<string, WebhookDeliveryRecord>;
  articles: Map<string, StoredArticle>;
  searches: FaqSearchRecord[];
  views: ArticleViewRecord[];
  /** visitor + article -> the last answer */
  feedback: Map<string, ArticleFeedbackRecord>;
  appearances: Map<string, SiteAppearance>;
  staffing: Map<string, number[]>;
  /** conversation + reviewer -> review */
  qaReviews: Map<string, QaReview>;
};

const inRange = (from: number, to: number) => (r: { at: number }) => r.at >= from && r.at < to;
const byAt = (a: { at: number }, b: { at: number }) => a.at - b.at;

const isOpenCallback = (c: Callback) => c.status === 'scheduled' || c.status === 'calling';
/** Newest first by creation, then by id, as SQLite orders them. */
const newestFirst = (a: Callback, b: Callback) =>
  b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

const copy = <T>(value: T): T => structuredClone(value);

/** Text compared by code unit, as SQLite's default (BINARY) collation does. */
const binary = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** SQLite's NOCASE: ASCII letters folded, nothing else. */
const nocase = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

function handle(data: Data): Store & { reopen(): Store & { reopen(): Store } } {
  let open = true;
  const guard = async <T>(fn: () => T): Promise<T> => {
    if (!open) throw new Error('store is closed');
    return fn();
  };
  const clientKey = (actor: string, clientId: string) => `${actor}\u0000${clientId}`;

  /** Check a batch against the data plus the batches before it in the same write. */
  const check = (batch: AppendBatch, pending: Map<string, number>, keys: Set<string>) => {
    const { conversation, events } = batch;
    if (events.length === 0) return;
    const length = pending.get(conversation.id) ?? (data.events.get(conversation.id) ?? []).length;
    events.forEach((event, i) => {
      if (event.seq !== length + 1 + i) {
        throw new Error(`conversation ${conversation.id}: seq ${event.seq} out of order`);
      }
    });
    pending.set(conversation.id, length + events.length);
    const key = batch.clientId && clientKey(batch.clientId.actor, batch.clientId.clientId);
    if (key && (data.clientIds.has(key) || keys.has(key)))
      throw new Error('clientId already stored');
    if (key) keys.add(key);
  };
  const apply = (batch: AppendBatch) => {
    const { conversation, events } = batch;
    // As SQLite: a batch without events writes nothing, not even its clientId.
    if (events.length === 0) return;
    data.conversations.set(conversation.id, copy(conversation));
    data.events.set(conversation.id, [
      ...(data.events.get(conversation.id) ?? []),
      ...copy(events),
    ]);
    if (batch.clientId) {
      data.clientIds.set(
        clientKey(batch.clientId.actor, batch.clientId.clientId),
        copy(batch.clientId),
      );
    }
  };
  const applyChanges = (changes: StoreChanges) => {
    // Check everything first, then write: all or nothing.
    const pending = new Map<string, number>();
    const keys = new Set<string>();
    for (const batch of changes.appends ?? []) check(batch, pending, keys);
    for (const { agentId } of changes.presence ?? []) {
      if (!data.agents.has(agentId)) throw new Error(`unknown agent ${agentId}`);
    }
    // One verified visitor per site and userId, as SQLite's unique index has it.
    const verified = new Map<string, string>();
    for (const v of [...data.visitors.values(), ...(changes.visitors ?? [])]) {
      if (v.verified && v.userId !== undefined) verified.set(v.id, `${v.siteId}\u0000${v.userId}`);
      else verified.delete(v.id);
    }
    if (new Set(verified.values()).size !== verified.size) {
      throw new Error('UNIQUE constraint failed: visitors.site_id, visitors.user_id');
    }
    for (const batch of changes.appends ?? []) apply(batch);
    for (const { agentId, presence } of changes.presence ?? []) {
      data.agents.set(agentId, { ...data.agents.get(agentId)!, presence });
    }
    for (const department of changes.departments ?? []) {
      data.departments.set(department.id, copy(department));
    }
    for (const canned of changes.cannedSaved ?? []) data.canned.set(canned.id, copy(canned));
    for (const id of changes.cannedDeleted ?? []) data.canned.delete(id);
    for (const { callback, clientId } of changes.callbacks ?? []) {
      data.callbacks.set(callback.id, copy(callback));
      const key = clientId && clientKey(clientId.actor, clientId.clientId);
      if (key && !data.callbackClientIds.has(key)) data.callbackClientIds.set(key, callback.id);
    }
    for (const { visitorId, phone } of changes.visitorPhones ?? []) {
      const visitor = data.visitors.get(visitorId);
      if (visitor) data.visitors.set(visitorId, { ...visitor, phone });
    }
    for (const delivery of changes.deliveries ?? []) {
      data.deliveries.set(delivery.id, copy(delivery));
    }
    for (const visitor of changes.visitors ?? []) {
      const { verified, userId, ...rest } = visitor;
      data.visitors.set(
        visitor.id,
        copy(userId !== undefined ? { ...rest, userId, verified: verified === true } : rest),
      );
    }
  };
  const write = (changes: StoreChanges) => guard(() => applyChanges(changes));
  /** The maps a write changes; values are replaced, never mutated, so copies of the maps undo it. */
  const written = [
    'conversations',
    'events',
    'clientIds',
    'agents',
    'departments',
    'canned',
    'callbacks',
    'callbackClientIds',
    'deliveries',
    'visitors',
  ] as const;
  const writeAll = (list: readonly StoreChanges[]) =>
    guard(() => {
      const saved = written.map(
        (key) => [key, new Map(data[key] as Map<string, unknown>)] as const,
      );
      try {
        for (const changes of list) applyChanges(changes);
      } catch (error) {
        for (const [key, map] of saved) (data as Record<string, unknown>)[key] = map;
        throw error;
      }
    });
  /** The first assignment time of a conversation, from its log. */
  const assignedAt = (id: string) =>
    (data.events.get(id) ?? []).find((e) => e.type === 'conversation.assigned')?.at;

  return {
    append: (batch) => write({ appends: [batch] }),
    write,
    writeAll,
    customerHistory: (visitorId, limit) =>
      guard(() =>
        // Newest written first among those created at the same time, as SQLite's rowid order.
        [...data.conversations.values()]
          .filter((c) => c.visitor.id === visitorId)
          .reverse()
          .sort((a, b) => b.createdAt - a.createdAt)
          .slice(0, limit)
          .map(copy),
      ),
    recentHandleTimes: (perDepartment) =>
      guard(() => {
        const result = new Map<string, number[]>();
        const closed = [...data.conversations.values()]
          .filter((c) => c.status === 'closed' && c.routing && assignedAt(c.id) !== undefined)
          .sort((a, b) => (a.closedAt ?? 0) - (b.closedAt ?? 0));
        for (const c of closed) {
          const list = result.get(c.routing!.departmentId) ?? [];
          list.push((c.closedAt ?? 0) - assignedAt(c.id)!);
          result.set(c.routing!.departmentId, list.slice(-perDepartment));
        }
        return result;
      }),
    openAssignedAt: () =>
      guard(() => {
        const result = new Map<string, number>();
        for (const c of data.conversations.values()) {
          const at = c.status === 'closed' ? undefined : assignedAt(c.id);
          if (at !== undefined) result.set(c.id, at);
        }
        return result;
      }),
    listDepartments: () => guard(() => [...data.departments.values()].map(copy)),
    saveDepartment: (department) =>
      guard(() => {
        data.departments.set(department.id, copy(department));
      }),
    listCanned: () =>
      guard(() =>
        [...data.canned.values()].sort((a, b) => binary(a.shortcut, b.shortcut)).map(copy),
      ),
    saveCanned: (canned) =>
      guard(() => {
        data.canned.set(canned.id, copy(canned));
      }),
    loadOpenConversations: () =>
      guard(() =>
        [...data.conversations.values()]
          .filter((c) => c.status !== 'closed')
          .sort((a, b) => a.createdAt - b.createdAt)
          .map(copy),
      ),
    getConversation: (id) =>
      guard(() => {
        const found = data.conversations.get(id);
        return found ? copy(found) : null;
      }),
    latestConversationOf: (visitorId) =>
      guard(() => {
        // Open first, then the last changed, then the last written (SQLite's rowid).
        const closed = (c: ConversationSummary) => (c.status === 'closed' ? 1 : 0);
        const latest = [...data.conversations.values()]
          .filter((c) => c.visitor.id === visitorId)
          .reverse()
          .sort((a, b) => closed(a) - closed(b) || b.updatedAt - a.updatedAt)[0];
        return latest ? copy(latest) : null;
      }),
    recentClosed: (limit) =>
      guard(() =>
        [...data.conversations.values()]
          .filter((c) => c.status === 'closed')
          .sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0))
          .slice(0, limit)
          .map(copy),
      ),
    readEvents: (conversationId, afterSeq, limit) =>
      guard(() =>
        (data.events.get(conversationId) ?? [])
          .filter((e) => e.seq > afterSeq)
          .slice(0, limit)
          .map(copy),
      ),
    findClientId: (actor, clientId) =>
      guard((): ChatAck | null => {
        const found = data.clientIds.get(clientKey(actor, clientId));
        return found
          ? {
              type: 'chat.ack',
              clientId: found.clientId,
              conversationId: found.conversationId,
              messageId: found.messageId,
              seq: found.seq,
              at: found.at,
            }
          : null;
      }),
    getVisitor: (id) => guard(() => copy(data.visitors.get(id) ?? null)),
    findVerifiedVisitor: (siteId, userId) =>
      guard(() =>
        copy(
          [...data.visitors.values()].find(
            (v) => v.siteId === siteId && v.userId === userId && v.verified === true,
          ) ?? null,
        ),
      ),
    listSiteAppearances: () =>
      guard(() =>
        [...data.appearances.values()].sort((a, b) => (a.siteId < b.siteId ? -1 : 1)).map(copy),
      ),
    saveSiteAppearance: (appearance) =>
      guard(() => void data.appearances.set(appearance.siteId, copy(appearance))),
    // The identity only, as SQLite: the profile comes with a command's write.
    createVisitor: ({ id, siteId, name, createdAt }) =>
      guard(() => {
        if (!data.visitors.has(id)) data.visitors.set(id, { id, siteId, name, createdAt });
      }),
    loadOpenCallbacks: () =>
      guard(() =>
        [...data.callbacks.values()]
          .filter(isOpenCallback)
          .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1))
          .map(copy),
      ),
    getCallback: (id) => guard(() => copy(data.callbacks.get(id) ?? null)),
    findCallbackClientId: (actor, clientId) =>
      guard(() => {
        const id = data.callbackClientIds.get(clientKey(actor, clientId));
        return copy((id && data.callbacks.get(id)) || null);
      }),
    listCallbacks: (query) =>
      guard(() =>
        [...data.callbacks.values()]
          .filter(
            (c) =>
              (!query.status || c.status === query.status) &&
              (!query.departmentId || c.departmentId === query.departmentId) &&
              (!query.visitorId || c.visitor.id === query.visitorId) &&
              (query.updatedSince === undefined || c.updatedAt >= query.updatedSince) &&
              (!query.before ||
                c.createdAt < query.before.createdAt ||
                (c.createdAt === query.before.createdAt && c.id < query.before.id)),
          )
          .sort(newestFirst)
          .slice(0, query.limit)
          .map(copy),
      ),
    openVisitorPhones: () =>
      guard(() => {
        const result = new Map<string, string>();
        for (const c of data.conversations.values()) {
          const phone = c.status === 'closed' ? undefined : data.visitors.get(c.visitor.id)?.phone;
          if (phone) result.set(c.visitor.id, phone);
        }
        return result;
      }),
    openCutOffs: () =>
      guard(() =>
        [...data.conversations.values()]
          .filter(
            (c) =>
              c.status !== 'closed' &&
              (data.events.get(c.id) ?? []).some((e) => e.type === 'conversation.cut_off'),
          )
          .map((c) => c.id),
      ),
    pendingDeliveries: () =>
      guard(() =>
        [...data.deliveries.values()]
          .filter((d) => d.status === 'pending')
          .sort(
            (a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0) || a.createdAt - b.createdAt,
          )
          .map(copy),
      ),
    saveDelivery: (delivery) =>
      guard(() => {
        data.deliveries.set(delivery.id, copy(delivery));
      }),
    recentDeliveries: (limit) =>
      guard(() =>
        [...data.deliveries.values()]
          .reverse()
          .sort((a, b) => b.createdAt - a.createdAt)
          .slice(0, limit)
          .map(copy),
      ),
    listAgents: () =>
      guard(() =>
        [...data.agents.values()]
          .sort((a, b) => a.createdAt - b.createdAt || binary(nocase(a.email), nocase(b.email)))
          .map(copy),
      ),
    getAgent: (id) => guard(() => copy(data.agents.get(id) ?? null)),
    findAgentByEmail: (email) =>
      guard(() => {
        const folded = nocase(email);
        return copy([...data.agents.values()].find((a) => nocase(a.email) === folded) ?? null);
      }),
    saveAgent: (agent) =>
      guard(() => {
        // One agent per email in any case, as SQLite's unique NOCASE column.
        const email = nocase(agent.email);
        if ([...data.agents.values()].some((a) => a.id !== agent.id && nocase(a.email) === email)) {
          throw new Error('UNIQUE constraint failed: agents.email');
        }
        const presence = data.agents.get(agent.id)?.presence ?? 'online';
        data.agents.set(agent.id, { ...copy(agent), presence });
      }),
    listArticles: () =>
      guard(() => [...data.articles.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map(copy)),
    saveArticle: (stored) =>
      guard(() => void data.articles.set(stored.id, structuredClone(stored))),
    logSearch: (record) => guard(() => void data.searches.push({ ...record })),
    logArticleView: (record) => guard(() => void data.views.push({ ...record })),
    saveFeedback: (record) =>
      guard(
        () => void data.feedback.set(`${record.visitorId}\u0000${record.articleId}`, { ...record }),
      ),
    faqActivity: (from, to) =>
      guard(() => ({
        searches: data.searches.filter(inRange(from, to)).sort(byAt).map(copy),
        views: data.views.filter(inRange(from, to)).sort(byAt).map(copy),
        feedback: [...data.feedback.values()].filter(inRange(from, to)).sort(byAt).map(copy),
      })),
    conversationStarts: (visitorIds, from) =>
      guard(() => {
        const wanted = new Set(visitorIds);
        return [...data.conversations.values()]
          .filter((c) => wanted.has(c.visitor.id) && c.createdAt >= from)
          .map((c) => ({ visitorId: c.visitor.id, at: c.createdAt }))
          .sort(byAt);
      }),
    conversationLogs: (from, to) =>
      guard(() =>
        [...data.conversations.values()]
          .filter((c) => c.createdAt >= from && c.createdAt < to)
          .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
          .map((c) => ({
            id: c.id,
            siteId: c.siteId,
            visitorId: c.visitor.id,
            events: copy(data.events.get(c.id) ?? []),
          })),
      ),
    callbacksCreated: (from, to) =>
      guard(() =>
        [...data.callbacks.values()]
          .filter((c) => c.createdAt >= from && c.createdAt < to)
          .sort((a, b) => newestFirst(b, a))
          .map(copy),
      ),
    getStaffing: (departmentId) =>
      guard(() => {
        const plan = data.staffing.get(departmentId);
        return plan ? [...plan] : null;
      }),
    saveStaffing: (departmentId, scheduled) =>
      guard(() => void data.staffing.set(departmentId, [...scheduled])),
    saveQaReview: (review) =>
      guard(
        () =>
          void data.qaReviews.set(`${review.conversationId} ${review.reviewer.id}`, copy(review)),
      ),
    listQaReviews: (query) =>
      guard(() =>
        [...data.qaReviews.values()]
          .filter(
            (r) =>
              (query.agentId === undefined || r.agent.id === query.agentId) &&
              (query.conversationId === undefined || r.conversationId === query.conversationId) &&
              (query.from === undefined || r.at >= query.from) &&
              (query.to === undefined || r.at < query.to),
          )
          .sort((a, b) => b.at - a.at || (a.conversationId < b.conversationId ? 1 : -1))
          .slice(0, query.limit)
          .map(copy),
      ),
    isOpen: () => open,
    close: async () => {
      open = false;
    },
    reopen: () => handle(data),
  };
}
