// Solutions and streams: the installed solutions with their parameters; streams (a solution trained on a dataset
// version by a backend, deployed to target edges) with a form generated from the solution's parameter schema; a
// stream's runs with live progress, logs, confusion matrix, metric history, version comparison, approval and
// deployment. The rules live in streamLogic.ts.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { ApiError, type Api, type Page, type Role } from './api';
import { MetricChart } from './chart';
import { CollectionPolicyPanel } from './collection';
import { COLLECTION_API } from './collectionLogic';
import { API as DATASETS, isImage, type Dataset, type DatasetItem, type DatasetVersion } from './datasetLogic';
import { Thumbnail } from './datasets';
import { dateTime, relativeTime } from './format';
import { API as MODELS, metricValue, versionPath, type ModelSummary, type ModelVersion } from './registry';
import { rolloutPath, startedText, type Rollout } from './rolloutLogic';
import { RetrainingPanel } from './retraining';
import { StreamRolloutPlan } from './rollouts';
import { can } from './roles';
import {
  heldOutMistakes, API, compareMetrics, confusionCells, defaultText, deltaText, deployAllowed, duration, emptyForm, fieldError, formErrors,
  formFromStream, headlineMetrics, initialValues, isActive, matchingDatasets, metricSeries, NO_ERRORS, parameterFields,
  progressPercent, scheduleText, streamActions, streamPath, streamRequest, targetText, typeText, unplacedErrors, versionChoices,
  type Allowed, type Backend, type HeldOutRow, type FormErrors, type Report, type Solution, type Stream, type StreamForm,
  type TrainingRun,
} from './streamLogic';
import { Badge, ErrorText, Field, Link, navigate, ParamInput, POLL_MS, Progress, usePoll, type Registered } from './widgets';

/** Runs are polled this often while one is queued or running: an operator watches it. */
const LIVE_MS = 1500;

interface EdgeChoice { id: number; name: string; location?: string; connection: string; tags: Record<string, string> }

// ---- solutions ----
export function Solutions({ api }: { api: Api }) {
  const { data, error } = usePoll<Solution[]>(api, API.solutions);
  return (
    <>
      <h1>Solutions</h1>
      <p class="hint lead">A solution knows how to train one kind of model on one kind of dataset. Streams pick a solution and set its parameters.</p>
      <ErrorText error={error} />
      {data && data.length === 0 && (
        <p class="empty" data-testid="solutions-empty">No solution is installed. Solutions are plugins: install one as a Karaf feature (for example
          {' '}<code>modelfleet-solution-tabular-classification</code>); it appears here without a restart.</p>
      )}
      {data?.map((s) => <SolutionPanel solution={s} />)}
      {!data && !error && <Progress />}
    </>
  );
}

