// Alerting: API types and the pure rules behind the Alerts page (alerts.tsx) and the header's notification bell
// (notifications.tsx): the rule and channel forms and their checks, rules in words, badge classes by state, which
// actions a role may take, silence durations, alerts fired per hour, and unread notifications. Unit-tested. The bell
// is part of the console's first load, so this module imports nothing heavy.
import type { Page, Role } from './api';
import { badgeClass, dateTime } from './format';
import { can } from './roles';

// ---- types of the API (AlertResource, AlertRuleResource, ChannelResource, NotificationResource) ----
export type AlertKind = 'EDGE_OFFLINE' | 'LOW_CONFIDENCE_RATE' | 'FAILURE_RATE' | 'DRIFT';
/** The kinds the form makes; DRIFT rules come from the API or the shell (fleet:alert-rule-create --kind DRIFT). */
export const ALERT_KINDS: AlertKind[] = ['EDGE_OFFLINE', 'LOW_CONFIDENCE_RATE', 'FAILURE_RATE'];
export type AlertState = 'FIRING' | 'ACKNOWLEDGED' | 'SILENCED' | 'RESOLVED';
export type AlertEventType = 'FIRED' | 'REMINDED' | 'RESOLVED' | 'ACKNOWLEDGED' | 'SILENCED';
export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';
export type ChannelType = 'WEBHOOK' | 'TEAMS' | 'SLACK' | 'EMAIL';
export const CHANNEL_TYPES: ChannelType[] = ['WEBHOOK', 'TEAMS', 'SLACK', 'EMAIL'];

/** `value`: minutes offline for EDGE_OFFLINE, a percentage for the rates. Times are ISO strings or null. */
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

export type AlertTab = 'alerts' | 'rules' | 'channels';
export const alertPath = (id: number) => `/alerts/${id}`;
export const tabPath = (tab: AlertTab) => (tab === 'alerts' ? '/alerts' : `/alerts/${tab}`);

