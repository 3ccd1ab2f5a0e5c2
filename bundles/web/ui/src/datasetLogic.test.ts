import { describe, expect, it } from 'vitest';
import { itemsPath, jobPercent, parseOptions, shortcut, splitList, isImage, type ImportJob } from './datasetLogic';

const job = (state: ImportJob['state'], done: number, total: number): ImportJob =>
  ({ id: 1, datasetId: 2, source: 'local', state, done, total, imported: 0, skipped: 0 });

describe('dataset pages', () => {
  it('builds item queries with only the filters that are set', () => {
    expect(itemsPath(3, { label: 'ok', minScore: '', maxScore: '0.5', source: ' ', edgeId: '7' }, 50))
      .toBe('/api/v1/datasets/3/items?label=ok&maxScore=0.5&edgeId=7&limit=50&offset=50');
  });
  it('maps keys to relabeling actions', () => {
    expect(shortcut('j', ['ok'])).toEqual({ kind: 'move', by: 1 });
    expect(shortcut('ArrowUp', ['ok'])).toEqual({ kind: 'move', by: -1 });
    expect(shortcut(' ', [])).toEqual({ kind: 'toggle' });
    expect(shortcut('2', ['ok', 'bad'])).toEqual({ kind: 'label', label: 'bad' });
    expect(shortcut('3', ['ok', 'bad'])).toBeNull();
    expect(shortcut('h', [])).toEqual({ kind: 'history' });
    expect(shortcut('x', ['ok'])).toBeNull();
  });
  it('shows progress as a percentage, or indeterminate while the total is unknown', () => {
    expect(jobPercent(job('RUNNING', 25, 100))).toBe(25);
    expect(jobPercent(job('RUNNING', 5, -1))).toBeNull();
    expect(jobPercent(job('FAILED', 5, 100))).toBe(100);
  });
  it('parses key=value options and lists', () => {
    expect(parseOptions('prefix = 2026/\n\nlayout=csv')).toEqual({ prefix: '2026/', layout: 'csv' });
    expect(() => parseOptions('prefix')).toThrow('not key=value');
    expect(splitList(' a, b ,,c')).toEqual(['a', 'b', 'c']);
    expect(isImage('datasets/content/ab.JPG')).toBe(true);
    expect(isImage('datasets/content/ab.json')).toBe(false);
  });
});
