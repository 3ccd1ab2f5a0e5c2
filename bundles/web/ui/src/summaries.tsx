// The Alerts page's "Daily summary" tab: any ended day's summary in a time zone (headline numbers against the day
// before, the day hour by hour, the model versions and tags, alerts, rollouts and training runs), the settings of the
// summary sent each day (a form for managers, words for viewers), "Send now", and the summaries sent with each channel's
// delivery. The rules live in summaryLogic.ts.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, type Api, type Role } from './api';
import { alertBadgeClass, attemptText, CHANNEL_TEXT, type NotificationChannel } from './alertLogic';
import { HourlyChart } from './chart';
import { dateTime } from './format';
import {
  addDays, anyPending, countsText, countText, dayProblem, dayText, deliveriesText, headline, hourSeries, knownZone, ratesRow,
  sameSettingsForm, SCORE_CHOICES, sendRequest, sentText, SETTINGS_PATHS, settingsForm, settingsNote, settingsRequest, settingsText,
  SUMMARY_API, summaryActions, summaryQuery, summarySearch, timeZones, yesterdayIn, type Change, type DailySummary, type Rates,
  type SentSummary, type SettingsForm, type SummarySettings,
} from './summaryLogic';
import { ErrorText, Field, FormProblems, POLL_MS, Progress, usePoll, useSettingsForm } from './widgets';

const SENT_LIMIT = 20;
/** While a delivery is pending the list is read this often. */
const PENDING_POLL_MS = 2000;
const ZONE_LIST = 'summary-zone-list';

type Settings = ReturnType<typeof useSettingsForm<SummarySettings, SettingsForm>>;

export function DailySummaryTab({ api, role }: { api: Api; role: Role }) {
  const settings = useSettingsForm<SummarySettings, SettingsForm>(api, SUMMARY_API.settings, {
    toForm: settingsForm, same: sameSettingsForm, request: settingsRequest, savedText: () => 'Saved.',
  });
  const channels = usePoll<NotificationChannel[]>(api, SUMMARY_API.channels, null);
  const zones = useMemo(timeZones, []);
  const [initial] = useState(() => summaryQuery(location.search));
  // null: the server's choice (yesterday, the settings' zone)
  const [day, setDay] = useState<string | null>(initial.day);
  const [zone, setZone] = useState<string | null>(initial.zone);
  // a sent summary shown as it was kept, instead of one made now
  const [keptId, setKeptId] = useState<number | null>(null);
  const settingsZone = settings.data?.timeZone ?? null;
  const zoneAsked = zone ?? settingsZone;
  const problem = day && zoneAsked ? dayProblem(day, zoneAsked) : null;
  const summary = usePoll<DailySummary>(api, keptId != null ? SUMMARY_API.kept(keptId) : problem ? null : SUMMARY_API.daily(day, zone), null);
  const shown = summary.data;

  // a link names the day and zone looked at
  useEffect(() => {
    if (location.pathname.replace(/\/+$/, '') === '/alerts/summary') history.replaceState(null, '', `/alerts/summary${summarySearch(day, zone)}`);
  }, [day, zone]);
  // saved settings change the default zone and what counts as low confidence: make the summary again
  const made = useRef<string | null>(null);
  useEffect(() => {
    if (!settings.data) return;
    const key = `${settings.data.timeZone} ${settings.data.lowConfidenceBelow}`;
    if (made.current != null && made.current !== key && keptId == null) summary.reload();
    made.current = key;
  }, [settings.data]);

  const channelName = (id: number) => channels.data?.find((c) => c.id === id)?.name ?? `#${id}`;
  // leaving a kept summary for another day keeps its zone: the day before is the day before what was shown
  const pickDay = (d: string | null) => {
    if (keptId != null && shown) setZone(shown.timeZone);
    setKeptId(null);
    setDay(d);
  };
  return (
    <>
      <datalist id={ZONE_LIST}>{zones.map((z) => <option value={z} />)}</datalist>
      <DayPicker day={day} zone={zone} shown={shown} settingsZone={settingsZone} problem={keptId == null ? problem : null}
        kept={keptId != null} onDay={pickDay}
        onZone={(z, d) => { setKeptId(null); setZone(z); setDay(d); }} onAgain={summary.reload} />
      {keptId != null && (
        <p class="notice" role="status" data-testid="summary-kept">
          Summary #{keptId} as it was made and sent{shown ? ` (${dateTime(shown.generatedAt)})` : ''}.{' '}
          <button type="button" class="link" data-testid="summary-kept-close" onClick={() => setKeptId(null)}>Back to the day picked above</button>
        </p>
      )}
      {!problem && <ErrorText error={summary.error} />}
      {!problem && !shown && !summary.error && <Progress />}
      {shown && <SummaryView key={`${keptId}-${shown.day}-${shown.timeZone}`} summary={shown} />}
      <SettingsPanel settings={settings} channels={channels.data} channelsError={channels.error} role={role} channelName={channelName} />
      <SentPanel api={api} role={role} settingsZone={settingsZone} shownId={keptId}
        onShow={(id) => { setKeptId(id); scrollTo({ top: 0, behavior: 'smooth' }); }} />
    </>
  );
}

