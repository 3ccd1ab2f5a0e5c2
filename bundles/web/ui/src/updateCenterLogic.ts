// The update center: API types and the pure rules behind updateCenter.tsx, unit-tested: which catalog versions may be
// picked (and why not), what the buttons of a plugin do with the version picked, how an operation reads in words, and
// the upload's own checks.
import { ApiError } from './api';

// ---- types of the API (PluginCatalog, CatalogPlugin, CatalogRelease, InstalledPlugin, PluginOperation) ----
export interface CatalogRelease {
  version: string;
  /** the platform versions it supports, an OSGi range such as "[0.1,1)" */
  platform: string;
  compatible: boolean;
  location: string;
  feature: string;
  sha256: string;
}
export interface CatalogPlugin {
  id: string; kind: string; name: string; description: string | null; installedVersion: string | null;
  /** newest first */
  versions: CatalogRelease[];
}
export interface PluginCatalog { location: string; platformVersion: string; plugins: CatalogPlugin[] }
export interface InstalledPlugin {
  id: string; version: string; feature: string; source: 'catalog' | 'upload'; sha256: string; installedAt: string; installedBy: string;
}
export type OperationAction = 'INSTALL' | 'UPDATE' | 'UNINSTALL';
export type OperationState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
export interface PluginOperation {
  id: string; action: OperationAction; pluginId: string; version: string | null; fromVersion: string | null;
  state: OperationState; step: string; progress: number; error: string | null; actor: string;
  startedAt: string; finishedAt: string | null;
}

export const UPDATE_API = {
  catalog: '/api/v1/plugin-catalog',
  installed: '/api/v1/plugin-catalog/installed',
  operations: '/api/v1/plugin-operations',
  operation: (id: string) => `/api/v1/plugin-operations/${encodeURIComponent(id)}`,
  upload: (fileName: string) => `/api/v1/plugin-operations?fileName=${encodeURIComponent(fileName)}`,
};

/** The content type an uploaded KAR is sent as. */
export const KAR_TYPE = 'application/vnd.karaf.kar';
/** The update center's default limit (maxKarBytes); a server configured otherwise says so itself. */
export const MAX_KAR_BYTES = 256 * 1024 * 1024;
/** How often a running operation is asked how far it has come. */
export const OPERATION_POLL_MS = 500;

// ---- versions ----
/**
 * Compares two OSGi versions (major.minor.micro.qualifier): negative when a is older. Missing parts are 0, the
 * qualifier compares as text.
 */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [major = '0', minor = '0', micro = '0', ...qualifier] = v.trim().split('.');
    return { numbers: [major, minor, micro].map((n) => Number.parseInt(n, 10) || 0), qualifier: qualifier.join('.') };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.numbers[i] !== y.numbers[i]) return x.numbers[i] - y.numbers[i];
  return x.qualifier < y.qualifier ? -1 : x.qualifier > y.qualifier ? 1 : 0;
}

/** The newest version this server can run, or null when none can. */
export function newestCompatible(plugin: CatalogPlugin): CatalogRelease | null {
  return plugin.versions.find((v) => v.compatible) ?? null;
}

export interface VersionOption { value: string; label: string; disabled: boolean }

/** The version picker's entries, newest first: the ones for other platforms disabled and marked with their range. */
export function versionOptions(plugin: CatalogPlugin): VersionOption[] {
  return plugin.versions.map((v) => {
    const notes = [
      v.version === plugin.installedVersion ? 'installed' : null,
      v.compatible ? null : `needs platform ${v.platform}`,
    ].filter(Boolean);
    return { value: v.version, label: notes.length ? `${v.version} (${notes.join(', ')})` : v.version, disabled: !v.compatible };
  });
}

/** What the picker starts with: the newest compatible version, else the newest. */
export function defaultVersion(plugin: CatalogPlugin): string {
  return newestCompatible(plugin)?.version ?? plugin.versions[0]?.version ?? '';
}

export interface PluginAction {
  action: 'INSTALL' | 'UPDATE';
  /** the button's text */
  label: string;
  /** why it cannot be done, or null when it can */
  blocked: string | null;
}

