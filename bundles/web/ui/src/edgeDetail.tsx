// One edge: its device, editor, deployment target, deployments, data collection, agent settings, chart, frames,
// results and failures.
import { useState } from 'preact/hooks';
import type { Api, Page, Role } from './api';
import { bytes, dateTime, relativeTime } from './format';
import { can } from './roles';
import { RANGES } from './series';
import { InferenceChart } from './chart';
import { RangePicker, useAggregates } from './dashboard';
import { type Edge, type EdgeEvent, type Result, StateActions } from './edges';
import { EdgeDeployments } from './models';
import { AgentSettingsPanel } from './agentReleases';
import { EdgeTargetPanel } from './edgeTargets';
import { RecentFrames } from './frames';
import { CollectionPolicyPanel } from './collection';
import { COLLECTION_API } from './collectionLogic';
import { Badge, DeleteConfirm, ErrorText, navigate, Progress, usePoll } from './widgets';

export function EdgeDetail({ api, role, id }: { api: Api; role: Role; id: number }) {
  const { data: edge, error, reload } = usePoll<Edge>(api, `/api/v1/edges/${id}`);
  const results = usePoll<Page<Result>>(api, `/api/v1/inference/results?edgeId=${id}&limit=20`);
  const failures = usePoll<Page<EdgeEvent>>(api, `/api/v1/inference/events?edgeId=${id}&limit=10`);
  const [range, setRange] = useState(RANGES[0]);
  const { series } = useAggregates(api, range, id);
  const [deleting, setDeleting] = useState(false);
  if (!edge) return error ? <ErrorText error={error} /> : <Progress />;
  const d = edge.device;
  return (
    <>
      <h1>{edge.name} <Badge value={edge.state} /> <Badge value={edge.connection} /></h1>
      <p><StateActions api={api} edge={edge} role={role} onChange={reload} />
        {can.deleteEdges(role) && !deleting && <button type="button" class="secondary danger" data-testid="edge-delete-open" onClick={() => setDeleting(true)}>Delete edge</button>}</p>
      {can.deleteEdges(role) && deleting && <DeleteEdge api={api} edge={edge} onCancel={() => setDeleting(false)} />}
      <div class="columns">
        <section class="panel">
          <h2>Device</h2>
          <dl>
            <dt>OS</dt><dd>{[d.os, d.osVersion].filter(Boolean).join(' ') || '—'}</dd>
            <dt>CPU</dt><dd>{[d.arch, d.cpu, d.cores ? `${d.cores} cores` : null].filter(Boolean).join(' · ') || '—'}</dd>
            <dt>Memory</dt><dd>{bytes(d.memoryBytes)}</dd>
            <dt>GPU</dt><dd>{d.gpu ?? 'none reported'}</dd>
            <dt>Agent</dt><dd>{d.agentVersion ?? '—'} ({d.runtimes.join(', ') || 'no runtimes'})</dd>
            <dt>Model</dt><dd>{edge.modelVersion ?? 'none'} · {edge.inferenceStatus}</dd>
            <dt>Last seen</dt><dd>{relativeTime(edge.lastSeenAt)}</dd>
            <dt>Enrolled</dt><dd>{dateTime(edge.createdAt)}</dd>
            <dt>Target</dt><dd data-testid="edge-target-name">{edge.target ?? 'edge-agent'}</dd>
          </dl>
        </section>
        {can.editEdges(role) && <EdgeEditor api={api} edge={edge} onSaved={reload} />}
      </div>
      {can.registerEdges(role) && <EdgeTargetPanel api={api} edgeId={edge.id} target={edge.target ?? 'edge-agent'} canEdit onMoved={reload} />}
      <EdgeDeployments api={api} id={id} />
      <CollectionPolicyPanel api={api} path={COLLECTION_API.edge(id)} scope="edge" canEdit={can.setCollectionPolicy(role)} />
      {/* agent settings reach agents that pull their desired state; push targets' edges have none */}
      {(edge.target ?? 'edge-agent') === 'edge-agent' && <AgentSettingsPanel api={api} edgeId={id} canEdit={can.setAgentSettings(role)} />}
      <section class="panel">
        <header class="panel-head"><h2>Inferences and mean score</h2><RangePicker range={range} onChange={setRange} /></header>
        <InferenceChart testId="edge-chart" {...series} />
      </section>
      <RecentFrames api={api} edgeId={id} />
      <section class="panel">
        <h2>Recent results</h2>
        {results.data && results.data.items.length === 0 && <p class="empty">No results yet. They appear as soon as the edge runs a model.</p>}
        {results.data && results.data.items.length > 0 && (
          <table><thead><tr><th>Time</th><th>Seq</th><th>Model</th><th>Label</th><th>Score</th><th>Latency</th></tr></thead>
            <tbody>{results.data.items.map((r) => (
              <tr><td>{dateTime(r.time)}</td><td>{r.seq}</td><td>{r.modelVersion ?? '—'}</td><td>{r.label ?? '—'}</td>
                <td>{r.score != null ? r.score.toFixed(3) : '—'}</td><td>{r.latencyMs != null ? `${r.latencyMs} ms` : '—'}</td></tr>
            ))}</tbody></table>
        )}
        <h2>Recent failures</h2>
        {failures.data && failures.data.items.length === 0 && <p class="empty">No failures reported.</p>}
        {failures.data && failures.data.items.map((f) => <p><Badge value={f.kind} /> {dateTime(f.time)} — {f.message}</p>)}
      </section>
    </>
  );
}

