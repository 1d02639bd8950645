import type {
  Callback,
  CannedResponse,
  ConversationEvent,
  ConversationSummary,
  Department,
  QaReview,
  SiteAppearance,
} from '@switchboard/shared';
import type {
  AgentRecord,
  ArticleFeedbackRecord,
  ArticleViewRecord,
  ClientIdRecord,
  FaqSearchRecord,
  StoredArticle,
  VisitorRecord,
  WebhookDeliveryRecord,
} from '../types.js';

/** Everything a memory store keeps; its handles (see `reopen`) share one. */
export type Data = {
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

export const inRange = (from: number, to: number) => (r: { at: number }) =>
  r.at >= from && r.at < to;
export const byAt = (a: { at: number }, b: { at: number }) => a.at - b.at;

export const isOpenCallback = (c: Callback) => c.status === 'scheduled' || c.status === 'calling';
/** Newest first by creation, then by id, as SQLite orders them. */
export const newestFirst = (a: Callback, b: Callback) =>
  b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export const copy = <T>(value: T): T => structuredClone(value);

/** Text compared by code unit, as SQLite's default (BINARY) collation does. */
export const binary = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** SQLite's NOCASE: ASCII letters folded, nothing else. */
export const nocase = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * A new, empty store's data.
 * @example const store = handle(emptyData())
 */
export function emptyData(): Data {
  return {
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
}

/** Runs a call on an open handle, as the port's promise (a throw becomes a rejection). */
export type Guard = <T>(fn: () => T) => Promise<T>;

/** The key of a sender's clientId. */
export const clientKey = (actor: string, clientId: string) => `${actor}\u0000${clientId}`;
