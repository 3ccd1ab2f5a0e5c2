// End-to-end test of directory (LDAP) sign-in in a real headless Chromium (Debian's, driven by playwright-core).
// Started by WebConsoleIT against the booted distribution, with an LDAP directory the test runs:
//   BASE_URL=http://127.0.0.1:PORT ADMIN_PASSWORD=... SCREENSHOT_DIR=... \
//   LDAP_URL=ldap://127.0.0.1:PORT            the directory
//   LDAP_BIND_DN=cn=reader,dc=example,dc=com  the service account that searches it
//   LDAP_BIND_PASSWORD=...                    its password
//   LDAP_USER_BASE=ou=people,dc=example,dc=com
//   LDAP_GROUP_BASE=ou=groups,dc=example,dc=com
//   LDAP_USER=grace                           a user in the group fleet-operators (so MANAGER), with a mail attribute
//   LDAP_PASSWORD=...                         that user's directory password
//   node directory.e2e.mjs
// As admin, the Directory page (next to Users in the navigation): switched on without a URL the form says what is
// missing next to the field; filled with the directory, the admin group fleet-admins and the manager group
// fleet-operators, "Test connection" as LDAP_USER with LDAP_PASSWORD lists connected, bound, the user found with their
// DN, their groups, role MANAGER and the password accepted (the request carries the form's settings as typed); saved
// and switched on, the server keeps them (the bind password only as "set"). Then in a fresh browser LDAP_USER signs in
// at the login page and works as a manager: the header says MANAGER, the model upload is offered, the admin pages are
// not. The admin's Users page lists the account as Directory, with the email and name the directory gave and no
// password or role change. The directory settings found at the start are put back at the end. No console errors.
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { apiClient, environment, launch, login } from './support.mjs';

const { base, adminPassword, screenshots, step } = environment('directory-e2e');
const LDAP_ENV = ['LDAP_URL', 'LDAP_BIND_DN', 'LDAP_BIND_PASSWORD', 'LDAP_USER_BASE', 'LDAP_GROUP_BASE', 'LDAP_USER', 'LDAP_PASSWORD'];
const missing = LDAP_ENV.filter((name) => !process.env[name]);
if (missing.length) {
  console.error(`[directory-e2e] FAILED: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required`);
  process.exit(2);
}
const { LDAP_URL, LDAP_BIND_DN, LDAP_BIND_PASSWORD, LDAP_USER_BASE, LDAP_GROUP_BASE, LDAP_USER, LDAP_PASSWORD } = process.env;
const ADMIN_GROUP = 'fleet-admins';
const MANAGER_GROUP = 'fleet-operators';

const api = apiClient(base);
const textOf = async (locator) => ((await locator.textContent()) ?? '').trim();

/** Waits until the checklist line directory-test-<key> is in `state` (ok, failed, skipped, info); answers its text. */
async function check(page, key, state) {
  const item = page.getByTestId('directory-test-result').getByTestId(`directory-test-${key}`);
  await item.waitFor();
  assert.equal(await item.getAttribute('data-state'), state, `${key}: ${await textOf(item)}`);
  return textOf(item);
}

