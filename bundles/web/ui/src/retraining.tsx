// The closed loop of a stream, on its page: the retraining policy (which alert rules start a retraining, what is
// imported, whether it waits for relabeling, the metric gate, approval, cooldown) in words for everyone and as a form
// for managers, "Start now", and the stream's retrainings, each as a pipeline from import to rollout with what it
// created, its steps, and Stop / Continue / Approve where they apply. The rules live in retrainingLogic.ts.
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Api, type Role } from './api';
import { ALERT_API, alertPath, tabPath, type AlertRule } from './alertLogic';
import { API as DATASETS, type DatasetVersion } from './datasetLogic';
import { badgeClass, dateTime, relativeTime } from './format';
import { API as MODELS, versionPath, type ModelVersion } from './registry';
import { rolloutPath } from './rolloutLogic';
import { can } from './roles';
import {
  anyUnfinished, describePolicy, formFromPolicy, isFinished, LIST_LIMIT, LIVE_MS, pipeline, policyRequest, RETRAINING_API, retrainingActions,
  ruleName, sameForm, startAllowed, STATUS_TEXT, toggleRule, triggerChoices, unplacedPolicyErrors, waitingText, withDetail, withStarted,
  MAX_COOLDOWN_MINUTES, MAX_ITEMS, type Retraining, type RetrainingForm, type RetrainingPolicy,
} from './retrainingLogic';
import { fieldError, formErrors, NO_ERRORS, type FormErrors, type Stream, type TrainingRun } from './streamLogic';
import { Badge, ErrorText, Field, FormProblems, Link, POLL_MS, Progress, usePoll } from './widgets';

/** The stream's policy: undefined while it is read, null when the stream has none (the server answers {policy: null}). */
function usePolicy(api: Api, streamId: number) {
  const [state, setState] = useState<{ policy: RetrainingPolicy | null | undefined; error: string | null }>({ policy: undefined, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let stopped = false;
    api.get<{ policy: RetrainingPolicy | null }>(RETRAINING_API.policy(streamId)).then(
      (view) => { if (!stopped) setState({ policy: view?.policy ?? null, error: null }); },
      (e: unknown) => { if (!stopped) setState((s) => ({ policy: s.policy, error: (e as Error).message })); });
    return () => { stopped = true; };
  }, [streamId, tick]);
  return { ...state, reload: () => setTick((t) => t + 1), set: (policy: RetrainingPolicy | null) => setState({ policy, error: null }) };
}

/**
 * The Retraining panels of a stream's page. `runs` are the stream's runs (to name a retraining's run and model version),
 * `metrics` the solution's (offered for the gate), `onShowRun` opens a run on the page.
 */
