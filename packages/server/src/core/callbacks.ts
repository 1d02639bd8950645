import {
  type AgentRef,
  type Callback,
  type CallbackView,
  type Department,
  type ErrorFrame,
  errorFrame,
  type TimeWindow,
} from '@switchboard/shared';
import { maskPhone } from '../policy/phone.js';
import type { Draft } from './draft.js';
import { agentRole, conversationForAgent } from './permissions.js';
import { isFinished, nextAttempt, outcomeEffect } from './retry.js';
import { hasSkills } from './routing.js';
import {
  type Availability,
  type CallbackSettings,
  callbackHours,
  callbackSettings,
  callbackSlots,
  isOffered,
} from './slots.js';
import { DEFAULT_DISPOSITION_IDS } from './state.js';
import type {
  AgentActor,
  ApiActor,
  CallbackEvent,
  CancelCallback,
  ClaimCallback,
  CoreState,
  CreateCallback,
  RecordOutcome,
  ReplyEffect,
  RequestCallback,
  RescheduleCallback,
  VisitorActor,
} from './types.js';

/** Letters and digits nobody mixes up on the phone (no 0/O, 1/I/L). */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

type Reply = ReplyEffect['frame'];
type Result = { frame: Reply };
const fail = (code: Parameters<typeof errorFrame>[0], message?: string): Result => ({
  frame: errorFrame(code, message),
});
const ok: Result = { frame: { type: 'ok' } };

/**
 * A callback as its visitor sees it: the number masked, no notes, the number of calls made.
 * @example callbackView(callback, state.departments)
 */
export function callbackView(
  callback: Callback,
  departments: ReadonlyMap<string, Department>,
): CallbackView {
  return {
    id: callback.id,
    reference: callback.reference,
    status: callback.status,
    window: callback.window,
    dueAt: callback.dueAt,
    departmentName: departments.get(callback.departmentId)?.name ?? callback.departmentId,
    phoneMasked: maskPhone(callback.phone),
    attempts: callback.attempts.length,
    updatedAt: callback.updatedAt,
    ...(callback.status === 'completed' && !callback.survey ? { surveyDue: true } : {}),
  };
}

/** The site's callback settings, or undefined when it offers none. */
export function siteCallbacks(
  state: Pick<CoreState, 'sites'>,
  siteId: string,
): CallbackSettings | undefined {
  return state.sites.get(siteId)?.callback;
}

/**
 * The department a callback request goes to: the page's, the topic's, the site's default, the first.
 * @example departmentFor(state, 'demo', undefined, 'product')?.id // 'tech'
 */
export function departmentFor(
  state: Pick<CoreState, 'sites' | 'departments'>,
  siteId: string,
  departmentId: string | undefined,
  topic: string | undefined,
): Department | undefined {
  const site = state.sites.get(siteId);
  const fromTopic = site?.topics.find((t) => t.id === topic)?.departmentId;
  for (const id of [departmentId, fromTopic, site?.defaultDepartmentId]) {
    const found = id === undefined ? undefined : state.departments.get(id);
    if (found) return found;
  }
  return state.departments.values().next().value;
}

/**
 * What a visitor of `siteId` may book now, for a topic or department (`callback.availability`).
 * @example availabilityFor(state, 'demo', { topic: 'order' }, Date.now())
 */
export function availabilityFor(
  state: Pick<CoreState, 'sites' | 'departments' | 'callbacks'>,
  siteId: string,
  ask: { topic?: string; departmentId?: string },
  now: number,
):
  | { ok: true; department: Department; availability: Availability }
  | { ok: false; error: ErrorFrame } {
  const settings = siteCallbacks(state, siteId);
  if (!settings) {
    return { ok: false, error: errorFrame('FORBIDDEN', 'This site does not offer callbacks.') };
  }
  if (ask.departmentId !== undefined && !state.departments.has(ask.departmentId)) {
    return { ok: false, error: errorFrame('UNKNOWN_DEPARTMENT') };
  }
  const department = departmentFor(state, siteId, ask.departmentId, ask.topic);
  if (!department) return { ok: false, error: errorFrame('UNKNOWN_DEPARTMENT') };
  return {
    ok: true,
    department,
    availability: callbackSlots(department, settings, state.callbacks.values(), now),
  };
}

