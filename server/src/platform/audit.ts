import { createHash } from 'node:crypto';
import { and, asc, count, desc, gt, isNotNull, isNull, min, sql } from 'drizzle-orm';
import { type Db, rows } from '../db/client';
import { auditLog } from '../db/schema';
import type { Ctx } from './context';

/** SHA-256 of nothing: the previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
// One advisory lock key for the whole chain: only one sealer at a time, across connections and processes.
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

/** The audit_log rows for entries (unsealed), for callers that fold the insert into a statement of their own. */
export function auditRows(ctx: Ctx, ...entries: AuditInput[]): (typeof auditLog.$inferInsert)[] {
  const at = new Date(Math.floor(ctx.now().getTime()));
  const actorId = ctx.actor.username === 'system' ? null : ctx.actor.id;
  return entries.map((e) => ({
    at,
    actorId,
    ip: ctx.ip,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId ?? null,
    before: normalise(e.before),
    after: normalise(e.after),
  }));
}

/**
 * Writes entries inside the caller's transaction, so they commit or vanish with the change they record (SPEC R-80).
 * They are written unsealed (no chain number, no hashes): sealAuditChain links them shortly after, so writers never
 * queue behind a chain-wide lock. The system actor is recorded as null.
 */
export async function audit(ctx: Ctx, ...entries: AuditInput[]): Promise<void> {
  if (!entries.length) return;
  await ctx.db.insert(auditLog).values(auditRows(ctx, ...entries));
}

type AuditRow = typeof auditLog.$inferSelect;

// The content as stored (jsonb gives back what it normalised), so sealing and verifying hash the same bytes.
const contentOf = (r: AuditRow): EntryContent => ({
  at: new Date(r.at),
  actorId: r.actorId,
  ip: r.ip,
  action: r.action,
  entity: r.entity,
  entityId: r.entityId,
  before: r.before,
  after: r.after,
});

/** Seals one batch of committed, unsealed entries onto the chain's end; -1 when another sealer holds the chain. */
async function sealBatch(db: Db, batch: number): Promise<number> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [lock] = await rows<{ ok: boolean }>(t, sql`select pg_try_advisory_xact_lock(${CHAIN_LOCK}) as ok`);
    if (!lock?.ok) return -1;
    // Read after taking the lock: the previous sealer's commit is visible, so the chain's end is current.
    const [last] = await t
      .select({ chainNo: auditLog.chainNo, hash: auditLog.hash })
      .from(auditLog)
      .where(isNotNull(auditLog.chainNo))
      .orderBy(desc(auditLog.chainNo))
      .limit(1);
    const pending = await t
      .select()
      .from(auditLog)
      .where(isNull(auditLog.chainNo))
      .orderBy(asc(auditLog.seq))
      .limit(batch);
    if (!pending.length) return 0;
    let no = Number(last?.chainNo ?? 0);
    let prev = last?.hash ?? GENESIS_HASH;
    const seqs: number[] = [];
    const nos: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const r of pending) {
      const hash = entryHash(prev, contentOf(r));
      seqs.push(r.seq);
      nos.push(++no);
      prevs.push(prev);
      hashes.push(hash);
      prev = hash;
    }
    // One statement per batch; the unique index on chain_no refuses a fork should two sealers ever overlap.
    await t.execute(sql`
      update audit_log a set chain_no = u.chain_no, prev_hash = u.prev_hash, hash = u.hash
      from unnest(${sql.param(seqs)}::bigint[], ${sql.param(nos)}::bigint[], ${sql.param(prevs)}::text[],
                  ${sql.param(hashes)}::text[]) as u(seq, chain_no, prev_hash, hash)
      where a.seq = u.seq and a.chain_no is null`);
    return pending.length;
  });
}

/**
 * Seals committed entries into the hash chain (SPEC R-80), in the order it finds them (by seq): each gets the next
 * chain number, the previous entry's hash and its own. An entry that commits late (a lower seq after higher ones were
 * sealed) is simply sealed later, further down the chain: the chain's order is chain_no, not seq. Returns how many
 * entries it sealed; 0 when another process is sealing right now (it will pick them up).
 */
export async function sealAuditChain(db: Db, { batch = 5000 }: { batch?: number } = {}): Promise<number> {
  let sealed = 0;
  for (;;) {
    const n = await sealBatch(db, batch);
    if (n < 0) return sealed;
    sealed += n;
    // A short batch means nothing was pending when it was read; stop rather than chase a stream of new writes.
    if (n < batch) return sealed;
  }
}

