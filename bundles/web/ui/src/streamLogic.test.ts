import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import {
  compareMetrics, confusionCells, defaultText, deltaText, deployAllowed, duration, emptyForm, fieldError, formErrors, formFromStream,
  headlineMetrics, initialValues, lowerIsBetter, matchingDatasets, metricSeries, parameterFields, progressPercent, scheduleText,
  heldOutMistakes, streamActions, streamRequest, targetText, toParameters, typeText, unplacedErrors, versionChoices,
  type ParameterSchema, type Solution, type Stream, type TrainingRun,
} from './streamLogic';

// the schema of the tabular-classification solution, abridged
const SCHEMA: ParameterSchema = {
  type: 'object', additionalProperties: false, required: ['seedless'],
  properties: {
    algorithm: { type: 'string', enum: ['logistic-regression', 'factorization-machine'], default: 'logistic-regression', title: 'Algorithm', description: 'Which model' },
    epochs: { type: 'integer', minimum: 1, maximum: 1000, default: 50, title: 'Epochs', description: 'Passes over the training split' },
    learningRate: { type: 'number', exclusiveMinimum: 0, maximum: 10, default: 0.5, title: 'Learning rate' },
    standardize: { type: 'boolean', default: true, title: 'Standardize' },
    note: { type: 'string' },
    seedless: { type: 'number', minimum: 0 },
  },
};

const solution: Solution = {
  id: 'tabular-classification', displayName: 'Tabular classification', version: '1.0.0', description: null, datasetKind: 'TABULAR',
  parameterSchema: SCHEMA, metrics: ['accuracy', 'macro_f1'], modelFormat: 'onnx',
};

const stream: Stream = {
  id: 7, name: 'parts', description: null, solutionId: 'tabular-classification', datasetId: 3, datasetName: 'parts-data',
  datasetVersionId: 11, datasetVersionNumber: 2, backendId: 'local', parameters: { epochs: 20, standardize: false, algorithm: 'factorization-machine' },
  confidenceThreshold: 0.7, schedule: { cron: '0 3 * * *', timeZone: 'Europe/Berlin' }, nextTrainingAt: null,
  target: { edgeIds: [4, 5], tagKey: 'site', tagValue: null }, status: 'TRAINED', trainings: 2, latestModelVersionId: 9,
  createdAt: '2026-11-23T08:00:00Z', createdBy: 'admin', updatedAt: '2026-11-23T08:00:00Z', updatedBy: null,
};

const run = (number: number, state: TrainingRun['state'], metrics: Record<string, number> | null, extra: Partial<TrainingRun> = {}): TrainingRun => ({
  id: 100 + number, streamId: 7, streamName: 'parts', number, trigger: 'MANUAL', state, backendId: 'local', handle: null, progress: 1,
  message: null, datasetVersionId: 11, solutionVersion: '1.0.0', parameters: {}, seed: 1, modelVersionId: state === 'SUCCEEDED' ? 200 + number : null,
  modelVersion: state === 'SUCCEEDED' ? `v1.${number}` : null, metrics, cancelRequested: false, createdAt: '2026-11-23T08:00:00Z',
  createdBy: 'admin', startedAt: '2026-11-23T08:00:00Z', finishedAt: '2026-11-23T08:01:05Z', ...extra,
});

