// Alerting: the Alerts page with its tabs (the alerts, fired per hour and acted on; the rules that raise them; the
// channels that carry them) and one alert's page with its timeline and delivery log. The rules live in alertLogic.ts.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, type Api, type Page, type Role } from './api';
import { CountChart } from './chart';
import { dateTime, relativeTime } from './format';
import { can } from './roles';
import {
  ALERT_API, ALERT_KINDS, alertActions, alertBadgeClass, alertPath, attemptText, CHANNEL_TEXT, CHANNEL_TYPES, channelRequest, channelTarget,
  conditionText, DRIFT_MIN_SAMPLES, emptyChannelForm, eventText, emptyRuleForm, firedPerHour, formFromRule, isEventKind, isOpen, KIND_TEXT, kindFields,
  kindLabel, PSI_MAX, PSI_MIN, remindersText, ruleRequest, ruleUpdate, SCOPE_TEXT, scopeLabel, scopesFor, scopeText, SILENCE_CHOICES,
  silenceRequest, stateDetail, subjectPath, tabPath, testResultText, valueText, withKind, type Alert, type AlertEvent, type AlertKind,
  type AlertRule, type AlertTab, type ChannelForm, type ChannelTestResult, type ChannelType, type Delivery, type KindFields,
  type NotificationChannel, type RuleForm, type Scope,
} from './alertLogic';
import { lazyPage } from './lazy';
import { formErrors, NO_ERRORS } from './streamLogic';
import { Badge, ErrorText, Field, FormProblems, Link, navigate, Pager, Progress, useFormState, usePoll } from './widgets';

interface EdgeChoice { id: number; name: string; location?: string }

/** The alerts the chart counts: the newest this many, of every state. */
const CHART_LIMIT = 500;
/** Hourly bars need no 5 s freshness, and this page of alerts is the largest the console asks for. */
const CHART_POLL_MS = 30_000;
const TABS: { tab: AlertTab; label: string }[] = [
  { tab: 'alerts', label: 'Alerts' }, { tab: 'summary', label: 'Daily summary' }, { tab: 'rules', label: 'Rules' }, { tab: 'channels', label: 'Channels' },
];
/** The daily summary tab: a chunk of its own, loaded when first opened. */
const DailySummary = lazyPage(() => import('./summaries').then((m) => m.DailySummaryTab));

export function StateBadge({ value, testId }: { value: string; testId?: string }) {
  return <span class={alertBadgeClass(value)} data-testid={testId}>{value}</span>;
}

// ---- the page and its tabs ----
export function Alerts({ api, role, tab }: { api: Api; role: Role; tab: AlertTab }) {
  return (
    <>
      <h1>Alerts</h1>
      <nav class="tabs" aria-label="Alerting">
        {TABS.map((t) => (
          <a href={tabPath(t.tab)} data-testid={`alerts-tab-${t.tab}`} aria-current={t.tab === tab ? 'page' : undefined}
            onClick={(e) => { if (!e.ctrlKey && !e.metaKey) { e.preventDefault(); navigate(tabPath(t.tab)); } }}>{t.label}</a>
        ))}
      </nav>
      {tab === 'alerts' && <AlertList api={api} role={role} />}
      {tab === 'rules' && <Rules api={api} role={role} />}
      {tab === 'channels' && <Channels api={api} role={role} />}
      {tab === 'summary' && <DailySummary api={api} role={role} />}
    </>
  );
}

// ---- the alerts ----
function AlertList({ api, role }: { api: Api; role: Role }) {
  const [openOnly, setOpenOnly] = useState(true);
  const [ruleId, setRuleId] = useState<number | null>(null);
  const [offset, setOffset] = useState(0);
  const limit = 50;
  const { data, error, reload } = usePoll<Page<Alert>>(api, ALERT_API.list({ open: openOnly, ruleId, limit, offset }));
  const rules = usePoll<AlertRule[]>(api, ALERT_API.rules, null);
  const manage = can.manageAlerts(role);
  const show = (open: boolean) => { setOpenOnly(open); setOffset(0); };
  return (
    <>
      <FiredChart api={api} />
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <div class="range" role="group" aria-label="Which alerts">
          <button type="button" class={openOnly ? 'selected' : ''} aria-pressed={openOnly} data-testid="alerts-show-open" onClick={() => show(true)}>Open</button>
          <button type="button" class={openOnly ? '' : 'selected'} aria-pressed={!openOnly} data-testid="alerts-show-all" onClick={() => show(false)}>All</button>
        </div>
        <label>Rule<select data-testid="alerts-rule" value={ruleId == null ? '' : String(ruleId)}
          onChange={(e) => { setRuleId(e.currentTarget.value ? Number(e.currentTarget.value) : null); setOffset(0); }}>
          <option value="">any</option>
          {rules.data?.map((r) => <option value={String(r.id)}>{r.name}</option>)}
        </select></label>
      </form>
      <ErrorText error={error} />
      {data && data.total === 0 && (
        <p class="empty" data-testid="alerts-empty">
          {openOnly ? 'No open alert: nothing is firing, acknowledged or silenced.' : 'No alerts yet.'}{' '}
          {rules.data && rules.data.length === 0 && <>Alerts come from <Link to={tabPath('rules')}>rules</Link>; there are none yet.</>}
        </p>
      )}
      {data && data.total > 0 && (
        <>
          <table data-testid="alerts">
            <thead><tr><th>Alert</th><th>Rule</th><th>Subject</th><th>State</th><th>Value</th><th>Fired</th><th>Message</th>{manage && <th>Actions</th>}</tr></thead>
            <tbody>{data.items.map((a) => (
              <tr key={a.id} data-testid={`alert-row-${a.id}`}>
                <td><Link to={alertPath(a.id)} testId={`alert-link-${a.id}`}>#{a.id}</Link></td>
                <td>{a.ruleName}<div class="hint">{kindLabel(a.kind)}</div></td>
                <td><Subject alert={a} /></td>
                <td class="nowrap"><StateBadge value={a.state} testId={`alert-state-${a.id}`} /><div class="hint">{stateDetail(a)}</div></td>
                <td class="nowrap" data-testid={`alert-value-${a.id}`}>{valueText(a)}</td>
                <td class="nowrap" title={dateTime(a.firedAt)}>{relativeTime(a.firedAt)}</td>
                <td>{a.message ?? ''}</td>
                {manage && <td><AlertActions api={api} alert={a} role={role} onDone={reload} /></td>}
              </tr>
            ))}</tbody>
          </table>
          <Pager total={data.total} offset={offset} limit={limit} onOffset={setOffset} label="Alert pages" />
        </>
      )}
      {!data && !error && <Progress />}
    </>
  );
}

