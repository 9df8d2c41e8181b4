import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });
/** Money is integer fen; bigint so that sums and large bills never overflow (read back as JS numbers). */
const fen = (name: string) => bigint(name, { mode: 'number' });

/** SPEC R-44: a billing period (账期) of an estate: one price, one run of bills over the delivered dwellings. */
export const billingPeriods = pgTable(
  'billing_periods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    estateId: uuid('estate_id').notNull(),
    period: text('period').notNull(),
    kind: text('kind', { enum: ['year', 'quarter', 'month'] }).notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    months: integer('months').notNull(),
    unitPriceFenPerM2Month: integer('unit_price_fen_per_m2_month').notNull(),
    bills: integer('bills').notNull().default(0),
    billedFen: fen('billed_fen').notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('billing_periods_estate_period_uq').on(t.estateId, t.period)],
);

/**
 * SPEC R-44: one bill per delivered dwelling and period; the area and amount are frozen at billing.
 * `orgPath` copies the estate's path so subtree statistics are one indexed prefix match.
 */
export const bills = pgTable(
  'bills',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    billingPeriodId: uuid('billing_period_id').notNull(),
    estateId: uuid('estate_id').notNull(),
    orgPath: text('org_path').notNull(),
    dwellingId: uuid('dwelling_id').notNull(),
    period: text('period').notNull(),
    areaHundredths: integer('area_hundredths').notNull(),
    amountFen: fen('amount_fen').notNull(),
    paidFen: fen('paid_fen').notNull().default(0),
    status: text('status', { enum: ['unpaid', 'partial', 'paid'] })
      .notNull()
      .default('unpaid'),
  },
  (t) => [
    uniqueIndex('bills_period_dwelling_uq').on(t.billingPeriodId, t.dwellingId),
    index('bills_estate_period_idx').on(t.estateId, t.period),
    index('bills_dwelling_idx').on(t.dwellingId),
    index('bills_path_period_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.period),
  ],
);

/** Payments against a bill (partial payments allowed, never more than is owed). */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    billId: uuid('bill_id').notNull(),
    billingPeriodId: uuid('billing_period_id').notNull(),
    estateId: uuid('estate_id').notNull(),
    amountFen: fen('amount_fen').notNull(),
    paidAt: ts('paid_at').notNull(),
    source: text('source', { enum: ['manual', 'import'] }).notNull(),
    note: text('note'),
    /** A reversal (冲正) is a payment of the negative amount that names the payment it cancels; at most one each. */
    reversesId: uuid('reverses_id'),
    reversalReason: text('reversal_reason'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('payments_bill_idx').on(t.billId),
    index('payments_period_idx').on(t.billingPeriodId),
    uniqueIndex('payments_reverses_uq').on(t.reversesId).where(sql`reverses_id is not null`),
  ],
);

/** SPEC R-43 (3): the committee's income and expenditure (业委会财务). */
export const financeEntries = pgTable(
  'finance_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    estateId: uuid('estate_id').notNull(),
    kind: text('kind', { enum: ['income', 'expense'] }).notNull(),
    amountFen: fen('amount_fen').notNull(),
    date: date('date').notNull(),
    counterparty: text('counterparty').notNull(),
    counterpartyKind: text('counterparty_kind', { enum: ['person', 'organization'] }).notNull(),
    purpose: text('purpose').notNull(),
    attachmentId: uuid('attachment_id'),
    /** A reversal (冲正): the same kind, the negative amount, naming the entry it cancels; at most one each. */
    reversesId: uuid('reverses_id'),
    reversalReason: text('reversal_reason'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('finance_entries_estate_idx').on(t.estateId, t.date),
    uniqueIndex('finance_entries_reverses_uq').on(t.reversesId).where(sql`reverses_id is not null`),
  ],
);

/** SPEC R-43 (1): how the serving company was chosen (选聘), one current record per estate (history in the audit log). */
export const companySelections = pgTable('company_selections', {
  estateId: uuid('estate_id').primaryKey(),
  method: text('method', { enum: ['owners_vote', 'tender', 'agreement', 'state_takeover'] }).notNull(),
  description: text('description').notNull(),
  companyId: uuid('company_id').notNull(),
  contractStartsOn: date('contract_starts_on').notNull(),
  contractEndsOn: date('contract_ends_on').notNull(),
  decidedOn: date('decided_on'),
  meetingId: uuid('meeting_id'),
  tenderResult: text('tender_result'),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull(),
});

export interface FeeItemRow {
  name: string;
  unit: 'm2_month' | 'space_month' | 'household_month' | 'time';
  standardFen: number;
  note: string | null;
}

/** SPEC R-43 (2): clear pricing (明码标价) — fee items and standards, service content and standards, complaint hotline. */
export const feeDisclosures = pgTable('fee_disclosures', {
  estateId: uuid('estate_id').primaryKey(),
  items: jsonb('items').$type<FeeItemRow[]>().notNull(),
  serviceContent: text('service_content').notNull(),
  serviceStandard: text('service_standard').notNull(),
  complaintHotline: text('complaint_hotline').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull(),
});
