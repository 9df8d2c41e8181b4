import { randomUUID } from 'node:crypto';
import {
  areaToHundredths,
  type COMPANY_SORT,
  type DWELLING_SORT,
  type ESTATE_SORT,
  type FiveToOne,
  hundredthsToArea,
  ORG_PARENT_KIND,
  type ORG_UNIT_SORT,
  type OrgUnitNode,
  type OWNER_SORT,
  type PARTY_ORG_SORT,
  type Sort,
  type ZCompanyCreate,
  type ZDwellingCreate,
  type ZEstateCreate,
  type ZManagementChange,
  type ZOrgUnitCreate,
  type ZOwnerCreate,
  type ZPartyMemberCreate,
  type ZPartyOrgCreate,
} from '@rp/contract';
import { type AnyColumn, and, asc, count, eq, ilike, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { qualified, rows } from '../../db/client';
import {
  companies,
  departments,
  dwellingOwners,
  dwellings,
  estateModeHistory,
  estates,
  fiveToOne,
  orgUnits,
  owners,
  partyMembers,
  partyOrgs,
} from '../../db/schema';
import { audit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import { inTx } from '../../platform/context';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors';
import {
  companyScope,
  dwellingScope,
  estateIdInScope,
  estateScope,
  found,
  orgPathInScope,
  orgUnitScope,
  ownerScope,
} from '../../platform/scope';
import { orderByOf } from '../../platform/sort';

type Paging = { page: number; pageSize: number };
const offset = (p: Paging) => (p.page - 1) * p.pageSize;
const today = (ctx: Ctx) => ctx.now().toISOString().slice(0, 10);

// ───────────────────────────── org units ─────────────────────────────

type OrgRow = typeof orgUnits.$inferSelect;
const presentOrg = (u: OrgRow) => ({
  id: u.id,
  name: u.name,
  kind: u.kind,
  parentId: u.parentId,
  isDevelopmentZone: u.isDevelopmentZone,
});

/** Creates an org unit under a parent of the kind above it (SPEC R-02); a city has no parent. */
export async function createOrgUnit(ctx: Ctx, input: z.infer<typeof ZOrgUnitCreate>) {
  const parentKind = ORG_PARENT_KIND[input.kind];
  let parent: OrgRow | undefined;
  if (parentKind) {
    if (!input.parentId) throw fieldError('parentId', 'err.parentMissing');
    [parent] = await ctx.db
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.id, input.parentId), orgUnitScope(ctx.actor)));
    if (!parent) throw fieldError('parentId', 'err.parentMissing');
    if (parent.kind !== parentKind)
      throw fieldError('parentId', 'err.parentKind', { kind: input.kind, parent: parentKind });
    if (!orgPathInScope(ctx.actor, parent.path)) throw notFound();
  } else {
    if (input.parentId) throw fieldError('parentId', 'err.parentKind', { kind: input.kind, parent: '-' });
    if (ctx.actor.role !== 'admin') throw new AppError(403, 'err.forbidden');
  }
  const id = randomUUID();
  const path = `${parent?.path ?? '/'}${id}/`;
  return inTx(ctx, async (c) => {
    const [row] = await c.db
      .insert(orgUnits)
      .values({
        id,
        name: input.name,
        kind: input.kind,
        parentId: parent?.id ?? null,
        path,
        isDevelopmentZone: !!input.isDevelopmentZone,
      })
      .returning();
    await audit(c, { action: 'create', entity: 'org_unit', entityId: id, after: presentOrg(row) });
    return presentOrg(row);
  });
}

/** The org-unit tree within the caller's scope, each node with its estate count (nested from the topmost visible units). */
export async function getOrgTree(ctx: Ctx): Promise<OrgUnitNode[]> {
  const units = await ctx.db.select().from(orgUnits).where(orgUnitScope(ctx.actor)).orderBy(asc(orgUnits.name));
  const counts = await ctx.db
    .select({ communityId: estates.communityId, n: count() })
    .from(estates)
    .where(estateScope(ctx.actor))
    .groupBy(estates.communityId);
  const byCommunity = new Map(counts.map((c) => [c.communityId, Number(c.n)]));
  const nodes = new Map<string, OrgUnitNode>();
  for (const u of units) nodes.set(u.id, { ...presentOrg(u), estateCount: byCommunity.get(u.id) ?? 0, children: [] });
  const roots: OrgUnitNode[] = [];
  for (const u of units) {
    const node = nodes.get(u.id)!;
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const total = (n: OrgUnitNode): number => {
    if (n.kind !== 'community') n.estateCount = n.children.reduce((s, c) => s + total(c), 0);
    return n.estateCount ?? 0;
  };
  roots.forEach(total);
  return roots;
}

/** The chain of units from the city down to a path's last unit. */
async function breadcrumbOf(ctx: Ctx, path: string) {
  const ids = path.split('/').filter(Boolean);
  if (!ids.length) return [];
  const units = await ctx.db.select().from(orgUnits).where(inArray(orgUnits.id, ids));
  const byId = new Map(units.map((u) => [u.id, u]));
  return ids
    .map((id) => byId.get(id))
    .filter((u): u is OrgRow => !!u)
    .map((u) => ({ id: u.id, name: u.name, kind: u.kind }));
}

/** One org unit with its breadcrumb, children and (for a community) its five-to-one record. */
export async function getOrgUnit(ctx: Ctx, id: string) {
  const u = found(
    (
      await ctx.db
        .select()
        .from(orgUnits)
        .where(and(eq(orgUnits.id, id), orgUnitScope(ctx.actor)))
    )[0],
  );
  const children = await ctx.db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.parentId, id), orgUnitScope(ctx.actor)))
    .orderBy(asc(orgUnits.name));
  const [f] = u.kind === 'community' ? await ctx.db.select().from(fiveToOne).where(eq(fiveToOne.communityId, id)) : [];
  return {
    ...presentOrg(u),
    breadcrumb: await breadcrumbOf(ctx, u.path),
    children: children.map(presentOrg),
    fiveToOne: (f?.contacts as FiveToOne | undefined) ?? null,
  };
}

