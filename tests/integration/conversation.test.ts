import {
  applyEvent,
  type ChatAck,
  type ConversationEventFrame,
  type ConversationEvents,
  type ErrorFrame,
  type InboxUpsert,
  type TypingFrame,
} from '@switchboard/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  agentSession,
  clientId,
  closeAllSockets,
  type Frame,
  framesOf,
  request,
  settle,
  visitorSession,
  waitForFrame,
} from './helpers/clients.js';
import { startRelay, type TestRelay } from './helpers/relay.js';

let relay: TestRelay;
beforeAll(async () => {
  relay = await startRelay();
});
afterEach(closeAllSockets);
afterAll(() => relay.close());

const isEvent =
  (type: string, extra: (f: ConversationEventFrame) => boolean = () => true) =>
  (f: Frame) =>
    f.type === 'conversation.event' && f.event.type === type && extra(f);

describe('a whole conversation', () => {
  it('goes from the first message to closed, and a new message starts a new one', async () => {
    const visitor = await visitorSession(relay.url, {
      extraHeaders: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' },
      hello: {
        page: { url: 'https://fernhill.example/tents/ridgeline-2', title: 'Ridgeline 2 Tent' },
        locale: 'en-GB',
        timeZone: 'Europe/London',
      },
    });
    expect(visitor.welcome).toMatchObject({
      visitor: { name: expect.stringMatching(/^Visitor \d{4}$/) },
      site: { id: 'demo', name: 'Fernhill Outfitters', color: '#1f6f5c' },
      conversation: null,
    });
    expect(visitor.welcome.token.length).toBeGreaterThan(20);
    const agent = await agentSession(relay.url);
    expect(agent.welcome.agent).toMatchObject({ name: 'Maya Chen', email: 'agent@example.com' });

    // The visitor writes: the agent's inbox shows it with a preview.
    const first = clientId();
    const ack = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: first,
      text: 'Do the Ridgeline tents come in green?',
    });
    expect(ack).toMatchObject({ type: 'chat.ack', clientId: first, seq: 2 });
    const conversationId = ack.conversationId;
    // Routing offers it to Maya (online, the only agent connected) in the same step.
    const upsert = await waitForFrame<InboxUpsert>(
      agent.socket,
      (f) => f.type === 'inbox.upsert' && f.conversation.id === conversationId,
    );
    expect(upsert.conversation).toMatchObject({
      status: 'waiting',
      siteId: 'demo',
      visitor: { id: visitor.welcome.visitor.id, name: visitor.welcome.visitor.name },
      preview: { text: 'Do the Ridgeline tents come in green?', role: 'visitor' },
      lastSeq: 3,
      agent: null,
      routing: { departmentId: 'orders', skills: [], priority: 0 },
      offer: { agent: { name: 'Maya Chen' } },
    });
    // The visitor sees their own events too (other tabs rely on it).
    await waitForFrame(
      visitor.socket,
      isEvent('message.created', (f) => f.event.seq === 2),
    );

    // The agent opens it: the log, with the visitor's context.
    const opened = await request<ConversationEvents>(agent.socket, {
      type: 'conversation.open',
      conversationId,
      afterSeq: 0,
    });
    expect(opened.type).toBe('conversation.events');
    expect(opened.more).toBe(false);
    expect(opened.events.map((e) => e.type)).toEqual([
      'conversation.created',
      'message.created',
      'conversation.offered',
    ]);
    // The visitor's copy of the offer carries nothing.
    const offered = await waitForFrame<ConversationEventFrame>(
      visitor.socket,
      (f) => f.type === 'conversation.event' && f.event.seq === 3,
    );
    expect(offered.event).toEqual({ type: 'redacted', seq: 3, at: expect.any(Number) });
    expect(opened.events[0]).toMatchObject({
      context: {
        url: 'https://fernhill.example/tents/ridgeline-2',
        title: 'Ridgeline 2 Tent',
        locale: 'en-GB',
        timeZone: 'Europe/London',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
      },
    });

    // The agent replies: assigned first (her own offer taken), then the message.
    const reply = await request<ChatAck>(agent.socket, {
      type: 'chat.send',
      conversationId,
      clientId: clientId(),
      text: 'They do! Moss green, from next week.',
    });
    expect(reply).toMatchObject({ type: 'chat.ack', conversationId, seq: 5 });
    const assigned = await waitForFrame<ConversationEventFrame>(
      visitor.socket,
      isEvent('conversation.assigned'),
    );
    expect(assigned.event).toMatchObject({ seq: 4, agent: { name: 'Maya Chen' } });
    const received = await waitForFrame<ConversationEventFrame>(
      visitor.socket,
      isEvent('message.created', (f) => f.event.seq === 5),
    );
    expect(received.event).toMatchObject({
      text: 'They do! Moss green, from next week.',
      author: { role: 'agent', name: 'Maya Chen' },
    });
    // The agent follows the conversation, so it gets its own event as well.
    await waitForFrame(
      agent.socket,
      isEvent('message.created', (f) => f.event.seq === 5),
    );
    const active = await waitForFrame<InboxUpsert>(
      agent.socket,
      (f) => f.type === 'inbox.upsert' && f.conversation.lastSeq === 5,
    );
    expect(active.conversation).toMatchObject({ status: 'active', agent: { name: 'Maya Chen' } });

    // Typing, both ways; never logged.
    expect(
      await request(visitor.socket, { type: 'chat.typing', conversationId, typing: true }),
    ).toEqual({ type: 'ok' });
    const visitorTyping = await waitForFrame<TypingFrame>(agent.socket, (f) => f.type === 'typing');
    expect(visitorTyping).toEqual({
      type: 'typing',
      conversationId,
      role: 'visitor',
      name: visitor.welcome.visitor.name,
      typing: true,
    });
    await request(agent.socket, { type: 'chat.typing', conversationId, typing: true });
    const agentTyping = await waitForFrame<TypingFrame>(visitor.socket, (f) => f.type === 'typing');
    expect(agentTyping).toMatchObject({ role: 'agent', name: 'Maya Chen', typing: true });

    // The agent closes it.
    expect(await request(agent.socket, { type: 'conversation.close', conversationId })).toEqual({
      type: 'ok',
    });
    const closed = await waitForFrame<ConversationEventFrame>(
      visitor.socket,
      isEvent('conversation.closed'),
    );
    expect(closed.event).toMatchObject({ seq: 6, by: { role: 'agent', name: 'Maya Chen' } });
    await waitForFrame(
      agent.socket,
      (f) =>
        f.type === 'inbox.upsert' &&
        f.conversation.id === conversationId &&
        f.conversation.status === 'closed',
    );
    const log = await request<ConversationEvents>(agent.socket, {
      type: 'conversation.sync',
      conversationId,
      afterSeq: 0,
    });
    expect(log.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(log.conversation.status).toBe('closed');

    // Writing into the closed conversation is refused; a new message starts a new conversation.
    const refused = await request<ErrorFrame>(visitor.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'One more thing…',
      conversationId,
    });
    expect(refused).toMatchObject({ type: 'error', code: 'CONVERSATION_CLOSED' });
    const fresh = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'One more thing…',
    });
    expect(fresh).toMatchObject({ type: 'chat.ack', seq: 2 });
    expect(fresh.conversationId).not.toBe(conversationId);
    await waitForFrame(
      agent.socket,
      (f) =>
        f.type === 'inbox.upsert' &&
        f.conversation.id === fresh.conversationId &&
        f.conversation.status === 'waiting',
    );

    // A later agent sees both: the open one and the closed one.
    const second = await agentSession(relay.url);
    const ids = second.welcome.conversations.map((c) => c.id);
    expect(ids).toContain(conversationId);
    expect(ids).toContain(fresh.conversationId);
  });

  it("a message's new inbox line skips the consoles that opened the chat: they fold the event into the same line", async () => {
    const visitor = await visitorSession(relay.url);
    const ack = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Is the Ridgeline 2 waterproof?',
    });
    const { conversationId } = ack;
    // Maya has two consoles: one opens the chat and answers it, the other only lists it.
    const reading = await agentSession(relay.url);
    const listing = await agentSession(relay.url);
    const opened = await request<ConversationEvents>(reading.socket, {
      type: 'conversation.open',
      conversationId,
      afterSeq: 0,
    });
    const reply = await request<ChatAck>(reading.socket, {
      type: 'chat.send',
      conversationId,
      clientId: clientId(),
      text: 'Yes, 3,000 mm.',
    });
    await waitForFrame(
      listing.socket,
      (f) => f.type === 'inbox.upsert' && f.conversation.lastSeq === reply.seq,
    );
    // Now a plain message in the active chat: a line-only change.
    const next = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      conversationId,
      clientId: clientId(),
      text: 'And the seams taped?',
    });
    const line = await waitForFrame<InboxUpsert>(
      listing.socket,
      (f) => f.type === 'inbox.upsert' && f.conversation.lastSeq === next.seq,
    );
    expect(line.conversation.preview).toMatchObject({ text: 'And the seams taped?' });
    const after = opened.conversation.lastSeq;
    const seqs = Array.from({ length: next.seq - after }, (_, i) => after + 1 + i);
    const events = await Promise.all(
      seqs.map((seq) =>
        waitForFrame<ConversationEventFrame>(
          reading.socket,
          (f) => f.type === 'conversation.event' && f.event.seq === seq,
        ),
      ),
    );
    await settle(100);
    // The reading console was not sent the line a second time...
    expect(
      framesOf(reading.socket).filter(
        (f) => f.type === 'inbox.upsert' && f.conversation.lastSeq === next.seq,
      ),
    ).toEqual([]);
    // ...and folding the events it got into the line it opened gives exactly that line.
    let folded = opened.conversation;
    for (const { event } of events) {
      folded = applyEvent(folded, event, folded.siteId, conversationId) ?? folded;
    }
    expect(folded).toEqual(line.conversation);
  });

  it('the visitor can close their own conversation, and a new hello shows it ended', async () => {
    const visitor = await visitorSession(relay.url);
    const ack = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Never mind!',
    });
    expect(
      await request(visitor.socket, {
        type: 'conversation.close',
        conversationId: ack.conversationId,
      }),
    ).toEqual({
      type: 'ok',
    });
    const event = await waitForFrame<ConversationEventFrame>(
      visitor.socket,
      isEvent('conversation.closed'),
    );
    expect(event.event).toMatchObject({
      by: { role: 'visitor', name: visitor.welcome.visitor.name },
    });

    // Another tab of the same visitor (same token): its welcome carries the ended conversation.
    const tab = await visitorSession(relay.url, { token: visitor.welcome.token });
    expect(tab.welcome.visitor).toEqual(visitor.welcome.visitor);
    expect(tab.welcome.conversation?.summary).toMatchObject({
      id: ack.conversationId,
      status: 'closed',
    });
    // Nobody was connected to be offered it; the visitor gave up before an answer: abandoned.
    expect(tab.welcome.conversation?.events.map((e) => e.type)).toEqual([
      'conversation.created',
      'message.created',
      'conversation.closed',
    ]);
    expect(tab.welcome.conversation?.events.at(-1)).toMatchObject({
      reason: 'abandoned',
      waitMs: expect.any(Number),
    });
  });

  it('page.view updates the context of the next conversation', async () => {
    const visitor = await visitorSession(relay.url, {
      hello: { page: { url: 'https://fernhill.example/' } },
    });
    expect(
      await request(visitor.socket, {
        type: 'page.view',
        page: { url: 'https://fernhill.example/returns', title: 'Returns' },
      }),
    ).toEqual({ type: 'ok' });
    const ack = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Return label?',
    });
    const agent = await agentSession(relay.url);
    const opened = await request<ConversationEvents>(agent.socket, {
      type: 'conversation.open',
      conversationId: ack.conversationId,
      afterSeq: 0,
    });
    expect(opened.events[0]).toMatchObject({
      type: 'conversation.created',
      context: { url: 'https://fernhill.example/returns', title: 'Returns' },
    });
  });
});
