import type { Callback, CallbackOutcome, CallbackStatus } from '@switchboard/shared';
import { type Hours, isOpen, nextOpening } from './business-hours.js';
import type { RetryPolicy } from './slots.js';

const MINUTE = 60_000;

/** How long past its due time (with no window) a scheduled callback counts as overdue. */
export const OVERDUE_AFTER_MS = 15 * MINUTE;

/**
 * When the next call is due after a failed one, or null when the attempts are used up (the
 * callback is then missed). `callback.attempts` includes the call just made. The next call is
 * `delayMinutes` later, moved to the next opening when that falls outside the calling hours.
 * @example nextAttempt(callback, { maxAttempts: 3, delayMinutes: 30 }, hours, now) // now + 30 min
 */
export function nextAttempt(
  callback: Pick<Callback, 'attempts'>,
  policy: RetryPolicy,
  hours: Hours,
  now: number,
): number | null {
  if (callback.attempts.length >= policy.maxAttempts) return null;
  const at = now + policy.delayMinutes * MINUTE;
  if (isOpen(hours, at)) return at;
  return nextOpening(hours, at) ?? at;
}

/**
 * A scheduled callback nobody has called in time: past its window's end, or 15 minutes past its
 * due time when it has no window.
 * @example isOverdue(callback, Date.now())
 */
export function isOverdue(callback: Pick<Callback, 'status' | 'window' | 'dueAt'>, now: number) {
  if (callback.status !== 'scheduled') return false;
  return now > (callback.window?.end ?? callback.dueAt + OVERDUE_AFTER_MS);
}

/**
 * What an outcome does: `completed` (reached), `retry` (no answer, voicemail) or `missed`
 * (wrong number).
 * @example outcomeEffect('voicemail') // 'retry'
 */
export function outcomeEffect(outcome: CallbackOutcome): 'completed' | 'retry' | 'missed' {
  switch (outcome) {
    case 'resolved':
    case 'unresolved':
      return 'completed';
    case 'no_answer':
    case 'voicemail':
      return 'retry';
    case 'wrong_number':
      return 'missed';
  }
}

/** Finished callbacks never change again. */
export const isFinished = (status: CallbackStatus) =>
  status === 'completed' || status === 'missed' || status === 'cancelled';
