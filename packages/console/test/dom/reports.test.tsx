import type { AgentToServer, KpiGet, KpiReport } from '@switchboard/shared';
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { flush } from './support/fake-transport.js';
import { T0 } from './support/fixtures.js';
import { kpis, startSupervisor } from './support/service-quality.js';

function midnight(at: number, plusDays = 0): number {
  const d = new Date(at);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + plusDays).getTime();
}

/** The relay's answer to a kpi.get: two buckets, two agents, one department. */
function reportFor(frame: KpiGet): KpiReport {
  const bucket = frame.bucket ?? 'day';
  return {
    type: 'kpi.report',
    from: frame.from,
    to: frame.to,
    bucket,
    target: { targetSec: 20, goal: 0.8 },
    totals: kpis({
      contacts: 120,
      answered: 110,
      abandoned: 10,
      serviceLevel: 0.84,
      asaSec: 14,
      ahtSec: 300,
      fcr: 0.7,
      csat: 0.8,
      csatAverage: 4.2,
      csatResponses: 50,
      ces: 5.5,
      cesResponses: 40,
      callbacksRequested: 10,
      callbacksCompleted: 8,
      callbackCompletionRate: 0.8,
    }),
    series: [
      {
        start: frame.from,
        kpis: kpis({ contacts: 70, abandoned: 6, serviceLevel: 0.9, csat: 0.75 }),
      },
      {
        start: frame.from + (bucket === 'hour' ? 3600_000 : 86_400_000),
        kpis: kpis({ contacts: 50, abandoned: 4, serviceLevel: 0.6, csat: null }),
      },
    ],
    agents: [
      {
        agent: { id: 'a_grace', name: 'Grace Hopper' },
        kpis: kpis({ contacts: 70, answered: 65, serviceLevel: 0.9 }),
      },
      {
        agent: { id: 'a_lin', name: 'Lin Park' },
        kpis: kpis({ contacts: 40, answered: 35, serviceLevel: 0.5 }),
      },
    ],
    departments: [
      { departmentId: 'orders', name: 'Orders', kpis: kpis({ contacts: 120, fcr: 0.7 }) },
    ],
  };
}

function answer(frame: AgentToServer) {
  return frame.type === 'kpi.get' ? reportFor(frame) : undefined;
}

