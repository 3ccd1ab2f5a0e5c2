// The daily summary: API types and the pure rules behind the Alerts page's "Daily summary" tab (summaries.tsx): days in
// a time zone (yesterday, the day before, which days have ended), numbers and their change against the day before
// (percent for counts, percentage points for rates, with an arrow and whether up is good or bad), the hourly chart's
// series, the settings form and its checks (HH:mm, an IANA zone, the 0.05 score grid, channels) and the settings in
// words, the sent summaries' deliveries, and which actions a role may take. Unit-tested.
import type { Role } from './api';
import type { DeliveryStatus } from './alertLogic';
import { can } from './roles';

// ---- types of the API (SummaryResource; the records of io.modelfleet.api.alert) ----
/** When and where the summary of the day before is sent by itself, and what counts as low confidence. */
export interface SummarySettings {
  enabled: boolean; timeOfDay: string; timeZone: string; channelIds: number[]; lowConfidenceBelow: number;
}
/** One group's inferences (results plus failures) and rates on the day and the day before; null: no inferences. */
export interface Rates {
  group: string; inferences: number; lowConfidencePercent: number | null; failurePercent: number | null; previousInferences: number;
  previousLowConfidencePercent: number | null; previousFailurePercent: number | null;
}
export interface SummaryHour { start: string; results: number; lowConfidence: number; failures: number }
export interface SummaryCounts { started: number; succeeded: number; failed: number }
/** `day` is YYYY-MM-DD in `timeZone`; [from, to) are whole UTC hours; times are ISO strings. */
export interface DailySummary {
  day: string; timeZone: string; from: string; to: string; generatedAt: string; lowConfidenceBelow: number;
  edges: { approved: number; online: number; offline: number; seenSinceDayStart: number };
  fleet: Rates; byModel: Rates[]; byTag: Rates[]; hours: SummaryHour[];
  alerts: { opened: number; resolved: number; openAtEnd: number }; alertLines: string[];
  rollouts: SummaryCounts; trainings: SummaryCounts;
}
export interface SummaryDelivery {
  channelId: number; channelName: string; status: DeliveryStatus; attempts: number; lastStatusCode: number | null; lastError: string | null;
  deliveredAt: string | null;
}
export interface SentSummary { id: number; day: string; timeZone: string; generatedAt: string; generatedBy: string; deliveries: SummaryDelivery[] }

export const SUMMARY_API = {
  settings: '/api/v1/summaries/settings',
  /** A day's summary made now; without a day the server takes yesterday, without a zone the settings' zone. */
  daily: (day: string | null, timeZone: string | null) => {
    const params = new URLSearchParams();
    if (day) params.set('day', day);
    if (timeZone) params.set('timeZone', timeZone);
    const query = params.toString();
    return `/api/v1/summaries/daily${query ? `?${query}` : ''}`;
  },
  sent: (limit: number) => `/api/v1/summaries?limit=${limit}`,
  kept: (id: number) => `/api/v1/summaries/${id}`,
  send: '/api/v1/summaries/send',
  channels: '/api/v1/channels',
};

/** What the server takes for settings it was not given. */
export const SUMMARY_DEFAULTS: SummarySettings = { enabled: false, timeOfDay: '08:00', timeZone: 'UTC', channelIds: [], lowConfidenceBelow: 0.5 };
export const MAX_SUMMARY_CHANNELS = 20;

// ---- days ----
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day as YYYY-MM-DD ("2025-02-30" is none). */
export function isDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCFullYear() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

/** The day `days` later (earlier when negative). */
export function addDays(day: string, days: number): string {
  const m = DAY.exec(day)!;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days)).toISOString().slice(0, 10);
}

/** Whether this browser knows the zone (an IANA name such as Europe/Berlin, or UTC). */
export function knownZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zones to offer: UTC first, then those the browser knows. */
export function timeZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return ['UTC', ...supported.filter((z) => z !== 'UTC')];
}

/** Today in a zone as YYYY-MM-DD, or null for a zone the browser does not know. */
export function todayIn(zone: string, now: number = Date.now()): string | null {
  if (!knownZone(zone)) return null;
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(now));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The newest day that has ended in the zone: yesterday there. Null for a zone the browser does not know. */
export function yesterdayIn(zone: string, now: number = Date.now()): string | null {
  const today = todayIn(zone, now);
  return today ? addDays(today, -1) : null;
}

