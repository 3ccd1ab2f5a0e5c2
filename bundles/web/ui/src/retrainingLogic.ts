// Closed-loop retraining of a stream ("continual learning"): API types and the pure rules behind the Retraining
// panels of the stream page (retraining.tsx): the policy form and its checks, the policy in words, which alert rules
// can start a retraining, where a retraining stands in its pipeline (Import → Labels → Train → Gate & approval →
// Rollout → Done) and where a failed or stopped one ended, and which actions a role may take. Unit-tested.
import type { Role } from './api';
import { kindLabel, minutesText, parseNumber, scopeText, type AlertKind, type AlertRule } from './alertLogic';
import { can } from './roles';

// ---- types of the API (RetrainingPolicy, Retraining, RetrainingStep; absent values come as null) ----
export type RetrainingState = 'IMPORTING' | 'AWAITING_LABELS' | 'TRAINING' | 'AWAITING_APPROVAL' | 'ROLLING_OUT'
  | 'SUCCEEDED' | 'FAILED' | 'STOPPED';

export interface RetrainingPolicy {
  enabled: boolean; triggerRuleIds: number[]; source: string; maxScore: number | null; maxItems: number;
  waitForLabels: boolean; gateMetric: string | null; gateMinValue: number | null; gateMaxDrop: number | null;
  autoApprove: boolean; cooldownMinutes: number;
}
export interface RetrainingStep { at: string; state: RetrainingState; message: string | null }
/** `steps` is empty in lists (GET /retrainings); GET /retrainings/{id} has them, oldest first. */
export interface Retraining {
  id: number; streamId: number; streamName: string; alertId: number | null; trigger: string; state: RetrainingState;
  message: string | null; importOptions: Record<string, string>; importJobId: number | null; importedItems: number | null;
  datasetVersionId: number | null; trainingRunId: number | null; modelVersionId: number | null; replacesVersion: string | null;
  rolloutId: number | null; createdAt: string; createdBy: string; updatedAt: string | null; finishedAt: string | null;
  steps: RetrainingStep[];
}

/** How many of a stream's retrainings the page lists (newest first). */
export const LIST_LIMIT = 10;

export const RETRAINING_API = {
  /** GET and PUT answer {policy} (null when the stream has none), DELETE */
  policy: (streamId: number) => `/api/v1/streams/${streamId}/retraining-policy`,
  /** POST {ruleId?}: start one now */
  start: (streamId: number) => `/api/v1/streams/${streamId}/retrainings`,
  list: (streamId: number, limit = LIST_LIMIT) => `/api/v1/retrainings?streamId=${streamId}&limit=${limit}`,
  retraining: (id: number) => `/api/v1/retrainings/${id}`,
  proceed: (id: number) => `/api/v1/retrainings/${id}/proceed`,
  stop: (id: number) => `/api/v1/retrainings/${id}/stop`,
};

/** The retrainings are read this often while one is unfinished: a person follows it step by step. */
export const LIVE_MS = 3000;

export const FINAL_STATES: RetrainingState[] = ['SUCCEEDED', 'FAILED', 'STOPPED'];
export const isFinished = (state: RetrainingState) => FINAL_STATES.includes(state);
export const anyUnfinished = (list: Pick<Retraining, 'state'>[]) => list.some((r) => !isFinished(r.state));

/** The retraining "Start now" got back, in front of the list until a read of the list holds it. */
export function withStarted(list: Retraining[], started: Retraining | null): Retraining[] {
  return started && !list.some((r) => r.id === started.id) ? [started, ...list] : list;
}

/**
 * A listed retraining with what its detail says: the detail and the list are read at different moments, so the one
 * changed last wins; the steps are the detail's (lists have none).
 */
export function withDetail(item: Retraining, detail: Retraining | null): Retraining {
  if (!detail || detail.id !== item.id) return item;
  const changed = (r: Retraining) => Date.parse(r.updatedAt ?? r.createdAt) || 0;
  return { ...(changed(detail) >= changed(item) ? detail : item), steps: detail.steps };
}

// ---- which rules start it ----
/** The kinds of alert rule whose alerts can start a retraining (RetrainingServiceImpl.TRIGGER_KINDS). */
export const TRIGGER_KINDS: AlertKind[] = ['DRIFT', 'LOW_CONFIDENCE_RATE', 'FAILURE_RATE'];
export const canTrigger = (kind: string) => (TRIGGER_KINDS as string[]).includes(kind);

