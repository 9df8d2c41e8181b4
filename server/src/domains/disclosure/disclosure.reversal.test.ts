import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/db';
import { rows } from '../../db/client';
import { buildFeeFixture } from './disclosure.fixture';

let t: Awaited<ReturnType<typeof testApp>>;
let f: Awaited<ReturnType<typeof buildFeeFixture>>;
let bills: { id: string; amountFen: number; number: string }[];

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
  bills = (await f.admin.get(`/api/v1/bills?billingPeriodId=${bp.id}&sort=building`)).json().items;
});
afterAll(() => t.close());

const auditOf = (action: string) =>
  rows<{ entity_id: string; after: Record<string, unknown> }>(
    t.db,
    sql`select entity_id, after from audit_log where action = ${action} order by seq`,
  );
const stats = async () => (await f.admin.get(`/api/v1/stats/fees?estateId=${f.estateA.id}&period=2026Q3`)).json();

describe('R-44 reversing a payment (冲正)', () => {
  it('R-44: a reversal cancels a payment: the bill goes back, both rows stay, the rates drop it', async () => {
    const b = bills[0];
    const before = await stats();
    const pay = f.ok(
      await f.callers.companyA.post(`/api/v1/bills/${b.id}/payments`, { amountFen: b.amountFen, paidAt: '2026-09-01' }),
    );
    expect(pay.bill.status).toBe('paid');
    const r = await f.callers.committeeA.post(`/api/v1/payments/${pay.id}/reverse`, { reason: '误录：该户未缴' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      amountFen: -b.amountFen,
      reversesId: pay.id,
      reversalReason: '误录：该户未缴',
      reversed: false,
      bill: { paidFen: 0, owedFen: b.amountFen, status: 'unpaid' },
    });
    const list = (await f.admin.get(`/api/v1/bills/${b.id}/payments`)).json();
    expect(list.map((p: { amountFen: number; reversed: boolean }) => [p.amountFen, p.reversed])).toEqual([
      [b.amountFen, true],
      [-b.amountFen, false],
    ]);
    expect(await stats()).toEqual(before);
    const [entry] = await auditOf('reverse_payment');
    expect(entry).toMatchObject({ entity_id: b.id, after: { paymentId: pay.id, paidFen: 0, status: 'unpaid' } });
    expect((await f.admin.post('/api/v1/audit/verify')).json().ok).toBe(true);
  });

  it('R-44: reversing one of two payments leaves the bill partly paid', async () => {
    const b = bills[1];
    f.ok(await f.admin.post(`/api/v1/bills/${b.id}/payments`, { amountFen: 10000, paidAt: '2026-09-01' }));
    const second = f.ok(
      await f.admin.post(`/api/v1/bills/${b.id}/payments`, { amountFen: 5000, paidAt: '2026-09-02' }),
    );
    const r = f.ok(await f.admin.post(`/api/v1/payments/${second.id}/reverse`, { reason: '重复录入' }));
    expect(r.bill).toMatchObject({ paidFen: 10000, status: 'partial' });
  });

  it('R-44: a payment is reversed once; a reversal is not reversed; a reason is required (409/400, nothing changed)', async () => {
    const b = bills[2];
    const pay = f.ok(await f.admin.post(`/api/v1/bills/${b.id}/payments`, { amountFen: 3000, paidAt: '2026-09-01' }));
    const noReason = await f.admin.post(`/api/v1/payments/${pay.id}/reverse`, { reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors.map((e: { path: string }) => e.path)).toEqual(['reason']);
    const rev = f.ok(await f.admin.post(`/api/v1/payments/${pay.id}/reverse`, { reason: '金额错误' }));
    const twice = await f.admin.post(`/api/v1/payments/${pay.id}/reverse`, { reason: '再次' });
    expect(twice.statusCode).toBe(409);
    const ofReversal = await f.admin.post(`/api/v1/payments/${rev.id}/reverse`, { reason: '撤销冲正' });
    expect(ofReversal.statusCode).toBe(409);
    expect((await f.admin.get(`/api/v1/bills/${b.id}`)).json()).toMatchObject({ paidFen: 0, status: 'unpaid' });
    expect((await f.admin.get(`/api/v1/bills/${b.id}/payments`)).json()).toHaveLength(2);
  });

  it('R-44: the serving company, which records payments, reverses its own mistakes too', async () => {
    const b = bills[1];
    const pay = f.ok(
      await f.callers.companyA.post(`/api/v1/bills/${b.id}/payments`, { amountFen: 700, paidAt: '2026-09-03' }),
    );
    const r = await f.callers.companyA.post(`/api/v1/payments/${pay.id}/reverse`, { reason: '录错户号' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().bill).toMatchObject({ paidFen: 10000, status: 'partial' });
    const [last] = (await auditOf('reverse_payment')).slice(-1);
    expect(last.after).toMatchObject({ paymentId: pay.id, paidFen: 10000 });
  });

  it('R-01: only those who record payments, in their scope, reverse them', async () => {
    const b = bills[3];
    const pay = f.ok(await f.admin.post(`/api/v1/bills/${b.id}/payments`, { amountFen: 2000, paidAt: '2026-09-01' }));
    expect((await f.callers.companyB.post(`/api/v1/payments/${pay.id}/reverse`, { reason: 'x' })).statusCode).toBe(404);
    expect((await f.callers.committeeB.post(`/api/v1/payments/${pay.id}/reverse`, { reason: 'x' })).statusCode).toBe(
      404,
    );
    expect((await f.callers.communityA.post(`/api/v1/payments/${pay.id}/reverse`, { reason: 'x' })).statusCode).toBe(
      403,
    );
    expect((await f.admin.post('/api/v1/payments/nope/reverse', { reason: 'x' })).statusCode).toBe(404);
    expect((await f.admin.get(`/api/v1/bills/${b.id}`)).json().paidFen).toBe(2000);
  });
});

describe('R-43 reversing a finance entry (冲正)', () => {
  const url = () => `/api/v1/estates/${f.estateA.id}/finance`;
  it('R-43: the counter-entry nets the totals; the ledger and the public page show both, marked', async () => {
    const c = f.callers.committeeA;
    f.ok(
      await c.post(url(), {
        kind: 'income',
        amountFen: 100000,
        date: '2026-07-01',
        counterparty: '红星物业服务有限公司',
        counterpartyKind: 'organization',
        purpose: '公共收益（电梯广告）',
      }),
    );
    const wrong = f.ok(
      await c.post(url(), {
        kind: 'expense',
        amountFen: 30000,
        date: '2026-08-10',
        counterparty: '李师傅',
        counterpartyKind: 'person',
        purpose: '楼道维修人工费',
      }),
    );
    const r = await c.post(`/api/v1/finance-entries/${wrong.id}/reverse`, { reason: '金额录错，应为 3,000 元' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      kind: 'expense',
      amountFen: -30000,
      date: '2026-09-15',
      reversesId: wrong.id,
      reversalReason: '金额录错，应为 3,000 元',
    });
    const ledger = (await c.get(url())).json();
    expect(ledger).toMatchObject({ incomeFen: 100000, expenseFen: 0, balanceFen: 100000 });
    expect(ledger.entries.find((e: { id: string }) => e.id === wrong.id).reversed).toBe(true);
    const pub = (await t.app.inject({ method: 'GET', url: `/api/public/estates/${f.estateA.id}/disclosure` })).json();
    expect(pub.finances).toMatchObject({ incomeFen: 100000, expenseFen: 0, balanceFen: 100000 });
    expect(
      pub.finances.entries.map((e: { amountFen: number; reversal: boolean; reversed: boolean }) => [
        e.amountFen,
        e.reversal,
        e.reversed,
      ]),
    ).toEqual([
      [-30000, true, false],
      [30000, false, true],
      [100000, false, false],
    ]);
    // The public page carries no reason (it may name people) and masks a person counterparty as before.
    expect(JSON.stringify(pub)).not.toContain('金额录错');
    expect(JSON.stringify(pub)).not.toContain('李师傅');
    expect((await auditOf('reverse')).map((a) => a.entity_id)).toEqual([wrong.id]);
    const xlsx = await c.get(`${url()}?format=xlsx&sort=amountFen`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const ws = wb.worksheets[0];
    const col = (ws.getRow(1).values as string[]).indexOf('冲正');
    expect(col).toBeGreaterThan(0);
    const marks: string[] = [];
    for (let i = 2; i <= ws.rowCount; i++) marks.push(String(ws.getRow(i).getCell(col).value ?? ''));
    expect(marks).toEqual(['冲正：金额录错，应为 3,000 元', '已冲正', '']);
  });

  it('R-43: once only; the committee of another estate gets 404, a resident 403', async () => {
    const e = f.ok(
      await f.callers.committeeA.post(url(), {
        kind: 'income',
        amountFen: 500,
        date: '2026-09-01',
        counterparty: '废品回收',
        counterpartyKind: 'organization',
        purpose: '废品收入',
      }),
    );
    expect(
      (await f.callers.committeeB.post(`/api/v1/finance-entries/${e.id}/reverse`, { reason: 'x' })).statusCode,
    ).toBe(404);
    expect(
      (await f.callers.residentZhang.post(`/api/v1/finance-entries/${e.id}/reverse`, { reason: 'x' })).statusCode,
    ).toBe(403);
    const rev = f.ok(await f.callers.committeeA.post(`/api/v1/finance-entries/${e.id}/reverse`, { reason: '误录' }));
    expect(
      (await f.callers.committeeA.post(`/api/v1/finance-entries/${e.id}/reverse`, { reason: 'x' })).statusCode,
    ).toBe(409);
    expect(
      (await f.callers.committeeA.post(`/api/v1/finance-entries/${rev.id}/reverse`, { reason: 'x' })).statusCode,
    ).toBe(409);
  });
});

describe('R-43 receipts as PDF', () => {
  it('R-43: a scanned receipt (PDF) attaches to a finance entry and downloads for those who may read the ledger', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
    const c = f.callers.committeeA;
    const up = await c.upload('/api/v1/uploads', 'invoice.pdf', pdf);
    expect(up.statusCode, up.body).toBe(201);
    const e = await c.post(`/api/v1/estates/${f.estateA.id}/finance`, {
      kind: 'expense',
      amountFen: 8800,
      date: '2026-09-02',
      counterparty: '某某五金店',
      counterpartyKind: 'organization',
      purpose: '更换楼道灯',
      attachmentId: up.json().id,
    });
    expect(e.statusCode, e.body).toBe(201);
    expect(e.json().attachment).toMatchObject({ mime: 'application/pdf' });
    const file = await f.callers.residentZhang.get(`/api/v1/finance-entries/${e.json().id}/attachment`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    expect(file.rawPayload.equals(pdf)).toBe(true);
    expect((await f.callers.committeeB.get(`/api/v1/finance-entries/${e.json().id}/attachment`)).statusCode).toBe(404);
  });
});