function Subject({ alert }: { alert: Pick<Alert, 'subject' | 'subjectLabel'> }) {
  const path = subjectPath(alert.subject);
  return path ? <Link to={path}>{alert.subjectLabel}</Link> : <>{alert.subjectLabel}</>;
}

/** Alerts fired per hour over the last day, from the newest alerts of every state. */
function FiredChart({ api }: { api: Api }) {
  const { data, error } = usePoll<Page<Alert>>(api, ALERT_API.list({ limit: CHART_LIMIT }), CHART_POLL_MS);
  // the bars move on with the clock even when no answer changes
  const [hour, setHour] = useState(() => Math.floor(Date.now() / 3_600_000));
  useEffect(() => {
    const timer = setInterval(() => setHour(Math.floor(Date.now() / 3_600_000)), 60_000);
    return () => clearInterval(timer);
  }, []);
  const series = useMemo(() => (data ? firedPerHour(data, Date.now()) : null), [data, hour]);
  return (
    <section class="panel" data-testid="alerts-fired" aria-labelledby="alerts-fired-title">
      <header class="panel-head">
        <h2 id="alerts-fired-title">Fired per hour, last 24 h</h2>
        {series && <span class="hint" data-testid="alerts-fired-total">{series.total} alert{series.total === 1 ? '' : 's'}
          {series.partial ? ` (counted from the newest ${CHART_LIMIT})` : ''}</span>}
      </header>
      <ErrorText error={error} />
      {series && <CountChart testId="alerts-chart" name="Alerts fired" label="Alerts fired per hour over the last 24 hours"
        times={series.times} counts={series.counts} />}
    </section>
  );
}

/** Acknowledge and Silence (1 h, 4 h or 24 h) where the role and the state allow them, and what the last one did. */
export function AlertActions({ api, alert, role, onDone }: { api: Api; alert: Alert; role: Role; onDone: () => void }) {
  const offers = alertActions(alert.state, role);
  const [minutes, setMinutes] = useState(SILENCE_CHOICES[0].minutes);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const act = async (what: 'acknowledge' | 'silence') => {
    setBusy(true);
    try {
      if (what === 'acknowledge') {
        await api.post<Alert>(ALERT_API.acknowledge(alert.id));
        setMessage(isEventKind(alert.kind) ? 'Acknowledged; it resolves by itself once the rule\'s window has passed.'
          : 'Acknowledged: no more reminders; it resolves by itself when the condition clears.');
      } else {
        const silenced = await api.post<Alert>(ALERT_API.silence(alert.id), silenceRequest(minutes));
        setMessage(`Silenced until ${dateTime(silenced.silencedUntil)}: no reminders until then.`);
      }
      setFailure(null);
    } catch (e) {
      setMessage(null);
      setFailure(e instanceof ApiError ? e.detail : (e as Error).message);
    } finally {
      setBusy(false);
      onDone();
    }
  };
  const id = alert.id;
  return (
    <span class="actions alert-actions">
      {offers.acknowledge && <button type="button" data-testid={`alert-ack-${id}`} disabled={busy} onClick={() => act('acknowledge')}>Acknowledge</button>}
      {offers.silence && (
        <>
          <select aria-label={`Silence alert #${id} for`} data-testid={`alert-silence-minutes-${id}`} value={String(minutes)}
            onChange={(e) => setMinutes(Number(e.currentTarget.value))}>
            {SILENCE_CHOICES.map((c) => <option value={String(c.minutes)}>{c.label}</option>)}
          </select>
          <button type="button" class="secondary" data-testid={`alert-silence-${id}`} disabled={busy} onClick={() => act('silence')}>Silence</button>
        </>
      )}
      {message && <span role="status" class="hint" data-testid={`alert-action-message-${id}`}>{message}</span>}
      {failure && <span role="alert" class="error" data-testid={`alert-action-error-${id}`}>{failure}</span>}
    </span>
  );
}

