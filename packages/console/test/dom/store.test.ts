import { describe, expect, it } from 'vitest';
import { applyThreadEvents, reduce } from '../../src/store/reduce.js';
import { inboxList, isUnread, threadItems } from '../../src/store/selectors.js';
import { type ConsoleState, createInitialState, EMPTY_THREAD } from '../../src/store/state.js';
import { agentMessage, created, summary, T0, visitorMessage, welcome } from './support/fixtures.js';

function withWelcome(conversations = [summary()]): ConsoleState {
  return reduce(createInitialState(), { type: 'frame', frame: welcome(conversations), now: T0 });
}

describe('inbox from welcome and upsert', () => {
  it('fills the inbox from the welcome and replaces it on a later welcome', () => {
    let state = withWelcome([summary({ id: 'c_1' }), summary({ id: 'c_2' })]);
    expect(Object.keys(state.inbox).sort()).toEqual(['c_1', 'c_2']);
    state = reduce(state, { type: 'frame', frame: welcome([summary({ id: 'c_2' })]), now: T0 });
    expect(Object.keys(state.inbox)).toEqual(['c_2']);
    expect(state.agent?.name).toBe('Grace Hopper');
  });

  it('applies an upsert once and ignores a stale one that arrives late', () => {
    let state = withWelcome();
    const newer = summary({ lastSeq: 4, preview: { text: 'Hello?', role: 'visitor', at: T0 + 9 } });
    state = reduce(state, {
      type: 'frame',
      frame: { type: 'inbox.upsert', conversation: newer },
      now: T0,
    });
    const again = reduce(state, {
      type: 'frame',
      frame: { type: 'inbox.upsert', conversation: newer },
      now: T0,
    });
    expect(again.inbox.c_1?.preview?.text).toBe('Hello?');
    const stale = reduce(again, {
      type: 'frame',
      frame: { type: 'inbox.upsert', conversation: summary({ lastSeq: 3 }) },
      now: T0,
    });
    expect(stale.inbox.c_1?.lastSeq).toBe(4);
    expect(Object.keys(stale.inbox)).toHaveLength(1);
  });

  it('lists waiting first, longest wait first, then active by activity, then closed', () => {
    const state = withWelcome([
      summary({ id: 'closed', status: 'closed', closedAt: T0 + 50 }),
      summary({ id: 'active-old', status: 'active', updatedAt: T0 + 10 }),
      summary({ id: 'waiting-new', createdAt: T0 + 30 }),
      summary({ id: 'active-new', status: 'active', updatedAt: T0 + 40 }),
      summary({ id: 'waiting-old', createdAt: T0 + 5 }),
    ]);
    expect(inboxList(state, 'all').map((c) => c.id)).toEqual([
      'waiting-old',
      'waiting-new',
      'active-new',
      'active-old',
      'closed',
    ]);
    expect(inboxList(state, 'closed').map((c) => c.id)).toEqual(['closed']);
  });

  it('marks a conversation unread until the agent opens it, and again on a new visitor message', () => {
    let state = withWelcome();
    expect(isUnread(state, state.inbox.c_1!)).toBe(true);
    state = reduce(state, { type: 'select', conversationId: 'c_1' });
    state = reduce(state, { type: 'select', conversationId: null });
    expect(isUnread(state, state.inbox.c_1!)).toBe(false);
    state = reduce(state, {
      type: 'frame',
      frame: {
        type: 'inbox.upsert',
        conversation: summary({
          lastSeq: 3,
          preview: { text: 'Still there?', role: 'visitor', at: T0 },
        }),
      },
      now: T0,
    });
    expect(isUnread(state, state.inbox.c_1!)).toBe(true);
  });
});

