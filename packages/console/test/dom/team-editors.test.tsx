import type { AgentToServer, AgentWelcome } from '@switchboard/shared';
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { flush } from './support/fake-transport.js';
import { CANNED, DEPARTMENTS, routingWelcome, SUPERVISOR, T0 } from './support/fixtures.js';
import { renderConsole } from './support/render-console.js';

interface Options {
  welcome?: Partial<AgentWelcome>;
  /** Answers for frames other than the hello; default `ok`. */
  answer?: (frame: AgentToServer) => unknown;
}

/** A supervisor on `#/team`, connected to a fake relay with departments, canned and a snapshot. */
async function startTeam(options: Options = {}) {
  window.location.hash = '#/team';
  const view = renderConsole({
    now: () => T0 + 60_000,
    respond: (frame) =>
      frame.type === 'agent.hello'
        ? routingWelcome([], { agent: SUPERVISOR, ...options.welcome })
        : (options.answer?.(frame) ?? { type: 'ok' }),
  });
  await act(async () => {
    view.transport.connect();
    await flush(10);
  });
  return view;
}

const departments = () => screen.getByRole('table', { name: 'Departments' });
const cannedTable = () => screen.getByRole('table', { name: 'Canned responses' });
const dialog = (name: string) => screen.getByRole('dialog', { name });

async function click(element: HTMLElement) {
  await act(async () => {
    fireEvent.click(element);
    await flush(10);
  });
}

function type(element: HTMLElement, value: string) {
  fireEvent.input(element, { target: { value } });
}

