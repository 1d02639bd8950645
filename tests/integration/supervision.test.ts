import type {
  AgentWelcome,
  CannedChanged,
  ChatAck,
  ConversationEventFrame,
  ConversationEvents,
  CustomerConversations,
  DepartmentsChanged,
} from '@switchboard/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  agentSession,
  clientId,
  closeAllSockets,
  framesOf,
  request,
  settle,
  waitForFrame,
} from './helpers/clients.js';
import { jonas, maya, priya } from './helpers/demo-agents.js';
import { startRelay, type TestRelay } from './helpers/relay.js';
import { arrive, waitForEvent } from './helpers/routing.js';

// The demo: Maya (agent, Orders), Jonas (agent, tech skill), Priya (supervisor).

let relay: TestRelay;
beforeAll(async () => {
  relay = await startRelay();
});
afterEach(closeAllSockets);
afterAll(() => relay.close());

const events = (socket: Parameters<typeof framesOf>[0], conversationId: string) =>
  framesOf(socket).flatMap((f) =>
    f.type === 'conversation.event' && f.conversationId === conversationId ? [f.event] : [],
  );

describe('transfer, join and whisper', () => {
  it('hands over with a note only agents see, and a supervisor joins and whispers', async () => {
    const m = await agentSession(relay.url, maya);
    expect(m.welcome.canned?.map((c) => c.shortcut).sort()).toEqual([
      'hello',
      'refund',
      'shipping',
    ]);
    const visitor = await arrive(relay.url, 'My tent pole snapped on the first night.', {
      prechat: { topic: 'order', name: 'Alex' },
    });
    const { conversationId } = visitor;
    await waitForFrame(
      m.socket,
      (f) => f.type === 'inbox.upsert' && f.conversation.offer?.agent.name === 'Maya Chen',
    );
    expect(await request(m.socket, { type: 'offer.accept', conversationId })).toEqual({
      type: 'ok',
    });
    await request(m.socket, { type: 'conversation.open', conversationId, afterSeq: 0 });
    const note = await request<ChatAck>(m.socket, {
      type: 'note.send',
      conversationId,
      clientId: clientId(),
      kind: 'note',
      text: 'Order FH-20931, bought last week.',
    });
    expect(note.type).toBe('chat.ack');

    // Jonas comes online; Maya hands the conversation to him with a note.
    const j = await agentSession(relay.url, jonas);
    expect(
      await request(m.socket, {
        type: 'conversation.transfer',
        conversationId,
        to: { kind: 'agent', agentId: j.welcome.agent.id },
        note: 'Pole replacement: needs the tech team, customer is upset.',
      }),
    ).toEqual({ type: 'ok' });
    const transferred = (await waitForEvent(
      visitor.socket,
      'conversation.transferred',
    )) as ConversationEventFrame;
    expect(transferred.event).toMatchObject({
      by: { name: 'Maya Chen' },
      to: { kind: 'agent', agent: { name: 'Jonas Weber' } },
    });
    expect(transferred.event).not.toHaveProperty('note');
    await waitForEvent(visitor.socket, 'conversation.assigned');

    // The new agent sees the whole history, the internal note and the handover note.
    const opened = await request<ConversationEvents>(j.socket, {
      type: 'conversation.open',
      conversationId,
      afterSeq: 0,
    });
    expect(opened.conversation).toMatchObject({ status: 'active', agent: { name: 'Jonas Weber' } });
    expect(opened.events.map((e) => e.type)).toEqual([
      'conversation.created',
      'message.created',
      'conversation.offered',
      'conversation.assigned',
      'note.created',
      'conversation.transferred',
      'conversation.assigned',
    ]);
    expect(opened.events[0]).toMatchObject({ visitor: { name: 'Alex' }, topic: 'order' });
    expect(opened.events[4]).toMatchObject({
      kind: 'note',
      text: 'Order FH-20931, bought last week.',
    });
    expect(opened.events[5]).toMatchObject({
      note: 'Pole replacement: needs the tech team, customer is upset.',
    });

    // Maya may no longer write in it; a supervisor joins, visibly, and whispers to Jonas.
    expect(
      await request(m.socket, {
        type: 'chat.send',
        conversationId,
        clientId: clientId(),
        text: 'Hi',
      }),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const p = await agentSession(relay.url, priya);
    expect(await request(p.socket, { type: 'conversation.join', conversationId })).toEqual({
      type: 'ok',
    });
    const joined = (await waitForEvent(
      visitor.socket,
      'conversation.joined',
    )) as ConversationEventFrame;
    expect(joined.event).toMatchObject({ agent: { name: 'Priya Shah' } });
    const whisper = await request<ChatAck>(p.socket, {
      type: 'note.send',
      conversationId,
      clientId: clientId(),
      kind: 'whisper',
      text: 'Offer a 10% voucher for the trouble.',
    });
    expect(whisper.type).toBe('chat.ack');
    const heard = await waitForFrame<ConversationEventFrame>(
      j.socket,
      (f) =>
        f.type === 'conversation.event' &&
        f.event.type === 'note.created' &&
        f.event.kind === 'whisper',
    );
    expect(heard.event).toMatchObject({
      author: { name: 'Priya Shah' },
      text: 'Offer a 10% voucher for the trouble.',
    });
    // Joined supervisors may write to the visitor.
    expect(
      await request(p.socket, {
        type: 'chat.send',
        conversationId,
        clientId: clientId(),
        text: 'Hello Alex, I am Priya, Jonas’s team lead.',
      }),
    ).toMatchObject({ type: 'chat.ack' });
    await waitForFrame(
      visitor.socket,
      (f) =>
        f.type === 'conversation.event' &&
        f.event.type === 'message.created' &&
        f.event.author.name === 'Priya Shah',
    );

    // The visitor never received a note, a whisper or an offer: only placeholders.
    const seen = JSON.stringify(framesOf(visitor.socket));
    expect(seen).not.toContain('voucher');
    expect(seen).not.toContain('FH-20931');
    expect(seen).not.toContain('Pole replacement');
    expect(events(visitor.socket, conversationId).map((e) => e.type)).toEqual([
      'conversation.created',
      'message.created',
      'redacted',
      'conversation.assigned',
      'redacted',
      'conversation.transferred',
      'conversation.assigned',
      'conversation.joined',
      'redacted',
      'message.created',
    ]);
    // Its welcome after a reload is redacted the same way.
    const sync = await request<ConversationEvents>(visitor.socket, {
      type: 'conversation.sync',
      conversationId,
      afterSeq: 0,
    });
    expect(JSON.stringify(sync)).not.toContain('voucher');
    expect(sync.events.map((e) => e.seq)).toEqual(sync.events.map((_, i) => i + 1));

    // Transfer to a department: back into its queue, keeping its place; the visitor is told where.
    expect(
      await request(j.socket, {
        type: 'conversation.transfer',
        conversationId,
        to: { kind: 'department', departmentId: 'tech' },
        note: 'Second opinion please',
      }),
    ).toEqual({ type: 'ok' });
    const toDepartment = await waitForFrame<ConversationEventFrame>(
      visitor.socket,
      (f) =>
        f.type === 'conversation.event' &&
        f.event.type === 'conversation.transferred' &&
        f.event.to.kind === 'department',
    );
    expect(toDepartment.event).toMatchObject({
      to: { departmentId: 'tech', name: 'Technical support' },
    });
    const queued = (await waitForEvent(
      visitor.socket,
      'conversation.queued',
    )) as ConversationEventFrame;
    expect(queued.event).toMatchObject({
      departmentId: 'tech',
      reason: 'transferred',
      from: { name: 'Jonas Weber' },
    });
    // The skills it now needs are routing's business: agents see them, the visitor does not.
    expect(queued.event).not.toHaveProperty('skills');
    const agentsCopy = (await waitForEvent(
      j.socket,
      'conversation.queued',
      conversationId,
    )) as ConversationEventFrame;
    expect(agentsCopy.event).toMatchObject({ seq: queued.event.seq, skills: ['tech'] });
  });
});

describe('what only supervisors may do', () => {
  it('refuses agents with FORBIDDEN, and checks the target of an assignment', async () => {
    const m = await agentSession(relay.url, maya);
    const visitor = await arrive(relay.url, 'Can I swap sizes?');
    const { conversationId } = visitor;
    await waitForFrame(
      m.socket,
      (f) => f.type === 'inbox.upsert' && f.conversation.id === conversationId,
    );
    const p = await agentSession(relay.url, priya);
    const department = m.welcome.departments![0]!;
    const refused = await Promise.all([
      request(m.socket, { type: 'conversation.join', conversationId }),
      request(m.socket, {
        type: 'note.send',
        conversationId,
        clientId: clientId(),
        kind: 'whisper',
        text: 'x',
      }),
      request(m.socket, {
        type: 'conversation.assign',
        conversationId,
        agentId: p.welcome.agent.id,
      }),
      request(m.socket, { type: 'department.save', department: { ...department, name: 'Mine' } }),
      request(m.socket, {
        type: 'canned.save',
        canned: { id: 'cr_x', shortcut: 'x', title: 'X', text: 'x' },
      }),
      request(m.socket, { type: 'canned.delete', id: 'cr_refund' }),
    ]);
    for (const frame of refused) expect(frame).toMatchObject({ type: 'error', code: 'FORBIDDEN' });

    // A supervisor's reassign needs an agent who is online, connected and has room.
    const jonasId = (await agentSession(relay.url, jonas)).welcome.agent.id;
    closeAllSockets();
    const p2 = await agentSession(relay.url, priya);
    expect(
      await request(p2.socket, { type: 'conversation.assign', conversationId, agentId: jonasId }),
    ).toMatchObject({ code: 'AGENT_UNAVAILABLE' });
    expect(
      await request(p2.socket, {
        type: 'conversation.transfer',
        conversationId,
        to: { kind: 'department', departmentId: 'nowhere' },
      }),
    ).toMatchObject({ code: 'UNKNOWN_DEPARTMENT' });
    expect(
      await request(p2.socket, {
        type: 'conversation.assign',
        conversationId,
        agentId: p2.welcome.agent.id,
      }),
    ).toEqual({ type: 'ok' });

    // Supervisors edit departments and canned responses; every agent hears of it.
    const m2 = await agentSession(relay.url, maya);
    expect(
      await request(p2.socket, {
        type: 'department.save',
        department: { ...department, offerTimeoutSec: 45 },
      }),
    ).toEqual({ type: 'ok' });
    const changed = await waitForFrame<DepartmentsChanged>(
      m2.socket,
      (f) => f.type === 'departments.changed',
    );
    expect(changed.departments.find((d) => d.id === department.id)?.offerTimeoutSec).toBe(45);
    expect(
      await request(p2.socket, {
        type: 'canned.save',
        canned: {
          id: 'cr_sizes',
          shortcut: 'sizes',
          title: 'Size swap',
          text: 'Happy to swap sizes!',
        },
      }),
    ).toEqual({ type: 'ok' });
    const canned = await waitForFrame<CannedChanged>(m2.socket, (f) => f.type === 'canned.changed');
    expect(canned.canned.map((c) => c.shortcut)).toContain('sizes');
    const again = await agentSession(relay.url, maya);
    expect(
      (again.welcome as AgentWelcome).departments?.find((d) => d.id === department.id),
    ).toMatchObject({
      offerTimeoutSec: 45,
    });
  });
});

describe('customer context', () => {
  it('lists a visitor’s earlier conversations, newest first', async () => {
    const first = await arrive(relay.url, 'First question');
    await request(first.socket, {
      type: 'conversation.close',
      conversationId: first.conversationId,
    });
    await settle(20);
    const second = await request<ChatAck>(first.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Second question',
    });
    const m = await agentSession(relay.url, maya);
    const history = await request<CustomerConversations>(m.socket, {
      type: 'customer.history',
      visitorId: first.visitorId,
    });
    expect(history).toMatchObject({ type: 'customer.conversations', visitorId: first.visitorId });
    expect(history.conversations.map((c) => c.id)).toEqual([
      second.conversationId,
      first.conversationId,
    ]);
    expect(history.conversations[1]).toMatchObject({ status: 'closed', closeReason: 'abandoned' });
  });
});
