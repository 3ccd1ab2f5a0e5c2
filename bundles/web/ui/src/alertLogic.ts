// Alerting: API types and the pure rules behind the Alerts page (alerts.tsx) and the header's notification bell
// (notifications.tsx): the rule and channel forms and their checks, rules in words, badge classes by state, which
// actions a role may take, silence durations, alerts fired per hour, and unread notifications. Unit-tested. The bell
// is part of the console's first load, so this module imports nothing heavy.
import type { Page, Role } from './api';
import { badgeClass, dateTime } from './format';
import { can } from './roles';

// ---- types of the API (AlertResource, AlertRuleResource, ChannelResource, NotificationResource) ----
export type AlertKind = 'EDGE_OFFLINE' | 'LOW_CONFIDENCE_RATE' | 'FAILURE_RATE' | 'DRIFT' | 'ROLLOUT_FAILED' | 'TRAINING_FAILED'
  | 'TRAINING_SUCCEEDED';
/** Every kind, in the order the form offers them: the conditions first, then the events. */
export const ALERT_KINDS: AlertKind[] = ['EDGE_OFFLINE', 'LOW_CONFIDENCE_RATE', 'FAILURE_RATE', 'DRIFT', 'ROLLOUT_FAILED', 'TRAINING_FAILED',
  'TRAINING_SUCCEEDED'];
/**
 * Kinds that tell of something that happened rather than of a condition that holds: one alert per occurrence (subject
 * rollout:<id> or run:<id>), fleet-wide, open for the rule's window, no reminders, resolved quietly; no measured value.
 */
export const EVENT_KINDS: AlertKind[] = ['ROLLOUT_FAILED', 'TRAINING_FAILED', 'TRAINING_SUCCEEDED'];
export const isEventKind = (kind: AlertKind | string) => (EVENT_KINDS as string[]).includes(kind);
export type AlertState = 'FIRING' | 'ACKNOWLEDGED' | 'SILENCED' | 'RESOLVED';
export type AlertEventType = 'FIRED' | 'REMINDED' | 'RESOLVED' | 'ACKNOWLEDGED' | 'SILENCED';
export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';
export type ChannelType = 'WEBHOOK' | 'TEAMS' | 'SLACK' | 'EMAIL';
export const CHANNEL_TYPES: ChannelType[] = ['WEBHOOK', 'TEAMS', 'SLACK', 'EMAIL'];

/**
 * `value`: minutes offline for EDGE_OFFLINE, a percentage for the rates, the largest PSI for DRIFT, nothing meaningful
 * for the event kinds. Times are ISO strings or null.
 */
export interface Alert {
  id: number; ruleId: number; ruleName: string; kind: AlertKind; subject: string; subjectLabel: string; state: AlertState;
  value: number; message: string | null; firedAt: string; resolvedAt: string | null; lastNotifiedAt: string | null;
  silencedUntil: string | null; acknowledgedBy: string | null; acknowledgedAt: string | null;
}
export interface AlertEvent {
  id: number; alertId: number; ruleId: number; ruleName: string; subjectLabel: string; type: AlertEventType;
  message: string | null; actor: string | null; at: string;
}
export interface Delivery {
  id: number; eventId: number; alertId: number; event: AlertEventType; channelId: number; channelName: string; status: DeliveryStatus;
  attempts: number; nextAttemptAt: string | null; lastStatusCode: number | null; lastError: string | null; createdAt: string; deliveredAt: string | null;
}
export interface AlertRule {
  id: number; name: string; kind: AlertKind; edgeId: number | null; tagKey: string | null; tagValue: string | null; modelVersion: string | null;
  threshold: number; scoreBelow: number; windowMinutes: number; minResults: number; renotifyMinutes: number; enabled: boolean;
  channelIds: number[]; createdAt: string; createdBy: string; updatedAt: string | null; updatedBy: string | null;
}
/** The body of POST and PUT /alert-rules: what is left out takes the server's default. */
export interface RuleRequest {
  name: string; kind: AlertKind; edgeId?: number; tagKey?: string; tagValue?: string; modelVersion?: string; threshold?: number;
  scoreBelow?: number; windowMinutes?: number; minResults?: number; renotifyMinutes?: number; enabled?: boolean; channelIds?: number[];
}
export interface NotificationChannel {
  id: number; name: string; type: ChannelType; url: string | null; signed: boolean; recipients: string[]; enabled: boolean;
  createdAt: string; createdBy: string;
}
export interface ChannelRequest { name: string; type: ChannelType; url?: string; secret?: string; recipients?: string[] }
export interface ChannelTestResult { delivered: boolean; statusCode: number | null; error: string | null }
/** The caller's notification center: the latest events newest first, how many came after the last one read. */
export interface Notifications { events: AlertEvent[]; unread: number; lastReadId: number }