/** A fresh reference, unlike any open callback's. */
function newReference(draft: Draft): string {
  const taken = new Set([...draft.callbacks.values()].map((c) => c.reference));
  for (let i = 0; ; i++) {
    const made = draft.ctx.newReference?.() ?? derivedReference(draft.ctx.newId('cb'));
    if (!taken.has(made) || i >= 20) return made;
  }
}

/** Four characters of the alphabet from an id, when no reference maker is injected. */
function derivedReference(id: string): string {
  let hash = 2166136261;
  for (const char of id) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  let out = 'CB-';
  for (let i = 0; i < 4; i++) {
    out += REFERENCE_ALPHABET[hash % REFERENCE_ALPHABET.length];
    hash = Math.floor(hash / REFERENCE_ALPHABET.length);
  }
  return out;
}

/** Store the callback (with the webhook event), keep it in the state while open, push it. */
export function saveCallback(
  draft: Draft,
  callback: Callback,
  event: CallbackEvent,
  clientId?: { actor: string; clientId: string },
): void {
  draft.mutated = true;
  if (isFinished(callback.status)) draft.callbacks.delete(callback.id);
  else draft.callbacks.set(callback.id, callback);
  draft.writes.push({
    type: 'write',
    write: { kind: 'callback', callback, event, ...(clientId ? { clientId } : {}) },
  });
  draft.sends.push(
    { type: 'send', to: { kind: 'agents' }, frame: { type: 'callback.upsert', callback } },
    {
      type: 'send',
      to: { kind: 'visitor', visitorId: callback.visitor.id },
      frame: { type: 'callback.status', callback: callbackView(callback, draft.departments) },
    },
  );
}

/** Remember a visitor's number (state and store). */
export function rememberPhone(draft: Draft, visitorId: string, phone: string): void {
  if (draft.phones.get(visitorId) === phone) return;
  draft.mutated = true;
  draft.phones.set(visitorId, phone);
  draft.writes.push({ type: 'write', write: { kind: 'visitor.phone', visitorId, phone } });
}

const status = (draft: Draft, callback: Callback): Result => ({
  frame: { type: 'callback.status', callback: callbackView(callback, draft.departments) },
});

/** The due time and window for a request: an offered slot, or as soon as possible. */
function schedule(
  availability: Availability,
  window: TimeWindow | null,
): { ok: true; window: TimeWindow | null; dueAt: number } | { ok: false; result: Result } {
  if (window === null) {
    if (availability.asapAt === null) {
      return {
        ok: false,
        result: fail(
          'SLOT_UNAVAILABLE',
          'Nobody can call you back within the next 24 hours; please pick a time.',
        ),
      };
    }
    return { ok: true, window: null, dueAt: availability.asapAt };
  }
  if (!isOffered(availability, window)) return { ok: false, result: fail('SLOT_UNAVAILABLE') };
  return { ok: true, window, dueAt: window.start };
}

/**
 * Whether `callback` is this visitor's own: booked by the same visitor record on the same site. A
 * verified user is one visitor record on every device, so their sessions share their callbacks;
 * a phone number proves nothing (anyone can type anyone's).
 * @example ownsCallback(callback, { id: 'vis_1', siteId: 'demo' })
 */
export function ownsCallback(
  callback: Pick<Callback, 'siteId' | 'visitor'>,
  visitor: Pick<VisitorActor, 'id' | 'siteId'>,
): boolean {
  return callback.visitor.id === visitor.id && callback.siteId === visitor.siteId;
}

/**
 * The visitor's own open callback to `phone`, which a new request for that number changes.
 * @example ownOpenCallback(state.callbacks.values(), visitor, '+493012345678')
 */
export function ownOpenCallback(
  callbacks: Iterable<Callback>,
  visitor: Pick<VisitorActor, 'id' | 'siteId'>,
  phone: string,
): Callback | undefined {
  for (const callback of callbacks) {
    if (callback.phone === phone && ownsCallback(callback, visitor)) return callback;
  }
  return undefined;
}

/** What a `callback.request` would do (see `requestKind`). */
export type CallbackRequestKind = 'resend' | 'change' | 'new';

/**
 * What a `callback.request` would do: answer a resend of the visitor's own earlier request
 * (`made`: the callback the store has for its clientId), change the visitor's own open callback to
 * that number, or make a new one. Limits on new callbacks (per number, per visitor at once) apply
 * to `new` only, so nobody else's requests can stop a number's owner changing their own.
 * @example requestKind(state.callbacks.values(), visitor, '+493012345678', null) // 'new'
 */
