// Dataset pages: the list, a dataset's imports (the sources offered are the installed source plugins), relabeling
// by keyboard or in bulk with each item's label history, and published versions. The rules live in datasetLogic.ts.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Api, Page, Role } from './api';
import { bytes, dateTime, relativeTime } from './format';
import {
  API, importOptions, initialSource, isImage, itemsPath, jobPercent, jobSummary, newDataset, NO_FILTERS, PAGE_SIZE,
  relabelTargets, shortcut, SHOWN_COLUMNS, uploadForm, type DataSourceDetail, type Dataset, type DatasetItem, type DatasetKind,
  type DatasetVersion, type ImportJob, type ItemFilters, type LabelChange,
} from './datasetLogic';
import { uploadPercent } from './registry';
import { can } from './roles';
import {
  formErrors, initialValues, NO_ERRORS, parameterFields, type FormErrors, type ParamField, type ParamValues,
} from './streamLogic';
import { Badge, DeleteConfirm, ErrorText, Link, navigate, Pager, ParamInput, Progress, usePoll } from './widgets';

/** Import jobs are polled faster than pages: an operator watches one finish. */
const JOB_POLL_MS = 700;

// ---- list ----
export function Datasets({ api, role }: { api: Api; role: Role }) {
  const { data, error, reload } = usePoll<Dataset[]>(api, API.datasets);
  const [creating, setCreating] = useState(false);
  const manager = can.manageDatasets(role);
  const create = () => setCreating(true);
  return (
    <>
      <h1>Datasets {manager && !creating && <button type="button" data-testid="dataset-new" onClick={create}>New dataset</button>}</h1>
      {manager && creating && <CreateForm api={api} onCancel={() => setCreating(false)} onCreated={(d) => { reload(); navigate(`/datasets/${d.id}`); }} />}
      <ErrorText error={error} />
      {data && data.length === 0 && !creating && (
        <p class="empty" data-testid="datasets-empty">No datasets yet — {manager
          ? <><button type="button" class="link" onClick={create}>create one</button>, then import a CSV file, a zip of class folders or what your edges collected.</>
          : 'a manager or administrator creates them.'}</p>
      )}
      {data && data.length > 0 && (
        <table>
          <thead><tr><th>Name</th><th>Kind</th><th>State</th><th>Items</th><th>Versions</th><th>Updated</th></tr></thead>
          <tbody>{data.map((d) => (
            <tr data-testid={`dataset-row-${d.name}`}>
              <td><Link to={`/datasets/${d.id}`}>{d.name}</Link>{d.description && <div class="hint">{d.description}</div>}</td>
              <td>{d.kind}</td>
              <td><Badge value={d.state} /></td>
              <td>{d.items}</td>
              <td>{d.versions}</td>
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
  const [form, setForm] = useState({ name: '', description: '', kind: 'TABULAR' as DatasetKind, columns: '', labels: '' });
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const field = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    const { request, error: problem } = newDataset(form);
    if (!request) { setError(problem); return; }
    setError(null);
    setSending(true);
    try {
      onCreated(await api.post<Dataset>(API.datasets, request));
    } catch (failure) {
      setError((failure as Error).message);
      setSending(false);
    }
  };
  return (
    <form class="panel" onSubmit={submit} aria-labelledby="dataset-form-title" data-testid="dataset-form">
      <h2 id="dataset-form-title">New dataset</h2>
      <div class="inline">
        <label>Name<input data-testid="dataset-name" value={form.name} onInput={field('name')} required maxLength={128} placeholder="parts-2026" /></label>
        <label>Kind<select data-testid="dataset-kind" value={form.kind} onChange={field('kind')}>
          <option value="TABULAR">Tabular: CSV rows</option><option value="FILES">Files: images in class folders</option></select></label>
        <label class="grow">Description (optional)<input data-testid="dataset-description" value={form.description} onInput={field('description')} maxLength={1024} /></label>
      </div>
      {form.kind === 'TABULAR' && (
        <label>Feature columns (comma separated; a CSV header must name them)
          <input data-testid="dataset-columns" value={form.columns} onInput={field('columns')} required placeholder="width, height" /></label>
      )}
      <label>Labels (comma separated, in shortcut order: the first is key 1; empty accepts any label)
        <input data-testid="dataset-labels" value={form.labels} onInput={field('labels')} placeholder="ok, defect" /></label>
      <ErrorText error={error} />
      <span class="actions">
        <button type="submit" data-testid="dataset-create" disabled={sending}>{sending ? 'Creating…' : 'Create'}</button>
        <button type="button" class="secondary" onClick={onCancel}>Close</button>
      </span>
    </form>
  );
}

// ---- one dataset ----
export function DatasetPage({ api, role, id }: { api: Api; role: Role; id: number }) {
  const { data: dataset, error, reload } = usePoll<Dataset>(api, API.dataset(id));
  const [importing, setImporting] = useState(false);
  // bumped when an import ends, so the item table reads its items again
  const [generation, setGeneration] = useState(0);
  const manager = can.manageDatasets(role);
  const [deleting, setDeleting] = useState(false);
  if (!dataset) return error ? <ErrorText error={error} /> : <Progress />;
  const remove = async () => {
    await api.del(API.dataset(id));
    navigate('/datasets');
  };
  return (
    <>
      <p class="crumbs"><Link to="/datasets">Datasets</Link> /</p>
      <h1>{dataset.name} <Badge value={dataset.state} testId="dataset-state" />
        {manager && !importing && <button type="button" data-testid="import-open" onClick={() => setImporting(true)}>Import data</button>}
        {can.deleteDatasets(role) && !deleting && <button type="button" class="secondary danger" data-testid="dataset-delete-open" onClick={() => setDeleting(true)}>Delete dataset</button>}</h1>
      {can.deleteDatasets(role) && deleting && (
        <DeleteConfirm name={dataset.name} testId="dataset-delete" onDelete={remove} onCancel={() => setDeleting(false)}>
          <p>{dataset.name} leaves the list and its name is free again; its {dataset.items} items and their files are removed
            in the background, except the versions training runs or models still name. A dataset streams train on cannot
            be deleted.</p>
        </DeleteConfirm>
      )}
      <p class="hint lead" data-testid="dataset-summary">
        {dataset.kind === 'TABULAR' ? 'Tabular' : 'Files'} · <span data-testid="dataset-items">{dataset.items}</span> {dataset.items === 1 ? 'item' : 'items'}
        · {dataset.versions} {dataset.versions === 1 ? 'version' : 'versions'} · labels: {dataset.labels.join(', ') || 'any'}
        {dataset.kind === 'TABULAR' && ` · columns: ${dataset.columns.join(', ')}`} · created by {dataset.createdBy}, updated {relativeTime(dataset.updatedAt)}
      </p>
      {dataset.description && <p>{dataset.description}</p>}
      {dataset.state === 'FAILED' && <p class="notice">The last import failed; the items from before it are unchanged.</p>}
      <ErrorText error={error} />
      {manager && importing && (
        <ImportPanel api={api} dataset={dataset} onClose={() => setImporting(false)} onEnded={() => { reload(); setGeneration((g) => g + 1); }} />
      )}
      <Items api={api} dataset={dataset} manager={manager} generation={generation} onRelabelled={reload} />
      <Versions api={api} dataset={dataset} manager={manager} onPublished={reload} />
    </>
  );
}

// ---- importing ----
function ImportPanel({ api, dataset, onEnded, onClose }: { api: Api; dataset: Dataset; onEnded: () => void; onClose: () => void }) {
  const [sources, setSources] = useState<string[] | null>(null);
  const [source, setSource] = useState('');
  const [file, setFile] = useState<File | null>(null);
  // the selected source's own form: its import options schema rendered like a solution's parameters
  const [detail, setDetail] = useState<DataSourceDetail | null>(null);
  const [values, setValues] = useState<ParamValues>({});
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const fields = useMemo(() => parameterFields(detail?.importOptionsSchema), [detail]);
  const [sending, setSending] = useState<{ loaded: number; total: number } | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const mounted = useRef(true);
  useEffect(() => () => { mounted.current = false; abort.current?.abort(); }, []);

  // Sources are plugins that come and go at runtime, so they are asked for each time the panel opens.
  useEffect(() => {
    api.get<string[]>(API.sources).then((found) => {
      if (!mounted.current) return;
      setSources(found);
      setSource(initialSource(found));
    }, (e: Error) => { if (mounted.current) setError(e.message); });
  }, []);

  // what the selected source takes: an upload or not, and which options
  useEffect(() => {
    setDetail(null);
    setErrors(NO_ERRORS);
    if (!source) return;
    let live = true;
    api.get<DataSourceDetail>(API.source(source)).then((found) => {
      if (!live || !mounted.current) return;
      setDetail(found);
      setValues(initialValues(parameterFields(found.importOptionsSchema)));
    }, (e: Error) => { if (live && mounted.current) setError(e.message); });
    return () => { live = false; };
  }, [source]);

  // leaving the page would lose the upload
  useEffect(() => {
    if (!sending) return;
    const warn = (e: BeforeUnloadEvent) => { e.preventDefault(); };
    addEventListener('beforeunload', warn);
    return () => removeEventListener('beforeunload', warn);
  }, [sending !== null]);

  // One request at a time until the job ends (an unchanged job answers 304 with the same object, so the loop cannot
  // hang on state changes).
  const running = job?.state === 'RUNNING';
  const jobId = job?.id;
  useEffect(() => {
    if (jobId === undefined || !running) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = () => {
      timer = setTimeout(async () => {
        try {
          const next = await api.get<ImportJob>(API.job(jobId));
          if (stopped) return;
          setJob(next);
          if (next.state !== 'RUNNING') { onEnded(); return; }
        } catch (e) {
          if (stopped) return;
          setError((e as Error).message);
        }
        poll();
      }, JOB_POLL_MS);
    };
    poll();
    return () => { stopped = true; clearTimeout(timer); };
  }, [jobId, running]);

  const upload = detail?.acceptsUpload === true;
  const start = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const { options, errors: own } = importOptions(fields, values);
    if (Object.keys(own).length > 0) {
      setErrors({ detail: null, fields: own });
      return;
    }
    setErrors(NO_ERRORS);
    let started: ImportJob;
    try {
      if (upload) {
        if (!file) { setError('Choose the file to upload.'); return; }
        const form = uploadForm(source, options, file);
        abort.current = new AbortController();
        setJob(null);
        setSending({ loaded: 0, total: file.size });
        started = await api.upload<ImportJob>(API.uploads(dataset.id), form,
          (loaded, total) => { if (mounted.current) setSending({ loaded, total }); }, abort.current.signal);
      } else {
        started = await api.post<ImportJob>(API.imports(dataset.id), { source, options });
      }
    } catch (failure) {
      if (mounted.current) {
        const problems = formErrors(failure);
        setErrors(problems);
        // messages for the options appear next to their inputs; anything else on top
        const placed = new Set(fields.map((f) => `options.${f.name}`));
        const others = Object.entries(problems.fields).filter(([path]) => !placed.has(path));
        setError(others.length > 0 || Object.keys(problems.fields).length === 0
          ? [problems.detail, ...others.map(([path, message]) => `${path}: ${message}`)].filter(Boolean).join(' — ')
          : 'Some options need fixing.');
      }
      return;
    } finally {
      if (mounted.current) setSending(null);
    }
    if (!mounted.current) return;
    setCancelling(false);
    setJob(started);
    if (started.state !== 'RUNNING') onEnded();
  };
  const cancel = async (target: ImportJob) => {
    setCancelling(true);
    try {
      await api.del(API.job(target.id));
    } catch (failure) {
      setError((failure as Error).message);
      setCancelling(false);
    }
  };

  const percent = job ? jobPercent(job) : null;
  const busy = sending !== null || running;
  return (
    <form class="panel upload" onSubmit={start} aria-labelledby="import-title" data-testid="import-panel">
      <h2 id="import-title">Import into {dataset.name}</h2>
      <p class="hint lead">Items join the dataset only when the whole import succeeds; a failed or cancelled import changes nothing.</p>
      {sources && sources.length === 0 && <p class="notice">No data source is installed: install a source plugin (local, S3, edges) first.</p>}
      <div class="inline">
        <label>Source<select data-testid="import-source" value={source} aria-busy={sources === null} disabled={busy || !sources?.length}
          onChange={(e) => setSource(e.currentTarget.value)}>
          {(sources ?? []).map((s) => <option value={s}>{s}</option>)}</select></label>
        {upload && (
          <label>File<input type="file" data-testid="import-file" disabled={busy} onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} /></label>
        )}
      </div>
      {upload && file && <p class="hint">{file.name} · {bytes(file.size)}</p>}
      {detail && (detail.description || fields.length > 0) && (
        <fieldset class="params" data-testid="import-options" disabled={busy}>
          <legend>Options of {detail.displayName}</legend>
          {detail.description && <p class="hint lead" data-testid="import-source-description">{detail.description}</p>}
          {fields.length > 0 && <div class="param-grid">{fields.map((f) => <ParamInput field={f} value={values[f.name]} errors={errors}
            path="options" testIdPrefix="option" helpText={optionHelp} onChange={(v) => setValues((old) => ({ ...old, [f.name]: v }))} />)}</div>}
        </fieldset>
      )}
      {sending && (
        <div class="upload-progress" aria-live="polite">
          <progress max={100} value={uploadPercent(sending.loaded, sending.total)} aria-label="Upload progress" />
          <span role="status">Uploading… {uploadPercent(sending.loaded, sending.total)} % ({bytes(sending.loaded)} of {bytes(sending.total)})</span>
        </div>
      )}
      {job && (
        <div class="upload-progress" data-testid="import-job" aria-live="polite">
          {running && (percent === null
            ? <progress aria-label="Import progress, total unknown" data-testid="import-progress" />
            : <progress max={100} value={percent} aria-label="Import progress" data-testid="import-progress" />)}
          <span role="status">Import #{job.id} from {job.source} <Badge value={job.state} testId="import-state" /> {jobSummary(job)}</span>
          {running && <button type="button" class="secondary" data-testid="import-cancel" disabled={cancelling} onClick={() => cancel(job)}>
            {cancelling ? 'Cancelling…' : 'Cancel import'}</button>}
        </div>
      )}
      {job?.state === 'FAILED' && (
        <p class="error" role="alert" data-testid="import-error">The import failed: {job.error?.replace(/\.$/, '') ?? 'the server gave no reason'}. The dataset is as it was before.</p>
      )}
      <ErrorText error={error} />
      <span class="actions">
        <button type="submit" data-testid="import-start" disabled={busy || !source || !detail}>Start import</button>
        {sending
          ? <button type="button" class="secondary" onClick={() => abort.current?.abort()}>Cancel upload</button>
          : <button type="button" class="secondary" disabled={running} title={running ? 'Cancel the import or wait for it to end' : undefined}
            onClick={onClose}>Close</button>}
      </span>
    </form>
  );
}

/**
 * The import options' help, as the form has always shown it: the description, then ". Allowed: <bounds>" (the inputs
 * themselves are the stream parameter form's, ParamInput).
 */
function optionHelp(field: ParamField): string {
  return [field.help, field.bounds ? `Allowed: ${field.bounds}` : null].filter(Boolean).join('. ');
}

// ---- relabeling ----
interface ItemsProps { api: Api; dataset: Dataset; manager: boolean; generation: number; onRelabelled: () => void }

function Items({ api, dataset, manager, generation, onRelabelled }: ItemsProps) {
  const [filters, setFilters] = useState(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page<DatasetItem> | null>(null);
  const [focus, setFocus] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [history, setHistory] = useState<{ item: DatasetItem; changes: LabelChange[] } | null>(null);
  const [newLabel, setNewLabel] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  // the table, or for images the grid: the element that has the keyboard
  const table = useRef<HTMLElement>(null);
  const images = dataset.kind === 'FILES' && (page?.items ?? []).some((i) => isImage(i.contentRef));
  const [view, setView] = useState<'grid' | 'table'>('grid');
  const [zoomed, setZoomed] = useState<DatasetItem | null>(null);
  useEffect(() => {
    let stopped = false;
    api.get<Page<DatasetItem>>(itemsPath(dataset.id, filters, offset)).then((next) => {
      if (stopped) return;
      setPage(next);
      setError(null);
      setFocus((f) => Math.min(f, Math.max(0, next.items.length - 1)));
    }, (e: Error) => { if (!stopped) setError(e.message); });
    return () => { stopped = true; };
  }, [dataset.id, filters, offset, tick, generation]);
  // keep the focused row in sight while moving with the keyboard, without jumping there when the page loads
  useEffect(() => {
    if (document.activeElement === table.current) table.current?.querySelector('[aria-current]')?.scrollIntoView({ block: 'nearest' });
    setZoomed((z) => (z ? (page?.items ?? [])[focus] ?? null : null)); // a zoom follows the focus
  }, [focus]);

  const items = page?.items ?? [];
  const labels = dataset.labels;
  const focusTable = () => table.current?.focus({ preventScroll: true });
  const showHistory = async (item: DatasetItem) => {
    try {
      setHistory({ item, changes: await api.get<LabelChange[]>(API.history(item.id)) });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const relabel = async (ids: number[], label: string) => {
    if (ids.length === 0) return;
    try {
      const { changed } = await api.post<{ changed: number }>(API.relabel(dataset.id), { itemIds: ids, label });
      setSelected(new Set());
      setMessage(`Labelled ${ids.length === 1 ? 'an item' : `${ids.length} items`} ${label} (${changed} changed).`);
      setTick((t) => t + 1);
      onRelabelled();
      const open = history?.item;
      if (open && ids.includes(open.id)) showHistory({ ...open, label });
    } catch (e) {
      setMessage(null);
      setError((e as Error).message);
    }
  };
  const toggle = (itemId: number) => setSelected((previous) => {
    const next = new Set(previous);
    if (!next.delete(itemId)) next.add(itemId);
    return next;
  });
  const allShown = items.length > 0 && items.every((i) => selected.has(i.id));
  const toggleShown = () => setSelected((previous) => {
    const next = new Set(previous);
    for (const item of items) if (allShown) next.delete(item.id); else next.add(item.id);
    return next;
  });
  const onKey = (e: KeyboardEvent) => {
    // Keys count only on the table itself; clicks on its checkboxes and buttons give the focus back to it.
    if (e.target !== e.currentTarget || e.ctrlKey || e.metaKey || e.altKey) return;
    const action = shortcut(e.key, labels);
    if (!action) return;
    const item = items[focus];
    if (action.kind === 'close') { setHistory(null); setZoomed(null); return; }
    if (action.kind === 'zoom') { if (item && isImage(item.contentRef)) { e.preventDefault(); setZoomed(zoomed ? null : item); } return; }
    if (!item || (!manager && (action.kind === 'toggle' || action.kind === 'label'))) return;
    e.preventDefault();
    if (action.kind === 'move') setFocus(Math.max(0, Math.min(items.length - 1, focus + action.by)));
    else if (action.kind === 'toggle') toggle(item.id);
    else if (action.kind === 'history') showHistory(item);
    else relabel(relabelTargets(selected, item.id), action.label);
  };
  const setFilter = (key: keyof ItemFilters, value: string) => {
    setOffset(0);
    setFocus(0);
    setSelected(new Set());
    setFilters({ ...filters, [key]: value });
  };
  const shown = dataset.kind === 'TABULAR' ? dataset.columns.slice(0, SHOWN_COLUMNS) : [];
  const filtered = Object.values(filters).some((v) => v.trim());
  return (
    <section class="panel" aria-labelledby="items-title">
      <header class="panel-head"><h2 id="items-title">Items <span class="hint">lowest confidence first</span></h2>
        {page && <span class="hint">{page.total} {filtered ? 'match' : 'in all'}</span>}</header>
      <form class="filters" aria-label="Item filters" onSubmit={(e) => e.preventDefault()}>
        <label>Label{labels.length > 0
          ? <select data-testid="filter-label" value={filters.label} onChange={(e) => setFilter('label', e.currentTarget.value)}>
            <option value="">any</option>{labels.map((l) => <option value={l}>{l}</option>)}</select>
          : <input data-testid="filter-label" value={filters.label} size={10} onChange={(e) => setFilter('label', e.currentTarget.value)} />}</label>
        <label>Score from<input type="number" step="any" min={0} max={1} size={6} value={filters.minScore} onChange={(e) => setFilter('minScore', e.currentTarget.value)} /></label>
        <label>Score to<input type="number" step="any" min={0} max={1} size={6} value={filters.maxScore} onChange={(e) => setFilter('maxScore', e.currentTarget.value)} /></label>
        <label>Source<input size={10} placeholder="source id" value={filters.source} onChange={(e) => setFilter('source', e.currentTarget.value)} /></label>
        <label>Edge id<input type="number" min={1} size={6} value={filters.edgeId} onChange={(e) => setFilter('edgeId', e.currentTarget.value)} /></label>
      </form>
      {images && (
        <div class="actions" role="group" aria-label="Item view">
          <button type="button" class={view === 'grid' ? '' : 'secondary'} aria-pressed={view === 'grid'} data-testid="view-grid"
            onClick={() => setView('grid')}>Grid</button>
          <button type="button" class={view === 'table' ? '' : 'secondary'} aria-pressed={view === 'table'} data-testid="view-table"
            onClick={() => setView('table')}>Table</button>
        </div>
      )}
      <p class="hint lead" id="items-keys" data-testid="shortcut-legend">
        Keys, on the {images && view === 'grid' ? 'grid (click an image)' : 'table (click a row)'}: <kbd>j</kbd>/<kbd>k</kbd> or arrows move
        {images && <> · <kbd>z</kbd> zooms</>}
        {manager && <> · <kbd>Space</kbd> selects · {labels.length === 0
          ? 'labels: any label is accepted, so select items and type one'
          : labels.slice(0, 9).map((l, i) => <>{i > 0 && ', '}<kbd>{i + 1}</kbd> {l}</>)}{labels.length > 0 && ' (to the selected items, or else the focused one)'}</>}
        {' '}· <kbd>h</kbd> history · <kbd>Esc</kbd> closes it
      </p>
      {manager && selected.size > 0 && (
        <form class="actions" data-testid="bulk-bar" onSubmit={(e) => { e.preventDefault(); relabel([...selected], newLabel.trim()); }}>
          <span>{selected.size} selected:</span>
          {labels.map((l) => <button type="button" data-testid={`bulk-${l}`} onClick={() => relabel([...selected], l)}>Label {l}</button>)}
          {labels.length === 0 && <>
            <input aria-label="Label for the selected items" value={newLabel} required maxLength={256} onInput={(e) => setNewLabel(e.currentTarget.value)} />
            <button type="submit">Apply</button></>}
          <button type="button" class="secondary" onClick={() => setSelected(new Set())}>Clear selection</button>
        </form>
      )}
      {message && <p role="status" data-testid="relabel-message">{message}</p>}
      <ErrorText error={error} />
      {page && page.total === 0 && <p class="empty">{filtered ? 'No item matches these filters.' : 'No items yet.'}</p>}
      {page && page.items.length > 0 && (
        <>
          {dataset.columns.length > SHOWN_COLUMNS && <p class="hint">The first {SHOWN_COLUMNS} of {dataset.columns.length} columns; the CSV export of a version has all.</p>}
          {images && view === 'grid' ? (
            <ul ref={table as preact.Ref<HTMLUListElement>} class="image-grid" tabIndex={0} onKeyDown={onKey} data-testid="items-grid"
              aria-labelledby="items-title" aria-describedby="items-keys">
              {items.map((item, index) => (
                <li class={index === focus ? 'selected' : ''} aria-current={index === focus ? 'true' : undefined} data-testid={`item-row-${index}`}
                  onClick={() => { setFocus(index); focusTable(); }}>
                  {isImage(item.contentRef) ? <Thumbnail api={api} item={item} size={144} /> : <span class="hint">{item.contentRef ?? '—'}</span>}
                  <div class="card-meta">
                    {manager && <input type="checkbox" tabIndex={-1} aria-label={`Select ${item.sourceKey}`} data-testid={`item-select-${index}`}
                      checked={selected.has(item.id)} onChange={() => toggle(item.id)} onClick={(e) => e.stopPropagation()} />}
                    <b data-testid={`item-label-${index}`}>{item.label ?? '—'}</b>
                    <span class="hint">{item.score == null ? '' : item.score.toFixed(2)}</span>
                  </div>
                </li>
              ))}
            </ul>
          ) : (
          <table ref={table as preact.Ref<HTMLTableElement>} class="items" tabIndex={0} onKeyDown={onKey} data-testid="items-table" aria-labelledby="items-title" aria-describedby="items-keys">
            <thead><tr>
              {manager && <th><input type="checkbox" tabIndex={-1} aria-label="Select all items on this page" checked={allShown}
                onChange={toggleShown} onClick={focusTable} /></th>}
              <th>Key</th>
              {dataset.kind === 'FILES' ? <th>Preview</th> : shown.map((c) => <th>{c}</th>)}
              <th>Label</th><th>Original label</th><th>Score</th><th>Edge</th><th><span class="sr-only">History</span></th>
            </tr></thead>
            <tbody>{items.map((item, index) => (
              <tr class={index === focus ? 'selected' : ''} aria-current={index === focus ? 'true' : undefined} data-testid={`item-row-${index}`}
                onClick={() => { setFocus(index); focusTable(); }}>
                {manager && <td><input type="checkbox" tabIndex={-1} aria-label={`Select ${item.sourceKey}`} data-testid={`item-select-${index}`}
                  checked={selected.has(item.id)} onChange={() => toggle(item.id)} /></td>}
                <td><code title={item.sourceKey}>{item.sourceKey.length > 16 ? `${item.sourceKey.slice(0, 16)}…` : item.sourceKey}</code></td>
                {dataset.kind === 'FILES'
                  ? <td>{isImage(item.contentRef) ? <Thumbnail api={api} item={item} /> : <span class="hint">{item.contentRef ?? '—'}</span>}</td>
                  : shown.map((c) => <td>{item.fields[c] ?? '—'}</td>)}
                <td data-testid={`item-label-${index}`}>{item.label ?? '—'}</td>
                <td>{item.originalLabel ?? '—'}</td>
                <td>{item.score == null ? '—' : item.score.toFixed(3)}</td>
                <td>{item.edgeId == null ? '—' : <><Link to={`/edges/${item.edgeId}`}>{item.edgeId}</Link>{item.modelVersion && <div class="hint">{item.modelVersion}</div>}</>}</td>
                <td><button type="button" class="link" tabIndex={-1} data-testid={`item-history-${index}`} onClick={() => showHistory(item)}>History</button></td>
              </tr>
            ))}</tbody>
          </table>
          )}
          {page.total > PAGE_SIZE && <Pager total={page.total} offset={offset} limit={PAGE_SIZE} label="Item pages" onOffset={(o) => { setOffset(o); setFocus(0); }} />}
        </>
      )}
      {!page && !error && <Progress />}
      {zoomed && (
        <aside class="panel drawer zoom" aria-labelledby="zoom-title" data-testid="zoom">
          <header class="panel-head">
            <h2 id="zoom-title" class="title"><code title={zoomed.sourceKey}>{zoomed.sourceKey}</code> · {zoomed.label ?? 'unlabelled'}</h2>
            <button type="button" class="secondary" onClick={() => { setZoomed(null); focusTable(); }}>Close</button>
          </header>
          <Thumbnail api={api} item={zoomed} size={448} />
        </aside>
      )}
      {history && <History item={history.item} changes={history.changes} onClose={() => { setHistory(null); focusTable(); }} />}
    </section>
  );
}

function History({ item, changes, onClose }: { item: DatasetItem; changes: LabelChange[]; onClose: () => void }) {
  return (
    <aside class="panel drawer" aria-labelledby="history-title" data-testid="history-panel">
      <header class="panel-head">
        <h2 id="history-title" class="title">History of <code title={item.sourceKey}>{item.sourceKey.slice(0, 16)}</code></h2>
        <button type="button" class="secondary" onClick={onClose}>Close</button>
      </header>
      <p class="hint">Imported as {item.originalLabel ?? 'unlabelled'}; now {item.label ?? 'unlabelled'}.</p>
      {changes.length === 0 ? <p class="hint">Never relabelled.</p> : (
        <ol>{changes.map((c) => <li>{c.from ?? '—'} → <b>{c.to ?? '—'}</b> by {c.by} <span class="hint" title={dateTime(c.at)}>{relativeTime(c.at)}</span></li>)}</ol>
      )}
    </aside>
  );
}

/** Item files need the session's token, so they are fetched and shown from an object URL. */
export function Thumbnail({ api, item, size = 64 }: { api: Api; item: DatasetItem; size?: number }) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let stopped = false;
    let objectUrl: string | null = null;
    api.blob(API.content(item.id)).then((blob) => {
      if (stopped) return;
      objectUrl = URL.createObjectURL(blob);
      setUrl(objectUrl);
    }, () => { if (!stopped) setFailed(true); });
    return () => { stopped = true; if (objectUrl) URL.revokeObjectURL(objectUrl); };
  }, [item.id]);
  if (failed) return <span class="hint">no preview</span>;
  // small images (sensor crops, 8x8 digits) are scaled up with visible pixels rather than blurred
  return url ? <img class="thumb" src={url} alt={item.sourceKey} width={size} height={size} style={{ width: `${size}px`, height: `${size}px` }} />
    : <span class="thumb" style={{ width: `${size}px`, height: `${size}px` }} aria-hidden="true" />;
}

// ---- versions ----
function Versions({ api, dataset, manager, onPublished }: { api: Api; dataset: Dataset; manager: boolean; onPublished: () => void }) {
  const { data, error, reload } = usePoll<DatasetVersion[]>(api, API.versions(dataset.id));
  const [publishing, setPublishing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const publish = async () => {
    setPublishing(true);
    try {
      const version = await api.post<DatasetVersion>(API.versions(dataset.id));
      setFailure(null);
      setMessage(`Published version ${version.number} with ${version.items} items.`);
      reload();
      onPublished();
    } catch (e) {
      setMessage(null);
      setFailure((e as Error).message);
    } finally {
      setPublishing(false);
    }
  };
  const exportCsv = async (version: DatasetVersion) => {
    try {
      const url = URL.createObjectURL(await api.blob(API.export(version.id)));
      const link = document.createElement('a');
      link.href = url;
      link.download = `${dataset.name}-v${version.number}.csv`;
      link.click();
      // revoking at once can cancel the download that click() started
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      setFailure((e as Error).message);
    }
  };
  return (
    <section class="panel" aria-labelledby="versions-title">
      <header class="panel-head">
        <h2 id="versions-title">Versions</h2>
        {manager && <button type="button" data-testid="publish" disabled={publishing || dataset.state === 'IMPORTING'}
          title={dataset.state === 'IMPORTING' ? 'Wait for the import to end' : 'Freeze the current items and labels as the next version'}
          onClick={publish}>{publishing ? 'Publishing…' : 'Publish version'}</button>}
      </header>
      {message && <p role="status">{message}</p>}
      <ErrorText error={error ?? failure} />
      {data && data.length === 0 && <p class="empty">No version yet. Training runs name a version, so publish one when the labels are right.</p>}
      {data && data.length > 0 && (
        <table data-testid="versions-table">
          <thead><tr><th>Version</th><th>Items</th><th>Published</th><th>By</th><th><span class="sr-only">Export</span></th></tr></thead>
          <tbody>{data.map((v) => (
            <tr data-testid={`version-${v.number}`}>
              <td>v{v.number}</td>
              <td>{v.items}</td>
              <td title={dateTime(v.createdAt)}>{relativeTime(v.createdAt)}</td>
              <td>{v.createdBy}</td>
              <td><button type="button" class="link" data-testid={`export-${v.number}`} onClick={() => exportCsv(v)}>Export CSV</button></td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}
