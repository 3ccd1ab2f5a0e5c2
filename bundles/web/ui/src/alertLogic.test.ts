import { describe, expect, it } from 'vitest';
import {
  ALERT_API, alertActions, alertBadgeClass, attemptText, channelRequest, channelTarget, conditionText, emptyChannelForm, emptyRuleForm,
  eventText, firedPerHour, formFromRule, isUnread, kindLabel, minutesText, newestEventId, parseRecipients, readRequest, remindersText,
  renotifyText, ruleRequest, ruleUpdate, scopeLabel, scopesFor, scopeText, silenceRequest, SILENCE_CHOICES, stateDetail, subjectPath, tabPath,
  testResultText, unreadBadge,
  unreadCount, urlProblem, valueText, withKind, type AlertEvent, type AlertRule, type ChannelForm, type Notifications, type RuleForm,
} from './alertLogic';
import { can } from './roles';

const rule = (change: Partial<RuleForm> = {}): RuleForm => ({ ...emptyRuleForm(), name: 'line 2 offline', ...change });
const channel = (change: Partial<ChannelForm> = {}): ChannelForm => ({ ...emptyChannelForm(), name: 'ops-hook', url: 'https://example.com/hook', ...change });

const STORED: AlertRule = {
  id: 4, name: 'low confidence', kind: 'LOW_CONFIDENCE_RATE', edgeId: null, tagKey: null, tagValue: null, modelVersion: 'resnet:3',
  threshold: 12.5, scoreBelow: 0.6, windowMinutes: 15, minResults: 50, renotifyMinutes: 0, enabled: true, channelIds: [2, 3],
  createdAt: '2025-01-01T00:00:00Z', createdBy: 'admin', updatedAt: null, updatedBy: null,
};

const event = (id: number, change: Partial<AlertEvent> = {}): AlertEvent => ({
  id, alertId: 7, ruleId: 1, ruleName: 'offline', subjectLabel: 'edge cam-1', type: 'FIRED', message: null, actor: null, at: '2025-01-01T00:00:00Z', ...change,
});

