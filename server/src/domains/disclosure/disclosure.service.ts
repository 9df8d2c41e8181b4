import {
  type BILL_SORT,
  type BILLING_PERIOD_SORT,
  type BillingPeriodCreate,
  type BillStatus,
  type FeeDisclosurePut,
  type FINANCE_SORT,
  type FinanceEntryCreate,
  fenToYuan,
  hundredthsToArea,
  maskPersonName,
  type PAYMENT_SORT,
  type PaymentCreate,
  type PeriodKind,
  parsePeriod,
  type ReversalCreate,
  type SelectionPut,
  type Sort,
} from '@rp/contract';
import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { type Db, rows } from '../../db/client';
import {
  billingPeriods,
  bills,
  companies,
  companySelections,
  dwellings,
  estates,
  feeDisclosures,
  financeEntries,
  meetings,
  orgUnits,
  payments,
  uploads,
} from '../../db/schema';
import { audit } from '../../platform/audit';
import { localDate, tzOffsetMinutes } from '../../platform/calendar';
import { type Ctx, inTx } from '../../platform/context';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors';
import { dwellingScope, estateIdInScope, estateScope, found } from '../../platform/scope';
import { orderByOf } from '../../platform/sort';
import { claimUploads, DOCUMENT_MIMES } from '../../platform/uploads';

/** What the fee rules need from the configuration: the time zone of payment dates. */
export interface DisclosureEnv {
  timeZone: string;
}
type Paging = { page: number; pageSize: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids are uuids in the database; anything else cannot exist (and must not reach SQL as a uuid). */
export const isUuid = (s: string | undefined | null): s is string => !!s && UUID.test(s);
const iso = (d: Date) => d.toISOString();
const num = (v: string | number | bigint | null | undefined) => Number(v ?? 0);
const ratio = (a: number, b: number) => (b ? a / b : null);

/** An estate visible to the caller, or 404 (SPEC R-01). */
export async function estateFor(ctx: Ctx, estateId: string) {
  if (!isUuid(estateId)) throw notFound();
  return found(
    (
      await ctx.db
        .select()
        .from(estates)
        .where(and(eq(estates.id, estateId), estateScope(ctx.actor)))
    )[0],
  );
}

/** The path of an org unit, for subtree filters; null when there is no such unit. */
async function orgPathOf(db: Db, orgUnitId: string): Promise<string | null> {
  if (!isUuid(orgUnitId)) return null;
  const [u] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, orgUnitId));
  return u?.path ?? null;
}

/** The instant of 00:00 local time on a calendar date. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const guess = Date.parse(`${date}T00:00:00Z`);
  return new Date(guess - tzOffsetMinutes(new Date(guess), timeZone) * 60_000);
}

/** A payment time from `YYYY-MM-DD` (local midnight) or an ISO instant; a day after today is refused. */
export function paymentInstant(paidAt: string, now: Date, timeZone: string, field = 'paidAt'): Date {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(paidAt) ? startOfLocalDay(paidAt, timeZone) : new Date(paidAt);
  if (Number.isNaN(at.getTime())) throw fieldError(field, 'err.date');
  if (localDate(at, timeZone) > localDate(now, timeZone)) throw fieldError(field, 'err.dateFuture');
  return at;
}

// ───────────────────────────── billing periods (SPEC R-44) ─────────────────────────────

type PeriodRow = typeof billingPeriods.$inferSelect;
const presentPeriod = (p: PeriodRow, paid: { paidFen: number; paidBills: number }, estateName?: string) => ({
  id: p.id,
  estateId: p.estateId,
  ...(estateName === undefined ? {} : { estateName }),
  period: p.period,
  kind: p.kind,
  startsOn: p.startsOn,
  endsOn: p.endsOn,
  months: p.months,
  unitPriceFenPerM2Month: p.unitPriceFenPerM2Month,
  bills: p.bills,
  billedFen: p.billedFen,
  paidFen: paid.paidFen,
  paidBills: paid.paidBills,
  rateByAmount: ratio(paid.paidFen, p.billedFen),
  rateByHousehold: ratio(paid.paidBills, p.bills),
  createdAt: iso(p.createdAt),
});

/**
 * Hot write (billing run): bills every delivered dwelling of an estate for a period, in one transaction and one
 * INSERT … SELECT, so 300,000 dwellings cost one statement rather than 300,000 round trips.
 * SPEC R-44: area (hundredths of m²) × unit price (fen/m²·month) × months, rounded half up per bill, integer-only:
 * (areaHundredths × price × months + 50) / 100 in bigint arithmetic (the same rule as contract `billAmountFen`).
 */
