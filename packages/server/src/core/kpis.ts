import type {
  Callback,
  KpiReport,
  Kpis,
  ServiceLevelTarget,
  WallboardData,
} from '@switchboard/shared';
import { localTime } from './business-hours.js';
import { type ContactFacts, type ConversationLog, contactFacts } from './contact-facts.js';

export { type ContactFacts, type ConversationLog, contactFacts } from './contact-facts.js';

// Formulas: docs/kpis.md. Everything here is pure: no clock, no I/O.

/** How the KPIs are counted. */
export interface KpiOptions {
  /** e.g. `{ targetSec: 20, goal: 0.8 }` */
  target: ServiceLevelTarget;
  /** A return of the same visitor on the same topic within this window reopens FCR. @default 7 days */
  fcrWindowMs: number;
  /** "As soon as possible" callbacks count as on time when first called within this. @default 1 h */
  asapOnTimeMs: number;
}

/** Which contacts count: created in `[from, to)`, optionally of one site, department or agent. */
export interface KpiScope {
  from: number;
  to: number;
  siteId?: string;
  departmentId?: string;
  agentId?: string;
}

/** FAQ numbers for the range, from the FAQ service: readers of an article, and how many of them went on to contact. */
export interface FaqActivity {
  readers: number;
  contacted: number;
}

/** The default FCR window: 7 days. */
export const DEFAULT_FCR_WINDOW_MS = 7 * 86_400_000;
/** The default on-time allowance of an "as soon as possible" callback: 1 hour. */
export const DEFAULT_ASAP_ON_TIME_MS = 3_600_000;

const HOUR = 3_600_000;

/** Contacts read once, with the returns FCR looks for. */
interface Prepared {
  contacts: ContactFacts[];
  /** Per visitor: their contacts by creation time. */
  byVisitor: Map<string, ContactFacts[]>;
  callbacks: readonly Callback[];
}

function prepare(logs: readonly ConversationLog[], callbacks: readonly Callback[]): Prepared {
  const contacts: ContactFacts[] = [];
  for (const log of logs) {
    const facts = contactFacts(log);
    if (facts) contacts.push(facts);
  }
  return prepareFacts(contacts, callbacks);
}

/** `prepare` for facts already read from their logs. */
function prepareFacts(contacts: ContactFacts[], callbacks: readonly Callback[]): Prepared {
  const byVisitor = new Map<string, ContactFacts[]>();
  for (const facts of contacts) {
    const list = byVisitor.get(facts.visitorId);
    if (list) list.push(facts);
    else byVisitor.set(facts.visitorId, [facts]);
  }
  return { contacts, byVisitor, callbacks };
}

/** The visitor came back on the same topic after this contact closed, within the window. */
function returned(contact: ContactFacts, prepared: Prepared, windowMs: number): boolean {
  if (contact.topic === undefined) return false;
  const since = contact.closedAt ?? contact.createdAt;
  const others = prepared.byVisitor.get(contact.visitorId) ?? [];
  return others.some(
    (other) =>
      other.id !== contact.id &&
      other.createdAt > since &&
      other.createdAt <= since + windowMs &&
      other.topic === contact.topic,
  );
}

const inScope = (
  at: number,
  scope: KpiScope,
  siteId: string,
  departmentId: string | undefined,
  agentId: string | undefined,
) =>
  at >= scope.from &&
  at < scope.to &&
  (scope.siteId === undefined || scope.siteId === siteId) &&
  (scope.departmentId === undefined || scope.departmentId === departmentId) &&
  (scope.agentId === undefined || scope.agentId === agentId);

