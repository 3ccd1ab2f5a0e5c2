import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import {
  COLLECTION_API, describeForm, describePolicy, formFromPolicy, MODES, policyRequest, sameForm, shareText, shownPaths,
  unplacedPolicyErrors, type CollectionForm,
} from './collectionLogic';
import { fieldError, formErrors } from './streamLogic';

const form = (mode: CollectionForm['mode'], extra: Partial<CollectionForm> = {}): CollectionForm => ({ mode, threshold: '', rate: '', ...extra });

describe('collection policy paths and choices', () => {
  it('names the edge and stream resources', () => {
    expect(COLLECTION_API.edge(4)).toBe('/api/v1/edges/4/collection-policy');
    expect(COLLECTION_API.stream(9)).toBe('/api/v1/streams/9/collection-policy');
  });
  it('offers every mode of the API', () => {
    expect(MODES.map((m) => m.value)).toEqual(['OFF', 'ALL', 'LOW_CONFIDENCE', 'RATE']);
  });
});

describe('collection policy form', () => {
  it('starts from the policy set, or with no mode chosen when none is', () => {
    expect(formFromPolicy(null)).toEqual(form(''));
    expect(formFromPolicy(undefined)).toEqual(form(''));
    expect(formFromPolicy({ mode: 'ALL', threshold: null, rate: null })).toEqual(form('ALL'));
    expect(formFromPolicy({ mode: 'LOW_CONFIDENCE', threshold: 0.6, rate: null })).toEqual(form('LOW_CONFIDENCE', { threshold: '0.6' }));
    expect(formFromPolicy({ mode: 'LOW_CONFIDENCE', threshold: null })).toEqual(form('LOW_CONFIDENCE'));
    expect(formFromPolicy({ mode: 'RATE', rate: 0.05 })).toEqual(form('RATE', { rate: '0.05' }));
  });

  it('sends only what the chosen mode takes', () => {
    expect(policyRequest(form('OFF', { threshold: '0.3', rate: '0.2' }))).toEqual({ request: { mode: 'OFF' }, errors: {} });
    expect(policyRequest(form('ALL'))).toEqual({ request: { mode: 'ALL' }, errors: {} });
    expect(policyRequest(form('LOW_CONFIDENCE', { threshold: ' 0.6 ', rate: '0.2' }))).toEqual({ request: { mode: 'LOW_CONFIDENCE', threshold: 0.6 }, errors: {} });
    expect(policyRequest(form('RATE', { rate: '0.05', threshold: '0.9' }))).toEqual({ request: { mode: 'RATE', rate: 0.05 }, errors: {} });
  });

  it('leaves the threshold to the model when none is typed', () => {
    expect(policyRequest(form('LOW_CONFIDENCE', { threshold: '  ' }))).toEqual({ request: { mode: 'LOW_CONFIDENCE' }, errors: {} });
  });

  it('checks what it must to build the body, and leaves the bounds to the server', () => {
    expect(policyRequest(form(''))).toEqual({ request: null, errors: { mode: 'choose which inputs to send' } });
    expect(policyRequest(form('RATE')).errors.rate).toMatch(/^is required/);
    expect(policyRequest(form('RATE', { rate: 'abc' }))).toEqual({ request: null, errors: { rate: 'is not a number' } });
    expect(policyRequest(form('RATE', { rate: '1,5' })).errors.rate).toBe('is not a number');
    expect(policyRequest(form('RATE', { rate: 'Infinity' })).errors.rate).toBe('is not a number');
    expect(policyRequest(form('LOW_CONFIDENCE', { threshold: '0x1' })).errors.threshold).toBe('is not a number');
    // out of bounds, but numbers: the server's 400 says why, next to the field
    expect(policyRequest(form('RATE', { rate: '0' })).request).toEqual({ mode: 'RATE', rate: 0 });
    expect(policyRequest(form('LOW_CONFIDENCE', { threshold: '1.5' })).request).toEqual({ mode: 'LOW_CONFIDENCE', threshold: 1.5 });
    expect(policyRequest(form('RATE', { rate: '.5' })).request).toEqual({ mode: 'RATE', rate: 0.5 });
    expect(policyRequest(form('RATE', { rate: '5e-2' })).request).toEqual({ mode: 'RATE', rate: 0.05 });
  });

  it('compares forms by what they would send', () => {
    expect(sameForm(form('ALL', { rate: '0.3' }), form('ALL'))).toBe(true);
    expect(sameForm(form('RATE', { rate: '0.3 ' }), form('RATE', { rate: '0.3' }))).toBe(true);
    expect(sameForm(form('RATE', { rate: '0.3' }), form('RATE', { rate: '0.4' }))).toBe(false);
    expect(sameForm(form('LOW_CONFIDENCE', { threshold: '0.5' }), form('LOW_CONFIDENCE'))).toBe(false);
    expect(sameForm(form('OFF'), form('ALL'))).toBe(false);
  });
});

