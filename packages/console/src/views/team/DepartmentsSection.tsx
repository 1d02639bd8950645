import {
  type AgentStatus,
  type Department,
  HOLIDAY_DATE,
  LIMITS,
  STRATEGIES,
  type Strategy,
} from '@switchboard/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CommandResult } from '../../client/agent-client.js';
import { errorText } from '../../format/error-text.js';
import {
  COMMON_TIME_ZONES,
  canonicalTimeZone,
  type DayDraft,
  type DepartmentDraft,
  type DepartmentField,
  departmentFromDraft,
  draftFromDepartment,
  formatHours,
} from '../../forms/department-form.js';
import type { FieldError } from '../../forms/form-result.js';
import { en } from '../../i18n/en.js';
import { Dialog } from '../common/Dialog.js';
import { FieldMessage, invalidProps } from '../common/field-error.js';

const t = en.departments;

/** Props of {@link DepartmentsSection}. */
export interface DepartmentsSectionProps {
  /** From `agent.welcome` and `departments.changed`. */
  departments: readonly Department[];
  /** From `routing.snapshot`: who can be put in a department. */
  agents: readonly AgentStatus[];
  /** A new department's time zone until changed, e.g. the browser's. */
  localTimeZone: string;
  /** Send `department.save`; the list changes only when `departments.changed` comes. */
  onSave(department: Department): Promise<CommandResult>;
}

/**
 * The Team view's "Departments": a table (hours, time zone, agents, assignment) with Edit per
 * row and "New department", both opening the department form.
 * @example <DepartmentsSection departments={state.departments} agents={routing.agents} ... />
 */
