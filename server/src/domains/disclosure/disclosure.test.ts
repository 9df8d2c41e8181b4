import { billAmountFen, fenToYuan, parsePeriod, yuanToFen } from '@rp/contract';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/db';
import { rows } from '../../db/client';
import { BILLED_FEN, buildFeeFixture, DWELLINGS } from './disclosure.fixture';

let t: Awaited<ReturnType<typeof testApp>>;
let f: Awaited<ReturnType<typeof buildFeeFixture>>;
let periodId: string;
const billOf = new Map<string, { id: string; amountFen: number }>();

beforeAll(async () => {
  t = await testApp({ now: () => new Date('2026-09-15T10:00:00+08:00') });
  f = await buildFeeFixture(t.app, t.db);
});
afterAll(() => t.close());

const Q3 = { period: '2026Q3', months: 3, unitPriceFenPerM2Month: 150 };
const auditCount = async (entity: string) =>
  (await rows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_log where entity = ${entity}`))[0].n;

describe('R-44 billing', () => {
  it('R-44: the rule is integer arithmetic, rounded half up per bill', () => {
    expect(billAmountFen(8955, 150, 3)).toBe(40298); // 40 297.5 fen → 40 298
    expect(billAmountFen(1001, 135, 1)).toBe(1351); // 1 351.35 → 1 351
    expect(billAmountFen(7777, 135, 1)).toBe(10499); // 10 498.95 → 10 499
    expect(billAmountFen(999_999_999, 100_000, 12)).toBe(11_999_999_988_000); // far beyond 2³¹, still exact
    expect(fenToYuan(40298)).toBe('402.98');
    expect(yuanToFen('402.9')).toBe(40290);
    expect(yuanToFen('402.985')).toBeNull();
    expect(parsePeriod('2026Q3')).toMatchObject({ kind: 'quarter', startsOn: '2026-07-01', endsOn: '2026-09-30' });
    expect(parsePeriod('2028-02')).toMatchObject({ kind: 'month', months: 1, endsOn: '2028-02-29' });
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', months: 12, endsOn: '2026-12-31' });
    expect(parsePeriod('2026Q5')).toBeNull();
  });

  it('R-44: bills every delivered dwelling, area × price × months, each bill rounded half up; undelivered not billed', async () => {
    const before = await auditCount('billing_period');
    const r = await f.callers.companyA.post(`/api/v1/estates/${f.estateA.id}/billing-periods`, Q3);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ bills: 4, billedFen: BILLED_FEN, period: '2026Q3', paidFen: 0 });
    periodId = r.json().id;
    const list = await f.callers.companyA.get(`/api/v1/bills?estateId=${f.estateA.id}&period=2026Q3`);
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as { id: string; number: string; amountFen: number; status: string }[];
    expect(list.json().total).toBe(4);
    expect(items.map((b) => [b.number, b.amountFen, b.status])).toEqual(
      DWELLINGS.filter((d) => d.delivered).map((d) => [d.number, d.billFen, 'unpaid']),
    );
    expect(items[0]).toMatchObject({ building: '1', unit: '1', areaM2: '89.55', paidFen: 0, owedFen: 40298 });
    for (const b of items) billOf.set(b.number, b);
    expect(await auditCount('billing_period')).toBe(before + 1);
  });

  it('R-44: another estate and price: 135 fen × 1 month rounds down and up per bill', async () => {
    const a = f.admin;
    const areas = ['10.01', '77.77', '12.34'];
    for (const [i, areaM2] of areas.entries())
      f.ok(
        await a.post(`/api/v1/estates/${f.estateB.id}/dwellings`, {
          building: '9',
          unit: '',
          number: `西${i + 1}`,
          areaM2,
          delivered: true,
        }),
      );
    const r = await f.callers.committeeB.post(`/api/v1/estates/${f.estateB.id}/billing-periods`, {
      period: '2026-07',
      months: 1,
      unitPriceFenPerM2Month: 135,
    });
    expect(r.statusCode, r.body).toBe(201);
    // 1 351.35 → 1 351; 10 498.95 → 10 499; 1 665.90 → 1 666
    expect(r.json()).toMatchObject({ bills: 3, billedFen: 1351 + 10499 + 1666 });
    const items = (await f.admin.get(`/api/v1/bills?estateId=${f.estateB.id}`)).json().items;
    expect(items.map((b: { amountFen: number }) => b.amountFen)).toEqual([1351, 10499, 1666]);
  });

  it('R-44: billing the same estate and period twice answers 409, and an overlapping period too', async () => {
    const again = await f.callers.committeeA.post(`/api/v1/estates/${f.estateA.id}/billing-periods`, Q3);
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    const overlap = await f.admin.post(`/api/v1/estates/${f.estateA.id}/billing-periods`, {
      period: '2026-08',
      months: 1,
      unitPriceFenPerM2Month: 150,
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().title).toContain('2026Q3');
    const count = (await f.admin.get(`/api/v1/bills?estateId=${f.estateA.id}`)).json().total;
    expect(count).toBe(4);
  });

  it('R-44/R-82: a bad period, months beyond the period and a non-integer price are 400 naming the fields', async () => {
    const url = `/api/v1/estates/${f.estateA.id}/billing-periods`;
    const r1 = await f.admin.post(url, { period: '2026Q5', months: 3, unitPriceFenPerM2Month: 150 });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().errors.map((e: { path: string }) => e.path)).toEqual(['period']);
    const r2 = await f.admin.post(url, { period: '2027Q1', months: 4, unitPriceFenPerM2Month: 150 });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().errors.map((e: { path: string }) => e.path)).toEqual(['months']);
    const r3 = await f.admin.post(url, { period: '2027Q1', months: 13, unitPriceFenPerM2Month: 1.5 });
    expect(
      r3
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['months', 'unitPriceFenPerM2Month']);
  });

  it('R-44: an estate with no delivered dwelling cannot be billed (409), and nothing is left behind', async () => {
    const r = await f.admin.post(`/api/v1/estates/${f.estateA2.id}/billing-periods`, Q3);
    expect(r.statusCode).toBe(409);
    const list = (await f.admin.get(`/api/v1/billing-periods?estateId=${f.estateA2.id}`)).json();
    expect(list.total).toBe(0);
  });
});

describe('R-44 payments and collection rates', () => {
  it('R-44: partial payments move a bill unpaid → partial → paid', async () => {
    const b = billOf.get('东102')!;
    const p1 = await f.callers.companyA.post(`/api/v1/bills/${b.id}/payments`, {
      amountFen: 20000,
      paidAt: '2026-07-10',
    });
    expect(p1.statusCode, p1.body).toBe(201);
    expect(p1.json()).toMatchObject({
      amountFen: 20000,
      source: 'manual',
      bill: { paidFen: 20000, status: 'partial' },
    });
    expect(p1.json().paidAt).toBe('2026-07-09T16:00:00.000Z'); // local midnight, Asia/Shanghai
    const full = await f.callers.committeeA.post(`/api/v1/bills/${billOf.get('东101')!.id}/payments`, {
      amountFen: 40298,
      paidAt: '2026-07-11T09:30:00+08:00',
    });
    expect(full.json().bill).toMatchObject({ paidFen: 40298, owedFen: 0, status: 'paid' });
    // 东201 paid in two parts
    const id201 = billOf.get('东201')!.id;
    f.ok(await f.admin.post(`/api/v1/bills/${id201}/payments`, { amountFen: 50000, paidAt: '2026-08-01' }));
    const last = await f.admin.post(`/api/v1/bills/${id201}/payments`, { amountFen: 4000, paidAt: '2026-08-02' });
    expect(last.json().bill.status).toBe('paid');
    const history = (await f.admin.get(`/api/v1/bills/${id201}/payments`)).json();
    expect(history.map((p: { amountFen: number }) => p.amountFen)).toEqual([50000, 4000]);
    const partial = (await f.admin.get(`/api/v1/bills?estateId=${f.estateA.id}&status=partial`)).json();
    expect(partial.items.map((x: { number: string }) => x.number)).toEqual(['东102']);
  });

  it('R-44/R-82: paying more than is owed, or 0, is 400 naming amountFen and changes nothing', async () => {
    const b = billOf.get('东102')!;
    const auditBefore = await auditCount('bill');
    const over = await f.admin.post(`/api/v1/bills/${b.id}/payments`, { amountFen: 25001, paidAt: '2026-07-12' });
    expect(over.statusCode).toBe(400);
    expect(over.json().errors).toEqual([{ path: 'amountFen', message: expect.stringContaining('250.00') }]);
    const zero = await f.admin.post(`/api/v1/bills/${b.id}/payments`, { amountFen: 0, paidAt: '2026-07-12' });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().errors.map((e: { path: string }) => e.path)).toEqual(['amountFen']);
    const paidFull = await f.admin.post(`/api/v1/bills/${billOf.get('东101')!.id}/payments`, {
      amountFen: 1,
      paidAt: '2026-07-12',
    });
    expect(paidFull.statusCode).toBe(400);
    const future = await f.admin.post(`/api/v1/bills/${b.id}/payments`, { amountFen: 1, paidAt: '2026-09-16' });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].path).toBe('paidAt');
    const bill = (await f.admin.get(`/api/v1/bills/${b.id}`)).json();
    expect(bill).toMatchObject({ paidFen: 20000, status: 'partial' });
    expect((await f.admin.get(`/api/v1/bills/${b.id}/payments`)).json()).toHaveLength(1);
    expect(await auditCount('bill')).toBe(auditBefore);
  });

  it('R-44: collection rate by amount (paid ÷ billed) and by household (fully paid ÷ bills) differ', async () => {
    // Billed 166 298; paid 40 298 + 20 000 + 54 000 = 114 298; fully paid 2 of 4 bills.
    const expected = {
      billedFen: BILLED_FEN,
      paidFen: 114298,
      owedFen: 52000,
      households: 4,
      paidHouseholds: 2,
      partialHouseholds: 1,
      rateByAmount: 114298 / 166298,
      rateByHousehold: 0.5,
    };
    const r = await f.callers.committeeA.get(`/api/v1/stats/fees?estateId=${f.estateA.id}&period=2026Q3`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual(expected);
    expect(r.json().rateByAmount).not.toBe(r.json().rateByHousehold);
    // The street's subtree holds only 幸福家园's bills; the city holds both estates'.
    expect((await f.callers.streetA.get(`/api/v1/stats/fees?orgUnitId=${f.streetA.id}`)).json()).toEqual(expected);
    const all = (await f.callers.bureau.get('/api/v1/stats/fees')).json();
    expect(all).toMatchObject({ billedFen: BILLED_FEN + 13516, households: 7, paidHouseholds: 2 });
    const periods = (await f.callers.communityA.get(`/api/v1/billing-periods?estateId=${f.estateA.id}`)).json();
    expect(periods.items).toEqual([
      expect.objectContaining({ id: periodId, bills: 4, billedFen: BILLED_FEN, paidFen: 114298, paidBills: 2 }),
    ]);
  });

  it('R-44: the trend gives the figures per period in calendar order', async () => {
    f.ok(
      await f.admin.post(`/api/v1/estates/${f.estateA.id}/billing-periods`, {
        period: '2026Q2',
        months: 3,
        unitPriceFenPerM2Month: 150,
      }),
    );
    const r = await f.callers.committeeA.get(`/api/v1/stats/fees/trend?estateId=${f.estateA.id}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().map((p: { period: string; rateByHousehold: number }) => [p.period, p.rateByHousehold])).toEqual([
      ['2026Q2', 0],
      ['2026Q3', 0.5],
    ]);
  });

  it('R-44/R-16: the arrears ledger exports to Excel', async () => {
    const r = await f.callers.companyA.get(
      `/api/v1/bills?estateId=${f.estateA.id}&period=2026Q3&status=unpaid&format=xlsx`,
    );
    expect(r.statusCode).toBe(200);
    expect(String(r.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).values).toEqual(expect.arrayContaining(['楼栋', '房号', '应缴（元）', '欠缴（元）', '状态']));
    expect(ws.rowCount).toBe(2);
    expect(ws.getRow(2).getCell(5).value).toBe('东202');
    expect(ws.getRow(2).getCell(7).value).toBe(270);
  });
});

