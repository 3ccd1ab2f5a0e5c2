// End-to-end test of the dataset pages in a real headless Chromium (Debian's, driven by playwright-core).
// Started by WebConsoleIT against the booted distribution:
//   BASE_URL=http://127.0.0.1:PORT ADMIN_PASSWORD=... SCREENSHOT_DIR=... [DATASET_NAME=name]
//   [EXPECT_SOURCE=id] [ABSENT_SOURCE=id] [SOURCES_ONLY=1] node datasets.e2e.mjs
// Full run: create a dataset in the UI, upload a CSV, relabel by keyboard and in bulk, read the history, publish.
// SOURCES_ONLY=1: only check which data sources the import panel offers (source plugins come and go at runtime).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { apiClient, environment, launch, login } from './support.mjs';
import { greyPng, zip } from './images.mjs';


const { base, adminPassword, screenshots, step } = environment('datasets-e2e');
const api = apiClient(base);
const sourcesOnly = process.env.SOURCES_ONLY === '1';
const expectSource = process.env.EXPECT_SOURCE;
const absentSource = process.env.ABSENT_SOURCE;
const name = process.env.DATASET_NAME || `parts-${Date.now()}`;
const LABELS = ['ok', 'bad'];


/** Waits until the element with this test id has exactly this text. */
const text = (page, testId, expected) => page.waitForFunction(([id, want]) =>
  document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === want, [testId, expected]);

