// End-to-end test of the plugin instances page in a real headless Chromium (Debian's, driven by playwright-core).
// Started by WebConsoleIT against the booted distribution, in two phases so the test can look at etc/ in between:
//   BASE_URL=http://127.0.0.1:PORT ADMIN_PASSWORD=... SCREENSHOT_DIR=... INSTANCE_ID=id SECRET=value
//   PHASE=create|delete node plugins.e2e.mjs
// PHASE=create: as admin, an S3 data source instance (factory PID io.modelfleet.plugin.source.s3) made from the form
// generated from its metatype, with a secret key: first refused for the missing bucket next to the field (by the form),
// then for a page size that is no whole number next to that field (by the server, in its words); created and listed
// with its secret "set"; edited (another bucket, the secret left blank, so unchanged); through fetch the secret is in
// no answer of the API (list, get, nor the create and update answers the page received) and reported as set; a
// MANAGER sees the instance without any write control.
// PHASE=delete: the instance deleted after confirming, gone from the page and the API. No console errors throughout.
// Without PHASE both run, one after the other.
import assert from 'node:assert/strict';
import { apiClient, environment, launch, login } from './support.mjs';

const { base, adminPassword, step } = environment('plugins-e2e');
const api = apiClient(base);
const S3 = 'io.modelfleet.plugin.source.s3';
const stamp = Date.now().toString(36);
const id = process.env.INSTANCE_ID || `e2e-${stamp}`;
const secret = process.env.SECRET || `e2e-secret-${stamp}-do-not-show`;
const phase = process.env.PHASE || 'all';
const pid = `${S3}~${id}`;

const textOf = async (locator) => ((await locator.textContent()) ?? '').trim();

/** An API answer as the page's own session reads it: status and raw body, so nothing in it goes unseen. */
const fetchFromPage = (page, path) => page.evaluate(async (p) => {
  const response = await fetch(p, { headers: { Accept: 'application/json' } });
  return { status: response.status, body: await response.text() };
}, path);

/** Opens the plugin instances page from the navigation and waits for the S3 source's section. */
async function openPage(page) {
  await page.getByTestId('nav-plugin-instances').click();
  await page.getByTestId(`plugin-type-${S3}`).waitFor();
}

