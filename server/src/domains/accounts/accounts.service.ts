import type { ACCOUNT_SORT, AccountCreate, Role, Sort, User } from '@rp/contract';
import { and, asc, count, eq, gt, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, apiTokens, companies, departments, estates, loginFailures, orgUnits, owners } from '../../db/schema';
import { audit } from '../../platform/audit';
import { createSession, randomToken, sha256, toActor } from '../../platform/auth';
import { type Actor, type Ctx, inTx, systemCtx } from '../../platform/context';
import { AppError, fieldError, forbidden } from '../../platform/errors';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../../platform/password';
import { companyScope, estateScope, orgPathInScope, ownerScope } from '../../platform/scope';
import { orderByOf } from '../../platform/sort';
import { accountsPolicy, ROLE_SCOPE } from './accounts.policy';

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_MAX_FAILURES = 5;

type AccountRow = typeof accounts.$inferSelect;

/** Presents an account: the listed fields only, never the password hash. */
export function presentUser(a: AccountRow): User {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    scope: {
      orgUnitId: a.orgUnitId,
      companyId: a.companyId,
      estateId: a.estateId,
      ownerId: a.ownerId,
      departmentId: a.departmentId,
    },
    disabled: a.disabled,
    createdAt: a.createdAt.toISOString(),
  };
}

/** Signs in: 429 after 5 failures in 15 minutes for the username, 401 for any wrong credential (same answer for unknown users). */
export async function login(db: Db, username: string, password: string, now: Date, ip: string | null) {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const [{ n }] = await db
    .select({ n: count() })
    .from(loginFailures)
    .where(and(eq(loginFailures.username, username), gt(loginFailures.at, since)));
  if (n >= LOGIN_MAX_FAILURES) throw new AppError(429, 'err.tooManyAttempts');
  const [acc] = await db.select().from(accounts).where(eq(accounts.username, username));
  const ok = await verifyPassword(password, acc?.passwordHash ?? DUMMY_HASH);
  if (!acc || !ok || acc.disabled) {
    await db.insert(loginFailures).values({ username, at: now });
    throw new AppError(401, 'err.badCredentials');
  }
  await db.delete(loginFailures).where(eq(loginFailures.username, username));
  const session = await createSession(db, acc.id, now);
  const [path] = acc.orgUnitId
    ? await db.select({ p: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, acc.orgUnitId))
    : [];
  const actor = toActor(acc, path?.p ?? null);
  await inTx({ db, actor, ip, now: () => now }, (c) =>
    audit(c, { action: 'login', entity: 'account', entityId: acc.id }),
  );
  return { session, user: presentUser(acc) };
}

/** Checks that an account's scope fits its role and lies inside the creator's scope; returns the columns to store. */
async function resolveScope(ctx: Ctx, role: Role, scope: AccountCreate['scope']) {
  const rule = ROLE_SCOPE[role];
  const out = {
    orgUnitId: null as string | null,
    companyId: null as string | null,
    estateId: null as string | null,
    ownerId: null as string | null,
    departmentId: null as string | null,
  };
  if (!rule.field) return out;
  const value = scope[rule.field];
  if (!value) throw fieldError(`scope.${rule.field}`, 'err.scopeRequired', { field: rule.field });
  const { db, actor } = ctx;
  if (rule.field === 'orgUnitId') {
    const [u] = await db.select().from(orgUnits).where(eq(orgUnits.id, value));
    if (!u || !rule.kinds?.includes(u.kind))
      throw fieldError('scope.orgUnitId', 'err.scopeRequired', { field: rule.kinds?.join('/') });
    if (!orgPathInScope(actor, u.path)) throw fieldError('scope.orgUnitId', 'err.scopeOutside');
    out.orgUnitId = u.id;
    if (role === 'department') {
      if (!scope.departmentId) throw fieldError('scope.departmentId', 'err.scopeRequired', { field: 'departmentId' });
      const [d] = await db.select().from(departments).where(eq(departments.id, scope.departmentId));
      if (!d) throw fieldError('scope.departmentId', 'err.scopeRequired', { field: 'departmentId' });
      out.departmentId = d.id;
    }
  } else if (rule.field === 'companyId') {
    const [c] = await db
      .select({ id: companies.id })
      .from(companies)
      .where(and(eq(companies.id, value), companyScope(actor)));
    if (!c) throw fieldError('scope.companyId', 'err.scopeOutside');
    out.companyId = c.id;
  } else if (rule.field === 'estateId') {
    const [e] = await db
      .select({ id: estates.id })
      .from(estates)
      .where(and(eq(estates.id, value), estateScope(actor)));
    if (!e) throw fieldError('scope.estateId', 'err.scopeOutside');
    out.estateId = e.id;
  } else {
    const [o] = await db
      .select({ id: owners.id })
      .from(owners)
      .where(and(eq(owners.id, value), ownerScope(actor)));
    if (!o) throw fieldError('scope.ownerId', 'err.scopeOutside');
    out.ownerId = o.id;
  }
  return out;
}

