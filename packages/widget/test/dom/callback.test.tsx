import type { SessionWelcome, SiteInfo } from '@switchboard/shared';
import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount, type WidgetHandle } from '../../src/app/mount.js';
import { exampleNumber } from '../../src/callback/phone.js';
import { formatWindow } from '../../src/callback/time.js';
import { createMemoryStorage } from '../../src/client/storage.js';
import {
  callbackSite,
  callbackStatus,
  callbackView,
  created,
  createFakeRelay,
  errorReply,
  type FakeRelay,
  prechatSite,
  queueStatus,
  SLOTS,
  settle,
  slotsFrame,
  visitorMessage,
  welcome,
} from '../fake-relay.js';

let relay: FakeRelay;
let widget: WidgetHandle;
let ui: ReturnType<typeof within>;
const LOAD = { timeout: 10_000 };

async function mountOpen(frame: SessionWelcome, storage = createMemoryStorage()) {
  widget = mount({
    relayUrl: 'https://relay.example',
    siteId: 'demo',
    transport: relay.transport,
    storage,
  });
  ui = within(widget.shadowRoot.lastElementChild as HTMLElement);
  relay.open();
  relay.take('session.hello').reply(frame);
  await settle();
  fireEvent.click(ui.getByRole('button', { name: 'Open chat' }));
  await settle();
}

/** Open the form, wait for its lazy chunk, answer `callback.availability`. */
async function openForm(slots = slotsFrame()) {
  fireEvent.click(ui.getByRole('button', { name: 'Call me back' }));
  await ui.findByRole('heading', { name: 'Request a call back' }, LOAD);
  await waitFor(() => relay.take('callback.availability').reply(slots));
  await settle();
}

const field = (name: string) => ui.getByRole('textbox', { name }) as HTMLInputElement;
const errorOf = (el: HTMLElement) =>
  widget.shadowRoot.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent;
const local = { locale: navigator.language };

beforeEach(() => {
  relay = createFakeRelay();
});
afterEach(() => widget?.destroy());

describe('"Call me back"', () => {
  it('is offered only when the site has callbacks: on the home screen, then in the header', async () => {
    await mountOpen(welcome(null, 'token-1', callbackSite()));
    const button = ui.getByRole('button', { name: 'Call me back' });
    expect(button.closest('.header')).toBeNull();
    widget.destroy();

    relay = createFakeRelay();
    await mountOpen(
      welcome(
        { id: 'c-1', events: [created(), visitorMessage(2, 'x', 'Hi')] },
        't',
        callbackSite(),
      ),
    );
    expect(ui.getByRole('button', { name: 'Call me back' }).closest('.header')).not.toBeNull();
    widget.destroy();

    relay = createFakeRelay();
    await mountOpen(welcome(null));
    expect(ui.queryByRole('button', { name: 'Call me back' })).toBeNull();
  });
});

