import { useEffect, useMemo, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

interface Props {
  times: number[];
  counts: number[];
  scores: (number | null)[];
  testId?: string;
}

const HEIGHT = 240;

/**
 * A uPlot chart in a host element, as wide as the host and following window resizes. It is built again when
 * {@code rebuildOn} changes (the series themselves) and only fed new data when {@code data} does.
 */
function useUPlot(options: () => Omit<uPlot.Options, 'width' | 'height'>, data: uPlot.AlignedData, rebuildOn: unknown[], height = HEIGHT) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const element = host.current!;
    const width = Math.max(320, element.clientWidth || 800);
    plot.current = new uPlot({ ...options(), width, height }, data, element);
    const resize = () => plot.current?.setSize({ width: Math.max(320, element.clientWidth), height });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.current?.destroy();
      plot.current = null;
    };
  }, rebuildOn);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return host;
}

/** Inference count (bars, left axis) and mean score (line, right axis, 0..1) over time. */
export function InferenceChart({ times, counts, scores, testId }: Props) {
  const data = useMemo(() => [times, counts, scores] as uPlot.AlignedData, [times, counts, scores]);
  const host = useUPlot(() => ({
    series: [
      {},
      { label: 'Inferences', stroke: '#2563eb', fill: 'rgba(37,99,235,0.25)', paths: uPlot.paths.bars!({ size: [0.8, 40] }), scale: 'count' },
      { label: 'Mean score', stroke: '#d97706', width: 2, scale: 'score', spanGaps: false },
    ],
    scales: { score: { range: [0, 1] } },
    axes: [{}, { scale: 'count', label: 'count' }, { scale: 'score', side: 1, label: 'score', grid: { show: false } }],
    legend: { show: true },
  }), data, []);

  return <div class="chart" ref={host} data-testid={testId} role="img" aria-label="Inference count and mean score over time" />;
}

const METRIC_COLOURS = ['#2563eb', '#d97706', '#16a34a', '#9333ea', '#dc2626', '#0891b2', '#4d7c0f', '#be185d'];

interface MetricProps {
  /** the x values: run numbers, ascending */
  x: number[];
  series: { name: string; values: (number | null)[] }[];
  testId?: string;
  label?: string;
}

/** Metrics (one line each) across training runs; the y axis is 0..1 when every value is, as accuracies and F1 are. */
export function MetricChart({ x, series, testId, label = 'Metrics across training runs' }: MetricProps) {
  const names = series.map((s) => s.name).join('\n');
  const unit = series.every((s) => s.values.every((v) => v == null || (v >= 0 && v <= 1)));
  const data = useMemo(() => [x, ...series.map((s) => s.values)] as uPlot.AlignedData, [x, series]);
  const host = useUPlot(() => ({
    series: [
      { label: 'Run' },
      ...series.map((s, i) => ({ label: s.name, stroke: METRIC_COLOURS[i % METRIC_COLOURS.length], width: 2, points: { show: true, size: 6 }, spanGaps: true })),
    ],
    scales: { x: { time: false }, y: unit ? { range: [0, 1] } : {} },
    axes: [{ label: 'run', incrs: [1, 2, 5, 10, 20, 50, 100], values: (_u, ticks) => ticks.map((t) => `#${t}`) }, { label: unit ? 'value (0–1)' : 'value' }],
    legend: { show: true },
  }), data, [names, unit]);

  return <div class="chart" ref={host} data-testid={testId} role="img" aria-label={label} />;
}

interface ThresholdProps {
  /** seconds since the epoch, ascending */
  x: number[];
  values: (number | null)[];
  thresholds: (number | null)[];
  /** the value where a measurement failed, else null */
  failed: (number | null)[];
  /** the value a wave was judged by, else null */
  decisive: (number | null)[];
  name: string;
  /** values are percentages: the axis spans 0..100 */
  percent?: boolean;
  testId?: string;
}

const noLine = () => null;

/**
 * A gate metric over time: its value (line), its threshold (dashed), the failed measurements (red dots) and the
 * decisive ones, those a wave was judged by (large rings).
 */