describe('the parameter form generated from a JSON Schema', () => {
  const fields = parameterFields(SCHEMA);
  const by = (name: string) => fields.find((f) => f.name === name)!;

  it('makes one field per property, in the schema order, with the right control', () => {
    expect(fields.map((f) => [f.name, f.kind])).toEqual([
      ['algorithm', 'select'], ['epochs', 'integer'], ['learningRate', 'number'], ['standardize', 'checkbox'], ['note', 'text'], ['seedless', 'number'],
    ]);
    expect(by('algorithm').options).toEqual(['logistic-regression', 'factorization-machine']);
    expect(by('epochs')).toMatchObject({ label: 'Epochs', help: 'Passes over the training split', min: 1, max: 1000, step: '1', initial: '50', bounds: '1 to 1000' });
    expect(by('note').label).toBe('note');
    expect(by('seedless')).toMatchObject({ required: true, hasDefault: false, initial: '', bounds: '≥ 0' });
  });

  it('describes exclusive bounds in words and leaves them off the input', () => {
    expect(by('learningRate')).toMatchObject({ step: 'any', max: 10, bounds: '> 0, ≤ 10' });
    expect(by('learningRate').min).toBeUndefined();
    expect(parameterFields({ properties: { x: { type: 'number' } } })[0].bounds).toBeNull();
  });

  it('describes types and defaults for the solutions page', () => {
    expect(typeText(by('algorithm'))).toBe('one of logistic-regression, factorization-machine');
    expect(typeText(by('standardize'))).toBe('boolean');
    expect(defaultText(by('standardize'))).toBe('on');
    expect(defaultText(by('epochs'))).toBe('50');
    expect(defaultText(by('seedless'))).toBe('—');
    expect(parameterFields(null)).toEqual([]);
  });

  it('prefills defaults, or the stream own values when editing', () => {
    expect(initialValues(fields)).toEqual({ algorithm: 'logistic-regression', epochs: '50', learningRate: '0.5', standardize: true, note: '', seedless: '' });
    expect(initialValues(fields, stream.parameters)).toMatchObject({ algorithm: 'factorization-machine', epochs: '20', standardize: false, learningRate: '0.5' });
  });

  it('turns the values into typed parameters, leaving empty ones to the server', () => {
    const values = { ...initialValues(fields), epochs: ' 2000 ', learningRate: '', standardize: false };
    expect(toParameters(fields, values)).toEqual({ parameters: { algorithm: 'logistic-regression', epochs: 2000, standardize: false }, errors: {} });
    const numeric = parameterFields({ properties: { k: { type: 'integer', enum: [1, 3, 5] } } });
    expect(toParameters(numeric, { k: '3' }).parameters).toEqual({ k: 3 });
  });

  it('refuses what JSON cannot carry, keyed like the server', () => {
    expect(toParameters(fields, { ...initialValues(fields), epochs: '2.5', learningRate: 'fast' }).errors)
      .toEqual({ 'parameters.epochs': 'must be a whole number', 'parameters.learningRate': 'is not a number' });
  });
});

describe('the stream form', () => {
  const fields = parameterFields(SCHEMA);
  it('builds the request: schedule only with a cron, target with trimmed tag', () => {
    const form = { ...emptyForm(), name: ' parts ', solutionId: 'tabular-classification', datasetId: '3', datasetVersionId: '11',
      parameters: initialValues(fields), edgeIds: [4, 4, 5], tagKey: ' site ', timeZone: '' };
    const { request, errors } = streamRequest(form, fields);
    expect(errors).toEqual({});
    expect(request).toEqual({
      name: 'parts', description: null, solutionId: 'tabular-classification', datasetVersionId: 11, backendId: 'local',
      parameters: { algorithm: 'logistic-regression', epochs: 50, learningRate: 0.5, standardize: true }, confidenceThreshold: 0.5,
      schedule: null, target: { edgeIds: [4, 5], tagKey: 'site', tagValue: null },
    });
    expect(streamRequest({ ...form, cron: ' 0 3 * * * ' }, fields).request!.schedule).toEqual({ cron: '0 3 * * *', timeZone: 'UTC' });
    expect(streamRequest({ ...form, datasetVersionId: '', confidenceThreshold: '' }, fields).request).toMatchObject({ datasetVersionId: null, confidenceThreshold: null });
  });
  it('collects every problem of the form at once', () => {
    const form = { ...emptyForm(), parameters: { ...initialValues(fields), epochs: '1.5' }, confidenceThreshold: 'high' };
    expect(streamRequest(form, fields)).toEqual({ request: null, errors: { 'parameters.epochs': 'must be a whole number', confidenceThreshold: 'is not a number' } });
  });
  it('edits a stream from its own values', () => {
    const form = formFromStream(stream, fields);
    expect(form).toMatchObject({ name: 'parts', datasetId: '3', datasetVersionId: '11', confidenceThreshold: '0.7', cron: '0 3 * * *',
      timeZone: 'Europe/Berlin', edgeIds: [4, 5], tagKey: 'site', tagValue: '' });
    expect(streamRequest(form, fields).request!.parameters).toMatchObject({ epochs: 20, standardize: false, algorithm: 'factorization-machine' });
  });
  it('offers only datasets of the solution kind', () => {
    const datasets = [{ id: 1, kind: 'TABULAR' }, { id: 2, kind: 'FILES' }];
    expect(matchingDatasets(datasets, solution)).toEqual([{ id: 1, kind: 'TABULAR' }]);
    expect(matchingDatasets(datasets, null)).toEqual([]);
  });
});

