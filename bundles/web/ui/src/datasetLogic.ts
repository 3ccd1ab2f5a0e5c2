// Rules of the dataset pages, kept apart from the components so they are unit-tested.
import { toParameters, type ParamField, type ParameterSchema, type ParamValues } from './streamLogic';

// ---- types of the API (DatasetResource; absent values come as null) ----
export type DatasetKind = 'TABULAR' | 'FILES';
export interface Dataset {
  id: number; name: string; description: string | null; kind: DatasetKind; columns: string[]; labels: string[];
  state: 'IMPORTING' | 'AVAILABLE' | 'FAILED'; items: number; versions: number; createdAt: string; createdBy: string; updatedAt: string;
}
export interface NewDataset { name: string; description?: string; kind: DatasetKind; columns: string[]; labels: string[] }
export interface DatasetItem {
  id: number; datasetId: number; sourceKey: string; fields: Record<string, string>; contentRef: string | null;
  originalLabel: string | null; label: string | null; score: number | null; edgeId: number | null; modelVersion: string | null;
  observedAt: string | null;
}
export interface ImportJob {
  id: number; datasetId: number; source: string; state: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  done: number; total: number; imported: number; skipped: number; error: string | null;
  createdAt: string; createdBy: string; finishedAt: string | null;
}
/** GET /dataset-sources/{id}: whether the source imports an upload, and its import options as a JSON Schema. */
export interface DataSourceDetail {
  id: string; displayName: string; version: string; description: string | null; acceptsUpload: boolean;
  importOptionsSchema: ParameterSchema | null;
}
export interface LabelChange { itemId: number; from: string | null; to: string | null; by: string; at: string }
export interface DatasetVersion { id: number; datasetId: number; number: number; items: number; createdAt: string; createdBy: string }
export interface ItemFilters { label: string; minScore: string; maxScore: string; source: string; edgeId: string }

export const API = {
  datasets: '/api/v1/datasets',
  dataset: (id: number) => `/api/v1/datasets/${id}`,
  sources: '/api/v1/dataset-sources',
  source: (id: string) => `/api/v1/dataset-sources/${encodeURIComponent(id)}`,
  uploads: (id: number) => `/api/v1/datasets/${id}/uploads`,
  imports: (id: number) => `/api/v1/datasets/${id}/imports`,
  job: (id: number) => `/api/v1/imports/${id}`,
  relabel: (id: number) => `/api/v1/datasets/${id}/relabel`,
  history: (itemId: number) => `/api/v1/dataset-items/${itemId}/history`,
  content: (itemId: number) => `/api/v1/dataset-items/${itemId}/content`,
  versionItem: (versionId: number, key: string) => `/api/v1/dataset-versions/${versionId}/item?key=${encodeURIComponent(key)}`,
  versions: (id: number) => `/api/v1/datasets/${id}/versions`,
  export: (versionId: number) => `/api/v1/dataset-versions/${versionId}/export`,
};

export const PAGE_SIZE = 50;
/** The source the import panel starts with when it is installed (the upload from a PC). */
export const DEFAULT_SOURCE = 'local';
/** Tabular items show this many feature columns; the rest stay in the CSV export. */
export const SHOWN_COLUMNS = 6;
export const NO_FILTERS: ItemFilters = { label: '', minScore: '', maxScore: '', source: '', edgeId: '' };

// ---- creating ----
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function splitList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

/** The body of POST /datasets from the form's text, or the reason it would be refused (mirrors NewDataset). */
export function newDataset(form: { name: string; description: string; kind: DatasetKind; columns: string; labels: string }):
  { request: NewDataset; error: null } | { request: null; error: string } {
  const name = form.name.trim();
  const columns = form.kind === 'TABULAR' ? splitList(form.columns) : [];
  const refuse = (error: string) => ({ request: null, error });
  if (!NAME.test(name) || name.length > 128) return refuse('The name takes letters, digits, ".", "_" and "-" (up to 128), starting with a letter or digit.');
  if (form.kind === 'TABULAR' && columns.length === 0) return refuse('A tabular dataset needs its feature columns, e.g. "width, height".');
  const badColumn = columns.find((c) => !NAME.test(c) || c.length > 64);
  if (badColumn) return refuse(`The column "${badColumn}" is not a valid name: letters, digits, ".", "_" and "-" (up to 64).`);
  if (new Set(columns).size !== columns.length) return refuse('Column names must be unique.');
  const description = form.description.trim();
  return { request: { name, ...(description ? { description } : {}), kind: form.kind, columns, labels: splitList(form.labels) }, error: null };
}

