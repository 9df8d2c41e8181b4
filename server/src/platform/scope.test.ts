import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/db';
import { buildCity, type Caller, makeCaller } from '../../test/fixtures';

/**
 * SPEC R-01 scope matrix: every role × read, list and export of an out-of-scope estate (和谐苑 in 东城区) and its
 * dwellings and owners. Out-of-scope single reads answer 404; lists and exports never contain the records.
 */
let t: Awaited<ReturnType<typeof testApp>>;
let city: Awaited<ReturnType<typeof buildCity>>;
const callers: Record<string, Caller> = {};
let neighbourDwellingNumber = '';

async function xlsxText(buf: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value)))));
  return cells.join('|');
}

beforeAll(async () => {
  t = await testApp();
  city = await buildCity(t.app, t.db);
  const a = city.admin;
  const ownerIn = city.ok(await a.post('/api/v1/owners', { name: '居民甲', kind: 'person', phone: '13900000001' }));
  const neighbour = city.ok(await a.post('/api/v1/owners', { name: '邻居乙', kind: 'person', phone: '13900000002' }));
  const outsider = city.ok(await a.post('/api/v1/owners', { name: '外区丙', kind: 'person', phone: '13900000003' }));
  city.ok(
    await a.post(`/api/v1/estates/${city.estateA.id}/dwellings`, {
      building: '1',
      unit: '1',
      number: '101',
      areaM2: '88.00',
      delivered: true,
      ownerIds: [ownerIn.id],
    }),
  );
  const nd = city.ok(
    await a.post(`/api/v1/estates/${city.estateA.id}/dwellings`, {
      building: '1',
      unit: '1',
      number: '102',
      areaM2: '90.00',
      delivered: true,
      ownerIds: [neighbour.id],
    }),
  );
  neighbourDwellingNumber = nd.number;
  city.ok(
    await a.post(`/api/v1/estates/${city.estateB.id}/dwellings`, {
      building: '9',
      unit: '2',
      number: '909',
      areaM2: '120.00',
      delivered: true,
      ownerIds: [outsider.id],
    }),
  );
  const dept = city.ok(await a.post('/api/v1/departments', { name: '城管局', orgUnitId: city.zone.id }));
  callers.bureau = await makeCaller(t.app, t.db, 'bureau', { orgUnitId: city.zone.id });
  callers.department = await makeCaller(t.app, t.db, 'department', { orgUnitId: city.zone.id, departmentId: dept.id });
  callers.street = await makeCaller(t.app, t.db, 'street', { orgUnitId: city.streetA.id });
  callers.community = await makeCaller(t.app, t.db, 'community', { orgUnitId: city.commA1.id });
  callers.company = await makeCaller(t.app, t.db, 'company', { companyId: city.companyA.id });
  callers.committee = await makeCaller(t.app, t.db, 'committee', { estateId: city.estateA.id });
  callers.volunteer = await makeCaller(t.app, t.db, 'volunteer', { orgUnitId: city.commA1.id });
  callers.resident = await makeCaller(t.app, t.db, 'resident', { ownerId: ownerIn.id });
});
afterAll(() => t.close());

const ROLES = ['bureau', 'department', 'street', 'community', 'company', 'committee', 'volunteer', 'resident'];