describe('field errors of a 400', () => {
  const fields = parameterFields(SCHEMA);
  const error = new ApiError(400, 'invalid_input', 'parameters do not match the solution\'s schema: parameters.epochs must be at most 1000', {
    'parameters.epochs': 'must be at most 1000', 'schedule.cron': 'has 4 fields; a cron expression has 5', 'parameters.bogus': 'is not a parameter of this solution', limit: '1-1000',
  });
  it('puts each message next to its field and the detail on top', () => {
    const errors = formErrors(error);
    expect(errors.detail).toMatch(/^parameters do not match/);
    expect(fieldError(errors, 'parameters.epochs')).toBe('must be at most 1000');
    expect(fieldError(errors, 'schedule.cron')).toBe('has 4 fields; a cron expression has 5');
    expect(fieldError(errors, 'name')).toBeNull();
  });
  it('lists the messages of fields the form does not show, so none is lost', () => {
    expect(unplacedErrors(formErrors(error), fields)).toEqual([['parameters.bogus', 'is not a parameter of this solution'], ['limit', '1-1000']]);
  });
  it('says when the server could not be reached', () => {
    expect(formErrors(new TypeError('Failed to fetch'))).toEqual({ detail: 'The server cannot be reached; nothing was saved.', fields: {} });
  });
});

describe('runs', () => {
  it('formats progress and duration', () => {
    expect(progressPercent(0.426)).toBe(43);
    expect(progressPercent(1.7)).toBe(100);
    expect(progressPercent(null)).toBe(0);
    expect(duration(null, null)).toBe('—');
    expect(duration('2026-11-23T08:00:00Z', '2026-11-23T08:00:42Z')).toBe('42 s');
    expect(duration('2026-11-23T08:00:00Z', '2026-11-23T08:03:05Z')).toBe('3 min 05 s');
    expect(duration('2026-11-23T08:00:00Z', null, Date.parse('2026-11-23T09:02:00Z'))).toBe('1 h 02 min');
  });
  it('takes the headline metrics from the solution, or the run metrics without a dot', () => {
    const runs = [run(1, 'SUCCEEDED', { accuracy: 0.9, 'precision.cat': 1, loss: 0.2 })];
    expect(headlineMetrics(solution, runs)).toEqual(['accuracy', 'macro_f1']);
    expect(headlineMetrics(null, runs)).toEqual(['accuracy', 'loss']);
  });
  it('charts succeeded runs oldest first, by run number', () => {
    const runs = [run(3, 'SUCCEEDED', { accuracy: 0.95 }), run(2, 'FAILED', null), run(1, 'SUCCEEDED', { accuracy: 0.9, macro_f1: 0.88 })];
    expect(metricSeries(runs, ['accuracy', 'macro_f1'])).toEqual({
      x: [1, 3], series: [{ name: 'accuracy', values: [0.9, 0.95] }, { name: 'macro_f1', values: [0.88, null] }],
    });
  });
  it('lists the versions of succeeded runs newest first', () => {
    const runs = [run(1, 'SUCCEEDED', { accuracy: 0.9 }), run(2, 'CANCELLED', null), run(3, 'SUCCEEDED', { accuracy: 0.95 })];
    expect(versionChoices(runs).map((v) => [v.id, v.version, v.runNumber])).toEqual([[203, 'v1.3', 3], [201, 'v1.1', 1]]);
  });
});

describe('comparing versions', () => {
  it('shows B − A with the better side, headline metrics first', () => {
    const rows = compareMetrics({ accuracy: 0.9, macro_f1: 0.8, 'f1.cat': 0.7, loss: 0.3 }, { accuracy: 0.95, macro_f1: 0.8, loss: 0.4, extra: 1 }, ['accuracy', 'macro_f1']);
    expect(rows.map((r) => [r.name, r.better, r.headline])).toEqual([
      ['accuracy', 'b', true], ['macro_f1', null, true], ['extra', null, false], ['f1.cat', null, false], ['loss', 'a', false],
    ]);
    expect(rows[0].delta).toBeCloseTo(0.05);
    expect(rows[2]).toMatchObject({ a: null, b: 1, delta: null });
  });
  it('knows which metrics are better small', () => {
    expect(lowerIsBetter('trainingCrossEntropy')).toBe(true);
    expect(lowerIsBetter('latency_ms')).toBe(true);
    expect(lowerIsBetter('macro_recall')).toBe(false);
  });
  it('writes deltas with their sign', () => {
    expect(deltaText(0.0123)).toBe('+0.0123');
    expect(deltaText(-0.004)).toBe('−0.004');
    expect(deltaText(0)).toBe('0');
    expect(deltaText(null)).toBe('—');
  });
});

