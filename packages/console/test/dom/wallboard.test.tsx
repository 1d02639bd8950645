import { act, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flush } from './support/fake-transport.js';
import { AGENTS, QUEUES, routingWelcome, T0 } from './support/fixtures.js';
import { renderConsole } from './support/render-console.js';
import { definition, startSupervisor, wallboardData } from './support/service-quality.js';

describe('Wallboard', () => {
  let clock = T0;
  beforeEach(() => {
    clock = T0;
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows each queue with the number waiting and a longest wait that ticks every second', async () => {
    await startSupervisor({ hash: '#/wallboard', now: () => clock });
    const orders = screen.getByRole('region', { name: 'Orders' });
    expect(definition(orders, 'Waiting')).toBe('1');
    expect(definition(orders, 'Longest wait')).toBe('2:05');
    const tech = screen.getByRole('region', { name: /Technical support/ });
    expect(within(tech).getByText(/Closed/)).toBeTruthy();
    expect(definition(tech, 'Waiting')).toBe('0');
    expect(definition(tech, 'Longest wait')).toBe('—');

    clock = T0 + 5_000;
    await act(async () => {
      vi.advanceTimersByTime(1_000);
    });
    expect(definition(orders, 'Longest wait')).toBe('2:10');
  });

  it('counts agents by state: online with room, busy at capacity, away, offline', async () => {
    await startSupervisor({ hash: '#/wallboard' });
    const agents = screen.getByRole('region', { name: 'Agents by state' });
    // Grace 2/3 and Maya 1/5 have room, Lin 3/3 is full, Sam is away.
    expect(definition(agents, 'Online with room')).toBe('2');
    expect(definition(agents, 'Busy at capacity')).toBe('1');
    expect(definition(agents, 'Away')).toBe('1');
    expect(definition(agents, 'Offline')).toBe('0');
  });

  it("shows today's numbers and the service level against the target, in colour and in words", async () => {
    await startSupervisor({ hash: '#/wallboard' });
    const today = screen.getByRole('region', { name: 'Today' });
    expect(definition(today, 'Contacts')).toBe('40');
    expect(definition(today, 'Answered')).toBe('35');
    expect(definition(today, 'Abandoned')).toBe('3');
    expect(definition(today, 'Customer satisfaction (CSAT)')).toBe('90%');
    expect(definition(today, 'Average speed of answer (ASA)')).toBe('18 s');
    expect(definition(today, 'Average handle time (AHT)')).toBe('4 min 5 s');
    const sl = definition(today, 'Service level (target 80% in 20 s)');
    expect(sl).toBe('72%Near target');
    const tile = within(today).getByText('Near target').closest('.sl');
    expect(tile?.classList.contains('sl--near')).toBe(true);
  });

  it('updates live from wallboard.update and routing.snapshot', async () => {
    const view = await startSupervisor({ hash: '#/wallboard', now: () => clock });
    const data = wallboardData();
    await act(async () => {
      view.transport.push({
        type: 'wallboard.update',
        data: { ...data, today: { ...data.today, contacts: 41, serviceLevel: 0.5 } },
      });
      view.transport.push({
        type: 'routing.snapshot',
        agents: AGENTS.map((a) => (a.id === 'a_sam' ? { ...a, presence: 'offline' } : a)),
        queues: QUEUES.map((q) =>
          q.departmentId === 'orders'
            ? { ...q, waiting: ['c_1', 'c_2'], longestWaitMs: 10_000 }
            : q,
        ),
      });
      await flush();
    });
    const today = screen.getByRole('region', { name: 'Today' });
    expect(definition(today, 'Contacts')).toBe('41');
    expect(definition(today, /^Service level/)).toBe('50%Below target');
    const orders = screen.getByRole('region', { name: 'Orders' });
    expect(definition(orders, 'Waiting')).toBe('2');
    expect(definition(orders, 'Longest wait')).toBe('0:10');
    const agents = screen.getByRole('region', { name: 'Agents by state' });
    expect(definition(agents, 'Away')).toBe('0');
    expect(definition(agents, 'Offline')).toBe('1');
  });

  it('gives the hourly chart a table alternative with the same numbers', async () => {
    await startSupervisor({ hash: '#/wallboard' });
    const table = screen.getByRole('table', { name: 'Today by hour' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(
      within(rows[0] as HTMLElement)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['12', '50%']);
    expect(
      within(rows[2] as HTMLElement)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['8', '—']);
    expect(within(table).getByRole('columnheader', { name: 'Service level' })).toBeTruthy();
  });

  it('is for supervisors: an agent has no Wallboard link and #/wallboard shows the inbox', async () => {
    window.location.hash = '#/wallboard';
    const view = renderConsole({
      respond: (f) => (f.type === 'agent.hello' ? routingWelcome([]) : { type: 'ok' }),
    });
    await act(async () => {
      view.transport.connect();
      await flush(10);
    });
    expect(screen.queryByRole('link', { name: 'Wallboard' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Wallboard' })).toBeNull();
  });
});
