import { render } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import './style.css';
import { Api, ApiError, type Page, type Role } from './api';
import { bytes, dateTime, percent, relativeTime, tokenStatus } from './format';
import { can, navigation } from './roles';
import { isCurrent, match } from './router';
import { RANGES, type Bucket, type Range, toSeries, totals, window as timeWindow } from './series';
import { InferenceChart } from './chart';
import { Badge, ErrorText, Link, navigate, Pager, POLL_MS, Progress, usePoll } from './widgets';
import { EdgeDeployments, ModelPage, Models } from './models';
import { DatasetPage, Datasets } from './datasets';
import { Solutions, StreamPage, Streams } from './streams';
import { RolloutPage, Rollouts } from './rollouts';
import { AgentReleasePage, AgentReleases, AgentSettingsPanel } from './agentReleases';
import { EdgeTargetPanel, RegisterEdgeForm } from './edgeTargets';
import { RecentFrames } from './frames';
import { CollectionPolicyPanel } from './collection';
import { COLLECTION_API } from './collectionLogic';

// ---- types of the API (docs/http-api.md) ----
interface Device { hostname?: string; os?: string; osVersion?: string; arch?: string; cpu?: string; cores?: number; memoryBytes?: number; gpu?: string; agentVersion?: string; runtimes: string[] }
interface Edge { id: number; name: string; description?: string; location?: string; tags: Record<string, string>; state: string; connection: string; inferenceStatus: string; device: Device; modelVersion?: string; lastSeenAt?: string; createdAt: string; target?: string }
interface Token { id: number; description?: string; maxUses: number; uses: number; expiresAt: string; revoked: boolean; createdBy: string; createdAt: string }
interface User { id: number; username: string; role: Role; disabled: boolean; createdAt: string; lastLoginAt?: string }
interface Result { edgeId: number; seq: number; time: string; modelVersion?: string; label?: string; score?: number; latencyMs?: number }
interface EdgeEvent { edgeId: number; seq: number; kind: string; time: string; message: string }
interface AuditEntry { id: number; at: string; actor: string; action: string; targetType?: string; targetId?: string; detail?: string }
interface Plugin { kind: string; id: string; displayName: string; version: string; bundleSymbolicName: string; bundleVersion: string; bundleId: number; state: string }

/** Who is signed in; the session token itself is in an HttpOnly cookie this code never sees. */
interface Session { username: string; role: Role }

// ---- login ----
function Login({ api, onLogin, notice }: { api: Api; onLogin: (s: Session) => void; notice: string | null }) {
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

// ---- dashboard ----
function RangePicker({ range, onChange }: { range: Range; onChange: (r: Range) => void }) {
  return (
    <div class="range" role="group" aria-label="Time range">
      {RANGES.map((r) => (
        <button type="button" class={r === range ? 'selected' : ''} aria-pressed={r === range} onClick={() => onChange(r)}>{r.label}</button>
      ))}
    </div>
  );
}

function useAggregates(api: Api, range: Range, edgeId?: number) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => { const t = setInterval(() => setNow(Date.now()), POLL_MS); return () => clearInterval(t); }, []);
  const { from, to } = timeWindow(range, now);
  const path = `/api/v1/inference/aggregates?from=${from}&to=${to}&bucketSeconds=${range.bucketSeconds}${edgeId ? `&edgeId=${edgeId}` : ''}`;
  const { data, error } = usePoll<Bucket[]>(api, path);
  const series = useMemo(() => toSeries(data ?? [], from, to, range.bucketSeconds), [data, from, to]);
  return { buckets: data ?? [], series, error };
}

function Card({ label, value, testId, hint }: { label: string; value: number | string | null; testId: string; hint?: string }) {
  return (
    <section class="card" data-testid={testId} aria-label={label}>
      <h2>{label}</h2>
      <p class="value" data-testid={`${testId}-value`}>{value ?? '…'}</p>
      {hint && <p class="hint">{hint}</p>}
    </section>
  );
}

