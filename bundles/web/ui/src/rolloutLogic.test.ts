import { describe, expect, it } from 'vitest';
import {
  canaryPlanForm, countsText, formatWaveSize, formFromPlan, gateSeries, gateValue, healthText, isAgentRollout, isLive, isOneWave, modelName,
  planRequest, previousText, qualityText, subjectText, ROLLOUT_API, rolloutActions, rolloutRequest, rowFromSize, secondsText, startedText, statusSegments,
  thresholdText, verdicts, waveSize, wavesText, waveTotal, type GateResult, type PlanForm, type RolloutPlan, type RolloutState,
} from './rolloutLogic';

const ONE_WAVE: RolloutPlan = { waves: [{ percent: 100 }], soakSeconds: 0, waveTimeoutSeconds: 3600, health: { minActivePercent: 100, maxFailed: 0 }, quality: null, autoRollback: false };
const form = (change: Partial<PlanForm> = {}): PlanForm => ({ ...canaryPlanForm(), ...change });

describe('wave sizes', () => {
  it('formats edges and percentages', () => {
    expect(formatWaveSize({ edges: 1 })).toBe('1 edge');
    expect(formatWaveSize({ edges: 3, percent: null })).toBe('3 edges');
    expect(formatWaveSize({ percent: 25 })).toBe('25 %');
    expect(formatWaveSize({ edges: null, percent: 12.5 })).toBe('12.5 %');
    expect(formatWaveSize({ percent: 33.33333 })).toBe('33.333 %');
    expect(wavesText([{ edges: 1 }, { percent: 25 }, { percent: 100 }])).toBe('1 edge → 25 % → 100 %');
    expect(wavesText([])).toBe('one wave of all edges');
  });
  it('parses a row: whole edges of at least one, percentages above 0 and at most 100', () => {
    expect(waveSize({ amount: '1', unit: 'edges' })).toEqual({ size: { edges: 1 }, error: null });
    expect(waveSize({ amount: ' 25 ', unit: 'percent' })).toEqual({ size: { percent: 25 }, error: null });
    expect(waveSize({ amount: '0.5', unit: 'percent' }).size).toEqual({ percent: 0.5 });
    expect(waveSize({ amount: '100', unit: 'percent' }).size).toEqual({ percent: 100 });
    expect(waveSize({ amount: '0', unit: 'percent' }).error).toMatch(/above 0/);
    expect(waveSize({ amount: '100.1', unit: 'percent' }).error).toMatch(/at most 100/);
    expect(waveSize({ amount: '', unit: 'percent' }).error).toMatch(/percentage/);
    expect(waveSize({ amount: '0', unit: 'edges' }).error).toMatch(/between 1 and 100000/);
    expect(waveSize({ amount: '1.5', unit: 'edges' }).error).toMatch(/whole number/);
    expect(waveSize({ amount: 'two', unit: 'edges' }).error).toMatch(/whole number/);
    expect(waveSize({ amount: '100001', unit: 'edges' }).error).toMatch(/between 1 and 100000/);
  });
  it('turns sizes back into rows', () => {
    expect(rowFromSize({ edges: 2 })).toEqual({ amount: '2', unit: 'edges' });
    expect(rowFromSize({ percent: 12.5 })).toEqual({ amount: '12.5', unit: 'percent' });
  });
});