export const ALERT_API = {
  list: (query: { open?: boolean; ruleId?: number | null; limit: number; offset?: number }) => {
    const params = new URLSearchParams();
    // without `open` the server lists every alert; open=false would list only the resolved ones
    if (query.open) params.set('open', 'true');
    if (query.ruleId != null) params.set('ruleId', String(query.ruleId));
    params.set('limit', String(query.limit));
    params.set('offset', String(query.offset ?? 0));
    return `/api/v1/alerts?${params}`;
  },
  alert: (id: number) => `/api/v1/alerts/${id}`,
  events: (id: number) => `/api/v1/alerts/${id}/events`,
  deliveries: (id: number, limit: number, offset: number) => `/api/v1/alerts/${id}/deliveries?limit=${limit}&offset=${offset}`,
  acknowledge: (id: number) => `/api/v1/alerts/${id}/acknowledge`,
  silence: (id: number) => `/api/v1/alerts/${id}/silence`,
  rules: '/api/v1/alert-rules',
  rule: (id: number) => `/api/v1/alert-rules/${id}`,
  channels: '/api/v1/channels',
  channel: (id: number) => `/api/v1/channels/${id}`,
  test: (id: number) => `/api/v1/channels/${id}/test`,
  channelDeliveries: (id: number, limit: number, offset: number) => `/api/v1/channels/${id}/deliveries?limit=${limit}&offset=${offset}`,
  notifications: '/api/v1/notifications?limit=20',
  read: '/api/v1/notifications/read',
};

export type AlertTab = 'alerts' | 'summary' | 'rules' | 'channels';
export const alertPath = (id: number) => `/alerts/${id}`;
export const tabPath = (tab: AlertTab) => (tab === 'alerts' ? '/alerts' : `/alerts/${tab}`);

// ---- words ----
export const KIND_TEXT: Record<AlertKind, { label: string; help: string }> = {
  EDGE_OFFLINE: { label: 'Edge offline', help: 'An approved edge has not been seen (heartbeat or result) for longer than the window.' },
  LOW_CONFIDENCE_RATE: { label: 'Low-confidence rate', help: 'The share of results scoring below a score is above the threshold over the window.' },
  FAILURE_RATE: { label: 'Failure rate', help: 'The share of inferences that failed is above the threshold over the window.' },
  DRIFT: { label: 'Drift', help: "A model version's samples drift from its training data (PSI and a two-sample test) over the window." },
  ROLLOUT_FAILED: {
    label: 'Rollout failed',
    help: 'A rollout (of a model version or an agent release) ends FAILED or ROLLED_BACK: one alert per rollout, for the whole fleet.',
  },
  TRAINING_FAILED: { label: 'Training failed', help: 'A training run fails: one alert per run, for the whole fleet.' },
  TRAINING_SUCCEEDED: {
    label: 'Training succeeded',
    help: 'A training run succeeds and registers a model version someone should review: one alert per run, for the whole fleet.',
  },
};

export const kindLabel = (kind: string) => KIND_TEXT[kind as AlertKind]?.label ?? kind;

/** "45 min", "1 h", "1 h 30 min", "2 d", "1 d 6 h". */
export function minutesText(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 1440) return minutes % 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes / 60} h`;
  const hours = Math.floor((minutes % 1440) / 60);
  return hours ? `${Math.floor(minutes / 1440)} d ${hours} h` : `${Math.floor(minutes / 1440)} d`;
}

const trim = (n: number) => String(Math.round(n * 100) / 100);

/** An alert's measured value: "12 min offline", "7.5 %", "PSI 0.31"; "—" for the event kinds, which measure nothing. */
export function valueText(alert: Pick<Alert, 'kind' | 'value'>): string {
  if (isEventKind(alert.kind)) return '—';
  if (alert.kind === 'EDGE_OFFLINE') return `${Math.round(alert.value)} min offline`;
  if (alert.kind === 'DRIFT') return `PSI ${alert.value.toFixed(2)}`;
  return `${alert.value.toFixed(1)} %`;
}

/** What a rule watches: "the fleet", "edge #3", "edges tagged site=plant-1", "model version resnet:2". */
export function scopeText(rule: Pick<AlertRule, 'edgeId' | 'tagKey' | 'tagValue' | 'modelVersion' | 'kind'>): string {
  if (isEventKind(rule.kind)) return 'the fleet';
  if (rule.edgeId != null) return `edge #${rule.edgeId}`;
  if (rule.kind === 'DRIFT') {
    return `model version ${rule.modelVersion ?? ''}${rule.tagKey != null ? ` on edges tagged ${rule.tagKey}=${rule.tagValue ?? ''}` : ''}`;
  }
  if (rule.tagKey != null) return `edges tagged ${rule.tagKey}=${rule.tagValue ?? ''}`;
  if (rule.modelVersion != null) return `model version ${rule.modelVersion}`;
  return rule.kind === 'EDGE_OFFLINE' ? 'every approved edge' : 'the fleet';
}

