// Agent releases: the list with its upload form and the fleet's agent settings, one release with its bundles and
// "Roll out", and the agent settings panel the edge page shares. The rules live in agentLogic.ts.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api, Page, Role } from './api';
import {
  AGENT_API, agentReleasePath, ARCHIVE_TYPE, bundlesText, effectiveSettings, formFromSettings, isEmptySettings,
  releaseUploadError, sameSettingsForm, secondsOr, SETTINGS_FIELDS, settingsRequest, settingsText, unplacedSettingsErrors,
  uploadProblem, type AgentRelease, type AgentSettings, type SettingsField, type SettingsForm,
} from './agentLogic';
import { bytes, dateTime, relativeTime } from './format';
import { shortSha, uploadPercent } from './registry';
import { can } from './roles';
import { RolloutForm } from './rollouts';
import { formErrors, NO_ERRORS, type FormErrors } from './streamLogic';
import { ErrorText, Field, Link, Pager, Progress, usePoll } from './widgets';

// ---- the list ----
export function AgentReleases({ api, role }: { api: Api; role: Role }) {
  const [offset, setOffset] = useState(0);
  const limit = 25;
  const { data, error, reload } = usePoll<Page<AgentRelease>>(api, AGENT_API.releases(limit, offset));
  const [uploading, setUploading] = useState(false);
  const [uploaded, setUploaded] = useState<AgentRelease | null>(null);
  const manager = can.manageAgentReleases(role);
  return (
    <>
      <h1>Agent releases {manager && !uploading && (
        <button type="button" data-testid="agent-release-upload-open" onClick={() => { setUploading(true); setUploaded(null); }}>Upload release</button>
      )}</h1>
      <p class="hint lead">Bundle sets for the edge agents' Felix framework. An agent that installs a release runs its bundles in place of
        those of its installation with the same symbolic names, and goes back to the set it ran when the new one does not prove healthy.
        Releases reach edges through rollouts, wave by wave, like model versions.</p>
      {manager && uploading && (
        <ReleaseUploadForm api={api} onCancel={() => setUploading(false)}
          onUploaded={(release) => { setUploading(false); setUploaded(release); setOffset(0); reload(); }} />
      )}
      {uploaded && (
        <p role="status" data-testid="agent-release-uploaded">Uploaded <Link to={agentReleasePath(uploaded.id)}>agent {uploaded.version}</Link>
          {' '}with {bundlesText(uploaded.bundles.length)}.</p>
      )}
      <ErrorText error={error} />
      {data && data.total === 0 && (
        <p class="empty" data-testid="agent-releases-empty">No agent releases yet{manager
          ? ' — upload a zip of bundle jars (and, optionally, a release.properties with version= and notes=).'
          : '; a manager uploads them.'}</p>
      )}
      {data && data.total > 0 && (
        <>
          <table data-testid="agent-releases">
            <thead><tr><th>Version</th><th>Bundles</th><th>Size</th><th>Uploaded</th><th>Notes</th></tr></thead>
            <tbody>{data.items.map((r) => (
              <tr data-testid={`agent-release-row-${r.id}`}>
                <td><Link to={agentReleasePath(r.id)}>{r.version}</Link></td>
                <td data-testid={`agent-release-bundles-${r.id}`}>{bundlesText(r.bundles.length)}
                  <div class="hint">{r.bundles.slice(0, 3).map((b) => b.symbolicName).join(', ')}{r.bundles.length > 3 ? ', …' : ''}</div></td>
                <td>{bytes(r.sizeBytes)}</td>
                <td title={dateTime(r.createdAt)}>{relativeTime(r.createdAt)}<div class="hint">by {r.createdBy}</div></td>
                <td>{r.notes ?? ''}</td>
              </tr>
            ))}</tbody>
          </table>
          <Pager total={data.total} offset={offset} limit={limit} onOffset={setOffset} />
        </>
      )}
      {!data && !error && <Progress />}
      <AgentSettingsPanel api={api} canEdit={can.setAgentSettings(role)} />
    </>
  );
}

// ---- upload ----
type Phase = { kind: 'idle' } | { kind: 'sending'; loaded: number; total: number } | { kind: 'checking' };

