// The effects of one reduced command, in the order the shell runs them.
import { type ConversationSummary, forVisitor } from '@switchboard/shared';
import type { Outcome } from './commands/outcome.js';
import type { Draft } from './draft.js';
import type { AgentRouting, Effect, Reduction, Target } from './types.js';

/** The supervisors among an agents map, found once per map (a message does not change it). */
const supervisorsOf = new WeakMap<ReadonlyMap<string, AgentRouting>, readonly string[]>();

function supervisors(agents: ReadonlyMap<string, AgentRouting>): readonly string[] {
  let found = supervisorsOf.get(agents);
  if (!found) {
    found = [...agents.values()].filter((a) => a.role === 'supervisor').map((a) => a.id);
    supervisorsOf.set(agents, found);
  }
  return found;
}

/** Events that change an inbox line's preview and time only, not where it is listed. */
const LINE_ONLY = new Set(['message.created', 'note.created']);

/**
 * Who needs a conversation's new summary: every inbox, unless the command only added messages to
 * a chat that stays with its agent. That one goes to the agents who hold it (the assignee, those
 * who joined) and to supervisors; followers fold the events into their line themselves. Other
 * agents see the chat move in "Team" when it changes hands or closes: a message costs a few
 * socket writes, not one per signed-in agent, and none twice to a console that opened the chat.
 */
function inboxesFor(draft: Draft, summary: ConversationSummary): Target {
  const touched = draft.touched.get(summary.id);
  const lineOnly =
    summary.status === 'active' &&
    touched?.before?.status === 'active' &&
    touched.before.agent?.id === summary.agent?.id &&
    touched.events.every((e) => LINE_ONLY.has(e.type));
  if (!lineOnly) return { kind: 'agents' };
  const agentIds = new Set<string>();
  if (summary.agent) agentIds.add(summary.agent.id);
  for (const participant of summary.participants ?? []) agentIds.add(participant.id);
  for (const id of supervisors(draft.agents.current)) agentIds.add(id);
  // Consoles that opened it get the events (pushed just before) and fold them into the line.
  return { kind: 'inboxes', agentIds: [...agentIds], exceptFollowersOf: summary.id };
}

/**
 * The effects of a command, in order: persist each touched conversation and the settings written
 * (the shell stores them in one transaction), push each event to the visitor (their redacted copy)
 * and to followers, the new summaries to every inbox, other pushes, then the answer.
 */
export function finish(draft: Draft, outcome: Outcome): Reduction {
  if (!draft.changed && draft.sends.length === 0) {
    return { state: draft.base, effects: [{ type: 'reply', frame: outcome.frame }] };
  }
  const effects: Effect[] = [];
  const summaries: ConversationSummary[] = [];
  for (const [id, touched] of draft.touched) {
    const summary = draft.summary(id)!;
    summaries.push(summary);
    effects.push({
      type: 'persist',
      conversation: summary,
      events: touched.events,
      ...(outcome.sender?.conversationId === id ? { clientId: outcome.sender } : {}),
    });
  }
  effects.push(...draft.writes);
  for (const [id, touched] of draft.touched) {
    const visitorId = draft.summary(id)!.visitor.id;
    for (const event of touched.events) {
      effects.push({
        type: 'send',
        to: { kind: 'visitor', visitorId },
        frame: { type: 'conversation.event', conversationId: id, event: forVisitor(event) },
      });
      effects.push({
        type: 'send',
        to: { kind: 'followers', conversationId: id },
        frame: { type: 'conversation.event', conversationId: id, event },
      });
    }
  }
  for (const summary of summaries) {
    effects.push({
      type: 'send',
      to: inboxesFor(draft, summary),
      frame: { type: 'inbox.upsert', conversation: summary },
    });
  }
  effects.push(...draft.sends);
  effects.push({ type: 'reply', frame: outcome.frame });
  return { state: draft.changed ? draft.freeze() : draft.base, effects };
}
