import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AgentDirectory } from '../auth/agents.js';
import type { Config } from '../config.js';
import { conversationsCsv, kpisCsv } from '../export/csv.js';
import { exceedsReportRange, REPORT_MAX_DAYS } from '../policy/report-range.js';
import type { ReportQueries } from '../queries/reports.js';
import { findApiKey, refuseScope } from './api-v1.js';
import { apiError } from './respond.js';

export interface CsvExportOptions {
  config: Pick<Config, 'apiKeys' | 'dispositions'>;
  agents: Pick<AgentDirectory, 'authenticate'>;
  /** The read side's reports: the KPIs, a range's logs, agents' and departments' names. */
  reports: Pick<ReportQueries, 'range' | 'report' | 'names'>;
  /** Resolves once the store is loaded. */
  ready: Promise<void>;
  now?: () => number;
}

type Query =
  | {
      ok: true;
      from: number;
      to: number;
      siteId?: string;
      departmentId?: string;
      agentId?: string;
      bucket: 'hour' | 'day';
    }
  | { ok: false; message: string };

const MAX_ID = 128;

function parseQuery(search: URLSearchParams, kind: 'conversations' | 'kpis'): Query {
  const problems: string[] = [];
  const time = (name: 'from' | 'to') => {
    const raw = search.get(name);
    if (raw === null || !/^\d{1,15}$/.test(raw)) {
      problems.push(`${name}: required, a time in milliseconds since 1970`);
      return 0;
    }
    return Number(raw);
  };
  const from = time('from');
  const to = time('to');
  if (problems.length === 0 && to <= from) problems.push('to: must be after from');
  if (problems.length === 0 && exceedsReportRange(from, to)) {
    problems.push(`to: the range must be at most ${REPORT_MAX_DAYS} days`);
  }
  const ids: Record<string, string> = {};
  for (const name of ['siteId', 'departmentId', 'agentId'] as const) {
    const value = search.get(name);
    if (value === null || value === '') continue;
    if (value.length > MAX_ID) problems.push(`${name}: must be at most ${MAX_ID} characters`);
    else ids[name] = value;
  }
  const bucket = search.get('bucket') ?? 'day';
  if (kind === 'kpis' && bucket !== 'hour' && bucket !== 'day') {
    problems.push('bucket: must be hour or day');
  }
  if (problems.length > 0) return { ok: false, message: problems.join('; ') };
  return { ok: true, from, to, ...ids, bucket: bucket === 'hour' ? 'hour' : 'day' };
}

/**
 * `GET /api/v1/export/conversations.csv` and `/api/v1/export/kpis.csv`, for a supervisor's agent
 * token or an API key with the `export:read` scope (`Authorization: Bearer …`). Answers and returns true for its two paths.
 * The range's logs are read into memory (at most 366 days), then the CSV is sent in one piece.
 * @example const csv = createCsvExport({ config, agents, reports, ready })
 */
export function createCsvExport(options: CsvExportOptions) {
  const { config, agents, reports } = options;
  const now = options.now ?? Date.now;

  return async function handleCsvExport(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<boolean> {
    const match = /^\/api\/v1\/export\/(conversations|kpis)\.csv$/.exec(path);
    if (!match) return false;
    const kind = match[1] as 'conversations' | 'kpis';
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      apiError(res, 405, 'BAD_REQUEST', 'Use GET.');
      return true;
    }
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) {
      apiError(res, 401, 'UNAUTHORIZED', 'Send a supervisor token or an API key as a Bearer.');
      return true;
    }
    await options.ready;
    const key = findApiKey(config.apiKeys, req);
    if (key) {
      if (refuseScope(res, key, 'export:read')) return true;
    } else {
      const result = await agents.authenticate(token, now());
      if (!result.ok) {
        apiError(res, 401, result.code);
        return true;
      }
      if (result.agent.role !== 'supervisor') {
        apiError(res, 403, 'FORBIDDEN');
        return true;
      }
    }
    const query = parseQuery(new URL(req.url ?? '/', 'http://relay').searchParams, kind);
    if (!query.ok) {
      apiError(res, 400, 'BAD_REQUEST', `The query is not valid: ${query.message}.`);
      return true;
    }
    const { ok: _ok, bucket, ...scope } = query;
    let body: string;
    if (kind === 'kpis') {
      const report = await reports.report({ ...scope, bucket }, { id: '', supervisor: true });
      body = kpisCsv(report);
    } else {
      const { logs } = await reports.range(scope.from, scope.to);
      body = conversationsCsv(logs, scope, {
        ...reports.names(),
        dispositions: new Map(config.dispositions.map((d) => [d.id, d.label])),
      });
    }
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${kind}-${scope.from}-${scope.to}.csv"`,
      'Content-Length': String(Buffer.byteLength(body)),
      'Cache-Control': 'no-store',
    });
    res.end(method === 'HEAD' ? undefined : body);
    return true;
  };
}