describe('the rule form', () => {
  it('sends an edge-offline rule without the rates\' fields', () => {
    const { request, errors } = ruleRequest(rule({ windowMinutes: '1', channelIds: [3, 3, 5] }));
    expect(errors).toEqual({});
    expect(request).toEqual({ name: 'line 2 offline', kind: 'EDGE_OFFLINE', windowMinutes: 1, renotifyMinutes: 60, enabled: true, channelIds: [3, 5] });
  });
  it('scopes a rule to one edge, a tag or a model version, as the kind allows', () => {
    expect(ruleRequest(rule({ scope: 'edge', edgeId: '12' })).request).toMatchObject({ edgeId: 12 });
    expect(ruleRequest(rule({ scope: 'edge', edgeId: '' })).errors).toEqual({ edgeId: 'Choose an edge.' });
    expect(ruleRequest(rule({ scope: 'tag', tagKey: ' site ', tagValue: 'plant-1' })).request).toMatchObject({ tagKey: 'site', tagValue: 'plant-1' });
    expect(Object.keys(ruleRequest(rule({ scope: 'tag', tagKey: 'bad key', tagValue: '' })).errors).sort()).toEqual(['tagKey', 'tagValue']);
    expect(ruleRequest(rule({ scope: 'model', modelVersion: 'resnet:3' })).errors.modelVersion).toMatch(/not a model version/);
    const rate = rule({ kind: 'FAILURE_RATE', threshold: '5', scope: 'model', modelVersion: 'resnet:3' });
    expect(ruleRequest(rate).request).toMatchObject({ kind: 'FAILURE_RATE', modelVersion: 'resnet:3', threshold: 5, minResults: 20 });
    expect(ruleRequest({ ...rate, scope: 'tag', tagKey: 'site', tagValue: 'a' }).errors.tagKey).toMatch(/not a tag/);
    expect(ruleRequest({ ...rate, scope: 'model', modelVersion: ' ' }).errors.modelVersion).toMatch(/name:version/);
    expect(scopesFor('EDGE_OFFLINE')).toEqual(['fleet', 'edge', 'tag']);
    expect(scopesFor('LOW_CONFIDENCE_RATE')).toEqual(['fleet', 'edge', 'model']);
  });
  it('needs a threshold for the rates, and a score on the 0.05 grid for the low-confidence rate', () => {
    const low = rule({ kind: 'LOW_CONFIDENCE_RATE' });
    expect(ruleRequest(low).errors).toEqual({ threshold: 'Give the percentage above which the rule fires, e.g. 10.' });
    expect(ruleRequest({ ...low, threshold: '101' }).errors.threshold).toBe('A percentage between 0 and 100.');
    expect(ruleRequest({ ...low, threshold: '10', scoreBelow: '0.33' }).errors.scoreBelow).toMatch(/steps of 0.05/);
    expect(ruleRequest({ ...low, threshold: '10', scoreBelow: '1' }).errors.scoreBelow).toMatch(/0.05 to 0.95/);
    expect(ruleRequest({ ...low, threshold: '10', scoreBelow: '0.15' }).request).toEqual({
      name: 'line 2 offline', kind: 'LOW_CONFIDENCE_RATE', threshold: 10, scoreBelow: 0.15, windowMinutes: 5, minResults: 20,
      renotifyMinutes: 60, enabled: true, channelIds: [],
    });
    // the failure rate has no score
    expect(ruleRequest(rule({ kind: 'FAILURE_RATE', threshold: '2.5', scoreBelow: 'x' })).request).not.toHaveProperty('scoreBelow');
  });
  it('names what is wrong with each number and the name', () => {
    const { request, errors } = ruleRequest(rule({ name: ' ', kind: 'FAILURE_RATE', threshold: 'ten', windowMinutes: '0', minResults: '1.5', renotifyMinutes: '-1' }));
    expect(request).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['minResults', 'name', 'renotifyMinutes', 'threshold', 'windowMinutes']);
    expect(errors.windowMinutes).toMatch(/from 1 to 10080/);
    expect(errors.renotifyMinutes).toMatch(/0 \(no reminders\)/);
    expect(ruleRequest(rule({ renotifyMinutes: '0' })).request?.renotifyMinutes).toBe(0);
    expect(ruleRequest(rule({ name: 'x'.repeat(129) })).errors.name).toMatch(/At most 128/);
    expect(ruleRequest(rule({ name: 'a\u0007b' })).errors.name).toMatch(/printable/);
    expect(ruleRequest(rule({ channelIds: Array.from({ length: 21 }, (_, i) => i + 1) })).errors.channelIds).toMatch(/At most 20/);
  });
  it('changing the kind keeps what was typed but drops a scope the kind cannot have', () => {
    const tagged = rule({ scope: 'tag', tagKey: 'site', tagValue: 'a', threshold: '7' });
    expect(withKind(tagged, 'FAILURE_RATE')).toMatchObject({ kind: 'FAILURE_RATE', scope: 'fleet', tagKey: 'site', threshold: '7' });
    expect(withKind(rule({ scope: 'edge', edgeId: '3' }), 'FAILURE_RATE').scope).toBe('edge');
  });
  it('round-trips a stored rule, and switching it off keeps the rest', () => {
    expect(ruleRequest(formFromRule(STORED)).request).toEqual({
      name: 'low confidence', kind: 'LOW_CONFIDENCE_RATE', modelVersion: 'resnet:3', threshold: 12.5, scoreBelow: 0.6, windowMinutes: 15,
      minResults: 50, renotifyMinutes: 0, enabled: true, channelIds: [2, 3],
    });
    expect(ruleUpdate(STORED, { enabled: false })).toEqual({ ...ruleRequest(formFromRule(STORED)).request, enabled: false });
    const offline: AlertRule = { ...STORED, kind: 'EDGE_OFFLINE', modelVersion: null, tagKey: 'site', tagValue: 'b', threshold: 0 };
    expect(ruleUpdate(offline, {})).toEqual({ name: 'low confidence', kind: 'EDGE_OFFLINE', tagKey: 'site', tagValue: 'b', windowMinutes: 15,
      renotifyMinutes: 0, enabled: true, channelIds: [2, 3] });
    expect(formFromRule(offline).threshold).toBe('');
  });
});