describe('the plan form', () => {
  it('starts as a canary: one edge, then the rest', () => {
    const { plan, errors } = planRequest(canaryPlanForm());
    expect(errors).toEqual({});
    expect(plan).toEqual({
      waves: [{ edges: 1 }, { percent: 100 }], soakSeconds: 60, waveTimeoutSeconds: 600,
      health: { minActivePercent: 100, maxFailed: 0 }, quality: null, autoRollback: true,
    });
  });
  it('round-trips a plan', () => {
    const plan: RolloutPlan = {
      waves: [{ edges: 2 }, { percent: 50 }, { percent: 100 }], soakSeconds: 30, waveTimeoutSeconds: 900, health: { minActivePercent: 90, maxFailed: 1 },
      quality: { maxScoreDrop: 0.05, maxLowConfidenceIncrease: null, maxFailureRateIncrease: 0.02, lowConfidenceThreshold: 0.6, minResults: 50 }, autoRollback: false,
    };
    expect(planRequest(formFromPlan(plan)).plan).toEqual(plan);
    expect(formFromPlan(ONE_WAVE).quality).toBe(false);
    expect(planRequest(formFromPlan(ONE_WAVE)).plan).toEqual(ONE_WAVE);
  });
  it('keys errors like the server, wave by wave', () => {
    const { plan, errors } = planRequest(form({
      waves: [{ amount: '0', unit: 'edges' }, { amount: '150', unit: 'percent' }, { amount: '100', unit: 'percent' }],
      soakSeconds: '-1', waveTimeoutSeconds: '5', minActivePercent: '101', maxFailed: '0.5',
    }));
    expect(plan).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['health.maxFailed', 'health.minActivePercent', 'soakSeconds', 'waveTimeoutSeconds', 'waves.0', 'waves.1']);
    expect(errors.waveTimeoutSeconds).toMatch(/between 10 and 604800/);
  });
  it('allows at most 20 waves and at least one', () => {
    const many = Array.from({ length: 21 }, () => ({ amount: '5', unit: 'percent' as const }));
    expect(planRequest(form({ waves: many })).errors.waves).toMatch(/at most 20 waves, this one 21/);
    expect(planRequest(form({ waves: many.slice(0, 20) })).errors).toEqual({});
    expect(planRequest(form({ waves: [] })).errors.waves).toMatch(/at least one/);
  });
  it('a quality gate names a threshold and needs a soak of 10 s', () => {
    const quality = form({ quality: true, maxScoreDrop: '', maxLowConfidenceIncrease: '', maxFailureRateIncrease: '' });
    expect(planRequest(quality).errors.quality).toMatch(/at least one/);
    const short = planRequest(form({ quality: true, soakSeconds: '5' }));
    expect(short.errors.soakSeconds).toMatch(/at least 10 s/);
    const good = planRequest(form({ quality: true, soakSeconds: '10', maxScoreDrop: '0.1', maxLowConfidenceIncrease: '', maxFailureRateIncrease: '' }));
    expect(good.errors).toEqual({});
    expect(good.plan!.quality).toEqual({ maxScoreDrop: 0.1, maxLowConfidenceIncrease: null, maxFailureRateIncrease: null, lowConfidenceThreshold: 0.5, minResults: 20 });
    expect(planRequest(form({ quality: true, maxScoreDrop: '1.5' })).errors['quality.maxScoreDrop']).toMatch(/between 0 and 1/);
    expect(planRequest(form({ quality: true, minResults: '0' })).errors['quality.minResults']).toMatch(/between 1/);
    // a quality gate switched off is not checked
    expect(planRequest(form({ quality: false, soakSeconds: '0', maxScoreDrop: 'x' })).errors).toEqual({});
  });
});

describe('agent release rollouts', () => {
  it('name their subject by the release, model rollouts by the model', () => {
    const agent = { agentReleaseId: 4, agentRelease: '0.2.0', model: null };
    expect(isAgentRollout(agent)).toBe(true);
    expect(subjectText(agent)).toBe('agent 0.2.0');
    expect(subjectText({ agentReleaseId: 4, agentRelease: null, model: null })).toBe('agent #4');
    const model = { agentReleaseId: null, agentRelease: null, model: 'parts:3' };
    expect(isAgentRollout(model)).toBe(false);
    expect(isAgentRollout({})).toBe(false); // a server from before agent releases sends neither field
    expect(subjectText(model)).toBe('parts:3');
  });
  it('say what an edge ran before: a release, the installation\'s bundles, or a model', () => {
    expect(previousText({ previousModel: null, previousAgentRelease: '0.1.0' }, true)).toBe('agent 0.1.0');
    expect(previousText({ previousModel: null, previousAgentRelease: null }, true)).toBe('as installed');
    expect(previousText({ previousModel: 'parts:2', previousAgentRelease: null }, false)).toBe('parts:2');
    expect(previousText({ previousModel: null }, false)).toBeNull();
  });
  it('send agentReleaseId in place of modelVersionId', () => {
    const { request } = rolloutRequest({ agentReleaseId: 4 }, { edgeIds: [2], tagKey: '', tagValue: '', target: '' }, canaryPlanForm(), false);
    expect(request).toMatchObject({ agentReleaseId: 4, edgeIds: [2], start: false });
    expect(request).not.toHaveProperty('modelVersionId');
  });
});

