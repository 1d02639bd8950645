import type {
  Callback,
  ConversationEvent,
  Department,
  ForecastFrame,
  ForecastGet,
  KpiGet,
  KpiReport,
  QaReview,
  QaReviewSave,
  QaReviews,
  QaReviewsGet,
  ServerToAgent,
  WallboardData,
} from '@switchboard/shared';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { isTimeZone } from '../core/business-hours.js';
import { forecastWeek } from '../core/forecast.js';
import {
  bucketStart,
  DEFAULT_ASAP_ON_TIME_MS,
  type FaqActivity,
  type KpiOptions,
  kpiReport,
  wallboardData,
} from '../core/kpis.js';
import type { SendEffect } from '../core/types.js';
import type { Engine } from '../engine/engine.js';
import type { FaqService } from '../faq/service.js';
import { newId } from '../ids.js';
import type { Store, StoredLog } from '../store/types.js';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** Wallboard pushes are at most this often. */
export const WALLBOARD_INTERVAL_MS = 2_000;
/** Most reviews `qa.reviews` carries. */
const REVIEWS_LIMIT = 500;

/**
 * The relay's time zone for "today" and report buckets: the config's, else the machine's, else
 * UTC.
 * @example relayTimeZone(config) // 'Europe/Berlin'
 */
export function relayTimeZone(config: Pick<Config, 'timeZone'>): string {
  if (config.timeZone) return config.timeZone;
  const system = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return system && isTimeZone(system) ? system : 'UTC';
}

/**
 * The staffing plan when none is saved: the department's agents in every hour it is open (an
 * hour counts when opening hours overlap it), 0 when closed. Monday 00:00 first.
 * @example defaultStaffing(department) // 168 numbers
 */
export function defaultStaffing(department: Department): number[] {
  const agents = department.agentIds.length;
  const toMinutes = (hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number);
    return (h ?? 0) * 60 + (m ?? 0);
  };
  return Array.from({ length: 168 }, (_, i) => {
    if (department.hours.length === 0) return agents;
    const weekday = (Math.floor(i / 24) + 1) % 7; // 0 = Sunday in opening hours
    const hour = i % 24;
    const open = department.hours.some(
      (range) =>
        range.day === weekday &&
        toMinutes(range.open) < (hour + 1) * 60 &&
        toMinutes(range.close) > hour * 60,
    );
    return open ? agents : 0;
  });
}

/**
 * The FAQ numbers the deflection rate needs, from the FAQ service's metrics: `readers` are the
 * suggested articles opened, `contacted` those whose visitor started a chat within 30 minutes.
 */
export function faqActivityOf(metrics: {
  deflection: { opened: number; deflected: number };
}): FaqActivity {
  return {
    readers: metrics.deflection.opened,
    contacted: metrics.deflection.opened - metrics.deflection.deflected,
  };
}

/** The role-checked reads and writes of service quality (KPIs, wallboard, forecast, QA), for the transport and the HTTP export. */
export interface QualityService {
  /** Load today's logs for the wallboard. Call once the store is ready. */
  start(): Promise<void>;
  /** Feed the engine's pushes (events, callbacks) into today's numbers. */
  observe(sends: readonly SendEffect[]): void;
  /** Today's wallboard numbers. */
  wallboard(): WallboardData;
  /** `kpi.get`: `agentId` is the caller's own unless they are a supervisor. */
  report(
    frame: Omit<KpiGet, 'type'>,
    caller: { id: string; supervisor: boolean },
  ): Promise<KpiReport>;
  /** The logs and callbacks of a range, for the CSV export. */
  range(
    from: number,
    to: number,
  ): Promise<{ logs: StoredLog[]; callbacks: Callback[]; options: KpiOptions; timeZone: string }>;
  forecast(frame: ForecastGet): Promise<ForecastFrame | null>;
  saveStaffing(departmentId: string, scheduled: readonly number[]): Promise<boolean>;
  /** `qa.review.save` after the role check: null when the conversation is not found. */
  saveReview(
    frame: QaReviewSave,
    reviewer: { id: string; name: string },
  ): Promise<
    | { ok: true }
    | { ok: false; code: 'NOT_FOUND' | 'CONVERSATION_OPEN' | 'BAD_FRAME'; message?: string }
  >;
  reviews(frame: QaReviewsGet, caller: { id: string; supervisor: boolean }): Promise<QaReviews>;
  stop(): void;
}

export interface QualityOptions {
  config: Config;
  store: Store;
  engine: Engine;
  faq: () => FaqService | undefined;
  logger: Pick<Logger, 'error'>;
  /** Send a frame to every supervisor's console. */
  pushToSupervisors: (frame: ServerToAgent) => void;
  now?: () => number;
}

