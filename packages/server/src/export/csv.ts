import type { KpiReport, Kpis } from '@switchboard/shared';
import { type ConversationLog, contactFacts, type KpiScope } from '../core/kpis.js';

// Pure CSV building for the exports: RFC 4180 quoting, CRLF line ends, a header row, and a guard
// against formula injection. No clock, no I/O.

/** Cells a spreadsheet would run as a formula (or split) start with one of these. */
const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * Spreadsheets skip leading blanks before a formula and read full-width (and small) signs as
 * their ASCII forms, so ` =1`, `\u00A0=1`, `\n=1` and `＝1` are formulas too. Blanks: every
 * Unicode space and line break (`\s`) plus the zero-width ones.
 */
const LEADING_BLANKS = /^[\s\u0085\u180E\u200B-\u200D\u2060\uFEFF]+/u;
const SIGN_START = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B]/u;

/** Whether a spreadsheet could read this text as a formula. */
function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text) || SIGN_START.test(text.replace(LEADING_BLANKS, ''));
}

/**
 * One CSV cell: null and undefined are empty; a text that a spreadsheet would read as a formula
 * gets a leading `'`; quotes, commas and line breaks are quoted (RFC 4180).
 * @example csvCell('=1+1') // "'=1+1"
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? formatNumber(value) : String(value);
  // Numbers the relay computes (a negative never occurs, but stays a number) are not guarded.
  if (typeof value === 'string' && looksLikeFormula(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Up to 4 decimals, without float noise (`0.30000000000000004` -> `0.3`). */
function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toFixed(4))) : '';
}

/**
 * A CSV document: each row's cells joined by commas, every line ended by CRLF.
 * @example csvDocument([['a', 'b'], [1, 2]]) // 'a,b\r\n1,2\r\n'
 */
export function csvDocument(rows: readonly (readonly Parameters<typeof csvCell>[0][])[]): string {
  return rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}

/** The columns of `conversations.csv`, in order. */
export const CONVERSATION_COLUMNS = [
  'id',
  'site',
  'created',
  'department',
  'agent',
  'status',
  'close reason',
  'wait s',
  'handle s',
  'wrap-up s',
  'disposition',
  'resolved',
  'csat',
  'ces',
] as const;

/** Names for ids (departments, agents, dispositions); an unknown id is shown as is. */
export interface CsvNames {
  agents: ReadonlyMap<string, string>;
  departments: ReadonlyMap<string, string>;
  dispositions: ReadonlyMap<string, string>;
}

const seconds = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : ms / 1000;

/**
 * The rows of `conversations.csv` (header first): one per conversation created in the scope,
 * oldest first. Never message text, visitor names or phone numbers.
 * @example conversationsCsv(logs, { from, to }, names)
 */
export function conversationsCsv(
  logs: readonly ConversationLog[],
  scope: KpiScope,
  names: CsvNames,
): string {
  const rows: (string | number | boolean | null)[][] = [];
  const facts = logs
    .map((log) => ({ log, facts: contactFacts(log) }))
    .filter(
      (entry): entry is { log: ConversationLog; facts: NonNullable<typeof entry.facts> } =>
        entry.facts !== null &&
        entry.facts.createdAt >= scope.from &&
        entry.facts.createdAt < scope.to &&
        (scope.siteId === undefined || entry.facts.siteId === scope.siteId) &&
        (scope.departmentId === undefined || entry.facts.departmentId === scope.departmentId) &&
        (scope.agentId === undefined || entry.facts.agent?.id === scope.agentId),
    )
    .sort((a, b) => a.facts.createdAt - b.facts.createdAt || (a.log.id < b.log.id ? -1 : 1));
  for (const { log, facts: c } of facts) {
    const close = log.events.find((e) => e.type === 'conversation.closed');
    const reason = close?.type === 'conversation.closed' ? (close.reason ?? null) : null;
    const status = c.closedAt !== null ? 'closed' : c.answeredAt !== null ? 'active' : 'waiting';
    const waitMs = c.answeredAt !== null ? c.answeredAt - c.createdAt : c.abandonWaitMs;
    const wrapUpMs = c.wrapUp && c.closedAt !== null ? Math.max(0, c.wrapUp.at - c.closedAt) : null;
    const departmentId = c.departmentId;
    rows.push([
      c.id,
      c.siteId,
      new Date(c.createdAt).toISOString(),
      departmentId === undefined ? null : (names.departments.get(departmentId) ?? departmentId),
      c.agent ? (names.agents.get(c.agent.id) ?? c.agent.name) : null,
      status,
      reason,
      seconds(waitMs),
      seconds(c.handleMs),
      seconds(wrapUpMs),
      c.wrapUp ? (names.dispositions.get(c.wrapUp.dispositionId) ?? c.wrapUp.dispositionId) : null,
      c.wrapUp ? c.wrapUp.resolved : null,
      c.csat ?? null,
      c.ces ?? null,
    ]);
  }
  return csvDocument([[...CONVERSATION_COLUMNS], ...rows]);
}

/** The KPI columns of `kpis.csv`, in order (rates are decimals from 0 to 1). */
export const KPI_COLUMNS = [
  'contacts',
  'answered',
  'abandoned',
  'firstResponseSec',
  'asaSec',
  'ahtSec',
  'serviceLevel',
  'abandonmentRate',
  'fcr',
  'csat',
  'csatAverage',
  'csatResponses',
  'ces',
  'cesResponses',
  'deflectionRate',
  'callbacksRequested',
  'callbacksCompleted',
  'callbackCompletionRate',
  'callbackOnTimeRate',
] as const satisfies readonly (keyof Kpis)[];

/**
 * The rows of `kpis.csv`: a header, one row per bucket (its start, ISO 8601 UTC) and a `total`
 * row, one column per KPI.
 * @example kpisCsv(report)
 */
export function kpisCsv(report: Pick<KpiReport, 'series' | 'totals'>): string {
  const row = (label: string, kpis: Kpis) => [label, ...KPI_COLUMNS.map((k) => kpis[k])];
  return csvDocument([
    ['bucket', ...KPI_COLUMNS],
    ...report.series.map((s) => row(new Date(s.start).toISOString(), s.kpis)),
    row('total', report.totals),
  ]);
}
