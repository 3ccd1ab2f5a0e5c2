// The edges list with its filters, approval actions and the register form of push targets' edges; the API's edge
// types the other edge pages share.
import { useState } from 'preact/hooks';
import type { Api, Page, Role } from './api';
import { dateTime, relativeTime } from './format';
import { can } from './roles';
import { RegisterEdgeForm } from './edgeTargets';
import { Badge, ErrorText, Link, Pager, Progress, usePoll } from './widgets';

// ---- types of the API (docs/http-api.md) ----
export interface Device { hostname?: string; os?: string; osVersion?: string; arch?: string; cpu?: string; cores?: number; memoryBytes?: number; gpu?: string; agentVersion?: string; runtimes: string[] }
export interface Edge { id: number; name: string; description?: string; location?: string; tags: Record<string, string>; state: string; connection: string; inferenceStatus: string; device: Device; modelVersion?: string; lastSeenAt?: string; createdAt: string; target?: string }
export interface Result { edgeId: number; seq: number; time: string; modelVersion?: string; label?: string; score?: number; latencyMs?: number }
export interface EdgeEvent { edgeId: number; seq: number; kind: string; time: string; message: string }

export function StateActions({ api, edge, role, onChange }: { api: Api; edge: Edge; role: Role; onChange: () => void }) {
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

export function Edges({ api, role }: { api: Api; role: Role }) {
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
