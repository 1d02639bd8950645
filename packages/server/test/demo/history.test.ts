import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaqMetricsFrame, ForecastFrame, KpiReport } from '@switchboard/shared';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import {
  demoHistoryBlocker,
  describeDemoHistory,
  generateDemoHistory,
} from '../../src/demo/history.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { agentSession, closeAllSockets, request } from '../helpers/clients.js';
import { startRelay } from '../helpers/relay.js';

afterEach(closeAllSockets);

const SUPERVISOR = { email: 'supervisor@example.com', password: 'switchboard-demo' };
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-demo-'));
  dirs.push(dir);
  return dir;
};

/** What a seed decides, without the ids the agent directory makes per data dir. */
async function fingerprint(dataDir: string, from: number, to: number) {
  const store = openSqliteStore(join(dataDir, 'switchboard.db'));
  try {
    const logs = await store.conversationLogs(from, to);
    return logs
      .map((log) => `${log.id}:${log.events.map((e) => `${e.type}@${e.at}`).join(',')}`)
      .sort();
  } finally {
    await store.close();
  }
}

/** The FAQ searches, views and answers written, for comparing two runs. */
async function faqActivity(dataDir: string, from: number, to: number) {
  const store = openSqliteStore(join(dataDir, 'switchboard.db'));
  try {
    return await store.faqActivity(from, to);
  } finally {
    await store.close();
  }
}

/** Every time the history wrote that is not a whole number of milliseconds, named by its record. */
async function fractionalTimes(dataDir: string, from: number, to: number) {
  const store = openSqliteStore(join(dataDir, 'switchboard.db'));
  try {
    const times: [string, number][] = [];
    for (const log of await store.conversationLogs(from, to)) {
      for (const e of log.events) times.push([`${log.id} ${e.type}`, e.at]);
    }
    for (const cb of await store.callbacksCreated(from, to)) {
      times.push([`${cb.id} created`, cb.createdAt], [`${cb.id} updated`, cb.updatedAt]);
      times.push([`${cb.id} due`, cb.dueAt]);
      for (const a of cb.attempts) times.push([`${cb.id} attempt`, a.at]);
      if (cb.survey) times.push([`${cb.id} survey`, cb.survey.at]);
    }
    const reviews = await store.listQaReviews({ limit: 1000 });
    expect(reviews.length).toBeGreaterThan(0);
    for (const review of reviews) times.push([`${review.id} review`, review.at]);
    const faq = await store.faqActivity(from, to);
    for (const r of [...faq.searches, ...faq.views, ...faq.feedback]) times.push(['faq', r.at]);
    return times.filter(([, at]) => !Number.isInteger(at));
  } finally {
    await store.close();
  }
}

