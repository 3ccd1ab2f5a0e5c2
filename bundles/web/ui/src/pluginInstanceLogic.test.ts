import { describe, expect, it } from 'vitest';
import {
  formFields, groupInstances, initialForm, instanceName, instanceValues, isSecret, PLUGIN_API, secretStates, shownSettings,
  unplacedFieldErrors, type PluginField, type PluginInstance, type PluginType,
} from './pluginInstanceLogic';

const field = (id: string, over: Partial<PluginField> = {}): PluginField => ({
  id, name: id, description: null, type: 'STRING', required: true, defaults: [], options: [], cardinality: 0, ...over,
});

// like the S3 source's metatype, with a select and a list the S3 source does not have
const source: PluginType = {
  factoryPid: 'io.modelfleet.plugin.source.s3', name: 'ModelFleet S3 data source', description: null, bundle: 'io.modelfleet.plugin.source.s3',
  fields: [
    field('id', { name: 'Id', description: 'Instance id that imports name', defaults: ['s3'] }),
    field('bucket', { name: 'Bucket', description: 'Bucket to read' }),
    field('pathStyle', { type: 'BOOLEAN', defaults: ['true'], description: 'Path-style requests' }),
    field('secretKey', { name: 'Secret key', type: 'PASSWORD', description: 'Secret access key (never logged)' }),
    field('sessionToken', { type: 'PASSWORD', defaults: [''] }),
    field('pageSize', { type: 'INTEGER', defaults: ['1000'] }),
    field('maxCsvBytes', { type: 'LONG', defaults: ['1073741824'] }),
    field('ratio', { type: 'DOUBLE', required: false }),
    field('layout', { options: [{ value: 'csv', label: 'CSV rows' }, { value: 'folders', label: 'Class folders' }], defaults: ['csv'] }),
    field('tags', { cardinality: 2147483647, required: false }),
    field('zones', { cardinality: 3, defaults: ['a', 'b'], options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] }),
  ],
};
const other: PluginType = { factoryPid: 'io.modelfleet.plugin.training.kubernetes', name: 'Kubernetes training', description: 'Jobs', bundle: 'k', fields: [] };

const instance = (over: Partial<PluginInstance> = {}): PluginInstance => ({
  pid: 'io.modelfleet.plugin.source.s3~lake', factoryPid: 'io.modelfleet.plugin.source.s3',
  values: { id: 'lake', bucket: 'images', pathStyle: true, pageSize: 1000, layout: 'csv', zones: ['a', 'b'] },
  secretsSet: { secretKey: true, sessionToken: false }, ...over,
});

describe('the form of a plugin type', () => {
  const fields = formFields(source);
  const byId = Object.fromEntries(fields.map((f) => [f.id, f]));
  it('picks an input per field type: secrets as passwords, options as a select, lists as comma separated text', () => {
    expect(fields.map((f) => [f.id, f.kind])).toEqual([
      ['id', 'text'], ['bucket', 'text'], ['pathStyle', 'checkbox'], ['secretKey', 'secret'], ['sessionToken', 'secret'],
      ['pageSize', 'integer'], ['maxCsvBytes', 'integer'], ['ratio', 'number'], ['layout', 'select'], ['tags', 'list'], ['zones', 'list'],
    ]);
    expect(byId.pageSize.step).toBe('1');
    expect(byId.ratio.step).toBe('any');
    expect(isSecret({ type: 'STRING', secret: true })).toBe(true);
    expect(formFields({ ...source, fields: [field('apiToken', { secret: true })] })[0].kind).toBe('secret');
  });
  it('starts with the defaults; a secret starts blank', () => {
    expect(initialForm(fields)).toEqual({
      values: { id: 's3', bucket: '', pathStyle: true, secretKey: '', sessionToken: '', pageSize: '1000', maxCsvBytes: '1073741824', ratio: '',
        layout: 'csv', tags: '', zones: 'a, b' },
      clear: [],
    });
  });
  it('marks what needs a value (required without a default) and says what the description says', () => {
    expect(fields.filter((f) => f.needsValue).map((f) => f.id)).toEqual(['bucket', 'secretKey']);
    expect(byId.id.label).toBe('Id');
    expect(byId.id.help).toBe('Instance id that imports name.');
    expect(byId.secretKey.help).toBe('Secret access key (never logged).');
    expect(byId.tags.help).toBe('Several values, comma separated.');
    expect(byId.zones.help).toBe('Up to 3 values, comma separated. Each one of a, b.');
    expect(byId.bucket.label).toBe('Bucket');
  });
  it('fills an edited instance with its values, never a secret', () => {
    const form = initialForm(fields, instance());
    expect(form.values).toMatchObject({ id: 'lake', bucket: 'images', pathStyle: true, secretKey: '', pageSize: '1000', zones: 'a, b', tags: '' });
    expect(initialForm(fields, instance({ values: { pathStyle: 'false' } })).values.pathStyle).toBe(false);
  });
});

