import * as z from 'zod/mini';
import { CLOSE_TIME, HOLIDAY_DATE, OPEN_TIME, STRATEGIES } from './department-rules.js';
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

/**
 * Custom data a site attaches to a visitor (plan, order count, signed up): at most 50 keys of
 * 1 to 64 characters (letters, digits, `_`, `-`, `.`), each a string (up to 500 characters), a
 * finite number, a boolean or null. Shown to agents next to the conversation.
 */
export const VisitorAttributes = z
  .record(
    z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/)),
    z.union([
      z.string().check(z.maxLength(500)),
      z.number().check(z.refine(Number.isFinite, 'must be a finite number')),
      z.boolean(),
      z.null(),
    ]),
  )
  .check(z.refine((value) => Object.keys(value).length <= 50, 'has more than 50 keys'));
export type VisitorAttributes = z.infer<typeof VisitorAttributes>;

/** A phone number in E.164 form, e.g. `+4930123456`. */
export const E164 = z.string().check(z.regex(/^\+[1-9]\d{6,14}$/));

/** A visitor as agents see them. Anonymous visitors get a generated display name. */
export const VisitorProfile = z.object({
  id: id(),
  name: shortText(),
  email: z.optional(shortText()),
  /** E.164, given by `identify` or `setAttributes`. */
  phone: z.optional(E164),
  /** The site's own user id, given by `identify`. */
  userId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  /**
   * True when `userId` was proven by a `userHash` (HMAC-SHA256 of the user id with the site's
   * identity secret). Only a verified visitor is ever joined to that user's earlier conversations.
   */
  verified: z.optional(z.boolean()),
  attributes: z.optional(VisitorAttributes),
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
  /** Most conversations at once. */
  capacity: z.optional(z.number().check(z.int(), z.minimum(1))),
  skills: z.optional(z.array(id())),
  departmentIds: z.optional(z.array(id())),
});
export type AgentProfile = z.infer<typeof AgentProfile>;

/** A brand colour, `#rrggbb`. */
export const HexColor = z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/));

/**
 * How the widget looks on the page. Set by the site owner on the relay (config file or the
 * console's Appearance view), so changing it never means touching the page.
 */
export const WidgetTheme = z.object({
  /** Which bottom corner the launcher sits in. @default 'right' */
  position: z.enum(['left', 'right']),
  /** Distance from the side edge, in CSS pixels, 0 to 200. @default 20 */
  offsetX: z.number().check(z.int(), z.minimum(0), z.maximum(200)),
  /** Distance from the bottom edge, in CSS pixels, 0 to 200. @default 20 */
  offsetY: z.number().check(z.int(), z.minimum(0), z.maximum(200)),
  /** Text next to the launcher icon; icon only when absent. @example 'Chat with us' */
  launcherLabel: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
  /** `auto` follows the visitor's system setting. @default 'auto' */
  mode: z.enum(['light', 'dark', 'auto']),
  /** A short sound when a message arrives while the panel is closed. @default false */
  sound: z.boolean(),
});
export type WidgetTheme = z.infer<typeof WidgetTheme>;

/**
 * A proactive greeting: shown next to the launcher when the visitor has been on a matching page
 * for `afterSec`. Shown once per visitor and trigger; a visitor who already chats never sees one.
 */
export const ProactiveTrigger = z.object({
  id: id(),
  /** The greeting, plain text. */
  message: z.string().check(z.minLength(1), z.maxLength(500)),
  /** Seconds on the page before it shows, 0 to 3600. @default 0 */
  afterSec: z.number().check(z.int(), z.minimum(0), z.maximum(3600)),
  /**
   * Pages it applies to: a URL path pattern where `*` matches any characters, e.g. `/pricing*`;
   * every page when absent.
   */
  urlPattern: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});
export type ProactiveTrigger = z.infer<typeof ProactiveTrigger>;

