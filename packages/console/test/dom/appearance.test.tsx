import type { AgentToServer, SiteAppearance } from '@switchboard/shared';
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { SESSION_KEY } from '../../src/client/session-storage.js';
import { flush } from './support/fake-transport.js';
import { routingWelcome, SUPERVISOR, T0 } from './support/fixtures.js';
import { memoryStorage, renderConsole } from './support/render-console.js';

const FERNHILL: SiteAppearance = {
  siteId: 'fernhill',
  name: 'Fernhill Outdoor',
  greeting: 'Hi! Ask us anything.',
  color: '#1f6f5c',
  theme: { position: 'right', offsetX: 20, offsetY: 24, mode: 'light', sound: false },
  triggers: [{ id: 'tr_1', message: 'Need help choosing?', afterSec: 30, urlPattern: '/boots*' }],
};

const LAKESIDE: SiteAppearance = {
  siteId: 'lakeside',
  name: 'Lakeside Books',
  color: '#7a1f5c',
  theme: { position: 'left', offsetX: 0, offsetY: 0, mode: 'dark', sound: true },
  triggers: [],
};

function supervisorSession() {
  return memoryStorage({
    [SESSION_KEY]: JSON.stringify({
      token: 'tok-1',
      expiresAt: T0 + 8 * 3600_000,
      agent: SUPERVISOR,
    }),
  });
}

async function start(
  options: { sites?: SiteAppearance[]; answer?: (frame: AgentToServer) => unknown } = {},
) {
  window.location.hash = '#/appearance';
  const view = renderConsole({
    storage: supervisorSession(),
    now: () => T0,
    respond: (frame) => {
      const answered = options.answer?.(frame);
      if (answered !== undefined) return answered;
      if (frame.type === 'agent.hello') {
        return {
          ...routingWelcome([]),
          agent: SUPERVISOR,
          sites: options.sites ?? [FERNHILL, LAKESIDE],
        };
      }
      return { type: 'ok' };
    },
  });
  await act(async () => {
    view.transport.connect();
    await flush(10);
  });
  return view;
}

const input = (label: string, value: string) =>
  fireEvent.input(screen.getByLabelText(label), { target: { value } });

const preview = () => screen.getByRole('figure', { name: 'Widget preview' });

/** The launcher in the preview: the element holding its label. */
const launcher = (label: string) => {
  const element = within(preview()).getByText(label).parentElement;
  if (!element) throw new Error('no launcher');
  return element;
};

async function save() {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await flush(10);
  });
}

