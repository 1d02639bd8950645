import type { ConversationEvent, ServerToAgent } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { reduce } from '../../src/store/reduce.js';
import {
  cannedMatches,
  inboxSections,
  myLoad,
  myOffers,
  summaryFor,
  threadItems,
} from '../../src/store/selectors.js';
import { type ConsoleState, createInitialState } from '../../src/store/state.js';
import {
  AGENT,
  agentStatus,
  CANNED,
  created,
  QUEUES,
  routingWelcome,
  summary,
  T0,
} from './support/fixtures.js';

const frame = (state: ConsoleState, f: ServerToAgent, now = T0) =>
  reduce(state, { type: 'frame', frame: f, now });

const GRACE = { id: AGENT.id, name: AGENT.name };
const SAM = { id: 'a_sam', name: 'Sam Lee' };

describe('routing state', () => {
  it('takes presence, departments, canned responses and the snapshot from the welcome', () => {
    const state = frame(createInitialState(), routingWelcome([], { presence: 'away' }));
    expect(state.presence).toBe('away');
    expect(state.departments.map((d) => d.name)).toEqual(['Orders', 'Technical support']);
    expect(state.canned).toHaveLength(3);
    expect(myLoad(state)).toEqual({ load: 2, capacity: 3 });
  });

  it('replaces the routing state with each snapshot, and the lists with their changes', () => {
    let state = frame(createInitialState(), routingWelcome([]));
    state = frame(state, {
      type: 'routing.snapshot',
      agents: [agentStatus({ id: AGENT.id, name: AGENT.name, load: 1, capacity: 4 })],
      queues: QUEUES,
    });
    expect(myLoad(state)).toEqual({ load: 1, capacity: 4 });
    state = frame(state, { type: 'canned.changed', canned: [CANNED[2]!] });
    expect(state.canned.map((c) => c.shortcut)).toEqual(['shipping']);
    state = frame(state, { type: 'departments.changed', departments: [] });
    expect(state.departments).toEqual([]);
  });

  it('sees an offer to me until it expires or is withdrawn, and never an offer to someone else', () => {
    const mine = summary({ id: 'c_mine', offer: { agent: GRACE, expiresAt: T0 + 30_000 } });
    const theirs = summary({ id: 'c_theirs', offer: { agent: SAM, expiresAt: T0 + 30_000 } });
    let state = frame(createInitialState(), routingWelcome([mine, theirs]));
    expect(myOffers(state, T0).map((c) => c.id)).toEqual(['c_mine']);
    expect(myOffers(state, T0 + 30_000)).toEqual([]);
    state = frame(state, {
      type: 'inbox.upsert',
      conversation: { ...mine, lastSeq: 3, offer: null },
    });
    expect(myOffers(state, T0)).toEqual([]);
  });

  it('splits the inbox into Mine, Waiting in queue order, Team and Closed', () => {
    const state = frame(
      createInitialState(),
      routingWelcome([
        summary({ id: 'w_late', queuedAt: T0 + 50 }),
        summary({ id: 'w_early', queuedAt: T0 + 10 }),
        summary({
          id: 'w_vip',
          queuedAt: T0 + 90,
          routing: { departmentId: 'orders', skills: [], priority: 5 },
        }),
        summary({ id: 'mine', status: 'active', agent: GRACE }),
        summary({
          id: 'joined',
          status: 'active',
          agent: SAM,
          participants: [GRACE],
          updatedAt: T0 + 5000,
        }),
        summary({ id: 'team', status: 'active', agent: SAM }),
        summary({ id: 'done', status: 'closed', agent: GRACE }),
      ]),
    );
    const sections = inboxSections(state, 'all').map((s) => [
      s.id,
      s.conversations.map((c) => c.id),
    ]);
    expect(sections).toEqual([
      ['mine', ['joined', 'mine']],
      ['waiting', ['w_vip', 'w_early', 'w_late']],
      ['team', ['team']],
      ['closed', ['done']],
    ]);
    expect(inboxSections(state, 'waiting').map((s) => s.id)).toEqual(['waiting']);
  });

  it('shows notes apart from messages and settles a pending note by its clientId', () => {
    let state = frame(createInitialState(), routingWelcome());
    state = reduce(state, {
      type: 'outbox.add',
      message: {
        clientId: 'n1',
        conversationId: 'c_1',
        text: 'VIP customer',
        createdAt: T0,
        status: 'sending',
        mode: 'note',
      },
    });
    state = frame(state, {
      type: 'conversation.events',
      conversation: summary(),
      events: [created(1)],
      more: false,
    });
    expect(threadItems(state, 'c_1').at(-1)).toMatchObject({
      kind: 'note',
      noteKind: 'note',
      text: 'VIP customer',
      pending: 'sending',
    });
    state = frame(state, {
      type: 'conversation.event',
      conversationId: 'c_1',
      event: {
        type: 'note.created',
        seq: 2,
        at: T0 + 5,
        id: 'n_1',
        clientId: 'n1',
        author: { role: 'agent', ...GRACE },
        kind: 'note',
        text: 'VIP customer',
      },
    });
    const notes = threadItems(state, 'c_1').filter((i) => i.kind === 'note');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ mine: true, text: 'VIP customer' });
    expect(notes[0]).not.toHaveProperty('pending');
    expect(state.outbox).toEqual([]);
  });

  it('turns routing events into system lines', () => {
    const events: ConversationEvent[] = [
      created(1),
      { type: 'conversation.offered', seq: 2, at: T0, agent: SAM, expiresAt: T0 + 30_000 },
      { type: 'conversation.unoffered', seq: 3, at: T0, agent: SAM, reason: 'expired' },
      {
        type: 'conversation.transferred',
        seq: 4,
        at: T0,
        by: GRACE,
        to: { kind: 'department', departmentId: 'tech', name: 'Technical support' },
        note: 'Router firmware question',
      },
      {
        type: 'conversation.queued',
        seq: 5,
        at: T0,
        departmentId: 'tech',
        reason: 'transferred',
        from: GRACE,
      },
      {
        type: 'conversation.queued',
        seq: 6,
        at: T0,
        departmentId: 'tech',
        reason: 'agent_lost',
        from: SAM,
      },
      {
        type: 'conversation.closed',
        seq: 7,
        at: T0,
        by: { role: 'visitor', id: 'v_1', name: 'Ada Lovelace' },
        reason: 'abandoned',
        waitMs: 120_000,
      },
    ];
    let state = frame(createInitialState(), routingWelcome());
    state = frame(state, {
      type: 'conversation.events',
      conversation: summary({ lastSeq: 7, status: 'closed' }),
      events,
      more: false,
    });
    expect(threadItems(state, 'c_1').map((i) => (i.kind === 'system' ? i.event : i.kind))).toEqual([
      'created',
      'offered',
      'unoffered',
      'transferred',
      'queued',
      'abandoned',
    ]);
    expect(threadItems(state, 'c_1')[3]).toMatchObject({
      by: 'Grace Hopper',
      to: 'Technical support',
      note: 'Router firmware question',
    });
    expect(threadItems(state, 'c_1')[4]).toMatchObject({
      reason: 'agent_lost',
      from: 'Sam Lee',
      department: 'Technical support',
    });
  });

  it('keeps a customer history and shows an old conversation without listing it', () => {
    let state = frame(createInitialState(), routingWelcome());
    const old = summary({ id: 'c_old', status: 'closed', closedAt: T0 - 86_400_000 });
    state = frame(state, {
      type: 'customer.conversations',
      visitorId: 'v_1',
      conversations: [summary(), old],
    });
    expect(state.history.v_1?.map((c) => c.id)).toEqual(['c_1', 'c_old']);
    expect(summaryFor(state, 'c_old')?.status).toBe('closed');
    state = frame(state, {
      type: 'conversation.events',
      conversation: old,
      events: [created(1)],
      more: false,
    });
    expect(state.inbox.c_old).toBeUndefined();
    expect(state.archive.c_old?.id).toBe('c_old');
    expect(inboxSections(state, 'all').flatMap((s) => s.conversations.map((c) => c.id))).toEqual([
      'c_1',
    ]);
  });

  it('matches canned responses by shortcut, exact and prefix first', () => {
    expect(cannedMatches(CANNED, 'ref').map((c) => c.shortcut)).toEqual([
      'refund',
      'refund-partial',
    ]);
    expect(cannedMatches(CANNED, 'ping').map((c) => c.shortcut)).toEqual(['shipping']);
    expect(cannedMatches(CANNED, '')).toHaveLength(3);
    expect(cannedMatches(CANNED, 'zzz')).toEqual([]);
  });
});
