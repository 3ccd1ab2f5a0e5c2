// Model registry and deployments: API types and the pure rules behind the pages, unit-tested.
import { ApiError, type Role } from './api';
import { can } from './roles';

// ---- types of the API ----
export type Stage = 'CANDIDATE' | 'APPROVED' | 'DEPLOYED' | 'ARCHIVED';
export type DeploymentStatus = 'PENDING' | 'DOWNLOADING' | 'VERIFIED' | 'ACTIVE' | 'FAILED' | 'ROLLED_BACK';

export interface ModelSummary { name: string; versions: number; latestVersion: string; latestVersionId: number; updatedAt: string }
export interface TensorSpec { name: string; elementType: string; shape: number[] }
export interface ModelSignature { inputs: TensorSpec[]; outputs: TensorSpec[] }
export interface ModelLineage { streamId?: number | null; trainingRunId?: number | null; datasetVersionId?: number | null; parentVersionId?: number | null }
export interface ModelVersion {
  id: number; name: string; version: string; format: string; sha256: string; sizeBytes: number;
  signature: ModelSignature; metadata: Record<string, string>; metrics: Record<string, number>; stage: Stage;
  lineage: ModelLineage; createdAt: string; createdBy: string; updatedAt: string; updatedBy: string;
}
export interface EdgeDeployment {
  id: number; edgeId: number; edgeName: string; modelVersionId: number; modelName: string; modelVersion: string;
  status: DeploymentStatus; detail?: string | null; current: boolean; createdAt: string; createdBy: string; updatedAt: string;
}
export interface AssignRequest { modelVersionId: number; edgeIds: number[]; tagKey?: string; tagValue?: string }

export const API = {
  models: '/api/v1/models',
  versions: (name: string) => `/api/v1/models/${encodeURIComponent(name)}/versions`,
  version: (id: number) => `/api/v1/model-versions/${id}`,
  stage: (id: number) => `/api/v1/model-versions/${id}/stage`,
  versionDeployments: (id: number) => `/api/v1/model-versions/${id}/deployments`,
  deployments: '/api/v1/deployments',
  edgeDeployments: (edgeId: number, limit = 20) => `/api/v1/edges/${edgeId}/deployments?limit=${limit}`,
};

/** Links inside the console. */
export const modelPath = (name: string) => `/models/${encodeURIComponent(name)}`;
export const versionPath = (name: string, id: number) => `${modelPath(name)}/versions/${id}`;

// ---- roles and stages ----
export interface StageAction { to: Stage; label: string; primary: boolean }

/**
 * The stage changes offered for a version. DEPLOYED is set by the server once an edge runs the version, so it is
 * never offered; a viewer is offered nothing.
 */
export function stageActions(stage: Stage, role: Role | null): StageAction[] {
  if (!can.manageModels(role)) return [];
  switch (stage) {
    case 'CANDIDATE': return [{ to: 'APPROVED', label: 'Approve', primary: true }, { to: 'ARCHIVED', label: 'Archive', primary: false }];
    case 'APPROVED': return [{ to: 'CANDIDATE', label: 'Withdraw approval', primary: false }, { to: 'ARCHIVED', label: 'Archive', primary: false }];
    case 'DEPLOYED': return [{ to: 'ARCHIVED', label: 'Archive', primary: false }];
    case 'ARCHIVED': return [{ to: 'CANDIDATE', label: 'Restore as candidate', primary: false }];
    default: return [];
  }
}

/** Only APPROVED and DEPLOYED versions can be assigned to edges. */
export const deployable = (stage: Stage) => stage === 'APPROVED' || stage === 'DEPLOYED';

// ---- formatting ----
export function shortSha(sha: string | null | undefined, length = 12): string {
  if (!sha) return '—';
  return sha.length > length ? `${sha.slice(0, length)}…` : sha;
}

/** [1, 3, 224, 224]; a dynamic dimension (-1) shows as "?", a non-tensor value (no shape) as "—". */
export function shape(dims: number[] | null | undefined): string {
  if (!dims || dims.length === 0) return '—';
  return `[${dims.map((d) => (d < 0 ? '?' : String(d))).join(', ')}]`;
}

export function metricValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000 || abs < 0.001) return value.toPrecision(4);
  return value.toFixed(abs < 1 ? 4 : 2).replace(/0+$/, '').replace(/\.$/, '');
}

export interface MetricBar { name: string; value: number; fraction: number }

/**
 * Metrics sorted by name with the share of the bar each fills. Values in [0, 1] (accuracy, F1…) are drawn on that
 * absolute scale; anything else relative to the largest such value, so a latency does not dwarf an accuracy.
 */
export function metricBars(metrics: Record<string, number> | null | undefined): MetricBar[] {
  const entries = Object.entries(metrics ?? {}).filter(([, v]) => typeof v === 'number' && Number.isFinite(v))
    .sort(([a], [b]) => a.localeCompare(b));
  const unit = (v: number) => v >= 0 && v <= 1;
  const largest = Math.max(0, ...entries.filter(([, v]) => !unit(v)).map(([, v]) => Math.abs(v)));
  return entries.map(([name, value]) => ({
    name, value, fraction: unit(value) ? value : largest === 0 ? 0 : Math.abs(value) / largest,
  }));
}