/** What the widget needs to know about the site it runs on. */
export const SiteInfo = z.object({
  id: id(),
  name: shortText(),
  /** Shown above an empty conversation. */
  greeting: z.optional(z.string().check(z.maxLength(1000))),
  /** Brand colour, `#rrggbb`; the text on it is black or white, whichever contrasts more. */
  color: z.optional(HexColor),
  /** Placement and look; the widget's defaults when absent. */
  theme: z.optional(WidgetTheme),
  /** Proactive greetings. */
  triggers: z.optional(z.array(ProactiveTrigger).check(z.maxLength(20))),
  /** The optional form shown before the first message; absent when the site has none. */
  prechat: z.optional(
    z.object({
      fields: z.array(
        z.object({ name: z.enum(['name', 'email', 'phone', 'topic']), required: z.boolean() }),
      ),
      /** The topics a visitor may pick; each routes to a department. */
      topics: z.array(z.object({ id: id(), label: shortText() })),
    }),
  ),
  /** Callback requests: present when the site offers them. */
  callback: z.optional(
    z.object({
      /** The consent line shown above the send button, worded by the site. */
      consentText: z.string().check(z.maxLength(1000)),
      /** ISO 3166 country preselected when the locale says nothing, e.g. `DE`. */
      defaultCountry: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/))),
    }),
  ),
});
export type SiteInfo = z.infer<typeof SiteInfo>;

/**
 * A site's look and proactive greetings as supervisors edit them in the console (Appearance).
 * Saved on the relay over what the config file says, and pushed to every open widget of the site.
 */
export const SiteAppearance = z.object({
  siteId: id(),
  /** The title of the widget's panel. */
  name: z.string().check(z.minLength(1), z.maxLength(LIMITS.shortChars)),
  greeting: z.optional(z.string().check(z.maxLength(1000))),
  color: HexColor,
  theme: WidgetTheme,
  triggers: z.array(ProactiveTrigger).check(z.maxLength(20)),
});
export type SiteAppearance = z.infer<typeof SiteAppearance>;

/** What a visitor filled in before chatting. Every field optional; the site decides which are required. */
export const PrechatAnswers = z.object({
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  email: z.optional(z.string().check(z.maxLength(254), z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/))),
  topic: z.optional(id()),
  /** A phone number, E.164 (`+4930123456`), for a callback if the chat is cut off. */
  phone: z.optional(E164),
});
export type PrechatAnswers = z.infer<typeof PrechatAnswers>;

/** What a conversation asks of routing: the department, the skills an agent needs, its priority. */
export const Routing = z.object({
  departmentId: id(),
  /** An agent must have every one of these skills. */
  skills: z.array(id()),
  /** Higher goes first; first come, first served within a priority. 0 to 10. @default 0 */
  priority: z.number().check(z.int(), z.minimum(0), z.maximum(10)),
});
export type Routing = z.infer<typeof Routing>;

/** An agent's chosen availability. `online` agents receive offers while they have room. */
export const Presence = z.enum(['online', 'away', 'offline']);
export type Presence = z.infer<typeof Presence>;

/** Other ways to get help, offered to a waiting visitor (FAQ and callback when the site has them). */
export const Alternative = z.enum(['message', 'faq', 'callback']);
export type Alternative = z.infer<typeof Alternative>;

/** A wrap-up code agents pick when they finish a contact (configured on the relay). */
export const Disposition = z.object({ id: id(), label: shortText() });
export type Disposition = z.infer<typeof Disposition>;

/** What the agent records when finishing a contact: why it happened and whether it was solved. */
export const WrapUp = z.object({
  dispositionId: id(),
  /** Solved in this contact. Counts towards first contact resolution unless the customer returns. */
  resolved: z.boolean(),
  note: z.optional(z.string().check(z.maxLength(1000))),
});
export type WrapUp = z.infer<typeof WrapUp>;

/** CSAT 1 to 5 ("How satisfied…"), CES 1 to 7 ("How easy was it to get help?"), a comment. */
export const SurveyAnswers = z.object({
  csat: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(5))),
  ces: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(7))),
  comment: z.optional(z.string().check(z.maxLength(1000))),
});
export type SurveyAnswers = z.infer<typeof SurveyAnswers>;

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
  /** Where it is routed (absent in logs written before routing existed). */
  routing: z.optional(Routing),
  /** The pre-chat topic id, when the visitor picked one. */
  topic: z.optional(id()),
  /** The help article the visitor was reading when they started the chat. */
  article: z.optional(z.object({ id: id(), title: shortText() })),
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
  /** Who assigned it when it was not routing or the agent themself (a supervisor's reassign). */
  by: z.optional(AgentRef),
});
export type ConversationAssigned = z.infer<typeof ConversationAssigned>;

