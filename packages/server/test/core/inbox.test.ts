import { describe, expect, it } from 'vitest';
import type { Effect } from '../../src/core/types.js';
import { actor, department, visitorOf, world } from './routing-fixtures.js';

/** Where each `inbox.upsert` of the last command went. */
const upserts = (effects: Effect[]) =>
  effects.flatMap((e) =>
    e.type === 'send' && e.frame.type === 'inbox.upsert'
      ? [{ to: e.to, status: e.frame.conversation.status }]
      : [],
  );

function setup() {
  const w = world({
    agents: [
      { id: 'maya', name: 'Maya', role: 'agent' },
      { id: 'tom', name: 'Tom', role: 'agent' },
      { id: 'sue', name: 'Sue', role: 'supervisor' },
    ],
    departments: [department('orders', { agentIds: ['maya'], autoAccept: true })],
  });
  w.connect('maya', 'tom', 'sue');
  const conversationId = w.arrive(1);
  return { w, conversationId };
}

describe('inbox updates', () => {
  it('a new, waiting or reassigned chat goes to every inbox', () => {
    const { w, conversationId } = setup();
    // Arriving (and being assigned at once) changes where the chat is listed: everyone hears.
    expect(w.holder(conversationId)).toBe('maya');
    w.run({
      type: 'conversation.transfer',
      agent: actor('maya'),
      conversationId,
      to: { kind: 'agent', agentId: 'sue' },
    });
    expect(upserts(w.effects)).toEqual([{ to: { kind: 'agents' }, status: 'active' }]);
    w.run({ type: 'conversation.close', by: actor('sue'), conversationId });
    expect(upserts(w.effects)).toEqual([{ to: { kind: 'agents' }, status: 'closed' }]);
  });

  it('a message in a chat that stays with its agent goes to its agent and supervisors only', () => {
    const { w, conversationId } = setup();
    w.run({
      type: 'visitor.message',
      visitor: visitorOf(1),
      clientId: 'again',
      text: 'Are you there?',
      context: {},
      conversationId,
    });
    expect(upserts(w.effects)).toEqual([
      {
        to: { kind: 'inboxes', agentIds: ['maya', 'sue'], exceptFollowersOf: conversationId },
        status: 'active',
      },
    ]);
    w.run({
      type: 'agent.message',
      agent: actor('maya'),
      clientId: 'reply',
      text: 'Yes!',
      conversationId,
    });
    expect(upserts(w.effects)).toEqual([
      {
        to: { kind: 'inboxes', agentIds: ['maya', 'sue'], exceptFollowersOf: conversationId },
        status: 'active',
      },
    ]);
    // Followers (whoever opened it, Tom too) still get every event.
    expect(
      w.effects.some(
        (e) =>
          e.type === 'send' && e.to.kind === 'followers' && e.frame.type === 'conversation.event',
      ),
    ).toBe(true);
  });

  it('a message in a waiting chat goes to every inbox (the queue is everyone’s)', () => {
    const w = world({
      agents: [{ id: 'maya', name: 'Maya', role: 'agent', presence: 'away' }],
      departments: [department('orders', { agentIds: ['maya'] })],
    });
    w.connect('maya');
    const conversationId = w.arrive(1);
    w.run({
      type: 'visitor.message',
      visitor: visitorOf(1),
      clientId: 'again',
      text: 'Hello?',
      context: {},
      conversationId,
    });
    expect(upserts(w.effects)).toEqual([{ to: { kind: 'agents' }, status: 'waiting' }]);
  });
});
