// The gauges read on each scrape: open sockets, the queues, and today's KPIs.
import type { Kpis, QueueStatus } from '@switchboard/shared';
import { Gauge, type Registry } from 'prom-client';

/** Prefix of every metric the relay exposes. */
export const METRICS_PREFIX = 'switchboard_';

/** What the gauges read on each scrape. */
export interface MetricsSources {
  /** Open sockets per role. */
  connections(): { visitor: number; agent: number };
  /** Each department's queue (routing state). */
  queues(): readonly Pick<QueueStatus, 'departmentId' | 'waiting' | 'longestWaitMs'>[];
  /** Today's KPIs (the wallboard's). */
  today(): Kpis;
}

/**
 * The socket and queue gauges, read from `sources` on each scrape.
 * @example registerStateGauges([registry], options)
 */
export function registerStateGauges(registers: Registry[], options: MetricsSources): void {
  new Gauge({
    name: `${METRICS_PREFIX}connections`,
    help: 'Open socket connections, by role (visitor, agent).',
    labelNames: ['role'],
    registers,
    collect() {
      const counts = options.connections();
      this.set({ role: 'visitor' }, counts.visitor);
      this.set({ role: 'agent' }, counts.agent);
    },
  });
  // Both queue gauges are filled by the first one's collect (gauges are collected in the order
  // they were registered), from one read of the routing state.
  const queueLength: Gauge<'department'> = new Gauge({
    name: `${METRICS_PREFIX}queue_length`,
    help: 'Conversations waiting for an agent, by department.',
    labelNames: ['department'],
    registers,
    collect() {
      queueLength.reset();
      longestWait.reset();
      for (const q of options.queues()) {
        queueLength.set({ department: q.departmentId }, q.waiting.length);
        longestWait.set({ department: q.departmentId }, q.longestWaitMs / 1000);
      }
    },
  });
  const longestWait = new Gauge({
    name: `${METRICS_PREFIX}queue_longest_wait_seconds`,
    help: 'How long the oldest waiting conversation has waited, by department.',
    labelNames: ['department'],
    registers,
  });
}

/**
 * Today's KPI gauges, from one read of `readToday` per scrape; call `clear` before each scrape.
 * @example const kpis = registerKpiGauges([registry], options.today); kpis.clear()
 */
export function registerKpiGauges(registers: Registry[], readToday: () => Kpis): { clear(): void } {
  // Today's KPIs: one read of the wallboard per scrape, shared by the gauges below.
  // `clear` empties it before each scrape.
  let cached: Kpis | undefined;
  const today = () => {
    cached ??= readToday();
    return cached;
  };
  const kpiGauge = (name: string, help: string, read: (k: Kpis) => number | null) =>
    new Gauge({
      name: `${METRICS_PREFIX}${name}`,
      help,
      registers,
      collect() {
        const value = read(today());
        // No contacts yet today: no sample rather than a misleading 0.
        if (value === null) this.reset();
        else this.set(value);
      },
    });
  kpiGauge(
    'service_level_ratio',
    "Today's service level: share answered within the target.",
    (k) => k.serviceLevel,
  );
  kpiGauge('csat_ratio', "Today's CSAT: share of answers 4 or 5.", (k) => k.csat);
  kpiGauge('asa_seconds', "Today's average speed of answer.", (k) => k.asaSec);
  kpiGauge('aht_seconds', "Today's average handle time, wrap-up included.", (k) => k.ahtSec);
  kpiGauge('abandonment_ratio', "Today's abandonment rate.", (k) => k.abandonmentRate);
  kpiGauge('contacts_today', 'Contacts created since local midnight.', (k) => k.contacts);
  return {
    clear() {
      cached = undefined;
    },
  };
}