/** The conversation ended; a new message starts a new conversation. */
export const ConversationClosed = z.object({
  type: z.literal('conversation.closed'),
  ...eventBase,
  by: Author,
  /** `abandoned`: the visitor left the queue before an answer. @default 'ended' */
  reason: z.optional(z.enum(['ended', 'abandoned'])),
  /** For an abandoned conversation: how long the visitor waited, in ms. */
  waitMs: z.optional(z.number().check(z.int(), z.nonnegative())),
});
export type ConversationClosed = z.infer<typeof ConversationClosed>;

/** Routing offered the conversation to an agent, who must accept before `expiresAt`. Agents only. */
export const ConversationOffered = z.object({
  type: z.literal('conversation.offered'),
  ...eventBase,
  agent: AgentRef,
  expiresAt: timestamp(),
});
export type ConversationOffered = z.infer<typeof ConversationOffered>;

/** The offer ended without an assignment: declined, expired, or withdrawn. Agents only. */
export const ConversationUnoffered = z.object({
  type: z.literal('conversation.unoffered'),
  ...eventBase,
  agent: AgentRef,
  reason: z.enum(['declined', 'expired', 'withdrawn']),
});
export type ConversationUnoffered = z.infer<typeof ConversationUnoffered>;

/**
 * The conversation went (back) into a department's queue, keeping its place (`queuedAt` of the
 * first queueing): after a transfer to a department, or when its agent's connection stayed lost
 * past the grace period.
 */
export const ConversationQueued = z.object({
  type: z.literal('conversation.queued'),
  ...eventBase,
  departmentId: id(),
  reason: z.enum(['transferred', 'agent_lost', 'unassigned']),
  /** The agent it left, if any. */
  from: z.optional(AgentRef),
  /** The skills now required (a transfer to a department takes that department's); absent = unchanged. */
  skills: z.optional(z.array(id())),
});
export type ConversationQueued = z.infer<typeof ConversationQueued>;

/**
 * Moved to another agent or department. The visitor sees that it happened; `note` (the handover
 * note) is for agents only and is removed from the visitor's copy.
 */
export const ConversationTransferred = z.object({
  type: z.literal('conversation.transferred'),
  ...eventBase,
  by: AgentRef,
  to: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('agent'), agent: AgentRef }),
    z.object({ kind: z.literal('department'), departmentId: id(), name: shortText() }),
  ]),
  note: z.optional(z.string().check(z.maxLength(LIMITS.messageChars))),
});
export type ConversationTransferred = z.infer<typeof ConversationTransferred>;

/** A supervisor (or another agent) joined the conversation; the visitor sees it. */
export const ConversationJoined = z.object({
  type: z.literal('conversation.joined'),
  ...eventBase,
  agent: AgentRef,
});
export type ConversationJoined = z.infer<typeof ConversationJoined>;

/**
 * The visitor left mid-conversation and did not come back within the site's cut-off time. Agents
 * only: the console offers a one-click callback when `phone` (E.164) is known.
 */
export const ConversationCutOff = z.object({
  type: z.literal('conversation.cut_off'),
  ...eventBase,
  phone: z.optional(z.string()),
});
export type ConversationCutOff = z.infer<typeof ConversationCutOff>;

/** An internal note or a supervisor's whisper: agents only, never sent to the visitor. */
export const NoteCreated = z.object({
  type: z.literal('note.created'),
  ...eventBase,
  id: id(),
  clientId: id(),
  author: Author,
  kind: z.enum(['note', 'whisper']),
  text: z.string().check(z.minLength(1), z.maxLength(LIMITS.messageChars)),
});
export type NoteCreated = z.infer<typeof NoteCreated>;

/** The visitor chose to leave a message: answered later in the same conversation, never abandoned. */
export const ConversationDeferred = z.object({
  type: z.literal('conversation.deferred'),
  ...eventBase,
});
export type ConversationDeferred = z.infer<typeof ConversationDeferred>;

/**
 * The agent wrapped the contact up (after it closed): disposition, resolved or not, a note.
 * The time from `conversation.closed` to this event is after-contact work, part of handle time.
 * A later wrap-up replaces an earlier one. Agents only.
 */
export const ConversationWrapped = z.object({
  type: z.literal('conversation.wrapped'),
  ...eventBase,
  by: AgentRef,
  dispositionId: id(),
  resolved: z.boolean(),
  note: z.optional(z.string().check(z.maxLength(1000))),
});
export type ConversationWrapped = z.infer<typeof ConversationWrapped>;