const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(20_000);
  const admin = (await api('POST', '/api/v1/auth/login', null, { username: 'admin', password: adminPassword })).token;

  step('log in as admin');
  await login(page, base, 'admin', adminPassword);
  await page.getByTestId('nav-datasets').click();

  let dataset;
  if (sourcesOnly) {
    dataset = (await api('GET', '/api/v1/datasets', admin))[0]
      ?? await api('POST', '/api/v1/datasets', admin, { name, kind: 'TABULAR', columns: ['width', 'height'], labels: LABELS });
    step(`open dataset ${dataset.name}`);
    await page.getByTestId(`dataset-row-${dataset.name}`).getByRole('link').click();
    await page.getByTestId('dataset-summary').waitFor();
  } else {
    step(`create the tabular dataset ${name} in the UI`);
    await page.getByTestId('dataset-new').click();
    await page.getByTestId('dataset-name').fill(name);
    await page.getByTestId('dataset-columns').fill('width,height');
    await page.getByTestId('dataset-labels').fill(LABELS.join(','));
    await page.getByTestId('dataset-create').click();
    await page.getByTestId('dataset-summary').waitFor();
    dataset = (await api('GET', '/api/v1/datasets', admin)).find((d) => d.name === name);
    assert.ok(dataset, `dataset ${name} exists on the server`);
    assert.deepEqual(dataset.labels, LABELS);
  }

  step('the import panel offers the installed sources');
  await page.getByTestId('import-open').click();
  const select = page.getByTestId('import-source');
  await page.locator('[data-testid="import-source"][aria-busy="false"]').waitFor();
  const offered = await select.locator('option').evaluateAll((options) => options.map((o) => o.value));
  step(`offered: ${offered.join(', ') || 'none'}`);
  if (expectSource) assert.ok(offered.includes(expectSource), `source ${expectSource} should be offered, got [${offered}]`);
  if (absentSource) assert.ok(!offered.includes(absentSource), `source ${absentSource} should not be offered, got [${offered}]`);

  if (!sourcesOnly) {
    step('upload a CSV of 6 labelled rows and watch the import finish');
    const csv = join(mkdtempSync(join(tmpdir(), 'mf-e2e-')), 'parts.csv');
    writeFileSync(csv, 'width,height,label\n1,1,ok\n2,2,ok\n3,3,bad\n4,4,ok\n5,5,bad\n6,6,ok\n');
    await select.selectOption('local');
    step('the local source\'s options are rendered from its schema');
    await page.getByTestId('option-labelColumn').waitFor();
    assert.equal(await page.getByTestId('option-labelColumn').inputValue(), 'label', 'the schema default fills the label column');
    assert.deepEqual(await page.getByTestId('option-format').locator('option').evaluateAll((o) => o.map((x) => x.value)), ['', 'csv', 'zip']);
    await page.getByTestId('import-file').setInputFiles(csv);
    await page.getByTestId('import-start').click();
    await page.waitForFunction(() => /^(SUCCEEDED|FAILED|CANCELLED)$/.test(document.querySelector('[data-testid="import-state"]')?.textContent ?? ''));
    const state = (await page.getByTestId('import-state').textContent()).trim();
    const failure = (await page.getByTestId('import-error').count()) ? await page.getByTestId('import-error').textContent() : '';
    assert.equal(state, 'SUCCEEDED', `the import ended ${state} ${failure}`);
    await text(page, 'dataset-items', '6');
    await page.getByTestId('item-row-5').waitFor();
    await page.getByTestId('import-panel').getByRole('button', { name: 'Close' }).click();

    const items = async () => (await api('GET', `/api/v1/datasets/${dataset.id}/items?limit=50`, admin)).items;
    const before = await items();
    assert.equal(before.length, 6, 'six items on the server');
    assert.equal(before[0].label, 'ok', 'the first row came labelled ok');

    const bad = String(LABELS.indexOf('bad') + 1);
    step(`relabel the first row with a shortcut: click row 1, k moves up, ${bad} = bad`);
    await page.getByTestId('item-row-1').click();
    await page.keyboard.press('k');
    await page.keyboard.press(bad);
    await text(page, 'item-label-0', 'bad');
    assert.equal((await items()).find((i) => i.id === before[0].id).label, 'bad', 'the shortcut relabelled the focused item on the server');

    step('relabel two items in bulk: select rows 2 and 4, apply ok');
    await page.getByTestId('item-select-2').check();
    await page.getByTestId('item-select-4').check();
    await page.getByTestId('bulk-ok').click();
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });
    const afterBulk = await items();
    for (const index of [2, 4]) {
      assert.equal(before[index].label, 'bad', `row ${index} came labelled bad`);
      assert.equal(afterBulk.find((i) => i.id === before[index].id).label, 'ok', `row ${index} relabelled ok in bulk on the server`);
      await text(page, `item-label-${index}`, 'ok');
    }

    step('the history of the first row shows the change');
    await page.getByTestId('item-history-0').click();
    await page.waitForFunction(() => /ok\s*→\s*bad\s*by admin/.test(document.querySelector('[data-testid="history-panel"]')?.textContent ?? ''));
    const history = await api('GET', `/api/v1/dataset-items/${before[0].id}/history`, admin);
    assert.deepEqual(history.map((c) => [c.from, c.to, c.by]), [['ok', 'bad', 'admin']]);

    step('publish version 1');
    await page.getByTestId('publish').click();
    await page.getByTestId('version-1').waitFor();
    const versions = await api('GET', `/api/v1/datasets/${dataset.id}/versions`, admin);
    assert.deepEqual(versions.map((v) => [v.number, v.items]), [[1, 6]], 'version 1 with 6 items on the server');
    await page.screenshot({ path: join(screenshots, 'datasets.png'), fullPage: true });

    step('the list shows the dataset with its version');
    await page.getByTestId('nav-datasets').click();
    await page.getByTestId(`dataset-row-${name}`).waitFor();

    step('an image dataset: 12 PNG files uploaded as a zip of class folders');
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    const images = await api('POST', '/api/v1/datasets', admin, { name: `${name}-frames`, kind: 'FILES', labels: ['dark', 'light'] });
    const files = {};
    for (let i = 0; i < 12; i++) {
      const light = i % 2 === 1;
      files[`${light ? 'light' : 'dark'}/${i}.png`] = greyPng(16, 12, (x, y) => (light ? 200 : 40) + ((x + y + i) % 4) * 10);
    }
    const form = new FormData();
    form.append('file', new Blob([zip(files)]), 'frames.zip');
    let job = await api('POST', `/api/v1/datasets/${images.id}/uploads`, admin, form);
    for (let i = 0; i < 100 && job.state === 'RUNNING'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      job = await api('GET', `/api/v1/imports/${job.id}`, admin);
    }
    assert.equal(job.state, 'SUCCEEDED', JSON.stringify(job));
    await page.goto(`${base}/datasets/${images.id}`);
    await page.getByTestId('items-grid').waitFor();
    step('every thumbnail of the grid is an image the browser decoded, large enough to judge');
    await page.waitForFunction(() => {
      const shown = [...document.querySelectorAll('[data-testid="items-grid"] img')];
      return shown.length === 12 && shown.every((img) => img.complete && img.naturalWidth > 0);
    });
    const sizes = await page.locator('[data-testid="items-grid"] img').evaluateAll((all) => all.map((img) =>
      [img.naturalWidth, img.naturalHeight, img.getBoundingClientRect().width]));
    for (const [w, h, shownWidth] of sizes) {
      assert.deepEqual([w, h], [16, 12], 'the file itself is shown');
      assert.ok(shownWidth >= 140, `shown ${shownWidth}px wide`);
    }
    step('relabel by keyboard in the grid, zoom with z');
    await page.getByTestId('item-row-1').click();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('2');
    await text(page, 'item-label-0', 'light');
    assert.equal((await api('GET', `/api/v1/datasets/${images.id}/items?limit=1`, admin)).items[0].label, 'light',
      'the grid relabelled the focused image on the server');
    await page.keyboard.press('1');
    await text(page, 'item-label-0', 'dark');
    assert.equal((await api('GET', `/api/v1/datasets/${images.id}/items?limit=1`, admin)).items[0].label, 'dark');
    await page.keyboard.press('z');
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid="zoom"] img');
      return img && img.complete && img.naturalWidth === 16 && img.getBoundingClientRect().width >= 300;
    });
    await page.screenshot({ path: join(screenshots, 'dataset-images.png'), fullPage: true });
    await page.keyboard.press('Escape');
    await page.getByTestId('zoom').waitFor({ state: 'detached' });
    assert.deepEqual(errors, [], 'no console errors');
  }
  if (!sourcesOnly) {
    step('delete a dataset through the confirmation dialog: the name must be typed, then it leaves the list');
    const doomed = await api('POST', '/api/v1/datasets', admin, { name: `${name}-gone`, kind: 'TABULAR', columns: ['w'], labels: [] });
    await page.goto(`${base}/datasets/${doomed.id}`);
    await page.getByTestId('dataset-delete-open').click();
    const dialog = page.getByTestId('dataset-delete');
    await dialog.waitFor();
    await dialog.getByTestId('dataset-delete-name').fill(`${name}-gon`);
    assert.ok(await dialog.getByTestId('dataset-delete-yes').isDisabled(), 'a wrong name deletes nothing');
    await dialog.getByTestId('dataset-delete-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await api('GET', `/api/v1/datasets/${doomed.id}`, admin)).name, `${name}-gone`, 'kept after Keep it');
    await page.getByTestId('dataset-delete-open').click();
    await dialog.getByTestId('dataset-delete-name').fill(`${name}-gone`);
    await dialog.getByTestId('dataset-delete-yes').click();
    await page.waitForURL(`${base}/datasets`);
    await page.getByTestId(`dataset-row-${name}`).waitFor();
    assert.equal(await page.getByTestId(`dataset-row-${name}-gone`).count(), 0, 'gone from the list');
    const gone = await fetch(`${base}/api/v1/datasets/${doomed.id}`, { headers: { Authorization: `Bearer ${admin}` } });
    assert.equal(gone.status, 404);
    const again = await api('POST', '/api/v1/datasets', admin, { name: `${name}-gone`, kind: 'TABULAR', columns: ['w'], labels: [] });
    assert.notEqual(again.id, doomed.id, 'the name is free for a new dataset');
  }
  step('all checks passed');
} catch (error) {
  console.error(`[datasets-e2e] FAILED: ${error.message}`);
  if (error.stack) console.error(error.stack);
  process.exitCode = 1;
} finally {
  await browser.close();
}
