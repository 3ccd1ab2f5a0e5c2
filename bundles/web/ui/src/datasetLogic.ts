// Rules of the dataset pages, kept apart from the components so they are unit-tested.

export interface Dataset {
  id: number; name: string; description?: string; kind: 'TABULAR' | 'FILES'; columns: string[]; labels: string[];
  state: string; items: number; versions: number; createdAt: string; updatedAt: string;
}
export interface DatasetItem {
  id: number; sourceKey: string; fields: Record<string, string>; contentRef?: string; originalLabel?: string;
  label?: string; score?: number; edgeId?: number; modelVersion?: string; observedAt?: string;
}
export interface ImportJob {
  id: number; datasetId: number; source: string; state: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  done: number; total: number; imported: number; skipped: number; error?: string;
}
export interface LabelChange { itemId: number; from?: string; to?: string; by: string; at: string }
export interface DatasetVersion { id: number; datasetId: number; number: number; items: number; createdAt: string; createdBy: string }
export interface ItemFilters { label: string; minScore: string; maxScore: string; source: string; edgeId: string }

export const PAGE_SIZE = 50;
/** The source that takes browser uploads (the distribution's `local` instance). */
export const UPLOAD_SOURCE = 'local';

export function itemsPath(datasetId: number, filters: ItemFilters, offset: number): string {
  const query = new URLSearchParams();
  (Object.keys(filters) as (keyof ItemFilters)[]).forEach((key) => {
    const value = filters[key].trim();
    if (value) query.set(key, value);
  });
  query.set('limit', String(PAGE_SIZE));
  query.set('offset', String(offset));
  return `/api/v1/datasets/${datasetId}/items?${query}`;
}

/** Percent done, or null while the total is unknown (an indeterminate bar). */
export function jobPercent(job: ImportJob): number | null {
  if (job.state !== 'RUNNING') return 100;
  return job.total > 0 ? Math.min(100, Math.round((job.done / job.total) * 100)) : null;
}

export type Shortcut =
  | { kind: 'move'; by: number } | { kind: 'toggle' } | { kind: 'label'; label: string } | { kind: 'history' } | null;

/** Keys of the relabeling table: j/k or arrows move, space selects, 1..9 apply the n-th label, h shows history. */
export function shortcut(key: string, labels: string[]): Shortcut {
  if (key === 'j' || key === 'ArrowDown') return { kind: 'move', by: 1 };
  if (key === 'k' || key === 'ArrowUp') return { kind: 'move', by: -1 };
  if (key === ' ') return { kind: 'toggle' };
  if (key === 'h') return { kind: 'history' };
  if (/^[1-9]$/.test(key)) {
    const label = labels[Number(key) - 1];
    return label === undefined ? null : { kind: 'label', label };
  }
  return null;
}

/** Options typed as key=value lines, for sources other than uploads. */
export function parseOptions(text: string): Record<string, string> {
  const options: Record<string, string> = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const at = line.indexOf('=');
    if (at <= 0) throw new Error(`"${line}" is not key=value`);
    options[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return options;
}

export function splitList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

export function isImage(ref?: string): boolean {
  return !!ref && /\.(png|jpe?g|gif|webp|bmp)$/i.test(ref);
}