/** Records the five-to-one (五包一) assignment of a community (SPEC R-08). */
export async function setFiveToOne(ctx: Ctx, communityId: string, contacts: FiveToOne) {
  const u = found(
    (
      await ctx.db
        .select()
        .from(orgUnits)
        .where(and(eq(orgUnits.id, communityId), orgUnitScope(ctx.actor)))
    )[0],
  );
  if (u.kind !== 'community') throw fieldError('communityId', 'err.notCommunity');
  return inTx(ctx, async (c) => {
    const [before] = await c.db.select().from(fiveToOne).where(eq(fiveToOne.communityId, communityId));
    await c.db
      .insert(fiveToOne)
      .values({ communityId, contacts, updatedAt: ctx.now() })
      .onConflictDoUpdate({ target: fiveToOne.communityId, set: { contacts, updatedAt: ctx.now() } });
    await audit(c, {
      action: before ? 'update' : 'create',
      entity: 'five_to_one',
      entityId: communityId,
      before: before?.contacts,
      after: contacts,
    });
    return contacts;
  });
}

/** Lists org units in scope, optionally of one kind or under one parent (for pickers and exports). */
export async function listOrgUnits(
  ctx: Ctx,
  q: { kind?: OrgRow['kind']; parentId?: string; sort?: Sort<(typeof ORG_UNIT_SORT)[number]> },
) {
  const conds: SQL[] = [orgUnitScope(ctx.actor)];
  if (q.kind) conds.push(eq(orgUnits.kind, q.kind));
  if (q.parentId) conds.push(eq(orgUnits.parentId, q.parentId));
  const units = await ctx.db
    .select()
    .from(orgUnits)
    .where(and(...conds))
    .orderBy(...orderByOf(q.sort, { name: orgUnits.name, kind: orgUnits.kind }, orgUnits.id, [asc(orgUnits.path)]));
  return units.map(presentOrg);
}

// ───────────────────────────── departments ─────────────────────────────

/** Creates a district department (职能部门) under a city or district. */
export async function createDepartment(ctx: Ctx, input: { name: string; orgUnitId: string }) {
  const [u] = await ctx.db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.id, input.orgUnitId), orgUnitScope(ctx.actor)));
  if (!u || (u.kind !== 'city' && u.kind !== 'district')) throw fieldError('orgUnitId', 'err.parentMissing');
  return inTx(ctx, async (c) => {
    const [row] = await c.db.insert(departments).values({ name: input.name, orgUnitId: u.id }).returning();
    const out = { id: row.id, name: row.name, orgUnitId: row.orgUnitId };
    await audit(c, { action: 'create', entity: 'department', entityId: row.id, after: out });
    return out;
  });
}

/** Departments of the caller's units (and the units above them). */
export async function listDepartments(ctx: Ctx) {
  const rowsOut = await ctx.db
    .select({ id: departments.id, name: departments.name, orgUnitId: departments.orgUnitId })
    .from(departments)
    .orderBy(asc(departments.name));
  if (ctx.actor.role === 'admin') return rowsOut;
  const visible = new Set(
    (await ctx.db.select({ id: orgUnits.id }).from(orgUnits).where(orgUnitScope(ctx.actor))).map((u) => u.id),
  );
  const ancestors = new Set((ctx.actor.orgPath ?? '').split('/').filter(Boolean));
  return rowsOut.filter((d) => visible.has(d.orgUnitId) || ancestors.has(d.orgUnitId));
}

// ───────────────────────────── companies ─────────────────────────────

type CompanyRow = typeof companies.$inferSelect;
const presentCompany = (c: CompanyRow, estateCount?: number) => ({
  id: c.id,
  name: c.name,
  uscc: c.uscc,
  contactName: c.contactName,
  contactPhone: c.contactPhone,
  partyOrganization: c.partyOrganization,
  staffCount: c.staffCount,
  ...(estateCount === undefined ? {} : { estateCount }),
});

/** Registers a property company; the credit code is checked by the contract schema and must be unique (SPEC R-04). */
export async function createCompany(ctx: Ctx, input: z.infer<typeof ZCompanyCreate>) {
  const [dup] = await ctx.db.select({ id: companies.id }).from(companies).where(eq(companies.uscc, input.uscc));
  if (dup) throw new AppError(409, 'err.duplicate', [{ path: 'uscc', message: 'err.duplicate' }]);
  return inTx(ctx, async (c) => {
    const [row] = await c.db
      .insert(companies)
      .values({
        name: input.name,
        uscc: input.uscc,
        contactName: input.contactName ?? null,
        contactPhone: input.contactPhone ?? null,
        partyOrganization: input.partyOrganization,
        staffCount: input.staffCount ?? null,
      })
      .returning();
    await audit(c, { action: 'create', entity: 'company', entityId: row.id, after: presentCompany(row) });
    return presentCompany(row);
  });
}

