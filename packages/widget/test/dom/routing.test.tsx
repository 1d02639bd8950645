import type { ConversationEvent, SiteInfo } from '@switchboard/shared';
import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MountOptions, mount, type WidgetHandle } from '../../src/app/mount.js';
import { createMemoryStorage } from '../../src/client/storage.js';
import { loadChatViews } from '../../src/views/lazy-views.js';
import {
  assigned,
  created,
  createFakeRelay,
  type FakeRelay,
  prechatSite,
  queued,
  queueStatus,
  settle,
  transferredTo,
  visitorMessage,
  welcome,
} from '../fake-relay.js';

let relay: FakeRelay;
let widget: WidgetHandle;
let ui: ReturnType<typeof within>;

async function mountOpen(
  conversation: Parameters<typeof welcome>[0],
  siteInfo?: SiteInfo,
  extra: Partial<MountOptions> = {},
) {
  widget = mount({
    relayUrl: 'https://relay.example',
    siteId: 'demo',
    transport: relay.transport,
    storage: createMemoryStorage(),
    ...extra,
  });
  ui = within(widget.shadowRoot.lastElementChild as HTMLElement);
  relay.open();
  relay.take('session.hello').reply(welcome(conversation, 'token-1', siteInfo));
  await settle();
  fireEvent.click(ui.getByRole('button', { name: 'Open chat' }));
  await settle();
}

const waiting = { id: 'c-1', events: [created(), visitorMessage(2, 'x', 'Where is my parcel?')] };

async function push(frame: Parameters<FakeRelay['push']>[0]) {
  relay.push(frame);
  await settle();
}
const event = (e: ConversationEvent) =>
  push({ type: 'conversation.event', conversationId: 'c-1', event: e });

async function typeAndEnter(text: string) {
  const box = ui.getByRole('textbox', { name: 'Message' });
  fireEvent.input(box, { target: { value: text } });
  fireEvent.keyDown(box, { key: 'Enter' });
  await settle();
}

const card = () => ui.getByRole('status', { name: 'Your place in line' });

// The secondary views are a lazy chunk the app prefetches when the browser is idle after it
// mounts; here it is already in, as it is by the time a visitor uses them.
beforeAll(async () => {
  await loadChatViews();
});

beforeEach(() => {
  relay = createFakeRelay();
});
afterEach(() => {
  widget?.destroy();
});

