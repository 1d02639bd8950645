import * as z from 'zod/mini';
import { AgentProfile, ConversationSummary, Seq } from '../model.js';
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

/** Everything an agent may send. */
export const AgentToServer = z.discriminatedUnion('type', [
  AgentHello,
  ConversationOpen,
  AgentChatSend,
  ChatTyping,
  ConversationSync,
  ConversationClose,
]);
export type AgentToServer = z.infer<typeof AgentToServer>;

// ----- server to agent -------------------------------------------------------------------------

/** The answer to `agent.hello`: who you are and the conversations in your inbox (open ones, and the latest closed). */
export const AgentWelcome = z.object({
  type: z.literal('agent.welcome'),
  agent: AgentProfile,
  conversations: z.array(ConversationSummary),
});
export type AgentWelcome = z.infer<typeof AgentWelcome>;

/** A conversation appeared in the inbox or changed (new message, assigned, closed). */
export const InboxUpsert = z.object({
  type: z.literal('inbox.upsert'),
  conversation: ConversationSummary,
});
export type InboxUpsert = z.infer<typeof InboxUpsert>;

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
]);
export type ServerToAgent = z.infer<typeof ServerToAgent>;