/** What each event kind waits for, in words. */
const EVENT_TEXT_OF: Record<string, string> = {
  ROLLOUT_FAILED: 'a rollout ends FAILED or ROLLED_BACK',
  TRAINING_FAILED: 'a training run fails',
  TRAINING_SUCCEEDED: 'a training run registers a model version to review',
};

/**
 * When a rule fires: "offline for more than 5 min", "> 10 % of results score below 0.5 over 5 min (at least 20
 * results)", "a training run fails (open for 1 h)".
 */
export function conditionText(rule: Pick<AlertRule, 'kind' | 'threshold' | 'scoreBelow' | 'windowMinutes' | 'minResults'>): string {
  if (isEventKind(rule.kind)) return `${EVENT_TEXT_OF[rule.kind]} (open for ${minutesText(rule.windowMinutes)})`;
  if (rule.kind === 'EDGE_OFFLINE') return `offline for more than ${minutesText(rule.windowMinutes)}`;
  if (rule.kind === 'DRIFT') return `samples drift from the training data (PSI ≥ ${trim(rule.threshold)}) over ${minutesText(rule.windowMinutes)} (at least ${rule.minResults} samples)`;
  const over = `over ${minutesText(rule.windowMinutes)} (at least ${rule.minResults} ${rule.kind === 'FAILURE_RATE' ? 'inferences' : 'results'})`;
  return rule.kind === 'LOW_CONFIDENCE_RATE'
    ? `> ${trim(rule.threshold)} % of results score below ${trim(rule.scoreBelow)} ${over}`
    : `> ${trim(rule.threshold)} % of inferences fail ${over}`;
}

export function renotifyText(minutes: number): string {
  return minutes === 0 ? 'no reminders' : `every ${minutesText(minutes)}`;
}

/** A rule's reminders: the event kinds send none, whatever is stored. */
export function remindersText(rule: Pick<AlertRule, 'kind' | 'renotifyMinutes'>): string {
  return isEventKind(rule.kind) ? 'no reminders (told once)' : renotifyText(rule.renotifyMinutes);
}

/** The console page of an alert's subject, when it has one: "edge:12" is /edges/12, "rollout:4" is /rollouts/4. */
export function subjectPath(subject: string): string | null {
  const edge = /^edge:(\d+)$/.exec(subject);
  if (edge) return `/edges/${edge[1]}`;
  const rollout = /^rollout:(\d+)$/.exec(subject);
  return rollout ? `/rollouts/${rollout[1]}` : null;
}

const EVENT_TEXT: Record<AlertEventType, string> = {
  FIRED: 'fired', REMINDED: 'still firing', RESOLVED: 'resolved', ACKNOWLEDGED: 'acknowledged', SILENCED: 'silenced',
};

/** One event in a line: "fired", "acknowledged by admin". */
export function eventText(event: Pick<AlertEvent, 'type' | 'actor'>): string {
  const text = EVENT_TEXT[event.type] ?? event.type.toLowerCase();
  return event.actor ? `${text} by ${event.actor}` : text;
}

// ---- badges ----
/** The tone of an event is the state it leads to: a reminder is still firing. */
const TONE: Record<string, string> = { FIRED: 'FIRING', REMINDED: 'FIRING' };

/**
 * The badge class of an alert state or event (FIRING red, ACKNOWLEDGED amber, SILENCED grey, RESOLVED green; FIRED and
 * REMINDED like FIRING) and of a delivery status (PENDING, DELIVERED, FAILED): badge badge-<state>.
 */
export function alertBadgeClass(value: AlertState | AlertEventType | DeliveryStatus | string): string {
  return badgeClass(TONE[value] ?? value);
}

// ---- actions on an alert ----
export const isOpen = (state: AlertState) => state !== 'RESOLVED';

/**
 * What the role may do with an alert in this state, as the server allows it: MANAGER and ADMIN acknowledge a FIRING or
 * SILENCED alert, and silence any open one (again: a new end); a VIEWER does neither.
 */
export function alertActions(state: AlertState, role: Role | null): { acknowledge: boolean; silence: boolean } {
  const may = can.manageAlerts(role);
  return { acknowledge: may && (state === 'FIRING' || state === 'SILENCED'), silence: may && isOpen(state) };
}