function SolutionPanel({ solution }: { solution: Solution }) {
  const fields = parameterFields(solution.parameterSchema);
  return (
    <section class="panel" data-testid={`solution-${solution.id}`} aria-labelledby={`solution-${solution.id}-title`}>
      <header class="panel-head">
        <h2 class="title" id={`solution-${solution.id}-title`}>{solution.displayName} <span class="hint">{solution.id} {solution.version}</span></h2>
      </header>
      {solution.description && <p>{solution.description}</p>}
      <dl>
        <dt>Dataset kind</dt><dd>{solution.datasetKind}</dd>
        <dt>Model format</dt><dd>{solution.modelFormat}</dd>
        <dt>Metrics</dt><dd>{solution.metrics.length ? solution.metrics.map((m) => <span class="tag">{m}</span>) : 'none declared'}</dd>
      </dl>
      <h3>Parameters</h3>
      {fields.length === 0 ? <p class="hint">This solution takes no parameters.</p> : (
        <table data-testid={`solution-parameters-${solution.id}`}>
          <thead><tr><th>Parameter</th><th>Type</th><th>Allowed</th><th>Default</th><th>Description</th></tr></thead>
          <tbody>{fields.map((f) => (
            <tr>
              <td>{f.label}<div class="hint"><code>{f.name}</code>{f.required ? ' · required' : ''}</div></td>
              <td>{typeText(f)}</td>
              <td class="nowrap">{f.bounds ?? '—'}</td>
              <td class="nowrap">{defaultText(f)}</td>
              <td>{f.help ?? ''}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}

// ---- streams ----
export function Streams({ api, role }: { api: Api; role: Role }) {
  const { data, error, reload } = usePoll<Stream[]>(api, API.streams);
  const solutions = usePoll<Solution[]>(api, API.solutions, null);
  const models = usePoll<ModelSummary[]>(api, MODELS.models);
  const [creating, setCreating] = useState(false);
  const manager = can.manageStreams(role);
  const create = () => setCreating(true);
  const solutionName = (id: string) => solutions.data?.find((s) => s.id === id)?.displayName ?? id;
  return (
    <>
      <h1>Streams {manager && !creating && <button type="button" data-testid="stream-new" onClick={create}>New stream</button>}</h1>
      {manager && creating && (
        <StreamEditor api={api} onCancel={() => setCreating(false)} onSaved={(s) => { reload(); navigate(streamPath(s.id)); }} />
      )}
      <ErrorText error={error} />
      {data && data.length === 0 && !creating && (
        <p class="empty" data-testid="streams-empty">No streams yet — {manager
          ? <><button type="button" class="link" onClick={create}>create one</button>: pick a solution, a published dataset version and a training backend.</>
          : 'a manager or administrator creates them.'}</p>
      )}
      {data && data.length > 0 && (
        <table>
          <thead><tr><th>Name</th><th>Status</th><th>Solution</th><th>Dataset</th><th>Backend</th><th>Schedule</th><th>Trainings</th><th>Latest model</th></tr></thead>
          <tbody>{data.map((s) => {
            const latest = models.data?.find((m) => m.name === s.name && m.latestVersionId === s.latestModelVersionId);
            return (
              <tr data-testid={`stream-row-${s.name}`}>
                <td><Link to={streamPath(s.id)}>{s.name}</Link>{s.description && <div class="hint">{s.description}</div>}</td>
                <td data-testid={`stream-status-${s.name}`}><Badge value={s.status} /></td>
                <td>{solutionName(s.solutionId)}</td>
                <td><Link to={`/datasets/${s.datasetId}`}>{s.datasetName}</Link> v{s.datasetVersionNumber}</td>
                <td>{s.backendId}</td>
                <td>{scheduleText(s.schedule)}{s.nextTrainingAt && <div class="hint" title={dateTime(s.nextTrainingAt)}>next {dateTime(s.nextTrainingAt)}</div>}</td>
                <td>{s.trainings}</td>
                <td>{s.latestModelVersionId == null ? '—'
                  : <Link to={versionPath(s.name, s.latestModelVersionId)}>{latest ? latest.latestVersion : `version #${s.latestModelVersionId}`}</Link>}</td>
              </tr>
            );
          })}</tbody>
        </table>
      )}
      {!data && !error && <Progress />}
    </>
  );
}

// ---- the create/edit form ----
function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf ? ['UTC', ...intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')] : ['UTC'];
  } catch {
    return ['UTC'];
  }
}

function StreamEditor({ api, stream, onSaved, onCancel }: { api: Api; stream?: Stream; onSaved: (s: Stream) => void; onCancel: () => void }) {
  const solutions = usePoll<Solution[]>(api, API.solutions, null);
  const backends = usePoll<Backend[]>(api, API.backends, null);
  const datasets = usePoll<Dataset[]>(api, DATASETS.datasets, null);
  const edges = usePoll<Page<EdgeChoice>>(api, API.approvedEdges, null);
  const [form, setForm] = useState<StreamForm>(emptyForm);
  const [ready, setReady] = useState(!stream);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [sending, setSending] = useState(false);
  const zones = useMemo(timeZones, []);
  const top = useRef<HTMLDivElement>(null);

  const solution = solutions.data?.find((s) => s.id === form.solutionId) ?? null;
  const fields = useMemo(() => parameterFields(solution?.parameterSchema), [solution]);
  const registered = useRegisteredVersions(api, fields.some((f) => f.kind === 'model'));
  const versions = usePoll<DatasetVersion[]>(api, form.datasetId ? DATASETS.versions(Number(form.datasetId)) : null, null);
  const choices = matchingDatasets(datasets.data ?? [], solution);
  // the list of the dataset picked now (a poll keeps the previous answer until the new one arrives)
  const datasetVersions = versions.data?.filter((v) => String(v.datasetId) === form.datasetId) ?? null;

  // editing: the stream's values, once the solution's fields are known
  useEffect(() => {
    if (!stream || ready || !solutions.data) return;
    const own = solutions.data.find((s) => s.id === stream.solutionId);
    setForm(formFromStream(stream, parameterFields(own?.parameterSchema)));
    setReady(true);
  }, [solutions.data]);
  // creating: the first installed solution and backend
  useEffect(() => {
    if (stream || form.solutionId || !solutions.data?.length) return;
    pickSolution(solutions.data[0].id);
  }, [solutions.data]);
  useEffect(() => {
    if (stream || !backends.data?.length || backends.data.some((b) => b.id === form.backendId)) return;
    setForm((f) => ({ ...f, backendId: backends.data![0].id }));
  }, [backends.data]);
  // a dataset picked: its newest version, unless one of its versions is already chosen
  useEffect(() => {
    const list = datasetVersions;
    if (!list || list.length === 0 || list.some((v) => String(v.id) === form.datasetVersionId)) return;
    const newest = [...list].sort((a, b) => b.number - a.number)[0];
    setForm((f) => ({ ...f, datasetVersionId: String(newest.id) }));
  }, [versions.data, form.datasetId]);

  const set = <K extends keyof StreamForm>(key: K, value: StreamForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setParam = (name: string, value: string | boolean) => setForm((f) => ({ ...f, parameters: { ...f.parameters, [name]: value } }));
  function pickSolution(id: string) {
    const next = solutions.data?.find((s) => s.id === id);
    setForm((f) => {
      const keepDataset = datasets.data?.some((d) => String(d.id) === f.datasetId && d.kind === next?.datasetKind);
      return {
        ...f, solutionId: id, parameters: initialValues(parameterFields(next?.parameterSchema)),
        ...(keepDataset ? {} : { datasetId: '', datasetVersionId: '' }),
      };
    });
  }
  const pickDataset = (id: string) => setForm((f) => ({ ...f, datasetId: id, datasetVersionId: '' }));
  const toggleEdge = (id: number, on: boolean) => setForm((f) => ({ ...f, edgeIds: on ? [...f.edgeIds.filter((e) => e !== id), id] : f.edgeIds.filter((e) => e !== id) }));

  const submit = async (e: Event) => {
    e.preventDefault();
    const { request, errors: own } = streamRequest(form, fields);
    if (!request) {
      setErrors({ detail: 'Some values need fixing before the stream can be saved.', fields: own });
      top.current?.scrollIntoView({ block: 'nearest' });
      return;
    }
    setSending(true);
    try {
      const saved = stream ? await api.put<Stream>(API.stream(stream.id), request) : await api.post<Stream>(API.streams, request);
      setErrors(NO_ERRORS);
      onSaved(saved);
    } catch (failure) {
      setErrors(formErrors(failure));
      top.current?.scrollIntoView({ block: 'nearest' });
    } finally {
      setSending(false);
    }
  };

  const loadError = solutions.error ?? backends.error ?? datasets.error;
  const others = unplacedErrors(errors, fields);
  const listedEdges = edges.data?.items ?? [];
  const unlisted = form.edgeIds.filter((id) => !listedEdges.some((e) => e.id === id));
  if (!ready) return loadError ? <ErrorText error={loadError} /> : <Progress />;
  return (
    <form class="panel stream-form" onSubmit={submit} noValidate aria-labelledby="stream-form-title" data-testid="stream-form">
      <div ref={top} />
      <h2 id="stream-form-title">{stream ? `Edit ${stream.name}` : 'New stream'}</h2>
      {errors.detail && <p class="error" role="alert" data-testid="stream-form-error">{errors.detail}</p>}
      {others.length > 0 && <ul class="error" data-testid="stream-form-other-errors">{others.map(([path, message]) => <li><code>{path}</code> {message}</li>)}</ul>}
      <ErrorText error={loadError} />
      {solutions.data && solutions.data.length === 0 && <p class="notice">No solution is installed, so there is nothing to train. Install a solution plugin first.</p>}
      {backends.data && backends.data.length === 0 && <p class="notice">No training backend is installed or configured. Install one (for example the local backend) first.</p>}
      <div class="inline">
        <Field label="Name" path="name" errors={errors} help={stream ? 'A stream keeps its name (its model versions are named after it); duplicate it to get a new one.' : 'Letters, digits, ".", "_" and "-"; model versions are named after it.'}>
          <input data-testid="stream-name" value={form.name} disabled={!!stream} maxLength={128} placeholder="parts-classifier" aria-invalid={!!fieldError(errors, 'name')}
            onInput={(e) => set('name', e.currentTarget.value)} />
        </Field>
        <Field label="Description (optional)" path="description" errors={errors} class="grow">
          <input data-testid="stream-description" value={form.description} maxLength={2048} onInput={(e) => set('description', e.currentTarget.value)} />
        </Field>
      </div>
      <div class="inline">
        <Field label="Solution" path="solutionId" errors={errors}>
          <select data-testid="stream-solution" value={form.solutionId} aria-busy={!solutions.data} onChange={(e) => pickSolution(e.currentTarget.value)}>
            {!form.solutionId && <option value="">choose…</option>}
            {solutions.data?.map((s) => <option value={s.id}>{s.displayName} ({s.id} {s.version})</option>)}
            {form.solutionId && !solution && solutions.data && <option value={form.solutionId}>{form.solutionId} (not installed)</option>}
          </select>
        </Field>
        <Field label="Dataset" path="datasetId" errors={errors} help={solution ? `${solution.datasetKind} datasets only` : 'Pick a solution first'}>
          <select data-testid="stream-dataset" value={form.datasetId} disabled={!solution} onChange={(e) => pickDataset(e.currentTarget.value)}>
            <option value="">choose…</option>
            {choices.map((d) => <option value={String(d.id)} disabled={d.versions === 0}>{d.name}{d.versions === 0 ? ' (no published version)' : ''}</option>)}
          </select>
        </Field>
        <Field label="Version" path="datasetVersionId" errors={errors}>
          <select data-testid="stream-dataset-version" value={form.datasetVersionId} disabled={!form.datasetId || !datasetVersions} aria-busy={!!form.datasetId && !datasetVersions}
            onChange={(e) => set('datasetVersionId', e.currentTarget.value)}>
            {!form.datasetVersionId && <option value="">choose…</option>}
            {[...(datasetVersions ?? [])].sort((a, b) => b.number - a.number).map((v) => <option value={String(v.id)}>v{v.number} · {v.items} items</option>)}
          </select>
        </Field>
        <Field label="Training backend" path="backendId" errors={errors}>
          <select data-testid="stream-backend" value={form.backendId} aria-busy={!backends.data} onChange={(e) => set('backendId', e.currentTarget.value)}>
            {backends.data?.map((b) => <option value={b.id}>{b.displayName} ({b.id})</option>)}
            {backends.data && !backends.data.some((b) => b.id === form.backendId) && <option value={form.backendId}>{form.backendId} (not installed)</option>}
          </select>
        </Field>
      </div>
      {solution && choices.length === 0 && datasets.data && (
        <p class="notice">No {solution.datasetKind} dataset exists yet. <Link to="/datasets">Create one</Link> and publish a version of it.</p>
      )}
      {solution && (
        <fieldset class="params" data-testid="stream-parameters">
          <legend>Parameters of {solution.displayName}</legend>
          {solution.description && <p class="hint lead">{solution.description}</p>}
          {fieldError(errors, 'parameters') && <p class="field-error" role="alert" data-testid="error-parameters">{fieldError(errors, 'parameters')}</p>}
          {fields.length === 0 && <p class="hint">This solution takes no parameters.</p>}
          <div class="param-grid">{fields.map((f) => <ParamInput field={f} value={form.parameters[f.name]} errors={errors} path="parameters"
            testIdPrefix="param" registered={registered} onChange={(v) => setParam(f.name, v)} />)}</div>
        </fieldset>
      )}
      <div class="inline">
        <Field label="Confidence threshold" path="confidenceThreshold" errors={errors} help="0 to 1: results scoring below it count as low confidence.">
          <input type="number" step="any" min={0} max={1} data-testid="stream-threshold" value={form.confidenceThreshold}
            aria-invalid={!!fieldError(errors, 'confidenceThreshold')} onInput={(e) => set('confidenceThreshold', e.currentTarget.value)} />
        </Field>
        <Field label="Schedule (cron, optional)" path="schedule.cron" errors={errors} help="minute hour day month weekday, e.g. 0 3 * * MON; empty trains on demand only">
          <input data-testid="stream-cron" value={form.cron} maxLength={128} placeholder="0 3 * * *" aria-invalid={!!fieldError(errors, 'schedule.cron')}
            onInput={(e) => set('cron', e.currentTarget.value)} />
        </Field>
        <Field label="Time zone" path="schedule.timeZone" errors={errors}>
          <input data-testid="stream-timezone" list="time-zones" value={form.timeZone} maxLength={64} aria-invalid={!!fieldError(errors, 'schedule.timeZone')}
            onInput={(e) => set('timeZone', e.currentTarget.value)} />
          <datalist id="time-zones">{zones.map((z) => <option value={z} />)}</datalist>
        </Field>
      </div>
      <fieldset class="params" data-testid="stream-target">
        <legend>Target edges (where "Deploy" sends approved versions)</legend>
        {fieldError(errors, 'target') && <p class="field-error" role="alert" data-testid="error-target">{fieldError(errors, 'target')}</p>}
        {fieldError(errors, 'target.edgeIds') && <p class="field-error" role="alert" data-testid="error-target.edgeIds">{fieldError(errors, 'target.edgeIds')}</p>}
        <ErrorText error={edges.error} />
        {edges.data && listedEdges.length === 0 && unlisted.length === 0 && <p class="hint">No approved edge yet; a tag also matches edges approved later.</p>}
        {(listedEdges.length > 0 || unlisted.length > 0) && (
          <div class="picker">
            {listedEdges.map((edge) => (
              <label class="check">
                <input type="checkbox" data-testid={`stream-edge-${edge.id}`} checked={form.edgeIds.includes(edge.id)} onChange={(e) => toggleEdge(edge.id, e.currentTarget.checked)} />
                <span class="grow">{edge.name}{edge.location && <span class="hint"> · {edge.location}</span>}</span>
                <Badge value={edge.connection} />
                <span>{Object.entries(edge.tags ?? {}).map(([k, v]) => <span class="tag">{k}={v}</span>)}</span>
              </label>
            ))}
            {unlisted.map((id) => (
              <label class="check">
                <input type="checkbox" checked onChange={(e) => toggleEdge(id, e.currentTarget.checked)} />
                <span class="grow">edge #{id} <span class="hint">(not among the approved edges listed)</span></span>
              </label>
            ))}
          </div>
        )}
        {edges.data && edges.data.total > listedEdges.length && <p class="hint">Showing {listedEdges.length} of {edges.data.total} approved edges; use a tag to reach the others.</p>}
        <div class="inline">
          <Field label="And every approved edge with tag (optional)" path="target.tagKey" errors={errors}>
            <input data-testid="stream-tag-key" value={form.tagKey} maxLength={64} placeholder="site" onInput={(e) => set('tagKey', e.currentTarget.value)} />
          </Field>
          <Field label="Tag value (optional)" path="target.tagValue" errors={errors}>
            <input data-testid="stream-tag-value" value={form.tagValue} maxLength={256} placeholder="plant-1" onInput={(e) => set('tagValue', e.currentTarget.value)} />
          </Field>
        </div>
      </fieldset>
      <span class="actions">
        <button type="submit" data-testid="stream-save" disabled={sending}>{sending ? 'Saving…' : stream ? 'Save changes' : 'Create stream'}</button>
        <button type="button" class="secondary" onClick={onCancel}>{stream ? 'Cancel' : 'Close'}</button>
      </span>
    </form>
  );
}

/** Every version in the registry, for parameters that name one: read once when such a parameter is shown (and on demand). */
function useRegisteredVersions(api: Api, wanted: boolean): Registered {
  const [state, setState] = useState<{ data: ModelVersion[] | null; error: string | null }>({ data: null, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!wanted) return;
    let stopped = false;
    // the API lists versions per model; a model deleted since the list was read just has none
    const versions = (name: string) => api.get<ModelVersion[]>(MODELS.versions(name))
      .catch((e: unknown) => { if (e instanceof ApiError && e.status === 404) return []; throw e; });
    api.get<ModelSummary[]>(MODELS.models).then((models) => Promise.all(models.map((m) => versions(m.name))))
      .then((lists) => { if (!stopped) setState({ data: lists.flat(), error: null }); },
        (e: Error) => { if (!stopped) setState((s) => ({ data: s.data, error: e.message })); });
    return () => { stopped = true; };
  }, [wanted, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

// ---- one stream ----
function ActionButton({ allowed, onClick, children, testId, secondary }: { allowed: Allowed; onClick: () => void; children: ComponentChildren; testId: string; secondary?: boolean }) {
  return (
    <button type="button" class={secondary ? 'secondary' : ''} data-testid={testId} disabled={!allowed.allowed} title={allowed.reason ?? undefined}
      onClick={onClick}>{children}</button>
  );
}

export function StreamPage({ api, role, id }: { api: Api; role: Role; id: number }) {
  const [live, setLive] = useState(false);
  // the runs carry the live progress; the stream itself changes only when a run ends, at the normal pace
  const stream = usePoll<Stream>(api, API.stream(id), POLL_MS);
  const runs = usePoll<TrainingRun[]>(api, API.runs(id), live ? LIVE_MS : POLL_MS);
  // installed plugins change rarely: read once, as the list and the editor do
  const solutions = usePoll<Solution[]>(api, API.solutions, null);
  const backends = usePoll<Backend[]>(api, API.backends, null);
  const [mode, setMode] = useState<'view' | 'edit' | 'duplicate' | 'delete'>('view');
  const [chosenRun, setChosenRun] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [copyName, setCopyName] = useState('');
  const [copyErrors, setCopyErrors] = useState<FormErrors>(NO_ERRORS);
  // the run "Train now" got back (QUEUED), shown until the next poll of the runs lists it
  const [queued, setQueued] = useState<TrainingRun | null>(null);

  const listed = runs.data ?? [];
  const all = queued && !listed.some((r) => r.id === queued.id) ? [queued, ...listed] : listed;
  const active = all.filter(isActive);
  useEffect(() => setLive(active.length > 0 || stream.data?.status === 'TRAINING'), [active.length, stream.data?.status]);
  // a run that ended changed the stream's status: read it now, not at the next poll
  const wasActive = useRef(active.length);
  useEffect(() => {
    if (wasActive.current > 0 && active.length === 0) stream.reload();
    wasActive.current = active.length;
  }, [active.length]);

  const s = stream.data;
  if (!s) return stream.error ? <><p class="crumbs"><Link to="/streams">Streams</Link> /</p><ErrorText error={stream.error} /></> : <Progress />;
  const solution = solutions.data?.find((x) => x.id === s.solutionId) ?? null;
  const headline = headlineMetrics(solution, all);
  const actions = streamActions(s, role, solutions.data, backends.data);
  const reasons = [...new Set([actions.train, actions.edit, actions.duplicate, actions.remove].map((a) => a.reason).filter(Boolean))];
  const selected = all.find((r) => r.id === chosenRun) ?? all[0] ?? null;
  const done = (text: string) => { setFailure(null); setMessage(text); };
  // a retraining's run: selected, and brought into view once it is shown
  const showRun = (runId: number) => {
    setChosenRun(runId);
    setTimeout(() => document.querySelector('[data-testid="run-detail"]')?.scrollIntoView({ block: 'start' }), 0);
  };
  const fail = (e: unknown) => { setMessage(null); setFailure((e as Error).message); };

  const train = async () => {
    try {
      const run = await api.post<TrainingRun>(API.train(s.id));
      done(`Queued run #${run.number}.`);
      setQueued(run);
      setChosenRun(run.id);
      setLive(true);
      runs.reload();
      stream.reload();
    } catch (e) { fail(e); }
  };
  const cancel = async (run: TrainingRun) => {
    try {
      await api.post<TrainingRun>(API.cancel(run.id));
      done(`Asked run #${run.number} to stop.`);
      runs.reload();
    } catch (e) { fail(e); }
  };
  const duplicate = async (e: Event) => {
    e.preventDefault();
    try {
      const copy = await api.post<Stream>(API.duplicate(s.id), { name: copyName.trim() });
      setMode('view');
      setCopyErrors(NO_ERRORS);
      navigate(streamPath(copy.id));
    } catch (err) { setCopyErrors(formErrors(err)); }
  };
  const remove = async () => {
    try {
      await api.del(API.stream(s.id));
      navigate('/streams');
    } catch (e) { setMode('view'); fail(e); }
  };

  return (
    <>
      <p class="crumbs"><Link to="/streams">Streams</Link> /</p>
      <h1>{s.name} <Badge value={s.status} testId="stream-status" />
        <span class="actions">
          <ActionButton testId="stream-train" allowed={actions.train} onClick={train}>Train now</ActionButton>
          <ActionButton testId="stream-edit" secondary allowed={actions.edit} onClick={() => setMode('edit')}>Edit</ActionButton>
          <ActionButton testId="stream-duplicate" secondary allowed={actions.duplicate} onClick={() => { setCopyName(`${s.name}-copy`); setMode('duplicate'); }}>Duplicate</ActionButton>
          <ActionButton testId="stream-delete" secondary allowed={actions.remove} onClick={() => setMode('delete')}>Delete</ActionButton>
        </span>
      </h1>
      {reasons.length > 0 && <p class="hint lead" data-testid="stream-action-reasons">{reasons.join('. ')}.</p>}
      <p class="hint lead" data-testid="stream-summary">
        {solution ? solution.displayName : s.solutionId} · dataset <Link to={`/datasets/${s.datasetId}`}>{s.datasetName}</Link> v{s.datasetVersionNumber}
        {' '}· backend {s.backendId} · schedule {scheduleText(s.schedule)}{s.nextTrainingAt ? `, next ${dateTime(s.nextTrainingAt)}` : ''}
        {' '}· targets {targetText(s.target)} · confidence threshold {s.confidenceThreshold} · {s.trainings} {s.trainings === 1 ? 'training' : 'trainings'}
        {' '}· updated {relativeTime(s.updatedAt)} by {s.updatedBy ?? s.createdBy}
      </p>
      {s.description && <p>{s.description}</p>}
      {message && <p role="status" data-testid="stream-message">{message}</p>}
      <ErrorText error={failure ?? stream.error} />
      {mode === 'edit' && (
        <StreamEditor api={api} stream={s} onCancel={() => setMode('view')} onSaved={() => { setMode('view'); done('Saved.'); stream.reload(); }} />
      )}
      {mode === 'duplicate' && (
        <form class="panel" onSubmit={duplicate} data-testid="duplicate-form" noValidate>
          <h2>Duplicate {s.name}</h2>
          <p class="hint lead">The copy starts with the same solution, dataset version, parameters, schedule and targets, and no runs.</p>
          {copyErrors.detail && <p class="error" role="alert">{copyErrors.detail}</p>}
          <div class="inline">
            <Field label="Name of the copy" path="name" errors={copyErrors}>
              <input data-testid="duplicate-name" value={copyName} maxLength={128} onInput={(e) => setCopyName(e.currentTarget.value)} />
            </Field>
            <span class="actions">
              <button type="submit" data-testid="duplicate-save">Duplicate</button>
              <button type="button" class="secondary" onClick={() => { setMode('view'); setCopyErrors(NO_ERRORS); }}>Cancel</button>
            </span>
          </div>
        </form>
      )}
      {mode === 'delete' && (
        <p class="panel notice" role="alertdialog" data-testid="delete-confirm">
          Delete {s.name}? Its training runs go with it; the model versions it registered stay in the registry.{' '}
          <span class="actions">
            <button type="button" data-testid="delete-yes" onClick={remove}>Delete</button>
            <button type="button" class="secondary" onClick={() => setMode('view')}>Keep it</button>
          </span>
        </p>
      )}
      {active.map((run) => (
        <section class="panel current-run" data-testid="current-run" aria-live="polite">
          <header class="panel-head">
            <h2 class="title">Run #{run.number} <Badge value={run.state} testId="current-run-state" /></h2>
            {can.manageStreams(role) && (
              <button type="button" class="secondary" data-testid="run-cancel" disabled={run.cancelRequested} onClick={() => cancel(run)}>
                {run.cancelRequested ? 'Cancelling…' : 'Cancel'}</button>
            )}
          </header>
          <div class="upload-progress">
            <progress max={100} value={progressPercent(run.progress)} aria-label={`Run ${run.number} progress`} data-testid="run-progress" />
            <span>{progressPercent(run.progress)} %</span>
          </div>
          <p class="hint" data-testid="run-message">{run.message || (run.state === 'QUEUED' ? 'Waiting for the backend to start it.' : 'Started; no message yet.')}
            {' '}· {run.trigger === 'SCHEDULE' ? 'scheduled' : run.trigger === 'RETRAINING' ? `retraining (${run.createdBy})` : `by ${run.createdBy}`} · {run.startedAt ? `running for ${duration(run.startedAt, null)}` : `queued ${relativeTime(run.createdAt)}`}</p>
        </section>
      ))}
      <Runs runs={all} error={runs.error} headline={headline} selected={selected?.id ?? null} onSelect={setChosenRun} />
      {selected && <RunDetail key={selected.id} api={api} run={selected} />}
      <MetricHistory runs={all} headline={headline} />
      <Versions api={api} role={role} stream={s} runs={all} headline={headline} onDeployed={() => stream.reload()} />
      <StreamRolloutPlan api={api} streamId={s.id} canEdit={can.manageRollouts(role)} />
      <CollectionPolicyPanel api={api} path={COLLECTION_API.stream(s.id)} scope="stream" canEdit={can.setCollectionPolicy(role)}
        modelThreshold={s.confidenceThreshold} />
      <RetrainingPanel api={api} role={role} stream={s} runs={all} metrics={solution?.metrics ?? []} onShowRun={showRun} />
    </>
  );
}

function Runs({ runs, error, headline, selected, onSelect }: { runs: TrainingRun[]; error: string | null; headline: string[]; selected: number | null; onSelect: (id: number) => void }) {
  const shown = headline.slice(0, 4);
  return (
    <section class="panel" aria-labelledby="runs-title">
      <h2 id="runs-title">Training runs</h2>
      <ErrorText error={error} />
      {runs.length === 0 && !error && <p class="empty" data-testid="runs-empty">Not trained yet. "Train now" queues a run on the stream's dataset version.</p>}
      {runs.length > 0 && (
        <table data-testid="runs" class="runs">
          <thead><tr><th>Run</th><th>Trigger</th><th>State</th><th>Progress</th><th>Model</th>{shown.map((m) => <th>{m}</th>)}<th>Started</th><th>Duration</th><th>Message</th></tr></thead>
          <tbody>{runs.map((r) => (
            <tr data-testid={`run-row-${r.number}`} class={r.id === selected ? 'selected' : ''} aria-current={r.id === selected ? 'true' : undefined}>
              <td><button type="button" class="link" data-testid={`run-select-${r.number}`} onClick={() => onSelect(r.id)}>#{r.number}</button></td>
              <td>{r.trigger === 'SCHEDULE' ? 'schedule' : r.trigger === 'RETRAINING' ? 'retraining' : 'manual'}</td>
              <td data-testid={`run-state-${r.number}`}><Badge value={r.state} /></td>
              <td>{isActive(r) ? `${progressPercent(r.progress)} %` : r.state === 'SUCCEEDED' ? '100 %' : `stopped at ${progressPercent(r.progress)} %`}</td>
              <td data-testid={`run-model-${r.number}`}>{r.modelVersion ?? '—'}</td>
              {shown.map((m) => <td>{r.metrics && r.metrics[m] != null ? metricValue(r.metrics[m]) : '—'}</td>)}
              <td title={dateTime(r.startedAt)}>{r.startedAt ? relativeTime(r.startedAt) : '—'}</td>
              <td>{duration(r.startedAt, r.finishedAt)}</td>
              <td class={r.state === 'FAILED' ? 'error' : ''}>{r.message ?? ''}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}

/** A run's log (refreshed while it runs), its parameters, and its evaluation report once it succeeded. */
function RunDetail({ api, run }: { api: Api; run: TrainingRun }) {
  const running = isActive(run);
  const [log, setLog] = useState<string | null>(null);
  const [logError, setLogError] = useState<string | null>(null);
  const pre = useRef<HTMLPreElement>(null);
  const report = usePoll<Report>(api, run.state === 'SUCCEEDED' ? API.report(run.id) : null, null);
  useEffect(() => {
    let stopped = false;
    const load = () => api.text(API.logs(run.id)).then((t) => { if (!stopped) { setLog(t); setLogError(null); } },
      (e: Error) => { if (!stopped) setLogError(e.message); });
    load();
    const timer = running ? setInterval(load, LIVE_MS) : undefined;
    return () => { stopped = true; if (timer) clearInterval(timer); };
  }, [run.id, running]);
  // follow the end of the log, unless the reader scrolled up
  const atEnd = useRef(true);
  useEffect(() => { if (pre.current && atEnd.current) pre.current.scrollTop = pre.current.scrollHeight; }, [log]);
  return (
    <section aria-labelledby="run-detail-title" data-testid="run-detail">
      <h2 id="run-detail-title" class="section-title">Run #{run.number} <Badge value={run.state} /> {run.modelVersion && <span class="hint">registered {run.modelVersion}</span>}</h2>
      <div class="columns">
        <section class="panel">
          <header class="panel-head"><h2>Log</h2>{running && <span class="hint">refreshing every {LIVE_MS / 1000} s</span>}</header>
          <ErrorText error={logError} />
          <pre class="log" ref={pre} tabIndex={0} data-testid="run-log" aria-label={`Log of run ${run.number}`}
            onScroll={(e) => { const el = e.currentTarget; atEnd.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 4; }}>
            {log == null ? 'Loading…' : log || (running ? 'No output yet.' : 'The run wrote no log.')}</pre>
        </section>
        <section class="panel">
          <h2>Settings</h2>
          <dl>
            <dt>Dataset version</dt><dd>id {run.datasetVersionId}</dd>
            <dt>Solution</dt><dd>version {run.solutionVersion}</dd>
            <dt>Backend</dt><dd>{run.backendId}{run.handle ? <span class="hint"> · {run.handle}</span> : null}</dd>
            <dt>Queued</dt><dd>{dateTime(run.createdAt)} by {run.createdBy}</dd>
            <dt>Finished</dt><dd>{dateTime(run.finishedAt)}</dd>
          </dl>
          <h3>Parameters</h3>
          <p>{Object.entries(run.parameters ?? {}).map(([k, v]) => <span class="tag">{k}={String(v)}</span>)}</p>
        </section>
      </div>
      {run.state === 'SUCCEEDED' && (
        <>
          <ErrorText error={report.error} />
          {report.data && <ReportView report={report.data} />}
          <HeldOutView api={api} run={run} />
        </>
      )}
    </section>
  );
}

/** The held-out rows the trained model got wrong, with the trainer's prediction and score: what to relabel or collect. */
function HeldOutView({ api, run }: { api: Api; run: TrainingRun }) {
  const rows = usePoll<HeldOutRow[]>(api, API.heldOut(run.id), null);
  if (rows.error) return <ErrorText error={rows.error} />;
  if (!rows.data) return null;
  const { mistakes, labelled } = heldOutMistakes(rows.data);
  // a FILES run names each held-out item by its key: show the image itself
  const images = mistakes.length > 0 && mistakes.every((r) => r.values.length === 1 && isImage(r.values[0]));
  return (
    <section class="panel" data-testid="held-out">
      <header class="panel-head">
        <h2>Held-out mistakes</h2>
        <span class="hint">{mistakes.length} of {labelled} labelled held-out rows predicted wrong, least confident first</span>
      </header>
      {mistakes.length === 0 ? <p class="empty">The model predicted every labelled held-out row right.</p> : (
        <table>
          <thead><tr><th>{images ? 'Image' : 'Values'}</th><th>True label</th><th>Predicted</th><th>Score</th></tr></thead>
          <tbody>
            {mistakes.slice(0, 50).map((r, i) => (
              <tr key={i} data-testid={`mistake-${i}`}>
                <td class="mono">{images ? <HeldOutImage api={api} versionId={run.datasetVersionId} itemKey={r.values[0]} /> : r.values.join(', ')}</td>
                <td>{r.label}</td><td>{r.predicted}</td><td>{r.score.toFixed(4)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A held-out image, found by its key in the run's dataset version. */
function HeldOutImage({ api, versionId, itemKey }: { api: Api; versionId: number; itemKey: string }) {
  const [item, setItem] = useState<DatasetItem | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    let stopped = false;
    api.get<DatasetItem>(DATASETS.versionItem(versionId, itemKey)).then((found) => { if (!stopped) setItem(found); },
      () => { if (!stopped) setMissing(true); });
    return () => { stopped = true; };
  }, [versionId, itemKey]);
  if (missing) return <span class="hint">{itemKey}</span>;
  return item ? <span title={itemKey}><Thumbnail api={api} item={item} size={96} /></span> : <span class="thumb" aria-hidden="true" />;
}

function ReportView({ report }: { report: Report }) {
  const confusion = report.confusion;
  const classes = report.classes ?? {};
  const scalars = Object.entries(report).filter(([, v]) => typeof v === 'number' || typeof v === 'string');
  const heat = confusion ? confusionCells(confusion.matrix) : null;
  const order = confusion ? [...confusion.labels, ...Object.keys(classes).filter((l) => !confusion.labels.includes(l))] : Object.keys(classes);
  return (
    <div class="columns">
      {confusion && heat && (
        <section class="panel" aria-labelledby="confusion-title">
          <h2 id="confusion-title">Confusion matrix <span class="hint">held-out rows: {heat.correct} of {heat.total} right</span></h2>
          <div class="scroll">
            <table class="confusion" data-testid="confusion-matrix">
              <thead>
                <tr><th rowSpan={2} scope="col">True ↓ / predicted →</th>{confusion.labels.map((l) => <th scope="col">{l}</th>)}</tr>
              </thead>
              <tbody>{heat.rows.map((row, i) => (
                <tr>
                  <th scope="row">{confusion.labels[i]} <span class="hint">({heat.rowTotals[i]})</span></th>
                  {row.map((cell, j) => (
                    <td data-testid={`confusion-${i}-${j}`} class={`${cell.diagonal ? 'diagonal' : ''}${cell.dark ? ' dark' : ''}`} style={{ background: cell.background }}
                      title={`${cell.count} of ${heat.rowTotals[i]} ${confusion.labels[i]} rows predicted ${confusion.labels[j]} (${(cell.share * 100).toFixed(1)} %)`}>
                      {cell.count}</td>
                  ))}
                </tr>
              ))}</tbody>
            </table>
          </div>
          <p class="hint">Rows are the true class, columns the prediction; shading is the share of the row (green right, red wrong).</p>
        </section>
      )}
      {order.length > 0 && (
        <section class="panel">
          <h2>Per class</h2>
          <table data-testid="class-metrics">
            <thead><tr><th>Class</th><th>Precision</th><th>Recall</th><th>F1</th><th>Support</th></tr></thead>
            <tbody>{order.filter((l) => classes[l]).map((l) => (
              <tr><td>{l}</td><td>{metricValue(classes[l].precision)}</td><td>{metricValue(classes[l].recall)}</td><td>{metricValue(classes[l].f1)}</td><td>{classes[l].support}</td></tr>
            ))}</tbody>
          </table>
        </section>
      )}
      {scalars.length > 0 && (
        <section class="panel">
          <h2>Report</h2>
          <dl class="wide">{scalars.map(([k, v]) => <><dt>{k}</dt><dd>{typeof v === 'number' ? metricValue(v) : String(v)}</dd></>)}</dl>
        </section>
      )}
    </div>
  );
}

function MetricHistory({ runs, headline }: { runs: TrainingRun[]; headline: string[] }) {
  const { x, series } = useMemo(() => metricSeries(runs, headline), [runs, headline.join()]);
  if (x.length === 0 || series.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="history-title">
      <h2 id="history-title">Metrics across successful runs</h2>
      <MetricChart key={headline.join()} testId="metric-chart" x={x} series={series} />
    </section>
  );
}

/** The stream's model versions: stage, approval, deployment to the stream's targets, and a side-by-side comparison. */
function Versions({ api, role, stream, runs, headline, onDeployed }: { api: Api; role: Role; stream: Stream; runs: TrainingRun[]; headline: string[]; onDeployed: () => void }) {
  const choices = versionChoices(runs);
  const registry = usePoll<ModelVersion[]>(api, choices.length ? MODELS.versions(stream.name) : null);
  const [message, setMessage] = useState<string | null>(null);
  const [started, setStarted] = useState<Rollout | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [a, setA] = useState<number | null>(null);
  const [b, setB] = useState<number | null>(null);
  const [allMetrics, setAllMetrics] = useState(false);
  // a run that just succeeded registered a version: read the stages again rather than wait for the next poll
  // (not on the first render: the poll has just read them)
  const seenVersions = useRef(choices.length);
  useEffect(() => {
    if (choices.length > seenVersions.current) registry.reload();
    seenVersions.current = choices.length;
  }, [choices.length]);
  if (choices.length === 0) return null;
  const stage = (id: number) => registry.data?.find((v) => v.id === id && v.lineage?.streamId === stream.id)?.stage;
  const manager = can.manageStreams(role);
  const approve = async (id: number, version: string) => {
    try {
      await api.put<ModelVersion>(MODELS.stage(id), { stage: 'APPROVED' });
      setFailure(null);
      setStarted(null);
      setMessage(`${stream.name}:${version} is now APPROVED.`);
      registry.reload();
    } catch (e) { setMessage(null); setStarted(null); setFailure((e as Error).message); }
  };
  // the server answers a rollout (201), wave by wave after the stream's rollout plan
  const deploy = async (id: number) => {
    try {
      const rollout = await api.post<Rollout>(API.deploy(stream.id), { modelVersionId: id });
      setFailure(null);
      setMessage(null);
      setStarted(rollout);
      registry.reload();
      onDeployed();
    } catch (e) { setMessage(null); setStarted(null); setFailure((e as Error).message); }
  };
  const left = choices.find((c) => c.id === a) ?? choices[1] ?? null;
  const right = choices.find((c) => c.id === b) ?? choices[0];
  const compared = left ? compareMetrics(left.metrics, right.metrics, headline) : [];
  const hidden = compared.filter((r) => !r.headline).length;
  const rows = allMetrics || hidden === compared.length ? compared : compared.filter((r) => r.headline);
  return (
    <section class="panel" aria-labelledby="versions-title" data-testid="stream-versions">
      <h2 id="versions-title">Model versions</h2>
      {message && <p role="status" data-testid="versions-message">{message}</p>}
      {started && (
        <p role="status" data-testid="versions-message">{startedText(started)}. <Link to={rolloutPath(started.id)} testId="versions-rollout-link">Follow rollout #{started.id}</Link></p>
      )}
      <ErrorText error={failure ?? registry.error} />
      <table>
        <thead><tr><th>Version</th><th>Run</th><th>Stage</th>{headline.slice(0, 3).map((m) => <th>{m}</th>)}<th>Actions</th></tr></thead>
        <tbody>{choices.map((c) => {
          const st = stage(c.id);
          const deployState = deployAllowed(st, stream.target, role);
          return (
            <tr data-testid={`version-${c.version}`}>
              <td><Link to={versionPath(stream.name, c.id)}>{c.version}</Link></td>
              <td>#{c.runNumber}</td>
              <td data-testid={`version-stage-${c.version}`}>{st ? <Badge value={st} /> : registry.data ? <span class="hint">not found in the registry</span> : '…'}</td>
              {headline.slice(0, 3).map((m) => <td>{c.metrics[m] != null ? metricValue(c.metrics[m]) : '—'}</td>)}
              <td><span class="actions">
                {manager && st === 'CANDIDATE' && <button type="button" data-testid={`approve-${c.version}`} onClick={() => approve(c.id, c.version)}>Approve</button>}
                {manager && <button type="button" class="secondary" data-testid={`deploy-${c.version}`} disabled={!deployState.allowed}
                  title={deployState.reason ?? undefined} onClick={() => deploy(c.id)}>Deploy to targets</button>}
                {manager && !deployState.allowed && st && <span class="hint">{deployState.reason}</span>}
              </span></td>
            </tr>
          );
        })}</tbody>
      </table>
      <h3>Compare</h3>
      {choices.length < 2 ? <p class="hint">Train again to compare two versions.</p> : left && (
        <>
          <div class="inline">
            <label>Version A<select data-testid="compare-a" value={String(left.id)} onChange={(e) => setA(Number(e.currentTarget.value))}>
              {choices.map((c) => <option value={String(c.id)}>{c.version} (run #{c.runNumber})</option>)}</select></label>
            <label>Version B<select data-testid="compare-b" value={String(right.id)} onChange={(e) => setB(Number(e.currentTarget.value))}>
              {choices.map((c) => <option value={String(c.id)}>{c.version} (run #{c.runNumber})</option>)}</select></label>
          </div>
          <table class="compare" data-testid="compare-table">
            <thead><tr><th>Metric</th><th>A: {left.version}</th><th>B: {right.version}</th><th>B − A</th></tr></thead>
            <tbody>{rows.map((r) => (
              <tr class={r.headline ? 'headline' : ''} data-testid={`compare-${r.name}`}>
                <td>{r.name}</td>
                <td class={r.better === 'a' ? 'better' : ''}>{r.a == null ? '—' : metricValue(r.a)}{r.better === 'a' && <span class="sr-only"> (better)</span>}</td>
                <td class={r.better === 'b' ? 'better' : ''}>{r.b == null ? '—' : metricValue(r.b)}{r.better === 'b' && <span class="sr-only"> (better)</span>}</td>
                <td class={r.better === 'b' ? 'delta-good' : r.better === 'a' ? 'delta-bad' : ''}>{deltaText(r.delta)}</td>
              </tr>
            ))}</tbody>
          </table>
          <p class="hint">The better value of each metric is highlighted (higher is better, except losses, errors and times).
            {hidden > 0 && hidden < compared.length && <> <button type="button" class="link" data-testid="compare-all" onClick={() => setAllMetrics(!allMetrics)}>
              {allMetrics ? 'Show the headline metrics only' : `Show all ${compared.length} metrics (per class too)`}</button></>}</p>
        </>
      )}
    </section>
  );
}
