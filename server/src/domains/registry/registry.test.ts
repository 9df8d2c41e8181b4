import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/db';
import { buildCity, makeCaller, type Res } from '../../../test/fixtures';

let t: Awaited<ReturnType<typeof testApp>>;
let city: Awaited<ReturnType<typeof buildCity>>;

beforeAll(async () => {
  t = await testApp();
  city = await buildCity(t.app, t.db);
});
afterAll(() => t.close());

const body = (r: Res) => r.json();

describe('registry', () => {
  it('health reports the database kind', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok', db: process.env.DATABASE_URL ? 'postgres' : 'pglite' });
  });

  it('R-02: a kind must sit under the kind above it', async () => {
    const r = await city.admin.post('/api/v1/org-units', {
      name: '错层社区',
      kind: 'community',
      parentId: city.zone.id,
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(body(r).errors[0].path).toBe('parentId');
  });

  it('R-02: the tree nests city → district → street → community with estate counts', async () => {
    const r = await city.admin.get('/api/v1/org-units/tree');
    expect(r.statusCode).toBe(200);
    const [root] = body(r);
    expect(root.name).toBe('示范市');
    expect(root.estateCount).toBe(3);
    const zone = root.children.find((c: { name: string }) => c.name === '经开区');
    expect(zone.isDevelopmentZone).toBe(true);
    expect(zone.children[0].children.map((c: { name: string }) => c.name).sort()).toEqual(['光明社区', '幸福社区']);
  });

  it('R-04: a wrong credit-code check character is refused with the field named', async () => {
    const good = city.companyA.uscc as string;
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r = await city.admin.post('/api/v1/companies', { name: '错码物业', uscc: bad });
    expect(r.statusCode).toBe(400);
    expect(body(r).errors).toEqual([{ path: 'uscc', message: expect.stringContaining('统一社会信用代码') }]);
  });

  it('R-82: every bad field is listed, in English when asked, and nothing is created', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: { authorization: `Bearer ${city.admin.token}`, 'accept-language': 'en-US,en;q=0.9' },
      payload: { name: '', uscc: 'x' },
    });
    expect(r.statusCode).toBe(400);
    const paths = body(r)
      .errors.map((e: { path: string }) => e.path)
      .sort();
    expect(paths).toEqual(['name', 'uscc']);
    expect(body(r).title).toBe('Invalid input');
    const list = await city.admin.get('/api/v1/companies?pageSize=200');
    expect(body(list).total).toBe(2);
  });

  it('R-03: dwellings keep exact areas and owners of record', async () => {
    const owner = body(await city.admin.post('/api/v1/owners', { name: '张三', kind: 'person', phone: '13800001234' }));
    const r = await city.admin.post(`/api/v1/estates/${city.estateA.id}/dwellings`, {
      building: '1',
      unit: '1',
      number: '101',
      areaM2: '89.5',
      delivered: true,
      ownerIds: [owner.id],
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(body(r).areaM2).toBe('89.50');
    expect(body(r).owners[0].name).toBe('张三');
    const dup = await city.admin.post(`/api/v1/estates/${city.estateA.id}/dwellings`, {
      building: '1',
      unit: '1',
      number: '101',
      areaM2: '90',
      delivered: true,
    });
    expect(dup.statusCode).toBe(409);
    const e = body(await city.admin.get(`/api/v1/estates/${city.estateA.id}`));
    expect(e).toMatchObject({ dwellingCount: 1, deliveredCount: 1, totalAreaM2: '89.50', ownerCount: 1 });
    expect(e.breadcrumb.map((b: { name: string }) => b.name)).toEqual(['示范市', '经开区', '东风街道', '幸福社区']);
  });

  it('R-05: changing the management mode appends to its history', async () => {
    const r = await city.admin.put(`/api/v1/estates/${city.estateA2.id}/management`, {
      managementMode: 'state_takeover',
      companyId: city.companyB.id,
      fromDate: '2026-06-01',
      note: '国有物业托管',
    });
    expect(r.statusCode).toBe(200);
    expect(body(r).modeHistory.map((h: { mode: string }) => h.mode)).toEqual(['none', 'state_takeover']);
    const again = await city.admin.put(`/api/v1/estates/${city.estateA2.id}/management`, {
      managementMode: 'state_takeover',
      companyId: city.companyB.id,
      fromDate: '2026-07-01',
    });
    expect(again.statusCode).toBe(409);
  });

  it('R-01: a street account sees only its street', async () => {
    const street = await makeCaller(t.app, t.db, 'street', { orgUnitId: city.streetB.id });
    const list = body(await street.get('/api/v1/estates'));
    expect(list.items.map((e: { name: string }) => e.name)).toEqual(['和谐苑']);
    expect((await street.get(`/api/v1/estates/${city.estateA.id}`)).statusCode).toBe(404);
    const tree = body(await street.get('/api/v1/org-units/tree'));
    expect(tree.map((n: { name: string }) => n.name)).toEqual(['和平街道']);
  });

  it('R-04, R-06: company and party lists count what belongs to each row', async () => {
    const companies = body(await city.admin.get('/api/v1/companies?pageSize=200')).items;
    const counts = Object.fromEntries(
      companies.map((c: { name: string; estateCount: number }) => [c.name, c.estateCount]),
    );
    // 红星 serves 幸福家园; 安居 serves 和谐苑 and, after the takeover above, 光明小区.
    expect(counts).toEqual({ [city.companyA.name]: 1, [city.companyB.name]: 2 });
    const branch = body(
      await city.admin.post('/api/v1/party-orgs', {
        name: '幸福家园党支部',
        kind: 'estate_branch',
        estateId: city.estateA.id,
      }),
    );
    await city.admin.post(`/api/v1/party-orgs/${branch.id}/members`, { name: '党员甲' });
    await city.admin.post(`/api/v1/party-orgs/${branch.id}/members`, { name: '党员乙' });
    const orgs = body(await city.admin.get('/api/v1/party-orgs')).items;
    expect(orgs.find((o: { id: string }) => o.id === branch.id).memberCount).toBe(2);
    expect(body(await city.admin.get(`/api/v1/estates/${city.estateA.id}`)).partyBranch).toMatchObject({
      name: '幸福家园党支部',
      memberCount: 2,
    });
    const coverage = body(await city.admin.get('/api/v1/stats/party'));
    expect(coverage).toMatchObject({ estates: 3, estatesWithBranch: 1, members: 2 });
  });

  it('R-70: registry figures for a scope count estates, dwellings, area and modes', async () => {
    const s = body(await city.admin.get(`/api/v1/stats/registry?orgUnitId=${city.zone.id}`));
    expect(s).toMatchObject({
      estates: 2,
      dwellings: 1,
      delivered: 1,
      totalAreaM2: '89.50',
      byMode: { company: 1, state_takeover: 1 },
    });
  });
});