describe('the values sent', () => {
  const fields = formFields(source);
  it('sends what is typed, numbers as numbers, lists as arrays, and leaves empty inputs to the defaults', () => {
    const form = initialForm(fields);
    form.values = { ...form.values, bucket: ' images ', secretKey: 'top secret ', ratio: '0.25', tags: 'x, y,', pageSize: '' };
    expect(instanceValues(fields, form)).toEqual({
      values: { id: 's3', bucket: 'images', pathStyle: true, secretKey: 'top secret ', maxCsvBytes: 1073741824, ratio: 0.25, layout: 'csv',
        tags: ['x', 'y'], zones: ['a', 'b'] },
      errors: {},
    });
  });
  it('lets the server judge what is no number, in its own words', () => {
    const form = initialForm(fields);
    form.values = { ...form.values, bucket: 'b', secretKey: 's', pageSize: '1.5', maxCsvBytes: '99999999999999999999', ratio: 'lots' };
    expect(instanceValues(fields, form).values).toMatchObject({ pageSize: '1.5', maxCsvBytes: '99999999999999999999', ratio: 'lots' });
  });
  it('refuses a missing required value as the server would', () => {
    expect(instanceValues(fields, initialForm(fields)).errors).toEqual({ bucket: 'is required', secretKey: 'is required' });
    const form = initialForm(fields);
    form.values = { ...form.values, bucket: ' ', zones: ' , ' };
    expect(instanceValues(fields, form).errors).toEqual({ bucket: 'is required', secretKey: 'is required' });
  });
  it('keeps a secret left blank when editing, and clears it only when asked', () => {
    const edited = instance();
    const form = initialForm(fields, edited);
    const { values, errors } = instanceValues(fields, form, edited);
    expect(errors).toEqual({});
    expect(values).not.toHaveProperty('secretKey');
    expect(values).not.toHaveProperty('sessionToken');
    expect(values).toMatchObject({ id: 'lake', bucket: 'images' });
    expect(instanceValues(fields, { ...form, clear: ['sessionToken'] }, edited).values.sessionToken).toBe('');
    expect(instanceValues(fields, { ...form, values: { ...form.values, secretKey: 'new' } }, edited).values.secretKey).toBe('new');
    // a required secret that is not set is still missing
    expect(instanceValues(fields, form, instance({ secretsSet: {} })).errors).toEqual({ secretKey: 'is required' });
  });
  it('lists the messages of settings the form does not show', () => {
    expect(unplacedFieldErrors({ bucket: 'is required', colour: 'is not a setting' }, fields)).toEqual([['colour', 'is not a setting']]);
  });
});

describe('the list', () => {
  it('groups instances by type, every type shown, unknown types last', () => {
    const stray: PluginInstance = { pid: 'io.modelfleet.plugin.gone~x', factoryPid: 'io.modelfleet.plugin.gone', values: {}, secretsSet: {} };
    const second = instance({ pid: 'io.modelfleet.plugin.source.s3~archive', values: { id: 'archive', bucket: 'old' } });
    const groups = groupInstances([source, other], [instance(), stray, second]);
    expect(groups.map((g) => [g.factoryPid, g.instances.map(instanceName)])).toEqual([
      ['io.modelfleet.plugin.source.s3', ['archive', 'lake']],
      ['io.modelfleet.plugin.training.kubernetes', []],
      ['io.modelfleet.plugin.gone', ['x']],
    ]);
    expect(groups[2].type).toBeNull();
    expect(groups[0].name).toBe('ModelFleet S3 data source');
  });
  it('names an instance by its id, else by its PID', () => {
    expect(instanceName(instance())).toBe('lake');
    expect(instanceName(instance({ values: {} }))).toBe('lake');
    expect(instanceName(instance({ pid: 'plain', values: {} }))).toBe('plain');
  });
  it('shows the settings that differ from the defaults, never a secret', () => {
    expect(shownSettings(instance({ values: { ...instance().values, pageSize: 500, extra: 'x', secretKey: 'leak' } }), source))
      .toEqual([['Bucket', 'images'], ['pageSize', '500'], ['extra', 'x']]);
    expect(shownSettings(instance(), null)).toEqual([['bucket', 'images'], ['pathStyle', 'true'], ['pageSize', '1000'], ['layout', 'csv'], ['zones', 'a, b']]);
  });
  it('says which secrets are set', () => {
    expect(secretStates(instance({ secretsSet: { secretKey: true, '.hidden': true } }), source)).toEqual([
      { id: 'secretKey', label: 'Secret key', set: true }, { id: 'sessionToken', label: 'sessionToken', set: false },
      { id: '.hidden', label: '.hidden', set: true },
    ]);
  });
  it('addresses instances by PID', () => {
    expect(PLUGIN_API.instance('io.modelfleet.plugin.source.s3~lake')).toBe('/api/v1/plugin-instances/io.modelfleet.plugin.source.s3~lake');
  });
});
