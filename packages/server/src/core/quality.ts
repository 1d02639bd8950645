import { type Callback, errorFrame } from '@switchboard/shared';
import { hasDisposition } from './callbacks.js';
import { saveCallback } from './commands/callback-write.js';
import type { Draft } from './draft.js';
import { agentRole, conversationForAgent } from './permissions.js';
import type { ReplyEffect, SubmitSurvey, WrapUpConversation } from './types.js';

/** How long after a contact ended its survey is accepted. */
export const SURVEY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

type Result = { frame: ReplyEffect['frame'] };
const fail = (code: Parameters<typeof errorFrame>[0], message?: string): Result => ({
  frame: errorFrame(code, message),
});
const ok: Result = { frame: { type: 'ok' } };

/**
 * `conversation.wrapup`: after the close, the agent who handled the conversation (or a
 * supervisor) logs `conversation.wrapped` with a configured disposition. `CONVERSATION_OPEN`
 * before the close, `UNKNOWN_DISPOSITION` for a code the relay does not have.
 */
export function wrapUp(draft: Draft, command: WrapUpConversation): Result {
  const { agent } = command;
  const found = conversationForAgent(
    'conversation.wrapup',
    agentRole(draft.agents, agent.id),
    draft.open.get(command.conversationId),
    command.stored,
  );
  if (!found.ok) return { frame: found.error };
  const stored = found.conversation;
  if (!hasDisposition(draft, command.dispositionId)) return fail('UNKNOWN_DISPOSITION');
  draft.emit(
    stored,
    {
      type: 'conversation.wrapped',
      by: { id: agent.id, name: agent.name },
      dispositionId: command.dispositionId,
      resolved: command.resolved,
      ...(command.note ? { note: command.note } : {}),
    },
    stored,
  );
  return ok;
}

/** When a finished callback ended: its last call attempt (or its last change). */
function callbackEndedAt(callback: Callback): number {
  return callback.attempts.at(-1)?.at ?? callback.updatedAt;
}

/**
 * `survey.submit`: a visitor rates a closed conversation of theirs (logged as
 * `survey.submitted`) or a completed callback of theirs (stored on it, answers merged). Up to 7
 * days after the end; `NOT_FOUND` when it is not theirs, `NOT_RATEABLE` when not finished or too
 * old.
 */
export function submitSurvey(draft: Draft, command: SubmitSurvey): Result {
  const { visitor } = command;
  const answers = {
    ...(command.csat !== undefined ? { csat: command.csat } : {}),
    ...(command.ces !== undefined ? { ces: command.ces } : {}),
    ...(command.comment !== undefined ? { comment: command.comment } : {}),
  };
  if (Object.keys(answers).length === 0) {
    return fail('BAD_FRAME', 'Give at least one answer: csat, ces or comment.');
  }
  const mine = (c: { visitor: { id: string }; siteId: string }) =>
    c.visitor.id === visitor.id && c.siteId === visitor.siteId;
  if (command.conversationId !== undefined && command.callbackId === undefined) {
    const open = draft.open.get(command.conversationId);
    if (open) return mine(open) ? fail('NOT_RATEABLE') : fail('NOT_FOUND');
    const stored = command.stored;
    if (!stored || !mine(stored)) return fail('NOT_FOUND');
    const endedAt = stored.closedAt ?? stored.updatedAt;
    if (stored.status !== 'closed' || draft.now - endedAt > SURVEY_WINDOW_MS) {
      return fail('NOT_RATEABLE');
    }
    draft.emit(stored, { type: 'survey.submitted', ...answers }, stored);
    return ok;
  }
  if (command.callbackId !== undefined && command.conversationId === undefined) {
    const open = draft.callbacks.get(command.callbackId);
    if (open) return mine(open) ? fail('NOT_RATEABLE') : fail('NOT_FOUND');
    const stored = command.storedCallback;
    if (!stored || !mine(stored)) return fail('NOT_FOUND');
    if (stored.status !== 'completed' || draft.now - callbackEndedAt(stored) > SURVEY_WINDOW_MS) {
      return fail('NOT_RATEABLE');
    }
    const callback: Callback = {
      ...stored,
      // updatedAt stays: it dates the call's outcome, which the KPIs count by.
      survey: { ...stored.survey, ...answers, at: draft.now },
    };
    saveCallback(draft, callback, 'callback.updated');
    return ok;
  }
  return fail('BAD_FRAME', 'Name exactly one of conversationId and callbackId.');
}
