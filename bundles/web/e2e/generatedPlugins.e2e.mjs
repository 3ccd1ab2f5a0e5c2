// The console stays open while plugins generated from the archetypes come and go (GeneratedPluginsIT).
// PHASE=watch: the Plugins page stays open, polling as it does, until STOP_FILE exists; it must have shown every id in
// EXPECT_SEEN at some point and show none of them at the end, with no console error (a failed poll is one).
// PHASE=form: dataset DATASET_NAME's import panel offers source SOURCE and renders its options from the schema the
// plugin declares: a field per name in FIELDS, the titles in TITLES (separated by |) visible.
import { existsSync } from 'node:fs';
import assert from 'node:assert/strict';
import { environment, launch, login } from './support.mjs';

const { base, adminPassword, step } = environment('generated-plugins-e2e');
const phase = process.env.PHASE;
const list = (name, separator = ',') => (process.env[name] ?? '').split(separator).map((s) => s.trim()).filter(Boolean);

const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(30_000);
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));
  await login(page, base, 'admin', adminPassword);

  if (phase === 'watch') {
    step('the Plugins page stays open while plugins are installed, updated and removed');
    await page.getByTestId('nav-plugins').click();
    await page.getByRole('heading', { name: 'Plugins' }).waitFor();
    const ids = () => page.locator('table tbody tr td:first-child').allTextContents();
    const seen = new Set();
    while (!existsSync(process.env.STOP_FILE)) {
      (await ids()).forEach((id) => seen.add(id.trim()));
      await page.waitForTimeout(250);
    }
    step(`the page showed ${[...seen].sort().join(', ')}`);
    for (const id of list('EXPECT_SEEN')) {
      assert.ok(seen.has(id), `the Plugins page never showed ${id}`);
    }
    // removed on the server before STOP_FILE was written: gone from the page by its next poll (every 5 s)
    await page.waitForFunction((gone) => ![...document.querySelectorAll('table tbody tr td:first-child')]
      .some((cell) => gone.includes(cell.textContent.trim())), list('EXPECT_SEEN'), { timeout: 15_000 });
  } else if (phase === 'form') {
    step(`dataset ${process.env.DATASET_NAME}: the import panel renders ${process.env.SOURCE}'s options from its schema`);
    await page.getByTestId('nav-datasets').click();
    await page.getByTestId(`dataset-row-${process.env.DATASET_NAME}`).getByRole('link').click();
    await page.getByTestId('import-open').click();
    await page.locator('[data-testid="import-source"][aria-busy="false"]').waitFor();
    await page.getByTestId('import-source').selectOption(process.env.SOURCE);
    for (const field of list('FIELDS')) {
      await page.getByTestId(`option-${field}`).waitFor({ state: 'visible' });
    }
    const options = await page.getByTestId('import-options').innerText();
    for (const title of list('TITLES', '|')) {
      assert.ok(options.includes(title), `the form does not show "${title}": ${options}`);
    }
  } else {
    assert.fail(`PHASE must be watch or form, not ${phase}`);
  }
  assert.deepEqual(errors, [], 'the console logged errors');
  step('passed');
} finally {
  await browser.close();
}