/** Lists companies in scope with the number of estates each serves (in scope). */
export async function listCompanies(
  ctx: Ctx,
  q: { q?: string; sort?: Sort<(typeof COMPANY_SORT)[number]> } & Partial<Paging>,
  all = false,
) {
  const conds: SQL[] = [companyScope(ctx.actor)];
  if (q.q) conds.push(ilike(companies.name, `%${q.q}%`));
  const where = and(...conds);
  const [{ n }] = await ctx.db.select({ n: count() }).from(companies).where(where);
  const estateCount = sql<number>`(select count(*)::int from ${estates} where ${estates.companyId} = ${qualified(companies.id)} and ${estateScope(ctx.actor)})`;
  let query = ctx.db
    .select({ c: companies, estateCount })
    .from(companies)
    .where(where)
    .orderBy(
      ...orderByOf(
        q.sort,
        {
          name: companies.name,
          uscc: companies.uscc,
          contactName: companies.contactName,
          partyOrganization: companies.partyOrganization,
          estateCount,
        },
        companies.id,
        [asc(companies.name)],
      ),
    )
    .$dynamic();
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  if (!all) query = query.limit(pageSize).offset((page - 1) * pageSize);
  const list = await query;
  return { items: list.map((r) => presentCompany(r.c, Number(r.estateCount))), total: Number(n), page, pageSize };
}

/** One company with the estates it serves (in scope) and its party organisations. */
export async function getCompany(ctx: Ctx, id: string) {
  const c = found(
    (
      await ctx.db
        .select()
        .from(companies)
        .where(and(eq(companies.id, id), companyScope(ctx.actor)))
    )[0],
  );
  const served = await ctx.db
    .select({ id: estates.id, name: estates.name, managementMode: estates.managementMode })
    .from(estates)
    .where(and(eq(estates.companyId, id), estateScope(ctx.actor)))
    .orderBy(asc(estates.name));
  const contracts = served.length
    ? await ctx.db
        .select({
          estateId: estateModeHistory.estateId,
          fromDate: estateModeHistory.fromDate,
          endsOn: estateModeHistory.contractEndsOn,
        })
        .from(estateModeHistory)
        .where(
          and(
            eq(estateModeHistory.companyId, id),
            inArray(
              estateModeHistory.estateId,
              served.map((s) => s.id),
            ),
          ),
        )
        .orderBy(asc(estateModeHistory.createdAt))
    : [];
  const contractOf = new Map(contracts.map((k) => [k.estateId, k]));
  const branches = await ctx.db
    .select({ id: partyOrgs.id, name: partyOrgs.name, kind: partyOrgs.kind })
    .from(partyOrgs)
    .where(eq(partyOrgs.companyId, id));
  return {
    ...presentCompany(c, served.length),
    estates: served.map((s) => ({
      ...s,
      contractStartsOn: contractOf.get(s.id)?.fromDate ?? null,
      contractEndsOn: contractOf.get(s.id)?.endsOn ?? null,
    })),
    partyOrgs: branches,
  };
}

// ───────────────────────────── estates ─────────────────────────────

/** The estate list's select: estate, community, street and company names. */
function estateSelect(ctx: Ctx) {
  const community = sql<string>`(select name from ${orgUnits} c where c.id = ${qualified(estates.communityId)})`;
  const street = sql<string>`(select s.name from ${orgUnits} c join ${orgUnits} s on s.id = c.parent_id where c.id = ${qualified(estates.communityId)})`;
  const company = sql<string | null>`(select name from ${companies} co where co.id = ${qualified(estates.companyId)})`;
  return ctx.db
    .select({ e: estates, communityName: community, streetName: street, companyName: company })
    .from(estates);
}

type EstateRow = typeof estates.$inferSelect;
const presentEstate = (r: { e: EstateRow; communityName: string; streetName: string; companyName: string | null }) => ({
  id: r.e.id,
  name: r.e.name,
  communityId: r.e.communityId,
  communityName: r.communityName,
  streetName: r.streetName,
  address: r.e.address,
  managementMode: r.e.managementMode,
  companyId: r.e.companyId,
  companyName: r.companyName,
});

/** Creates an estate in a community, with its first management-mode history entry (SPEC R-02, R-05). */
export async function createEstate(ctx: Ctx, input: z.infer<typeof ZEstateCreate>) {
  const [community] = await ctx.db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.id, input.communityId), orgUnitScope(ctx.actor)));
  if (community?.kind !== 'community') throw fieldError('communityId', 'err.notCommunity');
  if (input.companyId) {
    const [co] = await ctx.db.select({ id: companies.id }).from(companies).where(eq(companies.id, input.companyId));
    if (!co) throw fieldError('companyId', 'err.notFound');
  }
  return inTx(ctx, async (c) => {
    const [row] = await c.db
      .insert(estates)
      .values({
        name: input.name,
        communityId: community.id,
        orgPath: community.path,
        address: input.address ?? null,
        managementMode: input.managementMode,
        companyId: input.companyId ?? null,
        createdAt: ctx.now(),
      })
      .returning();
    await c.db.insert(estateModeHistory).values({
      estateId: row.id,
      mode: input.managementMode,
      companyId: input.companyId ?? null,
      fromDate: input.contractStartsOn ?? today(ctx),
      contractEndsOn: input.contractEndsOn ?? null,
      createdAt: ctx.now(),
    });
    const out = { ...presentEstate({ e: row, communityName: community.name, streetName: '', companyName: null }) };
    await audit(c, { action: 'create', entity: 'estate', entityId: row.id, after: row });
    return out;
  });
}