/** The agent a callback counts for: whoever made its latest call. */
const callbackAgent = (callback: Callback) => callback.attempts.at(-1)?.agent.id;

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function kpisOf(prepared: Prepared, scope: KpiScope, options: KpiOptions, faq?: FaqActivity): Kpis {
  const targetMs = options.target.targetSec * 1000;
  const contacts = prepared.contacts.filter((c) =>
    inScope(c.createdAt, scope, c.siteId, c.departmentId, c.agent?.id),
  );
  const callbacks = prepared.callbacks.filter((cb) =>
    inScope(cb.createdAt, scope, cb.siteId, cb.departmentId, callbackAgent(cb)),
  );

  const answered = contacts.filter((c) => c.answeredAt !== null);
  const abandoned = contacts.filter((c) => c.abandoned);
  const live = answered.filter((c) => !c.deferred);
  const waits = live.map((c) => (c.answeredAt ?? c.createdAt) - c.createdAt);
  const withinTarget = waits.filter((w) => w <= targetMs).length;
  const abandonedLate = abandoned.filter((c) => (c.abandonWaitMs ?? 0) > targetMs).length;
  const responses = contacts
    .filter((c) => c.firstAgentMessageAt !== null)
    .map((c) => (c.firstAgentMessageAt ?? c.createdAt) - c.createdAt);
  const handles = answered.flatMap((c) => (c.handleMs === null ? [] : [c.handleMs]));
  const wrapped = answered.filter((c) => c.wrapUp !== null);
  const firstTime = wrapped.filter(
    (c) => c.wrapUp?.resolved && !returned(c, prepared, options.fcrWindowMs),
  ).length;

  const csats = [
    ...contacts.flatMap((c) => (c.csat === undefined ? [] : [c.csat])),
    ...callbacks.flatMap((cb) => (cb.survey?.csat === undefined ? [] : [cb.survey.csat])),
  ];
  const cess = [
    ...contacts.flatMap((c) => (c.ces === undefined ? [] : [c.ces])),
    ...callbacks.flatMap((cb) => (cb.survey?.ces === undefined ? [] : [cb.survey.ces])),
  ];

  const completed = callbacks.filter((cb) => cb.status === 'completed');
  const missed = callbacks.filter((cb) => cb.status === 'missed').length;
  const onTime = completed.filter((cb) => {
    const firstCall = cb.attempts[0]?.at;
    if (firstCall === undefined) return false;
    // The booked window: a retry after no answer clears `window`, but the first call is measured
    // against what the customer booked (callbacks stored before `bookedWindow` fall back to it).
    const booked = cb.bookedWindow !== undefined ? cb.bookedWindow : cb.window;
    return booked ? firstCall < booked.end : firstCall - cb.createdAt <= options.asapOnTimeMs;
  }).length;

  const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
  return {
    contacts: contacts.length,
    answered: answered.length,
    abandoned: abandoned.length,
    firstResponseSec: seconds(mean(responses)),
    asaSec: seconds(mean(waits)),
    ahtSec: seconds(mean(handles)),
    serviceLevel: ratio(withinTarget, live.length + abandonedLate),
    abandonmentRate: ratio(abandoned.length, contacts.length),
    fcr: ratio(firstTime, wrapped.length),
    csat: ratio(csats.filter((v) => v >= 4).length, csats.length),
    csatAverage: mean(csats),
    csatResponses: csats.length,
    ces: mean(cess),
    cesResponses: cess.length,
    deflectionRate:
      faq && faq.readers > 0 ? Math.min(1, Math.max(0, 1 - faq.contacted / faq.readers)) : null,
    callbacksRequested: callbacks.length,
    callbacksCompleted: completed.length,
    callbackCompletionRate: ratio(completed.length, completed.length + missed),
    callbackOnTimeRate: ratio(onTime, completed.length),
  };
}

/**
 * The KPIs of the contacts (conversations and callbacks) created in `[scope.from, scope.to)`,
 * as docs/kpis.md defines them. `logs` should reach `fcrWindowMs` past `scope.to`, so that
 * returns after the range still reopen FCR.
 * @example computeKpis(logs, callbacks, { from, to }, { target: { targetSec: 20, goal: 0.8 }, fcrWindowMs: DEFAULT_FCR_WINDOW_MS, asapOnTimeMs: DEFAULT_ASAP_ON_TIME_MS })
 */
export function computeKpis(
  logs: readonly ConversationLog[],
  callbacks: readonly Callback[],
  scope: KpiScope,
  options: KpiOptions,
  faq?: FaqActivity,
): Kpis {
  return kpisOf(prepare(logs, callbacks), scope, options, faq);
}

/**
 * The start of the hour or day (wall clock in `timeZone`) containing `at`. Day starts are found
 * by the offset at the candidate midnight, so a day with a DST change is 23 or 25 hours long.
 * @example bucketStart(Date.UTC(2026, 2, 29, 12), 'day', 'Europe/Berlin') // Date.UTC(2026, 2, 28, 23)
 */
export function bucketStart(at: number, bucket: 'hour' | 'day', timeZone: string): number {
  const local = localTime(at, timeZone);
  const subMinute = at % 60_000;
  if (bucket === 'hour') return at - subMinute - (local.minute % 60) * 60_000;
  const wallMidnight = local.wallMs - local.minute * 60_000;
  const offset = local.wallMs - (at - subMinute);
  let start = wallMidnight - offset;
  // The offset may differ at midnight (DST changed during the day): correct with it.
  const there = localTime(start, timeZone);
  start = wallMidnight - (there.wallMs - start);
  return start;
}

/**
 * The starts of every hour or day bucket overlapping `[from, to)`, oldest first.
 * @example bucketStarts(from, to, 'day', 'Europe/Berlin')
 */
export function bucketStarts(
  from: number,
  to: number,
  bucket: 'hour' | 'day',
  timeZone: string,
): number[] {
  const starts: number[] = [];
  let start = bucketStart(from, bucket, timeZone);
  while (start < to) {
    starts.push(start);
    // An hour is an hour in every zone; the next day is found from 26 hours on (days are 23 to 25 h).
    start = bucket === 'hour' ? start + HOUR : bucketStart(start + 26 * HOUR, 'day', timeZone);
  }
  return starts;
}