// ---- which day ----
function DayPicker({ day, zone, shown, settingsZone, problem, kept, onDay, onZone, onAgain }: {
  day: string | null; zone: string | null; shown: DailySummary | null; settingsZone: string | null; problem: string | null; kept: boolean;
  onDay: (day: string | null) => void; onZone: (zone: string, day: string | null) => void; onAgain: () => void;
}) {
  // a kept summary shows its own day and zone
  const zoneShown = (kept ? shown?.timeZone : zone ?? shown?.timeZone) ?? settingsZone ?? '';
  const [zoneText, setZoneText] = useState<string | null>(null);
  const [zoneError, setZoneError] = useState<string | null>(null);
  const dayShown = (kept ? shown?.day : day ?? shown?.day) ?? '';
  const latest = zoneShown ? yesterdayIn(zoneShown) : null;
  const commitZone = (text: string) => {
    const z = text.trim();
    if (!z || z === zoneShown) { setZoneText(null); setZoneError(null); return; }
    if (!knownZone(z)) { setZoneError(`Not a time zone: give an IANA name such as Europe/Berlin.`); return; }
    setZoneError(null);
    setZoneText(null);
    // the day looked at stays, unless it has not ended in the new zone
    const last = yesterdayIn(z);
    onZone(z, dayShown && last && dayShown > last ? last : dayShown || null);
  };
  return (
    <form class="filters summary-picker" aria-label="Which day" onSubmit={(e) => { e.preventDefault(); commitZone(zoneText ?? zoneShown); }}>
      <label>Day
        <input type="date" data-testid="summary-day" value={dayShown} max={latest ?? undefined} required
          onChange={(e) => onDay(e.currentTarget.value || null)} />
      </label>
      <span class="actions">
        <button type="button" class="secondary" data-testid="summary-day-before" disabled={!dayShown}
          onClick={() => onDay(addDays(dayShown, -1))}>‹ Day before</button>
        <button type="button" class="secondary" data-testid="summary-day-after" disabled={!dayShown || !latest || addDays(dayShown, 1) > latest}
          onClick={() => onDay(addDays(dayShown, 1))}>Day after ›</button>
      </span>
      <label>Time zone
        <input data-testid="summary-zone" list={ZONE_LIST} value={zoneText ?? zoneShown} spellcheck={false} placeholder="e.g. Europe/Berlin"
          aria-invalid={!!zoneError} onInput={(e) => setZoneText(e.currentTarget.value)} onChange={(e) => commitZone(e.currentTarget.value)} />
      </label>
      <button type="button" class="secondary" data-testid="summary-again" disabled={kept} onClick={onAgain}
        title="The summary is made from the rollups when asked for; results that came in late count when made again">Make again</button>
      {zoneError && <p class="error" role="alert" data-testid="summary-zone-error">{zoneError}</p>}
      {problem && <p class="error" role="alert" data-testid="summary-day-error">{problem}</p>}
    </form>
  );
}

// ---- the summary ----
function ChangeText({ change, testId }: { change: Change; testId?: string }) {
  return (
    <span class={`change change-${change.tone}`} title={change.title} data-testid={testId}>
      {change.arrow && <span aria-hidden="true">{change.arrow} </span>}{change.text}
    </span>
  );
}

function Headline({ label, value, change, hint, testId }: { label: string; value: string; change?: Change; hint: string; testId: string }) {
  return (
    <section class="card" data-testid={testId} aria-label={label}>
      <h2>{label}</h2>
      <p class="value" data-testid={`${testId}-value`}>{value}</p>
      {change && <p class="card-change"><ChangeText change={change} testId={`${testId}-change`} /></p>}
      <p class="hint">{hint}</p>
    </section>
  );
}

