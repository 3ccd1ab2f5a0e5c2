// Rollouts: API types and the pure rules behind the rollout pages (rollouts.tsx), the model page's "Roll out" form and
// the stream page's rollout plan: the plan form and its checks, wave sizes in words, the status bar of a wave, gate
// measurements as chart series, and which actions a role may take in which state. Unit-tested.
import type { Role } from './api';
import { can } from './roles';

// ---- types of the API (RolloutResource; absent values come as null) ----
export type RolloutState = 'PLANNED' | 'RUNNING' | 'PAUSED' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'ROLLED_BACK';
export const ROLLOUT_STATES: RolloutState[] = ['PLANNED', 'RUNNING', 'PAUSED', 'SUCCEEDED', 'FAILED', 'ABORTED', 'ROLLED_BACK'];

/** Exactly one of the two: a number of edges, or a percentage of all selected edges (rounded up). */
export interface WaveSize { edges?: number | null; percent?: number | null }
export interface HealthGate { minActivePercent: number; maxFailed: number }
export interface QualityGate {
  maxScoreDrop: number | null; maxLowConfidenceIncrease: number | null; maxFailureRateIncrease: number | null;
  lowConfidenceThreshold: number; minResults: number;
}
export interface RolloutPlan {
  waves: WaveSize[]; soakSeconds: number; waveTimeoutSeconds: number; health: HealthGate; quality: QualityGate | null; autoRollback: boolean;
}
export interface RolloutWave {
  number: number; edges: number; statusCounts: Record<string, number>; startedAt: string | null; settledAt: string | null; finishedAt: string | null;
}
/** Exactly one subject: a model version (modelVersionId, model "name:version") or an agent release (agentReleaseId, agentRelease its version). */
export interface Rollout {
  id: number; modelVersionId: number | null; model: string | null; agentReleaseId?: number | null; agentRelease?: string | null; selection: string; plan: RolloutPlan; state: RolloutState; currentWave: number;
  edges: number; skipped: number; message: string | null; streamId: number | null; createdAt: string; createdBy: string;
  updatedAt: string; finishedAt: string | null; waves: RolloutWave[];
}
export interface RolloutEdge {
  edgeId: number; edgeName: string; target: string; wave: number; skippedReason: string | null; previousModel: string | null;
  deploymentId: number | null; status: string | null; detail: string | null; rollbackDeploymentId: number | null; rollbackStatus: string | null;
  /** Agent release rollouts: the release the edge's agent was told to run before; null: the one it was installed with. */
  previousAgentRelease?: string | null;
}
export interface GateResult {
  wave: number; at: string; gate: string; metric: string; value: number | null; threshold: number; passed: boolean; decisive: boolean; detail: string | null;
}
/** What a rollout delivers, as POST /rollouts names it: one of the two. */
export type SubjectRef = { modelVersionId: number } | { agentReleaseId: number };

export type RolloutRequest = SubjectRef & {
  edgeIds: number[]; tagKey: string | null; tagValue: string | null; target: string | null; plan: RolloutPlan; start: boolean;
};

export const ROLLOUT_API = {
  list: (state: string, limit: number, offset: number) =>
    `/api/v1/rollouts?${new URLSearchParams({ ...(state ? { state } : {}), limit: String(limit), offset: String(offset) })}`,
  create: '/api/v1/rollouts',
  rollout: (id: number) => `/api/v1/rollouts/${id}`,
  edges: (id: number) => `/api/v1/rollouts/${id}/edges`,
  gates: (id: number) => `/api/v1/rollouts/${id}/gates`,
  action: (id: number, action: RolloutAction) => `/api/v1/rollouts/${id}/${action}`,
  streamPlan: (streamId: number) => `/api/v1/streams/${streamId}/rollout-plan`,
  targets: '/api/v1/plugins?kind=DEPLOYMENT_TARGET',
};

export const rolloutPath = (id: number) => `/rollouts/${id}`;

export const isAgentRollout = (rollout: Pick<Rollout, 'agentReleaseId'>) => rollout.agentReleaseId != null;

