// REST client: bearer session, errors as words, ETag revalidation for polling.
export type Role = 'VIEWER' | 'MANAGER' | 'ADMIN';

export class ApiError extends Error {
  /** fields maps a field path ("parameters.epochs", "schedule.cron") to what is wrong with it, when the server says. */
  constructor(readonly status: number, readonly error: string, readonly detail: string, readonly fields: Record<string, string> = {}) {
    super(detail);
  }
}

/** Turns any failed response into a sentence a person can act on. */
export async function toApiError(response: Response): Promise<ApiError> {
  let error = 'error';
  let detail = '';
  const fields: Record<string, string> = {};
  try {
    const body = await response.json();
    error = typeof body.error === 'string' ? body.error : error;
    detail = typeof body.detail === 'string' ? body.detail : '';
    if (body.fields && typeof body.fields === 'object') {
      for (const [key, value] of Object.entries(body.fields)) if (typeof value === 'string') fields[key] = value;
    }
  } catch {
    // not JSON: keep the status text
  }
  if (!detail) {
    detail = response.status >= 500 ? 'The server failed; try again in a moment.' : `Request failed (${response.statusText || response.status}).`;
  }
  if (response.status === 429) {
    const retry = response.headers.get('Retry-After');
    if (retry && !detail.includes('again')) detail += ` Try again in ${retry} s.`;
  }
  return new ApiError(response.status, error, detail, fields);
}

type Fetch = typeof fetch;

/** The paging envelope of list endpoints. */
export interface Page<T> { items: T[]; total: number; limit: number; offset: number }

/** The part of XMLHttpRequest an upload uses (fetch reports no upload progress); a fake one in tests. */
export interface UploadXhr {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  getResponseHeader(name: string): string | null;
  send(body: FormData | Blob): void;
  abort(): void;
  readonly status: number;
  readonly statusText: string;
  readonly responseText: string;
  upload: { onprogress: ((event: ProgressEvent) => void) | null };
  onload: ((event: ProgressEvent) => void) | null;
  onerror: ((event: ProgressEvent) => void) | null;
  onabort: ((event: ProgressEvent) => void) | null;
}

/** Turns a finished XMLHttpRequest into a Response, so errors read the same as everywhere else. */
function xhrResponse(xhr: UploadXhr): Response {
  const headers: Record<string, string> = {};
  for (const name of ['Content-Type', 'Retry-After']) {
    const value = xhr.getResponseHeader(name);
    if (value) headers[name] = value;
  }
  const empty = xhr.status === 204 || xhr.status === 205 || xhr.status === 304;
  return new Response(empty ? null : xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers });
}

/** Cookie sessions must send it with requests that change something: another site's page cannot add it. */
export const CSRF_HEADER = 'X-ModelFleet-CSRF';

export class Api {
  private readonly cache = new Map<string, { etag: string; body: unknown }>();
  private inFlight = 0;

  /**
   * The session lives in an HttpOnly cookie the browser sends by itself (script cannot read it); every request carries
   * the CSRF header the server requires of cookie sessions for anything that changes data.
   */
  constructor(
    private signedIn: boolean,
    private readonly onUnauthorized: () => void,
    private readonly onBusy: (busy: boolean) => void = () => {},
    private readonly fetcher: Fetch = (...args) => fetch(...args),
    private readonly xhr: () => UploadXhr = () => new XMLHttpRequest(),
  ) {}

  setSignedIn(signedIn: boolean) {
    this.signedIn = signedIn;
    this.cache.clear();
  }

  /** GET with If-None-Match: a 304 answers from the cache, so polling an unchanged page costs nothing to render. */
  async get<T>(path: string): Promise<T> {
    const cached = this.cache.get(path);
    const response = await this.send('GET', path, undefined, cached ? { 'If-None-Match': cached.etag } : {});
    if (response.status === 304 && cached) return cached.body as T;
    const body = await response.json();
    const etag = response.headers.get('ETag');
    if (etag) this.cache.set(path, { etag, body });
    return body as T;
  }

  async post<T>(path: string, body?: unknown): Promise<T> {
    return this.parse<T>(await this.send('POST', path, body));
  }

  async patch<T>(path: string, body: unknown): Promise<T> {
    return this.parse<T>(await this.send('PATCH', path, body));
  }

  async put<T>(path: string, body: unknown): Promise<T> {
    return this.parse<T>(await this.send('PUT', path, body));
  }

  /**
   * POSTs a multipart form, or a file as the raw body with its `contentType`, through XMLHttpRequest, the only browser
   * API that reports upload progress. The page shows its own progress bar, so the global busy indicator stays off; for
   * a form the browser sets the multipart boundary.
   */
  upload<T>(path: string, body: FormData | Blob, onProgress: (loaded: number, total: number) => void, signal?: AbortSignal,
    contentType?: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const xhr = this.xhr();
      const stop = () => xhr.abort();
      const done = () => signal?.removeEventListener('abort', stop);
      xhr.open('POST', path);
      xhr.setRequestHeader(CSRF_HEADER, '1');
      xhr.setRequestHeader('Accept', 'application/json');
      if (contentType) xhr.setRequestHeader('Content-Type', contentType);
      xhr.upload.onprogress = (event) => { if (event.lengthComputable) onProgress(event.loaded, event.total); };
      xhr.onload = async () => {
        done();
        if (xhr.status === 401 && this.signedIn) this.onUnauthorized();
        const response = xhrResponse(xhr);
        if (!response.ok) {
          reject(await toApiError(response));
          return;
        }
        try {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : null) as T);
        } catch {
          reject(new ApiError(xhr.status, 'invalid_response', 'The server sent an answer the console cannot read.'));
        }
      };
      xhr.onerror = () => { done(); reject(new ApiError(0, 'network', 'The upload stopped before the server answered: the connection broke, or the server closed it '
        + '(for example because the file is larger than it accepts). Check the connection and the file size, then try again.')); };
      xhr.onabort = () => { done(); reject(new ApiError(0, 'aborted', 'The upload was cancelled.')); };
      if (signal?.aborted) {
        reject(new ApiError(0, 'aborted', 'The upload was cancelled.'));
        return;
      }
      signal?.addEventListener('abort', stop);
      xhr.send(body);
    });
  }

  /** An authenticated download (item images, CSV exports): the caller makes an object URL of it. */
  async blob(path: string): Promise<Blob> {
    return (await this.send('GET', path)).blob();
  }

  /** A plain-text answer (a run's log). */
  async text(path: string): Promise<string> {
    return (await this.send('GET', path)).text();
  }

  async del(path: string): Promise<void> {
    await this.send('DELETE', path);
  }

  private async parse<T>(response: Response): Promise<T> {
    const text = await response.text();
    return (text ? JSON.parse(text) : null) as T;
  }

  private async send(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Response> {
    const headers: Record<string, string> = { ...extra, [CSRF_HEADER]: '1' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    this.inFlight++;
    this.onBusy(true);
    try {
      const response = await this.fetcher(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      if (response.status === 401 && this.signedIn) {
        this.onUnauthorized();
      }
      if (!response.ok && response.status !== 304) throw await toApiError(response);
      return response;
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.onBusy(false);
    }
  }
}
