import { describe, expect, it } from 'vitest';
import {
  addDays, anyPending, countChange, countsText, countText, dayProblem, dayText, deliveriesText, headline, hourSeries, isDay, knownZone,
  parseTimeOfDay, percentText, pointChange, ratesRow, sameSettingsForm, SCORE_CHOICES, sendRequest, sentText, settingsForm, settingsNote,
  settingsRequest, settingsText, SUMMARY_API, SUMMARY_DEFAULTS, summaryActions, summaryQuery, summarySearch, timeZones, todayIn, yesterdayIn,
  type DailySummary, type Rates, type SentSummary, type SettingsForm,
} from './summaryLogic';

const rates = (change: Partial<Rates> = {}): Rates => ({
  group: 'fleet', inferences: 1200, lowConfidencePercent: 7.5, failurePercent: 1.25, previousInferences: 1000, previousLowConfidencePercent: 6.3,
  previousFailurePercent: 2, ...change,
});

const SUMMARY: DailySummary = {
  day: '2025-01-14', timeZone: 'Europe/Berlin', from: '2025-01-13T23:00:00Z', to: '2025-01-14T23:00:00Z', generatedAt: '2025-01-15T07:30:00Z',
  lowConfidenceBelow: 0.35,
  edges: { approved: 15, online: 12, offline: 3, seenSinceDayStart: 14 },
  fleet: rates(), byModel: [rates({ group: 'resnet:3' })], byTag: [],
  hours: [
    { start: '2025-01-13T23:00:00Z', results: 100, lowConfidence: 10, failures: 0 },
    { start: '2025-01-14T05:00:00Z', results: 3, lowConfidence: 1, failures: 1 },
    { start: '2025-01-14T06:00:00Z', results: 0, lowConfidence: 0, failures: 2 },
  ],
  alerts: { opened: 2, resolved: 1, openAtEnd: 4 }, alertLines: ['rule x fired on edge cam-1'],
  rollouts: { started: 1, succeeded: 0, failed: 1 }, trainings: { started: 3, succeeded: 2, failed: 1 },
};

const form = (change: Partial<SettingsForm> = {}): SettingsForm => ({ ...settingsForm(null), ...change });

describe('days in a time zone', () => {
  // 2025-01-15 00:30 in Berlin, still the 14th in UTC and New York
  const now = Date.parse('2025-01-14T23:30:00Z');
  it('knows which day it is where, and that yesterday is the newest that has ended', () => {
    expect(todayIn('UTC', now)).toBe('2025-01-14');
    expect(todayIn('Europe/Berlin', now)).toBe('2025-01-15');
    expect(yesterdayIn('Europe/Berlin', now)).toBe('2025-01-14');
    expect(yesterdayIn('America/New_York', now)).toBe('2025-01-13');
    expect(yesterdayIn('UTC', Date.parse('2025-03-01T00:00:00Z'))).toBe('2025-02-28');
    expect(yesterdayIn('Mars/Olympus', now)).toBeNull();
  });
  it('refuses days that are no dates or have not ended yet', () => {
    expect(dayProblem('2025-01-14', 'Europe/Berlin', now)).toBeNull();
    expect(dayProblem('2025-01-14', 'UTC', now)).toBe('That day has not ended yet in UTC; the latest is 2025-01-13.');
    expect(dayProblem('2025-02-30', 'UTC', now)).toBe('A day as YYYY-MM-DD.');
    expect(dayProblem('14.01.2025', 'UTC', now)).toBe('A day as YYYY-MM-DD.');
    // a zone the browser does not know is the server's to judge
    expect(dayProblem('2030-01-01', 'Mars/Olympus', now)).toBeNull();
  });
  it('counts days across months and years and names them', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect([isDay('2024-02-29'), isDay('2025-02-29'), isDay('2025-1-5')]).toEqual([true, false, false]);
    expect(dayText('2025-01-14')).toBe('Tuesday 14 January 2025');
  });
  it('knows IANA zones and offers UTC first', () => {
    expect([knownZone('Europe/Berlin'), knownZone('UTC'), knownZone('Europe/Nowhere'), knownZone('')]).toEqual([true, true, false, false]);
    const zones = timeZones();
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('Europe/Berlin');
    expect(zones.filter((z) => z === 'UTC')).toHaveLength(1);
  });
  it('keeps the day and zone in the link', () => {
    expect(summaryQuery('?day=2025-01-14&zone=Europe/Berlin')).toEqual({ day: '2025-01-14', zone: 'Europe/Berlin' });
    expect(summaryQuery('?day=yesterday&zone=%20')).toEqual({ day: null, zone: null });
    expect(summarySearch('2025-01-14', 'Europe/Berlin')).toBe('?day=2025-01-14&zone=Europe/Berlin');
    expect(summarySearch(null, null)).toBe('');
  });
  it('asks the server for a day in a zone, or its default', () => {
    expect(SUMMARY_API.daily(null, null)).toBe('/api/v1/summaries/daily');
    expect(SUMMARY_API.daily('2025-01-14', 'Europe/Berlin')).toBe('/api/v1/summaries/daily?day=2025-01-14&timeZone=Europe%2FBerlin');
    expect(SUMMARY_API.sent(20)).toBe('/api/v1/summaries?limit=20');
    expect(SUMMARY_API.kept(3)).toBe('/api/v1/summaries/3');
  });
});

