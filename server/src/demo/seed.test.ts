import { isValidUscc, MANAGEMENT_MODES, ZFiveToOne } from '@rp/contract';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/db';
import { rows } from '../db/client';
import { auditLog, dwellings, fiveToOne, orgUnits } from '../db/schema';
import { ensureAdmin } from '../domains/accounts/accounts.service';
import { verifyAuditChain } from '../platform/audit';
import { buildDemoPlan, demoPassword } from './plan';
import { type SeedResult, seedDemo } from './seed';

let t: Awaited<ReturnType<typeof testApp>>;
let seeded: SeedResult | null;
let bureauCookie: string;

const ADMIN_PASSWORD = 'admin-password-for-test';
const ROLES = ['bureau', 'department', 'street', 'community', 'company', 'committee', 'volunteer', 'resident'];

async function login(username: string, password: string) {
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  const sid = r.cookies.find((c) => c.name === 'rp_session')?.value;
  return { r, cookie: sid ? `rp_session=${sid}` : '' };
}
const get = async (url: string, cookie = bureauCookie) => {
  const r = await t.app.inject({ method: 'GET', url, headers: { cookie } });
  if (r.statusCode !== 200) throw new Error(`GET ${url}: ${r.statusCode} ${r.body}`);
  return r.json();
};

beforeAll(async () => {
  t = await testApp();
  await ensureAdmin(t.db, ADMIN_PASSWORD); // as main.ts does before seeding
  const started = performance.now();
  seeded = await seedDemo(t.db);
  console.log(
    `seedDemo on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}: ${Math.round(performance.now() - started)} ms`,
  );
  bureauCookie = (await login('bureau', demoPassword('bureau'))).cookie;
});
afterAll(() => t?.close());

