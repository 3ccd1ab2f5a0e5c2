import { describe, expect, it, vi } from 'vitest';
import { Api, ApiError, toApiError } from './api';

function reply(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

describe('api client', () => {
  it('turns error bodies into sentences', async () => {
    const error = await toApiError(reply(400, { error: 'invalid_input', detail: 'limit must be between 1 and 1000, was 0' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.detail).toBe('limit must be between 1 and 1000, was 0');
    const throttled = await toApiError(reply(429, { error: 'too_many_requests', detail: 'locked' }, { 'Retry-After': '30' }));
    expect(throttled.detail).toBe('locked Try again in 30 s.');
    const broken = await toApiError(new Response('<html>', { status: 502 }));
    expect(broken.detail).toMatch(/server failed/);
  });

  it('sends the bearer token and revalidates with the ETag', async () => {
    const fetcher = vi.fn()
      .mockResolvedValueOnce(reply(200, { total: 1 }, { ETag: '"a"' }))
      .mockResolvedValueOnce(new Response(null, { status: 304 }))
      .mockResolvedValueOnce(reply(200, { total: 2 }, { ETag: '"b"' }));
    const api = new Api('mfs_x', () => {}, () => {}, fetcher);
    expect(await api.get('/api/v1/edges')).toEqual({ total: 1 });
    expect(await api.get('/api/v1/edges')).toEqual({ total: 1 });
    expect(fetcher.mock.calls[1][1].headers['If-None-Match']).toBe('"a"');
    expect(fetcher.mock.calls[1][1].headers.Authorization).toBe('Bearer mfs_x');
    expect(await api.get('/api/v1/edges')).toEqual({ total: 2 });
  });

  it('reports an ended session once and throws', async () => {
    const expired = vi.fn();
    const api = new Api('mfs_old', expired, () => {}, vi.fn().mockResolvedValue(reply(401, { error: 'unauthenticated', detail: 'the session has expired' })));
    await expect(api.get('/api/v1/edges')).rejects.toThrow('the session has expired');
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('does not treat a failed login as an ended session', async () => {
    const expired = vi.fn();
    const api = new Api(null, expired, () => {}, vi.fn().mockResolvedValue(reply(401, { error: 'unauthenticated', detail: 'wrong username or password' })));
    await expect(api.post('/api/v1/auth/login', {})).rejects.toThrow('wrong username or password');
    expect(expired).not.toHaveBeenCalled();
  });

  it('shows progress while requests are in flight', async () => {
    const busy: boolean[] = [];
    const api = new Api('t', () => {}, (b) => busy.push(b), vi.fn().mockResolvedValue(reply(200, {})));
    await api.post('/x', {});
    expect(busy).toEqual([true, false]);
  });
});