describe('the rollout request', () => {
  it('names edges by id, tag or target', () => {
    const { request } = rolloutRequest({ modelVersionId: 7 }, { edgeIds: [3, 1, 3], tagKey: ' site ', tagValue: '', target: '' }, canaryPlanForm(), false);
    expect(request).toMatchObject({ modelVersionId: 7, edgeIds: [3, 1], tagKey: 'site', tagValue: null, target: null, start: false });
    expect(request!.plan.waves).toEqual([{ edges: 1 }, { percent: 100 }]);
    expect(rolloutRequest({ modelVersionId: 7 }, { edgeIds: [], tagKey: '', tagValue: '', target: 'k8s-eu' }, canaryPlanForm(), true).request?.target).toBe('k8s-eu');
  });
  it('refuses nothing chosen, a value without a key, and a bad plan', () => {
    expect(rolloutRequest({ modelVersionId: 7 }, { edgeIds: [], tagKey: '', tagValue: '', target: '' }, canaryPlanForm(), true).errors.edges).toMatch(/Pick edges/);
    expect(rolloutRequest({ modelVersionId: 7 }, { edgeIds: [1], tagKey: '', tagValue: 'x', target: '' }, canaryPlanForm(), true).errors.tagKey).toMatch(/needs a tag key/);
    const bad = rolloutRequest({ modelVersionId: 7 }, { edgeIds: [], tagKey: '', tagValue: '', target: '' }, form({ soakSeconds: 'x' }), true);
    expect(bad.request).toBeNull();
    expect(Object.keys(bad.errors).sort()).toEqual(['edges', 'soakSeconds']);
  });
});

describe('words', () => {
  it('durations', () => {
    expect(secondsText(45)).toBe('45 s');
    expect(secondsText(600)).toBe('10 min');
    expect(secondsText(90)).toBe('1 min 30 s');
    expect(secondsText(5400)).toBe('1 h 30 min');
    expect(secondsText(7200)).toBe('2 h');
    expect(secondsText(604800)).toBe('7 d');
  });
  it('gates', () => {
    expect(healthText({ minActivePercent: 100, maxFailed: 0 })).toBe('at least 100 % of edges ACTIVE, at most 0 failed');
    expect(qualityText(null)).toBe('none');
    expect(qualityText({ maxScoreDrop: 0.05, maxLowConfidenceIncrease: null, maxFailureRateIncrease: 0.02, lowConfidenceThreshold: 0.5, minResults: 20 }))
      .toBe('mean score drop ≤ 0.05, failure-rate increase ≤ 0.02 (scores below 0.5 are low confidence; at least 20 results each side)');
  });
  it('the default plan and model links', () => {
    expect(isOneWave(ONE_WAVE)).toBe(true);
    expect(isOneWave({ ...ONE_WAVE, autoRollback: true })).toBe(false);
    expect(modelName('parts:1.2')).toBe('parts');
    expect(modelName('parts')).toBe('parts');
  });
  it('a started rollout and its wave count', () => {
    const rollout = { id: 7, edges: 3, state: 'RUNNING' as const, plan: ONE_WAVE, waves: [
      { number: 1, edges: 1, statusCounts: {}, startedAt: null, settledAt: null, finishedAt: null },
      { number: 2, edges: 2, statusCounts: {}, startedAt: null, settledAt: null, finishedAt: null }] };
    expect(startedText(rollout)).toBe('Rollout #7 started: 3 edge(s) in 2 wave(s)');
    expect(startedText({ ...rollout, state: 'PLANNED' })).toBe('Rollout #7 planned: 3 edge(s) in 2 wave(s)');
    // the list carries no waves: the plan's count stands in
    expect(waveTotal({ waves: [], plan: { ...ONE_WAVE, waves: [{ edges: 1 }, { percent: 100 }] } })).toBe(2);
  });
  it('paths', () => {
    expect(ROLLOUT_API.list('', 25, 0)).toBe('/api/v1/rollouts?limit=25&offset=0');
    expect(ROLLOUT_API.list('RUNNING', 25, 50)).toBe('/api/v1/rollouts?state=RUNNING&limit=25&offset=50');
    expect(ROLLOUT_API.action(4, 'rollback')).toBe('/api/v1/rollouts/4/rollback');
  });
});

