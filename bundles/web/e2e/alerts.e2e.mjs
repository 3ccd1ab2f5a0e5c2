// End-to-end test of the alerting pages and the notification bell in a real headless Chromium (Debian's, driven by
// playwright-core). Started by WebConsoleIT against the booted distribution:
//   BASE_URL=http://127.0.0.1:PORT ADMIN_PASSWORD=... SCREENSHOT_DIR=... [EXPECT_FIRING=1] node alerts.e2e.mjs
// A webhook receiver of its own (node:http on 127.0.0.1: answers 200, keeps what it got). As admin, on the Channels
// tab: a WEBHOOK channel to the receiver, signed, after the form refused a URL that is not http; "Send test" reaches the
// receiver (signature checked) and says delivered. On the Rules tab: the form refuses a low-confidence rate without a
// threshold, shows only the fields of the kind chosen, then creates an EDGE_OFFLINE rule for the edges tagged
// alerts-e2e=<stamp>, offline for more than 1 min, telling the channel (the request checked field by field); switched
// off and on. The bell opens its list and marks it read. A VIEWER sees the three tabs without a button that changes
// anything. With EXPECT_FIRING=1 (the server's evaluator runs often, as WebConsoleIT configures it) an edge with that
// tag, registered through the API and never seen, makes the rule fire within 90 s: the alert's row, the bell's badge
// and a FIRED delivery at the receiver; the alert's page with its timeline and delivery log; Acknowledge, then Silence
// for 4 h; the bell's entry links to the alert. Finally the rule and the channel are deleted through their
// confirmations. No console errors throughout.
// Also: a TRAINING_FAILED rule made in the form (no scope, threshold or reminders asked; open for 60 min) and listed
// with its condition in words. The Daily summary tab: an edge of its own (enrolled and approved through the API) sends
// results timed on the day the tab opens on (yesterday in the settings' zone) and on the day before; once the rollups
// counted them the tab shows that day's headline numbers as the API computes them and the hourly chart with its bars
// drawn (blue pixels on the canvas); the settings saved in the form (07:30, Europe/Berlin, the channel) are what the
// API then answers; "Send now" lists the sent summary with the channel's delivery; a VIEWER sees the settings in words
// without the form or "Send now". The settings found are put back.
import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { apiClient, environment, launch, login } from './support.mjs';

const { base, adminPassword, screenshots, step } = environment('alerts-e2e');
const api = apiClient(base);
const stamp = Date.now().toString(36);
const firing = process.env.EXPECT_FIRING === '1';
const TAG = 'alerts-e2e';
const TARGET = 'edge-agent';
const channelName = `e2e-hook-${stamp}`;
const secret = `e2e-signing-secret-${stamp}`;
const ruleName = `e2e offline ${stamp}`;
const eventRuleName = `e2e training failed ${stamp}`;
const summaryModel = `summary-e2e-${stamp}:1`;

const textOf = async (locator) => ((await locator.textContent()) ?? '').trim();