async function create(page, errors, answers) {
  step('the S3 source is offered with its form generated from its metatype');
  await openPage(page);
  await page.getByTestId('plugin-instance-new').click();
  const form = page.getByTestId('plugin-instance-form');
  await form.getByTestId('plugin-type-select').selectOption(S3);
  await form.getByTestId('plugin-field-bucket').waitFor();
  assert.equal(await form.getByTestId('plugin-field-id').inputValue(), 's3', 'the id starts with its default');
  assert.equal(await form.getByTestId('plugin-field-region').inputValue(), 'us-east-1', 'the region starts with its default');
  assert.equal(await form.getByTestId('plugin-field-pageSize').inputValue(), '1000', 'the page size starts with its default');
  assert.equal(await form.getByTestId('plugin-field-pathStyle').isChecked(), true, 'path style starts checked');
  assert.equal(await form.getByTestId('plugin-field-secretKey').getAttribute('type'), 'password', 'the secret key is a password input');
  assert.match(await textOf(form), /Bucket to read/, 'descriptions are help text');
  assert.match(await textOf(form.locator('label', { has: page.getByTestId('plugin-field-bucket') })), /\*/, 'the bucket is marked required');

  step(`fill in ${id} without a bucket: refused next to the bucket`);
  await form.getByTestId('plugin-field-id').fill(id);
  await form.getByTestId('plugin-field-endpoint').fill('http://127.0.0.1:9');
  await form.getByTestId('plugin-field-accessKey').fill('AKE2E');
  await form.getByTestId('plugin-field-secretKey').fill(secret);
  await form.getByTestId('plugin-instance-save').click();
  await form.getByTestId('error-bucket').getByText('is required').waitFor();
  assert.equal(await form.getByTestId('error-secretKey').count(), 0, 'the secret typed is not missing');

  step('a page size that is no whole number: the server refuses it next to the field');
  await form.getByTestId('plugin-field-bucket').fill('e2e-one');
  await form.getByTestId('error-bucket').waitFor({ state: 'detached' });
  await form.getByTestId('plugin-field-pageSize').fill('1.5');
  await form.getByTestId('plugin-instance-save').click();
  await form.getByTestId('error-pageSize').getByText("must be a whole number, was '1.5'").waitFor();
  // the refusal is the one error the browser logs here ("Failed to load resource: ... 400")
  const refused = errors.splice(0);
  assert.ok(refused.length <= 1 && refused.every((e) => /status of 400/.test(e)), `only the refused save logged: ${refused}`);
  assert.equal(await form.getByTestId('plugin-field-secretKey').inputValue(), secret, 'the form keeps what was typed');

  step('saved: listed with its bucket and its secret set');
  await form.getByTestId('plugin-field-pageSize').fill('500');
  await form.getByTestId('plugin-instance-save').click();
  await form.waitFor({ state: 'detached' });
  const row = page.getByTestId(`plugin-instance-row-${id}`);
  await row.waitFor();
  assert.match(await textOf(page.getByTestId('plugin-instance-message')), new RegExp(`Created ${id}`));
  assert.match(await textOf(page.getByTestId(`plugin-instance-settings-${id}`)), /bucket=e2e-one/i);
  assert.match(await textOf(page.getByTestId(`plugin-instance-settings-${id}`)), /Page size=500/i);
  assert.equal(await textOf(page.getByTestId(`plugin-instance-secret-${id}-secretKey`)), 'Secret key: set');
  assert.ok(!(await textOf(page.locator('main'))).includes(secret), 'the secret is not on the page');

  step('edit: another bucket, the secret left blank');
  await page.getByTestId(`plugin-instance-edit-${id}`).click();
  const edit = page.getByTestId('plugin-instance-form');
  await edit.getByTestId('plugin-field-bucket').waitFor();
  assert.equal(await edit.getByTestId('plugin-field-bucket').inputValue(), 'e2e-one');
  assert.equal(await edit.getByTestId('plugin-field-pageSize').inputValue(), '500');
  assert.equal(await edit.getByTestId('plugin-field-id').isDisabled(), true, 'the id cannot change');
  assert.equal(await edit.getByTestId('plugin-field-secretKey').inputValue(), '', 'the secret is never filled in');
  assert.equal(await textOf(edit.getByTestId('plugin-secret-state-secretKey')), 'set');
  assert.equal(await textOf(edit.getByTestId('plugin-secret-state-sessionToken')), 'unset');
  await edit.getByTestId('plugin-field-bucket').fill('e2e-two');
  await edit.getByTestId('plugin-instance-save').click();
  await edit.waitFor({ state: 'detached' });
  await page.getByTestId(`plugin-instance-settings-${id}`).getByText('Bucket=e2e-two').waitFor();
  assert.equal(await textOf(page.getByTestId(`plugin-instance-secret-${id}-secretKey`)), 'Secret key: set');

  step('the API never answers the secret, and reports it as set');
  const list = await fetchFromPage(page, '/api/v1/plugin-instances');
  const one = await fetchFromPage(page, `/api/v1/plugin-instances/${pid}`);
  const ofType = await fetchFromPage(page, `/api/v1/plugin-instances?factoryPid=${S3}`);
  for (const [what, reply] of [['list', list], ['get', one], ['list of the type', ofType]]) {
    assert.equal(reply.status, 200, `${what}: ${reply.body}`);
    assert.ok(!reply.body.includes(secret), `${what} holds the secret: ${reply.body}`);
  }
  const read = JSON.parse(one.body);
  assert.equal(read.values.bucket, 'e2e-two');
  assert.equal(read.values.pageSize, 500);
  assert.equal(read.secretsSet.secretKey, true, 'the secret is reported as set');
  assert.equal(read.values.secretKey, undefined);
  assert.ok(JSON.parse(list.body).some((i) => i.pid === pid), 'listed');
  const received = await Promise.all(answers.splice(0));
  const methods = received.map((r) => r.method);
  assert.ok(methods.includes('POST') && methods.includes('PUT'), `the page received the create and update answers: ${methods}`);
  received.forEach(({ method, body }) => assert.ok(!body.includes(secret), `an answer to ${method} the page received holds the secret: ${body}`));
  assert.deepEqual(errors, [], 'no console errors');
}

