import { describe, expect, it } from 'vitest';
import {
  binLabel, binSeries, comparable, driftPath, driftSummary, measureLabel, measureText, pValueText, psiText, testLabel, windowLabel,
  type DriftMeasure, type DriftReport,
} from './driftLogic';

const measure = (name: string, change: Partial<DriftMeasure> = {}): DriftMeasure => ({
  name, test: name === 'label' ? 'chi-square' : 'kolmogorov-smirnov', psi: 0.05, statistic: 0.04, pValue: 0.3, drifted: false,
  bins: [{ bin: 'a', reference: 0.5, live: 0.25 }, { bin: 'b', reference: 0.5, live: 0.75 }], ...change,
});

const report = (change: Partial<DriftReport> = {}): DriftReport => ({
  modelVersionId: 7, model: 'digits:3', datasetVersionId: 12, from: '2025-03-01T10:00:00Z', to: '2025-03-01T11:00:00Z', tagKey: null, tagValue: null,
  referenceCount: 1500, liveCount: 240, minLive: 100, drifted: false, maxPsi: 0.05, measures: [measure('label'), measure('score')], ...change,
});

describe('drift', () => {
  it('asks for a window of the version', () => {
    expect(driftPath(7, 360)).toBe('/api/v1/model-versions/7/drift?windowMinutes=360');
    expect(windowLabel(60)).toBe('1 h');
    expect(windowLabel(1440)).toBe('24 h');
    expect(windowLabel(120)).toBe('2 h');
    expect(windowLabel(90)).toBe('90 min');
  });
  it('compares only versions trained from a dataset version', () => {
    expect(comparable({ lineage: { datasetVersionId: 12 } })).toBe(true);
    expect(comparable({ lineage: { datasetVersionId: null } })).toBe(false);
    expect(comparable({ lineage: {} })).toBe(false);
    expect(comparable({})).toBe(false);
  });
  it('says when there are too few live samples', () => {
    const s = driftSummary(report({ liveCount: 12, measures: [], maxPsi: 0 }));
    expect(s.state).toBe('too-few');
    expect(s.headline).toBe('Not compared: 12 samples in the window, at least 100 needed.');
    expect(driftSummary(report({ liveCount: 1, measures: [] })).headline).toMatch(/1 sample in the window/);
    expect(s.detail).toBe('12 live samples in the last 1 h, against 1,500 training items of dataset version #12.');
  });
  it('names the drifted distributions with the largest PSI', () => {
    const s = driftSummary(report({ drifted: true, maxPsi: 0.4312, measures: [measure('label', { drifted: true, psi: 0.4312 }), measure('score'), measure('width', { drifted: true })] }));
    expect(s.state).toBe('drifted');
    expect(s.headline).toBe('Drifted from the training data: predicted labels, input width (max PSI 0.431).');
  });
  it('says no drift otherwise, and what was compared', () => {
    const s = driftSummary(report({ tagKey: 'site', tagValue: 'plant-1', from: '2025-03-01T05:00:00Z' }));
    expect(s.state).toBe('stable');
    expect(s.headline).toBe('No drift: 2 distributions compared, all close to the training data (max PSI 0.050).');
    expect(s.detail).toBe('240 live samples in the last 6 h of the edges tagged site=plant-1, against 1,500 training items of dataset version #12.');
    expect(driftSummary(report({ measures: [] })).state).toBe('nothing');
  });
  it('writes measures, tests and numbers', () => {
    expect(measureLabel('label')).toBe('Predicted labels');
    expect(measureLabel('score')).toBe('Scores');
    expect(measureLabel('pixel_mean')).toBe('Input pixel_mean');
    expect(testLabel('kolmogorov-smirnov')).toBe('Kolmogorov–Smirnov test');
    expect(testLabel('chi-square')).toBe('chi-square test');
    expect(psiText(0.2134)).toBe('0.213');
    expect(psiText(0.00042)).toBe('0.0004');
    expect(psiText(0)).toBe('0.000');
    expect(pValueText(0.4234)).toBe('0.42');
    expect(pValueText(0.00312)).toBe('0.0031');
    expect(pValueText(1e-12)).toBe('< 0.0001');
    expect(measureText(measure('score', { psi: 0.31, statistic: 0.2, pValue: 0 }))).toBe('PSI 0.310 · Kolmogorov–Smirnov test: statistic 0.200, p < 0.0001');
    expect(measureText(measure('label'))).toBe('PSI 0.050 · chi-square test: statistic 0.040, p = 0.30');
  });
  it('turns bins into chart series in percent', () => {
    expect(binSeries([{ bin: 'cat', reference: 0.333333, live: 0.5 }, { bin: '[0.5, 1.0)', reference: 0.666667, live: 0.5 }])).toEqual({
      x: [0, 1], names: ['cat', '[0.5, 1.0)'], reference: [33.33, 66.67], live: [50, 50],
    });
    expect(binSeries([])).toEqual({ x: [], names: [], reference: [], live: [] });
    expect(binLabel('short', 10)).toBe('short');
    expect(binLabel('[0.123, 0.456)', 10)).toBe('[0.123, 0…');
    expect(binLabel('[0.123, 0.456)', 3)).toBe('[0.123, 0.456)');
  });
});
