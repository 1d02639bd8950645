import type {
  AgentToServer,
  AgentWelcome,
  ConversationEvent,
  ConversationSummary,
} from '@switchboard/shared';
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { flush } from './support/fake-transport.js';
import {
  AGENT,
  agentStatus,
  created,
  QUEUES,
  routingWelcome,
  SUPERVISOR,
  summary,
  T0,
  visitorMessage,
} from './support/fixtures.js';
import { renderConsole } from './support/render-console.js';

/** The console's clock in these tests. */
const NOW = T0 + 60_000;
const GRACE = { id: AGENT.id, name: AGENT.name };
const SAM = { id: 'a_sam', name: 'Sam Lee' };

interface RelayOptions {
  conversations: ConversationSummary[];
  welcome?: Partial<AgentWelcome>;
  /** Events per conversation id; default: created + one visitor message. */
  logs?: Record<string, ConversationEvent[]>;
  /** The customer's conversations for `customer.history`. */
  history?: ConversationSummary[];
  /** Answers for other frame types; default `ok`. */
  answer?: (frame: AgentToServer) => unknown;
}

/** A fake relay with routing: welcome with departments, canned and snapshot; opens; acks. */
function relay(options: RelayOptions) {
  const log = (id: string) =>
    options.logs?.[id] ?? [created(1), visitorMessage(2, 'Do these run large?')];
  return (frame: AgentToServer): unknown => {
    switch (frame.type) {
      case 'agent.hello':
        return routingWelcome(options.conversations, options.welcome);
      case 'conversation.open':
      case 'conversation.sync': {
        const conversation =
          options.conversations.find((c) => c.id === frame.conversationId) ??
          options.history?.find((c) => c.id === frame.conversationId);
        if (!conversation) return { type: 'error', code: 'NOT_FOUND', message: 'Not found.' };
        return {
          type: 'conversation.events',
          conversation,
          events: log(conversation.id).filter((e) => e.seq > frame.afterSeq),
          more: false,
        };
      }
      case 'customer.history':
        return {
          type: 'customer.conversations',
          visitorId: frame.visitorId,
          conversations: options.history ?? [],
        };
      case 'chat.send':
      case 'note.send':
        return {
          type: 'chat.ack',
          clientId: frame.clientId,
          conversationId: frame.conversationId,
          messageId: 'm_new',
          seq: log(frame.conversationId).length + 1,
          at: NOW,
        };
      default:
        return options.answer?.(frame) ?? { type: 'ok' };
    }
  };
}

async function start(options: RelayOptions) {
  const view = renderConsole({ respond: relay(options), now: () => NOW });
  await act(async () => {
    view.transport.connect();
    await flush(10);
  });
  return view;
}

const inbox = () => screen.getByRole('list', { name: 'Conversations' });

async function openConversation(name: RegExp) {
  await act(async () => {
    fireEvent.click(within(inbox()).getByRole('button', { name }));
    await flush(20);
  });
}

describe('presence and load', () => {
  it('starts from the saved presence, shows my load and sends presence.set', async () => {
    const view = await start({ conversations: [], welcome: { presence: 'away' } });
    const status = screen.getByRole('combobox', { name: 'Status' }) as HTMLSelectElement;
    expect(status.value).toBe('away');
    expect(screen.getByText('2 of 3 chats')).toBeTruthy();

    await act(async () => {
      fireEvent.change(status, { target: { value: 'online' } });
      await flush(10);
    });
    expect(view.transport.of('presence.set')).toEqual([
      { type: 'presence.set', presence: 'online' },
    ]);
    expect(status.value).toBe('online');

    await act(async () => {
      view.transport.push({
        type: 'routing.snapshot',
        agents: [agentStatus({ id: AGENT.id, name: AGENT.name, load: 3, capacity: 3 })],
        queues: QUEUES,
      });
    });
    expect(screen.getByText('3 of 3 chats')).toBeTruthy();
  });

  it('puts the status back when the relay refuses it', async () => {
    const view = await start({
      conversations: [],
      answer: (f) =>
        f.type === 'presence.set'
          ? { type: 'error', code: 'INTERNAL', message: 'Could not save.' }
          : undefined,
    });
    const status = screen.getByRole('combobox', { name: 'Status' }) as HTMLSelectElement;
    await act(async () => {
      fireEvent.change(status, { target: { value: 'offline' } });
      await flush(10);
    });
    expect(view.transport.of('presence.set')).toHaveLength(1);
    expect(status.value).toBe('online');
    expect(screen.getByRole('alert').textContent).toBe('Could not save.');
  });
});

