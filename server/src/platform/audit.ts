import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditLog } from '../db/schema';
import type { Ctx } from './context';

/** SHA-256 of nothing: the previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
// One advisory lock key for the whole chain: appends are serialised across connections and processes.
const CHAIN_LOCK = 4_242_042;

/** Canonical JSON: keys sorted at every level, no whitespace, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// jsonb normalises what it stores; hash what a read gives back, so verification sees the same bytes.
const normalise = (v: unknown) => (v === undefined || v === null ? null : JSON.parse(JSON.stringify(v)));

interface EntryContent {
  at: Date;
  actorId: string | null;
  ip: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/** Hash of one entry: SHA-256 over the previous hash and the entry's canonical content (SPEC R-80). */
export function entryHash(prevHash: string, e: EntryContent): string {
  const content = canonicalJson({
    at: e.at.toISOString(),
    actorId: e.actorId,
    ip: e.ip,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    before: normalise(e.before),
    after: normalise(e.after),
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

export interface AuditInput {
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends entries to the chain inside the caller's transaction (call it last, so the lock is held briefly).
 * The system actor is recorded as null.
 */
export async function audit(ctx: Ctx, ...entries: AuditInput[]): Promise<void> {
  if (!entries.length) return;
  const tx = ctx.db;
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  let prev = last?.hash ?? GENESIS_HASH;
  const at = new Date(Math.floor(ctx.now().getTime()));
  const actorId = ctx.actor.username === 'system' ? null : ctx.actor.id;
  const values = entries.map((e) => {
    const content: EntryContent = {
      at,
      actorId,
      ip: ctx.ip,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId ?? null,
      before: normalise(e.before),
      after: normalise(e.after),
    };
    const hash = entryHash(prev, content);
    const row = { ...content, prevHash: prev, hash };
    prev = hash;
    return row;
  });
  await tx.insert(auditLog).values(values);
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; reason: string } | null;
}

/** Walks the whole chain in order and names the first entry whose link or content hash does not hold. */
export async function verifyAuditChain(db: Db, batch = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let lastSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, lastSeq))
      .orderBy(asc(auditLog.seq))
      .limit(batch);
    if (!rows.length) break;
    for (const r of rows) {
      if (r.prevHash !== prev) return { ok: false, checked, firstBroken: { seq: r.seq, reason: 'prev_hash' } };
      const h = entryHash(prev, {
        at: new Date(r.at),
        actorId: r.actorId,
        ip: r.ip,
        action: r.action,
        entity: r.entity,
        entityId: r.entityId,
        before: r.before,
        after: r.after,
      });
      if (h !== r.hash) return { ok: false, checked, firstBroken: { seq: r.seq, reason: 'content' } };
      prev = r.hash;
      lastSeq = r.seq;
      checked++;
    }
  }
  return { ok: true, checked, firstBroken: null };
}
