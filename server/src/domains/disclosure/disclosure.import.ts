import { fenToYuan, LIMITS, PAYMENT_IMPORT_COLUMNS, yuanToFen } from '@rp/contract';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { rows as rowsOf } from '../../db/client';
import { bills, dwellings, payments } from '../../db/schema';
import { audit } from '../../platform/audit';
import { localDate } from '../../platform/calendar';
import { type Ctx, inTx } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { parseCsv, readXlsx } from '../../platform/excel';
import { ImportError, type RowError } from '../registry/registry.import';
import { billingPeriodFor, type DisclosureEnv, estateFor, startOfLocalDay } from './disclosure.service';

/** One payment row of a file; the amount and date are null when the row has an error there. */
export interface PaymentFileRow {
  row: number;
  building: string;
  unit: string;
  number: string;
  amountFen: number | null;
  paidAt: Date | null;
}
export interface ParsedPaymentFile {
  rows: PaymentFileRow[];
  errors: RowError[];
}

const [COL_BUILDING, COL_UNIT, COL_NUMBER, COL_AMOUNT, COL_DATE] = PAYMENT_IMPORT_COLUMNS;
/** Headers as people type them: half-width parentheses and stray spaces are the same column. */
const normaliseHeader = (h: string) => h.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');

/** Parses `2026-07-05`, `2026/7/5`, `2026.7.5` or `2026年7月5日` into YYYY-MM-DD; null when it is no real date. */
export function parseDay(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

/** Sorts row errors by row, then by the column order of the file format, so reports read top to bottom. */
const byRowAndColumn = (a: RowError, b: RowError) =>
  a.row - b.row ||
  PAYMENT_IMPORT_COLUMNS.indexOf((a.column ?? '') as never) - PAYMENT_IMPORT_COLUMNS.indexOf((b.column ?? '') as never);

/**
 * Parses a payments file (.xlsx or .csv; columns 楼栋, 单元, 房号, 金额（元）, 缴费日期) and collects every row's
 * format errors: amounts must be yuan with at most two decimals and above 0, dates real and not after today.
 * A file that cannot be read at all (type, columns, size) is refused at once, as in the dwellings import.
 */
export async function parsePaymentFile(
  filename: string,
  buf: Buffer,
  now: Date,
  env: DisclosureEnv,
): Promise<ParsedPaymentFile> {
  const lower = filename.toLowerCase();
  let table: string[][];
  if (lower.endsWith('.xlsx')) {
    try {
      table = await readXlsx(buf);
    } catch {
      throw new ImportError([{ row: 0, message: 'err.fileType' }]);
    }
  } else if (lower.endsWith('.csv')) table = parseCsv(buf.toString('utf8'));
  else throw new ImportError([{ row: 0, message: 'err.fileType' }]);
  const header = (table[0] ?? []).map(normaliseHeader);
  const missing = PAYMENT_IMPORT_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length)
    throw new ImportError([{ row: 1, message: 'err.importColumns', params: { columns: missing.join('、') } }]);
  const col = Object.fromEntries(PAYMENT_IMPORT_COLUMNS.map((c) => [c, header.indexOf(c)]));
  const body = table
    .slice(1)
    .map((cells, i) => ({ cells, row: i + 2 }))
    .filter((r) => r.cells.some((c) => c !== ''));
  if (!body.length) throw new ImportError([{ row: 2, message: 'err.importEmpty' }]);
  if (body.length > LIMITS.importRows)
    throw new ImportError([{ row: 0, message: 'err.importTooMany', params: { max: LIMITS.importRows } }]);
  const today = localDate(now, env.timeZone);
  const errors: RowError[] = [];
  const out: PaymentFileRow[] = [];
  for (const { cells, row } of body) {
    const get = (c: string) => (cells[col[c]] ?? '').trim();
    const building = get(COL_BUILDING);
    const unit = get(COL_UNIT);
    const number = get(COL_NUMBER);
    const amountText = get(COL_AMOUNT);
    const dateText = get(COL_DATE);
    if (!building) errors.push({ row, column: COL_BUILDING, message: 'err.required' });
    if (!number) errors.push({ row, column: COL_NUMBER, message: 'err.required' });
    // SPEC R-44: money is exact — more than two decimals is an error, never rounded away.
    const fen = yuanToFen(amountText);
    const amountFen = fen !== null && fen > 0 ? fen : null;
    if (amountFen === null) errors.push({ row, column: COL_AMOUNT, message: 'err.amount' });
    const day = parseDay(dateText);
    let paidAt: Date | null = null;
    if (!day) errors.push({ row, column: COL_DATE, message: 'err.date' });
    else if (day > today) errors.push({ row, column: COL_DATE, message: 'err.dateFuture' });
    else paidAt = startOfLocalDay(day, env.timeZone);
    if (building && number) out.push({ row, building, unit, number, amountFen, paidAt });
  }
  return { rows: out, errors };
}

const CHUNK = 1000;
// Two-key advisory lock namespace of payment imports (the billing run uses 4242043 with the estate).
const PAYMENT_IMPORT_LOCK = 4_242_045;
const key = (building: string, unit: string, number: string) => `${building}\u0000${unit}\u0000${number}`;