/** Waits until the element's text is exactly `value` (badges). */
function textIs(page, testId, value, timeout = 20_000) {
  return page.waitForFunction(([id, v]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === v,
    [testId, value], { timeout });
}

/** Yesterday in an IANA zone, as YYYY-MM-DD. */
function yesterdayIn(zone) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** Polls `probe` until it answers something truthy; answers it. */
async function eventually(probe, timeout, what) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    assert.ok(Date.now() < deadline, `${what} within ${timeout / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A webhook receiver: every request it got, with its headers and body as text; answers 200. */
async function receiver() {
  const got = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => {
      got.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      response.end('ok');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { got, url: `http://127.0.0.1:${server.address().port}/hook`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Waits until the receiver got a request that `test` accepts; answers it. */
async function received(hook, test, timeout, what) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const hit = hook.got.find(test);
    if (hit) return hit;
    assert.ok(Date.now() < deadline, `the receiver got ${what} within ${timeout / 1000} s; it got ${hook.got.length} request(s)`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const hook = await receiver();
const browser = await launch();
let edge = null;
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(20_000);
  const admin = (await api('POST', '/api/v1/auth/login', null, { username: 'admin', password: adminPassword })).token;

  // the daily summary's data, sent first so that the rollups have counted it by the time the tab is opened: results of an
  // edge of its own at noon (UTC) of the day the tab opens on, yesterday in the settings' zone, and of the day before
  const summarySettings = await api('GET', '/api/v1/summaries/settings', admin);
  const summaryDay = yesterdayIn(summarySettings.timeZone);
  step(`results on ${summaryDay} (${summarySettings.timeZone}) and the day before from an edge enrolled for the daily summary`);
  const enrollment = await api('POST', '/api/v1/enrollment-tokens', admin, { description: `summary e2e ${stamp}`, maxUses: 1, ttlSeconds: 600 });
  const summaryEdge = await api('POST', '/api/v1/edge/enroll', null, {
    token: enrollment.secret, name: `summary-${stamp}`, device: { os: 'Linux', arch: 'x86_64', cores: 2, agentVersion: '0.1.0' },
  });
  await api('POST', `/api/v1/edges/${summaryEdge.edgeId}/approve`, admin);
  const noon = Date.parse(`${summaryDay}T12:00:00Z`);
  const seeded = [
    // 40 on the day, 10 of them scoring 0.3 (low for any threshold above it), spread over 10:00 to 13:59 UTC
    ...Array.from({ length: 40 }, (_, i) => ({ at: noon - 2 * 3600_000 + i * 6 * 60_000, score: i % 4 === 0 ? 0.3 : 0.95 })),
    // 20 the day before
    ...Array.from({ length: 20 }, (_, i) => ({ at: noon - 86_400_000 + i * 60_000, score: 0.95 })),
  ].map((r, i) => ({ seq: i + 1, time: new Date(r.at).toISOString(), modelVersion: summaryModel, label: 'ok', score: r.score, latencyMs: 4 }));
  assert.equal((await api('POST', '/api/v1/edge/results', summaryEdge.credential, seeded)).accepted, seeded.length);

  if (firing) {
    // registered, never seen: offline since it was created, so the rule fires once the minute has passed
    step(`an edge tagged ${TAG}=${stamp} registered through the API (the rule will find it offline)`);
    edge = await api('POST', '/api/v1/edges', admin, { name: `alerts-${stamp}`, target: TARGET, tags: { [TAG]: stamp } });
    assert.equal(edge.state, 'APPROVED', 'a registered edge is approved at once');
  }

  step('log in as admin; the Alerts page is in the navigation and opens on the open alerts');
  await login(page, base, 'admin', adminPassword);
  await page.getByTestId('nav-alerts').waitFor();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.getByTestId('notifications-open').waitFor();
  await page.getByTestId('nav-alerts').click();
  await page.waitForURL('**/alerts');
  assert.equal(await page.getByTestId('alerts-show-open').getAttribute('aria-pressed'), 'true', 'open alerts first');
  await page.getByTestId('alerts-chart').locator('canvas').first().waitFor();
  await page.getByTestId('alerts-fired-total').waitFor();

  step('Channels: the form refuses a URL that is not http, then creates a signed WEBHOOK channel to the receiver');
  await page.getByTestId('alerts-tab-channels').click();
  await page.waitForURL('**/alerts/channels');
  await page.getByTestId('channel-new').click();
  const channelForm = page.getByTestId('channel-form');
  await channelForm.getByTestId('channel-name').fill(channelName);
  assert.equal(await channelForm.getByTestId('channel-type').inputValue(), 'WEBHOOK');
  await channelForm.getByTestId('channel-type').selectOption('EMAIL');
  await channelForm.getByTestId('channel-recipients').waitFor();
  assert.equal(await channelForm.getByTestId('channel-url').count(), 0, 'an EMAIL channel has no URL');
  await channelForm.getByTestId('channel-type').selectOption('WEBHOOK');
  await channelForm.getByTestId('channel-url').fill('ftp://127.0.0.1/hook');
  await channelForm.getByTestId('channel-save').click();
  await channelForm.getByTestId('error-url').getByText('http or https').waitFor();
  await channelForm.getByTestId('channel-url').fill(hook.url);
  await channelForm.getByTestId('channel-secret').fill(secret);
  const [created] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/channels'),
    channelForm.getByTestId('channel-save').click(),
  ]);
  assert.equal(created.status(), 201);
  assert.deepEqual(created.request().postDataJSON(), { name: channelName, type: 'WEBHOOK', url: hook.url, secret });
  const channel = await created.json();
  assert.equal(channel.signed, true, 'the channel signs');
  await page.getByTestId('channel-message').getByText(`Channel ${channelName} created`).waitFor();
  // the API shows only scheme and host: an incoming-webhook URL is itself the credential
  const shown = new URL(hook.url).origin + '/...';
  assert.equal(channel.url, shown);
  await textIs(page, `channel-target-${channel.id}`, shown);

  step('"Send test": the receiver gets a signed test notification and the page says delivered');
  await page.getByTestId(`channel-test-${channel.id}`).click();
  await page.getByTestId(`channel-test-result-${channel.id}`).getByText('delivered (HTTP 200)').waitFor();
  const test = await received(hook, (r) => r.body.includes('Test notification'), 10_000, 'the test notification');
  const body = JSON.parse(test.body);
  assert.equal(body.alert.rule, 'Test notification');
  assert.match(body.message, /this channel works/);
  const signature = createHmac('sha256', secret).update(`${test.headers['x-modelfleet-timestamp']}.${test.body}`).digest('hex');
  assert.equal(test.headers['x-modelfleet-signature'], `sha256=${signature}`, 'signed with the channel\'s secret over timestamp.body');
  await page.getByTestId(`channel-deliveries-open-${channel.id}`).click();
  await page.getByTestId('channel-deliveries').getByText(`Deliveries of ${channelName}`).waitFor();
  assert.deepEqual(errors, [], 'no console errors');

  step('Rules: a low-confidence rate without a threshold refused; the fields follow the kind');
  await page.getByTestId('alerts-tab-rules').click();
  await page.waitForURL('**/alerts/rules');
  await page.getByTestId('rule-new').click();
  const ruleForm = page.getByTestId('rule-form');
  await ruleForm.getByTestId('rule-name').fill(ruleName);
  await ruleForm.getByTestId('rule-kind').selectOption('LOW_CONFIDENCE_RATE');
  await ruleForm.getByTestId('rule-score-below').waitFor();
  assert.equal(await ruleForm.getByTestId('rule-score-below').inputValue(), '0.5', 'scores below 0.5 by default');
  assert.ok(await ruleForm.getByTestId('rule-scope').locator('option[value="model"]').count(), 'a rate may watch one model version');
  await ruleForm.getByTestId('rule-save').click();
  await ruleForm.getByTestId('error-threshold').getByText('Give the percentage').waitFor();
  assert.match(await textOf(ruleForm.getByTestId('rule-form-error')), /need fixing/);
  await ruleForm.getByTestId('rule-kind').selectOption('EDGE_OFFLINE');
  for (const rateOnly of ['rule-threshold', 'rule-score-below', 'rule-min-results']) {
    assert.equal(await ruleForm.getByTestId(rateOnly).count(), 0, `no ${rateOnly} for EDGE_OFFLINE`);
  }
  assert.equal(await ruleForm.getByTestId('rule-scope').locator('option[value="model"]').count(), 0, 'edges go offline, not model versions');

  step(`an EDGE_OFFLINE rule for the edges tagged ${TAG}=${stamp}, offline for more than 1 min, telling the channel`);
  await ruleForm.getByTestId('rule-scope').selectOption('tag');
  await ruleForm.getByTestId('rule-tag-key').fill(TAG);
  await ruleForm.getByTestId('rule-tag-value').fill(stamp);
  await ruleForm.getByTestId('rule-window').fill('1');
  await ruleForm.getByTestId(`rule-channel-${channel.id}`).check();
  await page.screenshot({ path: join(screenshots, 'alert-rule-form.png'), fullPage: true });
  const [ruleCreated] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/alert-rules'),
    ruleForm.getByTestId('rule-save').click(),
  ]);
  assert.equal(ruleCreated.status(), 201);
  assert.deepEqual(ruleCreated.request().postDataJSON(), {
    name: ruleName, kind: 'EDGE_OFFLINE', tagKey: TAG, tagValue: stamp, windowMinutes: 1, renotifyMinutes: 60, enabled: true, channelIds: [channel.id],
  });
  const rule = await ruleCreated.json();
  await page.getByTestId('rule-message').getByText(`Rule ${ruleName} created`).waitFor();
  await textIs(page, `rule-condition-${rule.id}`, 'offline for more than 1 min');
  await textIs(page, `rule-scope-${rule.id}`, `edges tagged ${TAG}=${stamp}`);
  await textIs(page, `rule-channels-${rule.id}`, channelName);
  await textIs(page, `rule-enabled-${rule.id}`, 'ENABLED');

  step('switched off and on again');
  await page.getByTestId(`rule-toggle-${rule.id}`).click();
  await textIs(page, `rule-enabled-${rule.id}`, 'DISABLED');
  assert.equal((await api('GET', '/api/v1/alert-rules', admin)).find((r) => r.id === rule.id).enabled, false, 'the server agrees');
  await page.getByTestId(`rule-toggle-${rule.id}`).click();
  await textIs(page, `rule-enabled-${rule.id}`, 'ENABLED');
  const stored = (await api('GET', '/api/v1/alert-rules', admin)).find((r) => r.id === rule.id);
  assert.deepEqual([stored.enabled, stored.windowMinutes, stored.tagKey, stored.tagValue, stored.channelIds], [true, 1, TAG, stamp, [channel.id]],
    'switching keeps the rest of the rule');
  assert.deepEqual(errors, [], 'no console errors');

  step('a TRAINING_FAILED rule: the form asks no scope, threshold or reminders, and it is listed with its condition in words');
  await page.getByTestId('rule-new').click();
  const eventForm = page.getByTestId('rule-form');
  await eventForm.getByTestId('rule-name').fill(eventRuleName);
  await eventForm.getByTestId('rule-kind').selectOption('TRAINING_FAILED');
  await eventForm.getByTestId('rule-scope-fixed').getByText('The whole fleet').waitFor();
  for (const unused of ['rule-scope', 'rule-threshold', 'rule-score-below', 'rule-min-results', 'rule-renotify', 'rule-model-version']) {
    assert.equal(await eventForm.getByTestId(unused).count(), 0, `no ${unused} for TRAINING_FAILED`);
  }
  assert.equal(await eventForm.getByTestId('rule-window').inputValue(), '60', 'open for 60 min by default');
  const [eventCreated] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/alert-rules'),
    eventForm.getByTestId('rule-save').click(),
  ]);
  assert.equal(eventCreated.status(), 201);
  assert.deepEqual(eventCreated.request().postDataJSON(), {
    name: eventRuleName, kind: 'TRAINING_FAILED', windowMinutes: 60, renotifyMinutes: 0, enabled: true, channelIds: [],
  });
  const eventRule = await eventCreated.json();
  await textIs(page, `rule-condition-${eventRule.id}`, 'a training run fails (open for 1 h)');
  await textIs(page, `rule-scope-${eventRule.id}`, 'the fleet');
  await textIs(page, `rule-reminders-${eventRule.id}`, 'no reminders (told once)');

  step(`Daily summary: ${summaryDay} first, its headline numbers as the API has them, the hourly chart with bars`);
  const expected = await eventually(async () => {
    const made = await api('GET', `/api/v1/summaries/daily?day=${summaryDay}`, admin);
    return made.fleet.inferences >= 40 && made.fleet.previousInferences >= 20 ? made : null;
  }, 30_000, 'the rollups counted the results sent');
  await page.getByTestId('alerts-tab-summary').click();
  await page.waitForURL('**/alerts/summary');
  await page.getByTestId('summary').waitFor();
  assert.equal(await page.getByTestId('summary-day').inputValue(), summaryDay, 'yesterday in the settings\' zone first');
  await textIs(page, 'summary-inferences-value', expected.fleet.inferences.toLocaleString('en-US'));
  await textIs(page, 'summary-low-confidence-value', `${expected.fleet.lowConfidencePercent.toFixed(1)} %`);
  for (const card of ['summary-online', 'summary-offline']) assert.match(await textOf(page.getByTestId(`${card}-value`)), /^\d[\d,]*$/, card);
  assert.match(await textOf(page.getByTestId('summary-inferences-change')), /%|none the day before/);
  assert.match(await textOf(page.getByTestId('summary-low-confidence-change')), / pt$|none the day before/);
  await page.getByTestId('summary-by-model').getByText(summaryModel, { exact: true }).waitFor();
  await page.getByTestId('summary-trainings').waitFor();
  // uPlot draws on a canvas: the results' bars are its blue pixels (the lines are amber and red, the axes grey)
  const canvas = page.getByTestId('summary-chart').locator('canvas').first();
  await canvas.waitFor();
  const barPixels = await eventually(() => canvas.evaluate((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let blue = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 40 && data[i + 2] - data[i] > 80) blue++;
    return blue > 300 ? blue : 0;
  }), 5000, 'bars drawn on the chart');
  assert.ok(barPixels > 300, `${barPixels} bar pixels`);

  step('the summary settings saved in the form (07:30, Europe/Berlin, the channel) are what the API answers');
  const settingsForm = page.getByTestId('summary-settings-form');
  await settingsForm.getByTestId('summary-time').fill('07:30');
  await settingsForm.getByTestId('summary-timezone').fill('Europe/Berlin');
  await settingsForm.getByTestId(`summary-channel-${channel.id}`).check();
  const [settingsSaved] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'PUT' && new URL(r.url()).pathname === '/api/v1/summaries/settings'),
    settingsForm.getByTestId('summary-settings-save').click(),
  ]);
  assert.equal(settingsSaved.status(), 200);
  assert.deepEqual(settingsSaved.request().postDataJSON(), {
    enabled: summarySettings.enabled, timeOfDay: '07:30', timeZone: 'Europe/Berlin',
    channelIds: [...new Set([...summarySettings.channelIds, channel.id])], lowConfidenceBelow: summarySettings.lowConfidenceBelow,
  });
  await page.getByTestId('summary-settings-message').getByText('Saved.').waitFor();
  const storedSettings = await api('GET', '/api/v1/summaries/settings', admin);
  assert.deepEqual([storedSettings.timeOfDay, storedSettings.timeZone, storedSettings.channelIds.includes(channel.id)], ['07:30', 'Europe/Berlin', true]);
  await page.getByTestId('summary-settings-text').getByText('07:30 (Europe/Berlin)', { exact: false }).waitFor();

  step('"Send now": the sent summary listed with the channel\'s delivery');
  const [sentNow] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/summaries/send'),
    page.getByTestId('summary-send').click(),
  ]);
  assert.equal(sentNow.status(), 201);
  const sentSummary = await sentNow.json();
  assert.equal(sentSummary.timeZone, 'Europe/Berlin');
  await page.getByTestId('summary-send-message').getByText(`Summary of ${sentSummary.day} (Europe/Berlin)`).waitFor();
  await page.getByTestId(`summary-delivery-${sentSummary.id}-${channel.id}`).getByText(channelName).waitFor();
  assert.deepEqual(errors, [], 'no console errors');

  step('the bell: its list opens, and opening it marks what it shows read');
  const before = await api('GET', '/api/v1/notifications?limit=20', admin);
  if (before.unread > 0) await page.getByTestId('notifications-badge').waitFor();
  await page.getByTestId('notifications-open').click();
  await page.getByTestId('notifications-panel').waitFor();
  await page.getByTestId('notifications-list').waitFor({ state: 'attached' });
  await page.getByTestId('notifications-badge').waitFor({ state: 'detached' });
  if (before.events.length) {
    // the mark is the admin's, whichever session asks
    const newest = Math.max(...before.events.map((e) => e.id));
    await page.getByTestId(`notification-${newest}`).waitFor();
    let read = 0;
    for (let i = 0; i < 50 && read < newest; i++) {
      read = (await api('GET', '/api/v1/notifications?limit=20', admin)).lastReadId;
      if (read < newest) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(read >= newest, `read up to event ${newest}, the server has ${read}`);
  } else {
    await page.getByTestId('notifications-empty').waitFor();
  }
  await page.keyboard.press('Escape');
  await page.getByTestId('notifications-panel').waitFor({ state: 'detached' });

  let alertId = null;
  if (firing) {
    step('EXPECT_FIRING: within 90 s the alert\'s row, the bell\'s badge and a FIRED delivery at the receiver');
    await page.getByTestId('alerts-tab-alerts').click();
    await page.getByTestId('alerts-rule').selectOption(String(rule.id));
    const row = page.locator('[data-testid^="alert-row-"]').first();
    await row.waitFor({ timeout: 90_000 });
    alertId = Number((await row.getAttribute('data-testid')).replace('alert-row-', ''));
    await textIs(page, `alert-state-${alertId}`, 'FIRING');
    assert.match(await textOf(page.getByTestId(`alert-value-${alertId}`)), /^\d+ min offline$/);
    await row.getByText(`edge alerts-${stamp}`, { exact: true }).waitFor();
    await page.waitForFunction(() => {
      const badge = document.querySelector('[data-testid="notifications-badge"]')?.textContent?.trim() ?? '';
      return badge === '99+' || Number(badge) >= 1;
    }, null, { timeout: 30_000 });
    const fired = await received(hook, (r) => r.headers['x-modelfleet-event'] === 'FIRED' && r.body.includes(`"id":${alertId},`), 60_000, 'the FIRED delivery');
    assert.equal(JSON.parse(fired.body).alert.rule, ruleName);
    await page.screenshot({ path: join(screenshots, 'alerts.png'), fullPage: true });

    step('the alert\'s page: its timeline and its delivery log, DELIVERED at the first attempt');
    await page.getByTestId(`alert-link-${alertId}`).click();
    await page.waitForURL(`**/alerts/${alertId}`);
    await textIs(page, 'alert-state', 'FIRING');
    await page.getByTestId('alert-events').getByText('FIRED', { exact: true }).waitFor();
    const delivery = page.getByTestId('alert-deliveries').locator('[data-testid^="delivery-status-"]').first();
    await page.waitForFunction(() => document.querySelector('[data-testid="alert-deliveries"] [data-testid^="delivery-status-"]')?.textContent?.trim() === 'DELIVERED',
      null, { timeout: 30_000 });
    const deliveryId = (await delivery.getAttribute('data-testid')).replace('delivery-status-', '');
    await textIs(page, `delivery-attempts-${deliveryId}`, '1');
    await page.getByTestId(`delivery-${deliveryId}`).getByText(channelName).waitFor();

    step('Acknowledge: ACKNOWLEDGED by admin; Silence for 4 h: SILENCED with its end');
    await page.getByTestId(`alert-ack-${alertId}`).click();
    await textIs(page, 'alert-state', 'ACKNOWLEDGED');
    await page.getByTestId('alert-acknowledged').getByText('by admin').waitFor();
    await page.getByTestId('alert-events').getByText('ACKNOWLEDGED', { exact: true }).waitFor();
    assert.equal(await page.getByTestId(`alert-ack-${alertId}`).count(), 0, 'an acknowledged alert is not acknowledged again');
    await page.getByTestId(`alert-silence-minutes-${alertId}`).selectOption('240');
    const [silence] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === `/api/v1/alerts/${alertId}/silence`),
      page.getByTestId(`alert-silence-${alertId}`).click(),
    ]);
    assert.deepEqual(silence.postDataJSON(), { minutes: 240 });
    await textIs(page, 'alert-state', 'SILENCED');
    const until = Date.parse((await textOf(page.getByTestId('alert-silenced-until'))).replace(' UTC', 'Z').replace(' ', 'T'));
    assert.ok(Math.abs(until - Date.now() - 4 * 3600_000) < 10 * 60_000, 'silenced for about 4 h');
    await page.getByTestId(`alert-action-message-${alertId}`).getByText('Silenced until').waitFor();
    await page.screenshot({ path: join(screenshots, 'alert.png'), fullPage: true });

    step('the bell lists the alert\'s events; its entry opens the alert');
    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('notifications-open').click();
    const entry = page.getByTestId('notifications-list').locator(`a[href="/alerts/${alertId}"]`).first();
    await entry.waitFor();
    await page.getByTestId('notifications-badge').waitFor({ state: 'detached' });
    await entry.click();
    await page.waitForURL(`**/alerts/${alertId}`);
    await textIs(page, 'alert-state', 'SILENCED');
    assert.equal(await page.getByTestId('notifications-panel').count(), 0, 'following an entry closes the list');
    assert.deepEqual(errors, [], 'no console errors');
  }

  step('a VIEWER sees alerts, rules and channels without a button that changes anything');
  const viewerName = `alerts-viewer-${stamp}`;
  await api('POST', '/api/v1/users', admin, { username: viewerName, password: 'alerts-viewer-password', role: 'VIEWER' });
  const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const viewer = await viewerContext.newPage();
  viewer.setDefaultTimeout(20_000);
  const viewerErrors = [];
  await login(viewer, base, viewerName, 'alerts-viewer-password');
  await viewer.getByTestId('nav-alerts').waitFor();
  viewer.on('console', (m) => { if (m.type() === 'error') viewerErrors.push(m.text()); });
  viewer.on('pageerror', (e) => viewerErrors.push(e.message));
  await viewer.getByTestId('notifications-open').waitFor();
  await viewer.getByTestId('nav-alerts').click();
  await viewer.getByTestId('alerts-fired').waitFor();
  if (alertId != null) {
    await viewer.getByTestId('alerts-show-all').click();
    await viewer.getByTestId(`alert-row-${alertId}`).waitFor();
    assert.equal(await viewer.getByTestId(`alert-ack-${alertId}`).count(), 0, 'no Acknowledge for a VIEWER');
    assert.equal(await viewer.getByTestId(`alert-silence-${alertId}`).count(), 0, 'no Silence for a VIEWER');
    await viewer.goto(`${base}/alerts/${alertId}`);
    await viewer.getByTestId('alert-events').waitFor();
    assert.equal(await viewer.getByTestId(`alert-silence-${alertId}`).count(), 0, 'no Silence on the alert\'s page for a VIEWER');
  }
  await viewer.goto(`${base}/alerts/rules`);
  await viewer.getByTestId(`rule-row-${rule.id}`).waitFor();
  for (const button of ['rule-new', `rule-toggle-${rule.id}`, `rule-edit-${rule.id}`, `rule-delete-${rule.id}`]) {
    assert.equal(await viewer.getByTestId(button).count(), 0, `no ${button} for a VIEWER`);
  }
  await viewer.getByTestId('alerts-tab-channels').click();
  await viewer.getByTestId(`channel-row-${channel.id}`).waitFor();
  for (const button of ['channel-new', `channel-test-${channel.id}`, `channel-delete-${channel.id}`]) {
    assert.equal(await viewer.getByTestId(button).count(), 0, `no ${button} for a VIEWER`);
  }
  await viewer.getByTestId(`channel-deliveries-open-${channel.id}`).click();
  await viewer.getByTestId('channel-deliveries').waitFor();
  if (alertId != null) await viewer.getByTestId('channel-deliveries').getByText('DELIVERED', { exact: true }).first().waitFor();
  await viewer.getByTestId('alerts-tab-summary').click();
  await viewer.getByTestId('summary-settings-text').getByText('07:30 (Europe/Berlin)', { exact: false }).waitFor();
  await viewer.getByTestId('summary').waitFor();
  for (const control of ['summary-settings-form', 'summary-send']) {
    assert.equal(await viewer.getByTestId(control).count(), 0, `no ${control} for a VIEWER`);
  }
  await viewer.getByTestId(`summary-sent-${sentSummary.id}`).waitFor();
  assert.deepEqual(viewerErrors, [], 'no console errors for the VIEWER');
  await viewerContext.close();

  step('the summary settings put back as they were, the TRAINING_FAILED rule and the summary\'s edge removed');
  await api('PUT', '/api/v1/summaries/settings', admin, summarySettings);
  await api('DELETE', `/api/v1/alert-rules/${eventRule.id}`, admin);
  await api('DELETE', `/api/v1/edges/${summaryEdge.edgeId}`, admin);

  step('the rule and the channel deleted through their confirmations');
  await page.goto(`${base}/alerts/rules`);
  await page.getByTestId(`rule-delete-${rule.id}`).click();
  await page.getByTestId('rule-delete-confirm').getByText(`Delete rule ${ruleName}?`).waitFor();
  await page.getByTestId('rule-delete-yes').click();
  await page.getByTestId('rule-message').getByText(`Rule ${ruleName} deleted.`).waitFor();
  await page.getByTestId(`rule-row-${rule.id}`).waitFor({ state: 'detached' });
  await page.getByTestId('alerts-tab-channels').click();
  await page.getByTestId(`channel-delete-${channel.id}`).click();
  await page.getByTestId('channel-delete-confirm').getByText(`Delete channel ${channelName}?`).waitFor();
  await page.getByTestId('channel-delete-yes').click();
  await page.getByTestId('channel-message').getByText(`Channel ${channelName} deleted.`).waitFor();
  await page.getByTestId(`channel-row-${channel.id}`).waitFor({ state: 'detached' });
  assert.ok(!(await api('GET', '/api/v1/alert-rules', admin)).some((r) => r.id === rule.id), 'the rule is gone');
  assert.ok(!(await api('GET', '/api/v1/channels', admin)).some((c) => c.id === channel.id), 'the channel is gone');
  // a poll of the alert's page under way when the rule (and its alerts) went may come back 404; nothing else may be logged
  assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), [], 'no console errors');
  if (edge) await api('DELETE', `/api/v1/edges/${edge.id}`, admin);
  step('all checks passed');
} catch (error) {
  console.error(`[alerts-e2e] FAILED: ${error.message}`);
  if (error.stack) console.error(error.stack);
  process.exitCode = 1;
} finally {
  await browser.close();
  await hook.close();
}
