import { z } from 'zod';
import { LIMITS, ZDate, ZDateTime, ZId, ZPhone } from './common';
import { MANAGEMENT_MODES } from './registry';
import { zSort } from './sort';

/** Fields the bill ledger, a bill's payments and an estate's finance entries may be sorted by. */
export const BILL_SORT = ['period', 'building', 'areaM2', 'amountFen', 'paidFen', 'owedFen', 'status'] as const;
export const PAYMENT_SORT = ['paidAt', 'amountFen'] as const;
export const FINANCE_SORT = ['date', 'kind', 'amountFen'] as const;
export const ZPaymentSort = zSort(PAYMENT_SORT);
export const ZFinanceSort = zSort(FINANCE_SORT);

// ───────────────────────────── periods ─────────────────────────────

/** Billing period kinds: a year (`2026`), a quarter (`2026Q3`) or a month (`2026-07`). */
export const PERIOD_KINDS = ['year', 'quarter', 'month'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
/** A billing period: `2026`, `2026Q3` or `2026-07` (API conventions: periods `2026Q3` or `2026`; months added). */
export const PERIOD_PATTERN = /^(\d{4})(?:Q([1-4])|-(0[1-9]|1[0-2]))?$/;

export interface PeriodInfo {
  period: string;
  kind: PeriodKind;
  /** First day of the period (YYYY-MM-DD). */
  startsOn: string;
  /** Last day of the period (YYYY-MM-DD). */
  endsOn: string;
  /** Number of months the period spans: 12, 3 or 1. */
  months: number;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Parses a period string into its kind and date range; null when it is not a period of the years 2000–2100. */
export function parsePeriod(period: string): PeriodInfo | null {
  const m = PERIOD_PATTERN.exec(period);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  const [kind, first, months]: [PeriodKind, number, number] = m[2]
    ? ['quarter', (Number(m[2]) - 1) * 3 + 1, 3]
    : m[3]
      ? ['month', Number(m[3]), 1]
      : ['year', 1, 12];
  const last = first + months - 1;
  return {
    period,
    kind,
    startsOn: `${year}-${pad2(first)}-01`,
    endsOn: `${year}-${pad2(last)}-${pad2(lastDay(year, last))}`,
    months,
  };
}

export const ZPeriod = z
  .string()
  .trim()
  .refine((p) => parsePeriod(p) !== null, { message: 'err.period' });

// ───────────────────────────── money ─────────────────────────────

/**
 * SPEC R-44: one bill = exclusive area × unit price × months, in integer fen, rounded half up to the fen.
 * The area is in hundredths of a m², so the exact product is in hundredths of a fen: (n + 50) / 100, floored.
 */
export function billAmountFen(areaHundredths: number, unitPriceFenPerM2Month: number, months: number): number {
  const n = BigInt(areaHundredths) * BigInt(unitPriceFenPerM2Month) * BigInt(months);
  return Number((n + 50n) / 100n);
}

/** Formats integer fen as a yuan string with two decimals ("402.98"). */
export function fenToYuan(fen: number | bigint): string {
  const n = BigInt(fen);
  const neg = n < 0n;
  const a = neg ? -n : n;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}

/** A yuan amount as people type it: digits with at most two decimals. */
export const YUAN_PATTERN = /^\d{1,11}(\.\d{1,2})?$/;

/** Parses a yuan string ("402.9") into integer fen (40290), exactly; null when it is not a yuan amount. */
export function yuanToFen(text: string): number | null {
  if (!YUAN_PATTERN.test(text)) return null;
  const [int, frac = ''] = text.split('.');
  return Number(int) * 100 + Number(`${frac}00`.slice(0, 2));
}

/** Upper bound of a single amount (one hundred million yuan), far inside the safe integer range. */
export const MAX_AMOUNT_FEN = 10_000_000_000;

const ZAmountFen = z
  .number({ message: 'err.amountFen' })
  .int({ message: 'err.amountFen' })
  .min(1, { message: 'err.amountPositive' })
  .max(MAX_AMOUNT_FEN, { message: 'err.amountFen' });

// ───────────────────────────── billing ─────────────────────────────

/** SPEC R-44: bill statuses — nothing paid, partly paid, fully paid. */
export const BILL_STATUSES = ['unpaid', 'partial', 'paid'] as const;
export type BillStatus = (typeof BILL_STATUSES)[number];
export const PAYMENT_SOURCES = ['manual', 'import'] as const;

export const ZBillingPeriodCreate = z
  .object({
    period: ZPeriod,
    months: z.number().int().min(1).max(12),
    unitPriceFenPerM2Month: z.number().int().min(1).max(100_000),
  })
  .superRefine((v, ctx) => {
    const p = parsePeriod(v.period);
    if (p && v.months > p.months) ctx.addIssue({ code: 'custom', path: ['months'], message: 'err.periodMonths' });
  });
export type BillingPeriodCreate = z.infer<typeof ZBillingPeriodCreate>;

export const ZBillingPeriod = z.object({
  id: z.string(),
  estateId: z.string(),
  estateName: z.string().optional(),
  period: z.string(),
  kind: z.enum(PERIOD_KINDS),
  startsOn: z.string(),
  endsOn: z.string(),
  months: z.number().int(),
  unitPriceFenPerM2Month: z.number().int(),
  bills: z.number().int(),
  billedFen: z.number().int(),
  paidFen: z.number().int(),
  paidBills: z.number().int(),
  rateByAmount: z.number().nullable(),
  rateByHousehold: z.number().nullable(),
  createdAt: z.string(),
});
/** Fields the billing-period list may be sorted by (`period` = by its start). */
export const BILLING_PERIOD_SORT = ['period', 'estateName', 'billedFen'] as const;
export const ZBillingPeriodListQuery = z.object({
  estateId: ZId.optional(),
  orgUnitId: ZId.optional(),
  period: ZPeriod.optional(),
  sort: zSort(BILLING_PERIOD_SORT),
});

export const ZBill = z.object({
  id: z.string(),
  estateId: z.string(),
  billingPeriodId: z.string(),
  dwellingId: z.string(),
  building: z.string(),
  unit: z.string(),
  number: z.string(),
  areaM2: z.string(),
  period: z.string(),
  amountFen: z.number().int(),
  paidFen: z.number().int(),
  owedFen: z.number().int(),
  status: z.enum(BILL_STATUSES),
});
export const ZBillListQuery = z.object({
  estateId: ZId.optional(),
  billingPeriodId: ZId.optional(),
  period: ZPeriod.optional(),
  status: z.enum(BILL_STATUSES).optional(),
  dwellingId: ZId.optional(),
  building: z.string().max(20).optional(),
  sort: zSort(BILL_SORT),
});

/** A payment date (`YYYY-MM-DD`, the local calendar day) or an instant with offset. */
export const ZPaidAt = z.union([ZDate, ZDateTime], { message: 'err.date' });
export const ZPaymentCreate = z.object({
  amountFen: ZAmountFen,
  paidAt: ZPaidAt,
  note: z.string().trim().max(LIMITS.shortText).optional(),
});
export type PaymentCreate = z.infer<typeof ZPaymentCreate>;
export const ZPayment = z.object({
  id: z.string(),
  billId: z.string(),
  amountFen: z.number().int(),
  paidAt: z.string(),
  source: z.enum(PAYMENT_SOURCES),
  note: z.string().nullable(),
  /** This row reverses (冲正) that payment: its amount is the negative of the original's. */
  reversesId: z.string().nullable(),
  reversalReason: z.string().nullable(),
  /** A later row reverses this one. */
  reversed: z.boolean(),
  createdAt: z.string(),
});
export const ZPaymentResult = ZPayment.extend({ bill: ZBill });

/** Reversing (冲正) a payment or a finance entry: the entry stays, a counter-entry cancels it, with the reason. */
export const ZReversalCreate = z.object({ reason: z.string().trim().min(1).max(LIMITS.shortText) });
export type ReversalCreate = z.infer<typeof ZReversalCreate>;

/** Payment import columns (API.md): 楼栋, 单元, 房号, 金额（元）, 缴费日期. */
export const PAYMENT_IMPORT_COLUMNS = ['楼栋', '单元', '房号', '金额（元）', '缴费日期'] as const;
export const ZPaymentImportResult = z.object({
  imported: z.number().int(),
  amountFen: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string().optional(), message: z.string() })),
});

