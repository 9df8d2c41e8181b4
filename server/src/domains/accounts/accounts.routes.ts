import { ZAccountCreate, ZAccountListQuery, ZLogin, ZPageQuery, ZTokenCreate, ZUser, zPage } from '@rp/contract';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { accounts, sessions } from '../../db/schema';
import { authorize, ctxOf, requireActor, SESSION_COOKIE, setSessionCookie, sha256 } from '../../platform/auth';
import type { App, Deps } from '../../platform/deps';
import { accountsPolicy } from './accounts.policy';
import { createAccount, createApiToken, listAccounts, login, presentUser } from './accounts.service';

const tags = ['accounts'];

/** Accounts: sign-in, sessions, CSRF, API tokens, account administration (API.md "Accounts"). */
export function registerAccountRoutes(app: App, deps: Deps) {
  const { db, now } = deps;

  app.post(
    '/api/v1/auth/login',
    { schema: { tags, body: ZLogin, response: { 200: z.object({ user: ZUser, csrfToken: z.string() }) } } },
    async (req, reply) => {
      const { session, user } = await login(db, req.body.username, req.body.password, now(), req.ip);
      setSessionCookie(reply, session.sid, deps.config.secureCookies);
      return { user, csrfToken: session.csrf };
    },
  );

  app.post('/api/v1/auth/logout', { schema: { tags } }, async (req, reply) => {
    const sid = req.cookies?.[SESSION_COOKIE];
    if (sid) await db.delete(sessions).where(eq(sessions.idHash, sha256(sid)));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/v1/auth/me', { schema: { tags, response: { 200: z.object({ user: ZUser }) } } }, async (req) => {
    const actor = requireActor(req);
    const [row] = await db.select().from(accounts).where(eq(accounts.id, actor.id));
    return { user: presentUser(row) };
  });

  app.get(
    '/api/v1/auth/csrf',
    { schema: { tags, response: { 200: z.object({ token: z.string() }) } } },
    async (req) => {
      requireActor(req);
      // Bearer callers need no CSRF token; they get an empty one.
      return { token: req.sessionCsrf ?? '' };
    },
  );

  app.post(
    '/api/v1/auth/tokens',
    {
      schema: {
        tags,
        body: ZTokenCreate,
        response: { 201: z.object({ id: z.string(), name: z.string(), token: z.string() }) },
      },
    },
    async (req, reply) => {
      const actor = authorize(req, accountsPolicy.createToken);
      const out = await createApiToken(ctxOf(req, db, now, actor), req.body.name);
      return reply.status(201).send(out);
    },
  );

  app.post(
    '/api/v1/accounts',
    { schema: { tags, body: ZAccountCreate, response: { 201: ZUser } } },
    async (req, reply) => {
      const actor = authorize(req, accountsPolicy.createAccount);
      const user = await createAccount(ctxOf(req, db, now, actor), req.body);
      return reply.status(201).send(user);
    },
  );

  app.get(
    '/api/v1/accounts',
    { schema: { tags, querystring: ZPageQuery.extend(ZAccountListQuery.shape), response: { 200: zPage(ZUser) } } },
    async (req) => {
      const actor = authorize(req, accountsPolicy.listAccounts);
      return listAccounts(ctxOf(req, db, now, actor), req.query);
    },
  );
}
