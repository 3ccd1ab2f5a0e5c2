// Dataset pages: the list, a dataset's imports (sources come and go with their plugins), relabeling with keyboard
// shortcuts, label history and versions. The rules live in datasetLogic.ts.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api, Page, Role } from './api';
import { dateTime, relativeTime } from './format';
import {
  isImage, itemsPath, jobPercent, PAGE_SIZE, parseOptions, shortcut, splitList, UPLOAD_SOURCE,
  type Dataset, type DatasetItem, type DatasetVersion, type ImportJob, type ItemFilters, type LabelChange,
} from './datasetLogic';
import { can } from './roles';
import { Badge, ErrorText, Link, navigate, Progress, usePoll } from './widgets';

const API = '/api/v1';

export function Datasets({ api, role }: { api: Api; role: Role }) {
  const { data, error, reload } = usePoll<Dataset[]>(api, `${API}/datasets`);
  const [creating, setCreating] = useState(false);
  const manager = can.manageDatasets(role);
  return (
    <>
      <h1>Datasets {manager && !creating && <button type="button" data-testid="dataset-new" onClick={() => setCreating(true)}>New dataset</button>}</h1>
      {creating && <CreateForm api={api} onCancel={() => setCreating(false)} onCreated={(d) => { reload(); navigate(`/datasets/${d.id}`); }} />}
      <ErrorText error={error} />
      {data && data.length === 0 && !creating && <p class="empty">No datasets yet.</p>}
      {data && data.length > 0 && (
        <table>
          <thead><tr><th>Name</th><th>Kind</th><th>State</th><th>Items</th><th>Versions</th><th>Updated</th></tr></thead>
          <tbody>{data.map((d) => (
            <tr data-testid={`dataset-row-${d.name}`}>
              <td><Link to={`/datasets/${d.id}`}>{d.name}</Link></td>
              <td>{d.kind}</td><td><Badge value={d.state} /></td><td>{d.items}</td><td>{d.versions}</td>
              <td title={dateTime(d.updatedAt)}>{relativeTime(d.updatedAt)}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {!data && !error && <Progress />}
    </>
  );
}

function CreateForm({ api, onCreated, onCancel }: { api: Api; onCreated: (d: Dataset) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'TABULAR' | 'FILES'>('TABULAR');
  const [columns, setColumns] = useState('');
  const [labels, setLabels] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      onCreated(await api.post<Dataset>(`${API}/datasets`, { name: name.trim(), kind, columns: splitList(columns), labels: splitList(labels) }));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form class="card" onSubmit={submit} data-testid="dataset-form">
      <label>Name <input data-testid="dataset-name" value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={128} /></label>
      <label>Kind <select data-testid="dataset-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as 'TABULAR' | 'FILES')}>
        <option value="TABULAR">Tabular (CSV rows)</option><option value="FILES">Files (images in class folders)</option></select></label>
      {kind === 'TABULAR' && <label>Feature columns (comma-separated) <input data-testid="dataset-columns" value={columns} onInput={(e) => setColumns(e.currentTarget.value)} required /></label>}
      <label>Labels (comma-separated; empty accepts any) <input data-testid="dataset-labels" value={labels} onInput={(e) => setLabels(e.currentTarget.value)} /></label>
      <ErrorText error={error} />
      <button type="submit" data-testid="dataset-create">Create</button> <button type="button" class="link" onClick={onCancel}>Cancel</button>
    </form>
  );
}

export function DatasetPage({ api, role, id }: { api: Api; role: Role; id: number }) {
  const { data: dataset, error, reload } = usePoll<Dataset>(api, `${API}/datasets/${id}`);
  const manager = can.manageDatasets(role);
  const [itemsTick, setItemsTick] = useState(0);
  if (!dataset) return <>{error ? <ErrorText error={error} /> : <Progress />}</>;
  const changed = () => { reload(); setItemsTick((t) => t + 1); };
  return (
    <>
      <p><Link to="/datasets">Datasets</Link></p>
      <h1>{dataset.name} <Badge value={dataset.state} testId="dataset-state" /></h1>
      <p class="muted" data-testid="dataset-summary">{dataset.kind} · <span data-testid="dataset-items">{dataset.items}</span> items ·
        {' '}{dataset.versions} versions · labels {dataset.labels.join(', ') || 'any'}{dataset.kind === 'TABULAR' && ` · columns ${dataset.columns.join(', ')}`}</p>
      {manager && <ImportPanel api={api} dataset={dataset} onEnded={changed} />}
      <Items key={itemsTick} api={api} dataset={dataset} manager={manager} onRelabelled={reload} />
      <Versions api={api} dataset={dataset} manager={manager} onPublished={reload} />
    </>
  );
}

// ---- imports ----
function ImportPanel({ api, dataset, onEnded }: { api: Api; dataset: Dataset; onEnded: () => void }) {
  const [sources, setSources] = useState<string[] | null>(null);
  const [source, setSource] = useState(UPLOAD_SOURCE);
  const [file, setFile] = useState<File | null>(null);
  const [options, setOptions] = useState('');
  const [sent, setSent] = useState<number | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  // sources are plugins: ask again each time the panel opens, so a removed one is not offered
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    api.get<string[]>(`${API}/dataset-sources`).then((s) => {
      setSources(s);
      if (!s.includes(source)) setSource(s[0] ?? '');
    }, (e: Error) => setError(e.message));
  }, [open]);
  useEffect(() => {
    if (!job || job.state !== 'RUNNING') return;
    const timer = setInterval(() => api.get<ImportJob>(`${API}/imports/${job.id}`).then((j) => {
      setJob(j);
      if (j.state !== 'RUNNING') onEnded();
    }, (e: Error) => setError(e.message)), 500);
    return () => clearInterval(timer);
  }, [job?.id, job?.state]);

  const start = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      if (source === UPLOAD_SOURCE) {
        if (!file) throw new Error('Choose a CSV file or a zip of class folders.');
        const form = new FormData();
        form.append('source', source);
        form.append('file', file);
        setSent(0);
        setJob(await api.upload<ImportJob>(`${API}/datasets/${dataset.id}/uploads`, form, (loaded, total) => setSent(Math.round((loaded / total) * 100))));
      } else {
        setJob(await api.post<ImportJob>(`${API}/datasets/${dataset.id}/imports`, { source, options: parseOptions(options) }));
      }
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSent(null);
    }
  };
  const percent = job ? jobPercent(job) : null;
  if (!open) return <p><button type="button" data-testid="import-open" onClick={() => setOpen(true)}>Import data</button></p>;
  return (
    <form class="card" onSubmit={start} data-testid="import-panel">
      <h2>Import</h2>
      <label>Source <select data-testid="import-source" value={source} onChange={(e) => setSource(e.currentTarget.value)}>
        {(sources ?? []).map((s) => <option value={s}>{s}</option>)}</select></label>
      {source === UPLOAD_SOURCE
        ? <label>File (CSV, or zip of class folders) <input type="file" data-testid="import-file" accept=".csv,.zip" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} /></label>
        : <label>Options, one key=value per line (S3: prefix, layout; edges: edges, tags, from, to, minScore, maxScore, label)
          <textarea data-testid="import-options" rows={3} value={options} onInput={(e) => setOptions(e.currentTarget.value)} /></label>}
      <button type="submit" data-testid="import-start" disabled={job?.state === 'RUNNING' || sent !== null}>Start import</button>
      {sent !== null && <div class="upload-progress"><span>Uploading</span><progress max={100} value={sent} /></div>}
      {job && (
        <div class="upload-progress" data-testid="import-job">
          <span>Import {job.id}: <Badge value={job.state} testId="import-state" /></span>
          {percent === null ? <progress /> : <progress max={100} value={percent} />}
          <span>{job.state === 'RUNNING' ? (percent === null ? `${job.done} read` : `${percent}%`) : `${job.imported} imported, ${job.skipped} skipped`}</span>
          {job.state === 'RUNNING' && <button type="button" onClick={() => api.del(`${API}/imports/${job.id}`).catch((e: Error) => setError(e.message))}>Cancel</button>}
        </div>
      )}
      {job?.error && <p class="error" role="alert" data-testid="import-error">{job.error}</p>}
      <ErrorText error={error} />
    </form>
  );
}

