import { fireEvent, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOST_ID, mount, type WidgetHandle } from '../../src/app/mount.js';
import { createMemoryStorage } from '../../src/client/storage.js';
import {
  ack,
  agentMessage,
  assigned,
  closed,
  created,
  createFakeRelay,
  type FakeRelay,
  settle,
  visitorMessage,
  welcome,
} from '../fake-relay.js';

let relay: FakeRelay;
let widget: WidgetHandle;
let ui: ReturnType<typeof within>;

async function mountConnected(conversation: Parameters<typeof welcome>[0] = null) {
  widget = mount({
    relayUrl: 'https://relay.example',
    siteId: 'demo',
    transport: relay.transport,
    storage: createMemoryStorage(),
  });
  ui = within(widget.shadowRoot.lastElementChild as HTMLElement);
  relay.open();
  relay.take('session.hello').reply(welcome(conversation));
  await settle();
}

const activeElement = () => widget.shadowRoot.activeElement;

async function openPanel() {
  fireEvent.click(ui.getByRole('button', { name: 'Open chat' }));
  await settle();
  return ui.getByRole('dialog', { name: 'Fernhill Outfitters' });
}

async function typeAndEnter(text: string) {
  const box = ui.getByRole('textbox', { name: 'Message' });
  fireEvent.input(box, { target: { value: text } });
  fireEvent.keyDown(box, { key: 'Enter' });
  await settle();
}

beforeEach(() => {
  relay = createFakeRelay();
});
afterEach(() => {
  widget?.destroy();
  vi.useRealTimers();
});

describe('widget in the page', () => {
  it('mounts in an open shadow root and adds no globals', async () => {
    const before = new Set(Object.keys(window));
    await mountConnected();
    const host = document.getElementById(HOST_ID);
    expect(host?.parentElement).toBe(document.body);
    expect(host?.shadowRoot).toBe(widget.shadowRoot);
    expect(document.body.querySelectorAll('button')).toHaveLength(0); // nothing outside the shadow
    expect(ui.getByRole('button', { name: 'Open chat' })).toBeTruthy();
    expect(Object.keys(window).filter((key) => !before.has(key))).toEqual([]);
    const styled =
      widget.shadowRoot.adoptedStyleSheets.length > 0 || widget.shadowRoot.querySelector('style');
    expect(styled).toBeTruthy();
  });

  it('mounting twice keeps one widget', async () => {
    await mountConnected();
    const again = mount({
      relayUrl: 'https://relay.example',
      siteId: 'demo',
      transport: relay.transport,
    });
    expect(again).toBe(widget);
    expect(document.querySelectorAll(`#${HOST_ID}`)).toHaveLength(1);
  });

  it('replays calls queued before it loaded', async () => {
    widget = mount({
      relayUrl: 'https://relay.example',
      siteId: 'demo',
      transport: relay.transport,
      storage: createMemoryStorage(),
      queue: [['open']],
    });
    ui = within(widget.shadowRoot.lastElementChild as HTMLElement);
    await settle();
    expect(ui.getByRole('dialog')).toBeTruthy();
  });
});

describe('launcher and panel', () => {
  it('opens the dialog, focuses the Message box, and flips its own name and aria-expanded', async () => {
    await mountConnected();
    const launcher = ui.getByRole('button', { name: 'Open chat' });
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    expect(ui.queryByRole('dialog')).toBeNull();
    const dialog = await openPanel();
    expect(dialog.getAttribute('aria-modal')).toBe('false');
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    expect(launcher.getAttribute('aria-label')).toBe('Close chat');
    expect(activeElement()).toBe(ui.getByRole('textbox', { name: 'Message' }));
    expect(within(dialog).getByText('We usually reply in a few minutes')).toBeTruthy();
    expect(within(dialog).getByText('Hi! Ask us anything about your order.')).toBeTruthy();
  });

  it('closes on Escape and gives the focus back to the launcher', async () => {
    await mountConnected();
    await openPanel();
    fireEvent.keyDown(ui.getByRole('textbox', { name: 'Message' }), { key: 'Escape' });
    await settle();
    expect(ui.queryByRole('dialog')).toBeNull();
    const launcher = ui.getByRole('button', { name: 'Open chat' });
    expect(activeElement()).toBe(launcher);
  });

  it('says Reconnecting… while the socket is down', async () => {
    await mountConnected();
    await openPanel();
    relay.drop();
    await settle();
    expect(ui.getByText('Reconnecting…')).toBeTruthy();
  });

  it('shows an unread badge for agent messages that arrive while closed', async () => {
    await mountConnected({ id: 'c-1', events: [created()] });
    relay.push({
      type: 'conversation.event',
      conversationId: 'c-1',
      event: agentMessage(2, 'Hi!'),
    });
    await settle();
    expect(ui.getByText('1 unread message')).toBeTruthy();
    await openPanel();
    expect(ui.queryByText('1 unread message')).toBeNull();
  });
});

describe('on a phone', () => {
  /** A phone-sized screen: the media query matches and a visual viewport the keyboard can shrink. */
  function phone() {
    const viewport = Object.assign(new EventTarget(), { height: 844, offsetTop: 0 });
    vi.stubGlobal('visualViewport', viewport);
    vi.stubGlobal('matchMedia', (query: string) => ({
      matches: true,
      media: query,
      addEventListener() {},
      removeEventListener() {},
    }));
    return viewport;
  }
  afterEach(() => vi.unstubAllGlobals());

  it('the full-screen panel is modal and follows the on-screen keyboard (visualViewport)', async () => {
    const viewport = phone();
    await mountConnected();
    const panel = await openPanel();
    expect(panel.getAttribute('aria-modal')).toBe('true');
    expect(panel.style.getPropertyValue('--sb-vh')).toBe('844px');
    // The keyboard opens: the visual viewport shrinks and scrolls; the panel takes its size.
    viewport.height = 420;
    viewport.offsetTop = 12;
    viewport.dispatchEvent(new Event('resize'));
    expect(panel.style.getPropertyValue('--sb-vh')).toBe('420px');
    expect(panel.style.getPropertyValue('--sb-vtop')).toBe('12px');
  });
});

