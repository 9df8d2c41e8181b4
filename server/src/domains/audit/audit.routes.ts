import {
  ZAuditEntry,
  ZAuditHead,
  ZAuditListQuery,
  ZAuditVerify,
  ZAuditVerifyBody,
  ZPageQuery,
  zPage,
} from '@rp/contract';
import { and, count, desc, eq, lte, type SQL } from 'drizzle-orm';
import { accounts, auditLog } from '../../db/schema';
import { auditHead, parseAnchor, sealAuditChain, verifyAuditChain } from '../../platform/audit';
import { authorize } from '../../platform/auth';
import type { App, Deps } from '../../platform/deps';

const tags = ['audit'];

/** Audit trail (SPEC R-80): the admin reads the log (unsealed entries show with no hash) and verifies the chain. */
export function registerAuditRoutes(app: App, deps: Deps) {
  const { db } = deps;
  app.get(
    '/api/v1/audit',
    { schema: { tags, querystring: ZPageQuery.extend(ZAuditListQuery.shape), response: { 200: zPage(ZAuditEntry) } } },
    async (req) => {
      authorize(req, ['admin']);
      const q = req.query;
      const conds: SQL[] = [];
      if (q.entity) conds.push(eq(auditLog.entity, q.entity));
      if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
      if (q.actorId) conds.push(eq(auditLog.actorId, q.actorId));
      if (q.fromSeq) conds.push(lte(auditLog.seq, q.fromSeq));
      const where = conds.length ? and(...conds) : undefined;
      const [{ n }] = await db.select({ n: count() }).from(auditLog).where(where);
      const list = await db
        .select({ a: auditLog, actorName: accounts.displayName })
        .from(auditLog)
        .leftJoin(accounts, eq(accounts.id, auditLog.actorId))
        .where(where)
        .orderBy(desc(auditLog.seq))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return {
        items: list.map(({ a, actorName }) => ({
          seq: a.seq,
          at: a.at.toISOString(),
          actorId: a.actorId,
          actorName,
          ip: a.ip,
          action: a.action,
          entity: a.entity,
          entityId: a.entityId,
          before: a.before,
          after: a.after,
          chainNo: a.chainNo === null ? null : Number(a.chainNo),
          hash: a.hash,
        })),
        total: Number(n),
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  );
  app.post(
    '/api/v1/audit/verify',
    {
      schema: { tags, body: ZAuditVerifyBody, response: { 200: ZAuditVerify } },
      // The body is optional (the page's plain 校验 sends none): validate an absent one as empty.
      preValidation: async (req) => {
        if (req.body === undefined || req.body === null) req.body = { anchors: [] };
      },
    },
    async (req) => {
      authorize(req, ['admin']);
      const anchors = (req.body?.anchors ?? []).map((a) => parseAnchor(a)!);
      // Seal what is waiting first, so the check covers every entry written so far.
      await sealAuditChain(db);
      return verifyAuditChain(db, { anchors });
    },
  );
  // The chain's end, to write down outside the system (a report, a letter): later verification against it finds the
  // newest entries deleted, which the chain alone cannot show.
  app.get('/api/v1/audit/head', { schema: { tags, response: { 200: ZAuditHead } } }, async (req) => {
    authorize(req, ['admin']);
    await sealAuditChain(db);
    return auditHead(db);
  });
}
