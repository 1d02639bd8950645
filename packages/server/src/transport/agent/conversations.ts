import { customerFrame } from './commands.js';
import { type AgentArea, follow, hello, toEngine } from './session.js';

/** Most conversations `customer.history` returns. */
const HISTORY_LIMIT = 50;

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
    const [conversations, stored] = await Promise.all([
      ctx.store.customerHistory(frame.visitorId, HISTORY_LIMIT),
      ctx.store.listCallbacks({ visitorId: frame.visitorId, limit: HISTORY_LIMIT }),
    ]);
    // The core's copy of an open callback is the current one.
    const current = (id: string) => ctx.engine.state.callbacks.get(id);
    return respond(customerFrame(frame.visitorId, conversations, stored, current));
  },
};
