import { z } from 'zod';
import { ZId } from './common';

export const ZAuditListQuery = z.object({
  entity: z.string().max(64).optional(),
  entityId: ZId.optional(),
  actorId: ZId.optional(),
  /** Start the page at this entry (newest first from it), e.g. the first broken one. */
  fromSeq: z.coerce.number().int().min(1).optional(),
});
export const ZAuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  /** Position in the hash chain; null (and no hash) while the entry waits to be sealed (SPEC R-80). */
  chainNo: z.number().int().nullable(),
  hash: z.string().nullable(),
});
/** A point of the chain kept outside the system: `<chainNo>:<hash>` as GET /audit/head gives it. */
export const ZAuditAnchor = z
  .string()
  .trim()
  .regex(/^[1-9]\d{0,15}:[0-9a-f]{64}$/, { message: 'err.auditAnchor' });
export const ZAuditVerifyBody = z.object({ anchors: z.array(ZAuditAnchor).max(100).default([]) });
export const ZAuditHead = z
  .object({ chainNo: z.number().int(), hash: z.string(), at: z.string(), anchor: z.string() })
  .nullable();
export const ZAuditVerify = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
  /** Each anchor given: does the chain still reach it with the same hash (`missing`: no longer that long). */
  anchors: z.array(
    z.object({
      chainNo: z.number().int(),
      hash: z.string(),
      ok: z.boolean(),
      reason: z.enum(['mismatch', 'missing']).nullable(),
    }),
  ),
  /** Entries written but not yet sealed into the chain (verification seals first, so these came in meanwhile). */
  pending: z.number().int(),
  /** Age of the oldest unsealed entry in ms, null when none waits. */
  oldestPendingAgeMs: z.number().int().nullable(),
});
