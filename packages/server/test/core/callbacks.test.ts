import type { Callback, CallbackView } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { availabilityFor, requestKind } from '../../src/core/callbacks.js';
import { callbackSettings } from '../../src/core/slots.js';
import { nextDeadline } from '../../src/core/timers.js';
import type { Command, Effect, WriteEffect } from '../../src/core/types.js';
import { actor, department, visitorOf, world } from './routing-fixtures.js';

const at = (iso: string) => Date.parse(iso);
const FRIDAY_1010_BERLIN = at('2026-03-27T09:10:00Z');
const MIN = 60_000;
const slot = (iso: string) => ({ start: at(iso), end: at(iso) + 30 * MIN });

function setup(extra: { callback?: boolean } = {}) {
  const w = world({
    agents: [
      { id: 'maya', name: 'Maya', role: 'agent' },
      { id: 'jonas', name: 'Jonas', role: 'agent', skills: ['tech'] },
      { id: 'priya', name: 'Priya', role: 'supervisor', skills: ['tech'] },
    ],
    departments: [
      department('orders', { timeZone: 'Europe/Berlin', agentIds: ['maya', 'jonas', 'priya'] }),
      department('tech', { timeZone: 'Europe/Berlin', skills: ['tech'], agentIds: ['jonas'] }),
    ],
    now: FRIDAY_1010_BERLIN,
    site:
      extra.callback === false
        ? {}
        : { callback: callbackSettings('We may call you.', { defaultCountry: 'DE' }) },
  });
  let clientIds = 0;
  const request = (
    n: number,
    fields: Partial<Extract<Command, { type: 'callback.request' }>> = {},
  ) =>
    w.run({
      type: 'callback.request',
      visitor: visitorOf(n),
      clientId: `k${++clientIds}`,
      name: `Caller ${n}`,
      phone: `+4930123456${String(n).padStart(2, '0')}`,
      window: null,
      context: { locale: 'de-DE', timeZone: 'Europe/Berlin' },
      ...fields,
    });
  const open = () => [...w.state.callbacks.values()];
  const writes = () =>
    w.effects.filter(
      (e): e is WriteEffect & { write: { kind: 'callback' } } =>
        e.type === 'write' && e.write.kind === 'callback',
    );
  const pushed = (type: string) =>
    w.effects.filter(
      (e: Effect): e is Extract<Effect, { type: 'send' }> =>
        e.type === 'send' && e.frame.type === type,
    );
  return { w, request, open, writes, pushed };
}

const view = (frame: unknown) => (frame as { callback: CallbackView }).callback;

