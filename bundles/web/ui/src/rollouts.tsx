// Staged rollouts of model versions and agent releases: the list, one rollout with its waves, gates over time, edges
// and the actions a role may take; the "Roll out" form of a model version's page and of an agent release's page, and
// the stream page's rollout plan, which share the plan fields. The rules live in rolloutLogic.ts.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, type Api, type Page, type Role } from './api';
import { ThresholdChart } from './chart';
import { dateTime, relativeTime } from './format';
import { versionPath, type ModelVersion } from './registry';
import { agentReleasePath, type AgentRelease } from './agentLogic';
import { can } from './roles';
import {
  canaryPlanForm, countsText, emptySelection, formFromPlan, gateSeries, gateValue, healthText, isAgentRollout, isLive, isOneWave,
  LIVE_MS, MAX_WAVES, MIN_QUALITY_SOAK, modelName, PLAN_PATHS, planRequest, previousText, qualityText, ROLLOUT_API, ROLLOUT_STATES,
  rolloutActions, rolloutPath, rolloutRequest, secondsText, statusSegments, subjectText, thresholdText, verdicts, WAVE_STATUSES,
  wavesText, waveTotal, type ActionOffer, type GateResult, type GateSeries, type PlanForm, type Rollout, type RolloutEdge,
  type RolloutPlan, type RolloutWave, type SelectionForm, type SubjectRef, type WaveUnit,
} from './rolloutLogic';
import { targetChoices, type PluginInfo } from './edgeLogic';
import { formErrors, NO_ERRORS, type FormErrors } from './streamLogic';
import { Badge, ErrorText, Field, Link, navigate, Pager, POLL_MS, Progress, usePoll } from './widgets';

interface EdgeChoice { id: number; name: string; location?: string; connection: string; tags: Record<string, string>; modelVersion?: string; target?: string }

