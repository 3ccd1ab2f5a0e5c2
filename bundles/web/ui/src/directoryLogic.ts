// Directory (LDAP) sign-in: API types and the pure rules behind the Directory page (directory.tsx): the settings as a
// form and back, the group lists (one group per line), the checks the server makes before it stores them, and a
// connection test's result as a checklist. Unit-tested.
import type { Role } from './api';

// ---- types of the API (DirectoryResource) ----
/**
 * GET/PUT /api/v1/directory. `bindPassword` is write-only: a read answers null and says `bindPasswordSet`; on a PUT
 * null keeps the stored one and a string replaces it ("" forgets it: the service account binds with no password).
 */
export interface DirectorySettings {
  enabled: boolean; url: string | null; startTls: boolean; bindDn: string | null; bindPassword: string | null; bindPasswordSet: boolean;
  userBaseDn: string | null; userFilter: string | null; groupBaseDn: string | null; groupFilter: string | null;
  adminGroups: string[]; managerGroups: string[]; viewerGroups: string[]; displayNameAttribute: string | null;
  emailAttribute: string | null; disabledFilter: string | null; timeoutSeconds: number | null;
}

/** POST /api/v1/directory/test: settings to try (nothing is stored), and optionally a user to look up and sign in as. */
export interface DirectoryTestRequest { settings: DirectorySettings; username: string | null; password: string | null }

/** What the test found; `role` null: the user's groups give no access. `authenticated` null: no password was tried. */
export interface DirectoryTestResult {
  connected: boolean; bound: boolean; userDn: string | null; groups: string[]; role: Role | null; displayName: string | null;
  email: string | null; disabled: boolean; authenticated: boolean | null; error: string | null;
}

export const DIRECTORY_API = { settings: '/api/v1/directory', test: '/api/v1/directory/test' };

/** What the server fills in for a blank field. */
export const DIRECTORY_DEFAULTS = {
  userFilter: '(uid={0})', groupFilter: '(member={0})', displayNameAttribute: 'cn', emailAttribute: 'mail', timeoutSeconds: 5,
};
export const MAX_GROUPS = 50;
const MAX_TIMEOUT = 60;

// ---- the form ----
/** The page's form: texts as typed, the group lists one group per line. */
export interface DirectoryForm {
  enabled: boolean; url: string; startTls: boolean; bindDn: string;
  /** a new bind password; empty keeps the stored one (unless `forgetBindPassword`) */
  bindPassword: string;
  /** send "" as the password: bind with the DN and no password (or anonymously without a DN) */
  forgetBindPassword: boolean;
  userBaseDn: string; userFilter: string; groupBaseDn: string; groupFilter: string;
  adminGroups: string; managerGroups: string; viewerGroups: string;
  displayNameAttribute: string; emailAttribute: string; disabledFilter: string; timeoutSeconds: string;
}

/** The form's own field paths, as the server names them in `fields`; messages for other paths are listed on top. */
export const DIRECTORY_FIELDS = ['enabled', 'url', 'startTls', 'bindDn', 'bindPassword', 'userBaseDn', 'userFilter', 'groupBaseDn',
  'groupFilter', 'adminGroups', 'managerGroups', 'viewerGroups', 'displayNameAttribute', 'emailAttribute', 'disabledFilter', 'timeoutSeconds'];

const text = (value: string | null | undefined) => value ?? '';

/** The form for the stored settings (null: none read yet, an empty form). */
export function formFromSettings(settings: DirectorySettings | null): DirectoryForm {
  return {
    enabled: settings?.enabled ?? false,
    url: text(settings?.url),
    startTls: settings?.startTls ?? false,
    bindDn: text(settings?.bindDn),
    bindPassword: '',
    forgetBindPassword: false,
    userBaseDn: text(settings?.userBaseDn),
    userFilter: text(settings?.userFilter) || DIRECTORY_DEFAULTS.userFilter,
    groupBaseDn: text(settings?.groupBaseDn),
    groupFilter: text(settings?.groupFilter) || DIRECTORY_DEFAULTS.groupFilter,
    adminGroups: groupLines(settings?.adminGroups ?? []),
    managerGroups: groupLines(settings?.managerGroups ?? []),
    viewerGroups: groupLines(settings?.viewerGroups ?? []),
    displayNameAttribute: text(settings?.displayNameAttribute) || DIRECTORY_DEFAULTS.displayNameAttribute,
    emailAttribute: text(settings?.emailAttribute) || DIRECTORY_DEFAULTS.emailAttribute,
    disabledFilter: text(settings?.disabledFilter),
    timeoutSeconds: String(settings?.timeoutSeconds ?? DIRECTORY_DEFAULTS.timeoutSeconds),
  };
}

/**
 * The groups of one role, one per line. A group is its cn ("fleet-admins") or its whole DN
 * ("cn=fleet-admins,ou=groups,dc=example,dc=com"): DNs hold commas, so only line breaks separate groups. Blank lines
 * go, each group is trimmed and listed once.
 */
