import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/db';
import { buildCity, makeCaller } from '../../../test/fixtures';
import { ensureAdmin } from './accounts.service';

let t: Awaited<ReturnType<typeof testApp>>;
let city: Awaited<ReturnType<typeof buildCity>>;
let clock = new Date('2026-12-01T02:00:00Z');

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  await ensureAdmin(t.db, 'first-admin-pass');
  city = await buildCity(t.app, t.db);
});
afterAll(() => t.close());

const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
const cookieOf = (r: { headers: Record<string, unknown> }) => String(r.headers['set-cookie']).split(';')[0];

describe('accounts and sessions', () => {
  it('the first start creates admin with RP_ADMIN_PASSWORD, and only once', async () => {
    const r = await login('admin', 'first-admin-pass');
    expect(r.statusCode).toBe(200);
    expect(r.json().user).toMatchObject({ username: 'admin', role: 'admin' });
    expect(await ensureAdmin(t.db, 'other')).toEqual({ created: false });
  });

  it('a generated admin password is returned once when none is configured', async () => {
    const other = await testApp();
    const r = await ensureAdmin(other.db, undefined);
    expect(r.created).toBe(true);
    expect(r.generated).toMatch(/^.{12,}$/);
    const ok = await other.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: r.generated },
    });
    expect(ok.statusCode).toBe(200);
    await other.close();
  });

  it('login sets an httpOnly session cookie and never returns the password hash', async () => {
    const r = await login('admin', 'first-admin-pass');
    expect(String(r.headers['set-cookie'])).toMatch(/rp_session=.+HttpOnly/i);
    expect(r.body).not.toContain('scrypt');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieOf(r) } });
    expect(me.json().user.username).toBe('admin');
  });

  it('wrong password and unknown user get the same 401 answer', async () => {
    const a = await login('admin', 'nope');
    const b = await login('no-such-user', 'nope');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json()).toEqual(b.json());
  });

  it('429 after 5 failures in 15 minutes for that username, and again allowed after the window', async () => {
    await makeCaller(t.app, t.db, 'bureau', { orgUnitId: city.city.id }, 'limited-user');
    for (let i = 0; i < 5; i++) expect((await login('limited-user', `wrong-${i}`)).statusCode).toBe(401);
    // Even the right password is refused while limited.
    expect((await login('limited-user', 'password-123')).statusCode).toBe(429);
    // Another username is not affected (no per-IP limit).
    expect((await login('admin', 'first-admin-pass')).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 15 * 60_000 + 1000);
    expect((await login('limited-user', 'password-123')).statusCode).toBe(200);
  });

  it('cookie sessions need the CSRF token on state-changing requests; bearer tokens do not', async () => {
    const r = await login('admin', 'first-admin-pass');
    const cookie = cookieOf(r);
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/owners',
      headers: { cookie },
      payload: { name: '李四', kind: 'person' },
    });
    expect(noToken.statusCode).toBe(403);
    const csrf = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/csrf', headers: { cookie } })).json().token;
    expect(csrf).toBe(r.json().csrfToken);
    const withToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/owners',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { name: '李四', kind: 'person' },
    });
    expect(withToken.statusCode).toBe(201);
    const bearer = await city.admin.post('/api/v1/owners', { name: '王五', kind: 'person' });
    expect(bearer.statusCode).toBe(201);
  });

  it('logout ends the session', async () => {
    const cookie = cookieOf(await login('admin', 'first-admin-pass'));
    const csrf = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/csrf', headers: { cookie } })).json().token;
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('API tokens act as the creating account and are shown once', async () => {
    const r = await city.admin.post('/api/v1/auth/tokens', { name: '区局脚本' });
    expect(r.statusCode).toBe(201);
    const { token } = r.json();
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json().user.id).toBe(city.admin.accountId);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: 'Bearer rp_nope' },
    });
    expect(bad.statusCode).toBe(401);
  });

  it('R-01: every role is bound to its scope when created', async () => {
    const missing = await city.admin.post('/api/v1/accounts', {
      username: 'street-x',
      displayName: '街道干部',
      password: 'long-enough-1',
      role: 'street',
      scope: {},
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('scope.orgUnitId');
    const wrongKind = await city.admin.post('/api/v1/accounts', {
      username: 'street-y',
      displayName: '街道干部',
      password: 'long-enough-1',
      role: 'street',
      scope: { orgUnitId: city.commA1.id },
    });
    expect(wrongKind.statusCode).toBe(400);
    const ok = await city.admin.post('/api/v1/accounts', {
      username: 'street-z',
      displayName: '街道干部',
      password: 'long-enough-1',
      role: 'street',
      scope: { orgUnitId: city.streetA.id },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().scope.orgUnitId).toBe(city.streetA.id);
    const dup = await city.admin.post('/api/v1/accounts', {
      username: 'street-z',
      displayName: '街道干部',
      password: 'long-enough-1',
      role: 'street',
      scope: { orgUnitId: city.streetA.id },
    });
    expect(dup.statusCode).toBe(409);
  });

  it('R-01: a district bureau creates roles below it inside its subtree only', async () => {
    const bureau = await makeCaller(t.app, t.db, 'bureau', { orgUnitId: city.district.id });
    const admin = await bureau.post('/api/v1/accounts', {
      username: 'evil-admin',
      displayName: 'x',
      password: 'long-enough-1',
      role: 'admin',
    });
    expect(admin.statusCode).toBe(403);
    const outside = await bureau.post('/api/v1/accounts', {
      username: 'outside-street',
      displayName: 'x',
      password: 'long-enough-1',
      role: 'street',
      scope: { orgUnitId: city.streetA.id },
    });
    expect(outside.statusCode).toBe(400);
    const inside = await bureau.post('/api/v1/accounts', {
      username: 'inside-street',
      displayName: 'x',
      password: 'long-enough-1',
      role: 'street',
      scope: { orgUnitId: city.streetB.id },
    });
    expect(inside.statusCode).toBe(201);
    const list = (await bureau.get('/api/v1/accounts?pageSize=200')).json();
    const names = list.items.map((u: { username: string }) => u.username);
    expect(names).toContain('inside-street');
    expect(names).not.toContain('street-z');
  });

  it('403 for roles that may not administer accounts', async () => {
    const community = await makeCaller(t.app, t.db, 'community', { orgUnitId: city.commA1.id });
    expect((await community.get('/api/v1/accounts')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/accounts' })).statusCode).toBe(401);
  });
});