function EdgeEditor({ api, edge, onSaved }: { api: Api; edge: Edge; onSaved: () => void }) {
  const [name, setName] = useState(edge.name);
  const [location, setLocation] = useState(edge.location ?? '');
  const [description, setDescription] = useState(edge.description ?? '');
  const [tags, setTags] = useState(Object.entries(edge.tags).map(([k, v]) => `${k}=${v}`).join(', '));
  const [message, setMessage] = useState<string | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    const tagMap: Record<string, string> = {};
    for (const pair of tags.split(',').map((t) => t.trim()).filter(Boolean)) {
      const [key, ...value] = pair.split('=');
      tagMap[key.trim()] = value.join('=').trim();
    }
    try {
      await api.patch(`/api/v1/edges/${edge.id}`, { name, location, description, tags: tagMap });
      setMessage('Saved.');
      onSaved();
    } catch (failure) {
      setMessage((failure as Error).message);
    }
  };
  return (
    <form class="panel" onSubmit={save}>
      <h2>Edit</h2>
      <label>Name<input value={name} onInput={(e) => setName(e.currentTarget.value)} maxLength={128} required /></label>
      <label>Location<input value={location} onInput={(e) => setLocation(e.currentTarget.value)} maxLength={256} /></label>
      <label>Description<textarea value={description} onInput={(e) => setDescription(e.currentTarget.value)} maxLength={1024} /></label>
      <label>Tags (key=value, comma separated)<input value={tags} onInput={(e) => setTags(e.currentTarget.value)} /></label>
      <button type="submit">Save</button> {message && <span role="status">{message}</span>}
    </form>
  );
}

/** Its credential is refused at once; its results, samples and events stay under its id unless the operator removes them. */
function DeleteEdge({ api, edge, onCancel }: { api: Api; edge: Edge; onCancel: () => void }) {
  const [removeData, setRemoveData] = useState(false);
  const remove = async () => {
    await api.del(`/api/v1/edges/${edge.id}${removeData ? '?removeData=true' : ''}`);
    navigate('/edges');
  };
  return (
    <DeleteConfirm name={edge.name} testId="edge-delete" onDelete={remove} onCancel={onCancel}>
      <p>The edge's credential stops working at once (on other servers within 10 s), it leaves the list and its
        deployments, tags and settings go with it; its name is free again.</p>
      <label class="check-label"><input type="checkbox" data-testid="edge-delete-data" checked={removeData}
        onChange={(e) => setRemoveData(e.currentTarget.checked)} /> Also remove its inference results, samples and events
        (otherwise they stay, listed under edge #{edge.id})</label>
    </DeleteConfirm>
  );
}