describe('waiting in line', () => {
  it('shows the place in line and the wait, live, and hides the card once an agent joins', async () => {
    await mountOpen(waiting);
    expect(ui.queryByRole('status', { name: 'Your place in line' })).toBeNull();
    await push(queueStatus('c-1', { position: 2, estimatedWaitSec: 150 }));
    expect(card().getAttribute('aria-live')).toBe('polite');
    expect(within(card()).getByText("You're number 2 in line")).toBeTruthy();
    expect(within(card()).getByText('Estimated wait: about 3 minutes')).toBeTruthy();

    await push(queueStatus('c-1', { position: 1, estimatedWaitSec: 45 }));
    expect(within(card()).getByText("You're number 1 in line")).toBeTruthy();
    expect(within(card()).getByText('Estimated wait: less than a minute')).toBeTruthy();
    expect(ui.queryByText("You're number 2 in line")).toBeNull();

    await push(queueStatus('c-1', { position: 1, estimatedWaitSec: null }));
    expect(within(card()).queryByText(/Estimated wait/)).toBeNull();

    await event(assigned(3));
    expect(ui.queryByRole('status', { name: 'Your place in line' })).toBeNull();
    expect(ui.getByText('Ada Lovelace joined the conversation')).toBeTruthy();
  });

  it('"Leave a message" when nobody is online: sends conversation.defer, then thanks', async () => {
    await mountOpen(waiting);
    await push(
      queueStatus('c-1', { agentsOnline: 0, estimatedWaitSec: null, alternatives: ['message'] }),
    );
    expect(within(card()).getByText('No one is available right now.')).toBeTruthy();
    expect(ui.queryByRole('button', { name: 'Browse help articles' })).toBeNull();
    expect(ui.queryByRole('button', { name: 'Request a call back' })).toBeNull();

    fireEvent.click(ui.getByRole('button', { name: 'Leave a message' }));
    await settle();
    const request = relay.take('conversation.defer');
    expect(request.frame.conversationId).toBe('c-1');
    request.reply({ type: 'ok' });
    await settle();

    expect(
      within(card()).getByText(
        "Thanks! We'll reply here as soon as we can — you can close this window.",
      ),
    ).toBeTruthy();
    expect(ui.queryByText(/in line/)).toBeNull();
    expect(ui.queryByRole('button', { name: 'Leave a message' })).toBeNull();
    // The composer stays and takes the focus: the visitor can add to their message.
    expect(widget.shadowRoot.activeElement).toBe(ui.getByRole('textbox', { name: 'Message' }));
  });

  it('says when a closed department opens again, in the visitor’s time, and when it is just busy', async () => {
    await mountOpen(waiting);
    const nextOpenAt = Date.UTC(2025, 10, 24, 8, 0);
    await push(
      queueStatus('c-1', {
        open: false,
        agentsOnline: 0,
        estimatedWaitSec: null,
        nextOpenAt,
        alternatives: ['message'],
      }),
    );
    const when = new Intl.DateTimeFormat(navigator.language, {
      weekday: 'long',
      hour: 'numeric',
      minute: '2-digit',
    }).format(nextOpenAt);
    expect(
      within(card()).getByText(`We're closed right now. We open again ${when} (your time).`),
    ).toBeTruthy();
    await push(queueStatus('c-1', { estimatedWaitSec: 1_500, alternatives: ['message'] }));
    expect(within(card()).getByText("It's busier than usual.")).toBeTruthy();
    expect(within(card()).getByText('Estimated wait: about 25 minutes')).toBeTruthy();
  });

  it('offers the FAQ and a call back only when the relay does, as widget events', async () => {
    await mountOpen(waiting);
    const choices: { kind: string; conversationId?: string }[] = [];
    widget.on('alternative', (choice) => choices.push(choice));
    await push(queueStatus('c-1', { alternatives: ['message', 'faq', 'callback'] }));
    fireEvent.click(ui.getByRole('button', { name: 'Browse help articles' }));
    fireEvent.click(ui.getByRole('button', { name: 'Request a call back' }));
    expect(choices).toEqual([
      { kind: 'faq', conversationId: 'c-1' },
      { kind: 'callback', conversationId: 'c-1' },
    ]);
    expect(relay.pending).toEqual([]);
  });
});

describe('transfers', () => {
  it('shows the transfer by name and never the handover note', async () => {
    await mountOpen({ id: 'c-1', events: [created(), assigned(2)] });
    await event(transferredTo(3, 'department', 'Angry customer, promised a refund'));
    await event(queued(4, 'transferred'));
    const log = ui.getByRole('log');
    expect(within(log).getByText("You've been transferred to Technical support.")).toBeTruthy();
    expect(widget.shadowRoot.textContent).not.toContain('Angry customer');
    await event(transferredTo(5, 'agent'));
    await event({
      type: 'conversation.assigned',
      seq: 6,
      at: 6,
      agent: { id: 'a-2', name: 'Grace Hopper' },
    });
    expect(within(log).getByText("You've been transferred to Grace Hopper.")).toBeTruthy();
    expect(within(log).getByText('Grace Hopper joined the conversation')).toBeTruthy();
    await event(queued(7, 'agent_lost'));
    expect(within(log).getByText("Your agent was disconnected. You're back in line.")).toBeTruthy();
  });
});

