// Changing one's own password: the current one, the new one twice. The server ends every session of the user and
// sets a new cookie for this one, so this tab stays signed in and every other one is signed out.
import { useState } from 'preact/hooks';
import { type Api, ApiError } from './api';
import { ErrorText } from './widgets';

export const MIN_PASSWORD = 12;

/** What is wrong with the two new entries before the server is asked, or null. */
export function newPasswordProblem(next: string, repeated: string): string | null {
  if (next.length < MIN_PASSWORD) return `The new password needs at least ${MIN_PASSWORD} characters.`;
  if (next !== repeated) return 'The two new passwords differ.';
  return null;
}

export function PasswordChange({ api, onDone, onCancel }: { api: Api; onDone: () => void; onCancel: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeated, setRepeated] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = newPasswordProblem(next, repeated);
    if (problem) { setError(problem); return; }
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/v1/auth/password', { currentPassword: current, newPassword: next, cookie: true });
      onDone();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.detail : 'The server cannot be reached.');
      setBusy(false);
    }
  };
  return (
    <form class="panel notice" role="dialog" aria-labelledby="password-title" data-testid="password-change" onSubmit={submit}>
      <h2 id="password-title">Change your password</h2>
      <p>Your other sessions (other browsers, API tokens of yours) end; this one stays signed in.</p>
      <label>Current password<input type="password" data-testid="password-current" autoComplete="current-password"
        value={current} onInput={(e) => setCurrent(e.currentTarget.value)} required /></label>
      <label>New password (at least {MIN_PASSWORD} characters)<input type="password" data-testid="password-new"
        autoComplete="new-password" value={next} onInput={(e) => setNext(e.currentTarget.value)} required /></label>
      <label>Repeat the new password<input type="password" data-testid="password-repeat" autoComplete="new-password"
        value={repeated} onInput={(e) => setRepeated(e.currentTarget.value)} required /></label>
      <span class="actions">
        <button type="submit" data-testid="password-save" disabled={busy}>{busy ? 'Changing…' : 'Change password'}</button>
        <button type="button" class="secondary" data-testid="password-cancel" onClick={onCancel}>Cancel</button>
      </span>
      <ErrorText error={error} />
    </form>
  );
}
