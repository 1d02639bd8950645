import type {
  Article,
  Callback,
  CallbackStatus,
  CannedResponse,
  ChatAck,
  ConversationEvent,
  ConversationSummary,
  Department,
  Presence,
  QaReview,
  SiteAppearance,
} from '@switchboard/shared';
import type { ClientIdRecord, VisitorRecord } from '../core/records.js';

export type { ClientIdRecord, VisitorRecord };

/** One command's worth of changes to one conversation, written in one transaction. */
export interface AppendBatch {
  /** The conversation's summary after `events` (it names the site and the visitor). */
  conversation: ConversationSummary;
  /** New events, seq contiguous after the stored `lastSeq`. */
  events: ConversationEvent[];
  /** The sender's clientId of the message in `events`, if any. */
  clientId?: ClientIdRecord;
}

/** An agent who may sign in. `disabled` agents (dropped from the config) cannot. */
export interface AgentRecord {
  id: string;
  email: string;
  name: string;
  role: 'agent' | 'supervisor';
  passwordHash: string;
  disabled: boolean;
  createdAt: number;
  /** Saved availability; `online` until the agent first sets it. `saveAgent` never changes it. */
  presence?: Presence;
}

/** What a webhook is told. */
export type WebhookEventName = 'callback.requested' | 'callback.updated' | 'callback.completed';

