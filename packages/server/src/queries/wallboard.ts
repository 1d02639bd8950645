import type {
  Callback,
  ConversationEvent,
  ServerToAgent,
  WallboardData,
} from '@switchboard/shared';
import type { Logger } from 'pino';
import {
  bucketStart,
  type ContactFacts,
  contactFacts,
  type KpiOptions,
  wallboardFromFacts,
} from '../core/kpis.js';
import type { SendEffect } from '../core/types.js';
import type { StoredLog } from '../store/types.js';

/** Wallboard pushes are at most this often. */
export const WALLBOARD_INTERVAL_MS = 2_000;

export interface WallboardOptions {
  /** Conversations and callbacks created in `[from, to)` (`ReportQueries.contactsCreated`). */
  contactsCreated: (
    from: number,
    to: number,
  ) => Promise<{ logs: StoredLog[]; callbacks: Callback[] }>;
  timeZone: string;
  kpiOptions: KpiOptions;
  logger: Pick<Logger, 'error'>;
  /** Send a frame to every supervisor's console. */
  pushToSupervisors: (frame: ServerToAgent) => void;
  now?: () => number;
}

/**
 * The local midnight after the one at `dayStart`. A local day lasts 23 to 25 hours (daylight
 * saving), so 26 hours after its start is always inside the next day.
 */
export function nextDayAfter(dayStart: number, timeZone: string): number {
  return bucketStart(dayStart + 26 * 3_600_000, 'day', timeZone);
}

/** Today's live numbers, kept in memory and fed by the engine's pushes. */
export interface Wallboard {
  /** Load today's logs. Call once the store is ready. */
  start(): Promise<void>;
  /** Feed the engine's pushes (events, callbacks) into today's numbers. */
  observe(sends: readonly SendEffect[]): void;
  /** Today's wallboard numbers. */
  wallboard(): WallboardData;
  stop(): void;
}

/**
 * The wallboard's read model: today's contacts (created since local midnight), their logs and
 * callbacks by id, loaded once and then kept up to date from the engine's pushes; supervisors get
 * `wallboard.update` at most every `WALLBOARD_INTERVAL_MS` after a change.
 * @example const wallboard = createWallboard({ contactsCreated: reports.contactsCreated, ... })
 */
export function createWallboard(options: WallboardOptions): Wallboard {
  const { timeZone, kpiOptions, logger } = options;
  const now = options.now ?? Date.now;

  let since = bucketStart(now(), 'day', timeZone);
  /** The next local midnight: until then a push needs no time-zone arithmetic. */
  let nextDay = nextDayAfter(since, timeZone);
  const logs = new Map<string, StoredLog>();
  /** Each log's facts as of its last read; a log is read again only after it changed. */
  const facts = new Map<string, ContactFacts | null>();
  const callbacks = new Map<string, Callback>();
  let started = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastPushAt = 0;
  let stopped = false;

  function rollOver(at: number) {
    if (at >= since && at < nextDay) return;
    const today = bucketStart(at, 'day', timeZone);
    nextDay = nextDayAfter(today, timeZone);
    if (today === since) return;
    since = today;
    for (const [id, log] of logs) {
      const created = log.events[0]?.at ?? 0;
      if (created < since) {
        logs.delete(id);
        facts.delete(id);
      }
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
        options.pushToSupervisors({ type: 'wallboard.update', data: board.wallboard() });
      } catch (error) {
        logger.error({ err: error }, 'wallboard update failed');
      }
    }, wait);
    timer.unref?.();
  }

  const board: Wallboard = {
    async start() {
      const at = now();
      since = bucketStart(at, 'day', timeZone);
      nextDay = nextDayAfter(since, timeZone);
      const stored = await options.contactsCreated(since, at + 1);
      // Pushes that arrived while loading are newer: keep them.
      for (const log of stored.logs) if (!logs.has(log.id)) logs.set(log.id, log);
      for (const c of stored.callbacks) if (!callbacks.has(c.id)) callbacks.set(c.id, c);
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
          facts.delete(log.id);
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
      const today: ContactFacts[] = [];
      for (const [id, log] of logs) {
        let found = facts.get(id);
        if (found === undefined) {
          found = contactFacts(log);
          facts.set(id, found);
        }
        if (found) today.push(found);
      }
      return wallboardFromFacts(today, [...callbacks.values()], since, at, kpiOptions);
    },

    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
  return board;
}