/**
 * Imports a payments file into one billing period of an estate, in one transaction (SPEC ): every row's
 * errors are listed together — unknown dwelling, dwelling without a bill, overpayment (counting earlier rows of the
 * same dwelling), bad amount, bad date — and on any error nothing is imported.
 */
export async function importPayments(ctx: Ctx, estateId: string, billingPeriodId: string, parsed: ParsedPaymentFile) {
  await estateFor(ctx, estateId);
  const bp = await billingPeriodFor(ctx, billingPeriodId);
  if (bp.estateId !== estateId) throw notFound();
  return inTx(ctx, async (c) => {
    // Imports into one period run one at a time: two files updating the same bills in different orders could
    // otherwise deadlock each other.
    await c.db.execute(sql`select pg_advisory_xact_lock(${PAYMENT_IMPORT_LOCK}, hashtext(${billingPeriodId}))`);
    const errors = [...parsed.errors];
    const buildings = [...new Set(parsed.rows.map((r) => r.building))];
    const known = buildings.length
      ? await c.db
          .select({
            building: dwellings.building,
            unit: dwellings.unit,
            number: dwellings.number,
            billId: bills.id,
            amountFen: bills.amountFen,
            paidFen: bills.paidFen,
          })
          .from(dwellings)
          .leftJoin(bills, and(eq(bills.dwellingId, dwellings.id), eq(bills.billingPeriodId, bp.id)))
          .where(and(eq(dwellings.estateId, estateId), inArray(dwellings.building, buildings)))
      : [];
    const byAddress = new Map(known.map((k) => [key(k.building, k.unit, k.number), k]));
    const owed = new Map<string, number>();
    const accepted: { row: number; billId: string; amountFen: number; paidAt: Date }[] = [];
    for (const r of parsed.rows) {
      const d = byAddress.get(key(r.building, r.unit, r.number));
      if (!d) {
        errors.push({ row: r.row, column: COL_NUMBER, message: 'err.dwellingUnknown' });
        continue;
      }
      if (!d.billId) {
        errors.push({ row: r.row, column: COL_NUMBER, message: 'err.billMissing' });
        continue;
      }
      if (r.amountFen === null || r.paidAt === null) continue;
      const left = owed.get(d.billId) ?? (d.amountFen ?? 0) - (d.paidFen ?? 0);
      if (r.amountFen > left) {
        errors.push({ row: r.row, column: COL_AMOUNT, message: 'err.overpayment', params: { owed: fenToYuan(left) } });
        continue;
      }
      owed.set(d.billId, left - r.amountFen);
      accepted.push({ row: r.row, billId: d.billId, amountFen: r.amountFen, paidAt: r.paidAt });
    }
    if (errors.length) throw new ImportError(errors.sort(byRowAndColumn));

    const now = ctx.now();
    const ids: string[] = [];
    for (let i = 0; i < accepted.length; i += CHUNK) {
      const inserted = await c.db
        .insert(payments)
        .values(
          accepted.slice(i, i + CHUNK).map((a) => ({
            billId: a.billId,
            billingPeriodId: bp.id,
            estateId,
            amountFen: a.amountFen,
            paidAt: a.paidAt,
            source: 'import' as const,
            createdBy: ctx.actor.id,
            createdAt: now,
          })),
        )
        .returning({ id: payments.id });
      ids.push(...inserted.map((p) => p.id));
    }
    // One guarded update per chunk of bills; a bill a concurrent payment filled meanwhile is not updated and
    // turns into an overpayment error for its rows (the transaction then rolls back).
    const perBill = new Map<string, number>();
    for (const a of accepted) perBill.set(a.billId, (perBill.get(a.billId) ?? 0) + a.amountFen);
    const entries = [...perBill];
    const updated = new Set<string>();
    for (let i = 0; i < entries.length; i += CHUNK) {
      const values = sql.join(
        entries.slice(i, i + CHUNK).map(([id, x]) => sql`(${id}::uuid, ${x}::bigint)`),
        sql`, `,
      );
      const done = await rowsOf<{ id: string }>(
        c.db,
        sql`update ${bills} b set paid_fen = b.paid_fen + v.x,
                   status = case when b.paid_fen + v.x >= b.amount_fen then 'paid' else 'partial' end
            from (values ${values}) as v(id, x)
            where b.id = v.id and b.paid_fen + v.x <= b.amount_fen
            returning b.id`,
      );
      for (const d of done) updated.add(d.id);
    }
    const raced = accepted.filter((a) => !updated.has(a.billId));
    if (raced.length)
      throw new ImportError(
        raced.map((a) => ({ row: a.row, column: COL_AMOUNT, message: 'err.overpayment', params: { owed: '-' } })),
      );
    const amountFen = accepted.reduce((s, a) => s + a.amountFen, 0);
    await audit(c, {
      action: 'import_payments',
      entity: 'billing_period',
      entityId: bp.id,
      after: {
        estateId,
        period: bp.period,
        payments: accepted.length,
        amountFen,
        paymentIds: ids.length <= 1000 ? ids : undefined,
      },
    });
    return { imported: accepted.length, amountFen, errors: [] as RowError[] };
  });
}