// ---- one alert ----
export function AlertPage({ api, role, id }: { api: Api; role: Role; id: number }) {
  const alert = usePoll<Alert>(api, ALERT_API.alert(id));
  const events = usePoll<AlertEvent[]>(api, ALERT_API.events(id));
  const a = alert.data;
  if (!a) return alert.error ? <><p class="crumbs"><Link to="/alerts">Alerts</Link> /</p><ErrorText error={alert.error} /></> : <Progress />;
  const reload = () => { alert.reload(); events.reload(); };
  return (
    <>
      <p class="crumbs"><Link to="/alerts">Alerts</Link> /</p>
      <h1>Alert #{a.id} <StateBadge value={a.state} testId="alert-state" /></h1>
      <p class="hint lead" data-testid="alert-summary">{a.ruleName} · {kindLabel(a.kind)} · <Subject alert={a} /> · {valueText(a)}</p>
      <AlertActions api={api} alert={a} role={role} onDone={reload} />
      {!can.manageAlerts(role) && isOpen(a.state) && <p class="hint">Acknowledging or silencing an alert needs the MANAGER role.</p>}
      <div class="columns">
        <section class="panel" data-testid="alert-facts" aria-labelledby="alert-facts-title">
          <h2 id="alert-facts-title">Alert</h2>
          <dl>
            <dt>Rule</dt><dd data-testid="alert-rule"><Link to={tabPath('rules')}>{a.ruleName}</Link></dd>
            <dt>Watches</dt><dd>{kindLabel(a.kind)}</dd>
            <dt>Subject</dt><dd data-testid="alert-subject"><Subject alert={a} /></dd>
            <dt>Value</dt><dd data-testid="alert-value">{valueText(a)}</dd>
            <dt>Message</dt><dd data-testid="alert-message">{a.message ?? '—'}</dd>
            <dt>Fired</dt><dd>{dateTime(a.firedAt)}</dd>
            <dt>Last notified</dt><dd>{dateTime(a.lastNotifiedAt)}</dd>
            {a.acknowledgedBy && <><dt>Acknowledged</dt><dd data-testid="alert-acknowledged">by {a.acknowledgedBy}, {dateTime(a.acknowledgedAt)}</dd></>}
            {a.state === 'SILENCED' && <><dt>Silenced until</dt><dd data-testid="alert-silenced-until">{dateTime(a.silencedUntil)}</dd></>}
            {a.resolvedAt && <><dt>Resolved</dt><dd data-testid="alert-resolved">{dateTime(a.resolvedAt)}</dd></>}
          </dl>
        </section>
        <section class="panel" data-testid="alert-timeline" aria-labelledby="alert-timeline-title">
          <h2 id="alert-timeline-title">Timeline</h2>
          <ErrorText error={events.error} />
          {!events.data && !events.error && <Progress />}
          {events.data && (
            <ol class="timeline" data-testid="alert-events">{events.data.map((e) => (
              <li data-testid={`alert-event-${e.id}`}>
                <span class={alertBadgeClass(e.type)} data-testid={`alert-event-type-${e.id}`}>{e.type}</span>{' '}
                <span class="hint">{dateTime(e.at)}</span>
                <div>{e.message ?? eventText(e)}</div>
              </li>
            ))}</ol>
          )}
        </section>
      </div>
      <DeliveryLog api={api} of="alert" testId="alert-deliveries" title="Deliveries" path={(limit, offset) => ALERT_API.deliveries(id, limit, offset)} />
    </>
  );
}

