// End-to-end test of the update center page in a real headless Chromium (Debian's, driven by playwright-core).
// Started by WebConsoleIT against the booted distribution, in two phases around configuring the catalog:
//   BASE_URL=http://127.0.0.1:PORT ADMIN_PASSWORD=... SCREENSHOT_DIR=... PHASE=nocatalog KAR_FILE=/tmp/echo.kar node updateCenter.e2e.mjs
//   BASE_URL=... ADMIN_PASSWORD=... SCREENSHOT_DIR=... PHASE=catalog node updateCenter.e2e.mjs
// PHASE=nocatalog (no catalog configured): the page shows the server's reason, and still uploads a KAR (KAR_FILE, the
// test plugin's feature 1.5.0): its progress reaches 100 % and "Done", it is listed as installed from an uploaded KAR,
// and uninstalled after confirming. The 503 of the catalog is the one error the browser logs.
// PHASE=catalog (the signed catalog of PluginCatalogFixture): Echo with 9.0.0 disabled in the picker and marked with its
// platform range, 2.0.0 the newest for this server; 1.0.0 installed while the progress bar is watched up to 100 %;
// updated to 2.0.0; 1.9.0 (its KAR is not the one signed for) fails with the SHA-256 reason on the page and in the
// recent operations, 2.0.0 still installed; a VIEWER sees the page without any write control; uninstalled after
// confirming. No console errors.
import assert from 'node:assert/strict';
import { apiClient, environment, launch, login } from './support.mjs';

const { base, adminPassword, step } = environment('update-center-e2e');
const api = apiClient(base);
const phase = process.env.PHASE || 'catalog';
const stamp = Date.now().toString(36);
const UPLOADED = 'modelfleet-itest-echo';

/** The text as a person reads it (cells and blocks apart), spaces collapsed. */
const textOf = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

/** Opens the update center from the navigation and waits until the catalog was read (or refused). */
async function openPage(page) {
  await page.getByTestId('nav-update-center').click();
  await page.getByRole('heading', { name: 'Update center', exact: true }).waitFor();
  await page.locator('[data-testid="update-catalog-table"], [data-testid="update-catalog-unavailable"]').first().waitFor();
}

/**
 * Follows the operation the page just started until it ends, as a person watches it: the bar's value and the words
 * next to it, sampled as they change. Answers the final state, the values seen and the final words.
 */
