import { type AgentArea, toEngine } from './session.js';

/** Callbacks: claiming, releasing, recording the outcome, and making one from a chat. */
export const callbackHandlers: AgentArea<
  'callback.claim' | 'callback.release' | 'callback.outcome' | 'callback.create'
> = {
  'callback.claim': toEngine(),
  'callback.release': toEngine(),
  'callback.outcome': toEngine(),
  'callback.create': toEngine(),
};