const admin = (await api('POST', '/api/v1/auth/login', null, { username: 'admin', password: adminPassword })).token;
const before = await api('GET', '/api/v1/directory', admin);
const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(20_000);

  step('log in as admin; Directory is in the navigation next to Users');
  await login(page, base, 'admin', adminPassword);
  await page.getByTestId('nav-directory').waitFor();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  const nav = await page.locator('nav[aria-label="Main"] a').evaluateAll((links) => links.map((a) => a.dataset.testid));
  assert.equal(nav.indexOf('nav-directory'), nav.indexOf('nav-users') + 1, 'Directory follows Users');
  await page.getByTestId('nav-directory').click();
  await page.waitForURL('**/directory');
  const form = page.getByTestId('directory-form');
  await form.waitFor();

  step('switched on without a URL, a user base or a group: the form says so next to the fields, nothing is sent');
  let puts = 0;
  page.on('request', (r) => { if (r.method() === 'PUT' && new URL(r.url()).pathname === '/api/v1/directory') puts++; });
  await form.getByTestId('directory-enabled').check();
  await form.getByTestId('directory-url').fill('');
  await form.getByTestId('directory-user-base-dn').fill('');
  for (const id of ['directory-admin-groups', 'directory-manager-groups', 'directory-viewer-groups']) await form.getByTestId(id).fill('');
  await form.getByTestId('directory-save').click();
  await form.getByTestId('error-url').waitFor();
  await form.getByTestId('error-userBaseDn').waitFor();
  await form.getByTestId('error-viewerGroups').getByText('nobody could sign in').waitFor();
  assert.match(await textOf(form.getByTestId('directory-message')), /need fixing/);
  await form.getByTestId('directory-url').fill('http://127.0.0.1');
  await form.getByTestId('error-url').waitFor({ state: 'detached' });
  await form.getByTestId('directory-save').click();
  await form.getByTestId('error-url').getByText('ldap://').waitFor();
  assert.equal(puts, 0, 'nothing was sent');
  await form.getByTestId('directory-enabled').uncheck();

  step('the form filled with the directory, fleet-admins as ADMIN and fleet-operators as MANAGER');
  await form.getByTestId('directory-url').fill(LDAP_URL);
  await form.getByTestId('directory-start-tls').uncheck();
  await form.getByTestId('directory-bind-dn').fill(LDAP_BIND_DN);
  await form.getByTestId('directory-bind-password').fill(LDAP_BIND_PASSWORD);
  await form.getByTestId('directory-user-base-dn').fill(LDAP_USER_BASE);
  await form.getByTestId('directory-user-filter').fill('(uid={0})');
  await form.getByTestId('directory-group-base-dn').fill(LDAP_GROUP_BASE);
  await form.getByTestId('directory-group-filter').fill('(member={0})');
  await form.getByTestId('directory-admin-groups').fill(ADMIN_GROUP);
  await form.getByTestId('directory-manager-groups').fill(`${MANAGER_GROUP}\n\n`);
  await form.getByTestId('directory-viewer-groups').fill('');

  step(`"Test connection" as ${LDAP_USER}: connected, bound, found, MANAGER, password accepted`);
  await page.getByTestId('directory-test-username').fill(LDAP_USER);
  await page.getByTestId('directory-test-password').fill(LDAP_PASSWORD);
  const [tested] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/directory/test'),
    page.getByTestId('directory-test').click(),
  ]);
  assert.equal(tested.status(), 200);
  const sent = tested.request().postDataJSON();
  assert.deepEqual([sent.username, sent.password], [LDAP_USER, LDAP_PASSWORD]);
  assert.deepEqual([sent.settings.url, sent.settings.bindDn, sent.settings.bindPassword, sent.settings.userBaseDn, sent.settings.groupBaseDn],
    [LDAP_URL, LDAP_BIND_DN, LDAP_BIND_PASSWORD, LDAP_USER_BASE, LDAP_GROUP_BASE], 'the test tries the settings as typed');
  assert.deepEqual([sent.settings.adminGroups, sent.settings.managerGroups, sent.settings.viewerGroups], [[ADMIN_GROUP], [MANAGER_GROUP], []]);
  const result = await tested.json();
  assert.equal(result.error, null, `the test found no problem: ${result.error}`);
  assert.ok(result.email, 'the directory gives the user an email');
  await page.getByTestId('directory-test-result').waitFor();
  await check(page, 'connected', 'ok');
  await check(page, 'bound', 'ok');
  assert.ok((await check(page, 'user', 'ok')).includes(result.userDn), 'the user is found with their DN');
  assert.match(await check(page, 'groups', 'info'), new RegExp(MANAGER_GROUP));
  assert.match(await check(page, 'role', 'ok'), /Role MANAGER$/);
  await check(page, 'authenticated', 'ok');
  assert.equal(await page.getByTestId('directory-test-error').count(), 0, 'no error');
  await page.getByTestId('directory-test-result').getByText(`${LDAP_USER} signs in as MANAGER.`).waitFor();
  await page.screenshot({ path: join(screenshots, 'directory.png'), fullPage: true });

  step('a wrong password: the same user, refused');
  await page.getByTestId('directory-test-password').fill(`${LDAP_PASSWORD}-wrong`);
  await page.getByTestId('directory-test').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="directory-test-authenticated"]')?.getAttribute('data-state') === 'failed');
  await check(page, 'role', 'ok');

  step('switched on and saved: the server keeps the settings, the bind password only as set');
  await form.getByTestId('directory-enabled').check();
  const [saved] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'PUT' && new URL(r.url()).pathname === '/api/v1/directory'),
    form.getByTestId('directory-save').click(),
  ]);
  assert.equal(saved.status(), 200, await saved.text());
  assert.equal(saved.request().postDataJSON().bindPassword, LDAP_BIND_PASSWORD);
  await form.getByTestId('directory-message').getByText('Directory sign-in is on').waitFor();
  const stored = await api('GET', '/api/v1/directory', admin);
  assert.deepEqual([stored.enabled, stored.url, stored.bindDn, stored.bindPassword, stored.bindPasswordSet, stored.userBaseDn, stored.groupBaseDn,
    stored.adminGroups, stored.managerGroups, stored.viewerGroups],
  [true, LDAP_URL, LDAP_BIND_DN, null, true, LDAP_USER_BASE, LDAP_GROUP_BASE, [ADMIN_GROUP], [MANAGER_GROUP], []]);
  assert.equal(await form.getByTestId('directory-bind-password').inputValue(), '', 'the password is not shown again');
  assert.equal(await form.getByTestId('directory-url').inputValue(), LDAP_URL);
  assert.deepEqual(errors, [], 'no console errors');

  step(`in a fresh browser ${LDAP_USER} signs in with the directory password and works as a manager`);
  const userContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const user = await userContext.newPage();
  user.setDefaultTimeout(20_000);
  const userErrors = [];
  await login(user, base, LDAP_USER, LDAP_PASSWORD);
  await user.getByTestId('session-user').waitFor();
  user.on('console', (m) => { if (m.type() === 'error') userErrors.push(m.text()); });
  user.on('pageerror', (e) => userErrors.push(e.message));
  assert.equal(await textOf(user.getByTestId('session-user')), `${LDAP_USER} · MANAGER`);
  for (const adminOnly of ['nav-users', 'nav-directory', 'nav-tokens', 'nav-audit']) {
    assert.equal(await user.getByTestId(adminOnly).count(), 0, `no ${adminOnly} for a manager`);
  }
  await user.getByTestId('nav-models').click();
  await user.waitForURL('**/models');
  await user.getByTestId('model-upload-open').waitFor();
  await user.goto(`${base}/directory`);
  await user.getByText('This page needs a role you do not have.').waitFor();
  await user.screenshot({ path: join(screenshots, 'directory-user.png'), fullPage: true });
  assert.deepEqual(userErrors, [], `no console errors for ${LDAP_USER}`);
  await userContext.close();

  step(`the admin's Users page lists ${LDAP_USER} as a directory account with the email the directory gave`);
  await page.getByTestId('nav-users').click();
  await page.waitForURL('**/users');
  const row = page.getByTestId(`user-row-${LDAP_USER}`);
  await row.waitFor();
  assert.equal(await textOf(row.getByTestId(`user-source-${LDAP_USER}`)), 'Directory');
  assert.equal(await textOf(row.getByTestId(`user-email-${LDAP_USER}`)), result.email);
  if (result.displayName) assert.equal(await textOf(row.getByTestId(`user-name-${LDAP_USER}`)), result.displayName);
  assert.match(await textOf(row.getByTestId(`user-role-${LDAP_USER}`)), /^MANAGER/);
  assert.equal(await row.locator('select').count(), 0, 'a directory account\'s role follows its groups');
  assert.equal(await row.getByTestId(`user-password-open-${LDAP_USER}`).count(), 0, 'a directory account\'s password is the directory\'s');
  await row.getByTestId(`user-toggle-${LDAP_USER}`).waitFor();
  assert.equal(await textOf(page.getByTestId('user-source-admin')), 'Local');
  const listed = (await api('GET', '/api/v1/users?limit=1000', admin)).items.find((u) => u.username === LDAP_USER);
  assert.deepEqual([listed.directory, listed.role, listed.email], [true, 'MANAGER', result.email]);
  await page.screenshot({ path: join(screenshots, 'users-directory.png'), fullPage: true });
  assert.deepEqual(errors, [], 'no console errors');
  step('all checks passed');
} catch (error) {
  console.error(`[directory-e2e] FAILED: ${error.message}`);
  if (error.stack) console.error(error.stack);
  process.exitCode = 1;
} finally {
  // the settings found at the start (their stored password kept, or none as before)
  try {
    await api('PUT', '/api/v1/directory', admin, { ...before, bindPassword: before.bindPasswordSet ? null : '' });
  } catch (error) {
    console.error(`[directory-e2e] the directory settings could not be put back: ${error.message}`);
    process.exitCode = 1;
  }
  await browser.close();
}
