import {
  type IssueCategory,
  LEVELS,
  translate,
  ZId,
  ZIssue,
  ZIssueActionBody,
  ZIssueCategory,
  ZIssueCategoryUpsert,
  ZIssueCreate,
  ZIssueDetail,
  ZIssueListQuery,
  ZIssueStats,
  ZPageQuery,
  ZStatsQuery,
  zPage,
} from '@rp/contract';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { issueCategories } from '../../db/schema';
import { audit } from '../../platform/audit';
import { authorize, ctxOf } from '../../platform/auth';
import { inTx } from '../../platform/context';
import type { App, Deps } from '../../platform/deps';
import { fieldError } from '../../platform/errors';
import { buildXlsx, sendXlsx } from '../../platform/excel';
import { issuesPolicy as P } from './issues.policy';
import {
  actOnIssue,
  bulkAct,
  clearCategoryCache,
  createIssue,
  exportIssues,
  getIssue,
  listIssues,
} from './issues.service';
import { handlerRanking, issueStats, issuesByCategory, issueTrend } from './issues.stats';

const tags = ['issues'];
const ZIdParam = z.object({ id: ZId });

/** Formats an instant as local `YYYY-MM-DD HH:mm` for ledgers (UI.md formats). */
export function localDateTime(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const g = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${g('year')}-${g('month')}-${g('day')} ${g('hour')}:${g('minute')}`;
}

/** Issues, ledgers and their statistics (SPEC §3, API.md "Issues"). */
export function registerIssueRoutes(app: App, deps: Deps) {
  const { db, now } = deps;
  const env = { timeZone: deps.config.timeZone };
  const ctx = (req: Parameters<typeof ctxOf>[0], roles: readonly string[]) =>
    ctxOf(req, db, now, authorize(req, roles as never));

  app.post('/api/v1/issues', { schema: { tags, body: ZIssueCreate, response: { 201: ZIssue } } }, async (req, reply) =>
    reply.status(201).send(await createIssue(ctx(req, P.create), env, req.body)),
  );
  app.get(
    '/api/v1/issues',
    { schema: { tags, querystring: ZPageQuery.extend(ZIssueListQuery.shape), response: { 200: zPage(ZIssue) } } },
    async (req) => listIssues(ctx(req, P.read), { ...req.query, timeZone: env.timeZone }),
  );
  app.get('/api/v1/issues/:id', { schema: { tags, params: ZIdParam, response: { 200: ZIssueDetail } } }, async (req) =>
    getIssue(ctx(req, P.read), req.params.id),
  );
  app.post(
    '/api/v1/issues/:id/actions',
    { schema: { tags, params: ZIdParam, body: ZIssueActionBody, response: { 200: ZIssueDetail } } },
    async (req) => actOnIssue(ctx(req, P.read), env, req.params.id, req.body),
  );
  app.post(
    '/api/v1/issues/bulk-actions',
    { schema: { tags, body: ZIssueActionBody.extend({ ids: z.array(ZId).min(1).max(200) }) } },
    async (req) => {
      const { ids, ...body } = req.body;
      return bulkAct(ctx(req, P.ledgers), env, ids, body);
    },
  );

  // ── categories
  app.get(
    '/api/v1/issue-categories',
    {
      schema: {
        tags,
        querystring: z.object({ all: z.enum(['true', 'false']).optional() }),
        response: { 200: z.array(ZIssueCategory) },
      },
    },
    async (req) => {
      const list = await db
        .select()
        .from(issueCategories)
        .orderBy(asc(issueCategories.sort), asc(issueCategories.code));
      const visible = req.query.all === 'true' ? list : list.filter((c) => c.active);
      const nodes = new Map<string, IssueCategory>();
      for (const c of visible)
        nodes.set(c.code, {
          code: c.code,
          name: c.name,
          nameEn: c.nameEn,
          handlerKind: (c.handlerKind as IssueCategory['handlerKind']) ?? null,
          active: c.active,
          children: [],
        });
      const roots: IssueCategory[] = [];
      for (const c of visible) {
        const n = nodes.get(c.code)!;
        const parent = c.parentCode ? nodes.get(c.parentCode) : undefined;
        if (parent) parent.children.push(n);
        else if (!c.parentCode) roots.push(n);
      }
      return roots;
    },
  );
  app.put(
    '/api/v1/issue-categories/:code',
    {
      schema: { tags, params: z.object({ code: z.string().max(40) }), body: ZIssueCategoryUpsert.omit({ code: true }) },
    },
    async (req) => {
      const c = ctx(req, P.editCategories);
      const code = req.params.code;
      if (!/^[a-z0-9_.-]{1,40}$/.test(code)) throw fieldError('code', 'err.categoryCode');
      const parentCode = req.body.parentCode ?? null;
      if (parentCode) {
        const [p] = await db.select().from(issueCategories).where(eq(issueCategories.code, parentCode));
        if (!p) throw fieldError('parentCode', 'err.notFound');
        if (p.code.split('.').length >= 3) throw fieldError('parentCode', 'err.categoryDepth');
        if (!code.startsWith(`${parentCode}.`)) throw fieldError('code', 'err.categoryCode');
      }
      const out = await inTx(c, async (t) => {
        const [before] = await t.db.select().from(issueCategories).where(eq(issueCategories.code, code));
        const values = {
          code,
          parentCode,
          name: req.body.name,
          nameEn: req.body.nameEn,
          handlerKind: req.body.handlerKind ?? null,
          active: req.body.active,
        };
        await t.db
          .insert(issueCategories)
          .values(values)
          .onConflictDoUpdate({ target: issueCategories.code, set: values });
        await audit(t, {
          action: before ? 'update' : 'create',
          entity: 'issue_category',
          entityId: code,
          before,
          after: values,
        });
        return values;
      });
      // Intake checks leaves against a cached tree: drop it so this process sees the edit at once.
      clearCategoryCache();
      return out;
    },
  );

  // ── ledgers (三级台账)
  app.get(
    '/api/v1/ledgers/:level',
    {
      schema: {
        tags,
        params: z.object({ level: z.enum(LEVELS) }),
        // The level is the path's; a ledger takes every other filter of the issue list.
        querystring: ZPageQuery.extend(ZIssueListQuery.omit({ level: true }).shape).extend({
          format: z.enum(['json', 'xlsx']).optional(),
        }),
      },
    },
    async (req, reply) => {
      const c = ctx(req, P.ledgers);
      const q = { ...req.query, level: req.params.level, ledger: true, timeZone: env.timeZone };
      if (req.query.format !== 'xlsx') return listIssues(c, q);
      const list = await exportIssues(c, q);
      const cats = new Map(
        (await db.select().from(issueCategories)).map((x) => [x.code, req.lang === 'en-US' ? x.nameEn : x.name]),
      );
      const t = (k: string) => translate(req.lang, k);
      const tz = env.timeZone;
      // SPEC R-16: the usual ledger columns.
      const buf = await buildXlsx(
        `${t(`enum.level.${req.params.level}`)}台账`,
        [
          { header: '序号', value: (_, i) => i + 1 },
          { header: '诉求编号', width: 18, value: (r) => r.code },
          { header: '小区', width: 20, value: (r) => r.estateName },
          { header: '类别', width: 18, value: (r) => cats.get(r.category) ?? r.category },
          { header: '内容', width: 50, value: (r) => `${r.title}：${r.description}` },
          { header: '来源', value: (r) => t(`enum.issueSource.${r.source}`) },
          { header: '受理时间', width: 18, value: (r) => localDateTime(r.acceptedAt, tz) },
          {
            header: '责任单位',
            width: 30,
            value: (r) => r.handlers.map((h) => (h.role === 'lead' ? h.name : `${h.name}（协办）`)).join('、'),
          },
          { header: '办理时限', width: 18, value: (r) => localDateTime(r.resolveDueAt, tz) },
          {
            header: '状态',
            value: (r) => `${t(`enum.issueStatus.${r.status}`)}${r.overdue ? `（${t('enum.overdue')}）` : ''}`,
          },
          { header: '办结时间', width: 18, value: (r) => localDateTime(r.resolvedAt, tz) },
          {
            header: '满意度',
            value: (r) =>
              r.rating
                ? t(`enum.rating.${r.rating}`)
                : r.closeReason === 'no_answer'
                  ? t('enum.closeReason.no_answer')
                  : '',
          },
        ],
        list,
      );
      return sendXlsx(reply, `${t(`enum.level.${req.params.level}`)}台账.xlsx`, buf);
    },
  );

  // ── statistics (SPEC R-15)
  app.get(
    '/api/v1/stats/issues',
    { schema: { tags, querystring: ZStatsQuery, response: { 200: ZIssueStats } } },
    async (req) => issueStats(ctx(req, P.stats), req.query, env.timeZone),
  );
  app.get('/api/v1/stats/issues/trend', { schema: { tags, querystring: ZStatsQuery } }, async (req) =>
    issueTrend(ctx(req, P.stats), req.query, env.timeZone),
  );
  app.get('/api/v1/stats/issues/by-category', { schema: { tags, querystring: ZStatsQuery } }, async (req) =>
    issuesByCategory(ctx(req, P.stats), req.query, env.timeZone),
  );
  app.get('/api/v1/stats/issues/handlers', { schema: { tags, querystring: ZStatsQuery } }, async (req) =>
    handlerRanking(ctx(req, P.stats), req.query, env.timeZone),
  );
}
