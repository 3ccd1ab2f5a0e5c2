// Rules of the data-collection panel (which inputs edges send back with their results, to become training data): the
// form's state, the request it sends, its own checks, where a 400's field errors go, and a policy in words. Pure, so
// it is unit-tested; the panel is collection.tsx, shown on the edge page and the stream page.
import type { FormErrors } from './streamLogic';

// ---- types of the API (CollectionPolicy; absent values come as null) ----
export type CollectionMode = 'OFF' | 'ALL' | 'LOW_CONFIDENCE' | 'RATE';

/** threshold: LOW_CONFIDENCE only, 0..1, null for the model's confidence threshold; rate: RATE only, (0, 1]. */
export interface CollectionPolicy { mode: CollectionMode; threshold?: number | null; rate?: number | null }

/** What GET, PUT answer: the policy set at this level, or null when none is. */
export interface PolicyView { policy: CollectionPolicy | null }

export const COLLECTION_API = {
  edge: (id: number) => `/api/v1/edges/${id}/collection-policy`,
  stream: (id: number) => `/api/v1/streams/${id}/collection-policy`,
};

/** The choices of the mode select, in the order it lists them. */
export const MODES: { value: CollectionMode; label: string }[] = [
  { value: 'OFF', label: 'Nothing (collection off)' },
  { value: 'ALL', label: 'Every input' },
  { value: 'LOW_CONFIDENCE', label: 'Low-confidence inputs' },
  { value: 'RATE', label: 'A random share of inputs' },
];

// ---- the form ----
/** What the inputs hold, as typed; mode '' until one is chosen (no policy set yet). */
export interface CollectionForm { mode: CollectionMode | ''; threshold: string; rate: string }

export function formFromPolicy(policy: CollectionPolicy | null | undefined): CollectionForm {
  return {
    mode: policy?.mode ?? '',
    threshold: policy?.mode === 'LOW_CONFIDENCE' && policy.threshold != null ? String(policy.threshold) : '',
    rate: policy?.mode === 'RATE' && policy.rate != null ? String(policy.rate) : '',
  };
}

/** Whether two forms would send the same thing (a value typed for a mode not chosen does not count). */
export function sameForm(a: CollectionForm, b: CollectionForm): boolean {
  if (a.mode !== b.mode) return false;
  if (a.mode === 'LOW_CONFIDENCE') return a.threshold.trim() === b.threshold.trim();
  if (a.mode === 'RATE') return a.rate.trim() === b.rate.trim();
  return true;
}

/** A typed number, or undefined when the text is not one ("", "abc", "1,5"). */
function parseNumber(text: string): number | undefined {
  const value = text.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value)) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/**
 * The body PUT sends, or the form's own field errors. The form checks only what it must to build the body (a mode, a
 * number where one is needed); the bounds are the server's to judge, and its 400 names the field.
 */
export function policyRequest(form: CollectionForm): { request: CollectionPolicy | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  let request: CollectionPolicy | null = null;
  switch (form.mode) {
    case '':
      errors.mode = 'choose which inputs to send';
      break;
    case 'OFF':
    case 'ALL':
      request = { mode: form.mode };
      break;
    case 'LOW_CONFIDENCE': {
      if (form.threshold.trim() === '') {
        request = { mode: form.mode };
        break;
      }
      const threshold = parseNumber(form.threshold);
      if (threshold === undefined) errors.threshold = 'is not a number';
      else request = { mode: form.mode, threshold };
      break;
    }
    case 'RATE': {
      if (form.rate.trim() === '') {
        errors.rate = 'is required: the share of inputs to send, greater than 0 and at most 1';
        break;
      }
      const rate = parseNumber(form.rate);
      if (rate === undefined) errors.rate = 'is not a number';
      else request = { mode: form.mode, rate };
      break;
    }
  }
  return Object.keys(errors).length > 0 ? { request: null, errors } : { request, errors };
}

/** The field paths the form shows for a mode: a 400's message for any other is listed on top rather than lost. */
export function shownPaths(mode: CollectionForm['mode']): string[] {
  return ['mode', ...(mode === 'LOW_CONFIDENCE' ? ['threshold'] : []), ...(mode === 'RATE' ? ['rate'] : [])];
}

export function unplacedPolicyErrors(errors: FormErrors, mode: CollectionForm['mode']): [string, string][] {
  const shown = new Set(shownPaths(mode));
  return Object.entries(errors.fields).filter(([path]) => !shown.has(path));
}

// ---- in words ----
/** A share as a percentage without binary noise: 0.05 → "5 %", 0.125 → "12.5 %", 0.07 → "7 %". */
export function shareText(rate: number): string {
  return `${Number((rate * 100).toPrecision(6))} %`;
}

/**
 * A policy in a few words: "Every input", "Low-confidence inputs (score < 0.6)", "5 % of inputs at random". A
 * LOW_CONFIDENCE policy without a threshold takes the model's (the stream's) confidence threshold, given when known.
 */
export function describePolicy(policy: CollectionPolicy, modelThreshold?: number | null): string {
  switch (policy.mode) {
    case 'OFF':
      return 'No inputs (collection off)';
    case 'ALL':
      return 'Every input';
    case 'LOW_CONFIDENCE':
      if (policy.threshold != null) return `Low-confidence inputs (score < ${Number(policy.threshold.toPrecision(6))})`;
      if (modelThreshold != null) return `Low-confidence inputs (score < ${Number(modelThreshold.toPrecision(6))}, the model's confidence threshold)`;
      return "Low-confidence inputs (score below the model's confidence threshold)";
    case 'RATE':
      return policy.rate != null ? `${shareText(policy.rate)} of inputs at random` : 'A random share of inputs';
    default:
      return `Mode ${String((policy as { mode: unknown }).mode)}`;
  }
}

/** What the form would save, in words, or null while it cannot be sent. */
export function describeForm(form: CollectionForm, modelThreshold?: number | null): string | null {
  const { request } = policyRequest(form);
  return request ? describePolicy(request, modelThreshold) : null;
}