export interface SilenceChoice { minutes: number; label: string }
export const SILENCE_CHOICES: SilenceChoice[] = [{ minutes: 60, label: '1 h' }, { minutes: 240, label: '4 h' }, { minutes: 1440, label: '24 h' }];

/** The body of POST /alerts/{id}/silence for one of the choices; anything else is refused rather than guessed. */
export function silenceRequest(minutes: number): { minutes: number } {
  if (!SILENCE_CHOICES.some((c) => c.minutes === minutes)) throw new Error(`Silence for 1 h, 4 h or 24 h, not ${minutes} min.`);
  return { minutes };
}

/** What the state leaves out: who acknowledged, until when it is silenced, when it resolved. */
export function stateDetail(alert: Pick<Alert, 'state' | 'acknowledgedBy' | 'silencedUntil' | 'resolvedAt'>): string {
  if (alert.state === 'ACKNOWLEDGED' && alert.acknowledgedBy) return `by ${alert.acknowledgedBy}`;
  if (alert.state === 'SILENCED' && alert.silencedUntil) return `until ${dateTime(alert.silencedUntil)}`;
  if (alert.state === 'RESOLVED' && alert.resolvedAt) return dateTime(alert.resolvedAt);
  return '';
}

// ---- alerts fired per hour ----
const HOUR = 3600;

/**
 * Alerts fired in each of the last `hours` whole hours (the current one last): bars of a chart. Times are seconds
 * since the epoch, each bucket's start. `partial` says the listed alerts may not reach back that far: the page was cut
 * short and its oldest alert fired inside the window.
 */
export function firedPerHour(page: Pick<Page<Pick<Alert, 'firedAt'>>, 'items' | 'total'>, now: number = Date.now(), hours = 24):
  { times: number[]; counts: number[]; total: number; partial: boolean } {
  const end = (Math.floor(now / 1000 / HOUR) + 1) * HOUR;
  const start = end - hours * HOUR;
  const times = Array.from({ length: hours }, (_, i) => start + i * HOUR);
  const counts = times.map(() => 0);
  let oldest = Infinity;
  for (const alert of page.items) {
    const at = Date.parse(alert.firedAt) / 1000;
    if (!Number.isFinite(at)) continue;
    oldest = Math.min(oldest, at);
    if (at >= start && at < end) counts[Math.floor((at - start) / HOUR)]++;
  }
  const partial = page.items.length < page.total && oldest >= start;
  return { times, counts, total: counts.reduce((a, b) => a + b, 0), partial };
}

// ---- numbers as typed ----
/** A typed number, or undefined when the text is not one ("", "abc", "1,5"). */
export function parseNumber(text: string): number | undefined {
  const value = text.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value)) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function whole(errors: Record<string, string>, path: string, raw: string, min: number, max: number, message: string): number | undefined {
  const value = parseNumber(raw);
  if (value === undefined || !Number.isInteger(value) || value < min || value > max) {
    errors[path] = message;
    return undefined;
  }
  return value;
}

// ---- the rule form ----
/** Limits of NewAlertRule. */
export const MAX_WINDOW_MINUTES = 7 * 24 * 60;
export const MAX_RULE_CHANNELS = 20;
export const MAX_MIN_RESULTS = 1_000_000_000;
export const RULE_DEFAULTS = { scoreBelow: '0.5', windowMinutes: '5', minResults: '20', renotifyMinutes: '60' };
/** A DRIFT rule's threshold is a population stability index in this range; it compares at least this many samples. */
export const PSI_MIN = 0.01;
export const PSI_MAX = 10;
export const DRIFT_MIN_SAMPLES = 10;

/**
 * What the form prefills for a kind, as NewAlertRule defaults them: a threshold only for DRIFT (a PSI of 0.2; the rates'
 * percentage must be typed), a window of 5 min for the offline and rate rules and 60 min for DRIFT and the event kinds
 * (how long each occurrence stays open), and the fewest results (20) or samples (100).
 */
export function kindDefaults(kind: AlertKind): { threshold: string; windowMinutes: string; minResults: string } {
  if (kind === 'DRIFT') return { threshold: '0.2', windowMinutes: '60', minResults: '100' };
  if (isEventKind(kind)) return { threshold: '', windowMinutes: '60', minResults: RULE_DEFAULTS.minResults };
  return { threshold: '', windowMinutes: RULE_DEFAULTS.windowMinutes, minResults: RULE_DEFAULTS.minResults };
}

/**
 * Where a rule looks: the whole fleet, one edge, the edges with a tag (EDGE_OFFLINE), one model version (the rates).
 * DRIFT always watches one model version: `model` on every edge, `tag` on the edges with a tag.
 */
