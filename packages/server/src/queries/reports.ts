import type {
  Callback,
  Department,
  ForecastFrame,
  ForecastGet,
  KpiGet,
  KpiReport,
} from '@switchboard/shared';
import type { Config } from '../config.js';
import { isTimeZone } from '../core/business-hours.js';
import { forecastWeek } from '../core/forecast.js';
import {
  DEFAULT_ASAP_ON_TIME_MS,
  type FaqActivity,
  type KpiOptions,
  kpiReport,
} from '../core/kpis.js';
import type { CoreState } from '../core/types.js';
import type { FaqService } from '../faq/service.js';
import type { ReportStore, StoredLog } from '../store/types.js';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** The store reads the reports make: conversation logs, callbacks created, staffing plans. */
export type ReportReads = Pick<
  ReportStore,
  'conversationLogs' | 'callbacksCreated' | 'getStaffing'
>;

/** The config the reports read: targets, the FCR window, the time zone, the default handle time. */
export type ReportConfig = Pick<Config, 'serviceLevel' | 'fcrWindowDays' | 'timeZone'> & {
  routing: Pick<Config['routing'], 'defaultHandleSec'>;
};

/** The logs and callbacks created in a range (the KPIs' and the CSV export's inputs). */
export interface ReportRange {
  logs: StoredLog[];
  callbacks: Callback[];
  options: KpiOptions;
  timeZone: string;
}

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
 * The KPI options of the config: the service-level target, the FCR window, the ASAP on-time limit.
 * @example kpiOptionsOf(config).fcrWindowMs // 604800000
 */
export function kpiOptionsOf(config: Pick<Config, 'serviceLevel' | 'fcrWindowDays'>): KpiOptions {
  return {
    target: config.serviceLevel,
    fcrWindowMs: config.fcrWindowDays * DAY,
    asapOnTimeMs: DEFAULT_ASAP_ON_TIME_MS,
  };
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
 * @example faqActivityOf(await faq.metrics({ from, to })).readers
 */
export function faqActivityOf(metrics: {
  deflection: { opened: number; deflected: number };
}): FaqActivity {
  return {
    readers: metrics.deflection.opened,
    contacted: metrics.deflection.opened - metrics.deflection.deflected,
  };
}

export interface ReportQueryOptions {
  store: ReportReads;
  config: ReportConfig;
  /** The core's state now: agents' and departments' names, departments for the forecast. */
  state: () => Pick<CoreState, 'agents' | 'departments'>;
  /** The FAQ service once loaded (its deflection numbers join the KPIs). */
  faq: () => Pick<FaqService, 'metrics'> | undefined;
  now?: () => number;
}

/**
 * The reports' reads: KPI reports (role-scoped), a range's logs for the CSV export, the staffing
 * forecast, and today's contacts for the wallboard.
 * @example const reports = createReportQueries({ store, config, state: () => engine.state, faq: () => faq })
 */
export function createReportQueries(options: ReportQueryOptions) {
  const { store, config } = options;
  const now = options.now ?? Date.now;
  const timeZone = relayTimeZone(config);
  const kpiOptions = kpiOptionsOf(config);

  /** Agents' and departments' names by id, as the core has them now. */
  function names() {
    const state = options.state();
    return {
      agents: new Map([...state.agents.values()].map((a) => [a.id, a.name])),
      departments: new Map([...state.departments.values()].map((d) => [d.id, d.name])),
    };
  }

  /** A range's logs and callbacks; logs run on by the FCR window (later returns still count). */
  async function range(from: number, to: number): Promise<ReportRange> {
    const [logs, callbacks] = await Promise.all([
      store.conversationLogs(from, to + kpiOptions.fcrWindowMs),
      store.callbacksCreated(from, to),
    ]);
    return { logs, callbacks, options: kpiOptions, timeZone };
  }

  return {
    timeZone,
    kpiOptions,
    names,
    range,

    /**
     * Conversations and callbacks created in `[from, to)` exactly (today's, for the wallboard).
     * @example await reports.contactsCreated(midnight, now + 1)
     */
    async contactsCreated(
      from: number,
      to: number,
    ): Promise<{ logs: StoredLog[]; callbacks: Callback[] }> {
      const [logs, callbacks] = await Promise.all([
        store.conversationLogs(from, to),
        store.callbacksCreated(from, to),
      ]);
      return { logs, callbacks };
    },

    /**
     * `kpi.get`: the report of a range; `agentId` is the caller's own unless they are a supervisor.
     * @example await reports.report({ from, to, bucket: 'day' }, { id: 'agt_1', supervisor: false })
     */
    async report(
      frame: Omit<KpiGet, 'type'>,
      caller: { id: string; supervisor: boolean },
    ): Promise<KpiReport> {
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
      const { logs, callbacks } = await range(scope.from, scope.to);
      const faq = options.faq();
      const activity = faq
        ? faqActivityOf(await faq.metrics({ from: scope.from, to: scope.to }))
        : undefined;
      return {
        type: 'kpi.report',
        ...kpiReport(
          logs,
          callbacks,
          { ...scope, bucket: frame.bucket ?? 'day', timeZone },
          kpiOptions,
          names(),
          activity,
        ),
      };
    },

    /**
     * `forecast.get`: a department's hourly forecast from the last weeks and its staffing plan
     * (the saved one, else `defaultStaffing`); null for an unknown department.
     * @example await reports.forecast({ type: 'forecast.get', departmentId: 'orders' })
     */
    async forecast(frame: ForecastGet): Promise<ForecastFrame | null> {
      const department = options.state().departments.get(frame.departmentId);
      if (!department) return null;
      const weeks = frame.weeks ?? 4;
      const target = frame.target ?? config.serviceLevel;
      const at = now();
      const [logs, plan] = await Promise.all([
        store.conversationLogs(at - weeks * WEEK, at),
        store.getStaffing(department.id),
      ]);
      const hours = forecastWeek(logs, {
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
  };
}

/** The report reads, as `createReportQueries` makes them. */
export type ReportQueries = ReturnType<typeof createReportQueries>;
