/**
 * Fees and the three publics (三个公开) in the demo city (SPEC R-43, R-44): the showcase estate 和谐苑 and the other
 * company-managed estates of its community, plus a few more estates of the showcase company, are billed quarter by
 * quarter for the last year; payments come in as the company's monthly bank-statement imports (a realistic collection
 * rate, rising over the year, the current quarter still coming in), a few at the counter, one of them entered in
 * error and reversed (冲正). Each estate publishes how its company was chosen and its fee standards; 和谐苑's
 * committee keeps its income and expenditure, with an entry made twice and reversed.
 *
 * Everything goes through the services (billing, payment import, payments, reversals, disclosures, finance entries)
 * with the clock set to each step's date, so amounts, rates, statuses and the audit chain are the product's own.
 */
import { parsePeriod } from '@rp/contract';
import { sql } from 'drizzle-orm';
import { rows } from '../db/client';
import { importPayments, type PaymentFileRow } from '../domains/disclosure/disclosure.import';
import {
  createBillingPeriod,
  createFinanceEntry,
  type DisclosureEnv,
  payBill,
  putFeeDisclosure,
  putSelection,
  reverseFinanceEntry,
  reversePayment,
  startOfLocalDay,
} from '../domains/disclosure/disclosure.service';
import { localDate } from '../platform/calendar';
import type { Actor, Ctx } from '../platform/context';
import { DAY, HOUR } from './clock';
import type { EstateInfo, Lookup } from './lookup';
import type { Directory } from './people';
import { Random } from './random';

export interface DisclosureSeedResult {
  estates: number;
  periods: number;
  bills: number;
  payments: number;
  reversals: number;
  financeEntries: number;
}

/** The quarter (YYYYQn) holding a local date, and the n quarters before it, oldest first. */
function lastQuarters(today: string, n: number): string[] {
  let y = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i <= n; i++) {
    out.unshift(`${y}Q${q}`);
    q--;
    if (q === 0) {
      q = 4;
      y--;
    }
  }
  return out;
}

