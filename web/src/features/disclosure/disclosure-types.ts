import type {
  ZBill,
  ZBillingPeriod,
  ZEstateDisclosure,
  ZFeeDisclosure,
  ZFeeStats,
  ZFeeTrendPoint,
  ZFinanceEntry,
  ZFinanceLedger,
  ZPayment,
  ZPaymentImportResult,
  ZPaymentResult,
  ZPublicDisclosure,
  ZPublicEstate,
  ZSelection,
} from '@rp/contract';
import type { z } from 'zod';

// Answers of the disclosure API (server/src/domains/disclosure/disclosure.routes.ts), from the contract's schemas.
export type BillingPeriod = z.infer<typeof ZBillingPeriod>;
export type Bill = z.infer<typeof ZBill>;
export type Payment = z.infer<typeof ZPayment>;
export type PaymentResult = z.infer<typeof ZPaymentResult>;
export type PaymentImportResult = z.infer<typeof ZPaymentImportResult>;
export type FeeStats = z.infer<typeof ZFeeStats>;
export type FeeTrendPoint = z.infer<typeof ZFeeTrendPoint>;
export type FinanceEntry = z.infer<typeof ZFinanceEntry>;
export type FinanceLedger = z.infer<typeof ZFinanceLedger>;
export type Selection = z.infer<typeof ZSelection>;
export type FeeDisclosure = z.infer<typeof ZFeeDisclosure>;
export type EstateDisclosure = z.infer<typeof ZEstateDisclosure>;
export type PublicDisclosure = z.infer<typeof ZPublicDisclosure>;
export type PublicEstate = z.infer<typeof ZPublicEstate>;
export type BillStatus = Bill['status'];

/** POST /api/v1/uploads answer (platform/uploads saveUpload). */
export interface Upload {
  id: string;
  mime: string;
  size: number;
  url: string;
}
