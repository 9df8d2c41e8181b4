/** A tiny HTTP client for building fixtures through the real API (Bearer token, so no CSRF is needed). */
export class Api {
  constructor(
    readonly base: string,
    private token = '',
  ) {}

  /** Signs in with a password and switches this client to a fresh API token of that account. */
  static async signIn(base: string, username: string, password: string): Promise<Api> {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    const tok = await fetch(`${base}/api/v1/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'e2e fixture' }),
    });
    if (!tok.ok) throw new Error(`token: ${tok.status} ${await tok.text()}`);
    return new Api(base, ((await tok.json()) as { token: string }).token);
  }

  /** Sends a request and returns the parsed JSON answer; throws on any non-2xx status. */
  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  post<T = { id: string }>(path: string, body: unknown) {
    return this.call<T>('POST', path, body);
  }
}