describe('the callback form', () => {
  it('checks the required fields, the number and the consent before sending', async () => {
    await mountOpen(welcome(null, 'token-1', callbackSite()));
    await openForm();
    const phone = field('Phone number');
    expect(phone.getAttribute('type')).toBe('tel');
    expect(phone.getAttribute('autocomplete')).toBe('tel');
    expect(ui.getByRole('combobox', { name: 'Topic' })).toBeTruthy();

    fireEvent.click(ui.getByRole('button', { name: 'Request call' }));
    await settle();
    expect(errorOf(field('Your name'))).toBe('Please tell us your name.');
    expect(errorOf(phone)).toBe('Please enter your phone number.');
    const consent = ui.getByRole('checkbox', { name: 'You may call me about this request.' });
    expect(consent.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(consent)).toBe('Please agree, so that we may call you.');
    expect(widget.shadowRoot.activeElement).toBe(field('Your name'));

    const country = ui.getByRole('combobox', { name: 'Country' }) as HTMLSelectElement;
    fireEvent.change(country, { target: { value: 'DE' } });
    fireEvent.input(field('Your name'), { target: { value: 'Ada Lovelace' } });
    fireEvent.input(phone, { target: { value: '030 1' } });
    fireEvent.click(consent);
    fireEvent.click(ui.getByRole('button', { name: 'Request call' }));
    await settle();
    expect(errorOf(phone)).toBe(
      `Enter a valid phone number for the selected country, e.g. ${exampleNumber('DE')}`,
    );
    expect(relay.pending.some((r) => r.frame.type === 'callback.request')).toBe(false);
  });

  it('sends a picked slot and the number as E.164, then confirms with the reference', async () => {
    await mountOpen(welcome(null, 'token-1', callbackSite()));
    await openForm();
    fireEvent.change(ui.getByRole('combobox', { name: 'Country' }), { target: { value: 'DE' } });
    fireEvent.input(field('Your name'), { target: { value: 'Ada Lovelace' } });
    fireEvent.input(field('Phone number'), { target: { value: '030 12345678' } });
    fireEvent.input(field('Anything we should know? (optional)'), {
      target: { value: 'About order 1042' },
    });
    const when = ui.getByRole('radiogroup', { name: 'When should we call?' });
    expect(
      (within(when).getByRole('radio', { name: 'As soon as possible' }) as HTMLInputElement)
        .checked,
    ).toBe(true);
    fireEvent.click(within(when).getByRole('radio', { name: 'Pick a time' }));
    await settle();

    // Slots grouped by the visitor's day, labelled in their time.
    const [first] = SLOTS as [{ start: number; end: number }];
    const day = new Intl.DateTimeFormat(navigator.language, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
    })
      .format(first.start)
      .replace(',', '');
    const slotGroup = ui.getByRole('radiogroup', { name: day });
    const time = new Intl.DateTimeFormat(navigator.language, {
      hour: '2-digit',
      minute: '2-digit',
    });
    const label = `${time.format(first.start)}–${time.format(first.end)}`;

    fireEvent.click(ui.getByRole('checkbox', { name: 'You may call me about this request.' }));
    fireEvent.click(ui.getByRole('button', { name: 'Request call' }));
    await settle();
    expect(ui.getByText('Please pick a time.')).toBeTruthy();

    fireEvent.click(within(slotGroup).getByRole('radio', { name: label }));
    fireEvent.click(ui.getByRole('button', { name: 'Request call' }));
    await settle();
    const sent = relay.take('callback.request');
    expect(sent.frame).toMatchObject({
      name: 'Ada Lovelace',
      phone: '+493012345678',
      window: first,
      note: 'About order 1042',
      consent: true,
    });
    expect(sent.frame.conversationId).toBeUndefined();
    sent.reply(callbackStatus({ window: first }));
    await settle();

    expect(ui.getByRole('heading', { name: "We'll call you" })).toBeTruthy();
    expect(ui.getByText('Reference CB-7K3Q')).toBeTruthy();
    expect(ui.getByText(formatWindow(first, local))).toBeTruthy();
    expect(ui.getByText('On +49 ••• ••• 5678')).toBeTruthy();

    fireEvent.click(ui.getByRole('button', { name: 'Done' }));
    await settle();
    const card = ui.getByRole('status', { name: 'Your callback' });
    expect(within(card).getByText('Scheduled')).toBeTruthy();
  });

  it('offers "As soon as possible" only when the relay does', async () => {
    await mountOpen(welcome(null, 'token-1', callbackSite()));
    await openForm(slotsFrame(false));
    expect(ui.queryByRole('radio', { name: 'As soon as possible' })).toBeNull();
    expect((ui.getByRole('radio', { name: 'Pick a time' }) as HTMLInputElement).checked).toBe(true);
  });

  it('a slot taken meanwhile: says so at the times and asks for fresh ones', async () => {
    await mountOpen(welcome(null, 'token-1', callbackSite()));
    await openForm();
    fireEvent.input(field('Your name'), { target: { value: 'Ada' } });
    fireEvent.change(ui.getByRole('combobox', { name: 'Country' }), { target: { value: 'GB' } });
    fireEvent.input(field('Phone number'), { target: { value: '07400 123456' } });
    fireEvent.click(ui.getByRole('checkbox', { name: 'You may call me about this request.' }));
    fireEvent.click(ui.getByRole('button', { name: 'Request call' }));
    await settle();
    const sent = relay.take('callback.request');
    expect(sent.frame).toMatchObject({ phone: '+447400123456', window: null });
    sent.reply(errorReply('SLOT_UNAVAILABLE'));
    await waitFor(() => relay.take('callback.availability').reply(slotsFrame()));
    await settle();
    expect(ui.getByText('That time was just taken. Please pick another one.')).toBeTruthy();

    fireEvent.click(ui.getByRole('button', { name: 'Request call' }));
    await settle();
    relay.take('callback.request').reply(errorReply('RATE_LIMITED'));
    await settle();
    expect(ui.getByRole('alert').textContent).toBe(
      "You've sent several requests in a short time. Please try again in a few minutes.",
    );
  });

  it('"Request a call back" while waiting opens it prefilled, linked to the chat; "Back" returns', async () => {
    const storage = createMemoryStorage();
    storage.setItem('switchboard:demo:prechat', JSON.stringify({ name: 'Ada' }));
    await mountOpen(
      welcome(
        { id: 'c-1', events: [created(), visitorMessage(2, 'x', 'Hi')] },
        't',
        callbackSite(),
      ),
      storage,
    );
    relay.push(queueStatus('c-1', { alternatives: ['message', 'callback'] }));
    await settle();
    fireEvent.click(ui.getByRole('button', { name: 'Request a call back' }));
    await ui.findByRole('heading', { name: 'Request a call back' }, LOAD);
    expect(field('Your name').value).toBe('Ada');
    await waitFor(() => relay.take('callback.availability').reply(slotsFrame()));
    await settle();
    fireEvent.input(field('Phone number'), { target: { value: '+1 201 555 0123' } });
    fireEvent.click(ui.getByRole('checkbox', { name: 'You may call me about this request.' }));
    fireEvent.click(ui.getByRole('button', { name: 'Request call' }));
    await settle();
    expect(relay.take('callback.request').frame).toMatchObject({
      name: 'Ada',
      phone: '+12015550123',
      conversationId: 'c-1',
    });
    fireEvent.click(ui.getByRole('button', { name: 'Back' }));
    await settle();
    expect(ui.getByRole('log')).toBeTruthy();
    expect(widget.shadowRoot.activeElement).toBe(ui.getByRole('textbox', { name: 'Message' }));
  });
});