async function watchOperation(page, title) {
  const panel = page.getByTestId('update-current');
  await panel.waitFor();
  await panel.getByRole('heading', { name: title }).waitFor();
  const bar = panel.getByTestId('update-progress');
  const seen = [];
  for (let i = 0; i < 600; i++) {
    const state = await textOf(panel.getByTestId('update-current-state'));
    const value = Number(await bar.getAttribute('value'));
    if (seen.at(-1) !== value) seen.push(value);
    if (state === 'SUCCEEDED' || state === 'FAILED') {
      step(`${title}: the bar showed ${seen.join(' → ')} %, then ${state}`);
      return { state, seen, status: await textOf(panel.getByTestId('update-status')), value };
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`${title} did not finish; progress seen ${seen}`);
}

function assertMonotonic(seen, what) {
  seen.forEach((v, i) => assert.ok(v >= 0 && v <= 100 && (i === 0 || v >= seen[i - 1]), `${what}: the bar only moves forward within 0..100: ${seen}`));
}

/** Confirms the uninstall question and waits for it to finish. */
async function confirmUninstall(page, pluginId, version) {
  const confirm = page.getByTestId('update-uninstall-confirm');
  await confirm.waitFor();
  assert.match(await textOf(confirm), new RegExp(`Uninstall ${pluginId} ${version.replace(/\./g, '\\.')}\\?`));
  await confirm.getByTestId('update-uninstall-yes').click();
  await confirm.waitFor({ state: 'detached' });
  const removed = await watchOperation(page, `Uninstall ${pluginId} ${version}`);
  assert.equal(removed.state, 'SUCCEEDED', removed.status);
  assert.equal(removed.value, 100);
  assert.equal(removed.status, `Done: removed ${pluginId} ${version}.`);
}

async function withoutCatalog(page, errors) {
  const kar = process.env.KAR_FILE;
  assert.ok(kar, 'KAR_FILE names the KAR to upload');
  step('no catalog: the server\'s reason is shown, and the upload and the installed list are there');
  await openPage(page);
  const unavailable = page.getByTestId('update-catalog-unavailable');
  assert.match(await textOf(unavailable), /The catalog cannot be read: no plugin catalog is configured \(catalogUrl of io\.modelfleet\.update\.center\)/);
  assert.match(await textOf(unavailable), /install a plugin from a KAR file below/);
  await page.getByTestId('update-installed-empty').waitFor();
  // reading the unconfigured catalog is the one error the browser logs ("Failed to load resource: ... 503")
  await page.waitForTimeout(200);
  const logged = errors.splice(0);
  assert.ok(logged.length <= 1 && logged.every((e) => /status of 503/.test(e)), `only the catalog's 503 logged: ${logged}`);

  step('the upload checks the file first: none chosen');
  const upload = page.getByTestId('update-upload');
  await upload.getByTestId('update-upload-submit').click();
  assert.equal(await textOf(upload.getByTestId('update-upload-error')), 'Choose the KAR file to upload.');

  step(`upload ${kar}: installed with the bar at 100 %`);
  await upload.getByTestId('update-upload-file').setInputFiles(kar);
  assert.match(await textOf(upload), /\.kar · \d/, 'the chosen file is named with its size');
  await upload.getByTestId('update-upload-submit').click();
  const installed = await watchOperation(page, `Install ${UPLOADED} 1.5.0`);
  assert.equal(installed.state, 'SUCCEEDED', installed.status);
  assertMonotonic(installed.seen, 'upload');
  assert.equal(installed.value, 100);
  assert.equal(installed.status, `Done: installed ${UPLOADED} 1.5.0.`);
  assert.equal(await textOf(page.getByTestId('update-current').getByRole('status')), `Done: installed ${UPLOADED} 1.5.0.`);
  assert.equal(await upload.getByTestId('update-upload-file').inputValue(), '', 'the file input is cleared for the next one');

  const row = page.getByTestId(`installed-row-${UPLOADED}`);
  await row.waitFor();
  assert.equal(await textOf(page.getByTestId(`installed-version-${UPLOADED}`)), '1.5.0');
  assert.equal(await textOf(page.getByTestId(`installed-source-${UPLOADED}`)), 'uploaded KAR');
  assert.match(await textOf(row), /by admin/);
  assert.match(await textOf(page.getByTestId('update-operations').locator('tbody tr').first()), new RegExp(`Install ${UPLOADED} 1\\.5\\.0 SUCCEEDED`));

  step('uninstall it from the installed list after confirming');
  await page.getByTestId(`installed-uninstall-${UPLOADED}`).click();
  await page.getByTestId('update-uninstall-no').click();
  assert.equal(await page.getByTestId('update-uninstall-confirm').count(), 0, 'keeping it closes the question');
  await page.getByTestId(`installed-uninstall-${UPLOADED}`).click();
  await confirmUninstall(page, UPLOADED, '1.5.0');
  await page.getByTestId('update-installed-empty').waitFor();
  assert.deepEqual(errors, [], 'no console errors');
}

/** Picks a version of echo and presses its install/update button, which must say `label`. */
async function startEcho(page, version, label) {
  const row = page.getByTestId('catalog-row-echo');
  await row.getByTestId('catalog-version-echo').selectOption(version);
  const button = row.getByTestId('catalog-action-echo');
  assert.equal(await textOf(button), label);
  assert.equal(await button.isEnabled(), true, `${label} can be pressed`);
  await button.click();
}

async function withCatalog(page, errors) {
  step('the catalog: Echo, 9.0.0 disabled and marked with its platform range');
  await openPage(page);
  assert.match(await textOf(page.getByTestId('update-catalog-source')), /this server's platform version is \d+\.\d+\.\d+/);
  const row = page.getByTestId('catalog-row-echo');
  await row.waitFor();
  assert.match(await textOf(row), /^Echo echo solution type answers what it is given/);
  assert.equal(await textOf(page.getByTestId('catalog-installed-echo')), 'not installed');
  assert.equal(await textOf(page.getByTestId('catalog-newest-echo')), '2.0.0');
  const picker = row.getByTestId('catalog-version-echo');
  assert.equal(await picker.inputValue(), '2.0.0', 'the newest compatible version is picked');
  const options = await picker.locator('option').evaluateAll((all) => all.map((o) => ({ text: o.textContent, disabled: o.disabled })));
  assert.deepEqual(options, [
    { text: '9.0.0 (needs platform [9.0.0,10.0.0))', disabled: true },
    { text: '2.0.0', disabled: false },
    { text: '1.9.0', disabled: false },
    { text: '1.0.0', disabled: false },
  ]);
  assert.equal(await textOf(row.getByTestId('catalog-action-echo')), 'Install 2.0.0');
  assert.equal(await row.getByTestId('catalog-uninstall-echo').count(), 0, 'nothing to uninstall yet');

  step('install 1.0.0 and watch the bar reach 100 %');
  await startEcho(page, '1.0.0', 'Install 1.0.0');
  const installed = await watchOperation(page, 'Install echo 1.0.0');
  assert.equal(installed.state, 'SUCCEEDED', installed.status);
  assertMonotonic(installed.seen, 'install');
  assert.equal(installed.value, 100);
  assert.equal(installed.status, 'Done: installed echo 1.0.0.');
  await page.getByTestId('catalog-installed-echo').getByText('1.0.0').waitFor();
  assert.match(await textOf(page.getByTestId('catalog-installed-echo')), /^1\.0\.0 an update is available$/);
  assert.equal(await textOf(page.getByTestId('installed-version-echo')), '1.0.0');
  assert.equal(await textOf(page.getByTestId('installed-source-echo')), 'catalog');
  assert.equal(await textOf(row.getByTestId('catalog-action-echo')), 'Installed', 'the version picked is the one installed');
  assert.equal(await row.getByTestId('catalog-action-echo').isDisabled(), true, 'the installed version cannot be installed again');
  assert.equal(await row.getByTestId('catalog-action-echo').getAttribute('title'), '1.0.0 is installed.');

  step('update to 2.0.0');
  await startEcho(page, '2.0.0', 'Update to 2.0.0');
  const updated = await watchOperation(page, 'Update echo 1.0.0 → 2.0.0');
  assert.equal(updated.state, 'SUCCEEDED', updated.status);
  assert.equal(updated.value, 100);
  assert.equal(updated.status, 'Done: updated echo 2.0.0.');
  await page.getByTestId('catalog-installed-echo').getByText('2.0.0').waitFor();
  assert.equal(await textOf(page.getByTestId('installed-version-echo')), '2.0.0');

  step('1.9.0, whose KAR is not the one signed for: the SHA-256 failure is shown and 2.0.0 stays');
  await startEcho(page, '1.9.0', 'Go back to 1.9.0');
  const tampered = await watchOperation(page, 'Update echo 2.0.0 → 1.9.0');
  assert.equal(tampered.state, 'FAILED', tampered.status);
  assert.ok(tampered.value < 100, `a failed operation's bar stops where it failed: ${tampered.value}`);
  assert.match(tampered.status, /^Failed while checking the KAR's SHA-256: the downloaded KAR's SHA-256 is [0-9a-f]{64} but the catalog says [0-9a-f]{64}; nothing was installed$/);
  const reason = await textOf(page.getByTestId('update-error'));
  assert.match(reason, /SHA-256 .* nothing was installed/);
  const latest = page.getByTestId('update-operations').locator('tbody tr').first();
  await latest.getByText('FAILED').waitFor();
  assert.match(await textOf(latest), /Update echo 2\.0\.0 → 1\.9\.0 FAILED the downloaded KAR's SHA-256 is/);
  assert.equal(await textOf(page.getByTestId('catalog-installed-echo')), '2.0.0');
  assert.equal(await textOf(page.getByTestId('installed-version-echo')), '2.0.0');
  assert.deepEqual(errors, [], 'no console errors');
}

async function viewAsViewer(browser, admin) {
  step('a VIEWER sees the catalog, what is installed and the operations, without any write control');
  const name = `e2e-uc-viewer-${stamp}`;
  await api('POST', '/api/v1/users', admin, { username: name, password: 'e2e-viewer-password', role: 'VIEWER' });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await login(page, base, name, 'e2e-viewer-password');
  await openPage(page);
  await page.getByTestId('catalog-row-echo').waitFor();
  assert.equal(await textOf(page.getByTestId('catalog-installed-echo')), '2.0.0');
  assert.equal(await textOf(page.getByTestId('installed-version-echo')), '2.0.0');
  assert.match(await textOf(page.locator('main')), /Installing, updating and removing plugins needs the ADMIN role\./);
  await page.getByTestId('update-operations').getByText('FAILED').first().waitFor();
  for (const control of ['catalog-action-echo', 'catalog-uninstall-echo', 'installed-uninstall-echo', 'update-upload', 'update-upload-file']) {
    assert.equal(await page.getByTestId(control).count(), 0, `no ${control} for a VIEWER`);
  }
  assert.equal(await page.locator('main button:not(.secondary)').count(), 0, 'no primary button for a VIEWER');
  assert.deepEqual(errors, [], 'no console errors for the VIEWER');
  await context.close();
}

async function uninstallEcho(page, errors) {
  step('uninstall echo from the catalog after confirming');
  await page.getByTestId('catalog-uninstall-echo').click();
  await confirmUninstall(page, 'echo', '2.0.0');
  await page.getByTestId('catalog-installed-echo').getByText('not installed').waitFor();
  await page.getByTestId('update-installed-empty').waitFor();
  // the picker keeps the version last picked
  assert.equal(await textOf(page.getByTestId('catalog-row-echo').getByTestId('catalog-action-echo')), 'Install 1.9.0');
  assert.deepEqual(errors, [], 'no console errors');
}

const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  const admin = (await api('POST', '/api/v1/auth/login', null, { username: 'admin', password: adminPassword })).token;

  step('log in as admin');
  await login(page, base, 'admin', adminPassword);
  await page.getByTestId('nav-dashboard').waitFor();
  if (phase === 'nocatalog') {
    await withoutCatalog(page, errors);
  } else {
    await withCatalog(page, errors);
    await viewAsViewer(browser, admin);
    await uninstallEcho(page, errors);
  }
  assert.deepEqual(errors, [], 'no console errors');
  step('all checks passed');
} catch (error) {
  console.error(`[update-center-e2e] FAILED: ${error.message}`);
  if (error.stack) console.error(error.stack);
  process.exitCode = 1;
} finally {
  await browser.close();
}
