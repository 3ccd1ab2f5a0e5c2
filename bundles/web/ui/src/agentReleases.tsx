// Agent releases: the list with its upload form and the fleet's agent settings, one release with its bundles and
// "Roll out", and the agent settings panel the edge page shares. The rules live in agentLogic.ts.
import { useState } from 'preact/hooks';
import type { Api, Page, Role } from './api';
import {
  AGENT_API, agentReleasePath, ARCHIVE_TYPE, bundlesText, effectiveSettings, formFromSettings, isEmptySettings,
  releaseUploadError, sameSettingsForm, secondsOr, SETTINGS_FIELDS, settingsRequest, settingsText, unplacedSettingsErrors,
  uploadProblem, type AgentRelease, type AgentSettings, type SettingsForm,
} from './agentLogic';
import { bytes, dateTime, relativeTime } from './format';
import { shortSha } from './registry';
import { can } from './roles';
import { RolloutForm } from './rollouts';
import {
  ErrorText, Field, FormProblems, Link, Pager, Progress, SaveClearActions, UploadActions, UploadProgress, usePoll, useSettingsForm, useUpload,
} from './widgets';

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
function ReleaseUploadForm({ api, onUploaded, onCancel }: { api: Api; onUploaded: (r: AgentRelease) => void; onCancel: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [version, setVersion] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const upload = useUpload();
  const busy = upload.busy;

  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = uploadProblem({ file, version, notes });
    if (problem) { setError(problem); return; }
    setError(null);
    try {
      const created = await upload.run(file!.size, (onProgress, signal) =>
        api.upload<AgentRelease>(AGENT_API.upload(version, notes), file!, onProgress, signal, ARCHIVE_TYPE));
      if (created) onUploaded(created);
    } catch (failure) {
      setError(releaseUploadError(failure));
    }
  };
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
      <UploadProgress phase={upload.phase} testId="agent-upload-progress" checking="Uploaded; the server is checking the bundles…" />
      {error && <p class="error" role="alert" data-testid="agent-upload-error">{error}</p>}
      <UploadActions upload={upload} testId="agent-upload-submit" onClose={onCancel} />
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
  const { data: own, error: ownError, form, errors, message, sending, set, save, clear } = useSettingsForm<AgentSettings, SettingsForm>(api, path, {
    toForm: formFromSettings, same: sameSettingsForm, request: settingsRequest, savedText: (saved) => `Saved: ${settingsText(saved)}.`,
  });
  const fleet = usePoll<AgentSettings>(api, edgeId == null ? null : AGENT_API.fleetSettings);

  const text = TEXT[scope];
  const effective = effectiveSettings(edgeId == null ? own : fleet.data, edgeId == null ? null : own);
  const others = unplacedSettingsErrors(errors);
  return (
    <section class="panel agent-settings" data-testid={`agent-settings-${scope}`} aria-labelledby={`agent-settings-${scope}-title`}>
      <h2 id={`agent-settings-${scope}-title`}>{text.title}</h2>
      <p class="hint lead">{text.lead}</p>
      <ErrorText error={ownError ?? fleet.error} />
      {!own && !ownError && <Progress />}
      {own && (
        <table class="compact" data-testid="agent-settings-table">
          <thead><tr><th>Setting</th><th>{scope === 'edge' ? 'This edge' : 'Fleet'}</th>{scope === 'edge' && <th>Fleet</th>}<th>In effect</th></tr></thead>
          <tbody>{SETTINGS_FIELDS.map(({ key, label }) => (
            <tr data-testid={`agent-setting-${key}`}>
              <td>{label}</td>
              <td>{secondsOr(own[key], '—')}</td>
              {scope === 'edge' && <td>{secondsOr(fleet.data?.[key], '—')}</td>}
              <td data-testid={`agent-setting-effective-${key}`}>{secondsOr(effective[key], "agent's own")}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {own && !canEdit && <p class="hint">Changing them needs the MANAGER role.</p>}
      {canEdit && form && (
        <form onSubmit={save} noValidate data-testid={`agent-settings-form-${scope}`} aria-label={text.title}>
          <FormProblems errors={errors} others={others} testId="agent-settings" />
          <div class="inline">
            {SETTINGS_FIELDS.map(({ key, label, min, max, help }) => (
              <Field label={label} path={key} errors={errors} help={`${help} ${min} to ${max}; empty: not set here.`}>
                <input type="number" step="1" min={min} max={max} data-testid={`agent-settings-${key}`} value={form[key]}
                  aria-invalid={!!errors.fields[key]} onInput={(e) => set(key, e.currentTarget.value)} />
              </Field>
            ))}
          </div>
          <SaveClearActions testId="agent-settings" sending={sending} canClear={!isEmptySettings(own)} clearTitle="Nothing is set here"
            message={message} onClear={clear} />
        </form>
      )}
    </section>
  );
}
