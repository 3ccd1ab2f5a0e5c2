import { describe, expect, it } from 'vitest';
import type { AlertRule } from './alertLogic';
import {
  anyUnfinished, describePolicy, endedIn, formFromPolicy, gateText, isFinished, pipeline, policyRequest, RETRAINING_API, retrainingActions,
  ruleName, sameForm, startAllowed, toggleRule, triggerChoices, unplacedPolicyErrors, waitingText, withDetail, withStarted,
  type Retraining, type RetrainingForm, type RetrainingPolicy, type RetrainingStep,
} from './retrainingLogic';

const rule = (id: number, name: string, kind: AlertRule['kind'], change: Partial<AlertRule> = {}): AlertRule => ({
  id, name, kind, edgeId: null, tagKey: null, tagValue: null, modelVersion: null, threshold: 10, scoreBelow: 0.5, windowMinutes: 5,
  minResults: 20, renotifyMinutes: 60, enabled: true, channelIds: [], createdAt: '2025-01-01T00:00:00Z', createdBy: 'admin',
  updatedAt: null, updatedBy: null, ...change,
});

const RULES: AlertRule[] = [
  rule(1, 'line offline', 'EDGE_OFFLINE'),
  rule(2, 'parts drift', 'DRIFT', { modelVersion: 'parts:v1.2' }),
  rule(3, 'fleet low confidence', 'LOW_CONFIDENCE_RATE', { enabled: false }),
  rule(4, 'bolts failures', 'FAILURE_RATE', { modelVersion: 'bolts:v3' }),
  rule(5, 'any failures', 'FAILURE_RATE', { tagKey: 'site', tagValue: 'b' }),
];

const POLICY: RetrainingPolicy = {
  enabled: true, triggerRuleIds: [2, 3], source: 'edges', maxScore: null, maxItems: 5000, waitForLabels: false, gateMetric: 'accuracy',
  gateMinValue: 0.9, gateMaxDrop: 0.02, autoApprove: false, cooldownMinutes: 60,
};

const form = (change: Partial<RetrainingForm> = {}): RetrainingForm => ({ ...formFromPolicy(null), triggerRuleIds: [2], ...change });

const step = (state: RetrainingStep['state'], message = ''): RetrainingStep => ({ at: '2025-01-01T00:00:00Z', state, message });

const retraining = (change: Partial<Retraining> = {}): Retraining => ({
  id: 9, streamId: 7, streamName: 'parts', alertId: null, trigger: "started by admin (as rule 'parts drift')", state: 'IMPORTING',
  message: 'started', importOptions: { model: 'parts:v1.2' }, importJobId: null, importedItems: null, datasetVersionId: null,
  trainingRunId: null, modelVersionId: null, replacesVersion: 'parts:v1.2', rolloutId: null, createdAt: '2025-01-01T00:00:00Z',
  createdBy: 'admin', updatedAt: '2025-01-01T00:00:00Z', finishedAt: null, steps: [], ...change,
});

const statuses = (r: Retraining) => Object.fromEntries(pipeline(r).map((s) => [s.id, s.status]));

describe('the API paths', () => {
  it('names the policy, the start, the list and one retraining\'s actions', () => {
    expect(RETRAINING_API.policy(7)).toBe('/api/v1/streams/7/retraining-policy');
    expect(RETRAINING_API.start(7)).toBe('/api/v1/streams/7/retrainings');
    expect(RETRAINING_API.list(7)).toBe('/api/v1/retrainings?streamId=7&limit=10');
    expect(RETRAINING_API.retraining(9)).toBe('/api/v1/retrainings/9');
    expect(RETRAINING_API.proceed(9)).toBe('/api/v1/retrainings/9/proceed');
    expect(RETRAINING_API.stop(9)).toBe('/api/v1/retrainings/9/stop');
  });
});