// ---- the list ----
export function Rollouts({ api, role }: { api: Api; role: Role }) {
  const [state, setState] = useState('');
  const [offset, setOffset] = useState(0);
  const [live, setLive] = useState(false);
  const limit = 25;
  const { data, error } = usePoll<Page<Rollout>>(api, ROLLOUT_API.list(state, limit, offset), live ? LIVE_MS : POLL_MS);
  useEffect(() => setLive(!!data?.items.some((r) => r.state === 'RUNNING')), [data]);
  return (
    <>
      <h1>Rollouts</h1>
      <p class="hint lead">A model version or an agent release on its way to edges, wave by wave: each wave soaks and is judged by its health and quality gates before the next starts.
        {can.manageRollouts(role) ? ' Start one from an approved version on its model page or from an agent release\'s page ("Roll out"), or deploy a stream\'s version.' : ''}</p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>State<select data-testid="rollouts-state" value={state} onChange={(e) => { setState(e.currentTarget.value); setOffset(0); }}>
          <option value="">any</option>{ROLLOUT_STATES.map((s) => <option value={s}>{s}</option>)}</select></label>
        {live && <span class="hint" data-testid="rollouts-live">refreshing every {LIVE_MS / 1000} s while a rollout runs</span>}
      </form>
      <ErrorText error={error} />
      {data && data.total === 0 && (
        <p class="empty" data-testid="rollouts-empty">{state ? `No rollout is ${state}.` : <>No rollouts yet — they start from a version on the <Link to="/models">Models</Link> page, or when a stream deploys one.</>}</p>
      )}
      {data && data.total > 0 && (
        <>
          <table data-testid="rollouts">
            <thead><tr><th>Rollout</th><th>Rolls out</th><th>State</th><th>Wave</th><th>Edges</th><th>Skipped</th><th>Selection</th><th>Created</th><th>Message</th></tr></thead>
            <tbody>{data.items.map((r) => (
              <tr data-testid={`rollout-row-${r.id}`}>
                <td><Link to={rolloutPath(r.id)}>#{r.id}</Link></td>
                <td data-testid={`rollout-subject-${r.id}`}><SubjectLink rollout={r} /></td>
                <td data-testid={`rollout-state-${r.id}`}><Badge value={r.state} /></td>
                <td class="nowrap">{r.currentWave} / {waveTotal(r)}</td>
                <td>{r.edges}</td>
                <td>{r.skipped || '—'}</td>
                <td>{r.selection}</td>
                <td title={dateTime(r.createdAt)}>{relativeTime(r.createdAt)}<div class="hint">by {r.createdBy}</div></td>
                <td class={r.state === 'FAILED' ? 'error' : ''}>{r.message ?? ''}</td>
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

// ---- one rollout ----
export function RolloutPage({ api, role, id }: { api: Api; role: Role; id: number }) {
  const [live, setLive] = useState(false);
  const every = live ? LIVE_MS : POLL_MS;
  const rollout = usePoll<Rollout>(api, ROLLOUT_API.rollout(id), every);
  const edges = usePoll<RolloutEdge[]>(api, ROLLOUT_API.edges(id), every);
  const gates = usePoll<GateResult[]>(api, ROLLOUT_API.gates(id), every);
  const [confirming, setConfirming] = useState<ActionOffer | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const state = rollout.data?.state;
  useEffect(() => setLive(isLive(state)), [state]);
  // an action the state no longer allows (the engine moved on) is not confirmed
  useEffect(() => setConfirming(null), [state]);

  const r = rollout.data;
  if (!r) return rollout.error ? <><p class="crumbs"><Link to="/rollouts">Rollouts</Link> /</p><ErrorText error={rollout.error} /></> : <Progress />;
  const act = async (offer: ActionOffer) => {
    setBusy(true);
    try {
      await api.post<Rollout>(ROLLOUT_API.action(r.id, offer.action));
      setFailure(null);
      setMessage(offer.done);
    } catch (e) {
      setMessage(null);
      setFailure(e instanceof ApiError ? e.detail : (e as Error).message);
    } finally {
      setBusy(false);
      setConfirming(null);
      rollout.reload();
      edges.reload();
      gates.reload();
    }
  };
  const offers = rolloutActions(r.state, role);
  const total = waveTotal(r);
  return (
    <>
      <p class="crumbs"><Link to="/rollouts">Rollouts</Link> /</p>
      <h1>Rollout #{r.id} <Badge value={r.state} testId="rollout-state" />
        <span class="actions">{offers.map((offer) => (
          <button type="button" class={offer.primary ? '' : 'secondary'} data-testid={`rollout-${offer.action}`} disabled={busy}
            onClick={() => (offer.confirm ? setConfirming(offer) : act(offer))}>{offer.label}</button>
        ))}</span>
      </h1>
      <p class="hint lead" data-testid="rollout-summary">
        {isAgentRollout(r) ? 'Agent release' : 'Model'} <SubjectLink rollout={r} testId={isAgentRollout(r) ? 'rollout-agent-release' : 'rollout-model'} />
        {' '}· {r.selection} · {r.edges} edge{r.edges === 1 ? '' : 's'}{r.skipped ? `, ${r.skipped} skipped` : ''}
        {' '}· wave {r.currentWave} of {total}
        {r.streamId != null && <> · from <Link to={`/streams/${r.streamId}`}>stream #{r.streamId}</Link></>}
        {' '}· created {dateTime(r.createdAt)} by {r.createdBy}{r.finishedAt ? ` · finished ${dateTime(r.finishedAt)}` : ''}
        {live && ` · refreshing every ${LIVE_MS / 1000} s`}
      </p>
      {r.message && <p class={r.state === 'FAILED' ? 'error' : 'notice'} data-testid="rollout-message">{r.message}</p>}
      {!can.manageRollouts(role) && <p class="hint">Acting on a rollout needs the MANAGER role.</p>}
      {confirming && (
        <p class="panel notice" role="alertdialog" data-testid="rollout-confirm-dialog">
          {confirming.confirm}{' '}
          <span class="actions">
            <button type="button" data-testid="rollout-confirm" disabled={busy} onClick={() => act(confirming)}>{confirming.label}</button>
            <button type="button" class="secondary" data-testid="rollout-confirm-cancel" onClick={() => setConfirming(null)}>Cancel</button>
          </span>
        </p>
      )}
      {message && <p role="status" data-testid="rollout-action-message">{message}</p>}
      {failure && <p class="error" role="alert" data-testid="rollout-action-error">{failure}</p>}
      <div class="columns">
        <section class="panel" data-testid="rollout-plan" aria-labelledby="rollout-plan-title">
          <h2 id="rollout-plan-title">Plan</h2>
          <PlanSummary plan={r.plan} />
        </section>
        <Waves rollout={r} />
      </div>
      <Gates results={gates.data} error={gates.error} />
      <Edges edges={edges.data} error={edges.error} agent={isAgentRollout(r)} />
    </>
  );
}

/** What a rollout delivers, linked to its page: the model version's, or the agent release's (which has no model). */
function SubjectLink({ rollout, testId }: { rollout: Rollout; testId?: string }) {
  return isAgentRollout(rollout)
    ? <Link to={agentReleasePath(rollout.agentReleaseId!)} testId={testId}>{subjectText(rollout)}</Link>
    : <Link to={versionPath(modelName(rollout.model ?? ''), rollout.modelVersionId!)} testId={testId}>{rollout.model}</Link>;
}

/** A plan in words, as the rollout page and the stream page show it. */
export function PlanSummary({ plan }: { plan: RolloutPlan }) {
  return (
    <dl>
      <dt>Waves</dt><dd data-testid="plan-summary-waves">{plan.waves.length} · {wavesText(plan.waves)}</dd>
      <dt>Soak</dt><dd data-testid="plan-summary-soak">{secondsText(plan.soakSeconds)} after a wave's edges settled</dd>
      <dt>Wave timeout</dt><dd data-testid="plan-summary-timeout">{secondsText(plan.waveTimeoutSeconds)}</dd>
      <dt>Health gate</dt><dd data-testid="plan-summary-health">{healthText(plan.health)}</dd>
      <dt>Quality gate</dt><dd data-testid="plan-summary-quality">{qualityText(plan.quality)}</dd>
      <dt>Auto-rollback</dt><dd data-testid="plan-summary-auto-rollback">{plan.autoRollback ? 'yes: a failed gate rolls back every edge reached' : 'no: a failed gate stops the rollout'}</dd>
    </dl>
  );
}

function StatusLegend() {
  return (
    <ul class="status-legend" aria-label="Status colours">
      {WAVE_STATUSES.map((s) => <li><span class={`swatch seg-${s.toLowerCase().replace(/_/g, '-')}`} aria-hidden="true" />{s}</li>)}
    </ul>
  );
}

function Waves({ rollout }: { rollout: Rollout }) {
  return (
    <section class="panel" data-testid="rollout-waves" aria-labelledby="rollout-waves-title">
      <h2 id="rollout-waves-title">Waves</h2>
      <StatusLegend />
      {rollout.waves.length === 0 && <p class="hint">No waves.</p>}
      {rollout.waves.map((w) => <WaveRow wave={w} current={w.number === rollout.currentWave && isLive(rollout.state)} />)}
    </section>
  );
}

function WaveRow({ wave, current }: { wave: RolloutWave; current: boolean }) {
  const segments = statusSegments(wave.statusCounts, wave.edges);
  const times = wave.startedAt
    ? [`started ${dateTime(wave.startedAt)}`, wave.settledAt ? `settled ${dateTime(wave.settledAt)}` : 'not settled yet',
      wave.finishedAt ? `judged ${dateTime(wave.finishedAt)}` : null].filter(Boolean).join(' · ')
    : 'not started';
  return (
    <div class={`wave${current ? ' current' : ''}`} data-testid={`wave-${wave.number}`}>
      <div class="wave-head">
        <strong>Wave {wave.number}</strong>
        <span>{wave.edges} edge{wave.edges === 1 ? '' : 's'}</span>
        {current && <Badge value="CURRENT" />}
        <span class="hint">{times}</span>
      </div>
      <div class="stack" role="img" aria-label={`Wave ${wave.number}: ${countsText(wave.statusCounts)}`}>
        {segments.map((s) => <span class={`seg seg-${s.status.toLowerCase().replace(/_/g, '-')}`} style={{ width: `${s.percent}%` }} title={`${s.count} ${s.status}`} />)}
      </div>
      <ul class="counts">
        {segments.map((s) => <li data-testid={`wave-${wave.number}-${s.status}`}><span class={`swatch seg-${s.status.toLowerCase().replace(/_/g, '-')}`} aria-hidden="true" />{s.status} <strong>{s.count}</strong></li>)}
        {segments.length === 0 && <li class="hint">no edges</li>}
      </ul>
    </div>
  );
}

function Gates({ results, error }: { results: GateResult[] | null; error: string | null }) {
  const series = useMemo(() => gateSeries(results ?? []), [results]);
  const judged = useMemo(() => verdicts(results ?? []), [results]);
  return (
    <section class="panel" data-testid="rollout-gates" aria-labelledby="rollout-gates-title">
      <h2 id="rollout-gates-title">Gates</h2>
      <ErrorText error={error} />
      {results && results.length === 0 && (
        <p class="empty" data-testid="gates-empty">No gate measurements yet. While a wave is under way the engine measures its gates every few seconds;
          it judges the wave once its edges settled and the soak time passed.</p>
      )}
      {series.length > 0 && <div class="columns">{series.map((s) => <GateChartPanel series={s} />)}</div>}
      {judged.length > 0 && (
        <>
          <h3>Verdicts</h3>
          <table data-testid="gate-verdicts">
            <thead><tr><th>Wave</th><th>Gate</th><th>Metric</th><th>Value</th><th>Threshold</th><th>Result</th><th>Detail</th><th>At</th></tr></thead>
            <tbody>{judged.map((g) => (
              <tr><td>{g.wave}</td><td>{g.gate}</td><td>{g.metric}</td><td>{gateValue(g.metric, g.value)}</td><td>{thresholdText(g.metric, g.threshold)}</td>
                <td><Badge value={g.passed ? 'PASSED' : 'FAILED'} /></td><td class={g.passed ? '' : 'error'}>{g.detail ?? ''}</td><td>{dateTime(g.at)}</td></tr>
            ))}</tbody>
          </table>
        </>
      )}
      {!results && !error && <Progress />}
    </section>
  );
}

function GateChartPanel({ series }: { series: GateSeries }) {
  const last = series.latest;
  return (
    <div class="gate" data-testid={`gate-${series.metric}`}>
      <h3>{series.label} <span class="hint">{series.gate} gate · threshold {thresholdText(series.metric, last.threshold)}</span></h3>
      <p class="hint" data-testid={`gate-${series.metric}-latest`}>
        latest {gateValue(series.metric, last.value)} in wave {last.wave}, {last.passed ? 'passing' : 'failing'}{last.decisive ? ' (decisive)' : ''}
      </p>
      <ThresholdChart key={series.key} testId={`gate-chart-${series.metric}`} name={series.label} percent={series.metric === 'activePercent'}
        x={series.x} values={series.values} thresholds={series.thresholds} failed={series.failed} decisive={series.decisive} />
    </div>
  );
}

function Edges({ edges, error, agent }: { edges: RolloutEdge[] | null; error: string | null; agent: boolean }) {
  const waved = (edges ?? []).filter((e) => e.wave > 0);
  const skipped = (edges ?? []).filter((e) => e.wave === 0);
  return (
    <section class="panel" data-testid="rollout-edges" aria-labelledby="rollout-edges-title">
      <h2 id="rollout-edges-title">Edges</h2>
      <ErrorText error={error} />
      {!edges && !error && <Progress />}
      {edges && waved.length === 0 && <p class="hint">No edge in a wave.</p>}
      {waved.length > 0 && (
        <table>
          <thead><tr><th>Edge</th><th>Target</th><th>Wave</th><th>{agent ? 'Previous release' : 'Previous model'}</th><th>Status</th><th>Detail</th><th>Rollback</th></tr></thead>
          <tbody>{waved.map((e) => (
            <tr data-testid={`rollout-edge-${e.edgeId}`}>
              <td><Link to={`/edges/${e.edgeId}`}>{e.edgeName}</Link></td>
              <td>{e.target}</td>
              <td>{e.wave}</td>
              <td data-testid={`rollout-edge-previous-${e.edgeId}`}>{previousText(e, agent) ?? <span class="hint">none</span>}</td>
              <td data-testid={`rollout-edge-status-${e.edgeId}`}><Badge value={e.status ?? 'WAITING'} /></td>
              <td class={e.status === 'FAILED' || e.status === 'ROLLED_BACK' ? 'error' : ''}>{e.detail ?? ''}</td>
              <td>{e.rollbackStatus ? <Badge value={e.rollbackStatus} /> : e.rollbackDeploymentId != null ? `deployment #${e.rollbackDeploymentId}` : '—'}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {skipped.length > 0 && (
        <>
          <h3>Skipped ({skipped.length})</h3>
          <table data-testid="rollout-skipped">
            <thead><tr><th>Edge</th><th>Target</th><th>Why</th></tr></thead>
            <tbody>{skipped.map((e) => (
              <tr><td><Link to={`/edges/${e.edgeId}`}>{e.edgeName}</Link></td><td>{e.target}</td><td>{e.skippedReason ?? 'incompatible'}</td></tr>
            ))}</tbody>
          </table>
        </>
      )}
    </section>
  );
}

// ---- the plan form, shared by the model page and the stream page ----
/** Messages whose field the plan form (and, with `extra`, its host) does not show: listed rather than lost. */
function unplaced(errors: FormErrors, extra: string[], waves: number): [string, string][] {
  const shown = new Set([...PLAN_PATHS, ...extra, ...Array.from({ length: waves }, (_, i) => `waves.${i}`)]);
  return Object.entries(errors.fields).filter(([path]) => !shown.has(path));
}

export function PlanFields({ form, errors, onChange }: { form: PlanForm; errors: FormErrors; onChange: (f: PlanForm) => void }) {
  const set = <K extends keyof PlanForm>(key: K, value: PlanForm[K]) => onChange({ ...form, [key]: value });
  const setWave = (i: number, change: Partial<PlanForm['waves'][number]>) => set('waves', form.waves.map((w, j) => (j === i ? { ...w, ...change } : w)));
  const number = (key: keyof PlanForm, path: string, label: string, testId: string, help?: string, step = 'any') => (
    <Field label={label} path={path} errors={errors} help={help}>
      <input type="number" step={step} data-testid={testId} value={form[key] as string} aria-invalid={!!errors.fields[path]}
        onInput={(e) => set(key, e.currentTarget.value as never)} />
    </Field>
  );
  return (
    <div class="plan-fields" data-testid="plan-fields">
      <fieldset class="params" data-testid="plan-waves-editor">
        <legend>Waves</legend>
        <p class="hint lead">Edges go in id order, so the first wave (the canary) is the lowest ids; the last wave takes every edge left.</p>
        {errors.fields.waves && <p class="field-error" role="alert" data-testid="error-waves">{errors.fields.waves}</p>}
        {form.waves.map((w, i) => (
          <div class="inline wave-size">
            <Field label={`Wave ${i + 1}`} path={`waves.${i}`} errors={errors}>
              <input type="number" step="any" min={0} data-testid={`plan-wave-amount-${i}`} value={w.amount} aria-invalid={!!errors.fields[`waves.${i}`]}
                onInput={(e) => setWave(i, { amount: e.currentTarget.value })} />
            </Field>
            <label>Unit<select data-testid={`plan-wave-unit-${i}`} value={w.unit} onChange={(e) => setWave(i, { unit: e.currentTarget.value as WaveUnit })}>
              <option value="edges">edges</option><option value="percent">% of all edges</option></select></label>
            <button type="button" class="secondary" data-testid={`plan-wave-remove-${i}`} disabled={form.waves.length <= 1}
              onClick={() => set('waves', form.waves.filter((_, j) => j !== i))}>Remove</button>
          </div>
        ))}
        <button type="button" class="secondary" data-testid="plan-wave-add" disabled={form.waves.length >= MAX_WAVES}
          title={form.waves.length >= MAX_WAVES ? `At most ${MAX_WAVES} waves` : undefined}
          onClick={() => set('waves', [...form.waves, { amount: '100', unit: 'percent' }])}>Add wave</button>
      </fieldset>
      <div class="inline">
        {number('soakSeconds', 'soakSeconds', 'Soak (seconds)', 'plan-soak', "Watched after the wave's edges settled, before its gates are judged.", '1')}
        {number('waveTimeoutSeconds', 'waveTimeoutSeconds', 'Wave timeout (seconds)', 'plan-timeout', 'A wave whose edges have not settled by then is judged as it stands.', '1')}
      </div>
      <fieldset class="params" data-testid="plan-health-editor">
        <legend>Health gate (over every edge reached so far)</legend>
        <div class="inline">
          {number('minActivePercent', 'health.minActivePercent', 'At least ACTIVE (%)', 'plan-min-active', '0 to 100')}
          {number('maxFailed', 'health.maxFailed', 'At most failed (edges)', 'plan-max-failed', 'FAILED or ROLLED_BACK by their agent', '1')}
        </div>
      </fieldset>
      <fieldset class="params" data-testid="plan-quality-editor">
        <legend>Quality gate (optional)</legend>
        {errors.fields.quality && <p class="field-error" role="alert" data-testid="error-quality">{errors.fields.quality}</p>}
        <label class="check-label"><input type="checkbox" data-testid="plan-quality" checked={form.quality} onChange={(e) => set('quality', e.currentTarget.checked)} />
          Compare the wave's results on the new version with the previous version's (needs a soak of at least {MIN_QUALITY_SOAK} s)</label>
        {form.quality && (
          <div class="inline">
            {number('maxScoreDrop', 'quality.maxScoreDrop', 'Max mean score drop', 'plan-max-score-drop', '0 to 1, e.g. 0.05; empty: not checked')}
            {number('maxLowConfidenceIncrease', 'quality.maxLowConfidenceIncrease', 'Max low-confidence increase', 'plan-max-low-confidence', 'share, 0.05 = 5 points; empty: not checked')}
            {number('maxFailureRateIncrease', 'quality.maxFailureRateIncrease', 'Max failure-rate increase', 'plan-max-failure-rate', 'share, 0.05 = 5 points; empty: not checked')}
            {number('lowConfidenceThreshold', 'quality.lowConfidenceThreshold', 'Low confidence below', 'plan-low-confidence-threshold', 'score, 0 to 1')}
            {number('minResults', 'quality.minResults', 'Min results each side', 'plan-min-results', 'fewer: the gate cannot judge and fails', '1')}
          </div>
        )}
      </fieldset>
      <label class="check-label"><input type="checkbox" data-testid="plan-auto-rollback" checked={form.autoRollback}
        onChange={(e) => set('autoRollback', e.currentTarget.checked)} /> Roll back automatically when a gate fails</label>
    </div>
  );
}

// ---- starting a rollout of a model version or an agent release ----
export type RolloutSubject = { kind: 'model'; version: ModelVersion } | { kind: 'agent'; release: AgentRelease };

export function RolloutForm({ api, subject, onClose }: { api: Api; subject: RolloutSubject; onClose: () => void }) {
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Map<number, string>>(new Map());
  const [selection, setSelection] = useState<SelectionForm>(emptySelection);
  const [plan, setPlan] = useState<PlanForm>(canaryPlanForm);
  const [start, setStart] = useState(true);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [sending, setSending] = useState(false);
  const query = new URLSearchParams({ state: 'APPROVED', limit: '50' });
  if (search.trim()) query.set('search', search.trim());
  const edges = usePoll<Page<EdgeChoice>>(api, `/api/v1/edges?${query}`, null);
  const plugins = usePoll<PluginInfo[]>(api, ROLLOUT_API.targets, null);
  const targets = targetChoices(plugins.data);
  const toggle = (edge: EdgeChoice, on: boolean) => setChosen((previous) => {
    const next = new Map(previous);
    if (on) next.set(edge.id, edge.name); else next.delete(edge.id);
    return next;
  });
  const pickShown = () => setChosen((previous) => {
    const next = new Map(previous);
    for (const edge of edges.data?.items ?? []) next.set(edge.id, edge.name);
    return next;
  });
  const submit = async (e: Event) => {
    e.preventDefault();
    const ref: SubjectRef = subject.kind === 'model' ? { modelVersionId: subject.version.id } : { agentReleaseId: subject.release.id };
    const { request, errors: own } = rolloutRequest(ref, { ...selection, edgeIds: [...chosen.keys()] }, plan, start);
    if (!request) {
      setErrors({ detail: 'Some values need fixing before the rollout can start.', fields: own });
      return;
    }
    setSending(true);
    try {
      const created = await api.post<Rollout>(ROLLOUT_API.create, request);
      navigate(rolloutPath(created.id));
    } catch (failure) {
      setErrors(formErrors(failure));
      setSending(false);
    }
  };
  const others = unplaced(errors, ['edges', 'tagKey', 'tagValue', 'target', 'edgeIds'], plan.waves.length);
  return (
    <form class="panel rollout-form" onSubmit={submit} noValidate aria-labelledby="rollout-form-title" data-testid="rollout-form">
      <h2 id="rollout-form-title" data-testid="rollout-form-subject">Roll out {subject.kind === 'model' ? `${subject.version.name}:${subject.version.version}` : `agent ${subject.release.version}`}</h2>
      <p class="hint lead">Pick edges, give a tag, choose a deployment target, or several: the rollout takes every approved edge any of them names, wave by wave.</p>
      {subject.kind === 'agent' && <p class="hint lead">Agent releases reach agents that pull from the server (target edge-agent); edges of other targets, and
        edges that run this release already, are skipped with the reason.</p>}
      {errors.detail && <p class="error" role="alert" data-testid="rollout-form-error">{errors.detail}</p>}
      {others.length > 0 && <ul class="error" data-testid="rollout-form-other-errors">{others.map(([path, text]) => <li><code>{path}</code> {text}</li>)}</ul>}
      <fieldset class="params" data-testid="rollout-selection">
        <legend>Edges</legend>
        {(errors.fields.edges || errors.fields.edgeIds) && <p class="field-error" role="alert" data-testid="error-edges">{errors.fields.edges ?? errors.fields.edgeIds}</p>}
        <label>Search approved edges<input type="search" value={search} placeholder="name, location, description" data-testid="rollout-search"
          onInput={(e) => setSearch(e.currentTarget.value)} /></label>
        <ErrorText error={edges.error} />
        <div class="picker" data-testid="rollout-edges-picker">
          {edges.data && edges.data.items.length === 0 && <p class="hint">No approved edge matches.</p>}
          {edges.data?.items.map((edge) => (
            <label class="check">
              <input type="checkbox" data-testid={`rollout-edge-pick-${edge.id}`} checked={chosen.has(edge.id)} onChange={(e) => toggle(edge, e.currentTarget.checked)} />
              <span class="grow">{edge.name}{edge.location && <span class="hint"> · {edge.location}</span>}</span>
              <span class="hint">{edge.target ?? ''}</span>
              <Badge value={edge.connection} />
              <span class="hint">{edge.modelVersion ?? 'no model'}</span>
              <span>{Object.entries(edge.tags ?? {}).map(([k, val]) => <span class="tag">{k}={val}</span>)}</span>
            </label>
          ))}
          {!edges.data && !edges.error && <Progress />}
        </div>
        <p class="actions">
          <span data-testid="rollout-picked">{chosen.size === 0 ? 'No edge picked.' : `${chosen.size} picked: ${[...chosen.values()].slice(0, 5).join(', ')}${chosen.size > 5 ? '…' : ''}`}</span>
          <button type="button" class="secondary" data-testid="rollout-pick-shown" onClick={pickShown} disabled={!edges.data?.items.length}>Pick all shown</button>
          <button type="button" class="secondary" onClick={() => setChosen(new Map())} disabled={chosen.size === 0}>Clear</button>
        </p>
        <div class="inline">
          <Field label="And every approved edge with tag" path="tagKey" errors={errors}>
            <input value={selection.tagKey} placeholder="key, e.g. site" maxLength={64} data-testid="rollout-tag-key"
              onInput={(e) => setSelection({ ...selection, tagKey: e.currentTarget.value })} />
          </Field>
          <Field label="Tag value (optional)" path="tagValue" errors={errors}>
            <input value={selection.tagValue} placeholder="value, e.g. plant-1" maxLength={256} data-testid="rollout-tag-value"
              onInput={(e) => setSelection({ ...selection, tagValue: e.currentTarget.value })} />
          </Field>
          <Field label="And every approved edge of target" path="target" errors={errors}>
            <select data-testid="rollout-target" value={selection.target} onChange={(e) => setSelection({ ...selection, target: e.currentTarget.value })}>
              <option value="">none</option>
              {targets.map((t) => <option value={t.id}>{t.label}</option>)}
            </select>
          </Field>
        </div>
      </fieldset>
      <PlanFields form={plan} errors={errors} onChange={setPlan} />
      <p>
        <label class="check-label"><input type="checkbox" data-testid="rollout-start-now" checked={start} onChange={(e) => setStart(e.currentTarget.checked)} />
          Start now (otherwise it stays PLANNED until someone starts it)</label>
      </p>
      <span class="actions">
        <button type="submit" data-testid="rollout-submit" disabled={sending}>{sending ? 'Creating…' : start ? 'Start rollout' : 'Plan rollout'}</button>
        <button type="button" class="secondary" onClick={onClose}>Close</button>
      </span>
    </form>
  );
}

// ---- a stream's rollout plan ----
export function StreamRolloutPlan({ api, streamId, canEdit }: { api: Api; streamId: number; canEdit: boolean }) {
  const path = ROLLOUT_API.streamPlan(streamId);
  const { data, error, reload } = usePoll<RolloutPlan>(api, path, null);
  const [form, setForm] = useState<PlanForm | null>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [message, setMessage] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    if (!form) return;
    const { plan, errors: own } = planRequest(form);
    if (!plan) {
      setErrors({ detail: 'Some values need fixing before the plan can be saved.', fields: own });
      return;
    }
    setSending(true);
    try {
      await api.put<RolloutPlan>(path, plan);
      setForm(null);
      setErrors(NO_ERRORS);
      setMessage('Saved: the next deployment of this stream follows this plan.');
      reload();
    } catch (failure) {
      setErrors(formErrors(failure));
    } finally {
      setSending(false);
    }
  };
  const reset = async () => {
    setSending(true);
    try {
      await api.del(path);
      setForm(null);
      setErrors(NO_ERRORS);
      setMessage('Reset: deployments of this stream go to all its target edges at once.');
      reload();
    } catch (failure) {
      setErrors(formErrors(failure));
    } finally {
      setSending(false);
    }
  };
  const others = unplaced(errors, [], form?.waves.length ?? 0);
  return (
    <section class="panel" data-testid="stream-rollout-plan" aria-labelledby="stream-rollout-plan-title">
      <header class="panel-head">
        <h2 id="stream-rollout-plan-title">Rollout plan</h2>
        {canEdit && data && !form && (
          <span class="actions">
            <button type="button" class="secondary" data-testid="stream-plan-edit" onClick={() => { setForm(formFromPlan(data)); setMessage(null); }}>Edit</button>
            <button type="button" class="secondary" data-testid="stream-plan-reset" disabled={sending || isOneWave(data)}
              title={isOneWave(data) ? 'The stream already uses the default' : undefined} onClick={reset}>Reset to one wave</button>
          </span>
        )}
      </header>
      <p class="hint lead">How "Deploy to targets" rolls a version of this stream out.</p>
      <ErrorText error={error} />
      {!data && !error && <Progress />}
      {data && isOneWave(data) && <p data-testid="stream-plan-default">The default: all target edges at once, like a direct assignment.</p>}
      {data && <PlanSummary plan={data} />}
      {data && !canEdit && <p class="hint">Changing it needs the MANAGER role.</p>}
      {message && <p role="status" data-testid="stream-plan-message">{message}</p>}
      {form && (
        <form onSubmit={save} noValidate data-testid="stream-plan-form">
          {errors.detail && <p class="error" role="alert" data-testid="stream-plan-error">{errors.detail}</p>}
          {others.length > 0 && <ul class="error">{others.map(([p, text]) => <li><code>{p}</code> {text}</li>)}</ul>}
          <PlanFields form={form} errors={errors} onChange={setForm} />
          <span class="actions">
            <button type="submit" data-testid="stream-plan-save" disabled={sending}>{sending ? 'Saving…' : 'Save plan'}</button>
            <button type="button" class="secondary" onClick={() => { setForm(null); setErrors(NO_ERRORS); }}>Cancel</button>
          </span>
        </form>
      )}
    </section>
  );
}