describe('collection policy field errors', () => {
  it('places a 400 field by field', () => {
    const errors = formErrors(new ApiError(400, 'invalid_input', 'mode RATE needs a rate greater than 0 and at most 1',
      { rate: 'must be greater than 0 and at most 1' }));
    expect(errors.detail).toBe('mode RATE needs a rate greater than 0 and at most 1');
    expect(fieldError(errors, 'rate')).toBe('must be greater than 0 and at most 1');
    expect(unplacedPolicyErrors(errors, 'RATE')).toEqual([]);
  });
  it('lists messages for fields the chosen mode does not show', () => {
    expect(shownPaths('OFF')).toEqual(['mode']);
    expect(shownPaths('LOW_CONFIDENCE')).toEqual(['mode', 'threshold']);
    expect(shownPaths('RATE')).toEqual(['mode', 'rate']);
    const errors = { detail: 'x', fields: { threshold: 'applies to LOW_CONFIDENCE only', policy: 'off, all, …' } };
    expect(unplacedPolicyErrors(errors, 'RATE')).toEqual([['threshold', 'applies to LOW_CONFIDENCE only'], ['policy', 'off, all, …']]);
    expect(unplacedPolicyErrors(errors, 'LOW_CONFIDENCE')).toEqual([['policy', 'off, all, …']]);
  });
});

describe('collection policy in words', () => {
  it('describes each mode', () => {
    expect(describePolicy({ mode: 'OFF' })).toBe('No inputs (collection off)');
    expect(describePolicy({ mode: 'ALL', threshold: null, rate: null })).toBe('Every input');
    expect(describePolicy({ mode: 'LOW_CONFIDENCE', threshold: 0.6 })).toBe('Low-confidence inputs (score < 0.6)');
    expect(describePolicy({ mode: 'RATE', rate: 0.05 })).toBe('5 % of inputs at random');
  });
  it('names the model threshold when the policy sets none', () => {
    expect(describePolicy({ mode: 'LOW_CONFIDENCE', threshold: null })).toBe("Low-confidence inputs (score below the model's confidence threshold)");
    expect(describePolicy({ mode: 'LOW_CONFIDENCE', threshold: null }, 0.7)).toBe("Low-confidence inputs (score < 0.7, the model's confidence threshold)");
    expect(describePolicy({ mode: 'LOW_CONFIDENCE', threshold: 0.25 }, 0.7)).toBe('Low-confidence inputs (score < 0.25)');
    expect(describePolicy({ mode: 'LOW_CONFIDENCE', threshold: 0 })).toBe('Low-confidence inputs (score < 0)');
  });
  it('writes shares without binary noise', () => {
    expect(shareText(0.07)).toBe('7 %');
    expect(shareText(0.125)).toBe('12.5 %');
    expect(shareText(0.001)).toBe('0.1 %');
    expect(shareText(1)).toBe('100 %');
    expect(describePolicy({ mode: 'RATE', rate: 0.1 + 0.2 })).toBe('30 % of inputs at random');
  });
  it('previews what the form would save', () => {
    expect(describeForm(form('RATE', { rate: '0.25' }))).toBe('25 % of inputs at random');
    expect(describeForm(form('LOW_CONFIDENCE'), 0.6)).toBe("Low-confidence inputs (score < 0.6, the model's confidence threshold)");
    expect(describeForm(form('RATE'))).toBeNull();
    expect(describeForm(form(''))).toBeNull();
  });
});
