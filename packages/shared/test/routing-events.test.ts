import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  type ConversationSummary,
  forVisitor,
  summaryForVisitor,
} from '../src/index.js';
import { routingEvents } from './fixtures.js';

const fold = (n = routingEvents.length) =>
  routingEvents
    .slice(0, n)
    .reduce<ConversationSummary | null>((s, e) => applyEvent(s, e, 'demo', 'c_9'), null);

describe('applyEvent over routing events', () => {
  it('starts queued in its department with its place in line', () => {
    expect(fold(1)).toMatchObject({
      status: 'waiting',
      routing: { departmentId: 'orders', skills: ['de'], priority: 2 },
      queuedAt: 1,
    });
  });

  it('tracks the pending offer until it ends', () => {
    expect(fold(2)?.offer).toEqual({ agent: { id: 'a_1', name: 'Maya Chen' }, expiresAt: 32 });
    expect(fold(3)?.offer).toBeNull();
  });

  it('requeues into the new department after a transfer, keeping queuedAt', () => {
    const s = fold(6);
    expect(s).toMatchObject({ status: 'waiting', agent: null, queuedAt: 1 });
    expect(s?.routing?.departmentId).toBe('tech');
  });

  it('records joined supervisors, a deferred message and an abandoned close', () => {
    const s = fold();
    expect(s?.participants).toEqual([{ id: 's_1', name: 'Sam' }]);
    expect(s?.mode).toBe('message');
    expect(s).toMatchObject({ status: 'closed', closeReason: 'abandoned', closedAt: 11 });
  });

  it('does not count notes as the preview', () => {
    expect(fold(8)?.preview).toBeNull();
  });
});

describe('forVisitor', () => {
  it('redacts agents-only events, keeping their seq', () => {
    const redacted = routingEvents.map(forVisitor).filter((e) => e.type === 'redacted');
    expect(redacted.map((e) => e.seq)).toEqual([2, 3, 8, 10, 12]);
    const json = JSON.stringify(routingEvents.map(forVisitor));
    expect(json).not.toContain('Offer the 10% voucher');
    expect(json).not.toContain('Needs a firmware expert');
  });

  it('keeps the transfer itself visible, without its note', () => {
    const transfer = routingEvents
      .map(forVisitor)
      .find((e) => e.type === 'conversation.transferred');
    expect(transfer).toMatchObject({ to: { kind: 'department', name: 'Technical support' } });
    expect(transfer).not.toHaveProperty('note');
  });

  it('leaves visitor-facing events unchanged', () => {
    for (const event of routingEvents) {
      if (['conversation.joined', 'conversation.closed'].includes(event.type)) {
        expect(forVisitor(event)).toBe(event);
      }
    }
  });

  it('leaves the skills and priority out of creation and requeueing', () => {
    const created = forVisitor(routingEvents[0]!);
    expect(created).toMatchObject({ type: 'conversation.created', visitor: { id: 'v_1' } });
    expect(created).not.toHaveProperty('routing');
    const queued = {
      type: 'conversation.queued' as const,
      seq: 6,
      at: 6,
      departmentId: 'tech',
      reason: 'transferred' as const,
      skills: ['firmware'],
    };
    expect(forVisitor(queued)).toEqual({
      type: 'conversation.queued',
      seq: 6,
      at: 6,
      departmentId: 'tech',
      reason: 'transferred',
    });
  });

  it('strips the pending offer and the routing from the summary a visitor gets', () => {
    const summary = fold(2)!;
    expect(summary.offer).toBeTruthy();
    expect(summary.routing).toBeTruthy();
    expect(summaryForVisitor(summary)).not.toHaveProperty('offer');
    expect(summaryForVisitor(summary)).not.toHaveProperty('routing');
  });
});

describe('visitor.updated', () => {
  const updated = {
    type: 'visitor.updated' as const,
    seq: 99,
    at: 1_700_000_009_000,
    visitor: {
      id: 'v_1',
      name: 'Ada Lovelace',
      userId: 'user-42',
      verified: true,
      attributes: { plan: 'pro' },
    },
  };

  it('replaces the summary visitor, so agents see who they talk to', () => {
    const summary = applyEvent(fold(routingEvents.length), updated, 'demo', 'c_9');
    expect(summary?.visitor).toEqual(updated.visitor);
    expect(summary?.lastSeq).toBe(99);
  });

  it('reaches a visitor only redacted: attributes are for agents', () => {
    expect(forVisitor(updated)).toEqual({ type: 'redacted', seq: 99, at: updated.at });
  });
});