/** What is wrong with a day asked for, or null: a date, and one that has ended in the zone (the server refuses others). */
export function dayProblem(day: string, zone: string, now: number = Date.now()): string | null {
  if (!isDay(day)) return 'A day as YYYY-MM-DD.';
  const latest = yesterdayIn(zone, now);
  if (latest && day > latest) return `That day has not ended yet in ${zone}; the latest is ${latest}.`;
  return null;
}

/** "Tuesday 14 January 2025". */
export function dayText(day: string): string {
  if (!isDay(day)) return day;
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
    .format(new Date(`${day}T00:00:00Z`)).replace(',', '');
}

/** The day and zone a link names: /alerts/summary?day=2025-01-14&zone=Europe/Berlin. Anything else is left out. */
export function summaryQuery(search: string): { day: string | null; zone: string | null } {
  const params = new URLSearchParams(search);
  const day = params.get('day');
  const zone = params.get('zone');
  return { day: day && isDay(day) ? day : null, zone: zone && zone.trim() ? zone.trim() : null };
}

export function summarySearch(day: string | null, zone: string | null): string {
  const params = new URLSearchParams();
  if (day) params.set('day', day);
  if (zone) params.set('zone', zone);
  const query = params.toString().replace(/%2F/g, '/');
  return query ? `?${query}` : '';
}

// ---- numbers and their change ----
/** "1,234". */
export const countText = (n: number) => Math.round(n).toLocaleString('en-US');

/** "7.5 %", or "—" when there is nothing to take a share of. */
export const percentText = (p: number | null | undefined) => (p == null || !Number.isFinite(p) ? '—' : `${p.toFixed(1)} %`);

const MINUS = '\u2212';

/**
 * A change against the day before: its words ("+12 %", "−1.5 pt", "±0 pt", "none the day before"), an arrow, and its
 * tone: good (green), bad (red) or neutral (more or fewer inferences is neither).
 */
export interface Change { text: string; arrow: '▲' | '▼' | ''; tone: 'good' | 'bad' | 'neutral'; title: string }

const oneDecimal = (n: number) => {
  const rounded = Math.round(n * 10) / 10;
  return rounded === 0 ? 0 : rounded;
};

/** How a count changed, in percent of the day before's: below 10 % with a decimal, else whole. */
export function countChange(now: number, before: number): Change {
  if (before === 0) {
    return { text: 'none the day before', arrow: now > 0 ? '▲' : '', tone: 'neutral', title: 'No inferences the day before.' };
  }
  const change = ((now - before) / before) * 100;
  const size = Math.abs(change) < 10 ? oneDecimal(Math.abs(change)) : Math.round(Math.abs(change));
  const title = `${countText(before)} the day before`;
  if (size === 0) return { text: '±0 %', arrow: '', tone: 'neutral', title };
  return { text: `${change > 0 ? '+' : MINUS}${size} %`, arrow: change > 0 ? '▲' : '▼', tone: 'neutral', title };
}

/**
 * How a rate changed, in percentage points (one decimal, between the shares as shown): up is bad (more low-confidence results, more failures), down
 * is good. Without a rate on either day there is nothing to compare: "none the day before", or "—".
 */
export function pointChange(now: number | null, before: number | null): Change {
  if (before == null) return { text: 'none the day before', arrow: '', tone: 'neutral', title: 'No inferences the day before to compare with.' };
  if (now == null) return { text: '—', arrow: '', tone: 'neutral', title: `No inferences on this day; ${percentText(before)} the day before.` };
  // of the shares as shown, so that 1.3 % after 2.0 % reads as −0.7 pt
  const diff = oneDecimal(Number(now.toFixed(1)) - Number(before.toFixed(1)));
  const title = `${percentText(before)} the day before`;
  if (diff === 0) return { text: '±0 pt', arrow: '', tone: 'neutral', title };
  return { text: `${diff > 0 ? '+' : MINUS}${Math.abs(diff).toFixed(1)} pt`, arrow: diff > 0 ? '▲' : '▼', tone: diff > 0 ? 'bad' : 'good', title };
}

/** One group as a table row shows it: its numbers and their changes. */
export interface RatesRow {
  group: string; inferences: string; inferencesChange: Change; lowConfidence: string; lowConfidenceChange: Change; failures: string;
  failuresChange: Change;
}

export function ratesRow(rates: Rates): RatesRow {
  return {
    group: rates.group,
    inferences: countText(rates.inferences), inferencesChange: countChange(rates.inferences, rates.previousInferences),
    lowConfidence: percentText(rates.lowConfidencePercent),
    lowConfidenceChange: pointChange(rates.lowConfidencePercent, rates.previousLowConfidencePercent),
    failures: percentText(rates.failurePercent), failuresChange: pointChange(rates.failurePercent, rates.previousFailurePercent),
  };
}

