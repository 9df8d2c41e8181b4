import { existsSync } from 'node:fs';
import {
  fenToYuan,
  translate,
  ZBill,
  ZBillingPeriod,
  ZBillingPeriodCreate,
  ZBillingPeriodListQuery,
  ZBillListQuery,
  ZEstateDisclosure,
  ZFeeDisclosure,
  ZFeeDisclosurePut,
  ZFeeStats,
  ZFeeStatsQuery,
  ZFeeTrendPoint,
  ZFeeTrendQuery,
  ZFinanceEntry,
  ZFinanceEntryCreate,
  ZFinanceLedger,
  ZFinanceSort,
  ZId,
  ZPageQuery,
  ZPayment,
  ZPaymentCreate,
  ZPaymentImportResult,
  ZPaymentResult,
  ZPaymentSort,
  ZPublicDisclosure,
  ZPublicEstate,
  ZPublicEstateQuery,
  ZReversalCreate,
  ZSelection,
  ZSelectionPut,
  zPage,
} from '@rp/contract';
import { z } from 'zod';
import { authorize, ctxOf } from '../../platform/auth';
import type { App, Deps } from '../../platform/deps';
import { fieldError, notFound } from '../../platform/errors';
import { buildXlsx, sendXlsx } from '../../platform/excel';
import { sendUpload, uploadPath } from '../../platform/uploads';
import { importPayments, parsePaymentFile } from './disclosure.import';
import { disclosurePolicy as P } from './disclosure.policy';
import * as S from './disclosure.service';

const tags = ['disclosure'];
const ZIdParam = z.object({ id: ZId });
const ZFormat = z.object({ format: z.enum(['json', 'xlsx']).optional() });
/** Yuan for Excel cells, converted from exact fen through the decimal string (display only). */
const yuan = (fen: number) => Number(fenToYuan(fen));

