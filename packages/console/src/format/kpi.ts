import type { Kpis, ServiceLevelTarget } from '@switchboard/shared';
import { en } from '../i18n/en.js';

/** How far below the goal (in share points) a service level is still "near" it. @default 0.1 */
export const NEAR_TARGET_MARGIN = 0.1;

/** A service level against its goal: at or above, within {@link NEAR_TARGET_MARGIN}, below, or unknown. */
export type TargetStatus = 'good' | 'near' | 'poor' | 'none';

/**
 * Where a service level stands against the goal, for the green / amber / red colouring (always
 * shown with words too, never by colour alone).
 * @example targetStatus(0.72, 0.8) // 'near'
 */
export function targetStatus(serviceLevel: number | null, goal: number): TargetStatus {
  if (serviceLevel === null) return 'none';
  // Compare in whole per-mille so 0.8 vs 0.8000000001 does not flip the colour.
  const sl = Math.round(serviceLevel * 1000);
  const g = Math.round(goal * 1000);
  if (sl >= g) return 'good';
  if (sl >= g - NEAR_TARGET_MARGIN * 1000) return 'near';
  return 'poor';
}

/**
 * A share as a whole percentage, or "—" when there is nothing to divide by.
 * @example formatShare(0.857) // '86%'
 */
export function formatShare(share: number | null): string {
  return share === null ? en.kpi.none : en.kpi.percent(share);
}

/**
 * A KPI time in seconds, for people: "45 s", "4 min 5 s", "1 h 2 min"; "—" when null.
 * @example formatSeconds(245) // '4 min 5 s'
 */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return en.kpi.none;
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  if (total < 3600) {
    const rest = total % 60;
    return rest ? `${Math.floor(total / 60)} min ${rest} s` : `${total / 60} min`;
  }
  const minutes = Math.round(total / 60);
  const rest = minutes % 60;
  return rest ? `${Math.floor(minutes / 60)} h ${rest} min` : `${minutes / 60} h`;
}

/**
 * A wait as a ticking clock for the wallboard: "0:07", "2:05", "1:02:05".
 * @example formatWait(125_000) // '2:05'
 */
export function formatWait(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const s = String(total % 60).padStart(2, '0');
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}:${s}`;
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}:${s}`;
}

/**
 * The target in words.
 * @example formatTarget({ goal: 0.8, targetSec: 20 }) // '80% in 20 s'
 */
export function formatTarget(target: ServiceLevelTarget): string {
  return en.kpi.target(target.goal, target.targetSec);
}

/** The KPIs the Reports view shows as cards, in order. */
export type KpiCardKey = keyof typeof en.kpi.labels;

/** One KPI card: its label, the figure, a detail line and the formula in plain words. */
export interface KpiCard {
  key: KpiCardKey;
  label: string;
  value: string;
  detail?: string;
  formula: string;
  /** For the service level: where it stands against the goal. */
  status?: TargetStatus;
}

/**
 * The KPI set as cards with plain-language labels and their formulas (docs/kpis.md).
 * @example kpiCards(report.totals, report.target)[0] // { key: 'contacts', label: 'Contacts', value: '120', ... }
 */
export function kpiCards(kpis: Kpis, target: ServiceLevelTarget): KpiCard[] {
  const { labels, formulas } = en.kpi;
  const card = (key: KpiCardKey, value: string, detail?: string): KpiCard =>
    detail === undefined
      ? { key, label: labels[key], value, formula: formulas[key] }
      : { key, label: labels[key], value, detail, formula: formulas[key] };
  const serviceLevel: KpiCard = {
    ...card('serviceLevel', formatShare(kpis.serviceLevel), formatTarget(target)),
    status: targetStatus(kpis.serviceLevel, target.goal),
  };
  return [
    card('contacts', String(kpis.contacts)),
    card('answered', String(kpis.answered)),
    card('abandoned', String(kpis.abandoned)),
    serviceLevel,
    card('asaSec', formatSeconds(kpis.asaSec)),
    card('firstResponseSec', formatSeconds(kpis.firstResponseSec)),
    card('ahtSec', formatSeconds(kpis.ahtSec)),
    card('abandonmentRate', formatShare(kpis.abandonmentRate)),
    card('fcr', formatShare(kpis.fcr)),
    card(
      'csat',
      formatShare(kpis.csat),
      kpis.csatAverage === null
        ? en.kpi.responses(kpis.csatResponses)
        : `${en.kpi.responses(kpis.csatResponses)}, ${en.kpi.average(kpis.csatAverage.toFixed(1))}`,
    ),
    card(
      'ces',
      kpis.ces === null ? en.kpi.none : kpis.ces.toFixed(1),
      en.kpi.responses(kpis.cesResponses),
    ),
    card('deflectionRate', formatShare(kpis.deflectionRate)),
    card(
      'callbackCompletionRate',
      formatShare(kpis.callbackCompletionRate),
      en.kpi.ofRequested(kpis.callbacksCompleted, kpis.callbacksRequested),
    ),
    card('callbackOnTimeRate', formatShare(kpis.callbackOnTimeRate)),
  ];
}
