import type { SessionWelcome } from '@switchboard/shared';
import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount, type WidgetHandle } from '../../src/app/mount.js';
import { createMemoryStorage } from '../../src/client/storage.js';
import {
  AT,
  agentMessage,
  assigned,
  callbackStatus,
  callbackView,
  closed,
  created,
  createFakeRelay,
  errorReply,
  type FakeRelay,
  settle,
  welcome,
} from '../fake-relay.js';

let relay: FakeRelay;
let widget: WidgetHandle;
let ui: ReturnType<typeof within>;
const LOAD = { timeout: 10_000 };
const CSAT = 'How satisfied are you with the help you got?';
const CES = 'How easy was it to get help?';

/** A welcome offering conversation c-1, closed by the agent after answering. */
function closedChat(): SessionWelcome {
  return welcome({
    id: 'c-1',
    events: [created(), assigned(2), agentMessage(3, 'Glad I could help!'), closed(4)],
    status: 'closed',
  });
}

async function mountOpen(frame: SessionWelcome, storage = createMemoryStorage(), open = true) {
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
  if (open) fireEvent.click(ui.getByRole('button', { name: 'Open chat' }));
  await settle();
}

const card = () => ui.findByRole('group', { name: 'Your feedback' }, LOAD);
const active = () => widget.shadowRoot.activeElement;

/** Take the survey.submit the widget sent (waiting for the lazy session chunk) and answer it. */
async function takeSurvey(reply: Record<string, unknown> = { type: 'ok' }) {
  let frame: unknown;
  await waitFor(() => {
    const request = relay.take('survey.submit');
    frame = request.frame;
    request.reply(reply);
  }, LOAD);
  await settle();
  return frame;
}

beforeEach(() => {
  relay = createFakeRelay();
});
afterEach(() => widget?.destroy());

describe('the survey after a chat', () => {
  it('one tap sends CSAT, the next CES, then an optional comment, then thanks', async () => {
    await mountOpen(closedChat());
    const survey = await card();
    const csat = within(survey).getByRole('radiogroup', { name: CSAT });
    expect(within(csat).getAllByRole('radio')).toHaveLength(5);
    fireEvent.click(within(csat).getByRole('radio', { name: '4 of 5: Satisfied' }));
    expect(await takeSurvey()).toEqual({ type: 'survey.submit', conversationId: 'c-1', csat: 4 });

    const ces = within(survey).getByRole('radiogroup', { name: CES });
    expect(within(ces).getAllByRole('radio')).toHaveLength(7);
    // The focus moved on to the next question.
    expect(active()).toBe(within(ces).getByRole('radio', { name: '1: Very difficult' }));
    fireEvent.click(within(ces).getByRole('radio', { name: '6: Easy' }));
    expect(await takeSurvey()).toEqual({ type: 'survey.submit', conversationId: 'c-1', ces: 6 });

    const comment = within(survey).getByRole('textbox', {
      name: 'Anything else you want to tell us? (optional)',
    });
    expect(active()).toBe(comment);
    fireEvent.input(comment, { target: { value: 'Quick and friendly.' } });
    fireEvent.click(within(survey).getByRole('button', { name: 'Send' }));
    expect(await takeSurvey()).toEqual({
      type: 'survey.submit',
      conversationId: 'c-1',
      comment: 'Quick and friendly.',
    });
    expect(within(survey).getByRole('status').textContent).toBe('Thanks for your feedback');
  });

  it('moves the focus with the arrow keys without sending anything', async () => {
    await mountOpen(closedChat());
    const csat = within(await card()).getByRole('radiogroup', { name: CSAT });
    const radios = within(csat).getAllByRole('radio');
    expect(radios.map((r) => r.tabIndex)).toEqual([0, -1, -1, -1, -1]);
    radios[0]?.focus();
    fireEvent.keyDown(radios[0] as HTMLElement, { key: 'ArrowRight' });
    expect(active()).toBe(radios[1]);
    fireEvent.keyDown(radios[1] as HTMLElement, { key: 'End' });
    expect(active()).toBe(radios[4]);
    fireEvent.keyDown(radios[4] as HTMLElement, { key: 'ArrowRight' });
    expect(active()).toBe(radios[0]);
    await settle();
    expect(relay.emitted.some((f) => f.type === 'survey.submit')).toBe(false);
  });

  it('"Not now" hides it for good, also after a reload', async () => {
    const storage = createMemoryStorage();
    await mountOpen(closedChat(), storage);
    fireEvent.click(within(await card()).getByRole('button', { name: 'Not now' }));
    await settle();
    expect(ui.queryByRole('group', { name: 'Your feedback' })).toBeNull();
    expect(storage.getItem('switchboard:demo:surveys')).toBe('["c:c-1"]');
    widget.destroy();

    relay = createFakeRelay();
    await mountOpen(closedChat(), storage);
    await ui.findByRole('button', { name: 'Start a new conversation' });
    await settle();
    expect(ui.queryByRole('group', { name: 'Your feedback' })).toBeNull();
  });

  it('is not shown once answered (the summary), and goes when another tab answers it', async () => {
    const answered = closedChat();
    if (answered.conversation) answered.conversation.summary.survey = { csat: 5 };
    await mountOpen(answered);
    await ui.findByRole('button', { name: 'Start a new conversation' });
    await settle();
    expect(ui.queryByRole('group', { name: 'Your feedback' })).toBeNull();
    widget.destroy();

    relay = createFakeRelay();
    await mountOpen(closedChat());
    await card();
    relay.push({
      type: 'conversation.event',
      conversationId: 'c-1',
      event: { type: 'survey.submitted', seq: 5, at: AT + 5_000, csat: 3 },
    });
    await settle();
    expect(ui.queryByRole('group', { name: 'Your feedback' })).toBeNull();
  });

  it('quietly disappears when the relay says NOT_RATEABLE', async () => {
    await mountOpen(closedChat());
    fireEvent.click(within(await card()).getByRole('radio', { name: '5 of 5: Very satisfied' }));
    await takeSurvey(errorReply('NOT_RATEABLE'));
    expect(ui.queryByRole('group', { name: 'Your feedback' })).toBeNull();
    expect(ui.queryByRole('alert')).toBeNull();
  });

  it('an answer lost with the connection shows "Not sent" and Retry sends it', async () => {
    await mountOpen(closedChat());
    const survey = await card();
    fireEvent.click(within(survey).getByRole('radio', { name: '2 of 5: Dissatisfied' }));
    await waitFor(
      () => expect(relay.pending.some((r) => r.frame.type === 'survey.submit')).toBe(true),
      LOAD,
    );
    relay.drop();
    await settle();
    expect(within(survey).getByText(/Not sent/)).toBeTruthy();
    relay.open();
    relay.take('session.hello').reply(closedChat());
    await settle();
    fireEvent.click(within(survey).getByRole('button', { name: 'Retry' }));
    expect(await takeSurvey()).toEqual({ type: 'survey.submit', conversationId: 'c-1', csat: 2 });
    expect(within(survey).queryByText(/Not sent/)).toBeNull();
  });
});