describe('conversation events', () => {
  it('applies each event once, whatever the order and repeats', () => {
    const events = [created(1), visitorMessage(2, 'Hi'), visitorMessage(3, 'Anyone?')];
    let thread = applyThreadEvents(EMPTY_THREAD, [events[1]!, events[0]!]);
    thread = applyThreadEvents(thread, events);
    thread = applyThreadEvents(thread, [events[2]!, events[2]!]);
    expect(thread.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(thread.lastSeq).toBe(3);
    expect(thread.gap).toBe(false);
  });

  it('detects a gap and applies nothing past it', () => {
    const start = applyThreadEvents(EMPTY_THREAD, [created(1), visitorMessage(2, 'Hi')]);
    const holed = applyThreadEvents(start, [visitorMessage(4, 'Four')]);
    expect(holed.gap).toBe(true);
    expect(holed.lastSeq).toBe(2);
    const filled = applyThreadEvents(holed, [
      visitorMessage(3, 'Three'),
      visitorMessage(4, 'Four'),
    ]);
    expect(filled.gap).toBe(false);
    expect(filled.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('folds pushed events into the open thread and the inbox line, without doubles', () => {
    let state = withWelcome([summary({ lastSeq: 2 })]);
    state = reduce(state, {
      type: 'frame',
      frame: {
        type: 'conversation.events',
        conversation: summary({ lastSeq: 2 }),
        events: [created(1), visitorMessage(2, 'Do these run large?')],
        more: false,
      },
      now: T0,
    });
    const push = {
      type: 'conversation.event' as const,
      conversationId: 'c_1',
      event: visitorMessage(3, 'Hello?'),
    };
    state = reduce(state, { type: 'frame', frame: push, now: T0 });
    state = reduce(state, { type: 'frame', frame: push, now: T0 });
    expect(state.threads.c_1?.events).toHaveLength(3);
    expect(state.inbox.c_1?.preview?.text).toBe('Hello?');
    expect(state.inbox.c_1?.lastSeq).toBe(3);
  });

  it('shows a reply once: pending, then sent on ack, then from the log when echoed', () => {
    let state = withWelcome([summary({ lastSeq: 1 })]);
    state = reduce(state, {
      type: 'frame',
      frame: {
        type: 'conversation.events',
        conversation: summary({ lastSeq: 1 }),
        events: [created(1)],
        more: false,
      },
      now: T0,
    });
    state = reduce(state, {
      type: 'outbox.add',
      message: {
        clientId: 'k1',
        conversationId: 'c_1',
        text: 'They do.',
        createdAt: T0,
        status: 'sending',
      },
    });
    const texts = () =>
      threadItems(state, 'c_1').flatMap((i) => (i.kind === 'message' ? [[i.text, i.pending]] : []));
    expect(texts()).toEqual([['They do.', 'sending']]);
    state = reduce(state, {
      type: 'frame',
      frame: {
        type: 'chat.ack',
        clientId: 'k1',
        conversationId: 'c_1',
        messageId: 'm_2',
        seq: 2,
        at: T0 + 5,
      },
      now: T0,
    });
    expect(texts()).toEqual([['They do.', 'sent']]);
    state = reduce(state, {
      type: 'frame',
      frame: {
        type: 'conversation.event',
        conversationId: 'c_1',
        event: agentMessage(2, 'They do.', 'k1'),
      },
      now: T0,
    });
    expect(texts()).toEqual([['They do.', undefined]]);
    expect(state.outbox).toHaveLength(0);
  });

  it('keeps visitor typing until it expires or the visitor sends', () => {
    let state = withWelcome();
    state = reduce(state, {
      type: 'frame',
      frame: { type: 'typing', conversationId: 'c_1', role: 'visitor', name: 'Ada', typing: true },
      now: T0,
    });
    expect(state.typing.c_1?.name).toBe('Ada');
    expect(reduce(state, { type: 'typing.expire', now: T0 + 5_000 }).typing.c_1).toBeDefined();
    expect(reduce(state, { type: 'typing.expire', now: T0 + 6_001 }).typing.c_1).toBeUndefined();
  });
});