/** What a rollout delivers, as lists say it: "agent 0.2.0" or the model's "name:version". */
export function subjectText(rollout: Pick<Rollout, 'agentReleaseId' | 'agentRelease' | 'model'>): string {
  return isAgentRollout(rollout) ? `agent ${rollout.agentRelease ?? `#${rollout.agentReleaseId}`}` : rollout.model ?? '—';
}

/** What an edge ran before the rollout: its model, or for an agent release the release its agent was told to run. */
export function previousText(edge: Pick<RolloutEdge, 'previousModel' | 'previousAgentRelease'>, agent: boolean): string | null {
  if (!agent) return edge.previousModel;
  return edge.previousAgentRelease ? `agent ${edge.previousAgentRelease}` : 'as installed';
}

/** The model of "name:version" (names have no colon), to link to its page. */
export function modelName(model: string): string {
  const colon = model.indexOf(':');
  return colon < 0 ? model : model.slice(0, colon);
}

// ---- limits (RolloutPlan, WaveSize, HealthGate, QualityGate) ----
export const MAX_WAVES = 20;
export const MAX_SECONDS = 7 * 24 * 3600;
export const MIN_WAVE_TIMEOUT = 10;
export const MAX_WAVE_EDGES = 100_000;
/** A quality gate compares results over the soak time: shorter soaks cannot carry it. */
export const MIN_QUALITY_SOAK = 10;

// ---- polling ----
/** While a rollout runs or is paused the page follows it this often. */
export const LIVE_MS = 2000;
export const isLive = (state: RolloutState | null | undefined) => state === 'RUNNING' || state === 'PAUSED';
export const isFinished = (state: RolloutState) => state === 'SUCCEEDED' || state === 'FAILED' || state === 'ABORTED' || state === 'ROLLED_BACK';

/** The list's waves are not listed (only the rollout itself carries them): the plan's count stands in. */
export function waveTotal(rollout: Pick<Rollout, 'waves' | 'plan'>): number {
  return rollout.waves.length > 0 ? rollout.waves.length : rollout.plan?.waves?.length ?? 0;
}

// ---- wave sizes ----
export type WaveUnit = 'edges' | 'percent';
/** A wave as the form holds it: the amount as typed and its unit. */
export interface WaveRow { amount: string; unit: WaveUnit }

const trim = (n: number) => String(Math.round(n * 1000) / 1000);

/** "1 edge", "3 edges", "25 %", "12.5 %". */
export function formatWaveSize(size: WaveSize): string {
  if (size.edges != null) return `${size.edges} ${size.edges === 1 ? 'edge' : 'edges'}`;
  if (size.percent != null) return `${trim(size.percent)} %`;
  return '?';
}

/** The plan's waves in a line: "1 edge → 25 % → 100 %". */
export function wavesText(waves: WaveSize[]): string {
  return waves.length ? waves.map(formatWaveSize).join(' → ') : 'one wave of all edges';
}

/** A typed number, or undefined when the text is not one ("", "abc", "1,5"). */
export function parseNumber(text: string): number | undefined {
  const value = text.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value)) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** One row's wave size, or what is wrong with it. */
export function waveSize(row: WaveRow): { size: WaveSize | null; error: string | null } {
  const value = parseNumber(row.amount);
  if (row.unit === 'percent') {
    if (value === undefined) return { size: null, error: 'Give a percentage, e.g. 25.' };
    if (!(value > 0 && value <= 100)) return { size: null, error: 'A percentage must be above 0 and at most 100.' };
    return { size: { percent: value }, error: null };
  }
  if (value === undefined || !Number.isInteger(value)) return { size: null, error: 'Give a whole number of edges, e.g. 1.' };
  if (value < 1 || value > MAX_WAVE_EDGES) return { size: null, error: `A wave takes between 1 and ${MAX_WAVE_EDGES} edges.` };
  return { size: { edges: value }, error: null };
}

export function rowFromSize(size: WaveSize): WaveRow {
  return size.edges != null ? { amount: String(size.edges), unit: 'edges' } : { amount: trim(size.percent ?? 100), unit: 'percent' };
}

// ---- the plan form ----
export interface PlanForm {
  waves: WaveRow[]; soakSeconds: string; waveTimeoutSeconds: string; minActivePercent: string; maxFailed: string;
  quality: boolean; maxScoreDrop: string; maxLowConfidenceIncrease: string; maxFailureRateIncrease: string;
  lowConfidenceThreshold: string; minResults: string; autoRollback: boolean;
}