function ReleaseUploadForm({ api, onUploaded, onCancel }: { api: Api; onUploaded: (r: AgentRelease) => void; onCancel: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [version, setVersion] = useState('');
  const [notes, setNotes] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
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

  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = uploadProblem({ file, version, notes });
    if (problem) { setError(problem); return; }
    setError(null);
    abort.current = new AbortController();
    setPhase({ kind: 'sending', loaded: 0, total: file!.size });
    try {
      const created = await api.upload<AgentRelease>(AGENT_API.upload(version, notes), file!,
        (loaded, total) => { if (mounted.current) setPhase(loaded >= total ? { kind: 'checking' } : { kind: 'sending', loaded, total }); },
        abort.current.signal, ARCHIVE_TYPE);
      if (mounted.current) onUploaded(created);
    } catch (failure) {
      if (mounted.current) setError(releaseUploadError(failure));
    } finally {
      if (mounted.current) setPhase({ kind: 'idle' });
    }
  };
  const percent = phase.kind === 'sending' ? uploadPercent(phase.loaded, phase.total) : 100;
  return (
    <form class="panel upload" onSubmit={submit} noValidate aria-labelledby="agent-upload-title" data-testid="agent-release-upload">
      <h2 id="agent-upload-title">Upload an agent release</h2>
      <p class="hint lead">A zip of bundle jars at its top level (each with Bundle-SymbolicName and Bundle-Version), at most 200 bundles and 512 MiB;
        optionally a release.properties with version= and notes=.</p>
      <div class="inline">
        <label>Release archive<input type="file" accept=".zip,application/zip" data-testid="agent-upload-file" disabled={busy}
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} /></label>
        <label>Version (optional)<input value={version} data-testid="agent-upload-version" disabled={busy} maxLength={64}
          placeholder="from release.properties" onInput={(e) => setVersion(e.currentTarget.value)} /></label>
      </div>
      <label>Notes (optional)<textarea rows={2} value={notes} data-testid="agent-upload-notes" disabled={busy} maxLength={2048}
        placeholder="from release.properties" onInput={(e) => setNotes(e.currentTarget.value)} /></label>
      {file && <p class="hint">{file.name} · {bytes(file.size)}</p>}
      {busy && (
        <div class="upload-progress" aria-live="polite">
          <progress max={100} value={percent} aria-label="Upload progress" data-testid="agent-upload-progress" />
          <span role="status">{phase.kind === 'sending'
            ? `Uploading… ${percent} % (${bytes(phase.loaded)} of ${bytes(phase.total)})`
            : 'Uploaded; the server is checking the bundles…'}</span>
        </div>
      )}
      {error && <p class="error" role="alert" data-testid="agent-upload-error">{error}</p>}
      <span class="actions">
        <button type="submit" data-testid="agent-upload-submit" disabled={busy}>Upload</button>
        {phase.kind === 'sending'
          ? <button type="button" class="secondary" onClick={() => abort.current?.abort()}>Cancel upload</button>
          : <button type="button" class="secondary" disabled={busy} onClick={onCancel}>Close</button>}
      </span>
    </form>
  );
}

// ---- one release ----
export function AgentReleasePage({ api, role, id }: { api: Api; role: Role; id: number }) {
  const { data: r, error } = usePoll<AgentRelease>(api, AGENT_API.release(id), null);
  const [rollingOut, setRollingOut] = useState(false);
  const crumbs = <p class="crumbs"><Link to="/agent-releases">Agent releases</Link> /</p>;
  if (!r) return error ? <>{crumbs}<ErrorText error={error} /></> : <Progress />;
  return (
    <>
      {crumbs}
      <h1>Agent release <span data-testid="agent-release-version">{r.version}</span>
        {can.manageRollouts(role) && (
          <span class="actions"><button type="button" data-testid="agent-release-rollout-open" disabled={rollingOut}
            title="Wave by wave, with soak times, gates and rollback" onClick={() => setRollingOut(true)}>Roll out</button></span>
        )}
      </h1>
      {rollingOut && <RolloutForm api={api} subject={{ kind: 'agent', release: r }} onClose={() => setRollingOut(false)} />}
      <div class="columns">
        <section class="panel">
          <h2>Archive</h2>
          <dl>
            <dt>Size</dt><dd>{bytes(r.sizeBytes)} · {bundlesText(r.bundles.length)}</dd>
            <dt>SHA-256</dt><dd><code class="wrap">{r.sha256}</code></dd>
            <dt>Uploaded</dt><dd>{dateTime(r.createdAt)} by {r.createdBy}</dd>
            <dt>Notes</dt><dd data-testid="agent-release-notes">{r.notes ?? <span class="hint">none</span>}</dd>
          </dl>
        </section>
      </div>
      <section class="panel" aria-labelledby="agent-bundles-title">
        <h2 id="agent-bundles-title">Bundles</h2>
        <p class="hint lead">Each replaces the installation's bundle of the same symbolic name; the others are added.</p>
        <table data-testid="agent-release-bundles">
          <thead><tr><th>Symbolic name</th><th>Version</th><th>Size</th><th>SHA-256</th></tr></thead>
          <tbody>{r.bundles.map((b) => (
            <tr data-testid={`agent-bundle-${b.symbolicName}`}>
              <td>{b.symbolicName}</td><td>{b.version}</td><td>{bytes(b.sizeBytes)}</td><td><code title={b.sha256}>{shortSha(b.sha256)}</code></td>
            </tr>
          ))}</tbody>
        </table>
      </section>
    </>
  );
}

// ---- agent settings, of the fleet or of one edge ----
const TEXT = {
  fleet: {
    title: 'Agent settings of the fleet',
    lead: "Pushed to every edge's agent with its desired state; an edge's own settings win field by field. An empty field leaves the agent's own configuration in force.",
  },
  edge: {
    title: 'Agent settings',
    lead: "This edge's own settings win field by field over the fleet's; an empty field takes the fleet's, or else the agent's own configuration.",
  },
};