/** Creates an account (admin: any role; bureau: roles below it, inside its subtree). */
export async function createAccount(ctx: Ctx, input: AccountCreate) {
  const { actor } = ctx;
  if (actor.role === 'bureau' && !accountsPolicy.bureauMayCreate.includes(input.role)) throw forbidden();
  const scope = await resolveScope(ctx, input.role, input.scope);
  const [dup] = await ctx.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, input.username));
  if (dup) throw new AppError(409, 'err.usernameTaken', [{ path: 'username', message: 'err.usernameTaken' }]);
  const passwordHash = await hashPassword(input.password);
  return inTx(ctx, async (c) => {
    const [row] = await c.db
      .insert(accounts)
      .values({ username: input.username, displayName: input.displayName, passwordHash, role: input.role, ...scope })
      .returning();
    const user = presentUser(row);
    await audit(c, { action: 'create', entity: 'account', entityId: row.id, after: user });
    return user;
  });
}

/** Lists accounts the caller administers: admin all; bureau those bound inside its subtree. */
export async function listAccounts(
  ctx: Ctx,
  q: { role?: Role; q?: string; sort?: Sort<(typeof ACCOUNT_SORT)[number]>; page: number; pageSize: number },
) {
  const conds: SQL[] = [];
  if (ctx.actor.role !== 'admin') {
    const p = `${ctx.actor.orgPath}%`;
    conds.push(sql`(
      ${accounts.orgUnitId} in (select ${orgUnits.id} from ${orgUnits} where ${orgUnits.path} like ${p})
      or ${accounts.estateId} in (select ${estates.id} from ${estates} where ${estateScope(ctx.actor)})
      or ${accounts.companyId} in (select ${estates.companyId} from ${estates} where ${estateScope(ctx.actor)})
      or ${accounts.ownerId} in (select ${owners.id} from ${owners} where ${ownerScope(ctx.actor)}))`);
  }
  if (q.role) conds.push(eq(accounts.role, q.role));
  if (q.q) conds.push(or(ilike(accounts.username, `%${q.q}%`), ilike(accounts.displayName, `%${q.q}%`))!);
  const where = conds.length ? and(...conds) : undefined;
  const [{ n }] = await ctx.db.select({ n: count() }).from(accounts).where(where);
  const rows = await ctx.db
    .select()
    .from(accounts)
    .where(where)
    .orderBy(
      ...orderByOf(
        q.sort,
        {
          username: accounts.username,
          displayName: accounts.displayName,
          role: accounts.role,
          createdAt: accounts.createdAt,
        },
        accounts.id,
        [asc(accounts.username)],
      ),
    )
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map(presentUser), total: n, page: q.page, pageSize: q.pageSize };
}

/** Creates an API token acting as the caller; the raw token is returned once and only its hash kept. */
export async function createApiToken(ctx: Ctx, name: string) {
  const token = `rp_${randomToken()}`;
  return inTx(ctx, async (c) => {
    const [row] = await c.db
      .insert(apiTokens)
      .values({ accountId: ctx.actor.id, name, tokenHash: sha256(token) })
      .returning();
    await audit(c, {
      action: 'create',
      entity: 'api_token',
      entityId: row.id,
      after: { name, accountId: ctx.actor.id },
    });
    return { id: row.id, name, token };
  });
}

/** Creates the first admin on an empty accounts table; returns the password when it was generated. */
export async function ensureAdmin(
  db: Db,
  password: string | undefined,
): Promise<{ created: boolean; generated?: string }> {
  const [{ n }] = await db.select({ n: count() }).from(accounts).where(eq(accounts.role, 'admin'));
  if (n > 0) return { created: false };
  const pw = password ?? randomToken(12);
  const passwordHash = await hashPassword(pw);
  await inTx(systemCtx(db), async (c) => {
    const [row] = await c.db
      .insert(accounts)
      .values({ username: 'admin', displayName: '系统管理员', passwordHash, role: 'admin' })
      .returning();
    await audit(c, { action: 'create', entity: 'account', entityId: row.id, after: presentUser(row) });
  });
  return { created: true, generated: password ? undefined : pw };
}

export type { Actor };