describe('callback.request', () => {
  it('schedules as soon as possible while open, with a reference; the visitor and agents hear of it', () => {
    const { w, request, writes, pushed } = setup();
    const reply = request(1, { topic: 'product', note: 'About my boots' });
    expect(reply).toMatchObject({
      type: 'callback.status',
      callback: {
        reference: 'CB-0001',
        status: 'scheduled',
        window: null,
        dueAt: FRIDAY_1010_BERLIN,
        departmentName: 'Tech',
        phoneMasked: '+49 ••• ••• 5601',
        attempts: 0,
      },
    });
    const [callback] = [...w.state.callbacks.values()];
    expect(callback).toMatchObject({
      phone: '+493012345601',
      departmentId: 'tech',
      topic: 'product',
      note: 'About my boots',
      consent: 'We may call you.',
      locale: 'de-DE',
      claimedBy: null,
    });
    expect(writes().map((e) => e.write.event)).toEqual(['callback.requested']);
    expect(writes()[0]!.write.clientId).toEqual({ actor: 'visitor:vis_1', clientId: 'k1' });
    expect(pushed('callback.upsert')).toHaveLength(1);
    expect(pushed('callback.status')).toMatchObject([
      { to: { kind: 'visitor', visitorId: 'vis_1' } },
    ]);
    // The number is remembered for a cut-off chat.
    expect(w.state.phones.get('vis_1')).toBe('+493012345601');
  });

  it('books an offered slot, and refuses a slot that is not offered', () => {
    const { w, request, open } = setup();
    expect(view(request(1, { window: slot('2026-03-27T13:00:00Z') }))).toMatchObject({
      window: slot('2026-03-27T13:00:00Z'),
      dueAt: at('2026-03-27T13:00:00Z'),
    });
    const refused: Array<[string, { start: number; end: number }]> = [
      ['in the past', slot('2026-03-27T08:00:00Z')],
      ['off the slot grid', slot('2026-03-27T13:10:00Z')],
      ['after closing (17:00 Berlin)', slot('2026-03-27T16:00:00Z')],
      ['on a Saturday', slot('2026-03-28T10:00:00Z')],
      [
        'not 30 minutes long',
        { start: at('2026-03-27T13:00:00Z'), end: at('2026-03-27T14:00:00Z') },
      ],
    ];
    for (const [name, window] of refused) {
      expect(request(2, { window }), name).toMatchObject({
        type: 'error',
        code: 'SLOT_UNAVAILABLE',
      });
    }
    expect(open()).toHaveLength(1);
    expect(w.effects).toHaveLength(1);
  });

  it('fills a slot to capacity (2), then refuses it', () => {
    const { request } = setup();
    const window = slot('2026-03-27T13:00:00Z');
    expect(request(1, { window })?.type).toBe('callback.status');
    expect(request(2, { window })?.type).toBe('callback.status');
    expect(request(3, { window })).toMatchObject({ code: 'SLOT_UNAVAILABLE' });
  });

  it('refuses as soon as possible when nobody can call within 24 hours', () => {
    const { w, request } = setup();
    w.advance(at('2026-03-27T17:00:00Z') - FRIDAY_1010_BERLIN); // Friday 18:00
    expect(request(1)).toMatchObject({ code: 'SLOT_UNAVAILABLE' });
    expect(request(1, { window: slot('2026-03-30T07:00:00Z') })?.type).toBe('callback.status');
  });

  it("merges a visitor's second request for the same number into their open one, keeping its reference", () => {
    const { request, open, writes } = setup();
    const first = view(request(1, { note: 'first' }));
    const second = view(
      request(1, {
        phone: '+493012345601',
        name: 'Ada L.',
        note: 'second',
        window: slot('2026-03-27T14:00:00Z'),
      }),
    );
    expect(second).toMatchObject({ id: first.id, reference: first.reference });
    expect(open()).toHaveLength(1);
    expect(open()[0]).toMatchObject({
      name: 'Ada L.',
      note: 'second',
      window: slot('2026-03-27T14:00:00Z'),
      visitor: { id: 'vis_1' },
    });
    expect(writes().map((e) => e.write.event)).toEqual(['callback.updated']);
  });

  it("never merges into another visitor's callback to the same number, nor shows it", () => {
    const { w, request, open, writes, pushed } = setup();
    const mine = view(request(1, { name: 'Ada', note: 'private: order 1042' }));
    const before = w.state.callbacks.get(mine.id)!;
    const theirs = request(2, {
      phone: '+493012345601',
      name: 'Mallory',
      note: 'call me instead',
      window: slot('2026-03-27T14:00:00Z'),
    });
    expect(view(theirs).id).not.toBe(mine.id);
    expect(view(theirs).reference).not.toBe(mine.reference);
    expect(JSON.stringify(theirs)).not.toContain(mine.id);
    // The first visitor's callback is untouched, for them and for the agents.
    expect(w.state.callbacks.get(mine.id)).toEqual(before);
    expect(open()).toHaveLength(2);
    expect(writes().map((e) => [e.write.event, e.write.callback.visitor.id])).toEqual([
      ['callback.requested', 'vis_2'],
    ]);
    // Nothing of the first callback is pushed anywhere.
    for (const e of pushed('callback.status'))
      expect(e.to).toEqual({ kind: 'visitor', visitorId: 'vis_2' });
    expect(JSON.stringify(w.effects)).not.toContain(mine.id);
  });

  it('answers a resent request (same clientId) with the callback it made, changing nothing', () => {
    const { w, request } = setup();
    const made = view(request(1));
    const duplicate = w.state.callbacks.get(made.id)!;
    expect(request(1, { duplicateCallback: duplicate, name: 'Changed' })).toMatchObject({
      type: 'callback.status',
      callback: { id: made.id },
    });
    expect(w.effects).toHaveLength(1);
    expect(w.state.callbacks.get(made.id)?.name).toBe('Caller 1');
  });

  it("answers a stranger's resend with nothing of the callback its clientId points at", () => {
    const { w, request } = setup();
    const mine = view(request(1, { note: 'private' }));
    const stored = w.state.callbacks.get(mine.id)!;
    // As if the store had the stranger's clientId pointing at the first visitor's callback.
    const reply = request(2, { phone: '+493012345601', duplicateCallback: stored });
    expect(reply).toMatchObject({ type: 'callback.status' });
    expect(view(reply).id).not.toBe(mine.id);
    expect(JSON.stringify(w.effects)).not.toContain(mine.id);
    expect(w.state.callbacks.get(mine.id)).toEqual(stored);
  });

  it('is refused when the site offers no callbacks', () => {
    const { request } = setup({ callback: false });
    expect(request(1)).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
  });
});