describe('the Appearance view', () => {
  it('is a supervisor’s view, with a link in the top bar', async () => {
    await start();
    expect(screen.getByRole('link', { name: 'Appearance' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Appearance' })).toBeTruthy();
    const site = screen.getByRole('combobox', { name: 'Site' }) as HTMLSelectElement;
    expect(site.value).toBe('fernhill');
    expect((screen.getByLabelText('Panel title') as HTMLInputElement).value).toBe(
      'Fernhill Outdoor',
    );
    expect((screen.getByLabelText('Greeting') as HTMLTextAreaElement).value).toBe(
      'Hi! Ask us anything.',
    );
    expect((screen.getByLabelText('Primary colour hex code') as HTMLInputElement).value).toBe(
      '#1f6f5c',
    );
    expect((screen.getByLabelText('Primary colour') as HTMLInputElement).type).toBe('color');
    expect((screen.getByRole('radio', { name: 'Right' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('radio', { name: 'Light' }) as HTMLInputElement).checked).toBe(true);
    expect(
      (screen.getByRole('checkbox', { name: 'Sound on new messages' }) as HTMLInputElement).checked,
    ).toBe(false);
    const greeting = screen.getByRole('group', { name: 'Proactive greeting 1' });
    expect((within(greeting).getByLabelText('Message') as HTMLTextAreaElement).value).toBe(
      'Need help choosing?',
    );
    expect((within(greeting).getByLabelText('Seconds on page') as HTMLInputElement).value).toBe(
      '30',
    );
    expect((within(greeting).getByLabelText('URL pattern') as HTMLInputElement).value).toBe(
      '/boots*',
    );
  });

  it('keeps agents out of #/appearance', async () => {
    window.location.hash = '#/appearance';
    const view = renderConsole({
      respond: (f) =>
        f.type === 'agent.hello' ? { ...routingWelcome([]), sites: [FERNHILL] } : { type: 'ok' },
      now: () => T0,
    });
    await act(async () => {
      view.transport.connect();
      await flush(10);
    });
    expect(screen.queryByRole('link', { name: 'Appearance' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Appearance' })).toBeNull();
    expect(screen.queryByLabelText('Panel title')).toBeNull();
  });

  it('previews the launcher and panel as they are edited', async () => {
    await start();
    const figure = preview();
    expect(within(figure).getByText('Fernhill Outdoor')).toBeTruthy();
    expect(within(figure).getByText('Hi! Ask us anything.')).toBeTruthy();
    // Brand green takes white text.
    expect(figure.style.getPropertyValue('--preview-brand')).toBe('#1f6f5c');
    expect(figure.style.getPropertyValue('--preview-on-brand')).toBe('#ffffff');
    expect(figure.className).toContain('widget-preview--right');
    expect(figure.className).toContain('widget-preview--light');
    expect(
      screen.getByText('Bottom right · 20 px from the side · 24 px from the bottom'),
    ).toBeTruthy();
    expect(screen.getByText(/Text on it: white/)).toBeTruthy();

    input('Panel title', 'Fernhill Help');
    input('Launcher label', 'Chat with us');
    input('Primary colour hex code', '#ffd166');
    fireEvent.click(screen.getByRole('radio', { name: 'Left' }));
    input('Side offset (px)', '40');
    input('Bottom offset (px)', '0');
    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));

    expect(within(preview()).getByText('Fernhill Help')).toBeTruthy();
    expect(launcher('Chat with us').className).toContain('widget-preview__launcher--label');
    // Pale yellow takes black text.
    expect(preview().style.getPropertyValue('--preview-brand')).toBe('#ffd166');
    expect(preview().style.getPropertyValue('--preview-on-brand')).toBe('#000000');
    expect(preview().className).toContain('widget-preview--left');
    expect(preview().className).toContain('widget-preview--dark');
    expect(preview().style.getPropertyValue('--preview-x')).toBe('20px');
    expect(
      screen.getByText('Bottom left · 40 px from the side · 0 px from the bottom'),
    ).toBeTruthy();
    expect(screen.getByText(/Text on it: black/)).toBeTruthy();
  });

  it('warns about a colour that is hard to see against the panel', async () => {
    await start();
    expect(screen.queryByText(/Low contrast/)).toBeNull();
    input('Primary colour hex code', '#ffd166');
    const warning = screen.getByText(/Low contrast: this colour is 1\.4:1 against the light panel/);
    const hex = screen.getByLabelText('Primary colour hex code');
    const describedBy = hex.getAttribute('aria-describedby') ?? '';
    expect(describedBy.split(' ')).toContain(warning.parentElement?.id);
    // On the dark panel the same yellow reads well; a dark navy does not.
    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    expect(screen.queryByText(/Low contrast/)).toBeNull();
    input('Primary colour hex code', '#000080');
    expect(screen.getByText(/against the dark panel/)).toBeTruthy();
    // Automatic checks both.
    fireEvent.click(screen.getByRole('radio', { name: 'Automatic' }));
    expect(screen.queryByText(/against the light panel/)).toBeNull();
    expect(screen.getByText(/against the dark panel/)).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Preview dark mode' }));
    expect(preview().className).toContain('widget-preview--dark');
  });

  it('sends site.save with the SiteAppearance shape and shows Saved', async () => {
    const view = await start();
    input('Panel title', '  Fernhill Help ');
    input('Greeting', '');
    input('Primary colour hex code', '#0B5FFF');
    input('Launcher label', 'Chat with us');
    input('Side offset (px)', '0');
    input('Bottom offset (px)', '200');
    fireEvent.click(screen.getByRole('radio', { name: 'Left' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Automatic' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Sound on new messages' }));
    // Edit the first greeting, remove nothing, add a second.
    const first = screen.getByRole('group', { name: 'Proactive greeting 1' });
    fireEvent.input(within(first).getByLabelText('Seconds on page'), { target: { value: '45' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add greeting' }));
    const second = screen.getByRole('group', { name: 'Proactive greeting 2' });
    fireEvent.input(within(second).getByLabelText('Message'), {
      target: { value: 'Questions about delivery?' },
    });
    fireEvent.input(within(second).getByLabelText('URL pattern'), {
      target: { value: '/checkout*' },
    });
    await save();
    expect(view.transport.of('site.save')).toEqual([
      {
        type: 'site.save',
        site: {
          siteId: 'fernhill',
          name: 'Fernhill Help',
          color: '#0b5fff',
          theme: {
            position: 'left',
            offsetX: 0,
            offsetY: 200,
            launcherLabel: 'Chat with us',
            mode: 'auto',
            sound: true,
          },
          triggers: [
            { id: 'tr_1', message: 'Need help choosing?', afterSec: 45, urlPattern: '/boots*' },
            {
              id: 'tr_k1',
              message: 'Questions about delivery?',
              afterSec: 30,
              urlPattern: '/checkout*',
            },
          ],
        },
      },
    ]);
    expect(screen.getByText('Saved').getAttribute('role')).toBe('status');
    expect(screen.queryByRole('button', { name: 'Discard changes' })).toBeNull();
  });

  it('removes a greeting, and allows at most 20', async () => {
    const view = await start();
    fireEvent.click(screen.getByRole('button', { name: 'Remove proactive greeting 1' }));
    expect(screen.queryByRole('group', { name: 'Proactive greeting 1' })).toBeNull();
    expect(screen.getByText('No proactive greetings.')).toBeTruthy();
    const add = screen.getByRole('button', { name: 'Add greeting' }) as HTMLButtonElement;
    for (let i = 0; i < 20; i++) fireEvent.click(add);
    expect(screen.getAllByRole('group', { name: /^Proactive greeting \d+$/ })).toHaveLength(20);
    expect(add.disabled).toBe(true);
    expect(screen.getByText('At most 20 greetings.')).toBeTruthy();
    // Empty greetings are refused before anything is sent, the first one focused.
    await save();
    expect(view.transport.of('site.save')).toHaveLength(0);
    const message = within(
      screen.getByRole('group', { name: 'Proactive greeting 1' }),
    ).getByLabelText('Message');
    expect(message.getAttribute('aria-invalid')).toBe('true');
  });

  it('refuses a bad colour and offset with messages on the fields', async () => {
    const view = await start();
    input('Primary colour hex code', '#12345');
    input('Side offset (px)', '250');
    input('Launcher label', 'x'.repeat(41));
    await save();
    expect(view.transport.of('site.save')).toHaveLength(0);
    const hex = screen.getByLabelText('Primary colour hex code');
    expect(hex.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Use # and six hex digits, e.g. #1f6f5c.')).toBeTruthy();
    expect(screen.getByLabelText('Side offset (px)').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter a whole number from 0 to 200.')).toBeTruthy();
    expect(screen.getByText('At most 40 characters.')).toBeTruthy();
  });

  it('shows the relay’s refusal in its own words', async () => {
    await start({
      answer: (f) =>
        f.type === 'site.save'
          ? { type: 'error', code: 'NOT_FOUND', message: 'No site "fernhill".' }
          : undefined,
    });
    input('Panel title', 'Fernhill Help');
    await save();
    expect(screen.getByRole('alert').textContent).toBe('No site "fernhill".');
    expect(screen.queryByText('Saved')).toBeNull();
    // The edit is still there to retry.
    expect((screen.getByLabelText('Panel title') as HTMLInputElement).value).toBe('Fernhill Help');
  });

  it('discards unsaved changes back to what is saved', async () => {
    await start();
    expect(screen.queryByRole('button', { name: 'Discard changes' })).toBeNull();
    input('Panel title', 'Something else');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Sound on new messages' }));
    expect((screen.getByRole('combobox', { name: 'Site' }) as HTMLSelectElement).disabled).toBe(
      true,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect((screen.getByLabelText('Panel title') as HTMLInputElement).value).toBe(
      'Fernhill Outdoor',
    );
    expect(
      (screen.getByRole('checkbox', { name: 'Sound on new messages' }) as HTMLInputElement).checked,
    ).toBe(false);
    expect(within(preview()).getByText('Fernhill Outdoor')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Discard changes' })).toBeNull();
  });

  it('switches sites and follows sites.changed', async () => {
    const view = await start();
    fireEvent.change(screen.getByRole('combobox', { name: 'Site' }), {
      target: { value: 'lakeside' },
    });
    expect((screen.getByLabelText('Panel title') as HTMLInputElement).value).toBe('Lakeside Books');
    expect((screen.getByRole('radio', { name: 'Left' }) as HTMLInputElement).checked).toBe(true);
    expect(preview().className).toContain('widget-preview--dark');
    expect(within(preview()).getByText('Launcher')).toBeTruthy();

    // Another supervisor renames it: the form follows while nothing is edited here.
    await act(async () => {
      view.transport.push({
        type: 'sites.changed',
        sites: [FERNHILL, { ...LAKESIDE, name: 'Lakeside Books & Coffee' }],
      });
      await flush();
    });
    expect((screen.getByLabelText('Panel title') as HTMLInputElement).value).toBe(
      'Lakeside Books & Coffee',
    );

    // With unsaved changes here, a push keeps them; Discard goes to the newest saved version.
    input('Greeting', 'Welcome!');
    await act(async () => {
      view.transport.push({
        type: 'sites.changed',
        sites: [FERNHILL, { ...LAKESIDE, name: 'Lakeside' }],
      });
      await flush();
    });
    expect((screen.getByLabelText('Greeting') as HTMLTextAreaElement).value).toBe('Welcome!');
    fireEvent.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect((screen.getByLabelText('Panel title') as HTMLInputElement).value).toBe('Lakeside');
    expect((screen.getByLabelText('Greeting') as HTMLTextAreaElement).value).toBe('');
  });

  it('says so when there is no site', async () => {
    await start({ sites: [] });
    expect(screen.getByText('No sites to edit.')).toBeTruthy();
  });
});