describe('the callback card', () => {
  it('shows a later visit’s callback, live, with "Cancel callback" while scheduled', async () => {
    await mountOpen({ ...welcome(null, 'token-1', callbackSite()), callbacks: [callbackView()] });
    const card = ui.getByRole('status', { name: 'Your callback' });
    expect(within(card).getByText('Scheduled')).toBeTruthy();
    expect(
      within(card).getByText(`Reference CB-7K3Q · ${formatWindow(SLOTS[0] as never, local)}`),
    ).toBeTruthy();

    relay.push(callbackStatus({ status: 'calling', updatedAt: Date.now() }));
    await settle();
    expect(within(card).getByText("We're calling you now")).toBeTruthy();
    expect(ui.queryByRole('button', { name: 'Cancel callback' })).toBeNull();

    relay.push(callbackStatus({ status: 'scheduled', updatedAt: Date.now() + 1 }));
    await settle();
    fireEvent.click(ui.getByRole('button', { name: 'Cancel callback' }));
    await settle();
    const cancel = relay.take('callback.cancel');
    expect(cancel.frame.callbackId).toBe('cb-1');
    cancel.reply(callbackStatus({ status: 'cancelled', updatedAt: Date.now() + 2 }));
    await settle();
    expect(within(card).getByText('Cancelled')).toBeTruthy();
    expect(ui.queryByRole('button', { name: 'Cancel callback' })).toBeNull();
    expect(ui.queryByRole('button', { name: 'Change time' })).toBeNull();
  });

  it('"Change time" re-opens the slot picker and sends callback.reschedule', async () => {
    await mountOpen({ ...welcome(null, 'token-1', callbackSite()), callbacks: [callbackView()] });
    fireEvent.click(ui.getByRole('button', { name: 'Change time' }));
    await ui.findByRole('heading', { name: 'Pick a new time' }, LOAD);
    await waitFor(() => relay.take('callback.availability').reply(slotsFrame()));
    await settle();
    expect(ui.queryByRole('textbox', { name: 'Phone number' })).toBeNull();
    fireEvent.click(ui.getByRole('radio', { name: 'As soon as possible' }));
    fireEvent.click(ui.getByRole('button', { name: 'Save new time' }));
    await settle();
    const moved = relay.take('callback.reschedule');
    expect(moved.frame).toEqual({ type: 'callback.reschedule', callbackId: 'cb-1', window: null });
    moved.reply(callbackStatus({ window: null, updatedAt: Date.now() }));
    await settle();
    const card = ui.getByRole('status', { name: 'Your callback' });
    expect(within(card).getByText('Reference CB-7K3Q · As soon as possible')).toBeTruthy();
  });
});

describe('the pre-chat phone field', () => {
  const phoneSite = (): SiteInfo => ({
    ...prechatSite([{ name: 'phone', required: false }]),
    callback: { consentText: 'OK', defaultCountry: 'DE' },
  });

  it('is a tel field checked by the phone module and sent as E.164', async () => {
    await mountOpen(welcome(null, 'token-1', phoneSite()));
    const phone = field('Phone number');
    expect(phone.getAttribute('type')).toBe('tel');
    const message = ui.getByRole('textbox', { name: 'Message' });
    // Wait for the lazy phone module (fetched when the field shows).
    fireEvent.input(phone, { target: { value: '12' } });
    await waitFor(() => {
      fireEvent.input(message, { target: { value: 'Hello' } });
      fireEvent.keyDown(message, { key: 'Enter' });
      expect(phone.getAttribute('aria-invalid')).toBe('true');
    }, LOAD);
    expect(errorOf(phone)).toMatch(/^Please enter a phone number we can call, e\.g\. \+/);
    expect(relay.pending.some((r) => r.frame.type === 'chat.send')).toBe(false);

    fireEvent.input(phone, { target: { value: '+49 30 12345678' } });
    fireEvent.keyDown(message, { key: 'Enter' });
    await settle();
    expect(relay.take('chat.send').frame.prechat).toEqual({ phone: '+493012345678' });
  });
});
