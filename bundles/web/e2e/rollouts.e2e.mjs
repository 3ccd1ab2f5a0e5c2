// End-to-end test of the rollout pages in a real headless Chromium (Debian's, driven by playwright-core). Started by
// WebConsoleIT against the booted distribution:
//   BASE_URL=http://127.0.0.1:PORT ADMIN_PASSWORD=... SCREENSHOT_DIR=... node rollouts.e2e.mjs
// Through the API: a model version registered (a tiny real ONNX model) and approved, two edges registered for the
// edge-agent target. In the browser: a third edge registered on the Edges page (its target shown in the list and on
// its page); on the model page a PLANNED rollout of two waves (the canary's 1 edge, then 100 %) to the three edges,
// after the form refused a 0 % wave; the rollout page with its plan and the waves' WAITING counts; Start (wave 1
// PENDING, the gate chart), Pause (PAUSED), Roll back after confirming (ROLLED_BACK); the list filtered by state; a
// VIEWER sees a PLANNED rollout without buttons, which the admin then aborts. Agent releases: a release built here (a zip
// with one tiny bundle jar) uploaded on the Agent releases page after the form refused a bad version, listed with its
// bundle, the same version refused by the server with its own words; the release's page with its bundles, "Roll out"
// opening the rollout form for the release, a PLANNED agent rollout whose page names the release and what each edge
// ran before; the fleet's agent settings refused field by field, saved, in effect on an edge's page and cleared; a
// VIEWER sees no upload, roll-out or settings form. No console errors throughout.
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { apiClient, environment, launch, login } from './support.mjs';
import { flattenBackbone } from './onnx.mjs';
import { zip } from './images.mjs';

const { base, adminPassword, screenshots, step } = environment('rollouts-e2e');
const api = apiClient(base);
const stamp = Date.now().toString(36);
const TARGET = 'edge-agent';
const modelName = `rollout-model-${stamp}`;

/** A jar that is a bundle (its manifest names it) and nothing else, in a release archive with notes. */
function releaseArchive(symbolicName) {
  const manifest = ['Manifest-Version: 1.0', 'Bundle-ManifestVersion: 2', `Bundle-SymbolicName: ${symbolicName}`,
    'Bundle-Version: 1.0.0', '', ''].join('\r\n');
  const jar = zip({ 'META-INF/MANIFEST.MF': Buffer.from(manifest, 'utf8') });
  return zip({ 'tiny.jar': jar, 'release.properties': Buffer.from('notes=built by rollouts.e2e\n', 'utf8') });
}

const textOf = async (locator) => ((await locator.textContent()) ?? '').trim();