/** The delivery log of an alert (which channel) or of a channel (which alert), newest first, a page at a time. */
function DeliveryLog({ api, of, testId, title, path }: {
  api: Api; of: 'alert' | 'channel'; testId: string; title: string; path: (limit: number, offset: number) => string;
}) {
  const [offset, setOffset] = useState(0);
  const limit = 20;
  const { data, error } = usePoll<Page<Delivery>>(api, path(limit, offset));
  return (
    <section class="panel" data-testid={testId} aria-label={title}>
      <h2>{title}</h2>
      <p class="hint lead">Every event goes to each of the rule's channels once; a failed attempt is tried again later, with longer waits, until it
        is delivered or given up as FAILED.</p>
      <ErrorText error={error} />
      {!data && !error && <Progress />}
      {data && data.total === 0 && <p class="hint" data-testid={`${testId}-empty`}>No deliveries{of === 'alert' ? ': the rule tells no channel, or nothing was sent yet.' : ' yet.'}</p>}
      {data && data.total > 0 && (
        <>
          <table>
            <thead><tr><th>#</th><th>{of === 'alert' ? 'Channel' : 'Alert'}</th><th>Event</th><th>Status</th><th>Attempts</th><th>Last attempt</th><th>Next attempt</th><th>Created</th><th>Delivered</th></tr></thead>
            <tbody>{data.items.map((d) => (
              <tr data-testid={`delivery-${d.id}`}>
                <td>{d.id}</td>
                <td>{of === 'alert' ? d.channelName : <Link to={alertPath(d.alertId)}>#{d.alertId}</Link>}</td>
                <td><StateBadge value={d.event} /></td>
                <td><StateBadge value={d.status} testId={`delivery-status-${d.id}`} /></td>
                <td data-testid={`delivery-attempts-${d.id}`}>{d.attempts}</td>
                <td class={d.status === 'DELIVERED' ? '' : d.lastError ? 'error' : ''} data-testid={`delivery-error-${d.id}`}>{attemptText(d) || '—'}</td>
                <td class="nowrap">{d.status === 'PENDING' ? dateTime(d.nextAttemptAt) : '—'}</td>
                <td class="nowrap">{dateTime(d.createdAt)}</td>
                <td class="nowrap">{dateTime(d.deliveredAt)}</td>
              </tr>
            ))}</tbody>
          </table>
          <Pager total={data.total} offset={offset} limit={limit} onOffset={setOffset} label="Delivery pages" />
        </>
      )}
    </section>
  );
}

// ---- rules ----
type RuleMode = { kind: 'list' } | { kind: 'create' } | { kind: 'edit'; rule: AlertRule } | { kind: 'delete'; rule: AlertRule };

function Rules({ api, role }: { api: Api; role: Role }) {
  const rules = usePoll<AlertRule[]>(api, ALERT_API.rules);
  const channels = usePoll<NotificationChannel[]>(api, ALERT_API.channels, null);
  const [mode, setMode] = useState<RuleMode>({ kind: 'list' });
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const manage = can.manageAlertRules(role);
  const channelName = (id: number) => channels.data?.find((c) => c.id === id)?.name ?? `#${id}`;
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      setFailure(null);
      setMessage(done);
      setMode({ kind: 'list' });
    } catch (e) {
      setMessage(null);
      setFailure(e instanceof ApiError ? e.detail : (e as Error).message);
    } finally {
      setBusy(false);
      rules.reload();
    }
  };
  const toggle = (rule: AlertRule) => run(() => api.put<AlertRule>(ALERT_API.rule(rule.id), ruleUpdate(rule, { enabled: !rule.enabled })),
    rule.enabled ? `${rule.name} switched off: it raises no alerts until switched on again.` : `${rule.name} switched on.`);
  const editing = mode.kind === 'create' || mode.kind === 'edit';
  return (
    <section aria-labelledby="rules-title">
      <header class="panel-head">
        <h2 id="rules-title">Rules</h2>
        {manage && !editing && <button type="button" data-testid="rule-new" onClick={() => { setMode({ kind: 'create' }); setMessage(null); }}>New rule</button>}
      </header>
      <p class="hint lead">What the server watches, once a minute or as configured: edges that stopped reporting, low-confidence and failure rates,
        drift from the training data, and rollouts and training runs as they end.
        {manage ? '' : ' Changing rules needs the MANAGER role.'}</p>
      {editing && (
        <RuleFormPanel key={mode.kind === 'edit' ? mode.rule.id : 0} api={api} rule={mode.kind === 'edit' ? mode.rule : null} channels={channels.data}
          channelsError={channels.error} onCancel={() => setMode({ kind: 'list' })}
          onSaved={(saved, created) => {
            setMode({ kind: 'list' });
            setFailure(null);
            setMessage(created ? `Rule ${saved.name} created${saved.enabled ? ': it is evaluated from now on' : ' (switched off)'}.` : `Rule ${saved.name} saved.`);
            rules.reload();
          }} />
      )}
      {mode.kind === 'delete' && (
        <p class="panel notice" role="alertdialog" data-testid="rule-delete-confirm">
          Delete rule {mode.rule.name}? Its alerts and their history go with it; the channels stay.{' '}
          <span class="actions">
            <button type="button" data-testid="rule-delete-yes" disabled={busy}
              onClick={() => { const r = mode.rule; run(() => api.del(ALERT_API.rule(r.id)), `Rule ${r.name} deleted.`); }}>Delete</button>
            <button type="button" class="secondary" data-testid="rule-delete-cancel" onClick={() => setMode({ kind: 'list' })}>Keep it</button>
          </span>
        </p>
      )}
      {message && <p role="status" data-testid="rule-message">{message}</p>}
      {failure && <p class="error" role="alert" data-testid="rule-error">{failure}</p>}
      <ErrorText error={rules.error} />
      {!rules.data && !rules.error && <Progress />}
      {rules.data && rules.data.length === 0 && (
        <p class="empty" data-testid="rules-empty">No rules yet{manage ? ': "New rule" adds one.' : '.'}</p>
      )}
      {rules.data && rules.data.length > 0 && (
        <table data-testid="alert-rules">
          <thead><tr><th>Rule</th><th>Watches</th><th>Where</th><th>Fires when</th><th>Reminders</th><th>Channels</th><th>State</th><th>Changed</th>{manage && <th>Actions</th>}</tr></thead>
          <tbody>{rules.data.map((r) => (
            <tr key={r.id} data-testid={`rule-row-${r.id}`}>
              <td><strong>{r.name}</strong></td>
              <td>{kindLabel(r.kind)}</td>
              <td data-testid={`rule-scope-${r.id}`}>{r.edgeId != null ? <Link to={`/edges/${r.edgeId}`}>{scopeText(r)}</Link> : scopeText(r)}</td>
              <td data-testid={`rule-condition-${r.id}`}>{conditionText(r)}</td>
              <td data-testid={`rule-reminders-${r.id}`}>{remindersText(r)}</td>
              <td data-testid={`rule-channels-${r.id}`}>{r.channelIds.length ? r.channelIds.map(channelName).join(', ') : <span class="hint">none</span>}</td>
              <td><Badge value={r.enabled ? 'ENABLED' : 'DISABLED'} testId={`rule-enabled-${r.id}`} /></td>
              <td title={dateTime(r.updatedAt ?? r.createdAt)}>{relativeTime(r.updatedAt ?? r.createdAt)}<div class="hint">by {r.updatedBy ?? r.createdBy}</div></td>
              {manage && (
                <td><span class="actions">
                  <button type="button" class="secondary" data-testid={`rule-toggle-${r.id}`} disabled={busy} onClick={() => toggle(r)}>{r.enabled ? 'Switch off' : 'Switch on'}</button>
                  <button type="button" class="secondary" data-testid={`rule-edit-${r.id}`} disabled={editing} onClick={() => { setMode({ kind: 'edit', rule: r }); setMessage(null); }}>Edit</button>
                  <button type="button" class="secondary danger" data-testid={`rule-delete-${r.id}`} onClick={() => { setMode({ kind: 'delete', rule: r }); setMessage(null); }}>Delete</button>
                </span></td>
              )}
            </tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}

/** What the rule's window means, by kind (kindFields). */
const WINDOW_TEXT: Record<KindFields['window'], { label: string; help: string }> = {
  offline: { label: 'Offline for more than (minutes)', help: 'No heartbeat or result for this long.' },
  rate: { label: 'Over the last (minutes)', help: 'The window the rate is taken over.' },
  drift: { label: 'Samples of the last (minutes)', help: 'The live samples compared with the training data.' },
  open: { label: 'Open for (minutes)', help: 'How long each occurrence stays an open alert; then it resolves by itself.' },
};

const RULE_FIELDS = new Set(['name', 'kind', 'edgeId', 'tagKey', 'tagValue', 'modelVersion', 'threshold', 'scoreBelow', 'windowMinutes',
  'minResults', 'renotifyMinutes', 'channelIds']);

function RuleFormPanel({ api, rule, channels, channelsError, onCancel, onSaved }: {
  api: Api; rule: AlertRule | null; channels: NotificationChannel[] | null; channelsError: string | null; onCancel: () => void;
  onSaved: (saved: AlertRule, created: boolean) => void;
}) {
  const { form, setForm, set, errors, setErrors } = useFormState<RuleForm>(() => (rule ? formFromRule(rule) : emptyRuleForm()));
  const [sending, setSending] = useState(false);
  const [search, setSearch] = useState('');
  const query = new URLSearchParams({ state: 'APPROVED', limit: '50' });
  if (search.trim()) query.set('search', search.trim());
  const edges = usePoll<Page<EdgeChoice>>(api, form.scope === 'edge' ? `/api/v1/edges?${query}` : null, null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const { request, errors: own } = ruleRequest(form);
    if (!request) {
      setErrors({ detail: 'Some values need fixing before the rule can be saved.', fields: own });
      return;
    }
    setSending(true);
    try {
      const saved = rule ? await api.put<AlertRule>(ALERT_API.rule(rule.id), request) : await api.post<AlertRule>(ALERT_API.rules, request);
      onSaved(saved, !rule);
    } catch (failure) {
      setErrors(formErrors(failure));
      setSending(false);
    }
  };
  const invalid = (path: string) => !!errors.fields[path];
  const others = Object.entries(errors.fields).filter(([path]) => !RULE_FIELDS.has(path));
  const fields = kindFields(form.kind);
  const number = (key: keyof RuleForm, label: string, testId: string, help: string, step = '1', min = '0') => (
    <Field label={label} path={key} errors={errors} help={help}>
      <input type="number" step={step} min={min} data-testid={testId} value={form[key] as string} aria-invalid={invalid(key)}
        onInput={(e) => set(key, e.currentTarget.value as never)} />
    </Field>
  );
  const listed = edges.data?.items.some((edge) => String(edge.id) === form.edgeId);
  return (
    <form class="panel rule-form" onSubmit={submit} noValidate aria-labelledby="rule-form-title" data-testid="rule-form">
      <h2 id="rule-form-title">{rule ? `Change rule ${rule.name}` : 'New alert rule'}</h2>
      <FormProblems errors={errors} others={others} testId="rule-form" />
      <div class="inline">
        <Field label="Name" path="name" errors={errors}>
          <input data-testid="rule-name" value={form.name} maxLength={128} placeholder="e.g. line 2 cameras offline" aria-invalid={invalid('name')}
            onInput={(e) => set('name', e.currentTarget.value)} />
        </Field>
        <Field label="Watches" path="kind" errors={errors} help={KIND_TEXT[form.kind].help}>
          <select data-testid="rule-kind" value={form.kind} onChange={(e) => { setForm((f) => withKind(f, e.currentTarget.value as AlertKind)); setErrors(NO_ERRORS); }}>
            {ALERT_KINDS.map((k) => <option value={k}>{KIND_TEXT[k].label}</option>)}
          </select>
        </Field>
        {fields.where ? (
          <Field label="Where" path="scope" errors={errors}
            help={form.scope === 'edge' && fields.window === 'rate' ? "One edge's rates are taken over whole hours." : undefined}>
            <select data-testid="rule-scope" value={form.scope} onChange={(e) => set('scope', e.currentTarget.value as Scope)}>
              {scopesFor(form.kind).map((s) => <option value={s}>{scopeLabel(form.kind, s)}</option>)}
            </select>
          </Field>
        ) : (
          <Field label="Where" path="scope" errors={errors} help="Every rollout or training run: one alert for each.">
            <span class="fixed" data-testid="rule-scope-fixed">{SCOPE_TEXT.fleet}</span>
          </Field>
        )}
      </div>
      {form.scope === 'edge' && (
        <div class="inline">
          <label>Search approved edges<input type="search" data-testid="rule-edge-search" value={search} placeholder="name, location"
            onInput={(e) => setSearch(e.currentTarget.value)} /></label>
          <Field label="Edge" path="edgeId" errors={errors}>
            <select data-testid="rule-edge" value={form.edgeId} aria-invalid={invalid('edgeId')} aria-busy={!edges.data && !edges.error}
              onChange={(e) => set('edgeId', e.currentTarget.value)}>
              <option value="">choose…</option>
              {form.edgeId && !listed && <option value={form.edgeId}>edge #{form.edgeId}</option>}
              {edges.data?.items.map((edge) => <option value={String(edge.id)}>{edge.name}{edge.location ? ` · ${edge.location}` : ''}</option>)}
            </select>
          </Field>
          <ErrorText error={edges.error} />
        </div>
      )}
      {form.scope === 'tag' && (
        <div class="inline">
          <Field label="Tag key" path="tagKey" errors={errors}>
            <input data-testid="rule-tag-key" value={form.tagKey} maxLength={64} placeholder="e.g. site" aria-invalid={invalid('tagKey')}
              onInput={(e) => set('tagKey', e.currentTarget.value)} />
          </Field>
          <Field label="Tag value" path="tagValue" errors={errors}>
            <input data-testid="rule-tag-value" value={form.tagValue} maxLength={256} placeholder="e.g. plant-1" aria-invalid={invalid('tagValue')}
              onInput={(e) => set('tagValue', e.currentTarget.value)} />
          </Field>
        </div>
      )}
      {(form.scope === 'model' || fields.modelVersion) && (
        <div class="inline">
          <Field label="Model version" path="modelVersion" errors={errors}
            help={fields.modelVersion ? 'Its samples are compared with the dataset version it was trained on: name:version.' : 'As results name it: name:version.'}>
            <input data-testid="rule-model-version" value={form.modelVersion} maxLength={64} placeholder="e.g. resnet:3" aria-invalid={invalid('modelVersion')}
              onInput={(e) => set('modelVersion', e.currentTarget.value)} />
          </Field>
        </div>
      )}
      <div class="inline">
        {fields.threshold === 'percent' && number('threshold', 'Fires above (%)', 'rule-threshold',
          form.kind === 'FAILURE_RATE' ? 'Share of inferences that failed, 0 to 100.' : 'Share of results below the score, 0 to 100.', 'any')}
        {fields.threshold === 'psi' && number('threshold', 'Fires from a PSI of', 'rule-threshold',
          `Population stability index of a label, score or input distribution, ${PSI_MIN} to ${PSI_MAX}; 0.2 is the usual sign of drift.`, 'any', String(PSI_MIN))}
        {fields.scoreBelow && number('scoreBelow', 'Low confidence: score below', 'rule-score-below', '0.05 to 0.95, in steps of 0.05.', '0.05', '0.05')}
        {number('windowMinutes', WINDOW_TEXT[fields.window].label, 'rule-window', WINDOW_TEXT[fields.window].help, '1', '1')}
        {fields.minResults && number('minResults', `Judged with at least (${fields.minResults})`, 'rule-min-results',
          fields.minResults === 'samples' ? `At least ${DRIFT_MIN_SAMPLES}; fewer in the window: not judged.` : 'Fewer in the window: not judged.', '1',
          fields.minResults === 'samples' ? String(DRIFT_MIN_SAMPLES) : '1')}
        {fields.reminders
          ? number('renotifyMinutes', 'Remind every (minutes)', 'rule-renotify', 'While it fires unacknowledged; 0: no reminders.')
          : <p class="hint" data-testid="rule-no-reminders">Each occurrence is told once, when it fires; no reminders, and it resolves without a message.</p>}
      </div>
      <fieldset class="params" data-testid="rule-channels">
        <legend>Tell these channels</legend>
        {errors.fields.channelIds && <p class="field-error" role="alert" data-testid="error-channelIds">{errors.fields.channelIds}</p>}
        <ErrorText error={channelsError} />
        {!channels && !channelsError && <p class="hint">Reading the channels…</p>}
        {channels && channels.length === 0 && (
          <p class="hint">No channel yet: an admin adds them under <Link to={tabPath('channels')}>Channels</Link>. Alerts still show here and in the bell.</p>
        )}
        {channels?.map((c) => (
          <label class="check-label">
            <input type="checkbox" data-testid={`rule-channel-${c.id}`} checked={form.channelIds.includes(c.id)}
              onChange={(e) => set('channelIds', e.currentTarget.checked ? [...form.channelIds, c.id] : form.channelIds.filter((x) => x !== c.id))} />
            {c.name} <span class="hint">{CHANNEL_TEXT[c.type].label}{c.enabled ? '' : ', disabled'}</span>
          </label>
        ))}
      </fieldset>
      <p>
        <label class="check-label"><input type="checkbox" data-testid="rule-enabled" checked={form.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
          Switched on: evaluated from now on</label>
      </p>
      <span class="actions">
        <button type="submit" data-testid="rule-save" disabled={sending}>{sending ? 'Saving…' : rule ? 'Save rule' : 'Create rule'}</button>
        <button type="button" class="secondary" data-testid="rule-cancel" onClick={onCancel}>Cancel</button>
      </span>
    </form>
  );
}

// ---- channels ----
interface TestState { busy: boolean; text: string; delivered: boolean }

function Channels({ api, role }: { api: Api; role: Role }) {
  const channels = usePoll<NotificationChannel[]>(api, ALERT_API.channels);
  const admin = can.manageChannels(role);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<NotificationChannel | null>(null);
  const [tests, setTests] = useState<Record<number, TestState>>({});
  const [shown, setShown] = useState<NotificationChannel | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const test = async (channel: NotificationChannel) => {
    setTests((t) => ({ ...t, [channel.id]: { busy: true, text: 'Sending…', delivered: false } }));
    let state: TestState;
    try {
      const result = await api.post<ChannelTestResult>(ALERT_API.test(channel.id));
      state = { busy: false, text: testResultText(result), delivered: result.delivered };
    } catch (e) {
      state = { busy: false, text: e instanceof ApiError ? e.detail : (e as Error).message, delivered: false };
    }
    setTests((t) => ({ ...t, [channel.id]: state }));
  };
  const remove = async (channel: NotificationChannel) => {
    setBusy(true);
    try {
      await api.del(ALERT_API.channel(channel.id));
      setFailure(null);
      setMessage(`Channel ${channel.name} deleted.`);
      setDeleting(null);
      if (shown?.id === channel.id) setShown(null);
    } catch (e) {
      setMessage(null);
      setFailure(e instanceof ApiError ? e.detail : (e as Error).message);
    } finally {
      setBusy(false);
      channels.reload();
    }
  };
  return (
    <section aria-labelledby="channels-title">
      <header class="panel-head">
        <h2 id="channels-title">Channels</h2>
        {admin && !creating && <button type="button" data-testid="channel-new" onClick={() => { setCreating(true); setMessage(null); }}>New channel</button>}
      </header>
      <p class="hint lead">Where alerts are sent: webhooks, Microsoft Teams, Slack, email. A rule names its channels.
        {admin ? '' : ' Adding, testing and deleting channels needs the ADMIN role.'}</p>
      {creating && (
        <ChannelFormPanel api={api} onCancel={() => setCreating(false)} onSaved={(saved) => {
          setCreating(false);
          setFailure(null);
          setMessage(`Channel ${saved.name} created. Send a test to check it.`);
          channels.reload();
        }} />
      )}
      {deleting && (
        <p class="panel notice" role="alertdialog" data-testid="channel-delete-confirm">
          Delete channel {deleting.name}? Rules stop telling it and its delivery log goes with it.{' '}
          <span class="actions">
            <button type="button" data-testid="channel-delete-yes" disabled={busy} onClick={() => remove(deleting)}>Delete</button>
            <button type="button" class="secondary" data-testid="channel-delete-cancel" onClick={() => setDeleting(null)}>Keep it</button>
          </span>
        </p>
      )}
      {message && <p role="status" data-testid="channel-message">{message}</p>}
      {failure && <p class="error" role="alert" data-testid="channel-error">{failure}</p>}
      <ErrorText error={channels.error} />
      {!channels.data && !channels.error && <Progress />}
      {channels.data && channels.data.length === 0 && <p class="empty" data-testid="channels-empty">No channels yet{admin ? ': "New channel" adds one.' : '.'}</p>}
      {channels.data && channels.data.length > 0 && (
        <table data-testid="channels">
          <thead><tr><th>Channel</th><th>Type</th><th>Sends to</th><th>Signed</th><th>State</th><th>Created</th><th>Actions</th></tr></thead>
          <tbody>{channels.data.map((c) => {
            const tested = tests[c.id];
            return (
              <tr key={c.id} data-testid={`channel-row-${c.id}`} class={shown?.id === c.id ? 'selected' : ''}>
                <td><strong>{c.name}</strong></td>
                <td>{CHANNEL_TEXT[c.type]?.label ?? c.type}</td>
                <td class="wrap" data-testid={`channel-target-${c.id}`}>{channelTarget(c)}</td>
                <td>{c.type === 'WEBHOOK' ? (c.signed ? 'yes' : 'no') : '—'}</td>
                <td><Badge value={c.enabled ? 'ENABLED' : 'DISABLED'} /></td>
                <td title={dateTime(c.createdAt)}>{relativeTime(c.createdAt)}<div class="hint">by {c.createdBy}</div></td>
                <td>
                  <span class="actions">
                    {admin && <button type="button" class="secondary" data-testid={`channel-test-${c.id}`} disabled={tested?.busy}
                      onClick={() => test(c)}>Send test</button>}
                    <button type="button" class="secondary" data-testid={`channel-deliveries-open-${c.id}`} aria-pressed={shown?.id === c.id}
                      onClick={() => setShown(shown?.id === c.id ? null : c)}>Deliveries</button>
                    {admin && <button type="button" class="secondary danger" data-testid={`channel-delete-${c.id}`}
                      onClick={() => { setDeleting(c); setMessage(null); }}>Delete</button>}
                  </span>
                  {tested && <div role="status" class={tested.busy ? 'hint' : tested.delivered ? 'ok' : 'error'} data-testid={`channel-test-result-${c.id}`}>
                    Test: {tested.text}</div>}
                </td>
              </tr>
            );
          })}</tbody>
        </table>
      )}
      {shown && <DeliveryLog key={shown.id} api={api} of="channel" testId="channel-deliveries" title={`Deliveries of ${shown.name}`}
        path={(limit, offset) => ALERT_API.channelDeliveries(shown.id, limit, offset)} />}
    </section>
  );
}

const CHANNEL_FIELDS = new Set(['name', 'type', 'url', 'secret', 'recipients']);

function ChannelFormPanel({ api, onCancel, onSaved }: { api: Api; onCancel: () => void; onSaved: (saved: NotificationChannel) => void }) {
  const { form, set, errors, setErrors } = useFormState<ChannelForm>(emptyChannelForm);
  const [sending, setSending] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const { request, errors: own } = channelRequest(form);
    if (!request) {
      setErrors({ detail: 'Some values need fixing before the channel can be created.', fields: own });
      return;
    }
    setSending(true);
    try {
      onSaved(await api.post<NotificationChannel>(ALERT_API.channels, request));
    } catch (failure) {
      setErrors(formErrors(failure));
      setSending(false);
    }
  };
  const invalid = (path: string) => !!errors.fields[path];
  const others = Object.entries(errors.fields).filter(([path]) => !CHANNEL_FIELDS.has(path));
  const text = CHANNEL_TEXT[form.type];
  return (
    <form class="panel channel-form" onSubmit={submit} noValidate aria-labelledby="channel-form-title" data-testid="channel-form">
      <h2 id="channel-form-title">New channel</h2>
      <FormProblems errors={errors} others={others} testId="channel-form" />
      <div class="inline">
        <Field label="Name" path="name" errors={errors} help="Letters, digits, '.', '-' and '_': the shell names it too.">
          <input data-testid="channel-name" value={form.name} maxLength={128} placeholder="e.g. ops-webhook" aria-invalid={invalid('name')}
            onInput={(e) => set('name', e.currentTarget.value)} />
        </Field>
        <Field label="Type" path="type" errors={errors} help={text.help}>
          <select data-testid="channel-type" value={form.type} onChange={(e) => { set('type', e.currentTarget.value as ChannelType); setErrors(NO_ERRORS); }}>
            {CHANNEL_TYPES.map((t) => <option value={t}>{CHANNEL_TEXT[t].label}</option>)}
          </select>
        </Field>
      </div>
      {form.type !== 'EMAIL' && (
        <div class="inline">
          <Field label="URL" path="url" errors={errors} class="grow">
            <input type="url" data-testid="channel-url" value={form.url} maxLength={2048} placeholder={text.url} aria-invalid={invalid('url')}
              onInput={(e) => set('url', e.currentTarget.value)} />
          </Field>
          {form.type === 'WEBHOOK' && (
            <Field label="Signing secret (optional)" path="secret" errors={errors}
              help="At least 16 characters. Receivers check X-ModelFleet-Signature (HMAC-SHA256 of timestamp.body); it is not shown again.">
              <input type="password" autoComplete="new-password" data-testid="channel-secret" value={form.secret} maxLength={256} aria-invalid={invalid('secret')}
                onInput={(e) => set('secret', e.currentTarget.value)} />
            </Field>
          )}
        </div>
      )}
      {form.type === 'EMAIL' && (
        <Field label="Recipients" path="recipients" errors={errors} help="One address per line, or separated by commas; at most 50.">
          <textarea data-testid="channel-recipients" rows={3} value={form.recipients} aria-invalid={invalid('recipients')}
            onInput={(e) => set('recipients', e.currentTarget.value)} />
        </Field>
      )}
      <span class="actions">
        <button type="submit" data-testid="channel-save" disabled={sending}>{sending ? 'Creating…' : 'Create channel'}</button>
        <button type="button" class="secondary" data-testid="channel-cancel" onClick={onCancel}>Cancel</button>
      </span>
    </form>
  );
}
