import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import {
  compareVersions, defaultVersion, duration, isRunning, karProblem, MAX_KAR_BYTES, newestCompatible, operationError, operationPercent,
  operationStatus, operationTitle, othersRunning, pluginAction, UPDATE_API, updateAvailable, versionOptions,
  type CatalogPlugin, type CatalogRelease, type PluginOperation,
} from './updateCenterLogic';

const release = (version: string, compatible = true, platform = '[0.1,1)'): CatalogRelease =>
  ({ version, platform, compatible, location: `echo-${version}.kar`, feature: 'modelfleet-itest-echo', sha256: 'ab'.repeat(32) });
const echo = (installedVersion: string | null = null): CatalogPlugin => ({
  id: 'echo', kind: 'SOLUTION_TYPE', name: 'Echo', description: 'answers what it is given', installedVersion,
  versions: [release('9.0.0', false, '[9,10)'), release('2.0.0'), release('1.9.0'), release('1.0.0')],
});
const operation = (over: Partial<PluginOperation> = {}): PluginOperation => ({
  id: 'op-1', action: 'INSTALL', pluginId: 'echo', version: '1.0.0', fromVersion: null, state: 'RUNNING',
  step: "checking the KAR's SHA-256", progress: 0.6, error: null, actor: 'admin', startedAt: '2026-01-01T10:00:00Z', finishedAt: null, ...over,
});

describe('catalog versions', () => {
  it('compares OSGi versions by number, then qualifier', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
    expect(compareVersions('2', '2.0.0')).toBe(0);
    expect(compareVersions('1.0.0', '1.0.0.beta')).toBeLessThan(0);
    expect(compareVersions('1.0.0.a', '1.0.0.b')).toBeLessThan(0);
    expect(compareVersions('0.9.9', '1.0')).toBeLessThan(0);
  });
  it('offers the newest version this platform runs', () => {
    expect(newestCompatible(echo())?.version).toBe('2.0.0');
    expect(defaultVersion(echo())).toBe('2.0.0');
    const foreign = { ...echo(), versions: [release('9.0.0', false, '[9,10)')] };
    expect(newestCompatible(foreign)).toBeNull();
    expect(defaultVersion(foreign)).toBe('9.0.0');
    expect(defaultVersion({ ...echo(), versions: [] })).toBe('');
  });
  it('lists every version, newest first, those for other platforms disabled with their range', () => {
    expect(versionOptions(echo('1.0.0'))).toEqual([
      { value: '9.0.0', label: '9.0.0 (needs platform [9,10))', disabled: true },
      { value: '2.0.0', label: '2.0.0', disabled: false },
      { value: '1.9.0', label: '1.9.0', disabled: false },
      { value: '1.0.0', label: '1.0.0 (installed)', disabled: false },
    ]);
  });
  it('says whether an update is available', () => {
    expect(updateAvailable(echo())).toBe(false);
    expect(updateAvailable(echo('1.0.0'))).toBe(true);
    expect(updateAvailable(echo('2.0.0'))).toBe(false);
  });
});

describe('the buttons of a catalog plugin', () => {
  it('installs the version picked when none is installed', () => {
    expect(pluginAction(echo(), '1.0.0')).toEqual({ action: 'INSTALL', label: 'Install 1.0.0', blocked: null });
  });
  it('updates to a newer version and goes back to an older one', () => {
    expect(pluginAction(echo('1.0.0'), '2.0.0')).toEqual({ action: 'UPDATE', label: 'Update to 2.0.0', blocked: null });
    expect(pluginAction(echo('2.0.0'), '1.9.0')).toEqual({ action: 'UPDATE', label: 'Go back to 1.9.0', blocked: null });
  });
  it('refuses what the server would refuse, saying why', () => {
    expect(pluginAction(echo(), '9.0.0').blocked).toBe('9.0.0 supports platform versions [9,10) only.');
    expect(pluginAction(echo('2.0.0'), '2.0.0')).toEqual({ action: 'UPDATE', label: 'Installed', blocked: '2.0.0 is installed.' });
    expect(pluginAction(echo('2.0.0'), '7.0.0')).toEqual({ action: 'UPDATE', label: 'Update', blocked: 'Pick a version.' });
    expect(pluginAction(echo(), '7.0.0')).toEqual({ action: 'INSTALL', label: 'Install', blocked: 'Pick a version.' });
  });
});

