import * as z from 'zod/mini';
import { LIMITS } from '../limits.js';
import {
  AgentProfile,
  AgentRef,
  AgentStatus,
  Article,
  Callback,
  CallbackOutcome,
  CannedResponse,
  ConversationSummary,
  Department,
  Disposition,
  FaqMetrics,
  ForecastHour,
  Kpis,
  Presence,
  QaCriterion,
  QaReview,
  QueueStatus,
  Seq,
  ServiceLevelTarget,
  SiteAppearance,
  WebhookDelivery,
} from '../model.js';
import {
  ChatAck,
  ChatTyping,
  ConversationClose,
  ConversationEventFrame,
  ConversationEvents,
  ConversationId,
  ConversationSync,
  clientIdSchema,
  ErrorFrame,
  Id,
  MessageText,
  OkFrame,
  TypingFrame,
} from './common.js';

/** The socket.io handshake of an agent (`auth` option): the token from `POST /api/agent/login`. */
export const AgentHandshake = z.object({
  protocol: z.number(),
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
});
export type AgentHandshake = z.infer<typeof AgentHandshake>;

// ----- agent to server -------------------------------------------------------------------------

/** First frame after connecting. Answered with `agent.welcome`; live inbox updates follow. */
export const AgentHello = z.object({ type: z.literal('agent.hello') });
export type AgentHello = z.infer<typeof AgentHello>;

/**
 * Open a conversation: answered with `conversation.events` (events after `afterSeq`), after which
 * its new events and typing are pushed to this socket.
 */
export const ConversationOpen = z.object({
  type: z.literal('conversation.open'),
  conversationId: ConversationId,
  afterSeq: Seq,
});
export type ConversationOpen = z.infer<typeof ConversationOpen>;

/**
 * Reply in a conversation. Replying to a waiting conversation assigns it to you first. Answered
 * with `chat.ack` once persisted; a repeated `clientId` gets the original ack.
 */
export const AgentChatSend = z.object({
  type: z.literal('chat.send'),
  conversationId: ConversationId,
  clientId: clientIdSchema(),
  text: MessageText,
});
export type AgentChatSend = z.infer<typeof AgentChatSend>;

/** Set your availability. Persisted: it survives a console reload. Answered with `ok`. */
export const PresenceSet = z.object({ type: z.literal('presence.set'), presence: Presence });
export type PresenceSet = z.infer<typeof PresenceSet>;

/** Take the conversation offered to you. Answered with `ok`, or `NOT_OFFERED` when it is gone. */
export const OfferAccept = z.object({
  type: z.literal('offer.accept'),
  conversationId: ConversationId,
});
export type OfferAccept = z.infer<typeof OfferAccept>;

/** Pass on the conversation offered to you; it goes to the next agent. Answered with `ok`. */
export const OfferDecline = z.object({
  type: z.literal('offer.decline'),
  conversationId: ConversationId,
});
export type OfferDecline = z.infer<typeof OfferDecline>;

/**
 * Assign a conversation: to yourself (pick it from the queue), or, for a supervisor, to anyone
 * (reassign). The agent must be online with room and the skills. Answered with `ok`.
 */
export const ConversationAssign = z.object({
  type: z.literal('conversation.assign'),
  conversationId: ConversationId,
  agentId: Id,
});
export type ConversationAssign = z.infer<typeof ConversationAssign>;

/**
 * Hand the conversation to another agent (who must be online with room: `AGENT_UNAVAILABLE`
 * otherwise; a supervisor for an escalation) or to a department's queue, with a note for the next
 * agent. Answered with `ok`.
 */
export const ConversationTransfer = z.object({
  type: z.literal('conversation.transfer'),
  conversationId: ConversationId,
  to: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('agent'), agentId: Id }),
    z.object({ kind: z.literal('department'), departmentId: Id }),
  ]),
  note: z.optional(z.string().check(z.maxLength(LIMITS.messageChars))),
});
export type ConversationTransfer = z.infer<typeof ConversationTransfer>;

/** Supervisors: join a conversation; the visitor sees you joined. Answered with `ok`. */
export const ConversationJoin = z.object({
  type: z.literal('conversation.join'),
  conversationId: ConversationId,
});
export type ConversationJoin = z.infer<typeof ConversationJoin>;