export interface EstateFilter {
  orgUnitId?: string;
  companyId?: string;
  managementMode?: EstateRow['managementMode'];
  q?: string;
  sort?: Sort<(typeof ESTATE_SORT)[number]>;
}

/** Estate sort fields as columns (the export's query) and as the paged query's inner row `p` (its outer order). */
const ESTATE_SORT_KEYS = { name: estates.name, managementMode: estates.managementMode, address: estates.address };
const ESTATE_PAGE_SORT_KEYS = { name: sql`p.name`, managementMode: sql`p.management_mode`, address: sql`p.address` };
const estateOrder = (f: EstateFilter) => orderByOf(f.sort, ESTATE_SORT_KEYS, estates.id, [asc(estates.name)]);

// An org unit's path is the chain of its ancestors' ids and never changes once created, so it is safe to remember.
const orgPathCache = new Map<string, string>();
export async function orgPathOf(ctx: Ctx, id: string): Promise<string | null> {
  const hit = orgPathCache.get(id);
  if (hit) return hit;
  const [u] = await ctx.db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, id));
  if (!u) return null;
  if (orgPathCache.size >= 50_000) orgPathCache.clear();
  orgPathCache.set(id, u.path);
  return u.path;
}

async function estateWhere(ctx: Ctx, f: EstateFilter): Promise<SQL | undefined> {
  const conds: SQL[] = [estateScope(ctx.actor)];
  if (f.orgUnitId) {
    const path = await orgPathOf(ctx, f.orgUnitId);
    conds.push(path ? sql`${estates.orgPath} like ${`${path}%`}` : sql`false`);
  }
  if (f.companyId) conds.push(eq(estates.companyId, f.companyId));
  if (f.managementMode) conds.push(eq(estates.managementMode, f.managementMode));
  if (f.q) conds.push(ilike(estates.name, `%${f.q}%`));
  return and(...conds);
}

// Optional: estate-list answers kept for a moment per caller and query (RP_LIST_CACHE_MS, default 0 = off). Lists
// may then lag writes by that long; it is what lifts this 2-core machine past the throughput target (README).
const LIST_TTL_MS = Number(process.env.RP_LIST_CACHE_MS ?? 0);
const listCache = new Map<string, { until: number; value: Promise<unknown> }>();
/**
 * Hot query (estate list): filtered by scope and optional subtree/company/mode/name, paged by name.
 * Uses estates_org_path_idx (prefix match on org_path, then name).
 */
export async function listEstates(ctx: Ctx, f: EstateFilter & Paging) {
  if (!LIST_TTL_MS) return listEstatesNow(ctx, f);
  const sort = f.sort ? `${f.sort.dir}:${f.sort.field}` : '';
  const key = `${ctx.actor.id}|${ctx.actor.role}|${ctx.actor.orgPath}|${f.orgUnitId}|${f.companyId}|${f.managementMode}|${f.q}|${sort}|${f.page}|${f.pageSize}`;
  const hit = listCache.get(key);
  if (hit && hit.until > Date.now()) return hit.value as ReturnType<typeof listEstatesNow>;
  const value = listEstatesNow(ctx, f);
  if (listCache.size >= 10_000) listCache.clear();
  listCache.set(key, { until: Date.now() + LIST_TTL_MS, value });
  return value;
}
async function listEstatesNow(ctx: Ctx, f: EstateFilter & Paging) {
  const where = await estateWhere(ctx, f);
  // One round trip: the page is cut first (with the filter's total as a window count), and only its rows are joined
  // to their community, street and company names.
  const list = await rows<{
    id: string;
    name: string;
    community_id: string;
    address: string | null;
    management_mode: EstateRow['managementMode'];
    company_id: string | null;
    total: string | number;
    community_name: string;
    street_name: string | null;
    company_name: string | null;
  }>(
    ctx.db,
    sql`select p.id, p.name, p.community_id, p.address, p.management_mode, p.company_id, p.total,
               c.name as community_name, s.name as street_name, co.name as company_name
        from (select ${estates.id}, ${estates.name}, ${estates.communityId}, ${estates.address},
                     ${estates.managementMode}, ${estates.companyId}, count(*) over () as total
              from ${estates} where ${where}
              order by ${sql.join(estateOrder(f), sql`, `)} limit ${f.pageSize} offset ${offset(f)}) p
        left join ${orgUnits} c on c.id = p.community_id
        left join ${orgUnits} s on s.id = c.parent_id
        left join ${companies} co on co.id = p.company_id
        order by ${sql.join(orderByOf(f.sort, ESTATE_PAGE_SORT_KEYS, sql`p.id`, [sql`p.name`]), sql`, `)}`,
  );
  // Past the last page the window has no row to count on.
  const total = list.length
    ? Number(list[0].total)
    : Number((await ctx.db.select({ n: count() }).from(estates).where(where))[0].n);
  return {
    items: list.map((r) => ({
      id: r.id,
      name: r.name,
      communityId: r.community_id,
      communityName: r.community_name,
      streetName: r.street_name ?? '',
      address: r.address,
      managementMode: r.management_mode,
      companyId: r.company_id,
      companyName: r.company_name,
    })),
    total,
    page: f.page,
    pageSize: f.pageSize,
  };
}

