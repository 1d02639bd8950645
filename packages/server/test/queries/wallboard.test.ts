import type { ServerToAgent } from '@switchboard/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config.js';
import type { SendEffect } from '../../src/core/types.js';
import { createReportQueries } from '../../src/queries/reports.js';
import { createWallboard, WALLBOARD_INTERVAL_MS } from '../../src/queries/wallboard.js';
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