export type Scope = 'fleet' | 'edge' | 'tag' | 'model';
export const SCOPE_TEXT: Record<Scope, string> = { fleet: 'The whole fleet', edge: 'One edge', tag: 'Edges with a tag', model: 'One model version' };
const DRIFT_SCOPE_TEXT: Partial<Record<Scope, string>> = { model: 'A model version, every edge', tag: 'A model version, edges with a tag' };

export function scopesFor(kind: AlertKind): Scope[] {
  if (isEventKind(kind)) return ['fleet'];
  if (kind === 'DRIFT') return ['model', 'tag'];
  return kind === 'EDGE_OFFLINE' ? ['fleet', 'edge', 'tag'] : ['fleet', 'edge', 'model'];
}

export function scopeLabel(kind: AlertKind, scope: Scope): string {
  return (kind === 'DRIFT' ? DRIFT_SCOPE_TEXT[scope] : undefined) ?? SCOPE_TEXT[scope];
}

/** Which of the rule form's fields a kind uses; the form shows only those, and sends only those. */
export interface KindFields {
  /** a choice of where to look; false: the whole fleet, nothing to choose */
  where: boolean;
  /** the model version is asked for whatever the scope (DRIFT) */
  modelVersion: boolean;
  /** a percentage (the rates), a PSI (DRIFT), or none */
  threshold: 'percent' | 'psi' | null;
  scoreBelow: boolean;
  /** what the minimum counts, or null when the kind has none */
  minResults: 'results' | 'inferences' | 'samples' | null;
  /** what the window means: offline for longer than, the rate's or the comparison's window, how long an occurrence stays open */
  window: 'offline' | 'rate' | 'drift' | 'open';
  reminders: boolean;
}

export function kindFields(kind: AlertKind): KindFields {
  if (isEventKind(kind)) {
    return { where: false, modelVersion: false, threshold: null, scoreBelow: false, minResults: null, window: 'open', reminders: false };
  }
  if (kind === 'DRIFT') {
    return { where: true, modelVersion: true, threshold: 'psi', scoreBelow: false, minResults: 'samples', window: 'drift', reminders: true };
  }
  if (kind === 'EDGE_OFFLINE') {
    return { where: true, modelVersion: false, threshold: null, scoreBelow: false, minResults: null, window: 'offline', reminders: true };
  }
  return {
    where: true, modelVersion: false, threshold: 'percent', scoreBelow: kind === 'LOW_CONFIDENCE_RATE',
    minResults: kind === 'FAILURE_RATE' ? 'inferences' : 'results', window: 'rate', reminders: true,
  };
}

export interface RuleForm {
  name: string; kind: AlertKind; scope: Scope; edgeId: string; tagKey: string; tagValue: string; modelVersion: string;
  threshold: string; scoreBelow: string; windowMinutes: string; minResults: string; renotifyMinutes: string; enabled: boolean;
  channelIds: number[];
}

export function emptyRuleForm(): RuleForm {
  return {
    name: '', kind: 'EDGE_OFFLINE', scope: 'fleet', edgeId: '', tagKey: '', tagValue: '', modelVersion: '', threshold: '',
    ...RULE_DEFAULTS, enabled: true, channelIds: [],
  };
}

/**
 * Another kind keeps what was typed, but a value still at the old kind's default takes the new kind's (a PSI of 0.2 is
 * no percentage, 60 min is DRIFT's window), and a scope the kind cannot have falls back to its first.
 */
export function withKind(form: RuleForm, kind: AlertKind): RuleForm {
  const before = kindDefaults(form.kind);
  const after = kindDefaults(kind);
  const follow = (key: keyof typeof before) => (form[key] === before[key] ? after[key] : form[key]);
  const scopes = scopesFor(kind);
  return {
    ...form, kind, scope: scopes.includes(form.scope) ? form.scope : scopes[0],
    threshold: follow('threshold'), windowMinutes: follow('windowMinutes'), minResults: follow('minResults'),
  };
}

export function formFromRule(rule: AlertRule): RuleForm {
  const scope: Scope = isEventKind(rule.kind) ? 'fleet'
    : rule.kind === 'DRIFT' ? (rule.tagKey != null ? 'tag' : 'model')
    : rule.edgeId != null ? 'edge' : rule.tagKey != null ? 'tag' : rule.modelVersion != null ? 'model' : 'fleet';
  return {
    name: rule.name, kind: rule.kind, scope, edgeId: rule.edgeId != null ? String(rule.edgeId) : '', tagKey: rule.tagKey ?? '',
    tagValue: rule.tagValue ?? '', modelVersion: rule.modelVersion ?? '',
    threshold: kindFields(rule.kind).threshold ? String(rule.threshold) : '',
    scoreBelow: String(rule.scoreBelow), windowMinutes: String(rule.windowMinutes), minResults: String(rule.minResults),
    renotifyMinutes: String(rule.renotifyMinutes), enabled: rule.enabled, channelIds: [...rule.channelIds],
  };
}