describe('Reports', () => {
  it("asks for today's KPIs by hour when it opens and shows them as cards with their formulas", async () => {
    const view = await startSupervisor({ hash: '#/reports', answer });
    const asked = view.transport.of('kpi.get');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ from: midnight(T0), to: midnight(T0, 1), bucket: 'hour' });
    expect(asked[0]).not.toHaveProperty('departmentId');

    const sl = screen.getByRole('article', { name: 'Service level' });
    expect(within(sl).getByText('84%')).toBeTruthy();
    expect(within(sl).getByText('80% in 20 s')).toBeTruthy();
    expect(within(sl).getByText('On target')).toBeTruthy();
    expect(sl.getAttribute('title')).toMatch(/answered within the target time/);
    const fcr = screen.getByRole('article', {
      name: 'First contact resolution (FCR)',
      description: /no return on the same topic/,
    });
    expect(within(fcr).getByText('70%')).toBeTruthy();
    const aht = screen.getByRole('article', { name: 'Average handle time (AHT)' });
    expect(within(aht).getByText('5 min')).toBeTruthy();
    const csat = screen.getByRole('article', { name: 'Customer satisfaction (CSAT)' });
    expect(within(csat).getByText('50 answers, average 4.2')).toBeTruthy();
    const callbacks = screen.getByRole('article', { name: 'Callback completion' });
    expect(within(callbacks).getByText('8 of 10 requested')).toBeTruthy();
    // Nothing to divide by reads as a dash, not 0%.
    const deflection = screen.getByRole('article', { name: 'FAQ deflection' });
    expect(within(deflection).getByText('—')).toBeTruthy();
  });

  it('charts contacts, service level and CSAT by bucket, each with a table of the same numbers', async () => {
    await startSupervisor({ hash: '#/reports', answer });
    const contacts = screen.getByRole('table', { name: 'Contacts by period' });
    const rows = within(contacts).getAllByRole('row').slice(1);
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ),
    ).toEqual([
      ['70', '6'],
      ['50', '4'],
    ]);
    const sl = screen.getByRole('table', { name: 'Service level by period' });
    expect(
      within(sl)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['90%', '60%']);
    const csat = screen.getByRole('table', { name: 'CSAT by period' });
    expect(
      within(csat)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['75%', '—']);
  });

  it('lists the KPIs per agent and per department', async () => {
    await startSupervisor({ hash: '#/reports', answer });
    const agents = screen.getByRole('table', { name: 'By agent' });
    const lin = within(agents).getByRole('row', { name: /Lin Park/ });
    expect(within(lin).getAllByRole('cell')[0]?.textContent).toBe('40');
    const linSl = within(lin).getByText('50%');
    expect(linSl.classList.contains('sl--poor')).toBe(true);
    const departments = screen.getByRole('table', { name: 'By department' });
    expect(within(departments).getByRole('rowheader', { name: 'Orders' })).toBeTruthy();
  });

  it('asks again for a preset, a filter and a bucket', async () => {
    const view = await startSupervisor({ hash: '#/reports', answer });
    await act(async () => {
      fireEvent.change(screen.getByRole('combobox', { name: 'Range' }), {
        target: { value: 'last7' },
      });
      await flush(10);
    });
    expect(view.transport.of('kpi.get').at(-1)).toMatchObject({
      from: midnight(T0, -6),
      to: midnight(T0, 1),
      bucket: 'day',
    });
    await act(async () => {
      fireEvent.change(screen.getByRole('combobox', { name: 'Department' }), {
        target: { value: 'tech' },
      });
      await flush(10);
    });
    expect(view.transport.of('kpi.get').at(-1)).toMatchObject({ departmentId: 'tech' });
    await act(async () => {
      fireEvent.change(screen.getByRole('combobox', { name: 'Agent' }), {
        target: { value: 'a_lin' },
      });
      fireEvent.change(screen.getByRole('combobox', { name: 'Group by' }), {
        target: { value: 'hour' },
      });
      await flush(10);
    });
    expect(view.transport.of('kpi.get').at(-1)).toMatchObject({
      departmentId: 'tech',
      agentId: 'a_lin',
      bucket: 'hour',
    });
  });

  it('takes custom dates, both days included, and refuses them the wrong way round', async () => {
    const view = await startSupervisor({ hash: '#/reports', answer });
    await act(async () => {
      fireEvent.change(screen.getByRole('combobox', { name: 'Range' }), {
        target: { value: 'custom' },
      });
      await flush(10);
    });
    await act(async () => {
      fireEvent.change(screen.getByLabelText('From'), { target: { value: '2025-02-01' } });
      fireEvent.change(screen.getByLabelText('To'), { target: { value: '2025-02-03' } });
      await flush(10);
    });
    expect(view.transport.of('kpi.get').at(-1)).toMatchObject({
      from: new Date(2025, 1, 1).getTime(),
      to: new Date(2025, 1, 4).getTime(),
    });
    const count = view.transport.of('kpi.get').length;
    await act(async () => {
      fireEvent.change(screen.getByLabelText('To'), { target: { value: '2025-01-01' } });
      await flush(10);
    });
    expect(screen.getByRole('alert').textContent).toBe(
      'Pick a start date on or before the end date, at most 366 days apart.',
    );
    expect(view.transport.of('kpi.get')).toHaveLength(count);
  });

  it('exports conversations as CSV with the agent token and saves it through a download link', async () => {
    const fetchMock = vi.fn(
      async (_url: string, _init?: RequestInit) =>
        new Response('id,status\nc_1,closed\n', {
          status: 200,
          headers: { 'content-type': 'text/csv' },
        }),
    );
    const created = vi.fn((_blob: Blob) => 'blob:csv-1');
    const revoked = vi.fn();
    const originalCreate = URL.createObjectURL;
    const originalRevoke = URL.revokeObjectURL;
    URL.createObjectURL = created;
    URL.revokeObjectURL = revoked;
    const clicks: HTMLAnchorElement[] = [];
    const onClick = (event: Event) => {
      const target = event.target;
      if (target instanceof HTMLAnchorElement && target.download) {
        event.preventDefault();
        clicks.push(target);
      }
    };
    document.addEventListener('click', onClick, true);
    try {
      await startSupervisor({
        hash: '#/reports',
        answer,
        fetch: fetchMock as unknown as typeof fetch,
      });
      await act(async () => {
        fireEvent.change(screen.getByRole('combobox', { name: 'Department' }), {
          target: { value: 'orders' },
        });
        await flush(10);
      });
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name: 'Export conversations (CSV)' }));
        await new Promise((resolve) => setTimeout(resolve, 20));
        await flush(10);
      });
      expect(fetchMock).toHaveBeenCalledTimes(1);
      const [url, init] = fetchMock.mock.calls[0] ?? [];
      expect(url).toBe(
        `/api/v1/export/conversations.csv?from=${midnight(T0)}&to=${midnight(T0, 1)}&departmentId=orders`,
      );
      expect(new Headers(init?.headers).get('Authorization')).toBe('Bearer tok-1');
      expect(created).toHaveBeenCalledTimes(1);
      expect(await created.mock.calls[0]?.[0].text()).toBe('id,status\nc_1,closed\n');
      expect(clicks).toHaveLength(1);
      expect(clicks[0]?.getAttribute('href')).toBe('blob:csv-1');
      expect(clicks[0]?.download).toMatch(
        /^conversations-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/,
      );
      // The temporary link is gone again.
      expect(document.querySelector('a[download]')).toBeNull();
      expect(screen.getByText(/^Saved conversations-/)).toBeTruthy();

      fetchMock.mockResolvedValueOnce(new Response('nope', { status: 403 }));
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name: 'Export KPIs (CSV)' }));
        await new Promise((resolve) => setTimeout(resolve, 20));
        await flush(10);
      });
      expect(fetchMock.mock.calls[1]?.[0]).toContain('/api/v1/export/kpis.csv?');
      expect(fetchMock.mock.calls[1]?.[0]).toContain('bucket=hour');
      expect(screen.getByText('The export failed (403). Try again.')).toBeTruthy();
      expect(clicks).toHaveLength(1);
    } finally {
      document.removeEventListener('click', onClick, true);
      URL.createObjectURL = originalCreate;
      URL.revokeObjectURL = originalRevoke;
    }
  });
});