export async function seedDisclosure(
  c: Ctx,
  lk: Lookup,
  dir: Directory,
  actors: Map<string, Actor>,
  o: { now: number; seed: number; timeZone: string },
): Promise<DisclosureSeedResult> {
  const rng = new Random(o.seed);
  const env: DisclosureEnv = { timeZone: o.timeZone };
  const T = o.now;
  const at = (actorId: string, t: number): Ctx => ({
    db: c.db,
    actor: actors.get(actorId)!,
    ip: null,
    now: () => new Date(t),
  });
  const tz = o.timeZone;
  const day = (date: string, hour: number) => startOfLocalDay(date, tz).getTime() + hour * HOUR;
  const today = localDate(new Date(T), tz);

  // The showcase estate, the other company-managed estates of its community, and three more of the same company.
  const showcase = lk.estateByName.get('和谐苑')!;
  const company = showcase.companyId!;
  const managed = (e: EstateInfo) => e.mode === 'company' && !!e.companyId && e.delivered > 0;
  const neighbours = lk.estates.filter(
    (e) => e.id !== showcase.id && e.communityId === showcase.communityId && managed(e),
  );
  const elsewhere = lk.estates
    .filter((e) => e.communityId !== showcase.communityId && e.companyId === company && managed(e))
    .slice(0, 3);
  const chosen = [showcase, ...neighbours, ...elsewhere];
  // The last four quarters billed at least two days ago (a quarter is billed on its 4th day): always a year of
  // bills, whatever the date, and the latest one has had time for payments at the counter.
  const billedAtOf = (period: string) => day(parsePeriod(period)!.startsOn, 9) + 3 * DAY;
  const quarters = lastQuarters(today, 4)
    .filter((q) => billedAtOf(q) + 2 * DAY <= T)
    .slice(-4);
  const out: DisclosureSeedResult = {
    estates: chosen.length,
    periods: 0,
    bills: 0,
    payments: 0,
    reversals: 0,
    financeEntries: 0,
  };

  for (const [ei, e] of chosen.entries()) {
    const companyAccount = dir.companyAccount.get(e.companyId!)!;
    const price = e.id === showcase.id ? 180 : [150, 160, 120, 200, 135][ei % 5];
    // A red-property estate collects more, and better every quarter; the others start lower.
    const base = e.id === showcase.id ? 0.82 : 0.58 + rng.next() * 0.14;
    for (const [qi, period] of quarters.entries()) {
      const p = parsePeriod(period)!;
      const billedAt = billedAtOf(period);
      const bp = await createBillingPeriod(at(companyAccount, billedAt), e.id, {
        period,
        months: 3,
        unitPriceFenPerM2Month: price,
      });
      out.periods++;
      out.bills += bp.bills;
      const bills = await rows<{ id: string; amount_fen: string; building: string; unit: string; number: string }>(
        c.db,
        sql`select b.id, b.amount_fen::text, d.building, d.unit, d.number from bills b join dwellings d on d.id = b.dwelling_id
            where b.billing_period_id = ${bp.id} order by d.building, d.unit, d.number`,
      );
      const current = qi === quarters.length - 1 && p.endsOn >= today;
      const latest = qi === quarters.length - 1;
      // The current quarter is still coming in: the share paid so far grows with the days since billing.
      const elapsed = Math.min(1, (T - billedAt) / (60 * DAY));
      const share = Math.min(0.95, base + qi * 0.03) * (current ? 0.35 + 0.6 * elapsed : 1);
      // Paid in monthly bank-statement imports: each payer pays on a day of the 45 days after billing (up to now).
      const last = Math.min(T - 2 * HOUR, billedAt + 45 * DAY);
      const payments = bills
        .filter(() => rng.next() < share)
        .map((b) => {
          const when = billedAt + rng.next() * (last - billedAt);
          const full = Number(b.amount_fen);
          // Some pay half now (partial), the rest later or not yet.
          const amount = rng.next() < 0.05 ? Math.floor(full / 2) : full;
          return { b, when, amount };
        });
      const batches = new Map<number, typeof payments>();
      for (const x of payments) {
        const k = Math.floor((x.when - billedAt) / (15 * DAY));
        batches.set(k, [...(batches.get(k) ?? []), x]);
      }
      for (const [k, list] of [...batches].sort((a, b) => a[0] - b[0])) {
        const importedAt = Math.min(T - HOUR, billedAt + (k + 1) * 15 * DAY);
        const fileRows: PaymentFileRow[] = list.map((x, i) => ({
          row: i + 2,
          building: x.b.building,
          unit: x.b.unit,
          number: x.b.number,
          amountFen: x.amount,
          paidAt: startOfLocalDay(localDate(new Date(x.when), tz), tz),
        }));
        const r = await importPayments(at(companyAccount, importedAt), e.id, bp.id, { rows: fileRows, errors: [] });
        out.payments += r.imported;
      }
      // 和谐苑, the latest quarter: two owners pay at the counter; one payment goes on the wrong dwelling and is
      // reversed the next morning (the right one is then paid).
      if (e.id === showcase.id && latest) {
        const unpaid = await rows<{ id: string; amount_fen: string }>(
          c.db,
          sql`select id, amount_fen::text from bills where billing_period_id = ${bp.id} and status = 'unpaid' order by id limit 3`,
        );
        if (unpaid.length === 3) {
          // At least two days after billing (see quarters): the counter day falls after the bills, before now.
          const counter = Math.min(T - 30 * HOUR, billedAt + 20 * DAY);
          const paidOn = localDate(new Date(counter), tz);
          const pay = (b: { id: string; amount_fen: string }, t: number) =>
            payBill(at(companyAccount, t), env, b.id, { amountFen: Number(b.amount_fen), paidAt: paidOn });
          await pay(unpaid[0], counter);
          const wrong = await pay(unpaid[1], counter + HOUR);
          await reversePayment(at(companyAccount, counter + 20 * HOUR), wrong.id, {
            reason: '误登记在相邻房号，已冲正并改登正确房屋',
          });
          await pay(unpaid[2], counter + 20 * HOUR + 5 * 60_000);
          out.payments += 3;
          out.reversals++;
        }
      }
    }

    // The three publics: how the company was chosen, and the fee standards (明码标价).
    const chosenOn = `${Number(today.slice(0, 4)) - 2}-12-10`;
    const start = `${Number(today.slice(0, 4)) - 1}-01-01`;
    const end = `${Number(today.slice(0, 4)) + 1}-12-31`;
    const recorder = e.id === showcase.id ? dir.demo.committee : dir.orgUnitAccount.get(e.communityId)!;
    await putSelection(at(recorder, day(start, 10) - 20 * DAY), e.id, {
      method: ei % 3 === 1 ? 'tender' : 'owners_vote',
      description:
        ei % 3 === 1
          ? '业主委员会委托招标代理机构公开招标选聘物业服务企业，经评标委员会评审确定中标人，结果在小区公示七日。'
          : '业主大会以书面征求意见方式表决续聘，参与表决的专有部分面积和人数均超过三分之二，同意续聘的均过半数。',
      decidedOn: chosenOn,
      contractStartsOn: start,
      contractEndsOn: end,
      ...(ei % 3 === 1 ? { tenderResult: '三家企业投标，综合得分第一名中标。' } : {}),
    });
    await putFeeDisclosure(at(companyAccount, day(start, 10) - 10 * DAY), e.id, {
      items: [
        {
          name: '物业服务费',
          unit: 'm2_month',
          standardFen: price,
          note: '含公共区域保洁、秩序维护、绿化养护、共用设施维护',
        },
        { name: '电梯运行维护费', unit: 'm2_month', standardFen: 30, note: '高层住宅' },
        { name: '地面停车管理费', unit: 'space_month', standardFen: 6000 },
        { name: '装修垃圾清运', unit: 'time', standardFen: 30000, note: '每户一次' },
      ],
      serviceContent: '二级物业服务标准：24 小时门岗值守、每日两次公共区域保洁、共用设施设备定期巡检、绿化季节性养护。',
      serviceStandard: '报修 30 分钟内响应，一般维修 24 小时内完成；每季度公示公共收益收支。',
      complaintHotline: '0531-8861 2345',
    });
  }

  // 和谐苑's committee keeps its books: public income (advertising, parking) and spending, one entry made twice.
  const committee = dir.demo.committee;
  const months = Array.from({ length: 6 }, (_, i) => {
    const d = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() - 5 + i);
    return d.toISOString().slice(0, 7);
  });
  const entry = async (
    date: string,
    kind: 'income' | 'expense',
    amountFen: number,
    counterparty: string,
    purpose: string,
    person = false,
  ) => {
    const t = Math.min(T - HOUR, day(date, 15));
    const r = await createFinanceEntry(at(committee, t), env, showcase.id, {
      kind,
      amountFen,
      date,
      counterparty,
      counterpartyKind: person ? 'person' : 'organization',
      purpose,
    });
    out.financeEntries++;
    return { r, t };
  };
  for (const [i, m] of months.entries()) {
    if (`${m}-05` > today) break;
    await entry(`${m}-05`, 'income', 180000, '示范市华庭传媒有限公司', '电梯轿厢广告位租金（公共收益）');
    if (i % 2 === 0) await entry(`${m}-10`, 'income', 264000, '和谐苑停车场', '地面临时停车收费（公共收益）');
    if (i === 1) await entry(`${m}-18`, 'expense', 86000, '示范市安达防水工程有限公司', '3号楼屋面防水局部维修');
    if (i === 3) await entry(`${m}-12`, 'expense', 12800, '王师傅', '单元门禁读卡器更换人工费', true);
    if (i === 4) {
      const { t } = await entry(`${m}-20`, 'expense', 45000, '示范市明正会计师事务所', '公共收益年度审计费');
      const dup = await entry(`${m}-20`, 'expense', 45000, '示范市明正会计师事务所', '公共收益年度审计费（重复录入）');
      await reverseFinanceEntry(at(committee, Math.min(T - HOUR, t + DAY)), env, dup.r.id, {
        reason: '同一张发票重复录入，冲正',
      });
      out.financeEntries++;
      out.reversals++;
    }
  }
  return out;
}
