import type { AgentToServer, ForecastFrame, ForecastGet, ForecastHour } from '@switchboard/shared';
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { expectedServiceLevel } from '../../src/format/erlang.js';
import { flush } from './support/fake-transport.js';
import { startSupervisor } from './support/service-quality.js';

/** Monday 09:00 is busy and understaffed; Monday 10:00 is fine; the rest of the week is empty. */
function forecastFor(frame: ForecastGet, scheduled: number[] | null): ForecastFrame {
  const hours: ForecastHour[] = [];
  for (let day = 0; day < 7; day++) {
    for (let hour = 0; hour < 24; hour++) {
      const i = day * 24 + hour;
      const base = { day, hour, ahtSec: 180, scheduled: scheduled?.[i] ?? 0 };
      if (i === 9) {
        const s = scheduled?.[i] ?? 12;
        hours.push({
          ...base,
          arrivals: 200,
          agentsNeeded: 14,
          scheduled: s,
          expectedServiceLevel: expectedServiceLevel({
            arrivals: 200,
            ahtSec: 180,
            agents: s,
            targetSec: 20,
          }),
        });
      } else if (i === 10) {
        hours.push({
          ...base,
          arrivals: 20,
          agentsNeeded: 3,
          scheduled: scheduled?.[i] ?? 3,
          expectedServiceLevel: 0.9,
        });
      } else {
        hours.push({ ...base, arrivals: 0, agentsNeeded: 0, expectedServiceLevel: null });
      }
    }
  }
  return {
    type: 'forecast',
    departmentId: frame.departmentId,
    weeks: frame.weeks ?? 4,
    target: frame.target ?? { targetSec: 20, goal: 0.8 },
    hours,
  };
}

function relay() {
  let saved: number[] | null = null;
  return (frame: AgentToServer) => {
    if (frame.type === 'forecast.get') return forecastFor(frame, saved);
    if (frame.type === 'staffing.save') {
      saved = frame.scheduled;
      return { type: 'ok' };
    }
    return undefined;
  };
}

function cell(day: string, hour: string): HTMLElement {
  const input = screen.getByRole('spinbutton', { name: `Scheduled agents, ${day} ${hour}` });
  const td = input.closest('td');
  if (!td) throw new Error('no cell');
  return td;
}