describe('department editor', () => {
  it('lists the departments with their hours, agents and assignment', async () => {
    await startTeam();
    const orders = within(departments()).getByRole('row', { name: /Orders/ });
    expect(orders.textContent).toContain('Always open');
    expect(orders.textContent).toContain('Grace Hopper, Sam Lee');
    expect(orders.textContent).toContain('Longest idle');
    const tech = within(departments()).getByRole('row', { name: /Technical support/ });
    expect(tech.textContent).toContain('Mon 09:00–17:00');
    expect(tech.textContent).toContain('America/New_York');
    expect(tech.textContent).toContain('Least busy');
  });

  it('Edit opens the form; Save sends department.save with the changed hours, agents and strategy', async () => {
    const view = await startTeam();
    const tech = within(departments()).getByRole('row', { name: /Technical support/ });
    await click(within(tech).getByRole('button', { name: 'Edit' }));

    const form = dialog('Edit department');
    expect((within(form).getByLabelText('Name') as HTMLInputElement).value).toBe(
      'Technical support',
    );
    expect(within(form).queryByLabelText('Department id')).toBeNull();
    expect(
      (within(form).getByRole('checkbox', { name: 'Always open' }) as HTMLInputElement).checked,
    ).toBe(false);
    expect((within(form).getByLabelText('Monday opens') as HTMLInputElement).value).toBe('09:00');
    expect(
      (within(form).getByRole('checkbox', { name: 'Tuesday Closed' }) as HTMLInputElement).checked,
    ).toBe(true);

    // Open Tuesday 10:00-18:00, Monday until midnight; add Lin; round robin; 45 s; auto-accept.
    await click(within(form).getByRole('checkbox', { name: 'Tuesday Closed' }));
    type(within(form).getByLabelText('Tuesday opens'), '10:00');
    type(within(form).getByLabelText('Tuesday closes'), '18:00');
    type(within(form).getByLabelText('Monday closes'), '00:00');
    await click(within(form).getByRole('checkbox', { name: 'Lin Park' }));
    fireEvent.change(within(form).getByLabelText('Assignment'), {
      target: { value: 'round-robin' },
    });
    type(within(form).getByLabelText('Offer timeout (seconds)'), '45');
    await click(
      within(form).getByRole('checkbox', { name: 'Assign without asking (auto-accept)' }),
    );
    type(within(form).getByLabelText('Required skills'), 'tech, german, tech');
    type(within(form).getByLabelText('Holidays'), '2025-12-25');
    await click(within(form).getByRole('button', { name: 'Add' }));

    await click(within(form).getByRole('button', { name: 'Save' }));
    expect(view.transport.of('department.save')).toEqual([
      {
        type: 'department.save',
        department: {
          id: 'tech',
          name: 'Technical support',
          skills: ['tech', 'german'],
          agentIds: ['a_sam', 'a_lin'],
          timeZone: 'America/New_York',
          hours: [
            { day: 1, open: '09:00', close: '24:00' },
            { day: 2, open: '10:00', close: '18:00' },
          ],
          holidays: ['2025-12-25'],
          strategy: 'round-robin',
          offerTimeoutSec: 45,
          autoAccept: true,
        },
      },
    ]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('"Always open" saves hours: [] and a new department gets the id typed', async () => {
    const view = await startTeam();
    await click(screen.getByRole('button', { name: 'New department' }));
    const form = dialog('New department');
    type(within(form).getByLabelText('Name'), 'Returns');
    type(within(form).getByLabelText('Department id'), 'orders');
    type(within(form).getByLabelText('Time zone'), 'Europe/Berlin');
    await click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByText('Another department already has this id.')).toBeTruthy();
    expect(view.transport.of('department.save')).toEqual([]);

    type(within(form).getByLabelText('Department id'), 'returns');
    await click(within(form).getByRole('button', { name: 'Save' }));
    const [sent] = view.transport.of('department.save');
    expect(sent?.department).toMatchObject({
      id: 'returns',
      name: 'Returns',
      timeZone: 'Europe/Berlin',
      hours: [],
      strategy: 'longest-idle',
      offerTimeoutSec: 30,
      autoAccept: false,
    });
  });

  it('an unknown time zone shows an inline error and blocks saving', async () => {
    const view = await startTeam();
    await click(
      within(within(departments()).getByRole('row', { name: /Orders/ })).getByRole('button', {
        name: 'Edit',
      }),
    );
    const form = dialog('Edit department');
    const zone = within(form).getByLabelText('Time zone') as HTMLInputElement;
    type(zone, 'Mars/Olympus_Mons');
    fireEvent.change(zone);
    const message = 'Unknown time zone. Use an IANA name such as Europe/Berlin.';
    expect(within(form).getByText(message)).toBeTruthy();
    expect(zone.getAttribute('aria-invalid')).toBe('true');

    await click(within(form).getByRole('button', { name: 'Save' }));
    expect(view.transport.of('department.save')).toEqual([]);
    expect(screen.getByRole('dialog', { name: 'Edit department' })).toBeTruthy();
    expect(document.activeElement).toBe(zone);

    // Fixed (any case): the error goes and the canonical name is sent.
    type(zone, 'asia/tokyo');
    expect(within(form).queryByText(message)).toBeNull();
    await click(within(form).getByRole('button', { name: 'Save' }));
    expect(view.transport.of('department.save')[0]?.department.timeZone).toBe('Asia/Tokyo');
  });

  it('blocks hours that close before they open, and a week with no open day', async () => {
    const view = await startTeam();
    await click(
      within(within(departments()).getByRole('row', { name: /Technical/ })).getByRole('button', {
        name: 'Edit',
      }),
    );
    const form = dialog('Edit department');
    type(within(form).getByLabelText('Monday closes'), '08:00');
    await click(within(form).getByRole('button', { name: 'Save' }));
    expect(
      within(form).getByText('Monday: the closing time must be after the opening time.'),
    ).toBeTruthy();

    await click(within(form).getByRole('checkbox', { name: 'Monday Closed' }));
    await click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByText('Open on at least one day, or tick Always open.')).toBeTruthy();
    expect(view.transport.of('department.save')).toEqual([]);
  });

  it('shows the relay refusal in an alert and keeps the form open', async () => {
    await startTeam({
      answer: (f) =>
        f.type === 'department.save'
          ? { type: 'error', code: 'FORBIDDEN', message: 'Only supervisors can do that.' }
          : undefined,
    });
    await click(
      within(within(departments()).getByRole('row', { name: /Orders/ })).getByRole('button', {
        name: 'Edit',
      }),
    );
    const form = dialog('Edit department');
    await click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByRole('alert').textContent).toBe('Only supervisors can do that.');
    expect(screen.getByRole('dialog', { name: 'Edit department' })).toBeTruthy();
  });

  it('Cancel and Escape close without sending; Escape returns focus to Edit', async () => {
    const view = await startTeam();
    const edit = within(within(departments()).getByRole('row', { name: /Orders/ })).getByRole(
      'button',
      { name: 'Edit' },
    );
    edit.focus();
    await click(edit);
    await click(within(dialog('Edit department')).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await click(edit);
    await act(async () => {
      fireEvent.keyDown(within(dialog('Edit department')).getByLabelText('Name'), {
        key: 'Escape',
      });
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(edit);
    expect(view.transport.of('department.save')).toEqual([]);
  });

  it('updates the list on departments.changed', async () => {
    const view = await startTeam();
    await act(async () => {
      view.transport.push({
        type: 'departments.changed',
        departments: [
          { ...DEPARTMENTS[0]!, name: 'Orders and returns', strategy: 'least-busy' },
          { ...DEPARTMENTS[1]!, id: 'billing', name: 'Billing', hours: [] },
        ],
      });
    });
    const rows = within(departments()).getAllByRole('row');
    expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual([
      'Name',
      'Orders and returnsorders',
      'Billingbilling',
    ]);
    expect(
      within(departments()).getByRole('row', { name: /Orders and returns/ }).textContent,
    ).toContain('Least busy');
    expect(within(departments()).queryByRole('row', { name: /Technical support/ })).toBeNull();
  });
});

describe('canned responses manager', () => {
  it('lists shortcut, title and text', async () => {
    await startTeam();
    const row = within(cannedTable()).getByRole('row', { name: /\/refund-partial/ });
    expect(row.textContent).toContain('Partial refund');
    expect(row.textContent).toContain('We can refund part of the order.');
  });

  it('creates a response with a cr_ id', async () => {
    const view = await startTeam();
    await click(screen.getByRole('button', { name: 'New response' }));
    const form = dialog('New canned response');
    type(within(form).getByLabelText('Shortcut'), 'hello');
    type(within(form).getByLabelText('Title'), 'Greeting');
    type(within(form).getByLabelText('Text'), '  Hi, how can I help?  ');
    await click(within(form).getByRole('button', { name: 'Save' }));
    const [sent] = view.transport.of('canned.save');
    expect(sent?.canned).toMatchObject({
      shortcut: 'hello',
      title: 'Greeting',
      text: 'Hi, how can I help?',
    });
    expect(sent?.canned.id).toMatch(/^cr_.+/);
    expect(screen.queryByRole('dialog')).toBeNull();

    await act(async () => {
      view.transport.push({ type: 'canned.changed', canned: [...CANNED, sent!.canned] });
    });
    expect(within(cannedTable()).getByRole('row', { name: /\/hello/ }).textContent).toContain(
      'Greeting',
    );
  });

  it('edits a response, keeping its id', async () => {
    const view = await startTeam();
    const row = within(cannedTable()).getByRole('row', { name: /\/shipping/ });
    await click(within(row).getByRole('button', { name: 'Edit' }));
    const form = dialog('Edit canned response');
    expect((within(form).getByLabelText('Shortcut') as HTMLInputElement).value).toBe('shipping');
    type(within(form).getByLabelText('Text'), 'We ship in 1 day.');
    await click(within(form).getByRole('button', { name: 'Save' }));
    expect(view.transport.of('canned.save')).toEqual([
      {
        type: 'canned.save',
        canned: {
          id: 'k_ship',
          shortcut: 'shipping',
          title: 'Shipping times',
          text: 'We ship in 1 day.',
        },
      },
    ]);
  });

  it('blocks an invalid or taken shortcut', async () => {
    const view = await startTeam();
    await click(screen.getByRole('button', { name: 'New response' }));
    const form = dialog('New canned response');
    const shortcut = within(form).getByLabelText('Shortcut');
    type(shortcut, 'Refund Policy');
    type(within(form).getByLabelText('Title'), 'Refunds');
    type(within(form).getByLabelText('Text'), 'Refunds take 5 days.');
    await click(within(form).getByRole('button', { name: 'Save' }));
    expect(
      within(form).getByText(
        'Up to 32 lowercase letters, digits, - and _, starting with a letter or digit; no spaces.',
      ),
    ).toBeTruthy();
    expect(shortcut.getAttribute('aria-invalid')).toBe('true');

    type(shortcut, '/refund');
    await click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByText('Another response already uses this shortcut.')).toBeTruthy();
    expect(view.transport.of('canned.save')).toEqual([]);
  });

  it('deletes after a confirm step; Cancel backs out', async () => {
    const view = await startTeam();
    const row = () => within(cannedTable()).getByRole('row', { name: /\/refund-partial/ });
    await click(within(row()).getByRole('button', { name: 'Delete' }));
    const confirm = within(row()).getByRole('group', { name: 'Delete /refund-partial?' });
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Cancel' }));
    await click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(view.transport.of('canned.delete')).toEqual([]);

    await click(within(row()).getByRole('button', { name: 'Delete' }));
    await click(within(row()).getByRole('button', { name: 'Yes, delete' }));
    expect(view.transport.of('canned.delete')).toEqual([
      { type: 'canned.delete', id: 'k_refund_partial' },
    ]);
    await act(async () => {
      view.transport.push({
        type: 'canned.changed',
        canned: CANNED.filter((c) => c.id !== 'k_refund_partial'),
      });
    });
    expect(within(cannedTable()).queryByRole('row', { name: /\/refund-partial/ })).toBeNull();
  });

  it('shows a refused delete', async () => {
    await startTeam({
      answer: (f) =>
        f.type === 'canned.delete'
          ? { type: 'error', code: 'FORBIDDEN', message: 'Only supervisors can do that.' }
          : undefined,
    });
    const row = within(cannedTable()).getByRole('row', { name: /\/shipping/ });
    await click(within(row).getByRole('button', { name: 'Delete' }));
    await click(within(row).getByRole('button', { name: 'Yes, delete' }));
    expect(screen.getByRole('alert').textContent).toBe('Only supervisors can do that.');
  });
});
