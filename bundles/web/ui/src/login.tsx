// The login page: username and password for a session cookie the page's script never sees.
import { useState } from 'preact/hooks';
import { type Api, ApiError, type Role } from './api';
import { ErrorText } from './widgets';

/** Who is signed in; the session token itself is in an HttpOnly cookie this code never sees. */
export interface Session { username: string; role: Role }

export function Login({ api, onLogin, notice }: { api: Api; onLogin: (s: Session) => void; notice: string | null }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await api.post<Session>('/api/v1/auth/login', { username, password, cookie: true });
      onLogin({ username: session.username, role: session.role });
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.detail : 'The server cannot be reached.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="login">
      <form onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">ModelFleet</h1>
        {notice && <p class="notice">{notice}</p>}
        <label>Username<input data-testid="login-username" autoComplete="username" value={username} onInput={(e) => setUsername(e.currentTarget.value)} required /></label>
        <label>Password<input data-testid="login-password" type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} required /></label>
        <ErrorText error={error} />
        <button data-testid="login-submit" type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