describe('requestKind (what the per-number and open-callback limits count)', () => {
  it("counts only new callbacks: never a change to, or a resend of, the visitor's own", () => {
    const { w, request } = setup();
    const mine = view(request(1));
    const own = w.state.callbacks.get(mine.id)!;
    const callbacks = () => w.state.callbacks.values();
    const rows: Array<[string, number, string, Callback | null, string]> = [
      ['own number again, any format already E.164', 1, '+493012345601', null, 'change'],
      ['own resend (its clientId made it)', 1, '+493012345601', own, 'resend'],
      ['own resend for another number', 1, '+493012345699', own, 'resend'],
      ['a new number', 1, '+493012345699', null, 'new'],
      ["a stranger with the owner's number", 2, '+493012345601', null, 'new'],
      ["a stranger whose clientId points at the owner's", 2, '+493012345601', own, 'new'],
    ];
    for (const [name, n, phone, made, kind] of rows) {
      expect(requestKind(callbacks(), visitorOf(n), phone, made), name).toBe(kind);
    }
  });
});

describe('claim, outcome and retries', () => {
  function withCallback(topic?: string) {
    const s = setup();
    s.w.connect('maya', 'jonas', 'priya');
    const { id } = view(s.request(1, topic ? { topic } : {}));
    const get = () => s.w.state.callbacks.get(id);
    return { ...s, id, get };
  }

  it('lets only agents with the skills claim, and one at a time', () => {
    const { w, id, get } = withCallback('product');
    expect(w.run({ type: 'callback.claim', agent: actor('maya'), callbackId: id })).toMatchObject({
      code: 'AGENT_UNAVAILABLE',
    });
    expect(w.run({ type: 'callback.claim', agent: actor('jonas'), callbackId: id })).toEqual({
      type: 'ok',
    });
    expect(get()).toMatchObject({ status: 'calling', claimedBy: { id: 'jonas' } });
    expect(w.run({ type: 'callback.claim', agent: actor('priya'), callbackId: id })).toMatchObject({
      code: 'AGENT_UNAVAILABLE',
    });
    expect(w.run({ type: 'callback.release', agent: actor('maya'), callbackId: id })).toMatchObject(
      {
        code: 'FORBIDDEN',
      },
    );
    expect(w.run({ type: 'callback.release', agent: actor('jonas'), callbackId: id })).toEqual({
      type: 'ok',
    });
    expect(get()).toMatchObject({ status: 'scheduled', claimedBy: null });
  });

  it('no answer schedules the next attempt 30 minutes later; the third failure is missed', () => {
    const { w, id, get, writes, pushed } = withCallback();
    const call = (outcome: 'no_answer' | 'voicemail') => {
      w.run({ type: 'callback.claim', agent: actor('maya'), callbackId: id });
      return w.run({ type: 'callback.outcome', agent: actor('maya'), callbackId: id, outcome });
    };
    const booked = get()?.window;
    expect(get()?.bookedWindow).toEqual(booked);
    expect(call('no_answer')).toEqual({ type: 'ok' });
    // The retry moves the call (window null) but keeps what the customer booked.
    expect(get()?.bookedWindow).toEqual(booked);
    expect(get()).toMatchObject({
      status: 'scheduled',
      dueAt: w.now + 30 * MIN,
      window: null,
      claimedBy: null,
      attempts: [{ at: w.now, agent: { id: 'maya' }, outcome: 'no_answer' }],
    });
    expect(view(pushed('callback.status')[0]!.frame)).toMatchObject({
      status: 'scheduled',
      attempts: 1,
    });
    expect(writes().map((e) => e.write.event)).toEqual(['callback.updated']);
    w.advance(30 * MIN);
    call('voicemail');
    expect(get()?.attempts).toHaveLength(2);
    w.advance(30 * MIN);
    call('no_answer');
    expect(get()).toBeUndefined();
    const last = writes()[0]!.write.callback as Callback;
    expect(last).toMatchObject({ status: 'missed' });
    expect(last.attempts).toHaveLength(3);
    expect(writes().map((e) => e.write.event)).toEqual(['callback.completed']);
  });

  it.each([
    ['resolved', 'completed'],
    ['unresolved', 'completed'],
    ['wrong_number', 'missed'],
  ] as const)('%s finishes it as %s', (outcome, status) => {
    const { w, id, get, writes } = withCallback();
    w.run({ type: 'callback.outcome', agent: actor('maya'), callbackId: id, outcome, note: 'n' });
    expect(get()).toBeUndefined();
    expect(writes()[0]!.write).toMatchObject({
      event: 'callback.completed',
      callback: { status, attempts: [{ outcome, note: 'n' }] },
    });
    const stored = writes()[0]!.write.callback as Callback;
    expect(
      w.run({
        type: 'callback.outcome',
        agent: actor('maya'),
        callbackId: id,
        outcome: 'resolved',
        storedCallback: stored,
      }),
    ).toMatchObject({ code: 'CALLBACK_CLOSED' });
  });

  it('refuses an outcome from someone other than the agent calling', () => {
    const { w, id } = withCallback();
    w.run({ type: 'callback.claim', agent: actor('maya'), callbackId: id });
    expect(
      w.run({
        type: 'callback.outcome',
        agent: actor('jonas'),
        callbackId: id,
        outcome: 'resolved',
      }),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      w.run({
        type: 'callback.outcome',
        agent: actor('priya'),
        callbackId: id,
        outcome: 'resolved',
      }),
    ).toEqual({ type: 'ok' });
  });
});