/** The fleet's settings (no `edgeId`) or an edge's own, with what is in effect; a form for those allowed to change them. */
export function AgentSettingsPanel({ api, edgeId, canEdit }: { api: Api; edgeId?: number; canEdit: boolean }) {
  const scope = edgeId == null ? 'fleet' : 'edge';
  const path = edgeId == null ? AGENT_API.fleetSettings : AGENT_API.edgeSettings(edgeId);
  const own = usePoll<AgentSettings>(api, path);
  const fleet = usePoll<AgentSettings>(api, edgeId == null ? null : AGENT_API.fleetSettings);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [message, setMessage] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  // the form as the server's settings filled it: newer settings replace its values unless someone typed in it
  const baseline = useRef<SettingsForm | null>(null);
  useEffect(() => {
    if (!own.data) return;
    const next = formFromSettings(own.data);
    setForm((current) => (current == null || (baseline.current != null && sameSettingsForm(current, baseline.current)) ? next : current));
    baseline.current = next;
  }, [own.data]);

  const set = (key: SettingsField, value: string) => {
    setForm((f) => (f ? { ...f, [key]: value } : f));
    setMessage(null);
    // the field's message goes once it is edited, the others stay
    setErrors((e) => {
      if (!(key in e.fields)) return e;
      const { [key]: _gone, ...rest } = e.fields;
      return { ...e, fields: rest };
    });
  };
  const settle = (saved: AgentSettings | null, done: string) => {
    const next = formFromSettings(saved);
    baseline.current = next;
    setForm(next);
    setErrors(NO_ERRORS);
    setMessage(done);
    own.reload();
  };
  const save = async (e: Event) => {
    e.preventDefault();
    if (!form) return;
    const { request, errors: mine } = settingsRequest(form);
    if (!request) {
      setMessage(null);
      setErrors({ detail: null, fields: mine });
      return;
    }
    setSending(true);
    try {
      const saved = await api.put<AgentSettings>(path, request);
      settle(saved, `Saved: ${settingsText(saved)}.`);
    } catch (failure) {
      setMessage(null);
      setErrors(formErrors(failure));
    } finally {
      setSending(false);
    }
  };
  const clear = async () => {
    setSending(true);
    try {
      await api.del(path);
      settle(null, 'Cleared.');
    } catch (failure) {
      setMessage(null);
      setErrors(formErrors(failure));
    } finally {
      setSending(false);
    }
  };

  const text = TEXT[scope];
  const effective = effectiveSettings(edgeId == null ? own.data : fleet.data, edgeId == null ? null : own.data);
  const others = unplacedSettingsErrors(errors);
  return (
    <section class="panel agent-settings" data-testid={`agent-settings-${scope}`} aria-labelledby={`agent-settings-${scope}-title`}>
      <h2 id={`agent-settings-${scope}-title`}>{text.title}</h2>
      <p class="hint lead">{text.lead}</p>
      <ErrorText error={own.error ?? fleet.error} />
      {!own.data && !own.error && <Progress />}
      {own.data && (
        <table class="compact" data-testid="agent-settings-table">
          <thead><tr><th>Setting</th><th>{scope === 'edge' ? 'This edge' : 'Fleet'}</th>{scope === 'edge' && <th>Fleet</th>}<th>In effect</th></tr></thead>
          <tbody>{SETTINGS_FIELDS.map(({ key, label }) => (
            <tr data-testid={`agent-setting-${key}`}>
              <td>{label}</td>
              <td>{secondsOr(own.data![key], '—')}</td>
              {scope === 'edge' && <td>{secondsOr(fleet.data?.[key], '—')}</td>}
              <td data-testid={`agent-setting-effective-${key}`}>{secondsOr(effective[key], "agent's own")}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {own.data && !canEdit && <p class="hint">Changing them needs the MANAGER role.</p>}
      {canEdit && form && (
        <form onSubmit={save} noValidate data-testid={`agent-settings-form-${scope}`} aria-label={text.title}>
          {errors.detail && <p class="error" role="alert" data-testid="agent-settings-error">{errors.detail}</p>}
          {others.length > 0 && <ul class="error">{others.map(([field, message]) => <li><code>{field}</code> {message}</li>)}</ul>}
          <div class="inline">
            {SETTINGS_FIELDS.map(({ key, label, min, max, help }) => (
              <Field label={label} path={key} errors={errors} help={`${help} ${min} to ${max}; empty: not set here.`}>
                <input type="number" step="1" min={min} max={max} data-testid={`agent-settings-${key}`} value={form[key]}
                  aria-invalid={!!errors.fields[key]} onInput={(e) => set(key, e.currentTarget.value)} />
              </Field>
            ))}
          </div>
          <span class="actions">
            <button type="submit" data-testid="agent-settings-save" disabled={sending}>{sending ? 'Saving…' : 'Save'}</button>
            <button type="button" class="secondary" data-testid="agent-settings-clear" disabled={sending || isEmptySettings(own.data)}
              title={isEmptySettings(own.data) ? 'Nothing is set here' : undefined} onClick={clear}>Clear</button>
            {message && <span role="status" data-testid="agent-settings-message">{message}</span>}
          </span>
        </form>
      )}
    </section>
  );
}
