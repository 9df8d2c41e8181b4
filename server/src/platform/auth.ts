import { createHash, randomBytes } from 'node:crypto';
import type {} from '@fastify/cookie';
import { type Lang, pickLang, type Role } from '@rp/contract';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/client';
import { accounts, apiTokens, orgUnits, sessions } from '../db/schema';
import type { Actor, Ctx } from './context';
import { AppError, forbidden, unauthorized } from './errors';

export const SESSION_COOKIE = 'rp_session';
export const SESSION_HOURS = 12;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    lang: Lang;
    /** The CSRF token of the cookie session, when the request came with one. */
    sessionCsrf: string | null;
  }
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

type AccountRow = typeof accounts.$inferSelect;

/** Loads an account as an Actor, resolving the org unit's path for scope checks. */
export async function loadActor(db: Db, accountId: string): Promise<Actor | null> {
  const [row] = await db
    .select({ a: accounts, path: orgUnits.path })
    .from(accounts)
    .leftJoin(orgUnits, eq(orgUnits.id, accounts.orgUnitId))
    .where(and(eq(accounts.id, accountId), eq(accounts.disabled, false)));
  return row ? toActor(row.a, row.path) : null;
}

export function toActor(a: AccountRow, path: string | null): Actor {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    orgUnitId: a.orgUnitId,
    orgPath: path,
    companyId: a.companyId,
    estateId: a.estateId,
    ownerId: a.ownerId,
    departmentId: a.departmentId,
  };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// A token's caller is remembered for a few seconds (RP_AUTH_CACHE_MS, default 5000; 0 = off): a script's many calls
// then cost no lookup each. A disabled account or revoked token stops working within that time.
const ACTOR_TTL_MS = Number(process.env.RP_AUTH_CACHE_MS ?? 5000);
const actorCache = new Map<string, { actor: Actor; until: number }>();

/** Resolves the caller (Bearer token or session cookie) on every request and enforces CSRF on cookie sessions. */
export const authPlugin = fp(async (app: FastifyInstance, opts: { db: Db; now: () => Date }) => {
  const { db, now } = opts;
  app.decorateRequest('actor', null);
  app.decorateRequest('lang', 'zh-CN');
  app.decorateRequest('sessionCsrf', null);

  app.addHook('onRequest', async (req) => {
    const cookieLang = req.cookies?.rp_lang;
    req.lang = cookieLang === 'en-US' || cookieLang === 'zh-CN' ? cookieLang : pickLang(req.headers['accept-language']);
    if (!req.url.startsWith('/api/')) return;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const hash = sha256(auth.slice(7).trim());
      if (ACTOR_TTL_MS) {
        const hit = actorCache.get(hash);
        if (hit && hit.until > Date.now()) {
          req.actor = hit.actor;
          return;
        }
      }
      // One round trip: token, account and org path together (the hot path of every script call).
      const [row] = await db
        .select({ a: accounts, path: orgUnits.path })
        .from(apiTokens)
        .innerJoin(accounts, eq(accounts.id, apiTokens.accountId))
        .leftJoin(orgUnits, eq(orgUnits.id, accounts.orgUnitId))
        .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt), eq(accounts.disabled, false)));
      if (!row) throw unauthorized();
      req.actor = toActor(row.a, row.path);
      if (ACTOR_TTL_MS) {
        if (actorCache.size >= 10_000) actorCache.clear();
        actorCache.set(hash, { actor: req.actor, until: Date.now() + ACTOR_TTL_MS });
      }
      return;
    }
    const sid = req.cookies?.[SESSION_COOKIE];
    if (!sid) return;
    const [s] = await db
      .select({ a: accounts, path: orgUnits.path, csrf: sessions.csrfToken })
      .from(sessions)
      .innerJoin(accounts, eq(accounts.id, sessions.accountId))
      .leftJoin(orgUnits, eq(orgUnits.id, accounts.orgUnitId))
      .where(and(eq(sessions.idHash, sha256(sid)), gt(sessions.expiresAt, now()), eq(accounts.disabled, false)));
    if (!s) return;
    req.actor = toActor(s.a, s.path);
    req.sessionCsrf = s.csrf;
    if (req.actor && UNSAFE.has(req.method) && req.headers['x-csrf-token'] !== s.csrf) {
      throw new AppError(403, 'err.csrf');
    }
  });
});

/** Creates a cookie session and returns its raw id and CSRF token. */
export async function createSession(db: Db, accountId: string, now: Date) {
  const sid = randomToken();
  const csrf = randomToken(24);
  await db.insert(sessions).values({
    idHash: sha256(sid),
    accountId,
    csrfToken: csrf,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000),
  });
  // Opportunistic clean-up of expired sessions keeps the table small without a job.
  await db.delete(sessions).where(sql`${sessions.expiresAt} < ${now}`);
  return { sid, csrf };
}

export function setSessionCookie(reply: FastifyReply, sid: string, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, sid, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: SESSION_HOURS * 3600,
  });
}

/** Returns the signed-in actor or answers 401. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

/** Answers 401/403 unless the caller has one of the roles; returns the actor. */
export function authorize(req: FastifyRequest, roles: readonly Role[]): Actor {
  const actor = requireActor(req);
  if (!roles.includes(actor.role)) throw forbidden();
  return actor;
}

/** Builds the service context of a request. */
export function ctxOf(req: FastifyRequest, db: Db, now: () => Date, actor: Actor): Ctx {
  return { db, actor, ip: req.ip ?? null, now };
}
