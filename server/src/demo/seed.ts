import { randomUUID } from 'node:crypto';
import { count, eq, sql } from 'drizzle-orm';
import { loadConfig } from '../config';
import { type Db, rows } from '../db/client';
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
import { toActor } from '../platform/auth';
import { loadCalendar } from '../platform/calendar';
import { type Ctx, inTx, systemCtx } from '../platform/context';
import { hashPassword } from '../platform/password';
import { insertChunked, insertUnnest } from './bulk';
import { type DisclosureSeedResult, seedDisclosure } from './disclosure';
import { type GovernanceSeedResult, seedGovernance } from './governance';
import { type IssueSeedResult, seedIssues } from './issues';
import { buildLookup } from './lookup';
import { buildExtraAccounts } from './people';
import { buildDemoPlan, DEMO_SEED, type DemoPlan } from './plan';

export interface SeedResult {
  summary: string;
  accounts: { username: string; password: string; role: string; scope: string }[];
}

// Serialises seeding across processes started at the same time on one PostgreSQL database.
const SEED_LOCK = 4_242_043;
const AUDIT_CHUNK = 500;

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

export interface SeedOptions {
  /** The seeding time: the issues and meetings are laid out over the months before it (default: now). */
  now?: Date;
  /** Time zone of deadlines (default: RP_TIME_ZONE or Asia/Shanghai, as the server). */
  timeZone?: string;
}

/** What the issue and governance seeding wrote, for the summary and the tests. */
export interface SeedDetail {
  issues: IssueSeedResult | null;
  governance: GovernanceSeedResult | null;
  disclosure: DisclosureSeedResult | null;
  extraAccounts: number;
  ms: Record<string, number>;
}

/** The last seeding's detail (for the tests and the report). */
export let lastSeedDetail: SeedDetail | null = null;

/**
 * Seeds the demo city (示范市) on a database without org units; returns null when data already exists.
 * Everything is written in one transaction with bulk inserts and recorded in the audit chain (SPEC R-80): the
 * registry, the demo accounts and the staff and resident accounts behind the history, the committees and owners'
 * meetings, six months of issues, and a year of property fees with the three publics (see issues.ts, governance.ts and
 * disclosure.ts).
 */
