import {
  type Callback,
  type CallbackView,
  type Department,
  type ErrorFrame,
  errorFrame,
} from '@switchboard/shared';
import { maskPhone } from '../policy/phone.js';
import type { Draft } from './draft.js';
import { type Availability, type CallbackSettings, callbackSlots } from './slots.js';
import { DEFAULT_DISPOSITION_IDS } from './state.js';
import type { CoreState, VisitorActor } from './types.js';

/** Letters and digits nobody mixes up on the phone (no 0/O, 1/I/L). */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

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
 * Whether the relay has this wrap-up code.
 * @example hasDisposition(draft, 'billing') // true with the default codes
 */
export const hasDisposition = (draft: Draft, id: string): boolean =>
  (draft.base.settings.dispositions ?? DEFAULT_DISPOSITION_IDS).includes(id);