export interface TriggerChoice {
  id: number;
  name: string;
  /** "Low-confidence rate · the fleet", with "off" when the rule is switched off */
  detail: string;
  /** the rule watches a version of another model: its samples are imported into this stream's dataset all the same */
  otherModel: boolean;
  /** a chosen rule that is not offered: deleted, or of a kind that cannot start a retraining */
  problem: string | null;
}

/**
 * The rules the form offers as triggers: those of the kinds that can start a retraining, rules on this stream's models
 * (or the whole fleet, read as the stream's newest version) before rules on other models, each group by name; then the
 * chosen ids the list does not offer, saying why, so a stored choice is never dropped unseen.
 */
export function triggerChoices(rules: AlertRule[], streamName: string, chosen: number[]): TriggerChoice[] {
  const other = (rule: AlertRule) => rule.modelVersion != null && !rule.modelVersion.startsWith(`${streamName}:`);
  const offered = rules.filter((r) => canTrigger(r.kind))
    .sort((a, b) => Number(other(a)) - Number(other(b)) || a.name.localeCompare(b.name) || a.id - b.id)
    .map((rule): TriggerChoice => ({
      id: rule.id, name: rule.name, otherModel: other(rule), problem: null,
      detail: [kindLabel(rule.kind), scopeText(rule), rule.enabled ? null : 'off'].filter(Boolean).join(' · '),
    }));
  const missing = [...new Set(chosen)].filter((id) => !offered.some((c) => c.id === id)).map((id): TriggerChoice => {
    const rule = rules.find((r) => r.id === id);
    return rule
      ? { id, name: rule.name, detail: kindLabel(rule.kind), otherModel: false, problem: `watches ${kindLabel(rule.kind).toLowerCase()}, which cannot start a retraining` }
      : { id, name: `rule #${id}`, detail: '', otherModel: false, problem: 'no longer exists' };
  });
  return [...offered, ...missing];
}

/** A rule by name for the words: "“line 2 drift”", or "rule #7" when the list does not hold it. */
export function ruleName(id: number, rules: Pick<AlertRule, 'id' | 'name'>[] | null): string {
  const rule = rules?.find((r) => r.id === id);
  return rule ? `“${rule.name}”` : `rule #${id}`;
}

// ---- the form ----
export const DEFAULT_SOURCE = 'edges';
export const MAX_TRIGGERS = 20;
export const MAX_ITEMS = 100_000;
export const DEFAULT_ITEMS = 5000;
export const MAX_COOLDOWN_MINUTES = 30 * 24 * 60;
export const DEFAULT_COOLDOWN_MINUTES = 60;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export interface RetrainingForm {
  enabled: boolean; triggerRuleIds: number[]; source: string; maxScore: string; maxItems: string; waitForLabels: boolean;
  gateMetric: string; gateMinValue: string; gateMaxDrop: string; autoApprove: boolean; cooldownMinutes: string;
}

/** The form's own field paths, as the server names them in a 400's `fields`. */
export const POLICY_PATHS: (keyof RetrainingForm)[] = ['enabled', 'triggerRuleIds', 'source', 'maxScore', 'maxItems', 'waitForLabels',
  'gateMetric', 'gateMinValue', 'gateMaxDrop', 'autoApprove', 'cooldownMinutes'];

const numberText = (value: number | null | undefined) => (value == null ? '' : String(value));

/** The form for a stored policy, or with the server's defaults when the stream has none. */
export function formFromPolicy(policy: RetrainingPolicy | null): RetrainingForm {
  if (!policy) {
    return {
      enabled: true, triggerRuleIds: [], source: DEFAULT_SOURCE, maxScore: '', maxItems: String(DEFAULT_ITEMS), waitForLabels: false,
      gateMetric: '', gateMinValue: '', gateMaxDrop: '', autoApprove: false, cooldownMinutes: String(DEFAULT_COOLDOWN_MINUTES),
    };
  }
  return {
    enabled: policy.enabled, triggerRuleIds: [...(policy.triggerRuleIds ?? [])], source: policy.source ?? DEFAULT_SOURCE,
    maxScore: numberText(policy.maxScore), maxItems: numberText(policy.maxItems), waitForLabels: policy.waitForLabels,
    gateMetric: policy.gateMetric ?? '', gateMinValue: numberText(policy.gateMinValue), gateMaxDrop: numberText(policy.gateMaxDrop),
    autoApprove: policy.autoApprove, cooldownMinutes: numberText(policy.cooldownMinutes),
  };
}

export function sameForm(a: RetrainingForm, b: RetrainingForm): boolean {
  const ids = (f: RetrainingForm) => [...new Set(f.triggerRuleIds)].sort((x, y) => x - y).join();
  return POLICY_PATHS.every((key) => (key === 'triggerRuleIds' ? ids(a) === ids(b) : a[key] === b[key]));
}

