import {
  translate,
  ZBallotCreate,
  ZCommittee,
  ZCommitteeSort,
  ZCommitteeStageInput,
  ZCommitteeStats,
  ZGovernanceConfig,
  ZId,
  ZManagementCommitteeInput,
  ZMeeting,
  ZMeetingCreate,
  ZMeetingResult,
  ZMeetingSort,
} from '@rp/contract';
import { z } from 'zod';
import { authorize, ctxOf } from '../../platform/auth';
import type { App, Deps } from '../../platform/deps';
import { buildXlsx, sendXlsx } from '../../platform/excel';
import { governancePolicy as P } from './governance.policy';
import * as S from './governance.service';

const tags = ['governance'];
const ZIdParam = z.object({ id: ZId });

/** Owners' self-governance (SPEC §6, API.md "Owners' self-governance"). */
export function registerGovernanceRoutes(app: App, deps: Deps) {
  const { db, now } = deps;
  const ctx = (req: Parameters<typeof ctxOf>[0], roles: readonly string[]) =>
    ctxOf(req, db, now, authorize(req, roles as never));

  app.get(
    '/api/v1/estates/:id/committee',
    { schema: { tags, params: ZIdParam, response: { 200: ZCommittee } } },
    async (req) => S.getCommittee(ctx(req, P.readCommittee), req.params.id),
  );
  app.put(
    '/api/v1/estates/:id/committee',
    { schema: { tags, params: ZIdParam, body: ZCommitteeStageInput, response: { 200: ZCommittee } } },
    async (req) => S.putCommitteeStage(ctx(req, P.editCommittee), req.params.id, req.body),
  );
  app.put(
    '/api/v1/estates/:id/management-committee',
    { schema: { tags, params: ZIdParam, body: ZManagementCommitteeInput, response: { 200: ZCommittee } } },
    async (req) => S.putManagementCommittee(ctx(req, ['admin', 'street', 'community']), req.params.id, req.body),
  );
  app.get(
    '/api/v1/stats/committees',
    {
      schema: {
        tags,
        querystring: z.object({
          orgUnitId: ZId.optional(),
          year: z.coerce.number().int().min(2000).max(2100).optional(),
        }),
        response: { 200: ZCommitteeStats },
      },
    },
    async (req) => S.committeeStats(ctx(req, P.stats), req.query),
  );
  app.get(
    '/api/v1/committees',
    {
      schema: {
        tags,
        querystring: z.object({
          orgUnitId: ZId.optional(),
          missing: z.enum(['true', 'false']).optional(),
          sort: ZCommitteeSort,
          format: z.enum(['json', 'xlsx']).optional(),
        }),
      },
    },
    async (req, reply) => {
      const c = ctx(req, P.stats);
      const out = await S.committeeBreakdown(c, {
        orgUnitId: req.query.orgUnitId,
        missing: req.query.missing === 'true',
        sort: req.query.sort,
      });
      if (req.query.format !== 'xlsx') return out;
      const t = (k: string) => translate(req.lang, k);
      const buf = await buildXlsx(
        '业委会组建台账',
        [
          { header: '序号', value: (_, i) => i + 1 },
          { header: '街道', width: 16, value: (r) => r.streetName },
          { header: '社区', width: 16, value: (r) => r.communityName },
          { header: '小区', width: 24, value: (r) => r.name },
          { header: '管理模式', value: (r) => t(`enum.managementMode.${r.managementMode}`) },
          { header: '房屋数', value: (r) => r.dwellings },
          { header: '已交付', value: (r) => r.delivered },
          { header: '应组建', value: (r) => (r.required ? '是' : '否') },
          { header: '组建阶段', value: (r) => t(`enum.committeeStage.${r.stage}`) },
        ],
        out.estates,
      );
      return sendXlsx(reply, '业委会组建台账.xlsx', buf);
    },
  );
  app.put(
    '/api/v1/settings/governance',
    {
      schema: {
        tags,
        body: ZGovernanceConfig,
      },
    },
    async (req) => S.putGovernanceConfig(ctx(req, ['admin', 'bureau']), req.body),
  );
  app.get('/api/v1/settings/governance', { schema: { tags } }, async (req) => {
    ctx(req, P.stats);
    return S.getGovernanceConfig(db);
  });

  // ── meetings
  app.post(
    '/api/v1/estates/:id/meetings',
    { schema: { tags, params: ZIdParam, body: ZMeetingCreate, response: { 201: ZMeeting } } },
    async (req, reply) =>
      reply.status(201).send(await S.createMeeting(ctx(req, P.runMeeting), req.params.id, req.body)),
  );
  app.get(
    '/api/v1/meetings',
    {
      schema: {
        tags,
        querystring: z.object({
          estateId: ZId.optional(),
          status: z.enum(['open', 'closed']).optional(),
          sort: ZMeetingSort,
        }),
        response: { 200: z.array(ZMeeting) },
      },
    },
    async (req) => S.listMeetings(ctx(req, P.readMeeting), req.query),
  );
  app.get('/api/v1/meetings/:id', { schema: { tags, params: ZIdParam } }, async (req) =>
    S.getMeeting(ctx(req, P.readMeeting), req.params.id),
  );
  app.post(
    '/api/v1/meetings/:id/ballots',
    { schema: { tags, params: ZIdParam, body: ZBallotCreate } },
    async (req, reply) => reply.status(201).send(await S.castBallot(ctx(req, P.vote), req.params.id, req.body)),
  );
  app.get('/api/v1/meetings/:id/turnout', { schema: { tags, params: ZIdParam } }, async (req) =>
    S.meetingTurnout(ctx(req, P.runMeeting), req.params.id),
  );
  app.post(
    '/api/v1/meetings/:id/close',
    { schema: { tags, params: ZIdParam, response: { 200: ZMeetingResult } } },
    async (req) => S.closeMeeting(ctx(req, P.runMeeting), req.params.id),
  );
  app.get(
    '/api/v1/meetings/:id/result',
    { schema: { tags, params: ZIdParam, response: { 200: ZMeetingResult } } },
    async (req) => S.meetingResult(ctx(req, P.readMeeting), req.params.id),
  );
}
