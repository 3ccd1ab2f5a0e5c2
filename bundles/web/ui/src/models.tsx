// Model registry pages: the model list, a model's versions with their detail, uploads, stage changes, assigning a
// version to edges and how far each edge has got with it. The rules live in registry.ts.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api, Page, Role } from './api';
import { bytes, dateTime, relativeTime } from './format';
import { can } from './roles';
import {
  API, assignError, assignRequest, buildUploadForm, checkName, deployable, deploymentSummary, failed, metricBars,
  metricValue, modelPath, nameFromFile, newestFirst, parseLabels, shape, shortSha, stageActions, uploadError,
  versionPath, type EdgeDeployment, type ModelSummary, type ModelVersion, type TensorSpec,
} from './registry';
import { Badge, DeleteConfirm, ErrorText, Link, navigate, Progress, UploadActions, UploadProgress, usePoll, useUpload } from './widgets';
import { RolloutForm } from './rollouts';
import { DriftPanel } from './drift';

interface EdgeChoice { id: number; name: string; location?: string; state: string; connection: string; tags: Record<string, string>; modelVersion?: string }

// ---- models ----
export function Models({ api, role }: { api: Api; role: Role }) {
  const { data, error, reload } = usePoll<ModelSummary[]>(api, API.models);
  const [uploading, setUploading] = useState(false);
  const manager = can.manageModels(role);
  const upload = () => setUploading(true);
  return (
    <>
      <h1>Models {manager && !uploading && <button type="button" data-testid="model-upload-open" onClick={upload}>Upload model</button>}</h1>
      {manager && uploading && (
        <UploadForm api={api} onCancel={() => setUploading(false)}
          onUploaded={(v) => { reload(); navigate(versionPath(v.name, v.id)); }} />
      )}
      <ErrorText error={error} />
      {data && data.length === 0 && !uploading && (
        <p class="empty" data-testid="models-empty">No models yet — {manager
          ? <><button type="button" class="link" onClick={upload}>upload an ONNX file</button> to register the first version.</>
          : 'a manager or administrator uploads an ONNX file to register one.'}</p>
      )}
      {data && data.length > 0 && (
        <table>
          <thead><tr><th>Name</th><th>Versions</th><th>Latest</th><th>Updated</th></tr></thead>
          <tbody>{data.map((m) => (
            <tr data-testid={`model-row-${m.name}`}>
              <td><Link to={modelPath(m.name)}>{m.name}</Link></td>
              <td>{m.versions}</td>
              <td>{m.latestVersion ? <Link to={versionPath(m.name, m.latestVersionId)}>{m.latestVersion}</Link> : '—'}</td>
              <td title={dateTime(m.updatedAt)}>{relativeTime(m.updatedAt)}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {!data && !error && <Progress />}
    </>
  );
}

// ---- upload ----

/** Upload a new model (no name given: the form asks for one) or a new version of the named model. */
function UploadForm({ api, name, onUploaded, onCancel }: { api: Api; name?: string; onUploaded: (v: ModelVersion) => void; onCancel: () => void }) {
  const [modelName, setModelName] = useState(name ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [version, setVersion] = useState('');
  const [labels, setLabels] = useState('');
  const [error, setError] = useState<string | null>(null);
  const upload = useUpload();
  const picker = useRef<HTMLInputElement>(null);
  useEffect(() => picker.current?.focus(), []);
  const busy = upload.busy;

  const pick = (chosen: File | null) => {
    setFile(chosen);
    if (chosen && !name && !modelName) setModelName(nameFromFile(chosen.name));
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const target = name ?? modelName.trim();
    const parsed = parseLabels(labels);
    const problem = (!file ? 'Choose the .onnx file to upload.' : null) ?? checkName('name', target) ?? checkName('version', version.trim()) ?? parsed.error;
    if (problem) { setError(problem); return; }
    setError(null);
    try {
      const created = await upload.run(file!.size, (onProgress, signal) =>
        api.upload<ModelVersion>(API.versions(target), buildUploadForm(file!, { version, labels: parsed.labels }), onProgress, signal));
      if (created) onUploaded(created);
    } catch (failure) {
      setError(uploadError(failure));
    }
  };
  return (
    <form class="panel upload" onSubmit={submit} aria-labelledby="upload-title" data-testid="model-upload">
      <h2 id="upload-title">{name ? `Upload a new version of ${name}` : 'Upload a model'}</h2>
      <div class="inline">
        <label>ONNX file<input ref={picker} type="file" accept=".onnx,application/octet-stream" data-testid="upload-file" disabled={busy} required
          onChange={(e) => pick(e.currentTarget.files?.[0] ?? null)} /></label>
        {!name && <label>Model name<input value={modelName} data-testid="upload-name" disabled={busy} required maxLength={128}
          onInput={(e) => setModelName(e.currentTarget.value)} /></label>}
        <label>Version (optional)<input value={version} data-testid="upload-version" disabled={busy} maxLength={64} placeholder="next number"
          onInput={(e) => setVersion(e.currentTarget.value)} /></label>
      </div>
      <label>Labels (optional, in output order; comma separated or one per line)
        <textarea rows={2} value={labels} data-testid="upload-labels" disabled={busy} placeholder="cat, dog"
          onInput={(e) => setLabels(e.currentTarget.value)} /></label>
      {file && <p class="hint">{file.name} · {bytes(file.size)}</p>}
      <UploadProgress phase={upload.phase} testId="upload-progress" checking="Uploaded; the server is checking the model…" />
      <ErrorText error={error} />
      <UploadActions upload={upload} testId="upload-submit" onClose={onCancel} />
    </form>
  );
}

// ---- one model ----
export function ModelPage({ api, role, name, versionId }: { api: Api; role: Role; name: string; versionId?: number }) {
  const { data, error, reload } = usePoll<ModelVersion[]>(api, API.versions(name));
  const [uploading, setUploading] = useState(false);
  const manager = can.manageModels(role);
  const versions = data ? newestFirst(data) : [];
  const selected = versionId ?? versions[0]?.id;
  return (
    <>
      <p class="crumbs"><Link to="/models">Models</Link> /</p>
      <h1>{name} {manager && !uploading && <button type="button" data-testid="version-upload-open" onClick={() => setUploading(true)}>Upload new version</button>}</h1>
      {manager && uploading && (
        <UploadForm api={api} name={name} onCancel={() => setUploading(false)}
          onUploaded={(v) => { setUploading(false); reload(); navigate(versionPath(v.name, v.id)); }} />
      )}
      <ErrorText error={error} />
      {data && data.length === 0 && (
        <p class="empty">No versions of {name} yet{manager ? ' — upload an ONNX file to register the first one.' : '.'} <Link to="/models">All models</Link></p>
      )}
      {data && data.length > 0 && (
        <section class="panel">
          <h2>Versions</h2>
          <table>
            <thead><tr><th>Version</th><th>Stage</th><th>Size</th><th>SHA-256</th><th>Created</th><th>By</th></tr></thead>
            <tbody>{versions.map((v) => (
              <tr data-testid={`version-row-${v.id}`} class={v.id === selected ? 'selected' : ''} aria-current={v.id === selected ? 'true' : undefined}>
                <td><Link to={versionPath(name, v.id)}>{v.version}</Link></td>
                <td data-testid={`version-stage-${v.id}`}><Badge value={v.stage} /></td>
                <td>{bytes(v.sizeBytes)}</td>
                <td><code title={v.sha256}>{shortSha(v.sha256)}</code></td>
                <td title={dateTime(v.createdAt)}>{relativeTime(v.createdAt)}</td>
                <td>{v.createdBy}</td>
              </tr>
            ))}</tbody>
          </table>
        </section>
      )}
      {!data && !error && <Progress />}
      {selected != null && (data || versionId != null) && (
        <VersionDetail key={selected} api={api} role={role} id={selected} modelName={name} onChange={reload} />
      )}
    </>
  );
}

function VersionDetail({ api, role, id, modelName, onChange }: { api: Api; role: Role; id: number; modelName: string; onChange: () => void }) {
  const { data: v, error, reload } = usePoll<ModelVersion>(api, API.version(id));
  const deployments = usePoll<EdgeDeployment[]>(api, API.versionDeployments(id));
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [assigning, setAssigning] = useState(false);
  const [rollingOut, setRollingOut] = useState(false);
  const [deleting, setDeleting] = useState(false);
  if (!v) return error ? <ErrorText error={error} /> : <Progress />;
  const remove = async () => {
    await api.del(API.version(v.id));
    setDeleting(false);
    onChange();
    navigate(modelPath(v.name));
  };
  const changeStage = async (to: string) => {
    try {
      await api.put<ModelVersion>(API.stage(v.id), { stage: to });
      setFailure(null);
      setMessage(`${v.name}:${v.version} is now ${to}.`);
      reload();
      onChange();
    } catch (e) {
      setMessage(null);
      setFailure((e as Error).message);
    }
  };
  const actions = stageActions(v.stage, role);
  const lineage = ([['Stream', v.lineage?.streamId], ['Training run', v.lineage?.trainingRunId], ['Dataset version', v.lineage?.datasetVersionId],
    ['Parent version', v.lineage?.parentVersionId]] as [string, number | null | undefined][]).filter(([, value]) => value != null);
  const { labels, ...metadata } = v.metadata ?? {};
  return (
    <section aria-labelledby="version-title" data-testid="version-detail">
      <header class="panel-head">
        <h2 id="version-title" class="title">Version {v.version} <Badge value={v.stage} testId="version-stage" /></h2>
        <span class="actions">
          {actions.map((a) => (
            <button type="button" class={a.primary ? '' : 'secondary'} data-testid={`stage-${a.to.toLowerCase()}`}
              onClick={() => changeStage(a.to)}>{a.label}</button>
          ))}
          {can.assignModels(role) && (
            <button type="button" data-testid="assign-open" disabled={!deployable(v.stage)} onClick={() => setAssigning(true)}
              title={deployable(v.stage) ? undefined : 'Approve this version first'}>Assign to edges</button>
          )}
          {can.manageRollouts(role) && (
            <button type="button" data-testid="rollout-open" disabled={!deployable(v.stage) || rollingOut} onClick={() => setRollingOut(true)}
              title={deployable(v.stage) ? 'Wave by wave, with soak times, gates and rollback' : 'Approve this version first'}>Roll out</button>
          )}
          {can.deleteModelVersions(role) && !deleting && (
            <button type="button" class="secondary danger" data-testid="version-delete-open" onClick={() => setDeleting(true)}>Delete version</button>
          )}
        </span>
      </header>
      {can.assignModels(role) && !deployable(v.stage) && v.stage !== 'ARCHIVED' && <p class="hint lead">Approve this version before assigning it to edges or rolling it out.</p>}
      {v.name !== modelName && <p class="notice">This version belongs to <Link to={versionPath(v.name, v.id)}>{v.name}</Link>.</p>}
      {message && <p role="status">{message}</p>}
      <ErrorText error={failure} />
      {deleting && (
        <DeleteConfirm name={`${v.name}:${v.version}`} testId="version-delete" onDelete={remove} onCancel={() => setDeleting(false)}>
          <p>The version and its file leave the registry; its past deployments and finished rollouts go with it, and a later
            version trained from it names its parent instead. The server refuses while an edge runs it or has it assigned, a
            rollout that is not finished uses it, or it is the model's only version.</p>
        </DeleteConfirm>
      )}
      {assigning && <AssignDialog api={api} version={v} onClose={() => setAssigning(false)}
        onAssigned={(n) => { setAssigning(false); setMessage(`Assigned ${v.name}:${v.version} to ${n} edge${n === 1 ? '' : 's'} (a one-wave rollout, listed under Rollouts).`); deployments.reload(); }} />}
      {rollingOut && deployable(v.stage) && <RolloutForm api={api} subject={{ kind: 'model', version: v }} onClose={() => setRollingOut(false)} />}
      <div class="columns">
        <section class="panel">
          <h2>Artifact</h2>
          <dl>
            <dt>Format</dt><dd>{v.format}</dd>
            <dt>Size</dt><dd>{bytes(v.sizeBytes)}</dd>
            <dt>SHA-256</dt><dd><code class="wrap" data-testid="version-sha">{v.sha256}</code></dd>
            <dt>Created</dt><dd>{dateTime(v.createdAt)} by {v.createdBy}</dd>
            <dt>Updated</dt><dd>{dateTime(v.updatedAt)}{v.updatedBy ? ` by ${v.updatedBy}` : ''}</dd>
            {lineage.map(([label, value]) => <><dt>{label}</dt><dd>#{value}</dd></>)}
          </dl>
        </section>
        <section class="panel">
          <h2>Signature</h2>
          <Tensors title="Inputs" specs={v.signature?.inputs ?? []} />
          <Tensors title="Outputs" specs={v.signature?.outputs ?? []} />
        </section>
        <div>
        <section class="panel">
          <h2>Metadata</h2>
          {labels != null && <p>Labels: {labels.split(',').map((l) => <span class="tag">{l}</span>)}</p>}
          {Object.keys(metadata).length > 0 && (
            <table><thead><tr><th>Key</th><th>Value</th></tr></thead>
              <tbody>{Object.entries(metadata).sort(([a], [b]) => a.localeCompare(b)).map(([k, value]) => <tr><td>{k}</td><td class="wrap">{value}</td></tr>)}</tbody></table>
          )}
          {labels == null && Object.keys(metadata).length === 0 && <p class="hint">No metadata.</p>}
        </section>
        <Metrics metrics={v.metrics} />
        </div>
      </div>
      <DriftPanel api={api} version={v} />
      <section class="panel">
        <header class="panel-head"><h2>Deployments</h2><span class="hint">{deployments.data && deployments.data.length > 0 && <span data-testid="deployment-summary">{deploymentSummary(deployments.data)} · </span>}<Link to="/rollouts" testId="version-rollouts-link">Rollouts</Link></span></header>
        <ErrorText error={deployments.error} />
        {deployments.data && deployments.data.length === 0 && (
          <p class="empty">Not assigned to any edge yet.{can.assignModels(role) ? (deployable(v.stage) ? ' Use "Roll out" for waves with gates, or "Assign to edges" for all at once.' : ' Approve it, then roll it out.') : ''}</p>
        )}
        {deployments.data && deployments.data.length > 0 && <DeploymentTable deployments={deployments.data} show="edge" />}
      </section>
    </section>
  );
}

function Tensors({ title, specs }: { title: string; specs: TensorSpec[] }) {
  return (
    <>
      <h3>{title}</h3>
      {specs.length === 0 ? <p class="hint">None declared.</p> : (
        <table><thead><tr><th>Name</th><th>Type</th><th>Shape</th></tr></thead>
          <tbody>{specs.map((s) => <tr><td>{s.name}</td><td>{s.elementType}</td><td><code>{shape(s.shape)}</code></td></tr>)}</tbody></table>
      )}
    </>
  );
}

/** The metrics as a table whose last column is a bar: values in [0, 1] on that scale, others relative to each other. */
function Metrics({ metrics }: { metrics: Record<string, number> }) {
  const bars = metricBars(metrics);
  return (
    <section class="panel">
      <h2>Metrics</h2>
      {bars.length === 0 ? <p class="hint">No metrics recorded.</p> : (
        <table data-testid="version-metrics"><thead><tr><th>Metric</th><th>Value</th><th><span class="sr-only">Bar</span></th></tr></thead>
          <tbody>{bars.map((b) => (
            <tr><td>{b.name}</td><td>{metricValue(b.value)}</td>
              <td class="bar-cell"><div class="bar" aria-hidden="true"><span style={{ width: `${(b.fraction * 100).toFixed(1)}%` }} /></div></td></tr>
          ))}</tbody></table>
      )}
    </section>
  );
}

function DeploymentTable({ deployments, show }: { deployments: EdgeDeployment[]; show: 'edge' | 'model' }) {
  return (
    <table data-testid="deployments">
      <thead><tr><th>{show === 'edge' ? 'Edge' : 'Model'}</th><th>Status</th><th>Current</th><th>Detail</th><th>Updated</th><th>Assigned by</th></tr></thead>
      <tbody>{deployments.map((d) => (
        <tr data-testid={`deployment-row-${d.id}`}>
          <td>{show === 'edge'
            ? <Link to={`/edges/${d.edgeId}`}>{d.edgeName || `edge ${d.edgeId}`}</Link>
            : <Link to={versionPath(d.modelName, d.modelVersionId)}>{d.modelName}:{d.modelVersion}</Link>}</td>
          <td data-testid={`deployment-status-${d.id}`}><Badge value={d.status} /></td>
          <td>{d.current ? 'yes' : 'no'}</td>
          <td class={failed(d.status) ? 'error' : ''}>{d.detail || (failed(d.status) ? 'no detail reported' : '')}</td>
          <td title={dateTime(d.updatedAt)}>{relativeTime(d.updatedAt)}</td>
          <td title={dateTime(d.createdAt)}>{d.createdBy}</td>
        </tr>
      ))}</tbody>
    </table>
  );
}

// ---- assigning ----
function AssignDialog({ api, version, onAssigned, onClose }: { api: Api; version: ModelVersion; onAssigned: (count: number) => void; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Map<number, string>>(new Map());
  const [tagKey, setTagKey] = useState('');
  const [tagValue, setTagValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const query = new URLSearchParams({ state: 'APPROVED', limit: '50' });
  if (search.trim()) query.set('search', search.trim());
  const edges = usePoll<Page<EdgeChoice>>(api, `/api/v1/edges?${query}`, null);
  useEffect(() => {
    const element = dialog.current!;
    if (!element.open) element.showModal();
    return () => { if (element.open) element.close(); };
  }, []);
  useEffect(() => setError(null), [chosen, tagKey, tagValue]);
  const toggle = (edge: EdgeChoice, on: boolean) => setChosen((previous) => {
    const next = new Map(previous);
    if (on) next.set(edge.id, edge.name); else next.delete(edge.id);
    return next;
  });
  const selectShown = () => setChosen((previous) => {
    const next = new Map(previous);
    for (const edge of edges.data?.items ?? []) next.set(edge.id, edge.name);
    return next;
  });
  const submit = async (e: Event) => {
    e.preventDefault();
    const { request, error: problem } = assignRequest(version.id, [...chosen.keys()], tagKey, tagValue);
    if (!request) { setError(problem); return; }
    setSending(true);
    try {
      const created = await api.post<EdgeDeployment[]>(API.deployments, request);
      onAssigned(created?.length ?? 0);
    } catch (failure) {
      setError(assignError(failure));
    } finally {
      setSending(false);
    }
  };
  return (
    <dialog ref={dialog} class="modal" aria-labelledby="assign-title" data-testid="assign-dialog" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="assign-title">Assign {version.name}:{version.version} to edges</h2>
        <p class="hint">Only approved edges run models. Pick edges, give a tag, or both: the version goes to all of them.</p>
        <label>Search approved edges<input type="search" value={search} placeholder="name, location, description" data-testid="assign-search"
          onInput={(e) => setSearch(e.currentTarget.value)} /></label>
        <ErrorText error={edges.error} />
        <fieldset class="picker" data-testid="assign-edges">
          <legend class="sr-only">Edges</legend>
          {edges.data && edges.data.items.length === 0 && <p class="hint">No approved edge matches.</p>}
          {edges.data?.items.map((edge) => (
            <label class="check">
              <input type="checkbox" data-testid={`assign-edge-${edge.id}`} checked={chosen.has(edge.id)} onChange={(e) => toggle(edge, e.currentTarget.checked)} />
              <span class="grow">{edge.name}{edge.location && <span class="hint"> · {edge.location}</span>}</span>
              <Badge value={edge.connection} />
              <span class="hint">{edge.modelVersion ?? 'no model'}</span>
              <span>{Object.entries(edge.tags ?? {}).map(([k, val]) => <span class="tag">{k}={val}</span>)}</span>
            </label>
          ))}
          {!edges.data && !edges.error && <Progress />}
        </fieldset>
        <p class="actions">
          <span>{chosen.size === 0 ? 'No edge picked.' : `${chosen.size} picked: ${[...chosen.values()].slice(0, 5).join(', ')}${chosen.size > 5 ? '…' : ''}`}</span>
          <button type="button" class="secondary" onClick={selectShown} disabled={!edges.data?.items.length}>Pick all shown</button>
          <button type="button" class="secondary" onClick={() => setChosen(new Map())} disabled={chosen.size === 0}>Clear</button>
        </p>
        {edges.data && edges.data.total > edges.data.items.length && <p class="hint">Showing {edges.data.items.length} of {edges.data.total}; search to narrow them down, or use a tag.</p>}
        <div class="inline">
          <label>Or every approved edge with tag<input value={tagKey} placeholder="key, e.g. site" maxLength={64} data-testid="assign-tag-key"
            onInput={(e) => setTagKey(e.currentTarget.value)} /></label>
          <label>Tag value (optional)<input value={tagValue} placeholder="value, e.g. plant-1" maxLength={256} data-testid="assign-tag-value"
            onInput={(e) => setTagValue(e.currentTarget.value)} /></label>
        </div>
        <ErrorText error={error} />
        <p class="actions">
          <button type="submit" data-testid="assign-submit" disabled={sending}>{sending ? 'Assigning…' : 'Assign'}</button>
          <button type="button" class="secondary" onClick={onClose}>Cancel</button>
        </p>
      </form>
    </dialog>
  );
}

// ---- on the edge page ----
export function EdgeDeployments({ api, id }: { api: Api; id: number }) {
  const { data, error } = usePoll<EdgeDeployment[]>(api, API.edgeDeployments(id));
  return (
    <section class="panel" data-testid="edge-deployments">
      <h2>Deployments</h2>
      <ErrorText error={error} />
      {data && data.length === 0 && <p class="empty">No model has been assigned to this edge yet. Assign one from its version on the <Link to="/models">Models</Link> page.</p>}
      {data && data.length > 0 && <DeploymentTable deployments={data} show="model" />}
    </section>
  );
}
