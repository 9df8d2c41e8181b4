import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/db';
import { rows } from '../../db/client';
import { BILLED_FEN, buildFeeFixture } from './disclosure.fixture';
import { parseDay } from './disclosure.import';

let t: Awaited<ReturnType<typeof testApp>>;
let f: Awaited<ReturnType<typeof buildFeeFixture>>;
let importUrl: string;

beforeAll(async () => {
  t = await testApp({ now: () => new Date('2026-09-15T10:00:00+08:00') });
  f = await buildFeeFixture(t.app, t.db);
  const bp = f.ok(
    await f.callers.companyA.post(`/api/v1/estates/${f.estateA.id}/billing-periods`, {
      period: '2026Q3',
      months: 3,
      unitPriceFenPerM2Month: 150,
    }),
  );
  importUrl = `/api/v1/estates/${f.estateA.id}/billing-periods/${bp.id}/payments/import`;
});
afterAll(() => t.close());

const HEADER = '楼栋,单元,房号,金额（元）,缴费日期';
const paymentCount = async () => (await rows<{ n: number }>(t.db, sql`select count(*)::int as n from payments`))[0].n;
const stats = async () => (await f.admin.get(`/api/v1/stats/fees?estateId=${f.estateA.id}&period=2026Q3`)).json();

describe('R-44 payment import', () => {
  it('R-44: dates are read in the usual spellings and must exist', () => {
    expect(parseDay('2026-07-05')).toBe('2026-07-05');
    expect(parseDay('2026/7/5')).toBe('2026-07-05');
    expect(parseDay('2026年7月5日')).toBe('2026-07-05');
    expect(parseDay('2026-02-30')).toBeNull();
    expect(parseDay('07/05/2026')).toBeNull();
  });

  it('R-44/R-07: any bad row refuses the whole file, listing every row error, and imports nothing', async () => {
    const before = await stats();
    const paymentsBefore = await paymentCount();
    const csv = [
      HEADER,
      '1,1,东101,100.00,2026-07-01', // row 2: fine on its own
      '1,1,东999,10,2026-07-01', // row 3: no such dwelling
      '3,1,东301,10,2026-07-01', // row 4: undelivered, so no bill
      '1,1,东102,450.01,2026-07-01', // row 5: 45 000 owed, 45 001 paid
      '2,1,东201,12.345,2026-07-01', // row 6: three decimals
      '2,1,东202,20,2026-02-30', // row 7: no such date
      '1,1,东101,302.98,2026-07-02', // row 8: with row 2 (100.00) the bill is fully paid: fine
      '1,1,东101,0.01,2026-07-03', // row 9: nothing left after rows 2 and 8
      '2,1,东202,-5,2026-09-16', // row 10: negative amount and a future date
      ',1,东202,5,2026-07-01', // row 11: no building
    ].join('\n');
    const r = await f.callers.committeeA.upload(importUrl, 'payments.csv', csv);
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const errors = r.json().errors as { path: string; message: string }[];
    expect(errors.map((e) => e.path)).toEqual([
      'rows.3.房号',
      'rows.4.房号',
      'rows.5.金额（元）',
      'rows.6.金额（元）',
      'rows.7.缴费日期',
      'rows.9.金额（元）',
      'rows.10.金额（元）',
      'rows.10.缴费日期',
      'rows.11.楼栋',
    ]);
    expect(errors[2].message).toContain('450.00');
    expect(errors[5].message).toContain('0.00');
    expect(await paymentCount()).toBe(paymentsBefore);
    expect(await stats()).toEqual(before);
  });

  it('R-44: a good .csv file imports every payment in one go; bills turn partial or paid', async () => {
    const csv = `\ufeff${HEADER}\r\n1,1,东101,100.00,2026-07-01\r\n1,1,东101,302.98,2026/7/2\r\n"1","1","东102","200",2026年7月3日\r\n`;
    const r = await f.callers.committeeA.upload(importUrl, 'good.csv', csv);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ imported: 3, amountFen: 60298, errors: [] });
    expect(await stats()).toMatchObject({
      billedFen: BILLED_FEN,
      paidFen: 60298,
      paidHouseholds: 1,
      partialHouseholds: 1,
    });
    const bills = (await f.admin.get(`/api/v1/bills?estateId=${f.estateA.id}&status=partial`)).json().items;
    expect(bills).toEqual([expect.objectContaining({ number: '东102', paidFen: 20000, owedFen: 25000 })]);
  });

  it('R-44: a good .xlsx file with number and date cells imports too', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('缴费');
    ws.addRow(['楼栋', '单元', '房号', '金额(元)', '缴费日期']);
    ws.addRow(['2', '1', '东201', 540, new Date(Date.UTC(2026, 7, 1))]);
    ws.addRow([2, 1, '东202', 100.5, '2026-08-02']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await f.callers.companyA.upload(importUrl, 'payments.xlsx', buf);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ imported: 2, amountFen: 54000 + 10050 });
    const s = await stats();
    expect(s).toMatchObject({ paidFen: 60298 + 64050, paidHouseholds: 2, partialHouseholds: 2 });
    const [p] = (await f.admin.get(`/api/v1/bills?estateId=${f.estateA.id}&status=paid&building=2`)).json().items;
    const history = (await f.admin.get(`/api/v1/bills/${p.id}/payments`)).json();
    expect(history).toEqual([
      expect.objectContaining({ amountFen: 54000, source: 'import', paidAt: '2026-07-31T16:00:00.000Z' }),
    ]);
  });

  it('R-07: missing columns and wrong file types are clear errors', async () => {
    const r = await f.admin.upload(importUrl, 'p.csv', '楼栋,房号,金额\n1,东101,1\n');
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].message).toContain('单元');
    expect(r.json().errors[0].message).toContain('缴费日期');
    expect((await f.admin.upload(importUrl, 'p.txt', 'x')).statusCode).toBe(400);
    expect((await f.admin.upload(importUrl, 'p.csv', `${HEADER}\n`)).statusCode).toBe(400);
  });

  it('R-01: importing into another estate or through another estate is 404; a community may not import (403)', async () => {
    const csv = `${HEADER}\n1,1,东102,1,2026-07-01\n`;
    expect((await f.callers.companyB.upload(importUrl, 'p.csv', csv)).statusCode).toBe(404);
    expect((await f.callers.committeeB.upload(importUrl, 'p.csv', csv)).statusCode).toBe(404);
    const wrongEstate = importUrl.replace(f.estateA.id, f.estateB.id);
    expect((await f.admin.upload(wrongEstate, 'p.csv', csv)).statusCode).toBe(404);
    expect((await f.callers.communityA.upload(importUrl, 'p.csv', csv)).statusCode).toBe(403);
  });

  it('R-80: an import is one entry in the audit chain', async () => {
    const list = await rows<{ action: string; after: { payments: number } }>(
      t.db,
      sql`select action, after from audit_log where entity = 'billing_period' and action = 'import_payments' order by seq`,
    );
    expect(list.map((a) => a.after.payments)).toEqual([3, 2]);
  });
});

describe('R-44 payment imports at the same time', () => {
  it('two files for one period with the same bills in opposite orders: each answered, no error 500, nothing paid twice', async () => {
    const bills = (await f.admin.get(`/api/v1/bills?estateId=${f.estateA.id}&period=2026Q3&pageSize=50`)).json()
      .items as { number: string; building: string; unit: string; owedFen: number }[];
    const open = bills.filter((b) => b.owedFen >= 200);
    expect(open.length).toBeGreaterThanOrEqual(2);
    const row = (b: (typeof open)[number]) => `${b.building},${b.unit},${b.number},1.00,2026-09-10`;
    const a = [HEADER, ...open.map(row)].join('\n');
    const b = [HEADER, ...[...open].reverse().map(row)].join('\n');
    const before = (await stats()).paidFen;
    const [r1, r2] = await Promise.all([
      f.callers.companyA.upload(importUrl, 'a.csv', a),
      f.callers.committeeA.upload(importUrl, 'b.csv', b),
    ]);
    expect([r1.statusCode, r2.statusCode]).toEqual([200, 200]);
    expect((await stats()).paidFen).toBe(before + 2 * 100 * open.length);
  });
});