/**
 * The visitor answered the survey after the conversation closed. Each answer may come in its own
 * event (one tap for CSAT, then CES, then a comment); the latest value of each field counts.
 */
export const SurveySubmitted = z.object({
  type: z.literal('survey.submitted'),
  ...eventBase,
  csat: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(5))),
  ces: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(7))),
  comment: z.optional(z.string().check(z.maxLength(1000))),
});
export type SurveySubmitted = z.infer<typeof SurveySubmitted>;

/**
 * The visitor said who they are (`identify`) or changed their details (`setAttributes`) while this
 * conversation was open: the new profile, whole. Agents only; visitors receive it redacted.
 */
export const VisitorUpdated = z.object({
  type: z.literal('visitor.updated'),
  ...eventBase,
  visitor: VisitorProfile,
});
export type VisitorUpdated = z.infer<typeof VisitorUpdated>;

/**
 * What a visitor receives in place of an agents-only event, so their seqs stay contiguous.
 * Carries nothing.
 */
export const EventRedacted = z.object({
  type: z.literal('redacted'),
  ...eventBase,
});
export type EventRedacted = z.infer<typeof EventRedacted>;

/** One entry of a conversation's log. */
export const ConversationEvent = z.discriminatedUnion('type', [
  ConversationCreated,
  MessageCreated,
  ConversationAssigned,
  ConversationClosed,
  ConversationOffered,
  ConversationUnoffered,
  ConversationQueued,
  ConversationTransferred,
  ConversationJoined,
  NoteCreated,
  ConversationDeferred,
  EventRedacted,
  ConversationCutOff,
  VisitorUpdated,
  ConversationWrapped,
  SurveySubmitted,
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
  /** Where it is routed. */
  routing: z.optional(Routing),
  /** When it first entered the queue (its place in line); kept across requeues. */
  queuedAt: z.optional(timestamp()),
  /** The pending offer, while one is out. */
  offer: z.optional(z.nullable(z.object({ agent: AgentRef, expiresAt: timestamp() }))),
  /** Agents who joined besides the assignee (supervisors). */
  participants: z.optional(z.array(AgentRef)),
  /** `message`: the visitor left a message to be answered later. @default 'chat' */
  mode: z.optional(z.enum(['chat', 'message'])),
  /** Why it closed. */
  closeReason: z.optional(z.enum(['ended', 'abandoned'])),
  /** The latest wrap-up, once the agent has done it (agents' copy only). */
  wrapUp: z.optional(z.object({ dispositionId: id(), resolved: z.boolean(), at: timestamp() })),
  /** The visitor's survey answers so far. */
  survey: z.optional(SurveyAnswers),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

/** A department as agents and supervisors see it. Editable by supervisors. */
export const WeeklyHours = z.array(
  z.object({
    /** 0 = Sunday ... 6 = Saturday, in the department's time zone. */
    day: z.number().check(z.int(), z.minimum(0), z.maximum(6)),
    /** `HH:MM`, 24-hour, local time. */
    open: z.string().check(z.regex(OPEN_TIME)),
    /** `HH:MM`; `24:00` for midnight at the end of the day. */
    close: z.string().check(z.regex(CLOSE_TIME)),
  }),
);
export type WeeklyHours = z.infer<typeof WeeklyHours>;

/** How routing picks the agent for the next conversation in a department's queue. */
export const Strategy = z.enum(STRATEGIES);
export type Strategy = z.infer<typeof Strategy>;

export const Department = z.object({
  id: id(),
  name: shortText(),
  /** Skills every conversation routed here requires. */
  skills: z.array(id()),
  /** Agents who serve this department. */
  agentIds: z.array(id()),
  /** IANA time zone of the opening hours, e.g. `Europe/Berlin`. */
  timeZone: z.string().check(z.minLength(1), z.maxLength(64)),
  /** Opening hours; an empty list means always open. */
  hours: WeeklyHours,
  /** Closed dates `YYYY-MM-DD` in the department's time zone. */
  holidays: z.array(z.string().check(z.regex(HOLIDAY_DATE))),
  strategy: Strategy,
  /** Seconds an agent has to accept an offer before it goes to the next. @default 30 */
  offerTimeoutSec: z.number().check(z.int(), z.minimum(5), z.maximum(600)),
  /** Assign without asking the agent to accept. @default false */
  autoAccept: z.boolean(),
});
export type Department = z.infer<typeof Department>;

/** An agent's live routing state, as supervisors (and teammates) see it. */
export const AgentStatus = z.object({
  id: id(),
  name: shortText(),
  role: z.enum(['agent', 'supervisor']),
  presence: Presence,
  /** At least one console is connected (or the disconnect grace period has not run out). */
  connected: z.boolean(),
  /** Conversations assigned plus offers pending. */
  load: z.number().check(z.int(), z.nonnegative()),
  capacity: z.number().check(z.int(), z.minimum(1)),
  skills: z.array(id()),
  departmentIds: z.array(id()),
});
export type AgentStatus = z.infer<typeof AgentStatus>;

/** One department's queue, live. */
export const QueueStatus = z.object({
  departmentId: id(),
  name: shortText(),
  /** Inside opening hours now. */
  open: z.boolean(),
  /** Waiting conversation ids, first in line first. */
  waiting: z.array(id()),
  /** Age of the oldest waiting conversation, ms. */
  longestWaitMs: z.number().check(z.nonnegative()),
  /** Agents of the department who are online and connected. */
  agentsOnline: z.number().check(z.int(), z.nonnegative()),
  /** Recent average handle time used for wait estimates, seconds. */
  averageHandleSec: z.number().check(z.nonnegative()),
});
export type QueueStatus = z.infer<typeof QueueStatus>;

/** A canned response: `/shortcut` in the reply box inserts `text`. */
export const CannedResponse = z.object({
  id: id(),
  shortcut: z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,31}$/)),
  title: shortText(),
  text: z.string().check(z.minLength(1), z.maxLength(LIMITS.messageChars)),
});
export type CannedResponse = z.infer<typeof CannedResponse>;