/** Fees, committee finances and the three publics (SPEC; API.md "Fees and disclosure"). */
export function registerDisclosureRoutes(app: App, deps: Deps) {
  const { db, now } = deps;
  const env: S.DisclosureEnv = { timeZone: deps.config.timeZone };
  const ctx = (req: Parameters<typeof ctxOf>[0], roles: readonly string[]) =>
    ctxOf(req, db, now, authorize(req, roles as never));

  // ── billing periods and bills (SPEC R-44)
  app.post(
    '/api/v1/estates/:id/billing-periods',
    { schema: { tags, params: ZIdParam, body: ZBillingPeriodCreate, response: { 201: ZBillingPeriod } } },
    async (req, reply) =>
      reply.status(201).send(await S.createBillingPeriod(ctx(req, P.bill), req.params.id, req.body)),
  );
  app.get(
    '/api/v1/billing-periods',
    {
      schema: {
        tags,
        querystring: ZPageQuery.extend(ZBillingPeriodListQuery.shape),
        response: { 200: zPage(ZBillingPeriod) },
      },
    },
    async (req) => S.listBillingPeriods(ctx(req, P.feeStats), req.query),
  );
  app.get(
    '/api/v1/billing-periods/:id',
    { schema: { tags, params: ZIdParam, response: { 200: ZBillingPeriod } } },
    async (req) => S.getBillingPeriod(ctx(req, P.feeStats), req.params.id),
  );
  app.get(
    '/api/v1/bills',
    { schema: { tags, querystring: ZPageQuery.extend(ZBillListQuery.shape).extend(ZFormat.shape) } },
    async (req, reply) => {
      const c = ctx(req, P.readBills);
      if (req.query.format !== 'xlsx') return S.listBills(c, req.query);
      const list = await S.exportBills(c, req.query);
      const status = (k: string) => translate(req.lang, `enum.billStatus.${k}`);
      const name = req.query.status === 'paid' ? '缴费台账' : '欠费台账';
      const buf = await buildXlsx(
        name,
        [
          { header: '序号', value: (_, i) => i + 1 },
          { header: '账期', value: (r) => r.period },
          { header: '楼栋', value: (r) => r.building },
          { header: '单元', value: (r) => r.unit },
          { header: '房号', value: (r) => r.number },
          { header: '面积（㎡）', value: (r) => Number(r.areaM2) },
          { header: '应缴（元）', value: (r) => yuan(r.amountFen) },
          { header: '已缴（元）', value: (r) => yuan(r.paidFen) },
          { header: '欠缴（元）', value: (r) => yuan(r.owedFen) },
          { header: '状态', value: (r) => status(r.status) },
        ],
        list,
      );
      return sendXlsx(reply, `${name}.xlsx`, buf);
    },
  );
  app.get('/api/v1/bills/:id', { schema: { tags, params: ZIdParam, response: { 200: ZBill } } }, async (req) =>
    S.billFor(ctx(req, P.readBills), req.params.id),
  );
  app.post(
    '/api/v1/bills/:id/payments',
    { schema: { tags, params: ZIdParam, body: ZPaymentCreate, response: { 201: ZPaymentResult } } },
    async (req, reply) => reply.status(201).send(await S.payBill(ctx(req, P.bill), env, req.params.id, req.body)),
  );
  app.get(
    '/api/v1/bills/:id/payments',
    {
      schema: {
        tags,
        params: ZIdParam,
        querystring: z.object({ sort: ZPaymentSort }),
        response: { 200: z.array(ZPayment) },
      },
    },
    async (req) => S.listPayments(ctx(req, P.readBills), req.params.id, req.query.sort),
  );
  app.post(
    '/api/v1/payments/:id/reverse',
    { schema: { tags, params: ZIdParam, body: ZReversalCreate, response: { 201: ZPaymentResult } } },
    async (req, reply) => reply.status(201).send(await S.reversePayment(ctx(req, P.bill), req.params.id, req.body)),
  );
  app.post(
    '/api/v1/estates/:id/billing-periods/:periodId/payments/import',
    {
      schema: {
        tags,
        params: z.object({ id: ZId, periodId: ZId }),
        consumes: ['multipart/form-data'],
        response: { 200: ZPaymentImportResult },
      },
    },
    async (req) => {
      const c = ctx(req, P.bill);
      const bp = await S.billingPeriodFor(c, req.params.periodId);
      if (bp.estateId !== req.params.id) throw notFound();
      if (!req.isMultipart()) throw fieldError('file', 'err.fileMissing');
      const file = await req.file();
      if (!file) throw fieldError('file', 'err.fileMissing');
      const parsed = await parsePaymentFile(file.filename, await file.toBuffer(), now(), env);
      return importPayments(c, req.params.id, req.params.periodId, parsed);
    },
  );

  // ── fee statistics (SPEC R-44)
  app.get(
    '/api/v1/stats/fees',
    { schema: { tags, querystring: ZFeeStatsQuery, response: { 200: ZFeeStats } } },
    async (req) => S.feeStats(ctx(req, P.feeStats), req.query),
  );
  app.get(
    '/api/v1/stats/fees/trend',
    {
      schema: {
        tags,
        querystring: ZFeeTrendQuery,
        response: { 200: z.array(ZFeeTrendPoint) },
      },
    },
    async (req) => S.feeTrend(ctx(req, P.feeStats), req.query),
  );

  // ── committee finances (SPEC R-43 (3))
  app.post(
    '/api/v1/estates/:id/finance',
    { schema: { tags, params: ZIdParam, body: ZFinanceEntryCreate, response: { 201: ZFinanceEntry } } },
    async (req, reply) =>
      reply.status(201).send(await S.createFinanceEntry(ctx(req, P.writeFinance), env, req.params.id, req.body)),
  );
  app.get(
    '/api/v1/estates/:id/finance',
    { schema: { tags, params: ZIdParam, querystring: ZFormat.extend({ sort: ZFinanceSort }) } },
    async (req, reply) => {
      const c = ctx(req, P.readFinance);
      const ledger = ZFinanceLedger.parse(await S.getFinanceLedger(c, req.params.id, req.query.sort));
      if (req.query.format !== 'xlsx') return ledger;
      const t = (k: string, params?: Record<string, unknown>) => translate(req.lang, k, params);
      const buf = await buildXlsx(
        '业委会收支台账',
        [
          { header: '序号', value: (_, i) => i + 1 },
          { header: '日期', value: (r) => r.date },
          { header: '收支', value: (r) => t(`enum.financeKind.${r.kind}`) },
          { header: '金额（元）', value: (r) => yuan(r.amountFen) },
          { header: '对方', width: 30, value: (r) => r.counterparty },
          { header: '用途', width: 40, value: (r) => r.purpose },
          { header: '附件', value: (r) => (r.attachment ? '有' : '') },
          {
            header: '冲正',
            width: 30,
            value: (r) =>
              r.reversesId
                ? t('cell.reversal', { reason: r.reversalReason ?? '' })
                : r.reversed
                  ? t('cell.reversed')
                  : '',
          },
        ],
        ledger.entries,
      );
      return sendXlsx(reply, '业委会收支台账.xlsx', buf);
    },
  );
  app.post(
    '/api/v1/finance-entries/:id/reverse',
    { schema: { tags, params: ZIdParam, body: ZReversalCreate, response: { 201: ZFinanceEntry } } },
    async (req, reply) =>
      reply.status(201).send(await S.reverseFinanceEntry(ctx(req, P.writeFinance), env, req.params.id, req.body)),
  );
  app.get('/api/v1/finance-entries/:id/attachment', { schema: { tags, params: ZIdParam } }, async (req, reply) => {
    const u = await S.financeAttachment(ctx(req, P.readFinance), req.params.id);
    const file = uploadPath(deps.config.dataDir, u.id);
    if (!existsSync(file)) throw notFound();
    return sendUpload(reply, u, file);
  });

  // ── the three publics: records (SPEC R-43 (1), (2))
  app.get(
    '/api/v1/estates/:id/disclosure',
    { schema: { tags, params: ZIdParam, response: { 200: ZEstateDisclosure } } },
    async (req) => S.getEstateDisclosure(ctx(req, P.readDisclosure), req.params.id),
  );
  app.put(
    '/api/v1/estates/:id/disclosure/selection',
    { schema: { tags, params: ZIdParam, body: ZSelectionPut, response: { 200: ZSelection } } },
    async (req) => S.putSelection(ctx(req, P.writeSelection), req.params.id, req.body),
  );
  app.put(
    '/api/v1/estates/:id/disclosure/fees',
    { schema: { tags, params: ZIdParam, body: ZFeeDisclosurePut, response: { 200: ZFeeDisclosure } } },
    async (req) => S.putFeeDisclosure(ctx(req, P.writeFees), req.params.id, req.body),
  );

  // ── public portal, no login (SPEC)
  app.get(
    '/api/public/estates',
    {
      schema: {
        tags: ['public'],
        security: [],
        querystring: ZPageQuery.extend(ZPublicEstateQuery.shape),
        response: { 200: zPage(ZPublicEstate) },
      },
    },
    async (req) => S.listPublicEstates(db, req.query),
  );
  app.get(
    '/api/public/estates/:id/disclosure',
    { schema: { tags: ['public'], security: [], params: ZIdParam, response: { 200: ZPublicDisclosure } } },
    async (req) => S.publicDisclosure(db, req.params.id),
  );
}