describe('a wave\'s status bar', () => {
  it('orders statuses the way an edge goes through them, skipping empty ones', () => {
    expect(statusSegments({ ACTIVE: 1, WAITING: 0, PENDING: 2, FAILED: 1 })).toEqual([
      { status: 'PENDING', count: 2, percent: 50 }, { status: 'ACTIVE', count: 1, percent: 25 }, { status: 'FAILED', count: 1, percent: 25 }]);
    expect(statusSegments({})).toEqual([]);
    expect(statusSegments(null)).toEqual([]);
  });
  it('puts unknown statuses last and shares out of the wave\'s edges', () => {
    expect(statusSegments({ ZOMBIE: 1, ROLLED_BACK: 1, ACTIVE: 1 }).map((s) => s.status)).toEqual(['ACTIVE', 'ROLLED_BACK', 'ZOMBIE']);
    expect(statusSegments({ WAITING: 1 }, 3)).toEqual([{ status: 'WAITING', count: 1, percent: 33.3 }]);
    const thirds = statusSegments({ PENDING: 1, DOWNLOADING: 1, VERIFIED: 1 });
    expect(thirds.map((s) => s.percent)).toEqual([33.3, 33.3, 33.3]);
    expect(countsText({ WAITING: 2, PENDING: 1 })).toBe('2 WAITING, 1 PENDING');
    expect(countsText({})).toBe('no edges');
  });
});

const gate = (at: string, metric: string, value: number | null, threshold: number, passed = true, decisive = false, g = 'health', wave = 1): GateResult =>
  ({ wave, at, gate: g, metric, value, threshold, passed, decisive, detail: null });

