// Rules of the solution and stream pages, kept apart from the components so they are unit-tested: the parameter form
// generated from a solution's JSON Schema, the request a stream form sends, where each field error of a 400 goes,
// which actions a stream allows, confusion-matrix shading and metric comparisons.
import { ApiError, type Role } from './api';
import type { Stage } from './registry';
import { can } from './roles';

// ---- types of the API (StreamResource; absent values come as null) ----
export type StreamStatus = 'READY_TO_TRAIN' | 'TRAINING' | 'TRAINED' | 'FAILED' | 'DEPLOYED';
export type RunState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** The subset of JSON Schema a solution's parameters use (SolutionType#parameterSchema): a flat object. */
export interface SchemaProperty {
  type?: 'number' | 'integer' | 'string' | 'boolean';
  enum?: (string | number | boolean)[];
  minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number;
  default?: unknown; title?: string; description?: string;
  /** "modelfleet-model": a registered model version named as name:version (MODEL_FORMAT) */
  format?: string;
}
export interface ParameterSchema { type?: string; properties?: Record<string, SchemaProperty>; required?: string[]; additionalProperties?: boolean }
export interface Solution {
  id: string; displayName: string; version: string; description: string | null; datasetKind: string;
  parameterSchema: ParameterSchema | null; metrics: string[]; modelFormat: string;
}
export interface Backend { kind: string; id: string; displayName: string; version: string; description?: string | null; state: string }
export interface StreamSchedule { cron: string; timeZone: string }
export interface StreamTarget { edgeIds: number[]; tagKey: string | null; tagValue: string | null }
export interface Stream {
  id: number; name: string; description: string | null; solutionId: string; datasetId: number; datasetName: string;
  datasetVersionId: number; datasetVersionNumber: number; backendId: string; parameters: Record<string, unknown>;
  confidenceThreshold: number; schedule: StreamSchedule | null; nextTrainingAt: string | null; target: StreamTarget;
  status: StreamStatus; trainings: number; latestModelVersionId: number | null;
  createdAt: string; createdBy: string; updatedAt: string; updatedBy: string | null;
}
export interface TrainingRun {
  id: number; streamId: number; streamName: string; number: number; trigger: 'MANUAL' | 'SCHEDULE' | 'RETRAINING'; state: RunState;
  backendId: string; handle: string | null; progress: number; message: string | null; datasetVersionId: number;
  solutionVersion: string; parameters: Record<string, unknown>; seed: number; modelVersionId: number | null;
  modelVersion: string | null; metrics: Record<string, number> | null; cancelRequested: boolean;
  createdAt: string; createdBy: string; startedAt: string | null; finishedAt: string | null;
}
export interface ClassMetrics { precision: number; recall: number; f1: number; support: number }
export interface Report { confusion?: { labels: string[]; matrix: number[][] }; classes?: Record<string, ClassMetrics>; [key: string]: unknown }
export interface StreamRequest {
  name: string; description: string | null; solutionId: string; datasetVersionId: number | null; backendId: string;
  parameters: Record<string, unknown>; confidenceThreshold: number | null; schedule: StreamSchedule | null; target: StreamTarget;
}

export const API = {
  solutions: '/api/v1/solutions',
  backends: '/api/v1/plugins?kind=TRAINING_BACKEND',
  streams: '/api/v1/streams',
  stream: (id: number) => `/api/v1/streams/${id}`,
  duplicate: (id: number) => `/api/v1/streams/${id}/duplicate`,
  train: (id: number) => `/api/v1/streams/${id}/train`,
  runs: (id: number, limit = 50) => `/api/v1/streams/${id}/runs?limit=${limit}`,
  deploy: (id: number) => `/api/v1/streams/${id}/deploy`,
  run: (id: number) => `/api/v1/training-runs/${id}`,
  cancel: (id: number) => `/api/v1/training-runs/${id}/cancel`,
  logs: (id: number) => `/api/v1/training-runs/${id}/logs`,
  report: (id: number) => `/api/v1/training-runs/${id}/report`,
  heldOut: (id: number, limit = 1000) => `/api/v1/training-runs/${id}/held-out?limit=${limit}`,
  approvedEdges: '/api/v1/edges?state=APPROVED&limit=100',
};

