import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * SPEC R-80: append-only, hash-chained audit log. An entry is written in the transaction of the change it records
 * (`chain_no`, `prev_hash` and `hash` still null) and sealed into the chain shortly after by the sealer, which links
 * committed entries in the order it finds them (`chain_no`); so intake never queues behind one chain-wide lock.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorId: uuid('actor_id'),
    ip: text('ip'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    /** Position in the chain (1, 2, …), given when the entry is sealed. */
    chainNo: bigint('chain_no', { mode: 'number' }),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('audit_entity_idx').on(t.entity, t.entityId),
    uniqueIndex('audit_chain_no_idx').on(t.chainNo),
    index('audit_pending_idx').on(t.seq).where(sql`chain_no is null`),
  ],
);