/** The field paths of the rule form, as the server names them in a 400's fields. */
export const RULE_PATHS = ['name', 'kind', 'edgeId', 'tagKey', 'tagValue', 'modelVersion', 'threshold', 'scoreBelow', 'windowMinutes',
  'minResults', 'renotifyMinutes', 'enabled', 'channelIds'];

const TAG_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The field a scope the kind cannot have is reported at, and why. */
function scopeProblem(kind: AlertKind, scope: Scope): [string, string] {
  if (isEventKind(kind)) return ['kind', `${kindLabel(kind)} watches the whole fleet: no edge, tag or model version.`];
  if (kind === 'DRIFT') return [scope === 'edge' ? 'edgeId' : 'modelVersion', 'Drift watches one model version, on every edge or on the edges with a tag.'];
  if (scope === 'tag') return ['tagKey', `${kindLabel(kind)} watches the fleet, one edge or one model version, not a tag.`];
  return ['modelVersion', 'Edge offline watches edges: the fleet, one edge or a tag, not a model version.'];
}

/**
 * The body to send, or the form's own errors keyed like the server's fields. Only what the kind uses is sent
 * (kindFields): a threshold (a percentage, required) for the rates or a PSI (0.01 to 10) for DRIFT, a score below for
 * the low-confidence rate (0.05 to 0.95 on the rollups' 0.05 grid), the fewest results for the rates or samples (at
 * least 10) for DRIFT, the window for all, reminders but for the event kinds (sent as 0: they send none); one scope at
 * most, and for DRIFT a model version as name:version, optionally with a tag.
 */
export function ruleRequest(form: RuleForm): { request: RuleRequest | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = form.name.trim();
  if (!name) errors.name = 'Give the rule a name.';
  else if (name.length > 128) errors.name = `At most 128 characters, this one ${name.length}.`;
  else if (CONTROL.test(name)) errors.name = 'Use printable text only.';
  const request: RuleRequest = { name, kind: form.kind };
  if (!ALERT_KINDS.includes(form.kind)) {
    errors.kind = 'Choose what the rule watches.';
    return { request: null, errors };
  }
  const fields = kindFields(form.kind);
  const scopeOk = scopesFor(form.kind).includes(form.scope);
  if (!scopeOk) {
    const [path, message] = scopeProblem(form.kind, form.scope);
    errors[path] = message;
  }
  if (scopeOk && form.scope === 'edge') {
    request.edgeId = whole(errors, 'edgeId', form.edgeId, 1, Number.MAX_SAFE_INTEGER, 'Choose an edge.');
  }
  if (scopeOk && form.scope === 'tag') {
    const key = form.tagKey.trim();
    const value = form.tagValue.trim();
    if (!key) errors.tagKey = 'Give the tag key, e.g. site.';
    else if (key.length > 64 || !TAG_KEY.test(key)) errors.tagKey = "Letters, digits, '.', '-' and '_', starting with a letter or digit; at most 64.";
    if (!value) errors.tagValue = 'Give the tag value, e.g. plant-1.';
    else if (value.length > 256) errors.tagValue = 'At most 256 characters.';
    request.tagKey = key;
    request.tagValue = value;
  }
  if (scopeOk && (form.scope === 'model' || fields.modelVersion)) {
    const version = form.modelVersion.trim();
    const colon = version.lastIndexOf(':');
    if (!version) errors.modelVersion = 'Give the model version as name:version, e.g. resnet:3.';
    else if (version.length > 64) errors.modelVersion = 'At most 64 characters.';
    else if (fields.modelVersion && (colon <= 0 || colon === version.length - 1)) errors.modelVersion = 'As name:version, e.g. resnet:3.';
    request.modelVersion = version;
  }
  if (fields.threshold === 'percent') {
    const threshold = parseNumber(form.threshold);
    if (form.threshold.trim() === '') errors.threshold = 'Give the percentage above which the rule fires, e.g. 10.';
    else if (threshold === undefined || threshold < 0 || threshold > 100) errors.threshold = 'A percentage between 0 and 100.';
    else request.threshold = threshold;
  } else if (fields.threshold === 'psi') {
    const psi = parseNumber(form.threshold);
    if (form.threshold.trim() === '') errors.threshold = 'Give the PSI from which the rule fires, e.g. 0.2.';
    else if (psi === undefined || psi < PSI_MIN || psi > PSI_MAX) errors.threshold = `A PSI from ${PSI_MIN} to ${PSI_MAX}, e.g. 0.2.`;
    else request.threshold = psi;
  }
  if (fields.scoreBelow) {
    const score = parseNumber(form.scoreBelow);
    if (score === undefined || score < 0.05 - 1e-9 || score > 0.95 + 1e-9 || Math.abs(score * 20 - Math.round(score * 20)) > 1e-9) {
      errors.scoreBelow = 'A score from 0.05 to 0.95 in steps of 0.05, e.g. 0.5.';
    } else {
      request.scoreBelow = Math.round(score * 20) / 20;
    }
  }
  request.windowMinutes = whole(errors, 'windowMinutes', form.windowMinutes, 1, MAX_WINDOW_MINUTES,
    `A whole number of minutes from 1 to ${MAX_WINDOW_MINUTES} (7 days).`);
  if (fields.minResults === 'samples') {
    request.minResults = whole(errors, 'minResults', form.minResults, DRIFT_MIN_SAMPLES, MAX_MIN_RESULTS,
      `A whole number of at least ${DRIFT_MIN_SAMPLES} samples, e.g. 100.`);
  } else if (fields.minResults) {
    request.minResults = whole(errors, 'minResults', form.minResults, 1, MAX_MIN_RESULTS, 'A whole number of at least 1, e.g. 20.');
  }
  request.renotifyMinutes = fields.reminders
    ? whole(errors, 'renotifyMinutes', form.renotifyMinutes, 0, MAX_WINDOW_MINUTES, `A whole number of minutes from 0 (no reminders) to ${MAX_WINDOW_MINUTES}.`)
    : 0;
  request.enabled = form.enabled;
  const channels = [...new Set(form.channelIds)];
  if (channels.length > MAX_RULE_CHANNELS) errors.channelIds = `At most ${MAX_RULE_CHANNELS} channels, these are ${channels.length}.`;
  request.channelIds = channels;
  if (Object.keys(errors).length > 0) return { request: null, errors };
  return { request, errors };
}