/** Values a quality gate starts with when switched on (fractions: 0.05 = 5 points). */
const QUALITY_DEFAULTS = { maxScoreDrop: '0.05', maxLowConfidenceIncrease: '', maxFailureRateIncrease: '0.05', lowConfidenceThreshold: '0.5', minResults: '20' };

/** A canary: one edge first, then the rest; a minute's soak, strict health, rolled back when a gate fails. */
export function canaryPlanForm(): PlanForm {
  return {
    waves: [{ amount: '1', unit: 'edges' }, { amount: '100', unit: 'percent' }], soakSeconds: '60', waveTimeoutSeconds: '600',
    minActivePercent: '100', maxFailed: '0', quality: false, ...QUALITY_DEFAULTS, autoRollback: true,
  };
}

const text = (n: number | null | undefined) => (n == null ? '' : String(n));

export function formFromPlan(plan: RolloutPlan): PlanForm {
  const q = plan.quality;
  return {
    waves: (plan.waves.length ? plan.waves : [{ percent: 100 }]).map(rowFromSize),
    soakSeconds: String(plan.soakSeconds), waveTimeoutSeconds: String(plan.waveTimeoutSeconds),
    minActivePercent: text(plan.health?.minActivePercent ?? 100), maxFailed: text(plan.health?.maxFailed ?? 0),
    quality: q != null,
    ...(q ? {
      maxScoreDrop: text(q.maxScoreDrop), maxLowConfidenceIncrease: text(q.maxLowConfidenceIncrease), maxFailureRateIncrease: text(q.maxFailureRateIncrease),
      lowConfidenceThreshold: text(q.lowConfidenceThreshold), minResults: text(q.minResults),
    } : QUALITY_DEFAULTS),
    autoRollback: plan.autoRollback,
  };
}

/** The field paths of the plan form, as the server names them in a 400's fields. */
export const PLAN_PATHS = ['waves', 'soakSeconds', 'waveTimeoutSeconds', 'health', 'health.minActivePercent', 'health.maxFailed', 'quality',
  'quality.maxScoreDrop', 'quality.maxLowConfidenceIncrease', 'quality.maxFailureRateIncrease', 'quality.lowConfidenceThreshold',
  'quality.minResults', 'autoRollback'];

function wholeIn(errors: Record<string, string>, path: string, raw: string, min: number, max: number, what: string): number {
  const value = parseNumber(raw);
  if (value === undefined || !Number.isInteger(value)) errors[path] = `Give a whole number of ${what}.`;
  else if (value < min || value > max) errors[path] = `Must be between ${min} and ${max} ${what}.`;
  return value ?? 0;
}

function numberIn(errors: Record<string, string>, path: string, raw: string, min: number, max: number): number {
  const value = parseNumber(raw);
  if (value === undefined) errors[path] = 'Give a number.';
  else if (value < min || value > max) errors[path] = `Must be between ${min} and ${max}.`;
  return value ?? 0;
}

/**
 * The plan to send, or the form's own errors keyed like the server's fields ("waves.1", "soakSeconds",
 * "quality.maxScoreDrop"): waves 1 to 20, each a whole number of edges ≥ 1 or a percentage in (0, 100]; soak 0 to a
 * week; wave timeout 10 s to a week; health gate bounds; a quality gate names at least one threshold (fractions in
 * [0, 1]) and needs a soak of at least 10 s, since it compares results over the soak time.
 */
