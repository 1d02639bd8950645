/** The two CSV exports of the relay. */
export type CsvExportKind = 'conversations' | 'kpis';

/** What an export covers: the range (ms) and the Reports view's filters. */
export interface CsvExportQuery {
  from: number;
  to: number;
  siteId?: string;
  departmentId?: string;
  agentId?: string;
  /** KPIs only. @default 'day' */
  bucket?: 'hour' | 'day';
}

/** The export saved (with its file name), or why not: the HTTP status, or `NETWORK`. */
export type CsvExportResult = { ok: true; filename: string } | { ok: false; status: string };

/**
 * The export URL: `/api/v1/export/<kind>.csv?from&to[&bucket][&siteId&departmentId&agentId]`.
 * @example csvExportUrl('kpis', { from: 0, to: 1, bucket: 'hour' }) // '/api/v1/export/kpis.csv?from=0&to=1&bucket=hour'
 */
export function csvExportUrl(kind: CsvExportKind, query: CsvExportQuery): string {
  const params = new URLSearchParams({ from: String(query.from), to: String(query.to) });
  if (kind === 'kpis') params.set('bucket', query.bucket ?? 'day');
  if (query.siteId) params.set('siteId', query.siteId);
  if (query.departmentId) params.set('departmentId', query.departmentId);
  if (query.agentId) params.set('agentId', query.agentId);
  return `/api/v1/export/${kind}.csv?${params.toString()}`;
}

/** `conversations-2025-03-01-to-2025-03-04.csv`, in the supervisor's local dates. */
export function csvFilename(kind: CsvExportKind, query: CsvExportQuery): string {
  const day = (at: number) => {
    const d = new Date(at);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  };
  // `to` is exclusive at midnight; the last day covered is the one before.
  return `${kind}-${day(query.from)}-to-${day(Math.max(query.from, query.to - 1))}.csv`;
}

/** Dependencies of {@link downloadCsv}: injected, so tests need no network and no real download. */
export interface DownloadDeps {
  fetch: typeof fetch;
  /** The console's agent token, sent as `Authorization: Bearer <token>`. */
  token: string;
  /** @default globalThis.document */
  document?: Document;
  /** @default URL.createObjectURL / URL.revokeObjectURL */
  objectUrls?: { create(blob: Blob): string; revoke(url: string): void };
}

/**
 * Fetch a CSV export with the agent's token and save it as a file: the body as a blob behind an
 * object URL, clicked through a temporary `<a download>` that is removed straight after.
 * @example await downloadCsv({ fetch, token }, 'conversations', { from, to })
 */
export async function downloadCsv(
  deps: DownloadDeps,
  kind: CsvExportKind,
  query: CsvExportQuery,
): Promise<CsvExportResult> {
  let response: Response;
  try {
    response = await deps.fetch(csvExportUrl(kind, query), {
      headers: { Authorization: `Bearer ${deps.token}`, Accept: 'text/csv' },
    });
  } catch {
    return { ok: false, status: 'NETWORK' };
  }
  if (!response.ok) return { ok: false, status: String(response.status) };
  const blob = await response.blob();
  const doc = deps.document ?? globalThis.document;
  const urls = deps.objectUrls ?? {
    create: (b: Blob) => URL.createObjectURL(b),
    revoke: (u: string) => URL.revokeObjectURL(u),
  };
  const filename = csvFilename(kind, query);
  const url = urls.create(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled, or some browsers cancel the download.
  setTimeout(() => urls.revoke(url), 1_000);
  return { ok: true, filename };
}