/** A rule ticked or unticked; the order they were ticked in is kept (the first is what "Start now" uses by default). */
export function toggleRule(form: RetrainingForm, id: number, on: boolean): RetrainingForm {
  const rest = form.triggerRuleIds.filter((r) => r !== id);
  return { ...form, triggerRuleIds: on ? [...rest, id] : rest };
}

function whole(errors: Record<string, string>, path: string, raw: string, fallback: number, min: number, max: number, message: string): number {
  if (raw.trim() === '') return fallback;
  const value = parseNumber(raw);
  if (value === undefined || !Number.isInteger(value) || value < min || value > max) errors[path] = message;
  return value ?? fallback;
}

/**
 * The body of PUT .../retraining-policy, or the form's own messages keyed like the server's `fields`: at least one
 * trigger rule (at most 20), a source, a score limit from 0 to 1 or none, 1 to 100,000 items (empty: 5,000), a gate
 * metric that comes with a minimum, a largest drop (≥ 0) or both and the other way round, and a cooldown of 0 to 30 days
 * in minutes (empty: 60). Whether the rules exist and the source is installed is the server's to say.
 */
export function policyRequest(form: RetrainingForm): { request: RetrainingPolicy | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const triggerRuleIds = [...new Set(form.triggerRuleIds)];
  if (triggerRuleIds.length === 0) errors.triggerRuleIds = 'Pick at least one rule: a retraining starts when one of them fires.';
  else if (triggerRuleIds.length > MAX_TRIGGERS) errors.triggerRuleIds = `At most ${MAX_TRIGGERS} rules, these are ${triggerRuleIds.length}.`;
  const source = form.source.trim() || DEFAULT_SOURCE;
  if (source.length > 64 || !NAME.test(source)) errors.source = 'Choose an installed data source.';
  let maxScore: number | null = null;
  if (form.maxScore.trim() !== '') {
    const value = parseNumber(form.maxScore);
    if (value === undefined || value < 0 || value > 1) errors.maxScore = 'A score from 0 to 1, or empty for no limit.';
    else maxScore = value;
  }
  const maxItems = whole(errors, 'maxItems', form.maxItems, DEFAULT_ITEMS, 1, MAX_ITEMS, `A whole number from 1 to ${MAX_ITEMS.toLocaleString('en')}, e.g. ${DEFAULT_ITEMS}.`);
  const cooldownMinutes = whole(errors, 'cooldownMinutes', form.cooldownMinutes, DEFAULT_COOLDOWN_MINUTES, 0, MAX_COOLDOWN_MINUTES,
    `A whole number of minutes from 0 (none) to ${MAX_COOLDOWN_MINUTES} (30 days).`);
  const gateMetric = form.gateMetric.trim() || null;
  let gateMinValue: number | null = null;
  let gateMaxDrop: number | null = null;
  if (form.gateMinValue.trim() !== '') {
    const value = parseNumber(form.gateMinValue);
    if (value === undefined || Math.abs(value) > 1e9) errors.gateMinValue = 'A number, e.g. 0.9.';
    else gateMinValue = value;
  }
  if (form.gateMaxDrop.trim() !== '') {
    const value = parseNumber(form.gateMaxDrop);
    if (value === undefined || value < 0 || value > 1e9) errors.gateMaxDrop = 'A number of at least 0, e.g. 0.02.';
    else gateMaxDrop = value;
  }
  if (gateMetric == null && (form.gateMinValue.trim() !== '' || form.gateMaxDrop.trim() !== '')) {
    errors.gateMetric = 'Name the metric these values are for, e.g. accuracy.';
  } else if (gateMetric != null) {
    if (gateMetric.length > 64 || !NAME.test(gateMetric)) errors.gateMetric = "A metric's name: letters, digits, '.', '_' and '-'.";
    else if (form.gateMinValue.trim() === '' && form.gateMaxDrop.trim() === '') errors.gateMinValue = 'Give a minimum, a largest drop, or both.';
  }
  if (Object.keys(errors).length > 0) return { request: null, errors };
  return {
    request: {
      enabled: form.enabled, triggerRuleIds, source, maxScore, maxItems, waitForLabels: form.waitForLabels, gateMetric, gateMinValue,
      gateMaxDrop, autoApprove: form.autoApprove, cooldownMinutes,
    },
    errors,
  };
}