// ───────────────────────────── fee statistics ─────────────────────────────

export const ZFeeStatsQuery = z.object({
  estateId: ZId.optional(),
  orgUnitId: ZId.optional(),
  period: ZPeriod.optional(),
});
/** SPEC R-44: collection rate by amount (paid ÷ billed) and by household (fully paid bills ÷ bills); null with no bills. */
export const ZFeeStats = z.object({
  billedFen: z.number().int(),
  paidFen: z.number().int(),
  owedFen: z.number().int(),
  rateByAmount: z.number().nullable(),
  households: z.number().int(),
  paidHouseholds: z.number().int(),
  partialHouseholds: z.number().int(),
  rateByHousehold: z.number().nullable(),
});
export const ZFeeTrendPoint = ZFeeStats.extend({ period: z.string(), startsOn: z.string() });
/** The trend's query: one kind of period only (without `kind`: the kind most bills of the scope were billed in). */
export const ZFeeTrendQuery = ZFeeStatsQuery.omit({ period: true }).extend({ kind: z.enum(PERIOD_KINDS).optional() });

// ───────────────────────────── committee finances ─────────────────────────────

export const FINANCE_KINDS = ['income', 'expense'] as const;
export const COUNTERPARTY_KINDS = ['person', 'organization'] as const;

