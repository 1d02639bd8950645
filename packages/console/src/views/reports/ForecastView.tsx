import type { ForecastFrame } from '@switchboard/shared';
import { useEffect, useState } from 'preact/hooks';
import type { CommandResult } from '../../client/agent-client.js';
import { errorText } from '../../format/error-text.js';
import {
  type ForecastQuery,
  hourIndex,
  type PlannedHour,
  plannedHours,
  staffingSummary,
} from '../../format/forecast-plan.js';
import { formatShare, formatTarget, targetStatus } from '../../format/kpi.js';
import { en } from '../../i18n/en.js';
import type { Choice } from './ReportsView.js';

const t = en.forecast;
const HOURS_OF_WEEK = 168;

/** Props of {@link ForecastView}. */
export interface ForecastViewProps {
  /** The last `forecast`; null until one answered. */
  forecast: ForecastFrame | null;
  departments: readonly Choice[];
  online: boolean;
  /** Ask the relay for a forecast (`forecast.get`). */
  onRequest(query: ForecastQuery): void;
  /** Save the 168 scheduled numbers (`staffing.save`). */
  onSave(departmentId: string, scheduled: number[]): Promise<CommandResult>;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The staffing forecast of a department: a week grid (hours down, days across, readable as a
 * table) with, per hour, the arrivals, the agents Erlang C needs, the agents scheduled (editable)
 * and the expected service level coloured against the goal; a summary of the hours under target;
 * the target and the weeks of history can be changed (asked again with `forecast.get`).
 * @example <ForecastView forecast={state.forecast} departments={departments} online onRequest={...} onSave={...} />
 */
export function ForecastView({
  forecast,
  departments,
  online,
  onRequest,
  onSave,
}: ForecastViewProps) {
  const [departmentId, setDepartmentId] = useState(departments[0]?.id ?? '');
  const [weeks, setWeeks] = useState('4');
  const [targetSec, setTargetSec] = useState('');
  const [goal, setGoal] = useState('');
  const [query, setQuery] = useState<ForecastQuery | null>(() =>
    departmentId ? { departmentId, weeks: 4 } : null,
  );
  const [edits, setEdits] = useState<Record<number, number>>({});
  const [saving, setSaving] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  // The first department may arrive after the view opened.
  useEffect(() => {
    if (!departmentId && departments[0]) {
      setDepartmentId(departments[0].id);
      setQuery({ departmentId: departments[0].id, weeks: 4 });
    }
  }, [departmentId, departments]);
  const key = query ? JSON.stringify(query) : '';
  // Keyed on `key`, the query's content: the query object is new on every render.
  useEffect(() => {
    if (online && query) onRequest(query);
  }, [online, key]);
  // A new forecast from the relay replaces the edits (saved ones are in it now); the target
  // fields show the target it was computed for.
  useEffect(() => {
    setEdits({});
    if (forecast) {
      setTargetSec(String(forecast.target.targetSec));
      setGoal(String(Math.round(forecast.target.goal * 100)));
    }
  }, [forecast]);

  if (departments.length === 0) {
    return (
      <main class="team forecast" aria-labelledby="forecast-title">
        <h1 id="forecast-title" class="team__title">
          {t.title}
        </h1>
        <p class="team__empty">{t.noDepartments}</p>
      </main>
    );
  }

  const refresh = (nextDepartment = departmentId) => {
    const w = Math.min(12, Math.max(1, Math.round(Number(weeks) || 4)));
    const sec = Math.round(Number(targetSec));
    const g = Number(goal);
    const next: ForecastQuery = { departmentId: nextDepartment, weeks: w };
    if (sec >= 1 && sec <= 3600 && g >= 0 && g <= 100 && targetSec !== '' && goal !== '') {
      next.target = { targetSec: sec, goal: g / 100 };
    }
    setNote(null);
    // The same query again still asks again (after a save, say).
    setQuery(JSON.stringify(next) === key ? { ...next } : next);
    if (JSON.stringify(next) === key && online) onRequest(next);
  };

  const shown = forecast && forecast.departmentId === departmentId ? forecast : null;
  const departmentLabel = departments.find((d) => d.id === departmentId)?.name ?? departmentId;

  const save = async (hours: PlannedHour[]) => {
    const scheduled = new Array<number>(HOURS_OF_WEEK).fill(0);
    for (const h of hours) scheduled[hourIndex(h)] = h.scheduled;
    setSaving(true);
    setNote(null);
    const result = await onSave(departmentId, scheduled);
    setSaving(false);
    if (result.ok) {
      // Ask again: the relay's numbers now include the plan. The note comes after, as refresh clears it.
      refresh();
      setNote(t.saved);
    } else {
      setNote(errorText(result));
    }
  };

  return (
    <main class="team forecast" aria-labelledby="forecast-title">
      <h1 id="forecast-title" class="team__title">
        {t.title}
      </h1>
      <form
        class="reports__filters"
        onSubmit={(e) => {
          e.preventDefault();
          refresh();
        }}
      >
        <label class="field field--inline">
          <span class="field__label">{t.department}</span>
          <select
            class="field__input"
            value={departmentId}
            onChange={(e) => {
              const id = e.currentTarget.value;
              setDepartmentId(id);
              refresh(id);
            }}
          >
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label class="field field--inline">
          <span class="field__label">{t.weeks}</span>
          <input
            class="field__input field__input--number"
            type="number"
            min={1}
            max={12}
            value={weeks}
            onInput={(e) => setWeeks(e.currentTarget.value)}
          />
        </label>
        <label class="field field--inline">
          <span class="field__label">{t.targetSec}</span>
          <input
            class="field__input field__input--number"
            type="number"
            min={1}
            max={3600}
            value={targetSec}
            onInput={(e) => setTargetSec(e.currentTarget.value)}
          />
        </label>
        <label class="field field--inline">
          <span class="field__label">{t.goal}</span>
          <input
            class="field__input field__input--number"
            type="number"
            min={0}
            max={100}
            value={goal}
            onInput={(e) => setGoal(e.currentTarget.value)}
          />
        </label>
        <button class="button button--secondary" type="submit">
          {t.refresh}
        </button>
      </form>
      {shown === null ? (
        <p class="team__empty">{t.loading}</p>
      ) : (
        <Plan
          forecast={shown}
          department={departmentLabel}
          edits={edits}
          onEdit={(index, value) => {
            setNote(null);
            setEdits((e) => ({ ...e, [index]: value }));
          }}
          onUseNeeded={() => {
            const next: Record<number, number> = {};
            for (const h of shown.hours) next[hourIndex(h)] = h.agentsNeeded;
            setEdits(next);
          }}
          saving={saving}
          note={note}
          onSave={(hours) => void save(hours)}
        />
      )}
    </main>
  );
}

function Plan(props: {
  forecast: ForecastFrame;
  department: string;
  edits: Record<number, number>;
  onEdit(index: number, value: number): void;
  onUseNeeded(): void;
  saving: boolean;
  note: string | null;
  onSave(hours: PlannedHour[]): void;
}) {
  const { forecast } = props;
  const hours = plannedHours(forecast, props.edits);
  const byIndex = new Map(hours.map((h) => [hourIndex(h), h]));
  const summary = staffingSummary(hours, forecast.target.goal);
  const dirty = hours.some((h) => h.edited);
  const arrivals = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
  return (
    <>
      <p class="forecast__basis">{t.basedOn(forecast.weeks, formatTarget(forecast.target))}</p>
      <section class="forecast__summary" aria-labelledby="forecast-summary">
        <h2 id="forecast-summary" class="team__heading">
          {t.summary}
        </h2>
        <p>{summary.underTarget === 0 ? t.allOnTarget : t.underTarget(summary.underTarget)}</p>
        {summary.shortfall > 0 && <p>{t.shortfall(summary.shortfall)}</p>}
      </section>
      <div class="forecast__actions">
        <button class="button button--secondary" type="button" onClick={props.onUseNeeded}>
          {t.useNeeded}
        </button>
        <button
          class="button button--primary"
          type="button"
          disabled={props.saving || !dirty}
          onClick={() => props.onSave(hours)}
        >
          {props.saving ? t.saving : t.save}
        </button>
        <p class="forecast__note" role="status">
          {props.note ?? (dirty ? t.unsaved : '')}
        </p>
      </div>
      <div class="forecast__scroll">
        <table class="table forecast__grid" aria-labelledby="forecast-grid">
          <caption id="forecast-grid">{t.grid(props.department)}</caption>
          <thead>
            <tr>
              <th scope="col">{t.hour}</th>
              {t.days.map((day) => (
                <th key={day} scope="col">
                  {day}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: 24 }, (_, hour) => (
              <tr key={hour}>
                <th scope="row">{`${pad(hour)}:00`}</th>
                {t.days.map((day, d) => {
                  const h = byIndex.get(d * 24 + hour);
                  if (!h) return <td key={day}>{en.kpi.none}</td>;
                  const status = targetStatus(h.expectedServiceLevel, forecast.target.goal);
                  return (
                    <td
                      key={day}
                      class={`forecast__cell sl sl--${status}${h.edited ? ' forecast__cell--edited' : ''}`}
                    >
                      <input
                        class="forecast__input"
                        type="number"
                        min={0}
                        max={1000}
                        aria-label={t.scheduledFor(day, `${pad(hour)}:00`)}
                        value={String(h.scheduled)}
                        onInput={(e) => {
                          const value = Math.round(Number(e.currentTarget.value));
                          if (Number.isFinite(value) && value >= 0 && value <= 1000) {
                            props.onEdit(d * 24 + hour, value);
                          }
                        }}
                      />
                      <span class="forecast__line">{t.arrivals(arrivals.format(h.arrivals))}</span>
                      <span class="forecast__line">{t.needed(h.agentsNeeded)}</span>
                      <span class="forecast__line forecast__sl">
                        {t.expected(formatShare(h.expectedServiceLevel))}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
