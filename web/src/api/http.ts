// The one place that builds HTTP requests to the server and turns error answers into ApiError.
// Every call adds `accessToken` (nacos-protocol.md §9.3) when the user is logged in.

import { classifyError, type ErrorField, type ErrorKind } from '../lib/errors';

export type ParamValue = string | number | boolean | undefined | null;
export type Params = Record<string, ParamValue>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Query parameters; undefined and null values are left out, empty strings are kept. */
  query?: Params;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Params;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as multipart/form-data. */
  multipart?: FormData;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** An error answer (or no answer) of the server, classified for display. */
export class ApiError extends Error {
  readonly kind: ErrorKind;
  readonly status: number;
  readonly field?: ErrorField;
  readonly body: string;

  constructor(kind: ErrorKind, status: number, message: string, body: string, field?: ErrorField) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.body = body;
    this.field = field;
  }
}

export interface HttpClientOptions {
  /** Prefix of every path, e.g. "/nacos" (no trailing slash). */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Current access token, or null when not logged in. */
  getToken?: () => string | null;
  /** Called on 401/403 so the app can show the login page. */
  onAuthError?: (err: ApiError) => void;
}

export class HttpClient {
  private readonly opts: HttpClientOptions;

  constructor(opts: HttpClientOptions) {
    this.opts = opts;
  }

  /** Absolute-path URL with query and token, for links, downloads and EventSource. */
  url(path: string, query: Params = {}): string {
    const params = encodeParams({ ...query, accessToken: this.opts.getToken?.() ?? undefined });
    return `${this.opts.baseUrl}${path}${params ? `?${params}` : ''}`;
  }

  async text(path: string, req: RequestOptions = {}): Promise<string> {
    const res = await this.send(path, req);
    return res.text();
  }

  /** Parsed JSON body, or null when the body is empty (e.g. `show=all` of an absent config). */
  async json<T>(path: string, req: RequestOptions = {}): Promise<T | null> {
    const text = await this.text(path, req);
    if (!text.trim()) return null;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError('server', 200, `The server sent a body that is not JSON: ${text.slice(0, 120)}`, text);
    }
  }

  /** A binary body with the filename from Content-Disposition (export). */
  async blob(path: string, req: RequestOptions = {}): Promise<{ blob: Blob; filename: string | null }> {
    const res = await this.send(path, req);
    const disposition = res.headers.get('Content-Disposition') ?? '';
    const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    return { blob: await res.blob(), filename: match ? decodeURIComponent(match[1]) : null };
  }

  private async send(path: string, req: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { ...req.headers };
    let body: BodyInit | undefined;
    if (req.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
      body = encodeParams(req.form);
    } else if (req.json !== undefined) {
      headers['Content-Type'] = 'application/json;charset=UTF-8';
      body = JSON.stringify(req.json);
    } else if (req.multipart) {
      body = req.multipart;
    }
    const doFetch = this.opts.fetch ?? globalThis.fetch.bind(globalThis);
    let res: Response;
    try {
      res = await doFetch(this.url(path, req.query), {
        method: req.method ?? 'GET',
        headers,
        body,
        signal: req.signal,
        cache: 'no-store',
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      const c = classifyError(0, '');
      throw new ApiError(c.kind, 0, c.message, String(e));
    }
    if (res.ok) return res;
    const text = await res.text().catch(() => '');
    const c = classifyError(res.status, text);
    const err = new ApiError(c.kind, c.status, c.message, text, c.field);
    if (err.kind === 'auth') this.opts.onAuthError?.(err);
    throw err;
  }
}

/** x-www-form-urlencoded encoding; skips undefined/null, keeps "". */
export function encodeParams(params: Params): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    out.append(k, String(v));
  }
  return out.toString();
}
