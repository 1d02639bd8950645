import type { ChatAck, ConversationEventFrame, ConversationEvents } from '@switchboard/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  agentSession,
  clientId,
  closeAllSockets,
  framesOf,
  request,
  visitorSession,
  waitForFrame,
} from './helpers/clients.js';
import { startRelay, type TestRelay } from './helpers/relay.js';
import { waitForEvent } from './helpers/routing.js';

let relay: TestRelay;
beforeAll(async () => {
  relay = await startRelay();
});
afterEach(closeAllSockets);
afterAll(() => relay.close());

/** Routing's words: none may reach a visitor in any frame. */
const ROUTING_KEYS = ['"routing"', '"skills"', '"priority"', '"offer"', '"wrapUp"'];

describe("a visitor's copies of their conversation", () => {
  it('carry no routing data: not live, not in a sync, not in the welcome after a reload', async () => {
    const agent = await agentSession(relay.url);
    const { socket, welcome } = await visitorSession(relay.url);
    const ack = await request<ChatAck>(socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Is the Ridgeline tent waterproof?',
    });
    expect(ack.type).toBe('chat.ack');
    const { conversationId } = ack;

    // Agents see where it is routed, with the relay's priority (0: no rule matches).
    await waitForFrame(
      agent.socket,
      (f) =>
        f.type === 'inbox.upsert' &&
        f.conversation.id === conversationId &&
        f.conversation.routing?.priority === 0,
    );
    const opened = await request<ConversationEvents>(agent.socket, {
      type: 'conversation.open',
      conversationId,
      afterSeq: 0,
    });
    expect(opened.events[0]).toMatchObject({
      type: 'conversation.created',
      routing: { departmentId: 'orders', priority: 0, skills: [] },
    });

    // The visitor's live copy of the creation: who and where, no routing.
    const created = (await waitForEvent(
      socket,
      'conversation.created',
      conversationId,
    )) as ConversationEventFrame;
    expect(created.event).toMatchObject({
      type: 'conversation.created',
      visitor: { id: welcome.visitor.id },
    });
    expect(created.event).not.toHaveProperty('routing');

    const sync = await request<ConversationEvents>(socket, {
      type: 'conversation.sync',
      conversationId,
      afterSeq: 0,
    });
    expect(sync.events[0]?.type).toBe('conversation.created');
    expect(sync.events[0]).not.toHaveProperty('routing');

    // A reload: the welcome's summary and events.
    const again = await visitorSession(relay.url, { token: welcome.token });
    expect(again.welcome.conversation?.summary.id).toBe(conversationId);
    expect(again.welcome.conversation?.summary).not.toHaveProperty('routing');
    expect(again.welcome.conversation?.events[0]).not.toHaveProperty('routing');

    for (const frames of [framesOf(socket), [sync], [again.welcome]]) {
      const json = JSON.stringify(frames);
      for (const key of ROUTING_KEYS) expect(json).not.toContain(key);
    }
  });
});
