import type {
  AgentToServer,
  AgentWelcome,
  Callback,
  ConversationEvent,
  ConversationSummary,
  Disposition,
} from '@switchboard/shared';
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { flush } from './support/fake-transport.js';
import {
  AGENT,
  callback,
  created,
  routingWelcome,
  summary,
  T0,
  visitorMessage,
} from './support/fixtures.js';
import { renderConsole } from './support/render-console.js';

const GRACE = { id: AGENT.id, name: AGENT.name };
const DISPOSITIONS: Disposition[] = [
  { id: 'order_status', label: 'Order status' },
  { id: 'returns', label: 'Returns' },
];

interface RelayOptions {
  conversations?: ConversationSummary[];
  logs?: Record<string, ConversationEvent[]>;
  welcome?: Partial<AgentWelcome>;
  callbacks?: Callback[];
  /** Answer a frame before the defaults; `undefined` falls through. */
  answer?: (frame: AgentToServer) => unknown;
}

/** A fake relay: the welcome with wrap-up codes, opens, history; `ok` to the rest. */
function relay(options: RelayOptions) {
  const conversations = options.conversations ?? [];
  return (frame: AgentToServer): unknown => {
    const answered = options.answer?.(frame);
    if (answered !== undefined) return answered;
    switch (frame.type) {
      case 'agent.hello':
        return routingWelcome(conversations, {
          dispositions: DISPOSITIONS,
          callbacks: options.callbacks ?? [],
          ...options.welcome,
        });
      case 'conversation.open': {
        const conversation = conversations.find((c) => c.id === frame.conversationId);
        if (!conversation) return { type: 'error', code: 'NOT_FOUND', message: 'Not found.' };
        return {
          type: 'conversation.events',
          conversation,
          events: options.logs?.[conversation.id] ?? [created(1)],
          more: false,
        };
      }
      case 'customer.history':
        return { type: 'customer.conversations', visitorId: frame.visitorId, conversations: [] };
      default:
        return { type: 'ok' };
    }
  };
}

async function start(options: RelayOptions & { hash?: string } = {}) {
  window.location.hash = options.hash ?? '#/c/c_1';
  const view = renderConsole({ respond: relay(options), now: () => T0 + 60_000 });
  await act(async () => {
    view.transport.connect();
    await flush(10);
  });
  return view;
}

async function click(element: HTMLElement) {
  await act(async () => {
    fireEvent.click(element);
    await flush(10);
  });
}

const active = () => summary({ status: 'active', agent: GRACE, lastSeq: 2 });
const closedByVisitor = (overrides: Partial<ConversationSummary> = {}) =>
  summary({ status: 'closed', agent: GRACE, lastSeq: 3, closedAt: T0 + 30_000, ...overrides });
const closedEvent = (seq: number): ConversationEvent => ({
  type: 'conversation.closed',
  seq,
  at: T0 + 30_000,
  by: { role: 'visitor', id: 'v_1', name: 'Ada Lovelace' },
});
const log = [created(1), visitorMessage(2, 'Where is my order?')];
const dialog = () => screen.getByRole('dialog', { name: 'Wrap up' });