describe('offers', () => {
  const offered = summary({
    routing: { departmentId: 'orders', skills: [], priority: 0 },
    offer: { agent: GRACE, expiresAt: NOW + 30_000 },
  });

  it('shows an incoming chat; Accept sends offer.accept and opens it; the card goes with the offer', async () => {
    const view = await start({ conversations: [offered] });
    const card = screen.getByRole('alert', { name: 'Incoming chat' });
    expect(within(card).getByText('Ada Lovelace')).toBeTruthy();
    expect(within(card).getByText('Orders')).toBeTruthy();
    expect(within(card).getByText('Do these run large?')).toBeTruthy();
    expect(within(card).getByRole('timer').textContent).toBe('30 s left to accept');
    expect(document.title).toBe('(1) New chat — Switchboard');

    await act(async () => {
      fireEvent.click(within(card).getByRole('button', { name: 'Accept' }));
      await flush(20);
    });
    expect(view.transport.of('offer.accept')).toEqual([
      { type: 'offer.accept', conversationId: 'c_1' },
    ]);
    expect(view.transport.of('conversation.open')).toHaveLength(1);
    expect(window.location.hash).toBe('#/c/c_1');

    await act(async () => {
      view.transport.push({
        type: 'inbox.upsert',
        conversation: { ...offered, status: 'active', agent: GRACE, offer: null, lastSeq: 4 },
      });
    });
    expect(screen.queryByRole('alert', { name: 'Incoming chat' })).toBeNull();
    expect(document.title).toBe('Switchboard');
  });

  it('Decline sends offer.decline; the card goes when the offer ends', async () => {
    const view = await start({ conversations: [offered] });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Decline' }));
      await flush(10);
    });
    expect(view.transport.of('offer.decline')).toEqual([
      { type: 'offer.decline', conversationId: 'c_1' },
    ]);
    expect(view.transport.of('conversation.open')).toHaveLength(0);
    await act(async () => {
      view.transport.push({
        type: 'inbox.upsert',
        conversation: { ...offered, offer: null, lastSeq: 3 },
      });
    });
    expect(screen.queryByRole('alert', { name: 'Incoming chat' })).toBeNull();
    expect(document.title).toBe('(1) Switchboard');
  });

  it('shows no card for an offer to someone else, or one already expired', async () => {
    await start({
      conversations: [
        summary({ id: 'c_sam', offer: { agent: SAM, expiresAt: NOW + 30_000 } }),
        summary({ id: 'c_old', offer: { agent: GRACE, expiresAt: NOW - 1 } }),
      ],
    });
    expect(screen.queryByRole('alert', { name: 'Incoming chat' })).toBeNull();
    expect(within(inbox()).getByText('offered to Sam Lee')).toBeTruthy();
  });
});