export function requestKind(
  callbacks: Iterable<Callback>,
  visitor: Pick<VisitorActor, 'id' | 'siteId'>,
  phone: string,
  made: Callback | null,
): CallbackRequestKind {
  if (made && ownsCallback(made, visitor)) return 'resend';
  return ownOpenCallback(callbacks, visitor, phone) ? 'change' : 'new';
}

/**
 * `callback.request`: a new callback, or (the same visitor's open one for the same number) that
 * one updated: name, window, note; it keeps its reference. Answered with `callback.status`.
 * Another visitor's callback to the same number is never touched nor shown.
 */
export function requestCallback(draft: Draft, command: RequestCallback): Result {
  const { visitor } = command;
  // A resend answers with what the first request made, and only to its owner.
  if (command.duplicateCallback && ownsCallback(command.duplicateCallback, visitor)) {
    const current = draft.callbacks.get(command.duplicateCallback.id) ?? command.duplicateCallback;
    return status(draft, current);
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
  return status(draft, callback);
}

type Found = { ok: true; callback: Callback } | { ok: false; result: Result };

/** The open callback `id`, if `by` may act on it (visitors: their own only); else the error. */
function findCallback(
  draft: Draft,
  id: string,
  by: VisitorActor | AgentActor | ApiActor,
  stored: Callback | null | undefined,
): Found {
  const mine = (c: Callback) => by.role !== 'visitor' || ownsCallback(c, by);
  const open = draft.callbacks.get(id);
  if (open && mine(open)) return { ok: true, callback: open };
  // Someone else's callback and a missing one get the same answer.
  if (!open && stored && mine(stored)) return { ok: false, result: fail('CALLBACK_CLOSED') };
  return { ok: false, result: fail('NOT_FOUND') };
}

/** The answer to a visitor is their callback's status; agents and the API get `ok`. */
const answer = (draft: Draft, by: { role: string }, callback: Callback): Result =>
  by.role === 'visitor' ? status(draft, callback) : ok;

/** `callback.cancel`: the callback is cancelled (finished). */
export function cancelCallback(draft: Draft, command: CancelCallback): Result {
  const found = findCallback(draft, command.callbackId, command.by, command.storedCallback);
  if (!found.ok) return found.result;
  const callback: Callback = {
    ...found.callback,
    status: 'cancelled',
    claimedBy: null,
    updatedAt: draft.now,
  };
  saveCallback(draft, callback, 'callback.completed');
  return answer(draft, command.by, callback);
}

/** `callback.reschedule`: another offered slot, or as soon as possible. */
export function rescheduleCallback(draft: Draft, command: RescheduleCallback): Result {
  const found = findCallback(draft, command.callbackId, command.by, command.storedCallback);
  if (!found.ok) return found.result;
  const current = found.callback;
  if (current.status === 'calling') {
    return fail('FORBIDDEN', 'An agent is calling this number right now.');
  }
  const settings = siteCallbacks(draft.base, current.siteId) ?? callbackSettings('');
  const department = draft.departments.get(current.departmentId);
  if (!department) return fail('UNKNOWN_DEPARTMENT');
  const others = [...draft.callbacks.values()].filter((c) => c.id !== current.id);
  const when = schedule(callbackSlots(department, settings, others, draft.now), command.window);
  if (!when.ok) return when.result;
  const callback: Callback = {
    ...current,
    window: when.window,
    bookedWindow: when.window,
    dueAt: when.dueAt,
    updatedAt: draft.now,
  };
  saveCallback(draft, callback, 'callback.updated');
  return answer(draft, command.by, callback);
}

const refOf = (agent: Pick<AgentActor, 'id' | 'name'>): AgentRef => ({
  id: agent.id,
  name: agent.name,
});

/** Whether the agent has every skill of the callback's department. */
function skilled(draft: Draft, agent: AgentActor, callback: Callback): boolean {
  const routing = draft.agent(agent.id);
  const department = draft.departments.get(callback.departmentId);
  return !!routing && hasSkills(routing, department?.skills ?? []);
}

/**
 * Whether the relay has this wrap-up code.
 * @example hasDisposition(draft, 'billing') // true with the default codes
 */
export const hasDisposition = (draft: Draft, id: string): boolean =>
  (draft.base.settings.dispositions ?? DEFAULT_DISPOSITION_IDS).includes(id);

const isSupervisor = (draft: Draft, agent: AgentActor) =>
  draft.agent(agent.id)?.role === 'supervisor';

/** `callback.claim` (scheduled -> calling, by an agent with the skills) and `callback.release`. */
export function claimCallback(draft: Draft, command: ClaimCallback): Result {
  const found = findCallback(draft, command.callbackId, command.agent, command.storedCallback);
  if (!found.ok) return found.result;
  const current = found.callback;
  const { agent } = command;
  if (command.type === 'callback.claim') {
    if (current.status === 'calling') {
      return current.claimedBy?.id === agent.id
        ? ok
        : fail('AGENT_UNAVAILABLE', `${current.claimedBy?.name ?? 'Someone'} is calling already.`);
    }
    if (!skilled(draft, agent, current)) {
      return fail('AGENT_UNAVAILABLE', 'You do not have the skills this callback needs.');
    }
    const callback: Callback = {
      ...current,
      status: 'calling',
      claimedBy: refOf(agent),
      updatedAt: draft.now,
    };
    saveCallback(draft, callback, 'callback.updated');
    return ok;
  }
  if (current.status !== 'calling') return ok;
  if (current.claimedBy?.id !== agent.id && !isSupervisor(draft, agent)) {
    return fail('FORBIDDEN', 'Only the agent calling, or a supervisor, can release it.');
  }
  const callback: Callback = {
    ...current,
    status: 'scheduled',
    claimedBy: null,
    updatedAt: draft.now,
  };
  saveCallback(draft, callback, 'callback.updated');
  return ok;
}

/**
 * `callback.outcome`: the call is recorded as an attempt. Reached (resolved or not): completed;
 * wrong number: missed; no answer or voicemail: the next attempt by the site's retry policy, or
 * missed after the last.
 */
export function recordOutcome(draft: Draft, command: RecordOutcome): Result {
  const found = findCallback(draft, command.callbackId, command.agent, command.storedCallback);
  if (!found.ok) return found.result;
  const current = found.callback;
  const { agent } = command;
  if (
    current.status === 'calling' &&
    current.claimedBy?.id !== agent.id &&
    !isSupervisor(draft, agent)
  ) {
    return fail('FORBIDDEN', `${current.claimedBy?.name ?? 'Someone'} is calling this number.`);
  }
  if (current.status === 'scheduled' && !skilled(draft, agent, current)) {
    return fail('AGENT_UNAVAILABLE', 'You do not have the skills this callback needs.');
  }
  if (command.dispositionId !== undefined && !hasDisposition(draft, command.dispositionId)) {
    return fail('UNKNOWN_DISPOSITION');
  }
  const attempts = [
    ...current.attempts,
    {
      at: draft.now,
      agent: refOf(agent),
      outcome: command.outcome,
      ...(command.note ? { note: command.note } : {}),
      ...(command.dispositionId !== undefined ? { dispositionId: command.dispositionId } : {}),
    },
  ];
  const base = { ...current, attempts, claimedBy: null, updatedAt: draft.now };
  let callback: Callback;
  const effect = outcomeEffect(command.outcome);
  if (effect === 'retry') {
    const settings = siteCallbacks(draft.base, current.siteId) ?? callbackSettings('');
    const department = draft.departments.get(current.departmentId);
    const hours = department
      ? callbackHours(department, settings)
      : { timeZone: 'UTC', hours: settings.hours, holidays: [] };
    const next = nextAttempt({ attempts }, settings.retry, hours, draft.now);
    callback =
      next === null
        ? { ...base, status: 'missed' }
        : { ...base, status: 'scheduled', window: null, dueAt: next };
  } else {
    callback = { ...base, status: effect };
  }
  saveCallback(
    draft,
    callback,
    isFinished(callback.status) ? 'callback.completed' : 'callback.updated',
  );
  return ok;
}

/**
 * `callback.create`: after a cut-off chat, a callback as soon as possible to the number the
 * visitor gave (pre-chat, or an open callback request). `NOT_FOUND` without a known number.
 */
export function createCallback(draft: Draft, command: CreateCallback): Result {
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