/** The PUT body of a rule as the server has it, with a change: switching it on or off keeps everything else. */
export function ruleUpdate(rule: AlertRule, change: Partial<RuleRequest>): RuleRequest {
  const fields = kindFields(rule.kind);
  const body: RuleRequest = {
    name: rule.name, kind: rule.kind, windowMinutes: rule.windowMinutes, renotifyMinutes: rule.renotifyMinutes, enabled: rule.enabled,
    channelIds: [...rule.channelIds],
  };
  if (rule.edgeId != null) body.edgeId = rule.edgeId;
  if (rule.tagKey != null) { body.tagKey = rule.tagKey; body.tagValue = rule.tagValue ?? ''; }
  if (rule.modelVersion != null) body.modelVersion = rule.modelVersion;
  if (fields.threshold) body.threshold = rule.threshold;
  if (fields.minResults) body.minResults = rule.minResults;
  if (fields.scoreBelow) body.scoreBelow = rule.scoreBelow;
  return { ...body, ...change };
}

// ---- the channel form ----
export const CHANNEL_TEXT: Record<ChannelType, { label: string; help: string; url?: string }> = {
  WEBHOOK: { label: 'Webhook', help: 'A JSON POST to any URL; signed with HMAC-SHA256 (X-ModelFleet-Signature) when a secret is set.', url: 'https://example.com/hooks/modelfleet' },
  TEAMS: { label: 'Microsoft Teams', help: "A Teams channel's incoming webhook (MessageCard).", url: 'https://….webhook.office.com/…' },
  SLACK: { label: 'Slack', help: "A Slack app's incoming webhook.", url: 'https://hooks.slack.com/services/…' },
  EMAIL: { label: 'Email', help: "Mail through the server's SMTP settings." },
};