/** The install or update button of a catalog plugin for the version picked. */
export function pluginAction(plugin: CatalogPlugin, version: string): PluginAction {
  const release = plugin.versions.find((v) => v.version === version);
  const installed = plugin.installedVersion;
  const blocked = !release ? 'Pick a version.'
    : !release.compatible ? `${release.version} supports platform versions ${release.platform} only.`
      : installed != null && compareVersions(installed, release.version) === 0 ? `${release.version} is installed.` : null;
  if (installed == null) return { action: 'INSTALL', label: release ? `Install ${release.version}` : 'Install', blocked };
  if (!release) return { action: 'UPDATE', label: 'Update', blocked };
  const order = compareVersions(release.version, installed);
  return { action: 'UPDATE', label: order === 0 ? 'Installed' : `${order < 0 ? 'Go back to' : 'Update to'} ${release.version}`, blocked };
}

/** Whether a newer version than the installed one can run here. */
export function updateAvailable(plugin: CatalogPlugin): boolean {
  const newest = newestCompatible(plugin);
  return plugin.installedVersion != null && newest != null && compareVersions(newest.version, plugin.installedVersion) > 0;
}

// ---- operations ----
export const isRunning = (operation: Pick<PluginOperation, 'state'>) => operation.state === 'QUEUED' || operation.state === 'RUNNING';

/** Progress as a whole percentage, 0 to 100 (a finished success is 100 whatever the server rounded to). */
export function operationPercent(operation: Pick<PluginOperation, 'state' | 'progress'>): number {
  if (operation.state === 'SUCCEEDED') return 100;
  const share = Number.isFinite(operation.progress) ? operation.progress : 0;
  return Math.round(100 * Math.min(1, Math.max(0, share)));
}

/** What an operation does, in words: "Install echo 1.0.0", "Update echo 1.0.0 → 2.0.0", "Uninstall echo 2.0.0". */
export function operationTitle(operation: Pick<PluginOperation, 'action' | 'pluginId' | 'version' | 'fromVersion'>): string {
  switch (operation.action) {
    case 'UNINSTALL': return `Uninstall ${operation.pluginId}${operation.fromVersion ? ` ${operation.fromVersion}` : ''}`;
    case 'UPDATE': return `Update ${operation.pluginId} ${operation.fromVersion ?? '?'} → ${operation.version ?? '?'}`;
    default: return `Install ${operation.pluginId}${operation.version ? ` ${operation.version}` : ''}`;
  }
}

/** Where it stands, in words: the step while it runs, what it did when done, why it failed. */
export function operationStatus(operation: Pick<PluginOperation, 'state' | 'step' | 'progress' | 'error'>): string {
  switch (operation.state) {
    case 'QUEUED': return `Waiting: ${operation.step}`;
    case 'RUNNING': return `${capitalized(operation.step)}… ${operationPercent(operation)} %`;
    case 'SUCCEEDED': return `Done: ${operation.step}.`;
    default: return `Failed while ${operation.step}: ${operation.error ?? 'no reason given'}`;
  }
}

const capitalized = (text: string) => (text ? text[0].toUpperCase() + text.slice(1) : text);

/** How long it took (or has been running), "0.4 s", "12 s", "3 min 5 s". */
export function duration(startedAt: string, finishedAt: string | null, now: number = Date.now()): string {
  const ms = Math.max(0, (finishedAt ? Date.parse(finishedAt) : now) - Date.parse(startedAt));
  if (!Number.isFinite(ms)) return '—';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** Operations still running that this page is not already following, oldest first (the order they run in). */
export function othersRunning(operations: PluginOperation[] | null, followed: string | null): PluginOperation[] {
  return (operations ?? []).filter((o) => isRunning(o) && o.id !== followed).reverse();
}

// ---- upload ----
/** The upload's own checks before a byte is sent; null when fine. */
export function karProblem(file: { name: string; size: number } | null, maxBytes = MAX_KAR_BYTES): string | null {
  if (!file) return 'Choose the KAR file to upload.';
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > maxBytes) return `${file.name} is larger than the server takes by default (${Math.round(maxBytes / 1024 / 1024)} MiB).`;
  if (!/\.(kar|zip)$/i.test(file.name)) return `${file.name} is not a KAR: choose a .kar file (a zip of a feature repository).`;
  return null;
}

/** A refused request (operation or upload) in words, keeping the server's reason. */
export function operationError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'The server cannot be reached.';
  switch (error.status) {
    case 400: return `The server refused it: ${error.detail}`;
    case 403: return 'Installing, updating and removing plugins needs the ADMIN role.';
    case 413: return `The KAR is too large for the server: ${error.detail}`;
    default: return error.detail;
  }
}