export function ThresholdChart({ x, values, thresholds, failed, decisive, name, percent, testId }: ThresholdProps) {
  const data = useMemo(() => [x, values, thresholds, failed, decisive] as uPlot.AlignedData, [x, values, thresholds, failed, decisive]);
  const host = useUPlot(() => ({
    series: [
      {},
      { label: name, stroke: '#2563eb', width: 2, points: { show: true, size: 5 }, spanGaps: true },
      { label: 'threshold', stroke: '#64748b', width: 1.5, dash: [6, 4], points: { show: false }, spanGaps: true },
      { label: 'failing', stroke: '#dc2626', paths: noLine, points: { show: true, size: 9, width: 1, fill: '#dc2626', stroke: '#dc2626' } },
      { label: 'judged by', stroke: '#0f172a', paths: noLine, points: { show: true, size: 14, width: 2, fill: 'rgba(0,0,0,0)', stroke: '#0f172a' } },
    ],
    scales: {
      // a single measurement would otherwise stretch the time axis over years
      x: { range: (_u: uPlot, min: number | null, max: number | null): [number, number] => (min == null || max == null ? [0, 1]
        : max - min < 60 ? [min - 30, max + 30] : [min, max]) },
      y: {
        range: (_u: uPlot, min: number | null, max: number | null): [number, number] => {
          if (percent) return [0, 100];
          const low = Math.min(0, min ?? 0);
          const high = Math.max(max ?? 0, 0);
          return [low, high > low ? high + (high - low) * 0.15 : low + 1];
        },
      },
    },
    axes: [{}, { label: percent ? '%' : 'value' }],
    legend: { show: true },
  }), data, [name, percent]);

  return <div class="chart gate-chart" ref={host} data-testid={testId} role="img" aria-label={`${name} over time against its threshold`} />;
}

interface CountProps {
  /** seconds since the epoch: each bar's start, ascending */
  times: number[];
  counts: number[];
  name: string;
  label: string;
  testId?: string;
}

/** Counts over time as bars, small enough to sit above a table (alerts fired per hour). */
export function CountChart({ times, counts, name, label, testId }: CountProps) {
  const data = useMemo(() => [times, counts] as uPlot.AlignedData, [times, counts]);
  const host = useUPlot(() => ({
    series: [{}, { label: name, stroke: '#dc2626', fill: 'rgba(220,38,38,0.3)', paths: uPlot.paths.bars!({ size: [0.8, 40] }), points: { show: false } }],
    // whole numbers only, and a little room above the highest bar; an empty day still has an axis
    scales: { y: { range: (_u: uPlot, _min: number | null, max: number | null): [number, number] => [0, Math.max(1, Math.ceil((max ?? 0) * 1.15))] } },
    axes: [{}, { label: 'count', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }],
    legend: { show: false },
  }), data, [name], 140);

  return <div class="chart small" ref={host} data-testid={testId} role="img" aria-label={label} />;
}

interface DistributionProps {
  /** the bins' names, in order: the x axis */
  names: string[];
  /** shares in percent, one per bin */
  reference: number[];
  live: number[];
  /** the live bars in red: this distribution drifted */
  drifted?: boolean;
  label: string;
  testId?: string;
  /** an axis label of a bin (shortened); the legend shows the whole name */
  tick?: (name: string) => string;
}