/** A 400's messages for fields the form has no input for, to list rather than drop. */
export function unplacedPolicyErrors(fields: Record<string, string>): [string, string][] {
  return Object.entries(fields).filter(([path]) => !(POLICY_PATHS as string[]).includes(path));
}

// ---- the policy in words ----
const trim = (n: number) => String(Math.round(n * 10000) / 10000);

/** The metric gate: "accuracy ≥ 0.9 and at most 0.02 below the version it replaces", or null without one. */
export function gateText(policy: Pick<RetrainingPolicy, 'gateMetric' | 'gateMinValue' | 'gateMaxDrop'>): string | null {
  if (!policy.gateMetric) return null;
  const parts = [
    policy.gateMinValue != null ? `${policy.gateMetric} ≥ ${trim(policy.gateMinValue)}` : null,
    policy.gateMaxDrop != null
      ? `${policy.gateMinValue != null ? '' : `${policy.gateMetric} `}at most ${trim(policy.gateMaxDrop)} below the version it replaces` : null,
  ].filter(Boolean);
  return parts.join(' and ');
}

/** The policy as a person reads it, one line per step of the loop. */
export function describePolicy(policy: RetrainingPolicy, rules: Pick<AlertRule, 'id' | 'name' | 'kind'>[] | null): { label: string; text: string }[] {
  const named = policy.triggerRuleIds.map((id) => {
    const rule = rules?.find((r) => r.id === id);
    return rule ? `${ruleName(id, rules)} (${kindLabel(rule.kind).toLowerCase()})` : ruleName(id, rules);
  });
  const when = named.length === 0
    ? 'no rule is left (its rules were deleted), so nothing starts a retraining'
    : `${named.length > 1 ? `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}` : named[0]} fires`;
  // without a limit of its own, a low-confidence rule's samples are those scoring below the rule's score
  const lowConfidence = policy.triggerRuleIds.some((id) => {
    const kind = rules?.find((r) => r.id === id)?.kind;
    return kind === undefined || kind === 'LOW_CONFIDENCE_RATE';
  });
  const score = policy.maxScore != null ? `, scoring at most ${trim(policy.maxScore)}`
    : lowConfidence ? "; for a low-confidence rule, those scoring below the rule's score" : '';
  const gate = gateText(policy);
  return [
    { label: 'State', text: policy.enabled ? 'On' : 'Off: alerts start nothing (Start now still does)' },
    { label: 'When', text: when },
    { label: 'Import', text: `up to ${policy.maxItems.toLocaleString('en')} samples behind the alert from '${policy.source}'${score}` },
    { label: 'Labels', text: policy.waitForLabels ? 'waits until the samples are relabeled and someone continues' : 'the labels the model predicted' },
    { label: 'Train', text: "a new version of the stream's dataset, trained with the stream's settings" },
    { label: 'Gate', text: gate ?? 'none: every trained version passes' },
    { label: 'Approval', text: policy.autoApprove ? 'automatic once it passes the gate' : 'a person approves the new version' },
    { label: 'Rollout', text: "the stream's rollout plan" },
    { label: 'At most', text: policy.cooldownMinutes === 0 ? 'no pause between retrainings' : `one retraining every ${minutesText(policy.cooldownMinutes)}` },
  ];
}

// ---- a retraining's pipeline ----
export type StageId = 'import' | 'labels' | 'train' | 'gate' | 'rollout' | 'done';
/** todo: not reached; current: under way; waiting: waits for a person; skipped: passed over (no waiting for labels) */
export type StageStatus = 'done' | 'current' | 'waiting' | 'failed' | 'stopped' | 'skipped' | 'todo';
export interface Stage { id: StageId; label: string; status: StageStatus }

export const STAGES: { id: StageId; label: string }[] = [
  { id: 'import', label: 'Import' }, { id: 'labels', label: 'Labels' }, { id: 'train', label: 'Train' },
  { id: 'gate', label: 'Gate & approval' }, { id: 'rollout', label: 'Rollout' }, { id: 'done', label: 'Done' },
];

const STAGE_OF: Partial<Record<RetrainingState, StageId>> = {
  IMPORTING: 'import', AWAITING_LABELS: 'labels', TRAINING: 'train', AWAITING_APPROVAL: 'gate', ROLLING_OUT: 'rollout',
};

export const STATUS_TEXT: Record<StageStatus, string> = {
  done: 'done', current: 'under way', waiting: 'waiting for you', failed: 'failed', stopped: 'stopped', skipped: 'skipped', todo: '',
};

/**
 * The stage a FAILED or STOPPED retraining ended in. The server's last message says it where it can (a held-back gate,
 * a rollout that could not start, a stop "while TRAINING"); otherwise the last step before the end does, and without
 * the steps (lists have none) what it had created.
 */