// ---- relabeling ----
const NO_FILTERS: ItemFilters = { label: '', minScore: '', maxScore: '', source: '', edgeId: '' };

function Items({ api, dataset, manager, onRelabelled }: { api: Api; dataset: Dataset; manager: boolean; onRelabelled: () => void }) {
  const [filters, setFilters] = useState(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page<DatasetItem> | null>(null);
  const [focus, setFocus] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [history, setHistory] = useState<{ item: DatasetItem; changes: LabelChange[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const table = useRef<HTMLTableElement>(null);
  useEffect(() => {
    api.get<Page<DatasetItem>>(itemsPath(dataset.id, filters, offset)).then(setPage, (e: Error) => setError(e.message));
  }, [filters, offset, tick]);

  const items = page?.items ?? [];
  const relabel = async (ids: number[], label: string) => {
    try {
      await api.post(`${API}/datasets/${dataset.id}/relabel`, { itemIds: ids, label });
      setSelected(new Set());
      setTick((t) => t + 1);
      onRelabelled();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const showHistory = async (item: DatasetItem) => {
    try {
      setHistory({ item, changes: await api.get<LabelChange[]>(`${API}/dataset-items/${item.id}/history`) });
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if ((e.target as HTMLElement).tagName === 'INPUT' || (e.target as HTMLElement).tagName === 'SELECT') return;
    const action = shortcut(e.key, dataset.labels);
    const item = items[focus];
    if (!action || !item) return;
    e.preventDefault();
    if (action.kind === 'move') setFocus(Math.max(0, Math.min(items.length - 1, focus + action.by)));
    if (action.kind === 'toggle') toggle(item.id);
    if (action.kind === 'history') showHistory(item);
    if (action.kind === 'label' && manager) relabel(selected.size > 0 ? [...selected] : [item.id], action.label);
  };
  const toggle = (itemId: number) => setSelected((s) => {
    const next = new Set(s);
    if (!next.delete(itemId)) next.add(itemId);
    return next;
  });
  const setFilter = (key: keyof ItemFilters, value: string) => { setOffset(0); setFilters({ ...filters, [key]: value }); };
  return (
    <section>
      <h2>Items <span class="muted">lowest confidence first</span></h2>
      <div class="filters">
        <label>Label <select data-testid="filter-label" value={filters.label} onChange={(e) => setFilter('label', e.currentTarget.value)}>
          <option value="">any</option>{dataset.labels.map((l) => <option value={l}>{l}</option>)}</select></label>
        <label>Score from <input size={5} value={filters.minScore} onChange={(e) => setFilter('minScore', e.currentTarget.value)} /></label>
        <label>to <input size={5} value={filters.maxScore} onChange={(e) => setFilter('maxScore', e.currentTarget.value)} /></label>
        <label>Source <input size={8} value={filters.source} onChange={(e) => setFilter('source', e.currentTarget.value)} /></label>
        <label>Edge id <input size={6} value={filters.edgeId} onChange={(e) => setFilter('edgeId', e.currentTarget.value)} /></label>
      </div>
      <p class="muted" data-testid="shortcut-legend">Keys: j/k or ↓/↑ move · space selects · {dataset.labels.slice(0, 9).map((l, i) => `${i + 1} = ${l}`).join(' · ')}
        {' '}(applies to the selected items, or the focused one) · h shows history</p>
      {manager && selected.size > 0 && (
        <p data-testid="bulk-bar">{selected.size} selected: {dataset.labels.map((l) => (
          <button type="button" data-testid={`bulk-${l}`} onClick={() => relabel([...selected], l)}>Label {l}</button>
        ))} <button type="button" class="link" onClick={() => setSelected(new Set())}>Clear</button></p>
      )}
      <ErrorText error={error} />
      {page && page.total === 0 && <p class="empty">No items match.</p>}
      {page && page.total > 0 && (
        <table ref={table} tabIndex={0} onKeyDown={onKey} data-testid="items-table" aria-label="Items; use the keyboard shortcuts to relabel">
          <thead><tr><th /><th>Item</th><th>{dataset.kind === 'FILES' ? 'Preview' : 'Values'}</th><th>Label</th><th>Predicted</th><th>Score</th><th>Edge</th><th /></tr></thead>
          <tbody>{items.map((item, index) => (
            <tr class={index === focus ? 'selected' : ''} data-testid={`item-row-${index}`} onClick={() => setFocus(index)}>
              <td><input type="checkbox" aria-label={`select ${item.sourceKey}`} data-testid={`item-select-${index}`} checked={selected.has(item.id)} onChange={() => toggle(item.id)} /></td>
              <td class="mono">{item.sourceKey.length > 24 ? `${item.sourceKey.slice(0, 24)}…` : item.sourceKey}</td>
              <td>{dataset.kind === 'FILES'
                ? (isImage(item.contentRef) ? <Thumbnail api={api} itemId={item.id} /> : <span class="muted">{item.contentRef}</span>)
                : dataset.columns.slice(0, 6).map((c) => `${c}=${item.fields[c]}`).join(' ') + (dataset.columns.length > 6 ? ' …' : '')}</td>
              <td data-testid={`item-label-${index}`}>{item.label ?? '—'}</td>
              <td>{item.originalLabel ?? '—'}</td>
              <td>{item.score == null ? '—' : item.score.toFixed(3)}</td>
              <td>{item.edgeId ? <Link to={`/edges/${item.edgeId}`}>{item.edgeId}</Link> : '—'}</td>
              <td><button type="button" class="link" data-testid={`item-history-${index}`} onClick={() => showHistory(item)}>History</button></td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {page && page.total > PAGE_SIZE && (
        <nav class="pager" aria-label="Item pages">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>Previous</button>
          <span>{offset + 1}–{Math.min(offset + PAGE_SIZE, page.total)} of {page.total}</span>
          <button type="button" disabled={offset + PAGE_SIZE >= page.total} onClick={() => setOffset(offset + PAGE_SIZE)}>Next</button>
        </nav>
      )}
      {!page && !error && <Progress />}
      {history && (
        <aside class="card" data-testid="history-panel">
          <h3>History of {history.item.sourceKey} <button type="button" class="link" onClick={() => setHistory(null)}>Close</button></h3>
          {history.changes.length === 0 ? <p class="empty">Never relabelled: {history.item.label ?? 'no label'} as imported.</p> : (
            <ul>{history.changes.map((c) => <li>{dateTime(c.at)}: {c.from ?? "—"} → <b>{c.to ?? "—"}</b> by {c.by}</li>)}</ul>
          )}
        </aside>
      )}
    </section>
  );
}

/** Item images need the session's token, so they are fetched and shown from an object URL. */
function Thumbnail({ api, itemId }: { api: Api; itemId: number }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    api.blob(`${API}/dataset-items/${itemId}/content`).then((b) => { objectUrl = URL.createObjectURL(b); setUrl(objectUrl); }, () => setUrl(null));
    return () => { if (objectUrl) URL.revokeObjectURL(objectUrl); };
  }, [itemId]);
  return url ? <img class="thumb" src={url} alt="" width={64} height={64} /> : <span class="muted">…</span>;
}

// ---- versions ----
function Versions({ api, dataset, manager, onPublished }: { api: Api; dataset: Dataset; manager: boolean; onPublished: () => void }) {
  const { data, error, reload } = usePoll<DatasetVersion[]>(api, `${API}/datasets/${dataset.id}/versions`);
  const [problem, setProblem] = useState<string | null>(null);
  const publish = async () => {
    try {
      await api.post(`${API}/datasets/${dataset.id}/versions`);
      reload();
      onPublished();
    } catch (err) {
      setProblem((err as Error).message);
    }
  };
  const exportCsv = async (version: DatasetVersion) => {
    const url = URL.createObjectURL(await api.blob(`${API}/dataset-versions/${version.id}/export`));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${dataset.name}-v${version.number}.csv`;
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section>
      <h2>Versions {manager && <button type="button" data-testid="publish" disabled={dataset.state === 'IMPORTING'} onClick={publish}>Publish version</button>}</h2>
      <ErrorText error={error ?? problem} />
      {data && data.length === 0 && <p class="empty">No published version yet: training runs name a version, so publish one when the labels are right.</p>}
      {data && data.length > 0 && (
        <table data-testid="versions-table">
          <thead><tr><th>Version</th><th>Items</th><th>Published</th><th>By</th><th /></tr></thead>
          <tbody>{data.map((v) => (
            <tr data-testid={`version-${v.number}`}><td>v{v.number}</td><td>{v.items}</td><td title={dateTime(v.createdAt)}>{relativeTime(v.createdAt)}</td><td>{v.createdBy}</td>
              <td><button type="button" class="link" onClick={() => exportCsv(v).catch((e: Error) => setProblem(e.message))}>Export CSV</button></td></tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}
