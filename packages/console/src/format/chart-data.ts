/** What a series measures, which decides its axis: counts on the left, shares (0 to 1) on the right. */
export type SeriesKind = 'count' | 'share';

/** One line or bar series of a {@link ChartSpec}. */
export interface ChartSeries {
  label: string;
  kind: SeriesKind;
  /** One value per x, null for a gap (nothing to divide by). */
  values: ReadonlyArray<number | null>;
  /** A CSS colour. */
  color: string;
}

/** A chart: bucket starts (ms) and the series drawn over them. */
export interface ChartSpec {
  x: readonly number[];
  series: readonly ChartSeries[];
}

/** uPlot's column-oriented data: x in seconds, then one column per series. */
export type AlignedData = [number[], ...Array<Array<number | null>>];

/**
 * The columns uPlot draws: x converted from ms to seconds, and each series cut or padded with
 * nulls to the length of x, so a short series never shifts the points.
 * @example alignedData({ x: [0, 3600_000], series: [{ values: [3, null], ... }] }) // [[0, 3600], [3, null]]
 */
export function alignedData(spec: ChartSpec): AlignedData {
  const xs = spec.x.map((ms) => ms / 1000);
  const columns = spec.series.map((s) => xs.map((_, i) => s.values[i] ?? null));
  return [xs, ...columns];
}