/** One webhook POST to make (or made): the body is kept as sent, so every retry is the same. */
export interface WebhookDeliveryRecord {
  id: string;
  url: string;
  event: WebhookEventName;
  /** The JSON `WebhookPayload`, exactly as POSTed. */
  body: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** HTTP status of the last try, or null without one. */
  lastStatus: number | null;
  lastError?: string;
  /** When to try next (pending only). */
  nextAttemptAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** One conversation's whole log, oldest event first (as `ConversationLog` in core/kpis.ts). */
export interface StoredLog {
  id: string;
  siteId: string;
  visitorId: string;
  events: ConversationEvent[];
}

/** Which QA reviews `listQaReviews` returns (all filters optional; `at` in `[from, to)`). */
export interface QaReviewQuery {
  agentId?: string;
  conversationId?: string;
  from?: number;
  to?: number;
  limit: number;
}

/** Which callbacks `listCallbacks` returns, newest (by creation) first. */
export interface CallbackQuery {
  status?: CallbackStatus;
  departmentId?: string;
  visitorId?: string;
  /** Only those changed at or after this time. */
  updatedSince?: number;
  /** Only those created before this one, in list order (a page's cursor). */
  before?: { createdAt: number; id: string };
  limit: number;
}

/**
 * Everything one command changes, written in one transaction: the events of each conversation it
 * touched, and the routing settings it saved.
 */
export interface StoreChanges {
  appends?: AppendBatch[];
  presence?: Array<{ agentId: string; presence: Presence }>;
  departments?: Department[];
  cannedSaved?: CannedResponse[];
  cannedDeleted?: string[];
  /** Callbacks to insert or replace, with the request's clientId (to find it on a resend). */
  callbacks?: Array<{ callback: Callback; clientId?: { actor: string; clientId: string } }>;
  visitorPhones?: Array<{ visitorId: string; phone: string }>;
  /** Webhook deliveries to enqueue, with the change that caused them. */
  deliveries?: WebhookDeliveryRecord[];
  /**
   * Visitor profiles to insert or replace (name, email, phone, userId, verified, attributes).
   * A second verified visitor with the same site and userId makes the write fail.
   */
  visitors?: VisitorRecord[];
}

/** A console-made article (or a console deletion of one from the content folder: `article` null). */
export interface StoredArticle {
  id: string;
  article: Article | null;
}

/** One FAQ search, for the content-gap report. `query` is trimmed and lowercased. */
export interface FaqSearchRecord {
  siteId: string;
  visitorId: string;
  query: string;
  results: number;
  purpose: 'search' | 'suggest';
  at: number;
}

/** One opening of an article by a visitor. */
export interface ArticleViewRecord {
  siteId: string;
  visitorId: string;
  articleId: string;
  source: 'search' | 'suggestion' | 'api' | 'link';
  at: number;
}

/** A visitor's "Was this helpful?" answer (one per visitor and article; the last one counts). */
export interface ArticleFeedbackRecord {
  siteId: string;
  visitorId: string;
  articleId: string;
  helpful: boolean;
  at: number;
}

/** FAQ activity in a time range (`from <= at < to`), for the metrics. */
export interface FaqActivity {
  searches: FaqSearchRecord[];
  views: ArticleViewRecord[];
  feedback: ArticleFeedbackRecord[];
}

/**
 * Port: a command's changes across the other ports, written in one transaction (the only writes
 * that span them). A PostgreSQL store implements it with one database transaction per call.
 */
export interface StoreTransactions {
  /** Write a command's changes atomically (every append checked as `append` does), or none. */
  write(changes: StoreChanges): Promise<void>;
  /**
   * Write several commands' changes in ONE transaction (the engine's group commit): each applied
   * in turn as `write` would, a later one seeing the earlier ones; all of them, or none.
   */
  writeAll(list: readonly StoreChanges[]): Promise<void>;
}

/** A lease's fencing token: writes made under it are refused once the lease has a newer epoch. */
export interface Fence {
  lease: string;
  epoch: number;
}

/** Who holds a lease, at which epoch, and for how much longer (negative: expired). */
export interface LeaseHolder {
  holder: string;
  epoch: number;
  expiresInMs: number;
}

/**
 * Port (shared databases only: PostgreSQL): named leases with an expiry and an epoch, on the
 * database's clock, so nodes with skewed clocks agree. Taking a lease always bumps its epoch;
 * `fenced` writes carry the epoch and are refused (`FencedError`) once it moved on.
 */
export interface LeaseStore {
  /** Take the lease if nobody holds it, it expired, or `holder` holds it: its new epoch, or null. */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<number | null>;
  /** Extend it, if `holder` still holds it at `epoch`: false when it was lost. */
  renewLease(name: string, holder: string, epoch: number, ttlMs: number): Promise<boolean>;
  /** Let it go at once (expired now), if still held at `epoch`: another node may take it. */
  releaseLease(name: string, holder: string, epoch: number): Promise<void>;
  readLease(name: string): Promise<LeaseHolder | null>;
  /**
   * Take the lease before it expires, if it is still at `seenEpoch` (its holder was found gone by
   * `liveness`): its new epoch, or null when someone changed it meanwhile.
   */
  takeLease(name: string, holder: string, seenEpoch: number, ttlMs: number): Promise<number | null>;
  /** The holder's sign of life that ends with its process (see `LeaseLiveness`). */
  liveness(name: string): LeaseLiveness;
  /** The store's writes behind `fence`: each refused with `FencedError` once the epoch moved on. */
  fenced(fence: Fence): StoreTransactions;
}

/**
 * A lock the lease's holder keeps on a connection of its own: the database drops it the moment
 * that connection ends (the process was killed, its host went down), long before the lease
 * expires, so the others can take over at once. A paused holder keeps its connection, and so the
 * lock: then the lease's expiry decides, and the fence keeps the paused one from writing.
 */
export interface LeaseLiveness {
  /** Take the lock (false when another connection holds it: a holder still paused). */
  hold(): Promise<boolean>;
  /** Let it go (stepping down, closing). */
  release(): Promise<void>;
  /** Whether nobody holds it now (the holder's connection is gone). */
  probe(): Promise<boolean>;
  /** Close the connections. */
  close(): Promise<void>;
}

/**
 * Port: the conversation log and its senders' client ids (conversations, events, client ids), with
 * the reads derived from them for the core's start-up state, history and the FAQ's deflection.
 * Events are only ever appended, seq contiguous per conversation.
 */
export interface ConversationStore {
  /** Append events (and the message's clientId) atomically: all of it is stored, or none. */
  append(batch: AppendBatch): Promise<void>;
  /** Conversations not closed, oldest created first, for the core's state at start-up. */
  loadOpenConversations(): Promise<ConversationSummary[]>;
  /** One conversation's summary, or null. */
  getConversation(conversationId: string): Promise<ConversationSummary | null>;
  /** The visitor's open conversation, or else their most recently closed one, or null. */
  latestConversationOf(visitorId: string): Promise<ConversationSummary | null>;
  /** The most recently closed conversations, newest first. */
  recentClosed(limit: number): Promise<ConversationSummary[]>;
  /** Events with `seq > afterSeq`, in order, at most `limit`. */
  readEvents(conversationId: string, afterSeq: number, limit: number): Promise<ConversationEvent[]>;
  /** The ack of a message already stored under this sender's clientId, or null. */
  findClientId(actor: string, clientId: string): Promise<ChatAck | null>;
  /**
   * `findClientId` for many senders at once, in one read: the answers in the order of `keys`.
   * The engine asks it for the commands that arrived together.
   */
  findClientIds(keys: readonly { actor: string; clientId: string }[]): Promise<(ChatAck | null)[]>;
  /** A visitor's conversations, newest first (by creation), at most `limit`. */
  customerHistory(visitorId: string, limit: number): Promise<ConversationSummary[]>;
  /**
   * The last `perDepartment` handle times (first assignment to close, ms) of closed conversations,
   * per department (the one it closed in), oldest first.
   */
  recentHandleTimes(perDepartment: number): Promise<Map<string, number[]>>;
  /** When each open conversation was first assigned (assigned ones only). */
  openAssignedAt(): Promise<Map<string, number>>;
  /** Open conversations whose log has a `conversation.cut_off`. */
  openCutOffs(): Promise<string[]>;
  /** When each of these visitors started conversations at or after `from`, oldest first. */
  conversationStarts(
    visitorIds: readonly string[],
    from: number,
  ): Promise<Array<{ visitorId: string; at: number }>>;
}

/** Port: visitors and what they told about themselves (identity, phone, attributes). */
export interface VisitorStore {
  getVisitor(visitorId: string): Promise<VisitorRecord | null>;
  /**
   * Store a new visitor's identity (id, site, name, creation time); an existing id is left as it
   * is. The profile (phone, email, user id, attributes) is written by `write({ visitors })`.
   */
  createVisitor(visitor: VisitorRecord): Promise<void>;
  /** The verified visitor of a site with this user id, or null. Unverified claims never match. */
  findVerifiedVisitor(siteId: string, userId: string): Promise<VisitorRecord | null>;
  /** Known phone numbers of the visitors of open conversations. */
  openVisitorPhones(): Promise<Map<string, string>>;
}

/**
 * Port: the directory supervisors and the config change: site appearances, agents (with their saved
 * presence), departments and canned replies. Small tables, each read whole or by id.
 */
export interface DirectoryStore {
  /** Site appearances saved by supervisors (over the config file's values). */
  listSiteAppearances(): Promise<SiteAppearance[]>;
  /** Insert or replace by site id. */
  saveSiteAppearance(appearance: SiteAppearance): Promise<void>;
  /** By creation, then email (case-insensitive). */
  listAgents(): Promise<AgentRecord[]>;
  getAgent(agentId: string): Promise<AgentRecord | null>;
  /** Case-insensitive (ASCII letters), as emails are unique. */
  findAgentByEmail(email: string): Promise<AgentRecord | null>;
  /** Insert or replace by id; an email another agent has (in any case) is refused. */
  saveAgent(agent: AgentRecord): Promise<void>;
  /** In the order first saved. */
  listDepartments(): Promise<Department[]>;
  /** Insert or replace by id. */
  saveDepartment(department: Department): Promise<void>;
  /** By shortcut (code points). */
  listCanned(): Promise<CannedResponse[]>;
  /** Insert or replace by id. */
  saveCanned(canned: CannedResponse): Promise<void>;
}

/** Port: callback requests and the webhook deliveries their changes enqueue. */
export interface CallbackStore {
  /** Open callbacks (scheduled or calling), for the core's state at start-up. */
  loadOpenCallbacks(): Promise<Callback[]>;
  getCallback(id: string): Promise<Callback | null>;
  /** The callback a request with this sender's clientId made (or merged into), or null. */
  findCallbackClientId(actor: string, clientId: string): Promise<Callback | null>;
  listCallbacks(query: CallbackQuery): Promise<Callback[]>;
  /** Pending webhook deliveries, soonest first (then oldest created). */
  pendingDeliveries(): Promise<WebhookDeliveryRecord[]>;
  /** Replace a delivery (after a try). */
  saveDelivery(delivery: WebhookDeliveryRecord): Promise<void>;
  /** The latest deliveries, newest first. */
  recentDeliveries(limit: number): Promise<WebhookDeliveryRecord[]>;
}

/** Port: console-made help articles and visitors' FAQ activity (searches, views, feedback). */
export interface HelpCenterStore {
  /** Console-made articles and deletions, by id. */
  listArticles(): Promise<StoredArticle[]>;
  /** Insert or replace by id; `article` null records a deletion. */
  saveArticle(stored: StoredArticle): Promise<void>;
  logSearch(record: FaqSearchRecord): Promise<void>;
  logArticleView(record: ArticleViewRecord): Promise<void>;
  /** Insert or replace by visitor and article. */
  saveFeedback(record: ArticleFeedbackRecord): Promise<void>;
  /** Searches, views and feedback with `from <= at < to`, oldest first. */
  faqActivity(from: number, to: number): Promise<FaqActivity>;
}

/**
 * Port: quality and staffing (QA reviews, staffing plans) and the reports' range reads over
 * conversations and callbacks (KPIs, CSV export).
 */
export interface ReportStore {
  /**
   * Conversations created in `[from, to)` with their whole logs (agents' copy), oldest first, for
   * the KPIs: one indexed query.
   */
  conversationLogs(from: number, to: number): Promise<StoredLog[]>;
  /** Callbacks created in `[from, to)`, oldest first. */
  callbacksCreated(from: number, to: number): Promise<Callback[]>;
  /** A department's saved staffing plan (168 numbers, Monday 00:00 first), or null. */
  getStaffing(departmentId: string): Promise<number[] | null>;
  /** Insert or replace a department's staffing plan. */
  saveStaffing(departmentId: string, scheduled: readonly number[], at: number): Promise<void>;
  /** Insert or replace by conversation and reviewer. */
  saveQaReview(review: QaReview): Promise<void>;
  /** QA reviews, newest first. */
  listQaReviews(query: QaReviewQuery): Promise<QaReview[]>;
}

/** Port: whether the store is open (readiness), and closing it. */
export interface StoreLifecycle {
  /** False once closed. */
  isOpen(): boolean;
  close(): Promise<void>;
}

/**
 * The storage port. Everything the relay keeps goes through it, so a PostgreSQL implementation can
 * replace SQLite without touching the rest: no SQL outside `store/`. Every method may reject; the
 * caller then keeps its state as it was and reports `INTERNAL`. It is the sum of the ports above,
 * split by what changes together; a caller that needs only one port may take just that one.
 */
export interface Store
  extends StoreTransactions,
    ConversationStore,
    VisitorStore,
    DirectoryStore,
    CallbackStore,
    HelpCenterStore,
    ReportStore,
    StoreLifecycle {
  /** Leases and fenced writes, on a database several relay nodes share (PostgreSQL). */
  leases?: LeaseStore;
}
