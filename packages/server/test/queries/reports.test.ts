import type { Department } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { createState } from '../../src/core/state.js';
import {
  createReportQueries,
  defaultStaffing,
  faqActivityOf,
  relayTimeZone,
} from '../../src/queries/reports.js';
import { callbackOf, chat, maya, storeConversation, useSqliteStore } from './fixtures.js';

const db = useSqliteStore();
const DAY = 86_400_000;
const config = parseConfig({ dataDir: '/tmp/switchboard-unused', timeZone: 'UTC' });

const orders: Department = {
  id: 'orders',
  name: 'Orders',
  skills: [],
  agentIds: ['agt_maya', 'agt_ben'],
  timeZone: 'UTC',
  // Mondays 09:00 to 10:30 only.
  hours: [{ day: 1, open: '09:00', close: '10:30' }],
  holidays: [],
  strategy: 'longest-idle',
  offerTimeoutSec: 30,
  autoAccept: false,
};

function reports(now = 30 * DAY, faqOpened?: number) {
  const state = createState({
    departments: [orders],
    agents: [{ id: maya.id, name: 'Maya (renamed)', role: 'agent' }],
  });
  return createReportQueries({
    store: db.store,
    config,
    state: () => state,
    faq: () =>
      faqOpened === undefined
        ? undefined
        : {
            metrics: async () => ({ deflection: { opened: faqOpened, deflected: 1 } }) as never,
          },
    now: () => now,
  });
}

describe('report queries on SQLite', () => {
  it("reads a range's logs on into the FCR window (a return still counts), its callbacks not", async () => {
    await storeConversation(db.store, 'cnv_in', chat('vis_1', 2 * DAY));
    await storeConversation(db.store, 'cnv_return', chat('vis_1', 4 * DAY));
    await storeConversation(db.store, 'cnv_far', chat('vis_1', 20 * DAY));
    await db.store.createVisitor({ id: 'vis_1', siteId: 'demo', name: 'Ada', createdAt: 1 });
    await db.store.write({
      callbacks: [
        { callback: callbackOf('cb_in', { createdAt: 2 * DAY }) },
        { callback: callbackOf('cb_after', { createdAt: 4 * DAY }) },
      ],
    });
    const range = await reports().range(DAY, 3 * DAY);
    expect(range.logs.map((l) => l.id)).toEqual(['cnv_in', 'cnv_return']);
    expect(range.callbacks.map((c) => c.id)).toEqual(['cb_in']);
    expect(range.timeZone).toBe('UTC');
    expect(range.options.fcrWindowMs).toBe(config.fcrWindowDays * DAY);
    // Today's contacts for the wallboard: exactly the range.
    const today = await reports().contactsCreated(DAY, 3 * DAY);
    expect(today.logs.map((l) => l.id)).toEqual(['cnv_in']);
    expect(today.callbacks.map((c) => c.id)).toEqual(['cb_in']);
  });

  it("reports an agent's own numbers only, a supervisor's any agent's or all", async () => {
    await storeConversation(db.store, 'cnv_maya', chat('vis_1', 2 * DAY, 1, 'closed'));
    await storeConversation(db.store, 'cnv_waiting', chat('vis_2', 2 * DAY + 5));
    const frame = { from: DAY, to: 3 * DAY, agentId: maya.id };
    const other = await reports().report(frame, { id: 'agt_ben', supervisor: false });
    expect(other.type).toBe('kpi.report');
    expect(other.totals.contacts).toBe(0);
    const own = await reports().report(frame, { id: maya.id, supervisor: false });
    expect(own.totals.contacts).toBe(1);
    const supervisor = await reports().report(frame, { id: 'agt_sup', supervisor: true });
    expect(supervisor.totals.contacts).toBe(1);
    const all = await reports().report(
      { from: DAY, to: 3 * DAY },
      { id: 'agt_sup', supervisor: true },
    );
    expect(all.totals.contacts).toBe(2);
    expect(all.bucket).toBe('day');
    // Names come from the core's state, not the log.
    expect(all.agents.map((a) => a.agent.name)).toEqual(['Maya (renamed)']);
  });

  it('joins the FAQ deflection numbers when the FAQ is loaded', async () => {
    const frame = { from: DAY, to: 3 * DAY };
    const caller = { id: 'agt_sup', supervisor: true };
    const without = await reports().report(frame, caller);
    const withFaq = await reports(30 * DAY, 4).report(frame, caller);
    expect(JSON.stringify(withFaq.totals)).not.toEqual(JSON.stringify(without.totals));
    expect(faqActivityOf({ deflection: { opened: 4, deflected: 1 } })).toEqual({
      readers: 4,
      contacted: 3,
    });
  });

  it("forecasts a department's week from its saved staffing plan, else its opening hours", async () => {
    expect(await reports().forecast({ type: 'forecast.get', departmentId: 'nowhere' })).toBeNull();
    const planned = await reports().forecast({ type: 'forecast.get', departmentId: 'orders' });
    expect(planned).toMatchObject({ type: 'forecast', departmentId: 'orders', weeks: 4 });
    const scheduled = (hours: NonNullable<typeof planned>['hours']) =>
      hours.filter((h) => h.scheduled > 0).map((h) => [h.day, h.hour, h.scheduled]);
    // The forecast's days run Monday (0) first, like the plan.
    expect(scheduled(planned!.hours)).toEqual([
      [0, 9, 2],
      [0, 10, 2],
    ]);
    const plan = Array.from({ length: 168 }, (_, i) => (i === 0 ? 5 : 0));
    await db.store.saveStaffing('orders', plan, 1);
    const saved = await reports().forecast({
      type: 'forecast.get',
      departmentId: 'orders',
      weeks: 2,
    });
    expect(saved?.weeks).toBe(2);
    expect(scheduled(saved!.hours)).toEqual([[0, 0, 5]]);
  });

  it('plans every hour with all agents for a department open round the clock', () => {
    expect(new Set(defaultStaffing({ ...orders, hours: [] }))).toEqual(new Set([2]));
    const plan = defaultStaffing(orders);
    expect(plan).toHaveLength(168);
    expect(plan.filter((n) => n > 0)).toHaveLength(2);
    expect(relayTimeZone({ timeZone: 'Europe/Berlin' })).toBe('Europe/Berlin');
  });
});