// ---------------------------------------------------------------------------------------------
// Callbacks: a request to be phoned, with its attempts.
// ---------------------------------------------------------------------------------------------

/** Where a callback stands. `calling`: an agent claimed it and is dialling. */
export const CallbackStatus = z.enum(['scheduled', 'calling', 'completed', 'missed', 'cancelled']);
export type CallbackStatus = z.infer<typeof CallbackStatus>;

/** What came of one call. `no_answer` and `voicemail` schedule the next attempt (retry policy). */
export const CallbackOutcome = z.enum([
  'resolved',
  'unresolved',
  'no_answer',
  'voicemail',
  'wrong_number',
]);
export type CallbackOutcome = z.infer<typeof CallbackOutcome>;

/** A time window, ms since the epoch, `start < end`. */
export const TimeWindow = z.object({ start: timestamp(), end: timestamp() });
export type TimeWindow = z.infer<typeof TimeWindow>;

/** One call an agent made. */
export const CallbackAttempt = z.object({
  at: timestamp(),
  agent: AgentRef,
  outcome: CallbackOutcome,
  note: z.optional(z.string().check(z.maxLength(LIMITS.messageChars))),
  /** The wrap-up code, for a call that reached the customer. */
  dispositionId: z.optional(id()),
});
export type CallbackAttempt = z.infer<typeof CallbackAttempt>;

/** A callback request as agents, the REST API and webhooks see it. */
export const Callback = z.object({
  id: id(),
  /** Short reference for people, e.g. `CB-7K3Q`. */
  reference: z.string().check(z.maxLength(16)),
  siteId: id(),
  visitor: VisitorProfile,
  name: shortText(),
  /** E.164. */
  phone: z.string().check(z.regex(/^\+[1-9]\d{6,14}$/)),
  departmentId: id(),
  topic: z.optional(id()),
  note: z.optional(z.string().check(z.maxLength(1000))),
  /** null: as soon as possible (within opening hours). */
  window: z.nullable(TimeWindow),
  /**
   * The window the customer booked (null: as soon as possible), kept when a retry moves the call
   * to a new time and `window` becomes null: what the on-time rate is measured against.
   */
  bookedWindow: z.optional(z.nullable(TimeWindow)),
  status: CallbackStatus,
  /** When the next call is due (the window start, or the retry time). */
  dueAt: timestamp(),
  attempts: z.array(CallbackAttempt),
  claimedBy: z.nullable(AgentRef),
  /** The chat it came from, if any. */
  conversationId: z.optional(id()),
  /** The consent text the visitor agreed to, as shown. */
  consent: z.string().check(z.maxLength(1000)),
  locale: z.optional(z.string().check(z.maxLength(35))),
  timeZone: z.optional(z.string().check(z.maxLength(64))),
  createdAt: timestamp(),
  updatedAt: timestamp(),
  /** The customer's survey answers after a completed call, with when they gave them. */
  survey: z.optional(z.object({ ...SurveyAnswers.shape, at: timestamp() })),
});
export type Callback = z.infer<typeof Callback>;