/** The headline: edges now, and the fleet's inferences and rates on the day with their changes. */
export function headline(summary: DailySummary) {
  const { edges } = summary;
  return {
    ...ratesRow(summary.fleet),
    online: countText(edges.online),
    offline: countText(edges.offline),
    onlineHint: `now, of ${countText(edges.approved)} approved`,
    offlineHint: `now; ${countText(edges.seenSinceDayStart)} seen since the day began`,
    lowConfidenceHint: `of the results, scoring below ${scoreText(summary.lowConfidenceBelow)}`,
  };
}

/** A score on the 0.05 grid: "0.5", "0.35". */
export const scoreText = (score: number) => String(Math.round(score * 100) / 100);

// ---- the hourly chart ----
const HOUR_MS = 3_600_000;

/**
 * The chart's series: one bucket per whole hour of [from, to) (times in seconds), the results as bars, and the
 * low-confidence share of the results and the failure share of the inferences as lines (null where there were none).
 */
export function hourSeries(summary: Pick<DailySummary, 'from' | 'to' | 'hours'>) {
  const start = Date.parse(summary.from);
  const end = Date.parse(summary.to);
  const byStart = new Map(summary.hours.map((h) => [Date.parse(h.start), h]));
  const times: number[] = [];
  const results: number[] = [];
  const lowPercent: (number | null)[] = [];
  const failurePercent: (number | null)[] = [];
  for (let t = start; Number.isFinite(t) && t < end && times.length < 48; t += HOUR_MS) {
    const hour = byStart.get(t);
    const r = hour?.results ?? 0;
    const f = hour?.failures ?? 0;
    times.push(t / 1000);
    results.push(r);
    lowPercent.push(r > 0 ? oneDecimal((100 * (hour?.lowConfidence ?? 0)) / r) : null);
    failurePercent.push(r + f > 0 ? oneDecimal((100 * f) / (r + f)) : null);
  }
  return { times, results, lowPercent, failurePercent, total: results.reduce((a, b) => a + b, 0) };
}

/** "3 started, 2 succeeded, 1 failed". */
export function countsText(counts: SummaryCounts): string {
  return `${countText(counts.started)} started, ${countText(counts.succeeded)} succeeded, ${countText(counts.failed)} failed`;
}

// ---- the settings form ----
export interface SettingsForm { enabled: boolean; timeOfDay: string; timeZone: string; channelIds: number[]; lowConfidenceBelow: string }

/** The scores results may count as low-confidence below: the rollups' grid, 0.05 to 0.95. */
export const SCORE_CHOICES: string[] = Array.from({ length: 19 }, (_, i) => scoreText((i + 1) / 20));

export function settingsForm(settings: SummarySettings | null): SettingsForm {
  const s = settings ?? SUMMARY_DEFAULTS;
  return { enabled: s.enabled, timeOfDay: s.timeOfDay, timeZone: s.timeZone, channelIds: [...s.channelIds], lowConfidenceBelow: scoreText(s.lowConfidenceBelow) };
}

export function sameSettingsForm(a: SettingsForm, b: SettingsForm): boolean {
  return a.enabled === b.enabled && a.timeOfDay === b.timeOfDay && a.timeZone === b.timeZone && a.lowConfidenceBelow === b.lowConfidenceBelow
    && a.channelIds.length === b.channelIds.length && a.channelIds.every((id) => b.channelIds.includes(id));
}

