import { describe, expect, it } from 'vitest';
import { choiceLabel, isFeatureExtractor, modelChoices, modelReference } from './modelChoices';
import type { ModelVersion } from './registry';
import { defaultText, emptyForm, initialValues, MODEL_FORMAT, parameterFields, streamRequest, toParameters, typeText, type ParameterSchema } from './streamLogic';

// what the image-classification solution's README asks of a backbone
const MOBILENET = {
  input: 'input', 'image.width': '224', 'image.height': '224', 'image.channels': '3', 'image.layout': 'NCHW',
  'image.mean': '0.485,0.456,0.406', 'image.std': '0.229,0.224,0.225', embedding: 'embedding',
};
const TINY = { ...MOBILENET, 'image.width': '8', 'image.height': '8', 'image.channels': '1', 'image.mean': '0.5', 'image.std': '0.25', embedding: 'features' };

let nextId = 1;
const version = (name: string, v: string, metadata: Record<string, string> = {}, extra: Partial<ModelVersion> = {}): ModelVersion => ({
  id: nextId++, name, version: v, format: 'onnx', sha256: 'ab', sizeBytes: 1, signature: { inputs: [], outputs: [] }, metadata, metrics: {},
  stage: 'CANDIDATE', lineage: {}, createdAt: `2026-11-23T08:00:0${nextId % 10}Z`, createdBy: 'admin', updatedAt: '2026-11-23T08:00:00Z',
  updatedBy: 'admin', ...extra,
});

describe('which registered versions are feature extractors', () => {
  it('needs the image contract and the embedding output, as training does', () => {
    expect(isFeatureExtractor(MOBILENET)).toBe(true);
    expect(isFeatureExtractor(TINY)).toBe(true);
    // the layout defaults to NCHW on the server too
    const { 'image.layout': _layout, ...noLayout } = MOBILENET;
    expect(isFeatureExtractor(noLayout)).toBe(true);
    expect(isFeatureExtractor({ ...MOBILENET, 'image.layout': 'nhwc' })).toBe(true);
  });

  it('refuses what a run would refuse', () => {
    const { embedding: _e, ...classifier } = MOBILENET;
    expect(isFeatureExtractor(classifier)).toBe(false); // an image classifier: contract, no embedding
    expect(isFeatureExtractor({ ...MOBILENET, embedding: ' ' })).toBe(false);
    expect(isFeatureExtractor({ ...MOBILENET, input: '' })).toBe(false);
    expect(isFeatureExtractor({ embedding: 'embedding' })).toBe(false); // no contract
    expect(isFeatureExtractor({ ...MOBILENET, 'image.width': '0' })).toBe(false);
    expect(isFeatureExtractor({ ...MOBILENET, 'image.height': 'tall' })).toBe(false);
    expect(isFeatureExtractor({ ...MOBILENET, 'image.channels': '2' })).toBe(false);
    expect(isFeatureExtractor({ ...MOBILENET, 'image.layout': 'CHW' })).toBe(false);
    expect(isFeatureExtractor({ ...MOBILENET, 'image.mean': '0.5' })).toBe(false); // one value for three channels
    expect(isFeatureExtractor({ ...MOBILENET, 'image.std': '0.2,,0.2' })).toBe(false);
    expect(isFeatureExtractor(null)).toBe(false);
  });
});