describe('pre-chat form', () => {
  it('blocks sending while a required field is empty, with the error tied to the field', async () => {
    await mountOpen(null, prechatSite());
    const name = ui.getByRole('textbox', { name: 'Your name' });
    const email = ui.getByRole('textbox', { name: 'Email' });
    expect(email.getAttribute('type')).toBe('email');
    const topics = ui.getByRole('radiogroup', { name: 'What can we help you with?' });
    expect(
      within(topics)
        .getAllByRole('radio')
        .map((r) => r.getAttribute('value')),
    ).toEqual(['orders', 'tech']);
    expect(name.getAttribute('aria-invalid')).toBeNull();

    await typeAndEnter('My router blinks red');
    expect(relay.pending).toEqual([]);
    expect(name.getAttribute('aria-invalid')).toBe('true');
    const nameError = widget.shadowRoot.getElementById(name.getAttribute('aria-describedby') ?? '');
    expect(nameError?.textContent).toBe('Please tell us your name.');
    expect(topics.getAttribute('aria-invalid')).toBe('true');
    expect(email.getAttribute('aria-invalid')).toBeNull(); // optional, left empty
    expect(widget.shadowRoot.activeElement).toBe(name);
    // The message is kept for the next try.
    expect((ui.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).value).toBe(
      'My router blinks red',
    );

    fireEvent.input(name, { target: { value: 'Ada' } });
    await settle();
    expect(name.getAttribute('aria-invalid')).toBeNull();
    expect(ui.queryByText('Please tell us your name.')).toBeNull();
    fireEvent.click(within(topics).getByRole('radio', { name: 'Technical support' }));
    await settle();
    expect(
      (within(topics).getByRole('radio', { name: 'Technical support' }) as HTMLInputElement)
        .checked,
    ).toBe(true);
    fireEvent.keyDown(ui.getByRole('textbox', { name: 'Message' }), { key: 'Enter' });
    await settle();

    expect(relay.take('chat.send').frame).toMatchObject({
      text: 'My router blinks red',
      prechat: { name: 'Ada', topic: 'tech' },
    });
    expect(ui.queryByRole('textbox', { name: 'Your name' })).toBeNull();
    expect(ui.queryByRole('radiogroup')).toBeNull();
    expect(ui.getByText('My router blinks red')).toBeTruthy();
  });

  it('keeps the answers typed in the form while the visitor reads an article', async () => {
    await mountOpen(null, prechatSite());
    fireEvent.input(ui.getByRole('textbox', { name: 'Your name' }), { target: { value: 'Ada' } });
    await settle();
    widget.showArticle('returns');
    await waitFor(() =>
      relay.take('article.open').reply({
        type: 'faq.article',
        article: {
          id: 'returns',
          title: 'Return an item',
          html: '<p>Send it back.</p>',
          tags: [],
          locale: 'en',
          updatedAt: 1_700_000_000_000,
        },
      }),
    );
    await ui.findByRole('heading', { name: 'Return an item' }, { timeout: 10_000 });
    expect(ui.queryByRole('textbox', { name: 'Your name' })).toBeNull();
    fireEvent.click(ui.getByRole('button', { name: 'Back to results' }));
    await settle();
    expect((ui.getByRole('textbox', { name: 'Your name' }) as HTMLInputElement).value).toBe('Ada');
    fireEvent.click(ui.getByRole('radio', { name: 'Technical support' }));
    await typeAndEnter('My router blinks red');
    expect(relay.take('chat.send').frame).toMatchObject({
      prechat: { name: 'Ada', topic: 'tech' },
    });
  });

  it('rejects a malformed email inline', async () => {
    await mountOpen(null, prechatSite([{ name: 'email', required: false }]));
    const email = ui.getByRole('textbox', { name: 'Email' });
    fireEvent.input(email, { target: { value: 'ada@example' } });
    await typeAndEnter('Hi');
    expect(relay.pending).toEqual([]);
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(ui.getByText('Please enter an email address like name@example.com.')).toBeTruthy();
  });

  it('lets the visitor write at once when nothing is required', async () => {
    await mountOpen(
      null,
      prechatSite([
        { name: 'name', required: false },
        { name: 'topic', required: false },
      ]),
    );
    expect(ui.getByRole('textbox', { name: 'Your name' })).toBeTruthy();
    await typeAndEnter('Quick question');
    const send = relay.take('chat.send').frame;
    expect(send.text).toBe('Quick question');
    expect(send.prechat).toBeUndefined();
    expect(ui.queryByRole('textbox', { name: 'Your name' })).toBeNull();
  });
});

describe('department and priority from the page', () => {
  it('go with the first message', async () => {
    await mountOpen(null, undefined, { departmentId: 'orders', priority: 5 });
    await typeAndEnter('Hello');
    expect(relay.take('chat.send').frame).toMatchObject({ departmentId: 'orders', priority: 5 });
  });

  it('an out-of-range priority is ignored with a warning, not sent', async () => {
    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (...args: unknown[]) => warnings.push(args[0]);
    try {
      await mountOpen(null, undefined, { priority: 11 });
    } finally {
      console.warn = warn;
    }
    expect(String(warnings[0])).toContain('priority');
    await typeAndEnter('Hello');
    expect(relay.take('chat.send').frame.priority).toBeUndefined();
  });
});
