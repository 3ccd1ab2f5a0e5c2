// The dashboard: edges online, offline and waiting, inferences over a time range with their chart, recent failures;
// and the time range picker and aggregates the edge page's chart shares.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Api, Page } from './api';
import { dateTime, percent } from './format';
import { RANGES, type Bucket, type Range, toSeries, totals, window as timeWindow } from './series';
import { InferenceChart } from './chart';
import type { Edge, EdgeEvent } from './edges';
import { Badge, ErrorText, Link, POLL_MS, usePoll } from './widgets';

export function RangePicker({ range, onChange }: { range: Range; onChange: (r: Range) => void }) {
  return (
    <div class="range" role="group" aria-label="Time range">
      {RANGES.map((r) => (
        <button type="button" class={r === range ? 'selected' : ''} aria-pressed={r === range} onClick={() => onChange(r)}>{r.label}</button>
      ))}
    </div>
  );
}

export function useAggregates(api: Api, range: Range, edgeId?: number) {
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

export function Dashboard({ api }: { api: Api }) {
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