describe('the survey after a callback', () => {
  it('asks on the next visit about a completed callback with surveyDue', async () => {
    await mountOpen({
      ...welcome(null),
      callbacks: [callbackView({ status: 'completed', surveyDue: true })],
    });
    const survey = await card();
    expect(within(survey).getByText('Reference CB-7K3Q')).toBeTruthy();
    fireEvent.click(within(survey).getByRole('radio', { name: '3 of 5: Neutral' }));
    expect(await takeSurvey()).toEqual({ type: 'survey.submit', callbackId: 'cb-1', csat: 3 });
    // The relay's push now says it is rated; the card stays for the rest of the survey.
    relay.push(callbackStatus({ status: 'completed', surveyDue: false, updatedAt: AT + 1 }));
    await settle();
    fireEvent.click(within(survey).getByRole('button', { name: 'Not now' }));
    await settle();
    expect(ui.queryByRole('group', { name: 'Your feedback' })).toBeNull();
  });

  it('shows when a callback.status push completes the callback', async () => {
    await mountOpen({ ...welcome(null), callbacks: [callbackView()] });
    await ui.findByRole('status', { name: 'Your callback' }, LOAD);
    expect(ui.queryByRole('group', { name: 'Your feedback' })).toBeNull();
    relay.push(callbackStatus({ status: 'completed', surveyDue: true, updatedAt: AT + 1 }));
    await settle();
    expect(within(await card()).getByRole('radiogroup', { name: CSAT })).toBeTruthy();
  });
});

describe('the launcher tooltip', () => {
  it('shows the icon-only launcher name after a rest, described while shown, hidden on Escape', async () => {
    await mountOpen(welcome(null), createMemoryStorage(), false);
    const launcher = ui.getByRole('button', { name: 'Open chat' });
    fireEvent.pointerEnter(launcher);
    fireEvent.focus(launcher);
    expect(ui.queryByRole('tooltip')).toBeNull();
    const tip = await ui.findByRole('tooltip', {}, LOAD);
    expect(tip.textContent).toBe('Open chat');
    expect(launcher.getAttribute('aria-describedby')).toBe(tip.id);
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
    fireEvent.keyDown(launcher, { key: 'Escape' });
    expect(ui.queryByRole('tooltip')).toBeNull();
    expect(launcher.hasAttribute('aria-describedby')).toBe(false);

    fireEvent.pointerEnter(launcher);
    await ui.findByRole('tooltip', {}, LOAD);
    fireEvent.pointerLeave(launcher);
    expect(ui.queryByRole('tooltip')).toBeNull();
  });

  it('is not there when the launcher shows its label', async () => {
    await mountOpen(
      welcome(null, 't', {
        ...welcome(null).site,
        theme: {
          position: 'right',
          offsetX: 20,
          offsetY: 20,
          launcherLabel: 'Questions?',
          mode: 'light',
          sound: false,
        },
      }),
      createMemoryStorage(),
      false,
    );
    const launcher = ui.getByRole('button', { name: 'Questions? – open chat' });
    fireEvent.pointerEnter(launcher);
    fireEvent.focus(launcher);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(ui.queryByRole('tooltip')).toBeNull();
  });
});