export const ZFinanceEntryCreate = z.object({
  kind: z.enum(FINANCE_KINDS),
  amountFen: ZAmountFen,
  date: ZDate,
  counterparty: z.string().trim().min(1).max(LIMITS.name),
  /** A person's name is masked on the public page; unstated counts as a person, the safe side. */
  counterpartyKind: z.enum(COUNTERPARTY_KINDS).default('person'),
  purpose: z.string().trim().min(1).max(LIMITS.shortText),
  attachmentId: ZId.optional(),
});
export type FinanceEntryCreate = z.infer<typeof ZFinanceEntryCreate>;
const ZAttachment = z.object({ id: z.string(), mime: z.string(), size: z.number().int() });
export const ZFinanceEntry = z.object({
  id: z.string(),
  estateId: z.string(),
  kind: z.enum(FINANCE_KINDS),
  amountFen: z.number().int(),
  date: z.string(),
  counterparty: z.string(),
  counterpartyKind: z.enum(COUNTERPARTY_KINDS),
  purpose: z.string(),
  attachment: ZAttachment.nullable(),
  /** This entry reverses (冲正) that one: same kind, the negative amount. */
  reversesId: z.string().nullable(),
  reversalReason: z.string().nullable(),
  /** A later entry reverses this one. */
  reversed: z.boolean(),
  createdAt: z.string(),
});
export const ZFinanceLedger = z.object({
  entries: z.array(ZFinanceEntry),
  incomeFen: z.number().int(),
  expenseFen: z.number().int(),
  balanceFen: z.number().int(),
});

// ───────────────────────────── the three publics (三个公开) ─────────────────────────────

/** SPEC R-43 (1): how the company was chosen (选聘). */
export const SELECTION_METHODS = ['owners_vote', 'tender', 'agreement', 'state_takeover'] as const;
export const ZSelectionPut = z
  .object({
    method: z.enum(SELECTION_METHODS),
    description: z.string().trim().min(1).max(LIMITS.longText),
    /** Defaults to the company serving the estate now. */
    companyId: ZId.optional(),
    contractStartsOn: ZDate,
    contractEndsOn: ZDate,
    decidedOn: ZDate.optional(),
    meetingId: ZId.optional(),
    tenderResult: z.string().trim().max(LIMITS.longText).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.contractEndsOn < v.contractStartsOn)
      ctx.addIssue({ code: 'custom', path: ['contractEndsOn'], message: 'err.dateOrder' });
  });
export type SelectionPut = z.infer<typeof ZSelectionPut>;
export const ZSelection = z.object({
  estateId: z.string(),
  method: z.enum(SELECTION_METHODS),
  description: z.string(),
  companyId: z.string(),
  companyName: z.string(),
  contractStartsOn: z.string(),
  contractEndsOn: z.string(),
  decidedOn: z.string().nullable(),
  meetingId: z.string().nullable(),
  meetingTitle: z.string().nullable(),
  tenderResult: z.string().nullable(),
  updatedAt: z.string(),
});