/** Two distributions over the same bins as grouped bars: the training data (grey, left) and the live data (right). */
export function DistributionChart({ names, reference, live, drifted, label, testId, tick = (n) => n }: DistributionProps) {
  const x = useMemo(() => names.map((_, i) => i), [names]);
  const data = useMemo(() => [x, reference, live] as uPlot.AlignedData, [x, reference, live]);
  const key = names.join('\n');
  const host = useUPlot(() => ({
    series: [
      { label: 'bin', value: (_u: uPlot, v: number | null) => (v == null ? '—' : names[Math.round(v)] ?? '') },
      { label: 'training data', stroke: '#64748b', fill: 'rgba(100,116,139,0.45)', width: 1,
        paths: uPlot.paths.bars!({ size: [0.4, 80], align: -1 }), points: { show: false }, value: (_u: uPlot, v: number | null) => (v == null ? '—' : `${v} %`) },
      { label: 'live', stroke: drifted ? '#dc2626' : '#2563eb', fill: drifted ? 'rgba(220,38,38,0.45)' : 'rgba(37,99,235,0.45)', width: 1,
        paths: uPlot.paths.bars!({ size: [0.4, 80], align: 1 }), points: { show: false }, value: (_u: uPlot, v: number | null) => (v == null ? '—' : `${v} %`) },
    ],
    scales: {
      x: { time: false, range: (): [number, number] => [-0.5, Math.max(0, names.length - 1) + 0.5] },
      y: { range: (_u: uPlot, _min: number | null, max: number | null): [number, number] => [0, Math.min(100, Math.max(5, Math.ceil((max ?? 0) * 1.15)))] },
    },
    axes: [
      { splits: () => names.map((_, i) => i), values: (_u, ticks) => ticks.map((t) => tick(names[Math.round(t)] ?? '')), grid: { show: false } },
      { label: 'share (%)' },
    ],
    legend: { show: true },
  }), data, [key, drifted], 200);

  return <div class="chart distribution" ref={host} data-testid={testId} role="img" aria-label={label} />;
}

interface HourlyProps {
  /** seconds since the epoch: each hour's start, ascending */
  times: number[];
  results: number[];
  /** the low-confidence share of the hour's results and the failure share of its inferences, in percent; null: none */
  lowPercent: (number | null)[];
  failurePercent: (number | null)[];
  /** the axis shows the hours in this zone (IANA), else in the browser's */
  timeZone?: string;
  label: string;
  testId?: string;
}

const percentValue = (_u: uPlot, v: number | null) => (v == null ? '—' : `${v} %`);

/** One day hour by hour: results as bars (left axis), the low-confidence and failure shares as lines (right axis, %). */
export function HourlyChart({ times, results, lowPercent, failurePercent, timeZone, label, testId }: HourlyProps) {
  const data = useMemo(() => [times, results, lowPercent, failurePercent] as uPlot.AlignedData, [times, results, lowPercent, failurePercent]);
  const host = useUPlot(() => {
    // hours as 00:00 to 23:00 in the day's zone
    const hour = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) });
    const hourOf = (seconds: number) => hour.format(new Date(seconds * 1000));
    return {
      ...(timeZone ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), timeZone) } : {}),
      series: [
        { label: 'Hour', value: (_u: uPlot, v: number | null) => (v == null ? '—' : hourOf(v)) },
        { label: 'Results', stroke: '#2563eb', fill: 'rgba(37,99,235,0.35)', paths: uPlot.paths.bars!({ size: [0.8, 40] }), points: { show: false }, scale: 'count' },
        { label: 'Low confidence', stroke: '#d97706', width: 2, scale: 'percent', spanGaps: false, value: percentValue },
        { label: 'Failures', stroke: '#dc2626', width: 1.5, dash: [5, 4], scale: 'percent', spanGaps: false, value: percentValue },
      ],
      scales: {
        // whole results with room above the highest bar; shares up to a little above the highest, at least 0..5 %
        count: { range: (_u: uPlot, _min: number | null, max: number | null): [number, number] => [0, Math.max(1, Math.ceil((max ?? 0) * 1.15))] },
        percent: { range: (_u: uPlot, _min: number | null, max: number | null): [number, number] => [0, Math.min(100, Math.max(5, Math.ceil((max ?? 0) * 1.2)))] },
      },
      axes: [
        { values: (_u: uPlot, splits: number[]) => splits.map(hourOf) },
        { scale: 'count', label: 'results', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 1_000_000] },
        { scale: 'percent', side: 1, label: '%', grid: { show: false } },
      ],
      legend: { show: true },
    };
  }, data, [timeZone], 220);

  return <div class="chart hourly" ref={host} data-testid={testId} role="img" aria-label={label} />;
}
