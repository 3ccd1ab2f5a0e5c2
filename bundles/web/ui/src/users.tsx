// Users: added with a role, their role changed, disabled and enabled again (not one's own).
import { useState } from 'preact/hooks';
import type { Api, Page, Role } from './api';
import { relativeTime } from './format';
import { Badge, ErrorText, usePoll } from './widgets';

interface User { id: number; username: string; role: Role; disabled: boolean; createdAt: string; lastLoginAt?: string }

export function Users({ api, self }: { api: Api; self: string }) {
  const { data, error, reload } = usePoll<Page<User>>(api, '/api/v1/users?limit=1000', null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('VIEWER');
  const [message, setMessage] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>, done: string) => {
    try { await work(); setMessage(done); reload(); } catch (e) { setMessage((e as Error).message); }
  };
  return (
    <>
      <h1>Users</h1>
      <form class="panel inline" onSubmit={(e) => { e.preventDefault(); run(() => api.post('/api/v1/users', { username, password, role }), `User ${username} added.`); }}>
        <label>Username<input value={username} onInput={(e) => setUsername(e.currentTarget.value)} required maxLength={64} /></label>
        <label>Password (12+ characters)<input type="password" autoComplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} required minLength={12} /></label>
        <label>Role<select value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>{['VIEWER', 'MANAGER', 'ADMIN'].map((r) => <option>{r}</option>)}</select></label>
        <button type="submit">Add user</button>
      </form>
      {message && <p role="status">{message}</p>}
      <ErrorText error={error} />
      {data && (
        <table><thead><tr><th>User</th><th>Role</th><th>Status</th><th>Last login</th><th></th></tr></thead>
          <tbody>{data.items.map((u) => (
            <tr><td>{u.username}</td>
              <td>{u.username === self ? u.role : (
                <select aria-label={`Role of ${u.username}`} value={u.role} onChange={(e) => run(() => api.patch(`/api/v1/users/${u.username}`, { role: e.currentTarget.value }), `${u.username} is now ${e.currentTarget.value}.`)}>
                  {['VIEWER', 'MANAGER', 'ADMIN'].map((r) => <option>{r}</option>)}</select>)}</td>
              <td><Badge value={u.disabled ? 'DISABLED' : 'ACTIVE'} /></td><td>{relativeTime(u.lastLoginAt)}</td>
              <td>{u.username !== self && <button type="button" class="secondary" onClick={() => run(() => api.patch(`/api/v1/users/${u.username}`, { disabled: !u.disabled }), `${u.username} ${u.disabled ? 'enabled' : 'disabled'}.`)}>{u.disabled ? 'Enable' : 'Disable'}</button>}</td></tr>
          ))}</tbody></table>
      )}
    </>
  );
}
