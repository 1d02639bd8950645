import { type AgentToServer, decodeAgentToServer, errorFrame } from '@switchboard/shared';
import type { Respond } from '../context.js';
import { type HandlerTable, handleFrame } from '../frames.js';
import { adminHandlers } from './admin.js';
import { articleHandlers } from './articles.js';
import { callbackHandlers } from './callbacks.js';
import { conversationHandlers } from './conversations.js';
import { qualityHandlers } from './quality.js';
import type { AgentConnection } from './session.js';

/** The agent's frames by area: each frame type in exactly one of them. */
export const agentHandlerAreas = {
  conversations: conversationHandlers,
  callbacks: callbackHandlers,
  quality: qualityHandlers,
  articles: articleHandlers,
  admin: adminHandlers,
} as const;

/** Every frame an agent may send, and what answers it: one entry per frame type. */
export const agentHandlers: HandlerTable<AgentToServer, AgentConnection> = {
  ...conversationHandlers,
  ...callbackHandlers,
  ...qualityHandlers,
  ...articleHandlers,
  ...adminHandlers,
};

/** Decode one agent frame and hand it to its handler (after `agent.hello` only). */
export async function handleAgentFrame(
  payload: unknown,
  respond: Respond,
  connection: AgentConnection,
): Promise<void> {
  const decoded = decodeAgentToServer(payload);
  if (!decoded.ok) return respond(decoded.error);
  const frame = decoded.value;
  if (frame.type !== 'agent.hello' && !connection.session.hello) {
    return respond(errorFrame('NO_SESSION'));
  }
  return handleFrame(agentHandlers, frame, respond, connection);
}