describe('inbox sections', () => {
  it('lists Mine, Waiting (queue order, department, wait) and Team; Take assigns to me', async () => {
    const view = await start({
      conversations: [
        summary({
          id: 'c_w1',
          visitor: { id: 'v2', name: 'Will Early' },
          queuedAt: NOW - 120_000,
          routing: { departmentId: 'orders', skills: [], priority: 0 },
        }),
        summary({
          id: 'c_w2',
          visitor: { id: 'v3', name: 'Vera Priority' },
          queuedAt: NOW - 10_000,
          routing: { departmentId: 'tech', skills: [], priority: 5 },
        }),
        summary({
          id: 'c_m',
          status: 'active',
          agent: GRACE,
          visitor: { id: 'v4', name: 'Mo Mine' },
        }),
        summary({
          id: 'c_t',
          status: 'active',
          agent: SAM,
          visitor: { id: 'v5', name: 'Tess Team' },
        }),
      ],
    });
    const section = (name: string) => within(inbox()).getByRole('list', { name });
    expect(within(section('Mine')).getByText('Mo Mine')).toBeTruthy();
    expect(within(section('Team')).getByText('Tess Team')).toBeTruthy();
    expect(within(section('Team')).getByText('with Sam Lee')).toBeTruthy();
    const waiting = within(section('Waiting')).getAllByRole('listitem');
    expect(waiting.map((li) => li.textContent)).toEqual([
      expect.stringContaining('Vera Priority'),
      expect.stringContaining('Will Early'),
    ]);
    expect(waiting[0]?.textContent).toContain('Technical support');
    expect(waiting[1]?.textContent).toContain('Orders');
    expect(waiting[1]?.textContent).toContain('waiting 2 min');

    await act(async () => {
      fireEvent.click(within(waiting[1]!).getByRole('button', { name: 'Take' }));
      await flush(20);
    });
    expect(view.transport.of('conversation.assign')).toEqual([
      { type: 'conversation.assign', conversationId: 'c_w1', agentId: AGENT.id },
    ]);
    expect(window.location.hash).toBe('#/c/c_w1');
  });
});

