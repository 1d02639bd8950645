import { applyEvent, type ConversationEvent, type ConversationSummary } from '@switchboard/shared';
import type { AppendBatch } from '../../../src/store/types.js';

/** The one visitor of the log fixtures. */
export const visitor = { id: 'vis_1', name: 'Visitor 4821' };

export function created(at = 1_000): Extract<ConversationEvent, { type: 'conversation.created' }> {
  return { type: 'conversation.created', seq: 1, at, visitor, context: { locale: 'en' } };
}

export function message(seq: number, clientId: string, at = 1_000 + seq): ConversationEvent {
  return {
    type: 'message.created',
    seq,
    at,
    id: `msg_${seq}`,
    clientId,
    author: { role: 'visitor', ...visitor },
    text: `text ${seq}`,
  };
}

/** A batch for `events` on top of `before`, as the core would make it. */
export function batch(
  events: ConversationEvent[],
  before: ConversationSummary | null = null,
  id = 'cnv_1',
): AppendBatch {
  let summary = before;
  for (const event of events) summary = applyEvent(summary, event, 'demo', id);
  const last = events.at(-1)!;
  return {
    conversation: summary!,
    events,
    ...(last.type === 'message.created'
      ? {
          clientId: {
            actor: 'visitor:vis_1',
            clientId: last.clientId,
            conversationId: id,
            messageId: last.id,
            seq: last.seq,
            at: last.at,
          },
        }
      : {}),
  };
}