describe('visitor cancel and reschedule', () => {
  it('cancels and reschedules their own only; a finished one is CALLBACK_CLOSED', () => {
    const { w, request } = setup();
    const { id } = view(request(1));
    const other = visitorOf(2);
    expect(w.run({ type: 'callback.cancel', by: other, callbackId: id })).toMatchObject({
      code: 'NOT_FOUND',
    });
    const moved = w.run({
      type: 'callback.reschedule',
      by: visitorOf(1),
      callbackId: id,
      window: slot('2026-03-30T08:00:00Z'),
    });
    expect(view(moved)).toMatchObject({ window: slot('2026-03-30T08:00:00Z') });
    expect(
      w.run({
        type: 'callback.reschedule',
        by: visitorOf(1),
        callbackId: id,
        window: slot('2026-03-28T08:00:00Z'),
      }),
    ).toMatchObject({ code: 'SLOT_UNAVAILABLE' });
    const cancelled = w.run({ type: 'callback.cancel', by: visitorOf(1), callbackId: id });
    expect(view(cancelled)).toMatchObject({ status: 'cancelled' });
    expect(w.state.callbacks.has(id)).toBe(false);
    const stored = (w.effects.find((e) => e.type === 'write') as WriteEffect).write as {
      callback: Callback;
    };
    expect(
      w.run({
        type: 'callback.cancel',
        by: visitorOf(1),
        callbackId: id,
        storedCallback: stored.callback,
      }),
    ).toMatchObject({ code: 'CALLBACK_CLOSED' });
    // Someone else's finished callback is not theirs to know about.
    expect(
      w.run({
        type: 'callback.cancel',
        by: other,
        callbackId: id,
        storedCallback: stored.callback,
      }),
    ).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('cut-off chats', () => {
  function activeChat(prechat: { phone?: string } = {}) {
    const s = setup();
    s.w.connect('maya');
    const conversationId = s.w.arrive(1, { prechat });
    s.w.run({
      type: 'offer.accept',
      agent: actor('maya'),
      conversationId,
    });
    expect(s.w.state.open.get(conversationId)?.status).toBe('active');
    return { ...s, conversationId };
  }

  it('marks an active chat cut off once, 120 s after the visitor left, with their number', () => {
    const { w, conversationId } = activeChat({ phone: '+493012345601' });
    w.run({ type: 'visitor.disconnect', visitorId: 'vis_1' });
    expect(nextDeadline(w.state, w.now)).toBe(w.now + 120_000);
    w.advance(119_000);
    w.run({ type: 'tick' });
    expect(w.events()).toEqual([]);
    w.advance(1_000);
    w.run({ type: 'tick' });
    const persisted = w.effects.find((e) => e.type === 'persist');
    expect(persisted).toMatchObject({
      events: [{ type: 'conversation.cut_off', phone: '+493012345601' }],
    });
    // The visitor sees it redacted.
    expect(
      w.effects.find(
        (e) =>
          e.type === 'send' && e.to.kind === 'visitor' && e.frame.type === 'conversation.event',
      ),
    ).toMatchObject({ frame: { event: { type: 'redacted' } } });
    w.advance(600_000);
    w.run({ type: 'tick' });
    expect(w.events()).toEqual([]);
    expect(w.state.cutOff.has(conversationId)).toBe(true);
  });

  it('one click makes an as-soon-as-possible callback to the known number, linked to the chat', () => {
    const { w, conversationId, open } = activeChat({ phone: '+493012345601' });
    expect(w.run({ type: 'callback.create', agent: actor('maya'), conversationId })).toEqual({
      type: 'ok',
    });
    expect(open()).toMatchObject([
      { phone: '+493012345601', conversationId, window: null, dueAt: w.now, status: 'scheduled' },
    ]);
    // Twice is still one callback.
    w.run({ type: 'callback.create', agent: actor('maya'), conversationId });
    expect(open()).toHaveLength(1);
  });

  it("links the chat to the visitor's own callback only, never to another visitor's with that number", () => {
    const { w, conversationId, open, request } = activeChat({ phone: '+493012345601' });
    const theirs = view(request(2, { phone: '+493012345601', note: 'theirs' }));
    w.run({ type: 'callback.create', agent: actor('maya'), conversationId });
    expect(w.state.callbacks.get(theirs.id)?.conversationId).toBeUndefined();
    expect(open().map((c) => [c.visitor.id, c.conversationId])).toEqual([
      ['vis_2', undefined],
      ['vis_1', conversationId],
    ]);
  });

  it('answers NOT_FOUND when no number is known', () => {
    const { w, conversationId } = activeChat();
    expect(w.run({ type: 'callback.create', agent: actor('maya'), conversationId })).toMatchObject({
      code: 'NOT_FOUND',
      message: 'No phone number is known for this visitor.',
    });
  });
});

describe('availability and queue alternatives', () => {
  it('offers the slots of the department a topic routes to', () => {
    const { w } = setup();
    const found = availabilityFor(w.state, 'demo', { topic: 'product' }, w.now);
    expect(found).toMatchObject({
      ok: true,
      department: { id: 'tech' },
      availability: { asap: true },
    });
    expect(availabilityFor(w.state, 'demo', { departmentId: 'nope' }, w.now)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_DEPARTMENT' },
    });
  });

  it('offers a callback beside leaving a message when no agent is online', () => {
    const { w } = setup();
    w.arrive(1);
    const status = w.effects.find((e) => e.type === 'send' && e.frame.type === 'queue.status');
    expect(status).toMatchObject({ frame: { alternatives: ['message', 'callback'] } });
  });
});
