import type { ConversationEvent } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import type { ConversationLog } from '../../src/core/kpis.js';
import {
  conversationsCsv,
  csvCell,
  csvDocument,
  KPI_COLUMNS,
  kpisCsv,
} from '../../src/export/csv.js';

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    // Leading blanks a spreadsheet skips, and full-width or small signs it reads as ASCII ones.
    [' =1', "' =1"],
    ['   +1', "'   +1"],
    ['\u00A0=1', "'\u00A0=1"],
    ['\u3000=1', "'\u3000=1"],
    ['\u200B=1', "'\u200B=1"],
    ['\uFEFF@x', "'\uFEFF@x"],
    ['\n=1', `"'\n=1"`],
    ['\r\n-1', `"'\r\n-1"`],
    ['\uFF1D1', "'\uFF1D1"],
    ['\uFF0B1', "'\uFF0B1"],
    ['\uFF0D1', "'\uFF0D1"],
    ['\uFF20x', "'\uFF20x"],
    [' \uFF1D1', "' \uFF1D1"],
    ['\uFE661', "'\uFE661"],
    ['a =1', 'a =1'],
    [' plain', ' plain'],
    ['1-2', '1-2'],
    [null, ''],
    [undefined, ''],
    [true, 'true'],
    [0.1 + 0.2, '0.3'],
    [12, '12'],
  ])('%j -> %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('ends every line with CRLF', () => {
    expect(
      csvDocument([
        ['a', 'b'],
        [1, null],
      ]),
    ).toBe('a,b\r\n1,\r\n');
  });
});

const T0 = Date.UTC(2025, 2, 3, 9, 0, 0);
const agent = { id: 'ag_maya', name: 'Maya', role: 'agent' as const };

function log(id: string, events: Partial<ConversationEvent>[], siteId = 'demo'): ConversationLog {
  return {
    id,
    siteId,
    visitorId: `v_${id}`,
    events: events.map((e, i) => ({ seq: i + 1, ...e }) as unknown as ConversationEvent),
  };
}

describe('conversationsCsv', () => {
  const handled = log('c1', [
    { type: 'conversation.created', at: T0, routing: { departmentId: 'orders' } } as never,
    { type: 'conversation.assigned', at: T0 + 12_000, agent } as never,
    {
      type: 'message.created',
      at: T0 + 15_000,
      author: agent,
      text: '=cmd|secret',
    } as never,
    { type: 'conversation.closed', at: T0 + 312_000, reason: 'ended' } as never,
    {
      type: 'conversation.wrapped',
      at: T0 + 342_000,
      dispositionId: 'order-status',
      resolved: true,
    } as never,
    { type: 'survey.submitted', at: T0 + 400_000, csat: 5, ces: 6 } as never,
  ]);
  const abandoned = log('c2', [
    { type: 'conversation.created', at: T0 + 1000, routing: { departmentId: 'orders' } } as never,
    { type: 'conversation.closed', at: T0 + 46_000, reason: 'abandoned', waitMs: 45_000 } as never,
  ]);
  const outside = log('c3', [{ type: 'conversation.created', at: T0 - 1 } as never]);
  const names = {
    agents: new Map([['ag_maya', 'Maya Lopez']]),
    departments: new Map([['orders', 'Orders']]),
    dispositions: new Map([['order-status', 'Order status']]),
  };

  it('has one row per conversation in range, with times in seconds and no message text', () => {
    const csv = conversationsCsv(
      [abandoned, handled, outside],
      { from: T0, to: T0 + 3_600_000 },
      names,
    );
    const lines = csv.split('\r\n');
    expect(lines).toEqual([
      'id,site,created,department,agent,status,close reason,wait s,handle s,wrap-up s,disposition,resolved,csat,ces',
      'c1,demo,2025-03-03T09:00:00.000Z,Orders,Maya Lopez,closed,ended,12,330,30,Order status,true,5,6',
      'c2,demo,2025-03-03T09:00:01.000Z,Orders,,closed,abandoned,45,,,,,,',
      '',
    ]);
    expect(csv).not.toContain('secret');
  });

  it('filters by agent', () => {
    const csv = conversationsCsv(
      [abandoned, handled],
      { from: T0, to: T0 + 3_600_000, agentId: 'ag_maya' },
      names,
    );
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
  });
});

describe('kpisCsv', () => {
  it('has a row per bucket and a totals row, rates as decimals', () => {
    const kpis = Object.fromEntries(KPI_COLUMNS.map((k) => [k, null])) as never;
    const csv = kpisCsv({
      series: [
        { start: T0, kpis: { ...(kpis as object), contacts: 3, serviceLevel: 2 / 3 } as never },
      ],
      totals: { ...(kpis as object), contacts: 3, serviceLevel: 2 / 3 } as never,
    });
    const [header, bucket, total] = csv.split('\r\n');
    expect(header?.split(',').slice(0, 8)).toEqual([
      'bucket',
      'contacts',
      'answered',
      'abandoned',
      'firstResponseSec',
      'asaSec',
      'ahtSec',
      'serviceLevel',
    ]);
    expect(bucket?.split(',')[0]).toBe('2025-03-03T09:00:00.000Z');
    expect(bucket?.split(',')[7]).toBe('0.6667');
    expect(total?.split(',')[0]).toBe('total');
  });
});
