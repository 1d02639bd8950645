import * as z from 'zod/mini';
import { LIMITS } from './limits.js';

const shortText = () => z.string().check(z.maxLength(LIMITS.shortChars));
const id = () => z.string().check(z.minLength(1), z.maxLength(LIMITS.clientIdChars));
/** Milliseconds since the epoch. */
const timestamp = () => z.number().check(z.int(), z.nonnegative());
/** Per-conversation sequence number, from 1. */
export const Seq = z.number().check(z.int(), z.nonnegative());

/** Who did something: the visitor, an agent, or the relay itself. */
export const Role = z.enum(['visitor', 'agent', 'system']);
export type Role = z.infer<typeof Role>;

/** The author of an event, as shown to people. */
export const Author = z.object({ role: Role, id: id(), name: shortText() });
export type Author = z.infer<typeof Author>;

/** Where the visitor is: sent by the widget, completed by the relay (user agent). */
export const VisitorContext = z.object({
  url: z.optional(z.string().check(z.maxLength(LIMITS.urlChars))),
  title: z.optional(shortText()),
  referrer: z.optional(z.string().check(z.maxLength(LIMITS.urlChars))),
  userAgent: z.optional(z.string().check(z.maxLength(512))),
  locale: z.optional(z.string().check(z.maxLength(35))),
  timeZone: z.optional(z.string().check(z.maxLength(64))),
});
export type VisitorContext = z.infer<typeof VisitorContext>;

/** The page as the widget sees it. */
export const PageContext = z.object({
  url: z.optional(z.string().check(z.maxLength(LIMITS.urlChars))),
  title: z.optional(shortText()),
  referrer: z.optional(z.string().check(z.maxLength(LIMITS.urlChars))),
});
export type PageContext = z.infer<typeof PageContext>;

/** A visitor as agents see them. Anonymous visitors get a generated display name. */
export const VisitorProfile = z.object({
  id: id(),
  name: shortText(),
  email: z.optional(shortText()),
});
export type VisitorProfile = z.infer<typeof VisitorProfile>;

/** An agent as others see them. */
export const AgentRef = z.object({ id: id(), name: shortText() });
export type AgentRef = z.infer<typeof AgentRef>;

/** A signed-in agent's own profile. */
export const AgentProfile = z.object({
  id: id(),
  name: shortText(),
  email: shortText(),
  role: z.enum(['agent', 'supervisor']),
});
export type AgentProfile = z.infer<typeof AgentProfile>;

/** What the widget needs to know about the site it runs on. */
export const SiteInfo = z.object({
  id: id(),
  name: shortText(),
  /** Shown above an empty conversation. */
  greeting: z.optional(z.string().check(z.maxLength(1000))),
  /** Brand colour, `#rrggbb`. */
  color: z.optional(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/))),
});
export type SiteInfo = z.infer<typeof SiteInfo>;

// ---------------------------------------------------------------------------------------------
// The conversation event log. Every change to a conversation is one of these, with a seq that is
// contiguous from 1 within the conversation. Typing indicators are transient and not logged.
// ---------------------------------------------------------------------------------------------

const eventBase = { seq: Seq, at: timestamp() };

/** The first event of every conversation. */
export const ConversationCreated = z.object({
  type: z.literal('conversation.created'),
  ...eventBase,
  visitor: VisitorProfile,
  context: VisitorContext,
});
export type ConversationCreated = z.infer<typeof ConversationCreated>;

/** A chat message from the visitor or an agent. `clientId` is the sender's id, for deduplication. */
export const MessageCreated = z.object({
  type: z.literal('message.created'),
  ...eventBase,
  id: id(),
  clientId: id(),
  author: Author,
  text: z.string().check(z.minLength(1), z.maxLength(LIMITS.messageChars)),
});
export type MessageCreated = z.infer<typeof MessageCreated>;

/** An agent took the conversation. */
export const ConversationAssigned = z.object({
  type: z.literal('conversation.assigned'),
  ...eventBase,
  agent: AgentRef,
});
export type ConversationAssigned = z.infer<typeof ConversationAssigned>;

/** The conversation ended; a new message starts a new conversation. */
export const ConversationClosed = z.object({
  type: z.literal('conversation.closed'),
  ...eventBase,
  by: Author,
});
export type ConversationClosed = z.infer<typeof ConversationClosed>;

/** One entry of a conversation's log. */
export const ConversationEvent = z.discriminatedUnion('type', [
  ConversationCreated,
  MessageCreated,
  ConversationAssigned,
  ConversationClosed,
]);
export type ConversationEvent = z.infer<typeof ConversationEvent>;
export type ConversationEventType = ConversationEvent['type'];

/** Where a conversation stands. */
export const ConversationStatus = z.enum(['waiting', 'active', 'closed']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

/** The latest message, for inbox lists. */
export const MessagePreview = z.object({
  text: z.string().check(z.maxLength(200)),
  role: Role,
  at: timestamp(),
});
export type MessagePreview = z.infer<typeof MessagePreview>;

/** A conversation as lists show it: derived from its events, never stored apart from them. */
export const ConversationSummary = z.object({
  id: id(),
  siteId: id(),
  status: ConversationStatus,
  visitor: VisitorProfile,
  context: VisitorContext,
  agent: z.nullable(AgentRef),
  createdAt: timestamp(),
  updatedAt: timestamp(),
  closedAt: z.optional(timestamp()),
  lastSeq: Seq,
  preview: z.nullable(MessagePreview),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;
