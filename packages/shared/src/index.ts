export { applyEvent, PREVIEW_CHARS } from './conversation.js';
export {
  type Decoded,
  decodeAgentHandshake,
  decodeAgentToServer,
  decodeServerToAgent,
  decodeServerToVisitor,
  decodeVisitorHandshake,
  decodeVisitorToServer,
  errorFrame,
  issueDetails,
} from './decode.js';
export { ERROR_CODES, ERROR_MESSAGES, ErrorCode } from './errors.js';
export {
  AgentChatSend,
  AgentHandshake,
  AgentHello,
  AgentToServer,
  AgentWelcome,
  ConversationOpen,
  InboxUpsert,
  ServerToAgent,
} from './frames/agent.js';
export {
  ChatAck,
  ChatTyping,
  ConversationClose,
  ConversationEventFrame,
  ConversationEvents,
  ConversationSync,
  ErrorFrame,
  MessageText,
  OkFrame,
  TypingFrame,
} from './frames/common.js';
export {
  PageView,
  ServerToVisitor,
  SessionHello,
  SessionWelcome,
  VisitorChatSend,
  VisitorHandshake,
  VisitorToServer,
} from './frames/visitor.js';
export { ApiError, LoginRequest, LoginResponse } from './http.js';
export { LIMITS, utf8Length } from './limits.js';
export {
  AgentProfile,
  AgentRef,
  Author,
  ConversationAssigned,
  ConversationClosed,
  ConversationCreated,
  ConversationEvent,
  type ConversationEventType,
  ConversationStatus,
  ConversationSummary,
  MessageCreated,
  MessagePreview,
  PageContext,
  Role,
  Seq,
  SiteInfo,
  VisitorContext,
  VisitorProfile,
} from './model.js';
export { FRAME_EVENT, NAMESPACES, PROTOCOL_VERSION } from './version.js';