describe('confusion matrix', () => {
  it('shades each cell by its share of the true class', () => {
    const { rows, rowTotals, total, correct } = confusionCells([[8, 2, 0], [0, 10, 0], [1, 0, 0]]);
    expect(rowTotals).toEqual([10, 10, 1]);
    expect([total, correct]).toEqual([21, 18]);
    expect(rows[0][0]).toMatchObject({ count: 8, share: 0.8, diagonal: true, background: 'rgba(22, 163, 74, 0.744)', dark: true });
    expect(rows[0][1]).toMatchObject({ count: 2, diagonal: false, background: 'rgba(220, 38, 38, 0.276)', dark: false });
    expect(rows[0][2]).toMatchObject({ count: 0, background: 'transparent', dark: false });
    expect(rows[1][1].background).toBe('rgba(22, 163, 74, 0.9)');
    expect(rows[2][2]).toMatchObject({ count: 0, share: 0, background: 'transparent' });
  });
  it('copes with an empty row', () => {
    expect(confusionCells([[0, 0], [1, 1]]).rows[0][0]).toMatchObject({ share: 0, background: 'transparent' });
  });
});

describe('what a stream allows', () => {
  const backends = [{ kind: 'TRAINING_BACKEND', id: 'local', displayName: 'Local', version: '1', state: 'ACTIVE' }];
  it('lets a manager do everything a healthy stream allows', () => {
    const a = streamActions(stream, 'MANAGER', [solution], backends);
    expect([a.train.allowed, a.edit.allowed, a.duplicate.allowed, a.remove.allowed]).toEqual([true, true, true, true]);
  });
  it('gives the reason when not', () => {
    expect(streamActions(stream, 'VIEWER', [solution], backends).train).toEqual({ allowed: false, reason: 'Needs the MANAGER or ADMIN role' });
    expect(streamActions(stream, 'ADMIN', [], backends).train.reason).toBe('Solution tabular-classification is not installed');
    expect(streamActions(stream, 'ADMIN', [], backends).edit.allowed).toBe(false);
    expect(streamActions(stream, 'ADMIN', [solution], []).train.reason).toBe('Training backend local is not installed or configured');
    expect(streamActions({ ...stream, status: 'TRAINING' }, 'ADMIN', [solution], backends).remove.reason).toBe('The stream is training; cancel the run first');
    expect(streamActions({ ...stream, status: 'TRAINING' }, 'ADMIN', [solution], backends).train.reason).toBe('A run is queued or running; wait for it or cancel it');
    expect(streamActions(stream, 'ADMIN', null, null).train.allowed).toBe(true);
  });
  it('deploys approved versions to a stream with targets', () => {
    expect(deployAllowed('APPROVED', stream.target, 'MANAGER').allowed).toBe(true);
    expect(deployAllowed('DEPLOYED', { edgeIds: [], tagKey: 'site', tagValue: null }, 'MANAGER').allowed).toBe(true);
    expect(deployAllowed('CANDIDATE', stream.target, 'MANAGER').reason).toBe('Approve this version first');
    expect(deployAllowed('APPROVED', { edgeIds: [], tagKey: null, tagValue: null }, 'MANAGER').reason).toMatch(/no target edges or tag/);
    expect(deployAllowed('APPROVED', stream.target, 'VIEWER').allowed).toBe(false);
  });
  it('describes schedule and target', () => {
    expect(scheduleText(stream.schedule)).toBe('0 3 * * * (Europe/Berlin)');
    expect(scheduleText(null)).toBe('on demand only');
    expect(targetText(stream.target)).toBe('edges 4, 5 and tag site');
    expect(targetText({ edgeIds: [], tagKey: 'site', tagValue: 'plant-1' })).toBe('tag site=plant-1');
    expect(targetText({ edgeIds: [], tagKey: null, tagValue: null })).toBe('none');
  });
});

describe('held-out mistakes', () => {
  it('lists the rows the model got wrong, least confident first', () => {
    const rows = [
      { values: ['1'], label: 'a', predicted: 'a', score: 0.9 },
      { values: ['2'], label: 'a', predicted: 'b', score: 0.8 },
      { values: ['3'], label: 'b', predicted: 'a', score: 0.55 },
      { values: ['4'], label: null, predicted: 'a', score: 0.3 },
    ];
    const { mistakes, labelled } = heldOutMistakes(rows);
    expect(labelled).toBe(3);
    expect(mistakes.map((r) => r.values[0])).toEqual(['3', '2']);
  });
});
