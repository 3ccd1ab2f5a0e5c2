// The choices of a parameter that names a registered model version (schema format "modelfleet-model", e.g. the
// image-classification solution's backbone): feature extractors first, labelled with their input size, then the rest.
import { newestFirst, type ModelVersion } from './registry';

/** How a stream's parameters name a version: "name:version", as the server resolves it. */
export const modelReference = (v: Pick<ModelVersion, 'name' | 'version'>) => `${v.name}:${v.version}`;

const positive = (text: string | undefined) => /^\s*\d+\s*$/.test(text ?? '') && Number(text) > 0;
/** How many numbers a comma-separated list holds, or -1 when a part is no number. */
function count(text: string | undefined): number {
  const parts = (text ?? '').split(',');
  return parts.every((p) => p.trim() !== '' && Number.isFinite(Number(p))) ? parts.length : -1;
}

/**
 * Whether a version's metadata makes it a feature extractor the way training reads it (ImageContract and the
 * solution's Backbone): the image input, its size, 1 or 3 channels, a layout, a mean and deviation per channel, and
 * the name of the embedding output. A near miss is listed among the other models, and training says what it lacks.
 */
export function isFeatureExtractor(metadata: Record<string, string> | null | undefined): boolean {
  const m = metadata ?? {};
  const channels = Number(m['image.channels']);
  const layout = (m['image.layout'] ?? 'NCHW').trim().toUpperCase();
  return !!m.embedding?.trim() && !!m.input?.trim() && positive(m['image.width']) && positive(m['image.height'])
    && (channels === 1 || channels === 3) && (layout === 'NCHW' || layout === 'NHWC')
    && count(m['image.mean']) === channels && count(m['image.std']) === channels;
}

export interface ModelChoice { value: string; label: string }
export interface ModelChoices {
  extractors: ModelChoice[];
  others: ModelChoice[];
  /** the current value when no listed version has it (typed, or since deleted), so the select can still show it */
  unlisted: string | null;
}

/** "mobilenet:1 — 224×224×3, embedding 'embedding'"; archived versions say so. */
export function choiceLabel(v: ModelVersion): string {
  const m = v.metadata ?? {};
  const size = isFeatureExtractor(m)
    ? ` — ${m['image.width'].trim()}×${m['image.height'].trim()}×${m['image.channels'].trim()}, embedding '${m.embedding.trim()}'` : '';
  return `${modelReference(v)}${size}${v.stage === 'ARCHIVED' ? ' (archived)' : ''}`;
}

/** By model name, newest version first, archived versions after the rest: what an operator most likely means on top. */
function ordered(versions: ModelVersion[]): ModelVersion[] {
  const byName = new Map<string, ModelVersion[]>();
  for (const v of newestFirst(versions)) byName.set(v.name, [...(byName.get(v.name) ?? []), v]);
  const sorted = [...byName.keys()].sort((a, b) => a.localeCompare(b)).flatMap((name) => byName.get(name)!);
  return [...sorted.filter((v) => v.stage !== 'ARCHIVED'), ...sorted.filter((v) => v.stage === 'ARCHIVED')];
}

/** The versions split into feature extractors and the rest, each ordered, and the current value if none has it. */
export function modelChoices(versions: ModelVersion[], current: string): ModelChoices {
  const all = ordered(versions);
  const choice = (v: ModelVersion): ModelChoice => ({ value: modelReference(v), label: choiceLabel(v) });
  const value = current.trim();
  return {
    extractors: all.filter((v) => isFeatureExtractor(v.metadata)).map(choice),
    others: all.filter((v) => !isFeatureExtractor(v.metadata)).map(choice),
    unlisted: value && !all.some((v) => modelReference(v) === value) ? value : null,
  };
}
