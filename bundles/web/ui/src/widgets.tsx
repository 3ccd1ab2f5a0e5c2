// Small building blocks shared by the pages: links, polling, errors, badges, paging, progress, form fields.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { Api } from './api';
import { badgeClass, bytes } from './format';
import { uploadPercent } from './registry';
import { fieldError, formErrors, NO_ERRORS, type FormErrors } from './streamLogic';

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

/**
 * How far something has come (an upload, a training run, a plugin install): a bar of 0 to 100 % and, next to it, the
 * words a person reads (by default the percentage). Without `percent` the bar says it cannot tell how far.
 */
export function ProgressBar({ percent, label, testId, children }: {
  percent: number | null; label: string; testId?: string; children?: ComponentChildren;
}) {
  return (
    <div class="upload-progress" aria-live="polite">
      {percent == null
        ? <progress aria-label={label} data-testid={testId} />
        : <progress max={100} value={percent} aria-label={label} data-testid={testId} />}
      <span role="status">{children ?? (percent == null ? '' : `${percent} %`)}</span>
    </div>
  );
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

/** The form's own message and the server's messages for fields it has no input for (each with the field's name). */
export function FormProblems({ errors, others, testId }: { errors: FormErrors; others: [string, string][]; testId: string }) {
  return (
    <>
      {errors.detail && <p class="error" role="alert" data-testid={`${testId}-error`}>{errors.detail}</p>}
      {others.length > 0 && <ul class="error" data-testid={`${testId}-other-errors`}>{others.map(([field, text]) => <li><code>{field}</code> {text}</li>)}</ul>}
    </>
  );
}

/** Save and Clear of a settings form, with what the last one did; Clear only when something is set (`clearTitle` says why not). */
export function SaveClearActions({ testId, sending, canClear, clearTitle, message, onClear }: {
  testId: string; sending: boolean; canClear: boolean; clearTitle: string; message: string | null; onClear: () => void;
}) {
  return (
    <span class="actions">
      <button type="submit" data-testid={`${testId}-save`} disabled={sending}>{sending ? 'Saving…' : 'Save'}</button>
      <button type="button" class="secondary" data-testid={`${testId}-clear`} disabled={sending || !canClear}
        title={canClear ? undefined : clearTitle} onClick={onClear}>Clear</button>
      {message && <span role="status" data-testid={`${testId}-message`}>{message}</span>}
    </span>
  );
}

export interface SettingsRules<V, F> {
  /** the form for a value as the server has it (null: nothing set) */
  toForm: (value: V | null) => F;
  same: (a: F, b: F) => boolean;
  /** the request to PUT, or null with the form's own messages by field */
  request: (form: F) => { request: unknown; errors: Record<string, string> };
  /** what Save says it did */
  savedText: (saved: V) => string;
  /** a field whose change makes every message moot (e.g. the mode that decides which fields apply) */
  resetsErrors?: keyof F;
}

/**
 * A form over one settings resource at `path` (GET, PUT to set, DELETE to clear), such as a collection policy or agent
 * settings. The value is polled; the form follows it until someone types in it. Save checks the form, then PUTs; the
 * server's messages go next to their fields, and a field's message goes once the field is edited.
 */
export function useSettingsForm<V, F extends object>(api: Api, path: string, rules: SettingsRules<V, F>) {
  const { data, error, reload } = usePoll<V>(api, path);
  const [form, setForm] = useState<F | null>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [message, setMessage] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  // the form as the server's value filled it: a newer value replaces the form's values unless someone typed in it
  const baseline = useRef<F | null>(null);
  useEffect(() => {
    if (!data) return;
    const next = rules.toForm(data);
    setForm((current) => (current == null || (baseline.current != null && rules.same(current, baseline.current)) ? next : current));
    baseline.current = next;
  }, [data]);

  const set = <K extends keyof F>(key: K, value: F[K]) => {
    setForm((f) => (f ? { ...f, [key]: value } : f));
    setMessage(null);
    if (key === rules.resetsErrors) {
      setErrors(NO_ERRORS);
      return;
    }
    setErrors((e) => {
      if (!(key in e.fields)) return e;
      const { [key as string]: _gone, ...rest } = e.fields;
      return { ...e, fields: rest };
    });
  };
  const settle = (saved: V | null, done: string) => {
    const next = rules.toForm(saved);
    baseline.current = next;
    setForm(next);
    setErrors(NO_ERRORS);
    setMessage(done);
    reload();
  };
  const send = async (work: () => Promise<void>) => {
    setSending(true);
    try {
      await work();
    } catch (failure) {
      setMessage(null);
      setErrors(formErrors(failure));
    } finally {
      setSending(false);
    }
  };
  const save = async (e: Event) => {
    e.preventDefault();
    if (!form) return;
    const { request, errors: own } = rules.request(form);
    if (!request) {
      setMessage(null);
      setErrors({ detail: null, fields: own });
      return;
    }
    await send(async () => {
      const saved = await api.put<V>(path, request);
      settle(saved, rules.savedText(saved));
    });
  };
  const clear = () => send(async () => {
    await api.del(path);
    settle(null, 'Cleared.');
  });
  return { data, error, form, errors, message, sending, set, save, clear };
}

// ---- uploads ----
export type UploadPhase = { kind: 'idle' } | { kind: 'sending'; loaded: number; total: number } | { kind: 'checking' };

/**
 * The state of a file upload with progress: sending (bytes so far), then checking (all sent, the server is looking at
 * it). While it runs, leaving the page asks first. `run` answers the upload's result, or null when the form is gone by
 * then (its callbacks must not run); failures are thrown.
 */
export function useUpload() {
  const [phase, setPhase] = useState<UploadPhase>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const mounted = useRef(true);
  useEffect(() => () => { mounted.current = false; }, []);
  const busy = phase.kind !== 'idle';
  // leaving the page would lose the upload
  useEffect(() => {
    if (!busy) return;
    const warn = (e: BeforeUnloadEvent) => { e.preventDefault(); };
    addEventListener('beforeunload', warn);
    return () => removeEventListener('beforeunload', warn);
  }, [busy]);
  const run = async <T,>(total: number, send: (onProgress: (loaded: number, total: number) => void, signal: AbortSignal) => Promise<T>): Promise<T | null> => {
    abort.current = new AbortController();
    setPhase({ kind: 'sending', loaded: 0, total });
    try {
      const result = await send((loaded, all) => {
        if (mounted.current) setPhase(loaded >= all ? { kind: 'checking' } : { kind: 'sending', loaded, total: all });
      }, abort.current.signal);
      return mounted.current ? result : null;
    } catch (failure) {
      if (!mounted.current) return null;
      throw failure;
    } finally {
      if (mounted.current) setPhase({ kind: 'idle' });
    }
  };
  return { phase, busy, run, cancel: () => abort.current?.abort() };
}

/** An upload's bar: the share sent with the bytes, then what the server is doing with it (`checking`). */
export function UploadProgress({ phase, testId, checking }: { phase: UploadPhase; testId: string; checking: string }) {
  if (phase.kind === 'idle') return null;
  const percent = phase.kind === 'sending' ? uploadPercent(phase.loaded, phase.total) : 100;
  return (
    <ProgressBar percent={percent} label="Upload progress" testId={testId}>
      {phase.kind === 'sending' ? `Uploading… ${percent} % (${bytes(phase.loaded)} of ${bytes(phase.total)})` : checking}
    </ProgressBar>
  );
}

/** Upload, then Cancel upload while sending, or Close. */
export function UploadActions({ upload, testId, onClose }: { upload: { phase: UploadPhase; busy: boolean; cancel: () => void }; testId: string; onClose: () => void }) {
  return (
    <span class="actions">
      <button type="submit" data-testid={testId} disabled={upload.busy}>Upload</button>
      {upload.phase.kind === 'sending'
        ? <button type="button" class="secondary" onClick={upload.cancel}>Cancel upload</button>
        : <button type="button" class="secondary" disabled={upload.busy} onClick={onClose}>Close</button>}
    </span>
  );
}
