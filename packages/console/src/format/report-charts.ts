import type { KpiReport, Kpis } from '@switchboard/shared';
import { en } from '../i18n/en.js';
import type { ChartSpec } from './chart-data.js';

/** The report's series as the three charts draw them. */
export function reportSpecs(report: KpiReport): {
  contacts: ChartSpec;
  serviceLevel: ChartSpec;
  csat: ChartSpec;
} {
  const x = report.series.map((s) => s.start);
  const values = (pick: (k: Kpis) => number | null) => report.series.map((s) => pick(s.kpis));
  return {
    contacts: {
      x,
      series: [
        {
          label: en.kpi.labels.contacts,
          kind: 'count',
          values: values((k) => k.contacts),
          color: '#1f6f5c',
        },
        {
          label: en.kpi.labels.abandoned,
          kind: 'count',
          values: values((k) => k.abandoned),
          color: '#b42318',
        },
      ],
    },
    serviceLevel: {
      x,
      series: [
        {
          label: en.kpi.labels.serviceLevel,
          kind: 'share',
          values: values((k) => k.serviceLevel),
          color: '#2563eb',
        },
      ],
    },
    csat: {
      x,
      series: [
        {
          label: en.kpi.labels.csat,
          kind: 'share',
          values: values((k) => k.csat),
          color: '#b45309',
        },
      ],
    },
  };
}