describe('demo-history', () => {
  it('is deterministic for a seed and reads back as plausible KPIs and a forecast', async () => {
    const now = Date.now();
    const a = tempDir();
    const b = tempDir();
    const first = await generateDemoHistory({
      config: parseConfig({ dataDir: a, port: 0 }),
      weeks: 1,
      seed: 7,
      now,
    });
    const second = await generateDemoHistory({
      config: parseConfig({ dataDir: b, port: 0 }),
      weeks: 1,
      seed: 7,
      now,
    });
    expect(second).toEqual(first);
    expect(first.conversations).toBeGreaterThan(100);
    expect(first.callbacks).toBeGreaterThan(0);
    expect(first.surveys).toBeGreaterThan(0);
    expect(first.reviews).toBeGreaterThan(0);
    expect(first.faq.searches).toBeGreaterThan(50);
    expect(first.faq.noResult).toBeGreaterThan(0);
    expect(first.faq.noResult / first.faq.searches).toBeLessThan(0.2);
    // How many depends on the hour the week ends at (14 on a Sunday at 05:00 UTC, seed 7).
    expect(first.faq.suggestionOpens).toBeGreaterThan(5);
    expect(first.faq.helpful / first.faq.feedback).toBeGreaterThan(0.55);
    expect(first.faq.helpful / first.faq.feedback).toBeLessThan(0.85);
    const line = describeDemoHistory(first, a);
    expect(line).toContain(`${first.faq.searches} searches (${first.faq.noResult} with no result)`);
    expect(line).toContain(`${first.faq.views} article views`);
    const printA = await fingerprint(a, first.from, first.to);
    expect(printA).toEqual(await fingerprint(b, first.from, first.to));
    expect(printA.length).toBe(first.conversations);
    expect(await faqActivity(a, first.from, first.to)).toEqual(
      await faqActivity(b, first.from, first.to),
    );
    // Every time written is whole milliseconds, as live events' are.
    expect(await fractionalTimes(a, first.from, first.to)).toEqual([]);

    const relay = await startRelay({ dataDir: a });
    try {
      const boss = await agentSession(relay.url, SUPERVISOR);
      const report = await request<KpiReport>(boss.socket, {
        type: 'kpi.get',
        from: first.from,
        to: first.to,
        bucket: 'day',
      });
      expect(report.type).toBe('kpi.report');
      const totals = report.totals;
      expect(totals.contacts).toBeGreaterThan(100);
      expect(totals.serviceLevel).toBeGreaterThan(0);
      expect(totals.serviceLevel).toBeLessThan(1);
      expect(totals.abandonmentRate).toBeGreaterThan(0.02);
      expect(totals.abandonmentRate).toBeLessThan(0.12);
      expect(totals.csatResponses).toBeGreaterThan(0);
      expect(totals.csat).toBeGreaterThan(0.6);
      expect(totals.fcr).not.toBeNull();
      expect(totals.fcr).toBeLessThan(0.85);
      expect(totals.callbacksRequested).toBeGreaterThan(0);
      // Suggestion readers: most find their answer, the rest start a chat within 30 minutes.
      expect(totals.deflectionRate).not.toBeNull();
      expect(totals.deflectionRate).toBeGreaterThan(0.4);
      expect(totals.deflectionRate).toBeLessThan(0.85);
      expect(totals.deflectionRate).toBeCloseTo(first.faq.deflected / first.faq.suggestionOpens, 5);

      const faq = await request<FaqMetricsFrame>(boss.socket, {
        type: 'faq.metrics.get',
        from: first.from,
        to: first.to,
      });
      expect(faq.type).toBe('faq.metrics');
      expect(faq.metrics.searches).toBe(first.faq.searches);
      expect(faq.metrics.deflection.opened).toBe(first.faq.suggestionOpens);
      // Content gaps: the queries no article answers, most frequent first.
      expect(faq.metrics.noResult.length).toBeGreaterThan(0);
      expect(faq.metrics.noResult.map((g) => g.query)).toContain('ski rental');
      const views = faq.metrics.articles.reduce((sum, row) => sum + row.views, 0);
      expect(views).toBe(first.faq.views);
      const answers = faq.metrics.articles.reduce((sum, r) => sum + r.helpful + r.notHelpful, 0);
      expect(answers).toBe(first.faq.feedback);
      // The order and returns articles are the most read, by their demo titles.
      expect([
        'Where is my order?',
        'How do I track my package?',
        'How do I start a return?',
        'What is your return policy?',
      ]).toContain(faq.metrics.articles[0]?.title);
      expect(faq.metrics.articles.some((row) => row.helpful > 0 && row.notHelpful > 0)).toBe(true);
      expect(report.series.length).toBeGreaterThanOrEqual(7);

      const forecast = await request<ForecastFrame>(boss.socket, {
        type: 'forecast.get',
        departmentId: 'orders',
        weeks: 1,
      });
      expect(forecast.type).toBe('forecast');
      // Monday first: weekday daytime (11:00) is busier than the night (03:00) and the weekend.
      const arrivals = (day: number, hour: number) =>
        forecast.hours[day * 24 + hour]?.arrivals ?? 0;
      const weekdayDay = [0, 1, 2, 3, 4].reduce((sum, d) => sum + arrivals(d, 11), 0);
      const weekdayNight = [0, 1, 2, 3, 4].reduce((sum, d) => sum + arrivals(d, 3), 0);
      expect(weekdayDay).toBeGreaterThan(0);
      // One week of seeded arrivals: a handful per hour, so the margin depends on when the week
      // ends (14 against 3 on a Sunday at 05:00 UTC); twice as busy holds whenever it is run.
      expect(weekdayDay).toBeGreaterThan(weekdayNight * 2);
      const daytime = (day: number) =>
        [9, 10, 11, 12, 13, 14, 15, 16].reduce((sum, h) => sum + arrivals(day, h), 0);
      const weekdays = [0, 1, 2, 3, 4].reduce((sum, d) => sum + daytime(d), 0) / 5;
      expect(weekdays).toBeGreaterThan(((daytime(5) + daytime(6)) / 2) * 1.5);
    } finally {
      await relay.close();
    }
  }, 60_000);

  it('refuses while a relay listens on the configured port', async () => {
    const relay = await startRelay();
    try {
      const blocker = await demoHistoryBlocker({
        host: '127.0.0.1',
        port: relay.port,
        dataDir: tempDir(),
      });
      expect(blocker).toContain(`port ${relay.port}`);
      // The relay holds its own data dir's database open.
      expect(
        await demoHistoryBlocker({ host: '127.0.0.1', port: 0, dataDir: relay.dataDir }),
      ).toContain('open');
    } finally {
      await relay.close();
    }
    expect(await demoHistoryBlocker({ host: '127.0.0.1', port: 0, dataDir: tempDir() })).toBeNull();
  });
});
