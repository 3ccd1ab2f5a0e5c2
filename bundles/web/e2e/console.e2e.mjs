// End-to-end test of the web console in a real headless Chromium (Debian's, driven by playwright-core).
// Started by the pax-exam test WebConsoleIT against the booted distribution:
//   BASE_URL=http://127.0.0.1:PORT ADMIN_PASSWORD=... SCREENSHOT_DIR=... node console.e2e.mjs
import assert from 'node:assert/strict';
import { apiClient, environment, launch } from './support.mjs';
import { greyPng } from './images.mjs';

const { base, adminPassword, screenshots, step } = environment('e2e');
const api = apiClient(base);

/** GET from inside the page, with the page's own session cookie: what the API holds now. */
function policyFromPage(page, path) {
  return page.evaluate(async (p) => {
    const response = await fetch(p, { headers: { Accept: 'application/json' } });
    return { status: response.status, body: await response.json() };
  }, path);
}

/** Waits until the card shows a number (it shows "…" until its first answer) and returns it. */
async function number(page, testId) {
  const selector = `[data-testid="${testId}-value"]`;
  await page.waitForFunction((s) => /^\d+$/.test(document.querySelector(s)?.textContent?.trim() ?? ''), selector);
  return Number((await page.locator(selector).textContent()).trim());
}

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);

  step('log in as admin through the login page');
  await page.goto(base + '/');
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill('wrong-password-x');
  await page.getByTestId('login-submit').click();
  await page.getByText(/wrong username or password/i).waitFor();
  await page.getByTestId('login-password').fill(adminPassword);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('card-pending-value').waitFor();
  const pendingBefore = await number(page, 'card-pending');
  // signed in: from here on the console must not log a single error (the wrong password above logs a 401)
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));

  step('create a token in the UI, enroll an edge through the API');
  const admin = (await api('POST', '/api/v1/auth/login', null, { username: 'admin', password: adminPassword })).token;
  await page.getByTestId('nav-tokens').click();
  await page.getByTestId('token-create').click();
  const secret = (await page.getByTestId('token-secret').textContent()).trim();
  assert.match(secret, /^mft_/);
  const edge = await api('POST', '/api/v1/edge/enroll', null, {
    token: secret, name: 'e2e-camera', device: { os: 'Linux', arch: 'aarch64', cores: 4, agentVersion: '0.1.0' },
  });
  await api('POST', '/api/v1/edge/heartbeat', edge.credential, { inferenceStatus: 'READY' });

  step('the dashboard counts change without a reload');
  await page.getByTestId('nav-dashboard').click();
  await page.waitForFunction(
    ([before]) => Number(document.querySelector('[data-testid="card-pending-value"]')?.textContent) === before + 1,
    [pendingBefore], { timeout: 20_000 });

  step('the edge appears on the Edges page; approve it');
  await page.getByTestId('nav-edges').click();
  await page.getByTestId(`edge-row-${edge.edgeId}`).waitFor();
  await page.getByTestId(`approve-${edge.edgeId}`).click();
  await page.waitForFunction((id) => document.querySelector(`[data-testid="edge-state-${id}"]`)?.textContent?.includes('APPROVED'),
    edge.edgeId);

  step('results arrive; the detail page charts them');
  const now = Date.now();
  const results = Array.from({ length: 60 }, (_, i) => ({
    seq: i + 1, time: new Date(now - (60 - i) * 30_000).toISOString(), modelVersion: 'v1.0',
    label: i % 3 ? 'ok' : 'defect', score: 0.4 + (i % 6) / 10, latencyMs: 3 + (i % 4),
  }));
  const ingest = await api('POST', '/api/v1/edge/results', edge.credential, results);
  assert.equal(ingest.accepted, 60);
  await page.getByTestId(`edge-row-${edge.edgeId}`).getByRole('link').first().click();
  await page.waitForURL(`**/edges/${edge.edgeId}`);
  await page.getByTestId('edge-chart').locator('canvas').first().waitFor();
  await page.getByText('e2e-camera').first().waitFor();

  step('recent frames: none yet, then the sampled images arrive through the edge protocol and show with no reload');
  await page.getByTestId('frames-empty').waitFor();
  const frames = [
    { seq: 61, png: greyPng(8, 8, (x, y) => ((x + y) % 2 ? 230 : 20)), label: 'defect', score: 0.42 },
    { seq: 62, png: greyPng(16, 12, (x) => 16 * x), label: 'ok', score: 0.97 },
    { seq: 64, png: greyPng(64, 48, (x, y) => (x * y) % 256), label: 'ok', score: 0.885 },
  ];
  const sampled = [...frames.map((f) => ({
    seq: f.seq, time: new Date(now - (70 - f.seq) * 1000).toISOString(), modelVersion: 'v1.0', label: f.label, score: f.score,
    sample: { image: { mediaType: 'image/png', base64: f.png.toString('base64') } },
  })), { // a tabular input is a sample too, but not a frame
    seq: 63, time: new Date(now - 7000).toISOString(), modelVersion: 'v1.0', label: 'ok', score: 0.8, sample: { features: [[0.1, 0.2]] },
  }];
  assert.equal((await api('POST', '/api/v1/edge/results', edge.credential, sampled)).accepted, 4);
  const stored = await api('GET', `/api/v1/inference/samples?edgeId=${edge.edgeId}&limit=10`, admin);
  assert.deepEqual(stored.map((s) => s.seq), [64, 63, 62, 61], 'the API answers the samples newest first');
  assert.equal(stored[0].sample.image.base64, frames[2].png.toString('base64'), 'the sample is what the edge sent');
  const tooMany = await fetch(`${base}/api/v1/inference/samples?edgeId=${edge.edgeId}&limit=51`, { headers: { Authorization: `Bearer ${admin}` } });
  assert.equal(tooMany.status, 400, 'limit is bounded');
  const asEdge = await fetch(`${base}/api/v1/inference/samples?edgeId=${edge.edgeId}`, { headers: { Authorization: `Bearer ${edge.credential}` } });
  assert.equal(asEdge.status, 403, 'an edge credential reads no samples');
  await page.waitForFunction((count) => {
    const shown = [...document.querySelectorAll('[data-testid="recent-frames"] img')];
    return shown.length === count && shown.every((img) => img.complete && img.naturalWidth > 0);
  }, frames.length);
  const rendered = await page.locator('[data-testid="recent-frames"] li').evaluateAll((items) => items.map((li) => {
    const img = li.querySelector('img');
    return [li.dataset.testid, img.naturalWidth, img.naturalHeight, img.getBoundingClientRect().width, img.src.slice(0, 5)];
  }));
  assert.deepEqual(rendered.map(([id]) => id), ['frame-64', 'frame-62', 'frame-61'], 'images only, newest first');
  for (const [id, width, height, shownWidth, scheme] of rendered) {
    const frame = frames.find((f) => `frame-${f.seq}` === id);
    assert.deepEqual([width, height], [frame.png.readUInt32BE(16), frame.png.readUInt32BE(20)], `${id} is the image the edge sent`);
    assert.ok(shownWidth >= 96, `${id} shown ${shownWidth}px wide`);
    assert.equal(scheme, 'blob:', `${id} comes from an object URL`);
    assert.ok(await page.getByTestId(`frame-label-${frame.seq}`).isVisible(), `${id} label visible`);
    assert.equal((await page.getByTestId(`frame-label-${frame.seq}`).textContent()).trim(), frame.label);
    assert.ok(await page.getByTestId(`frame-score-${frame.seq}`).isVisible(), `${id} score visible`);
    assert.equal((await page.getByTestId(`frame-score-${frame.seq}`).textContent()).trim(), frame.score.toFixed(3));
  }
  assert.equal(await page.getByTestId('frames-empty').count(), 0, 'no empty state once there are frames');
  assert.deepEqual(errors, [], 'no console errors');

  step('data collection: the edge sets no policy of its own yet');
  const policyPath = `/api/v1/edges/${edge.edgeId}/collection-policy`;
  const collection = page.getByTestId('collection-policy');
  await collection.getByTestId('collection-unset').waitFor();
  assert.match(await collection.getByTestId('collection-unset').textContent(), /follows its stream's policy/);
  assert.deepEqual(await policyFromPage(page, policyPath), { status: 200, body: { policy: null } });
  assert.ok(await collection.getByTestId('collection-clear').isDisabled(), 'nothing to clear');

  step('a rate of 0: the server refuses it, its message stands next to the rate, nothing is saved');
  await collection.getByTestId('collection-mode').selectOption('RATE');
  await collection.getByTestId('collection-rate').fill('0');
  const before = errors.length;
  await collection.getByTestId('collection-save').click();
  const rateError = collection.locator('label.field', { has: page.getByTestId('collection-rate') }).getByTestId('error-rate');
  await rateError.waitFor();
  assert.match(await rateError.textContent(), /greater than 0/);
  assert.match(await collection.getByTestId('collection-error').textContent(), /rate/);
  assert.deepEqual((await policyFromPage(page, policyPath)).body, { policy: null }, 'nothing was saved');
  assert.equal(await collection.getByTestId('collection-rate').inputValue(), '0', 'the value typed is kept');
  // the refused PUT is the one error the browser logs here ("Failed to load resource: ... 400")
  const refused = errors.splice(before);
  assert.ok(refused.length <= 1 && refused.every((e) => /status of 400/.test(e)), `only the refused request logged: ${refused}`);

  step('10 % at random: saved through the page, the API answers it, a reload describes it');
  await collection.getByTestId('collection-rate').fill('0.1');
  assert.equal(await collection.getByTestId('error-rate').count(), 0, 'the message goes once the rate is edited');
  await collection.getByTestId('collection-preview').getByText('10 % of inputs at random').waitFor();
  await collection.getByTestId('collection-save').click();
  await collection.getByTestId('collection-message').getByText('Saved: 10 % of inputs at random.').waitFor();
  const saved = await policyFromPage(page, policyPath);
  assert.equal(saved.status, 200);
  assert.equal(saved.body.policy.mode, 'RATE');
  assert.equal(saved.body.policy.rate, 0.1);
  assert.equal(saved.body.policy.threshold ?? null, null);
  await page.reload();
  await collection.getByTestId('collection-current').getByText('10 % of inputs at random').waitFor();
  assert.equal(await collection.getByTestId('collection-mode').inputValue(), 'RATE');
  assert.equal(await collection.getByTestId('collection-rate').inputValue(), '0.1');

  step('low-confidence inputs below 0.6, then cleared');
  await collection.getByTestId('collection-mode').selectOption('LOW_CONFIDENCE');
  await collection.getByTestId('collection-threshold').fill('0.6');
  await collection.getByTestId('collection-save').click();
  await collection.getByTestId('collection-current').getByText('Low-confidence inputs (score < 0.6)').waitFor();
  const low = (await policyFromPage(page, policyPath)).body.policy;
  assert.deepEqual([low.mode, low.threshold, low.rate ?? null], ['LOW_CONFIDENCE', 0.6, null], 'the API holds the new policy');
  await collection.getByTestId('collection-clear').click();
  await collection.getByTestId('collection-unset').waitFor();
  assert.deepEqual((await policyFromPage(page, policyPath)).body, { policy: null }, 'cleared on the server');
  assert.equal(await collection.getByTestId('collection-mode').inputValue(), '', 'the form starts over');
  assert.deepEqual(errors, [], 'no console errors');
  await page.screenshot({ path: `${screenshots}/edge-detail.png`, fullPage: true });
  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('card-online-value').waitFor();
  await page.waitForTimeout(1500); // let the chart draw the new results
  await page.screenshot({ path: `${screenshots}/dashboard.png`, fullPage: true });

  step('a VIEWER sees no admin actions');
  await api('POST', '/api/v1/users', admin, { username: 'e2e-viewer', password: 'e2e-viewer-password', role: 'VIEWER' });
  const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const viewer = await viewerContext.newPage();
  viewer.setDefaultTimeout(20_000);
  await viewer.goto(base + '/login');
  await viewer.getByTestId('login-username').fill('e2e-viewer');
  await viewer.getByTestId('login-password').fill('e2e-viewer-password');
  await viewer.getByTestId('login-submit').click();
  await viewer.getByTestId('nav-edges').click();
  await viewer.getByTestId(`edge-row-${edge.edgeId}`).waitFor();
  assert.equal(await viewer.getByTestId(`approve-${edge.edgeId}`).count(), 0, 'no approve button for a VIEWER');
  assert.equal(await viewer.getByTestId(`disable-${edge.edgeId}`).count(), 0, 'no disable button for a VIEWER');
  assert.equal(await viewer.getByTestId('nav-tokens').count(), 0, 'no token page for a VIEWER');
  await api('PUT', `/api/v1/edges/${edge.edgeId}/collection-policy`, admin, { mode: 'LOW_CONFIDENCE' });
  await viewer.getByTestId(`edge-row-${edge.edgeId}`).getByRole('link').first().click();
  await viewer.getByTestId('collection-current').getByText("Low-confidence inputs (score below the model's confidence threshold)").waitFor();
  assert.equal(await viewer.getByTestId('collection-form').count(), 0, 'a VIEWER sees the collection policy but cannot change it');
  assert.equal(await viewer.getByTestId('edge-delete-open').count(), 0, 'a VIEWER cannot delete edges');

  step('the viewer changes their own password: still signed in here, the old password refused');
  const viewerErrors = [];
  viewer.on('console', (m) => { if (m.type() === 'error') viewerErrors.push(m.text()); });
  await viewer.getByTestId('password-open').click();
  const change = viewer.getByTestId('password-change');
  await change.waitFor();
  await change.getByTestId('password-current').fill('e2e-viewer-password');
  await change.getByTestId('password-new').fill('short');
  await change.getByTestId('password-repeat').fill('short');
  await change.getByTestId('password-save').click();
  await change.getByText('The new password needs at least 12 characters.').waitFor();
  await change.getByTestId('password-new').fill('e2e-viewer-new-password');
  await change.getByTestId('password-repeat').fill('e2e-viewer-new-password');
  await change.getByTestId('password-save').click();
  await viewer.getByTestId('password-changed').waitFor();
  assert.equal(await viewer.getByTestId('password-change').count(), 0, 'the form closes');
  await viewer.getByTestId('nav-edges').click();
  await viewer.getByTestId(`edge-row-${edge.edgeId}`).waitFor(); // the new session cookie works
  const loginAs = (password) => fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'e2e-viewer', password }),
  });
  assert.equal((await loginAs('e2e-viewer-password')).status, 401, 'the old password is refused');
  assert.equal((await loginAs('e2e-viewer-new-password')).status, 200, 'the new one works');
  assert.deepEqual(viewerErrors, [], 'no console errors');

  step('delete the edge with its data through the confirmation dialog: gone from the list, its credential refused');
  const errorsBeforeDeletion = errors.length;
  await page.goto(`${base}/edges/${edge.edgeId}`);
  await page.getByTestId('edge-delete-open').click();
  const dialog = page.getByTestId('edge-delete');
  await dialog.waitFor();
  assert.ok(await dialog.getByTestId('edge-delete-yes').isDisabled(), 'nothing is deleted before the name is typed');
  await dialog.getByTestId('edge-delete-data').check();
  await dialog.getByTestId('edge-delete-name').fill('e2e-camera');
  await dialog.getByTestId('edge-delete-yes').click();
  await page.waitForURL(`${base}/edges`);
  await page.getByTestId('nav-edges').waitFor();
  await page.waitForFunction((id) => !document.querySelector(`[data-testid="edge-row-${id}"]`), edge.edgeId);
  const listed = await api('GET', '/api/v1/edges?search=e2e-camera', admin);
  assert.equal(listed.total, 0, 'no longer listed');
  const heartbeat = await fetch(`${base}/api/v1/edge/heartbeat`, {
    method: 'POST', headers: { Authorization: `Bearer ${edge.credential}`, 'Content-Type': 'application/json' }, body: '{}',
  });
  assert.equal(heartbeat.status, 401, 'the credential is refused at once');
  let left = -1;
  for (let i = 0; i < 50 && left !== 0; i++) {
    left = (await api('GET', `/api/v1/inference/results?edgeId=${edge.edgeId}&limit=1`, admin)).total;
    if (left !== 0) await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(left, 0, 'its results were removed');
  const audit = await api('GET', `/api/v1/audit?targetType=edge&targetId=${edge.edgeId}`, admin);
  assert.ok(audit.items.some((e) => e.action === 'edge.delete' && e.actor === 'admin'), 'the deletion is audited');
  // a poll of the detail page already under way when the edge went may come back 404; nothing else may be logged
  const afterDeletion = errors.slice(errorsBeforeDeletion).filter((e) => !/status of 404/.test(e));
  assert.deepEqual(afterDeletion, [], 'no console errors');
  step('all checks passed');
} finally {
  await browser.close();
}