describe('numbers and their change against the day before', () => {
  it('formats counts and shares', () => {
    expect(countText(1234567)).toBe('1,234,567');
    expect(percentText(7.25)).toBe('7.3 %');
    expect(percentText(0)).toBe('0.0 %');
    expect(percentText(null)).toBe('—');
  });
  it('gives a count\'s change in percent, with a decimal below 10 %, neither good nor bad', () => {
    expect(countChange(1200, 1000)).toEqual({ text: '+20 %', arrow: '▲', tone: 'neutral', title: '1,000 the day before' });
    expect(countChange(975, 1000)).toMatchObject({ text: '\u22122.5 %', arrow: '▼' });
    expect(countChange(1000, 1000)).toMatchObject({ text: '±0 %', arrow: '' });
    expect(countChange(10001, 10000)).toMatchObject({ text: '±0 %' });
    expect(countChange(0, 40)).toMatchObject({ text: '\u2212100 %', arrow: '▼' });
    expect(countChange(50, 0)).toEqual({ text: 'none the day before', arrow: '▲', tone: 'neutral', title: 'No inferences the day before.' });
    expect(countChange(0, 0)).toMatchObject({ text: 'none the day before', arrow: '' });
  });
  it('gives a rate\'s change in percentage points: up is bad, down is good', () => {
    expect(pointChange(7.5, 6.3)).toEqual({ text: '+1.2 pt', arrow: '▲', tone: 'bad', title: '6.3 % the day before' });
    // between the shares as shown: 1.3 % after 2.0 %
    expect(pointChange(1.25, 2)).toMatchObject({ text: '\u22120.7 pt', arrow: '▼', tone: 'good' });
    expect(pointChange(5.02, 5)).toMatchObject({ text: '±0 pt', tone: 'neutral' });
    expect(pointChange(5, null)).toMatchObject({ text: 'none the day before', tone: 'neutral' });
    expect(pointChange(null, 4)).toMatchObject({ text: '—', title: 'No inferences on this day; 4.0 % the day before.' });
  });
  it('puts a group\'s numbers in a row', () => {
    const row = ratesRow(rates({ group: 'site=plant-1' }));
    expect([row.group, row.inferences, row.lowConfidence, row.failures]).toEqual(['site=plant-1', '1,200', '7.5 %', '1.3 %']);
    expect([row.inferencesChange.text, row.lowConfidenceChange.text, row.failuresChange.text]).toEqual(['+20 %', '+1.2 pt', '\u22120.7 pt']);
    expect(ratesRow(rates({ inferences: 0, lowConfidencePercent: null, failurePercent: null })).lowConfidence).toBe('—');
  });
  it('makes the headline: edges now, the fleet on the day', () => {
    const h = headline(SUMMARY);
    expect([h.online, h.offline, h.inferences, h.lowConfidence, h.failures]).toEqual(['12', '3', '1,200', '7.5 %', '1.3 %']);
    expect(h.onlineHint).toBe('now, of 15 approved');
    expect(h.offlineHint).toBe('now; 14 seen since the day began');
    expect(h.lowConfidenceHint).toBe('of the results, scoring below 0.35');
    expect(countsText(SUMMARY.trainings)).toBe('3 started, 2 succeeded, 1 failed');
  });
});