describe('wrap-up when closing', () => {
  it('Close conversation opens the wrap-up; both fields are required; then close, then wrap up', async () => {
    const view = await start({ conversations: [active()], logs: { c_1: log } });
    await click(screen.getByRole('button', { name: 'Close conversation' }));
    // Nothing is closed until the agent has wrapped up.
    expect(view.transport.of('conversation.close')).toHaveLength(0);
    const form = dialog();
    const select = within(form).getByRole('combobox', { name: 'Disposition' });
    expect(document.activeElement).toBe(select);
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Choose…', 'Order status', 'Returns']);

    await click(within(form).getByRole('button', { name: 'Close and wrap up' }));
    expect(within(form).getByText('Choose a disposition.')).toBeTruthy();
    expect(within(form).getByText('Say whether it was resolved.')).toBeTruthy();
    expect(view.transport.sent.filter((f) => f.type.startsWith('conversation.'))).toEqual([
      { type: 'conversation.open', conversationId: 'c_1', afterSeq: 0 },
    ]);

    fireEvent.change(select, { target: { value: 'order_status' } });
    const resolved = within(form).getByRole('group', { name: 'Resolved?' });
    fireEvent.click(within(resolved).getByRole('radio', { name: 'Yes' }));
    fireEvent.input(within(form).getByRole('textbox', { name: 'Note (optional)' }), {
      target: { value: ' Parcel was delayed at the depot ' },
    });
    await click(within(form).getByRole('button', { name: 'Close and wrap up' }));

    const sent = view.transport.sent.filter(
      (f) => f.type === 'conversation.close' || f.type === 'conversation.wrapup',
    );
    expect(sent).toEqual([
      { type: 'conversation.close', conversationId: 'c_1' },
      {
        type: 'conversation.wrapup',
        conversationId: 'c_1',
        dispositionId: 'order_status',
        resolved: true,
        note: 'Parcel was delayed at the depot',
      },
    ]);
    expect(screen.queryByRole('dialog')).toBeNull();

    await act(async () => {
      view.transport.push({
        type: 'conversation.event',
        conversationId: 'c_1',
        event: closedEvent(3),
      });
      view.transport.push({
        type: 'conversation.event',
        conversationId: 'c_1',
        event: {
          type: 'conversation.wrapped',
          seq: 4,
          at: T0 + 40_000,
          by: GRACE,
          dispositionId: 'order_status',
          resolved: true,
          note: 'Parcel was delayed at the depot',
        },
      });
    });
    const messages = screen.getByRole('log', { name: 'Messages' });
    expect(within(messages).getByText('Wrapped up: Order status · resolved')).toBeTruthy();
    // Wrapped up: no call to action, no inbox marker.
    expect(screen.queryByRole('button', { name: 'Wrap up' })).toBeNull();
    expect(screen.queryByText('Needs wrap-up')).toBeNull();
  });

  it('does not wrap up when the close is refused, and shows the relay’s reason in the dialog', async () => {
    const view = await start({
      conversations: [active()],
      logs: { c_1: log },
      answer: (f) =>
        f.type === 'conversation.close'
          ? { type: 'error', code: 'FORBIDDEN', message: 'Only a supervisor can do that.' }
          : undefined,
    });
    await click(screen.getByRole('button', { name: 'Close conversation' }));
    fireEvent.change(within(dialog()).getByRole('combobox', { name: 'Disposition' }), {
      target: { value: 'returns' },
    });
    fireEvent.click(within(dialog()).getByRole('radio', { name: 'No' }));
    await click(within(dialog()).getByRole('button', { name: 'Close and wrap up' }));
    expect(view.transport.of('conversation.wrapup')).toHaveLength(0);
    expect(within(dialog()).getByRole('alert').textContent).toBe('Only a supervisor can do that.');
  });

  it('Escape cancels without closing anything', async () => {
    const view = await start({ conversations: [active()], logs: { c_1: log } });
    await click(screen.getByRole('button', { name: 'Close conversation' }));
    fireEvent.keyDown(dialog(), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(view.transport.of('conversation.close')).toHaveLength(0);
    expect(screen.getByRole('textbox', { name: 'Reply' })).toBeTruthy();
  });
});

describe('wrap-up after the visitor closed', () => {
  it('marks the inbox row and offers "Wrap up", which sends only the wrap-up', async () => {
    const view = await start({
      conversations: [
        closedByVisitor(),
        closedByVisitor({ id: 'c_2', visitor: { id: 'v_2', name: 'Bob Done' } }),
      ],
      logs: { c_1: [...log, closedEvent(3)] },
      hash: '#/',
    });
    const inbox = screen.getByRole('list', { name: 'Conversations' });
    expect(within(inbox).getByRole('button', { name: /Ada Lovelace/ }).textContent).toContain(
      'Needs wrap-up',
    );

    await click(within(inbox).getByRole('button', { name: /Ada Lovelace/ }));
    const cta = screen.getByRole('region', { name: 'Needs wrap-up' });
    await click(within(cta).getByRole('button', { name: 'Wrap up' }));
    fireEvent.change(within(dialog()).getByRole('combobox', { name: 'Disposition' }), {
      target: { value: 'returns' },
    });
    fireEvent.click(within(dialog()).getByRole('radio', { name: 'No' }));
    await click(within(dialog()).getByRole('button', { name: 'Save wrap-up' }));
    expect(view.transport.of('conversation.close')).toHaveLength(0);
    expect(view.transport.of('conversation.wrapup')).toEqual([
      {
        type: 'conversation.wrapup',
        conversationId: 'c_1',
        dispositionId: 'returns',
        resolved: false,
      },
    ]);

    await act(async () => {
      view.transport.push({
        type: 'inbox.upsert',
        conversation: closedByVisitor({
          lastSeq: 4,
          wrapUp: { dispositionId: 'returns', resolved: false, at: T0 + 50_000 },
        }),
      });
    });
    expect(within(inbox).getByRole('button', { name: /Ada Lovelace/ }).textContent).not.toContain(
      'Needs wrap-up',
    );
    expect(screen.queryByRole('region', { name: 'Needs wrap-up' })).toBeNull();
    // The other one still needs it.
    expect(within(inbox).getByRole('button', { name: /Bob Done/ }).textContent).toContain(
      'Needs wrap-up',
    );
  });

  it('does not nag about conversations someone else handled', async () => {
    await start({
      conversations: [closedByVisitor({ agent: { id: 'a_sam', name: 'Sam Lee' } })],
      hash: '#/',
    });
    expect(screen.queryByText('Needs wrap-up')).toBeNull();
    await click(screen.getByRole('button', { name: /Ada Lovelace/ }));
    expect(screen.queryByRole('button', { name: 'Wrap up' })).toBeNull();
  });

  it('shows the visitor’s survey in the log and in the context panel', async () => {
    await start({
      conversations: [
        closedByVisitor({
          lastSeq: 5,
          wrapUp: { dispositionId: 'order_status', resolved: true, at: T0 + 40_000 },
          survey: { csat: 5, ces: 6, comment: 'Quick and kind' },
        }),
      ],
      logs: {
        c_1: [
          ...log,
          closedEvent(3),
          { type: 'survey.submitted', seq: 4, at: T0 + 35_000, csat: 5 },
          { type: 'survey.submitted', seq: 5, at: T0 + 36_000, ces: 6, comment: 'Quick and kind' },
        ],
      },
    });
    const messages = screen.getByRole('log', { name: 'Messages' });
    expect(within(messages).getByText('Rated 5/5')).toBeTruthy();
    expect(within(messages).getByText('Effort 6/7 · “Quick and kind”')).toBeTruthy();

    const context = screen.getByRole('complementary', { name: 'Visitor details' });
    const survey = within(context).getByRole('heading', { name: 'Survey' }).closest('section');
    expect(survey?.textContent).toContain('Satisfaction5/5');
    expect(survey?.textContent).toContain('Effort6/7');
    expect(survey?.textContent).toContain('Quick and kind');
  });

  it('words a whole survey in one line', async () => {
    await start({
      conversations: [closedByVisitor({ lastSeq: 4 })],
      logs: {
        c_1: [
          ...log,
          closedEvent(3),
          { type: 'survey.submitted', seq: 4, at: T0 + 35_000, csat: 5, ces: 6, comment: 'Great' },
        ],
      },
    });
    expect(screen.getByText('Rated 5/5 · Effort 6/7 · “Great”')).toBeTruthy();
  });
});

describe('callback dispositions', () => {
  it('sends the picked disposition with an outcome that reached the customer only', async () => {
    const view = await start({
      hash: '#/callbacks',
      callbacks: [callback({ status: 'calling', claimedBy: GRACE })],
    });
    const select = screen.getByRole('combobox', { name: 'Disposition' });
    fireEvent.change(select, { target: { value: 'returns' } });
    const outcomes = screen.getByRole('group', { name: 'Outcome' });
    await click(within(outcomes).getByRole('button', { name: 'No answer' }));
    expect(view.transport.of('callback.outcome').at(-1)).toEqual({
      type: 'callback.outcome',
      callbackId: 'cb_1',
      outcome: 'no_answer',
    });

    fireEvent.change(screen.getByRole('combobox', { name: 'Disposition' }), {
      target: { value: 'returns' },
    });
    await click(within(outcomes).getByRole('button', { name: 'Resolved' }));
    expect(view.transport.of('callback.outcome').at(-1)).toEqual({
      type: 'callback.outcome',
      callbackId: 'cb_1',
      outcome: 'resolved',
      dispositionId: 'returns',
    });
  });
});
