// REST client: bearer session, errors as words, ETag revalidation for polling.
export type Role = 'VIEWER' | 'MANAGER' | 'ADMIN';

export class ApiError extends Error {
  constructor(readonly status: number, readonly error: string, readonly detail: string) {
    super(detail);
  }
}

/** Turns any failed response into a sentence a person can act on. */
export async function toApiError(response: Response): Promise<ApiError> {
  let error = 'error';
  let detail = '';
  try {
    const body = await response.json();
    error = typeof body.error === 'string' ? body.error : error;
    detail = typeof body.detail === 'string' ? body.detail : '';
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
  return new ApiError(response.status, error, detail);
}

type Fetch = typeof fetch;

export class Api {
  private readonly cache = new Map<string, { etag: string; body: unknown }>();
  private inFlight = 0;

  constructor(
    private token: string | null,
    private readonly onUnauthorized: () => void,
    private readonly onBusy: (busy: boolean) => void = () => {},
    private readonly fetcher: Fetch = (...args) => fetch(...args),
  ) {}

  setToken(token: string | null) {
    this.token = token;
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

  async del(path: string): Promise<void> {
    await this.send('DELETE', path);
  }

  private async parse<T>(response: Response): Promise<T> {
    const text = await response.text();
    return (text ? JSON.parse(text) : null) as T;
  }

  private async send(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Response> {
    const headers: Record<string, string> = { ...extra };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    this.inFlight++;
    this.onBusy(true);
    try {
      const response = await this.fetcher(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      if (response.status === 401 && this.token) {
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
