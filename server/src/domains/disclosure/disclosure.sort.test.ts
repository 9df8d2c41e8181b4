import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/db';
import { allPages, auditRows, expectSortRejected, idsOnce } from '../../../test/sort';
import { buildFeeFixture } from './disclosure.fixture';

let t: Awaited<ReturnType<typeof testApp>>;
let f: Awaited<ReturnType<typeof buildFeeFixture>>;
type Bill = { id: string; estateId: string; number: string; amountFen: number; paidFen: number; status: string };
let bills: Bill[];

beforeAll(async () => {
  t = await testApp({ now: () => new Date('2026-09-15T10:00:00+08:00') });
  f = await buildFeeFixture(t.app, t.db);
  const Q3 = { period: '2026Q3', months: 3, unitPriceFenPerM2Month: 150 };
  f.ok(await f.callers.companyA.post(`/api/v1/estates/${f.estateA.id}/billing-periods`, Q3));
  // One dwelling in the other street's estate, billed too, so scope has something to leave out.
  f.ok(
    await f.admin.post(`/api/v1/estates/${f.estateB.id}/dwellings`, {
      building: '9',
      unit: '1',
      number: '901',
      areaM2: '50.00',
      delivered: true,
    }),
  );
  f.ok(await f.admin.post(`/api/v1/estates/${f.estateB.id}/billing-periods`, Q3));
  bills = (await f.admin.get(`/api/v1/bills?estateId=${f.estateA.id}&pageSize=50`)).json().items;
  // 东101 paid in two parts; 东201 partly paid: paidFen ties at 0 for the other two.
  const byNo = (n: string) => bills.find((b) => b.number === n)!;
  for (const [n, amountFen, paidAt] of [
    ['东101', 10000, '2026-07-05'],
    ['东101', 30298, '2026-07-03'],
    ['东201', 10000, '2026-07-04'],
  ] as const)
    f.ok(await f.callers.companyA.post(`/api/v1/bills/${byNo(n).id}/payments`, { amountFen, paidAt }));
  bills = (await f.admin.get(`/api/v1/bills?estateId=${f.estateA.id}&pageSize=50`)).json().items;
});
afterAll(() => t.close());

const ids = (l: { id: string }[]) => l.map((x) => x.id).sort();
const listBills = (sort: string, by = f.admin, filter = `estateId=${f.estateA.id}&`) =>
  allPages<Bill>(by, `/api/v1/bills?${filter}sort=${sort}`, 1);

describe('bill ledger: sort', () => {
  it('sorts by amount ascending and descending', async () => {
    const up = (await listBills('amountFen')).map((b) => b.amountFen);
    expect(up).toEqual([27000, 40298, 45000, 54000]);
    expect((await listBills('-amountFen')).map((b) => b.amountFen)).toEqual([...up].reverse());
  });

  it('equal paid amounts keep id order across pages, in both directions', async () => {
    const unpaid = ids(bills.filter((b) => b.paidFen === 0));
    const up = await listBills('paidFen');
    idsOnce(up);
    expect(up.map((b) => b.paidFen)).toEqual([0, 0, 10000, 40298]);
    expect(up.slice(0, 2).map((b) => b.id)).toEqual(unpaid);
    const down = await listBills('-paidFen');
    expect(down.map((b) => b.paidFen)).toEqual([40298, 10000, 0, 0]);
    expect(down.slice(2).map((b) => b.id)).toEqual(unpaid);
  });

  it('sorts by what is owed and by address (building naturally)', async () => {
    expect((await listBills('-owedFen')).map((b) => b.number)).toEqual(['东102', '东201', '东202', '东101']);
    expect((await listBills('-building')).map((b) => b.number)).toEqual(['东202', '东201', '东102', '东101']);
  });

  it('without sort keeps the address order', async () => {
    expect((await listBills('building')).map((b) => b.id)).toEqual(
      (await allPages<Bill>(f.admin, `/api/v1/bills?estateId=${f.estateA.id}`, 1)).map((b) => b.id),
    );
  });

  it('a street account sorted ledger holds only its street bills', async () => {
    const all = await listBills('-amountFen', f.admin, '');
    expect(all.some((b) => b.estateId === f.estateB.id)).toBe(true);
    const street = await listBills('-amountFen', f.callers.streetA, '');
    expect(street.map((b) => b.estateId)).toEqual(street.map(() => f.estateA.id));
    expect(ids(street)).toEqual(ids(bills));
  });

  it('the ledger export follows the same sort', async () => {
    const r = await f.admin.get(`/api/v1/bills?estateId=${f.estateA.id}&sort=-owedFen&format=xlsx`);
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    const numbers: string[] = [];
    wb.worksheets[0].eachRow((row, i) => {
      if (i > 1) numbers.push(String(row.getCell(5).value));
    });
    expect(numbers).toEqual(['东102', '东201', '东202', '东101']);
  });
});