export function planRequest(form: PlanForm): { plan: RolloutPlan | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const waves: WaveSize[] = [];
  if (form.waves.length === 0) errors.waves = 'Give at least one wave.';
  if (form.waves.length > MAX_WAVES) errors.waves = `A plan has at most ${MAX_WAVES} waves, this one ${form.waves.length}.`;
  form.waves.forEach((row, i) => {
    const { size, error } = waveSize(row);
    if (size) waves.push(size);
    else errors[`waves.${i}`] = error!;
  });
  const soakSeconds = wholeIn(errors, 'soakSeconds', form.soakSeconds, 0, MAX_SECONDS, 'seconds');
  const waveTimeoutSeconds = wholeIn(errors, 'waveTimeoutSeconds', form.waveTimeoutSeconds, MIN_WAVE_TIMEOUT, MAX_SECONDS, 'seconds');
  const health = {
    minActivePercent: numberIn(errors, 'health.minActivePercent', form.minActivePercent, 0, 100),
    maxFailed: wholeIn(errors, 'health.maxFailed', form.maxFailed, 0, MAX_WAVE_EDGES, 'edges'),
  };
  let quality: QualityGate | null = null;
  if (form.quality) {
    const optional = (path: string, raw: string) => (raw.trim() === '' ? null : numberIn(errors, path, raw, 0, 1));
    quality = {
      maxScoreDrop: optional('quality.maxScoreDrop', form.maxScoreDrop),
      maxLowConfidenceIncrease: optional('quality.maxLowConfidenceIncrease', form.maxLowConfidenceIncrease),
      maxFailureRateIncrease: optional('quality.maxFailureRateIncrease', form.maxFailureRateIncrease),
      lowConfidenceThreshold: numberIn(errors, 'quality.lowConfidenceThreshold', form.lowConfidenceThreshold, 0, 1),
      minResults: wholeIn(errors, 'quality.minResults', form.minResults, 1, 1_000_000, 'results'),
    };
    if ([form.maxScoreDrop, form.maxLowConfidenceIncrease, form.maxFailureRateIncrease].every((v) => v.trim() === '')) {
      errors.quality = 'A quality gate names at least one of: maximum score drop, low-confidence increase, failure-rate increase.';
    }
    if (!errors.soakSeconds && soakSeconds < MIN_QUALITY_SOAK) {
      errors.soakSeconds = `A quality gate compares results over the soak time: soak at least ${MIN_QUALITY_SOAK} s.`;
    }
  }
  if (Object.keys(errors).length > 0) return { plan: null, errors };
  return { plan: { waves, soakSeconds, waveTimeoutSeconds, health, quality, autoRollback: form.autoRollback }, errors };
}

// ---- choosing edges ----
export interface SelectionForm { edgeIds: number[]; tagKey: string; tagValue: string; target: string }
export const emptySelection = (): SelectionForm => ({ edgeIds: [], tagKey: '', tagValue: '', target: '' });

/** The body of POST /rollouts, or the form's errors ("edges" when nothing is chosen, plan fields as planRequest keys them). */
export function rolloutRequest(subject: SubjectRef, selection: SelectionForm, form: PlanForm, start: boolean):
  { request: RolloutRequest | null; errors: Record<string, string> } {
  const { plan, errors } = planRequest(form);
  const tagKey = selection.tagKey.trim();
  const tagValue = selection.tagValue.trim();
  const target = selection.target.trim();
  if (tagValue && !tagKey) errors.tagKey = 'A tag value needs a tag key.';
  if (selection.edgeIds.length === 0 && !tagKey && !target) errors.edges = 'Pick edges, give a tag, or choose a deployment target.';
  if (!plan || Object.keys(errors).length > 0) return { request: null, errors };
  return {
    request: {
      ...subject, edgeIds: [...new Set(selection.edgeIds)], tagKey: tagKey || null, tagValue: tagValue || null, target: target || null,
      plan, start,
    },
    errors: {},
  };
}