describe('rules in words', () => {
  it('says where a rule looks and when it fires', () => {
    expect(scopeText({ ...STORED, modelVersion: null })).toBe('the fleet');
    expect(scopeText({ ...STORED, kind: 'EDGE_OFFLINE', modelVersion: null })).toBe('every approved edge');
    expect(scopeText({ ...STORED, modelVersion: null, edgeId: 3 })).toBe('edge #3');
    expect(scopeText({ ...STORED, modelVersion: null, tagKey: 'site', tagValue: 'a' })).toBe('edges tagged site=a');
    expect(scopeText(STORED)).toBe('model version resnet:3');
    expect(conditionText(STORED)).toBe('> 12.5 % of results score below 0.6 over 15 min (at least 50 results)');
    expect(conditionText({ ...STORED, kind: 'FAILURE_RATE', threshold: 5, windowMinutes: 90 })).toBe('> 5 % of inferences fail over 1 h 30 min (at least 50 inferences)');
    expect(conditionText({ ...STORED, kind: 'EDGE_OFFLINE', windowMinutes: 1 })).toBe('offline for more than 1 min');
    expect(renotifyText(0)).toBe('no reminders');
    expect(renotifyText(60)).toBe('every 1 h');
    expect([minutesText(45), minutesText(120), minutesText(1440), minutesText(1800)]).toEqual(['45 min', '2 h', '1 d', '1 d 6 h']);
  });
  it('shows values, subjects and events', () => {
    expect(valueText({ kind: 'EDGE_OFFLINE', value: 12.4 })).toBe('12 min offline');
    expect(valueText({ kind: 'FAILURE_RATE', value: 7.25 })).toBe('7.3 %');
    expect(subjectPath('edge:12')).toBe('/edges/12');
    expect(subjectPath('fleet')).toBeNull();
    expect(subjectPath('model:resnet:3')).toBeNull();
    expect(eventText({ type: 'REMINDED', actor: null })).toBe('still firing');
    expect(eventText({ type: 'ACKNOWLEDGED', actor: 'ops' })).toBe('acknowledged by ops');
    expect(tabPath('alerts')).toBe('/alerts');
    expect(tabPath('channels')).toBe('/alerts/channels');
  });
  it('asks for open alerts, or all of them (open=false would mean only the resolved ones)', () => {
    expect(ALERT_API.list({ open: true, limit: 50 })).toBe('/api/v1/alerts?open=true&limit=50&offset=0');
    expect(ALERT_API.list({ open: false, ruleId: 3, limit: 20, offset: 40 })).toBe('/api/v1/alerts?ruleId=3&limit=20&offset=40');
  });
});

describe('alert states and actions', () => {
  it('gives each state and event a badge class, events in their state\'s tone', () => {
    expect(alertBadgeClass('FIRING')).toBe('badge badge-firing');
    expect(alertBadgeClass('FIRED')).toBe('badge badge-firing');
    expect(alertBadgeClass('REMINDED')).toBe('badge badge-firing');
    expect(alertBadgeClass('ACKNOWLEDGED')).toBe('badge badge-acknowledged');
    expect(alertBadgeClass('SILENCED')).toBe('badge badge-silenced');
    expect(alertBadgeClass('RESOLVED')).toBe('badge badge-resolved');
    expect(alertBadgeClass('DELIVERED')).toBe('badge badge-delivered');
    expect(alertBadgeClass('FAILED')).toBe('badge badge-failed');
  });
  it('lets managers and admins acknowledge firing or silenced alerts and silence open ones; viewers neither', () => {
    expect(alertActions('FIRING', 'MANAGER')).toEqual({ acknowledge: true, silence: true });
    expect(alertActions('SILENCED', 'ADMIN')).toEqual({ acknowledge: true, silence: true });
    expect(alertActions('ACKNOWLEDGED', 'MANAGER')).toEqual({ acknowledge: false, silence: true });
    expect(alertActions('RESOLVED', 'ADMIN')).toEqual({ acknowledge: false, silence: false });
    expect(alertActions('FIRING', 'VIEWER')).toEqual({ acknowledge: false, silence: false });
    expect(alertActions('FIRING', null)).toEqual({ acknowledge: false, silence: false });
    expect([can.manageAlerts('MANAGER'), can.manageAlertRules('MANAGER'), can.manageChannels('MANAGER'), can.manageChannels('ADMIN')])
      .toEqual([true, true, false, true]);
  });
  it('silences for 1 h, 4 h or 24 h only', () => {
    expect(SILENCE_CHOICES.map((c) => c.label)).toEqual(['1 h', '4 h', '24 h']);
    expect(silenceRequest(240)).toEqual({ minutes: 240 });
    expect(() => silenceRequest(30)).toThrow(/1 h, 4 h or 24 h/);
  });
  it('says who acknowledged, until when it is silenced', () => {
    const base = { acknowledgedBy: null, silencedUntil: null, resolvedAt: null };
    expect(stateDetail({ ...base, state: 'ACKNOWLEDGED', acknowledgedBy: 'ops' })).toBe('by ops');
    expect(stateDetail({ ...base, state: 'SILENCED', silencedUntil: '2025-01-01T04:00:00Z' })).toBe('until 2025-01-01 04:00:00 UTC');
    expect(stateDetail({ ...base, state: 'FIRING' })).toBe('');
  });
});

