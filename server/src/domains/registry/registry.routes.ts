import {
  ORG_KINDS,
  ORG_UNIT_SORT,
  OWNER_SORT,
  PARTY_ORG_KINDS,
  PARTY_ORG_SORT,
  translate,
  ZCompany,
  ZCompanyCreate,
  ZCompanyListQuery,
  ZDwelling,
  ZDwellingCreate,
  ZDwellingListQuery,
  ZEstate,
  ZEstateCreate,
  ZEstateDetail,
  ZEstateListQuery,
  ZFiveToOne,
  ZId,
  ZImportResult,
  ZManagementChange,
  ZOrgUnit,
  ZOrgUnitCreate,
  ZOrgUnitNode,
  ZOwner,
  ZOwnerCreate,
  ZPageQuery,
  ZPartyCoverage,
  ZPartyMember,
  ZPartyMemberCreate,
  ZPartyOrg,
  ZPartyOrgCreate,
  zSort,
} from '@rp/contract';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { authorize, ctxOf } from '../../platform/auth';
import type { App, Deps } from '../../platform/deps';
import { fieldError } from '../../platform/errors';
import { buildXlsx, sendXlsx, type XlsxColumn } from '../../platform/excel';
import { importDwellings, parseDwellingFile } from './registry.import';
import { registryPolicy as P } from './registry.policy';
import * as S from './registry.service';

const tags = ['registry'];
const ZFormat = z.object({ format: z.enum(['json', 'xlsx']).optional() });
const ZIdParam = z.object({ id: ZId });

async function xlsx<T>(reply: FastifyReply, name: string, cols: XlsxColumn<T>[], data: T[]) {
  return sendXlsx(reply, `${name}.xlsx`, await buildXlsx(name, cols, data));
}