export function RetrainingPanel({ api, role, stream, runs, metrics, onShowRun }: {
  api: Api; role: Role; stream: Stream; runs: TrainingRun[]; metrics: string[]; onShowRun: (runId: number) => void;
}) {
  const manager = can.manageRetraining(role);
  const policy = usePolicy(api, stream.id);
  const rules = usePoll<AlertRule[]>(api, ALERT_API.rules, null);
  const [started, setStarted] = useState<Retraining | null>(null);
  const [live, setLive] = useState(false);
  const list = usePoll<Retraining[]>(api, RETRAINING_API.list(stream.id), live ? LIVE_MS : POLL_MS);
  const all = withStarted(list.data ?? [], started);
  const unfinished = anyUnfinished(all);
  useEffect(() => setLive(unfinished), [unfinished]);

  return (
    <>
      <section class="panel retraining-policy" data-testid="retraining-policy" aria-labelledby="retraining-policy-title">
        <h2 id="retraining-policy-title">Retraining</h2>
        <p class="hint lead">The closed loop: when one of the chosen alert rules fires, the samples behind the alert are imported
          from the edges into the stream's dataset, optionally relabeled, the dataset is published, the stream retrains, and the new
          version — if it passes the metric gate and is approved — is rolled out with the stream's rollout plan.</p>
        <ErrorText error={policy.error} />
        {policy.policy === undefined && !policy.error && <Progress />}
        {policy.policy === null && <p data-testid="retraining-unset">No retraining policy: this stream retrains only when someone trains it (or on its schedule).</p>}
        {policy.policy && (
          <dl class="wide retraining-current" data-testid="retraining-current">
            {describePolicy(policy.policy, rules.data).map((line) => <><dt>{line.label}</dt><dd data-testid={`retraining-current-${line.label.toLowerCase().replace(/\W+/g, '-')}`}>{line.text}</dd></>)}
          </dl>
        )}
        {!manager && policy.policy !== undefined && <p class="hint">Changing it needs the MANAGER role.</p>}
        {manager && policy.policy !== undefined && (
          <PolicyForm api={api} stream={stream} policy={policy.policy} rules={rules.data} rulesError={rules.error} onReloadRules={rules.reload}
            metrics={metrics} onSaved={policy.set} />
        )}
      </section>
      <section class="panel retrainings" data-testid="retrainings" aria-labelledby="retrainings-title">
        <header class="panel-head">
          <h2 id="retrainings-title">Retrainings {unfinished && <span class="hint">refreshing every {LIVE_MS / 1000} s</span>}</h2>
          {manager && <StartNow api={api} stream={stream} policy={policy.policy} rules={rules.data} list={all}
            onStarted={(r) => { setStarted(r); setLive(true); list.reload(); }} />}
        </header>
        <ErrorText error={list.error} />
        {!list.data && !list.error && <Progress />}
        {list.data && all.length === 0 && <p class="empty" data-testid="retrainings-empty">No retraining yet.{' '}
          {policy.policy ? 'One starts when a chosen rule fires' + (manager ? ', or with Start now.' : '.') : 'Set a policy to start them.'}</p>}
        {all.map((r, i) => (
          <RetrainingCard key={r.id} api={api} role={role} stream={stream} item={r} runs={runs} first={i === 0} onShowRun={onShowRun}
            onChanged={() => list.reload()} />
        ))}
        {list.data && list.data.length >= LIST_LIMIT && <p class="hint">The newest {LIST_LIMIT} retrainings.</p>}
      </section>
    </>
  );
}