export function parseGroups(lines: string): string[] {
  const groups: string[] = [];
  for (const line of lines.split(/\r?\n/)) {
    const group = line.trim();
    if (group && !groups.includes(group)) groups.push(group);
  }
  return groups;
}

export const groupLines = (groups: string[]) => groups.join('\n');

const blankToNull = (value: string) => (value.trim() === '' ? null : value.trim());

/**
 * The settings the form holds, as PUT and the connection test take them, with what is wrong by field (the server's
 * own checks: it would refuse the same). Switched off, only the shape of each value is checked, so half-finished
 * settings can be stored and tested; switched on, a URL, a user base and at least one mapped group are needed.
 */
export function settingsFromForm(form: DirectoryForm): { settings: DirectorySettings; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const url = blankToNull(form.url);
  if (url && !/^ldaps?:\/\/\S+$/i.test(url)) errors.url = 'Starts with ldap:// or ldaps://, e.g. ldaps://ldap.example.com:636.';
  else if (url && form.startTls && /^ldaps:/i.test(url)) errors.startTls = 'StartTLS is for ldap:// URLs; ldaps:// is TLS from the start.';
  const groups = { adminGroups: parseGroups(form.adminGroups), managerGroups: parseGroups(form.managerGroups), viewerGroups: parseGroups(form.viewerGroups) };
  for (const [field, list] of Object.entries(groups)) {
    if (list.length > MAX_GROUPS) errors[field] = `At most ${MAX_GROUPS} groups, these are ${list.length}.`;
    else if (list.some((g) => g.length > 512)) errors[field] = 'A group is at most 512 characters.';
  }
  const userFilter = blankToNull(form.userFilter);
  if (userFilter && !userFilter.includes('{0}')) errors.userFilter = 'Needs {0} where the username goes, e.g. (uid={0}).';
  const timeoutText = form.timeoutSeconds.trim();
  const timeout = timeoutText === '' ? null : Number(timeoutText);
  if (timeout != null && (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_TIMEOUT)) {
    errors.timeoutSeconds = `Whole seconds from 1 to ${MAX_TIMEOUT}.`;
  }
  if (form.bindPassword.length > 256) errors.bindPassword = 'At most 256 characters.';
  if (form.enabled) {
    if (!url) errors.url = errors.url ?? 'Give the directory\'s URL to switch directory sign-in on, e.g. ldaps://ldap.example.com.';
    if (!blankToNull(form.userBaseDn)) errors.userBaseDn = 'Give the DN users are found under, e.g. ou=people,dc=example,dc=com.';
    if (!groups.adminGroups.length && !groups.managerGroups.length && !groups.viewerGroups.length) {
      errors.viewerGroups = errors.viewerGroups ?? 'Map at least one group to a role: otherwise nobody could sign in.';
    }
  }
  const bindPassword = form.bindPassword !== '' ? form.bindPassword : form.forgetBindPassword ? '' : null;
  const settings: DirectorySettings = {
    enabled: form.enabled,
    url,
    startTls: form.startTls,
    bindDn: blankToNull(form.bindDn),
    bindPassword,
    bindPasswordSet: bindPassword == null ? false : bindPassword !== '',
    userBaseDn: blankToNull(form.userBaseDn),
    userFilter,
    groupBaseDn: blankToNull(form.groupBaseDn),
    groupFilter: blankToNull(form.groupFilter),
    ...groups,
    displayNameAttribute: blankToNull(form.displayNameAttribute),
    emailAttribute: blankToNull(form.emailAttribute),
    disabledFilter: blankToNull(form.disabledFilter),
    timeoutSeconds: timeout != null && Number.isFinite(timeout) ? timeout : null,
  };
  return { settings, errors };
}

/** The body of the connection test: the form's settings, and the user to try when one is named. */
export function testRequest(form: DirectoryForm, username: string, password: string): DirectoryTestRequest {
  const name = username.trim();
  return { settings: settingsFromForm(form).settings, username: name || null, password: name && password !== '' ? password : null };
}

/** What the bind password field says about the stored one. */
export function bindPasswordHint(stored: DirectorySettings | null, form: DirectoryForm): string {
  if (form.bindPassword !== '') return 'Replaces the stored password when saved.';
  if (form.forgetBindPassword) return 'The stored password is forgotten when saved: the service account binds without one.';
  return stored?.bindPasswordSet ? 'A password is stored; leave this empty to keep it.' : 'No password stored.';
}

/** What Save says it did. */
export function savedText(saved: DirectorySettings): string {
  if (!saved.enabled) return 'Saved. Directory sign-in is off: only local accounts sign in.';
  const roles = [saved.adminGroups.length && 'ADMIN', saved.managerGroups.length && 'MANAGER', saved.viewerGroups.length && 'VIEWER'].filter(Boolean);
  return `Saved. Directory sign-in is on: members of the groups mapped to ${roles.join(', ')} sign in with their directory password.`;
}