export const streamPath = (id: number) => `/streams/${id}`;

// ---- the parameter form, generated from the schema ----
export type FieldKind = 'integer' | 'number' | 'select' | 'checkbox' | 'text' | 'model';

/** The schema format of a string naming a registered model version ("mobilenet:1"); the server checks it exists. */
export const MODEL_FORMAT = 'modelfleet-model';

export interface ParamField {
  name: string;
  label: string;
  kind: FieldKind;
  help: string | null;
  required: boolean;
  /** inclusive bounds only: an input's min/max attributes cannot say "greater than" */
  min?: number;
  max?: number;
  step?: string;
  /** the enum as the schema has it, and as the select's option values */
  choices?: (string | number | boolean)[];
  options?: string[];
  /** the value the form starts with: a checkbox's boolean, or the text of an input or select ("" when no default) */
  initial: string | boolean;
  hasDefault: boolean;
  /** the allowed range in words, e.g. "1 to 1000" or "> 0, ≤ 10"; null when unbounded */
  bounds: string | null;
}
export type ParamValues = Record<string, string | boolean>;

const number = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function boundsText(p: SchemaProperty): string | null {
  if (number(p.minimum) && number(p.maximum) && !number(p.exclusiveMinimum) && !number(p.exclusiveMaximum)) return `${p.minimum} to ${p.maximum}`;
  const parts: string[] = [];
  if (number(p.exclusiveMinimum)) parts.push(`> ${p.exclusiveMinimum}`);
  else if (number(p.minimum)) parts.push(`≥ ${p.minimum}`);
  if (number(p.exclusiveMaximum)) parts.push(`< ${p.exclusiveMaximum}`);
  else if (number(p.maximum)) parts.push(`≤ ${p.maximum}`);
  return parts.length ? parts.join(', ') : null;
}

/** One form field per schema property, in the schema's order. */
export function parameterFields(schema: ParameterSchema | null | undefined): ParamField[] {
  const required = new Set(schema?.required ?? []);
  return Object.entries(schema?.properties ?? {}).map(([name, p]) => {
    const hasDefault = p.default !== undefined && p.default !== null;
    const base = { name, label: p.title?.trim() || name, help: p.description?.trim() || null, required: required.has(name), hasDefault, bounds: boundsText(p) };
    if (Array.isArray(p.enum) && p.enum.length > 0) {
      return { ...base, kind: 'select' as const, choices: p.enum, options: p.enum.map(String), initial: hasDefault ? String(p.default) : '' };
    }
    if (p.format === MODEL_FORMAT && (p.type ?? 'string') === 'string') {
      return { ...base, kind: 'model' as const, initial: hasDefault ? String(p.default) : '' };
    }
    if (p.type === 'boolean') return { ...base, kind: 'checkbox' as const, initial: p.default === true };
    if (p.type === 'integer' || p.type === 'number') {
      return {
        ...base, kind: p.type, step: p.type === 'integer' ? '1' : 'any', initial: hasDefault ? String(p.default) : '',
        ...(number(p.minimum) ? { min: p.minimum } : {}), ...(number(p.maximum) ? { max: p.maximum } : {}),
      };
    }
    return { ...base, kind: 'text' as const, initial: hasDefault ? String(p.default) : '' };
  });
}

/** The type column of the solutions page: "integer", "one of a, b", "boolean". */
export function typeText(field: ParamField): string {
  if (field.kind === 'select') return `one of ${field.options!.join(', ')}`;
  if (field.kind === 'checkbox') return 'boolean';
  if (field.kind === 'text') return 'text';
  if (field.kind === 'model') return 'registered model (name:version)';
  return field.kind;
}

