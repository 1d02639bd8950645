import type { ConversationEvent, ConversationSummary } from './model.js';

/** Longest preview text kept in a summary. */
export const PREVIEW_CHARS = 200;

/**
 * Fold one event into a conversation's summary. Summaries are derived from the log, never stored
 * apart from it, so the relay, the widget and the console agree by construction. Pure.
 * Returns null when the log does not start with `conversation.created`.
 * @example const summary = events.reduce((s, e) => applyEvent(s, e, siteId, id), null)
 */
export function applyEvent(
  summary: ConversationSummary | null,
  event: ConversationEvent,
  siteId: string,
  conversationId: string,
): ConversationSummary | null {
  if (event.type === 'conversation.created') {
    const created: ConversationSummary = {
      id: conversationId,
      siteId,
      status: 'waiting',
      visitor: event.visitor,
      context: event.context,
      agent: null,
      createdAt: event.at,
      updatedAt: event.at,
      lastSeq: event.seq,
      preview: null,
      queuedAt: event.at,
    };
    if (event.routing) created.routing = event.routing;
    return created;
  }
  if (!summary) return null;
  const next: ConversationSummary = { ...summary, lastSeq: event.seq, updatedAt: event.at };
  switch (event.type) {
    case 'message.created':
      next.preview = {
        text: event.text.slice(0, PREVIEW_CHARS),
        role: event.author.role,
        at: event.at,
      };
      break;
    case 'conversation.offered':
      next.offer = { agent: event.agent, expiresAt: event.expiresAt };
      break;
    case 'conversation.unoffered':
      next.offer = null;
      break;
    case 'conversation.assigned':
      next.agent = event.agent;
      next.offer = null;
      if (next.status === 'waiting') next.status = 'active';
      break;
    case 'conversation.queued':
      next.status = 'waiting';
      next.agent = null;
      next.offer = null;
      next.routing = {
        ...(next.routing ?? { skills: [], priority: 0 }),
        departmentId: event.departmentId,
        ...(event.skills ? { skills: event.skills } : {}),
      };
      break;
    case 'conversation.joined':
      if (!next.participants?.some((p) => p.id === event.agent.id)) {
        next.participants = [...(next.participants ?? []), event.agent];
      }
      break;
    case 'conversation.deferred':
      next.mode = 'message';
      break;
    case 'conversation.closed':
      next.status = 'closed';
      next.closedAt = event.at;
      next.offer = null;
      next.closeReason = event.reason ?? 'ended';
      break;
    case 'visitor.updated':
      next.visitor = event.visitor;
      break;
    case 'conversation.wrapped':
      next.wrapUp = { dispositionId: event.dispositionId, resolved: event.resolved, at: event.at };
      break;
    case 'survey.submitted': {
      const survey = { ...next.survey };
      if (event.csat !== undefined) survey.csat = event.csat;
      if (event.ces !== undefined) survey.ces = event.ces;
      if (event.comment !== undefined) survey.comment = event.comment;
      next.survey = survey;
      break;
    }
    // transferred: the assignment or queueing that follows it carries the change.
    // note.created, redacted: no change to the summary.
  }
  return next;
}

/** Event types only agents may see; a visitor receives `redacted` in their place. */
const AGENTS_ONLY: ReadonlySet<ConversationEvent['type']> = new Set([
  'conversation.offered',
  'conversation.unoffered',
  'note.created',
  'conversation.cut_off',
  'visitor.updated',
  'conversation.wrapped',
]);

/**
 * The visitor's copy of an event: agents-only events become `redacted` (same seq, so the
 * visitor's log stays contiguous), a transfer loses its handover note, and the routing internals
 * (the skills and priority a conversation asks for) are left out of its creation and requeueing.
 * @example socket.emit('frame', { type: 'conversation.event', conversationId, event: forVisitor(event) })
 */
export function forVisitor(event: ConversationEvent): ConversationEvent {
  if (AGENTS_ONLY.has(event.type)) return { type: 'redacted', seq: event.seq, at: event.at };
  if (event.type === 'conversation.transferred' && event.note !== undefined) {
    const { note: _note, ...rest } = event;
    return rest;
  }
  if (event.type === 'conversation.created' && event.routing !== undefined) {
    const { routing: _routing, ...rest } = event;
    return rest;
  }
  if (event.type === 'conversation.queued' && event.skills !== undefined) {
    const { skills: _skills, ...rest } = event;
    return rest;
  }
  return event;
}

/**
 * The visitor's copy of a summary: nothing about offers, routing or wrap-up.
 * @example welcome.conversation.summary = summaryForVisitor(summary)
 */
export function summaryForVisitor(summary: ConversationSummary): ConversationSummary {
  const { offer: _offer, wrapUp: _wrapUp, routing: _routing, ...rest } = summary;
  return rest;
}
