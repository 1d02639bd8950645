// Shared steps of the callback commands: store and push a callback, remember a number, pick a
// reference and a due time.
import type { Callback, TimeWindow } from '@switchboard/shared';
import { callbackView, REFERENCE_ALPHABET } from '../callbacks.js';
import type { Draft } from '../draft.js';
import { isFinished } from '../retry.js';
import { type Availability, isOffered } from '../slots.js';
import type { CallbackEvent } from '../types.js';
import { fail, type Outcome } from './outcome.js';

/** A fresh reference, unlike any open callback's. */
export function newReference(draft: Draft): string {
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

/** A visitor's answer: their callback as they see it. */
export const statusReply = (draft: Draft, callback: Callback): Outcome => ({
  frame: { type: 'callback.status', callback: callbackView(callback, draft.departments) },
});

/** The due time and window for a request: an offered slot, or as soon as possible. */
export function schedule(
  availability: Availability,
  window: TimeWindow | null,
): { ok: true; window: TimeWindow | null; dueAt: number } | { ok: false; result: Outcome } {
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