/**
 * A point of the chain written down outside the system (`<chainNo>:<hash>`, from GET /audit/head): verifying against
 * it shows whether the chain still reaches that far with the same hash, so deleting the newest entries, which leaves
 * a shorter chain that is whole in itself, is found too.
 */
export interface AuditAnchor {
  chainNo: number;
  hash: string;
}
export const ANCHOR_PATTERN = /^([1-9]\d{0,15}):([0-9a-f]{64})$/;
export function parseAnchor(s: string): AuditAnchor | null {
  const m = ANCHOR_PATTERN.exec(s.trim());
  return m ? { chainNo: Number(m[1]), hash: m[2] } : null;
}

/** The chain's last sealed entry (seal first to include everything written so far); null for an empty chain. */
export async function auditHead(db: Db): Promise<{ chainNo: number; hash: string; at: string; anchor: string } | null> {
  const [last] = await db
    .select({ chainNo: auditLog.chainNo, hash: auditLog.hash, at: auditLog.at })
    .from(auditLog)
    .where(isNotNull(auditLog.chainNo))
    .orderBy(desc(auditLog.chainNo))
    .limit(1);
  if (!last?.hash) return null;
  const chainNo = Number(last.chainNo);
  return { chainNo, hash: last.hash, at: new Date(last.at).toISOString(), anchor: `${chainNo}:${last.hash}` };
}

export interface AnchorCheck extends AuditAnchor {
  ok: boolean;
  /** `mismatch`: the entry at that number has another hash; `missing`: the chain no longer reaches that number. */
  reason: 'mismatch' | 'missing' | null;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; reason: string } | null;
  /** The anchors given, each checked (empty when none was given). */
  anchors: AnchorCheck[];
  /** Entries written but not yet sealed into the chain (not checked). */
  pending: number;
  /** How long the oldest unsealed entry has waited, in ms; null when none is pending. */
  oldestPendingAgeMs: number | null;
}

/**
 * Walks the sealed chain in chain order and names the first entry whose link, content hash or chain number does not
 * hold (a deleted entry shows as a broken link or a gap); also reports how many entries still wait for sealing.
 */
export async function verifyAuditChain(
  db: Db,
  { batch = 5000, anchors = [] as AuditAnchor[] } = {},
): Promise<VerifyResult> {
  const [p] = await db
    .select({ n: count(), oldest: min(auditLog.at) })
    .from(auditLog)
    .where(isNull(auditLog.chainNo));
  const pending = Number(p?.n ?? 0);
  const oldestPendingAgeMs = p?.oldest ? Math.max(0, Date.now() - new Date(p.oldest).getTime()) : null;
  // Each anchor is judged when the walk reaches its number; one the walk never reaches is missing (a broken chain
  // stops the walk, and its anchors beyond the break are then unknown: reported as missing, with the break).
  const seen = new Map<number, string>();
  const checks = (): AnchorCheck[] =>
    anchors.map((a) => {
      const h = seen.get(a.chainNo);
      const reason = h === undefined ? 'missing' : h === a.hash ? null : 'mismatch';
      return { ...a, ok: reason === null, reason };
    });
  const done = (ok: boolean, checked: number, firstBroken: VerifyResult['firstBroken']): VerifyResult => {
    const a = checks();
    return { ok: ok && a.every((x) => x.ok), checked, firstBroken, anchors: a, pending, oldestPendingAgeMs };
  };
  const wanted = new Set(anchors.map((a) => a.chainNo));
  let prev = GENESIS_HASH;
  let lastNo = 0;
  let checked = 0;
  for (;;) {
    const list = await db
      .select()
      .from(auditLog)
      .where(and(isNotNull(auditLog.chainNo), gt(auditLog.chainNo, lastNo)))
      .orderBy(asc(auditLog.chainNo))
      .limit(batch);
    if (!list.length) break;
    for (const r of list) {
      if (r.prevHash !== prev) return done(false, checked, { seq: r.seq, reason: 'prev_hash' });
      if (r.hash === null || entryHash(prev, contentOf(r)) !== r.hash)
        return done(false, checked, { seq: r.seq, reason: 'content' });
      // Links hold but a number is skipped: an entry was removed and the rest re-linked around it.
      if (Number(r.chainNo) !== lastNo + 1) return done(false, checked, { seq: r.seq, reason: 'chain_no' });
      prev = r.hash;
      lastNo = Number(r.chainNo);
      if (wanted.has(lastNo)) seen.set(lastNo, r.hash);
      checked++;
    }
  }
  return done(true, checked, null);
}