/** Units of a fee standard (明码标价): per m² per month is the property fee; others for parking and services. */
export const FEE_UNITS = ['m2_month', 'space_month', 'household_month', 'time'] as const;
export const ZFeeItem = z.object({
  name: z.string().trim().min(1).max(LIMITS.name),
  unit: z.enum(FEE_UNITS).default('m2_month'),
  /** The standard in integer fen per unit (元/㎡·月 × 100). */
  standardFen: z.number().int().min(0).max(10_000_000),
  note: z.string().trim().max(LIMITS.shortText).optional(),
});
export const ZFeeDisclosurePut = z.object({
  items: z.array(ZFeeItem).min(1).max(50),
  serviceContent: z.string().trim().min(1).max(LIMITS.longText),
  serviceStandard: z.string().trim().max(LIMITS.longText).default(''),
  complaintHotline: ZPhone,
});
export type FeeDisclosurePut = z.infer<typeof ZFeeDisclosurePut>;
const ZFeeItemOut = z.object({
  name: z.string(),
  unit: z.enum(FEE_UNITS),
  standardFen: z.number().int(),
  note: z.string().nullable(),
});
export const ZFeeDisclosure = z.object({
  estateId: z.string(),
  items: z.array(ZFeeItemOut),
  serviceContent: z.string(),
  serviceStandard: z.string(),
  complaintHotline: z.string(),
  updatedAt: z.string(),
});
export const ZEstateDisclosure = z.object({
  selection: ZSelection.nullable(),
  fees: ZFeeDisclosure.nullable(),
});

/** The public page of an estate (SPEC ): the three publics, nothing personal. */
export const ZPublicDisclosure = z.object({
  estate: z.object({
    id: z.string(),
    name: z.string(),
    communityName: z.string(),
    streetName: z.string(),
    managementMode: z.enum(MANAGEMENT_MODES),
    companyName: z.string().nullable(),
  }),
  selection: z
    .object({
      method: z.enum(SELECTION_METHODS),
      description: z.string(),
      companyName: z.string(),
      contractStartsOn: z.string(),
      contractEndsOn: z.string(),
      decidedOn: z.string().nullable(),
      meeting: z.object({ title: z.string(), closedAt: z.string().nullable() }).nullable(),
      tenderResult: z.string().nullable(),
      updatedAt: z.string(),
    })
    .nullable(),
  fees: z
    .object({
      items: z.array(ZFeeItemOut),
      serviceContent: z.string(),
      serviceStandard: z.string(),
      complaintHotline: z.string(),
      updatedAt: z.string(),
    })
    .nullable(),
  collection: ZFeeStats.extend({ period: z.string() }).nullable(),
  finances: z.object({
    entries: z.array(
      z.object({
        date: z.string(),
        kind: z.enum(FINANCE_KINDS),
        amountFen: z.number().int(),
        purpose: z.string(),
        counterparty: z.string(),
        counterpartyKind: z.enum(COUNTERPARTY_KINDS),
        attachment: ZAttachment.nullable(),
        /** A counter-entry (冲正) of an earlier entry; `reversed`: cancelled by a later one. */
        reversal: z.boolean(),
        reversed: z.boolean(),
      }),
    ),
    incomeFen: z.number().int(),
    expenseFen: z.number().int(),
    balanceFen: z.number().int(),
  }),
});
export const ZPublicEstate = z.object({
  id: z.string(),
  name: z.string(),
  communityName: z.string(),
  streetName: z.string(),
});
export const ZPublicEstateQuery = z.object({ q: z.string().trim().max(LIMITS.name).optional() });

const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '百里',
]);

/** Masks a person's name for public pages (SPEC ): the surname and one star ("张*", "欧阳*"). */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (!chars.length) return '*';
  const two = chars.slice(0, 2).join('');
  const surname = chars.length > 2 && COMPOUND_SURNAMES.has(two) ? two : chars[0];
  return `${surname}*`;
}
