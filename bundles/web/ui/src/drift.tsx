// The drift panel of a model version's page: its live data over the last hours compared with the dataset version it
// was trained on, in a summary and one grouped bar chart per compared distribution. The rules live in driftLogic.ts.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Api } from './api';
import { DistributionChart } from './chart';
import { dateTime } from './format';
import {
  binLabel, binSeries, comparable, DEFAULT_DRIFT_WINDOW, DRIFT_WINDOWS, driftPath, driftSummary, measureLabel, measureText, pValueText,
  psiText, testLabel, UPLOADED_NOTE, type DriftMeasure, type DriftReport,
} from './driftLogic';
import type { ModelVersion } from './registry';
import { ErrorText, Progress } from './widgets';

/** Drift takes every sample of the window: a minute between reads is plenty. */
const DRIFT_POLL_MS = 60_000;

type Answer = { kind: 'loading' } | { kind: 'report'; report: DriftReport } | { kind: 'note'; text: string } | { kind: 'error'; text: string };

/** GET the report now and every minute; a 409 (no training data) is a note and ends the polling. */
function useDrift(api: Api, path: string | null): Answer {
  const [answer, setAnswer] = useState<Answer>({ kind: 'loading' });
  useEffect(() => {
    if (!path) return;
    let stopped = false;
    let timer: ReturnType<typeof setInterval> | undefined;
    const load = () => api.get<DriftReport>(path).then(
      (report) => { if (!stopped) setAnswer({ kind: 'report', report }); },
      (e: Error) => {
        if (stopped) return;
        if (e instanceof ApiError && e.status === 409) {
          setAnswer({ kind: 'note', text: e.detail });
          if (timer) clearInterval(timer);
        } else {
          setAnswer((previous) => (previous.kind === 'report' ? previous : { kind: 'error', text: e.message }));
        }
      });
    setAnswer({ kind: 'loading' });
    load();
    timer = setInterval(load, DRIFT_POLL_MS);
    return () => { stopped = true; clearInterval(timer); };
  }, [path]);
  return answer;
}

export function DriftPanel({ api, version }: { api: Api; version: ModelVersion }) {
  const [minutes, setMinutes] = useState(DEFAULT_DRIFT_WINDOW);
  // an uploaded version has no training data: the server would answer 409, so it is not asked
  const trained = comparable(version);
  const answer = useDrift(api, trained ? driftPath(version.id, minutes) : null);
  return (
    <section class="panel drift" data-testid="drift-panel" aria-labelledby="drift-title">
      <header class="panel-head">
        <h2 id="drift-title">Drift</h2>
        {trained && (
          <label class="inline-label">Window
            <select data-testid="drift-window" value={String(minutes)} onChange={(e) => setMinutes(Number(e.currentTarget.value))}>
              {DRIFT_WINDOWS.map((w) => <option value={String(w.minutes)}>last {w.label}</option>)}
            </select>
          </label>
        )}
      </header>
      <p class="hint lead">The predicted labels, scores and numeric inputs edges sent for this version, against the dataset version it was trained
        on. A distribution drifts when its population stability index (PSI) is large and its two-sample test says the difference is no chance.</p>
      {!trained && <p class="notice" data-testid="drift-note">{UPLOADED_NOTE}</p>}
      {answer.kind === 'note' && <p class="notice" data-testid="drift-note">{answer.text}</p>}
      {answer.kind === 'error' && <ErrorText error={answer.text} />}
      {trained && answer.kind === 'loading' && <Progress />}
      {answer.kind === 'report' && <Report report={answer.report} />}
    </section>
  );
}

function Report({ report }: { report: DriftReport }) {
  const summary = driftSummary(report);
  return (
    <>
      <div class={`drift-summary drift-${summary.state}`} data-testid="drift-summary" data-state={summary.state}>
        <p><strong>{summary.headline}</strong></p>
        <p class="hint">{summary.detail} <span title={`${dateTime(report.from)} to ${dateTime(report.to)}`}>Until {dateTime(report.to)}.</span></p>
        {report.measures.length > 0 && (
          <dl class="wide drift-numbers">
            <dt>Max PSI</dt><dd data-testid="drift-max-psi">{psiText(report.maxPsi)}</dd>
            <dt>Compared</dt><dd>{report.measures.length} distribution{report.measures.length === 1 ? '' : 's'}, {report.measures.filter((m) => m.drifted).length} drifted</dd>
          </dl>
        )}
      </div>
      {report.measures.length > 0 && (
        <div class="drift-measures">{report.measures.map((m) => <Measure measure={m} />)}</div>
      )}
    </>
  );
}

function Measure({ measure }: { measure: DriftMeasure }) {
  const series = binSeries(measure.bins);
  const title = measureLabel(measure.name);
  return (
    <section class={`drift-measure${measure.drifted ? ' drifted' : ''}`} data-testid={`drift-measure-${measure.name}`} data-drifted={String(measure.drifted)}
      aria-label={`${title}${measure.drifted ? ', drifted' : ''}`}>
      <h3>{title} {measure.drifted ? <span class="badge badge-drifted">DRIFTED</span> : <span class="badge badge-stable">STABLE</span>}</h3>
      <p class="hint" title={measureText(measure)}>PSI <strong>{psiText(measure.psi)}</strong> · p-value <strong>{pValueText(measure.pValue)}</strong>
        {' '}({testLabel(measure.test)}, statistic {measure.statistic.toFixed(3)})</p>
      {measure.bins.length > 0
        ? <DistributionChart names={series.names} reference={series.reference} live={series.live} drifted={measure.drifted}
          tick={(name) => binLabel(name, series.names.length)} testId={`drift-chart-${measure.name}`}
          label={`${title}: share of each bin in the training data and in the live data`} />
        : <p class="hint">No bins.</p>}
    </section>
  );
}