/** The default in words, for the solutions page and an empty input's placeholder. */
export function defaultText(field: ParamField): string {
  if (field.kind === 'checkbox') return field.hasDefault ? (field.initial ? 'on' : 'off') : '—';
  if (field.kind === 'model' && field.hasDefault && field.initial === '') return 'none';
  return field.hasDefault ? String(field.initial) : '—';
}

/** The form's values: the stream's own where it has them (editing), the schema's defaults elsewhere. */
export function initialValues(fields: ParamField[], existing?: Record<string, unknown> | null): ParamValues {
  const values: ParamValues = {};
  for (const field of fields) {
    const own = existing?.[field.name];
    if (own === undefined || own === null) values[field.name] = field.initial;
    else values[field.name] = field.kind === 'checkbox' ? own === true : String(own);
  }
  return values;
}

/**
 * The parameters object to send. Empty inputs are left out so the server fills in the default (or says the parameter is
 * required); ranges are the server's to check, so its words appear next to the field. Only what JSON cannot carry is
 * refused here, keyed like the server's messages ("parameters.<name>").
 */
export function toParameters(fields: ParamField[], values: ParamValues): { parameters: Record<string, unknown>; errors: Record<string, string> } {
  const parameters: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (field.kind === 'checkbox') {
      parameters[field.name] = value === true;
      continue;
    }
    const text = typeof value === 'string' ? value.trim() : '';
    if (text === '') continue;
    if (field.kind === 'select') {
      const index = field.options!.indexOf(text);
      parameters[field.name] = index >= 0 ? field.choices![index] : text;
    } else if (field.kind === 'integer' || field.kind === 'number') {
      const parsed = Number(text);
      if (!Number.isFinite(parsed)) errors[`parameters.${field.name}`] = 'is not a number';
      else if (field.kind === 'integer' && !Number.isInteger(parsed)) errors[`parameters.${field.name}`] = 'must be a whole number';
      else parameters[field.name] = parsed;
    } else {
      parameters[field.name] = text;
    }
  }
  return { parameters, errors };
}

// ---- the stream form ----
export interface StreamForm {
  name: string; description: string; solutionId: string; datasetId: string; datasetVersionId: string; backendId: string;
  parameters: ParamValues; confidenceThreshold: string; cron: string; timeZone: string;
  edgeIds: number[]; tagKey: string; tagValue: string;
}

export const DEFAULT_BACKEND = 'local';

export function emptyForm(): StreamForm {
  return {
    name: '', description: '', solutionId: '', datasetId: '', datasetVersionId: '', backendId: DEFAULT_BACKEND, parameters: {},
    confidenceThreshold: '0.5', cron: '', timeZone: 'UTC', edgeIds: [], tagKey: '', tagValue: '',
  };
}

/** The form for editing a stream (or for a duplicate's starting point). */
export function formFromStream(stream: Stream, fields: ParamField[]): StreamForm {
  return {
    name: stream.name, description: stream.description ?? '', solutionId: stream.solutionId, datasetId: String(stream.datasetId),
    datasetVersionId: String(stream.datasetVersionId), backendId: stream.backendId, parameters: initialValues(fields, stream.parameters),
    confidenceThreshold: String(stream.confidenceThreshold), cron: stream.schedule?.cron ?? '', timeZone: stream.schedule?.timeZone ?? 'UTC',
    edgeIds: [...(stream.target?.edgeIds ?? [])], tagKey: stream.target?.tagKey ?? '', tagValue: stream.target?.tagValue ?? '',
  };
}