function Dashboard({ api }: { api: Api }) {
  const online = usePoll<Page<Edge>>(api, '/api/v1/edges?connection=ONLINE&limit=1');
  const offline = usePoll<Page<Edge>>(api, '/api/v1/edges?connection=OFFLINE&limit=1');
  const pending = usePoll<Page<Edge>>(api, '/api/v1/edges?state=PENDING&limit=1');
  const events = usePoll<Page<EdgeEvent>>(api, '/api/v1/inference/events?limit=10');
  const [range, setRange] = useState(RANGES[0]);
  const { buckets, series, error } = useAggregates(api, range);
  const sum = totals(buckets);
  return (
    <>
      <h1>Dashboard</h1>
      <div class="cards">
        <Card label="Edges online" testId="card-online" value={online.data?.total ?? null} />
        <Card label="Edges offline" testId="card-offline" value={offline.data?.total ?? null} />
        <Card label="Waiting for approval" testId="card-pending" value={pending.data?.total ?? null} />
        <Card label={`Inferences (${range.label})`} testId="card-inferences" value={sum.count} hint={`low confidence ${percent(sum.lowConfidence, sum.count)}, ${sum.failures} failures`} />
      </div>
      <section class="panel">
        <header class="panel-head"><h2>Throughput and mean score</h2><RangePicker range={range} onChange={setRange} /></header>
        <ErrorText error={error} />
        <InferenceChart testId="dashboard-chart" {...series} />
      </section>
      <section class="panel">
        <h2>Recent failures and edge errors</h2>
        <ErrorText error={events.error} />
        {events.data && events.data.items.length === 0 && <p class="empty">No failures reported. Edges report them as they happen.</p>}
        {events.data && events.data.items.length > 0 && (
          <table><thead><tr><th>Time</th><th>Edge</th><th>Kind</th><th>Message</th></tr></thead>
            <tbody>{events.data.items.map((e) => (
              <tr><td>{dateTime(e.time)}</td><td><Link to={`/edges/${e.edgeId}`}>{e.edgeId}</Link></td><td><Badge value={e.kind} /></td><td>{e.message}</td></tr>
            ))}</tbody></table>
        )}
      </section>
    </>
  );
}