/**
 * A `kpi.report` without its type: totals (with FAQ deflection), one KPI set per hour or day
 * of the range (in `scope.timeZone`, empty buckets included, each clipped to the range), and one
 * per agent who answered and per department contacted, by name. Deflection is only in the totals.
 * @example kpiReport(logs, callbacks, { from, to, bucket: 'day', timeZone: 'Europe/Berlin' }, options, names)
 */
export function kpiReport(
  logs: readonly ConversationLog[],
  callbacks: readonly Callback[],
  scope: KpiScope & { bucket: 'hour' | 'day'; timeZone: string },
  options: KpiOptions,
  names: { agents: ReadonlyMap<string, string>; departments: ReadonlyMap<string, string> },
  faq?: FaqActivity,
): Omit<KpiReport, 'type'> {
  const prepared = prepare(logs, callbacks);
  const { bucket, timeZone, ...base } = scope;
  const series = bucketStarts(base.from, base.to, bucket, timeZone).map((start, i, all) => ({
    start,
    kpis: kpisOf(
      prepared,
      { ...base, from: Math.max(start, base.from), to: Math.min(all[i + 1] ?? base.to, base.to) },
      options,
    ),
  }));
  const agentIds = new Map<string, string>();
  const departmentIds = new Set<string>();
  for (const c of prepared.contacts) {
    if (!inScope(c.createdAt, base, c.siteId, c.departmentId, c.agent?.id)) continue;
    if (c.agent) agentIds.set(c.agent.id, names.agents.get(c.agent.id) ?? c.agent.name);
    if (c.departmentId !== undefined) departmentIds.add(c.departmentId);
  }
  for (const cb of callbacks) {
    if (!inScope(cb.createdAt, base, cb.siteId, cb.departmentId, callbackAgent(cb))) continue;
    const last = cb.attempts.at(-1)?.agent;
    if (last) agentIds.set(last.id, names.agents.get(last.id) ?? last.name);
    departmentIds.add(cb.departmentId);
  }
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return {
    from: base.from,
    to: base.to,
    bucket,
    target: options.target,
    totals: kpisOf(prepared, base, options, faq),
    series,
    agents: [...agentIds]
      .map(([id, name]) => ({ id, name }))
      .sort(byName)
      .map((agent) => ({ agent, kpis: kpisOf(prepared, { ...base, agentId: agent.id }, options) })),
    departments: [...departmentIds]
      .map((id) => ({ departmentId: id, name: names.departments.get(id) ?? id }))
      .sort(byName)
      .map((d) => ({
        ...d,
        kpis: kpisOf(prepared, { ...base, departmentId: d.departmentId }, options),
      })),
  };
}

/**
 * Today's wallboard numbers: the KPIs of the contacts created in `[since, now]` and, per hour
 * from `since` to the current hour, contacts and service level.
 * @example wallboardData(logs, callbacks, localMidnight, Date.now(), options)
 */
export function wallboardData(
  logs: readonly ConversationLog[],
  callbacks: readonly Callback[],
  since: number,
  now: number,
  options: KpiOptions,
): WallboardData {
  const facts: ContactFacts[] = [];
  for (const log of logs) {
    const found = contactFacts(log);
    if (found) facts.push(found);
  }
  return wallboardFromFacts(facts, callbacks, since, now, options);
}

/**
 * `wallboardData` from contacts' facts already read (the wallboard keeps them, reading a log
 * again only when it changed). Each hour's numbers count only that hour's contacts: the day costs
 * one pass over its contacts, not one per hour.
 */
export function wallboardFromFacts(
  facts: ContactFacts[],
  callbacks: readonly Callback[],
  since: number,
  now: number,
  options: KpiOptions,
): WallboardData {
  const prepared = prepareFacts(facts, callbacks);
  const hours = now >= since ? Math.floor((now - since) / HOUR) + 1 : 0;
  const contactsByHour = Array.from({ length: hours }, (): ContactFacts[] => []);
  const callbacksByHour = Array.from({ length: hours }, (): Callback[] => []);
  const hourOf = (at: number) => (at >= since && at <= now ? Math.floor((at - since) / HOUR) : -1);
  for (const c of prepared.contacts) contactsByHour[hourOf(c.createdAt)]?.push(c);
  for (const cb of callbacks) callbacksByHour[hourOf(cb.createdAt)]?.push(cb);
  const hourly: WallboardData['hourly'] = [];
  for (let i = 0; i < hours; i++) {
    const start = since + i * HOUR;
    const hour = { ...prepared, contacts: contactsByHour[i]!, callbacks: callbacksByHour[i]! };
    const kpis = kpisOf(hour, { from: start, to: Math.min(start + HOUR, now + 1) }, options);
    hourly.push({ start, contacts: kpis.contacts, serviceLevel: kpis.serviceLevel });
  }
  return {
    at: now,
    since,
    target: options.target,
    today: kpisOf(prepared, { from: since, to: now + 1 }, options),
    hourly,
  };
}