/**
 * The service-quality side of the relay: KPI reports, the live wallboard (today's logs kept in
 * memory, fed by the engine's pushes), the staffing forecast and QA reviews.
 * @example const quality = createQualityService({ config, store, engine, faq, logger, pushToSupervisors })
 */
export function createQualityService(options: QualityOptions): QualityService {
  const { config, store, engine, logger } = options;
  const now = options.now ?? Date.now;
  const timeZone = relayTimeZone(config);
  const kpiOptions: KpiOptions = {
    target: config.serviceLevel,
    fcrWindowMs: config.fcrWindowDays * DAY,
    asapOnTimeMs: DEFAULT_ASAP_ON_TIME_MS,
  };

  // Today's contacts: created since local midnight, their logs and callbacks, by id.
  let since = bucketStart(now(), 'day', timeZone);
  const logs = new Map<string, StoredLog>();
  const callbacks = new Map<string, Callback>();
  let started = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastPushAt = 0;
  let stopped = false;

  function rollOver(at: number) {
    const today = bucketStart(at, 'day', timeZone);
    if (today === since) return;
    since = today;
    for (const [id, log] of logs) {
      const created = log.events[0]?.at ?? 0;
      if (created < since) logs.delete(id);
    }
    for (const [id, callback] of callbacks) if (callback.createdAt < since) callbacks.delete(id);
  }

  function schedulePush() {
    if (stopped || timer) return;
    const wait = Math.max(0, lastPushAt + WALLBOARD_INTERVAL_MS - Date.now());
    timer = setTimeout(() => {
      timer = undefined;
      lastPushAt = Date.now();
      try {
        options.pushToSupervisors({ type: 'wallboard.update', data: service.wallboard() });
      } catch (error) {
        logger.error({ err: error }, 'wallboard update failed');
      }
    }, wait);
    timer.unref?.();
  }

  const names = () => {
    const state = engine.state;
    return {
      agents: new Map([...state.agents.values()].map((a) => [a.id, a.name])),
      departments: new Map([...state.departments.values()].map((d) => [d.id, d.name])),
    };
  };

  const service: QualityService = {
    async start() {
      const at = now();
      since = bucketStart(at, 'day', timeZone);
      const [stored, storedCallbacks] = await Promise.all([
        store.conversationLogs(since, at + 1),
        store.callbacksCreated(since, at + 1),
      ]);
      // Pushes that arrived while loading are newer: keep them.
      for (const log of stored) if (!logs.has(log.id)) logs.set(log.id, log);
      for (const c of storedCallbacks) if (!callbacks.has(c.id)) callbacks.set(c.id, c);
      started = true;
    },

    observe(sends) {
      if (stopped) return;
      rollOver(now());
      const summaries = new Map<string, { siteId: string; visitorId: string }>();
      for (const { frame } of sends) {
        if (frame.type === 'inbox.upsert') {
          const c = frame.conversation;
          summaries.set(c.id, { siteId: c.siteId, visitorId: c.visitor.id });
        }
      }
      let changed = false;
      for (const { to, frame } of sends) {
        if (frame.type === 'conversation.event' && to.kind === 'followers') {
          const event: ConversationEvent = frame.event;
          let log = logs.get(frame.conversationId);
          if (!log && event.type === 'conversation.created' && event.at >= since) {
            const summary = summaries.get(frame.conversationId);
            if (!summary) continue;
            log = { id: frame.conversationId, ...summary, events: [] };
            logs.set(log.id, log);
          }
          if (!log) continue;
          if ((log.events.at(-1)?.seq ?? 0) >= event.seq) continue;
          log.events.push(event);
          changed = true;
        } else if (frame.type === 'callback.upsert' && frame.callback.createdAt >= since) {
          callbacks.set(frame.callback.id, frame.callback);
          changed = true;
        }
      }
      if (changed && started) schedulePush();
    },

    wallboard() {
      const at = now();
      rollOver(at);
      return wallboardData([...logs.values()], [...callbacks.values()], since, at, kpiOptions);
    },

    async report(frame, caller) {
      const scope = {
        from: frame.from,
        to: Math.max(frame.from, frame.to),
        ...(frame.siteId !== undefined ? { siteId: frame.siteId } : {}),
        ...(frame.departmentId !== undefined ? { departmentId: frame.departmentId } : {}),
        ...(caller.supervisor
          ? frame.agentId !== undefined
            ? { agentId: frame.agentId }
            : {}
          : { agentId: caller.id }),
      };
      const { logs: stored, callbacks: created } = await service.range(scope.from, scope.to);
      const faq = options.faq();
      const activity = faq
        ? faqActivityOf(await faq.metrics({ from: scope.from, to: scope.to }))
        : undefined;
      return {
        type: 'kpi.report',
        ...kpiReport(
          stored,
          created,
          { ...scope, bucket: frame.bucket ?? 'day', timeZone },
          kpiOptions,
          names(),
          activity,
        ),
      };
    },

    async range(from, to) {
      // Returns within the FCR window after the range still count against its contacts.
      const [stored, created] = await Promise.all([
        store.conversationLogs(from, to + kpiOptions.fcrWindowMs),
        store.callbacksCreated(from, to),
      ]);
      return { logs: stored, callbacks: created, options: kpiOptions, timeZone };
    },

    async forecast(frame) {
      const department = engine.state.departments.get(frame.departmentId);
      if (!department) return null;
      const weeks = frame.weeks ?? 4;
      const target = frame.target ?? config.serviceLevel;
      const at = now();
      const [stored, plan] = await Promise.all([
        store.conversationLogs(at - weeks * WEEK, at),
        store.getStaffing(department.id),
      ]);
      const hours = forecastWeek(stored, {
        departmentId: department.id,
        weeks,
        now: at,
        timeZone: department.timeZone,
        scheduled: plan ?? defaultStaffing(department),
        target,
        defaultAhtSec: config.routing.defaultHandleSec,
      });
      return { type: 'forecast', departmentId: department.id, weeks, target, hours };
    },

    async saveStaffing(departmentId, scheduled) {
      if (!engine.state.departments.has(departmentId)) return false;
      await store.saveStaffing(departmentId, scheduled, now());
      return true;
    },

    async saveReview(frame, reviewer) {
      const conversation =
        engine.state.open.get(frame.conversationId) ??
        (await store.getConversation(frame.conversationId));
      if (!conversation) return { ok: false, code: 'NOT_FOUND' };
      if (conversation.status !== 'closed') return { ok: false, code: 'CONVERSATION_OPEN' };
      if (!conversation.agent) {
        return { ok: false, code: 'BAD_FRAME', message: 'No agent handled this conversation.' };
      }
      const ids = config.qa.criteria.map((c) => c.id);
      const missing = ids.filter((id) => frame.scores[id] === undefined);
      const unknown = Object.keys(frame.scores).filter((id) => !ids.includes(id));
      if (missing.length > 0 || unknown.length > 0) {
        return {
          ok: false,
          code: 'BAD_FRAME',
          message: `Score every criterion of the scorecard (${ids.join(', ')}) and nothing else.`,
        };
      }
      const existing = await store.listQaReviews({
        conversationId: conversation.id,
        limit: REVIEWS_LIMIT,
      });
      const review: QaReview = {
        id: existing.find((r) => r.reviewer.id === reviewer.id)?.id ?? newId('qa'),
        conversationId: conversation.id,
        agent: conversation.agent,
        reviewer: { id: reviewer.id, name: reviewer.name },
        scores: { ...frame.scores },
        ...(frame.comment ? { comment: frame.comment } : {}),
        at: now(),
      };
      await store.saveQaReview(review);
      return { ok: true };
    },

    async reviews(frame, caller) {
      const agentId = caller.supervisor ? frame.agentId : caller.id;
      const reviews = await store.listQaReviews({
        ...(agentId !== undefined ? { agentId } : {}),
        ...(frame.conversationId !== undefined ? { conversationId: frame.conversationId } : {}),
        ...(frame.from !== undefined ? { from: frame.from } : {}),
        ...(frame.to !== undefined ? { to: frame.to } : {}),
        limit: REVIEWS_LIMIT,
      });
      return {
        type: 'qa.reviews',
        criteria: config.qa.criteria,
        reviews,
        rollup: qaRollup(
          reviews,
          config.qa.criteria.map((c) => c.id),
        ),
      };
    },

    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
  return service;
}

/**
 * Each reviewed agent's mean score per criterion and overall (mean of every score), by name.
 * @example qaRollup(reviews, ['accuracy', 'empathy'])
 */
export function qaRollup(
  reviews: readonly QaReview[],
  criteria: readonly string[],
): QaReviews['rollup'] {
  const byAgent = new Map<string, { agent: QaReview['agent']; reviews: QaReview[] }>();
  for (const review of reviews) {
    const entry = byAgent.get(review.agent.id) ?? { agent: review.agent, reviews: [] };
    entry.reviews.push(review);
    byAgent.set(review.agent.id, entry);
  }
  const mean = (values: number[]) =>
    values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
  return [...byAgent.values()]
    .sort((a, b) => a.agent.name.localeCompare(b.agent.name))
    .map(({ agent, reviews: list }) => {
      const all = list.flatMap((r) => Object.values(r.scores));
      return {
        agent,
        reviews: list.length,
        average: mean(all),
        byCriterion: Object.fromEntries(
          criteria.map((id) => [
            id,
            mean(list.map((r) => r.scores[id]).filter((v): v is number => v !== undefined)),
          ]),
        ),
      };
    });
}