async function viewAsManager(browser, admin) {
  step('a MANAGER sees the instance without any write control');
  const name = `e2e-plugins-${stamp}`;
  await api('POST', '/api/v1/users', admin, { username: name, password: 'e2e-manager-password', role: 'MANAGER' });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await login(page, base, name, 'e2e-manager-password');
  await openPage(page);
  await page.getByTestId(`plugin-instance-row-${id}`).waitFor();
  assert.equal(await textOf(page.getByTestId(`plugin-instance-secret-${id}-secretKey`)), 'Secret key: set');
  for (const control of ['plugin-instance-new', `plugin-instance-edit-${id}`, `plugin-instance-delete-${id}`]) {
    assert.equal(await page.getByTestId(control).count(), 0, `no ${control} for a MANAGER`);
  }
  assert.deepEqual(errors, [], 'no console errors for the MANAGER');
  await context.close();
}

async function remove(page, errors) {
  step(`delete ${id} after confirming`);
  await openPage(page);
  const row = page.getByTestId(`plugin-instance-row-${id}`);
  await row.waitFor();
  await page.getByTestId(`plugin-instance-delete-${id}`).click();
  const confirm = page.getByTestId('plugin-instance-delete-confirm');
  await confirm.waitFor();
  assert.match(await textOf(confirm), new RegExp(`Delete ${id}`));
  await confirm.getByTestId('plugin-instance-delete-yes').click();
  await row.waitFor({ state: 'detached' });
  assert.match(await textOf(page.getByTestId('plugin-instance-message')), new RegExp(`Deleted ${id}`));
  const gone = await fetchFromPage(page, `/api/v1/plugin-instances/${pid}`);
  assert.equal(gone.status, 404, `the instance is gone from the API: ${gone.status} ${gone.body}`);
  // the 404 just asked for is the one error the browser logs here
  const logged = errors.splice(0);
  assert.ok(logged.length <= 1 && logged.every((e) => /status of 404/.test(e)), `only the 404 asked for logged: ${logged}`);
  assert.ok(!JSON.parse((await fetchFromPage(page, '/api/v1/plugin-instances')).body).some((i) => i.pid === pid), 'not listed');
}

const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  // every answer about plugin instances the page receives, to look for the secret in
  const answers = [];
  page.on('response', (response) => {
    if (response.url().includes('/api/v1/plugin-instances') && response.request().method() !== 'DELETE') {
      answers.push(response.text().then((body) => ({ method: response.request().method(), body }), () => ({ method: 'none', body: '' })));
    }
  });
  const admin = (await api('POST', '/api/v1/auth/login', null, { username: 'admin', password: adminPassword })).token;

  step('log in as admin');
  await login(page, base, 'admin', adminPassword);
  await page.getByTestId('nav-dashboard').waitFor();
  if (phase === 'create' || phase === 'all') {
    await create(page, errors, answers);
    await viewAsManager(browser, admin);
  }
  if (phase === 'delete' || phase === 'all') await remove(page, errors);
  assert.deepEqual(errors, [], 'no console errors');
  step('all checks passed');
} catch (error) {
  console.error(`[plugins-e2e] FAILED: ${error.message}`);
  if (error.stack) console.error(error.stack);
  process.exitCode = 1;
} finally {
  await browser.close();
}