describe('conversation routing actions', () => {
  const mine = summary({
    status: 'active',
    agent: GRACE,
    routing: { departmentId: 'orders', skills: [], priority: 0 },
  });

  it('Transfer sends conversation.transfer to the chosen agent with the note', async () => {
    const view = await start({ conversations: [mine] });
    await openConversation(/Ada Lovelace/);
    fireEvent.click(screen.getByRole('button', { name: 'Transfer' }));
    const dialog = screen.getByRole('dialog', { name: 'Transfer conversation' });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Agent' }));
    const sam = within(dialog).getByRole('radio', { name: /Sam Lee/ }) as HTMLInputElement;
    const lin = within(dialog).getByRole('radio', { name: /Lin Park/ }) as HTMLInputElement;
    const maya = within(dialog).getByRole('radio', { name: /Maya Chen/ }) as HTMLInputElement;
    expect(sam.disabled).toBe(true); // away
    expect(lin.disabled).toBe(true); // full
    expect(maya.disabled).toBe(false);
    expect(within(dialog).queryByRole('radio', { name: /Grace Hopper/ })).toBeNull();
    fireEvent.click(maya);
    fireEvent.input(within(dialog).getByRole('textbox', { name: 'Note for the next agent' }), {
      target: { value: 'Wants a refund for order 1234' },
    });
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Transfer' }));
      await flush(10);
    });
    expect(view.transport.of('conversation.transfer')).toEqual([
      {
        type: 'conversation.transfer',
        conversationId: 'c_1',
        to: { kind: 'agent', agentId: 'a_maya' },
        note: 'Wants a refund for order 1234',
      },
    ]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('transfers to a department, and keeps the dialog open with the reason when refused', async () => {
    const view = await start({
      conversations: [mine],
      answer: (f) =>
        f.type === 'conversation.transfer'
          ? { type: 'error', code: 'UNKNOWN_DEPARTMENT', message: 'Unknown department.' }
          : undefined,
    });
    await openConversation(/Ada Lovelace/);
    fireEvent.click(screen.getByRole('button', { name: 'Transfer' }));
    const dialog = screen.getByRole('dialog', { name: 'Transfer conversation' });
    const department = within(dialog).getByRole('combobox', { name: 'Department' });
    expect((department as HTMLSelectElement).value).toBe('tech');
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Transfer' }));
      await flush(10);
    });
    expect(view.transport.of('conversation.transfer')).toEqual([
      {
        type: 'conversation.transfer',
        conversationId: 'c_1',
        to: { kind: 'department', departmentId: 'tech' },
      },
    ]);
    expect(within(dialog).getByRole('alert').textContent).toBe('Unknown department.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('Escalate presets the dialog to the first available supervisor', async () => {
    const view = await start({ conversations: [mine] });
    await openConversation(/Ada Lovelace/);
    fireEvent.click(screen.getByRole('button', { name: 'Escalate' }));
    const dialog = screen.getByRole('dialog', { name: 'Transfer conversation' });
    expect(within(dialog).getAllByRole('radio', { name: /Chen|Lee|Park/ })).toHaveLength(1);
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Transfer' }));
      await flush(10);
    });
    expect(view.transport.of('conversation.transfer')[0]?.to).toEqual({
      kind: 'agent',
      agentId: 'a_maya',
    });
  });

  it('Note mode sends note.send and shows the note apart from replies', async () => {
    const view = await start({ conversations: [mine] });
    await openConversation(/Ada Lovelace/);
    expect(screen.queryByRole('radio', { name: 'Whisper' })).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: 'Note' }));
    expect(screen.queryByRole('textbox', { name: 'Reply' })).toBeNull();
    const note = screen.getByRole('textbox', { name: 'Internal note' });
    fireEvent.input(note, { target: { value: 'Customer since 2019' } });
    await act(async () => {
      fireEvent.keyDown(note, { key: 'Enter' });
      await flush(10);
    });
    expect(view.transport.of('note.send')).toEqual([
      {
        type: 'note.send',
        conversationId: 'c_1',
        clientId: 'k1',
        kind: 'note',
        text: 'Customer since 2019',
      },
    ]);
    expect(view.transport.of('chat.send')).toHaveLength(0);
    expect(view.transport.of('chat.typing')).toHaveLength(0);
    await act(async () => {
      view.transport.push({
        type: 'conversation.event',
        conversationId: 'c_1',
        event: {
          type: 'note.created',
          seq: 3,
          at: NOW,
          id: 'n_1',
          clientId: 'k1',
          author: { role: 'agent', ...GRACE },
          kind: 'note',
          text: 'Customer since 2019',
        },
      });
    });
    const log = screen.getByRole('log', { name: 'Messages' });
    const text = within(log).getByText('Customer since 2019');
    expect(within(log).getAllByText('Customer since 2019')).toHaveLength(1);
    const bubble = text.closest('.note');
    expect(bubble?.className).toContain('note--note');
    expect(within(bubble as HTMLElement).getByText('Internal note')).toBeTruthy();
  });

  it('supervisors can whisper', async () => {
    const view = await start({
      conversations: [summary({ status: 'active', agent: GRACE })],
      welcome: { agent: SUPERVISOR },
    });
    await openConversation(/Ada Lovelace/);
    fireEvent.click(screen.getByRole('radio', { name: 'Whisper' }));
    const box = screen.getByRole('textbox', { name: 'Whisper' });
    fireEvent.input(box, { target: { value: 'Offer the 10% voucher' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send' }));
      await flush(10);
    });
    expect(view.transport.of('note.send')[0]).toMatchObject({ kind: 'whisper' });
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(within(log).getByText('Whisper · only agents see this')).toBeTruthy();
  });

  it('shows transfers with their note, offers and an abandoned wait in the log', async () => {
    await start({
      conversations: [summary({ status: 'closed', lastSeq: 6 })],
      logs: {
        c_1: [
          created(1),
          { type: 'conversation.offered', seq: 2, at: T0, agent: SAM, expiresAt: T0 + 9 },
          { type: 'conversation.unoffered', seq: 3, at: T0, agent: SAM, reason: 'declined' },
          {
            type: 'conversation.transferred',
            seq: 4,
            at: T0,
            by: { id: 'a_maya', name: 'Maya Chen' },
            to: { kind: 'department', departmentId: 'tech', name: 'Technical support' },
            note: 'Router keeps rebooting',
          },
          {
            type: 'conversation.queued',
            seq: 5,
            at: T0,
            departmentId: 'tech',
            reason: 'transferred',
          },
          {
            type: 'conversation.closed',
            seq: 6,
            at: T0,
            by: { role: 'visitor', id: 'v_1', name: 'Ada Lovelace' },
            reason: 'abandoned',
            waitMs: 120_000,
          },
        ],
      },
    });
    await openConversation(/Ada Lovelace/);
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(within(log).getByText('Offered to Sam Lee')).toBeTruthy();
    expect(within(log).getByText('Sam Lee declined the offer')).toBeTruthy();
    expect(within(log).getByText('Maya Chen transferred to Technical support')).toBeTruthy();
    expect(within(log).getByText('Router keeps rebooting').tagName).toBe('BLOCKQUOTE');
    expect(within(log).getByText('Visitor left the queue after 2 min')).toBeTruthy();
  });

  it('replying to a waiting conversation offered to someone else still sends', async () => {
    const view = await start({
      conversations: [summary({ offer: { agent: SAM, expiresAt: NOW + 9000 } })],
    });
    await openConversation(/Ada Lovelace/);
    const reply = screen.getByRole('textbox', { name: 'Reply' });
    fireEvent.input(reply, { target: { value: 'I can help.' } });
    await act(async () => {
      fireEvent.keyDown(reply, { key: 'Enter' });
      await flush(10);
    });
    expect(view.transport.of('chat.send')).toMatchObject([{ text: 'I can help.' }]);
  });
});