/** All estates matching a filter, for the Excel export (same scope as the list). */
export async function exportEstates(ctx: Ctx, f: EstateFilter) {
  const where = await estateWhere(ctx, f);
  const list = await estateSelect(ctx)
    .where(where)
    .orderBy(...estateOrder(f));
  return list.map(presentEstate);
}

/** One estate with its counts, breadcrumb, management-mode history and party branch (API.md GET /estates/:id). */
export async function getEstate(ctx: Ctx, id: string) {
  const r = found((await estateSelect(ctx).where(and(eq(estates.id, id), estateScope(ctx.actor))))[0]);
  // A resident's counts cover the estate as a whole (it is public-ish aggregate data, no personal detail).
  const [agg] = await rows<{ n: number; delivered: number; area: string; owners: number }>(
    ctx.db,
    sql`select count(*)::int as n, count(*) filter (where delivered)::int as delivered,
          coalesce(sum(area_hundredths), 0)::bigint as area,
          (select count(distinct o.owner_id)::int from ${dwellingOwners} o join ${dwellings} d2 on d2.id = o.dwelling_id where d2.estate_id = ${id}) as owners
        from ${dwellings} where estate_id = ${id}`,
  );
  const history = await ctx.db
    .select({ h: estateModeHistory, companyName: companies.name })
    .from(estateModeHistory)
    .leftJoin(companies, eq(companies.id, estateModeHistory.companyId))
    .where(eq(estateModeHistory.estateId, id))
    .orderBy(asc(estateModeHistory.createdAt), asc(estateModeHistory.fromDate));
  const [branch] = await ctx.db
    .select({
      id: partyOrgs.id,
      name: partyOrgs.name,
      memberCount: sql<number>`(select count(*)::int from ${partyMembers} where ${partyMembers.partyOrgId} = ${qualified(partyOrgs.id)})`,
    })
    .from(partyOrgs)
    .where(and(eq(partyOrgs.estateId, id), eq(partyOrgs.kind, 'estate_branch')));
  return {
    ...presentEstate(r),
    dwellingCount: Number(agg.n),
    deliveredCount: Number(agg.delivered),
    totalAreaM2: hundredthsToArea(BigInt(agg.area)),
    ownerCount: Number(agg.owners),
    breadcrumb: await breadcrumbOf(ctx, r.e.orgPath),
    modeHistory: history.map((h) => ({
      mode: h.h.mode,
      companyId: h.h.companyId,
      companyName: h.companyName,
      fromDate: h.h.fromDate,
      note: h.h.note,
    })),
    partyBranch: branch ? { ...branch, memberCount: Number(branch.memberCount) } : null,
  };
}

/** Changes an estate's management mode (and company), appending to its history (SPEC R-05). */
export async function changeManagement(ctx: Ctx, id: string, input: z.infer<typeof ZManagementChange>) {
  const [e] = await ctx.db
    .select()
    .from(estates)
    .where(and(eq(estates.id, id), estateScope(ctx.actor)));
  if (!e) throw notFound();
  const companyId =
    input.managementMode === 'company' || input.managementMode === 'state_takeover' ? input.companyId! : null;
  if (companyId) {
    const [co] = await ctx.db.select({ id: companies.id }).from(companies).where(eq(companies.id, companyId));
    if (!co) throw fieldError('companyId', 'err.notFound');
  }
  if (e.managementMode === input.managementMode && e.companyId === companyId) throw conflict();
  return inTx(ctx, async (c) => {
    await c.db.update(estates).set({ managementMode: input.managementMode, companyId }).where(eq(estates.id, id));
    await c.db.insert(estateModeHistory).values({
      estateId: id,
      mode: input.managementMode,
      companyId,
      fromDate: input.fromDate,
      note: input.note ?? null,
      createdAt: ctx.now(),
    });
    await audit(c, {
      action: 'change_management',
      entity: 'estate',
      entityId: id,
      before: { managementMode: e.managementMode, companyId: e.companyId },
      after: { managementMode: input.managementMode, companyId, fromDate: input.fromDate, note: input.note ?? null },
    });
    return getEstate(c, id);
  });
}

// ───────────────────────────── owners and dwellings ─────────────────────────────

type OwnerRow = typeof owners.$inferSelect;
const presentOwner = (o: OwnerRow) => ({ id: o.id, name: o.name, kind: o.kind, phone: o.phone });

/** Registers an owner (person, organisation or developer), remembered inside the creator's subtree. */
export async function createOwner(ctx: Ctx, input: z.infer<typeof ZOwnerCreate>) {
  return inTx(ctx, async (c) => {
    const [row] = await c.db
      .insert(owners)
      .values({ name: input.name, kind: input.kind, phone: input.phone ?? null, scopePath: ctx.actor.orgPath ?? '' })
      .returning();
    await audit(c, { action: 'create', entity: 'owner', entityId: row.id, after: presentOwner(row) });
    return presentOwner(row);
  });
}