describe('alerts fired per hour', () => {
  const now = Date.parse('2025-01-02T10:30:00Z');
  it('counts the last 24 whole hours, the current one last', () => {
    const items = ['2025-01-02T10:05:00Z', '2025-01-02T10:59:00Z', '2025-01-02T09:00:00Z', '2025-01-01T11:00:00Z', '2025-01-01T10:59:59Z']
      .map((firedAt) => ({ firedAt }));
    const { times, counts, total, partial } = firedPerHour({ items, total: 5 }, now);
    expect(times).toHaveLength(24);
    expect(times[23]).toBe(Date.parse('2025-01-02T10:00:00Z') / 1000);
    expect(times[0]).toBe(Date.parse('2025-01-01T11:00:00Z') / 1000);
    expect(counts[23]).toBe(2);
    expect(counts[22]).toBe(1);
    expect(counts[0]).toBe(1);
    expect(total).toBe(4);
    expect(partial).toBe(false);
  });
  it('says when the listed alerts may not reach back a day', () => {
    expect(firedPerHour({ items: [{ firedAt: '2025-01-02T08:00:00Z' }], total: 900 }, now).partial).toBe(true);
    expect(firedPerHour({ items: [{ firedAt: '2024-12-30T08:00:00Z' }], total: 900 }, now).partial).toBe(false);
    expect(firedPerHour({ items: [], total: 0 }, now).total).toBe(0);
  });
});

describe('the channel form', () => {
  it('sends a webhook with its URL, and a secret only when one is typed', () => {
    expect(channelRequest(channel())).toEqual({ request: { name: 'ops-hook', type: 'WEBHOOK', url: 'https://example.com/hook' }, errors: {} });
    expect(channelRequest(channel({ secret: 'a-long-enough-secret' })).request).toMatchObject({ secret: 'a-long-enough-secret' });
    expect(channelRequest(channel({ secret: 'short' })).errors.secret).toMatch(/At least 16/);
    // Slack and Teams are not signed: a secret typed before switching type is not sent
    expect(channelRequest(channel({ type: 'SLACK', secret: 'x' })).request).toEqual({ name: 'ops-hook', type: 'SLACK', url: 'https://example.com/hook' });
  });
  it('checks the name and the URL', () => {
    expect(channelRequest(channel({ name: 'ops hook' })).errors.name).toMatch(/Letters, digits/);
    expect(channelRequest(channel({ name: '' })).errors.name).toMatch(/Give the channel a name/);
    expect(urlProblem('')).toMatch(/Give the URL/);
    expect(urlProblem('example.com/hook')).toMatch(/Not a URL/);
    expect(urlProblem('ftp://example.com/hook')).toMatch(/http or https/);
    expect(urlProblem('http://127.0.0.1:8080/hook')).toBeNull();
  });
  it('sends email addresses, one per line or separated by commas, and names the bad ones', () => {
    expect(parseRecipients('a@example.com, b@example.org;\nc@example.net  ')).toEqual(['a@example.com', 'b@example.org', 'c@example.net']);
    const email = channel({ type: 'EMAIL', url: 'ignored', recipients: 'a@example.com\na@example.com, b@example.org' });
    expect(channelRequest(email)).toEqual({ request: { name: 'ops-hook', type: 'EMAIL', recipients: ['a@example.com', 'b@example.org'] }, errors: {} });
    expect(channelRequest({ ...email, recipients: '' }).errors.recipients).toMatch(/at least one/);
    expect(channelRequest({ ...email, recipients: 'a@example.com, nobody' }).errors.recipients).toBe('Not an email address: nobody');
    expect(channelTarget({ type: 'EMAIL', url: null, recipients: ['a@example.com', 'b@example.org'] })).toBe('a@example.com, b@example.org');
  });
  it('words a test and a delivery attempt', () => {
    expect(testResultText({ delivered: true, statusCode: 200, error: null })).toBe('delivered (HTTP 200)');
    expect(testResultText({ delivered: true, statusCode: null, error: null })).toBe('delivered');
    expect(testResultText({ delivered: false, statusCode: 500, error: 'busy' })).toBe('failed (HTTP 500): busy');
    expect(testResultText({ delivered: false, statusCode: null, error: 'connection refused' })).toBe('failed: connection refused');
    expect(attemptText({ lastStatusCode: 503, lastError: 'unavailable' })).toBe('HTTP 503: unavailable');
    expect(attemptText({ lastStatusCode: null, lastError: null })).toBe('');
  });
});

