// Agent releases (bundle sets for the edge agents' Felix framework) and the agent settings pushed to edges: API types
// and the pure rules behind agentReleases.tsx: the upload's own checks and its errors in words, the settings form with
// its bounds, what applies to an edge, and how an agent rollout names its subject. Unit-tested.
import { ApiError } from './api';
import type { FormErrors } from './streamLogic';

// ---- types of the API (AgentReleaseResource, AgentSettingsResource; absent values come as null) ----
export interface AgentBundle { symbolicName: string; version: string; sha256: string; sizeBytes: number }
export interface AgentRelease {
  id: number; version: string; sha256: string; sizeBytes: number; bundles: AgentBundle[]; notes: string | null;
  createdAt: string; createdBy: string;
}
export type UpdateStatus = 'PENDING' | 'DOWNLOADING' | 'VERIFIED' | 'ACTIVE' | 'FAILED' | 'ROLLED_BACK';
export interface AgentUpdate {
  id: number; edgeId: number; releaseId: number; version: string; rolloutId: number | null; status: UpdateStatus;
  detail: string | null; createdAt: string; createdBy: string; updatedAt: string;
}
/** A null field leaves the agent's own configuration (or, for an edge, the fleet's setting) in force. */
export interface AgentSettings { heartbeatSeconds: number | null; pollSeconds: number | null; updateHealthSeconds: number | null }

export const AGENT_API = {
  releases: (limit: number, offset: number) => `/api/v1/agent-releases?limit=${limit}&offset=${offset}`,
  upload: (version: string, notes: string) => {
    const query = new URLSearchParams();
    if (version.trim()) query.set('version', version.trim());
    if (notes.trim()) query.set('notes', notes.trim());
    const text = query.toString();
    return `/api/v1/agent-releases${text ? `?${text}` : ''}`;
  },
  release: (id: number) => `/api/v1/agent-releases/${id}`,
  fleetSettings: '/api/v1/agent-settings',
  edgeSettings: (edgeId: number) => `/api/v1/edges/${edgeId}/agent-settings`,
  edgeUpdates: (edgeId: number, limit = 20) => `/api/v1/edges/${edgeId}/agent-updates?limit=${limit}`,
};

export const agentReleasePath = (id: number) => `/agent-releases/${id}`;

/** What the server sends the archive as: the content decides, this label only has to be one it takes. */
export const ARCHIVE_TYPE = 'application/zip';

// ---- limits (AgentReleaseService, AgentReleaseServiceImpl) ----
export const MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;
export const MAX_VERSION = 64;
export const MAX_NOTES = 2048;
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+_-]*$/;

export interface UploadForm { file: { name: string; size: number } | null; version: string; notes: string }

/**
 * The upload's own checks, before a byte is sent: a file, no larger than the server takes, a version of the server's
 * form when one is given (empty: the archive's release.properties names it), notes within bounds. Null when fine.
 */
export function uploadProblem(form: UploadForm): string | null {
  if (!form.file) return 'Choose the release archive (.zip) to upload.';
  if (form.file.size === 0) return `${form.file.name} is empty.`;
  if (form.file.size > MAX_ARCHIVE_BYTES) return `${form.file.name} is larger than the server takes (512 MiB).`;
  const version = form.version.trim();
  if (version.length > MAX_VERSION) return `The version is ${version.length} characters long; the limit is ${MAX_VERSION}.`;
  if (version && !VERSION.test(version)) {
    return "The version may use letters, digits, '.', '+', '_' and '-', and must start with a letter or digit.";
  }
  if (form.notes.trim().length > MAX_NOTES) return `The notes are ${form.notes.trim().length} characters long; the limit is ${MAX_NOTES}.`;
  return null;
}

const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** An upload failure in words, with what to do about it; the server's own text is kept (a 409 says it all). */
export function releaseUploadError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'The upload failed: the server cannot be reached.';
  switch (error.status) {
    case 400:
      return error.fields.version
        ? `${sentence(error.detail)} Give the version here, or as version= in release.properties inside the archive.`
        : `The server refused the archive: ${error.detail}`;
    case 413: return `The archive is too large for the server: ${error.detail}`;
    default: return error.detail;
  }
}