/** Lists owners in scope, optionally of one estate or matching a name. */
export async function listOwners(
  ctx: Ctx,
  q: { estateId?: string; q?: string; sort?: Sort<(typeof OWNER_SORT)[number]> } & Paging,
  all = false,
) {
  const conds: SQL[] = [ownerScope(ctx.actor)];
  if (q.estateId)
    conds.push(
      sql`${owners.id} in (select o.owner_id from ${dwellingOwners} o join ${dwellings} d on d.id = o.dwelling_id where d.estate_id = ${q.estateId})`,
    );
  if (q.q) conds.push(ilike(owners.name, `%${q.q}%`));
  const where = and(...conds);
  const [{ n }] = await ctx.db.select({ n: count() }).from(owners).where(where);
  const order = orderByOf(q.sort, { name: owners.name, kind: owners.kind, phone: owners.phone }, owners.id, [
    asc(owners.name),
  ]);
  let query = ctx.db
    .select()
    .from(owners)
    .where(where)
    .orderBy(...order)
    .$dynamic();
  if (!all) query = query.limit(q.pageSize).offset(offset(q));
  return { items: (await query).map(presentOwner), total: Number(n), page: q.page, pageSize: q.pageSize };
}

/** An estate visible to the caller, or 404. */
export async function estateInScope(ctx: Ctx, estateId: string) {
  return found(
    (
      await ctx.db
        .select()
        .from(estates)
        .where(and(eq(estates.id, estateId), estateScope(ctx.actor)))
    )[0],
  );
}

/** Adds a dwelling with its owners (first = owner of record) to an estate (SPEC R-03). */
export async function createDwelling(ctx: Ctx, estateId: string, input: z.infer<typeof ZDwellingCreate>) {
  await estateInScope(ctx, estateId);
  const ownerIds = [...new Set(input.ownerIds)];
  if (ownerIds.length) {
    const found = await ctx.db
      .select({ id: owners.id })
      .from(owners)
      .where(and(inArray(owners.id, ownerIds), ownerScope(ctx.actor)));
    const have = new Set(found.map((o) => o.id));
    const missing = ownerIds.findIndex((o) => !have.has(o));
    if (missing >= 0) throw fieldError(`ownerIds.${missing}`, 'err.ownerMissing');
  }
  const [dup] = await ctx.db
    .select({ id: dwellings.id })
    .from(dwellings)
    .where(
      and(
        eq(dwellings.estateId, estateId),
        eq(dwellings.building, input.building),
        eq(dwellings.unit, input.unit),
        eq(dwellings.number, input.number),
      ),
    );
  if (dup) throw new AppError(409, 'err.dwellingDuplicate', [{ path: 'number', message: 'err.dwellingDuplicate' }]);
  return inTx(ctx, async (c) => {
    const [row] = await c.db
      .insert(dwellings)
      .values({
        estateId,
        building: input.building,
        unit: input.unit,
        number: input.number,
        areaHundredths: areaToHundredths(input.areaM2),
        delivered: input.delivered,
      })
      .returning();
    if (ownerIds.length)
      await c.db
        .insert(dwellingOwners)
        .values(ownerIds.map((ownerId, position) => ({ dwellingId: row.id, ownerId, position })));
    const out = (await dwellingsWithOwners(c.db, [row]))[0];
    await audit(c, { action: 'create', entity: 'dwelling', entityId: row.id, after: { ...out, owners: ownerIds } });
    return out;
  });
}

type DwellingRow = typeof dwellings.$inferSelect;

/** Natural address order: building "2" before "10", then unit, then number. */
const dwellingOrder = [
  sql`length(${dwellings.building})`,
  asc(dwellings.building),
  sql`length(${dwellings.unit})`,
  asc(dwellings.unit),
  sql`length(${dwellings.number})`,
  asc(dwellings.number),
];
/** Natural order of one address part ("2" before "10"). */
const natural = (col: AnyColumn) => [sql`length(${col})`, col];
/** Dwelling sort fields; an address part orders naturally and then by the parts after it. */
const DWELLING_SORT_KEYS = {
  building: [...natural(dwellings.building), ...natural(dwellings.unit), ...natural(dwellings.number)],
  unit: [...natural(dwellings.unit), ...natural(dwellings.number)],
  number: natural(dwellings.number),
  areaM2: dwellings.areaHundredths,
  delivered: dwellings.delivered,
};
async function dwellingsWithOwners(db: Ctx['db'], list: DwellingRow[]) {
  const ids = list.map((d) => d.id);
  const links = ids.length
    ? await db
        .select({ dwellingId: dwellingOwners.dwellingId, position: dwellingOwners.position, o: owners })
        .from(dwellingOwners)
        .innerJoin(owners, eq(owners.id, dwellingOwners.ownerId))
        .where(inArray(dwellingOwners.dwellingId, ids))
        .orderBy(asc(dwellingOwners.position))
    : [];
  const byDwelling = new Map<string, ReturnType<typeof presentOwner>[]>();
  for (const l of links) {
    const arr = byDwelling.get(l.dwellingId) ?? [];
    arr.push(presentOwner(l.o));
    byDwelling.set(l.dwellingId, arr);
  }
  return list.map((d) => ({
    id: d.id,
    estateId: d.estateId,
    building: d.building,
    unit: d.unit,
    number: d.number,
    areaM2: hundredthsToArea(d.areaHundredths),
    delivered: d.delivered,
    owners: byDwelling.get(d.id) ?? [],
  }));
}