export async function seedDemo(db: Db, opts: SeedOptions = {}): Promise<SeedResult | null> {
  const [{ n }] = await db.select({ n: count() }).from(orgUnits);
  if (Number(n) > 0) return null;
  const started = performance.now();
  const now = (opts.now ?? new Date()).getTime();
  const timeZone = opts.timeZone ?? loadConfig().timeZone;
  const plan = buildDemoPlan();
  const lk = buildLookup(plan);
  const extra = buildExtraAccounts(plan, lk, randomUUID, DEMO_SEED + 1);
  // Hash outside the transaction: scrypt is slow and runs on the thread pool. The accounts behind the history share
  // their role's demo password, and so its hash.
  const hashes = await Promise.all(plan.accounts.map((a) => hashPassword(a.password)));
  const roleHash = new Map(plan.accounts.map((a, i) => [a.role, hashes[i]]));
  const ms: Record<string, number> = {};
  const lap = (k: string, t0: number) => {
    ms[k] = Math.round(performance.now() - t0);
    return performance.now();
  };

  const written = await inTx(
    systemCtx(db, () => new Date(now)),
    async (c: Ctx) => {
      let t0 = performance.now();
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
      // Demo accounts; a username already in use (other than by this seeding) is left alone. The accounts behind the
      // history take another name instead.
      const fresh = plan.accounts.filter((a) => !taken.has(a.username));
      const others = extra.accounts.map((a) => (taken.has(a.username) ? { ...a, username: `${a.username}-demo` } : a));
      const accountRows: (typeof accounts.$inferSelect)[] = [];
      const all = [...fresh, ...others];
      for (let i = 0; i < all.length; i += 1000)
        accountRows.push(
          ...(await c.db
            .insert(accounts)
            .values(
              all.slice(i, i + 1000).map((a) => ({
                id: a.id,
                username: a.username,
                displayName: a.displayName,
                passwordHash: roleHash.get(a.role)!,
                role: a.role,
                orgUnitId: a.orgUnitId ?? null,
                companyId: a.companyId ?? null,
                estateId: a.estateId ?? null,
                ownerId: a.ownerId ?? null,
                departmentId: a.departmentId ?? null,
              })),
            )
            .returning()),
        );
      const entries = auditEntries(plan, accountRows);
      for (let i = 0; i < entries.length; i += AUDIT_CHUNK) await audit(c, ...entries.slice(i, i + AUDIT_CHUNK));
      t0 = lap('registry', t0);

      // Committees, meetings and issues act through the demo accounts; without all of them (a username was taken
      // before seeding) the city is seeded without them.
      let issuesOut: IssueSeedResult | null = null;
      let governanceOut: GovernanceSeedResult | null = null;
      let disclosureOut: DisclosureSeedResult | null = null;
      if (fresh.length === plan.accounts.length) {
        const list = await c.db
          .select({ a: accounts, path: orgUnits.path })
          .from(accounts)
          .leftJoin(orgUnits, eq(orgUnits.id, accounts.orgUnitId));
        const actors = new Map(list.map((r) => [r.a.id, toActor(r.a, r.path)]));
        const calendar = await loadCalendar(c.db, timeZone);
        governanceOut = await seedGovernance(c, lk, extra.directory, actors, { now, seed: DEMO_SEED + 2, calendar });
        t0 = lap('governance', t0);
        issuesOut = await seedIssues(c, lk, extra.directory, actors, { now, timeZone, seed: DEMO_SEED + 3, calendar });
        t0 = lap('issues', t0);
        disclosureOut = await seedDisclosure(c, lk, extra.directory, actors, { now, timeZone, seed: DEMO_SEED + 4 });
        t0 = lap('disclosure', t0);
        // The history's text messages went out at the time (the outbox must not send them again, to numbers that are
        // made up); notifications older than three days have been read.
        const sms = await rows<{ n: number }>(
          c.db,
          sql`with u as (update sms_outbox set sent_at = created_at where sent_at is null returning 1) select count(*)::int as n from u`,
        );
        const read = await rows<{ n: number }>(
          c.db,
          sql`with u as (update notifications set read_at = created_at + interval '3 hours'
              where read_at is null and created_at < ${new Date(now - 3 * 86_400_000)} returning 1)
            select count(*)::int as n from u`,
        );
        await audit(
          c,
          { action: 'update', entity: 'sms_outbox', after: { source: 'demo', markedSent: sms[0].n } },
          { action: 'update', entity: 'notification', after: { source: 'demo', markedRead: read[0].n } },
        );
      }
      await audit(c, {
        action: 'seed',
        entity: 'demo',
        entityId: null,
        after: {
          ...countsOf(plan),
          accounts: accountRows.length,
          issues: issuesOut?.total ?? 0,
          committees: governanceOut?.byStage ?? null,
        },
      });
      lastSeedDetail = {
        issues: issuesOut,
        governance: governanceOut,
        disclosure: disclosureOut,
        extraAccounts: others.length,
        ms,
      };
      return {
        demo: fresh,
        others: others.length,
        issues: issuesOut,
        governance: governanceOut,
        disclosure: disclosureOut,
      };
    },
  );
  if (!written) return null;
  ms.total = Math.round(performance.now() - started);

  const k = countsOf(plan);
  const g = written.governance;
  const i = written.issues;
  const summary =
    `示范市 — ${k.districts} districts (incl. 经开区), ${k.streets} streets, ${k.communities} communities, ` +
    `${k.estates} estates, ${k.dwellings} dwellings, ${k.owners} owners, ${k.companies} companies, ` +
    `${k.partyOrgs} party organisations (${k.partyMembers} members)` +
    (i ? `, ${i.total} issues over six months` : '') +
    (g ? `, owners' committees in ${g.established} of ${g.required} required estates, 2 owners' meetings` : '') +
    (written.disclosure
      ? `, property fees billed in ${written.disclosure.estates} estates (${written.disclosure.bills} bills, ` +
        `${written.disclosure.payments} payments) with their three publics`
      : '') +
    (written.demo.length
      ? `; demo accounts (demo only): ${written.demo.map((a) => `${a.username}/${a.password}`).join(', ')}` +
        (written.others ? ` (and ${written.others} staff and resident accounts behind the history, same scheme)` : '')
      : '');
  return {
    summary,
    accounts: written.demo.map((a) => ({
      username: a.username,
      password: a.password,
      role: a.role,
      scope: a.scopeLabel,
    })),
  };
}
