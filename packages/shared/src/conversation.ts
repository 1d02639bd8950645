import type { ConversationEvent, ConversationSummary } from './model.js';

/** Longest preview text kept in a summary. */
export const PREVIEW_CHARS = 200;

/**
 * Fold one event into a conversation's summary. Summaries are derived from the log, never stored
 * apart from it, so the relay, the widget and the console agree by construction. Pure.
 * Returns null when the log does not start with `conversation.created`.
 * @example const summary = events.reduce((s, e) => applyEvent(s, e, siteId), null)
 */
export function applyEvent(
  summary: ConversationSummary | null,
  event: ConversationEvent,
  siteId: string,
  conversationId: string,
): ConversationSummary | null {
  if (event.type === 'conversation.created') {
    return {
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
    };
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
    case 'conversation.assigned':
      next.agent = event.agent;
      if (next.status === 'waiting') next.status = 'active';
      break;
    case 'conversation.closed':
      next.status = 'closed';
      next.closedAt = event.at;
      break;
  }
  return next;
}
