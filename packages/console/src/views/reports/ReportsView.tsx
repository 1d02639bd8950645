import type { KpiReport, Kpis } from '@switchboard/shared';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { CsvExportKind, CsvExportResult } from '../../client/csv-export.js';
import { formatSeconds, formatShare, kpiCards, targetStatus } from '../../format/kpi.js';
import { reportSpecs } from '../../format/report-charts.js';
import {
  dateInputValue,
  localMidnight,
  PRESETS,
  presetRange,
  type RangePreset,
  type ReportQuery,
} from '../../format/report-range.js';
import { en } from '../../i18n/en.js';
import { ChartFigure } from './charts/Chart.js';

const t = en.reports;

/** A named choice for a filter select. */
export interface Choice {
  id: string;
  name: string;
}

/** Props of {@link ReportsView}. */
export interface ReportsViewProps {
  /** The last `kpi.report`; null until one answered. */
  report: KpiReport | null;
  now: number;
  /** Requests go out only while connected. */
  online: boolean;
  sites: readonly Choice[];
  departments: readonly Choice[];
  agents: readonly Choice[];
  /** Ask the relay for the report of this query (`kpi.get`). */
  onQuery(query: ReportQuery): void;
  /** Download a CSV export of this query. */
  onExport(kind: CsvExportKind, query: ReportQuery): Promise<CsvExportResult>;
}

/**
 * Reports for supervisors: a range (presets or custom dates), filters (site, department, agent)
 * and a bucket; the KPI set as cards with the formula of each, charts by bucket (contacts, service
 * level, CSAT) with tables, the KPIs per agent and per department, and CSV exports.
 * @example <ReportsView report={state.kpiReport} now={Date.now()} online onQuery={q => client.kpis(q)} ... />
 */
export function ReportsView(props: ReportsViewProps) {
  const { report, now, online, onQuery } = props;
  const [preset, setPreset] = useState<RangePreset>('today');
  const [custom, setCustom] = useState(() => ({
    from: dateInputValue(localMidnight(now, -6)),
    to: dateInputValue(now),
  }));
  const [bucket, setBucket] = useState<'hour' | 'day'>('hour');
  const [siteId, setSiteId] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [agentId, setAgentId] = useState('');
  const [exporting, setExporting] = useState<CsvExportKind | null>(null);
  const [exportNote, setExportNote] = useState<string | null>(null);

  const range = presetRange(preset, now, custom);
  const query: ReportQuery | null = range
    ? {
        ...range,
        bucket,
        ...(siteId ? { siteId } : {}),
        ...(departmentId ? { departmentId } : {}),
        ...(agentId ? { agentId } : {}),
      }
    : null;
  const key = query ? JSON.stringify(query) : '';
  // Keyed on `key`, the query's content: the query object is new on every render.
  useEffect(() => {
    if (online && query) onQuery(query);
  }, [online, key]);

  const pickPreset = (next: RangePreset) => {
    setPreset(next);
    // One day reads best by hour, several by day; the supervisor can still change it.
    if (next !== 'custom') setBucket(next === 'today' || next === 'yesterday' ? 'hour' : 'day');
  };

  const runExport = async (kind: CsvExportKind) => {
    if (!query) return;
    setExporting(kind);
    setExportNote(null);
    const result = await props.onExport(kind, query);
    setExporting(null);
    setExportNote(result.ok ? t.exported(result.filename) : t.exportFailed(result.status));
  };

  const current =
    report &&
    query &&
    report.from === query.from &&
    report.to === query.to &&
    report.bucket === bucket
      ? report
      : null;

  return (
    <main class="team reports" aria-labelledby="reports-title">
      <h1 id="reports-title" class="team__title">
        {t.title}
      </h1>
      <form class="reports__filters" onSubmit={(e) => e.preventDefault()}>
        <label class="field field--inline">
          <span class="field__label">{t.range}</span>
          <select
            class="field__input"
            value={preset}
            onChange={(e) => {
              const picked = PRESETS.find((p) => p === e.currentTarget.value);
              if (picked) pickPreset(picked);
            }}
          >
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {t.presets[p]}
              </option>
            ))}
          </select>
        </label>
        {preset === 'custom' && (
          <>
            <label class="field field--inline">
              <span class="field__label">{t.from}</span>
              <input
                class="field__input"
                type="date"
                value={custom.from}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setCustom((c) => ({ ...c, from: value }));
                }}
              />
            </label>
            <label class="field field--inline">
              <span class="field__label">{t.to}</span>
              <input
                class="field__input"
                type="date"
                value={custom.to}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setCustom((c) => ({ ...c, to: value }));
                }}
              />
            </label>
          </>
        )}
        <FilterSelect label={t.site} value={siteId} choices={props.sites} onChange={setSiteId} />
        <FilterSelect
          label={t.department}
          value={departmentId}
          choices={props.departments}
          onChange={setDepartmentId}
        />
        <FilterSelect
          label={t.agent}
          value={agentId}
          choices={props.agents}
          onChange={setAgentId}
        />
        <label class="field field--inline">
          <span class="field__label">{t.bucket}</span>
          <select
            class="field__input"
            value={bucket}
            onChange={(e) => setBucket(e.currentTarget.value === 'day' ? 'day' : 'hour')}
          >
            <option value="hour">{t.buckets.hour}</option>
            <option value="day">{t.buckets.day}</option>
          </select>
        </label>
      </form>
      <div class="reports__exports">
        <button
          class="button button--secondary"
          type="button"
          disabled={!query || exporting !== null}
          onClick={() => void runExport('conversations')}
        >
          {exporting === 'conversations' ? t.exporting : t.exportConversations}
        </button>
        <button
          class="button button--secondary"
          type="button"
          disabled={!query || exporting !== null}
          onClick={() => void runExport('kpis')}
        >
          {exporting === 'kpis' ? t.exporting : t.exportKpis}
        </button>
        <p class="reports__note" role="status">
          {exportNote}
        </p>
      </div>
      {!query ? (
        <p class="team__error" role="alert">
          {t.badRange}
        </p>
      ) : current === null ? (
        <p class="team__empty">{t.loading}</p>
      ) : (
        <Report report={current} />
      )}
    </main>
  );
}