/**
 * An internal note (`note`) or a supervisor's whisper (`whisper`): agents see it, the visitor never
 * does. Answered with `chat.ack`; `clientId` deduplicates as for messages.
 */
export const NoteSend = z.object({
  type: z.literal('note.send'),
  conversationId: ConversationId,
  clientId: clientIdSchema(),
  kind: z.enum(['note', 'whisper']),
  text: MessageText,
});
export type NoteSend = z.infer<typeof NoteSend>;

/** The visitor's earlier conversations. Answered with `customer.conversations`. */
export const CustomerHistory = z.object({
  type: z.literal('customer.history'),
  visitorId: Id,
});
export type CustomerHistory = z.infer<typeof CustomerHistory>;

/** Supervisors: create or change a department. Persisted. Answered with `ok`. */
export const DepartmentSave = z.object({
  type: z.literal('department.save'),
  department: Department,
});
export type DepartmentSave = z.infer<typeof DepartmentSave>;

/**
 * Supervisors: change a site's appearance and proactive greetings. Persisted over the config
 * file's values, pushed to every agent (`sites.changed`) and every open widget of the site
 * (`site.updated`). Answered with `ok`; `NOT_FOUND` for a site the relay does not have.
 */
export const SiteSave = z.object({ type: z.literal('site.save'), site: SiteAppearance });
export type SiteSave = z.infer<typeof SiteSave>;

/** Supervisors: create or change a canned response. Persisted. Answered with `ok`. */
export const CannedSave = z.object({ type: z.literal('canned.save'), canned: CannedResponse });
export type CannedSave = z.infer<typeof CannedSave>;

/** Supervisors: delete a canned response. Answered with `ok`. */
export const CannedDelete = z.object({ type: z.literal('canned.delete'), id: Id });
export type CannedDelete = z.infer<typeof CannedDelete>;

/** Claim a scheduled callback to dial it (you need the department's skills). Answered with `ok`. */
export const CallbackClaim = z.object({
  type: z.literal('callback.claim'),
  callbackId: Id,
});
export type CallbackClaim = z.infer<typeof CallbackClaim>;

/** Give a claimed callback back to the queue. Answered with `ok`. */
export const CallbackRelease = z.object({
  type: z.literal('callback.release'),
  callbackId: Id,
});
export type CallbackRelease = z.infer<typeof CallbackRelease>;

/**
 * Record the outcome of your call. `resolved`/`unresolved` complete it; `no_answer`/`voicemail`
 * schedule the next attempt by the retry policy, or mark it missed after the last; `wrong_number`
 * marks it missed. Answered with `ok`.
 */
export const CallbackRecord = z.object({
  type: z.literal('callback.outcome'),
  callbackId: Id,
  outcome: CallbackOutcome,
  note: z.optional(z.string().check(z.maxLength(LIMITS.messageChars))),
  /** The wrap-up code, for a call that reached the customer. */
  dispositionId: z.optional(Id),
});
export type CallbackRecord = z.infer<typeof CallbackRecord>;

/** One click after a cut-off chat: a callback as soon as possible to the number the visitor gave. */
export const CallbackCreate = z.object({
  type: z.literal('callback.create'),
  conversationId: ConversationId,
});
export type CallbackCreate = z.infer<typeof CallbackCreate>;

/** Supervisors: the latest webhook deliveries. Answered with `webhooks.deliveries`. */
export const WebhooksLog = z.object({ type: z.literal('webhooks.log') });
export type WebhooksLog = z.infer<typeof WebhooksLog>;

/** Supervisors: all articles with their Markdown, published or not. Answered with `articles.list`. */
export const ArticlesGet = z.object({ type: z.literal('articles.get') });
export type ArticlesGet = z.infer<typeof ArticlesGet>;

/**
 * Supervisors: create or change an article (persisted; the search index is updated at once).
 * Answered with `ok`; everyone who asked for the list receives `articles.list` again.
 */
export const ArticleSave = z.object({ type: z.literal('article.save'), article: Article });
export type ArticleSave = z.infer<typeof ArticleSave>;

/** Supervisors: delete an article. Answered with `ok`. */
export const ArticleDelete = z.object({
  type: z.literal('article.delete'),
  articleId: Id,
});
export type ArticleDelete = z.infer<typeof ArticleDelete>;

