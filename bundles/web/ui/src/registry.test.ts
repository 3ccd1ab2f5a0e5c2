import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import {
  API, assignError, assignRequest, buildUploadForm, checkName, deployable, deploymentSummary, failed, metricBars,
  metricValue, modelPath, nameFromFile, newestFirst, parseLabels, shape, shortSha, stageActions, uploadError,
  uploadPercent, versionPath, type EdgeDeployment, type ModelVersion,
} from './registry';

describe('stages', () => {
  it('a viewer is offered no stage change', () => {
    for (const stage of ['CANDIDATE', 'APPROVED', 'DEPLOYED', 'ARCHIVED'] as const) {
      expect(stageActions(stage, 'VIEWER')).toEqual([]);
      expect(stageActions(stage, null)).toEqual([]);
    }
  });
  it('managers and admins move versions through review', () => {
    const to = (stage: Parameters<typeof stageActions>[0], role: 'MANAGER' | 'ADMIN' = 'MANAGER') => stageActions(stage, role).map((a) => a.to);
    expect(to('CANDIDATE')).toEqual(['APPROVED', 'ARCHIVED']);
    expect(stageActions('CANDIDATE', 'MANAGER')[0]).toEqual({ to: 'APPROVED', label: 'Approve', primary: true });
    expect(to('APPROVED', 'ADMIN')).toEqual(['CANDIDATE', 'ARCHIVED']);
    expect(to('DEPLOYED')).toEqual(['ARCHIVED']);
    expect(to('ARCHIVED')).toEqual(['CANDIDATE']);
    // DEPLOYED is the server's to set, when an edge runs the version
    for (const stage of ['CANDIDATE', 'APPROVED', 'ARCHIVED'] as const) expect(to(stage)).not.toContain('DEPLOYED');
  });
  it('only approved and deployed versions can be assigned', () => {
    expect(deployable('APPROVED')).toBe(true);
    expect(deployable('DEPLOYED')).toBe(true);
    expect(deployable('CANDIDATE')).toBe(false);
    expect(deployable('ARCHIVED')).toBe(false);
  });
});