describe('notifications', () => {
  const notifications = (change: Partial<Notifications> = {}): Notifications => ({ events: [event(9), event(8), event(5)], unread: 2, lastReadId: 5, ...change });
  it('shows the unread count on the bell, nothing at 0, 99+ above 99', () => {
    expect(unreadBadge(0)).toBeNull();
    expect(unreadBadge(3)).toBe('3');
    expect(unreadBadge(99)).toBe('99');
    expect(unreadBadge(100)).toBe('99+');
  });
  it('marks the newest listed event read, once', () => {
    expect(newestEventId([event(3), event(9), event(4)])).toBe(9);
    expect(newestEventId([])).toBeNull();
    expect(readRequest(notifications())).toEqual({ lastEventId: 9 });
    expect(readRequest(notifications(), 9)).toBeNull();
    expect(readRequest(notifications({ lastReadId: 9, unread: 0 }))).toBeNull();
    expect(readRequest(notifications({ events: [], unread: 0, lastReadId: 0 }))).toBeNull();
  });
  it('keeps the badge away once read here, even when an answer crossed the mark', () => {
    expect(unreadCount(notifications(), 0)).toBe(2);
    expect(unreadCount(notifications(), 9)).toBe(0);
    expect(unreadCount(notifications({ events: [event(11), event(9), event(8)] }), 9)).toBe(1);
    expect(unreadCount(notifications({ lastReadId: 11, unread: 1, events: [event(12), event(11)] }), 9)).toBe(1);
    expect(isUnread(event(6), 5)).toBe(true);
    expect(isUnread(event(5), 5)).toBe(false);
  });
});

describe('drift rules', () => {
  it('are described by their PSI, model version and edge group', async () => {
    const { conditionText, scopeText, valueText, kindLabel } = await import('./alertLogic');
    expect(kindLabel('DRIFT')).toBe('Drift');
    expect(valueText({ kind: 'DRIFT', value: 1.234 })).toBe('PSI 1.23');
    expect(scopeText({ kind: 'DRIFT', edgeId: null, tagKey: 'line', tagValue: 'a', modelVersion: 'wear:1' }))
      .toBe('model version wear:1 on edges tagged line=a');
    expect(conditionText({ kind: 'DRIFT', threshold: 0.2, scoreBelow: 0.5, windowMinutes: 60, minResults: 100 }))
      .toBe('samples drift from the training data (PSI ≥ 0.2) over 1 h (at least 100 samples)');
  });
});