// ---- words ----
export const KIND_TEXT: Record<AlertKind, { label: string; help: string }> = {
  EDGE_OFFLINE: { label: 'Edge offline', help: 'An approved edge has not been seen (heartbeat or result) for longer than the window.' },
  LOW_CONFIDENCE_RATE: { label: 'Low-confidence rate', help: 'The share of results scoring below a score is above the threshold over the window.' },
  FAILURE_RATE: { label: 'Failure rate', help: 'The share of inferences that failed is above the threshold over the window.' },
  DRIFT: { label: 'Drift', help: "A model version's samples drift from its training data (PSI and a two-sample test) over the window." },
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

/** An alert's measured value: "12 min offline", "7.5 %". */
export function valueText(alert: Pick<Alert, 'kind' | 'value'>): string {
  if (alert.kind === 'EDGE_OFFLINE') return `${Math.round(alert.value)} min offline`;
  if (alert.kind === 'DRIFT') return `PSI ${alert.value.toFixed(2)}`;
  return `${alert.value.toFixed(1)} %`;
}

/** What a rule watches: "the fleet", "edge #3", "edges tagged site=plant-1", "model version resnet:2". */
export function scopeText(rule: Pick<AlertRule, 'edgeId' | 'tagKey' | 'tagValue' | 'modelVersion' | 'kind'>): string {
  if (rule.edgeId != null) return `edge #${rule.edgeId}`;
  if (rule.kind === 'DRIFT') {
    return `model version ${rule.modelVersion ?? ''}${rule.tagKey != null ? ` on edges tagged ${rule.tagKey}=${rule.tagValue ?? ''}` : ''}`;
  }
  if (rule.tagKey != null) return `edges tagged ${rule.tagKey}=${rule.tagValue ?? ''}`;
  if (rule.modelVersion != null) return `model version ${rule.modelVersion}`;
  return rule.kind === 'EDGE_OFFLINE' ? 'every approved edge' : 'the fleet';
}

/** When a rule fires: "offline for more than 5 min", "> 10 % of results score below 0.5 over 5 min (at least 20 results)". */
export function conditionText(rule: Pick<AlertRule, 'kind' | 'threshold' | 'scoreBelow' | 'windowMinutes' | 'minResults'>): string {
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

/** The console page of an alert's subject, when it has one: "edge:12" is /edges/12. */
export function subjectPath(subject: string): string | null {
  const edge = /^edge:(\d+)$/.exec(subject);
  return edge ? `/edges/${edge[1]}` : null;
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

/** Where a rule looks: the whole fleet, one edge, the edges with a tag (EDGE_OFFLINE), one model version (the rates). */
export type Scope = 'fleet' | 'edge' | 'tag' | 'model';
export const SCOPE_TEXT: Record<Scope, string> = { fleet: 'The whole fleet', edge: 'One edge', tag: 'Edges with a tag', model: 'One model version' };

export function scopesFor(kind: AlertKind): Scope[] {
  return kind === 'EDGE_OFFLINE' ? ['fleet', 'edge', 'tag'] : ['fleet', 'edge', 'model'];
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

/** Another kind keeps what was typed, but a scope the kind cannot have falls back to the fleet. */
export function withKind(form: RuleForm, kind: AlertKind): RuleForm {
  return { ...form, kind, scope: scopesFor(kind).includes(form.scope) ? form.scope : 'fleet' };
}

export function formFromRule(rule: AlertRule): RuleForm {
  const scope: Scope = rule.edgeId != null ? 'edge' : rule.tagKey != null ? 'tag' : rule.modelVersion != null ? 'model' : 'fleet';
  return {
    name: rule.name, kind: rule.kind, scope, edgeId: rule.edgeId != null ? String(rule.edgeId) : '', tagKey: rule.tagKey ?? '',
    tagValue: rule.tagValue ?? '', modelVersion: rule.modelVersion ?? '', threshold: rule.kind === 'EDGE_OFFLINE' ? '' : String(rule.threshold),
    scoreBelow: String(rule.scoreBelow), windowMinutes: String(rule.windowMinutes), minResults: String(rule.minResults),
    renotifyMinutes: String(rule.renotifyMinutes), enabled: rule.enabled, channelIds: [...rule.channelIds],
  };
}

/** The field paths of the rule form, as the server names them in a 400's fields. */
export const RULE_PATHS = ['name', 'kind', 'edgeId', 'tagKey', 'tagValue', 'modelVersion', 'threshold', 'scoreBelow', 'windowMinutes',
  'minResults', 'renotifyMinutes', 'enabled', 'channelIds'];

const TAG_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The body to send, or the form's own errors keyed like the server's fields. Only what the kind uses is sent: a
 * threshold (a percentage, required) for the rates, a score below for the low-confidence rate (0.05 to 0.95 on the
 * rollups' 0.05 grid), minimum results for the rates; the window and reminders for all; one scope at most.
 */
export function ruleRequest(form: RuleForm): { request: RuleRequest | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = form.name.trim();
  if (!name) errors.name = 'Give the rule a name.';
  else if (name.length > 128) errors.name = `At most 128 characters, this one ${name.length}.`;
  else if (CONTROL.test(name)) errors.name = 'Use printable text only.';
  const request: RuleRequest = { name, kind: form.kind };
  if (!ALERT_KINDS.includes(form.kind)) errors.kind = 'Choose what the rule watches.';
  else if (!scopesFor(form.kind).includes(form.scope)) {
    errors[form.scope === 'tag' ? 'tagKey' : 'modelVersion'] = form.scope === 'tag'
      ? `${kindLabel(form.kind)} watches the fleet, one edge or one model version, not a tag.`
      : 'Edge offline watches edges: the fleet, one edge or a tag, not a model version.';
  }
  if (form.scope === 'edge') {
    request.edgeId = whole(errors, 'edgeId', form.edgeId, 1, Number.MAX_SAFE_INTEGER, 'Choose an edge.');
  } else if (form.scope === 'tag') {
    const key = form.tagKey.trim();
    const value = form.tagValue.trim();
    if (!key) errors.tagKey = 'Give the tag key, e.g. site.';
    else if (key.length > 64 || !TAG_KEY.test(key)) errors.tagKey = "Letters, digits, '.', '-' and '_', starting with a letter or digit; at most 64.";
    if (!value) errors.tagValue = 'Give the tag value, e.g. plant-1.';
    else if (value.length > 256) errors.tagValue = 'At most 256 characters.';
    request.tagKey = key;
    request.tagValue = value;
  } else if (form.scope === 'model') {
    const version = form.modelVersion.trim();
    if (!version) errors.modelVersion = 'Give the model version as name:version, e.g. resnet:3.';
    else if (version.length > 64) errors.modelVersion = 'At most 64 characters.';
    request.modelVersion = version;
  }
  if (form.kind !== 'EDGE_OFFLINE') {
    const threshold = parseNumber(form.threshold);
    if (form.threshold.trim() === '') errors.threshold = 'Give the percentage above which the rule fires, e.g. 10.';
    else if (threshold === undefined || threshold < 0 || threshold > 100) errors.threshold = 'A percentage between 0 and 100.';
    else request.threshold = threshold;
    if (form.kind === 'LOW_CONFIDENCE_RATE') {
      const score = parseNumber(form.scoreBelow);
      if (score === undefined || score < 0.05 - 1e-9 || score > 0.95 + 1e-9 || Math.abs(score * 20 - Math.round(score * 20)) > 1e-9) {
        errors.scoreBelow = 'A score from 0.05 to 0.95 in steps of 0.05, e.g. 0.5.';
      } else {
        request.scoreBelow = Math.round(score * 20) / 20;
      }
    }
  }
  request.windowMinutes = whole(errors, 'windowMinutes', form.windowMinutes, 1, MAX_WINDOW_MINUTES,
    `A whole number of minutes from 1 to ${MAX_WINDOW_MINUTES} (7 days).`);
  if (form.kind !== 'EDGE_OFFLINE') {
    request.minResults = whole(errors, 'minResults', form.minResults, 1, MAX_MIN_RESULTS, 'A whole number of at least 1, e.g. 20.');
  }
  request.renotifyMinutes = whole(errors, 'renotifyMinutes', form.renotifyMinutes, 0, MAX_WINDOW_MINUTES,
    `A whole number of minutes from 0 (no reminders) to ${MAX_WINDOW_MINUTES}.`);
  request.enabled = form.enabled;
  const channels = [...new Set(form.channelIds)];
  if (channels.length > MAX_RULE_CHANNELS) errors.channelIds = `At most ${MAX_RULE_CHANNELS} channels, these are ${channels.length}.`;
  request.channelIds = channels;
  if (Object.keys(errors).length > 0) return { request: null, errors };
  return { request, errors };
}

/** The PUT body of a rule as the server has it, with a change: switching it on or off keeps everything else. */
export function ruleUpdate(rule: AlertRule, change: Partial<RuleRequest>): RuleRequest {
  const body: RuleRequest = {
    name: rule.name, kind: rule.kind, windowMinutes: rule.windowMinutes, renotifyMinutes: rule.renotifyMinutes, enabled: rule.enabled,
    channelIds: [...rule.channelIds],
  };
  if (rule.edgeId != null) body.edgeId = rule.edgeId;
  if (rule.tagKey != null) { body.tagKey = rule.tagKey; body.tagValue = rule.tagValue ?? ''; }
  if (rule.modelVersion != null) body.modelVersion = rule.modelVersion;
  if (rule.kind !== 'EDGE_OFFLINE') { body.threshold = rule.threshold; body.minResults = rule.minResults; }
  if (rule.kind === 'LOW_CONFIDENCE_RATE') body.scoreBelow = rule.scoreBelow;
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
