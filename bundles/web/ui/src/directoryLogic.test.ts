import { describe, expect, it } from 'vitest';
import {
  bindPasswordHint, formFromSettings, groupLines, parseGroups, savedText, settingsFromForm, testChecklist, testRequest, testSummary,
  userActions, userSource, type DirectoryForm, type DirectorySettings, type DirectoryTestResult,
} from './directoryLogic';

const STORED: DirectorySettings = {
  enabled: true, url: 'ldaps://ldap.example.com:636', startTls: false, bindDn: 'cn=reader,dc=example,dc=com', bindPassword: null,
  bindPasswordSet: true, userBaseDn: 'ou=people,dc=example,dc=com', userFilter: '(uid={0})', groupBaseDn: 'ou=groups,dc=example,dc=com',
  groupFilter: '(member={0})', adminGroups: ['fleet-admins'], managerGroups: ['fleet-operators', 'cn=ops,ou=groups,dc=example,dc=com'],
  viewerGroups: [], displayNameAttribute: 'cn', emailAttribute: 'mail', disabledFilter: null, timeoutSeconds: 5,
};

const form = (change: Partial<DirectoryForm> = {}): DirectoryForm => ({ ...formFromSettings(STORED), ...change });

const RESULT: DirectoryTestResult = {
  connected: true, bound: true, userDn: 'uid=grace,ou=people,dc=example,dc=com', groups: ['fleet-operators'], role: 'MANAGER',
  displayName: 'Grace Hopper', email: 'grace@example.com', disabled: false, authenticated: true, error: null,
};

describe('group lists', () => {
  it('takes one group per line: DNs keep their commas, blanks and repeats go', () => {
    expect(parseGroups(' fleet-admins \n\ncn=ops,ou=groups,dc=example,dc=com\r\nfleet-admins\n  ')).toEqual(['fleet-admins', 'cn=ops,ou=groups,dc=example,dc=com']);
    expect(parseGroups('')).toEqual([]);
    expect(groupLines(['a', 'cn=b,dc=x'])).toBe('a\ncn=b,dc=x');
  });
});

