import type { Callback, CallbackAttempt, QaReview } from '@switchboard/shared';
import type { RoutingAgent } from '../auth/agents.js';
import type { Config } from '../config.js';
import { localTime } from '../core/business-hours.js';
import { DAY, HOUR, MINUTE } from './random.js';
import { DEMO_CALLBACK } from './site.js';

/** What the callbacks and QA reviews of a demo history need. */
export interface AftercareSetup {
  config: Config;
  random: () => number;
  pick: <T>(list: readonly T[]) => T;
  staff: (departmentId: string) => RoutingAgent[];
  /** A demo record id: prefix, seed and number. */
  idOf: (prefix: string, n: number) => string;
  site: string;
  timeZone: string;
  from: number;
  to: number;
  /** Records ending at or after this are left out. */
  now: number;
}

/** The attempts of one callback (retries first) and how it ended. */
function attemptsFor(
  random: () => number,
  ref: { id: string; name: string },
  department: string,
  createdAt: number,
): { attempts: CallbackAttempt[]; status: Callback['status'] } {
  const attempts: CallbackAttempt[] = [];
  let t = createdAt + 10 * MINUTE + Math.floor(random() * 50 * MINUTE);
  const tries = random() < 0.3 ? 2 + Math.floor(random() * 2) : 1;
  for (let k = 1; k < tries; k++) {
    attempts.push({ at: t, agent: ref, outcome: random() < 0.7 ? 'no_answer' : 'voicemail' });
    t += 30 * MINUTE + Math.floor(random() * 90 * MINUTE);
  }
  const roll = random();
  const status: Callback['status'] =
    roll < 0.8 ? 'completed' : roll < 0.92 ? 'missed' : 'cancelled';
  if (status === 'completed') {
    attempts.push({
      at: t,
      agent: ref,
      outcome: random() < 0.8 ? 'resolved' : 'unresolved',
      dispositionId: department === 'orders' ? 'order-status' : 'product-question',
    });
  } else if (status === 'missed') {
    attempts.push({ at: t, agent: ref, outcome: 'no_answer' });
  }
  return { attempts, status };
}

/** One callback requested at `createdAt`, or null when it would end at or after `now`. */
function demoCallback(setup: AftercareSetup, n: number, createdAt: number): Callback | null {
  const { random, config } = setup;
  const department = random() < 0.7 ? 'orders' : 'tech';
  const agent = setup.pick(setup.staff(department));
  const { attempts, status } = attemptsFor(
    random,
    { id: agent.id, name: agent.name },
    department,
    createdAt,
  );
  const updatedAt = attempts.at(-1)?.at ?? createdAt + HOUR;
  if (updatedAt >= setup.now) return null;
  const answered = status === 'completed' && random() < 0.35;
  return {
    id: setup.idOf('cb', n),
    reference: `CB-D${n.toString(36).toUpperCase().padStart(3, '0')}`,
    siteId: setup.site,
    visitor: { id: `v_demo_cb${n}`, name: `Customer ${n}` },
    name: `Customer ${n}`,
    // A fictional number from the range reserved for drama (Ofcom, UK).
    phone: `+447700900${String(100 + n).slice(-3)}`,
    departmentId: department,
    topic: department === 'orders' ? 'order' : 'product',
    window: null,
    status,
    dueAt: attempts.at(-1)?.at ?? createdAt,
    attempts,
    claimedBy: null,
    consent: config.sites[0]?.callback?.consentText ?? DEMO_CALLBACK.consentText,
    createdAt,
    updatedAt,
    ...(answered ? { survey: { csat: random() < 0.8 ? 5 : 3, ces: 6, at: updatedAt + HOUR } } : {}),
  };
}

/**
 * Callbacks: two to four a weekday in office hours, some with retries, most completed.
 * @example demoCallbacks(setup).length // 14
 */
export function demoCallbacks(setup: AftercareSetup): Callback[] {
  const { random } = setup;
  const callbacks: Callback[] = [];
  for (let day = setup.from; day < setup.to; day += DAY) {
    const weekday = localTime(day + 12 * HOUR, setup.timeZone).weekday;
    if (weekday === 0 || weekday === 6) continue;
    const count = 2 + Math.floor(random() * 3);
    for (let i = 0; i < count; i++) {
      const createdAt = day + 8 * HOUR + Math.floor(random() * 8 * HOUR);
      const callback = demoCallback(setup, callbacks.length + 1, createdAt);
      if (callback) callbacks.push(callback);
    }
  }
  return callbacks;
}

/** A chat an agent closed, for QA review. */
export interface ClosedChat {
  id: string;
  agent: RoutingAgent;
  at: number;
}

/**
 * Up to six QA reviews by the supervisor, of closed chats spread over the history, a day after
 * each closed; those that would fall at or after `now` are left out.
 * @example demoQaReviews(setup, closed, supervisor).length // 6
 */
export function demoQaReviews(
  setup: AftercareSetup,
  closed: readonly ClosedChat[],
  supervisor: RoutingAgent,
): QaReview[] {
  const criteria = setup.config.qa.criteria.map((c) => c.id);
  const reviews: QaReview[] = [];
  for (let i = 0; i < Math.min(6, closed.length); i++) {
    const chat = closed[Math.floor((i * closed.length) / 6)];
    if (!chat) continue;
    const review: QaReview = {
      id: setup.idOf('qa', i + 1),
      conversationId: chat.id,
      agent: { id: chat.agent.id, name: chat.agent.name },
      reviewer: { id: supervisor.id, name: supervisor.name },
      scores: Object.fromEntries(criteria.map((c) => [c, 3 + Math.floor(setup.random() * 3)])),
      ...(i % 2 === 0
        ? { comment: 'Clear answer; offer the return label earlier next time.' }
        : {}),
      at: chat.at + DAY,
    };
    if (review.at >= setup.now) continue;
    reviews.push(review);
  }
  return reviews;
}