describe('payments of a bill: sort', () => {
  it('sorts by payment date and amount; default oldest first', async () => {
    const b = bills.find((x) => x.number === '东101')!;
    const url = `/api/v1/bills/${b.id}/payments`;
    const dates = async (q: string) =>
      ((await f.admin.get(`${url}${q}`)).json() as { paidAt: string; amountFen: number }[]).map((p) => p.amountFen);
    expect(await dates('')).toEqual([30298, 10000]);
    expect(await dates('?sort=paidAt')).toEqual([30298, 10000]);
    expect(await dates('?sort=-paidAt')).toEqual([10000, 30298]);
    expect(await dates('?sort=amountFen')).toEqual([10000, 30298]);
    expect(await dates('?sort=-amountFen')).toEqual([30298, 10000]);
    // Another street's account still cannot see them.
    expect((await f.callers.communityB.get(`${url}?sort=-paidAt`)).statusCode).toBe(404);
  });
});

describe('finance entries: sort', () => {
  const made: { id: string; amountFen: number; date: string; kind: string }[] = [];
  beforeAll(async () => {
    for (const [kind, amountFen, date] of [
      ['income', 5000, '2026-08-01'],
      ['expense', 5000, '2026-08-03'],
      ['income', 9000, '2026-08-02'],
      ['expense', 1000, '2026-08-02'],
    ] as const)
      made.push(
        f.ok(
          await f.callers.committeeA.post(`/api/v1/estates/${f.estateA.id}/finance`, {
            kind,
            amountFen,
            date,
            counterparty: '某单位',
            counterpartyKind: 'organization',
            purpose: '日常收支',
          }),
        ),
      );
  });
  const entries = async (q: string, by = f.admin) => {
    const r = await by.get(`/api/v1/estates/${f.estateA.id}/finance${q}`);
    expect(r.statusCode, r.body).toBe(200);
    return (r.json().entries as { id: string }[]).map((e) => e.id);
  };

  it('sorts by amount, equal amounts in id order in both directions', async () => {
    const fives = ids(made.filter((e) => e.amountFen === 5000));
    expect(await entries('?sort=amountFen')).toEqual([made[3].id, ...fives, made[2].id]);
    expect(await entries('?sort=-amountFen')).toEqual([made[2].id, ...fives, made[3].id]);
  });

  it('sorts by date; default newest first', async () => {
    const second = ids([made[2], made[3]]);
    expect(await entries('?sort=date')).toEqual([made[0].id, ...second, made[1].id]);
    expect(await entries('?sort=-date')).toEqual([made[1].id, ...second, made[0].id]);
    expect((await entries(''))[0]).toBe(made[1].id);
  });

  it('the finance export follows the same sort; another street gets 404', async () => {
    const r = await f.admin.get(`/api/v1/estates/${f.estateA.id}/finance?sort=amountFen&format=xlsx`);
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    const amounts: number[] = [];
    wb.worksheets[0].eachRow((row, i) => {
      if (i > 1) amounts.push(Number(row.getCell(4).value));
    });
    expect(amounts).toEqual([10, 50, 50, 90]);
    expect((await f.callers.communityB.get(`/api/v1/estates/${f.estateA.id}/finance?sort=date`)).statusCode).toBe(404);
  });
});

describe('disclosure lists: a bad sort', () => {
  it('an unknown sort field is a 400 naming sort, and nothing changes', async () => {
    const before = await auditRows(t.db);
    const b = bills[0];
    for (const url of [
      '/api/v1/bills?sort=dwellingId',
      '/api/v1/bills?sort=-owedFen&format=xlsx&sort=period',
      `/api/v1/bills/${b.id}/payments?sort=createdBy`,
      `/api/v1/estates/${f.estateA.id}/finance?sort=purpose`,
    ])
      expectSortRejected(await f.admin.get(url));
    expect(await auditRows(t.db)).toBe(before);
  });
});

describe('billing periods: sort', () => {
  type Period = { id: string; estateName: string; billedFen: number; period: string };
  it('sorts by estate name and billed amount both ways, ties by id; a bad field is a 400', async () => {
    f.ok(
      await f.callers.companyA.post(`/api/v1/estates/${f.estateA.id}/billing-periods`, {
        period: '2026Q2',
        months: 3,
        unitPriceFenPerM2Month: 150,
      }),
    );
    const byAmount = await allPages<Period>(f.admin, '/api/v1/billing-periods?sort=billedFen', 1);
    expect(byAmount.map((p) => p.billedFen)).toEqual([...byAmount.map((p) => p.billedFen)].sort((a, b) => a - b));
    const down = await allPages<Period>(f.admin, '/api/v1/billing-periods?sort=-billedFen', 1);
    expect(down.map((p) => p.billedFen)).toEqual([...byAmount.map((p) => p.billedFen)].reverse());
    idsOnce(down);
    const byName = await allPages<Period>(f.admin, '/api/v1/billing-periods?sort=estateName', 1);
    const names = byName.map((p) => p.estateName);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'zh')));
    // Two periods of one estate tie on the name: in id order.
    const same = byName.filter((p) => p.estateName === '幸福家园').map((p) => p.id);
    expect(same).toHaveLength(2);
    expect(same).toEqual([...same].sort());
    const before = await auditRows(t.db);
    expectSortRejected(await f.admin.get('/api/v1/billing-periods?sort=unitPrice'));
    expect(await auditRows(t.db)).toBe(before);
    // Scope: the street sees only its own estate's periods, sorted.
    const street = await allPages<Period>(f.callers.streetA, '/api/v1/billing-periods?sort=-period', 1);
    expect(street.map((p) => p.period)).toEqual(['2026Q3', '2026Q2']);
  });
});