describe('Forecast', () => {
  it("asks for the first department's forecast and shows the week grid, readable as a table", async () => {
    const view = await startSupervisor({ hash: '#/forecast', answer: relay() });
    expect(view.transport.of('forecast.get')).toEqual([
      { type: 'forecast.get', departmentId: 'orders', weeks: 4 },
    ]);
    const grid = screen.getByRole('table', { name: 'Staffing for Orders, by hour of the week' });
    expect(
      within(grid)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual([
      'Hour',
      'Monday',
      'Tuesday',
      'Wednesday',
      'Thursday',
      'Friday',
      'Saturday',
      'Sunday',
    ]);
    expect(within(grid).getAllByRole('spinbutton')).toHaveLength(168);
    const nine = cell('Monday', '09:00');
    expect(within(nine).getByText('200 arrivals')).toBeTruthy();
    expect(within(nine).getByText('14 needed')).toBeTruthy();
    expect(within(nine).getByText('SL 64%')).toBeTruthy();
    expect(nine.classList.contains('sl--poor')).toBe(true);
    expect(cell('Monday', '10:00').classList.contains('sl--good')).toBe(true);
    expect(
      (
        screen.getByRole('spinbutton', {
          name: 'Scheduled agents, Monday 09:00',
        }) as HTMLInputElement
      ).value,
    ).toBe('12');
    const summary = screen.getByRole('region', { name: 'Summary' });
    expect(within(summary).getByText('1 hour under target')).toBeTruthy();
    expect(within(summary).getByText('2 agent-hours short')).toBeTruthy();
    expect(screen.getByText('From the last 4 weeks; target 80% in 20 s.')).toBeTruthy();
  });

  it('recomputes the expected service level of an edit, saves the 168 numbers and reloads', async () => {
    const view = await startSupervisor({ hash: '#/forecast', answer: relay() });
    const save = screen.getByRole('button', { name: 'Save staffing' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    await act(async () => {
      fireEvent.input(screen.getByRole('spinbutton', { name: 'Scheduled agents, Monday 09:00' }), {
        target: { value: '14' },
      });
      await flush();
    });
    const nine = cell('Monday', '09:00');
    expect(within(nine).getByText('SL 89%')).toBeTruthy();
    expect(nine.classList.contains('sl--good')).toBe(true);
    expect(screen.getByText('Every hour with contacts meets the target.')).toBeTruthy();
    expect(screen.getByText('Unsaved changes')).toBeTruthy();

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save staffing' }));
      await flush(20);
    });
    const [saved] = view.transport.of('staffing.save');
    expect(saved?.departmentId).toBe('orders');
    expect(saved?.scheduled).toHaveLength(168);
    expect(saved?.scheduled[9]).toBe(14);
    expect(saved?.scheduled[10]).toBe(3);
    expect(saved?.scheduled.filter((n) => n > 0)).toHaveLength(2);
    expect(screen.getByText('Staffing saved')).toBeTruthy();
    // Asked again after saving: the relay's numbers now include the plan.
    expect(view.transport.of('forecast.get')).toHaveLength(2);
    expect(
      (
        screen.getByRole('spinbutton', {
          name: 'Scheduled agents, Monday 09:00',
        }) as HTMLInputElement
      ).value,
    ).toBe('14');
  });

  it('fills the plan with the agents needed in one click', async () => {
    await startSupervisor({ hash: '#/forecast', answer: relay() });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Schedule the agents needed' }));
      await flush();
    });
    expect(
      (
        screen.getByRole('spinbutton', {
          name: 'Scheduled agents, Monday 09:00',
        }) as HTMLInputElement
      ).value,
    ).toBe('14');
    expect(
      (
        screen.getByRole('spinbutton', {
          name: 'Scheduled agents, Monday 10:00',
        }) as HTMLInputElement
      ).value,
    ).toBe('3');
  });

  it('asks again for another department, another target and more weeks of history', async () => {
    const view = await startSupervisor({ hash: '#/forecast', answer: relay() });
    await act(async () => {
      fireEvent.change(screen.getByRole('combobox', { name: 'Department' }), {
        target: { value: 'tech' },
      });
      await flush(10);
    });
    // The request goes out once the view re-rendered; let its answer land.
    await act(async () => {
      await flush(10);
    });
    expect(view.transport.of('forecast.get').at(-1)).toMatchObject({ departmentId: 'tech' });
    expect(
      screen.getByRole('table', { name: 'Staffing for Technical support, by hour of the week' }),
    ).toBeTruthy();
    await act(async () => {
      fireEvent.input(screen.getByRole('spinbutton', { name: 'History (weeks)' }), {
        target: { value: '8' },
      });
      fireEvent.input(screen.getByRole('spinbutton', { name: 'Answer within (seconds)' }), {
        target: { value: '30' },
      });
      fireEvent.input(screen.getByRole('spinbutton', { name: 'Service-level goal (%)' }), {
        target: { value: '90' },
      });
      await flush();
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Update forecast' }));
      await flush(10);
    });
    await act(async () => {
      await flush(10);
    });
    expect(view.transport.of('forecast.get').at(-1)).toEqual({
      type: 'forecast.get',
      departmentId: 'tech',
      weeks: 8,
      target: { targetSec: 30, goal: 0.9 },
    });
    expect(screen.getByText('From the last 8 weeks; target 90% in 30 s.')).toBeTruthy();
  });
});

describe('expectedServiceLevel (Erlang C)', () => {
  it('matches the published example: 10 Erlangs, 20 s target, 180 s AHT', () => {
    // 200 contacts an hour of 180 s = 10 Erlangs. Erlang C tables: P(wait) with 12 agents is
    // 0.4494, 14 agents 0.1741 -> service levels of 64.0% and 88.8% within 20 s.
    const sl = (agents: number) =>
      expectedServiceLevel({ arrivals: 200, ahtSec: 180, agents, targetSec: 20 });
    expect(sl(12)).toBeCloseTo(0.6402, 3);
    expect(sl(14)).toBeCloseTo(0.888, 3);
    expect(sl(10)).toBe(0);
    expect(expectedServiceLevel({ arrivals: 0, ahtSec: 180, agents: 3, targetSec: 20 })).toBeNull();
  });
});
