import type { ServerToAgent } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { formatPhone, telHref } from '../../src/format/phone.js';
import {
  callbackDeadline,
  callbackGroups,
  customerThread,
  doneToday,
  dueCallbackCount,
  isOverdue,
  missingSkills,
  OVERDUE_GRACE_MS,
} from '../../src/store/callbacks.js';
import { reduce } from '../../src/store/reduce.js';
import { cutOffPhone, threadItems } from '../../src/store/selectors.js';
import { type ConsoleState, createInitialState } from '../../src/store/state.js';
import { AGENT, callback, created, routingWelcome, summary, T0 } from './support/fixtures.js';

const frame = (state: ConsoleState, f: ServerToAgent, now = T0) =>
  reduce(state, { type: 'frame', frame: f, now });

const SAM = { id: 'a_sam', name: 'Sam Lee' };
const MIN = 60_000;

describe('callbacks in the store', () => {
  it('takes the callbacks from the welcome and keeps them current with callback.upsert', () => {
    let state = frame(
      createInitialState(),
      routingWelcome([], { callbacks: [callback(), callback({ id: 'cb_2', reference: 'CB-2' })] }),
    );
    expect(Object.keys(state.callbacks).sort()).toEqual(['cb_1', 'cb_2']);

    const claimed = callback({ status: 'calling', claimedBy: SAM, updatedAt: T0 + 1000 });
    state = frame(state, { type: 'callback.upsert', callback: claimed });
    expect(state.callbacks.cb_1?.claimedBy).toEqual(SAM);

    // An older copy that crossed on the wire does not undo the claim.
    const stale = frame(state, { type: 'callback.upsert', callback: callback({ updatedAt: T0 }) });
    expect(stale).toBe(state);

    state = frame(state, {
      type: 'callback.upsert',
      callback: callback({ id: 'cb_3', reference: 'CB-3' }),
    });
    expect(Object.keys(state.callbacks)).toHaveLength(3);

    // A later welcome (after a reconnect) replaces the set.
    state = frame(state, routingWelcome([], { callbacks: [callback({ id: 'cb_2' })] }));
    expect(Object.keys(state.callbacks)).toEqual(['cb_2']);
  });

  it('keeps a customer’s callbacks and the webhook deliveries', () => {
    let state = frame(createInitialState(), {
      type: 'customer.conversations',
      visitorId: 'v_1',
      conversations: [],
      callbacks: [callback()],
    });
    expect(state.historyCallbacks.v_1?.map((c) => c.id)).toEqual(['cb_1']);
    expect(state.webhooks).toBeNull();
    state = frame(state, { type: 'webhooks.deliveries', deliveries: [] });
    expect(state.webhooks).toEqual([]);
  });
});

describe('the callbacks queue', () => {
  it('groups open callbacks per department in due order, departments in their order', () => {
    const state = frame(
      createInitialState(),
      routingWelcome([], {
        callbacks: [
          callback({ id: 'late', reference: 'CB-LATE', dueAt: T0 + 30 * MIN }),
          callback({ id: 'tech', reference: 'CB-TECH', departmentId: 'tech', dueAt: T0 - MIN }),
          callback({ id: 'early', reference: 'CB-EARLY', dueAt: T0 - 10 * MIN }),
          callback({ id: 'done', status: 'completed', updatedAt: T0 }),
        ],
      }),
    );
    const groups = callbackGroups(state);
    expect(groups.map((g) => g.name)).toEqual(['Orders', 'Technical support']);
    expect(groups[0]?.callbacks.map((c) => c.reference)).toEqual(['CB-EARLY', 'CB-LATE']);
    expect(dueCallbackCount(state, T0)).toBe(2);
    expect(doneToday(state, T0).map((c) => c.id)).toEqual(['done']);
  });

  it('flags overdue past the window end, or 15 minutes past due without a window', () => {
    const windowed = callback({
      window: { start: T0, end: T0 + 30 * MIN },
      dueAt: T0,
    });
    expect(callbackDeadline(windowed)).toBe(T0 + 30 * MIN);
    expect(isOverdue(windowed, T0 + 30 * MIN)).toBe(false);
    expect(isOverdue(windowed, T0 + 30 * MIN + 1)).toBe(true);

    const asap = callback({ dueAt: T0 });
    expect(isOverdue(asap, T0 + OVERDUE_GRACE_MS)).toBe(false);
    expect(isOverdue(asap, T0 + OVERDUE_GRACE_MS + 1)).toBe(true);

    // A retry the policy put after the window gets its own grace, not instant overdue.
    const retry = callback({ window: { start: T0, end: T0 + 30 * MIN }, dueAt: T0 + 60 * MIN });
    expect(isOverdue(retry, T0 + 61 * MIN)).toBe(false);
    expect(isOverdue(retry, T0 + 76 * MIN)).toBe(true);

    // Being called or finished is never overdue.
    expect(isOverdue(callback({ status: 'calling', claimedBy: SAM }), T0 + 99 * MIN)).toBe(false);
    expect(isOverdue(callback({ status: 'missed' }), T0 + 99 * MIN)).toBe(false);
  });

  it('gates claims by the department’s skills against my profile', () => {
    let state = frame(createInitialState(), routingWelcome([]));
    expect(missingSkills(state, 'orders')).toEqual([]);
    expect(missingSkills(state, 'tech')).toEqual(['tech']);
    state = frame(state, routingWelcome([], { agent: { ...AGENT, skills: ['tech'] } }));
    expect(missingSkills(state, 'tech')).toEqual([]);
  });
});