describe('gates over time', () => {
  it('builds one series per metric, health first, with failed and decisive points marked', () => {
    const results = [
      gate('2026-01-01T00:00:00Z', 'failed', 0, 0),
      gate('2026-01-01T00:00:00Z', 'activePercent', 0, 100, false),
      gate('2026-01-01T00:00:05Z', 'meanScoreDrop', 0.01, 0.05, true, false, 'quality'),
      gate('2026-01-01T00:00:05Z', 'failed', 0, 0),
      gate('2026-01-01T00:00:05Z', 'activePercent', 50, 100, false),
      gate('2026-01-01T00:00:10Z', 'previousVersion', null, 0, true, true, 'quality'),
      gate('2026-01-01T00:00:10Z', 'activePercent', 100, 100, true, true),
      gate('2026-01-01T00:00:10Z', 'failed', 0, 0, true, true),
    ];
    const series = gateSeries(results);
    expect(series.map((s) => s.key)).toEqual(['health/failed', 'health/activePercent', 'quality/meanScoreDrop']);
    const active = series[1];
    expect(active.label).toBe('Active edges (%)');
    expect(active.x).toEqual([1767225600, 1767225605, 1767225610]);
    expect(active.values).toEqual([0, 50, 100]);
    expect(active.thresholds).toEqual([100, 100, 100]);
    expect(active.failed).toEqual([0, 50, null]);
    expect(active.decisive).toEqual([null, null, 100]);
    expect(active.latest.decisive).toBe(true);
    expect(gateSeries([])).toEqual([]);
  });
  it('sorts by time and counts a metric once per instant', () => {
    const series = gateSeries([gate('2026-01-01T00:00:10Z', 'failed', 1, 0, false), gate('2026-01-01T00:00:00Z', 'failed', 0, 0),
      gate('2026-01-01T00:00:10Z', 'failed', 2, 0, false, true)]);
    expect(series[0].x).toEqual([1767225600, 1767225610]);
    expect(series[0].values).toEqual([0, 2]);
    expect(series[0].decisive).toEqual([null, 2]);
  });
  it('lists verdicts by wave and formats values against thresholds', () => {
    const judged = verdicts([gate('2026-01-01T00:01:00Z', 'failed', 0, 0, true, true, 'health', 2), gate('2026-01-01T00:00:00Z', 'failed', 0, 0),
      gate('2026-01-01T00:00:30Z', 'activePercent', 100, 100, true, true)]);
    expect(judged.map((g) => [g.wave, g.metric])).toEqual([[1, 'activePercent'], [2, 'failed']]);
    expect(gateValue('activePercent', 66.6667)).toBe('66.7 %');
    expect(gateValue('failed', 1)).toBe('1');
    expect(gateValue('meanScoreDrop', 0.03214)).toBe('0.032');
    expect(gateValue('meanScoreDrop', null)).toBe('—');
    expect(thresholdText('activePercent', 100)).toBe('≥ 100.0 %');
    expect(thresholdText('failed', 0)).toBe('≤ 0');
    expect(thresholdText('custom', 3)).toBe('3');
  });
});

describe('actions by role and state', () => {
  const offered = (state: RolloutState, role: 'VIEWER' | 'MANAGER' | 'ADMIN' = 'MANAGER') => rolloutActions(state, role).map((a) => a.action);
  it('a viewer is offered nothing', () => {
    for (const state of ['PLANNED', 'RUNNING', 'PAUSED', 'FAILED'] as RolloutState[]) {
      expect(rolloutActions(state, 'VIEWER')).toEqual([]);
      expect(rolloutActions(state, null)).toEqual([]);
    }
  });
  it('managers and admins act as the state allows', () => {
    expect(offered('PLANNED')).toEqual(['start', 'abort', 'rollback']);
    expect(offered('RUNNING', 'ADMIN')).toEqual(['pause', 'abort', 'rollback']);
    expect(offered('PAUSED')).toEqual(['resume', 'abort', 'rollback']);
    expect(offered('SUCCEEDED')).toEqual(['rollback']);
    expect(offered('FAILED')).toEqual(['rollback']);
    expect(offered('ABORTED')).toEqual(['rollback']);
    expect(offered('ROLLED_BACK')).toEqual([]);
  });
  it('abort and roll back ask first', () => {
    const byAction = Object.fromEntries(rolloutActions('RUNNING', 'MANAGER').map((a) => [a.action, a]));
    expect(byAction.pause.confirm).toBeNull();
    expect(byAction.abort.confirm).toMatch(/Abort/);
    expect(byAction.rollback.confirm).toMatch(/version it ran before/);
    expect(rolloutActions('PLANNED', 'MANAGER')[0]).toMatchObject({ action: 'start', label: 'Start', primary: true, confirm: null });
  });
  it('follows running and paused rollouts live', () => {
    expect(isLive('RUNNING')).toBe(true);
    expect(isLive('PAUSED')).toBe(true);
    expect(isLive('PLANNED')).toBe(false);
    expect(isLive(undefined)).toBe(false);
  });
});