function SummaryView({ summary }: { summary: DailySummary }) {
  const h = headline(summary);
  const series = useMemo(() => hourSeries(summary), [summary]);
  const zoneKnown = knownZone(summary.timeZone);
  return (
    <section data-testid="summary" aria-labelledby="summary-title">
      <h2 id="summary-title" class="summary-title" data-testid="summary-title">{dayText(summary.day)} <span class="hint">{summary.timeZone}</span></h2>
      <p class="hint lead">{dateTime(summary.from)} to {dateTime(summary.to)}, compared with the day before; made {dateTime(summary.generatedAt)}.</p>
      <div class="cards">
        <Headline label="Edges online" testId="summary-online" value={h.online} hint={h.onlineHint} />
        <Headline label="Edges offline" testId="summary-offline" value={h.offline} hint={h.offlineHint} />
        <Headline label="Inferences" testId="summary-inferences" value={h.inferences} change={h.inferencesChange} hint="results and failures" />
        <Headline label="Low confidence" testId="summary-low-confidence" value={h.lowConfidence} change={h.lowConfidenceChange} hint={h.lowConfidenceHint} />
        <Headline label="Failures" testId="summary-failures" value={h.failures} change={h.failuresChange} hint="of the inferences" />
      </div>
      <section class="panel" data-testid="summary-hours" aria-labelledby="summary-hours-title">
        <header class="panel-head">
          <h2 id="summary-hours-title">Hour by hour</h2>
          <span class="hint" data-testid="summary-hours-total">{countText(series.total)} result{series.total === 1 ? '' : 's'}, hours in {zoneKnown ? summary.timeZone : 'your browser\'s zone'}</span>
        </header>
        <HourlyChart testId="summary-chart" times={series.times} results={series.results} lowPercent={series.lowPercent}
          failurePercent={series.failurePercent} timeZone={zoneKnown ? summary.timeZone : undefined}
          label={`Results per hour with the low-confidence and failure shares on ${summary.day}`} />
        {series.total === 0 && <p class="hint" data-testid="summary-no-results">No results on this day.</p>}
      </section>
      <div class="columns">
        <RatesTable title="By model version" group="Model version" rows={summary.byModel} testId="summary-by-model"
          empty="No inferences named a model version on this day or the day before." />
        <RatesTable title="By tag" group="Tag" rows={summary.byTag} testId="summary-by-tag" empty="No inferences came from tagged edges." />
      </div>
      <section class="panel" data-testid="summary-events" aria-labelledby="summary-events-title">
        <h2 id="summary-events-title">Alerts, rollouts and training</h2>
        <dl class="wide">
          <dt>Alerts</dt>
          <dd data-testid="summary-alerts">{countText(summary.alerts.opened)} opened, {countText(summary.alerts.resolved)} resolved,{' '}
            {countText(summary.alerts.openAtEnd)} open at the end of the day</dd>
          <dt>Rollouts</dt><dd data-testid="summary-rollouts">{countsText(summary.rollouts)}</dd>
          <dt>Training runs</dt><dd data-testid="summary-trainings">{countsText(summary.trainings)}</dd>
        </dl>
        {summary.alertLines.length > 0 ? (
          <>
            <h3>Alerts opened</h3>
            <ul class="summary-lines" data-testid="summary-alert-lines">{summary.alertLines.map((line) => <li>{line}</li>)}</ul>
            {summary.alerts.opened > summary.alertLines.length && <p class="hint">The first {summary.alertLines.length} of {countText(summary.alerts.opened)}.</p>}
          </>
        ) : <p class="hint" data-testid="summary-no-alerts">No alert was opened on this day.</p>}
      </section>
    </section>
  );
}