/** The body of POST /streams and PUT /streams/{id}, and what could not be put into it, keyed like the server's fields. */
export function streamRequest(form: StreamForm, fields: ParamField[]): { request: StreamRequest | null; errors: Record<string, string> } {
  const { parameters, errors } = toParameters(fields, form.parameters);
  let threshold: number | null = null;
  if (form.confidenceThreshold.trim() !== '') {
    threshold = Number(form.confidenceThreshold.trim());
    if (!Number.isFinite(threshold)) errors.confidenceThreshold = 'is not a number';
  }
  if (Object.keys(errors).length > 0) return { request: null, errors };
  const cron = form.cron.trim();
  return {
    request: {
      name: form.name.trim(), description: form.description.trim() || null, solutionId: form.solutionId,
      datasetVersionId: form.datasetVersionId ? Number(form.datasetVersionId) : null, backendId: form.backendId,
      parameters, confidenceThreshold: threshold,
      schedule: cron ? { cron, timeZone: form.timeZone.trim() || 'UTC' } : null,
      target: { edgeIds: [...new Set(form.edgeIds)], tagKey: form.tagKey.trim() || null, tagValue: form.tagValue.trim() || null },
    },
    errors: {},
  };
}

// ---- field errors of a 400 ----
export interface FormErrors { detail: string | null; fields: Record<string, string> }

export const NO_ERRORS: FormErrors = { detail: null, fields: {} };

/** A failed save as the form shows it: the detail on top, each field's message next to the field. */
export function formErrors(error: unknown): FormErrors {
  if (error instanceof ApiError) return { detail: error.detail, fields: { ...error.fields } };
  return { detail: 'The server cannot be reached; nothing was saved.', fields: {} };
}

/** The stream form's own field paths; parameter fields add "parameters.<name>". */
export const FORM_PATHS = ['name', 'description', 'solutionId', 'datasetVersionId', 'backendId', 'parameters', 'confidenceThreshold',
  'schedule', 'schedule.cron', 'schedule.timeZone', 'target', 'target.edgeIds', 'target.tagKey', 'target.tagValue'];

/** The message for one field path, or null. */
export function fieldError(errors: FormErrors, path: string): string | null {
  return errors.fields[path] ?? null;
}

/** Messages whose field the form does not show (so they are listed at the top rather than lost). */
export function unplacedErrors(errors: FormErrors, fields: ParamField[]): [string, string][] {
  const placed = new Set([...FORM_PATHS, ...fields.map((f) => `parameters.${f.name}`)]);
  return Object.entries(errors.fields).filter(([path]) => !placed.has(path));
}

// ---- runs ----
export const isActive = (run: Pick<TrainingRun, 'state'>) => run.state === 'QUEUED' || run.state === 'RUNNING';

export function progressPercent(progress: number | null | undefined): number {
  if (progress == null || !Number.isFinite(progress)) return 0;
  return Math.round(Math.min(1, Math.max(0, progress)) * 100);
}