describe('the hourly chart', () => {
  it('has a bar for every hour of the day, and the shares where there was something', () => {
    const series = hourSeries(SUMMARY);
    expect(series.times).toHaveLength(24);
    expect(series.times[0]).toBe(Date.parse('2025-01-13T23:00:00Z') / 1000);
    expect(series.times[23]).toBe(Date.parse('2025-01-14T22:00:00Z') / 1000);
    expect(series.results.slice(0, 8)).toEqual([100, 0, 0, 0, 0, 0, 3, 0]);
    expect(series.lowPercent[0]).toBe(10);
    expect(series.lowPercent[6]).toBe(33.3);
    expect(series.lowPercent[1]).toBeNull();
    expect(series.failurePercent[6]).toBe(25);
    // failures without results: no low-confidence share, all failed
    expect([series.lowPercent[7], series.failurePercent[7]]).toEqual([null, 100]);
    expect(series.total).toBe(103);
  });
  it('follows a day of 23 or 25 hours', () => {
    const spring = hourSeries({ from: '2025-03-29T23:00:00Z', to: '2025-03-30T22:00:00Z', hours: [] });
    const autumn = hourSeries({ from: '2025-10-25T22:00:00Z', to: '2025-10-26T23:00:00Z', hours: [] });
    expect([spring.times.length, autumn.times.length]).toEqual([23, 25]);
    expect(spring.total).toBe(0);
  });
});

describe('the settings form', () => {
  it('starts from the server\'s defaults and finds nothing to fix', () => {
    expect(form()).toEqual({ enabled: false, timeOfDay: '08:00', timeZone: 'UTC', channelIds: [], lowConfidenceBelow: '0.5' });
    expect(settingsRequest(form())).toEqual({ request: SUMMARY_DEFAULTS, errors: {} });
  });
  it('reads a time of day as HH:mm', () => {
    expect(['07:30', '7:30', ' 23:59 ', '00:00'].map(parseTimeOfDay)).toEqual(['07:30', '07:30', '23:59', '00:00']);
    expect(['24:00', '7.30', '07:30:00', '0730', '12:60', ''].map(parseTimeOfDay)).toEqual([null, null, null, null, null, null]);
  });
  it('sends the settings, the time padded and each channel once', () => {
    const { request, errors } = settingsRequest(form({ enabled: true, timeOfDay: '7:30', timeZone: ' Europe/Berlin ', channelIds: [3, 5, 3],
      lowConfidenceBelow: '0.35' }));
    expect(errors).toEqual({});
    expect(request).toEqual({ enabled: true, timeOfDay: '07:30', timeZone: 'Europe/Berlin', channelIds: [3, 5], lowConfidenceBelow: 0.35 });
  });
  it('names what is wrong, keyed as the server names it', () => {
    const { request, errors } = settingsRequest(form({ timeOfDay: '25:00', timeZone: 'Europe/Nowhere', lowConfidenceBelow: '0.33',
      channelIds: Array.from({ length: 21 }, (_, i) => i + 1) }));
    expect(request).toBeNull();
    expect(errors).toEqual({
      timeOfDay: 'Hours and minutes as HH:mm, from 00:00 to 23:59, e.g. 08:00.',
      timeZone: 'Not a time zone: give an IANA name such as Europe/Berlin, not Europe/Nowhere.',
      channelIds: 'At most 20 channels, these are 21.',
      lowConfidenceBelow: 'A score from 0.05 to 0.95 in steps of 0.05, e.g. 0.5.',
    });
    expect(settingsRequest(form({ timeZone: ' ' })).errors.timeZone).toMatch(/Give a time zone/);
    expect(settingsRequest(form({ lowConfidenceBelow: '1' })).errors.lowConfidenceBelow).toBeDefined();
    // the zone is checked by what the browser knows; the server has the last word
    expect(settingsRequest(form({ timeZone: 'Etc/Custom' }), () => true).request?.timeZone).toBe('Etc/Custom');
  });
  it('offers the scores of the 0.05 grid, as the stored value reads', () => {
    expect(SCORE_CHOICES).toHaveLength(19);
    expect(SCORE_CHOICES.slice(0, 4)).toEqual(['0.05', '0.1', '0.15', '0.2']);
    expect(SCORE_CHOICES[18]).toBe('0.95');
    expect(SCORE_CHOICES).toContain(settingsForm({ ...SUMMARY_DEFAULTS, lowConfidenceBelow: 0.7000000000000001 }).lowConfidenceBelow);
  });
  it('knows a form nobody typed in, whatever the order of its channels', () => {
    expect(sameSettingsForm(form({ channelIds: [1, 2] }), form({ channelIds: [2, 1] }))).toBe(true);
    expect(sameSettingsForm(form(), form({ timeOfDay: '07:30' }))).toBe(false);
  });
  it('says the settings in words, and warns of a summary sent nowhere', () => {
    const name = (id: number) => ({ 3: 'ops-hook', 5: 'mail', 7: 'teams' } as Record<number, string>)[id] ?? `#${id}`;
    const on = { enabled: true, timeOfDay: '07:30', timeZone: 'Europe/Berlin', channelIds: [3], lowConfidenceBelow: 0.5 };
    expect(settingsText(on, name)).toBe('Made every day at 07:30 (Europe/Berlin), of the day before in that zone, and sent to ops-hook. '
      + 'Results scoring below 0.5 count as low-confidence.');
    expect(settingsText({ ...on, channelIds: [3, 5, 7] }, name)).toMatch(/sent to ops-hook, mail and teams\./);
    expect(settingsText({ ...on, channelIds: [] }, name)).toMatch(/^Made every day at 07:30 \(Europe\/Berlin\).*kept here, sent to no channel\./);
    expect(settingsText({ ...on, enabled: false }, name)).toBe('Off: nothing is made by itself; switched on, the summary is made every day at '
      + '07:30 (Europe/Berlin), of the day before in that zone, and sent to ops-hook. Any day\'s summary can be shown here and sent with '
      + '"Send now". Results scoring below 0.5 count as low-confidence.');
    expect(settingsNote(form({ enabled: true }))).toMatch(/sent nowhere/);
    expect(settingsNote(form({ enabled: true, channelIds: [3] }))).toBeNull();
    expect(settingsNote(form())).toBeNull();
  });
});

