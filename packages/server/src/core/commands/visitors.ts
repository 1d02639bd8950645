// A visitor's connection and profile.
import type { Draft } from '../draft.js';
import { profileOf } from '../identify.js';
import type { UpdateVisitor, VisitorConnection } from '../types.js';
import { type Outcome, ok } from './outcome.js';

/** `visitor.connect` and `visitor.disconnect`: presence the routing and abandonment rules read. */
export function connectVisitor(draft: Draft, command: VisitorConnection): Outcome {
  draft.mutated = true;
  draft.visitors.set(
    command.visitorId,
    command.type === 'visitor.connect'
      ? { connected: true }
      : { connected: false, goneSince: draft.now },
  );
  return ok;
}

/**
 * Store a visitor's profile and log it in their open conversation; an anonymous visitor's open
 * conversation moves to the verified visitor they proved to be, when that one has none open.
 */
export function updateVisitor(draft: Draft, command: UpdateVisitor): Outcome {
  const { visitor, movedFrom } = command;
  draft.writes.push({ type: 'write', write: { kind: 'visitor', visitor } });
  let openId = draft.openByVisitor.get(visitor.id);
  if (openId === undefined && movedFrom !== undefined && movedFrom !== visitor.id) {
    openId = draft.openByVisitor.get(movedFrom);
    if (openId !== undefined) {
      // The conversation's visitor changes with the event below; presence and phone follow it.
      draft.openByVisitor.delete(movedFrom);
      const presence = draft.visitors.get(movedFrom);
      if (presence) draft.visitors.set(visitor.id, presence);
      const phone = draft.phones.get(movedFrom);
      if (phone !== undefined && !draft.phones.has(visitor.id)) draft.phones.set(visitor.id, phone);
    }
  }
  const conversation = openId !== undefined ? draft.open.get(openId) : undefined;
  if (conversation) {
    draft.emit(conversation, { type: 'visitor.updated', visitor: profileOf(visitor) });
  }
  return ok;
}