export const MAX_RECIPIENTS = 50;
export const MIN_SECRET = 16;
const CHANNEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const ADDRESS = /^[^@\s,;<>"]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$/;

export interface ChannelForm { name: string; type: ChannelType; url: string; secret: string; recipients: string }
export const emptyChannelForm = (): ChannelForm => ({ name: '', type: 'WEBHOOK', url: '', secret: '', recipients: '' });

/** Addresses as typed: one per line, or separated by commas, semicolons or spaces. */
export function parseRecipients(text: string): string[] {
  return text.split(/[\s,;]+/).map((a) => a.trim()).filter(Boolean);
}

/** What is wrong with a webhook URL, or null: http or https with a host. */
export function urlProblem(text: string): string | null {
  if (!text) return 'Give the URL the server posts to.';
  if (text.length > 2048) return 'At most 2048 characters.';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Not a URL: give it in full, e.g. https://example.com/hook.';
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return 'Must be an http or https URL with a host.';
  return null;
}

/**
 * The body of POST /channels, or the form's own errors keyed like the server's fields: a name usable in commands, a
 * URL for the webhooks (a secret only for WEBHOOK, at least 16 characters), 1 to 50 addresses for EMAIL.
 */
export function channelRequest(form: ChannelForm): { request: ChannelRequest | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = form.name.trim();
  if (!name) errors.name = 'Give the channel a name, e.g. ops-webhook.';
  else if (name.length > 128 || !CHANNEL_NAME.test(name)) errors.name = "Letters, digits, '.', '-' and '_', starting with a letter or digit; at most 128.";
  const request: ChannelRequest = { name, type: form.type };
  if (!CHANNEL_TYPES.includes(form.type)) errors.type = 'Choose a type.';
  if (form.type === 'EMAIL') {
    const recipients = parseRecipients(form.recipients);
    const bad = recipients.filter((a) => !ADDRESS.test(a));
    if (recipients.length === 0) errors.recipients = 'Give at least one address.';
    else if (recipients.length > MAX_RECIPIENTS) errors.recipients = `At most ${MAX_RECIPIENTS} addresses, these are ${recipients.length}.`;
    else if (bad.length > 0) errors.recipients = `Not an email address: ${bad.join(', ')}`;
    request.recipients = [...new Set(recipients)];
  } else {
    const url = form.url.trim();
    const problem = urlProblem(url);
    if (problem) errors.url = problem;
    request.url = url;
    // a secret is sent as typed: spaces may be part of it
    if (form.type === 'WEBHOOK' && form.secret !== '') {
      if (form.secret.length < MIN_SECRET) errors.secret = `At least ${MIN_SECRET} characters, or none to send unsigned.`;
      else if (form.secret.length > 256) errors.secret = 'At most 256 characters.';
      request.secret = form.secret;
    }
  }
  if (Object.keys(errors).length > 0) return { request: null, errors };
  return { request, errors };
}

/** Where a channel sends: its URL, or its addresses. */
export function channelTarget(channel: Pick<NotificationChannel, 'type' | 'url' | 'recipients'>): string {
  return channel.type === 'EMAIL' ? channel.recipients.join(', ') : channel.url ?? '';
}

/** "delivered (HTTP 200)", "delivered", "failed (HTTP 500): Internal Server Error", "failed: connection refused". */
export function testResultText(result: ChannelTestResult): string {
  const status = result.statusCode != null ? ` (HTTP ${result.statusCode})` : '';
  if (result.delivered) return `delivered${status}`;
  return `failed${status}${result.error ? `: ${result.error}` : ''}`;
}

/** A delivery's last attempt: "HTTP 200", "HTTP 500: busy", "connection refused", or "" before the first. */
export function attemptText(delivery: Pick<Delivery, 'lastStatusCode' | 'lastError'>): string {
  const status = delivery.lastStatusCode != null ? `HTTP ${delivery.lastStatusCode}` : '';
  return [status, delivery.lastError ?? ''].filter(Boolean).join(': ');
}

// ---- notifications ----
/** How often the bell asks; and at once when the tab is shown again. */
export const NOTIFICATION_POLL_MS = 10_000;

/** The bell's badge: nothing at 0, the number up to 99, then 99+. */
export function unreadBadge(unread: number): string | null {
  if (!(unread > 0)) return null;
  return unread > 99 ? '99+' : String(Math.floor(unread));
}

export function newestEventId(events: Pick<AlertEvent, 'id'>[]): number | null {
  return events.length ? Math.max(...events.map((e) => e.id)) : null;
}

/**
 * How many are unread once this tab marked everything up to `readUpTo` read: the server's count, unless this tab read
 * further than the server knew when it answered (an answer that crossed the mark, which would bring the badge back);
 * then the listed events above the mark.
 */
export function unreadCount(notifications: Notifications, readUpTo: number): number {
  if (readUpTo <= notifications.lastReadId) return notifications.unread;
  return notifications.events.filter((e) => e.id > readUpTo).length;
}

/** The body of POST /notifications/read when the list holds an event newer than what was read: the newest. */
export function readRequest(notifications: Notifications, readUpTo = 0): { lastEventId: number } | null {
  const newest = newestEventId(notifications.events);
  return newest != null && newest > Math.max(notifications.lastReadId, readUpTo) ? { lastEventId: newest } : null;
}

export const isUnread = (event: Pick<AlertEvent, 'id'>, lastReadId: number) => event.id > lastReadId;
