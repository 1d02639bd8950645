import type { ServerToAgent } from '@switchboard/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { bucketStart } from '../../src/core/kpis.js';
import type { SendEffect } from '../../src/core/types.js';
import { createReportQueries } from '../../src/queries/reports.js';
import {
  createWallboard,
  nextDayAfter,
  WALLBOARD_INTERVAL_MS,
} from '../../src/queries/wallboard.js';
import { chat, storeConversation, useSqliteStore } from './fixtures.js';

const db = useSqliteStore();
const DAY = 86_400_000;
const config = parseConfig({ dataDir: '/tmp/switchboard-unused', timeZone: 'UTC' });

afterEach(() => {
  vi.useRealTimers();
});

function board(now: () => number) {
  const reports = createReportQueries({
    store: db.store,
    config,
    state: () => ({ agents: new Map(), departments: new Map() }),
    faq: () => undefined,
    now,
  });
  const pushed: ServerToAgent[] = [];
  const wallboard = createWallboard({
    contactsCreated: reports.contactsCreated,
    timeZone: reports.timeZone,
    kpiOptions: reports.kpiOptions,
    logger: { error: () => undefined },
    now,
    pushToSupervisors: (frame) => pushed.push(frame),
  });
  return { wallboard, pushed };
}

describe('the wallboard read model', () => {
  it("counts today's stored contacts, then those the engine pushes, and tells supervisors", async () => {
    vi.useFakeTimers();
    const today = 10 * DAY;
    let now = today + 3_600_000;
    await storeConversation(db.store, 'cnv_yesterday', chat('vis_1', today - 1_000));
    await storeConversation(db.store, 'cnv_today', chat('vis_2', today + 1_000));
    const { wallboard, pushed } = board(() => now);
    await wallboard.start();
    expect(wallboard.wallboard().today.contacts).toBe(1);

    const events = chat('vis_3', now);
    const sends: SendEffect[] = [
      {
        to: { kind: 'agents' },
        frame: {
          type: 'inbox.upsert',
          conversation: { id: 'cnv_new', siteId: 'demo', visitor: { id: 'vis_3' } },
        },
      } as unknown as SendEffect,
      ...events.map(
        (event) =>
          ({
            to: { kind: 'followers', conversationId: 'cnv_new' },
            frame: { type: 'conversation.event', conversationId: 'cnv_new', event },
          }) as unknown as SendEffect,
      ),
    ];
    wallboard.observe(sends);
    expect(wallboard.wallboard().today.contacts).toBe(2);
    await vi.advanceTimersByTimeAsync(WALLBOARD_INTERVAL_MS);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({ type: 'wallboard.update', data: { today: { contacts: 2 } } });

    // The same events again (a resend) change nothing: no count, no push.
    wallboard.observe(sends);
    expect(wallboard.wallboard().today.contacts).toBe(2);
    await vi.advanceTimersByTimeAsync(WALLBOARD_INTERVAL_MS * 2);
    expect(pushed).toHaveLength(1);

    // At midnight yesterday's contacts leave the board.
    now = today + DAY + 1;
    expect(wallboard.wallboard().today.contacts).toBe(0);
    wallboard.stop();
  });
});

describe('the wallboard between pushes', () => {
  it('counts a stored contact again once a later event answers it', async () => {
    const today = 20 * DAY;
    const now = today + 3_600_000;
    await storeConversation(db.store, 'cnv_waiting', chat('vis_w', today + 1_000));
    const { wallboard } = board(() => now);
    await wallboard.start();
    expect(wallboard.wallboard().today).toMatchObject({ contacts: 1, answered: 0 });

    const [assigned] = chat('vis_w', today + 1_000, 1, 'assigned').slice(-1);
    wallboard.observe([
      {
        to: { kind: 'followers', conversationId: 'cnv_waiting' },
        frame: { type: 'conversation.event', conversationId: 'cnv_waiting', event: assigned! },
      } as unknown as SendEffect,
    ]);
    expect(wallboard.wallboard().today).toMatchObject({ contacts: 1, answered: 1 });
    wallboard.stop();
  });
});

describe('nextDayAfter', () => {
  /** The next local midnight found the slow way: step 15 minutes until the day changes. */
  const slow = (dayStart: number, timeZone: string) => {
    let at = dayStart;
    while (bucketStart(at, 'day', timeZone) === dayStart) at += 15 * 60_000;
    return bucketStart(at, 'day', timeZone);
  };
  const cases: [string, string][] = [
    ['Europe/Berlin', '2026-03-28T12:00:00Z'], // the next day has 23 hours
    ['Europe/Berlin', '2026-03-29T12:00:00Z'],
    ['Europe/Berlin', '2026-10-25T12:00:00Z'], // 25 hours
    ['America/New_York', '2026-11-01T12:00:00Z'],
    ['Asia/Kolkata', '2026-06-15T20:00:00Z'], // a half-hour offset
    ['Pacific/Chatham', '2026-04-05T01:00:00Z'], // 45 minutes, and a DST change
    ['UTC', '2026-12-31T23:59:00Z'],
  ];
  it.each(cases)('in %s on %s is the next local midnight', (timeZone, iso) => {
    const dayStart = bucketStart(Date.parse(iso), 'day', timeZone);
    expect(nextDayAfter(dayStart, timeZone)).toBe(slow(dayStart, timeZone));
  });
});
