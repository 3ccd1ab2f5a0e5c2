// What every browser test shares: its environment, API calls with an admin token, Debian's Chromium, and logging in.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import assert from 'node:assert/strict';

const require = createRequire(new URL('../ui/package.json', import.meta.url));
const { chromium } = require('playwright-core');

/** BASE_URL, ADMIN_PASSWORD and SCREENSHOT_DIR, or the script exits with 2 saying which are missing. */
export function environment(name) {
  const base = process.env.BASE_URL;
  const adminPassword = process.env.ADMIN_PASSWORD;
  const screenshots = process.env.SCREENSHOT_DIR;
  if (!base || !adminPassword || !screenshots) {
    console.error(`[${name}] FAILED: BASE_URL, ADMIN_PASSWORD and SCREENSHOT_DIR are required`);
    process.exit(2);
  }
  mkdirSync(screenshots, { recursive: true });
  return { base, adminPassword, screenshots, step: (what) => console.log(`[${name}] ${what}`) };
}

/** A JSON (or multipart, for a FormData body) call that must succeed; answers the parsed body. */
export function apiClient(base) {
  return async function api(method, path, token, body) {
    const form = body instanceof FormData;
    const response = await fetch(base + path, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body && !form ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? (form ? body : JSON.stringify(body)) : undefined,
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path} -> ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

/** Debian's Chromium, headless, with the flags that work on these machines. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Logs in through the login page. */
export async function login(page, base, username, password) {
  await page.goto(base + '/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}