describe('callbacks in conversations and the customer thread', () => {
  it('offers a call back after a cut-off with a phone until a callback is made from it', () => {
    let state = frame(createInitialState(), routingWelcome([summary()]));
    state = frame(state, {
      type: 'conversation.events',
      conversation: summary({ lastSeq: 2 }),
      events: [created(1), { type: 'conversation.cut_off', seq: 2, at: T0, phone: '+4930123456' }],
      more: false,
    });
    expect(cutOffPhone(state, 'c_1')).toBe('+4930123456');
    expect(threadItems(state, 'c_1').map((i) => i.kind === 'system' && i.event)).toEqual([
      'created',
      'cut_off',
    ]);

    state = frame(state, {
      type: 'callback.upsert',
      callback: callback({ conversationId: 'c_1', createdAt: T0 + 5000 }),
    });
    expect(cutOffPhone(state, 'c_1')).toBeNull();
    expect(threadItems(state, 'c_1').at(-1)).toMatchObject({
      kind: 'system',
      event: 'callback',
      reference: 'CB-7K3Q',
    });
  });

  it('interleaves callbacks with earlier chats by date, newest first, kept live', () => {
    let state = frame(createInitialState(), {
      type: 'customer.conversations',
      visitorId: 'v_1',
      conversations: [
        summary({ id: 'c_open', createdAt: T0 }),
        summary({ id: 'c_new', status: 'closed', createdAt: T0 - 1000 }),
        summary({ id: 'c_old', status: 'closed', createdAt: T0 - 3 * 86_400_000 }),
      ],
      callbacks: [callback({ createdAt: T0 - 86_400_000 })],
    });
    const ids = () =>
      customerThread(state, 'v_1', 'c_open')?.map((i) =>
        i.kind === 'conversation' ? i.conversation.id : i.callback.id,
      );
    expect(ids()).toEqual(['c_new', 'cb_1', 'c_old']);
    expect(customerThread(state, 'v_2')).toBeUndefined();

    state = frame(state, {
      type: 'callback.upsert',
      callback: callback({
        createdAt: T0 - 86_400_000,
        updatedAt: T0,
        status: 'missed',
      }),
    });
    const item = customerThread(state, 'v_1', 'c_open')?.[1];
    expect(item?.kind === 'callback' && item.callback.status).toBe('missed');
  });
});

describe('phone numbers', () => {
  it.each([
    ['+4930123456', '+49 30 123 456'],
    ['+14155550123', '+1 415 555 0123'],
    ['+442071234567', '+44 207 123 4567'],
    ['+33612345678', '+33 612 345 678'],
    ['+353861234567', '+353 861 234 567'],
    ['not a number', 'not a number'],
  ])('formats %s as %s', (input, expected) => {
    expect(formatPhone(input)).toBe(expected);
  });

  it('builds tel: links from the digits only', () => {
    expect(telHref('+49 30 123 456')).toBe('tel:+4930123456');
  });
});
