import * as z from 'zod/mini';
import { ERROR_CODES } from '../errors.js';
import { LIMITS } from '../limits.js';
import { ConversationEvent, ConversationSummary, Role, Seq } from '../model.js';

const clientId = () => z.string().check(z.minLength(1), z.maxLength(LIMITS.clientIdChars));
/**
 * An id as clients send it: of a conversation, visitor, agent, department, callback, article,
 * disposition, topic, site or QA criterion. 1 to 64 characters.
 */
export const Id = z.string().check(z.minLength(1), z.maxLength(LIMITS.clientIdChars));
/** A conversation id as clients send it (an `Id`). */
export const ConversationId = Id;
/** Chat text: trimmed by clients, 1 to 5000 characters. */
export const MessageText = z.string().check(z.minLength(1), z.maxLength(LIMITS.messageChars));

// ----- client to server, both roles ------------------------------------------------------------

/** I am typing (`true`, refreshed every few seconds while typing) or stopped (`false`). Not answered. */
export const ChatTyping = z.object({
  type: z.literal('chat.typing'),
  conversationId: ConversationId,
  typing: z.boolean(),
});
export type ChatTyping = z.infer<typeof ChatTyping>;

/** Ask for the events after `afterSeq` (0 for all). Answered with `conversation.events`. */
export const ConversationSync = z.object({
  type: z.literal('conversation.sync'),
  conversationId: ConversationId,
  afterSeq: Seq,
});
export type ConversationSync = z.infer<typeof ConversationSync>;

/** End the conversation. Answered with `ok`; everyone sees `conversation.closed`. */
export const ConversationClose = z.object({
  type: z.literal('conversation.close'),
  conversationId: ConversationId,
});
export type ConversationClose = z.infer<typeof ConversationClose>;

/** A sender-generated id (a UUID in practice) that makes a resend idempotent. */
export const clientIdSchema = clientId;

// ----- server to client, both roles ------------------------------------------------------------

/** A sent message is persisted: it has its place (`seq`) in the conversation. */
export const ChatAck = z.object({
  type: z.literal('chat.ack'),
  clientId: clientId(),
  conversationId: ConversationId,
  /** The message's id in the log. */
  messageId: z.string(),
  seq: Seq,
  at: z.number(),
});
export type ChatAck = z.infer<typeof ChatAck>;

/** A new event in a conversation you follow, pushed live. */
export const ConversationEventFrame = z.object({
  type: z.literal('conversation.event'),
  conversationId: ConversationId,
  event: ConversationEvent,
});
export type ConversationEventFrame = z.infer<typeof ConversationEventFrame>;

/**
 * Events of one conversation after the asked `afterSeq`, in order, with its summary. `more` is true
 * when the batch was cut at the sync limit: ask again from the last seq received.
 */
export const ConversationEvents = z.object({
  type: z.literal('conversation.events'),
  conversation: ConversationSummary,
  events: z.array(ConversationEvent),
  more: z.boolean(),
});
export type ConversationEvents = z.infer<typeof ConversationEvents>;

/** Someone started or stopped typing. Transient: never logged, expires after 6 s without refresh. */
export const TypingFrame = z.object({
  type: z.literal('typing'),
  conversationId: ConversationId,
  role: Role,
  name: z.string(),
  typing: z.boolean(),
});
export type TypingFrame = z.infer<typeof TypingFrame>;

/** A request that needs no other answer succeeded. */
export const OkFrame = z.object({ type: z.literal('ok') });
export type OkFrame = z.infer<typeof OkFrame>;

/** A request failed; nothing was changed. `details` lists the fields at fault, when known. */
export const ErrorFrame = z.object({
  type: z.literal('error'),
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});
export type ErrorFrame = z.infer<typeof ErrorFrame>;