export function endedIn(r: Pick<Retraining, 'message' | 'steps' | 'importedItems' | 'trainingRunId' | 'modelVersionId' | 'rolloutId'>): StageId {
  const message = r.message ?? '';
  if (/^gate:/.test(message)) return 'gate';
  if (/the rollout could not start/.test(message)) return 'rollout';
  if (/^could not publish and train/.test(message)) return 'train';
  const during = /\bwhile ([A-Z_]+)\s*$/.exec(message);
  if (during && STAGE_OF[during[1] as RetrainingState]) return STAGE_OF[during[1] as RetrainingState]!;
  const before = [...(r.steps ?? [])].reverse().find((s) => STAGE_OF[s.state]);
  if (before) {
    const stage = STAGE_OF[before.state]!;
    // a trained version that did not get on: the gate held it back
    return stage === 'train' && r.modelVersionId != null ? 'gate' : stage;
  }
  if (r.rolloutId != null) return 'rollout';
  if (r.modelVersionId != null) return 'gate';
  if (r.trainingRunId != null) return 'train';
  if (r.importedItems != null && r.importedItems > 0) return 'labels';
  return 'import';
}

/**
 * Each stage of the pipeline with its status: those before the one it is in (or ended in) done, that one under way,
 * waiting for a person (relabeling, approval), failed or stopped, the rest not reached. Labels is skipped when the
 * steps show the retraining went past it without waiting (only known with the steps).
 */
export function pipeline(r: Pick<Retraining, 'state' | 'message' | 'steps' | 'importedItems' | 'trainingRunId' | 'modelVersionId' | 'rolloutId'>): Stage[] {
  const at: StageId = r.state === 'SUCCEEDED' ? 'done' : STAGE_OF[r.state] ?? endedIn(r);
  const index = STAGES.findIndex((s) => s.id === at);
  const steps = r.steps ?? [];
  const skippedLabels = steps.length > 0 && !steps.some((s) => s.state === 'AWAITING_LABELS');
  return STAGES.map((stage, i): Stage => {
    let status: StageStatus;
    if (i < index) status = stage.id === 'labels' && skippedLabels ? 'skipped' : 'done';
    else if (i > index) status = 'todo';
    else if (r.state === 'SUCCEEDED') status = 'done';
    else if (r.state === 'FAILED') status = 'failed';
    else if (r.state === 'STOPPED') status = 'stopped';
    else if (r.state === 'AWAITING_LABELS' || r.state === 'AWAITING_APPROVAL') status = 'waiting';
    else status = 'current';
    return { ...stage, status };
  });
}

/** What a retraining that waits for a person needs, or null. */
export function waitingText(r: Pick<Retraining, 'state'>): string | null {
  if (r.state === 'AWAITING_LABELS') {
    return 'Relabel the imported samples in the dataset (lowest confidence first), then Continue: the dataset is published as it is and the stream retrains.';
  }
  if (r.state === 'AWAITING_APPROVAL') {
    return 'The new version passed the gate and waits to be approved; once it is, it is rolled out with the stream\'s plan. Archiving it ends the retraining.';
  }
  return null;
}

// ---- actions ----
/**
 * What the role may do with a retraining in this state, as the server allows it: MANAGER and ADMIN stop an unfinished
 * one, continue one waiting for labels, and approve the version one waits to have approved; a VIEWER does none.
 */
export function retrainingActions(r: Pick<Retraining, 'state' | 'modelVersionId'>, role: Role | null): { stop: boolean; proceed: boolean; approve: boolean } {
  const may = can.manageRetraining(role);
  return {
    stop: may && !isFinished(r.state),
    proceed: may && r.state === 'AWAITING_LABELS',
    approve: may && r.state === 'AWAITING_APPROVAL' && r.modelVersionId != null,
  };
}

/** Whether "Start now" can start one, and why not: a saved policy naming a rule, and nothing under way. */
export function startAllowed(policy: RetrainingPolicy | null | undefined, list: Pick<Retraining, 'id' | 'state'>[]): { allowed: boolean; reason: string | null } {
  if (!policy) return { allowed: false, reason: 'Save a policy first' };
  if (policy.triggerRuleIds.length === 0) return { allowed: false, reason: 'The policy names no rule' };
  const running = list.find((r) => !isFinished(r.state));
  if (running) return { allowed: false, reason: `Retraining #${running.id} is under way; stop it or wait until it ends` };
  return { allowed: true, reason: null };
}
