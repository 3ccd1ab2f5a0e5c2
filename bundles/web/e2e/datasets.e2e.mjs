// End-to-end test of the dataset pages in a real headless Chromium (Debian's, driven by playwright-core).
// Started by WebConsoleIT against the booted distribution:
//   BASE_URL=... ADMIN_PASSWORD=... SCREENSHOT_DIR=... [EXPECT_SOURCE=id] [ABSENT_SOURCE=id] [SOURCES_ONLY=1] node datasets.e2e.mjs
// Full run: create a dataset in the UI, upload a CSV, relabel by keyboard and in bulk, read the history, publish.
// SOURCES_ONLY=1: only check which data sources the import panel offers (plugins come and go at runtime).
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const require = createRequire(new URL('../ui/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const base = process.env.BASE_URL;
const adminPassword = process.env.ADMIN_PASSWORD;
const screenshots = process.env.SCREENSHOT_DIR;
assert.ok(base && adminPassword && screenshots, 'BASE_URL, ADMIN_PASSWORD and SCREENSHOT_DIR are required');
mkdirSync(screenshots, { recursive: true });
const step = (what) => console.log(`[datasets-e2e] ${what}`);

async function api(method, path, token, body) {
  const response = await fetch(base + path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path} -> ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(20_000);
  const admin = (await api('POST', '/api/v1/auth/login', null, { username: 'admin', password: adminPassword })).token;

  step('log in');
  await page.goto(base + '/login');
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill(adminPassword);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-datasets').click();

  const name = process.env.DATASET_NAME || `parts-${Date.now()}`;
  const sourcesOnly = process.env.SOURCES_ONLY === '1';
  let dataset;
  if (sourcesOnly) {
    dataset = (await api('GET', '/api/v1/datasets', admin))[0];
    assert.ok(dataset, 'SOURCES_ONLY needs a dataset to open');
    await page.goto(`${base}/datasets/${dataset.id}`);
  } else {
    step('create a tabular dataset in the UI');
    await page.getByTestId('dataset-new').click();
    await page.getByTestId('dataset-name').fill(name);
    await page.getByTestId('dataset-columns').fill('width,height');
    await page.getByTestId('dataset-labels').fill('ok,bad');
    await page.getByTestId('dataset-create').click();
    await page.getByTestId('dataset-summary').waitFor();
    dataset = (await api('GET', '/api/v1/datasets', admin)).find((d) => d.name === name);
    assert.ok(dataset, 'the dataset exists');
  }

  step('the import panel offers the installed sources');
  await page.getByTestId('import-open').click();
  const select = page.getByTestId('import-source');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="import-source"] option').length > 0);
  const offered = await select.locator('option').allTextContents();
  step(`offered: ${offered.join(', ')}`);
  if (process.env.EXPECT_SOURCE) assert.ok(offered.includes(process.env.EXPECT_SOURCE), `${process.env.EXPECT_SOURCE} offered in ${offered}`);
  if (process.env.ABSENT_SOURCE) assert.ok(!offered.includes(process.env.ABSENT_SOURCE), `${process.env.ABSENT_SOURCE} not offered in ${offered}`);
  if (!sourcesOnly) {

    step('upload a CSV and watch the import finish');
    const csv = join(mkdtempSync(join(tmpdir(), 'mf-e2e-')), 'parts.csv');
    writeFileSync(csv, 'width,height,label\n1,1,ok\n2,2,ok\n3,3,bad\n4,4,ok\n5,5,bad\n6,6,ok\n');
    await select.selectOption('local');
    await page.getByTestId('import-file').setInputFiles(csv);
    await page.getByTestId('import-start').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="import-state"]')?.textContent === 'SUCCEEDED');
    await page.waitForFunction(() => document.querySelector('[data-testid="dataset-items"]')?.textContent === '6');
    await page.getByTestId('item-row-5').waitFor();

    step('relabel the focused item with a shortcut: 2 = bad');
    const items = async () => (await api('GET', `/api/v1/datasets/${dataset.id}/items?limit=50`, admin)).items;
    const before = await items();
    await page.getByTestId('items-table').focus();
    await page.keyboard.press('j'); // row 1
    await page.keyboard.press('2');
    await page.waitForFunction(() => document.querySelector('[data-testid="item-label-1"]')?.textContent === 'bad');
    const afterKey = await items();
    const changed = afterKey.find((i) => i.id === before[1].id);
    assert.equal(changed.label, 'bad', 'the shortcut relabelled the focused item on the server');

    step('relabel two items in bulk');
    await page.getByTestId('item-select-2').check();
    await page.getByTestId('item-select-4').check();
    await page.getByTestId('bulk-ok').click();
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });
    const afterBulk = await items();
    for (const index of [2, 4]) {
      assert.equal(afterBulk.find((i) => i.id === before[index].id).label, 'ok', `item ${index} relabelled in bulk`);
    }

    step('read the history of the item relabelled by key');
    await page.getByTestId('item-history-1').click();
    await page.waitForFunction(() => /ok\s*→\s*bad\s*by admin/.test(document.querySelector('[data-testid="history-panel"]')?.textContent ?? ''));

    step('publish version 1');
    await page.getByTestId('publish').click();
    await page.getByTestId('version-1').waitFor();
    const versions = await api('GET', `/api/v1/datasets/${dataset.id}/versions`, admin);
    assert.equal(versions.length, 1);
    assert.equal(versions[0].items, 6);
    await page.screenshot({ path: join(screenshots, 'datasets.png'), fullPage: true });
  }
  step('done');
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await browser.close();
}
