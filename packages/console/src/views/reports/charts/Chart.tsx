import { useEffect, useRef } from 'preact/hooks';
import type { ChartSpec } from '../../../format/chart-data.js';
import { en } from '../../../i18n/en.js';
import type { DrawnChart } from './uplot-chart.js';

/** Props of {@link ChartFigure}. */
export interface ChartFigureProps {
  /** The figure's caption and the table's. */
  title: string;
  spec: ChartSpec;
  /** The heading of the table's first column. @default 'Period' */
  xLabel?: string;
  /** How the x values read in the table ("09:00", "Mar 4"). */
  formatX(ms: number): string;
  /** How one series value reads in the table. */
  formatValue(kind: ChartSpec['series'][number]['kind'], value: number | null): string;
}

/**
 * A chart and its accessible alternative: the canvas (uPlot, loaded in a lazy chunk on first use,
 * hidden from assistive technology) and a table of the same numbers, one row per x.
 * @example <ChartFigure title="Today by hour" spec={spec} formatX={hour} formatValue={fmt} />
 */
export function ChartFigure({ title, spec, xLabel, formatX, formatValue }: ChartFigureProps) {
  return (
    <figure class="chart">
      <figcaption class="chart__title">{title}</figcaption>
      <Chart spec={spec} />
      <details class="chart__data">
        <summary>{en.charts.showTable}</summary>
        <table class="table">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{xLabel ?? en.charts.period}</th>
              {spec.series.map((s) => (
                <th key={s.label} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {spec.x.map((x, i) => (
              <tr key={x}>
                <th scope="row">{formatX(x)}</th>
                {spec.series.map((s) => (
                  <td key={s.label}>{formatValue(s.kind, s.values[i] ?? null)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** The canvas part: draws once uPlot has loaded, then feeds it each new spec. */
function Chart({ spec }: { spec: ChartSpec }) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<DrawnChart | null>(null);
  const latest = useRef(spec);
  latest.current = spec;

  useEffect(() => {
    let cancelled = false;
    import('./uplot-chart.js')
      .then(({ drawChart }) => {
        if (cancelled || !host.current) return;
        chart.current = drawChart(host.current, latest.current);
      })
      .catch((error: unknown) => {
        // The table still carries every number; only the picture is lost.
        console.warn('[switchboard] the chart could not be drawn', error);
      });
    return () => {
      cancelled = true;
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.update(spec);
  }, [spec]);

  return <div class="chart__canvas" ref={host} aria-hidden="true" />;
}