describe('demo city seeder', () => {
  it('returns one demo account per role except admin, with the demo password scheme', () => {
    expect(seeded).not.toBeNull();
    expect(seeded!.summary).toContain('示范市');
    expect(seeded!.accounts.map((a) => a.role).sort()).toEqual([...ROLES].sort());
    for (const a of seeded!.accounts) {
      expect(a.username).toBe(a.role);
      expect(a.password).toBe(`demo-${a.role}-2026`);
    }
  });

  it('R-02: one city with a development zone and more districts, ≥ 6 streets, ≥ 20 communities', async () => {
    const [root] = await get('/api/v1/org-units/tree');
    expect(root.name).toBe('示范市');
    expect(root.kind).toBe('city');
    expect(root.children.length).toBeGreaterThanOrEqual(3);
    const zone = root.children.find((c: { name: string }) => c.name === '经开区');
    expect(zone.isDevelopmentZone).toBe(true);
    expect(root.children.filter((c: { isDevelopmentZone: boolean }) => !c.isDevelopmentZone).length).toBeGreaterThan(1);
    expect((await get('/api/v1/org-units?kind=street')).length).toBeGreaterThanOrEqual(6);
    expect((await get('/api/v1/org-units?kind=community')).length).toBeGreaterThanOrEqual(20);
    expect(root.estateCount).toBeGreaterThanOrEqual(60);
  });

  it('R-02: paths chain parent ids and estates carry their community path', async () => {
    const [bad] = await rows<{ units: number; estates: number }>(
      t.db,
      sql`select
        (select count(*)::int from org_units u left join org_units p on p.id = u.parent_id
          where u.path <> coalesce(p.path, '/') || u.id::text || '/'
             or (u.parent_id is not null and p.id is null)) as units,
        (select count(*)::int from estates e left join org_units c on c.id = e.community_id
          where c.kind is distinct from 'community' or e.org_path <> c.path) as estates`,
    );
    expect(bad).toEqual({ units: 0, estates: 0 });
  });

  it('R-05: ≥ 60 estates of all four management modes, mostly company, each ending its history in its mode', async () => {
    const all = await get('/api/v1/estates?pageSize=1');
    expect(all.total).toBeGreaterThanOrEqual(60);
    const byMode: Record<string, number> = {};
    for (const m of MANAGEMENT_MODES) byMode[m] = (await get(`/api/v1/estates?managementMode=${m}&pageSize=1`)).total;
    for (const m of MANAGEMENT_MODES) expect(byMode[m], m).toBeGreaterThan(0);
    expect(byMode.company).toBeGreaterThan(all.total / 2);

    const [mismatch] = await rows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from estates e
          where (select h.mode from estate_mode_history h where h.estate_id = e.id order by h.created_at desc limit 1)
                is distinct from e.management_mode
             or (select h.company_id from estate_mode_history h where h.estate_id = e.id order by h.created_at desc limit 1)
                is distinct from e.company_id
             or (e.management_mode in ('company', 'state_takeover')) <> (e.company_id is not null)`,
    );
    expect(mismatch.n).toBe(0);

    const [xf] = (await get(`/api/v1/estates?q=${encodeURIComponent('幸福里小区')}`)).items;
    const detail = await get(`/api/v1/estates/${xf.id}`);
    expect(detail.managementMode).toBe('state_takeover');
    const modes = detail.modeHistory.map((h: { mode: string }) => h.mode);
    expect(modes.slice(-2)).toEqual(['none', 'state_takeover']);
    expect(detail.modeHistory.at(-1).companyName).toContain('国有物业');
  });

  it('R-03: ≥ 20,000 dwellings with exact areas, developer-held undelivered ones, multi-dwelling owners', async () => {
    const [{ n }] = await t.db.select({ n: count() }).from(dwellings);
    expect(n).toBeGreaterThanOrEqual(20_000);
    const [s] = await rows<Record<string, number>>(
      t.db,
      sql`select
        min(area_hundredths)::int as min_area, max(area_hundredths)::int as max_area,
        count(*) filter (where not delivered)::int as undelivered,
        count(*) filter (where not delivered and not exists (
          select 1 from dwelling_owners o join owners w on w.id = o.owner_id
          where o.dwelling_id = d.id and o.position = 0 and w.kind = 'developer'))::int as undelivered_not_developer,
        count(*) filter (where not exists (
          select 1 from dwelling_owners o where o.dwelling_id = d.id and o.position = 0))::int as without_owner,
        (select count(*)::int from estates e where (select count(*) from owners w where w.kind = 'developer'
           and w.id in (select o.owner_id from dwelling_owners o join dwellings x on x.id = o.dwelling_id where x.estate_id = e.id)
           ) > 1) as estates_with_two_developers,
        (select count(*)::int from owners where kind = 'developer') as developers,
        (select count(*)::int from estates) as estates,
        (select count(*)::int from owners where kind = 'organization') as organisations,
        (select count(*)::int from (select owner_id from dwelling_owners o join owners w on w.id = o.owner_id
           where w.kind = 'person' group by owner_id having count(*) = 2) x) as owning_two,
        (select count(*)::int from (select owner_id from dwelling_owners o join owners w on w.id = o.owner_id
           where w.kind = 'person' group by owner_id having count(*) = 3) x) as owning_three,
        (select count(*)::int from (select owner_id from dwelling_owners o join owners w on w.id = o.owner_id
           where w.kind = 'person' group by owner_id having count(*) > 3) x) as owning_more,
        (select count(*)::int from owners where kind = 'person' and phone !~ '^1[3-9][0-9]{9}$') as odd_phones
      from dwellings d`,
    );
    expect(s.min_area).toBeGreaterThanOrEqual(5_000);
    expect(s.max_area).toBeLessThanOrEqual(20_000);
    expect(s.undelivered).toBeGreaterThan(0);
    expect(s.undelivered_not_developer).toBe(0);
    expect(s.without_owner).toBe(0);
    expect(s.developers).toBe(s.estates);
    expect(s.estates_with_two_developers).toBe(0);
    expect(s.organisations).toBeGreaterThanOrEqual(3);
    expect(s.owning_two).toBeGreaterThan(0);
    expect(s.owning_three).toBeGreaterThan(0);
    expect(s.owning_more).toBe(0);
    expect(s.odd_phones).toBe(0);

    const [estate] = (await get(`/api/v1/estates?q=${encodeURIComponent('和谐苑')}`)).items;
    const detail = await get(`/api/v1/estates/${estate.id}`);
    expect(detail.dwellingCount).toBeGreaterThan(100);
    expect(detail.totalAreaM2).toMatch(/^\d+\.\d{2}$/);
    const page = await get(`/api/v1/estates/${estate.id}/dwellings?pageSize=5`);
    expect(page.items[0].areaM2).toMatch(/^\d{2,3}\.\d{2}$/);
    expect(page.items[0].owners.length).toBeGreaterThan(0);
  });

  it('R-04: ≥ 12 companies, every credit code valid, party status varied', async () => {
    const list = await get('/api/v1/companies?pageSize=200');
    expect(list.total).toBeGreaterThanOrEqual(12);
    for (const c of list.items) expect(isValidUscc(c.uscc), `${c.name} ${c.uscc}`).toBe(true);
    const statuses = new Set(list.items.map((c: { partyOrganization: string }) => c.partyOrganization));
    expect([...statuses].sort()).toEqual(['branch', 'instructor', 'joint_branch', 'none']);
    // Every company serves estates (read from the detail: the list's estateCount is not reliable yet, see report).
    for (const c of list.items)
      expect((await get(`/api/v1/companies/${c.id}`)).estates.length, c.name).toBeGreaterThan(0);
  });

  it('R-06: estate branches, company branches and community committees with members; coverage figures', async () => {
    for (const kind of ['estate_branch', 'company_branch', 'community_committee', 'industry_committee'])
      expect((await get(`/api/v1/party-orgs?kind=${kind}&pageSize=1`)).total, kind).toBeGreaterThan(0);
    const branches = await get('/api/v1/party-orgs?kind=estate_branch&pageSize=200');
    expect(branches.total).toBeGreaterThanOrEqual(30);
    for (const p of branches.items.slice(0, 10))
      expect((await get(`/api/v1/party-orgs/${p.id}/members`)).length, p.name).toBeGreaterThanOrEqual(3);
    const [{ short }] = await rows<{ short: number }>(
      t.db,
      sql`select count(*)::int as short from party_orgs p
          where (select count(*) from party_members m where m.party_org_id = p.id) < 3`,
    );
    expect(short).toBe(0);
    const committees = await get('/api/v1/party-orgs?kind=community_committee&pageSize=200');
    expect(committees.total).toBe((await get('/api/v1/org-units?kind=community')).length);
    const cov = await get('/api/v1/stats/party');
    expect(cov.estateCoverage).toBeGreaterThan(0.4);
    expect(cov.estateCoverage).toBeLessThan(1);
    expect(cov.companyCoverage).toBeGreaterThan(0.4);
    expect(cov.companyCoverage).toBeLessThan(1);
    expect(cov.members).toBeGreaterThan(100);
  });

  it('R-08: every community has a valid five-to-one record, shown on its page', async () => {
    const communities = await get('/api/v1/org-units?kind=community');
    const [{ n }] = await t.db.select({ n: count() }).from(fiveToOne);
    expect(n).toBe(communities.length);
    for (const c of communities) {
      const page = await get(`/api/v1/org-units/${c.id}`);
      expect(ZFiveToOne.safeParse(page.fiveToOne).success, c.name).toBe(true);
    }
  });

  it('district departments (城管, 民政, 市场监管 …) exist under every district', async () => {
    const deps = await get('/api/v1/departments');
    const districts = await get('/api/v1/org-units?kind=district');
    for (const d of districts) {
      const names = deps
        .filter((x: { orgUnitId: string }) => x.orgUnitId === d.id)
        .map((x: { name: string }) => x.name);
      expect(
        names.some((x: string) => x.includes('城市管理局')),
        d.name,
      ).toBe(true);
      expect(
        names.some((x: string) => x.includes('市场监督管理局')),
        d.name,
      ).toBe(true);
      expect(names.length).toBeGreaterThanOrEqual(5);
    }
  });

  it('SPEC §1: every demo account signs in, bound to its scope', async () => {
    for (const a of seeded!.accounts) {
      const { r } = await login(a.username, a.password);
      expect(r.statusCode, a.username).toBe(200);
      const { user } = r.json();
      expect(user.role).toBe(a.role);
      const scope = user.scope;
      const bound = {
        bureau: scope.orgUnitId,
        department: scope.orgUnitId && scope.departmentId,
        street: scope.orgUnitId,
        community: scope.orgUnitId,
        volunteer: scope.orgUnitId,
        company: scope.companyId,
        committee: scope.estateId,
        resident: scope.ownerId,
      }[a.role as 'bureau'];
      expect(bound, a.username).toBeTruthy();
    }
    // The seeder never creates or changes admin: the password ensureAdmin set still works.
    expect((await login('admin', ADMIN_PASSWORD)).r.statusCode).toBe(200);
  });

  it('the scopes line up: the street sees its communities, the company its estates, the committee its estate', async () => {
    const street = (await login('street', demoPassword('street'))).cookie;
    const streetEstates = await get('/api/v1/estates?pageSize=200', street);
    expect(streetEstates.total).toBeGreaterThan(0);
    expect(streetEstates.items.every((e: { streetName: string }) => e.streetName === '和平街道')).toBe(true);
    const company = (await login('company', demoPassword('company'))).cookie;
    const served = await get('/api/v1/estates?pageSize=200', company);
    expect(served.items.map((e: { name: string }) => e.name)).toContain('和谐苑');
    const committee = (await login('committee', demoPassword('committee'))).cookie;
    const own = await get('/api/v1/estates?pageSize=200', committee);
    expect(own.items.map((e: { name: string }) => e.name)).toEqual(['和谐苑']);
  });

  it('the resident sees their own dwellings', async () => {
    const { cookie } = await login('resident', demoPassword('resident'));
    const mine = await get('/api/v1/me/dwellings', cookie);
    expect(mine.length).toBeGreaterThan(0);
    const me = (await get('/api/v1/auth/me', cookie)).user;
    for (const d of mine) expect(d.owners.map((o: { id: string }) => o.id)).toContain(me.scope.ownerId);
  });

  it('seeds only once: a second call returns null and writes nothing', async () => {
    const [{ n: before }] = await t.db.select({ n: count() }).from(orgUnits);
    const [{ n: auditBefore }] = await t.db.select({ n: count() }).from(auditLog);
    expect(await seedDemo(t.db)).toBeNull();
    const [{ n: after }] = await t.db.select({ n: count() }).from(orgUnits);
    const [{ n: auditAfter }] = await t.db.select({ n: count() }).from(auditLog);
    expect(after).toBe(before);
    expect(auditAfter).toBe(auditBefore);
  });

  it('R-80: every seeded record is in the audit chain, and the chain verifies', async () => {
    const entries = await rows<{ entity: string; action: string; n: number }>(
      t.db,
      sql`select entity, action, count(*)::int as n from audit_log group by entity, action`,
    );
    const n = (entity: string, action = 'create') => entries.find((e) => e.entity === entity && e.action === action)?.n;
    const [{ units }] = await rows<{ units: number }>(t.db, sql`select count(*)::int as units from org_units`);
    expect(n('org_unit')).toBe(units);
    const [{ estates }] = await rows<{ estates: number }>(t.db, sql`select count(*)::int as estates from estates`);
    expect(n('estate')).toBe(estates);
    expect(n('estate', 'import')).toBe(estates);
    expect(n('demo', 'seed')).toBe(1);
    expect(n('account')).toBe(seeded!.accounts.length + 1); // and admin's
    const [seed] = await t.db.select().from(auditLog).where(eq(auditLog.entity, 'demo'));
    expect(seed.actorId).toBeNull();
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, firstBroken: null });
  });

  it('is deterministic: the same plan every time, whatever the ids', () => {
    let i = 0;
    const counter = () => `00000000-0000-4000-8000-${String(++i).padStart(12, '0')}`;
    const a = buildDemoPlan(counter);
    i = 0;
    const b = buildDemoPlan(counter);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = buildDemoPlan();
    const shape = (p: typeof a) => ({
      names: p.owners.map((o) => `${o.kind}:${o.name}:${o.phone}`),
      dwellings: p.dwellings.map((d) => `${d.building}-${d.unit}-${d.number}:${d.areaHundredths}:${d.delivered}`),
      uscc: p.companies.map((co) => co.uscc),
    });
    expect(shape(c)).toEqual(shape(a));
  });
});
