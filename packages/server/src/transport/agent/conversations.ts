import { type AgentArea, follow, hello, toEngine } from './session.js';

/** The inbox and the conversations: welcome, reading, writing, handing over, wrapping up. */
export const conversationHandlers: AgentArea<
  | 'agent.hello'
  | 'conversation.open'
  | 'conversation.sync'
  | 'chat.send'
  | 'chat.typing'
  | 'conversation.close'
  | 'presence.set'
  | 'offer.accept'
  | 'offer.decline'
  | 'conversation.assign'
  | 'conversation.transfer'
  | 'conversation.join'
  | 'note.send'
  | 'customer.history'
  | 'conversation.wrapup'
> = {
  'agent.hello': hello,
  'conversation.open': follow,
  'conversation.sync': follow,
  'chat.send': toEngine(),
  'chat.typing': toEngine(),
  'conversation.close': toEngine(),
  'presence.set': toEngine(),
  'offer.accept': toEngine(),
  'offer.decline': toEngine(),
  'conversation.assign': toEngine(),
  'conversation.transfer': toEngine(),
  'conversation.join': toEngine(),
  'note.send': toEngine(),
  'conversation.wrapup': toEngine(),
  'customer.history': async (frame, respond, { ctx }) => {
    // The core's open callbacks as they are once the store has answered, not when it was asked.
    const now = {
      get callbacks() {
        return ctx.engine.state.callbacks;
      },
    };
    return respond(await ctx.reads.visitors.customerHistory(now, frame.visitorId));
  },
};
