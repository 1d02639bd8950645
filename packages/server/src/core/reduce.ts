import { saveCanned, saveDepartment } from './commands/admin.js';
import { connectAgent, setPresence } from './commands/agents.js';
import { answerOffer, assign, defer, join, transfer } from './commands/assignment.js';
import {
  cancelCallback,
  claimCallback,
  recordOutcome,
  rescheduleCallback,
} from './commands/callback-calls.js';
import { createCallback, requestCallback } from './commands/callback-request.js';
import { agentMessage, close, note, typing, visitorMessage } from './commands/chat.js';
import { actorKey, type Outcome, ok } from './commands/outcome.js';
import { connectVisitor, updateVisitor } from './commands/visitors.js';
import { Draft } from './draft.js';
import { finish } from './finish.js';
import { submitSurvey, wrapUp } from './quality.js';
import { queueStatuses } from './queue-status.js';
import { route } from './routing.js';
import { expire, trackDeadlines } from './timers.js';
import type { Command, CoreContext, CoreState, Reduction } from './types.js';

export { actorKey } from './commands/outcome.js';
export { createState, emptyState, stateFromConversations } from './state.js';

/** What the executor must read from the store before reducing `command`. */
export interface NeededLookups {
  /** Look for a stored message with this sender's clientId. */
  clientId?: { actor: string; clientId: string };
  /** Read this conversation's stored summary: it is named but not open. */
  conversationId?: string;
  /** Look for a callback made by a request with this sender's clientId. */
  callbackClientId?: { actor: string; clientId: string };
  /** Read this callback from the store: it is named but not open. */
  callbackId?: string;
}

/**
 * The store reads `command` needs, so `reduce` can stay pure.
 * @example const needed = lookupsFor(state, command)
 */
export function lookupsFor(state: CoreState, command: Command): NeededLookups {
  const needed: NeededLookups = {};
  if (command.type === 'visitor.message') {
    needed.clientId = { actor: actorKey(command.visitor), clientId: command.clientId };
  } else if (command.type === 'agent.message' || command.type === 'note.send') {
    needed.clientId = { actor: actorKey(command.agent), clientId: command.clientId };
  }
  if (command.conversationId !== undefined && !state.open.has(command.conversationId)) {
    needed.conversationId = command.conversationId;
  }
  if (command.type === 'callback.request') {
    needed.callbackClientId = { actor: actorKey(command.visitor), clientId: command.clientId };
  }
  if (
    'callbackId' in command &&
    command.callbackId !== undefined &&
    !state.callbacks.has(command.callbackId)
  ) {
    needed.callbackId = command.callbackId;
  }
  return needed;
}

/**
 * Apply one command: returns the next state and the effects to run, in order (persist and write
 * first, then pushes, then the reply). What fell due by `ctx.now` runs first (expired offers, ended
 * grace periods, abandoned waits); routing runs after every command. Pure: the clock and ids come
 * from `ctx`, store facts from the command's lookups. A refused command changes nothing.
 * @example const { state: next, effects } = reduce(state, command, { now: Date.now(), newId })
 */
export function reduce(state: CoreState, command: Command, ctx: CoreContext): Reduction {
  const draft = new Draft(state, ctx);
  // An agent back at the very millisecond their grace period ends keeps their chats: the return
  // is handled before what fell due.
  const returning = command.type === 'agent.connect';
  if (!returning) expire(draft);
  const outcome = handle(draft, command);
  if (returning) expire(draft);
  route(draft);
  queueStatuses(draft);
  trackDeadlines(draft);
  return finish(draft, outcome);
}

/** The command's own change, by its type: each family lives in `commands/`. */
function handle(draft: Draft, command: Command): Outcome {
  switch (command.type) {
    case 'visitor.message':
      return visitorMessage(draft, command);
    case 'agent.message':
      return agentMessage(draft, command);
    case 'conversation.close':
      return close(draft, command);
    case 'typing':
      return typing(draft, command);
    case 'agent.connect':
    case 'agent.disconnect':
      return connectAgent(draft, command);
    case 'presence.set':
      return setPresence(draft, command);
    case 'offer.accept':
    case 'offer.decline':
      return answerOffer(draft, command);
    case 'conversation.assign':
      return assign(draft, command);
    case 'conversation.transfer':
      return transfer(draft, command);
    case 'conversation.join':
      return join(draft, command);
    case 'note.send':
      return note(draft, command);
    case 'conversation.defer':
      return defer(draft, command);
    case 'visitor.connect':
    case 'visitor.disconnect':
      return connectVisitor(draft, command);
    case 'department.save':
      return saveDepartment(draft, command);
    case 'canned.save':
    case 'canned.delete':
      return saveCanned(draft, command);
    case 'callback.request':
      return requestCallback(draft, command);
    case 'callback.cancel':
      return cancelCallback(draft, command);
    case 'callback.reschedule':
      return rescheduleCallback(draft, command);
    case 'callback.claim':
    case 'callback.release':
      return claimCallback(draft, command);
    case 'callback.outcome':
      return recordOutcome(draft, command);
    case 'callback.create':
      return createCallback(draft, command);
    case 'visitor.profile':
      return updateVisitor(draft, command);
    case 'conversation.wrapup':
      return wrapUp(draft, command);
    case 'survey.submit':
      return submitSurvey(draft, command);
    case 'tick':
      return ok;
  }
}