/** Registry (SPEC §2, API.md "Registry"): org units, departments, five-to-one, companies, estates, owners, dwellings, party. */
export function registerRegistryRoutes(app: App, deps: Deps) {
  const { db, now } = deps;
  const ctx = (req: Parameters<typeof ctxOf>[0], roles: readonly string[]) =>
    ctxOf(req, db, now, authorize(req, roles as never));

  // ── org units
  app.post(
    '/api/v1/org-units',
    { schema: { tags, body: ZOrgUnitCreate, response: { 201: ZOrgUnit } } },
    async (req, reply) => reply.status(201).send(await S.createOrgUnit(ctx(req, P.createOrgUnit), req.body)),
  );
  app.get('/api/v1/org-units/tree', { schema: { tags, response: { 200: z.array(ZOrgUnitNode) } } }, async (req) =>
    S.getOrgTree(ctx(req, P.readRegistry)),
  );
  app.get(
    '/api/v1/org-units',
    {
      schema: {
        tags,
        querystring: ZFormat.extend({
          kind: z.enum(ORG_KINDS).optional(),
          parentId: ZId.optional(),
          sort: zSort(ORG_UNIT_SORT),
        }),
      },
    },
    async (req, reply) => {
      const c = ctx(req, P.readRegistry);
      const list = await S.listOrgUnits(c, req.query);
      if (req.query.format !== 'xlsx') return list;
      const kind = (k: string) => translate(req.lang, `enum.orgKind.${k}`);
      const names = new Map(list.map((u) => [u.id, u.name]));
      return xlsx(
        reply,
        '组织机构',
        [
          { header: '序号', value: (_, i) => i + 1 },
          { header: '名称', width: 30, value: (u) => u.name },
          { header: '类型', value: (u) => kind(u.kind) },
          { header: '上级', width: 30, value: (u) => (u.parentId ? (names.get(u.parentId) ?? '') : '') },
          { header: '编号', width: 40, value: (u) => u.id },
        ],
        list,
      );
    },
  );
  app.get('/api/v1/org-units/:id', { schema: { tags, params: ZIdParam } }, async (req) =>
    S.getOrgUnit(ctx(req, P.readRegistry), req.params.id),
  );
  app.put(
    '/api/v1/org-units/:id/five-to-one',
    { schema: { tags, params: ZIdParam, body: ZFiveToOne, response: { 200: ZFiveToOne } } },
    async (req) => S.setFiveToOne(ctx(req, P.editFiveToOne), req.params.id, req.body),
  );

  // ── departments
  const ZDepartment = z.object({ id: z.string(), name: z.string(), orgUnitId: z.string() });
  app.post(
    '/api/v1/departments',
    {
      schema: {
        tags,
        body: z.object({ name: z.string().trim().min(1).max(100), orgUnitId: ZId }),
        response: { 201: ZDepartment },
      },
    },
    async (req, reply) => reply.status(201).send(await S.createDepartment(ctx(req, P.createDepartment), req.body)),
  );
  app.get('/api/v1/departments', { schema: { tags, response: { 200: z.array(ZDepartment) } } }, async (req) =>
    S.listDepartments(ctx(req, P.readStaffOnly)),
  );

  // ── companies
  app.post(
    '/api/v1/companies',
    { schema: { tags, body: ZCompanyCreate, response: { 201: ZCompany } } },
    async (req, reply) => reply.status(201).send(await S.createCompany(ctx(req, P.createCompany), req.body)),
  );
  app.get(
    '/api/v1/companies',
    { schema: { tags, querystring: ZPageQuery.extend(ZCompanyListQuery.shape).extend(ZFormat.shape) } },
    async (req, reply) => {
      const c = ctx(req, P.readRegistry);
      if (req.query.format !== 'xlsx') return S.listCompanies(c, req.query);
      const { items } = await S.listCompanies(c, req.query, true);
      const party = (k: string) => translate(req.lang, `enum.partyOrganization.${k}`);
      return xlsx(
        reply,
        '物业服务企业',
        [
          { header: '序号', value: (_, i) => i + 1 },
          { header: '企业名称', width: 36, value: (r) => r.name },
          { header: '统一社会信用代码', width: 24, value: (r) => r.uscc },
          { header: '联系人', value: (r) => r.contactName },
          { header: '联系电话', width: 16, value: (r) => r.contactPhone },
          { header: '党组织', value: (r) => party(r.partyOrganization) },
          { header: '服务小区数', value: (r) => r.estateCount },
          { header: '员工数', value: (r) => r.staffCount },
        ],
        items,
      );
    },
  );
  app.get('/api/v1/companies/:id', { schema: { tags, params: ZIdParam } }, async (req) =>
    S.getCompany(ctx(req, P.readRegistry), req.params.id),
  );

  // ── estates
  app.post(
    '/api/v1/estates',
    { schema: { tags, body: ZEstateCreate, response: { 201: ZEstate } } },
    async (req, reply) => reply.status(201).send(await S.createEstate(ctx(req, P.createEstate), req.body)),
  );
  app.get(
    '/api/v1/estates',
    { schema: { tags, querystring: ZPageQuery.extend(ZEstateListQuery.shape).extend(ZFormat.shape) } },
    async (req, reply) => {
      const c = ctx(req, P.readRegistry);
      if (req.query.format !== 'xlsx') return S.listEstates(c, req.query);
      const list = await S.exportEstates(c, req.query);
      const mode = (k: string) => translate(req.lang, `enum.managementMode.${k}`);
      return xlsx(
        reply,
        '小区台账',
        [
          { header: '序号', value: (_, i) => i + 1 },
          { header: '小区名称', width: 30, value: (r) => r.name },
          { header: '街道', width: 20, value: (r) => r.streetName },
          { header: '社区', width: 20, value: (r) => r.communityName },
          { header: '地址', width: 36, value: (r) => r.address },
          { header: '管理模式', value: (r) => mode(r.managementMode) },
          { header: '物业服务企业', width: 36, value: (r) => r.companyName },
        ],
        list,
      );
    },
  );
  app.get(
    '/api/v1/estates/:id',
    { schema: { tags, params: ZIdParam, response: { 200: ZEstateDetail } } },
    async (req) => S.getEstate(ctx(req, P.readRegistry), req.params.id),
  );
  app.put(
    '/api/v1/estates/:id/management',
    { schema: { tags, params: ZIdParam, body: ZManagementChange, response: { 200: ZEstateDetail } } },
    async (req) => S.changeManagement(ctx(req, P.changeManagement), req.params.id, req.body),
  );

  // ── owners
  app.post('/api/v1/owners', { schema: { tags, body: ZOwnerCreate, response: { 201: ZOwner } } }, async (req, reply) =>
    reply.status(201).send(await S.createOwner(ctx(req, P.createOwner), req.body)),
  );
  app.get(
    '/api/v1/owners',
    {
      schema: {
        tags,
        querystring: ZPageQuery.extend({
          estateId: ZId.optional(),
          q: z.string().max(100).optional(),
          sort: zSort(OWNER_SORT),
        }).extend(ZFormat.shape),
      },
    },
    async (req, reply) => {
      const c = ctx(req, P.readOwners);
      if (req.query.format !== 'xlsx') return S.listOwners(c, req.query);
      const { items } = await S.listOwners(c, req.query, true);
      const kind = (k: string) => translate(req.lang, `enum.ownerKind.${k}`);
      return xlsx(
        reply,
        '业主名册',
        [
          { header: '序号', value: (_, i) => i + 1 },
          { header: '姓名/名称', width: 30, value: (r) => r.name },
          { header: '类型', value: (r) => kind(r.kind) },
          { header: '电话', width: 16, value: (r) => r.phone },
        ],
        items,
      );
    },
  );

  // ── dwellings
  app.post(
    '/api/v1/estates/:id/dwellings',
    { schema: { tags, params: ZIdParam, body: ZDwellingCreate, response: { 201: ZDwelling } } },
    async (req, reply) =>
      reply.status(201).send(await S.createDwelling(ctx(req, P.createDwelling), req.params.id, req.body)),
  );
  app.get(
    '/api/v1/estates/:id/dwellings',
    {
      schema: {
        tags,
        params: ZIdParam,
        querystring: ZPageQuery.extend(ZDwellingListQuery.shape).extend(ZFormat.shape),
      },
    },
    async (req, reply) => {
      const c = ctx(req, P.readRegistry);
      // Companies and volunteers see addresses and areas but not who owns them.
      const hideOwners = c.actor.role === 'company' || c.actor.role === 'volunteer';
      if (req.query.format !== 'xlsx') {
        const page = await S.listDwellings(c, req.params.id, req.query);
        if (hideOwners) for (const d of page.items) d.owners = [];
        return page;
      }
      const { items } = await S.listDwellings(c, req.params.id, req.query, true);
      return xlsx(
        reply,
        '房屋台账',
        [
          { header: '序号', value: (_, i) => i + 1 },
          { header: '楼栋', value: (r) => r.building },
          { header: '单元', value: (r) => r.unit },
          { header: '房号', value: (r) => r.number },
          { header: '面积', value: (r) => r.areaM2 },
          { header: '是否交付', value: (r) => (r.delivered ? '是' : '否') },
          { header: '业主姓名', width: 20, value: (r) => (hideOwners ? '' : r.owners.map((o) => o.name).join('、')) },
          {
            header: '业主电话',
            width: 16,
            value: (r) => (hideOwners ? '' : r.owners.map((o) => o.phone ?? '').join('、')),
          },
        ],
        items,
      );
    },
  );
  app.get(
    '/api/v1/stats/registry',
    { schema: { tags, querystring: z.object({ orgUnitId: ZId.optional() }) } },
    async (req) => S.registryStats(ctx(req, P.readStaffOnly), req.query.orgUnitId),
  );
  app.get('/api/v1/me/dwellings', { schema: { tags, response: { 200: z.array(ZDwelling) } } }, async (req) =>
    S.listMyDwellings(ctx(req, ['resident'])),
  );
  app.post(
    '/api/v1/estates/:id/dwellings/import',
    { schema: { tags, params: ZIdParam, consumes: ['multipart/form-data'], response: { 200: ZImportResult } } },
    async (req) => {
      const c = ctx(req, P.importDwellings);
      await S.estateInScope(c, req.params.id);
      if (!req.isMultipart()) throw fieldError('file', 'err.fileMissing');
      const file = await req.file();
      if (!file) throw fieldError('file', 'err.fileMissing');
      const buf = await file.toBuffer();
      const parsed = await parseDwellingFile(file.filename, buf);
      return importDwellings(c, req.params.id, parsed);
    },
  );

  // ── party organisations
  app.post(
    '/api/v1/party-orgs',
    { schema: { tags, body: ZPartyOrgCreate, response: { 201: ZPartyOrg } } },
    async (req, reply) => reply.status(201).send(await S.createPartyOrg(ctx(req, P.editParty), req.body)),
  );
  app.get(
    '/api/v1/party-orgs',
    {
      schema: {
        tags,
        querystring: ZPageQuery.extend({
          kind: z.enum(PARTY_ORG_KINDS).optional(),
          sort: zSort(PARTY_ORG_SORT),
        }).extend(ZFormat.shape),
      },
    },
    async (req, reply) => {
      const c = ctx(req, P.readStaffOnly);
      if (req.query.format !== 'xlsx') return S.listPartyOrgs(c, req.query);
      const { items } = await S.listPartyOrgs(c, req.query, true);
      const kind = (k: string) => translate(req.lang, `enum.partyOrgKind.${k}`);
      return xlsx(
        reply,
        '党组织',
        [
          { header: '序号', value: (_, i) => i + 1 },
          { header: '名称', width: 36, value: (r) => r.name },
          { header: '类型', value: (r) => kind(r.kind) },
          { header: '成立日期', value: (r) => r.establishedOn },
          { header: '党员数', value: (r) => r.memberCount },
        ],
        items,
      );
    },
  );
  app.post(
    '/api/v1/party-orgs/:id/members',
    { schema: { tags, params: ZIdParam, body: ZPartyMemberCreate, response: { 201: ZPartyMember } } },
    async (req, reply) =>
      reply.status(201).send(await S.addPartyMember(ctx(req, P.editParty), req.params.id, req.body)),
  );
  app.get(
    '/api/v1/party-orgs/:id/members',
    { schema: { tags, params: ZIdParam, response: { 200: z.array(ZPartyMember) } } },
    async (req) => S.listPartyMembers(ctx(req, P.readStaffOnly), req.params.id),
  );
  app.get(
    '/api/v1/stats/party',
    { schema: { tags, querystring: z.object({ orgUnitId: ZId.optional() }), response: { 200: ZPartyCoverage } } },
    async (req) => S.partyCoverage(ctx(req, P.readStaffOnly), req.query.orgUnitId),
  );
}