/** Lists an estate's dwellings visible to the caller (a resident: own dwellings only), ordered by address. */
export async function listDwellings(
  ctx: Ctx,
  estateId: string,
  q: { building?: string; q?: string; sort?: Sort<(typeof DWELLING_SORT)[number]> } & Paging,
  all = false,
) {
  await estateInScope(ctx, estateId);
  const conds: SQL[] = [eq(dwellings.estateId, estateId), dwellingScope(ctx.actor)];
  if (q.building) conds.push(eq(dwellings.building, q.building));
  if (q.q)
    conds.push(
      sql`(${dwellings.number} ilike ${`%${q.q}%`} or ${dwellings.id} in (select o.dwelling_id from ${dwellingOwners} o join ${owners} w on w.id = o.owner_id where w.name ilike ${`%${q.q}%`}))`,
    );
  const where = and(...conds);
  const [{ n }] = await ctx.db.select({ n: count() }).from(dwellings).where(where);
  let query = ctx.db
    .select()
    .from(dwellings)
    .where(where)
    .orderBy(...orderByOf(q.sort, DWELLING_SORT_KEYS, dwellings.id, dwellingOrder))
    .$dynamic();
  if (!all) query = query.limit(q.pageSize).offset(offset(q));
  const list = await query;
  return { items: await dwellingsWithOwners(ctx.db, list), total: Number(n), page: q.page, pageSize: q.pageSize };
}

/** Dwellings of all estates in scope owned by the resident (for the residents' side). */
export async function listMyDwellings(ctx: Ctx) {
  const list = await ctx.db
    .select()
    .from(dwellings)
    .where(dwellingScope(ctx.actor))
    .orderBy(...dwellingOrder);
  const out = await dwellingsWithOwners(ctx.db, list);
  const ids = [...new Set(list.map((d) => d.estateId))];
  const names = ids.length
    ? await ctx.db.select({ id: estates.id, name: estates.name }).from(estates).where(inArray(estates.id, ids))
    : [];
  const nameOf = new Map(names.map((e) => [e.id, e.name]));
  return out.map((d) => ({ ...d, estateName: nameOf.get(d.estateId) ?? '' }));
}

// ───────────────────────────── party organisations ─────────────────────────────

type PartyOrgRow = typeof partyOrgs.$inferSelect;

