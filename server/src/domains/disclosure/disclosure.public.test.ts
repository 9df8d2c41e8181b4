import { randomUUID } from 'node:crypto';
import { maskPersonName } from '@rp/contract';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/db';
import { rows } from '../../db/client';
import { verifyAuditChain } from '../../platform/audit';
import { BILLED_FEN, buildFeeFixture, DWELLINGS, OWNERS } from './disclosure.fixture';

let t: Awaited<ReturnType<typeof testApp>>;
let f: Awaited<ReturnType<typeof buildFeeFixture>>;
let attachmentId: string;
// The smallest PNG signature is enough for the upload check (types are recognised by their first bytes).
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]);

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
  const bills = (await f.admin.get(`/api/v1/bills?billingPeriodId=${bp.id}`)).json().items;
  // 东101 paid in full, 东102 partly: rate by amount (40 298 + 20 000) ÷ 166 298, by household 1 ÷ 4.
  f.ok(
    await f.callers.companyA.post(`/api/v1/bills/${bills[0].id}/payments`, { amountFen: 40298, paidAt: '2026-07-05' }),
  );
  f.ok(
    await f.callers.companyA.post(`/api/v1/bills/${bills[1].id}/payments`, { amountFen: 20000, paidAt: '2026-07-06' }),
  );
});
afterAll(() => t.close());

const entry = (over: Record<string, unknown>) => ({
  kind: 'income',
  amountFen: 100000,
  date: '2026-07-01',
  counterparty: '红星物业服务有限公司',
  counterpartyKind: 'organization',
  purpose: '公共收益（电梯广告）',
  ...over,
});
const auditOf = (entity: string) =>
  rows<{ action: string; entity_id: string }>(
    t.db,
    sql`select action, entity_id from audit_log where entity = ${entity} order by seq`,
  );

describe('R-43 committee finances', () => {
  it('R-43: income and expense entries give the balance; a receipt can be attached', async () => {
    const c = f.callers.committeeA;
    const up = await c.upload('/api/v1/uploads', 'receipt.png', PNG);
    expect(up.statusCode, up.body).toBe(201);
    attachmentId = up.json().id;
    const url = `/api/v1/estates/${f.estateA.id}/finance`;
    f.ok(await c.post(url, entry({})));
    f.ok(await c.post(url, entry({ amountFen: 25050, date: '2026-08-01', counterparty: '停车管理收入' })));
    const exp = await c.post(
      url,
      entry({
        kind: 'expense',
        amountFen: 30000,
        date: '2026-08-10',
        counterparty: OWNERS[2].name,
        counterpartyKind: 'person',
        purpose: '楼道维修人工费',
        attachmentId,
      }),
    );
    expect(exp.statusCode, exp.body).toBe(201);
    expect(exp.json().attachment).toMatchObject({ id: attachmentId, mime: 'image/png' });
    // counterpartyKind defaults to person (masked publicly: the safe side).
    const dflt = await f.admin.post(url, {
      kind: 'expense',
      amountFen: 1000,
      date: '2026-08-11',
      counterparty: '欧阳娜娜',
      purpose: '志愿者餐费',
    });
    expect(dflt.json().counterpartyKind).toBe('person');
    const ledger = await f.callers.residentZhang.get(url);
    expect(ledger.statusCode, ledger.body).toBe(200);
    expect(ledger.json()).toMatchObject({ incomeFen: 125050, expenseFen: 31000, balanceFen: 94050 });
    expect(ledger.json().entries.map((e: { date: string }) => e.date)).toEqual([
      '2026-08-11',
      '2026-08-10',
      '2026-08-01',
      '2026-07-01',
    ]);
    const expenseId = ledger.json().entries[1].id;
    const file = await f.callers.residentZhang.get(`/api/v1/finance-entries/${expenseId}/attachment`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect((await f.callers.committeeB.get(`/api/v1/finance-entries/${expenseId}/attachment`)).statusCode).toBe(404);
    expect((await auditOf('finance_entry')).length).toBe(4);
  });

  it('R-43/R-82: bad entries are 400 naming the field; the company may not keep the books; other estates are 404', async () => {
    const url = `/api/v1/estates/${f.estateA.id}/finance`;
    const reused = await f.callers.committeeA.post(url, entry({ attachmentId }));
    expect(reused.statusCode).toBe(400);
    expect(reused.json().errors[0].path).toBe('attachmentId');
    const future = await f.callers.committeeA.post(url, entry({ date: '2026-09-16' }));
    expect(future.json().errors[0].path).toBe('date');
    const bad = await f.callers.committeeA.post(url, entry({ amountFen: 12.5, kind: 'gift' }));
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['amountFen', 'kind']);
    expect((await f.callers.companyA.post(url, entry({}))).statusCode).toBe(403);
    expect((await f.callers.committeeB.post(url, entry({}))).statusCode).toBe(404);
    expect((await f.callers.committeeB.get(url)).statusCode).toBe(404);
    expect((await f.callers.committeeA.get(url)).json().entries).toHaveLength(4);
  });
});