describe('canned responses', () => {
  async function replyBox() {
    await start({ conversations: [summary({ status: 'active', agent: GRACE })] });
    await openConversation(/Ada Lovelace/);
    return screen.getByRole('textbox', { name: 'Reply' }) as HTMLTextAreaElement;
  }
  const type = (box: HTMLTextAreaElement, value: string) =>
    fireEvent.input(box, { target: { value } });

  it('typing / opens the list filtered by shortcut; Down and Enter insert without sending', async () => {
    const box = await replyBox();
    type(box, 'Hi! /ref');
    const list = screen.getByRole('listbox', { name: 'Canned responses' });
    const options = within(list).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      '/refundRefund policy',
      '/refund-partialPartial refund',
    ]);
    expect(options[0]?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(box.getAttribute('aria-activedescendant')).toBe(options[1]?.id);
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(box.value).toBe('Hi! We can refund part of the order.');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(screen.queryByText('Sending…')).toBeNull();
  });

  it('/refund then Space inserts the text; Tab inserts too', async () => {
    const box = await replyBox();
    type(box, '/refund ');
    expect(box.value).toBe('Refunds take 5 days. ');
    type(box, 'Refunds take 5 days. /ship');
    fireEvent.keyDown(box, { key: 'Tab' });
    expect(box.value).toBe('Refunds take 5 days. We ship in 2 days.');
  });

  it('Escape closes the list, and a slash inside a word opens nothing', async () => {
    const box = await replyBox();
    type(box, '/re');
    expect(screen.getByRole('listbox', { name: 'Canned responses' })).toBeTruthy();
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(box.value).toBe('/re');
    type(box, 'and/or');
    expect(screen.queryByRole('listbox')).toBeNull();
  });
});

describe('customer history', () => {
  it('asks for the visitor history on open and opens an earlier conversation read-only', async () => {
    const old = summary({
      id: 'c_old',
      status: 'closed',
      createdAt: T0 - 86_400_000,
      closedAt: T0 - 86_000_000,
      preview: { text: 'Thanks, the boots fit!', role: 'visitor', at: T0 - 86_100_000 },
    });
    const view = await start({
      conversations: [summary({ status: 'active', agent: GRACE })],
      history: [summary(), old],
      logs: { c_old: [created(1, T0 - 86_400_000), visitorMessage(2, 'Thanks, the boots fit!')] },
    });
    await openConversation(/Ada Lovelace/);
    expect(view.transport.of('customer.history')).toEqual([
      { type: 'customer.history', visitorId: 'v_1' },
    ]);
    const panel = screen.getByRole('complementary', { name: 'Visitor details' });
    const list = within(panel).getByRole('list', { name: 'Previous conversations' });
    const items = within(list).getAllByRole('button');
    expect(items).toHaveLength(1);
    expect(items[0]?.textContent).toContain('Closed');
    expect(items[0]?.textContent).toContain('Thanks, the boots fit!');

    await act(async () => {
      fireEvent.click(items[0]!);
      await flush(20);
    });
    expect(view.transport.of('conversation.open').at(-1)).toEqual({
      type: 'conversation.open',
      conversationId: 'c_old',
      afterSeq: 0,
    });
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(within(log).getByText('Thanks, the boots fit!')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Reply' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Transfer' })).toBeNull();
    // Shown, never listed in the inbox.
    expect(within(inbox()).queryByText('Thanks, the boots fit!')).toBeNull();
  });
});