// ---- importing ----
/** The source the panel selects first: the default one if installed, else the first. */
export function initialSource(sources: string[]): string {
  return sources.includes(DEFAULT_SOURCE) ? DEFAULT_SOURCE : sources[0] ?? '';
}

/**
 * The import options from the form generated from the source's schema (the stream parameter form's rules): empty
 * inputs are left out so the server applies the default; errors are keyed like the server's ("options.<name>").
 */
export function importOptions(fields: ParamField[], values: ParamValues): { options: Record<string, unknown>; errors: Record<string, string> } {
  const { parameters, errors } = toParameters(fields, values);
  const keyed: Record<string, string> = {};
  Object.entries(errors).forEach(([path, message]) => { keyed[path.replace(/^parameters\./, 'options.')] = message; });
  return { options: parameters, errors: keyed };
}

/** The multipart body of POST /uploads: the source, each option as a text field, the file last (it streams). */
export function uploadForm(source: string, options: Record<string, unknown>, file: File): FormData {
  const form = new FormData();
  form.append('source', source);
  Object.entries(options).forEach(([name, value]) => form.append(name, String(value)));
  form.append('file', file);
  return form;
}

/** Percent of a running job done, or null while the total is unknown (an indeterminate bar). */
export function jobPercent(job: ImportJob): number | null {
  return job.total > 0 ? Math.min(100, Math.round((job.done / job.total) * 100)) : null;
}

export function jobSummary(job: ImportJob): string {
  if (job.state === 'RUNNING') return job.total >= 0 ? `${job.done} of ${job.total} read` : `${job.done} read`;
  return `${job.imported} imported, ${job.skipped} skipped`;
}

// ---- relabeling ----
export function itemsPath(datasetId: number, filters: ItemFilters, offset: number): string {
  const query = new URLSearchParams();
  (Object.keys(filters) as (keyof ItemFilters)[]).forEach((key) => {
    const value = filters[key].trim();
    if (value) query.set(key, value);
  });
  query.set('limit', String(PAGE_SIZE));
  query.set('offset', String(offset));
  return `${API.dataset(datasetId)}/items?${query}`;
}

export type Shortcut =
  | { kind: 'move'; by: number } | { kind: 'toggle' } | { kind: 'label'; label: string } | { kind: 'history' } | { kind: 'close' }
  | { kind: 'zoom' } | null;

/**
 * Keys of the item table and image grid: j/k or arrows move, space selects, 1..9 apply the n-th label, h shows history,
 * z zooms the focused image, Esc hides history and zoom.
 */
export function shortcut(key: string, labels: string[]): Shortcut {
  if (key === 'j' || key === 'ArrowDown' || key === 'ArrowRight') return { kind: 'move', by: 1 };
  if (key === 'k' || key === 'ArrowUp' || key === 'ArrowLeft') return { kind: 'move', by: -1 };
  if (key === 'z') return { kind: 'zoom' };
  if (key === ' ') return { kind: 'toggle' };
  if (key === 'h') return { kind: 'history' };
  if (key === 'Escape') return { kind: 'close' };
  if (/^[1-9]$/.test(key)) {
    const label = labels[Number(key) - 1];
    return label === undefined ? null : { kind: 'label', label };
  }
  return null;
}

/** The items a label key applies to: the selected ones if any, otherwise the focused one. */
export function relabelTargets(selected: ReadonlySet<number>, focused: number | undefined): number[] {
  if (selected.size > 0) return [...selected];
  return focused === undefined ? [] : [focused];
}

/** Whether the content endpoint returns something an <img> shows (content refs keep the file's extension). */
export function isImage(ref: string | null): boolean {
  return !!ref && /\.(png|jpe?g|gif|webp|bmp)$/i.test(ref);
}