describe('R-43 selection and fee disclosure', () => {
  it('R-43: the community records the company selection; the company its fee disclosure; each write audited', async () => {
    const sel = await f.callers.communityA.put(`/api/v1/estates/${f.estateA.id}/disclosure/selection`, {
      method: 'owners_vote',
      description: '经业主大会表决，续聘红星物业服务有限公司',
      contractStartsOn: '2026-01-01',
      contractEndsOn: '2028-12-31',
      decidedOn: '2025-12-20',
    });
    expect(sel.statusCode, sel.body).toBe(200);
    expect(sel.json()).toMatchObject({
      method: 'owners_vote',
      companyId: f.companyA.id,
      companyName: '红星物业服务有限公司',
    });
    const again = await f.callers.committeeA.put(`/api/v1/estates/${f.estateA.id}/disclosure/selection`, {
      method: 'tender',
      description: '公开招标选聘',
      companyId: f.companyA.id,
      contractStartsOn: '2026-01-01',
      contractEndsOn: '2028-12-31',
      tenderResult: '红星物业服务有限公司以综合得分 92.5 分中标',
    });
    expect(again.json()).toMatchObject({ method: 'tender', tenderResult: expect.stringContaining('92.5') });
    const fees = await f.callers.companyA.put(`/api/v1/estates/${f.estateA.id}/disclosure/fees`, {
      items: [
        { name: '物业服务费（住宅）', standardFen: 150 },
        { name: '地面停车费', unit: 'space_month', standardFen: 10000, note: '按车位计' },
      ],
      serviceContent: '公共区域保洁、秩序维护、绿化养护、共用设施设备维修养护',
      serviceStandard: '二级服务标准',
      complaintHotline: '0531-12345678',
    });
    expect(fees.statusCode, fees.body).toBe(200);
    expect(fees.json().items[0]).toEqual({
      name: '物业服务费（住宅）',
      unit: 'm2_month',
      standardFen: 150,
      note: null,
    });
    expect((await auditOf('company_selection')).map((a) => a.action)).toEqual(['create', 'update']);
    expect((await auditOf('fee_disclosure')).map((a) => a.action)).toEqual(['create']);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
    const read = (await f.callers.residentZhang.get(`/api/v1/estates/${f.estateA.id}/disclosure`)).json();
    expect(read.selection.method).toBe('tender');
    expect(read.fees.complaintHotline).toBe('0531-12345678');
  });

  it('R-43/R-01: the company may not record the selection; other estates are 404; bad records are 400', async () => {
    const url = `/api/v1/estates/${f.estateA.id}/disclosure`;
    const sel = {
      method: 'agreement',
      description: '协议选聘',
      contractStartsOn: '2026-01-01',
      contractEndsOn: '2027-12-31',
    };
    expect((await f.callers.companyA.put(`${url}/selection`, sel)).statusCode).toBe(403);
    expect((await f.callers.communityB.put(`${url}/selection`, sel)).statusCode).toBe(404);
    const fees = { items: [{ name: '物业费', standardFen: 100 }], serviceContent: '保洁', complaintHotline: '12345' };
    expect((await f.callers.companyB.put(`${url}/fees`, fees)).statusCode).toBe(404);
    const order = await f.admin.put(`${url}/selection`, { ...sel, contractEndsOn: '2025-12-31' });
    expect(order.json().errors.map((e: { path: string }) => e.path)).toEqual(['contractEndsOn']);
    const meeting = await f.admin.put(`${url}/selection`, { ...sel, meetingId: randomUUID() });
    expect(meeting.json().errors.map((e: { path: string }) => e.path)).toEqual(['meetingId']);
    const none = await f.admin.put(`/api/v1/estates/${f.estateA2.id}/disclosure/selection`, sel);
    expect(none.json().errors.map((e: { path: string }) => e.path)).toEqual(['companyId']);
    const price = await f.admin.put(`${url}/fees`, { ...fees, items: [{ name: '物业费', standardFen: 1.5 }] });
    expect(price.json().errors.map((e: { path: string }) => e.path)).toEqual(['items.0.standardFen']);
  });
});

