import { describe, expect, it } from 'vitest';
import {
  importOptions, initialSource, isImage, itemsPath, jobPercent, jobSummary, newDataset, NO_FILTERS, relabelTargets, shortcut,
  splitList, uploadForm, type ImportJob,
} from './datasetLogic';
import { initialValues, parameterFields } from './streamLogic';

const job = (state: ImportJob['state'], done: number, total: number): ImportJob => ({
  id: 1, datasetId: 2, source: 'local', state, done, total, imported: 5, skipped: 1, error: null,
  createdAt: '2026-11-23T08:00:00Z', createdBy: 'admin', finishedAt: null,
});

describe('creating a dataset', () => {
  const form = { name: ' parts ', description: '', kind: 'TABULAR' as const, columns: 'width, height', labels: 'ok, bad,' };
  it('builds the request from the form text', () => {
    expect(newDataset(form)).toEqual({ request: { name: 'parts', kind: 'TABULAR', columns: ['width', 'height'], labels: ['ok', 'bad'] }, error: null });
    expect(newDataset({ ...form, kind: 'FILES', description: ' images ' }).request)
      .toEqual({ name: 'parts', description: 'images', kind: 'FILES', columns: [], labels: ['ok', 'bad'] });
  });
  it('refuses what the server would refuse, naming the problem', () => {
    expect(newDataset({ ...form, name: 'my parts' }).error).toMatch(/name takes letters/);
    expect(newDataset({ ...form, columns: ' , ' }).error).toMatch(/needs its feature columns/);
    expect(newDataset({ ...form, columns: 'width, he ight' }).error).toMatch(/"he ight" is not a valid name/);
    expect(newDataset({ ...form, columns: 'width, width' }).error).toBe('Column names must be unique.');
  });
});

describe('importing', () => {
  it('shows progress as a percentage, or indeterminate while the total is unknown', () => {
    expect(jobPercent(job('RUNNING', 25, 100))).toBe(25);
    expect(jobPercent(job('RUNNING', 5, -1))).toBeNull();
    expect(jobPercent(job('RUNNING', 150, 100))).toBe(100);
    expect(jobSummary(job('RUNNING', 25, 100))).toBe('25 of 100 read');
    expect(jobSummary(job('RUNNING', 25, -1))).toBe('25 read');
    expect(jobSummary(job('SUCCEEDED', 6, 6))).toBe('5 imported, 1 skipped');
  });
  it('splits lists', () => {
    expect(splitList(' a, b ,,c')).toEqual(['a', 'b', 'c']);
  });
  it('starts with the upload source when it is installed', () => {
    expect(initialSource(['edge', 'local', 's3'])).toBe('local');
    expect(initialSource(['edge', 's3'])).toBe('edge');
    expect(initialSource([])).toBe('');
  });
  // what GET /dataset-sources/{id} answers for the S3 and edge sources (their importOptionsSchema)
  const schema = {
    type: 'object', additionalProperties: false, properties: {
      prefix: { type: 'string' as const, title: 'Prefix' },
      layout: { type: 'string' as const, enum: ['csv', 'folders'] },
      labelColumn: { type: 'string' as const, default: 'label' },
      limit: { type: 'integer' as const, minimum: 1, maximum: 100 },
      minScore: { type: 'number' as const, minimum: 0, maximum: 1 },
      strict: { type: 'boolean' as const },
    },
  };
  it('renders the options from the source schema and sends them typed, leaving empty ones to the defaults', () => {
    const fields = parameterFields(schema);
    expect(fields.map((f) => [f.name, f.kind])).toEqual([
      ['prefix', 'text'], ['layout', 'select'], ['labelColumn', 'text'], ['limit', 'integer'], ['minScore', 'number'], ['strict', 'checkbox']]);
    const values = { ...initialValues(fields), prefix: ' 2026/ ', layout: 'folders', labelColumn: '', limit: '10', minScore: '0.25' };
    expect(importOptions(fields, values)).toEqual({ options: { prefix: '2026/', layout: 'folders', limit: 10, minScore: 0.25, strict: false }, errors: {} });
    expect(importOptions(fields, { ...values, limit: '2.5', minScore: 'x' }).errors)
      .toEqual({ 'options.limit': 'must be a whole number', 'options.minScore': 'is not a number' });
    expect(importOptions(parameterFields(null), {})).toEqual({ options: {}, errors: {} });
  });
  it('uploads the options as text fields before the file', () => {
    const file = new File(['x,label\n1,ok\n'], 'parts.csv', { type: 'text/csv' });
    const form = uploadForm('local', { labelColumn: 'kind', strict: false }, file);
    expect([...form.keys()]).toEqual(['source', 'labelColumn', 'strict', 'file']);
    expect(form.get('labelColumn')).toBe('kind');
    expect(form.get('strict')).toBe('false');
  });
});

describe('relabeling', () => {
  it('builds item queries with only the filters that are set', () => {
    expect(itemsPath(3, { label: 'ok', minScore: '', maxScore: '0.5', source: ' ', edgeId: '7' }, 50))
      .toBe('/api/v1/datasets/3/items?label=ok&maxScore=0.5&edgeId=7&limit=50&offset=50');
    expect(itemsPath(3, { ...NO_FILTERS, label: 'a b&c' }, 0)).toBe('/api/v1/datasets/3/items?label=a+b%26c&limit=50&offset=0');
  });
  it('maps keys to actions; digits name the labels in order', () => {
    expect(shortcut('j', ['ok'])).toEqual({ kind: 'move', by: 1 });
    expect(shortcut('ArrowDown', ['ok'])).toEqual({ kind: 'move', by: 1 });
    expect(shortcut('k', ['ok'])).toEqual({ kind: 'move', by: -1 });
    expect(shortcut('ArrowUp', ['ok'])).toEqual({ kind: 'move', by: -1 });
    expect(shortcut('ArrowRight', ['ok'])).toEqual({ kind: 'move', by: 1 });
    expect(shortcut('ArrowLeft', ['ok'])).toEqual({ kind: 'move', by: -1 });
    expect(shortcut('z', ['ok'])).toEqual({ kind: 'zoom' });
    expect(shortcut(' ', [])).toEqual({ kind: 'toggle' });
    expect(shortcut('1', ['ok', 'bad'])).toEqual({ kind: 'label', label: 'ok' });
    expect(shortcut('2', ['ok', 'bad'])).toEqual({ kind: 'label', label: 'bad' });
    expect(shortcut('3', ['ok', 'bad'])).toBeNull();
    expect(shortcut('0', ['ok'])).toBeNull();
    expect(shortcut('9', 'abcdefghij'.split(''))).toEqual({ kind: 'label', label: 'i' });
    expect(shortcut('h', [])).toEqual({ kind: 'history' });
    expect(shortcut('Escape', [])).toEqual({ kind: 'close' });
    expect(shortcut('x', ['ok'])).toBeNull();
    expect(shortcut('J', ['ok'])).toBeNull();
  });
  it('applies a label key to the selection, or else to the focused item', () => {
    expect(relabelTargets(new Set([4, 9]), 1)).toEqual([4, 9]);
    expect(relabelTargets(new Set(), 1)).toEqual([1]);
    expect(relabelTargets(new Set(), undefined)).toEqual([]);
  });
  it('previews only images', () => {
    expect(isImage('datasets/content/ab.JPG')).toBe(true);
    expect(isImage('datasets/content/ab.jpeg')).toBe(true);
    expect(isImage('datasets/content/ab.json')).toBe(false);
    expect(isImage(null)).toBe(false);
  });
});