describe('operations', () => {
  it('reads the API paths', () => {
    expect(UPDATE_API.operation('a b')).toBe('/api/v1/plugin-operations/a%20b');
    expect(UPDATE_API.upload('my plugin.kar')).toBe('/api/v1/plugin-operations?fileName=my%20plugin.kar');
  });
  it('tells running from finished', () => {
    expect(isRunning(operation({ state: 'QUEUED' }))).toBe(true);
    expect(isRunning(operation())).toBe(true);
    expect(isRunning(operation({ state: 'SUCCEEDED' }))).toBe(false);
    expect(isRunning(operation({ state: 'FAILED' }))).toBe(false);
  });
  it('shows progress as a whole percentage within 0 to 100', () => {
    expect(operationPercent(operation({ progress: 0.6 }))).toBe(60);
    expect(operationPercent(operation({ progress: 0.654 }))).toBe(65);
    expect(operationPercent(operation({ progress: 1.4 }))).toBe(100);
    expect(operationPercent(operation({ progress: -1 }))).toBe(0);
    expect(operationPercent(operation({ progress: Number.NaN }))).toBe(0);
    expect(operationPercent(operation({ state: 'SUCCEEDED', progress: 0.999 }))).toBe(100);
    expect(operationPercent(operation({ state: 'FAILED', progress: 0.6 }))).toBe(60);
  });
  it('names what an operation does', () => {
    expect(operationTitle(operation())).toBe('Install echo 1.0.0');
    expect(operationTitle(operation({ action: 'UPDATE', version: '2.0.0', fromVersion: '1.0.0' }))).toBe('Update echo 1.0.0 → 2.0.0');
    expect(operationTitle(operation({ action: 'UNINSTALL', version: null, fromVersion: '2.0.0' }))).toBe('Uninstall echo 2.0.0');
  });
  it('says where it stands, and why it failed', () => {
    expect(operationStatus(operation({ state: 'QUEUED', step: 'waiting for the operations before it', progress: 0 })))
      .toBe('Waiting: waiting for the operations before it');
    expect(operationStatus(operation())).toBe("Checking the KAR's SHA-256… 60 %");
    expect(operationStatus(operation({ state: 'SUCCEEDED', step: 'installed echo 1.0.0', progress: 1 }))).toBe('Done: installed echo 1.0.0.');
    expect(operationStatus(operation({ state: 'FAILED', error: 'the downloaded KAR\'s SHA-256 is 12 but the catalog says 34; nothing was installed' })))
      .toBe("Failed while checking the KAR's SHA-256: the downloaded KAR's SHA-256 is 12 but the catalog says 34; nothing was installed");
    expect(operationStatus(operation({ state: 'FAILED' }))).toMatch(/no reason given$/);
  });
  it('says how long it took', () => {
    expect(duration('2026-01-01T10:00:00Z', '2026-01-01T10:00:00.400Z')).toBe('0.4 s');
    expect(duration('2026-01-01T10:00:00Z', '2026-01-01T10:00:12Z')).toBe('12 s');
    expect(duration('2026-01-01T10:00:00Z', '2026-01-01T10:03:05Z')).toBe('3 min 5 s');
    expect(duration('2026-01-01T10:00:00Z', null, Date.parse('2026-01-01T10:00:30Z'))).toBe('30 s');
    expect(duration('garbage', null)).toBe('—');
  });
  it('follows the operations others started, oldest first, not the one the page follows already', () => {
    const list = [operation({ id: 'c', state: 'QUEUED' }), operation({ id: 'b' }), operation({ id: 'a', state: 'SUCCEEDED' })];
    expect(othersRunning(list, null).map((o) => o.id)).toEqual(['b', 'c']);
    expect(othersRunning(list, 'b').map((o) => o.id)).toEqual(['c']);
    expect(othersRunning(null, null)).toEqual([]);
  });
});

describe('the KAR upload', () => {
  it('checks the file before sending a byte', () => {
    expect(karProblem(null)).toMatch(/Choose the KAR file/);
    expect(karProblem({ name: 'echo.kar', size: 0 })).toBe('echo.kar is empty.');
    expect(karProblem({ name: 'echo.kar', size: 10 })).toBeNull();
    expect(karProblem({ name: 'ECHO.ZIP', size: 10 })).toBeNull();
    expect(karProblem({ name: 'echo.jar', size: 10 })).toMatch(/is not a KAR/);
    expect(karProblem({ name: 'echo.kar', size: MAX_KAR_BYTES + 1 })).toMatch(/larger than the server takes by default \(256 MiB\)/);
  });
  it('says why the server refused, in its words', () => {
    expect(operationError(new ApiError(400, 'invalid_input', 'echo.kar: the KAR must declare exactly one feature to install')))
      .toBe('The server refused it: echo.kar: the KAR must declare exactly one feature to install');
    expect(operationError(new ApiError(409, 'conflict', 'echo 2.0.0 is installed already'))).toBe('echo 2.0.0 is installed already');
    expect(operationError(new ApiError(403, 'forbidden', 'needs ADMIN'))).toMatch(/needs the ADMIN role/);
    expect(operationError(new ApiError(413, 'payload_too_large', 'the KAR is 300 bytes'))).toMatch(/^The KAR is too large for the server: the KAR is 300 bytes/);
    expect(operationError(new TypeError('Failed to fetch'))).toMatch(/cannot be reached/);
  });
});