describe('the settings form', () => {
  it('shows the stored settings, the password never, and comes back unchanged', () => {
    const f = formFromSettings(STORED);
    expect(f.bindPassword).toBe('');
    expect(f.managerGroups).toBe('fleet-operators\ncn=ops,ou=groups,dc=example,dc=com');
    expect(f.timeoutSeconds).toBe('5');
    const { settings, errors } = settingsFromForm(f);
    expect(errors).toEqual({});
    // null keeps the stored password
    expect(settings).toEqual({ ...STORED, bindPassword: null, bindPasswordSet: false });
  });
  it('fills an empty form with the server\'s defaults and is off', () => {
    const f = formFromSettings(null);
    expect(f).toMatchObject({ enabled: false, url: '', userFilter: '(uid={0})', groupFilter: '(member={0})', displayNameAttribute: 'cn', emailAttribute: 'mail', timeoutSeconds: '5' });
    // switched off, half-finished settings may be stored
    expect(settingsFromForm(f).errors).toEqual({});
  });
  it('sends a new password as typed, or "" to forget the stored one', () => {
    expect(settingsFromForm(form({ bindPassword: ' s3cret ' })).settings.bindPassword).toBe(' s3cret ');
    expect(settingsFromForm(form({ forgetBindPassword: true })).settings.bindPassword).toBe('');
    expect(settingsFromForm(form({ forgetBindPassword: true, bindPassword: 'new' })).settings.bindPassword).toBe('new');
    expect(bindPasswordHint(STORED, form())).toMatch(/stored; leave this empty to keep it/);
    expect(bindPasswordHint({ ...STORED, bindPasswordSet: false }, form())).toBe('No password stored.');
    expect(bindPasswordHint(STORED, form({ bindPassword: 'x' }))).toMatch(/Replaces/);
    expect(bindPasswordHint(STORED, form({ forgetBindPassword: true }))).toMatch(/forgotten/);
  });
  it('trims texts and sends blanks as null, so the server takes its defaults', () => {
    const { settings } = settingsFromForm(form({ url: ' ldap://127.0.0.1:3389 ', bindDn: ' ', userFilter: '', groupFilter: ' ', timeoutSeconds: '', disabledFilter: ' (x=1) ' }));
    expect(settings).toMatchObject({ url: 'ldap://127.0.0.1:3389', bindDn: null, userFilter: null, groupFilter: null, timeoutSeconds: null, disabledFilter: '(x=1)' });
  });
  it('checks what the server would refuse, by field', () => {
    expect(settingsFromForm(form({ url: 'http://ldap.example.com' })).errors.url).toMatch(/ldap:\/\/ or ldaps:\/\//);
    expect(settingsFromForm(form({ startTls: true })).errors).toEqual({ startTls: expect.stringMatching(/ldaps:\/\/ is TLS/) });
    expect(settingsFromForm(form({ url: 'ldap://h', startTls: true })).errors).toEqual({});
    expect(settingsFromForm(form({ userFilter: '(uid=grace)' })).errors.userFilter).toMatch(/\{0\}/);
    for (const timeout of ['0', '61', '2.5', 'ten']) expect(settingsFromForm(form({ timeoutSeconds: timeout })).errors.timeoutSeconds).toMatch(/1 to 60/);
    expect(settingsFromForm(form({ adminGroups: Array.from({ length: 51 }, (_, i) => `g${i}`).join('\n') })).errors.adminGroups).toMatch(/At most 50/);
  });
  it('switched on, needs a URL, a user base and a group mapped to a role', () => {
    const { errors } = settingsFromForm(form({ url: '', userBaseDn: ' ', adminGroups: '', managerGroups: '\n' }));
    expect(Object.keys(errors).sort()).toEqual(['url', 'userBaseDn', 'viewerGroups']);
    expect(errors.viewerGroups).toMatch(/nobody could sign in/);
    expect(settingsFromForm(form({ enabled: false, url: '', userBaseDn: '', adminGroups: '', managerGroups: '' })).errors).toEqual({});
  });
  it('says what saving did', () => {
    expect(savedText(STORED)).toBe('Saved. Directory sign-in is on: members of the groups mapped to ADMIN, MANAGER sign in with their directory password.');
    expect(savedText({ ...STORED, enabled: false })).toMatch(/is off/);
  });
});

describe('the connection test', () => {
  it('tries the form as it is, with the user only when named', () => {
    const f = form({ enabled: false, bindPassword: 'typed' });
    const request = testRequest(f, ' grace ', 'pw');
    expect(request).toEqual({ settings: settingsFromForm(f).settings, username: 'grace', password: 'pw' });
    expect(request.settings.bindPassword).toBe('typed');
    expect(testRequest(f, '', 'pw')).toMatchObject({ username: null, password: null });
    expect(testRequest(f, 'grace', '')).toMatchObject({ username: 'grace', password: null });
  });
  it('lists every step as passed for a user who signs in', () => {
    const items = testChecklist(RESULT, 'grace', true);
    expect(items.map((i) => [i.key, i.state])).toEqual([
      ['connected', 'ok'], ['bound', 'ok'], ['user', 'ok'], ['groups', 'info'], ['role', 'ok'], ['authenticated', 'ok'],
    ]);
    expect(items[2].detail).toBe('uid=grace,ou=people,dc=example,dc=com (Grace Hopper, grace@example.com)');
    expect(items[3].detail).toBe('fleet-operators');
    expect(items[4].label).toBe('Role MANAGER');
    expect(testSummary(RESULT, 'grace')).toBe('grace signs in as MANAGER.');
  });
  it('skips what could not be tried after a failure', () => {
    const down: DirectoryTestResult = { ...RESULT, connected: false, bound: false, userDn: null, groups: [], role: null, authenticated: null, error: 'connection refused' };
    expect(testChecklist(down, 'grace', true).map((i) => [i.key, i.state])).toEqual([['connected', 'failed'], ['bound', 'skipped'], ['user', 'skipped']]);
    expect(testSummary(down, 'grace')).toMatch(/cannot be reached/);
    const refused = { ...down, connected: true };
    expect(testChecklist(refused, 'grace', true).map((i) => i.state)).toEqual(['ok', 'failed', 'skipped']);
    expect(testSummary(refused, null)).toMatch(/refused the service account/);
    const missing = { ...RESULT, userDn: null, groups: [], role: null, authenticated: null };
    expect(testChecklist(missing, 'nobody', false).at(-1)).toMatchObject({ key: 'user', state: 'failed', label: 'User nobody not found' });
    expect(testSummary(missing, 'nobody')).toBe('The directory answers, but has no user nobody.');
  });
  it('names a user without access, a refused password and a disabled account', () => {
    const noRole = { ...RESULT, groups: [], role: null, authenticated: null };
    const items = testChecklist(noRole, 'grace', false);
    expect(items.find((i) => i.key === 'role')).toMatchObject({ state: 'failed', label: 'No access' });
    expect(items.find((i) => i.key === 'groups')?.label).toMatch(/no group/);
    expect(items.find((i) => i.key === 'authenticated')).toMatchObject({ state: 'skipped', label: 'No password given: sign-in not tried' });
    expect(testSummary(noRole, 'grace')).toMatch(/no access/);
    const wrong = { ...RESULT, authenticated: false };
    expect(testChecklist(wrong, 'grace', true).at(-1)).toMatchObject({ key: 'authenticated', state: 'failed' });
    expect(testSummary(wrong, 'grace')).toBe('grace would be MANAGER, but the password was refused.');
    const disabled = { ...RESULT, disabled: true };
    expect(testChecklist(disabled, 'grace', true).find((i) => i.key === 'disabled')?.state).toBe('failed');
    expect(testSummary(disabled, 'grace')).toMatch(/disabled/);
    expect(testChecklist(RESULT, ' ', false).at(-1)).toMatchObject({ key: 'user', state: 'skipped' });
  });
});

describe('accounts on the Users page', () => {
  it('names the source and offers only what applies', () => {
    expect(userSource({ directory: true })).toBe('Directory');
    expect(userSource({ directory: false })).toBe('Local');
    expect(userSource({})).toBe('Local');
    expect(userActions({ username: 'grace', directory: true }, 'admin')).toEqual({ role: false, password: false, disable: true });
    expect(userActions({ username: 'bob', directory: false }, 'admin')).toEqual({ role: true, password: true, disable: true });
    expect(userActions({ username: 'admin', directory: false }, 'admin')).toEqual({ role: false, password: false, disable: false });
  });
});