/** A callback as its visitor sees it: no agent notes, the number masked but for the last digits. */
export const CallbackView = z.object({
  id: id(),
  reference: z.string(),
  status: CallbackStatus,
  window: z.nullable(TimeWindow),
  dueAt: timestamp(),
  departmentName: shortText(),
  /** e.g. `+49 ••• ••• 4567`. */
  phoneMasked: z.string().check(z.maxLength(40)),
  attempts: z.number().check(z.int(), z.nonnegative()),
  updatedAt: timestamp(),
  /** True for a completed callback the visitor has not rated yet: the widget asks, once. */
  surveyDue: z.optional(z.boolean()),
});
export type CallbackView = z.infer<typeof CallbackView>;

/** A bookable slot. Only slots inside opening hours with free capacity are ever offered. */
export const CallbackSlot = TimeWindow;
export type CallbackSlot = TimeWindow;

/** One webhook delivery, as the console's delivery log shows it. */
export const WebhookDelivery = z.object({
  id: id(),
  event: z.enum(['callback.requested', 'callback.updated', 'callback.completed']),
  url: z.string().check(z.maxLength(LIMITS.urlChars)),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().check(z.int(), z.nonnegative()),
  /** HTTP status of the last try, or null when it did not get one. */
  lastStatus: z.nullable(z.number()),
  lastError: z.optional(z.string().check(z.maxLength(500))),
  nextAttemptAt: z.nullable(timestamp()),
  createdAt: timestamp(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

// ---------------------------------------------------------------------------------------------
// Self-service FAQ: articles, search, feedback.
// ---------------------------------------------------------------------------------------------

/** A search hit: the title, a plain-text snippet around the match, and the article's department. */
export const ArticleHit = z.object({
  id: id(),
  title: shortText(),
  /** Plain text (never HTML), at most 200 characters. */
  snippet: z.string().check(z.maxLength(300)),
  departmentId: z.optional(id()),
});
export type ArticleHit = z.infer<typeof ArticleHit>;

/** A published article as visitors read it: `html` is rendered from Markdown and sanitised by the relay. */
export const ArticleView = z.object({
  id: id(),
  title: shortText(),
  html: z.string().check(z.maxLength(200_000)),
  tags: z.array(z.string().check(z.maxLength(64))),
  departmentId: z.optional(id()),
  locale: z.string().check(z.maxLength(35)),
  updatedAt: timestamp(),
});
export type ArticleView = z.infer<typeof ArticleView>;

/** An article as supervisors edit it: Markdown source, publication state. */
export const Article = z.object({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/)),
  title: z.string().check(z.minLength(1), z.maxLength(LIMITS.shortChars)),
  /** Markdown; raw HTML is not rendered. */
  body: z.string().check(z.maxLength(100_000)),
  tags: z.array(z.string().check(z.minLength(1), z.maxLength(64))),
  departmentId: z.optional(id()),
  /** BCP 47 language tag, e.g. `en`. */
  locale: z.string().check(z.minLength(2), z.maxLength(35)),
  published: z.boolean(),
  /** `content`: from the content folder; `console`: created or edited in the console (stored). */
  source: z.optional(z.enum(['content', 'console'])),
  updatedAt: z.optional(timestamp()),
});
export type Article = z.infer<typeof Article>;

/** What supervisors see about self-service, over a time range. */
export const FaqMetrics = z.object({
  from: timestamp(),
  to: timestamp(),
  searches: z.number().check(z.int(), z.nonnegative()),
  /** Searches that found nothing: the content gaps, most frequent first (at most 50). */
  noResult: z.array(z.object({ query: z.string(), count: z.number() })),
  articles: z.array(
    z.object({
      id: id(),
      title: shortText(),
      views: z.number(),
      helpful: z.number(),
      notHelpful: z.number(),
    }),
  ),
  /** Suggestions opened while typing a first message, and how many of those did not start the chat. */
  deflection: z.object({ opened: z.number(), deflected: z.number(), rate: z.nullable(z.number()) }),
});
export type FaqMetrics = z.infer<typeof FaqMetrics>;

// ---------------------------------------------------------------------------------------------
// Service quality: KPIs, staffing forecast, QA. Formulas in docs/kpis.md.
// ---------------------------------------------------------------------------------------------

const share = () => z.nullable(z.number().check(z.minimum(0), z.maximum(1)));
const seconds = () => z.nullable(z.number().check(z.nonnegative()));
const count = () => z.number().check(z.int(), z.nonnegative());

/** The service-level target: `goal` (a share) of contacts answered within `targetSec`. */
export const ServiceLevelTarget = z.object({
  targetSec: z.number().check(z.int(), z.minimum(1), z.maximum(3600)),
  goal: z.number().check(z.minimum(0), z.maximum(1)),
});
export type ServiceLevelTarget = z.infer<typeof ServiceLevelTarget>;

/**
 * The contact-center KPIs over a set of contacts. A rate or average is null when there is nothing
 * to divide by (no answered contact, no survey answer...). Shares are 0 to 1; times in seconds.
 */
export const Kpis = z.object({
  /** Chat conversations started. */
  contacts: count(),
  answered: count(),
  /** Closed by the visitor (or lost) before an agent answered. */
  abandoned: count(),
  /** Mean time from the start to the first agent message. */
  firstResponseSec: seconds(),
  /** Average speed of answer: mean time from entering the queue to an agent taking it. */
  asaSec: seconds(),
  /** Average handle time: mean of (answer to close) + after-contact work (close to wrap-up). */
  ahtSec: seconds(),
  /** Share answered within the target, of those answered or abandoned after the target. */
  serviceLevel: share(),
  abandonmentRate: share(),
  /** First contact resolution: resolved at wrap-up and no return on the same topic in the window. */
  fcr: share(),
  /** Share of CSAT answers that are 4 or 5. */
  csat: share(),
  csatAverage: z.nullable(z.number()),
  csatResponses: count(),
  /** Mean CES answer (1 to 7, higher is easier). */
  ces: z.nullable(z.number()),
  cesResponses: count(),
  /** Share of help-article readers who did not go on to contact an agent. */
  deflectionRate: share(),
  callbacksRequested: count(),
  callbacksCompleted: count(),
  /** Completed, of those requested and finished (completed, missed, cancelled by the agent side). */
  callbackCompletionRate: share(),
  /** Of completed callbacks: first call attempt inside the booked window (or, for "as soon as possible", within the target). */
  callbackOnTimeRate: share(),
});
export type Kpis = z.infer<typeof Kpis>;

/** One hour of the week in a staffing forecast (day 0 = Monday, hour 0 to 23, department time). */
export const ForecastHour = z.object({
  day: z.number().check(z.int(), z.minimum(0), z.maximum(6)),
  hour: z.number().check(z.int(), z.minimum(0), z.maximum(23)),
  /** Mean contacts arriving in this hour over the history window. */
  arrivals: z.number().check(z.nonnegative()),
  ahtSec: z.number().check(z.nonnegative()),
  /** Fewest agents that reach the target by Erlang C (0 when nothing arrives). */
  agentsNeeded: count(),
  /** Agents scheduled in this hour (the department's staffing plan). */
  scheduled: count(),
  /** Service level expected with the scheduled agents; null when nothing arrives. */
  expectedServiceLevel: share(),
});
export type ForecastHour = z.infer<typeof ForecastHour>;

/** One criterion of the QA scorecard, scored 1 to 5. */
export const QaCriterion = z.object({
  id: id(),
  label: shortText(),
  description: z.optional(z.string().check(z.maxLength(500))),
});
export type QaCriterion = z.infer<typeof QaCriterion>;

/** A supervisor's review of a closed conversation against the scorecard. */
export const QaReview = z.object({
  id: id(),
  conversationId: id(),
  /** The agent who handled the conversation (the one being coached). */
  agent: AgentRef,
  reviewer: AgentRef,
  /** Criterion id to score, 1 to 5. */
  scores: z.record(id(), z.number().check(z.int(), z.minimum(1), z.maximum(5))),
  /** Coaching comment for the agent. */
  comment: z.optional(z.string().check(z.maxLength(LIMITS.messageChars))),
  at: timestamp(),
});
export type QaReview = z.infer<typeof QaReview>;