export async function createBillingPeriod(ctx: Ctx, estateId: string, input: BillingPeriodCreate) {
  const estate = await estateFor(ctx, estateId);
  const p = parsePeriod(input.period);
  if (!p) throw fieldError('period', 'err.period');
  const out = await inTx(ctx, async (c) => {
    // Billing runs of one estate are serialised, so two overlapping periods can never both pass the check.
    await c.db.execute(sql`select pg_advisory_xact_lock(${BILLING_LOCK}, hashtext(${estateId}))`);
    const existing = await c.db
      .select({ period: billingPeriods.period, startsOn: billingPeriods.startsOn, endsOn: billingPeriods.endsOn })
      .from(billingPeriods)
      .where(eq(billingPeriods.estateId, estateId));
    if (existing.some((e) => e.period === p.period)) throw conflict('err.periodExists');
    // A dwelling is never billed twice for the same month: 2026Q3 and 2026-08 overlap.
    const overlap = existing.find((e) => e.startsOn <= p.endsOn && p.startsOn <= e.endsOn);
    if (overlap) throw conflict('err.periodOverlap', { period: overlap.period });
    const [bp] = await c.db
      .insert(billingPeriods)
      .values({
        estateId,
        period: p.period,
        kind: p.kind,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
        months: input.months,
        unitPriceFenPerM2Month: input.unitPriceFenPerM2Month,
        createdBy: ctx.actor.id,
        createdAt: ctx.now(),
      })
      .returning();
    const [agg] = await rows<{ n: number; total: string }>(
      c.db,
      sql`with ins as (
            insert into ${bills} (billing_period_id, estate_id, org_path, dwelling_id, period, area_hundredths, amount_fen, status)
            select ${bp.id}::uuid, x.estate_id, ${estate.orgPath}::text, x.id, ${p.period}::text, x.area_hundredths, x.amount,
                   case when x.amount = 0 then 'paid' else 'unpaid' end
            from (select d.estate_id, d.id, d.area_hundredths,
                         (d.area_hundredths::bigint * ${input.unitPriceFenPerM2Month}::bigint * ${input.months}::bigint + 50) / 100 as amount
                  from ${dwellings} d where d.estate_id = ${estateId} and d.delivered) x
            returning amount_fen)
          select count(*)::int as n, coalesce(sum(amount_fen), 0)::text as total from ins`,
    );
    const n = num(agg.n);
    if (n === 0) throw conflict('err.noDeliveredDwellings');
    const billedFen = num(agg.total);
    const [row] = await c.db
      .update(billingPeriods)
      .set({ bills: n, billedFen })
      .where(eq(billingPeriods.id, bp.id))
      .returning();
    await audit(c, {
      action: 'create',
      entity: 'billing_period',
      entityId: bp.id,
      after: {
        estateId,
        period: p.period,
        months: input.months,
        unitPriceFenPerM2Month: input.unitPriceFenPerM2Month,
        bills: n,
        billedFen,
      },
    });
    return presentPeriod(row, { paidFen: 0, paidBills: 0 });
  });
  // A large run changes the table's shape at once; fresh planner statistics keep the next ledger reads on good
  // plans instead of waiting for autovacuum. After the commit, so concurrent billing runs never queue on it.
  if (out.bills >= ANALYZE_AFTER_BILLS) await ctx.db.execute(sql`analyze ${bills}`).catch(() => undefined);
  return out;
}

/** Advisory lock class of billing runs (two-key form: its own space, apart from the audit chain's lock). */
const BILLING_LOCK = 4_242_043;
/** Bill runs at least this large refresh the planner statistics of `bills` right away. */
const ANALYZE_AFTER_BILLS = 10_000;

/** Paid totals of billing periods, from their bills (the truth, never a counter that could drift). */
async function paidTotals(db: Db, ids: string[]) {
  if (!ids.length) return new Map<string, { paidFen: number; paidBills: number }>();
  const list = await rows<{ id: string; paid: string; paid_bills: number }>(
    db,
    sql`select billing_period_id as id, coalesce(sum(paid_fen), 0)::text as paid,
               count(*) filter (where status = 'paid')::int as paid_bills
        from ${bills} where ${inArray(bills.billingPeriodId, ids)} group by billing_period_id`,
  );
  return new Map(list.map((r) => [r.id, { paidFen: num(r.paid), paidBills: num(r.paid_bills) }]));
}

