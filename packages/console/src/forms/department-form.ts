import { Department, LIMITS, type Strategy, type WeeklyHours } from '@switchboard/shared';
import { type FieldError, type FormResult, formResult } from './form-result.js';

/** Weekdays in the order the form lists them, Monday first (`day` as the protocol counts: 0 = Sunday). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const;

/** A new department's id: lowercase letters, digits, `-` and `_`, starting with a letter or digit. */
export const DEPARTMENT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Common IANA zones offered by the time zone field's datalist; any zone `Intl` knows is accepted.
 * @example <datalist>{COMMON_TIME_ZONES.map((z) => <option value={z} />)}</datalist>
 */
export const COMMON_TIME_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Lisbon',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Europe/Rome',
  'Europe/Amsterdam',
  'Europe/Stockholm',
  'Europe/Warsaw',
  'Europe/Athens',
  'Europe/Helsinki',
  'Europe/Istanbul',
  'Europe/Moscow',
  'Africa/Cairo',
  'Africa/Johannesburg',
  'Africa/Lagos',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Australia/Perth',
  'Australia/Sydney',
  'Pacific/Auckland',
  'America/St_Johns',
  'America/Halifax',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Mexico_City',
  'America/Bogota',
  'America/Sao_Paulo',
  'America/Argentina/Buenos_Aires',
] as const;

/** One weekday as the form edits it: closed, or one opening interval. */
export interface DayDraft {
  /** 0 = Sunday ... 6 = Saturday. */
  day: number;
  closed: boolean;
  /** `HH:MM`, as a `time` input gives it. */
  open: string;
  /** `HH:MM`; `00:00` stands for midnight at the end of the day (`24:00` on the wire). */
  close: string;
  /** Further intervals of that day (split hours) the form does not show; kept as they are. */
  more: WeeklyHours;
}

/** The department form's fields, as text where the user types. */
export interface DepartmentDraft {
  /** True for a new department: its id is editable and must not be taken. */
  isNew: boolean;
  id: string;
  name: string;
  /** Comma-separated skill ids. */
  skills: string;
  agentIds: string[];
  timeZone: string;
  /** True means `hours: []`. */
  alwaysOpen: boolean;
  /** Monday first, as {@link WEEKDAYS}. */
  days: DayDraft[];
  /** `YYYY-MM-DD`, sorted. */
  holidays: string[];
  strategy: Strategy;
  offerTimeoutSec: string;
  autoAccept: boolean;
}

/** The fields an error can sit on; `form` when no single field is to blame. */
export type DepartmentField =
  | 'id'
  | 'name'
  | 'skills'
  | 'agentIds'
  | 'timeZone'
  | 'hours'
  | 'holidays'
  | 'strategy'
  | 'offerTimeoutSec'
  | 'autoAccept'
  | 'form';

const DEFAULT_OPEN = '09:00';
const DEFAULT_CLOSE = '17:00';

/**
 * The zone's canonical IANA name if `Intl` knows it (`europe/london` -> `Europe/London`), else null.
 * @example canonicalTimeZone('Mars/Olympus') // null
 */
