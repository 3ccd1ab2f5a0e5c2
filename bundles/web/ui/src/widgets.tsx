// Small building blocks shared by the pages: links, polling, errors, badges, paging, progress, form fields.
import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { Api } from './api';
import { badgeClass } from './format';
import { fieldError, type FormErrors } from './streamLogic';

export const POLL_MS = 5000;

// ---- navigation ----
export function navigate(path: string) {
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function Link({ to, children, testId }: { to: string; children: ComponentChildren; testId?: string }) {
  return (
    <a href={to} data-testid={testId} onClick={(e) => { if (!e.ctrlKey && !e.metaKey) { e.preventDefault(); navigate(to); } }}>
      {children}
    </a>
  );
}

// ---- data loading with polling ----
export function usePoll<T>(api: Api, path: string | null, intervalMs: number | null = POLL_MS) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    let stopped = false;
    const load = () => api.get<T>(path).then((d) => { if (!stopped) { setData(d); setError(null); } },
      (e: Error) => { if (!stopped) setError(e.message); });
    load();
    const timer = intervalMs ? setInterval(load, intervalMs) : undefined;
    return () => { stopped = true; if (timer) clearInterval(timer); };
  }, [path, tick, intervalMs]);
  return { data, error, reload: () => setTick((t) => t + 1) };
}

export function ErrorText({ error }: { error: string | null }) {
  return error ? <p class="error" role="alert">{error}</p> : null;
}

export function Badge({ value, testId }: { value: string; testId?: string }) {
  return <span class={badgeClass(value)} data-testid={testId}>{value}</span>;
}

export function Pager({ total, offset, limit, onOffset, label = 'Pages' }: { total: number; offset: number; limit: number; onOffset: (o: number) => void; label?: string }) {
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>Previous</button>
      <span>Showing {offset + 1}–{Math.min(offset + limit, total)} of {total}</span>
      <button type="button" disabled={offset + limit >= total} onClick={() => onOffset(offset + limit)}>Next</button>
    </nav>
  );
}

export function Progress() {
  return <div class="progress" role="progressbar" aria-label="Loading"><div /></div>;
}

// ---- forms ----
/** A labelled control with its field error (from the server's `fields`, or the form's own check) and help text. */
export function Field({ label, path, errors, help, children, class: className }: {
  label: ComponentChildren; path: string; errors: FormErrors; help?: ComponentChildren; children: ComponentChildren; class?: string;
}) {
  const message = fieldError(errors, path);
  return (
    <label class={`field${message ? ' invalid' : ''}${className ? ` ${className}` : ''}`}>
      <span>{label}</span>
      {children}
      {message && <span class="field-error" role="alert" data-testid={`error-${path}`}>{message}</span>}
      {help && <span class="hint">{help}</span>}
    </label>
  );
}