/** Render Markdown exactly as visitors will see it (for the editor's preview). Answered with `article.preview`. */
export const ArticleRender = z.object({
  type: z.literal('article.render'),
  body: z.string().check(z.maxLength(100_000)),
});
export type ArticleRender = z.infer<typeof ArticleRender>;

/** Supervisors: self-service metrics over a range (default: the last 30 days). Answered with `faq.metrics`. */
export const FaqMetricsGet = z.object({
  type: z.literal('faq.metrics.get'),
  from: z.optional(z.number()),
  to: z.optional(z.number()),
});
export type FaqMetricsGet = z.infer<typeof FaqMetricsGet>;

/**
 * Wrap up a closed conversation you handled (supervisors: any): disposition and whether it was
 * resolved. Logged as `conversation.wrapped`; a later wrap-up replaces the earlier one. Answered
 * with `ok`; `CONVERSATION_OPEN` before it is closed, `UNKNOWN_DISPOSITION` for a code the relay
 * does not have.
 */
export const ConversationWrapUp = z.object({
  type: z.literal('conversation.wrapup'),
  conversationId: ConversationId,
  dispositionId: Id,
  resolved: z.boolean(),
  note: z.optional(z.string().check(z.maxLength(1000))),
});
export type ConversationWrapUp = z.infer<typeof ConversationWrapUp>;

/** Which contacts a KPI request covers: a time range (ms) and optional filters. */
const KpiScope = {
  from: z.number().check(z.int(), z.nonnegative()),
  to: z.number().check(z.int(), z.nonnegative()),
  siteId: z.optional(Id),
  departmentId: z.optional(Id),
  agentId: z.optional(Id),
};

/**
 * The KPIs over a range, computed from the event log: totals, a series by hour or day, and the
 * same per agent and per department. Supervisors: anyone's; agents: only their own (`agentId` is
 * forced to theirs). Answered with `kpi.report`.
 */
export const KpiGet = z.object({
  type: z.literal('kpi.get'),
  ...KpiScope,
  /** @default 'day' */
  bucket: z.optional(z.enum(['hour', 'day'])),
});
export type KpiGet = z.infer<typeof KpiGet>;

/**
 * Supervisors: the staffing forecast of a department, by hour of the week: arrivals and handle
 * time from the last `weeks` weeks of history, agents needed by Erlang C for the target, and the
 * service level the scheduled agents would give. Answered with `forecast`.
 */
export const ForecastGet = z.object({
  type: z.literal('forecast.get'),
  departmentId: Id,
  /** History to learn from. @default 4 */
  weeks: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(12))),
  /** @default the relay's service-level target */
  target: z.optional(ServiceLevelTarget),
});
export type ForecastGet = z.infer<typeof ForecastGet>;

/**
 * Supervisors: the staffing plan of a department, agents scheduled per hour of the week (168
 * numbers, Monday 00:00 first, department time). Persisted. Answered with `ok`.
 */
export const StaffingSave = z.object({
  type: z.literal('staffing.save'),
  departmentId: Id,
  scheduled: z
    .array(z.number().check(z.int(), z.minimum(0), z.maximum(1000)))
    .check(z.minLength(168), z.maxLength(168)),
});
export type StaffingSave = z.infer<typeof StaffingSave>;

/**
 * Supervisors: score a closed conversation against the QA scorecard (every criterion, 1 to 5) and
 * leave a coaching comment. One review per reviewer and conversation; saving again replaces it.
 * Answered with `ok`; `CONVERSATION_OPEN` for an open conversation.
 */
export const QaReviewSave = z.object({
  type: z.literal('qa.review.save'),
  conversationId: ConversationId,
  scores: z.record(Id, z.number().check(z.int(), z.minimum(1), z.maximum(5))),
  comment: z.optional(z.string().check(z.maxLength(LIMITS.messageChars))),
});
export type QaReviewSave = z.infer<typeof QaReviewSave>;

/**
 * QA reviews and their roll-up per agent. Supervisors: anyone's; agents: their own (coaching).
 * Answered with `qa.reviews`.
 */
export const QaReviewsGet = z.object({
  type: z.literal('qa.reviews.get'),
  agentId: z.optional(Id),
  conversationId: z.optional(ConversationId),
  from: z.optional(z.number().check(z.int(), z.nonnegative())),
  to: z.optional(z.number().check(z.int(), z.nonnegative())),
});
export type QaReviewsGet = z.infer<typeof QaReviewsGet>;