// ---- the policy form ----
function PolicyForm({ api, stream, policy, rules, rulesError, onReloadRules, metrics, onSaved }: {
  api: Api; stream: Stream; policy: RetrainingPolicy | null; rules: AlertRule[] | null; rulesError: string | null; onReloadRules: () => void;
  metrics: string[]; onSaved: (policy: RetrainingPolicy | null) => void;
}) {
  const [form, setForm] = useState<RetrainingForm>(() => formFromPolicy(policy));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [message, setMessage] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const sources = usePoll<string[]>(api, DATASETS.sources, null);
  // the form follows the stored policy (saved or removed here) until someone types in it
  const baseline = useRef(formFromPolicy(policy));
  useEffect(() => {
    const next = formFromPolicy(policy);
    setForm((current) => (sameForm(current, baseline.current) ? next : current));
    baseline.current = next;
  }, [policy]);

  const set = <K extends keyof RetrainingForm>(key: K, value: RetrainingForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setMessage(null);
    // a field's message goes once the field is edited
    setErrors((e) => (e.fields[key] ? { ...e, fields: Object.fromEntries(Object.entries(e.fields).filter(([k]) => k !== key)) } : e));
  };
  const toggle = (id: number, on: boolean) => {
    setForm((f) => toggleRule(f, id, on));
    setMessage(null);
    setErrors((e) => (e.fields.triggerRuleIds ? { ...e, fields: Object.fromEntries(Object.entries(e.fields).filter(([k]) => k !== 'triggerRuleIds')) } : e));
  };

  const save = async (e: Event) => {
    e.preventDefault();
    const { request, errors: own } = policyRequest(form);
    if (!request) {
      setMessage(null);
      setErrors({ detail: 'Some values need fixing before the policy can be saved.', fields: own });
      return;
    }
    setSending(true);
    try {
      const saved = (await api.put<{ policy: RetrainingPolicy }>(RETRAINING_API.policy(stream.id), request)).policy;
      setErrors(NO_ERRORS);
      baseline.current = formFromPolicy(saved);
      setForm(formFromPolicy(saved));
      onSaved(saved);
      setMessage(saved.enabled ? 'Saved: the chosen rules start retrainings of this stream.' : 'Saved, switched off: alerts start no retraining.');
    } catch (failure) {
      setMessage(null);
      setErrors(formErrors(failure));
    } finally {
      setSending(false);
    }
  };
  const remove = async () => {
    setSending(true);
    try {
      await api.del(RETRAINING_API.policy(stream.id));
      setErrors(NO_ERRORS);
      baseline.current = formFromPolicy(null);
      setForm(formFromPolicy(null));
      onSaved(null);
      setMessage('Removed: no alert starts a retraining of this stream; retrainings under way go on.');
    } catch (failure) {
      setMessage(null);
      setErrors(formErrors(failure));
    } finally {
      setSending(false);
    }
  };

  const choices = rules ? triggerChoices(rules, stream.name, form.triggerRuleIds) : [];
  const offered = choices.filter((c) => c.problem == null);
  const sourceList = sources.data ?? [];
  const others = unplacedPolicyErrors(errors.fields);
  const changed = !sameForm(form, formFromPolicy(policy));
  const invalid = (path: string) => !!fieldError(errors, path);
  return (
    <form class="retraining-form" onSubmit={save} noValidate data-testid="retraining-form" aria-label="Retraining policy of this stream">
      <FormProblems errors={errors} others={others} testId="retraining" />
      <Field label={<span class="check-label"><input type="checkbox" data-testid="retraining-enabled" checked={form.enabled}
        onChange={(e) => set('enabled', e.currentTarget.checked)} /> On: alerts of the chosen rules start retrainings</span>} path="enabled" errors={errors}
        help="Off keeps the policy (and Start now) without starting anything by itself.">{null}</Field>
      <fieldset class="params" data-testid="retraining-rules">
        <legend>Started by these alert rules</legend>
        {fieldError(errors, 'triggerRuleIds') && <p class="field-error" role="alert" data-testid="error-triggerRuleIds">{fieldError(errors, 'triggerRuleIds')}</p>}
        <ErrorText error={rulesError} />
        {!rules && !rulesError && <p class="hint">Reading the rules…</p>}
        {rules && offered.length === 0 && (
          <p class="notice" data-testid="retraining-no-rules">No drift, low-confidence-rate or failure-rate rule exists yet: create one under{' '}
            <Link to={tabPath('rules')}>Alerts → Rules</Link> (for this stream's model version, or the whole fleet), then read the rules again.</p>
        )}
        {choices.length > 0 && (
          <div class="picker">
            {choices.map((c) => (
              <label class="check">
                <input type="checkbox" data-testid={`retraining-rule-${c.id}`} checked={form.triggerRuleIds.includes(c.id)}
                  onChange={(e) => toggle(c.id, e.currentTarget.checked)} />
                <span class="grow">{c.name} <span class="hint">{c.detail}{c.otherModel ? ' · another model: its samples would be imported into this dataset' : ''}</span></span>
                {c.problem && <span class="field-error">{c.problem}</span>}
              </label>
            ))}
          </div>
        )}
        <p class="hint">Drift, low-confidence-rate and failure-rate rules can start a retraining; its import takes the samples of the
          rule's model version (the stream's newest for a fleet-wide rule) in the rule's window.{' '}
          <button type="button" class="link" data-testid="retraining-rules-reload" onClick={onReloadRules}>Read the rules again</button></p>
      </fieldset>
      <div class="inline">
        <Field label="Import from" path="source" errors={errors} help="The data source the samples come from: 'edges' reads what edges sent back (their data collection policy decides what that is).">
          <select data-testid="retraining-source" value={form.source} aria-busy={!sources.data} aria-invalid={invalid('source')}
            onChange={(e) => set('source', e.currentTarget.value)}>
            {!sourceList.includes(form.source) && <option value={form.source}>{form.source}{sources.data ? ' (not installed)' : ''}</option>}
            {sourceList.map((s) => <option value={s}>{s}</option>)}
          </select>
        </Field>
        <Field label="Samples scoring at most (optional)" path="maxScore" errors={errors} help="0 to 1. Empty: a low-confidence rule's own score, otherwise any score.">
          <input type="number" step="any" min={0} max={1} data-testid="retraining-max-score" value={form.maxScore} placeholder="any"
            aria-invalid={invalid('maxScore')} onInput={(e) => set('maxScore', e.currentTarget.value)} />
        </Field>
        <Field label="At most samples" path="maxItems" errors={errors} help={`1 to ${MAX_ITEMS.toLocaleString('en')}.`}>
          <input type="number" step={1} min={1} max={MAX_ITEMS} data-testid="retraining-max-items" value={form.maxItems} placeholder="5000"
            aria-invalid={invalid('maxItems')} onInput={(e) => set('maxItems', e.currentTarget.value)} />
        </Field>
      </div>
      <Field label={<span class="check-label"><input type="checkbox" data-testid="retraining-wait-labels" checked={form.waitForLabels}
        onChange={(e) => set('waitForLabels', e.currentTarget.checked)} /> Wait for relabeling before training</span>} path="waitForLabels" errors={errors}
        help="The retraining stops after the import until someone relabels the samples in the dataset and presses Continue; otherwise they keep the labels the model predicted.">{null}</Field>
      <fieldset class="params" data-testid="retraining-gate">
        <legend>Gate: the new version must reach</legend>
        <div class="inline">
          <Field label="Metric (optional)" path="gateMetric" errors={errors} help={metrics.length ? `This solution reports ${metrics.join(', ')}.` : 'As the training report names it, e.g. accuracy.'}>
            <input data-testid="retraining-gate-metric" list="retraining-metrics" value={form.gateMetric} maxLength={64} placeholder="none"
              aria-invalid={invalid('gateMetric')} onInput={(e) => set('gateMetric', e.currentTarget.value)} />
            <datalist id="retraining-metrics">{metrics.map((m) => <option value={m} />)}</datalist>
          </Field>
          <Field label="At least" path="gateMinValue" errors={errors} help="The metric's lowest value that passes.">
            <input type="number" step="any" data-testid="retraining-gate-min" value={form.gateMinValue} placeholder="e.g. 0.9"
              aria-invalid={invalid('gateMinValue')} onInput={(e) => set('gateMinValue', e.currentTarget.value)} />
          </Field>
          <Field label="At most below the version it replaces" path="gateMaxDrop" errors={errors} help="0 or more: how much worse than the version the alert was about.">
            <input type="number" step="any" min={0} data-testid="retraining-gate-max-drop" value={form.gateMaxDrop} placeholder="e.g. 0.02"
              aria-invalid={invalid('gateMaxDrop')} onInput={(e) => set('gateMaxDrop', e.currentTarget.value)} />
          </Field>
        </div>
      </fieldset>
      <div class="inline">
        <Field label={<span class="check-label"><input type="checkbox" data-testid="retraining-auto-approve" checked={form.autoApprove}
          onChange={(e) => set('autoApprove', e.currentTarget.checked)} /> Approve automatically when it passes the gate</span>} path="autoApprove" errors={errors}
          help="Otherwise the new version waits for a person's approval before it is rolled out.">{null}</Field>
        <Field label="Cooldown (minutes)" path="cooldownMinutes" errors={errors} help={`At most one retraining per this many minutes; 0 to ${MAX_COOLDOWN_MINUTES}.`}>
          <input type="number" step={1} min={0} max={MAX_COOLDOWN_MINUTES} data-testid="retraining-cooldown" value={form.cooldownMinutes} placeholder="60"
            aria-invalid={invalid('cooldownMinutes')} onInput={(e) => set('cooldownMinutes', e.currentTarget.value)} />
        </Field>
      </div>
      <span class="actions">
        <button type="submit" data-testid="retraining-save" disabled={sending}>{sending ? 'Saving…' : 'Save'}</button>
        <button type="button" class="secondary" data-testid="retraining-remove" disabled={sending || !policy}
          title={policy ? undefined : 'The stream has no policy'} onClick={remove}>Remove</button>
        {changed && policy && <span class="hint">Unsaved changes; Start now uses the saved policy.</span>}
        {message && <span role="status" data-testid="retraining-policy-message">{message}</span>}
      </span>
    </form>
  );
}