function FilterSelect(props: {
  label: string;
  value: string;
  choices: readonly Choice[];
  onChange(id: string): void;
}) {
  return (
    <label class="field field--inline">
      <span class="field__label">{props.label}</span>
      <select
        class="field__input"
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <option value="">{t.all}</option>
        {props.choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function Report({ report }: { report: KpiReport }) {
  const cards = kpiCards(report.totals, report.target);
  const specs = useMemo(() => reportSpecs(report), [report]);
  const formatX = (ms: number) =>
    new Intl.DateTimeFormat(
      undefined,
      report.bucket === 'hour'
        ? { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }
        : { month: 'short', day: 'numeric', weekday: 'short' },
    ).format(ms);
  const formatValue = (kind: 'count' | 'share', v: number | null) =>
    kind === 'share' ? formatShare(v) : String(v ?? 0);
  return (
    <>
      <section aria-labelledby="reports-kpis">
        <h2 id="reports-kpis" class="team__heading">
          {t.kpis}
        </h2>
        <div class="kpi-cards">
          {cards.map((card) => (
            <article
              key={card.key}
              class={`kpi-card${card.status ? ` sl sl--${card.status}` : ''}`}
              aria-labelledby={`kpi-${card.key}`}
              aria-describedby={`kpi-${card.key}-formula`}
              title={card.formula}
            >
              <p id={`kpi-${card.key}`} class="kpi-card__label">
                {card.label}
              </p>
              <p class="kpi-card__value">{card.value}</p>
              {card.detail && <p class="kpi-card__detail">{card.detail}</p>}
              {card.status && <p class="sl__status">{en.kpi.status[card.status]}</p>}
              <p id={`kpi-${card.key}-formula`} class="kpi-card__formula">
                {card.formula}
              </p>
            </article>
          ))}
        </div>
      </section>
      <div class="reports__charts">
        <ChartFigure
          title={t.contactsChart}
          spec={specs.contacts}
          formatX={formatX}
          formatValue={formatValue}
        />
        <ChartFigure
          title={t.serviceLevelChart}
          spec={specs.serviceLevel}
          formatX={formatX}
          formatValue={formatValue}
        />
        <ChartFigure
          title={t.csatChart}
          spec={specs.csat}
          formatX={formatX}
          formatValue={formatValue}
        />
      </div>
      <KpiTable
        id="reports-agents"
        title={t.perAgent}
        nameLabel={t.agent}
        goal={report.target.goal}
        rows={report.agents.map((a) => ({ id: a.agent.id, name: a.agent.name, kpis: a.kpis }))}
      />
      <KpiTable
        id="reports-departments"
        title={t.perDepartment}
        nameLabel={t.department}
        goal={report.target.goal}
        rows={report.departments.map((d) => ({ id: d.departmentId, name: d.name, kpis: d.kpis }))}
      />
    </>
  );
}

function KpiTable(props: {
  id: string;
  title: string;
  nameLabel: string;
  goal: number;
  rows: Array<{ id: string; name: string; kpis: Kpis }>;
}) {
  const l = en.kpi.labels;
  return (
    <>
      <table class="table" aria-labelledby={props.id}>
        <caption id={props.id}>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">{props.nameLabel}</th>
            <th scope="col">{l.contacts}</th>
            <th scope="col">{l.answered}</th>
            <th scope="col">{l.serviceLevel}</th>
            <th scope="col">{l.asaSec}</th>
            <th scope="col">{l.ahtSec}</th>
            <th scope="col">{l.fcr}</th>
            <th scope="col">{l.csat}</th>
            <th scope="col">{l.ces}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map(({ id, name, kpis }) => (
            <tr key={id}>
              <th scope="row">{name}</th>
              <td>{kpis.contacts}</td>
              <td>{kpis.answered}</td>
              <td class={`sl sl--${targetStatus(kpis.serviceLevel, props.goal)}`}>
                {formatShare(kpis.serviceLevel)}
              </td>
              <td>{formatSeconds(kpis.asaSec)}</td>
              <td>{formatSeconds(kpis.ahtSec)}</td>
              <td>{formatShare(kpis.fcr)}</td>
              <td>{formatShare(kpis.csat)}</td>
              <td>{kpis.ces === null ? en.kpi.none : kpis.ces.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.rows.length === 0 && <p class="team__empty">{t.noRows}</p>}
    </>
  );
}