/** Billing periods in scope (of an estate, a subtree or a period), newest first, with billed and paid totals. */
export async function listBillingPeriods(
  ctx: Ctx,
  q: {
    estateId?: string;
    orgUnitId?: string;
    period?: string;
    sort?: Sort<(typeof BILLING_PERIOD_SORT)[number]>;
  } & Paging,
) {
  const conds: SQL[] = [estateIdInScope(ctx.actor, billingPeriods.estateId)];
  if (q.estateId) conds.push(isUuid(q.estateId) ? eq(billingPeriods.estateId, q.estateId) : sql`false`);
  if (q.orgUnitId) {
    const path = await orgPathOf(ctx.db, q.orgUnitId);
    conds.push(
      path
        ? sql`${billingPeriods.estateId} in (select ${estates.id} from ${estates} where ${estates.orgPath} like ${`${path}%`})`
        : sql`false`,
    );
  }
  if (q.period) conds.push(eq(billingPeriods.period, q.period));
  const where = and(...conds);
  const [[{ n }], list] = await Promise.all([
    ctx.db.select({ n: count() }).from(billingPeriods).where(where),
    ctx.db
      .select({ p: billingPeriods, estateName: estates.name })
      .from(billingPeriods)
      .innerJoin(estates, eq(estates.id, billingPeriods.estateId))
      .where(where)
      .orderBy(
        ...orderByOf(
          q.sort,
          { period: billingPeriods.startsOn, estateName: estates.name, billedFen: billingPeriods.billedFen },
          billingPeriods.id,
          [desc(billingPeriods.startsOn), asc(estates.name)],
        ),
      )
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
  ]);
  const paid = await paidTotals(
    ctx.db,
    list.map((r) => r.p.id),
  );
  return {
    items: list.map((r) => presentPeriod(r.p, paid.get(r.p.id) ?? { paidFen: 0, paidBills: 0 }, r.estateName)),
    total: Number(n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** A billing period in scope, or 404. */
export async function billingPeriodFor(ctx: Ctx, id: string) {
  if (!isUuid(id)) throw notFound();
  return found(
    (
      await ctx.db
        .select()
        .from(billingPeriods)
        .where(and(eq(billingPeriods.id, id), estateIdInScope(ctx.actor, billingPeriods.estateId)))
    )[0],
  );
}

/** One billing period with its totals. */
export async function getBillingPeriod(ctx: Ctx, id: string) {
  const p = await billingPeriodFor(ctx, id);
  const paid = await paidTotals(ctx.db, [p.id]);
  return presentPeriod(p, paid.get(p.id) ?? { paidFen: 0, paidBills: 0 });
}

// ───────────────────────────── bills ─────────────────────────────

type BillRow = typeof bills.$inferSelect;
type BillJoined = { b: BillRow; building: string; unit: string; number: string };
/** Presents a bill: its listed fields only (no owner names or phones). */
const presentBill = (r: BillJoined) => ({
  id: r.b.id,
  estateId: r.b.estateId,
  billingPeriodId: r.b.billingPeriodId,
  dwellingId: r.b.dwellingId,
  building: r.building,
  unit: r.unit,
  number: r.number,
  areaM2: hundredthsToArea(r.b.areaHundredths),
  period: r.b.period,
  amountFen: r.b.amountFen,
  paidFen: r.b.paidFen,
  owedFen: r.b.amountFen - r.b.paidFen,
  status: r.b.status as BillStatus,
});

export interface BillFilter {
  estateId?: string;
  billingPeriodId?: string;
  period?: string;
  status?: BillStatus;
  dwellingId?: string;
  building?: string;
  sort?: Sort<(typeof BILL_SORT)[number]>;
}

/**
 * SPEC R-01 for bills, on the bills table alone (no join needed to count): staff, company and committee by the
 * bill's estate; a resident only the bills of its own dwellings (through dwellingScope).
 */
function billScope(ctx: Ctx): SQL {
  if (ctx.actor.role === 'resident')
    return sql`${bills.dwellingId} in (select ${dwellings.id} from ${dwellings} where ${dwellingScope(ctx.actor)})`;
  return estateIdInScope(ctx.actor, bills.estateId);
}

/** The bills matching a filter inside the caller's scope; refers to `bills` columns only. */
function billWhere(ctx: Ctx, f: BillFilter): SQL | undefined {
  const conds: SQL[] = [billScope(ctx)];
  const byId = (col: PgColumn, v: string | undefined) => {
    if (v !== undefined) conds.push(isUuid(v) ? eq(col, v) : sql`false`);
  };
  byId(bills.estateId, f.estateId);
  byId(bills.billingPeriodId, f.billingPeriodId);
  byId(bills.dwellingId, f.dwellingId);
  if (f.period) conds.push(eq(bills.period, f.period));
  if (f.status) conds.push(eq(bills.status, f.status));
  if (f.building)
    conds.push(
      sql`${bills.dwellingId} in (select ${dwellings.id} from ${dwellings} where ${dwellings.building} = ${f.building})`,
    );
  return and(...conds);
}

function billSelect(db: Db) {
  return db
    .select({ b: bills, building: dwellings.building, unit: dwellings.unit, number: dwellings.number })
    .from(bills)
    .innerJoin(dwellings, eq(dwellings.id, bills.dwellingId));
}
const BILL_ORDER = [
  asc(bills.estateId),
  desc(bills.period),
  sql`length(${dwellings.building})`,
  asc(dwellings.building),
  sql`length(${dwellings.unit})`,
  asc(dwellings.unit),
  sql`length(${dwellings.number})`,
  asc(dwellings.number),
];
/** Bill sort fields; the address sorts naturally (楼栋, then 单元, then 房号). */
const BILL_SORT_KEYS = {
  period: bills.period,
  building: [
    sql`length(${dwellings.building})`,
    dwellings.building,
    sql`length(${dwellings.unit})`,
    dwellings.unit,
    sql`length(${dwellings.number})`,
    dwellings.number,
  ],
  areaM2: bills.areaHundredths,
  amountFen: bills.amountFen,
  paidFen: bills.paidFen,
  owedFen: sql`(${bills.amountFen} - ${bills.paidFen})`,
  status: bills.status,
};
const billOrder = (f: BillFilter) => orderByOf(f.sort, BILL_SORT_KEYS, bills.id, BILL_ORDER);

/** Hot query (bill ledger): bills in scope, filtered, ordered by address (楼栋/单元/房号, numerically). */
export async function listBills(ctx: Ctx, f: BillFilter & Paging) {
  const where = billWhere(ctx, f);
  const [[{ n }], list] = await Promise.all([
    ctx.db.select({ n: count() }).from(bills).where(where),
    billSelect(ctx.db)
      .where(where)
      .orderBy(...billOrder(f))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
  ]);
  return { items: list.map(presentBill), total: Number(n), page: f.page, pageSize: f.pageSize };
}

/** Every bill matching a filter, for the Excel ledger (same scope as the list). */
export async function exportBills(ctx: Ctx, f: BillFilter) {
  const list = await billSelect(ctx.db)
    .where(billWhere(ctx, f))
    .orderBy(...billOrder(f));
  return list.map(presentBill);
}

/** One bill in scope, or 404. */
export async function billFor(ctx: Ctx, id: string) {
  if (!isUuid(id)) throw notFound();
  const [r] = await billSelect(ctx.db).where(and(eq(bills.id, id), billScope(ctx)));
  return presentBill(found(r));
}

type PaymentRow = typeof payments.$inferSelect;
const presentPayment = (p: PaymentRow, reversed = false) => ({
  id: p.id,
  billId: p.billId,
  amountFen: p.amountFen,
  paidAt: iso(p.paidAt),
  source: p.source,
  note: p.note,
  reversesId: p.reversesId,
  reversalReason: p.reversalReason,
  reversed,
  createdAt: iso(p.createdAt),
});
/** Is this row reversed by a later one (the unique partial index makes it one lookup). */
// Spelled out: drizzle leaves a column unqualified in a single-table select, which the subquery would take as its own.
const paymentReversed = sql<boolean>`exists (select 1 from payments r where r.reverses_id = "payments"."id")`;
const entryReversed = sql<boolean>`exists (select 1 from finance_entries r where r.reverses_id = "finance_entries"."id")`;

/** A bill's paid amount moved by `delta` fen (negative for a reversal), its status following from paid against due. */
const paidBy = (delta: number) => ({
  paidFen: sql`${bills.paidFen} + ${delta}`,
  status: sql`case when ${bills.paidFen} + ${delta} <= 0 then 'unpaid'
    when ${bills.paidFen} + ${delta} >= ${bills.amountFen} then 'paid' else 'partial' end`,
});

/**
 * Records a payment against a bill (SPEC R-44): partial payments allowed, never more than is owed (400 naming
 * amountFen). The guarded update makes concurrent payments safe: it only applies while the sum stays within the bill.
 */
export async function payBill(ctx: Ctx, env: DisclosureEnv, billId: string, input: PaymentCreate) {
  const bill = await billFor(ctx, billId);
  const paidAt = paymentInstant(input.paidAt, ctx.now(), env.timeZone);
  const overpaid = (owed: number) => fieldError('amountFen', 'err.overpayment', { owed: fenToYuan(owed) });
  if (input.amountFen > bill.owedFen) throw overpaid(bill.owedFen);
  return inTx(ctx, async (c) => {
    const amount = input.amountFen;
    // The before-image as of this transaction (another payment may have committed since the read above).
    const [locked] = await c.db.select().from(bills).where(eq(bills.id, billId)).for('no key update');
    const [updated] = await c.db
      .update(bills)
      .set(paidBy(amount))
      .where(and(eq(bills.id, billId), sql`${bills.paidFen} + ${amount} <= ${bills.amountFen}`))
      .returning();
    if (!updated) {
      const [now] = await c.db.select().from(bills).where(eq(bills.id, billId));
      throw overpaid(now.amountFen - now.paidFen);
    }
    const [pay] = await c.db
      .insert(payments)
      .values({
        billId,
        billingPeriodId: updated.billingPeriodId,
        estateId: updated.estateId,
        amountFen: amount,
        paidAt,
        source: 'manual',
        note: input.note ?? null,
        createdBy: ctx.actor.id,
        createdAt: ctx.now(),
      })
      .returning();
    await audit(c, {
      action: 'pay',
      entity: 'bill',
      entityId: billId,
      before: { paidFen: locked.paidFen, status: locked.status },
      after: {
        paymentId: pay.id,
        amountFen: amount,
        paidAt: iso(paidAt),
        paidFen: updated.paidFen,
        status: updated.status,
      },
    });
    return {
      ...presentPayment(pay),
      bill: presentBill({ b: updated, building: bill.building, unit: bill.unit, number: bill.number }),
    };
  });
}

/** The payments of a bill in scope, oldest first unless sorted. */
export async function listPayments(ctx: Ctx, billId: string, sort?: Sort<(typeof PAYMENT_SORT)[number]>) {
  await billFor(ctx, billId);
  const list = await ctx.db
    .select({ p: payments, reversed: paymentReversed })
    .from(payments)
    .where(eq(payments.billId, billId))
    .orderBy(
      ...orderByOf(sort, { paidAt: payments.paidAt, amountFen: payments.amountFen }, payments.id, [
        asc(payments.paidAt),
        asc(payments.createdAt),
      ]),
    );
  return list.map((r) => presentPayment(r.p, r.reversed));
}

/** What a counter-entry (冲正) carries: the negative amount, the entry it cancels, the reason, who and when. */
const counterEntry = (c: Ctx, orig: { id: string; amountFen: number }, input: ReversalCreate) => ({
  amountFen: -orig.amountFen,
  reversesId: orig.id,
  reversalReason: input.reason,
  createdBy: c.actor.id,
  createdAt: c.now(),
});

/**
 * Reverses (冲正) a payment recorded in error (SPEC R-44): the payment stays; a counter-payment of the negative amount
 * names it and the reason, and the bill's paid amount and status go back. 404 outside scope; 409 when the payment
 * is itself a reversal or was reversed already (the unique index also stops two at once).
 */
export async function reversePayment(ctx: Ctx, paymentId: string, input: ReversalCreate) {
  if (!isUuid(paymentId)) throw notFound();
  const [orig] = await ctx.db.select().from(payments).where(eq(payments.id, paymentId));
  const bill = await billFor(ctx, found(orig).billId);
  if (orig.reversesId) throw conflict('err.reverseReversal');
  return inTx(ctx, async (c) => {
    // The before-image as of this transaction (a payment may have committed since the read above).
    const [locked] = await c.db.select().from(bills).where(eq(bills.id, orig.billId)).for('no key update');
    const [pay] = await c.db
      .insert(payments)
      .values({
        billId: orig.billId,
        billingPeriodId: orig.billingPeriodId,
        estateId: orig.estateId,
        paidAt: c.now(),
        source: 'manual',
        note: null,
        ...counterEntry(c, orig, input),
      })
      .onConflictDoNothing()
      .returning();
    if (!pay) throw conflict('err.alreadyReversed');
    const [updated] = await c.db
      .update(bills)
      .set(paidBy(-orig.amountFen))
      .where(eq(bills.id, orig.billId))
      .returning();
    await audit(c, {
      action: 'reverse_payment',
      entity: 'bill',
      entityId: orig.billId,
      before: { paidFen: locked.paidFen, status: locked.status },
      after: {
        paymentId: orig.id,
        reversalId: pay.id,
        amountFen: pay.amountFen,
        reason: input.reason,
        paidFen: updated.paidFen,
        status: updated.status,
      },
    });
    return {
      ...presentPayment(pay),
      bill: presentBill({ b: updated, building: bill.building, unit: bill.unit, number: bill.number }),
    };
  });
}

// ───────────────────────────── fee statistics (SPEC R-44) ─────────────────────────────

interface FeeCounters {
  billed: string;
  paid: string;
  households: number;
  paid_households: number;
  partial_households: number;
}
/** The counters behind the collection rates, one aggregate pass; integer sums (bigint in SQL). */
const FEE_COUNTERS = sql`coalesce(sum(amount_fen), 0)::bigint::text as billed,
  coalesce(sum(paid_fen), 0)::bigint::text as paid,
  count(*)::int as households,
  count(*) filter (where status = 'paid')::int as paid_households,
  count(*) filter (where status = 'partial')::int as partial_households`;

/** SPEC R-44: rate by amount = paid ÷ billed; rate by household = fully paid bills ÷ bills. */
function feeFigures(c: FeeCounters) {
  const billedFen = num(c.billed);
  const paidFen = num(c.paid);
  const households = num(c.households);
  const paidHouseholds = num(c.paid_households);
  return {
    billedFen,
    paidFen,
    owedFen: billedFen - paidFen,
    rateByAmount: ratio(paidFen, billedFen),
    households,
    paidHouseholds,
    partialHouseholds: num(c.partial_households),
    rateByHousehold: ratio(paidHouseholds, households),
  };
}

export interface FeeStatsFilter {
  estateId?: string;
  orgUnitId?: string;
  period?: string;
}

/** The population of a fee statistic: bills of estates in scope, of an estate or subtree, of a period. */
async function feePopulation(ctx: Ctx, f: FeeStatsFilter): Promise<SQL> {
  const conds: SQL[] = [estateIdInScope(ctx.actor, bills.estateId)];
  if (f.estateId) conds.push(isUuid(f.estateId) ? sql`${bills.estateId} = ${f.estateId}` : sql`false`);
  if (f.orgUnitId) {
    const path = await orgPathOf(ctx.db, f.orgUnitId);
    conds.push(path ? sql`${bills.orgPath} like ${`${path}%`}` : sql`false`);
  }
  if (f.period) conds.push(sql`${bills.period} = ${f.period}`);
  return sql.join(conds, sql` and `);
}

/**
 * Hot query (fee statistics): billed and paid sums and household counts for a scope and period, one pass.
 * Uses bills_estate_period_idx for an estate, bills_path_period_idx for a subtree.
 */
export async function feeStats(ctx: Ctx, f: FeeStatsFilter) {
  const where = await feePopulation(ctx, f);
  const [c] = await rows<FeeCounters>(ctx.db, sql`select ${FEE_COUNTERS} from ${bills} where ${where}`);
  return feeFigures(c);
}

/** The same figures per period, in calendar order (a year before its quarters, a quarter before its months). */
/**
 * SPEC R-44: the collection rates per billing period, in calendar order. Periods of one kind only, so a subtree
 * where some estates bill quarterly and others monthly does not mix overlapping periods in one line: the kind asked
 * for, or else the kind most of the bills were billed in (ties: quarter, month, year).
 */
export async function feeTrend(ctx: Ctx, f: Omit<FeeStatsFilter, 'period'> & { kind?: PeriodKind }) {
  const where = await feePopulation(ctx, f);
  const list = await rows<FeeCounters & { period: string }>(
    ctx.db,
    sql`select period, ${FEE_COUNTERS} from ${bills} where ${where} group by period`,
  );
  const points = list.map((c) => ({ c, p: parsePeriod(c.period) })).filter((x) => x.p !== null);
  const billsOf = (k: PeriodKind) => points.filter((x) => x.p!.kind === k).reduce((n, x) => n + num(x.c.households), 0);
  const kind =
    f.kind ??
    (['quarter', 'month', 'year'] as PeriodKind[]).reduce((best, k) => (billsOf(k) > billsOf(best) ? k : best));
  return points
    .filter((x) => x.p!.kind === kind)
    .map(({ c, p }) => ({ period: c.period, startsOn: p!.startsOn, ...feeFigures(c) }))
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn));
}

// ───────────────────────────── committee finances (SPEC R-43 (3)) ─────────────────────────────

type FinanceRow = typeof financeEntries.$inferSelect;
type Attachment = { id: string; mime: string; size: number } | null;
const presentFinance = (e: FinanceRow, attachment: Attachment, reversed = false) => ({
  id: e.id,
  estateId: e.estateId,
  kind: e.kind,
  amountFen: e.amountFen,
  date: e.date,
  counterparty: e.counterparty,
  counterpartyKind: e.counterpartyKind,
  purpose: e.purpose,
  attachment,
  reversesId: e.reversesId,
  reversalReason: e.reversalReason,
  reversed,
  createdAt: iso(e.createdAt),
});

/** Records an income or expense entry of the estate's committee, with an optional uploaded receipt (SPEC R-43). */
export async function createFinanceEntry(ctx: Ctx, env: DisclosureEnv, estateId: string, input: FinanceEntryCreate) {
  await estateFor(ctx, estateId);
  if (input.date > localDate(ctx.now(), env.timeZone)) throw fieldError('date', 'err.dateFuture');
  if (input.attachmentId !== undefined && !isUuid(input.attachmentId))
    throw fieldError('attachmentId', 'err.uploadMissing');
  return inTx(ctx, async (c) => {
    let attachment: Attachment = null;
    if (input.attachmentId) {
      try {
        await claimUploads(c, [input.attachmentId], 'attachmentId', DOCUMENT_MIMES);
      } catch (e) {
        if (e instanceof AppError && e.status === 400) throw fieldError('attachmentId', 'err.uploadMissing');
        throw e;
      }
      const [u] = await c.db
        .select({ id: uploads.id, mime: uploads.mime, size: uploads.size })
        .from(uploads)
        .where(eq(uploads.id, input.attachmentId));
      attachment = u;
    }
    const [row] = await c.db
      .insert(financeEntries)
      .values({
        estateId,
        kind: input.kind,
        amountFen: input.amountFen,
        date: input.date,
        counterparty: input.counterparty,
        counterpartyKind: input.counterpartyKind,
        purpose: input.purpose,
        attachmentId: input.attachmentId ?? null,
        createdBy: ctx.actor.id,
        createdAt: ctx.now(),
      })
      .returning();
    const out = presentFinance(row, attachment);
    await audit(c, { action: 'create', entity: 'finance_entry', entityId: row.id, after: out });
    return out;
  });
}

/** An estate's finance entries (newest first unless sorted) with income, expense and balance (integer sums). */
async function financeLedger(db: Db, estateId: string, sort?: Sort<(typeof FINANCE_SORT)[number]>) {
  const [list, [tot]] = await Promise.all([
    db
      .select({
        e: financeEntries,
        a: { id: uploads.id, mime: uploads.mime, size: uploads.size },
        reversed: entryReversed,
      })
      .from(financeEntries)
      .leftJoin(uploads, eq(uploads.id, financeEntries.attachmentId))
      .where(eq(financeEntries.estateId, estateId))
      .orderBy(
        ...orderByOf(
          sort,
          { date: financeEntries.date, kind: financeEntries.kind, amountFen: financeEntries.amountFen },
          financeEntries.id,
          [desc(financeEntries.date), desc(financeEntries.createdAt)],
        ),
      ),
    rows<{ income: string; expense: string }>(
      db,
      sql`select coalesce(sum(amount_fen) filter (where kind = 'income'), 0)::bigint::text as income,
                 coalesce(sum(amount_fen) filter (where kind = 'expense'), 0)::bigint::text as expense
          from ${financeEntries} where estate_id = ${estateId}`,
    ),
  ]);
  const incomeFen = num(tot.income);
  const expenseFen = num(tot.expense);
  return {
    entries: list.map((r) => presentFinance(r.e, r.a?.id ? r.a : null, r.reversed)),
    incomeFen,
    expenseFen,
    balanceFen: incomeFen - expenseFen,
  };
}

/**
 * Reverses (冲正) a finance entry recorded in error (SPEC R-43 (3)): the entry stays on the ledger; a counter-entry
 * of the same kind and the negative amount, dated today, names it and the reason, so the totals and the balance
 * drop it and the public ledger shows both. 404 outside scope; 409 for a reversal or an entry reversed already.
 */
export async function reverseFinanceEntry(ctx: Ctx, env: DisclosureEnv, entryId: string, input: ReversalCreate) {
  if (!isUuid(entryId)) throw notFound();
  const [orig] = await ctx.db
    .select()
    .from(financeEntries)
    .where(and(eq(financeEntries.id, entryId), estateIdInScope(ctx.actor, financeEntries.estateId)));
  found(orig);
  if (orig.reversesId) throw conflict('err.reverseReversal');
  return inTx(ctx, async (c) => {
    const [row] = await c.db
      .insert(financeEntries)
      .values({
        estateId: orig.estateId,
        kind: orig.kind,
        date: localDate(c.now(), env.timeZone),
        counterparty: orig.counterparty,
        counterpartyKind: orig.counterpartyKind,
        purpose: orig.purpose,
        attachmentId: null,
        ...counterEntry(c, orig, input),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict('err.alreadyReversed');
    const out = presentFinance(row, null);
    await audit(c, { action: 'reverse', entity: 'finance_entry', entityId: orig.id, after: out });
    return out;
  });
}

/** The finance ledger of an estate in scope. */
export async function getFinanceLedger(ctx: Ctx, estateId: string, sort?: Sort<(typeof FINANCE_SORT)[number]>) {
  await estateFor(ctx, estateId);
  return financeLedger(ctx.db, estateId, sort);
}

/** A finance entry's attachment, when the entry's estate is in scope (404 otherwise). */
export async function financeAttachment(ctx: Ctx, entryId: string) {
  if (!isUuid(entryId)) throw notFound();
  const [r] = await ctx.db
    .select({ u: uploads })
    .from(financeEntries)
    .innerJoin(uploads, eq(uploads.id, financeEntries.attachmentId))
    .where(and(eq(financeEntries.id, entryId), estateIdInScope(ctx.actor, financeEntries.estateId)));
  return found(r).u;
}

// ───────────────────────────── selection and fee disclosure (SPEC R-43 (1), (2)) ─────────────────────────────

async function selectionOf(db: Db, estateId: string) {
  const [r] = await db
    .select({
      s: companySelections,
      companyName: companies.name,
      meetingTitle: meetings.title,
      closedAt: meetings.closedAt,
    })
    .from(companySelections)
    .innerJoin(companies, eq(companies.id, companySelections.companyId))
    .leftJoin(meetings, eq(meetings.id, companySelections.meetingId))
    .where(eq(companySelections.estateId, estateId));
  if (!r) return null;
  return {
    estateId: r.s.estateId,
    method: r.s.method,
    description: r.s.description,
    companyId: r.s.companyId,
    companyName: r.companyName,
    contractStartsOn: r.s.contractStartsOn,
    contractEndsOn: r.s.contractEndsOn,
    decidedOn: r.s.decidedOn,
    meetingId: r.s.meetingId,
    meetingTitle: r.meetingTitle ?? null,
    meetingClosedAt: r.closedAt ? iso(r.closedAt) : null,
    tenderResult: r.s.tenderResult,
    updatedAt: iso(r.s.updatedAt),
  };
}

const stripMeetingClosedAt = <T extends { meetingClosedAt: unknown }>(s: T) => {
  const { meetingClosedAt: _, ...rest } = s;
  return rest;
};

async function feeDisclosureOf(db: Db, estateId: string) {
  const [f] = await db.select().from(feeDisclosures).where(eq(feeDisclosures.estateId, estateId));
  if (!f) return null;
  return {
    estateId: f.estateId,
    items: f.items.map((i) => ({ name: i.name, unit: i.unit, standardFen: i.standardFen, note: i.note ?? null })),
    serviceContent: f.serviceContent,
    serviceStandard: f.serviceStandard,
    complaintHotline: f.complaintHotline,
    updatedAt: iso(f.updatedAt),
  };
}

/** Records how the estate's company was chosen (选聘): method, result, contract period (SPEC R-43 (1)). */
export async function putSelection(ctx: Ctx, estateId: string, input: SelectionPut) {
  const estate = await estateFor(ctx, estateId);
  const companyId = input.companyId ?? estate.companyId;
  if (!companyId) throw fieldError('companyId', 'err.companyMissing');
  if (!isUuid(companyId)) throw fieldError('companyId', 'err.notFound');
  const [co] = await ctx.db.select({ id: companies.id }).from(companies).where(eq(companies.id, companyId));
  if (!co) throw fieldError('companyId', 'err.notFound');
  if (input.meetingId !== undefined) {
    const [m] = isUuid(input.meetingId)
      ? await ctx.db
          .select({ id: meetings.id })
          .from(meetings)
          .where(and(eq(meetings.id, input.meetingId), eq(meetings.estateId, estateId)))
      : [];
    if (!m) throw fieldError('meetingId', 'err.meetingMissing');
  }
  return inTx(ctx, async (c) => {
    const before = await selectionOf(c.db, estateId);
    const values = {
      estateId,
      method: input.method,
      description: input.description,
      companyId,
      contractStartsOn: input.contractStartsOn,
      contractEndsOn: input.contractEndsOn,
      decidedOn: input.decidedOn ?? null,
      meetingId: input.meetingId ?? null,
      tenderResult: input.tenderResult || null,
      updatedBy: ctx.actor.id,
      updatedAt: ctx.now(),
    };
    const { estateId: _, ...set } = values;
    await c.db.insert(companySelections).values(values).onConflictDoUpdate({ target: companySelections.estateId, set });
    const after = (await selectionOf(c.db, estateId))!;
    await audit(c, {
      action: before ? 'update' : 'create',
      entity: 'company_selection',
      entityId: estateId,
      before,
      after,
    });
    return stripMeetingClosedAt(after);
  });
}

/** Records the estate's clear pricing (明码标价): fee items and standards, service, complaint hotline (SPEC R-43 (2)). */
export async function putFeeDisclosure(ctx: Ctx, estateId: string, input: FeeDisclosurePut) {
  await estateFor(ctx, estateId);
  return inTx(ctx, async (c) => {
    const before = await feeDisclosureOf(c.db, estateId);
    const set = {
      items: input.items.map((i) => ({ name: i.name, unit: i.unit, standardFen: i.standardFen, note: i.note || null })),
      serviceContent: input.serviceContent,
      serviceStandard: input.serviceStandard,
      complaintHotline: input.complaintHotline,
      updatedBy: ctx.actor.id,
      updatedAt: ctx.now(),
    };
    await c.db
      .insert(feeDisclosures)
      .values({ estateId, ...set })
      .onConflictDoUpdate({ target: feeDisclosures.estateId, set });
    const after = (await feeDisclosureOf(c.db, estateId))!;
    await audit(c, {
      action: before ? 'update' : 'create',
      entity: 'fee_disclosure',
      entityId: estateId,
      before,
      after,
    });
    return after;
  });
}

/** The disclosure records of an estate in scope, for the editing pages. */
export async function getEstateDisclosure(ctx: Ctx, estateId: string) {
  await estateFor(ctx, estateId);
  const [selection, fees] = await Promise.all([selectionOf(ctx.db, estateId), feeDisclosureOf(ctx.db, estateId)]);
  return { selection: selection && stripMeetingClosedAt(selection), fees };
}

// ───────────────────────────── public page (no login; SPEC R-43, R-71) ─────────────────────────────

/**
 * The three publics of an estate for anyone: selection, fees with the latest period's collection rates, and the
 * committee's finances. Built from listed fields only: no owner, no phone but the complaint hotline, no dwelling,
 * person counterparties masked to the surname.
 */
export async function publicDisclosure(db: Db, estateId: string) {
  if (!isUuid(estateId)) throw notFound();
  const [e] = await rows<{
    id: string;
    name: string;
    management_mode: 'company' | 'self' | 'none' | 'state_takeover';
    community_name: string | null;
    street_name: string | null;
    company_name: string | null;
  }>(
    db,
    sql`select e.id, e.name, e.management_mode, c.name as community_name, s.name as street_name, co.name as company_name
        from ${estates} e
        left join ${orgUnits} c on c.id = e.community_id
        left join ${orgUnits} s on s.id = c.parent_id
        left join ${companies} co on co.id = e.company_id
        where e.id = ${estateId}`,
  );
  if (!e) throw notFound();
  const [selection, fees, ledger, [latest]] = await Promise.all([
    selectionOf(db, estateId),
    feeDisclosureOf(db, estateId),
    financeLedger(db, estateId),
    db
      .select({ period: billingPeriods.period })
      .from(billingPeriods)
      .where(eq(billingPeriods.estateId, estateId))
      .orderBy(desc(billingPeriods.startsOn), desc(billingPeriods.months))
      .limit(1),
  ]);
  let collection = null;
  if (latest) {
    const [c] = await rows<FeeCounters>(
      db,
      sql`select ${FEE_COUNTERS} from ${bills} where estate_id = ${estateId} and period = ${latest.period}`,
    );
    collection = { period: latest.period, ...feeFigures(c) };
  }
  return {
    estate: {
      id: e.id,
      name: e.name,
      communityName: e.community_name ?? '',
      streetName: e.street_name ?? '',
      managementMode: e.management_mode,
      companyName: e.company_name,
    },
    selection: selection && {
      method: selection.method,
      description: selection.description,
      companyName: selection.companyName,
      contractStartsOn: selection.contractStartsOn,
      contractEndsOn: selection.contractEndsOn,
      decidedOn: selection.decidedOn,
      meeting: selection.meetingTitle ? { title: selection.meetingTitle, closedAt: selection.meetingClosedAt } : null,
      tenderResult: selection.tenderResult,
      updatedAt: selection.updatedAt,
    },
    fees: fees && {
      items: fees.items,
      serviceContent: fees.serviceContent,
      serviceStandard: fees.serviceStandard,
      complaintHotline: fees.complaintHotline,
      updatedAt: fees.updatedAt,
    },
    collection,
    finances: {
      entries: ledger.entries.map((x) => ({
        date: x.date,
        kind: x.kind,
        amountFen: x.amountFen,
        purpose: x.purpose,
        counterparty: x.counterpartyKind === 'person' ? maskPersonName(x.counterparty) : x.counterparty,
        counterpartyKind: x.counterpartyKind,
        attachment: x.attachment,
        reversal: x.reversesId !== null,
        reversed: x.reversed,
      })),
      incomeFen: ledger.incomeFen,
      expenseFen: ledger.expenseFen,
      balanceFen: ledger.balanceFen,
    },
  };
}

/** Estates for the public portal's picker: id, name, community and street names; nothing personal. */
export async function listPublicEstates(db: Db, q: { q?: string } & Paging) {
  const where = q.q ? sql`e.name ilike ${`%${q.q}%`}` : sql`true`;
  const [[{ n }], list] = await Promise.all([
    rows<{ n: number }>(db, sql`select count(*)::int as n from ${estates} e where ${where}`),
    rows<{ id: string; name: string; community_name: string | null; street_name: string | null }>(
      db,
      sql`select e.id, e.name, c.name as community_name, s.name as street_name
          from ${estates} e
          left join ${orgUnits} c on c.id = e.community_id
          left join ${orgUnits} s on s.id = c.parent_id
          where ${where} order by e.name, e.id limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
    ),
  ]);
  return {
    items: list.map((r) => ({
      id: r.id,
      name: r.name,
      communityName: r.community_name ?? '',
      streetName: r.street_name ?? '',
    })),
    total: num(n),
    page: q.page,
    pageSize: q.pageSize,
  };
}