// ---- a plan in words ----
/** "45 s", "10 min", "1 h 30 min", "2 d". */
export function secondsText(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return seconds % 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds / 60} min`;
  if (seconds < 86400) return seconds % 3600 ? `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min` : `${seconds / 3600} h`;
  return seconds % 86400 ? `${Math.floor(seconds / 86400)} d ${Math.floor((seconds % 86400) / 3600)} h` : `${seconds / 86400} d`;
}

export function healthText(health: HealthGate | null | undefined): string {
  const h = health ?? { minActivePercent: 100, maxFailed: 0 };
  return `at least ${trim(h.minActivePercent)} % of edges ACTIVE, at most ${h.maxFailed} failed`;
}

/** "mean score drop ≤ 0.05, failure-rate increase ≤ 0.05 (scores below 0.5 are low confidence; at least 20 results)", or "none". */
export function qualityText(quality: QualityGate | null | undefined): string {
  if (!quality) return 'none';
  const parts: string[] = [];
  if (quality.maxScoreDrop != null) parts.push(`mean score drop ≤ ${trim(quality.maxScoreDrop)}`);
  if (quality.maxLowConfidenceIncrease != null) parts.push(`low-confidence increase ≤ ${trim(quality.maxLowConfidenceIncrease)}`);
  if (quality.maxFailureRateIncrease != null) parts.push(`failure-rate increase ≤ ${trim(quality.maxFailureRateIncrease)}`);
  return `${parts.join(', ')} (scores below ${trim(quality.lowConfidenceThreshold)} are low confidence; at least ${quality.minResults} results each side)`;
}

/** The server's default (and what a direct assignment is): all edges at once, no soak, strict health, no rollback. */
export function isOneWave(plan: RolloutPlan): boolean {
  return plan.waves.length === 1 && plan.waves[0].percent === 100 && plan.soakSeconds === 0 && plan.quality == null && !plan.autoRollback
    && plan.health.minActivePercent === 100 && plan.health.maxFailed === 0;
}

/** What the stream page's deploy answers with: "Rollout #7 started: 3 edge(s) in 2 wave(s)". */
export function startedText(rollout: Pick<Rollout, 'id' | 'edges' | 'waves' | 'plan' | 'state'>): string {
  const verb = rollout.state === 'PLANNED' ? 'planned' : 'started';
  return `Rollout #${rollout.id} ${verb}: ${rollout.edges} edge(s) in ${waveTotal(rollout)} wave(s)`;
}

// ---- a wave's status bar ----
export const WAVE_STATUSES = ['WAITING', 'PENDING', 'DOWNLOADING', 'VERIFIED', 'ACTIVE', 'FAILED', 'ROLLED_BACK'];

export interface Segment { status: string; count: number; percent: number }

/**
 * The stacked bar of a wave: one segment per status with edges in it, in the order an edge goes through them
 * (statuses this console does not know come last, by name), each as a share of the wave's edges.
 */
export function statusSegments(counts: Record<string, number> | null | undefined, edges = 0): Segment[] {
  const entries = Object.entries(counts ?? {}).filter(([, n]) => typeof n === 'number' && n > 0);
  const known = WAVE_STATUSES.filter((s) => entries.some(([k]) => k === s));
  const unknown = entries.map(([k]) => k).filter((k) => !WAVE_STATUSES.includes(k)).sort();
  const sum = entries.reduce((s, [, n]) => s + n, 0);
  const total = Math.max(sum, edges);
  return [...known, ...unknown].map((status) => {
    const count = counts![status];
    return { status, count, percent: total === 0 ? 0 : Math.round((count * 100 * 10) / total) / 10 };
  });
}

/** "1 ACTIVE, 2 PENDING": a wave's counts in words, in the segments' order. */
export function countsText(counts: Record<string, number> | null | undefined): string {
  const segments = statusSegments(counts);
  return segments.length ? segments.map((s) => `${s.count} ${s.status}`).join(', ') : 'no edges';
}

// ---- gates over time ----
interface MetricInfo { label: string; bound: 'min' | 'max' | null; percent?: boolean }
const METRICS: Record<string, MetricInfo> = {
  failed: { label: 'Failed edges', bound: 'max' },
  activePercent: { label: 'Active edges (%)', bound: 'min', percent: true },
  meanScoreDrop: { label: 'Mean score drop', bound: 'max' },
  lowConfidenceIncrease: { label: 'Low-confidence increase', bound: 'max' },
  failureRateIncrease: { label: 'Failure-rate increase', bound: 'max' },
  results: { label: 'Results (the fewer side)', bound: 'min' },
  previousVersion: { label: 'Previous version', bound: null },
};

export function metricLabel(metric: string): string {
  return METRICS[metric]?.label ?? metric;
}

/** A measured value as the tables show it: "66.7 %", "1", "0.032". */
export function gateValue(metric: string, value: number | null | undefined): string {
  if (value == null) return '—';
  if (METRICS[metric]?.percent) return `${value.toFixed(1)} %`;
  if (Number.isInteger(value)) return String(value);
  return String(Math.round(value * 1000) / 1000);
}

