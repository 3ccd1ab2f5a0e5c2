import { describe, expect, it, vi } from 'vitest';
import { Api, ApiError, toApiError, type UploadXhr } from './api';

function reply(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** Stands in for XMLHttpRequest: records what is sent and lets the test drive progress and the answer. */
class FakeXhr implements UploadXhr {
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: FormData | Blob | null = null;
  status = 0;
  statusText = '';
  responseText = '';
  responseHeaders: Record<string, string> = {};
  aborted = false;
  upload: UploadXhr['upload'] = { onprogress: null };
  onload: UploadXhr['onload'] = null;
  onerror: UploadXhr['onerror'] = null;
  onabort: UploadXhr['onabort'] = null;
  open(method: string, url: string) { this.method = method; this.url = url; }
  setRequestHeader(name: string, value: string) { this.headers[name] = value; }
  getResponseHeader(name: string) { return this.responseHeaders[name] ?? null; }
  send(body: FormData | Blob) { this.body = body; }
  abort() { this.aborted = true; this.onabort?.({} as ProgressEvent); }
  progress(loaded: number, total: number) { this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent); }
  answer(status: number, body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) {
    this.status = status;
    this.responseText = body === undefined ? '' : JSON.stringify(body);
    this.responseHeaders = headers;
    this.onload?.({} as ProgressEvent);
  }
}

function uploader(signedIn = true, expired = () => {}) {
  const xhr = new FakeXhr();
  const busy: boolean[] = [];
  const api = new Api(signedIn, expired, (b) => busy.push(b), vi.fn(), () => xhr);
  return { api, xhr, busy };
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
    expect(broken.fields).toEqual({});
  });

  it('keeps the field-level messages of a 400', async () => {
    const error = await toApiError(reply(400, { error: 'invalid_input', detail: 'parameters do not match',
      fields: { 'parameters.epochs': 'must be at most 1000', 'schedule.cron': 'has 4 fields', odd: 3 } }));
    expect(error.fields).toEqual({ 'parameters.epochs': 'must be at most 1000', 'schedule.cron': 'has 4 fields' });
  });

  it('sends the CSRF header, no token, and revalidates with the ETag', async () => {
    const fetcher = vi.fn()
      .mockResolvedValueOnce(reply(200, { total: 1 }, { ETag: '"a"' }))
      .mockResolvedValueOnce(new Response(null, { status: 304 }))
      .mockResolvedValueOnce(reply(200, { total: 2 }, { ETag: '"b"' }));
    const api = new Api(true, () => {}, () => {}, fetcher);
    expect(await api.get('/api/v1/edges')).toEqual({ total: 1 });
    expect(await api.get('/api/v1/edges')).toEqual({ total: 1 });
    expect(fetcher.mock.calls[1][1].headers['If-None-Match']).toBe('"a"');
    expect(fetcher.mock.calls[1][1].headers['X-ModelFleet-CSRF']).toBe('1');
    expect(fetcher.mock.calls[1][1].headers.Authorization).toBeUndefined();
    expect(await api.get('/api/v1/edges')).toEqual({ total: 2 });
  });

  it('reports an ended session once and throws', async () => {
    const expired = vi.fn();
    const api = new Api(true, expired, () => {}, vi.fn().mockResolvedValue(reply(401, { error: 'unauthenticated', detail: 'the session has expired' })));
    await expect(api.get('/api/v1/edges')).rejects.toThrow('the session has expired');
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('does not treat a failed login as an ended session', async () => {
    const expired = vi.fn();
    const api = new Api(false, expired, () => {}, vi.fn().mockResolvedValue(reply(401, { error: 'unauthenticated', detail: 'wrong username or password' })));
    await expect(api.post('/api/v1/auth/login', {})).rejects.toThrow('wrong username or password');
    expect(expired).not.toHaveBeenCalled();
  });

  it('shows progress while requests are in flight', async () => {
    const busy: boolean[] = [];
    const api = new Api(true, () => {}, (b) => busy.push(b), vi.fn().mockResolvedValue(reply(200, {})));
    await api.post('/x', {});
    expect(busy).toEqual([true, false]);
  });

  it('puts JSON', async () => {
    const fetcher = vi.fn().mockResolvedValue(reply(200, { stage: 'APPROVED' }));
    const api = new Api(true, () => {}, () => {}, fetcher);
    expect(await api.put('/api/v1/model-versions/3/stage', { stage: 'APPROVED' })).toEqual({ stage: 'APPROVED' });
    expect(fetcher.mock.calls[0][1]).toMatchObject({ method: 'PUT', body: '{"stage":"APPROVED"}' });
  });
});

