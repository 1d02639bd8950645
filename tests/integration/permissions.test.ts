import type { ConversationEventFrame, ConversationEvents } from '@switchboard/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  agentSession,
  closeAllSockets,
  framesOf,
  request,
  settle,
  waitForFrame,
} from './helpers/clients.js';
import { jonas, maya, priya } from './helpers/demo-agents.js';
import { startRelay, type TestRelay } from './helpers/relay.js';
import { arrive, waitForEvent } from './helpers/routing.js';

// Who may act on a live chat, over the real relay. The demo: Maya (agent, Orders), Jonas (agent),
// Priya (supervisor). The whole table is checked in packages/server/test/core/permissions.test.ts.

let relay: TestRelay;
beforeAll(async () => {
  relay = await startRelay();
});
afterEach(closeAllSockets);
afterAll(() => relay.close());

/** A visitor whose chat Maya took. */
async function mayasChat() {
  const m = await agentSession(relay.url, maya);
  const visitor = await arrive(relay.url, 'Where is my order?', {
    prechat: { topic: 'order', name: 'Alex', phone: '+4930123456' },
  });
  const { conversationId } = visitor;
  await waitForFrame(
    m.socket,
    (f) =>
      f.type === 'inbox.upsert' &&
      f.conversation.id === conversationId &&
      f.conversation.offer?.agent.name === 'Maya Chen',
  );
  expect(await request(m.socket, { type: 'offer.accept', conversationId })).toEqual({
    type: 'ok',
  });
  await waitForEvent(visitor.socket, 'conversation.assigned', conversationId);
  return { m, visitor, conversationId };
}

describe("another agent's live chat", () => {
  it('is not closed, typed into or called back by a colleague; the visitor hears nothing of it', async () => {
    const { m, visitor, conversationId } = await mayasChat();
    const j = await agentSession(relay.url, jonas);
    const seenBefore = framesOf(visitor.socket).length;

    for (const frame of [
      { type: 'conversation.close', conversationId },
      { type: 'chat.typing', conversationId, typing: true },
      { type: 'callback.create', conversationId },
    ]) {
      expect(await request(j.socket, frame), frame.type).toMatchObject({
        type: 'error',
        code: 'FORBIDDEN',
      });
    }
    await settle();
    // Nothing reached the visitor: no typing with Jonas's name, no "closed by".
    const after = framesOf(visitor.socket).slice(seenBefore);
    expect(JSON.stringify(after)).not.toContain('Jonas');
    expect(after.filter((f) => f.type === 'typing' || f.type === 'conversation.event')).toEqual([]);

    // Jonas may still read it (the team view); it is open and Maya's.
    const opened = await request<ConversationEvents>(j.socket, {
      type: 'conversation.open',
      conversationId,
      afterSeq: 0,
    });
    expect(opened.conversation).toMatchObject({ status: 'active', agent: { name: 'Maya Chen' } });
    expect(opened.events.map((e) => e.type)).not.toContain('conversation.closed');

    // Maya, whose chat it is, can type and close it.
    expect(await request(m.socket, { type: 'chat.typing', conversationId, typing: true })).toEqual({
      type: 'ok',
    });
    await waitForFrame(visitor.socket, (f) => f.type === 'typing' && f.name === 'Maya Chen');
    expect(await request(m.socket, { type: 'conversation.close', conversationId })).toEqual({
      type: 'ok',
    });
    const closed = (await waitForEvent(
      visitor.socket,
      'conversation.closed',
      conversationId,
    )) as ConversationEventFrame;
    expect(closed.event).toMatchObject({ by: { role: 'agent', name: 'Maya Chen' } });
  });

  it('a supervisor may still close it, as the one who closed it', async () => {
    const { visitor, conversationId } = await mayasChat();
    const p = await agentSession(relay.url, priya);
    expect(await request(p.socket, { type: 'conversation.close', conversationId })).toEqual({
      type: 'ok',
    });
    const closed = (await waitForEvent(
      visitor.socket,
      'conversation.closed',
      conversationId,
    )) as ConversationEventFrame;
    expect(closed.event).toMatchObject({ by: { role: 'agent', name: 'Priya Shah' } });
  });
});