describe('team view', () => {
  it('is for supervisors only', async () => {
    await start({ conversations: [] });
    expect(screen.queryByRole('link', { name: 'Team' })).toBeNull();
  });

  it('shows queues and agents from the snapshot; Reassign and Join send their frames', async () => {
    const waiting = summary({
      id: 'c_w',
      visitor: { id: 'v2', name: 'Will Waiting' },
      routing: { departmentId: 'orders', skills: [], priority: 0 },
    });
    const active = summary({
      id: 'c_a',
      status: 'active',
      agent: SAM,
      visitor: { id: 'v3', name: 'Bea Active' },
    });
    const view = await start({
      conversations: [waiting, active],
      welcome: { agent: SUPERVISOR },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('link', { name: 'Team' }));
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
    expect(screen.getByRole('link', { name: 'Team' }).getAttribute('aria-current')).toBe('page');

    const queues = screen.getByRole('table', { name: 'Queues' });
    const orders = within(queues).getByRole('row', { name: /Orders/ });
    expect(orders.textContent).toContain('Open');
    expect(orders.textContent).toContain('2 min'); // longest wait
    expect(orders.textContent).toContain('4 min'); // AHT 250 s
    expect(within(queues).getByRole('row', { name: /Technical support/ }).textContent).toContain(
      'Closed',
    );
    const agents = screen.getByRole('table', { name: 'Agents' });
    const sam = within(agents).getByRole('row', { name: /Sam Lee/ });
    expect(sam.textContent).toContain('Away');
    expect(sam.textContent).toContain('0 of 3 chats');
    expect(sam.textContent).toContain('Orders, Technical support');

    const live = screen.getByRole('table', { name: 'Live conversations' });
    const row = within(live).getByRole('row', { name: /Bea Active/ });
    fireEvent.change(within(row).getByRole('combobox', { name: 'Reassign Bea Active to' }), {
      target: { value: 'a_grace' },
    });
    await act(async () => {
      fireEvent.click(within(row).getByRole('button', { name: 'Reassign' }));
      await flush(10);
    });
    expect(view.transport.of('conversation.assign')).toEqual([
      { type: 'conversation.assign', conversationId: 'c_a', agentId: 'a_grace' },
    ]);

    await act(async () => {
      fireEvent.click(
        within(within(live).getByRole('row', { name: /Will Waiting/ })).getByRole('button', {
          name: 'Join',
        }),
      );
      await flush(20);
    });
    expect(view.transport.of('conversation.join')).toEqual([
      { type: 'conversation.join', conversationId: 'c_w' },
    ]);
    expect(window.location.hash).toBe('#/c/c_w');
    expect(screen.getByRole('heading', { name: 'Will Waiting' })).toBeTruthy();
  });

  it('shows a refused reassign', async () => {
    await start({
      conversations: [summary({ status: 'active', agent: SAM })],
      welcome: { agent: SUPERVISOR },
      answer: (f) =>
        f.type === 'conversation.assign'
          ? { type: 'error', code: 'AGENT_UNAVAILABLE', message: 'That agent cannot take it.' }
          : undefined,
    });
    window.location.hash = '#/team';
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
    const live = screen.getByRole('table', { name: 'Live conversations' });
    fireEvent.change(within(live).getByRole('combobox'), { target: { value: 'a_lin' } });
    await act(async () => {
      fireEvent.click(within(live).getByRole('button', { name: 'Reassign' }));
      await flush(10);
    });
    expect(screen.getByRole('alert').textContent).toBe('That agent cannot take it.');
  });
});
