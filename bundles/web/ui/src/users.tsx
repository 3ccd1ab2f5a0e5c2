// Users: added with a role, their role changed, their password set, disabled and enabled again (not one's own).
// Directory accounts appear at their first sign-in; their role, name and email follow the directory, their password
// is the directory's, so only disabling them is offered.
import { useState } from 'preact/hooks';
import type { Api, Page, Role } from './api';
import { userActions, userSource, type UserAccount } from './directoryLogic';
import { dateTime, relativeTime } from './format';
import { MIN_PASSWORD } from './password';
import { Badge, ErrorText, Link, usePoll } from './widgets';

const ROLES: Role[] = ['VIEWER', 'MANAGER', 'ADMIN'];

export function Users({ api, self }: { api: Api; self: string }) {
  const { data, error, reload } = usePoll<Page<UserAccount>>(api, '/api/v1/users?limit=1000', null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('VIEWER');
  const [message, setMessage] = useState<string | null>(null);
  const [settingPassword, setSettingPassword] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>, done: string) => {
    try { await work(); setMessage(done); reload(); return true; } catch (e) { setMessage((e as Error).message); return false; }
  };
  const directoryUsers = data?.items.filter((u) => u.directory).length ?? 0;
  return (
    <>
      <h1>Users</h1>
      <p class="hint lead">Local accounts are added here. Directory accounts appear at their first sign-in
        (see <Link to="/directory">Directory</Link>): their role, name and email follow the directory at each sign-in, and their password is the
        directory's.</p>
      <form class="panel inline" onSubmit={(e) => { e.preventDefault(); run(() => api.post('/api/v1/users', { username, password, role }), `User ${username} added.`); }}>
        <label>Username<input value={username} onInput={(e) => setUsername(e.currentTarget.value)} required maxLength={64} /></label>
        <label>Password ({MIN_PASSWORD}+ characters)<input type="password" autoComplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} required minLength={MIN_PASSWORD} /></label>
        <label>Role<select value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>{ROLES.map((r) => <option>{r}</option>)}</select></label>
        <button type="submit">Add local user</button>
      </form>
      {message && <p role="status" data-testid="users-message">{message}</p>}
      <ErrorText error={error} />
      {data && (
        <table data-testid="users">
          <thead><tr><th>User</th><th>Email</th><th>Source</th><th>Role</th><th>Status</th><th>Last login</th><th></th></tr></thead>
          <tbody>{data.items.map((u) => {
            const may = userActions(u, self);
            return (
              <tr data-testid={`user-row-${u.username}`}>
                <td><strong>{u.username}</strong>{u.displayName && <div class="hint" data-testid={`user-name-${u.username}`}>{u.displayName}</div>}</td>
                <td data-testid={`user-email-${u.username}`}>{u.email ? <a href={`mailto:${u.email}`}>{u.email}</a> : <span class="hint">—</span>}</td>
                <td><span class={`badge badge-source-${userSource(u).toLowerCase()}`} data-testid={`user-source-${u.username}`}
                  title={u.directory ? 'Signs in with the company directory\'s password' : 'Signs in with a password kept by this server'}>{userSource(u)}</span></td>
                <td data-testid={`user-role-${u.username}`}>{may.role ? (
                  <select aria-label={`Role of ${u.username}`} value={u.role} onChange={(e) => run(() => api.patch(`/api/v1/users/${u.username}`, { role: e.currentTarget.value }), `${u.username} is now ${e.currentTarget.value}.`)}>
                    {ROLES.map((r) => <option>{r}</option>)}</select>)
                  : <>{u.role}{u.directory && <div class="hint">from the directory groups</div>}</>}</td>
                <td><Badge value={u.disabled ? 'DISABLED' : 'ACTIVE'} /></td>
                <td title={u.lastLoginAt ? dateTime(u.lastLoginAt) : undefined}>{relativeTime(u.lastLoginAt)}</td>
                <td>
                  <span class="actions">
                    {may.disable && <button type="button" class="secondary" data-testid={`user-toggle-${u.username}`}
                      onClick={() => run(() => api.patch(`/api/v1/users/${u.username}`, { disabled: !u.disabled }), `${u.username} ${u.disabled ? 'enabled' : 'disabled'}.`)}>{u.disabled ? 'Enable' : 'Disable'}</button>}
                    {may.password && settingPassword !== u.username && <button type="button" class="secondary" data-testid={`user-password-open-${u.username}`}
                      onClick={() => { setSettingPassword(u.username); setMessage(null); }}>Set password</button>}
                  </span>
                  {may.password && settingPassword === u.username && (
                    <SetPassword username={u.username} onCancel={() => setSettingPassword(null)}
                      onSave={async (next) => {
                        if (await run(() => api.patch(`/api/v1/users/${u.username}`, { password: next }), `${u.username}'s password was set; their sessions ended.`)) setSettingPassword(null);
                      }} />
                  )}
                </td>
              </tr>
            );
          })}</tbody></table>
      )}
      {data && directoryUsers === 0 && <p class="hint">No directory account has signed in yet.</p>}
    </>
  );
}

function SetPassword({ username, onSave, onCancel }: { username: string; onSave: (password: string) => Promise<void>; onCancel: () => void }) {
  const [next, setNext] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form class="inline set-password" data-testid={`user-password-${username}`} onSubmit={(e) => {
      e.preventDefault();
      if (next.length < MIN_PASSWORD) { setProblem(`At least ${MIN_PASSWORD} characters.`); return; }
      setProblem(null);
      onSave(next);
    }}>
      <label>New password for {username}<input type="password" autoComplete="new-password" value={next} data-testid={`user-password-new-${username}`}
        onInput={(e) => setNext(e.currentTarget.value)} /></label>
      <button type="submit" data-testid={`user-password-save-${username}`}>Set</button>
      <button type="button" class="secondary" onClick={onCancel}>Cancel</button>
      <ErrorText error={problem} />
    </form>
  );
}
