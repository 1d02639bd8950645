import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { type AlignedData, alignedData, type ChartSpec } from '../../../format/chart-data.js';

/** A drawn chart: feed it new data, or take it down. */
export interface DrawnChart {
  update(spec: ChartSpec): void;
  destroy(): void;
}

const HEIGHT = 220;

function percentTicks(_u: uPlot, values: number[]): string[] {
  return values.map((v) => `${Math.round(v * 100)}%`);
}

/**
 * Draw a chart with uPlot into `el`: counts as bars on the left axis, shares as lines on a 0 to
 * 100% right axis; follows the element's width. Null where there is no 2D canvas (tests).
 * Loaded lazily by `Chart`, so the inbox never pays for uPlot.
 * @example const chart = drawChart(div, { x, series }); chart?.update(next)
 */
export function drawChart(el: HTMLElement, spec: ChartSpec): DrawnChart | null {
  if (!el.ownerDocument.createElement('canvas').getContext('2d')) return null;
  const hasShare = spec.series.some((s) => s.kind === 'share');
  const hasCount = spec.series.some((s) => s.kind === 'count');
  const bars = uPlot.paths.bars?.({ size: [0.6, 48] });
  const axes: uPlot.Axis[] = [{}];
  if (hasCount) axes.push({ scale: 'count' });
  if (hasShare) {
    axes.push({ scale: 'share', side: 1, values: percentTicks, grid: { show: !hasCount } });
  }
  const options: uPlot.Options = {
    width: Math.max(240, el.clientWidth),
    height: HEIGHT,
    scales: {
      x: { time: true },
      count: { range: (_u, _min, max) => [0, Math.max(1, max)] },
      share: { range: [0, 1] },
    },
    axes,
    series: [
      {},
      ...spec.series.map(
        (s): uPlot.Series => ({
          label: s.label,
          scale: s.kind,
          stroke: s.color,
          width: 2,
          ...(s.kind === 'count' && bars ? { paths: bars, fill: `${s.color}55` } : {}),
          value: (_u, v) =>
            v === null ? '—' : s.kind === 'share' ? `${Math.round(v * 100)}%` : String(v),
        }),
      ),
    ],
  };
  const plot = new uPlot(options, alignedData(spec) as uPlot.AlignedData, el);
  const resize =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver(() =>
          plot.setSize({ width: Math.max(240, el.clientWidth), height: HEIGHT }),
        );
  resize?.observe(el);
  return {
    update(next: ChartSpec) {
      const data: AlignedData = alignedData(next);
      plot.setData(data as uPlot.AlignedData);
    },
    destroy() {
      resize?.disconnect();
      plot.destroy();
    },
  };
}
