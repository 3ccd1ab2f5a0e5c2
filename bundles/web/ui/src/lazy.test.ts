import { describe, expect, it } from 'vitest';
import { loadOnce } from './lazy';

describe('pages loaded when first opened', () => {
  it('imports a page once, for every caller, and keeps it', async () => {
    let calls = 0;
    const page = loadOnce(async () => { calls++; return 'Models'; });
    expect(page.loaded()).toBeNull();
    const [a, b] = await Promise.all([page.load(), page.load()]);
    expect([a, b, page.loaded(), calls]).toEqual(['Models', 'Models', 'Models', 1]);
    await page.load();
    expect(calls).toBe(1);
  });
  it('tries again after a chunk could not be fetched (the server was upgraded, the network broke)', async () => {
    let calls = 0;
    const page = loadOnce(async () => {
      calls++;
      if (calls === 1) throw new TypeError('Failed to fetch dynamically imported module: /assets/models-OLD.js');
      return 'Models';
    });
    await expect(page.load()).rejects.toThrow(/dynamically imported module/);
    expect(page.loaded()).toBeNull();
    expect(await page.load()).toBe('Models');
    expect(calls).toBe(2);
  });
});