describe('R-43 public page', () => {
  it('R-43: the public page shows the three publics without login', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/api/public/estates/${f.estateA.id}/disclosure` });
    expect(r.statusCode, r.body).toBe(200);
    const d = r.json();
    expect(d.estate).toMatchObject({ name: '幸福家园', communityName: '幸福社区', streetName: '东风街道' });
    expect(d.selection).toMatchObject({
      method: 'tender',
      companyName: '红星物业服务有限公司',
      contractEndsOn: '2028-12-31',
    });
    expect(d.fees.items).toHaveLength(2);
    expect(d.fees.complaintHotline).toBe('0531-12345678');
    expect(d.collection).toEqual({
      period: '2026Q3',
      billedFen: BILLED_FEN,
      paidFen: 60298,
      owedFen: BILLED_FEN - 60298,
      rateByAmount: 60298 / BILLED_FEN,
      households: 4,
      paidHouseholds: 1,
      partialHouseholds: 1,
      rateByHousehold: 0.25,
    });
    expect(d.finances).toMatchObject({ incomeFen: 125050, expenseFen: 31000, balanceFen: 94050 });
    expect(d.finances.entries.map((e: { counterparty: string }) => e.counterparty)).toEqual([
      '欧阳*',
      '王*',
      '停车管理收入',
      '红星物业服务有限公司',
    ]);
    expect(d.finances.entries[1].attachment).toMatchObject({ mime: 'image/png' });
  });

  it('R-43/R-17: the public page contains no owner name, no phone and no dwelling number', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/api/public/estates/${f.estateA.id}/disclosure` });
    const body = r.body;
    for (const o of OWNERS) {
      expect(body).not.toContain(o.name);
      expect(body).not.toContain(o.name.slice(1)); // not even the given name
      expect(body).not.toContain(o.phone);
    }
    expect(body).not.toContain('欧阳娜娜');
    for (const d of DWELLINGS) expect(body).not.toContain(d.number);
    for (const id of f.dwellings.map((d) => d.id)) expect(body).not.toContain(id);
    for (const o of f.owners) expect(body).not.toContain(o.id);
    expect(body).not.toMatch(/createdBy|updatedBy|dwelling|owner/i);
  });

  it('R-43: unknown estates are 404; the picker lists estates by name without personal data', async () => {
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/public/estates/${randomUUID()}/disclosure` })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/public/estates/nope/disclosure' })).statusCode).toBe(404);
    const empty = await t.app.inject({ method: 'GET', url: `/api/public/estates/${f.estateB.id}/disclosure` });
    expect(empty.json()).toMatchObject({
      selection: null,
      fees: null,
      collection: null,
      finances: { entries: [], balanceFen: 0 },
    });
    const list = await t.app.inject({ method: 'GET', url: `/api/public/estates?q=${encodeURIComponent('幸福')}` });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({
      items: [{ id: f.estateA.id, name: '幸福家园', communityName: '幸福社区', streetName: '东风街道' }],
      total: 1,
      page: 1,
      pageSize: 20,
    });
    const all = await t.app.inject({ method: 'GET', url: '/api/public/estates' });
    expect(all.json().total).toBe(3);
  });

  it('R-17: a person counterparty is masked to the surname', () => {
    expect(maskPersonName('张三丰')).toBe('张*');
    expect(maskPersonName('欧阳娜娜')).toBe('欧阳*');
    expect(maskPersonName('李')).toBe('李*');
  });
});