describe('R-01 scope matrix', () => {
  for (const role of ROLES) {
    describe(role, () => {
      it('R-01: out-of-scope estate page and its dwellings answer 404', async () => {
        const c = callers[role];
        expect((await c.get(`/api/v1/estates/${city.estateB.id}`)).statusCode).toBe(404);
        expect((await c.get(`/api/v1/estates/${city.estateB.id}/dwellings`)).statusCode).toBe(404);
        expect((await c.get(`/api/v1/estates/${city.estateB.id}/dwellings?format=xlsx`)).statusCode).toBe(404);
        expect((await c.get(`/api/v1/org-units/${city.commB1.id}`)).statusCode).toBe(404);
      });

      it('R-01: out-of-scope estate is absent from lists, the tree and exports', async () => {
        const c = callers[role];
        const list = (await c.get('/api/v1/estates?pageSize=200')).json();
        expect(list.items.map((e: { id: string }) => e.id)).not.toContain(city.estateB.id);
        expect(list.items.length).toBe(list.total);
        const xlsx = await c.get('/api/v1/estates?format=xlsx');
        expect(xlsx.statusCode).toBe(200);
        const text = await xlsxText(xlsx.rawPayload);
        expect(text).not.toContain('和谐苑');
        expect(JSON.stringify((await c.get('/api/v1/org-units/tree')).json())).not.toContain('和谐社区');
        const units = await c.get('/api/v1/org-units?format=xlsx');
        expect(await xlsxText(units.rawPayload)).not.toContain('和谐社区');
      });

      it('R-01: out-of-scope owners never appear in owner lists or exports', async () => {
        const c = callers[role];
        const r = await c.get('/api/v1/owners?pageSize=200');
        if (r.statusCode === 403) return; // the role may not list owners at all
        expect(r.body).not.toContain('外区丙');
        const x = await c.get('/api/v1/owners?format=xlsx');
        expect(await xlsxText(x.rawPayload)).not.toContain('外区丙');
      });

      it('R-01: companies serving only out-of-scope estates are hidden (the bureau sees the whole company registry)', async () => {
        const c = callers[role];
        const names = (await c.get('/api/v1/companies?pageSize=200')).json().items.map((x: { name: string }) => x.name);
        if (role === 'bureau') expect(names).toContain(city.companyB.name);
        else expect(names).not.toContain(city.companyB.name);
      });
    });
  }

  it('R-01: a resident sees only own dwellings, not the neighbour in the same estate', async () => {
    const c = callers.resident;
    const page = (await c.get(`/api/v1/estates/${city.estateA.id}/dwellings?pageSize=200`)).json();
    expect(page.items.map((d: { number: string }) => d.number)).toEqual(['101']);
    const x = await xlsxText((await c.get(`/api/v1/estates/${city.estateA.id}/dwellings?format=xlsx`)).rawPayload);
    expect(x).not.toContain(neighbourDwellingNumber);
    expect(x).not.toContain('邻居乙');
    expect((await c.get('/api/v1/owners?pageSize=200')).body).not.toContain('邻居乙');
    const mine = (await c.get('/api/v1/me/dwellings')).json();
    expect(mine.map((d: { number: string }) => d.number)).toEqual(['101']);
  });

  it('R-01: a company sees addresses but not owners of the estates it serves', async () => {
    const page = (await callers.company.get(`/api/v1/estates/${city.estateA.id}/dwellings`)).json();
    expect(page.total).toBe(2);
    expect(page.items.every((d: { owners: unknown[] }) => d.owners.length === 0)).toBe(true);
  });

  it('R-01: a street sees its whole street and only it', async () => {
    const names = (await callers.street.get('/api/v1/estates'))
      .json()
      .items.map((e: { name: string }) => e.name)
      .sort();
    expect(names).toEqual(['光明小区', '幸福家园']);
  });

  it('R-01: writes outside scope are refused without changes', async () => {
    const r = await callers.street.post(`/api/v1/estates/${city.estateB.id}/dwellings`, {
      building: '1',
      number: '1',
      areaM2: '50',
      delivered: true,
    });
    expect(r.statusCode).toBe(404);
    const r2 = await callers.community.put(`/api/v1/org-units/${city.commB1.id}/five-to-one`, {
      districtLeader: { name: 'x' },
      liaisonUnit: { name: 'x' },
      unitPrincipal: { name: 'x' },
      streetContact: { name: 'x' },
      liaisonCadre: { name: 'x' },
    });
    expect(r2.statusCode).toBe(404);
    const count = (await city.admin.get(`/api/v1/estates/${city.estateB.id}`)).json().dwellingCount;
    expect(count).toBe(1);
  });
});
