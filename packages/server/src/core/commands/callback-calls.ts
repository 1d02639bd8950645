// Commands on an existing callback: cancel, reschedule, claim and release, record a call.
import type { Callback } from '@switchboard/shared';
import { hasDisposition, ownsCallback, siteCallbacks } from '../callbacks.js';
import type { Draft } from '../draft.js';
import { isFinished, nextAttempt, outcomeEffect } from '../retry.js';
import { hasSkills } from '../routing.js';
import { callbackHours, callbackSettings, callbackSlots } from '../slots.js';
import type {
  AgentActor,
  ApiActor,
  CancelCallback,
  ClaimCallback,
  RecordOutcome,
  RescheduleCallback,
  VisitorActor,
} from '../types.js';
import { saveCallback, schedule, statusReply } from './callback-write.js';
import { fail, isSupervisor, type Outcome, ok, refOf } from './outcome.js';

type Found = { ok: true; callback: Callback } | { ok: false; result: Outcome };

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
const answer = (draft: Draft, by: { role: string }, callback: Callback): Outcome =>
  by.role === 'visitor' ? statusReply(draft, callback) : ok;

/** `callback.cancel`: the callback is cancelled (finished). */
export function cancelCallback(draft: Draft, command: CancelCallback): Outcome {
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
export function rescheduleCallback(draft: Draft, command: RescheduleCallback): Outcome {
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

/** Whether the agent has every skill of the callback's department. */
function skilled(draft: Draft, agent: AgentActor, callback: Callback): boolean {
  const routing = draft.agent(agent.id);
  const department = draft.departments.get(callback.departmentId);
  return !!routing && hasSkills(routing, department?.skills ?? []);
}

/** `callback.claim` (scheduled -> calling, by an agent with the skills) and `callback.release`. */
export function claimCallback(draft: Draft, command: ClaimCallback): Outcome {
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
export function recordOutcome(draft: Draft, command: RecordOutcome): Outcome {
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
