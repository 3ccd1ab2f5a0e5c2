// The audit log, filtered by the kind of object and paged.
import { useState } from 'preact/hooks';
import type { Api, Page } from './api';
import { dateTime } from './format';
import { ErrorText, Pager, usePoll } from './widgets';

interface AuditEntry { id: number; at: string; actor: string; action: string; targetType?: string; targetId?: string; detail?: string }

export function Audit({ api }: { api: Api }) {
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