/** Waits until the element's text is exactly `value` (badges, counts). */
function textIs(page, testId, value, timeout = 20_000) {
  return page.waitForFunction(([id, v]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === v,
    [testId, value], { timeout });
}

const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(20_000);
  const admin = (await api('POST', '/api/v1/auth/login', null, { username: 'admin', password: adminPassword })).token;

  step(`the ${TARGET} deployment target is installed`);
  const targets = await api('GET', '/api/v1/plugins?kind=DEPLOYMENT_TARGET', admin);
  assert.ok(targets.some((t) => t.id === TARGET), `target ${TARGET} is installed, got [${targets.map((t) => t.id)}]`);

  step(`model ${modelName}:1 registered and approved through the API`);
  const upload = new FormData();
  upload.append('file', new Blob([flattenBackbone(8, 8, 1)]), 'model.onnx');
  upload.append('version', '1');
  const version = await api('POST', `/api/v1/models/${modelName}/versions`, admin, upload);
  await api('PUT', `/api/v1/model-versions/${version.id}/stage`, admin, { stage: 'APPROVED' });

  step('two edges of the edge-agent target registered through the API');
  const first = await api('POST', '/api/v1/edges', admin, { name: `ro-a-${stamp}`, target: TARGET, tags: { ring: stamp } });
  const second = await api('POST', '/api/v1/edges', admin, { name: `ro-b-${stamp}`, target: TARGET, tags: { ring: stamp }, location: 'line 2' });
  assert.equal(first.state, 'APPROVED', 'a registered edge is approved at once');
  assert.equal(first.target, TARGET);

  step('log in as admin');
  await login(page, base, 'admin', adminPassword);
  await page.getByTestId('nav-rollouts').waitFor();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));

  step('a third edge registered on the Edges page; the list shows each edge\'s target');
  await page.getByTestId('nav-edges').click();
  await page.getByTestId('register-edge-open').click();
  const registration = page.getByTestId('register-edge-form');
  await registration.getByTestId('register-edge-target').locator(`option[value="${TARGET}"]`).waitFor({ state: 'attached' });
  await registration.getByTestId('register-edge-name').fill(`ro-c-${stamp}`);
  await registration.getByTestId('register-edge-target').selectOption(TARGET);
  await registration.getByTestId('register-edge-location').fill('line 3');
  await registration.getByTestId('register-edge-tags').fill(`ring=${stamp}, site=e2e`);
  await registration.getByTestId('register-edge-submit').click();
  await page.getByTestId('register-edge-message').getByText(`Registered ro-c-${stamp}`).waitFor();
  const third = (await api('GET', `/api/v1/edges?search=ro-c-${stamp}`, admin)).items[0];
  assert.ok(third, 'the edge registered in the page exists');
  assert.deepEqual([third.state, third.target, third.location, third.tags], ['APPROVED', TARGET, 'line 3', { ring: stamp, site: 'e2e' }]);
  await page.getByRole('searchbox').fill(stamp);
  for (const edge of [first, second, third]) await textIs(page, `edge-target-${edge.id}`, TARGET);
  await page.getByTestId(`edge-row-${third.id}`).getByRole('link').first().click();
  await page.waitForURL(`**/edges/${third.id}`);
  await textIs(page, 'edge-target-name', TARGET);
  await textIs(page, 'edge-target-current', TARGET);
  assert.deepEqual(errors, [], 'no console errors');

  step('the model page: Roll out, a 0 % wave refused by the form, then a PLANNED canary rollout of two waves');
  await page.getByTestId('nav-models').click();
  await page.getByTestId(`model-row-${modelName}`).getByRole('link').first().click();
  await textIs(page, 'version-stage', 'APPROVED');
  await page.getByTestId('rollout-open').click();
  const form = page.getByTestId('rollout-form');
  await form.getByTestId('rollout-search').fill(stamp);
  for (const edge of [first, second, third]) await form.getByTestId(`rollout-edge-pick-${edge.id}`).waitFor();
  await form.getByTestId('rollout-pick-shown').click();
  await form.getByTestId('rollout-picked').getByText('3 picked').waitFor();
  assert.deepEqual([await form.getByTestId('plan-wave-amount-0').inputValue(), await form.getByTestId('plan-wave-unit-0').inputValue(),
    await form.getByTestId('plan-wave-amount-1').inputValue(), await form.getByTestId('plan-wave-unit-1').inputValue()],
  ['1', 'edges', '100', 'percent'], 'the plan starts as a canary: 1 edge, then 100 %');
  await form.getByTestId('plan-soak').fill('30');
  await form.getByTestId('rollout-start-now').uncheck();
  await form.getByTestId('plan-wave-amount-1').fill('0');
  await form.getByTestId('rollout-submit').click();
  await form.getByTestId('error-waves.1').getByText('above 0').waitFor();
  assert.match(await textOf(form.getByTestId('rollout-form-error')), /need fixing/);
  // (the screenshot before the fill: a click right after a full-page screenshot can land beside its button)
  await page.screenshot({ path: join(screenshots, 'rollout-form.png'), fullPage: true });
  await form.getByTestId('plan-wave-amount-1').fill('100');
  const [sent] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/rollouts'),
    form.getByTestId('rollout-submit').click(),
  ]);
  const body = sent.postDataJSON();
  assert.deepEqual(body.edgeIds.sort((a, b) => a - b), [first.id, second.id, third.id].sort((a, b) => a - b));
  assert.deepEqual(body.plan.waves, [{ edges: 1 }, { percent: 100 }]);
  assert.equal(body.plan.soakSeconds, 30);
  assert.equal(body.start, false);
  await page.waitForURL(/\/rollouts\/\d+$/);
  const rolloutId = Number(new URL(page.url()).pathname.split('/').pop());
  step(`rollout #${rolloutId} planned`);

  step('the rollout page: PLANNED, the plan, both waves WAITING');
  await textIs(page, 'rollout-state', 'PLANNED');
  await page.getByTestId('rollout-summary').getByText(`${modelName}:1`).waitFor();
  await textIs(page, 'plan-summary-waves', '2 · 1 edge → 100 %');
  assert.match(await textOf(page.getByTestId('plan-summary-soak')), /^30 s/);
  assert.match(await textOf(page.getByTestId('plan-summary-health')), /at least 100 % of edges ACTIVE, at most 0 failed/);
  assert.match(await textOf(page.getByTestId('plan-summary-auto-rollback')), /^yes/);
  await textIs(page, 'wave-1-WAITING', 'WAITING 1');
  await textIs(page, 'wave-2-WAITING', 'WAITING 2');
  await page.getByTestId('gates-empty').waitFor();
  for (const edge of [first, second, third]) await page.getByTestId(`rollout-edge-${edge.id}`).waitFor();
  assert.equal(await page.getByTestId('rollout-pause').count(), 0, 'a PLANNED rollout cannot be paused');
  assert.ok(await page.getByTestId('rollout-abort').isVisible(), 'a PLANNED rollout can be aborted');

  step('Start: RUNNING, wave 1 PENDING, wave 2 still WAITING, the gates measured and charted');
  await page.getByTestId('rollout-start').click();
  await textIs(page, 'rollout-state', 'RUNNING');
  await textIs(page, 'wave-1-PENDING', 'PENDING 1');
  await textIs(page, 'wave-2-WAITING', 'WAITING 2');
  await textIs(page, `rollout-edge-status-${first.id}`, 'PENDING');
  // the engine samples the health gate every few seconds while the wave waits for its edges
  await page.getByTestId('gate-chart-activePercent').locator('canvas').first().waitFor({ timeout: 30_000 });
  await page.getByTestId('gate-chart-failed').locator('canvas').first().waitFor();
  assert.match(await textOf(page.getByTestId('gate-activePercent-latest')), /latest 0\.0 % in wave 1, failing/);
  assert.match(await textOf(page.getByTestId('gate-failed-latest')), /latest 0 in wave 1, passing/);
  await page.screenshot({ path: join(screenshots, 'rollout.png'), fullPage: true });

  step('Pause: PAUSED, Resume offered');
  await page.getByTestId('rollout-pause').click();
  await textIs(page, 'rollout-state', 'PAUSED');
  await page.getByTestId('rollout-message').getByText('paused by admin').waitFor();
  await page.getByTestId('rollout-resume').waitFor();

  step('Roll back, confirmed: ROLLED_BACK, no action left');
  await page.getByTestId('rollout-rollback').click();
  const confirm = page.getByTestId('rollout-confirm-dialog');
  await confirm.getByText('goes back to the version it ran before').waitFor();
  await confirm.getByTestId('rollout-confirm').click();
  await textIs(page, 'rollout-state', 'ROLLED_BACK');
  await page.getByTestId('rollout-message').getByText('rolled back by admin').waitFor();
  for (const action of ['start', 'pause', 'resume', 'abort', 'rollback']) {
    assert.equal(await page.getByTestId(`rollout-${action}`).count(), 0, `no ${action} on a rolled-back rollout`);
  }
  assert.equal((await api('GET', `/api/v1/rollouts/${rolloutId}`, admin)).state, 'ROLLED_BACK', 'the server agrees');

  step('the list: the rollout under its state filter, not under another');
  await page.getByTestId('nav-rollouts').click();
  await textIs(page, `rollout-state-${rolloutId}`, 'ROLLED_BACK');
  await page.getByTestId('rollouts-state').selectOption('ROLLED_BACK');
  await page.getByTestId(`rollout-row-${rolloutId}`).waitFor();
  await page.getByTestId('rollouts-state').selectOption('PLANNED');
  await page.getByTestId(`rollout-row-${rolloutId}`).waitFor({ state: 'detached' });
  assert.deepEqual(errors, [], 'no console errors');

  step('a VIEWER sees a PLANNED rollout without buttons, and no Roll out on the model page');
  const planned = await api('POST', '/api/v1/rollouts', admin, { modelVersionId: version.id, edgeIds: [third.id], start: false });
  assert.equal(planned.state, 'PLANNED');
  const viewerName = `ro-viewer-${stamp}`;
  await api('POST', '/api/v1/users', admin, { username: viewerName, password: 'ro-viewer-password', role: 'VIEWER' });
  const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const viewer = await viewerContext.newPage();
  viewer.setDefaultTimeout(20_000);
  const viewerErrors = [];
  await login(viewer, base, viewerName, 'ro-viewer-password');
  await viewer.getByTestId('nav-rollouts').waitFor();
  viewer.on('console', (m) => { if (m.type() === 'error') viewerErrors.push(m.text()); });
  viewer.on('pageerror', (e) => viewerErrors.push(e.message));
  await viewer.getByTestId('nav-rollouts').click();
  await viewer.getByTestId(`rollout-row-${planned.id}`).getByRole('link').first().click();
  await textIs(viewer, 'rollout-state', 'PLANNED');
  await textIs(viewer, 'wave-1-WAITING', 'WAITING 1');
  for (const action of ['start', 'abort', 'rollback']) {
    assert.equal(await viewer.getByTestId(`rollout-${action}`).count(), 0, `no ${action} button for a VIEWER`);
  }
  await viewer.getByTestId('rollout-model').click();
  await viewer.waitForFunction(() => /^(APPROVED|DEPLOYED)$/.test(document.querySelector('[data-testid="version-stage"]')?.textContent?.trim() ?? ''));
  assert.equal(await viewer.getByTestId('rollout-open').count(), 0, 'no Roll out for a VIEWER');
  assert.deepEqual(viewerErrors, [], 'no console errors for the VIEWER');
  await viewerContext.close();

  step('the admin aborts the PLANNED rollout, confirmed');
  await page.goto(`${base}/rollouts/${planned.id}`);
  await textIs(page, 'rollout-state', 'PLANNED');
  await page.getByTestId('rollout-abort').click();
  await page.getByTestId('rollout-confirm-dialog').getByText('No further wave starts').waitFor();
  await page.getByTestId('rollout-confirm').click();
  await textIs(page, 'rollout-state', 'ABORTED');
  assert.ok(await page.getByTestId('rollout-rollback').isVisible(), 'an aborted rollout can still be rolled back');
  assert.deepEqual(errors, [], 'no console errors');

  step('agent releases: the upload form refuses a bad version, then uploads a release built here');
  const bundleName = 'io.modelfleet.e2e.tiny';
  const releaseVersion = `e2e-${stamp}`;
  const archive = { name: 'agent-release.zip', mimeType: 'application/zip', buffer: releaseArchive(bundleName) };
  await page.getByTestId('nav-agent-releases').click();
  await page.getByTestId('agent-settings-fleet').waitFor();
  await page.getByTestId('agent-release-upload-open').click();
  const uploadForm = page.getByTestId('agent-release-upload');
  await uploadForm.getByTestId('agent-upload-file').setInputFiles(archive);
  await uploadForm.getByTestId('agent-upload-version').fill('../1');
  await uploadForm.getByTestId('agent-upload-submit').click();
  await uploadForm.getByTestId('agent-upload-error').getByText("letters, digits, '.', '+', '_' and '-'").waitFor();
  await uploadForm.getByTestId('agent-upload-version').fill(releaseVersion);
  const [uploadResponse] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/agent-releases'),
    uploadForm.getByTestId('agent-upload-submit').click(),
  ]);
  assert.equal(uploadResponse.request().headers()['content-type'], 'application/zip');
  assert.equal(new URL(uploadResponse.url()).searchParams.get('version'), releaseVersion);
  assert.equal(uploadResponse.status(), 201);
  await page.getByTestId('agent-release-uploaded').getByText(`agent ${releaseVersion}`).waitFor();
  const release = (await api('GET', '/api/v1/agent-releases?limit=50', admin)).items.find((r) => r.version === releaseVersion);
  assert.ok(release, 'the server has the release');
  assert.deepEqual(release.bundles.map((b) => [b.symbolicName, b.version]), [[bundleName, '1.0.0']]);
  assert.equal(release.notes, 'built by rollouts.e2e', 'notes from release.properties');
  assert.match(uploadResponse.headers().location ?? '', new RegExp(`/api/v1/agent-releases/${release.id}$`));
  const bundlesCell = page.getByTestId(`agent-release-bundles-${release.id}`);
  await bundlesCell.getByText('1 bundle').waitFor();
  await bundlesCell.getByText(bundleName).waitFor();

  step('the same version again: the server\'s refusal, in its own words, in the form');
  assert.deepEqual(errors, [], 'no console errors');
  await page.getByTestId('agent-release-upload-open').click();
  await uploadForm.getByTestId('agent-upload-file').setInputFiles(archive);
  await uploadForm.getByTestId('agent-upload-version').fill(releaseVersion);
  await uploadForm.getByTestId('agent-upload-submit').click();
  await uploadForm.getByTestId('agent-upload-error').getByText(`agent release ${releaseVersion} exists already`).waitFor();
  // the refused upload is the one error the browser logs here ("Failed to load resource: ... 409")
  const refusedUpload = errors.splice(0);
  assert.ok(refusedUpload.length <= 1 && refusedUpload.every((e) => /status of 409/.test(e)), `only the refused upload logged: ${refusedUpload}`);
  await page.screenshot({ path: join(screenshots, 'agent-releases.png'), fullPage: true });

  step('the release\'s page: its bundles; Roll out opens the rollout form for the release; a PLANNED agent rollout');
  await page.getByTestId(`agent-release-row-${release.id}`).getByRole('link').first().click();
  await page.waitForURL(`**/agent-releases/${release.id}`);
  await textIs(page, 'agent-release-version', releaseVersion);
  await page.getByTestId(`agent-bundle-${bundleName}`).getByText('1.0.0').waitFor();
  await textIs(page, 'agent-release-notes', 'built by rollouts.e2e');
  await page.getByTestId('agent-release-rollout-open').click();
  const agentForm = page.getByTestId('rollout-form');
  await textIs(page, 'rollout-form-subject', `Roll out agent ${releaseVersion}`);
  await agentForm.getByTestId('rollout-search').fill(stamp);
  await agentForm.getByTestId(`rollout-edge-pick-${first.id}`).check();
  await agentForm.getByTestId('rollout-start-now').uncheck();
  const [agentSent] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/rollouts'),
    agentForm.getByTestId('rollout-submit').click(),
  ]);
  const agentBody = agentSent.postDataJSON();
  assert.equal(agentBody.agentReleaseId, release.id);
  assert.equal('modelVersionId' in agentBody, false, 'an agent rollout names no model version');
  assert.deepEqual(agentBody.edgeIds, [first.id]);
  await page.waitForURL(/\/rollouts\/\d+$/);
  const agentRolloutId = Number(new URL(page.url()).pathname.split('/').pop());
  await textIs(page, 'rollout-state', 'PLANNED');
  await textIs(page, 'rollout-agent-release', `agent ${releaseVersion}`);
  assert.equal(await page.getByTestId('rollout-model').count(), 0, 'no model link on an agent rollout');
  await textIs(page, `rollout-edge-previous-${first.id}`, 'as installed');
  await page.getByTestId('nav-rollouts').click();
  await textIs(page, `rollout-subject-${agentRolloutId}`, `agent ${releaseVersion}`);

  step('the fleet\'s agent settings: refused field by field, saved, in effect on an edge\'s page, cleared');
  await page.getByTestId('nav-agent-releases').click();
  const fleetSettings = page.getByTestId('agent-settings-form-fleet');
  await fleetSettings.getByTestId('agent-settings-heartbeatSeconds').fill('2');
  await fleetSettings.getByTestId('agent-settings-updateHealthSeconds').fill('1.5');
  await fleetSettings.getByTestId('agent-settings-save').click();
  await fleetSettings.getByTestId('error-heartbeatSeconds').getByText('must be between 5 and 3600 seconds, was 2').waitFor();
  await fleetSettings.getByTestId('error-updateHealthSeconds').getByText('whole number').waitFor();
  await fleetSettings.getByTestId('agent-settings-heartbeatSeconds').fill('30');
  await fleetSettings.getByTestId('agent-settings-updateHealthSeconds').fill('');
  await fleetSettings.getByTestId('agent-settings-save').click();
  await fleetSettings.getByTestId('agent-settings-message').getByText('Saved: heartbeat 30 s').waitFor();
  await textIs(page, 'agent-setting-effective-heartbeatSeconds', '30 s');
  assert.deepEqual(await api('GET', '/api/v1/agent-settings', admin), { heartbeatSeconds: 30, pollSeconds: null, updateHealthSeconds: null });
  await page.goto(`${base}/edges/${first.id}`);
  const edgeSettings = page.getByTestId('agent-settings-edge');
  await edgeSettings.getByTestId('agent-setting-effective-heartbeatSeconds').getByText('30 s').waitFor();
  await edgeSettings.getByTestId('agent-settings-pollSeconds').fill('10');
  await edgeSettings.getByTestId('agent-settings-save').click();
  await edgeSettings.getByTestId('agent-settings-message').getByText('Saved: poll 10 s').waitFor();
  await edgeSettings.getByTestId('agent-setting-effective-pollSeconds').getByText('10 s').waitFor();
  await edgeSettings.getByTestId('agent-settings-clear').click();
  await edgeSettings.getByTestId('agent-settings-message').getByText('Cleared.').waitFor();
  await page.getByTestId('nav-agent-releases').click();
  await page.getByTestId('agent-settings-form-fleet').getByTestId('agent-settings-clear').click();
  await textIs(page, 'agent-setting-effective-heartbeatSeconds', "agent's own");
  assert.deepEqual(errors, [], 'no console errors');

  step('a VIEWER sees agent releases and settings without upload, roll-out or settings form');
  const agentViewerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const agentViewer = await agentViewerContext.newPage();
  agentViewer.setDefaultTimeout(20_000);
  const agentViewerErrors = [];
  agentViewer.on('console', (m) => { if (m.type() === 'error') agentViewerErrors.push(m.text()); });
  agentViewer.on('pageerror', (e) => agentViewerErrors.push(e.message));
  await login(agentViewer, base, viewerName, 'ro-viewer-password');
  await agentViewer.getByTestId('nav-agent-releases').click();
  await agentViewer.getByTestId(`agent-release-row-${release.id}`).waitFor();
  await agentViewer.getByTestId('agent-settings-table').waitFor();
  assert.equal(await agentViewer.getByTestId('agent-release-upload-open').count(), 0, 'no upload for a VIEWER');
  assert.equal(await agentViewer.getByTestId('agent-settings-form-fleet').count(), 0, 'no settings form for a VIEWER');
  await agentViewer.getByTestId(`agent-release-row-${release.id}`).getByRole('link').first().click();
  await agentViewer.getByTestId(`agent-bundle-${bundleName}`).waitFor();
  assert.equal(await agentViewer.getByTestId('agent-release-rollout-open').count(), 0, 'no Roll out for a VIEWER');
  assert.deepEqual(agentViewerErrors, [], 'no console errors for the VIEWER');
  await agentViewerContext.close();
  step('all checks passed');
} catch (error) {
  console.error(`[rollouts-e2e] FAILED: ${error.message}`);
  if (error.stack) console.error(error.stack);
  process.exitCode = 1;
} finally {
  await browser.close();
}