describe('the trigger rules', () => {
  it('offers the rules that can start a retraining, this stream\'s and the fleet\'s before other models\', by name', () => {
    const choices = triggerChoices(RULES, 'parts', []);
    expect(choices.map((c) => c.id)).toEqual([5, 3, 2, 4]);
    expect(choices.find((c) => c.id === 4)!.otherModel).toBe(true);
    expect(choices.find((c) => c.id === 2)!.detail).toBe('Drift · model version parts:v1.2');
    expect(choices.find((c) => c.id === 3)!.detail).toBe('Low-confidence rate · the fleet · off');
    expect(choices.every((c) => c.problem == null)).toBe(true);
  });
  it('keeps a chosen rule it cannot offer, saying why', () => {
    const choices = triggerChoices(RULES, 'parts', [2, 1, 99]);
    expect(choices.slice(-2).map((c) => [c.id, c.name, c.problem])).toEqual([
      [1, 'line offline', 'watches edge offline, which cannot start a retraining'],
      [99, 'rule #99', 'no longer exists'],
    ]);
  });
  it('names a rule by its name, or by its id when the list does not hold it', () => {
    expect(ruleName(2, RULES)).toBe('“parts drift”');
    expect(ruleName(42, RULES)).toBe('rule #42');
    expect(ruleName(2, null)).toBe('rule #2');
  });
});

