import { type AgentToServer, errorFrame, type ServerToAgent } from '@switchboard/shared';
import type { AgentActor, Command } from '../../core/types.js';
import { exceedsReportRange, REPORT_MAX_DAYS } from '../../policy/report-range.js';
import { sharedCommand } from '../commands.js';

// The agent's frames as engine commands, and answers as frames: pure, no socket, no store.

/** The agent frame of type `K`. */
export type AgentFrame<K extends AgentToServer['type']> = Extract<AgentToServer, { type: K }>;

/** The frame types that are one engine command each, as the agent sent them. */
export type CommandFrameType =
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
  | 'callback.claim'
  | 'callback.release'
  | 'callback.outcome'
  | 'callback.create'
  | 'conversation.wrapup'
  | 'department.save'
  | 'canned.save'
  | 'canned.delete';

/** Each command frame's command, for the agent who sent it. */
export const agentCommands: {
  [K in CommandFrameType]: (frame: AgentFrame<K>, agent: AgentActor) => Command;
} = {
  'chat.send': (frame, agent) => ({
    type: 'agent.message',
    agent,
    conversationId: frame.conversationId,
    clientId: frame.clientId,
    text: frame.text,
  }),
  'chat.typing': sharedCommand,
  'conversation.close': sharedCommand,
  'presence.set': (frame, agent) => ({ type: 'presence.set', agent, presence: frame.presence }),
  'offer.accept': (frame, agent) => ({
    type: frame.type,
    agent,
    conversationId: frame.conversationId,
  }),
  'offer.decline': (frame, agent) => ({
    type: frame.type,
    agent,
    conversationId: frame.conversationId,
  }),
  'conversation.assign': (frame, agent) => ({
    type: 'conversation.assign',
    agent,
    conversationId: frame.conversationId,
    agentId: frame.agentId,
  }),
  'conversation.transfer': (frame, agent) => ({
    type: 'conversation.transfer',
    agent,
    conversationId: frame.conversationId,
    to: frame.to,
    ...(frame.note ? { note: frame.note } : {}),
  }),
  'conversation.join': (frame, agent) => ({
    type: 'conversation.join',
    agent,
    conversationId: frame.conversationId,
  }),
  'note.send': (frame, agent) => ({
    type: 'note.send',
    agent,
    conversationId: frame.conversationId,
    clientId: frame.clientId,
    kind: frame.kind,
    text: frame.text,
  }),
  'callback.claim': (frame, agent) => ({ type: frame.type, agent, callbackId: frame.callbackId }),
  'callback.release': (frame, agent) => ({
    type: frame.type,
    agent,
    callbackId: frame.callbackId,
  }),
  'callback.outcome': (frame, agent) => ({
    type: 'callback.outcome',
    agent,
    callbackId: frame.callbackId,
    outcome: frame.outcome,
    ...(frame.note ? { note: frame.note } : {}),
    ...(frame.dispositionId !== undefined ? { dispositionId: frame.dispositionId } : {}),
  }),
  'callback.create': (frame, agent) => ({
    type: 'callback.create',
    agent,
    conversationId: frame.conversationId,
  }),
  'conversation.wrapup': (frame, agent) => ({
    type: 'conversation.wrapup',
    agent,
    conversationId: frame.conversationId,
    dispositionId: frame.dispositionId,
    resolved: frame.resolved,
    ...(frame.note ? { note: frame.note } : {}),
  }),
  'department.save': (frame, agent) => ({
    type: 'department.save',
    agent,
    department: frame.department,
  }),
  'canned.save': (frame, agent) => ({ type: 'canned.save', agent, canned: frame.canned }),
  'canned.delete': (frame, agent) => ({ type: 'canned.delete', agent, id: frame.id }),
};

/** The command for one command frame. */
export function agentCommand<K extends CommandFrameType>(
  frame: AgentFrame<K>,
  agent: AgentActor,
): Command {
  const build = agentCommands[(frame as { type: K }).type] as (
    f: AgentFrame<K>,
    a: AgentActor,
  ) => Command;
  return build(frame, agent);
}

/** `kpi.get` over a longer range than one report may cover: the answer; else null. */
export function reportRangeError(frame: AgentFrame<'kpi.get'>): ServerToAgent | null {
  if (!exceedsReportRange(frame.from, frame.to)) return null;
  return errorFrame('BAD_FRAME', `A report covers at most ${REPORT_MAX_DAYS} days.`, [
    { path: 'to', message: `must be at most ${REPORT_MAX_DAYS} days after from` },
  ]);
}

/**
 * `faq.metrics.get` with a bound that is not whole, non-negative milliseconds (the answer's range
 * is): the answer; else null.
 */
export function metricsRangeError(frame: AgentFrame<'faq.metrics.get'>): ServerToAgent | null {
  const wrong = (['from', 'to'] as const).filter((key) => {
    const value = frame[key];
    return value !== undefined && !(Number.isSafeInteger(value) && value >= 0);
  });
  if (wrong.length === 0) return null;
  return errorFrame(
    'BAD_FRAME',
    '"faq.metrics.get" is malformed.',
    wrong.map((path) => ({ path, message: 'must be a whole number, at least 0' })),
  );
}