describe('formatting', () => {
  it('shortens hashes', () => {
    expect(shortSha('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBe('9f86d081884c…');
    expect(shortSha('abc')).toBe('abc');
    expect(shortSha(null)).toBe('—');
    expect(shortSha('9f86d081884c7d65', 8)).toBe('9f86d081…');
  });
  it('shows shapes with dynamic dimensions', () => {
    expect(shape([1, 3, 224, 224])).toBe('[1, 3, 224, 224]');
    expect(shape([-1, 1000])).toBe('[?, 1000]');
    expect(shape([])).toBe('—');
    expect(shape(undefined)).toBe('—');
  });
  it('formats metric values', () => {
    expect(metricValue(0.93125)).toBe('0.9313');
    expect(metricValue(0.5)).toBe('0.5');
    expect(metricValue(12.345)).toBe('12.35');
    expect(metricValue(10.001)).toBe('10');
    expect(metricValue(42)).toBe('42');
    expect(metricValue(123456.7)).toBe('1.235e+5');
    expect(metricValue(0.0000123)).toBe('0.00001230');
  });
  it('scales metric bars: unit values absolutely, the rest relative to each other', () => {
    expect(metricBars({ recall: 0.5, accuracy: 0.9, latencyMs: 20, sizeMb: 40, bad: Number.NaN })).toEqual([
      { name: 'accuracy', value: 0.9, fraction: 0.9 },
      { name: 'latencyMs', value: 20, fraction: 0.5 },
      { name: 'recall', value: 0.5, fraction: 0.5 },
      { name: 'sizeMb', value: 40, fraction: 1 },
    ]);
    expect(metricBars({})).toEqual([]);
    expect(metricBars(undefined)).toEqual([]);
    expect(metricBars({ loss: -2, gain: 4 }).map((b) => b.fraction)).toEqual([1, 0.5]);
  });
  it('summarizes deployments and flags failures', () => {
    const d = (status: EdgeDeployment['status']) => ({ status }) as EdgeDeployment;
    expect(deploymentSummary([d('FAILED'), d('ACTIVE'), d('ACTIVE'), d('ROLLED_BACK'), d('PENDING')]))
      .toBe('2 active, 1 pending, 1 failed, 1 rolled back');
    expect(deploymentSummary([])).toBe('not assigned to any edge');
    expect(failed('FAILED')).toBe(true);
    expect(failed('ROLLED_BACK')).toBe(true);
    expect(failed('DOWNLOADING')).toBe(false);
  });
  it('upload percent', () => {
    expect(uploadPercent(0, 0)).toBe(0);
    expect(uploadPercent(512, 1024)).toBe(50);
    expect(uploadPercent(1023, 1024)).toBe(99);
    expect(uploadPercent(2048, 1024)).toBe(100);
  });
  it('paths escape names', () => {
    expect(API.versions('a b')).toBe('/api/v1/models/a%20b/versions');
    expect(API.edgeDeployments(4)).toBe('/api/v1/edges/4/deployments?limit=20');
    expect(modelPath('resnet')).toBe('/models/resnet');
    expect(versionPath('resnet', 3)).toBe('/models/resnet/versions/3');
  });
  it('orders versions newest first', () => {
    const v = (id: number, createdAt: string) => ({ id, createdAt }) as ModelVersion;
    expect(newestFirst([v(1, '2026-01-01T00:00:00Z'), v(3, '2026-01-02T00:00:00Z'), v(2, '2026-01-02T00:00:00Z')]).map((x) => x.id))
      .toEqual([3, 2, 1]);
  });
});

describe('upload form', () => {
  it('checks names and versions like the server', () => {
    expect(checkName('name', 'resnet-50_v1.2')).toBeNull();
    expect(checkName('name', '')).toMatch(/name/);
    expect(checkName('name', '-x')).toMatch(/start with a letter or digit/);
    expect(checkName('name', 'a b')).toMatch(/letters, digits/);
    expect(checkName('name', 'x'.repeat(129))).toMatch(/limit is 128/);
    expect(checkName('version', '')).toBeNull();
    expect(checkName('version', '2.1')).toBeNull();
    expect(checkName('version', 'x'.repeat(65))).toMatch(/limit is 64/);
  });
  it('parses labels in order', () => {
    expect(parseLabels('cat, dog,,bird ')).toEqual({ labels: ['cat', 'dog', 'bird'], error: null });
    expect(parseLabels('cat\r\ndog\n\nhot dog')).toEqual({ labels: ['cat', 'dog', 'hot dog'], error: null });
    expect(parseLabels('')).toEqual({ labels: [], error: null });
    expect(parseLabels('cat, dog, cat').error).toBe('The label "cat" appears twice.');
    expect(parseLabels(Array.from({ length: 1000 }, (_, i) => `label${i}`).join(',')).error).toMatch(/limit is 4096/);
  });
  it('builds the multipart form', async () => {
    const file = new File([new Uint8Array([8, 1, 2])], 'model.onnx', { type: 'application/octet-stream' });
    const form = buildUploadForm(file, { version: ' 2.0 ', labels: ['cat', 'dog'] });
    expect([...form.keys()]).toEqual(['file', 'version', 'metadata']);
    const part = form.get('file') as File;
    expect(part.name).toBe('model.onnx');
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(new Uint8Array([8, 1, 2]));
    expect(form.get('version')).toBe('2.0');
    expect(JSON.parse(form.get('metadata') as string)).toEqual({ labels: 'cat,dog' });
  });
  it('leaves optional fields out', () => {
    const form = buildUploadForm(new Blob([new Uint8Array([1])]), { version: '  ', labels: [] });
    expect([...form.keys()]).toEqual(['file']);
    expect((form.get('file') as File).name).toBe('model.onnx');
    const extra = buildUploadForm(new Blob([]), { metadata: { source: 'lab' }, labels: ['a'] });
    expect(JSON.parse(extra.get('metadata') as string)).toEqual({ source: 'lab', labels: 'a' });
  });
  it('suggests a model name from the file name', () => {
    expect(nameFromFile('ResNet 50 (v2).onnx')).toBe('ResNet-50-v2');
    expect(nameFromFile('_model.onnx')).toBe('model');
    expect(nameFromFile('mobilenet_v3.small.onnx')).toBe('mobilenet_v3.small');
  });
  it('explains upload failures', () => {
    expect(uploadError(new ApiError(413, 'payload_too_large', 'the model file is 9 bytes; the limit is 8'))).toBe(
      'The file is too large for the server: the model file is 9 bytes; the limit is 8');
    expect(uploadError(new ApiError(400, 'invalid_input', 'not an ONNX model'))).toBe('The server refused the model: not an ONNX model');
    expect(uploadError(new ApiError(409, 'conflict', 'resnet:2 already exists.'))).toMatch(/^This version already exists: resnet:2 already exists\. Leave/);
    expect(uploadError(new ApiError(409, 'conflict', 'model version resnet:2 already exists')))
      .toBe('This version already exists: model version resnet:2 already exists. Leave the version empty to use the next number.');
    expect(uploadError(new ApiError(0, 'aborted', 'The upload was cancelled.'))).toBe('The upload was cancelled.');
    expect(uploadError(new TypeError('x'))).toMatch(/cannot be reached/);
  });
});

describe('assigning', () => {
  it('needs edges or a tag', () => {
    expect(assignRequest(7, [], ' ', '')).toEqual({ request: null, error: 'Pick at least one edge, or give a tag.' });
    expect(assignRequest(7, [], '', 'plant-1').error).toBe('A tag value needs a tag key.');
    expect(assignRequest(7, [3, 4, 3], '', '')).toEqual({ request: { modelVersionId: 7, edgeIds: [3, 4] }, error: null });
    expect(assignRequest(7, [], ' site ', ' plant-1 ').request).toEqual({ modelVersionId: 7, edgeIds: [], tagKey: 'site', tagValue: 'plant-1' });
    expect(assignRequest(7, [1], 'site', '').request).toEqual({ modelVersionId: 7, edgeIds: [1], tagKey: 'site' });
  });
  it('says to approve first', () => {
    expect(assignError(new ApiError(409, 'conflict', 'model version r:1 is CANDIDATE; approve it before assigning it to edges')))
      .toBe('Approve this version first — model version r:1 is CANDIDATE; approve it before assigning it to edges');
    expect(assignError(new ApiError(409, 'conflict', 'model version r:1 is ARCHIVED'))).toMatch(/^Approve this version first/);
    expect(assignError(new ApiError(409, 'conflict', 'edge cam (4) is PENDING; only approved edges run models')))
      .toBe('edge cam (4) is PENDING; only approved edges run models');
    expect(assignError(new ApiError(409, 'conflict', 'no approved edge has the tag site'))).toBe('no approved edge has the tag site');
  });
});