describe('sending and what was sent', () => {
  const now = Date.parse('2025-01-14T23:30:00Z');
  const sent = (statuses: SentSummary['deliveries'][number]['status'][]): SentSummary => ({
    id: 1, day: '2025-01-13', timeZone: 'UTC', generatedAt: '2025-01-14T08:00:00Z', generatedBy: 'admin',
    deliveries: statuses.map((status, i) => ({ channelId: i + 1, channelName: `c${i + 1}`, status, attempts: 1, lastStatusCode: null, lastError: null, deliveredAt: null })),
  });
  it('sends the day picked, or nothing for yesterday; not a day that has not ended', () => {
    expect(sendRequest('', 'UTC', now)).toEqual({ request: {}, error: null });
    expect(sendRequest('2025-01-13', 'UTC', now)).toEqual({ request: { day: '2025-01-13' }, error: null });
    expect(sendRequest('2025-01-14', 'UTC', now).error).toMatch(/not ended yet/);
  });
  it('says what became of the deliveries', () => {
    expect(deliveriesText(sent([]))).toEqual({ text: 'kept; no channel told', tone: 'hint' });
    expect(deliveriesText(sent(['DELIVERED']))).toEqual({ text: 'delivered', tone: 'ok' });
    expect(deliveriesText(sent(['DELIVERED', 'DELIVERED']))).toEqual({ text: 'delivered to all 2', tone: 'ok' });
    expect(deliveriesText(sent(['DELIVERED', 'PENDING']))).toEqual({ text: '1 of 2 delivered, 1 pending', tone: 'hint' });
    expect(deliveriesText(sent(['FAILED', 'PENDING', 'DELIVERED']))).toEqual({ text: '1 of 3 failed, 1 pending', tone: 'error' });
    expect([anyPending([sent(['DELIVERED']), sent(['PENDING'])]), anyPending([sent(['FAILED'])])]).toEqual([true, false]);
    expect(sentText(sent(['PENDING', 'PENDING']))).toBe('Summary of 2025-01-13 (UTC) made and sent to 2 channels.');
    expect(sentText(sent([]))).toMatch(/made and kept; no channel/);
  });
  it('lets managers and admins change the settings and send; viewers read', () => {
    expect(summaryActions('MANAGER')).toEqual({ editSettings: true, send: true });
    expect(summaryActions('ADMIN')).toEqual({ editSettings: true, send: true });
    expect(summaryActions('VIEWER')).toEqual({ editSettings: false, send: false });
    expect(summaryActions(null)).toEqual({ editSettings: false, send: false });
  });
});
