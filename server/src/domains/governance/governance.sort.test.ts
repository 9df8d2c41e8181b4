import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/db';
import { buildCity, type Caller, makeCaller } from '../../../test/fixtures';
import { auditRows, expectSortRejected, idsOnce } from '../../../test/sort';

let t: Awaited<ReturnType<typeof testApp>>;
let city: Awaited<ReturnType<typeof buildCity>>;
let streetA: Caller;
const made: { id: string; name: string; dwellings: number }[] = [];

beforeAll(async () => {
  t = await testApp({ now: () => new Date('2026-12-01T10:00:00+08:00') });
  city = await buildCity(t.app, t.db);
  streetA = await makeCaller(t.app, t.db, 'street', { orgUnitId: city.streetA.id });
  // "排序" + a letter: one prefix, then ASCII, ordered alike by every collation.
  for (const [name, communityId, n] of [
    ['排序B', city.commA1.id, 2],
    ['排序A', city.commB1.id, 1],
    ['排序B', city.commA2.id, 3],
    ['排序B', city.commB1.id, 2],
  ] as const) {
    const e = city.ok(await city.admin.post('/api/v1/estates', { name, communityId, managementMode: 'self' }));
    for (let i = 1; i <= n; i++)
      city.ok(
        await city.admin.post(`/api/v1/estates/${e.id}/dwellings`, {
          building: '1',
          number: String(i),
          areaM2: '90.00',
          delivered: true,
        }),
      );
    made.push({ id: e.id, name, dwellings: n });
  }
});
afterAll(() => t.close());

type Row = { estateId: string; name: string; dwellings: number; streetName: string };
const ledger = async (by: Caller, sort: string) => {
  const r = await by.get(`/api/v1/committees?sort=${sort}`);
  expect(r.statusCode, r.body).toBe(200);
  return (r.json().estates as Row[]).filter((e) => e.name.startsWith('排序'));
};
const ids = (list: { id: string }[]) => list.map((x) => x.id).sort();

describe('committee ledger: sort', () => {
  it('sorts by estate name ascending and descending; equal names keep id order', async () => {
    const bs = ids(made.filter((e) => e.name === '排序B'));
    const up = await ledger(city.admin, 'name');
    idsOnce(up);
    expect(up.map((e) => e.estateId)).toEqual([made[1].id, ...bs]);
    const down = await ledger(city.admin, '-name');
    expect(down.map((e) => e.estateId)).toEqual([...bs, made[1].id]);
  });

  it('sorts by dwellings, ties in id order', async () => {
    const down = await ledger(city.admin, '-dwellings');
    expect(down.map((e) => e.estateId)).toEqual([made[2].id, ...ids([made[0], made[3]]), made[1].id]);
    const up = await ledger(city.admin, 'dwellings');
    expect(up.map((e) => e.estateId)).toEqual([made[1].id, ...ids([made[0], made[3]]), made[2].id]);
  });

  it('without sort keeps the default order (street, then estate name)', async () => {
    const r = (await city.admin.get('/api/v1/committees')).json().estates as Row[];
    const key = r.map((e) => `${e.streetName}|${e.name}`);
    expect(key).toEqual([...key].sort((a, b) => a.localeCompare(b, 'zh')));
  });

  it('a street account sorted ledger holds only its street rows', async () => {
    const r = (await streetA.get('/api/v1/committees?sort=-name')).json().estates as Row[];
    expect(new Set(r.map((e) => e.streetName))).toEqual(new Set(['东风街道']));
    expect(r.filter((e) => e.name.startsWith('排序')).map((e) => e.estateId)).toEqual(ids([made[0], made[2]]));
  });

  it('the ledger export follows the same sort', async () => {
    const r = await city.admin.get('/api/v1/committees?sort=-dwellings&format=xlsx');
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    const names: string[] = [];
    wb.worksheets[0].eachRow((row, i) => {
      if (i > 1) names.push(String(row.getCell(4).value));
    });
    const table = (await city.admin.get('/api/v1/committees?sort=-dwellings')).json().estates as Row[];
    expect(names).toEqual(table.map((e) => e.name));
  });
});

describe('meetings: sort', () => {
  const meetings: { id: string; title: string; opensAt: string }[] = [];
  beforeAll(async () => {
    for (const [title, day] of [
      ['B会议', '05'],
      ['A会议', '03'],
      ['B会议', '03'],
    ] as const)
      meetings.push(
        city.ok(
          await city.admin.post(`/api/v1/estates/${made[0].id}/meetings`, {
            title,
            opensAt: `2026-12-${day}T09:00:00+08:00`,
            closesAt: '2026-12-20T18:00:00+08:00',
            motions: [{ title: '议题', matter: 'ordinary' }],
          }),
        ),
      );
  });
  const list = async (by: Caller, sort: string) => {
    const r = await by.get(`/api/v1/meetings?estateId=${made[0].id}&sort=${sort}`);
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as { id: string }[]).map((m) => m.id);
  };

  it('sorts by title and by opening time, ties in id order', async () => {
    const [b5, a3, b3] = meetings.map((m) => m.id);
    expect(await list(city.admin, 'title')).toEqual([a3, ...[b5, b3].sort()]);
    expect(await list(city.admin, '-title')).toEqual([...[b5, b3].sort(), a3]);
    expect(await list(city.admin, 'opensAt')).toEqual([...[a3, b3].sort(), b5]);
    expect(await list(city.admin, '-opensAt')).toEqual([b5, ...[a3, b3].sort()]);
  });

  it('without sort the newest opening comes first', async () => {
    const r = (await city.admin.get(`/api/v1/meetings?estateId=${made[0].id}`)).json() as { opensAt: string }[];
    expect(r[0].opensAt).toBe(meetings[0].opensAt);
  });

  it('a street account sorted meeting list holds only its street meetings', async () => {
    const other = city.ok(
      await city.admin.post(`/api/v1/estates/${made[1].id}/meetings`, {
        title: 'C会议',
        opensAt: '2026-12-04T09:00:00+08:00',
        closesAt: '2026-12-20T18:00:00+08:00',
        motions: [{ title: '议题', matter: 'ordinary' }],
      }),
    );
    const r = (await streetA.get('/api/v1/meetings?sort=-title')).json() as { id: string; estateId: string }[];
    expect(r.map((m) => m.id)).not.toContain(other.id);
    expect(r.map((m) => m.id).sort()).toEqual(ids(meetings));
  });

  it('an unknown sort field is a 400 naming sort, and nothing changes', async () => {
    const before = await auditRows(t.db);
    expectSortRejected(await city.admin.get('/api/v1/meetings?sort=estateId'));
    expectSortRejected(await city.admin.get('/api/v1/committees?sort=-required'));
    expectSortRejected(await city.admin.get('/api/v1/committees?sort=org_path&format=xlsx'));
    expect(await auditRows(t.db)).toBe(before);
  });
});
