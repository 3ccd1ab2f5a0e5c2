// Enrollment tokens: created with their uses and lifetime, the secret shown once with the command that enrolls an
// edge, revoked.
import { useState } from 'preact/hooks';
import type { Api } from './api';
import { dateTime, tokenStatus } from './format';
import { Badge, DeleteConfirm, ErrorText, usePoll } from './widgets';

interface Token { id: number; description?: string; maxUses: number; uses: number; expiresAt: string; revoked: boolean; createdBy: string; createdAt: string }

export function Tokens({ api }: { api: Api }) {
  const { data, error, reload } = usePoll<Token[]>(api, '/api/v1/enrollment-tokens?all=true', null);
  const [description, setDescription] = useState('');
  const [uses, setUses] = useState(1);
  const [hours, setHours] = useState(24);
  const [issued, setIssued] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<number | null>(null);
  const revokingToken = data?.find((t) => t.id === revoking) ?? null;
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
      {revokingToken && (
        <DeleteConfirm name={String(revokingToken.id)} action="Revoke token" testId="token-revoke"
          onDelete={async () => { await api.del(`/api/v1/enrollment-tokens/${revokingToken.id}`); setRevoking(null); reload(); }}
          onCancel={() => setRevoking(null)}>
          <p>{revokingToken.description ? `“${revokingToken.description}” ` : ''}enrolls no more edges; the edges it enrolled keep
            their credentials.</p>
        </DeleteConfirm>
      )}
      {data && data.length === 0 && <p class="empty">No tokens yet. Create one to enroll your first edge.</p>}
      {data && data.length > 0 && (
        <table><thead><tr><th>ID</th><th>Description</th><th>Uses</th><th>Expires</th><th>Status</th><th>Created by</th><th></th></tr></thead>
          <tbody>{data.map((t) => {
            const status = tokenStatus(t);
            return (
              <tr><td>{t.id}</td><td>{t.description ?? '—'}</td><td>{t.uses} / {t.maxUses}</td><td>{dateTime(t.expiresAt)}</td><td><Badge value={status} /></td><td>{t.createdBy}</td>
                <td>{status === 'ACTIVE' && revoking !== t.id && <button type="button" class="secondary" data-testid={`token-revoke-${t.id}`} onClick={() => setRevoking(t.id)}>Revoke</button>}</td></tr>
            );
          })}</tbody></table>
      )}
    </>
  );
}
