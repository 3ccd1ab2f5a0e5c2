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
function useUPlot(options: () => Omit<uPlot.Options, 'width' | 'height'>, data: uPlot.AlignedData, rebuildOn: unknown[]) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const element = host.current!;
    const width = Math.max(320, element.clientWidth || 800);
    plot.current = new uPlot({ ...options(), width, height: HEIGHT }, data, element);
    const resize = () => plot.current?.setSize({ width: Math.max(320, element.clientWidth), height: HEIGHT });
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
