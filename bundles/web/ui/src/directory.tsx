// The Directory page (admins): how operators sign in with the company directory (LDAP), and a connection test of the
// settings as typed, before they are saved. The rules live in directoryLogic.ts.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Api } from './api';
import {
  bindPasswordHint, CHECK_MARK, DIRECTORY_API, DIRECTORY_DEFAULTS, DIRECTORY_FIELDS, formFromSettings, MAX_GROUPS, savedText, settingsFromForm,
  testChecklist, testRequest, testSummary, type DirectoryForm, type DirectorySettings, type DirectoryTestResult,
} from './directoryLogic';
import { formErrors, NO_ERRORS, type FormErrors } from './streamLogic';
import { ErrorText, Field, FormProblems, Link, Progress, usePoll } from './widgets';

type TextKey = { [K in keyof DirectoryForm]: DirectoryForm[K] extends string ? K : never }[keyof DirectoryForm];

export function Directory({ api }: { api: Api }) {
  const { data, error } = usePoll<DirectorySettings>(api, DIRECTORY_API.settings, null);
  const [stored, setStored] = useState<DirectorySettings | null>(null);
  const [form, setForm] = useState<DirectoryForm | null>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const [sending, setSending] = useState(false);
  useEffect(() => {
    if (data && !form) { setStored(data); setForm(formFromSettings(data)); }
  }, [data]);

  if (!form) return <><h1>Directory</h1>{error ? <ErrorText error={error} /> : <Progress />}</>;

  const set = <K extends keyof DirectoryForm>(key: K, value: DirectoryForm[K]) => {
    setForm((f) => (f ? { ...f, [key]: value } : f));
    setMessage(null);
    // a field's message goes once it is edited
    setErrors((e) => {
      if (!(key in e.fields)) return e;
      const { [key as string]: _gone, ...rest } = e.fields;
      return { ...e, fields: rest };
    });
  };
  const save = async (e: Event) => {
    e.preventDefault();
    const { settings, errors: own } = settingsFromForm(form);
    if (Object.keys(own).length > 0) {
      setErrors({ detail: null, fields: own });
      setMessage({ text: 'Some values need fixing before the settings can be saved.', ok: false });
      return;
    }
    setSending(true);
    try {
      const saved = await api.put<DirectorySettings>(DIRECTORY_API.settings, settings);
      setStored(saved);
      setForm(formFromSettings(saved));
      setErrors(NO_ERRORS);
      setMessage({ text: savedText(saved), ok: true });
    } catch (failure) {
      const found = formErrors(failure);
      setErrors({ detail: null, fields: found.fields });
      setMessage({ text: found.detail ?? 'Nothing was saved.', ok: false });
    } finally {
      setSending(false);
    }
  };
  const invalid = (path: string) => !!errors.fields[path];
  const others = Object.entries(errors.fields).filter(([path]) => !DIRECTORY_FIELDS.includes(path));
  const input = (key: TextKey, label: string, testId: string | undefined, help?: string, placeholder?: string, extra: { class?: string; maxLength?: number; autoComplete?: string } = {}) => (
    <Field label={label} path={key} errors={errors} help={help}>
      <input data-testid={testId} value={form[key]} placeholder={placeholder} aria-invalid={invalid(key)} spellcheck={false}
        class={extra.class} maxLength={extra.maxLength} autoComplete={extra.autoComplete} onInput={(e) => set(key, e.currentTarget.value)} />
    </Field>
  );
  const groups = (key: 'adminGroups' | 'managerGroups' | 'viewerGroups', role: string, testId: string) => (
    <Field label={`${role} groups`} path={key} errors={errors}>
      <textarea data-testid={testId} rows={3} value={form[key]} aria-invalid={invalid(key)} spellcheck={false}
        placeholder={role === 'ADMIN' ? 'fleet-admins' : role === 'MANAGER' ? 'fleet-operators' : 'fleet-viewers'}
        onInput={(e) => set(key, e.currentTarget.value)} />
    </Field>
  );
  return (
    <>
      <h1>Directory</h1>
      <p class="hint lead">Operators sign in with their company directory (LDAP) account: the server finds the user, signs in as them with the
        password they typed, and gives them the highest role their groups map to. Their account appears under <Link to="/users">Users</Link> at
        the first sign-in; role, name and email follow the directory at each one. Local accounts keep working.</p>
      <form class="panel directory-form" onSubmit={save} noValidate aria-labelledby="directory-form-title" data-testid="directory-form">
        <header class="panel-head">
          <h2 id="directory-form-title">Settings</h2>
          <label class="check-label"><input type="checkbox" data-testid="directory-enabled" checked={form.enabled}
            onChange={(e) => set('enabled', e.currentTarget.checked)} /> Directory sign-in switched on</label>
        </header>
        <FormProblems errors={errors} others={others} testId="directory-form" />
        <fieldset class="params">
          <legend>Server</legend>
          <div class="inline">
            {input('url', 'URL', 'directory-url', 'ldap:// or ldaps:// with the port when it is not the usual one.', 'ldaps://ldap.example.com:636',
              { class: 'wide', maxLength: 512 })}
            <Field label="Timeout (seconds)" path="timeoutSeconds" errors={errors} help="For connecting and each search, 1 to 60.">
              <input type="number" min="1" max="60" step="1" data-testid="directory-timeout" value={form.timeoutSeconds}
                placeholder={String(DIRECTORY_DEFAULTS.timeoutSeconds)} aria-invalid={invalid('timeoutSeconds')}
                onInput={(e) => set('timeoutSeconds', e.currentTarget.value)} />
            </Field>
          </div>
          <Field label={<span class="check-label"><input type="checkbox" data-testid="directory-start-tls" checked={form.startTls}
            onChange={(e) => set('startTls', e.currentTarget.checked)} /> StartTLS: switch an ldap:// connection to TLS before binding</span>}
            path="startTls" errors={errors}>{null}</Field>
          <div class="inline">
            {input('bindDn', 'Service account (bind DN)', 'directory-bind-dn', 'Searches for users and groups; empty: anonymous.',
              'cn=reader,dc=example,dc=com', { class: 'wide', maxLength: 512, autoComplete: 'off' })}
            <Field label="Service account password" path="bindPassword" errors={errors} help={bindPasswordHint(stored, form)}>
              <input type="password" data-testid="directory-bind-password" value={form.bindPassword} autoComplete="new-password" maxLength={256}
                placeholder={stored?.bindPasswordSet ? '•••••••• (stored)' : ''} aria-invalid={invalid('bindPassword')}
                onInput={(e) => set('bindPassword', e.currentTarget.value)} />
            </Field>
          </div>
          {stored?.bindPasswordSet && form.bindPassword === '' && (
            <label class="check-label"><input type="checkbox" data-testid="directory-forget-password" checked={form.forgetBindPassword}
              onChange={(e) => set('forgetBindPassword', e.currentTarget.checked)} /> Forget the stored password</label>
          )}
        </fieldset>
        <fieldset class="params">
          <legend>Users</legend>
          <div class="inline">
            {input('userBaseDn', 'User base DN', 'directory-user-base-dn', 'Users are searched under it (the whole subtree).',
              'ou=people,dc=example,dc=com', { class: 'wide', maxLength: 512 })}
            {input('userFilter', 'User filter', 'directory-user-filter', '{0} is the username as typed at sign-in (escaped).',
              DIRECTORY_DEFAULTS.userFilter, { maxLength: 512 })}
          </div>
          <div class="inline">
            {input('displayNameAttribute', 'Display name attribute', 'directory-display-name-attribute', undefined, DIRECTORY_DEFAULTS.displayNameAttribute, { maxLength: 64 })}
            {input('emailAttribute', 'Email attribute', 'directory-email-attribute', undefined, DIRECTORY_DEFAULTS.emailAttribute, { maxLength: 64 })}
            {input('disabledFilter', 'Disabled filter (optional)', 'directory-disabled-filter', 'Accounts matching it cannot sign in.',
              '(pwdAccountLockedTime=*)', { maxLength: 512 })}
          </div>
        </fieldset>
        <fieldset class="params">
          <legend>Groups and roles</legend>
          <div class="inline">
            {input('groupBaseDn', 'Group base DN', 'directory-group-base-dn', 'Groups are searched under it; empty: no groups, so no access.',
              'ou=groups,dc=example,dc=com', { class: 'wide', maxLength: 512 })}
            {input('groupFilter', 'Group filter', 'directory-group-filter', '{0} is the user\'s DN, {1} the username.', DIRECTORY_DEFAULTS.groupFilter, { maxLength: 512 })}
          </div>
          <p class="hint">One group per line, by its cn (fleet-admins) or its whole DN; at most {MAX_GROUPS} each. A user in groups of several roles
            gets the highest; a user in none of them cannot sign in.</p>
          <div class="inline groups">
            {groups('adminGroups', 'ADMIN', 'directory-admin-groups')}
            {groups('managerGroups', 'MANAGER', 'directory-manager-groups')}
            {groups('viewerGroups', 'VIEWER', 'directory-viewer-groups')}
          </div>
        </fieldset>
        <span class="actions">
          <button type="submit" data-testid="directory-save" disabled={sending}>{sending ? 'Saving…' : 'Save'}</button>
          {message && <span role={message.ok ? 'status' : 'alert'} class={message.ok ? 'ok' : 'error'} data-testid="directory-message">{message.text}</span>}
        </span>
      </form>
      <ConnectionTest api={api} form={form} />
    </>
  );
}

/** Tries the form's settings as they are now (nothing is stored), optionally with a user and their password. */
function ConnectionTest({ api, form }: { api: Api; form: DirectoryForm }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ result: DirectoryTestResult; username: string | null; password: boolean } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const run = async (e: Event) => {
    e.preventDefault();
    const request = testRequest(form, username, password);
    setBusy(true);
    setFailure(null);
    try {
      const result = await api.post<DirectoryTestResult>(DIRECTORY_API.test, request);
      setOutcome({ result, username: request.username, password: request.password != null });
    } catch (problem) {
      setOutcome(null);
      setFailure(problem instanceof ApiError ? problem.detail : (problem as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const items = outcome ? testChecklist(outcome.result, outcome.username, outcome.password) : [];
  const error = failure ?? outcome?.result.error ?? null;
  return (
    <form class="panel directory-test" onSubmit={run} aria-labelledby="directory-test-title">
      <h2 id="directory-test-title">Test connection</h2>
      <p class="hint lead">Tries the settings above as they are now, saved or not; nothing is stored. With a username the user is looked up,
        with their password too the server signs in as them.</p>
      <div class="inline">
        <label>Username (optional)<input data-testid="directory-test-username" value={username} autoComplete="off" maxLength={64} spellcheck={false}
          onInput={(e) => setUsername(e.currentTarget.value)} /></label>
        <label>Password (optional)<input type="password" data-testid="directory-test-password" value={password} autoComplete="new-password" maxLength={256}
          onInput={(e) => setPassword(e.currentTarget.value)} /></label>
        <button type="submit" data-testid="directory-test" disabled={busy}>{busy ? 'Testing…' : 'Test connection'}</button>
      </div>
      {outcome && (
        <div data-testid="directory-test-result" role="status">
          <p class={outcome.result.error ? 'error' : 'ok'} data-testid="directory-test-summary"><strong>{testSummary(outcome.result, outcome.username)}</strong></p>
          <ul class="checklist">{items.map((item) => (
            <li class={`check-${item.state}`} data-testid={`directory-test-${item.key}`} data-state={item.state}>
              <span class="mark" aria-hidden="true">{CHECK_MARK[item.state]}</span>
              <span class="sr-only">{item.state === 'ok' ? 'passed: ' : item.state === 'failed' ? 'failed: ' : item.state === 'skipped' ? 'skipped: ' : ''}</span>
              <span>{item.label}{item.detail && <span class="hint"> · <span class="wrap">{item.detail}</span></span>}</span>
            </li>
          ))}</ul>
        </div>
      )}
      {error && <p class="error" role="alert" data-testid="directory-test-error">{error}</p>}
    </form>
  );
}
