import type {
  AgentProfile,
  AgentStatus,
  Article,
  Callback,
  CannedResponse,
  ConversationEvent,
  ConversationSummary,
  Department,
  ErrorCode,
  FaqMetrics,
  ForecastFrame,
  KpiReport,
  Presence,
  QueueStatus,
  SiteAppearance,
  WallboardData,
  WebhookDelivery,
} from '@switchboard/shared';
import { EMPTY_QUALITY, type QualityState } from './quality.js';

/** Where the agent socket stands, as the top bar shows it. */
export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline';

/** The events of one opened conversation, applied in seq order, each exactly once. */
export interface Thread {
  events: ConversationEvent[];
  /** The highest contiguous seq held (0 before the first event). */
  lastSeq: number;
  /** True when an event arrived past `lastSeq + 1`: the client asks `conversation.sync`. */
  gap: boolean;
  /** True once the first `conversation.events` answer arrived. */
  loaded: boolean;
}

/** What the composer sends: a reply to the visitor, an internal note, or a supervisor's whisper. */
export type ComposeMode = 'reply' | 'note' | 'whisper';

/**
 * A reply (or note) the agent wrote that the relay has not yet shown back as a `message.created`
 * (or `note.created`).
 */
export interface PendingMessage {
  clientId: string;
  conversationId: string;
  text: string;
  /** @default 'reply' */
  mode?: ComposeMode;
  createdAt: number;
  /** `sending` until `chat.ack`; `sent` once acked; `failed` when the send errored or timed out. */
  status: 'sending' | 'sent' | 'failed';
  /** The seq the ack gave it, once acked. */
  seq?: number;
  /** The ack's timestamp. */
  at?: number;
}

/** Someone typing in a conversation, until `until` (ms since the epoch). */
export interface TypingState {
  name: string;
  until: number;
}

/** A problem to show the agent, with the relay's message. */
export interface Notice {
  code: ErrorCode | 'NETWORK';
  message: string;
  conversationId?: string;
}

/** Every agent's state and every queue, from `routing.snapshot` (or the welcome). */
export interface RoutingView {
  agents: AgentStatus[];
  queues: QueueStatus[];
}

/** Everything the console knows, derived from frames and the agent's own actions. */
export interface ConsoleState {
  agent: AgentProfile | null;
  connection: ConnectionStatus;
  /** The agent's own availability: from the welcome, changed by the status select. */
  presence: Presence;
  /** Conversation summaries by id, from `agent.welcome` and `inbox.upsert`. */
  inbox: Record<string, ConversationSummary>;
  /**
   * Closed conversations opened from a customer's history, which are not in the inbox: shown
   * read-only, never listed.
   */
  archive: Record<string, ConversationSummary>;
  /** A customer's conversations by visitor id, newest first (`customer.conversations`). */
  history: Record<string, ConversationSummary[]>;
  routing: RoutingView | null;
  /** When the routing state arrived (ms), so waits can tick on between snapshots. @default 0 */
  routingAt: number;
  /** Supervisors: today's wallboard numbers, from `agent.welcome` and `wallboard.update`. */
  wallboard: WallboardData | null;
  /** Supervisors: the last `kpi.report` (Reports view); null until one answered. */
  kpiReport: KpiReport | null;
  /** Supervisors: the last `forecast` (Forecast view); null until one answered. */
  forecast: ForecastFrame | null;
  /**
   * Callbacks by id: open ones and those finished lately, from `agent.welcome` and
   * `callback.upsert` (the newer `updatedAt` wins).
   */
  callbacks: Record<string, Callback>;
  /** A customer's callbacks by visitor id, newest first (`customer.conversations.callbacks`). */
  historyCallbacks: Record<string, Callback[]>;
  /** The webhook delivery log, newest first; null until `webhooks.deliveries` answered. */
  webhooks: WebhookDelivery[] | null;
  /** Help articles with their Markdown (supervisors); null until `articles.list` answered. */
  articles: Article[] | null;
  /** Self-service metrics over the chosen range; null until `faq.metrics` answered. */
  faqMetrics: FaqMetrics | null;
  departments: Department[];
  canned: CannedResponse[];
  /** Every site's appearance (supervisors), from `agent.welcome` and `sites.changed`. */
  sites: SiteAppearance[];
  /** Opened conversations by id. */
  threads: Record<string, Thread>;
  /** Unacknowledged and not-yet-echoed replies, oldest first. */
  outbox: PendingMessage[];
  /** Visitor typing, by conversation id. */
  typing: Record<string, TypingState>;
  /** The seq the agent had seen when they last looked at each conversation. */
  lastRead: Record<string, number>;
  selectedId: string | null;
  notice: Notice | null;
  /** Wrap-up codes, the QA scorecard and QA reviews (`store/quality.ts`). */
  quality: QualityState;
}

/**
 * A fresh state: nothing known, connecting.
 * @example createInitialState({ lastRead: loadLastRead(storage) })
 */
export function createInitialState(overrides: Partial<ConsoleState> = {}): ConsoleState {
  return {
    agent: null,
    connection: 'connecting',
    presence: 'online',
    inbox: {},
    archive: {},
    history: {},
    routing: null,
    routingAt: 0,
    wallboard: null,
    kpiReport: null,
    forecast: null,
    callbacks: {},
    historyCallbacks: {},
    webhooks: null,
    articles: null,
    faqMetrics: null,
    departments: [],
    canned: [],
    sites: [],
    threads: {},
    outbox: [],
    typing: {},
    lastRead: {},
    selectedId: null,
    notice: null,
    quality: EMPTY_QUALITY,
    ...overrides,
  };
}

/** An empty thread, before `conversation.events` answers. */
export const EMPTY_THREAD: Thread = { events: [], lastSeq: 0, gap: false, loaded: false };