describe('the choices of a model parameter', () => {
  it('labels an extractor with its input size and embedding output, anything else by its name', () => {
    expect(choiceLabel(version('mobilenet', '1', MOBILENET))).toBe("mobilenet:1 — 224×224×3, embedding 'embedding'");
    expect(choiceLabel(version('digits', '2', TINY))).toBe("digits:2 — 8×8×1, embedding 'features'");
    expect(choiceLabel(version('parts', 'v1.2', { task: 'classification' }))).toBe('parts:v1.2');
    expect(choiceLabel(version('old', '1', MOBILENET, { stage: 'ARCHIVED' }))).toBe("old:1 — 224×224×3, embedding 'embedding' (archived)");
    expect(modelReference({ name: 'mobilenet', version: '1' })).toBe('mobilenet:1');
  });

  it('lists extractors first by name, newest version first, archived ones last; the rest apart', () => {
    const versions = [
      version('parts', 'v1.1', { task: 'classification' }, { createdAt: '2026-11-20T00:00:00Z' }),
      version('resnet', '1', MOBILENET, { createdAt: '2026-11-20T00:00:00Z' }),
      version('mobilenet', '1', MOBILENET, { createdAt: '2026-11-20T00:00:00Z' }),
      version('mobilenet', '2', MOBILENET, { createdAt: '2026-11-21T00:00:00Z' }),
      version('alexnet', '1', MOBILENET, { stage: 'ARCHIVED' }),
      version('parts', 'v1.2', { task: 'classification' }, { createdAt: '2026-11-21T00:00:00Z' }),
    ];
    const { extractors, others, unlisted } = modelChoices(versions, '');
    expect(extractors.map((c) => c.value)).toEqual(['mobilenet:2', 'mobilenet:1', 'resnet:1', 'alexnet:1']);
    expect(extractors[0].label).toBe("mobilenet:2 — 224×224×3, embedding 'embedding'");
    expect(others).toEqual([{ value: 'parts:v1.2', label: 'parts:v1.2' }, { value: 'parts:v1.1', label: 'parts:v1.1' }]);
    expect(unlisted).toBeNull();
  });

  it('keeps a value no listed version has, so editing a stream shows what it names', () => {
    const versions = [version('mobilenet', '1', MOBILENET)];
    expect(modelChoices(versions, 'mobilenet:1').unlisted).toBeNull();
    expect(modelChoices(versions, ' gone:3 ').unlisted).toBe('gone:3');
    expect(modelChoices([], '')).toEqual({ extractors: [], others: [], unlisted: null });
  });
});

describe('a schema string of format modelfleet-model', () => {
  // the image-classification solution's schema, abridged
  const schema: ParameterSchema = {
    type: 'object', additionalProperties: false,
    properties: {
      method: { type: 'string', enum: ['pixels', 'transfer'], default: 'pixels', title: 'Method' },
      backbone: { type: 'string', format: MODEL_FORMAT, default: '', title: 'Backbone', description: 'transfer: a registered ONNX feature extractor' },
      note: { type: 'string', format: 'email' },
      width: { type: 'integer', minimum: 1, maximum: 256, default: 32 },
    },
  };
  const fields = parameterFields(schema);
  const backbone = fields.find((f) => f.name === 'backbone')!;

  it('becomes a model field; the rest of the form is generated as before', () => {
    expect(fields.map((f) => [f.name, f.kind])).toEqual([['method', 'select'], ['backbone', 'model'], ['note', 'text'], ['width', 'integer']]);
    expect(backbone).toMatchObject({ label: 'Backbone', help: 'transfer: a registered ONNX feature extractor', initial: '', hasDefault: true, bounds: null });
    expect(parameterFields({ properties: { b: { format: MODEL_FORMAT } } })[0].kind).toBe('model');
    // a model name is a string: another type with the format is left as it was
    expect(parameterFields({ properties: { n: { type: 'integer', format: MODEL_FORMAT } } })[0].kind).toBe('integer');
  });

  it('reads as a registered model on the solutions page, empty by default', () => {
    expect(typeText(backbone)).toBe('registered model (name:version)');
    expect(defaultText(backbone)).toBe('none');
    expect(defaultText(parameterFields({ properties: { b: { type: 'string', format: MODEL_FORMAT, default: 'mobilenet:1' } } })[0])).toBe('mobilenet:1');
    expect(defaultText(parameterFields({ properties: { b: { type: 'string', format: MODEL_FORMAT } } })[0])).toBe('—');
  });

  it('starts empty (the "none" choice) and sends the picked name:version, or nothing', () => {
    expect(initialValues(fields)).toEqual({ method: 'pixels', backbone: '', note: '', width: '32' });
    expect(initialValues(fields, { method: 'transfer', backbone: 'mobilenet:1' }).backbone).toBe('mobilenet:1');
    expect(toParameters(fields, initialValues(fields)).parameters).toEqual({ method: 'pixels', width: 32 });
    const form = { ...emptyForm(), name: 'frames', solutionId: 'image-classification', datasetVersionId: '4',
      parameters: { ...initialValues(fields), method: 'transfer', backbone: 'mobilenet:1' } };
    expect(streamRequest(form, fields).request?.parameters).toEqual({ method: 'transfer', backbone: 'mobilenet:1', width: 32 });
  });
});