// ---- the connection test ----
export type CheckState = 'ok' | 'failed' | 'skipped' | 'info';
/** One line of the test's checklist; `key` names its data-testid (directory-test-<key>). */
export interface CheckItem { key: string; state: CheckState; label: string; detail?: string }

export const CHECK_MARK: Record<CheckState, string> = { ok: '✓', failed: '✗', skipped: '–', info: '•' };

/**
 * A test's result as a checklist: connected, bound with the service account, the user found (with their DN), their
 * groups, the role those give (or no access), and whether the password signs them in. What could not be tried because
 * an earlier step failed, or because no username or password was given, is skipped.
 */
export function testChecklist(result: DirectoryTestResult, username: string | null, password: boolean): CheckItem[] {
  const items: CheckItem[] = [];
  items.push(result.connected
    ? { key: 'connected', state: 'ok', label: 'Connected to the directory' }
    : { key: 'connected', state: 'failed', label: 'Could not connect to the directory' });
  items.push(!result.connected
    ? { key: 'bound', state: 'skipped', label: 'Bind with the service account not tried' }
    : result.bound
      ? { key: 'bound', state: 'ok', label: 'Bound with the service account' }
      : { key: 'bound', state: 'failed', label: 'The directory refused the service account' });
  const user = username?.trim() || null;
  if (!user) {
    items.push({ key: 'user', state: 'skipped', label: 'No username given: no user looked up' });
    return items;
  }
  if (!result.bound) {
    items.push({ key: 'user', state: 'skipped', label: `User ${user} not looked up` });
    return items;
  }
  if (!result.userDn) {
    items.push({ key: 'user', state: 'failed', label: `User ${user} not found`, detail: 'No entry under the user base matches the user filter.' });
    return items;
  }
  const who = [result.displayName, result.email].filter(Boolean).join(', ');
  items.push({ key: 'user', state: 'ok', label: `User ${user} found`, detail: who ? `${result.userDn} (${who})` : result.userDn });
  if (result.disabled) items.push({ key: 'disabled', state: 'failed', label: 'The account is disabled in the directory', detail: 'It matches the disabled filter: it cannot sign in.' });
  items.push(result.groups.length
    ? { key: 'groups', state: 'info', label: `Member of ${result.groups.length} group${result.groups.length === 1 ? '' : 's'}`, detail: result.groups.join('; ') }
    : { key: 'groups', state: 'info', label: 'Member of no group found under the group base' });
  items.push(result.role
    ? { key: 'role', state: 'ok', label: `Role ${result.role}` }
    : { key: 'role', state: 'failed', label: 'No access', detail: 'None of the user\'s groups is mapped to a role.' });
  if (result.authenticated == null) {
    items.push({ key: 'authenticated', state: 'skipped', label: password ? 'Sign-in not tried' : 'No password given: sign-in not tried' });
  } else {
    items.push(result.authenticated
      ? { key: 'authenticated', state: 'ok', label: `The password signs ${user} in` }
      : { key: 'authenticated', state: 'failed', label: `The password does not sign ${user} in` });
  }
  return items;
}

/** The test in a sentence: whether the user could sign in, and as what. */
export function testSummary(result: DirectoryTestResult, username: string | null): string {
  const user = username?.trim() || null;
  if (!result.connected) return 'The directory cannot be reached with these settings.';
  if (!result.bound) return 'The directory refused the service account.';
  if (!user) return 'The directory answers; give a username to try a user.';
  if (!result.userDn) return `The directory answers, but has no user ${user}.`;
  if (result.disabled) return `${user} is disabled in the directory and cannot sign in.`;
  if (!result.role) return `${user} is found but has no access: none of their groups is mapped to a role.`;
  if (result.authenticated === false) return `${user} would be ${result.role}, but the password was refused.`;
  if (result.authenticated) return `${user} signs in as ${result.role}.`;
  return `${user} would sign in as ${result.role}; give the password to try it.`;
}

// ---- on the Users page ----
/** An account as GET /users lists it: directory accounts carry the name and email the directory gave at the last sign-in. */
export interface UserAccount {
  id: number; username: string; role: Role; disabled: boolean; createdAt: string; lastLoginAt?: string | null;
  directory?: boolean; displayName?: string | null; email?: string | null;
}

/** Where an account signs in: "Directory" (the company directory's password, role from its groups) or "Local". */
export const userSource = (user: Pick<UserAccount, 'directory'>) => (user.directory ? 'Directory' : 'Local');

/**
 * What an admin may change of an account: the role and the password only of local accounts (a directory account's
 * role follows its groups at each sign-in, its password is the directory's); one's own role and state never.
 */
export function userActions(user: Pick<UserAccount, 'username' | 'directory'>, self: string): { role: boolean; password: boolean; disable: boolean } {
  const other = user.username !== self;
  return { role: other && !user.directory, password: other && !user.directory, disable: other };
}