/** How long a run took, or has taken so far: "42 s", "3 min 05 s", "1 h 02 min". */
export function duration(startedAt: string | null | undefined, finishedAt: string | null | undefined, now: number = Date.now()): string {
  if (!startedAt) return '—';
  const seconds = Math.max(0, Math.round(((finishedAt ? Date.parse(finishedAt) : now) - Date.parse(startedAt)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')} min`;
}

/** The headline metrics: the solution's list when it is installed, else the run metrics without a dot (not per class). */
export function headlineMetrics(solution: Solution | null | undefined, runs: TrainingRun[]): string[] {
  if (solution && solution.metrics.length > 0) return solution.metrics;
  const names: string[] = [];
  for (const run of runs) for (const name of Object.keys(run.metrics ?? {})) if (!name.includes('.') && !names.includes(name)) names.push(name);
  return names;
}

/** Headline metrics across the succeeded runs, oldest first, x = the run number, for the chart. */
export function metricSeries(runs: TrainingRun[], names: string[]): { x: number[]; series: { name: string; values: (number | null)[] }[] } {
  const done = runs.filter((r) => r.state === 'SUCCEEDED' && r.metrics).sort((a, b) => a.number - b.number);
  return {
    x: done.map((r) => r.number),
    series: names.map((name) => ({ name, values: done.map((r) => (number(r.metrics![name]) ? r.metrics![name] : null)) })),
  };
}

/** The model versions a stream's succeeded runs registered, newest first. */
export interface VersionChoice { id: number; version: string; runNumber: number; metrics: Record<string, number> }
export function versionChoices(runs: TrainingRun[]): VersionChoice[] {
  return runs.filter((r) => r.state === 'SUCCEEDED' && r.modelVersionId != null)
    .sort((a, b) => b.number - a.number)
    .map((r) => ({ id: r.modelVersionId!, version: r.modelVersion ?? `#${r.modelVersionId}`, runNumber: r.number, metrics: r.metrics ?? {} }));
}

// ---- comparing two versions ----
/** Losses, errors and times are better small; everything else (accuracy, F1, precision, recall, AUC) better large. */
export function lowerIsBetter(metric: string): boolean {
  return /(loss|error|entropy|mse|mae|rmse|latency|_ms$|seconds|time)/i.test(metric);
}

export interface MetricComparison { name: string; a: number | null; b: number | null; delta: number | null; better: 'a' | 'b' | null; headline: boolean }

/** A's and B's metrics side by side with B − A; the better side named. Headline metrics first, in their order. */
export function compareMetrics(a: Record<string, number> | null, b: Record<string, number> | null, headline: string[]): MetricComparison[] {
  const left = a ?? {};
  const right = b ?? {};
  const all = new Set([...Object.keys(left), ...Object.keys(right)]);
  const names = [...headline.filter((n) => all.has(n)), ...[...all].filter((n) => !headline.includes(n)).sort()];
  return names.map((name) => {
    const x = number(left[name]) ? left[name] : null;
    const y = number(right[name]) ? right[name] : null;
    const delta = x != null && y != null ? y - x : null;
    let better: 'a' | 'b' | null = null;
    if (delta != null && Math.abs(delta) > 1e-12) better = (delta > 0) !== lowerIsBetter(name) ? 'b' : 'a';
    return { name, a: x, b: y, delta, better, headline: headline.includes(name) };
  });
}

/** "+0.0123", "−0.0040", "0": a delta with its sign. */
export function deltaText(delta: number | null): string {
  if (delta == null) return '—';
  if (Math.abs(delta) < 1e-12) return '0';
  const abs = Math.abs(delta);
  const text = abs >= 1000 || abs < 0.0001 ? abs.toPrecision(3) : abs.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return `${delta > 0 ? '+' : '−'}${text}`;
}

// ---- confusion matrix ----
export interface HeatCell { count: number; share: number; diagonal: boolean; background: string; dark: boolean }

/**
 * Cells shaded by their share of the row (the true class), so small classes read as clearly as large ones: correct
 * predictions (the diagonal) in green, mistakes in red, stronger the larger the share; empty cells stay white.
 */
export function confusionCells(matrix: number[][]): { rows: HeatCell[][]; rowTotals: number[]; total: number; correct: number } {
  const rowTotals = matrix.map((row) => row.reduce((s, v) => s + (number(v) ? v : 0), 0));
  let correct = 0;
  const rows = matrix.map((row, i) => row.map((raw, j) => {
    const count = number(raw) ? raw : 0;
    if (i === j) correct += count;
    const share = rowTotals[i] > 0 ? count / rowTotals[i] : 0;
    const alpha = count === 0 ? 0 : Math.round((0.12 + 0.78 * share) * 1000) / 1000;
    const diagonal = i === j;
    const background = alpha === 0 ? 'transparent' : diagonal ? `rgba(22, 163, 74, ${alpha})` : `rgba(220, 38, 38, ${alpha})`;
    return { count, share, diagonal, background, dark: alpha > 0.55 };
  }));
  return { rows, rowTotals, total: rowTotals.reduce((s, v) => s + v, 0), correct };
}

// ---- what a stream allows ----
export interface Allowed { allowed: boolean; reason: string | null }
const yes: Allowed = { allowed: true, reason: null };
const no = (reason: string): Allowed => ({ allowed: false, reason });

/**
 * Train, edit, duplicate and delete, each with the reason it is not allowed, mirroring the server: a VIEWER changes
 * nothing; training needs the solution and the backend installed; editing checks the parameters with the solution;
 * a training stream cannot be deleted. Unknown lists (still loading) allow the action; the server has the last word.
 */
export function streamActions(stream: Stream, role: Role | null, solutions: Solution[] | null, backends: Backend[] | null) {
  if (!can.manageStreams(role)) {
    const reason = no('Needs the MANAGER or ADMIN role');
    return { train: reason, edit: reason, duplicate: reason, remove: reason };
  }
  const solutionMissing = solutions != null && !solutions.some((s) => s.id === stream.solutionId);
  const backendMissing = backends != null && !backends.some((b) => b.id === stream.backendId);
  return {
    // the server takes one queued or running run per stream and answers 409 to a second
    train: stream.status === 'TRAINING' ? no('A run is queued or running; wait for it or cancel it')
      : solutionMissing ? no(`Solution ${stream.solutionId} is not installed`)
      : backendMissing ? no(`Training backend ${stream.backendId} is not installed or configured`) : yes,
    edit: solutionMissing ? no(`Solution ${stream.solutionId} is not installed, so its parameters cannot be checked`) : yes,
    duplicate: yes,
    remove: stream.status === 'TRAINING' ? no('The stream is training; cancel the run first') : yes,
  };
}

/** Whether a version can be deployed to the stream's targets, or why not (the server answers 409 for both). */
export function deployAllowed(stage: Stage | undefined, target: StreamTarget | null | undefined, role: Role | null): Allowed {
  if (!can.manageStreams(role)) return no('Needs the MANAGER or ADMIN role');
  if (stage !== 'APPROVED' && stage !== 'DEPLOYED') return no('Approve this version first');
  if (!target || (target.edgeIds.length === 0 && !target.tagKey)) return no('The stream has no target edges or tag; edit it to add some');
  return yes;
}

// ---- words ----
export function scheduleText(schedule: StreamSchedule | null | undefined): string {
  return schedule ? `${schedule.cron} (${schedule.timeZone})` : 'on demand only';
}

export function targetText(target: StreamTarget | null | undefined): string {
  if (!target || (target.edgeIds.length === 0 && !target.tagKey)) return 'none';
  const parts: string[] = [];
  if (target.edgeIds.length) parts.push(`${target.edgeIds.length === 1 ? 'edge' : 'edges'} ${target.edgeIds.join(', ')}`);
  if (target.tagKey) parts.push(`tag ${target.tagKey}${target.tagValue ? `=${target.tagValue}` : ''}`);
  return parts.join(' and ');
}

/** Datasets a solution can train on: the same kind. */
export function matchingDatasets<T extends { kind: string }>(datasets: T[], solution: Solution | null | undefined): T[] {
  return solution ? datasets.filter((d) => d.kind === solution.datasetKind) : [];
}

/** One held-out row with the trainer's prediction, as the server lists them. */
export interface HeldOutRow { values: string[]; label: string | null; predicted: string; score: number }

/**
 * The held-out rows worth a look: the ones the model got wrong, least confident first, then (for unlabelled rows)
 * none. Answers the mistakes and how many labelled rows there were.
 */
export function heldOutMistakes(rows: HeldOutRow[]): { mistakes: HeldOutRow[]; labelled: number } {
  const labelled = rows.filter((r) => r.label != null && r.label !== '');
  const mistakes = labelled.filter((r) => r.label !== r.predicted).sort((a, b) => a.score - b.score);
  return { mistakes, labelled: labelled.length };
}
