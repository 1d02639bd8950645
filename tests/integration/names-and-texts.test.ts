import type {
  ChatAck,
  ConversationEventFrame,
  ConversationEvents,
  ErrorFrame,
  InboxUpsert,
} from '@switchboard/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  agentSession,
  clientId,
  closeAllSockets,
  framesOf,
  request,
  settle,
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

// Displayed right to left from the override on, this reads "Maya Chen (agent)".
const POSING_AS_AGENT = 'Maya Chen \u202E)tnega(';

describe('names and texts people type', () => {
  it('reach the agent without bidi overrides, invisibles or escape codes', async () => {
    const agent = await agentSession(relay.url);
    const { socket } = await visitorSession(relay.url);
    const ack = await request<ChatAck>(socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Hello\u001b[2J\u001b[31m, my order\u202E?\r\nThanks',
      prechat: { name: `\u200B${POSING_AS_AGENT}\u2066` },
    });
    expect(ack.type).toBe('chat.ack');
    const { conversationId } = ack;

    const upsert = await waitForFrame<InboxUpsert>(
      agent.socket,
      (f) => f.type === 'inbox.upsert' && f.conversation.id === conversationId,
    );
    expect(upsert.conversation.visitor.name).toBe('Maya Chen )tnega(');
    expect(upsert.conversation.preview?.text).toBe('Hello, my order?\nThanks');

    // A rename later is cleaned the same way.
    expect(
      await request(socket, { type: 'visitor.update', name: 'Ada\u200F \u001b]0;x\u0007Lovelace' }),
    ).toEqual({ type: 'ok' });
    const opened = await request<ConversationEvents>(agent.socket, {
      type: 'conversation.open',
      conversationId,
      afterSeq: 0,
    });
    expect(opened.events[0]).toMatchObject({ visitor: { name: 'Maya Chen )tnega(' } });
    expect(opened.events.find((e) => e.type === 'message.created')).toMatchObject({
      text: 'Hello, my order?\nThanks',
      author: { role: 'visitor', name: 'Maya Chen )tnega(' },
    });
    expect(opened.events.at(-1)).toMatchObject({
      type: 'visitor.updated',
      visitor: { name: 'Ada Lovelace' },
    });

    // An agent's reply is cleaned before the visitor sees it.
    const reply = await request<ChatAck>(agent.socket, {
      type: 'chat.send',
      conversationId,
      clientId: clientId(),
      text: 'On its way\u202E!\u0007',
    });
    expect(reply.type).toBe('chat.ack');
    const seen = (await waitForFrame<ConversationEventFrame>(
      socket,
      (f) =>
        f.type === 'conversation.event' &&
        f.event.type === 'message.created' &&
        f.event.author.role === 'agent',
    )) as ConversationEventFrame;
    expect(seen.event).toMatchObject({ text: 'On its way!' });
  });

  it('refuses a NUL or a lone surrogate with BAD_FRAME and stores nothing', async () => {
    const agent = await agentSession(relay.url);
    const { socket } = await visitorSession(relay.url);
    const first = await request<ChatAck>(socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'First message',
    });
    const { conversationId } = first;
    await waitForEvent(socket, 'message.created', conversationId);

    for (const text of ['cut\u0000here', 'half an emoji \uD83D']) {
      const refused = await request<ErrorFrame>(socket, {
        type: 'chat.send',
        clientId: clientId(),
        conversationId,
        text,
      });
      expect(refused).toMatchObject({ type: 'error', code: 'BAD_FRAME' });
      expect(refused.details).toEqual([{ path: 'text', message: expect.any(String) }]);
    }
    expect(
      await request<ErrorFrame>(socket, { type: 'visitor.update', name: 'Ada\u0000' }),
    ).toMatchObject({ type: 'error', code: 'BAD_FRAME' });
    // Nor from an agent.
    expect(
      await request<ErrorFrame>(agent.socket, {
        type: 'chat.send',
        conversationId,
        clientId: clientId(),
        text: 'x\u0000',
      }),
    ).toMatchObject({ type: 'error', code: 'BAD_FRAME' });

    await settle();
    const sync = await request<ConversationEvents>(socket, {
      type: 'conversation.sync',
      conversationId,
      afterSeq: 0,
    });
    const messages = sync.events.filter((e) => e.type === 'message.created');
    expect(messages.map((e) => e.type === 'message.created' && e.text)).toEqual(['First message']);
    expect(sync.events.some((e) => e.type === 'visitor.updated')).toBe(false);
    expect(JSON.stringify(framesOf(agent.socket))).not.toContain('cut');
  });
});
