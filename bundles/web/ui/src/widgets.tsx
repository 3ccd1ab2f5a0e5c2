// Small building blocks shared by the pages: links, polling, errors, badges, paging, progress, form fields.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { Api } from './api';
import { badgeClass, bytes } from './format';
import { modelChoices } from './modelChoices';
import { uploadPercent, type ModelVersion } from './registry';
import { defaultText, fieldError, formErrors, NO_ERRORS, type FormErrors, type ParamField } from './streamLogic';

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

// ---- deletion ----

/**
 * The confirmation every deletion asks: what goes and what stays in words, then the name typed (so a click alone
 * deletes nothing). The server's refusal (a 409 saying why) shows in the dialog; `onDelete` throws it.
 */
export function DeleteConfirm({ name, testId, action = 'Delete', onDelete, onCancel, children }: {
  name: string; testId: string; action?: string; onDelete: () => Promise<void>; onCancel: () => void; children: ComponentChildren;
}) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async (e: Event) => {
    e.preventDefault();
    if (typed.trim() !== name) return;
    setBusy(true);
    try {
      await onDelete();
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  };
  return (
    <form class="panel notice" role="alertdialog" aria-labelledby={`${testId}-title`} data-testid={testId} onSubmit={confirm}>
      <h2 id={`${testId}-title`}>{action} {name}?</h2>
      {children}
      <label>Type <strong>{name}</strong> to confirm
        <input data-testid={`${testId}-name`} value={typed} autoComplete="off" spellcheck={false}
          onInput={(e) => setTyped(e.currentTarget.value)} /></label>
      <span class="actions">
        <button type="submit" data-testid={`${testId}-yes`} disabled={busy || typed.trim() !== name}>{busy ? `${action}…` : action}</button>
        <button type="button" class="secondary" data-testid={`${testId}-cancel`} onClick={onCancel}>Keep it</button>
      </span>
      <ErrorText error={error} />
    </form>
  );
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

/**
 * A form's values and its messages: `set` changes one value and drops that field's message (it goes once the field is
 * edited); `setForm` replaces values without touching the messages (e.g. a kind that changes several at once).
 */
export function useFormState<F extends object>(initial: F | (() => F)) {
  const [form, setForm] = useState<F>(initial);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const set = <K extends keyof F>(key: K, value: F[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => withoutField(e, key as string));
  };
  return { form, setForm, set, errors, setErrors };
}

/** The messages without one field's. */
export function withoutField(errors: FormErrors, path: string): FormErrors {
  if (!(path in errors.fields)) return errors;
  const { [path]: _gone, ...rest } = errors.fields;
  return { ...errors, fields: rest };
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

/**
 * One input for a property of a JSON-Schema form (parameterFields): a stream's training parameters and a data source's
 * import options. `path` is where the server's messages for it are (`${path}.${field.name}`), `testIdPrefix` names the
 * control (`${testIdPrefix}-${field.name}`). A field naming a registered model is a select of `registered`'s versions;
 * without `registered` it is a text input.
 */
export function ParamInput({ field, value, errors, path: prefix, testIdPrefix, helpText = paramHelp, registered, onChange }: {
  field: ParamField; value: string | boolean | undefined; errors: FormErrors; path: string; testIdPrefix: string;
  helpText?: (field: ParamField) => string; registered?: Registered; onChange: (v: string | boolean) => void;
}) {
  const path = `${prefix}.${field.name}`;
  const testId = `${testIdPrefix}-${field.name}`;
  const invalid = !!fieldError(errors, path);
  const help = helpText(field);
  if (field.kind === 'checkbox') {
    return (
      <Field label={<span class="check-label"><input type="checkbox" data-testid={testId} checked={value === true}
        aria-invalid={invalid} onChange={(e) => onChange(e.currentTarget.checked)} /> {field.label}</span>} path={path} errors={errors} help={help || undefined}>
        {null}
      </Field>
    );
  }
  const text = typeof value === 'string' ? value : '';
  const model = field.kind === 'model' && registered !== undefined;
  return (
    <Field label={<>{field.label}{field.required && <span aria-hidden="true"> *</span>}</>} path={path} errors={errors} class={model ? 'model' : undefined}
      help={model ? <>{help} <ModelStatus testId={testId} registered={registered} /></> : help || undefined}>
      {model ? <ModelSelect field={field} testId={testId} text={text} invalid={invalid} registered={registered} onChange={onChange} />
        : field.kind === 'select'
        ? <select data-testid={testId} value={text} aria-invalid={invalid} onChange={(e) => onChange(e.currentTarget.value)}>
          {(!field.hasDefault || text === '') && <option value="">{field.required ? 'choose…' : 'default'}</option>}
          {field.options!.map((o) => <option value={o}>{o}</option>)}
        </select>
        : <input type={field.kind === 'integer' || field.kind === 'number' ? 'number' : 'text'} step={field.step} min={field.min} max={field.max} data-testid={testId}
          value={text} placeholder={field.hasDefault ? `default ${defaultText(field)}` : ''} aria-invalid={invalid} required={field.required}
          onInput={(e) => onChange(e.currentTarget.value)} />}
    </Field>
  );
}

/** ParamInput's help: the property's description as a sentence, then its bounds ("Allowed: 1 to 10."). */
export function paramHelp(field: ParamField): string {
  const sentence = field.help && !/[.!?]$/.test(field.help) ? `${field.help}.` : field.help;
  return [sentence, field.bounds ? `Allowed: ${field.bounds}.` : null].filter(Boolean).join(' ');
}

/** The registry's versions for inputs naming one (ParamInput's `registered`), read by the form that shows them. */
export interface Registered { data: ModelVersion[] | null; error: string | null; reload: () => void }

/**
 * A parameter naming a registered version: a select of them, feature extractors first with their input size. A value
 * the registry does not list (typed before, or deleted since) stays selectable; without the list it is typed.
 */
function ModelSelect({ field, testId, text, invalid, registered, onChange }: {
  field: ParamField; testId: string; text: string; invalid: boolean; registered: Registered; onChange: (v: string) => void;
}) {
  if (registered.error && !registered.data) {
    return <input type="text" data-testid={testId} value={text} placeholder="name:version" aria-invalid={invalid} onInput={(e) => onChange(e.currentTarget.value)} />;
  }
  const { extractors, others, unlisted } = modelChoices(registered.data ?? [], text);
  return (
    <select data-testid={testId} value={text} aria-invalid={invalid} aria-busy={!registered.data} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value="">{field.required && !field.hasDefault ? 'choose…' : 'none'}</option>
      {unlisted && <option value={unlisted}>{unlisted}{registered.data ? ' (not in the registry)' : ''}</option>}
      {extractors.length > 0 && <optgroup label="Feature extractors">{extractors.map((c) => <option value={c.value}>{c.label}</option>)}</optgroup>}
      {others.length > 0 && <optgroup label="Other registered models">{others.map((c) => <option value={c.value}>{c.label}</option>)}</optgroup>}
    </select>
  );
}

/** Under the select: what the registry offers, where to register an extractor, and a way to read the list again. */
function ModelStatus({ testId: inputId, registered }: { testId: string; registered: Registered }) {
  const testId = `${inputId}-status`;
  if (!registered.data && !registered.error) return <span data-testid={testId}>Reading the registry…</span>;
  const extractors = registered.data ? modelChoices(registered.data, '').extractors.length : 0;
  return (
    <span data-testid={testId}>
      {registered.error
        ? <span class="field-error">{registered.data ? 'The list could not be read again' : 'The registered models cannot be listed, so type the version as name:version'}: {registered.error} </span>
        : extractors === 0
          // a new tab: registering one must not lose what this form holds
          ? <>No feature extractor is registered: register one under <a href="/models" target="_blank" rel="noopener">Models</a> with its image contract and <code>embedding</code> metadata, then </>
          : `${extractors} feature extractor${extractors === 1 ? '' : 's'} registered. `}
      <button type="button" class="link" data-testid={`${inputId}-reload`} onClick={registered.reload}>
        {extractors === 0 && !registered.error ? 'read the list again' : 'Read the list again'}</button>
    </span>
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
    setErrors((e) => withoutField(e, key as string));
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
