import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import {
  AGENT_API, bundlesText, effectiveSettings, formFromSettings, isEmptySettings, MAX_ARCHIVE_BYTES, NO_SETTINGS, releaseUploadError,
  sameSettingsForm, secondsOr, settingsRequest, settingsText, unplacedSettingsErrors, uploadProblem,
} from './agentLogic';

const zip = (size = 1024) => ({ name: 'agent-0.2.0.zip', size });

describe('the release upload', () => {
  it('sends version and notes as query parameters, and nothing it was not given', () => {
    expect(AGENT_API.upload('', '')).toBe('/api/v1/agent-releases');
    expect(AGENT_API.upload(' 0.2.0 ', '')).toBe('/api/v1/agent-releases?version=0.2.0');
    expect(AGENT_API.upload('1.0+build.7', 'faster start & fixes')).toBe('/api/v1/agent-releases?version=1.0%2Bbuild.7&notes=faster+start+%26+fixes');
  });
  it('checks what it can before sending a byte', () => {
    expect(uploadProblem({ file: zip(), version: '', notes: '' })).toBeNull();
    expect(uploadProblem({ file: zip(), version: '0.2.0-rc.1', notes: 'x' })).toBeNull();
    expect(uploadProblem({ file: null, version: '', notes: '' })).toMatch(/Choose the release archive/);
    expect(uploadProblem({ file: zip(0), version: '', notes: '' })).toMatch(/is empty/);
    expect(uploadProblem({ file: zip(MAX_ARCHIVE_BYTES), version: '', notes: '' })).toBeNull();
    expect(uploadProblem({ file: zip(MAX_ARCHIVE_BYTES + 1), version: '', notes: '' })).toMatch(/larger than the server takes \(512 MiB\)/);
    expect(uploadProblem({ file: zip(), version: '../1', notes: '' })).toMatch(/letters, digits/);
    expect(uploadProblem({ file: zip(), version: '-1', notes: '' })).toMatch(/start with a letter or digit/);
    expect(uploadProblem({ file: zip(), version: 'v'.repeat(65), notes: '' })).toMatch(/65 characters long; the limit is 64/);
    expect(uploadProblem({ file: zip(), version: '', notes: 'n'.repeat(2049) })).toMatch(/limit is 2048/);
  });
  it('says what went wrong in words, keeping the server\'s reason', () => {
    expect(releaseUploadError(new ApiError(400, 'invalid_input', 'agent.jar has no Bundle-SymbolicName, so it is not a bundle')))
      .toBe('The server refused the archive: agent.jar has no Bundle-SymbolicName, so it is not a bundle');
    expect(releaseUploadError(new ApiError(400, 'invalid_input', 'name the release version: a version parameter, or version= in release.properties inside the archive',
      { version: 'is required' }))).toMatch(/archive\. Give the version here, or as version= in release\.properties/);
    expect(releaseUploadError(new ApiError(409, 'conflict', 'agent release 0.2.0 exists already; give the new one its own version')))
      .toBe('agent release 0.2.0 exists already; give the new one its own version');
    expect(releaseUploadError(new ApiError(413, 'payload_too_large', 'the release archive is 600 bytes; the limit is 500 bytes')))
      .toMatch(/^The archive is too large for the server: the release archive is 600 bytes/);
    expect(releaseUploadError(new ApiError(403, 'forbidden', 'this needs the MANAGER role'))).toBe('this needs the MANAGER role');
    expect(releaseUploadError(new Error('offline'))).toMatch(/cannot be reached/);
  });
  it('counts bundles in words', () => {
    expect(bundlesText(1)).toBe('1 bundle');
    expect(bundlesText(3)).toBe('3 bundles');
  });
});

describe('agent settings', () => {
  it('round-trip between the API and the form; empty is not set', () => {
    const settings = { heartbeatSeconds: 15, pollSeconds: null, updateHealthSeconds: 120 };
    const form = formFromSettings(settings);
    expect(form).toEqual({ heartbeatSeconds: '15', pollSeconds: '', updateHealthSeconds: '120' });
    expect(settingsRequest(form)).toEqual({ request: settings, errors: {} });
    expect(settingsRequest(formFromSettings(null))).toEqual({ request: NO_SETTINGS, errors: {} });
    expect(sameSettingsForm(form, { ...form, heartbeatSeconds: ' 15 ' })).toBe(true);
    expect(sameSettingsForm(form, { ...form, pollSeconds: '10' })).toBe(false);
  });
  it('key the form\'s own errors like the server\'s fields, with the server\'s bounds', () => {
    const { request, errors } = settingsRequest({ heartbeatSeconds: '4', pollSeconds: '1.5', updateHealthSeconds: '3601' });
    expect(request).toBeNull();
    expect(errors).toEqual({
      heartbeatSeconds: 'must be between 5 and 3600 seconds, was 4',
      pollSeconds: 'must be a whole number of seconds',
      updateHealthSeconds: 'must be between 10 and 3600 seconds, was 3601',
    });
    expect(settingsRequest({ heartbeatSeconds: '5', pollSeconds: '3600', updateHealthSeconds: '10' }).errors).toEqual({});
    expect(settingsRequest({ heartbeatSeconds: 'abc', pollSeconds: '', updateHealthSeconds: '9' }).errors)
      .toEqual({ heartbeatSeconds: 'must be a whole number of seconds', updateHealthSeconds: 'must be between 10 and 3600 seconds, was 9' });
  });
  it('list a message for a field the form does not show', () => {
    expect(unplacedSettingsErrors({ detail: 'x', fields: { pollSeconds: 'too low', colour: 'unknown' } })).toEqual([['colour', 'unknown']]);
  });
  it('apply the edge\'s own fields over the fleet\'s', () => {
    const fleet = { heartbeatSeconds: 30, pollSeconds: 20, updateHealthSeconds: null };
    const edge = { heartbeatSeconds: 5, pollSeconds: null, updateHealthSeconds: null };
    expect(effectiveSettings(fleet, edge)).toEqual({ heartbeatSeconds: 5, pollSeconds: 20, updateHealthSeconds: null });
    expect(effectiveSettings(fleet, null)).toEqual(fleet);
    expect(effectiveSettings(null, null)).toEqual(NO_SETTINGS);
    expect(isEmptySettings(NO_SETTINGS)).toBe(true);
    expect(isEmptySettings(edge)).toBe(false);
  });
  it('read in words', () => {
    expect(settingsText({ heartbeatSeconds: 15, pollSeconds: null, updateHealthSeconds: 120 })).toBe('heartbeat 15 s, update health window 120 s');
    expect(settingsText(NO_SETTINGS)).toBe('none');
    expect(secondsOr(15, '—')).toBe('15 s');
    expect(secondsOr(null, "agent's own")).toBe("agent's own");
  });
});