/** "≥ 100 %", "≤ 0": the threshold with the direction the value must keep. */
export function thresholdText(metric: string, threshold: number): string {
  const bound = METRICS[metric]?.bound;
  return `${bound === 'min' ? '≥ ' : bound === 'max' ? '≤ ' : ''}${gateValue(metric, threshold)}`;
}

export interface GateSeries {
  key: string; gate: string; metric: string; label: string;
  /** x: seconds since the epoch, ascending */
  x: number[]; values: (number | null)[]; thresholds: (number | null)[];
  /** the value where the measurement failed (else null): marked red */
  failed: (number | null)[];
  /** the value where the wave was judged (else null): marked large */
  decisive: (number | null)[];
  latest: GateResult;
}

/**
 * One series per gate metric that has values, health first (failed, then active %), then the others in the order
 * they were first measured. Measurements at the same instant of the same metric count once (the later one).
 */
export function gateSeries(results: GateResult[]): GateSeries[] {
  const byKey = new Map<string, Map<number, GateResult>>();
  for (const r of results) {
    if (r.value == null || !Number.isFinite(r.value)) continue;
    const key = `${r.gate}/${r.metric}`;
    if (!byKey.has(key)) byKey.set(key, new Map());
    byKey.get(key)!.set(Date.parse(r.at) / 1000, r);
  }
  const order = (key: string) => (key === 'health/failed' ? 0 : key === 'health/activePercent' ? 1 : 2);
  return [...byKey.keys()].sort((a, b) => order(a) - order(b)).map((key) => {
    const points = [...byKey.get(key)!.entries()].sort(([a], [b]) => a - b);
    const rows = points.map(([, r]) => r);
    return {
      key, gate: rows[0].gate, metric: rows[0].metric, label: metricLabel(rows[0].metric),
      x: points.map(([t]) => t),
      values: rows.map((r) => r.value),
      thresholds: rows.map((r) => r.threshold),
      failed: rows.map((r) => (r.passed ? null : r.value)),
      decisive: rows.map((r) => (r.decisive ? r.value : null)),
      latest: rows[rows.length - 1],
    };
  });
}

/** The measurements the waves were judged by, wave by wave. */
export function verdicts(results: GateResult[]): GateResult[] {
  return results.filter((r) => r.decisive).sort((a, b) => a.wave - b.wave || Date.parse(a.at) - Date.parse(b.at));
}

// ---- actions ----
export type RolloutAction = 'start' | 'pause' | 'resume' | 'abort' | 'rollback';
export interface ActionOffer { action: RolloutAction; label: string; primary: boolean; confirm: string | null; done: string }

const OFFERS: Record<RolloutAction, Omit<ActionOffer, 'action'> & { from: (s: RolloutState) => boolean }> = {
  start: { label: 'Start', primary: true, confirm: null, done: 'Started.', from: (s) => s === 'PLANNED' },
  pause: { label: 'Pause', primary: false, confirm: null, done: 'Paused: waves in flight keep delivering, no gate is judged and no wave starts.', from: (s) => s === 'RUNNING' },
  resume: { label: 'Resume', primary: true, confirm: null, done: 'Resumed.', from: (s) => s === 'PAUSED' },
  abort: {
    label: 'Abort', primary: false, done: 'Aborted.', from: (s) => s === 'PLANNED' || s === 'RUNNING' || s === 'PAUSED',
    confirm: 'Abort this rollout? No further wave starts; the edges keep what they run now.',
  },
  rollback: {
    label: 'Roll back', primary: false, done: 'Rolled back.', from: (s) => s !== 'ROLLED_BACK',
    confirm: 'Roll back this rollout? Every edge it reached goes back to the version it ran before (edges that ran none are unassigned), unless a later assignment replaced it.',
  },
};

/** What the role may do with a rollout in this state, mirroring the server: MANAGER and ADMIN act, a VIEWER does nothing. */
export function rolloutActions(state: RolloutState, role: Role | null): ActionOffer[] {
  if (!can.manageRollouts(role)) return [];
  return (Object.keys(OFFERS) as RolloutAction[]).filter((a) => OFFERS[a].from(state))
    .map((action) => { const { from: _from, ...offer } = OFFERS[action]; return { action, ...offer }; });
}