describe('event kinds and drift in the rule form', () => {
  it('offers every kind, and knows which tell of events', async () => {
    const { ALERT_KINDS, EVENT_KINDS, isEventKind, KIND_TEXT } = await import('./alertLogic');
    expect(ALERT_KINDS).toEqual(['EDGE_OFFLINE', 'LOW_CONFIDENCE_RATE', 'FAILURE_RATE', 'DRIFT', 'ROLLOUT_FAILED', 'TRAINING_FAILED', 'TRAINING_SUCCEEDED']);
    expect(EVENT_KINDS.every(isEventKind)).toBe(true);
    expect(isEventKind('DRIFT')).toBe(false);
    expect(ALERT_KINDS.map((k) => KIND_TEXT[k].label)).toEqual(['Edge offline', 'Low-confidence rate', 'Failure rate', 'Drift', 'Rollout failed',
      'Training failed', 'Training succeeded']);
  });
  it('shows only the fields a kind uses', async () => {
    const { kindFields } = await import('./alertLogic');
    expect(kindFields('TRAINING_FAILED')).toEqual({ where: false, modelVersion: false, threshold: null, scoreBelow: false, minResults: null,
      window: 'open', reminders: false });
    expect(kindFields('DRIFT')).toEqual({ where: true, modelVersion: true, threshold: 'psi', scoreBelow: false, minResults: 'samples',
      window: 'drift', reminders: true });
    expect(kindFields('EDGE_OFFLINE')).toMatchObject({ threshold: null, minResults: null, window: 'offline' });
    expect(kindFields('LOW_CONFIDENCE_RATE')).toMatchObject({ threshold: 'percent', scoreBelow: true, minResults: 'results' });
    expect(kindFields('FAILURE_RATE')).toMatchObject({ threshold: 'percent', scoreBelow: false, minResults: 'inferences' });
    expect(scopesFor('ROLLOUT_FAILED')).toEqual(['fleet']);
    expect(scopesFor('DRIFT')).toEqual(['model', 'tag']);
  });
  it('sends an event kind fleet-wide with its window only, and no reminders', () => {
    const form = withKind(rule({ name: 'training broke', scope: 'tag', tagKey: 'site', tagValue: 'a', threshold: '7', channelIds: [4] }), 'TRAINING_FAILED');
    expect(form).toMatchObject({ scope: 'fleet', windowMinutes: '60', threshold: '7' });
    expect(ruleRequest(form)).toEqual({
      request: { name: 'training broke', kind: 'TRAINING_FAILED', windowMinutes: 60, renotifyMinutes: 0, enabled: true, channelIds: [4] },
      errors: {},
    });
    // a window typed before is kept; what the kind does not use is not even checked
    const typed = withKind(rule({ windowMinutes: '30', renotifyMinutes: 'x', minResults: '' }), 'ROLLOUT_FAILED');
    expect(ruleRequest(typed).request).toEqual({ name: 'line 2 offline', kind: 'ROLLOUT_FAILED', windowMinutes: 30, renotifyMinutes: 0,
      enabled: true, channelIds: [] });
    expect(ruleRequest({ ...typed, windowMinutes: '0' }).errors).toEqual({ windowMinutes: 'A whole number of minutes from 1 to 10080 (7 days).' });
    expect(ruleRequest({ ...typed, scope: 'edge', edgeId: '3' }).errors.kind).toMatch(/whole fleet/);
  });
  it('asks a drift rule for a model version as name:version, a PSI and at least 10 samples, with an optional tag', () => {
    const drift = withKind(rule({ name: 'wear drift' }), 'DRIFT');
    expect(drift).toMatchObject({ scope: 'model', threshold: '0.2', windowMinutes: '60', minResults: '100' });
    expect(ruleRequest(drift).errors).toEqual({ modelVersion: 'Give the model version as name:version, e.g. resnet:3.' });
    expect(ruleRequest({ ...drift, modelVersion: 'wear' }).errors.modelVersion).toBe('As name:version, e.g. resnet:3.');
    expect(ruleRequest({ ...drift, modelVersion: 'wear:' }).errors.modelVersion).toBe('As name:version, e.g. resnet:3.');
    expect(ruleRequest({ ...drift, modelVersion: 'wear:1' }).request).toEqual({
      name: 'wear drift', kind: 'DRIFT', modelVersion: 'wear:1', threshold: 0.2, windowMinutes: 60, minResults: 100, renotifyMinutes: 60,
      enabled: true, channelIds: [],
    });
    const tagged = { ...drift, scope: 'tag' as const, tagKey: 'line', tagValue: 'a', modelVersion: 'wear:1', threshold: '0.5', minResults: '10' };
    expect(ruleRequest(tagged).request).toMatchObject({ modelVersion: 'wear:1', tagKey: 'line', tagValue: 'a', threshold: 0.5, minResults: 10 });
    expect(ruleRequest({ ...tagged, threshold: '0.001' }).errors.threshold).toBe('A PSI from 0.01 to 10, e.g. 0.2.');
    expect(ruleRequest({ ...tagged, threshold: '11' }).errors.threshold).toMatch(/from 0.01 to 10/);
    expect(ruleRequest({ ...tagged, threshold: '' }).errors.threshold).toMatch(/Give the PSI/);
    expect(ruleRequest({ ...tagged, minResults: '9' }).errors.minResults).toMatch(/at least 10 samples/);
    expect(ruleRequest({ ...tagged, scope: 'fleet' }).errors.modelVersion).toMatch(/one model version/);
    expect(ruleRequest({ ...tagged, scope: 'edge', edgeId: '2' }).errors.edgeId).toMatch(/one model version/);
    expect(scopeLabel('DRIFT', 'tag')).toBe('A model version, edges with a tag');
    expect(scopeLabel('FAILURE_RATE', 'tag')).toBe('Edges with a tag');
  });
  it('moves the defaults with the kind but keeps what was typed', () => {
    const drift = withKind(rule({ scope: 'model', modelVersion: 'wear:1' }), 'DRIFT');
    // a PSI is no percentage, 60 min is not the rates' 5
    expect(withKind(drift, 'LOW_CONFIDENCE_RATE')).toMatchObject({ threshold: '', windowMinutes: '5', minResults: '20', scope: 'model' });
    expect(withKind({ ...drift, threshold: '0.3', windowMinutes: '120' }, 'FAILURE_RATE')).toMatchObject({ threshold: '0.3', windowMinutes: '120' });
    expect(withKind(rule({ scope: 'edge', edgeId: '3' }), 'DRIFT').scope).toBe('model');
    expect(withKind(rule({ scope: 'tag', tagKey: 'line', tagValue: 'a' }), 'DRIFT').scope).toBe('tag');
  });
  it('round-trips stored drift and event rules; switching them off sends only what they use', () => {
    const drift: AlertRule = { ...STORED, name: 'drift', kind: 'DRIFT', modelVersion: 'wear:1', tagKey: 'line', tagValue: 'a', threshold: 0.25,
      minResults: 200, windowMinutes: 60 };
    expect(formFromRule(drift)).toMatchObject({ scope: 'tag', threshold: '0.25', modelVersion: 'wear:1' });
    expect(ruleRequest(formFromRule(drift)).request).toEqual(ruleUpdate(drift, {}));
    expect(ruleUpdate(drift, {})).toEqual({ name: 'drift', kind: 'DRIFT', modelVersion: 'wear:1', tagKey: 'line', tagValue: 'a', threshold: 0.25,
      minResults: 200, windowMinutes: 60, renotifyMinutes: 0, enabled: true, channelIds: [2, 3] });
    const event: AlertRule = { ...STORED, name: 'rollouts', kind: 'ROLLOUT_FAILED', modelVersion: null, threshold: 0, minResults: 20,
      windowMinutes: 90, renotifyMinutes: 0 };
    expect(formFromRule(event)).toMatchObject({ scope: 'fleet', threshold: '' });
    expect(ruleUpdate(event, { enabled: false })).toEqual({ name: 'rollouts', kind: 'ROLLOUT_FAILED', windowMinutes: 90, renotifyMinutes: 0,
      enabled: false, channelIds: [2, 3] });
    expect(ruleRequest(formFromRule(event)).request).toEqual(ruleUpdate(event, {}));
  });
});