describe('conversation', () => {
  it('Enter sends: the message shows Sending…, then Sent when acknowledged', async () => {
    await mountConnected({ id: 'c-1', events: [created()] });
    await openPanel();
    const send = ui.getByRole('button', { name: 'Send' });
    expect((send as HTMLButtonElement).disabled).toBe(true);
    await typeAndEnter('Do you ship to Norway?');
    const log = ui.getByRole('log');
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(within(log).getByText('Do you ship to Norway?')).toBeTruthy();
    expect(within(log).getByText('Sending…')).toBeTruthy();
    expect((ui.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).value).toBe('');

    const request = relay.take('chat.send');
    request.reply(ack(request.frame.clientId, 'c-1', 2));
    relay.push({
      type: 'conversation.event',
      conversationId: 'c-1',
      event: visitorMessage(2, request.frame.clientId, 'Do you ship to Norway?'),
    });
    await settle();
    expect(within(log).queryByText('Sending…')).toBeNull();
    expect(within(log).getByText('Sent')).toBeTruthy();
    expect(within(log).getAllByText('Do you ship to Norway?')).toHaveLength(1);
  });

  it('Shift+Enter does not send', async () => {
    await mountConnected({ id: 'c-1', events: [created()] });
    await openPanel();
    const box = ui.getByRole('textbox', { name: 'Message' });
    fireEvent.input(box, { target: { value: 'line one' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    await settle();
    expect(relay.pending).toEqual([]);
  });

  it('shows the agent’s reply under the agent’s name, and the join line', async () => {
    await mountConnected({ id: 'c-1', events: [created()] });
    await openPanel();
    relay.push({ type: 'conversation.event', conversationId: 'c-1', event: assigned(2) });
    relay.push({
      type: 'conversation.event',
      conversationId: 'c-1',
      event: agentMessage(3, 'Yes, in 3 to 5 days. <b>Free</b> over 50 €.'),
    });
    await settle();
    const log = ui.getByRole('log');
    expect(within(log).getByText('Ada Lovelace joined the conversation')).toBeTruthy();
    expect(within(log).getByText('Ada Lovelace')).toBeTruthy();
    // Text stays text: no element was made from the message.
    expect(within(log).getByText('Yes, in 3 to 5 days. <b>Free</b> over 50 €.')).toBeTruthy();
    expect(log.querySelector('b')).toBeNull();
  });

  it('shows "<name> is typing…" while the agent types', async () => {
    await mountConnected({ id: 'c-1', events: [created(), assigned(2)] });
    await openPanel();
    relay.push({
      type: 'typing',
      conversationId: 'c-1',
      role: 'agent',
      name: 'Ada Lovelace',
      typing: true,
    });
    await settle();
    expect(ui.getByText('Ada Lovelace is typing…')).toBeTruthy();
    relay.push({
      type: 'typing',
      conversationId: 'c-1',
      role: 'agent',
      name: 'Ada Lovelace',
      typing: false,
    });
    await settle();
    expect(ui.queryByText('Ada Lovelace is typing…')).toBeNull();
  });

  it('tells the relay the visitor is typing, and stops on send', async () => {
    await mountConnected({ id: 'c-1', events: [created()] });
    await openPanel();
    await typeAndEnter('Hello');
    expect(relay.sent).toEqual([
      { type: 'chat.typing', conversationId: 'c-1', typing: true },
      { type: 'chat.typing', conversationId: 'c-1', typing: false },
    ]);
  });

  it('an ended conversation shows the notice and "Start a new conversation", which brings back the composer', async () => {
    await mountConnected({ id: 'c-1', events: [created(), assigned(2)] });
    await openPanel();
    relay.push({ type: 'conversation.event', conversationId: 'c-1', event: closed(3) });
    await settle();
    expect(ui.getByText('This conversation has ended.')).toBeTruthy();
    expect(ui.queryByRole('textbox', { name: 'Message' })).toBeNull();
    fireEvent.click(ui.getByRole('button', { name: 'Start a new conversation' }));
    await settle();
    const box = ui.getByRole('textbox', { name: 'Message' });
    expect(activeElement()).toBe(box);
    expect(ui.queryByText('This conversation has ended.')).toBeNull();
    await typeAndEnter('A new question');
    expect(relay.take('chat.send').frame.conversationId).toBeUndefined();
  });

  it('offers Retry for a message the relay refused', async () => {
    await mountConnected({ id: 'c-1', events: [created()] });
    await openPanel();
    await typeAndEnter('Hello');
    relay
      .take('chat.send')
      .reply({ type: 'error', code: 'FORBIDDEN', message: 'You may not write here.' });
    await settle();
    expect(ui.getByText('Not sent')).toBeTruthy();
    fireEvent.click(ui.getByRole('button', { name: 'Retry' }));
    await settle();
    expect(relay.take('chat.send').frame).toMatchObject({ text: 'Hello' });
    expect(ui.getByText('Sending…')).toBeTruthy();
  });

  it('shows a counter near the 5000-character limit', async () => {
    await mountConnected();
    await openPanel();
    const box = ui.getByRole('textbox', { name: 'Message' });
    fireEvent.input(box, { target: { value: 'a'.repeat(4_900) } });
    await settle();
    expect(ui.getByText('100 characters left')).toBeTruthy();
  });
});