describe('R-01 scope of fees', () => {
  it('R-01: a company cannot bill, list, pay or count an estate it does not serve', async () => {
    const b = f.callers.companyB;
    const bill = await b.post(`/api/v1/estates/${f.estateA.id}/billing-periods`, { ...Q3, period: '2027Q1' });
    expect(bill.statusCode).toBe(404);
    const list = (await b.get(`/api/v1/bills?estateId=${f.estateA.id}`)).json();
    expect(list).toMatchObject({ items: [], total: 0 });
    const mine = (await b.get('/api/v1/bills')).json();
    expect(mine.total).toBe(3);
    expect(mine.items.every((x: { estateId: string }) => x.estateId === f.estateB.id)).toBe(true);
    const id = billOf.get('东202')!.id;
    expect((await b.get(`/api/v1/bills/${id}`)).statusCode).toBe(404);
    expect((await b.post(`/api/v1/bills/${id}/payments`, { amountFen: 1, paidAt: '2026-07-01' })).statusCode).toBe(404);
    expect((await b.get(`/api/v1/stats/fees?estateId=${f.estateA.id}`)).json()).toMatchObject({
      billedFen: 0,
      households: 0,
    });
    expect((await b.get(`/api/v1/billing-periods/${periodId}`)).statusCode).toBe(404);
    const xlsx = await b.get(`/api/v1/bills?estateId=${f.estateA.id}&format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    expect(wb.worksheets[0].rowCount).toBe(1);
  });

  it('R-01: a committee bills only its estate; a community reads but may not bill; others are 404', async () => {
    expect(
      (await f.callers.committeeB.post(`/api/v1/estates/${f.estateA.id}/billing-periods`, { ...Q3, period: '2027' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await f.callers.communityA.post(`/api/v1/estates/${f.estateA.id}/billing-periods`, { ...Q3, period: '2027' }))
        .statusCode,
    ).toBe(403);
    expect((await f.callers.communityB.get(`/api/v1/bills?estateId=${f.estateA.id}`)).json().total).toBe(0);
    expect((await f.callers.communityB.get(`/api/v1/bills/${billOf.get('东101')!.id}`)).statusCode).toBe(404);
    expect((await f.callers.communityA.get(`/api/v1/bills?estateId=${f.estateA.id}`)).json().total).toBe(8);
    expect((await f.admin.get('/api/v1/bills/not-a-uuid')).statusCode).toBe(404);
  });

  it('R-01: a resident sees only the bills of its own dwellings and may not pay through the office side', async () => {
    const r = (await f.callers.residentZhang.get('/api/v1/bills')).json();
    expect(r.items.map((b: { number: string; period: string }) => `${b.number}:${b.period}`)).toEqual([
      '东101:2026Q3',
      '东101:2026Q2',
    ]);
    expect((await f.callers.residentZhang.get(`/api/v1/bills/${billOf.get('东102')!.id}`)).statusCode).toBe(404);
    expect((await f.callers.residentZhang.get('/api/v1/stats/fees')).statusCode).toBe(403);
    const pay = await f.callers.residentZhang.post(`/api/v1/bills/${billOf.get('东101')!.id}/payments`, {
      amountFen: 1,
      paidAt: '2026-07-01',
    });
    expect(pay.statusCode).toBe(403);
  });
});

// Last: it bills another month in 和平街道's estate, which the scope tests above count.
describe('R-44 trend of mixed period kinds', () => {
  it('R-44: a trend holds one kind of period: a monthly estate beside quarterly ones is left out unless asked for', async () => {
    // 和平街道's estate bills monthly (2026-07 above, 3 dwellings); 幸福家园 quarterly (2026Q2, Q3, 4 dwellings each).
    f.ok(
      await f.admin.post(`/api/v1/estates/${f.estateB.id}/billing-periods`, {
        period: '2026-08',
        months: 1,
        unitPriceFenPerM2Month: 135,
      }),
    );
    const city = (q = '') => f.admin.get(`/api/v1/stats/fees/trend?orgUnitId=${f.city.id}${q}`);
    // Quarterly bills are the most (4 + 4 against 3 + 3): the quarters, without the overlapping months.
    expect((await city()).json().map((p: { period: string }) => p.period)).toEqual(['2026Q2', '2026Q3']);
    expect((await city('&kind=month')).json().map((p: { period: string }) => p.period)).toEqual(['2026-07', '2026-08']);
    expect((await city('&kind=year')).json()).toEqual([]);
    expect((await city('&kind=week')).statusCode).toBe(400);
  });
});