describe('the policy form', () => {
  it('starts with the server\'s defaults and sends them', () => {
    expect(policyRequest(form())).toEqual({
      request: {
        enabled: true, triggerRuleIds: [2], source: 'edges', maxScore: null, maxItems: 5000, waitForLabels: false, gateMetric: null,
        gateMinValue: null, gateMaxDrop: null, autoApprove: false, cooldownMinutes: 60,
      },
      errors: {},
    });
    // emptied numbers take the defaults too
    expect(policyRequest(form({ maxItems: ' ', cooldownMinutes: '' })).request).toMatchObject({ maxItems: 5000, cooldownMinutes: 60 });
  });
  it('round-trips a stored policy', () => {
    expect(policyRequest(formFromPolicy(POLICY)).request).toEqual(POLICY);
    expect(sameForm(formFromPolicy(POLICY), formFromPolicy({ ...POLICY, triggerRuleIds: [3, 2] }))).toBe(true);
    expect(sameForm(formFromPolicy(POLICY), formFromPolicy({ ...POLICY, cooldownMinutes: 0 }))).toBe(false);
  });
  it('needs a rule, at most 20, and keeps the order they were ticked in', () => {
    expect(policyRequest(form({ triggerRuleIds: [] })).errors).toEqual({ triggerRuleIds: 'Pick at least one rule: a retraining starts when one of them fires.' });
    expect(policyRequest(form({ triggerRuleIds: Array.from({ length: 21 }, (_, i) => i + 1) })).errors.triggerRuleIds).toMatch(/At most 20/);
    expect(policyRequest(form({ triggerRuleIds: [4, 4, 2] })).request?.triggerRuleIds).toEqual([4, 2]);
    const ticked = toggleRule(toggleRule(form({ triggerRuleIds: [] }), 5, true), 2, true);
    expect(ticked.triggerRuleIds).toEqual([5, 2]);
    expect(toggleRule(ticked, 5, false).triggerRuleIds).toEqual([2]);
  });
  it('names what is wrong with each number', () => {
    const { request, errors } = policyRequest(form({ maxScore: '1.5', maxItems: '100001', cooldownMinutes: '2.5', source: 'bad source' }));
    expect(request).toBeNull();
    expect(errors).toEqual({
      maxScore: 'A score from 0 to 1, or empty for no limit.',
      maxItems: 'A whole number from 1 to 100,000, e.g. 5000.',
      cooldownMinutes: 'A whole number of minutes from 0 (none) to 43200 (30 days).',
      source: 'Choose an installed data source.',
    });
    expect(policyRequest(form({ maxScore: '0.35', maxItems: '1', cooldownMinutes: '0' })).request).toMatchObject({ maxScore: 0.35, maxItems: 1, cooldownMinutes: 0 });
    expect(policyRequest(form({ maxItems: 'many' })).errors.maxItems).toMatch(/whole number/);
  });
  it('wants a gate metric with a minimum or a largest drop, and the other way round', () => {
    expect(policyRequest(form({ gateMinValue: '0.9' })).errors).toEqual({ gateMetric: 'Name the metric these values are for, e.g. accuracy.' });
    expect(policyRequest(form({ gateMetric: 'accuracy' })).errors).toEqual({ gateMinValue: 'Give a minimum, a largest drop, or both.' });
    expect(policyRequest(form({ gateMetric: 'accuracy', gateMaxDrop: '-0.1' })).errors).toEqual({ gateMaxDrop: 'A number of at least 0, e.g. 0.02.' });
    expect(policyRequest(form({ gateMetric: 'macro f1', gateMinValue: '0.5' })).errors.gateMetric).toMatch(/metric's name/);
    expect(policyRequest(form({ gateMetric: ' f1 ', gateMaxDrop: '0.05' })).request).toMatchObject({ gateMetric: 'f1', gateMinValue: null, gateMaxDrop: 0.05 });
  });
  it('lists a 400\'s messages for fields it has no input for', () => {
    expect(unplacedPolicyErrors({ triggerRuleIds: 'rule 9 does not exist', ruleId: 'one of [2]' })).toEqual([['ruleId', 'one of [2]']]);
  });
});

describe('the policy in words', () => {
  it('says when it starts, what it imports, the gate, approval and cooldown', () => {
    const words = Object.fromEntries(describePolicy(POLICY, RULES).map((l) => [l.label, l.text]));
    expect(words.State).toBe('On');
    expect(words.When).toBe('“parts drift” (drift) or “fleet low confidence” (low-confidence rate) fires');
    expect(words.Import).toBe("up to 5,000 samples behind the alert from 'edges'; for a low-confidence rule, those scoring below the rule's score");
    // no low-confidence rule among the triggers: any score
    expect(describePolicy({ ...POLICY, triggerRuleIds: [2, 5] }, RULES)[2].text).toBe("up to 5,000 samples behind the alert from 'edges'");
    expect(words.Labels).toBe('the labels the model predicted');
    expect(words.Gate).toBe('accuracy ≥ 0.9 and at most 0.02 below the version it replaces');
    expect(words.Approval).toBe('a person approves the new version');
    expect(words['At most']).toBe('one retraining every 1 h');
  });
  it('reads the other choices too', () => {
    const words = Object.fromEntries(describePolicy({ ...POLICY, enabled: false, triggerRuleIds: [], maxScore: 0.4, waitForLabels: true,
      gateMetric: null, gateMinValue: null, gateMaxDrop: null, autoApprove: true, cooldownMinutes: 0 }, null).map((l) => [l.label, l.text]));
    expect(words.State).toMatch(/^Off/);
    expect(words.When).toMatch(/nothing starts a retraining/);
    expect(words.Import).toMatch(/scoring at most 0.4$/);
    expect(words.Labels).toMatch(/relabeled/);
    expect(words.Gate).toMatch(/^none/);
    expect(words.Approval).toMatch(/^automatic/);
    expect(words['At most']).toBe('no pause between retrainings');
    expect(describePolicy({ ...POLICY, triggerRuleIds: [7] }, RULES)[1].text).toBe('rule #7 fires');
  });
  it('words a gate of a drop alone', () => {
    expect(gateText({ gateMetric: 'f1', gateMinValue: null, gateMaxDrop: 0.05 })).toBe('f1 at most 0.05 below the version it replaces');
    expect(gateText({ gateMetric: 'f1', gateMinValue: 0.8, gateMaxDrop: null })).toBe('f1 ≥ 0.8');
    expect(gateText({ gateMetric: null, gateMinValue: null, gateMaxDrop: null })).toBeNull();
  });
});

describe('a retraining\'s pipeline', () => {
  it('marks the stage under way, and those waiting for a person', () => {
    expect(statuses(retraining())).toEqual({ import: 'current', labels: 'todo', train: 'todo', gate: 'todo', rollout: 'todo', done: 'todo' });
    expect(statuses(retraining({ state: 'AWAITING_LABELS' }))).toMatchObject({ import: 'done', labels: 'waiting', train: 'todo' });
    expect(statuses(retraining({ state: 'TRAINING' }))).toMatchObject({ import: 'done', labels: 'done', train: 'current' });
    expect(statuses(retraining({ state: 'AWAITING_APPROVAL' }))).toMatchObject({ train: 'done', gate: 'waiting', rollout: 'todo' });
    expect(statuses(retraining({ state: 'ROLLING_OUT' }))).toMatchObject({ gate: 'done', rollout: 'current', done: 'todo' });
    expect(statuses(retraining({ state: 'SUCCEEDED' }))).toEqual({ import: 'done', labels: 'done', train: 'done', gate: 'done', rollout: 'done', done: 'done' });
  });
  it('shows Labels skipped when the steps went past it without waiting', () => {
    const steps = [step('IMPORTING'), step('TRAINING')];
    expect(statuses(retraining({ state: 'TRAINING', steps }))).toMatchObject({ labels: 'skipped', train: 'current' });
    expect(statuses(retraining({ state: 'TRAINING', steps: [step('IMPORTING'), step('AWAITING_LABELS'), step('TRAINING')] }))).toMatchObject({ labels: 'done' });
  });
  it('marks where a failed or stopped one ended, from the steps', () => {
    const failedImport = retraining({ state: 'FAILED', message: 'no new samples to learn from: import job 3 found 0', importedItems: 0,
      steps: [step('IMPORTING'), step('FAILED', 'no new samples')] });
    expect(statuses(failedImport)).toEqual({ import: 'failed', labels: 'todo', train: 'todo', gate: 'todo', rollout: 'todo', done: 'todo' });
    const failedRun = retraining({ state: 'FAILED', message: 'training run 4 FAILED: out of memory', trainingRunId: 12,
      steps: [step('IMPORTING'), step('TRAINING'), step('FAILED')] });
    expect(statuses(failedRun)).toMatchObject({ import: 'done', labels: 'skipped', train: 'failed', gate: 'todo' });
    const rolledBack = retraining({ state: 'FAILED', message: 'rollout 5 ROLLED_BACK: health gate', rolloutId: 5, modelVersionId: 3,
      steps: [step('IMPORTING'), step('TRAINING'), step('ROLLING_OUT'), step('FAILED')] });
    expect(statuses(rolledBack)).toMatchObject({ gate: 'done', rollout: 'failed', done: 'todo' });
  });
  it('reads the stage from the message where the steps cannot tell', () => {
    const held = { state: 'FAILED' as const, modelVersionId: 3, trainingRunId: 12, steps: [step('IMPORTING'), step('TRAINING'), step('FAILED')] };
    expect(endedIn(retraining({ ...held, message: 'gate: accuracy 0.7 is below the minimum 0.9; parts:v1.3 stays a CANDIDATE' }))).toBe('gate');
    expect(endedIn(retraining({ ...held, message: 'trained parts:v1.3; approved by the policy; the rollout could not start: no target' }))).toBe('rollout');
    expect(endedIn(retraining({ message: 'could not publish and train: no backend', importedItems: 40 }))).toBe('train');
    expect(endedIn(retraining({ state: 'STOPPED', message: 'stopped by admin while AWAITING_APPROVAL' }))).toBe('gate');
    expect(statuses(retraining({ state: 'STOPPED', message: 'stopped by admin while AWAITING_LABELS', importedItems: 40 })))
      .toMatchObject({ import: 'done', labels: 'stopped', train: 'todo' });
  });
  it('reads the stage from what it created when a list gives no steps', () => {
    const failed = (change: Partial<Retraining>) => endedIn(retraining({ state: 'FAILED', message: 'something broke', ...change }));
    expect(failed({})).toBe('import');
    expect(failed({ importedItems: 0 })).toBe('import');
    expect(failed({ importedItems: 12 })).toBe('labels');
    expect(failed({ importedItems: 12, datasetVersionId: 4, trainingRunId: 8 })).toBe('train');
    expect(failed({ trainingRunId: 8, modelVersionId: 3 })).toBe('gate');
    expect(failed({ trainingRunId: 8, modelVersionId: 3, rolloutId: 2 })).toBe('rollout');
  });
  it('tells a person what a waiting one needs', () => {
    expect(waitingText({ state: 'AWAITING_LABELS' })).toMatch(/then Continue/);
    expect(waitingText({ state: 'AWAITING_APPROVAL' })).toMatch(/approved/);
    expect(waitingText({ state: 'TRAINING' })).toBeNull();
  });
});

describe('following retrainings', () => {
  it('knows the final states', () => {
    expect(['SUCCEEDED', 'FAILED', 'STOPPED'].every((s) => isFinished(s as Retraining['state']))).toBe(true);
    expect(isFinished('AWAITING_APPROVAL')).toBe(false);
    expect(anyUnfinished([retraining({ state: 'FAILED' }), retraining({ state: 'ROLLING_OUT' })])).toBe(true);
    expect(anyUnfinished([retraining({ state: 'FAILED' })])).toBe(false);
  });
  it('shows the one just started until the list holds it', () => {
    const started = retraining({ id: 12 });
    const old = retraining({ id: 11, state: 'FAILED' });
    expect(withStarted([old], started).map((r) => r.id)).toEqual([12, 11]);
    expect(withStarted([retraining({ id: 12, state: 'TRAINING' }), old], started).map((r) => r.state)).toEqual(['TRAINING', 'FAILED']);
    expect(withStarted([old], null)).toEqual([old]);
  });
  it('takes the newer of the listed one and its detail, with the detail\'s steps', () => {
    const listed = retraining({ state: 'TRAINING', updatedAt: '2025-01-01T00:00:05Z' });
    const detail = retraining({ state: 'IMPORTING', updatedAt: '2025-01-01T00:00:01.500Z', steps: [step('IMPORTING')] });
    expect(withDetail(listed, detail)).toMatchObject({ state: 'TRAINING', steps: [step('IMPORTING')] });
    const later = { ...detail, state: 'FAILED' as const, updatedAt: '2025-01-01T00:00:06.250Z' };
    expect(withDetail(listed, later).state).toBe('FAILED');
    expect(withDetail(listed, null)).toBe(listed);
    expect(withDetail(listed, { ...later, id: 99 })).toBe(listed);
  });
});

describe('what a role may do', () => {
  it('lets managers stop, continue and approve where the state allows, and viewers nothing', () => {
    expect(retrainingActions(retraining({ state: 'AWAITING_LABELS' }), 'MANAGER')).toEqual({ stop: true, proceed: true, approve: false });
    expect(retrainingActions(retraining({ state: 'AWAITING_APPROVAL', modelVersionId: 3 }), 'ADMIN')).toEqual({ stop: true, proceed: false, approve: true });
    expect(retrainingActions(retraining({ state: 'TRAINING' }), 'MANAGER')).toEqual({ stop: true, proceed: false, approve: false });
    expect(retrainingActions(retraining({ state: 'FAILED' }), 'ADMIN')).toEqual({ stop: false, proceed: false, approve: false });
    expect(retrainingActions(retraining({ state: 'AWAITING_LABELS' }), 'VIEWER')).toEqual({ stop: false, proceed: false, approve: false });
    expect(retrainingActions(retraining({ state: 'AWAITING_APPROVAL', modelVersionId: 3 }), null).approve).toBe(false);
  });
  it('starts one only with a saved policy naming a rule and nothing under way', () => {
    expect(startAllowed(undefined, [])).toEqual({ allowed: false, reason: 'Save a policy first' });
    expect(startAllowed(null, []).allowed).toBe(false);
    expect(startAllowed({ ...POLICY, triggerRuleIds: [] }, []).reason).toBe('The policy names no rule');
    expect(startAllowed(POLICY, [retraining({ id: 4, state: 'TRAINING' })]).reason).toBe('Retraining #4 is under way; stop it or wait until it ends');
    expect(startAllowed(POLICY, [retraining({ state: 'FAILED' })])).toEqual({ allowed: true, reason: null });
  });
});