/** Whether an edge's deployment ended badly, so its detail text is shown as an error. */
export const failed = (status: DeploymentStatus) => status === 'FAILED' || status === 'ROLLED_BACK';

const STATUS_ORDER: DeploymentStatus[] = ['ACTIVE', 'VERIFIED', 'DOWNLOADING', 'PENDING', 'FAILED', 'ROLLED_BACK'];

/** "2 active, 1 downloading, 1 failed": a one-line summary of a version's deployments. */
export function deploymentSummary(deployments: EdgeDeployment[]): string {
  const counts = new Map<DeploymentStatus, number>();
  for (const d of deployments) counts.set(d.status, (counts.get(d.status) ?? 0) + 1);
  const parts = STATUS_ORDER.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s.toLowerCase().replace('_', ' ')}`);
  return parts.length ? parts.join(', ') : 'not assigned to any edge';
}

export function uploadPercent(loaded: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((100 * loaded) / total)));
}

// ---- upload form ----
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const MAX_NAME = 128;
export const MAX_VERSION = 64;
export const MAX_METADATA_VALUE = 4096;

/** Mirrors the server's rule for model names and versions; null when valid. */
export function checkName(field: 'name' | 'version', value: string): string | null {
  const max = field === 'name' ? MAX_NAME : MAX_VERSION;
  if (!value) return field === 'name' ? 'Give the model a name.' : null;
  if (value.length > max) return `The ${field} is ${value.length} characters long; the limit is ${max}.`;
  if (!NAME.test(value)) return `The ${field} may use letters, digits, '.', '_' and '-', and must start with a letter or digit.`;
  return null;
}

/** Labels typed as "cat, dog" or one per line, in output order; duplicates are refused since order means class. */
export function parseLabels(text: string): { labels: string[]; error: string | null } {
  const labels = text.split(/[,\n\r]+/).map((l) => l.trim()).filter(Boolean);
  const seen = new Set<string>();
  for (const label of labels) {
    if (seen.has(label)) return { labels, error: `The label "${label}" appears twice.` };
    seen.add(label);
  }
  if (labels.join(',').length > MAX_METADATA_VALUE) {
    return { labels, error: `The labels are ${labels.join(',').length} characters long; the limit is ${MAX_METADATA_VALUE}.` };
  }
  return { labels, error: null };
}

export interface UploadFields { version?: string; labels?: string[]; metadata?: Record<string, string> }

/** The multipart body of POST /models/{name}/versions: file, then the optional version and metadata text parts. */
export function buildUploadForm(file: Blob, fields: UploadFields = {}, fileName?: string): FormData {
  const form = new FormData();
  const name = fileName ?? ((file as File).name || 'model.onnx');
  form.append('file', file, name);
  const version = fields.version?.trim();
  if (version) form.append('version', version);
  const metadata: Record<string, string> = { ...(fields.metadata ?? {}) };
  if (fields.labels && fields.labels.length > 0) metadata.labels = fields.labels.join(',');
  if (Object.keys(metadata).length > 0) form.append('metadata', JSON.stringify(metadata));
  return form;
}

const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** An upload failure in words, naming what to do about it. */
export function uploadError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'The upload failed: the server cannot be reached.';
  switch (error.status) {
    case 413: return `The file is too large for the server: ${error.detail}`;
    case 400: return `The server refused the model: ${error.detail}`;
    case 409: return `This version already exists: ${sentence(error.detail)} Leave the version empty to use the next number.`;
    default: return error.detail;
  }
}

// ---- assigning ----
/** The body of POST /deployments, or the reason it cannot be sent. */
export function assignRequest(modelVersionId: number, edgeIds: number[], tagKey: string, tagValue: string):
  { request: AssignRequest | null; error: string | null } {
  const key = tagKey.trim();
  const value = tagValue.trim();
  if (value && !key) return { request: null, error: 'A tag value needs a tag key.' };
  if (edgeIds.length === 0 && !key) return { request: null, error: 'Pick at least one edge, or give a tag.' };
  const request: AssignRequest = { modelVersionId, edgeIds: [...new Set(edgeIds)] };
  if (key) request.tagKey = key;
  if (value) request.tagValue = value;
  return { request, error: null };
}

/** An assignment failure in words: a 409 because the version is not approved says to approve it first. */
export function assignError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'The assignment failed: the server cannot be reached.';
  // "model version x:1 is CANDIDATE; approve it before…", not "edge e is PENDING; only approved edges run models"
  if (error.status === 409 && /\bapprove it\b|\bis (CANDIDATE|ARCHIVED)\b/i.test(error.detail)) return `Approve this version first — ${error.detail}`;
  return error.detail;
}

/** Versions newest first (by creation time, then id). */
export function newestFirst(versions: ModelVersion[]): ModelVersion[] {
  return [...versions].sort((a, b) => (Date.parse(b.createdAt) - Date.parse(a.createdAt)) || b.id - a.id);
}

/** A model name suggested by the file name: "ResNet 50 (v2).onnx" → "ResNet-50-v2". */
export function nameFromFile(fileName: string): string {
  return fileName.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '')
    .replace(/-+$/, '').slice(0, MAX_NAME);
}
