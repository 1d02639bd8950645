// Commands that make a callback: a visitor's request and an agent's after a cut-off chat.
import type { Callback } from '@switchboard/shared';
import { departmentFor, ownOpenCallback, ownsCallback, siteCallbacks } from '../callbacks.js';
import type { Draft } from '../draft.js';
import { agentRole, conversationForAgent } from '../permissions.js';
import { callbackSlots } from '../slots.js';
import type { CreateCallback, RequestCallback } from '../types.js';
import {
  newReference,
  rememberPhone,
  saveCallback,
  schedule,
  statusReply,
} from './callback-write.js';
import { fail, type Outcome, ok } from './outcome.js';

/**
 * `callback.request`: a new callback, or (the same visitor's open one for the same number) that
 * one updated: name, window, note; it keeps its reference. Answered with `callback.status`.
 * Another visitor's callback to the same number is never touched nor shown.
 */
export function requestCallback(draft: Draft, command: RequestCallback): Outcome {
  const { visitor } = command;
  // A resend answers with what the first request made, and only to its owner.
  if (command.duplicateCallback && ownsCallback(command.duplicateCallback, visitor)) {
    const current = draft.callbacks.get(command.duplicateCallback.id) ?? command.duplicateCallback;
    return statusReply(draft, current);
  }
  const settings = siteCallbacks(draft.base, visitor.siteId);
  if (!settings) return fail('FORBIDDEN', 'This site does not offer callbacks.');
  const existing = ownOpenCallback(draft.callbacks.values(), visitor, command.phone);
  const department = existing
    ? draft.departments.get(existing.departmentId)
    : departmentFor(
        { sites: draft.base.sites, departments: draft.departments },
        visitor.siteId,
        command.departmentId,
        command.topic,
      );
  if (!department) return fail('UNKNOWN_DEPARTMENT');
  const others = [...draft.callbacks.values()].filter((c) => c.id !== existing?.id);
  const when = schedule(callbackSlots(department, settings, others, draft.now), command.window);
  const calling = existing?.status === 'calling';
  if (!when.ok && !calling) return when.result;
  // The chat it came from, when it is the visitor's own.
  const chat =
    command.conversationId === undefined
      ? undefined
      : (draft.open.get(command.conversationId) ?? command.stored ?? undefined);
  const conversationId = chat?.visitor.id === visitor.id ? chat.id : undefined;
  const clientId = { actor: `visitor:${visitor.id}`, clientId: command.clientId };
  let callback: Callback;
  if (existing) {
    callback = {
      ...existing,
      name: command.name,
      ...(command.note !== undefined ? { note: command.note } : {}),
      ...(when.ok && !calling
        ? { window: when.window, bookedWindow: when.window, dueAt: when.dueAt }
        : {}),
      ...(conversationId && !existing.conversationId ? { conversationId } : {}),
      updatedAt: draft.now,
    };
    saveCallback(draft, callback, 'callback.updated', clientId);
  } else {
    if (!when.ok) return when.result;
    const { locale, timeZone } = command.context;
    callback = {
      id: draft.ctx.newId('cb'),
      reference: newReference(draft),
      siteId: visitor.siteId,
      visitor: { id: visitor.id, name: visitor.name },
      name: command.name,
      phone: command.phone,
      departmentId: department.id,
      ...(command.topic !== undefined ? { topic: command.topic } : {}),
      ...(command.note !== undefined ? { note: command.note } : {}),
      window: when.window,
      bookedWindow: when.window,
      status: 'scheduled',
      dueAt: when.dueAt,
      attempts: [],
      claimedBy: null,
      ...(conversationId ? { conversationId } : {}),
      consent: settings.consentText,
      ...(locale ? { locale } : {}),
      ...(timeZone ? { timeZone } : {}),
      createdAt: draft.now,
      updatedAt: draft.now,
    };
    saveCallback(draft, callback, 'callback.requested', clientId);
  }
  rememberPhone(draft, visitor.id, command.phone);
  return statusReply(draft, callback);
}

/**
 * `callback.create`: after a cut-off chat, a callback as soon as possible to the number the
 * visitor gave (pre-chat, or an open callback request). `NOT_FOUND` without a known number.
 */
export function createCallback(draft: Draft, command: CreateCallback): Outcome {
  const found = conversationForAgent(
    'callback.create',
    agentRole(draft.agents, command.agent.id),
    draft.open.get(command.conversationId),
    command.stored,
  );
  if (!found.ok) return { frame: found.error };
  const { conversation } = found;
  const visitorId = conversation.visitor.id;
  const settings = siteCallbacks(draft.base, conversation.siteId);
  if (!settings) return fail('FORBIDDEN', 'This site does not offer callbacks.');
  const phone =
    draft.phones.get(visitorId) ??
    [...draft.callbacks.values()].find((c) => c.visitor.id === visitorId)?.phone;
  if (!phone) return fail('NOT_FOUND', 'No phone number is known for this visitor.');
  // Only this visitor's own: another visitor's callback to the same number stays theirs.
  const existing = ownOpenCallback(
    draft.callbacks.values(),
    { id: visitorId, siteId: conversation.siteId },
    phone,
  );
  if (existing) {
    if (!existing.conversationId) {
      saveCallback(
        draft,
        { ...existing, conversationId: conversation.id, updatedAt: draft.now },
        'callback.updated',
      );
    }
    return ok;
  }
  const department =
    (conversation.routing && draft.departments.get(conversation.routing.departmentId)) ??
    departmentFor(
      { sites: draft.base.sites, departments: draft.departments },
      conversation.siteId,
      undefined,
      undefined,
    );
  if (!department) return fail('UNKNOWN_DEPARTMENT');
  const availability = callbackSlots(department, settings, draft.callbacks.values(), draft.now);
  const { locale, timeZone } = conversation.context;
  const callback: Callback = {
    id: draft.ctx.newId('cb'),
    reference: newReference(draft),
    siteId: conversation.siteId,
    visitor: { id: visitorId, name: conversation.visitor.name },
    name: conversation.visitor.name,
    phone,
    departmentId: department.id,
    window: null,
    status: 'scheduled',
    // The agent decided: as soon as the calling hours allow, else now.
    dueAt: availability.asapAt ?? draft.now,
    attempts: [],
    claimedBy: null,
    conversationId: conversation.id,
    consent: settings.consentText,
    ...(locale ? { locale } : {}),
    ...(timeZone ? { timeZone } : {}),
    createdAt: draft.now,
    updatedAt: draft.now,
  };
  saveCallback(draft, callback, 'callback.requested');
  return ok;
}
