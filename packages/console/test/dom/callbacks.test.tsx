import type {
  AgentToServer,
  AgentWelcome,
  Callback,
  ConversationEvent,
  ConversationSummary,
  WebhookDelivery,
} from '@switchboard/shared';
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flush } from './support/fake-transport.js';
import {
  AGENT,
  callback,
  created,
  routingWelcome,
  SUPERVISOR,
  summary,
  T0,
  visitorMessage,
} from './support/fixtures.js';
import { renderConsole } from './support/render-console.js';

const MIN = 60_000;
const GRACE = { id: AGENT.id, name: AGENT.name };
const SAM = { id: 'a_sam', name: 'Sam Lee' };

interface RelayOptions {
  callbacks?: Callback[];
  conversations?: ConversationSummary[];
  welcome?: Partial<AgentWelcome>;
  logs?: Record<string, ConversationEvent[]>;
  history?: { conversations: ConversationSummary[]; callbacks?: Callback[] };
  answer?: (frame: AgentToServer) => unknown;
}

/** A fake relay: welcome with departments and callbacks, opens, history; `ok` to the rest. */
function relay(options: RelayOptions) {
  const conversations = options.conversations ?? [];
  return (frame: AgentToServer): unknown => {
    const answered = options.answer?.(frame);
    if (answered !== undefined) return answered;
    switch (frame.type) {
      case 'agent.hello':
        return routingWelcome(conversations, {
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
        return {
          type: 'customer.conversations',
          visitorId: frame.visitorId,
          conversations: options.history?.conversations ?? [],
          ...(options.history?.callbacks ? { callbacks: options.history.callbacks } : {}),
        };
      default:
        return { type: 'ok' };
    }
  };
}

async function start(options: RelayOptions & { hash?: string; now?: () => number } = {}) {
  window.location.hash = options.hash ?? '#/callbacks';
  const view = renderConsole({ respond: relay(options), now: options.now ?? (() => T0) });
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

const row = (name: RegExp) => screen.getByRole('listitem', { name });

afterEach(() => {
  vi.useRealTimers();
});

describe('callbacks view', () => {
  it('has a Callbacks link with the due count, and lists per department in due order', async () => {
    await start({
      hash: '#/',
      callbacks: [
        callback({ id: 'b', reference: 'CB-LATER', name: 'Bea Later', dueAt: T0 + 30 * MIN }),
        callback({
          id: 't',
          reference: 'CB-TECH',
          name: 'Tom Tech',
          departmentId: 'tech',
          dueAt: T0 - MIN,
          topic: 'router',
          note: 'Evenings are best',
        }),
        callback({ id: 'a', reference: 'CB-FIRST', name: 'Ada First', dueAt: T0 - 5 * MIN }),
      ],
    });
    const link = screen.getByRole('link', { name: 'Callbacks 2 due' });
    expect(link.getAttribute('href')).toBe('#/callbacks');

    window.location.hash = '#/callbacks';
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
    expect(screen.getByRole('link', { name: /^Callbacks/ }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual([
      'Orders',
      'Technical support',
    ]);
    const orders = screen.getByRole('list', { name: 'Orders' });
    expect(
      within(orders)
        .getAllByRole('listitem')
        .map((li) => li.getAttribute('aria-label')),
    ).toEqual(['CB-FIRST Ada First', 'CB-LATER Bea Later']);
    const first = row(/CB-FIRST/);
    expect(first.textContent).toContain('As soon as possible');
    expect(first.textContent).toContain('Due now');
    expect(first.textContent).toContain('Scheduled');
    expect(row(/CB-LATER/).textContent).toMatch(/Due \w/);
    const tech = row(/CB-TECH/);
    expect(tech.textContent).toContain('router');
    expect(tech.textContent).toContain('Evenings are best');
  });

  it('flags overdue ones in red, recomputed every 30 s against the clock', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let clock = T0;
    await start({
      now: () => clock,
      callbacks: [
        callback({
          reference: 'CB-WIN',
          window: { start: T0, end: T0 + 30 * MIN },
          dueAt: T0,
          attempts: [{ at: T0 - 60 * MIN, agent: SAM, outcome: 'no_answer' }],
        }),
      ],
    });
    const item = row(/CB-WIN/);
    expect(within(item).queryByText('Overdue')).toBeNull();
    expect(item.textContent).toContain('2nd attempt');

    clock = T0 + 31 * MIN;
    await act(async () => {
      vi.advanceTimersByTime(30_000);
    });
    const badge = within(row(/CB-WIN/)).getByText('Overdue');
    expect(badge.className).toContain('badge--overdue');
    expect(row(/CB-WIN/).className).toContain('callback--overdue');
  });

  it('Claim sends callback.claim; the tel: link, outcomes and Release come with my claim', async () => {
    const view = await start({ callbacks: [callback()] });
    expect(screen.queryByRole('link', { name: /^Call / })).toBeNull();
    await click(within(row(/CB-7K3Q/)).getByRole('button', { name: 'Claim' }));
    expect(view.transport.of('callback.claim')).toEqual([
      { type: 'callback.claim', callbackId: 'cb_1' },
    ]);
    // Nothing to dial until the relay says the claim is mine.
    expect(screen.queryByRole('link', { name: /^Call / })).toBeNull();

    await act(async () => {
      view.transport.push({
        type: 'callback.upsert',
        callback: callback({ status: 'calling', claimedBy: GRACE, updatedAt: T0 + 1 }),
      });
    });
    const call = screen.getByRole('link', { name: 'Call +49 30 123 456' });
    expect(call.getAttribute('href')).toBe('tel:+4930123456');
    expect(within(row(/CB-7K3Q/)).queryByRole('button', { name: 'Claim' })).toBeNull();
    const outcomes = screen.getByRole('group', { name: 'Outcome' });
    expect(
      within(outcomes)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Resolved', 'Not resolved', 'No answer', 'Voicemail', 'Wrong number']);

    const notes = screen.getByRole('textbox', { name: 'Call notes' }) as HTMLTextAreaElement;
    fireEvent.input(notes, { target: { value: '  Rang out twice  ' } });
    await click(within(outcomes).getByRole('button', { name: 'No answer' }));
    expect(view.transport.of('callback.outcome')).toEqual([
      {
        type: 'callback.outcome',
        callbackId: 'cb_1',
        outcome: 'no_answer',
        note: 'Rang out twice',
      },
    ]);
    expect(notes.value).toBe('');

    await click(within(outcomes).getByRole('button', { name: 'Resolved' }));
    expect(view.transport.of('callback.outcome').at(-1)).toEqual({
      type: 'callback.outcome',
      callbackId: 'cb_1',
      outcome: 'resolved',
    });

    await click(screen.getByRole('button', { name: 'Release' }));
    expect(view.transport.of('callback.release')).toEqual([
      { type: 'callback.release', callbackId: 'cb_1' },
    ]);
  });

  it('shows who else is calling, and no actions', async () => {
    await start({ callbacks: [callback({ status: 'calling', claimedBy: SAM })] });
    const item = row(/CB-7K3Q/);
    expect(item.textContent).toContain('Being called by Sam Lee');
    expect(within(item).queryByRole('button')).toBeNull();
    expect(within(item).queryByRole('link')).toBeNull();
  });

  it('disables Claim with the reason when I lack the department’s skills', async () => {
    const view = await start({
      callbacks: [callback({ id: 'cb_t', reference: 'CB-TECH', departmentId: 'tech' })],
    });
    const claim = within(row(/CB-TECH/)).getByRole('button', { name: 'Claim' });
    expect((claim as HTMLButtonElement).disabled).toBe(true);
    const reason = document.getElementById(claim.getAttribute('aria-describedby') ?? '');
    expect(reason?.textContent).toBe('You need the tech skill to claim this.');
    await click(claim);
    expect(view.transport.of('callback.claim')).toEqual([]);
  });

  it('lets an agent with the skills claim', async () => {
    await start({
      callbacks: [callback({ departmentId: 'tech' })],
      welcome: { agent: { ...AGENT, skills: ['tech'] } },
    });
    const claim = within(row(/CB-7K3Q/)).getByRole('button', { name: 'Claim' });
    expect((claim as HTMLButtonElement).disabled).toBe(false);
  });

  it('says in words why the relay refused', async () => {
    await start({
      callbacks: [callback()],
      answer: (f) =>
        f.type === 'callback.claim'
          ? {
              type: 'error',
              code: 'CALLBACK_CLOSED',
              message: 'This callback is already finished.',
            }
          : undefined,
    });
    await click(screen.getByRole('button', { name: 'Claim' }));
    expect(within(row(/CB-7K3Q/)).getByRole('alert').textContent).toBe(
      'This callback is already finished.',
    );
  });

  it('keeps finished ones in a collapsed "Done today"', async () => {
    await start({
      callbacks: [
        callback({
          status: 'completed',
          updatedAt: T0 - MIN,
          attempts: [{ at: T0 - MIN, agent: SAM, outcome: 'resolved' }],
        }),
      ],
    });
    expect(screen.getByText('No callbacks to make.')).toBeTruthy();
    const done = screen.getByText('Done today (1)').closest('details');
    expect(done?.open).toBe(false);
    const item = within(done as HTMLElement).getByRole('listitem', { name: /CB-7K3Q/ });
    expect(item.textContent).toContain('Completed');
    expect(item.textContent).toContain('Resolved · Sam Lee');
  });
});

describe('cut-off conversations', () => {
  const active = summary({ status: 'active', agent: GRACE, lastSeq: 3 });
  const cutOff = (phone?: string): ConversationEvent[] => [
    created(1),
    visitorMessage(2, 'My order never came'),
    phone
      ? { type: 'conversation.cut_off', seq: 3, at: T0 + 3000, phone }
      : { type: 'conversation.cut_off', seq: 3, at: T0 + 3000 },
  ];

  it('shows the line and a Call back banner that sends callback.create; then the reference', async () => {
    const view = await start({
      hash: '#/c/c_1',
      conversations: [active],
      logs: { c_1: cutOff('+4930123456') },
    });
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(within(log).getByText('The visitor left mid-conversation')).toBeTruthy();
    const banner = screen.getByRole('region', { name: 'Cut off' });
    await click(within(banner).getByRole('button', { name: 'Call back +49 30 123 456' }));
    expect(view.transport.of('callback.create')).toEqual([
      { type: 'callback.create', conversationId: 'c_1' },
    ]);

    await act(async () => {
      view.transport.push({
        type: 'callback.upsert',
        callback: callback({ conversationId: 'c_1', createdAt: T0 + 4000, updatedAt: T0 + 4000 }),
      });
    });
    expect(within(log).getByText('Callback CB-7K3Q scheduled')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Cut off' })).toBeNull();
  });

  it('offers no call back without a number', async () => {
    await start({ hash: '#/c/c_1', conversations: [active], logs: { c_1: cutOff() } });
    expect(screen.getByText('The visitor left mid-conversation')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Call back/ })).toBeNull();
  });
});

describe('customer thread', () => {
  it('lists the visitor’s callbacks with each attempt among the earlier chats', async () => {
    const open = summary({ status: 'active', agent: GRACE });
    await start({
      hash: '#/c/c_1',
      conversations: [open],
      history: {
        conversations: [
          open,
          summary({
            id: 'c_old',
            status: 'closed',
            createdAt: T0 - 5 * 86_400_000,
            preview: { text: 'Where is my parcel?', role: 'visitor', at: T0 - 5 * 86_400_000 },
          }),
        ],
        callbacks: [
          callback({
            status: 'missed',
            createdAt: T0 - 2 * 86_400_000,
            attempts: [
              { at: T0 - 2 * 86_400_000 + MIN, agent: GRACE, outcome: 'no_answer' },
              { at: T0 - 86_400_000, agent: SAM, outcome: 'voicemail', note: 'Left a message' },
            ],
          }),
        ],
      },
    });
    const panel = screen.getByRole('complementary', { name: 'Visitor details' });
    const list = within(panel).getByRole('list', { name: 'Previous conversations' });
    const entries = Array.from(list.children).map((li) => li.textContent ?? '');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toContain('Callback CB-7K3Q');
    expect(entries[0]).toContain('Missed');
    expect(entries[1]).toContain('Where is my parcel?');
    const attempts = within(list).getByRole('list', { name: 'Attempts for CB-7K3Q' });
    const lines = within(attempts)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(lines[0]).toMatch(/Grace Hopper · No answer$/);
    expect(lines[1]).toMatch(/Sam Lee · Voicemail/);
    expect(lines[1]).toContain('Left a message');
  });
});

describe('webhook delivery log', () => {
  const delivery = (overrides: Partial<WebhookDelivery> = {}): WebhookDelivery => ({
    id: 'wh_1',
    event: 'callback.requested',
    url: 'https://crm.example.com/hooks/switchboard',
    status: 'failed',
    attempts: 3,
    lastStatus: 500,
    nextAttemptAt: T0 + 10 * MIN,
    createdAt: T0,
    ...overrides,
  });

  it('renders the deliveries on the Team view and refreshes them', async () => {
    let deliveries = [
      delivery(),
      delivery({
        id: 'wh_2',
        status: 'delivered',
        attempts: 1,
        lastStatus: 200,
        nextAttemptAt: null,
        event: 'callback.completed',
      }),
    ];
    const view = await start({
      hash: '#/team',
      welcome: { agent: SUPERVISOR },
      answer: (f) =>
        f.type === 'webhooks.log' ? { type: 'webhooks.deliveries', deliveries } : undefined,
    });
    await act(() => flush(10));
    expect(view.transport.of('webhooks.log')).toHaveLength(1);
    const table = screen.getByRole('table', { name: 'Webhook deliveries' });
    const failed = within(table).getByRole('row', { name: /callback\.requested/ });
    expect(failed.textContent).toContain('crm.example.com/hooks/switchboard');
    expect(failed.textContent).toContain('Failed');
    expect(failed.textContent).toContain('HTTP 500');
    const delivered = within(table).getByRole('row', { name: /callback\.completed/ });
    expect(delivered.textContent).toContain('Delivered');
    expect(delivered.textContent).toContain('—');

    deliveries = [
      delivery({
        id: 'wh_3',
        event: 'callback.updated',
        status: 'pending',
        attempts: 1,
        lastStatus: null,
        lastError: 'connect ECONNREFUSED',
      }),
    ];
    await click(screen.getByRole('button', { name: 'Refresh' }));
    expect(view.transport.of('webhooks.log')).toHaveLength(2);
    const rows = within(screen.getByRole('table', { name: 'Webhook deliveries' })).getAllByRole(
      'row',
    );
    expect(rows).toHaveLength(2); // header + one
    expect(rows[1]?.textContent).toContain('connect ECONNREFUSED');
    expect(rows[1]?.textContent).toContain('Pending');
  });

  it('shows a refused refresh', async () => {
    await start({
      hash: '#/team',
      welcome: { agent: SUPERVISOR },
      answer: (f) =>
        f.type === 'webhooks.log'
          ? { type: 'error', code: 'FORBIDDEN', message: 'Only a supervisor can do that.' }
          : undefined,
    });
    expect(screen.getByText('Loading deliveries…')).toBeTruthy();
    await click(screen.getByRole('button', { name: 'Refresh' }));
    expect(screen.getByRole('alert').textContent).toBe('Only a supervisor can do that.');
  });
});