export function DepartmentsSection(props: DepartmentsSectionProps) {
  const { departments, agents } = props;
  const [editing, setEditing] = useState<{ department: Department | null } | null>(null);
  const agentName = (id: string) => agents.find((a) => a.id === id)?.name ?? id;
  return (
    <section class="team__section" aria-labelledby="departments-title">
      <div class="team__section-head">
        <h2 id="departments-title" class="team__heading">
          {t.title}
        </h2>
        <button
          class="button button--secondary button--small"
          type="button"
          onClick={() => setEditing({ department: null })}
        >
          {t.new}
        </button>
      </div>
      {departments.length === 0 ? (
        <p class="team__empty">{t.none}</p>
      ) : (
        <table class="table" aria-labelledby="departments-title">
          <thead>
            <tr>
              <th scope="col">{t.columns.name}</th>
              <th scope="col">{t.columns.hours}</th>
              <th scope="col">{t.columns.timeZone}</th>
              <th scope="col">{t.columns.agents}</th>
              <th scope="col">{t.columns.assignment}</th>
              <th scope="col">{t.columns.offer}</th>
              <th scope="col">{t.columns.actions}</th>
            </tr>
          </thead>
          <tbody>
            {departments.map((d) => (
              <tr key={d.id}>
                <th scope="row">
                  {d.name}
                  <span class="table__sub">{d.id}</span>
                </th>
                <td>
                  {formatHours(d.hours, {
                    days: t.dayShort,
                    alwaysOpen: t.alwaysOpen,
                    closed: t.closedAllWeek,
                  })}
                </td>
                <td>{d.timeZone}</td>
                <td>{d.agentIds.length > 0 ? d.agentIds.map(agentName).join(', ') : '—'}</td>
                <td>
                  {t.strategies[d.strategy]}
                  {d.autoAccept && <span class="table__sub">{t.autoAcceptShort}</span>}
                </td>
                <td>{t.seconds(d.offerTimeoutSec)}</td>
                <td class="table__actions">
                  <button
                    class="button button--secondary button--small"
                    type="button"
                    onClick={() => setEditing({ department: d })}
                  >
                    {t.edit}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <DepartmentDialog
          department={editing.department}
          takenIds={departments.map((d) => d.id)}
          agents={agents}
          localTimeZone={props.localTimeZone}
          onSave={props.onSave}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}

/** Props of {@link DepartmentDialog}. */
export interface DepartmentDialogProps {
  /** Null: a new department. */
  department: Department | null;
  /** Ids a new department may not take. */
  takenIds: readonly string[];
  agents: readonly AgentStatus[];
  localTimeZone: string;
  onSave(department: Department): Promise<CommandResult>;
  /** Saved, cancelled, or Escape. */
  onClose(): void;
}

type Errors = Partial<Record<DepartmentField, FieldError>>;

function withError(errors: Errors, field: DepartmentField, error: FieldError | null): Errors {
  if (!error && !errors[field]) return errors;
  const next = { ...errors };
  if (error) next[field] = error;
  else delete next[field];
  return next;
}

/**
 * "Edit department" / "New department": every field of a `Department`, checked by
 * {@link departmentFromDraft} (and so the shared schema) before `department.save` is sent; field
 * errors show inline, the relay's refusal in an alert. Closes when the relay answers `ok`.
 * @example <DepartmentDialog department={orders} takenIds={['orders']} agents={agents} ... />
 */
export function DepartmentDialog(props: DepartmentDialogProps) {
  const [draft, setDraft] = useState<DepartmentDraft>(() =>
    draftFromDepartment(props.department, props.localTimeZone),
  );
  const [errors, setErrors] = useState<Errors>({});
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [holiday, setHoliday] = useState('');
  const [holidayError, setHolidayError] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const isNew = draft.isNew;

  // After a refused save, take the keyboard to the first field in error.
  useEffect(() => {
    if (attempt > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  const set = <K extends keyof DepartmentDraft>(key: K, value: DepartmentDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const setDay = (day: number, change: Partial<DayDraft>) =>
    setDraft((d) => ({
      ...d,
      days: d.days.map((x) => (x.day === day ? { ...x, ...change } : x)),
    }));
  const checkTimeZone = (value: string) =>
    setErrors((e) =>
      withError(
        e,
        'timeZone',
        canonicalTimeZone(value) ? null : { code: value.trim() ? 'time-zone' : 'required' },
      ),
    );
  const addHoliday = () => {
    if (!HOLIDAY_DATE.test(holiday)) {
      setHolidayError(true);
      return;
    }
    setHolidayError(false);
    setDraft((d) => ({ ...d, holidays: [...new Set([...d.holidays, holiday])].sort() }));
    setHoliday('');
  };

  const submit = async () => {
    if (busy) return;
    const result = departmentFromDraft(draft, props.takenIds);
    if (!result.ok) {
      setErrors(result.errors);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    setRefusal(null);
    setBusy(true);
    const answer = await props.onSave(result.value);
    if (answer.ok) {
      props.onClose();
      return;
    }
    setBusy(false);
    setRefusal(errorText(answer));
  };

  // Agents in the department but not in the snapshot stay listed, so a save never drops them.
  const known = new Set(props.agents.map((a) => a.id));
  const agentChoices = [
    ...props.agents.map((a) => ({ id: a.id, name: a.name })),
    ...draft.agentIds.filter((id) => !known.has(id)).map((id) => ({ id, name: id })),
  ];
  const hoursError = errors.hours;
  const dayInError = hoursError && 'day' in hoursError ? hoursError.day : null;

  return (
    <Dialog labelledBy="department-title" wide onClose={props.onClose}>
      <form
        ref={formRef}
        class="dialog__form editor"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div class="editor__head">
          <h2 id="department-title" class="dialog__title">
            {isNew ? t.newTitle : t.editTitle}
          </h2>
          {!isNew && <code class="editor__id">{draft.id}</code>}
        </div>

        <div class="editor__columns">
          <div class="field">
            <label class="field__label" for="department-name">
              {t.name}
            </label>
            <input
              id="department-name"
              class="field__input"
              value={draft.name}
              maxLength={LIMITS.shortChars}
              onInput={(event) => set('name', event.currentTarget.value)}
              {...invalidProps(errors.name, 'department-name-error')}
            />
            <FieldMessage id="department-name-error" error={errors.name} />
          </div>
          {isNew && (
            <div class="field">
              <label class="field__label" for="department-id">
                {t.id}
              </label>
              <input
                id="department-id"
                class="field__input"
                value={draft.id}
                autoComplete="off"
                spellcheck={false}
                onInput={(event) => set('id', event.currentTarget.value)}
                {...invalidProps(errors.id, 'department-id-error', 'department-id-hint')}
              />
              <p id="department-id-hint" class="field__hint">
                {t.idHint}
              </p>
              <FieldMessage id="department-id-error" error={errors.id} context="department-id" />
            </div>
          )}
        </div>

        <div class="field">
          <label class="field__label" for="department-skills">
            {t.skills}
          </label>
          <input
            id="department-skills"
            class="field__input"
            value={draft.skills}
            placeholder={t.skillsHint}
            onInput={(event) => set('skills', event.currentTarget.value)}
            {...invalidProps(errors.skills, 'department-skills-error')}
          />
          <FieldMessage id="department-skills-error" error={errors.skills} />
        </div>

        <fieldset class="editor__group">
          <legend class="field__label">{t.agents}</legend>
          {agentChoices.length === 0 && <p class="field__hint">{t.noAgents}</p>}
          <div class="editor__checks">
            {agentChoices.map((a) => (
              <label key={a.id} class="editor__check">
                <input
                  type="checkbox"
                  checked={draft.agentIds.includes(a.id)}
                  onChange={(event) => {
                    const on = event.currentTarget.checked;
                    setDraft((d) => ({
                      ...d,
                      agentIds: on
                        ? [...d.agentIds.filter((id) => id !== a.id), a.id]
                        : d.agentIds.filter((id) => id !== a.id),
                    }));
                  }}
                />
                {a.name}
              </label>
            ))}
          </div>
        </fieldset>

        <div class="editor__columns">
          <div class="field">
            <label class="field__label" for="department-zone">
              {t.timeZone}
            </label>
            <input
              id="department-zone"
              class="field__input"
              list="department-zones"
              value={draft.timeZone}
              autoComplete="off"
              spellcheck={false}
              onInput={(event) => {
                const value = event.currentTarget.value;
                set('timeZone', value);
                // Clear a shown error as soon as the zone is right; a new one waits for the change.
                if (errors.timeZone && canonicalTimeZone(value)) checkTimeZone(value);
              }}
              onChange={(event) => checkTimeZone(event.currentTarget.value)}
              {...invalidProps(errors.timeZone, 'department-zone-error')}
            />
            <datalist id="department-zones">
              {COMMON_TIME_ZONES.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
            <FieldMessage id="department-zone-error" error={errors.timeZone} />
          </div>
          <div class="field">
            <label class="field__label" for="department-strategy">
              {t.strategy}
            </label>
            <select
              id="department-strategy"
              class="field__input"
              value={draft.strategy}
              onChange={(event) => set('strategy', event.currentTarget.value as Strategy)}
            >
              {STRATEGIES.map((s) => (
                <option key={s} value={s}>
                  {t.strategies[s]}
                </option>
              ))}
            </select>
          </div>
        </div>

        <fieldset
          class="editor__group"
          {...(hoursError ? { 'aria-describedby': 'department-hours-error' } : {})}
        >
          <legend class="field__label">{t.hours}</legend>
          <label class="editor__check">
            <input
              type="checkbox"
              checked={draft.alwaysOpen}
              onChange={(event) => set('alwaysOpen', event.currentTarget.checked)}
              {...invalidProps(
                hoursError?.code === 'no-hours' ? hoursError : undefined,
                'department-hours-error',
              )}
            />
            {t.alwaysOpen}
          </label>
          {!draft.alwaysOpen && (
            <div class="hours">
              {draft.days.map((d) => {
                const day = t.days[d.day] ?? '';
                const invalid = dayInError === d.day ? hoursError : undefined;
                return (
                  <div key={d.day} class="hours__row">
                    <span id={`department-day-${d.day}`} class="hours__day">
                      {day}
                    </span>
                    <label class="editor__check">
                      <input
                        type="checkbox"
                        checked={d.closed}
                        aria-labelledby={`department-day-${d.day} department-closed-${d.day}`}
                        onChange={(event) => setDay(d.day, { closed: event.currentTarget.checked })}
                      />
                      <span id={`department-closed-${d.day}`}>{t.closedDay}</span>
                    </label>
                    <input
                      type="time"
                      class="field__input hours__time"
                      aria-label={t.opens(day)}
                      value={d.open}
                      disabled={d.closed}
                      onInput={(event) => setDay(d.day, { open: event.currentTarget.value })}
                      {...invalidProps(invalid, 'department-hours-error')}
                    />
                    <span class="hours__to" aria-hidden="true">
                      {t.to}
                    </span>
                    <input
                      type="time"
                      class="field__input hours__time"
                      aria-label={t.closes(day)}
                      value={d.close}
                      disabled={d.closed}
                      onInput={(event) => setDay(d.day, { close: event.currentTarget.value })}
                      {...invalidProps(invalid, 'department-hours-error')}
                    />
                    {!d.closed && d.more.length > 0 && (
                      <span class="hours__more">{t.moreIntervals(d.more.length)}</span>
                    )}
                  </div>
                );
              })}
            </div>
          )}
          <FieldMessage id="department-hours-error" error={hoursError} />
        </fieldset>

        <fieldset class="editor__group">
          <legend id="department-holidays-label" class="field__label">
            {t.holidays}
          </legend>
          {draft.holidays.length === 0 ? (
            <p class="field__hint">{t.noHolidays}</p>
          ) : (
            <ul class="holidays">
              {draft.holidays.map((date) => (
                <li key={date} class="holidays__item">
                  <time dateTime={date}>{date}</time>
                  <button
                    type="button"
                    class="holidays__remove"
                    aria-label={t.removeHoliday(date)}
                    onClick={() =>
                      setDraft((d) => ({ ...d, holidays: d.holidays.filter((x) => x !== date) }))
                    }
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div class="holidays__add">
            <input
              type="date"
              class="field__input"
              aria-labelledby="department-holidays-label"
              value={holiday}
              onInput={(event) => setHoliday(event.currentTarget.value)}
              onKeyDown={(event) => {
                // Enter adds the date instead of submitting the whole form.
                if (event.key === 'Enter') {
                  event.preventDefault();
                  addHoliday();
                }
              }}
              {...invalidProps(
                holidayError ? { code: 'required' } : errors.holidays,
                'department-holiday-error',
              )}
            />
            <button class="button button--secondary" type="button" onClick={addHoliday}>
              {t.addHoliday}
            </button>
          </div>
          {holidayError ? (
            <p id="department-holiday-error" class="field__error">
              {en.formErrors.date}
            </p>
          ) : (
            <FieldMessage id="department-holiday-error" error={errors.holidays} />
          )}
        </fieldset>

        <div class="editor__columns">
          <div class="field">
            <label class="field__label" for="department-timeout">
              {t.offerTimeout}
            </label>
            <input
              id="department-timeout"
              class="field__input"
              type="number"
              min={5}
              max={600}
              step={1}
              inputMode="numeric"
              value={draft.offerTimeoutSec}
              onInput={(event) => set('offerTimeoutSec', event.currentTarget.value)}
              {...invalidProps(errors.offerTimeoutSec, 'department-timeout-error')}
            />
            <FieldMessage id="department-timeout-error" error={errors.offerTimeoutSec} />
          </div>
          <label class="editor__check editor__check--field">
            <input
              type="checkbox"
              checked={draft.autoAccept}
              onChange={(event) => set('autoAccept', event.currentTarget.checked)}
            />
            {t.autoAccept}
          </label>
        </div>

        {errors.form && <FieldMessage id="department-form-error" error={errors.form} />}
        {refusal && (
          <p class="dialog__error" role="alert">
            {refusal}
          </p>
        )}
        <div class="dialog__actions">
          <button class="button button--secondary" type="button" onClick={props.onClose}>
            {t.cancel}
          </button>
          <button class="button button--primary" type="submit" disabled={busy}>
            {busy ? t.saving : t.save}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
