// Drift of a model version: API types and the pure rules behind the drift panel of the model version page (drift.tsx):
// the window choices, the summary in words, each measure's name, test and numbers, and its bins as chart series.
// Unit-tested.

// ---- types of the API (GET /model-versions/{id}/drift) ----
/** One bin of a compared distribution: a label or a value range, with its share (0..1) of the reference and live data. */
export interface DriftBin { bin: string; reference: number; live: number }
export type DriftTest = 'chi-square' | 'kolmogorov-smirnov';
/** `name`: 'label' (the predicted labels), 'score' (the scores) or an input feature's name. */
export interface DriftMeasure { name: string; test: DriftTest | string; psi: number; statistic: number; pValue: number; drifted: boolean; bins: DriftBin[] }
export interface DriftReport {
  modelVersionId: number; model: string; datasetVersionId: number | null; from: string; to: string; tagKey: string | null; tagValue: string | null;
  referenceCount: number; liveCount: number; minLive: number; drifted: boolean; maxPsi: number; measures: DriftMeasure[];
}

export const DRIFT_WINDOWS: { minutes: number; label: string }[] = [
  { minutes: 60, label: '1 h' }, { minutes: 360, label: '6 h' }, { minutes: 1440, label: '24 h' },
];
export const DEFAULT_DRIFT_WINDOW = 60;

export const driftPath = (versionId: number, windowMinutes: number) => `/api/v1/model-versions/${versionId}/drift?windowMinutes=${windowMinutes}`;

/** The note shown instead of a report for a version that was not trained here (the server would answer 409). */
export const UPLOADED_NOTE = 'This version was uploaded, not trained here from a dataset version: there is no training data to compare its live data with.';

/** Whether the server can compare the version at all: only versions trained from a dataset version have reference data. */
export const comparable = (version: { lineage?: { datasetVersionId?: number | null } | null }) => version.lineage?.datasetVersionId != null;

export const windowLabel = (minutes: number) =>
  DRIFT_WINDOWS.find((w) => w.minutes === minutes)?.label ?? (minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "0.213"; tiny values keep a digit that is not zero ("0.0004"). */
export function psiText(psi: number): string {
  if (!Number.isFinite(psi)) return String(psi);
  if (psi !== 0 && Math.abs(psi) < 0.001) return psi.toPrecision(1);
  return psi.toFixed(3);
}

/** "0.42", "0.0031", "< 0.0001". */
export function pValueText(p: number): string {
  if (!Number.isFinite(p)) return String(p);
  if (p < 0.0001) return '< 0.0001';
  if (p >= 0.01) return p.toFixed(2);
  return p.toPrecision(2);
}

/** What a measure compares: "Predicted labels", "Scores", "Input temperature". */
export function measureLabel(name: string): string {
  if (name === 'label') return 'Predicted labels';
  if (name === 'score') return 'Scores';
  return `Input ${name}`;
}

export function testLabel(test: string): string {
  if (test === 'chi-square') return 'chi-square test';
  if (test === 'kolmogorov-smirnov') return 'Kolmogorov–Smirnov test';
  return test;
}

/** One measure's numbers in a line: "PSI 0.213 · Kolmogorov–Smirnov test: statistic 0.31, p < 0.0001". */
export function measureText(measure: DriftMeasure): string {
  return `PSI ${psiText(measure.psi)} · ${testLabel(measure.test)}: statistic ${measure.statistic.toFixed(3)}, p ${
    pValueText(measure.pValue).startsWith('<') ? pValueText(measure.pValue) : `= ${pValueText(measure.pValue)}`}`;
}

export type DriftState = 'drifted' | 'stable' | 'too-few' | 'nothing';

/**
 * The report in words: a headline (drifted or not, with the largest PSI, or why nothing was compared) and what was
 * compared (live samples of the window, of a tag's edges when given, against the training items).
 */
export function driftSummary(report: DriftReport): { state: DriftState; headline: string; detail: string } {
  const window = windowLabel(Math.round((Date.parse(report.to) - Date.parse(report.from)) / 60_000));
  const edges = report.tagKey ? ` of the edges tagged ${report.tagKey}=${report.tagValue ?? ''}` : '';
  const detail = `${count(report.liveCount, 'live sample')} in the last ${window}${edges}, against ${count(report.referenceCount, 'training item')} of dataset version #${report.datasetVersionId ?? '?'}.`;
  if (report.liveCount < report.minLive) {
    return { state: 'too-few', headline: `Not compared: ${count(report.liveCount, 'sample')} in the window, at least ${report.minLive.toLocaleString('en-US')} needed.`, detail };
  }
  if (report.measures.length === 0) {
    return { state: 'nothing', headline: 'Nothing to compare: the samples and the training data share no labels, scores or numeric inputs with enough values.', detail };
  }
  const drifted = report.measures.filter((m) => m.drifted);
  if (report.drifted || drifted.length > 0) {
    return {
      state: 'drifted',
      headline: `Drifted from the training data: ${drifted.map((m) => measureLabel(m.name).toLowerCase()).join(', ')} (max PSI ${psiText(report.maxPsi)}).`,
      detail,
    };
  }
  return {
    state: 'stable',
    headline: `No drift: ${count(report.measures.length, 'distribution')} compared, all close to the training data (max PSI ${psiText(report.maxPsi)}).`,
    detail,
  };
}

/** A measure's bins as chart series: x the bin's index, shares in percent; `names` label the x axis. */
export function binSeries(bins: DriftBin[]): { x: number[]; names: string[]; reference: number[]; live: number[] } {
  const percent = (share: number) => Math.round(share * 10_000) / 100;
  return {
    x: bins.map((_, i) => i),
    names: bins.map((b) => b.bin),
    reference: bins.map((b) => percent(b.reference)),
    live: bins.map((b) => percent(b.live)),
  };
}

/** A bin's name as an axis label: long ones shortened so neighbours do not overlap. */
export function binLabel(name: string, bins: number): string {
  const room = bins <= 4 ? 32 : bins <= 8 ? 18 : 10;
  return name.length <= room ? name : `${name.slice(0, room - 1)}…`;
}
