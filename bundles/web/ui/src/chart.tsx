import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

interface Props {
  times: number[];
  counts: number[];
  scores: (number | null)[];
  testId?: string;
}

/** Inference count (bars, left axis) and mean score (line, right axis, 0..1) over time. */
export function InferenceChart({ times, counts, scores, testId }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const element = host.current!;
    const width = Math.max(320, element.clientWidth || 800);
    plot.current = new uPlot(
      {
        width,
        height: 240,
        series: [
          {},
          { label: 'Inferences', stroke: '#2563eb', fill: 'rgba(37,99,235,0.25)', paths: uPlot.paths.bars!({ size: [0.8, 40] }), scale: 'count' },
          { label: 'Mean score', stroke: '#d97706', width: 2, scale: 'score', spanGaps: false },
        ],
        scales: { score: { range: [0, 1] } },
        axes: [{}, { scale: 'count', label: 'count' }, { scale: 'score', side: 1, label: 'score', grid: { show: false } }],
        legend: { show: true },
      },
      [times, counts, scores] as uPlot.AlignedData,
      element,
    );
    const resize = () => plot.current?.setSize({ width: Math.max(320, element.clientWidth), height: 240 });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.current?.destroy();
    };
  }, []);

  useEffect(() => {
    plot.current?.setData([times, counts, scores] as uPlot.AlignedData);
  }, [times, counts, scores]);

  return <div class="chart" ref={host} data-testid={testId} role="img" aria-label="Inference count and mean score over time" />;
}
