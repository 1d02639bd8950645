import type { ChatTyping, ConversationClose } from '@switchboard/shared';
import type { Actor, Command } from '../core/types.js';

/** The frames both roles send that mean the same command: typing, and closing a conversation. */
export function sharedCommand(frame: ChatTyping | ConversationClose, by: Actor): Command {
  return frame.type === 'chat.typing'
    ? { type: 'typing', by, conversationId: frame.conversationId, typing: frame.typing }
    : { type: 'conversation.close', by, conversationId: frame.conversationId };
}