/** Everything an agent may send. */
export const AgentToServer = z.discriminatedUnion('type', [
  AgentHello,
  ConversationOpen,
  AgentChatSend,
  ChatTyping,
  ConversationSync,
  ConversationClose,
  PresenceSet,
  OfferAccept,
  OfferDecline,
  ConversationAssign,
  ConversationTransfer,
  ConversationJoin,
  NoteSend,
  CustomerHistory,
  DepartmentSave,
  SiteSave,
  CannedSave,
  CannedDelete,
  CallbackClaim,
  CallbackRelease,
  CallbackRecord,
  CallbackCreate,
  WebhooksLog,
  ArticlesGet,
  ArticleSave,
  ArticleDelete,
  ArticleRender,
  FaqMetricsGet,
  ConversationWrapUp,
  KpiGet,
  ForecastGet,
  StaffingSave,
  QaReviewSave,
  QaReviewsGet,
]);
export type AgentToServer = z.infer<typeof AgentToServer>;

// ----- server to agent -------------------------------------------------------------------------

/**
 * Today's numbers for the supervisors' wallboard (since local midnight of the relay): the KPIs so
 * far and per hour. Queue lengths, longest waits and agents by state come with `routing.snapshot`.
 */
export const WallboardData = z.object({
  at: z.number().check(z.int(), z.nonnegative()),
  /** Start of "today", ms. */
  since: z.number().check(z.int(), z.nonnegative()),
  target: ServiceLevelTarget,
  today: Kpis,
  hourly: z.array(
    z.object({
      start: z.number().check(z.int(), z.nonnegative()),
      contacts: z.number().check(z.int(), z.nonnegative()),
      serviceLevel: z.nullable(z.number()),
    }),
  ),
});
export type WallboardData = z.infer<typeof WallboardData>;

/** The answer to `agent.hello`: who you are and the conversations in your inbox (open ones, and the latest closed). */
export const AgentWelcome = z.object({
  type: z.literal('agent.welcome'),
  agent: AgentProfile,
  conversations: z.array(ConversationSummary),
  /** Your saved availability. */
  presence: z.optional(Presence),
  departments: z.optional(z.array(Department)),
  canned: z.optional(z.array(CannedResponse)),
  /** Every site's appearance, for the Appearance view. */
  sites: z.optional(z.array(SiteAppearance)),
  /** The wrap-up codes to pick from when finishing a contact. */
  dispositions: z.optional(z.array(Disposition)),
  /** The QA scorecard. */
  qaCriteria: z.optional(z.array(QaCriterion)),
  serviceLevel: z.optional(ServiceLevelTarget),
  /** Supervisors: today's numbers for the wallboard, as in `wallboard.update`. */
  wallboard: z.optional(WallboardData),
  routing: z.optional(z.object({ agents: z.array(AgentStatus), queues: z.array(QueueStatus) })),
  /** Open callbacks (scheduled or calling) and those finished in the last 24 hours. */
  callbacks: z.optional(z.array(Callback)),
});
export type AgentWelcome = z.infer<typeof AgentWelcome>;

/** A conversation appeared in the inbox or changed (new message, assigned, closed). */
export const InboxUpsert = z.object({
  type: z.literal('inbox.upsert'),
  conversation: ConversationSummary,
});
export type InboxUpsert = z.infer<typeof InboxUpsert>;

/** Every agent's state and every queue, pushed when they change (at most about once a second). */
export const RoutingSnapshot = z.object({
  type: z.literal('routing.snapshot'),
  agents: z.array(AgentStatus),
  queues: z.array(QueueStatus),
});
export type RoutingSnapshot = z.infer<typeof RoutingSnapshot>;

/** The departments changed (a supervisor saved one). */
export const DepartmentsChanged = z.object({
  type: z.literal('departments.changed'),
  departments: z.array(Department),
});
export type DepartmentsChanged = z.infer<typeof DepartmentsChanged>;

/** A site's appearance changed (a supervisor saved it). */
export const SitesChanged = z.object({
  type: z.literal('sites.changed'),
  sites: z.array(SiteAppearance),
});
export type SitesChanged = z.infer<typeof SitesChanged>;

/** The canned responses changed. */
export const CannedChanged = z.object({
  type: z.literal('canned.changed'),
  canned: z.array(CannedResponse),
});
export type CannedChanged = z.infer<typeof CannedChanged>;