/** A time of day as HH:mm, or null: "7:30" and "07:30" are 07:30; "24:00", "7.30" and "07:30:00" are none. */
export function parseTimeOfDay(text: string): string | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${m[2]}`;
}

/** The form's field paths, as the server names them in a 400's fields. */
export const SETTINGS_PATHS = ['enabled', 'timeOfDay', 'timeZone', 'channelIds', 'lowConfidenceBelow'];

/**
 * The body of PUT /summaries/settings, or the form's own errors keyed like the server's fields: a time as HH:mm, a zone
 * the browser knows, at most 20 channels (each once), a score from 0.05 to 0.95 on the 0.05 grid.
 */
export function settingsRequest(form: SettingsForm, known: (zone: string) => boolean = knownZone):
  { request: SummarySettings | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const timeOfDay = parseTimeOfDay(form.timeOfDay);
  if (!timeOfDay) errors.timeOfDay = 'Hours and minutes as HH:mm, from 00:00 to 23:59, e.g. 08:00.';
  const timeZone = form.timeZone.trim();
  if (!timeZone) errors.timeZone = 'Give a time zone, e.g. Europe/Berlin or UTC.';
  else if (timeZone.length > 64) errors.timeZone = 'At most 64 characters.';
  else if (!known(timeZone)) errors.timeZone = `Not a time zone: give an IANA name such as Europe/Berlin, not ${timeZone}.`;
  const channelIds = [...new Set(form.channelIds)];
  if (channelIds.length > MAX_SUMMARY_CHANNELS) errors.channelIds = `At most ${MAX_SUMMARY_CHANNELS} channels, these are ${channelIds.length}.`;
  const score = Number(form.lowConfidenceBelow);
  const onGrid = form.lowConfidenceBelow.trim() !== '' && Number.isFinite(score) && score >= 0.05 - 1e-9 && score <= 0.95 + 1e-9
    && Math.abs(score * 20 - Math.round(score * 20)) < 1e-9;
  if (!onGrid) errors.lowConfidenceBelow = 'A score from 0.05 to 0.95 in steps of 0.05, e.g. 0.5.';
  if (Object.keys(errors).length > 0) return { request: null, errors };
  return {
    request: { enabled: form.enabled, timeOfDay: timeOfDay!, timeZone, channelIds, lowConfidenceBelow: Math.round(score * 20) / 20 },
    errors,
  };
}

/** "a, b and c". */
function listText(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The settings in words, for everyone: when, where to, and what counts as low confidence; switched off, what on would do. */
export function settingsText(settings: SummarySettings, channelName: (id: number) => string): string {
  const low = `Results scoring below ${scoreText(settings.lowConfidenceBelow)} count as low-confidence.`;
  const when = `every day at ${settings.timeOfDay} (${settings.timeZone}), of the day before in that zone`;
  const where = settings.channelIds.length ? `sent to ${listText(settings.channelIds.map(channelName))}` : 'kept here, sent to no channel';
  return settings.enabled
    ? `Made ${when}, and ${where}. ${low}`
    : `Off: nothing is made by itself; switched on, the summary is made ${when}, and ${where}. `
      + `Any day's summary can be shown here and sent with "Send now". ${low}`;
}

/** A note next to Save, or null: switched on without a channel, the summary is kept but sent nowhere. */
export function settingsNote(form: SettingsForm): string | null {
  return form.enabled && form.channelIds.length === 0 ? 'No channel chosen: each summary is made and kept here, but sent nowhere.' : null;
}

// ---- sending and what was sent ----
/** The body of POST /summaries/send: the day asked for, or nothing (the server takes yesterday). */
export function sendRequest(day: string, zone: string, now: number = Date.now()): { request: { day?: string } | null; error: string | null } {
  if (!day.trim()) return { request: {}, error: null };
  const problem = dayProblem(day.trim(), zone, now);
  return problem ? { request: null, error: problem } : { request: { day: day.trim() }, error: null };
}

/** What became of a sent summary, in a few words, and its tone. */
export function deliveriesText(sent: Pick<SentSummary, 'deliveries'>): { text: string; tone: 'ok' | 'error' | 'hint' } {
  const all = sent.deliveries.length;
  if (all === 0) return { text: 'kept; no channel told', tone: 'hint' };
  const count = (status: DeliveryStatus) => sent.deliveries.filter((d) => d.status === status).length;
  const failed = count('FAILED');
  const pending = count('PENDING');
  const delivered = count('DELIVERED');
  if (failed > 0) return { text: `${failed} of ${all} failed${pending ? `, ${pending} pending` : ''}`, tone: 'error' };
  if (pending > 0) return { text: `${delivered} of ${all} delivered, ${pending} pending`, tone: 'hint' };
  return { text: all === 1 ? 'delivered' : `delivered to all ${all}`, tone: 'ok' };
}

/** Whether a delivery is still under way (the list is read again sooner then). */
export const anyPending = (sent: Pick<SentSummary, 'deliveries'>[]) => sent.some((s) => s.deliveries.some((d) => d.status === 'PENDING'));

/** What "Send now" did: "Summary of 2025-01-14 (UTC) sent to 2 channels." */
export function sentText(sent: SentSummary): string {
  const n = sent.deliveries.length;
  return n === 0
    ? `Summary of ${sent.day} (${sent.timeZone}) made and kept; no channel is chosen in the settings.`
    : `Summary of ${sent.day} (${sent.timeZone}) made and sent to ${n} channel${n === 1 ? '' : 's'}.`;
}

/** Managers and admins change the settings and send; everyone reads the summaries and what was sent. */
export function summaryActions(role: Role | null): { editSettings: boolean; send: boolean } {
  const may = can.manageSummaries(role);
  return { editSettings: may, send: may };
}
