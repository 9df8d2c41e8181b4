import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/db';
import { buildCity, type Caller, makeCaller, uscc } from '../../../test/fixtures';
import { allPages, auditRows, expectSortRejected, idsOnce } from '../../../test/sort';

let t: Awaited<ReturnType<typeof testApp>>;
let city: Awaited<ReturnType<typeof buildCity>>;
let streetA: Caller;
const ascIds = (list: { id: string }[]) => list.map((x) => x.id).sort();

beforeAll(async () => {
  t = await testApp();
  city = await buildCity(t.app, t.db);
  streetA = await makeCaller(t.app, t.db, 'street', { orgUnitId: city.streetA.id });
});
afterAll(() => t.close());

describe('registry lists: sort', () => {
  // Estates "排序" + a letter: the same prefix, then ASCII, so every collation orders them alike.
  const estates: { id: string; name: string; managementMode: string }[] = [];
  beforeAll(async () => {
    const spec = [
      ['排序C', city.commA1.id, 'self'],
      ['排序A', city.commA2.id, 'none'],
      ['排序B', city.commB1.id, 'self'],
      ['排序B', city.commA1.id, 'none'],
      ['排序B', city.commA2.id, 'self'],
      ['排序D', city.commB1.id, 'none'],
    ] as const;
    for (const [name, communityId, managementMode] of spec)
      estates.push(city.ok(await city.admin.post('/api/v1/estates', { name, communityId, managementMode })));
  });
  const sameB = () => ascIds(estates.filter((e) => e.name === '排序B'));

  it('estates sort by name ascending and descending; equal names keep id order across pages', async () => {
    const up = await allPages<{ id: string; name: string }>(city.admin, '/api/v1/estates?q=排序&sort=name');
    idsOnce(up);
    expect(up.map((e) => e.name)).toEqual(['排序A', '排序B', '排序B', '排序B', '排序C', '排序D']);
    expect(up.filter((e) => e.name === '排序B').map((e) => e.id)).toEqual(sameB());
    const down = await allPages<{ id: string; name: string }>(city.admin, '/api/v1/estates?q=排序&sort=-name');
    idsOnce(down);
    expect(down.map((e) => e.name)).toEqual(['排序D', '排序C', '排序B', '排序B', '排序B', '排序A']);
    // The tie-break stays ascending by id in both directions.
    expect(down.filter((e) => e.name === '排序B').map((e) => e.id)).toEqual(sameB());
  });

  it('estates sort by management mode, ties in id order, one page at a time', async () => {
    const up = await allPages<{ id: string; managementMode: string }>(
      city.admin,
      '/api/v1/estates?q=排序&sort=managementMode',
      1,
    );
    idsOnce(up);
    const none = ascIds(estates.filter((e) => e.managementMode === 'none'));
    const self = ascIds(estates.filter((e) => e.managementMode === 'self'));
    expect(up.map((e) => e.id)).toEqual([...none, ...self]);
    const down = await allPages<{ id: string }>(city.admin, '/api/v1/estates?q=排序&sort=-managementMode', 1);
    expect(down.map((e) => e.id)).toEqual([...self, ...none]);
  });

  it('estates without sort keep the default order (name, then id)', async () => {
    const plain = await allPages<{ id: string }>(city.admin, '/api/v1/estates?q=排序');
    const byName = await allPages<{ id: string }>(city.admin, '/api/v1/estates?q=排序&sort=name');
    expect(plain.map((e) => e.id)).toEqual(byName.map((e) => e.id));
  });

  it('a street account sorted estate list holds only its street rows', async () => {
    const list = await allPages<{ id: string; streetName: string }>(streetA, '/api/v1/estates?q=排序&sort=-name');
    expect(list.map((e) => e.streetName)).toEqual(list.map(() => '东风街道'));
    expect(list.map((e) => e.id).sort()).toEqual(
      ascIds(estates.filter((e) => e.name !== '排序D' && e.id !== estates[2].id)),
    );
  });

  it('the estate Excel export follows the same sort as the table', async () => {
    const r = await city.admin.get('/api/v1/estates?q=排序&sort=-name&format=xlsx');
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    const names: string[] = [];
    wb.worksheets[0].eachRow((row, i) => {
      if (i > 1) names.push(String(row.getCell(2).value));
    });
    const table = await allPages<{ name: string }>(city.admin, '/api/v1/estates?q=排序&sort=-name');
    expect(names).toEqual(table.map((e) => e.name));
  });

  it('an unknown or malformed sort field is a 400 naming sort, and nothing changes', async () => {
    const before = await auditRows(t.db);
    for (const url of [
      '/api/v1/estates?sort=orgPath',
      '/api/v1/estates?sort=--name',
      '/api/v1/estates?sort=name&format=xlsx&q=x&sort=',
      '/api/v1/org-units?sort=path',
      '/api/v1/companies?sort=staffCount',
      '/api/v1/owners?sort=scopePath',
      `/api/v1/estates/${city.estateA.id}/dwellings?sort=estateId`,
      '/api/v1/party-orgs?sort=companyId',
    ])
      expectSortRejected(await city.admin.get(url));
    expect(await auditRows(t.db)).toBe(before);
  });

  it('org units sort by name and kind, ties in id order', async () => {
    const up = (await city.admin.get(`/api/v1/org-units?parentId=${city.streetA.id}&sort=name`)).json();
    const down = (await city.admin.get(`/api/v1/org-units?parentId=${city.streetA.id}&sort=-name`)).json();
    expect(up.map((u: { name: string }) => u.name)).toEqual([...down.map((u: { name: string }) => u.name)].reverse());
    const byKind = (await city.admin.get('/api/v1/org-units?sort=kind')).json() as { id: string; kind: string }[];
    const kinds = byKind.map((u) => u.kind);
    expect(kinds).toEqual([...kinds].sort());
    for (const k of new Set(kinds)) {
      const ids = byKind.filter((u) => u.kind === k).map((u) => u.id);
      expect(ids).toEqual([...ids].sort());
    }
    const street = (await streetA.get('/api/v1/org-units?sort=-name')).json() as { id: string }[];
    expect(street.map((u) => u.id).sort()).toEqual([city.streetA.id, city.commA1.id, city.commA2.id].sort());
  });

  it('companies sort by name and by estate count, ties in id order', async () => {
    const made = [];
    for (const [i, name] of ['排序企业B', '排序企业A', '排序企业B'].entries())
      made.push(city.ok(await city.admin.post('/api/v1/companies', { name, uscc: uscc(`91370100MA3T000${i}`) })));
    city.ok(
      await city.admin.post('/api/v1/estates', {
        name: '企业小区',
        communityId: city.commA1.id,
        managementMode: 'company',
        companyId: made[1].id,
      }),
    );
    const up = await allPages<{ id: string; name: string }>(city.admin, '/api/v1/companies?q=排序企业&sort=name', 1);
    idsOnce(up);
    const bs = ascIds(made.filter((c) => c.name === '排序企业B'));
    expect(up.map((c) => c.id)).toEqual([made[1].id, ...bs]);
    const down = await allPages<{ id: string }>(city.admin, '/api/v1/companies?q=排序企业&sort=-name', 1);
    expect(down.map((c) => c.id)).toEqual([...bs, made[1].id]);
    const byCount = await allPages<{ id: string; estateCount: number }>(
      city.admin,
      '/api/v1/companies?q=排序企业&sort=-estateCount',
      1,
    );
    expect(byCount.map((c) => c.id)).toEqual([made[1].id, ...bs]);
    const fewest = await allPages<{ id: string }>(city.admin, '/api/v1/companies?q=排序企业&sort=estateCount', 1);
    expect(fewest.map((c) => c.id)).toEqual([...bs, made[1].id]);
  });

  it('owners sort by name and kind, ties in id order; a street sees only owners it may see', async () => {
    const made = [];
    for (const [name, kind] of [
      ['排序业主B', 'person'],
      ['排序业主A', 'developer'],
      ['排序业主B', 'organization'],
      ['排序业主B', 'person'],
    ] as const)
      made.push(city.ok(await city.admin.post('/api/v1/owners', { name, kind })));
    const up = await allPages<{ id: string; name: string }>(city.admin, '/api/v1/owners?q=排序业主&sort=name', 1);
    idsOnce(up);
    const bs = ascIds(made.filter((o) => o.name === '排序业主B'));
    expect(up.map((o) => o.id)).toEqual([made[1].id, ...bs]);
    const down = await allPages<{ id: string }>(city.admin, '/api/v1/owners?q=排序业主&sort=-name', 1);
    expect(down.map((o) => o.id)).toEqual([...bs, made[1].id]);
    const byKind = await allPages<{ id: string; kind: string }>(city.admin, '/api/v1/owners?q=排序业主&sort=-kind');
    expect(byKind.map((o) => o.id)).toEqual([
      ...ascIds(made.filter((o) => o.kind === 'person')),
      made[2].id,
      made[1].id,
    ]);
    // Owners registered by the admin sit outside the street's subtree until they hold a dwelling there.
    const mine = city.ok(await streetA.post('/api/v1/owners', { name: '排序业主C', kind: 'person' }));
    const street = await allPages<{ id: string }>(streetA, '/api/v1/owners?q=排序业主&sort=-name');
    expect(street.map((o) => o.id)).toEqual([mine.id]);
  });

  it('dwellings sort by building naturally, by area and by delivery, ties in id order', async () => {
    const estate = city.ok(
      await city.admin.post('/api/v1/estates', {
        name: '房屋排序',
        communityId: city.commA1.id,
        managementMode: 'self',
      }),
    );
    const made = [];
    for (const [building, number, areaM2, delivered] of [
      ['10', '101', '90.00', true],
      ['2', '102', '80.00', false],
      ['2', '101', '90.00', true],
      ['1', '101', '70.50', false],
    ] as const)
      made.push(
        city.ok(
          await city.admin.post(`/api/v1/estates/${estate.id}/dwellings`, {
            building,
            unit: '1',
            number,
            areaM2,
            delivered,
            ownerIds: [],
          }),
        ),
      );
    const url = `/api/v1/estates/${estate.id}/dwellings`;
    const [b10, b2n102, b2n101, b1] = made.map((d) => d.id);
    const up = await allPages<{ id: string }>(city.admin, `${url}?sort=building`, 1);
    expect(up.map((d) => d.id)).toEqual([b1, b2n101, b2n102, b10]);
    const down = await allPages<{ id: string }>(city.admin, `${url}?sort=-building`, 1);
    expect(down.map((d) => d.id)).toEqual([b10, b2n102, b2n101, b1]);
    const byArea = await allPages<{ id: string }>(city.admin, `${url}?sort=-areaM2`, 1);
    expect(byArea.map((d) => d.id)).toEqual([...[b10, b2n101].sort(), b2n102, b1]);
    const byDelivery = await allPages<{ id: string }>(city.admin, `${url}?sort=delivered`, 1);
    expect(byDelivery.map((d) => d.id)).toEqual([...[b2n102, b1].sort(), ...[b10, b2n101].sort()]);
    // Another street's account cannot list them, sorted or not.
    const streetB = await makeCaller(t.app, t.db, 'street', { orgUnitId: city.streetB.id });
    expect((await streetB.get(`${url}?sort=building`)).statusCode).toBe(404);
  });

  it('party organisations sort by name and member count, ties in id order; scope applies', async () => {
    const made = [];
    for (const [name, orgUnitId] of [
      ['排序党委B', city.commA1.id],
      ['排序党委A', city.commB1.id],
      ['排序党委B', city.commA2.id],
    ] as const)
      made.push(city.ok(await city.admin.post('/api/v1/party-orgs', { name, kind: 'community_committee', orgUnitId })));
    city.ok(await city.admin.post(`/api/v1/party-orgs/${made[2].id}/members`, { name: '党员甲' }));
    const q = '/api/v1/party-orgs?kind=community_committee';
    const up = await allPages<{ id: string }>(city.admin, `${q}&sort=name`, 1);
    idsOnce(up);
    const bs = [made[0].id, made[2].id].sort();
    expect(up.map((p) => p.id)).toEqual([made[1].id, ...bs]);
    const down = await allPages<{ id: string }>(city.admin, `${q}&sort=-name`, 1);
    expect(down.map((p) => p.id)).toEqual([...bs, made[1].id]);
    const byMembers = await allPages<{ id: string }>(city.admin, `${q}&sort=-memberCount`, 1);
    expect(byMembers.map((p) => p.id)).toEqual([made[2].id, ...[made[0].id, made[1].id].sort()]);
    const street = await allPages<{ id: string }>(streetA, `${q}&sort=-name`);
    expect(street.map((p) => p.id)).toEqual(bs);
  });
});