/** The answer to `customer.history`: the visitor's conversations, newest first (at most 50). */
export const CustomerConversations = z.object({
  type: z.literal('customer.conversations'),
  visitorId: z.string(),
  conversations: z.array(ConversationSummary),
  /** The visitor's callbacks, with their attempts, newest first. */
  callbacks: z.optional(z.array(Callback)),
});
export type CustomerConversations = z.infer<typeof CustomerConversations>;

/** A callback appeared or changed. */
export const CallbackUpsert = z.object({ type: z.literal('callback.upsert'), callback: Callback });
export type CallbackUpsert = z.infer<typeof CallbackUpsert>;

/** The answer to `webhooks.log`: newest first, at most 100. */
export const WebhookDeliveries = z.object({
  type: z.literal('webhooks.deliveries'),
  deliveries: z.array(WebhookDelivery),
});
export type WebhookDeliveries = z.infer<typeof WebhookDeliveries>;

/** All articles, for the editor. */
export const ArticlesList = z.object({
  type: z.literal('articles.list'),
  articles: z.array(Article),
});
export type ArticlesList = z.infer<typeof ArticlesList>;

/** Sanitised HTML for the editor's preview. */
export const ArticlePreview = z.object({ type: z.literal('article.preview'), html: z.string() });
export type ArticlePreview = z.infer<typeof ArticlePreview>;

/** Self-service metrics. */
export const FaqMetricsFrame = z.object({ type: z.literal('faq.metrics'), metrics: FaqMetrics });
export type FaqMetricsFrame = z.infer<typeof FaqMetricsFrame>;

/** Supervisors: today's wallboard numbers changed (pushed at most every 2 seconds). */
export const WallboardUpdate = z.object({
  type: z.literal('wallboard.update'),
  data: WallboardData,
});
export type WallboardUpdate = z.infer<typeof WallboardUpdate>;

const KpiRow = z.object({ kpis: Kpis });

/** The answer to `kpi.get`. */
export const KpiReport = z.object({
  type: z.literal('kpi.report'),
  from: z.number(),
  to: z.number(),
  bucket: z.enum(['hour', 'day']),
  target: ServiceLevelTarget,
  totals: Kpis,
  /** One entry per bucket in the range, empty buckets included, oldest first. */
  series: z.array(z.object({ start: z.number(), ...KpiRow.shape })),
  agents: z.array(z.object({ agent: AgentRef, ...KpiRow.shape })),
  departments: z.array(z.object({ departmentId: Id, name: z.string(), ...KpiRow.shape })),
});
export type KpiReport = z.infer<typeof KpiReport>;

/** The answer to `forecast.get`: 168 hours, Monday 00:00 first. */
export const ForecastFrame = z.object({
  type: z.literal('forecast'),
  departmentId: Id,
  weeks: z.number(),
  target: ServiceLevelTarget,
  hours: z.array(ForecastHour),
});
export type ForecastFrame = z.infer<typeof ForecastFrame>;

/** The answer to `qa.reviews.get`, newest first, with each agent's averages. */
export const QaReviews = z.object({
  type: z.literal('qa.reviews'),
  criteria: z.array(QaCriterion),
  reviews: z.array(QaReview),
  rollup: z.array(
    z.object({
      agent: AgentRef,
      reviews: z.number().check(z.int(), z.nonnegative()),
      /** Mean of all scores, 1 to 5. */
      average: z.nullable(z.number()),
      byCriterion: z.record(Id, z.nullable(z.number())),
    }),
  ),
});
export type QaReviews = z.infer<typeof QaReviews>;

/** Everything the relay may send an agent (pushed, or as the answer to a request). */
export const ServerToAgent = z.discriminatedUnion('type', [
  AgentWelcome,
  InboxUpsert,
  ChatAck,
  ConversationEventFrame,
  ConversationEvents,
  TypingFrame,
  OkFrame,
  ErrorFrame,
  RoutingSnapshot,
  DepartmentsChanged,
  SitesChanged,
  CannedChanged,
  CustomerConversations,
  CallbackUpsert,
  WebhookDeliveries,
  ArticlesList,
  ArticlePreview,
  FaqMetricsFrame,
  WallboardUpdate,
  KpiReport,
  ForecastFrame,
  QaReviews,
]);
export type ServerToAgent = z.infer<typeof ServerToAgent>;