export function bundlesText(count: number): string {
  return `${count} ${count === 1 ? 'bundle' : 'bundles'}`;
}

// ---- settings ----
export type SettingsField = keyof AgentSettings;

/** The settings in the order forms and tables show them, with the server's bounds (AgentSettings). */
export const SETTINGS_FIELDS: { key: SettingsField; label: string; min: number; max: number; help: string }[] = [
  { key: 'heartbeatSeconds', label: 'Heartbeat (seconds)', min: 5, max: 3600, help: 'How often the agent reports in.' },
  { key: 'pollSeconds', label: 'Poll (seconds)', min: 5, max: 3600, help: 'How often it asks for its desired state without a heartbeat hint.' },
  {
    key: 'updateHealthSeconds', label: 'Update health window (seconds)', min: 10, max: 3600,
    help: 'How long a new agent release has to prove itself healthy before the agent goes back to the one it ran.',
  },
];

export const NO_SETTINGS: AgentSettings = { heartbeatSeconds: null, pollSeconds: null, updateHealthSeconds: null };

/** The inputs as typed; empty: not set here. */
export type SettingsForm = Record<SettingsField, string>;

export function formFromSettings(settings: AgentSettings | null | undefined): SettingsForm {
  const text = (n: number | null | undefined) => (n == null ? '' : String(n));
  return {
    heartbeatSeconds: text(settings?.heartbeatSeconds), pollSeconds: text(settings?.pollSeconds),
    updateHealthSeconds: text(settings?.updateHealthSeconds),
  };
}

export function sameSettingsForm(a: SettingsForm, b: SettingsForm): boolean {
  return SETTINGS_FIELDS.every(({ key }) => a[key].trim() === b[key].trim());
}

/**
 * The body PUT sends, or the form's errors keyed like the server's fields: each value empty (not set) or a whole
 * number of seconds within the server's bounds, so a mistake shows next to its field before anything is sent.
 */
export function settingsRequest(form: SettingsForm): { request: AgentSettings | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const request: AgentSettings = { ...NO_SETTINGS };
  for (const { key, min, max } of SETTINGS_FIELDS) {
    const text = form[key].trim();
    if (text === '') continue;
    if (!/^\d+$/.test(text)) {
      errors[key] = 'must be a whole number of seconds';
      continue;
    }
    const value = Number(text);
    if (value < min || value > max) errors[key] = `must be between ${min} and ${max} seconds, was ${value}`;
    else request[key] = value;
  }
  return Object.keys(errors).length > 0 ? { request: null, errors } : { request, errors };
}

/** Messages for fields the form does not show (listed on top rather than lost). */
export function unplacedSettingsErrors(errors: FormErrors): [string, string][] {
  const shown = new Set<string>(SETTINGS_FIELDS.map((f) => f.key));
  return Object.entries(errors.fields).filter(([path]) => !shown.has(path));
}

export const isEmptySettings = (s: AgentSettings | null | undefined) =>
  s == null || SETTINGS_FIELDS.every(({ key }) => s[key] == null);

/** What an edge's agent is told: each field the edge sets wins over the fleet's (AgentSettings.overriddenBy). */
export function effectiveSettings(fleet: AgentSettings | null | undefined, edge: AgentSettings | null | undefined): AgentSettings {
  const result: AgentSettings = { ...NO_SETTINGS };
  for (const { key } of SETTINGS_FIELDS) result[key] = edge?.[key] ?? fleet?.[key] ?? null;
  return result;
}

/** "15 s", or what applies without a value. */
export function secondsOr(value: number | null | undefined, otherwise: string): string {
  return value == null ? otherwise : `${value} s`;
}

/** "heartbeat 15 s, poll 30 s", or "none". */
export function settingsText(settings: AgentSettings | null | undefined): string {
  const names: Record<SettingsField, string> = { heartbeatSeconds: 'heartbeat', pollSeconds: 'poll', updateHealthSeconds: 'update health window' };
  const parts = SETTINGS_FIELDS.filter(({ key }) => settings?.[key] != null).map(({ key }) => `${names[key]} ${settings![key]} s`);
  return parts.length ? parts.join(', ') : 'none';
}