describe('upload', () => {
  it('posts the form with the CSRF header and reports progress', async () => {
    const { api, xhr, busy } = uploader();
    const progress: number[][] = [];
    const form = new FormData();
    form.append('version', '2');
    const result = api.upload('/api/v1/models/m/versions', form, (loaded, total) => progress.push([loaded, total]));
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/v1/models/m/versions');
    expect(xhr.headers['X-ModelFleet-CSRF']).toBe('1');
    expect(xhr.headers.Authorization).toBeUndefined();
    expect(xhr.headers['Content-Type']).toBeUndefined(); // the browser adds the boundary
    expect(xhr.body).toBe(form);
    xhr.progress(10, 100);
    xhr.upload.onprogress?.({ lengthComputable: false, loaded: 50, total: 0 } as ProgressEvent);
    xhr.progress(100, 100);
    xhr.answer(201, { id: 5, version: '2' });
    expect(await result).toEqual({ id: 5, version: '2' });
    expect(progress).toEqual([[10, 100], [100, 100]]);
    expect(busy).toEqual([]); // the page shows its own progress bar
  });

  it('sends a file as the raw body with its media type', async () => {
    const { api, xhr } = uploader();
    const archive = new Blob([new Uint8Array([0x50, 0x4b, 3, 4])]);
    const result = api.upload('/api/v1/agent-releases?version=0.2.0', archive, () => {}, undefined, 'application/zip');
    expect(xhr.url).toBe('/api/v1/agent-releases?version=0.2.0');
    expect(xhr.headers['Content-Type']).toBe('application/zip');
    expect(xhr.headers['X-ModelFleet-CSRF']).toBe('1');
    expect(xhr.body).toBe(archive);
    xhr.answer(201, { id: 1, version: '0.2.0' });
    expect(await result).toEqual({ id: 1, version: '0.2.0' });
  });

  it('turns failures into sentences', async () => {
    const tooLarge = uploader();
    const a = tooLarge.api.upload('/x', new FormData(), () => {});
    tooLarge.xhr.answer(413, { error: 'payload_too_large', detail: 'the model file is 9 bytes; the limit is 8' });
    await expect(a).rejects.toMatchObject({ status: 413, detail: 'the model file is 9 bytes; the limit is 8' });

    const proxy = uploader();
    const b = proxy.api.upload('/x', new FormData(), () => {});
    proxy.xhr.statusText = 'Payload Too Large';
    proxy.xhr.status = 413;
    proxy.xhr.responseText = '<html>too big</html>';
    proxy.xhr.onload?.({} as ProgressEvent);
    await expect(b).rejects.toMatchObject({ status: 413, detail: 'Request failed (Payload Too Large).' });

    const offline = uploader();
    const c = offline.api.upload('/x', new FormData(), () => {});
    offline.xhr.onerror?.({} as ProgressEvent);
    await expect(c).rejects.toBeInstanceOf(ApiError);
    await expect(c).rejects.toThrow(/upload stopped before the server answered/);
  });

  it('reports an ended session', async () => {
    const expired = vi.fn();
    const { api, xhr } = uploader(true, expired);
    const result = api.upload('/x', new FormData(), () => {});
    xhr.answer(401, { error: 'unauthenticated', detail: 'the session has expired' });
    await expect(result).rejects.toThrow('the session has expired');
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('can be cancelled', async () => {
    const { api, xhr } = uploader();
    const controller = new AbortController();
    const result = api.upload('/x', new FormData(), () => {}, controller.signal);
    controller.abort();
    expect(xhr.aborted).toBe(true);
    await expect(result).rejects.toMatchObject({ error: 'aborted', detail: 'The upload was cancelled.' });
  });
});