/** "Start now": as if a rule of the policy had fired (the first, or the one picked), its window ending now. */
function StartNow({ api, stream, policy, rules, list, onStarted }: {
  api: Api; stream: Stream; policy: RetrainingPolicy | null | undefined; rules: AlertRule[] | null; list: Retraining[];
  onStarted: (r: Retraining) => void;
}) {
  const [ruleId, setRuleId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const allowed = startAllowed(policy, list);
  const triggers = policy?.triggerRuleIds ?? [];
  const chosen = ruleId != null && triggers.includes(ruleId) ? ruleId : null;
  const start = async () => {
    setBusy(true);
    try {
      const started = await api.post<Retraining>(RETRAINING_API.start(stream.id), chosen != null ? { ruleId: chosen } : {});
      setError(null);
      onStarted(started);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="actions retraining-start">
      {triggers.length > 1 && (
        <label class="inline-label">as if
          <select data-testid="retraining-start-rule" value={chosen == null ? '' : String(chosen)} onChange={(e) => setRuleId(e.currentTarget.value ? Number(e.currentTarget.value) : null)}>
            <option value="">{ruleName(triggers[0], rules)} (the first)</option>
            {triggers.slice(1).map((id) => <option value={String(id)}>{ruleName(id, rules)}</option>)}
          </select> fired</label>
      )}
      <button type="button" data-testid="retraining-start" disabled={busy || !allowed.allowed} title={allowed.reason ?? undefined} onClick={start}>
        {busy ? 'Starting…' : 'Start now'}</button>
      {error && <span class="error" role="alert" data-testid="retraining-start-error">{error}</span>}
    </span>
  );
}

// ---- one retraining ----
function RetrainingCard({ api, role, stream, item, runs, first, onShowRun, onChanged }: {
  api: Api; role: Role; stream: Stream; item: Retraining; runs: TrainingRun[]; first: boolean; onShowRun: (runId: number) => void;
  onChanged: () => void;
}) {
  const [open, setOpen] = useState<boolean | null>(null);
  const expanded = open ?? first;
  // the steps come with the retraining itself: read when shown, and again whenever the list shows it changed
  const detail = usePoll<Retraining>(api, expanded ? RETRAINING_API.retraining(item.id) : null, null);
  const seen = useRef(`${item.state} ${item.updatedAt}`);
  useEffect(() => {
    const now = `${item.state} ${item.updatedAt}`;
    if (now !== seen.current && expanded) detail.reload();
    seen.current = now;
  }, [item.state, item.updatedAt]);
  const r = withDetail(item, detail.data);
  const stages = pipeline(r);
  const actions = retrainingActions(r, role);
  const [confirmStop, setConfirmStop] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (what: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await what();
      setError(null);
      setConfirmStop(false);
      onChanged();
      if (expanded) detail.reload();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const finished = isFinished(r.state);
  const waiting = waitingText(r);
  const id = r.id;
  return (
    <article class={`retraining-card${finished ? '' : ' unfinished'}`} data-testid={`retraining-${id}`} aria-labelledby={`retraining-${id}-title`}>
      <header class="retraining-head">
        <h3 id={`retraining-${id}-title`}>Retraining #{id}</h3>
        <Badge value={r.state} testId={`retraining-state-${id}`} />
        <span class="hint">started {relativeTime(r.createdAt)} by {r.createdBy}{r.finishedAt ? ` · ended ${relativeTime(r.finishedAt)}` : ''}</span>
        <span class="actions">
          {actions.proceed && <button type="button" data-testid={`retraining-proceed-${id}`} disabled={busy}
            onClick={() => act(() => api.post(RETRAINING_API.proceed(id)))}>Continue</button>}
          {actions.approve && <button type="button" data-testid={`retraining-approve-${id}`} disabled={busy}
            onClick={() => act(() => api.put<ModelVersion>(MODELS.stage(r.modelVersionId!), { stage: 'APPROVED' }))}>Approve and roll out</button>}
          {actions.stop && !confirmStop && <button type="button" class="secondary danger" data-testid={`retraining-stop-${id}`} disabled={busy}
            onClick={() => setConfirmStop(true)}>Stop</button>}
        </span>
      </header>
      {confirmStop && actions.stop && (
        <p class="notice" role="alertdialog" data-testid={`retraining-stop-confirm-${id}`}>
          Stop retraining #{id}? What it runs now (an import, a training run, a rollout) is cancelled; edges keep the model they run.{' '}
          <span class="actions">
            <button type="button" data-testid={`retraining-stop-yes-${id}`} disabled={busy} onClick={() => act(() => api.post(RETRAINING_API.stop(id)))}>Stop it</button>
            <button type="button" class="secondary" onClick={() => setConfirmStop(false)}>Let it go on</button>
          </span>
        </p>
      )}
      <ol class="stepper" aria-label={`Where retraining #${id} stands`} data-testid={`retraining-stages-${id}`}>
        {stages.map((s) => (
          <li class={`stage stage-${s.status}`} data-testid={`retraining-${id}-stage-${s.id}`} data-status={s.status}
            aria-current={s.status === 'current' || s.status === 'waiting' ? 'step' : undefined}>
            <span class="dot" aria-hidden="true">{s.status === 'done' ? '✓' : s.status === 'failed' ? '✕' : s.status === 'stopped' ? '■' : ''}</span>
            <span class="stage-label">{s.label}</span>
            {STATUS_TEXT[s.status] && <span class="stage-status">{STATUS_TEXT[s.status]}</span>}
          </li>
        ))}
      </ol>
      {r.message && <p class={r.state === 'FAILED' ? 'error' : ''} data-testid={`retraining-message-${id}`}>{r.message}</p>}
      {waiting && !finished && <p class="notice" data-testid={`retraining-waiting-${id}`}>{waiting}
        {r.state === 'AWAITING_LABELS' && <> <Link to={`/datasets/${stream.datasetId}`}>Open {stream.datasetName}</Link></>}
        {r.state === 'AWAITING_APPROVAL' && r.modelVersionId != null && <> <Link to={versionPath(stream.name, r.modelVersionId)}>Open the version</Link></>}</p>}
      <ErrorText error={error} />
      <p class="retraining-trigger" data-testid={`retraining-trigger-${id}`}><span class="hint">Trigger: </span>{r.trigger}
        {r.alertId != null && <> · <Link to={alertPath(r.alertId)} testId={`retraining-alert-${id}`}>alert #{r.alertId}</Link></>}</p>
      <Created api={api} stream={stream} r={r} runs={runs} onShowRun={onShowRun} />
      {Object.keys(r.importOptions ?? {}).length > 0 && (
        <p class="hint">Imported with {Object.entries(r.importOptions).map(([k, v]) => <span class="tag">{k}={v}</span>)}</p>
      )}
      <button type="button" class="link" data-testid={`retraining-steps-toggle-${id}`} aria-expanded={expanded} onClick={() => setOpen(!expanded)}>
        {expanded ? 'Hide the steps' : 'Show the steps'}</button>
      {expanded && (
        <div class="retraining-steps">
          <ErrorText error={detail.error} />
          {!detail.data && !detail.error && <Progress />}
          {detail.data && r.steps.length === 0 && <p class="hint">No step recorded yet.</p>}
          {r.steps.length > 0 && (
            <ol class="timeline" data-testid={`retraining-steps-${id}`}>{r.steps.map((s, i) => (
              <li data-testid={`retraining-step-${id}-${i}`}>
                <span class={badgeClass(s.state)}>{s.state}</span>{' '}
                <span class="hint" title={dateTime(s.at)}>{dateTime(s.at)}</span>
                <div>{s.message ?? ''}</div>
              </li>
            ))}</ol>
          )}
        </div>
      )}
    </article>
  );
}

/** What the retraining created, each linked to its page: import job and items, dataset version, run, model version, rollout. */
function Created({ api, stream, r, runs, onShowRun }: { api: Api; stream: Stream; r: Retraining; runs: TrainingRun[]; onShowRun: (runId: number) => void }) {
  const versions = usePoll<DatasetVersion[]>(api, r.datasetVersionId != null ? DATASETS.versions(stream.datasetId) : null, null);
  // a version published after the list was read: read it again, once per version
  const asked = useRef<number | null>(null);
  useEffect(() => {
    if (r.datasetVersionId == null || !versions.data || versions.data.some((v) => v.id === r.datasetVersionId) || asked.current === r.datasetVersionId) return;
    asked.current = r.datasetVersionId;
    versions.reload();
  }, [versions.data, r.datasetVersionId]);
  const run = runs.find((x) => x.id === r.trainingRunId);
  const modelName = runs.find((x) => x.modelVersionId != null && x.modelVersionId === r.modelVersionId)?.modelVersion;
  const datasetVersion = versions.data?.find((v) => v.id === r.datasetVersionId);
  const id = r.id;
  const parts = [
    r.importJobId != null && (
      <span>import job #{r.importJobId} into <Link to={`/datasets/${stream.datasetId}`} testId={`retraining-${id}-dataset`}>{stream.datasetName}</Link>
        {r.importedItems != null && <> ({r.importedItems} {r.importedItems === 1 ? 'sample' : 'samples'})</>}</span>
    ),
    r.datasetVersionId != null && (
      <span>dataset <Link to={`/datasets/${stream.datasetId}`} testId={`retraining-${id}-dataset-version`}>
        {datasetVersion ? `${stream.datasetName} v${datasetVersion.number}` : `version #${r.datasetVersionId}`}</Link></span>
    ),
    r.trainingRunId != null && (
      <span>{run
        ? <button type="button" class="link" data-testid={`retraining-${id}-run`} onClick={() => onShowRun(run.id)}>run #{run.number}</button>
        : `training run #${r.trainingRunId}`}{run && <> <Badge value={run.state} /></>}</span>
    ),
    r.modelVersionId != null && (
      <span>model <Link to={versionPath(stream.name, r.modelVersionId)} testId={`retraining-${id}-model`}>{modelName ? `${stream.name}:${modelName}` : `version #${r.modelVersionId}`}</Link>
        {r.replacesVersion && <span class="hint"> replacing {r.replacesVersion}</span>}</span>
    ),
    r.rolloutId != null && <span><Link to={rolloutPath(r.rolloutId)} testId={`retraining-${id}-rollout`}>rollout #{r.rolloutId}</Link></span>,
  ].filter(Boolean);
  if (parts.length === 0) return r.replacesVersion ? <p class="hint">Replaces {r.replacesVersion}.</p> : null;
  return (
    <p class="retraining-created" data-testid={`retraining-created-${id}`}><span class="hint">Created: </span>
      {parts.map((p, i) => <>{i > 0 && ' · '}{p}</>)}
      {r.modelVersionId == null && r.replacesVersion && <span class="hint"> · replaces {r.replacesVersion}</span>}</p>
  );
}
