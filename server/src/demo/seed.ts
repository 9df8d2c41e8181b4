import { count, getTableColumns, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';
import {
  accounts,
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
} from '../db/schema';
import { presentUser } from '../domains/accounts/accounts.service';
import { type AuditInput, audit } from '../platform/audit';
import { type Ctx, inTx, systemCtx } from '../platform/context';
import { hashPassword } from '../platform/password';
import { buildDemoPlan, type DemoPlan } from './plan';

export interface SeedResult {
  summary: string;
  accounts: { username: string; password: string; role: string; scope: string }[];
}

// Serialises seeding across processes started at the same time on one PostgreSQL database.
const SEED_LOCK = 4_242_043;
// PostgreSQL takes at most 65,535 bind parameters per statement; stay well below, and at most 1000 rows.
const MAX_PARAMS = 30_000;
const AUDIT_CHUNK = 500;

const CHUNK_ROWS = 1000;

/** Multi-row inserts (VALUES lists) in chunks of at most 1000 rows and MAX_PARAMS parameters; for the small tables. */
async function insertChunked<T extends Record<string, unknown>>(db: Db, table: PgTable, list: T[]) {
  if (!list.length) return;
  const columns = Object.keys(getTableColumns(table)).length;
  const size = Math.max(1, Math.min(CHUNK_ROWS, Math.floor(MAX_PARAMS / columns)));
  for (let i = 0; i < list.length; i += size) await db.insert(table).values(list.slice(i, i + size) as never);
}

/**
 * Bulk inserts for the big tables, 1000 rows a statement as `insert … select * from unnest($1::uuid[], …)`: one array
 * parameter per column instead of one parameter per value, which PGlite parses and binds about five times faster.
 * Only for columns of scalar types (no jsonb, no timestamps).
 */
async function insertUnnest<T extends Record<string, unknown>>(db: Db, table: PgTable, list: T[]) {
  if (!list.length) return;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keys = [...new Set(list.flatMap((r) => Object.keys(r)))];
  const names = sql.join(
    keys.map((k) => sql.identifier(columns[k].name)),
    sql`, `,
  );
  for (let i = 0; i < list.length; i += CHUNK_ROWS) {
    const chunk = list.slice(i, i + CHUNK_ROWS);
    const arrays = keys.map(
      (k) => sql`${sql.param(chunk.map((r) => r[k] ?? null))}::${sql.raw(columns[k].getSQLType())}[]`,
    );
    await db.execute(sql`insert into ${table} (${names}) select * from unnest(${sql.join(arrays, sql`, `)})`);
  }
}

/** The audit entries of a seeding: one per structural record, one per estate for its dwellings and owners. */
function auditEntries(plan: DemoPlan, accountRows: (typeof accounts.$inferSelect)[]): AuditInput[] {
  const out: AuditInput[] = [];
  for (const u of plan.orgUnits)
    out.push({
      action: 'create',
      entity: 'org_unit',
      entityId: u.id,
      after: { id: u.id, name: u.name, kind: u.kind, parentId: u.parentId, isDevelopmentZone: u.isDevelopmentZone },
    });
  for (const d of plan.departments) out.push({ action: 'create', entity: 'department', entityId: d.id, after: d });
  for (const c of plan.companies) out.push({ action: 'create', entity: 'company', entityId: c.id, after: c });
  const historyOf = new Map<string, typeof plan.history>();
  for (const h of plan.history) historyOf.set(h.estateId, [...(historyOf.get(h.estateId) ?? []), h]);
  for (const e of plan.estates)
    out.push({
      action: 'create',
      entity: 'estate',
      entityId: e.id,
      after: {
        ...e,
        modeHistory: (historyOf.get(e.id!) ?? []).map((h) => ({
          mode: h.mode,
          companyId: h.companyId,
          fromDate: h.fromDate,
          contractEndsOn: h.contractEndsOn,
          note: h.note,
        })),
      },
    });
  for (const f of plan.fiveToOne)
    out.push({ action: 'create', entity: 'five_to_one', entityId: f.communityId, after: f.contacts });
  // Same shape as a dwellings import (registry.import.ts): counts, and the ids when the batch is small.
  for (const b of plan.batches)
    out.push({
      action: 'import',
      entity: 'estate',
      entityId: b.estateId,
      after: {
        source: 'demo',
        dwellings: b.dwellingIds.length,
        owners: b.ownerIds.length,
        dwellingIds: b.dwellingIds.length <= 1000 ? b.dwellingIds : undefined,
      },
    });
  for (const p of plan.partyOrgs) out.push({ action: 'create', entity: 'party_org', entityId: p.id, after: p });
  for (const m of plan.partyMembers) out.push({ action: 'create', entity: 'party_member', entityId: m.id, after: m });
  for (const a of accountRows) out.push({ action: 'create', entity: 'account', entityId: a.id, after: presentUser(a) });
  return out;
}

/** Counts for the summary line. */
function countsOf(plan: DemoPlan) {
  const kinds = (k: string) => plan.orgUnits.filter((u) => u.kind === k).length;
  return {
    districts: kinds('district'),
    streets: kinds('street'),
    communities: kinds('community'),
    estates: plan.estates.length,
    dwellings: plan.dwellings.length,
    owners: plan.owners.length,
    companies: plan.companies.length,
    partyOrgs: plan.partyOrgs.length,
    partyMembers: plan.partyMembers.length,
    departments: plan.departments.length,
  };
}

/**
 * Seeds the demo city (示范市) on a database without org units; returns null when data already exists.
 * Everything is written in one transaction with bulk inserts and recorded in the audit chain (SPEC R-80).
 */
export async function seedDemo(db: Db): Promise<SeedResult | null> {
  const [{ n }] = await db.select({ n: count() }).from(orgUnits);
  if (Number(n) > 0) return null;
  const plan = buildDemoPlan();
  // Hash outside the transaction: scrypt is slow and runs on the thread pool.
  const hashes = await Promise.all(plan.accounts.map((a) => hashPassword(a.password)));

  const written = await inTx(systemCtx(db), async (c: Ctx) => {
    await c.db.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    const [{ n: again }] = await c.db.select({ n: count() }).from(orgUnits);
    if (Number(again) > 0) return null;
    const taken = new Set((await c.db.select({ username: accounts.username }).from(accounts)).map((a) => a.username));
    await insertChunked(c.db, orgUnits, plan.orgUnits);
    await insertChunked(c.db, departments, plan.departments);
    await insertChunked(c.db, companies, plan.companies);
    await insertChunked(c.db, estates, plan.estates);
    // Distinct, increasing creation times just before now: the history reads in order, and later changes sort after.
    const base = Date.now() - plan.history.length;
    await insertChunked(
      c.db,
      estateModeHistory,
      plan.history.map((h, i) => ({ ...h, createdAt: new Date(base + i) })),
    );
    await insertUnnest(c.db, owners, plan.owners);
    await insertUnnest(c.db, dwellings, plan.dwellings);
    await insertUnnest(c.db, dwellingOwners, plan.links);
    await insertChunked(c.db, partyOrgs, plan.partyOrgs);
    await insertUnnest(c.db, partyMembers, plan.partyMembers);
    await insertChunked(
      c.db,
      fiveToOne,
      plan.fiveToOne.map((f) => ({ communityId: f.communityId, contacts: f.contacts })),
    );
    // Demo accounts; a username already in use (other than by this seeding) is left alone.
    const fresh = plan.accounts.map((a, i) => ({ a, hash: hashes[i] })).filter(({ a }) => !taken.has(a.username));
    const accountRows = fresh.length
      ? await c.db
          .insert(accounts)
          .values(
            fresh.map(({ a, hash }) => ({
              id: a.id,
              username: a.username,
              displayName: a.displayName,
              passwordHash: hash,
              role: a.role,
              orgUnitId: a.orgUnitId ?? null,
              companyId: a.companyId ?? null,
              estateId: a.estateId ?? null,
              ownerId: a.ownerId ?? null,
              departmentId: a.departmentId ?? null,
            })),
          )
          .returning()
      : [];
    const entries = auditEntries(plan, accountRows);
    entries.push({ action: 'seed', entity: 'demo', entityId: null, after: countsOf(plan) });
    for (let i = 0; i < entries.length; i += AUDIT_CHUNK) await audit(c, ...entries.slice(i, i + AUDIT_CHUNK));
    return fresh.map(({ a }) => a);
  });
  if (!written) return null;

  const k = countsOf(plan);
  const summary =
    `示范市 — ${k.districts} districts (incl. 经开区), ${k.streets} streets, ${k.communities} communities, ` +
    `${k.estates} estates, ${k.dwellings} dwellings, ${k.owners} owners, ${k.companies} companies, ` +
    `${k.partyOrgs} party organisations (${k.partyMembers} members)` +
    (written.length
      ? `; demo accounts (demo only): ${written.map((a) => `${a.username}/${a.password}`).join(', ')}`
      : '');
  return {
    summary,
    accounts: written.map((a) => ({ username: a.username, password: a.password, role: a.role, scope: a.scopeLabel })),
  };
}