describe('event rules and their alerts in words', () => {
  const event = { ...STORED, modelVersion: null, windowMinutes: 60, renotifyMinutes: 60 };
  it('says what each event kind waits for and how long its alert stays open', () => {
    expect(conditionText({ ...event, kind: 'ROLLOUT_FAILED' })).toBe('a rollout ends FAILED or ROLLED_BACK (open for 1 h)');
    expect(conditionText({ ...event, kind: 'TRAINING_FAILED', windowMinutes: 30 })).toBe('a training run fails (open for 30 min)');
    expect(conditionText({ ...event, kind: 'TRAINING_SUCCEEDED' })).toBe('a training run registers a model version to review (open for 1 h)');
    expect(scopeText({ ...event, kind: 'TRAINING_FAILED' })).toBe('the fleet');
    expect(remindersText({ kind: 'ROLLOUT_FAILED', renotifyMinutes: 60 })).toBe('no reminders (told once)');
    expect(remindersText({ kind: 'FAILURE_RATE', renotifyMinutes: 60 })).toBe('every 1 h');
    expect(kindLabel('TRAINING_SUCCEEDED')).toBe('Training succeeded');
  });
  it('shows no value for an event alert, and links a rollout', () => {
    expect(valueText({ kind: 'ROLLOUT_FAILED', value: 1 })).toBe('—');
    expect(valueText({ kind: 'TRAINING_SUCCEEDED', value: 0 })).toBe('—');
    expect(subjectPath('rollout:7')).toBe('/rollouts/7');
    expect(subjectPath('run:12')).toBeNull();
    expect(tabPath('summary')).toBe('/alerts/summary');
  });
});