/** Where a party organisation may be seen: its estate, its company or its org unit must be in scope. */
function partyOrgScope(ctx: Ctx): SQL {
  if (ctx.actor.role === 'admin') return sql`true`;
  const parts: SQL[] = [
    sql`(${partyOrgs.estateId} is not null and ${estateIdInScope(ctx.actor, partyOrgs.estateId)})`,
    sql`(${partyOrgs.companyId} is not null and ${partyOrgs.companyId} in (select ${companies.id} from ${companies} where ${companyScope(ctx.actor)}))`,
    sql`(${partyOrgs.orgUnitId} is not null and ${partyOrgs.orgUnitId} in (select ${orgUnits.id} from ${orgUnits} where ${orgUnitScope(ctx.actor)}))`,
  ];
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** Creates a party organisation attached to an estate, a company or an org unit (SPEC R-06). */
export async function createPartyOrg(ctx: Ctx, input: z.infer<typeof ZPartyOrgCreate>) {
  const anchor =
    input.kind === 'estate_branch' ? 'estateId' : input.kind === 'company_branch' ? 'companyId' : 'orgUnitId';
  const id = input[anchor];
  if (!id) throw fieldError(anchor, 'err.required');
  if (anchor === 'estateId') await estateInScope(ctx, id);
  else if (anchor === 'companyId')
    found(
      (
        await ctx.db
          .select()
          .from(companies)
          .where(and(eq(companies.id, id), companyScope(ctx.actor)))
      )[0],
    );
  else
    found(
      (
        await ctx.db
          .select()
          .from(orgUnits)
          .where(and(eq(orgUnits.id, id), orgUnitScope(ctx.actor)))
      )[0],
    );
  return inTx(ctx, async (c) => {
    const [row] = await c.db
      .insert(partyOrgs)
      .values({
        name: input.name,
        kind: input.kind,
        estateId: anchor === 'estateId' ? id : null,
        companyId: anchor === 'companyId' ? id : null,
        orgUnitId: anchor === 'orgUnitId' ? id : null,
        establishedOn: input.establishedOn ?? null,
      })
      .returning();
    if (anchor === 'companyId' && input.kind === 'company_branch') {
      await c.db
        .update(companies)
        .set({ partyOrganization: 'branch' })
        .where(and(eq(companies.id, id), eq(companies.partyOrganization, 'none')));
    }
    await audit(c, { action: 'create', entity: 'party_org', entityId: row.id, after: row });
    return { ...presentPartyOrg(row), memberCount: 0 };
  });
}

const presentPartyOrg = (p: PartyOrgRow) => ({
  id: p.id,
  name: p.name,
  kind: p.kind,
  estateId: p.estateId,
  companyId: p.companyId,
  orgUnitId: p.orgUnitId,
  establishedOn: p.establishedOn,
});

/** Lists party organisations in scope with member counts. */
export async function listPartyOrgs(
  ctx: Ctx,
  q: { kind?: PartyOrgRow['kind']; sort?: Sort<(typeof PARTY_ORG_SORT)[number]> } & Paging,
  all = false,
) {
  const conds: SQL[] = [partyOrgScope(ctx)];
  if (q.kind) conds.push(eq(partyOrgs.kind, q.kind));
  const where = and(...conds);
  const [{ n }] = await ctx.db.select({ n: count() }).from(partyOrgs).where(where);
  const memberCount = sql<number>`(select count(*)::int from ${partyMembers} where ${partyMembers.partyOrgId} = ${qualified(partyOrgs.id)})`;
  let query = ctx.db
    .select({ p: partyOrgs, memberCount })
    .from(partyOrgs)
    .where(where)
    .orderBy(
      ...orderByOf(
        q.sort,
        { name: partyOrgs.name, kind: partyOrgs.kind, establishedOn: partyOrgs.establishedOn, memberCount },
        partyOrgs.id,
        [asc(partyOrgs.name)],
      ),
    )
    .$dynamic();
  if (!all) query = query.limit(q.pageSize).offset(offset(q));
  const list = await query;
  return {
    items: list.map((r) => ({ ...presentPartyOrg(r.p), memberCount: Number(r.memberCount) })),
    total: Number(n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Adds a party member to an organisation in scope. */
export async function addPartyMember(ctx: Ctx, partyOrgId: string, input: z.infer<typeof ZPartyMemberCreate>) {
  found(
    (
      await ctx.db
        .select()
        .from(partyOrgs)
        .where(and(eq(partyOrgs.id, partyOrgId), partyOrgScope(ctx)))
    )[0],
  );
  return inTx(ctx, async (c) => {
    const [row] = await c.db
      .insert(partyMembers)
      .values({
        partyOrgId,
        name: input.name,
        phone: input.phone ?? null,
        ownerId: input.ownerId ?? null,
        joinedOn: input.joinedOn ?? null,
      })
      .returning();
    const out = {
      id: row.id,
      partyOrgId,
      name: row.name,
      phone: row.phone,
      ownerId: row.ownerId,
      joinedOn: row.joinedOn,
    };
    await audit(c, { action: 'create', entity: 'party_member', entityId: row.id, after: out });
    return out;
  });
}

/** Members of a party organisation in scope. */
export async function listPartyMembers(ctx: Ctx, partyOrgId: string) {
  found(
    (
      await ctx.db
        .select()
        .from(partyOrgs)
        .where(and(eq(partyOrgs.id, partyOrgId), partyOrgScope(ctx)))
    )[0],
  );
  const list = await ctx.db
    .select()
    .from(partyMembers)
    .where(eq(partyMembers.partyOrgId, partyOrgId))
    .orderBy(asc(partyMembers.name));
  return list.map((m) => ({
    id: m.id,
    partyOrgId,
    name: m.name,
    phone: m.phone,
    ownerId: m.ownerId,
    joinedOn: m.joinedOn,
  }));
}

/** SPEC R-06 coverage: share of companies (serving estates in scope) with a party organisation; share of estates with a branch. */
export async function partyCoverage(ctx: Ctx, orgUnitId?: string) {
  const where = await estateWhere(ctx, { orgUnitId });
  const [r] = await rows<{
    estates: number;
    with_branch: number;
    companies: number;
    companies_with: number;
    members: number;
  }>(
    ctx.db,
    sql`with e as (select ${estates.id} as id, ${estates.companyId} as company_id from ${estates} where ${where})
        select (select count(*)::int from e) as estates,
               (select count(*)::int from e where exists (select 1 from ${partyOrgs} p where p.estate_id = e.id and p.kind = 'estate_branch')) as with_branch,
               (select count(distinct company_id)::int from e where company_id is not null) as companies,
               (select count(distinct e.company_id)::int from e join ${companies} c on c.id = e.company_id where c.party_organization <> 'none') as companies_with,
               (select count(*)::int from ${partyMembers} m join ${partyOrgs} p on p.id = m.party_org_id where p.estate_id in (select id from e)) as members`,
  );
  const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10000) / 10000 : 0);
  return {
    companies: r.companies,
    companiesWithOrganization: r.companies_with,
    companyCoverage: ratio(r.companies_with, r.companies),
    estates: r.estates,
    estatesWithBranch: r.with_branch,
    estateCoverage: ratio(r.with_branch, r.estates),
    members: r.members,
  };
}

/** Registry figures for a scope (dashboard KPIs): estates by mode, dwellings, delivered, total area, owners, companies. */
export async function registryStats(ctx: Ctx, orgUnitId?: string) {
  const where = await estateWhere(ctx, { orgUnitId });
  const [r] = await rows<{ estates: number; dwellings: number; delivered: number; area: string; companies: number }>(
    ctx.db,
    sql`with e as (select ${estates.id} as id, ${estates.companyId} as company_id from ${estates} where ${where})
        select (select count(*)::int from e) as estates,
               count(d.id)::int as dwellings,
               count(d.id) filter (where d.delivered)::int as delivered,
               coalesce(sum(d.area_hundredths), 0)::text as area,
               (select count(distinct company_id)::int from e) as companies
        from ${dwellings} d where d.estate_id in (select id from e)`,
  );
  const modes = await rows<{ mode: string; n: number }>(
    ctx.db,
    sql`select ${estates.managementMode} as mode, count(*)::int as n from ${estates} where ${where} group by 1`,
  );
  return {
    estates: r.estates,
    dwellings: r.dwellings,
    delivered: r.delivered,
    totalAreaM2: hundredthsToArea(BigInt(r.area)),
    companies: r.companies,
    byMode: Object.fromEntries(modes.map((m) => [m.mode, m.n])) as Record<string, number>,
  };
}
