import { i18n } from './i18n';

/** An `application/problem+json` answer (API.md "Conventions"). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

/** A failed API call, carrying the server's problem document. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
  get status() {
    return this.problem.status;
  }
}

/** The `{ items, total, page, pageSize }` list envelope. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
let csrfToken: string | null = null;
let unauthorizedHandler: () => void = () => {};

/** Remembers the CSRF token of the session (from the login answer), or forgets it (sign-out). */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Registers what to do when the server answers 401 (the auth provider sends the user to the login page). */
export function onUnauthorized(handler: () => void) {
  unauthorizedHandler = handler;
}

/** Builds `/api/...?a=1` leaving out empty filters. */
export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function fetchCsrf(): Promise<string> {
  const res = await fetch('/api/v1/auth/csrf', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!res.ok) return '';
  const { token } = (await res.json()) as { token: string };
  csrfToken = token;
  return token;
}

function networkProblem(): Problem {
  return { type: 'urn:red-property:problem:network', title: i18n.t('common.networkError'), status: 0 };
}

async function readProblem(res: Response): Promise<Problem> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as Partial<Problem>;
      return {
        type: body.type ?? 'about:blank',
        title: body.title ?? res.statusText,
        status: body.status ?? res.status,
        detail: body.detail,
        errors: body.errors,
      };
    } catch {
      /* fall through to a generic problem */
    }
  }
  return { type: 'about:blank', title: res.statusText || i18n.t('common.loadFailed'), status: res.status };
}

const isCsrfProblem = (p: Problem) => p.status === 403 && p.type.endsWith(':csrf');
// Probing the session and signing in must not bounce the user to the login page.
const QUIET_401 = ['/api/v1/auth/me', '/api/v1/auth/login'];

async function send(method: string, url: string, body: BodyInit | undefined, json: boolean): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (json) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method)) headers['x-csrf-token'] = csrfToken ?? (await fetchCsrf());
  try {
    return await fetch(url, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(networkProblem());
  }
}

/** Calls the API: JSON in and out, the session cookie, the CSRF header on writes, problem+json errors as ApiError. */
export async function api<T>(method: string, path: string, opts: { body?: unknown; query?: Query } = {}): Promise<T> {
  const url = buildUrl(path, opts.query);
  const json = opts.body !== undefined && !(opts.body instanceof FormData);
  const payload = opts.body === undefined ? undefined : json ? JSON.stringify(opts.body) : (opts.body as FormData);
  let res = await send(method, url, payload, json);
  if (!res.ok) {
    let problem = await readProblem(res);
    if (isCsrfProblem(problem)) {
      // The token may be stale after a reload or a new session: fetch a fresh one and try once more.
      await fetchCsrf();
      res = await send(method, url, payload, json);
      if (!res.ok) problem = await readProblem(res);
    }
    if (!res.ok) {
      if (problem.status === 401 && !QUIET_401.includes(path)) unauthorizedHandler();
      throw new ApiError(problem);
    }
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** GET with query parameters. */
export const get = <T>(path: string, query?: Query) => api<T>('GET', path, { query });
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, { body: body ?? {} });
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, { body });

/**
 * Uploads one file as multipart field `file` with XMLHttpRequest, so the caller can show upload progress;
 * `onUploaded` fires when the bytes are sent and the server is processing.
 */
export async function upload<T>(
  path: string,
  file: File,
  handlers: { onProgress?: (percent: number) => void; onUploaded?: () => void } = {},
): Promise<T> {
  const token = csrfToken ?? (await fetchCsrf());
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) handlers.onProgress?.(Math.round((e.loaded / e.total) * 100));
    };
    xhr.upload.onload = () => {
      handlers.onProgress?.(100);
      handlers.onUploaded?.();
    };
    xhr.onerror = () => reject(new ApiError(networkProblem()));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      const p = (body ?? {}) as Partial<Problem>;
      const problem: Problem = {
        type: p.type ?? 'about:blank',
        title: p.title ?? (xhr.statusText || i18n.t('common.loadFailed')),
        status: p.status ?? xhr.status,
        detail: p.detail,
        errors: p.errors,
      };
      if (problem.status === 401) unauthorizedHandler();
      reject(new ApiError(problem));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = cd.match(/filename\*=UTF-8''([^;]+)/i);
  if (star) return decodeURIComponent(star[1]);
  const plain = cd.match(/filename="?([^";]+)"?/i);
  return plain ? plain[1] : fallback;
}

/** Saves a Blob as a file through a temporary link. */
export function saveBlob(blob: Blob, name: string) {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** Downloads a file answer (e.g. `format=xlsx`) and saves it under the server's file name. */
export async function download(path: string, query: Query, fallbackName: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(buildUrl(path, query), { credentials: 'same-origin' });
  } catch {
    throw new ApiError(networkProblem());
  }
  if (!res.ok) {
    const problem = await readProblem(res);
    if (problem.status === 401) unauthorizedHandler();
    throw new ApiError(problem);
  }
  const name = fileNameOf(res, fallbackName);
  saveBlob(await res.blob(), name);
  return name;
}