export function canonicalTimeZone(zone: string): string | null {
  const trimmed = zone.trim();
  if (!trimmed) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Monday to Friday 09:00-17:00, the weekend closed: where a new schedule starts. */
function defaultDays(): DayDraft[] {
  return WEEKDAYS.map((day) => ({
    day,
    closed: day === 0 || day === 6,
    open: DEFAULT_OPEN,
    close: DEFAULT_CLOSE,
    more: [],
  }));
}

/**
 * The form's starting point: the department's fields, or a new department's defaults (always
 * open, longest idle, 30 s offers, the browser's time zone).
 * @example draftFromDepartment(null, 'Europe/Berlin').alwaysOpen // true
 */
export function draftFromDepartment(
  department: Department | null,
  localTimeZone = 'UTC',
): DepartmentDraft {
  if (!department) {
    return {
      isNew: true,
      id: '',
      name: '',
      skills: '',
      agentIds: [],
      timeZone: localTimeZone,
      alwaysOpen: true,
      days: defaultDays(),
      holidays: [],
      strategy: 'longest-idle',
      offerTimeoutSec: '30',
      autoAccept: false,
    };
  }
  const alwaysOpen = department.hours.length === 0;
  const days = alwaysOpen
    ? defaultDays()
    : WEEKDAYS.map((day) => {
        const intervals = department.hours
          .filter((h) => h.day === day)
          .sort((a, b) => a.open.localeCompare(b.open));
        const [first, ...more] = intervals;
        if (!first) return { day, closed: true, open: DEFAULT_OPEN, close: DEFAULT_CLOSE, more };
        const close = first.close === '24:00' ? '00:00' : first.close;
        return { day, closed: false, open: first.open, close, more };
      });
  return {
    isNew: false,
    id: department.id,
    name: department.name,
    skills: department.skills.join(', '),
    agentIds: [...department.agentIds],
    timeZone: department.timeZone,
    alwaysOpen,
    days,
    holidays: [...department.holidays].sort(),
    strategy: department.strategy,
    offerTimeoutSec: String(department.offerTimeoutSec),
    autoAccept: department.autoAccept,
  };
}

const FIELDS: readonly DepartmentField[] = [
  'id',
  'name',
  'skills',
  'agentIds',
  'timeZone',
  'hours',
  'holidays',
  'strategy',
  'offerTimeoutSec',
  'autoAccept',
];

function hoursFromDays(
  days: readonly DayDraft[],
): { ok: true; hours: WeeklyHours } | { ok: false; error: FieldError } {
  const hours: WeeklyHours = [];
  for (const d of days) {
    if (d.closed) continue;
    if (!d.open || !d.close) return { ok: false, error: { code: 'hours-missing', day: d.day } };
    const close = d.close === '00:00' ? '24:00' : d.close;
    if (close <= d.open) return { ok: false, error: { code: 'hours-order', day: d.day } };
    hours.push({ day: d.day, open: d.open, close }, ...d.more);
  }
  // No open day would be `hours: []`, which the protocol reads as always open.
  if (hours.length === 0) return { ok: false, error: { code: 'no-hours' } };
  return { ok: true, hours };
}

/**
 * Check the form and build the `Department` to send: its own checks first (required name, id
 * format and uniqueness, a zone `Intl` knows, hours in order, 5-600 s), then the shared schema's
 * `safeParse`, whose issues land on the field they name.
 * @example departmentFromDraft(draft, ['orders']) // { ok: true, value: { id: 'returns', ... } }
 */
export function departmentFromDraft(
  draft: DepartmentDraft,
  takenIds: readonly string[],
): FormResult<Department, DepartmentField> {
  const errors: Partial<Record<DepartmentField, FieldError>> = {};
  const name = draft.name.trim();
  if (!name) errors.name = { code: 'required' };

  const id = draft.isNew ? draft.id.trim() : draft.id;
  if (draft.isNew) {
    if (!id) errors.id = { code: 'required' };
    else if (!DEPARTMENT_ID_PATTERN.test(id) || id.length > LIMITS.clientIdChars) {
      errors.id = { code: 'format' };
    } else if (takenIds.includes(id)) errors.id = { code: 'taken' };
  }

  const skills = [
    ...new Set(
      draft.skills
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];

  const timeZone = canonicalTimeZone(draft.timeZone);
  if (!timeZone) errors.timeZone = { code: draft.timeZone.trim() ? 'time-zone' : 'required' };

  let hours: WeeklyHours = [];
  if (!draft.alwaysOpen) {
    const built = hoursFromDays(draft.days);
    if (built.ok) hours = built.hours;
    else errors.hours = built.error;
  }

  const timeout = Number(draft.offerTimeoutSec);
  if (!draft.offerTimeoutSec.trim() || !Number.isInteger(timeout) || timeout < 5 || timeout > 600) {
    errors.offerTimeoutSec = { code: 'range' };
  }

  const department = {
    id,
    name,
    skills,
    agentIds: [...new Set(draft.agentIds)],
    timeZone: timeZone ?? draft.timeZone.trim(),
    hours,
    holidays: [...new Set(draft.holidays)].sort(),
    strategy: draft.strategy,
    offerTimeoutSec: timeout,
    autoAccept: draft.autoAccept,
  };
  return formResult(errors, Department.safeParse(department), FIELDS);
}

/**
 * Opening hours in a line, Monday first, consecutive days with the same hours grouped:
 * `Mon–Fri 09:00–17:00 · Sat 10:00–14:00`. Empty hours are `alwaysOpen`.
 * @example formatHours(d.hours, { days: en.editors.dayShort, alwaysOpen: 'Always open', closed: 'Closed' })
 */
export function formatHours(
  hours: WeeklyHours,
  words: { days: Readonly<Record<number, string>>; alwaysOpen: string; closed: string },
): string {
  if (hours.length === 0) return words.alwaysOpen;
  const signature = (day: number) =>
    hours
      .filter((h) => h.day === day)
      .sort((a, b) => a.open.localeCompare(b.open))
      .map((h) => `${h.open}–${h.close}`)
      .join(', ');
  const groups: Array<{ from: number; to: number; text: string }> = [];
  for (const day of WEEKDAYS) {
    const text = signature(day);
    const last = groups.at(-1);
    if (last && last.text === text) last.to = day;
    else groups.push({ from: day, to: day, text });
  }
  const open = groups.filter((g) => g.text);
  if (open.length === 0) return words.closed;
  return open
    .map((g) => {
      const days =
        g.from === g.to ? words.days[g.from] : `${words.days[g.from]}–${words.days[g.to]}`;
      return `${days} ${g.text}`;
    })
    .join(' · ');
}
