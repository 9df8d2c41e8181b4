/** A small HTTP client for the API: JSON calls with a Bearer token, every call bounded by a timeout. */
export class Api {
  constructor(
    public baseUrl: string,
    public token?: string,
    readonly timeoutMs = 60_000,
  ) {
    Api.check(baseUrl);
  }

  private static check(baseUrl: string) {
    const host = new URL(baseUrl).hostname;
    if (host !== '127.0.0.1') throw new Error(`bench only targets 127.0.0.1, not ${host}`);
  }

  /** Points the client at a restarted server (a new port); the token stays valid, it lives in the database. */
  rebase(baseUrl: string) {
    Api.check(baseUrl);
    this.baseUrl = baseUrl;
  }

  private headers(extra: Record<string, string> = {}) {
    return { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  /** Sends a request and parses the JSON answer; throws with the problem details on any non-2xx status. */
  async call<T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<T> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: this.headers(body === undefined ? extra : { 'content-type': 'application/json', ...extra }),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 2000)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  post<T>(path: string, body: unknown) {
    return this.call<T>('POST', path, body);
  }

  get<T>(path: string) {
    return this.call<T>('GET', path);
  }

  /** Uploads one file as multipart field `file`. */
  async upload<T>(path: string, filename: string, content: string, type = 'text/csv'): Promise<T> {
    const form = new FormData();
    form.append('file', new Blob([content], { type }), filename);
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: this.headers(),
      body: form,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`POST ${path} → ${res.status}: ${text.slice(0, 2000)}`);
    return JSON.parse(text) as T;
  }

  /**
   * Signs in as a user (session cookie + CSRF token from the login answer) and creates an API token with it;
   * from then on this client sends `Authorization: Bearer <token>`.
   */
  async signInWithToken(username: string, password: string, tokenName: string): Promise<string> {
    const res = await fetch(`${this.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`login → ${res.status}: ${text}`);
    const { csrfToken } = JSON.parse(text) as { csrfToken: string };
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('rp_session='));
    if (!cookie) throw new Error('login answered without an rp_session cookie');
    const tokRes = await fetch(`${this.baseUrl}/api/v1/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: tokenName }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const tokText = await tokRes.text();
    if (tokRes.status !== 201) throw new Error(`POST /api/v1/auth/tokens → ${tokRes.status}: ${tokText}`);
    this.token = (JSON.parse(tokText) as { token: string }).token;
    return this.token;
  }
}

/** Runs `fn` over `items` with at most `limit` calls in flight; the first failure stops new calls and is thrown. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let failed: unknown;
  const worker = async () => {
    while (failed === undefined && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i], i);
      } catch (e) {
        failed ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed !== undefined) throw failed;
  return out;
}