function RatesTable({ title, group, rows, testId, empty }: { title: string; group: string; rows: Rates[]; testId: string; empty: string }) {
  return (
    <section class="panel" data-testid={testId} aria-label={title}>
      <h2>{title}</h2>
      {rows.length === 0 ? <p class="hint">{empty}</p> : (
        <div class="scroll">
          <table class="rates">
            <thead><tr><th>{group}</th><th>Inferences</th><th>Low confidence</th><th>Failures</th></tr></thead>
            <tbody>{rows.map((rates, i) => {
              const row = ratesRow(rates);
              return (
                <tr data-testid={`${testId}-row-${i}`}>
                  <td class="group" data-testid={`${testId}-group-${i}`}>{row.group}</td>
                  <td class="nowrap">{row.inferences} <ChangeText change={row.inferencesChange} /></td>
                  <td class="nowrap">{row.lowConfidence} <ChangeText change={row.lowConfidenceChange} /></td>
                  <td class="nowrap">{row.failures} <ChangeText change={row.failuresChange} /></td>
                </tr>
              );
            })}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// ---- the settings ----
function SettingsPanel({ settings, channels, channelsError, role, channelName }: {
  settings: Settings; channels: NotificationChannel[] | null; channelsError: string | null; role: Role; channelName: (id: number) => string;
}) {
  const { data, error, form, errors, message, sending, set, save } = settings;
  const may = summaryActions(role).editSettings;
  const invalid = (path: string) => !!errors.fields[path];
  const others = Object.entries(errors.fields).filter(([path]) => !SETTINGS_PATHS.includes(path));
  const note = form ? settingsNote(form) : null;
  return (
    <section class="panel summary-settings" data-testid="summary-settings" aria-labelledby="summary-settings-title">
      <h2 id="summary-settings-title">Sent each day</h2>
      <ErrorText error={error} />
      {!data && !error && <Progress />}
      {data && <p class="lead" data-testid="summary-settings-text">{settingsText(data, channelName)}</p>}
      {!may && data && <p class="hint">Changing these settings needs the MANAGER role.</p>}
      {may && form && (
        <form onSubmit={save} noValidate data-testid="summary-settings-form">
          <FormProblems errors={errors} others={others} testId="summary-settings" />
          <p>
            <label class="check-label"><input type="checkbox" data-testid="summary-enabled" checked={form.enabled}
              onChange={(e) => set('enabled', e.currentTarget.checked)} /> Make the summary of the day before each day, keep it and send it</label>
          </p>
          <div class="inline">
            <Field label="At (HH:mm)" path="timeOfDay" errors={errors} help="In the time zone below, e.g. 08:00.">
              <input data-testid="summary-time" value={form.timeOfDay} maxLength={5} inputMode="numeric" placeholder="08:00" aria-invalid={invalid('timeOfDay')}
                onInput={(e) => set('timeOfDay', e.currentTarget.value)} />
            </Field>
            <Field label="Time zone" path="timeZone" errors={errors} help="Where the day begins and ends: an IANA name such as Europe/Berlin.">
              <input data-testid="summary-timezone" list={ZONE_LIST} value={form.timeZone} maxLength={64} spellcheck={false} aria-invalid={invalid('timeZone')}
                onInput={(e) => set('timeZone', e.currentTarget.value)} />
            </Field>
            <Field label="Low confidence: score below" path="lowConfidenceBelow" errors={errors} help="On the rollups' grid, 0.05 to 0.95.">
              <select data-testid="summary-low-below" value={form.lowConfidenceBelow} aria-invalid={invalid('lowConfidenceBelow')}
                onChange={(e) => set('lowConfidenceBelow', e.currentTarget.value)}>
                {!SCORE_CHOICES.includes(form.lowConfidenceBelow) && <option value={form.lowConfidenceBelow}>{form.lowConfidenceBelow}</option>}
                {SCORE_CHOICES.map((s) => <option value={s}>{s}</option>)}
              </select>
            </Field>
          </div>
          <fieldset class="params" data-testid="summary-channels">
            <legend>Send to these channels</legend>
            {errors.fields.channelIds && <p class="field-error" role="alert" data-testid="error-channelIds">{errors.fields.channelIds}</p>}
            <ErrorText error={channelsError} />
            {!channels && !channelsError && <p class="hint">Reading the channels…</p>}
            {channels && channels.length === 0 && <p class="hint">No channel yet: an admin adds them under Alerts → Channels.</p>}
            {channels?.map((c) => (
              <label class="check-label">
                <input type="checkbox" data-testid={`summary-channel-${c.id}`} checked={form.channelIds.includes(c.id)}
                  onChange={(e) => set('channelIds', e.currentTarget.checked ? [...form.channelIds, c.id] : form.channelIds.filter((x) => x !== c.id))} />
                {c.name} <span class="hint">{CHANNEL_TEXT[c.type]?.label ?? c.type}{c.enabled ? '' : ', disabled'}</span>
              </label>
            ))}
            {form.channelIds.filter((id) => !channels?.some((c) => c.id === id)).map((id) => (
              <label class="check-label">
                <input type="checkbox" checked onChange={() => set('channelIds', form.channelIds.filter((x) => x !== id))} />
                #{id} <span class="hint">no longer listed</span>
              </label>
            ))}
          </fieldset>
          <span class="actions">
            <button type="submit" data-testid="summary-settings-save" disabled={sending}>{sending ? 'Saving…' : 'Save'}</button>
            {message && <span role="status" data-testid="summary-settings-message">{message}</span>}
            {note && <span class="hint" data-testid="summary-settings-note">{note}</span>}
          </span>
        </form>
      )}
    </section>
  );
}

// ---- sending, and what was sent ----
function SentPanel({ api, role, settingsZone, shownId, onShow }: {
  api: Api; role: Role; settingsZone: string | null; shownId: number | null; onShow: (id: number) => void;
}) {
  const [fast, setFast] = useState(false);
  const sent = usePoll<SentSummary[]>(api, SUMMARY_API.sent(SENT_LIMIT), fast ? PENDING_POLL_MS : POLL_MS);
  useEffect(() => setFast(sent.data ? anyPending(sent.data) : false), [sent.data]);
  const may = summaryActions(role).send;
  const [sendDay, setSendDay] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const zone = settingsZone ?? 'UTC';
  const dayValue = sendDay ?? yesterdayIn(zone) ?? '';
  const send = async (e: Event) => {
    e.preventDefault();
    const { request, error } = sendRequest(dayValue, zone);
    if (!request) { setMessage(null); setFailure(error); return; }
    setBusy(true);
    try {
      const made = await api.post<SentSummary>(SUMMARY_API.send, request);
      setFailure(null);
      setMessage(sentText(made));
    } catch (failed) {
      setMessage(null);
      setFailure(failed instanceof ApiError ? failed.detail : (failed as Error).message);
    } finally {
      setBusy(false);
      sent.reload();
    }
  };
  return (
    <section class="panel" data-testid="summary-sent" aria-labelledby="summary-sent-title">
      <h2 id="summary-sent-title">Sent summaries</h2>
      {may ? (
        <form class="filters" onSubmit={send} aria-label="Send a summary now" data-testid="summary-send-form">
          <label>Day ({zone})
            <input type="date" data-testid="summary-send-day" value={dayValue} max={yesterdayIn(zone) ?? undefined}
              onChange={(e) => setSendDay(e.currentTarget.value)} />
          </label>
          <button type="submit" data-testid="summary-send" disabled={busy || !settingsZone}>{busy ? 'Sending…' : 'Send now'}</button>
          <span class="hint">Made now in the settings' zone, kept, and sent to the settings' channels (again, if it was sent before).</span>
        </form>
      ) : <p class="hint">Sending a summary needs the MANAGER role.</p>}
      {message && <p role="status" data-testid="summary-send-message">{message}</p>}
      {failure && <p class="error" role="alert" data-testid="summary-send-error">{failure}</p>}
      <ErrorText error={sent.error} />
      {!sent.data && !sent.error && <Progress />}
      {sent.data && sent.data.length === 0 && <p class="empty" data-testid="summary-sent-empty">None sent yet.</p>}
      {sent.data && sent.data.length > 0 && (
        <table data-testid="summary-sent-list">
          <thead><tr><th>#</th><th>Day</th><th>Made</th><th>Deliveries</th><th /></tr></thead>
          <tbody>{sent.data.map((s) => {
            const outcome = deliveriesText(s);
            return (
              <tr key={s.id} data-testid={`summary-sent-${s.id}`} class={shownId === s.id ? 'selected' : ''}>
                <td>{s.id}</td>
                <td class="nowrap">{s.day}<div class="hint">{s.timeZone}</div></td>
                <td class="nowrap">{dateTime(s.generatedAt)}<div class="hint">by {s.generatedBy}</div></td>
                <td>
                  <div class={outcome.tone} data-testid={`summary-sent-outcome-${s.id}`}>{outcome.text}</div>
                  {s.deliveries.length > 0 && (
                    <ul class="deliveries">{s.deliveries.map((d) => {
                      const attempt = attemptText(d);
                      return (
                        <li data-testid={`summary-delivery-${s.id}-${d.channelId}`}>
                          <strong>{d.channelName}</strong>{' '}
                          <span class={alertBadgeClass(d.status)} data-testid={`summary-delivery-status-${s.id}-${d.channelId}`}>{d.status}</span>{' '}
                          <span class="hint">{d.attempts} attempt{d.attempts === 1 ? '' : 's'}{d.deliveredAt ? `, delivered ${dateTime(d.deliveredAt)}` : ''}</span>
                          {attempt && <div class={d.status === 'DELIVERED' ? 'hint' : 'error'} data-testid={`summary-delivery-error-${s.id}-${d.channelId}`}>{attempt}</div>}
                        </li>
                      );
                    })}</ul>
                  )}
                </td>
                <td><button type="button" class="secondary" data-testid={`summary-show-${s.id}`} aria-pressed={shownId === s.id}
                  onClick={() => onShow(s.id)}>Show</button></td>
              </tr>
            );
          })}</tbody>
        </table>
      )}
    </section>
  );
}