// ---- edges ----
function StateActions({ api, edge, role, onChange }: { api: Api; edge: Edge; role: Role; onChange: () => void }) {
  const [error, setError] = useState<string | null>(null);
  if (!can.decideEdges(role)) return null;
  const act = async (action: string) => {
    try {
      await api.post(`/api/v1/edges/${edge.id}/${action}`);
      setError(null);
      onChange();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <span class="actions">
      {edge.state !== 'APPROVED' && <button type="button" data-testid={`approve-${edge.id}`} onClick={() => act('approve')}>Approve</button>}
      {edge.state !== 'REJECTED' && <button type="button" class="secondary" data-testid={`reject-${edge.id}`} onClick={() => act('reject')}>Reject</button>}
      {edge.state !== 'DISABLED' && <button type="button" class="secondary" data-testid={`disable-${edge.id}`} onClick={() => act('disable')}>Disable</button>}
      {error && <span class="error" role="alert">{error}</span>}
    </span>
  );
}

function Edges({ api, role }: { api: Api; role: Role }) {
  const [state, setState] = useState('');
  const [connection, setConnection] = useState('');
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const limit = 25;
  const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
  if (state) query.set('state', state);
  if (connection) query.set('connection', connection);
  if (search.trim()) query.set('search', search.trim());
  const { data, error, reload } = usePoll<Page<Edge>>(api, `/api/v1/edges?${query}`);
  const [registering, setRegistering] = useState(false);
  const [registered, setRegistered] = useState<string | null>(null);
  const filtered = state || connection || search.trim();
  return (
    <>
      <h1>Edges {can.registerEdges(role) && !registering && <button type="button" data-testid="register-edge-open" onClick={() => { setRegistering(true); setRegistered(null); }}>Register edge</button>}</h1>
      {registering && <RegisterEdgeForm api={api} onClose={() => setRegistering(false)}
        onRegistered={(edge) => { setRegistered(`Registered ${edge.name} (edge #${edge.id}), reached by ${edge.target ?? 'its target'}.`); reload(); }} />}
      {registered && <p role="status" data-testid="register-edge-message">{registered}</p>}
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>State<select value={state} onChange={(e) => { setState(e.currentTarget.value); setOffset(0); }}>
          <option value="">any</option>{['PENDING', 'APPROVED', 'REJECTED', 'DISABLED'].map((s) => <option value={s}>{s}</option>)}</select></label>
        <label>Connection<select value={connection} onChange={(e) => { setConnection(e.currentTarget.value); setOffset(0); }}>
          <option value="">any</option><option value="ONLINE">ONLINE</option><option value="OFFLINE">OFFLINE</option></select></label>
        <label>Search<input type="search" placeholder="name, location, description" value={search} onInput={(e) => { setSearch(e.currentTarget.value); setOffset(0); }} /></label>
      </form>
      <ErrorText error={error} />
      {data && data.total === 0 && !filtered && (
        <p class="empty">No edges yet — {can.manageTokens(role) ? <Link to="/tokens">create an enrollment token</Link> : 'ask an administrator for an enrollment token'} and start the agent with it.</p>
      )}
      {data && data.total === 0 && filtered && <p class="empty">No edge matches these filters.</p>}
      {data && data.total > 0 && (
        <>
          <table>
            <thead><tr><th>Name</th><th>State</th><th>Connection</th><th>Device</th><th>Model</th><th>Target</th><th>Last seen</th><th>Tags</th><th>Actions</th></tr></thead>
            <tbody>{data.items.map((edge) => (
              <tr data-testid={`edge-row-${edge.id}`}>
                <td><Link to={`/edges/${edge.id}`}>{edge.name}</Link>{edge.location && <div class="hint">{edge.location}</div>}</td>
                <td data-testid={`edge-state-${edge.id}`}><Badge value={edge.state} /></td>
                <td><Badge value={edge.connection} /></td>
                <td>{[edge.device.os, edge.device.arch, edge.device.cores ? `${edge.device.cores} cores` : null].filter(Boolean).join(' · ') || '—'}</td>
                <td>{edge.modelVersion ?? '—'} <span class="hint">{edge.inferenceStatus}</span></td>
                <td data-testid={`edge-target-${edge.id}`}>{edge.target ?? 'edge-agent'}</td>
                <td title={dateTime(edge.lastSeenAt)}>{relativeTime(edge.lastSeenAt)}</td>
                <td>{Object.entries(edge.tags).map(([k, v]) => <span class="tag">{k}={v}</span>)}</td>
                <td><StateActions api={api} edge={edge} role={role} onChange={reload} /></td>
              </tr>
            ))}</tbody>
          </table>
          <Pager total={data.total} offset={offset} limit={limit} onOffset={setOffset} />
        </>
      )}
      {!data && !error && <Progress />}
    </>
  );
}

function EdgeDetail({ api, role, id }: { api: Api; role: Role; id: number }) {
  const { data: edge, error, reload } = usePoll<Edge>(api, `/api/v1/edges/${id}`);
  const results = usePoll<Page<Result>>(api, `/api/v1/inference/results?edgeId=${id}&limit=20`);
  const failures = usePoll<Page<EdgeEvent>>(api, `/api/v1/inference/events?edgeId=${id}&limit=10`);
  const [range, setRange] = useState(RANGES[0]);
  const { series } = useAggregates(api, range, id);
  if (!edge) return error ? <ErrorText error={error} /> : <Progress />;
  const d = edge.device;
  return (
    <>
      <h1>{edge.name} <Badge value={edge.state} /> <Badge value={edge.connection} /></h1>
      <p><StateActions api={api} edge={edge} role={role} onChange={reload} /></p>
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

// ---- tokens ----
function Tokens({ api }: { api: Api }) {
  const { data, error, reload } = usePoll<Token[]>(api, '/api/v1/enrollment-tokens?all=true', null);
  const [description, setDescription] = useState('');
  const [uses, setUses] = useState(1);
  const [hours, setHours] = useState(24);
  const [issued, setIssued] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const create = async (e: Event) => {
    e.preventDefault();
    try {
      const result = await api.post<{ secret: string }>('/api/v1/enrollment-tokens', { description: description || null, maxUses: uses, ttlSeconds: hours * 3600 });
      setIssued(result.secret);
      setFailure(null);
      reload();
    } catch (f) {
      setFailure((f as Error).message);
    }
  };
  const join = issued ? `curl -X POST ${location.origin}/api/v1/edge/enroll -H 'Content-Type: application/json' -d '{"token":"${issued}","name":"<edge-name>"}'` : '';
  return (
    <>
      <h1>Enrollment tokens</h1>
      <form class="panel inline" onSubmit={create}>
        <label>Description<input value={description} onInput={(e) => setDescription(e.currentTarget.value)} maxLength={256} /></label>
        <label>Uses<input type="number" min={1} max={10000} value={uses} onInput={(e) => setUses(Number(e.currentTarget.value))} /></label>
        <label>Expires after (hours)<input type="number" min={1} max={720} value={hours} onInput={(e) => setHours(Number(e.currentTarget.value))} /></label>
        <button type="submit" data-testid="token-create">Create token</button>
      </form>
      <ErrorText error={failure} />
      {issued && (
        <section class="panel secret" aria-live="polite">
          <h2>New token — shown only once</h2>
          <code data-testid="token-secret">{issued}</code>
          <button type="button" onClick={() => navigator.clipboard?.writeText(issued)}>Copy</button>
          <p>Enroll an edge with:</p>
          <pre>{join}</pre>
          <button type="button" onClick={() => navigator.clipboard?.writeText(join)}>Copy command</button>
        </section>
      )}
      <ErrorText error={error} />
      {data && data.length === 0 && <p class="empty">No tokens yet. Create one to enroll your first edge.</p>}
      {data && data.length > 0 && (
        <table><thead><tr><th>ID</th><th>Description</th><th>Uses</th><th>Expires</th><th>Status</th><th>Created by</th><th></th></tr></thead>
          <tbody>{data.map((t) => {
            const status = tokenStatus(t);
            return (
              <tr><td>{t.id}</td><td>{t.description ?? '—'}</td><td>{t.uses} / {t.maxUses}</td><td>{dateTime(t.expiresAt)}</td><td><Badge value={status} /></td><td>{t.createdBy}</td>
                <td>{status === 'ACTIVE' && <button type="button" class="secondary" onClick={async () => { await api.del(`/api/v1/enrollment-tokens/${t.id}`); reload(); }}>Revoke</button>}</td></tr>
            );
          })}</tbody></table>
      )}
    </>
  );
}

// ---- users, audit, plugins ----
function Users({ api, self }: { api: Api; self: string }) {
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

function Audit({ api }: { api: Api }) {
  const [targetType, setTargetType] = useState('');
  const [offset, setOffset] = useState(0);
  const limit = 50;
  const { data, error } = usePoll<Page<AuditEntry>>(api, `/api/v1/audit?limit=${limit}&offset=${offset}${targetType ? `&targetType=${targetType}` : ''}`);
  return (
    <>
      <h1>Audit log</h1>
      <label>Object<select value={targetType} onChange={(e) => { setTargetType(e.currentTarget.value); setOffset(0); }}>
        <option value="">all</option><option value="edge">edges</option><option value="enrollment-token">enrollment tokens</option><option value="user">users</option></select></label>
      <ErrorText error={error} />
      {data && data.total === 0 && <p class="empty">Nothing recorded yet.</p>}
      {data && data.total > 0 && (
        <>
          <table><thead><tr><th>When</th><th>Who</th><th>What</th><th>Object</th><th>Detail</th></tr></thead>
            <tbody>{data.items.map((a) => <tr><td>{dateTime(a.at)}</td><td>{a.actor}</td><td>{a.action}</td><td>{a.targetType} {a.targetId}</td><td>{a.detail ?? ''}</td></tr>)}</tbody></table>
          <Pager total={data.total} offset={offset} limit={limit} onOffset={setOffset} />
        </>
      )}
    </>
  );
}

function Plugins({ api }: { api: Api }) {
  const { data, error } = usePoll<Plugin[]>(api, '/api/v1/plugins');
  const kinds = ['SOLUTION_TYPE', 'DATA_SOURCE', 'TRAINING_BACKEND', 'DEPLOYMENT_TARGET'];
  return (
    <>
      <h1>Plugins</h1>
      <ErrorText error={error} />
      {data && kinds.map((kind) => {
        const installed = data.filter((p) => p.kind === kind);
        return (
          <section class="panel">
            <h2>{kind.replace('_', ' ').toLowerCase()}</h2>
            {installed.length === 0 ? <p class="empty">None installed. Plugins are Karaf features; install one without restarting the server.</p> : (
              <table><thead><tr><th>ID</th><th>Name</th><th>Version</th><th>Bundle</th><th>State</th></tr></thead>
                <tbody>{installed.map((p) => <tr><td>{p.id}</td><td>{p.displayName}</td><td>{p.version}</td><td>{p.bundleSymbolicName} {p.bundleVersion} [{p.bundleId}]</td><td><Badge value={p.state} /></td></tr>)}</tbody></table>
            )}
          </section>
        );
      })}
    </>
  );
}

// ---- shell ----
function loadSession(): Session | null {
  try {
    return JSON.parse(sessionStorage.getItem('modelfleet.session') ?? 'null');
  } catch {
    return null;
  }
}

function App() {
  const [path, setPath] = useState(location.pathname);
  const [session, setSession] = useState<Session | null>(loadSession);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const expire = useCallback(() => {
    sessionStorage.removeItem('modelfleet.session');
    setSession(null);
    setNotice('Your session has ended; please sign in again.');
    navigate('/login');
  }, []);
  const api = useMemo(() => new Api(session !== null, expire, setBusy), []);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const route = match(path);

  if (!session || route.page === 'login') {
    if (session && route.page === 'login') { navigate('/'); return null; }
    return <Login api={api} notice={notice} onLogin={(s) => {
      sessionStorage.setItem('modelfleet.session', JSON.stringify(s));
      api.setSignedIn(true);
      setNotice(null);
      setSession(s);
      if (route.page === 'login') navigate('/');
    }} />;
  }
  const role = session.role;
  const logout = async () => {
    try { await api.post('/api/v1/auth/logout'); } catch { /* the session may already be gone */ }
    sessionStorage.removeItem('modelfleet.session');
    api.setSignedIn(false);
    setSession(null);
    setNotice(null);
    navigate('/login');
  };
  const allowed = (page: string) => (page === 'tokens' ? can.manageTokens(role) : page === 'users' ? can.manageUsers(role) : page === 'audit' ? can.readAudit(role) : true);
  return (
    <>
      <header class="top">
        <strong class="brand">ModelFleet</strong>
        <nav aria-label="Main">{navigation(role).map((item) => (
          <Link to={item.path} testId={item.testId}><span class={isCurrent(path, item.path) ? 'current' : ''}>{item.label}</span></Link>
        ))}</nav>
        <span class="who">{session.username} · {role}</span>
        <button type="button" class="secondary" data-testid="logout" onClick={logout}>Sign out</button>
      </header>
      {busy ? <Progress /> : <div class="progress idle" />}
      <main class="content">
        {!allowed(route.page) && <p class="error">This page needs a role you do not have.</p>}
        {allowed(route.page) && route.page === 'dashboard' && <Dashboard api={api} />}
        {allowed(route.page) && route.page === 'edges' && <Edges api={api} role={role} />}
        {allowed(route.page) && route.page === 'edge' && <EdgeDetail key={route.id} api={api} role={role} id={route.id!} />}
        {allowed(route.page) && route.page === 'models' && <Models api={api} role={role} />}
        {allowed(route.page) && route.page === 'model' && <ModelPage key={route.name} api={api} role={role} name={route.name!} versionId={route.id} />}
        {allowed(route.page) && route.page === 'datasets' && <Datasets api={api} role={role} />}
        {allowed(route.page) && route.page === 'dataset' && <DatasetPage key={route.id} api={api} role={role} id={route.id!} />}
        {allowed(route.page) && route.page === 'solutions' && <Solutions api={api} />}
        {allowed(route.page) && route.page === 'streams' && <Streams api={api} role={role} />}
        {allowed(route.page) && route.page === 'stream' && <StreamPage key={route.id} api={api} role={role} id={route.id!} />}
        {allowed(route.page) && route.page === 'rollouts' && <Rollouts api={api} role={role} />}
        {allowed(route.page) && route.page === 'rollout' && <RolloutPage key={route.id} api={api} role={role} id={route.id!} />}
        {allowed(route.page) && route.page === 'agent-releases' && <AgentReleases api={api} role={role} />}
        {allowed(route.page) && route.page === 'agent-release' && <AgentReleasePage key={route.id} api={api} role={role} id={route.id!} />}
        {allowed(route.page) && route.page === 'tokens' && <Tokens api={api} />}
        {allowed(route.page) && route.page === 'users' && <Users api={api} self={session.username} />}
        {allowed(route.page) && route.page === 'audit' && <Audit api={api} />}
        {allowed(route.page) && route.page === 'plugins' && <Plugins api={api} />}
        {route.page === 'notfound' && <p class="empty">Nothing here. <Link to="/">Back to the dashboard</Link></p>}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
