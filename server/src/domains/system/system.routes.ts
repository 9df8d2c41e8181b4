import { existsSync } from 'node:fs';
import { DEFAULT_DEADLINES, ZCalendar, ZId } from '@rp/contract';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { issueHistory, issues, jobRuns, uploads } from '../../db/schema';
import { audit } from '../../platform/audit';
import { authorize, ctxOf, requireActor } from '../../platform/auth';
import { inTx } from '../../platform/context';
import type { App, Deps } from '../../platform/deps';
import { AppError, fieldError, notFound } from '../../platform/errors';
import { issueScope } from '../../platform/scope';
import { saveUpload, sendUpload, uploadPath } from '../../platform/uploads';
import { runDeadlineJob } from '../issues/issues.service';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from './notifications.service';
import { getCalendarYear, getIssueConfig, putCalendarYear, putIssueConfig } from './system.service';

const tags = ['system'];
const ZYear = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

/** The scheduled jobs the admin can run now (API.md POST /admin/jobs/:name/run). */
export const JOBS = {
  deadlines: runDeadlineJob,
} as const;

/** Calendar, configuration, jobs, uploads and notifications. */
export function registerSystemRoutes(app: App, deps: Deps) {
  const { db, now } = deps;
  const env = { timeZone: deps.config.timeZone };

  app.get('/api/v1/calendar/:year', { schema: { tags, params: ZYear } }, async (req) => {
    requireActor(req);
    return getCalendarYear(db, req.params.year);
  });
  app.put('/api/v1/calendar/:year', { schema: { tags, params: ZYear, body: ZCalendar } }, async (req) => {
    const a = authorize(req, ['admin']);
    return putCalendarYear(ctxOf(req, db, now, a), req.params.year, req.body);
  });

  const ZDeadlines = z.object({
    acceptWorkingDays: z.number().int().min(1).max(30),
    urgentHours: z.number().int().min(1).max(240),
    normalWorkingDays: z.number().int().min(1).max(60),
    complexWorkingDays: z.number().int().min(1).max(120),
    escalationWorkingDays: z.number().int().min(1).max(60),
    autoCloseDays: z.number().int().min(1).max(60),
  });
  app.get('/api/v1/settings/issues', { schema: { tags } }, async (req) => {
    authorize(req, ['admin', 'bureau', 'street', 'community']);
    return getIssueConfig(db);
  });
  app.put(
    '/api/v1/settings/issues',
    {
      schema: {
        tags,
        body: z.object({
          deadlines: ZDeadlines.default({ ...DEFAULT_DEADLINES }),
          satisfactionWeights: z
            .object({
              satisfied: z.number().min(0).max(1),
              basically_satisfied: z.number().min(0).max(1),
              unsatisfied: z.number().min(0).max(1),
            })
            .optional(),
        }),
      },
    },
    async (req) => {
      const a = authorize(req, ['admin']);
      const current = await getIssueConfig(db);
      const formula = {
        ...current.formula,
        ...(req.body.satisfactionWeights
          ? { satisfactionWeights: req.body.satisfactionWeights, version: current.formula.version + 1 }
          : {}),
      };
      return putIssueConfig(ctxOf(req, db, now, a), {
        deadlines: req.body.deadlines as typeof DEFAULT_DEADLINES,
        formula: formula as never,
      });
    },
  );

  app.post(
    '/api/v1/admin/jobs/:name/run',
    { schema: { tags, params: z.object({ name: z.string().max(40) }) } },
    async (req) => {
      const a = authorize(req, ['admin']);
      const job = JOBS[req.params.name as keyof typeof JOBS];
      if (!job) throw notFound();
      const c = ctxOf(req, db, now, a);
      const startedAt = now();
      const r = await job(c, env);
      await inTx(c, async (t) => {
        const [run] = await t.db
          .insert(jobRuns)
          .values({ job: req.params.name, startedAt, finishedAt: now(), changed: r.changed, detail: r })
          .returning();
        await audit(t, { action: 'run', entity: 'job', entityId: run.id, after: { job: req.params.name, ...r } });
      });
      return { job: req.params.name, ...r };
    },
  );
  app.get('/api/v1/admin/jobs', { schema: { tags } }, async (req) => {
    authorize(req, ['admin']);
    return db.select().from(jobRuns).orderBy(desc(jobRuns.startedAt)).limit(50);
  });

  // ── uploads (evidence photos)
  app.post('/api/v1/uploads', { schema: { tags, consumes: ['multipart/form-data'] } }, async (req, reply) => {
    const a = requireActor(req);
    if (!req.isMultipart()) throw fieldError('file', 'err.fileMissing');
    const file = await req.file();
    if (!file) throw fieldError('file', 'err.fileMissing');
    const buf = await file.toBuffer();
    if (file.file.truncated) throw new AppError(413, 'err.tooLarge');
    return reply.status(201).send(await saveUpload(ctxOf(req, db, now, a), deps.config.dataDir, file.filename, buf));
  });
  app.get('/api/v1/uploads/:id', { schema: { tags, params: z.object({ id: ZId }) } }, async (req, reply) => {
    const a = requireActor(req);
    const id = req.params.id;
    if (!/^[0-9a-f-]{36}$/.test(id)) throw notFound();
    const [u] = await db.select().from(uploads).where(eq(uploads.id, id));
    if (!u) throw notFound();
    if (u.accountId !== a.id) {
      const needle = JSON.stringify([id]);
      const [seen] = await db
        .select({ n: count() })
        .from(issues)
        .where(
          and(
            issueScope(a),
            sql`(${issues.photoIds} @> ${needle}::jsonb or exists (select 1 from ${issueHistory} h where h.issue_id = ${issues.id} and h.photo_ids @> ${needle}::jsonb))`,
          ),
        );
      if (!seen || Number(seen.n) === 0) throw notFound();
    }
    const file = uploadPath(deps.config.dataDir, id);
    if (!existsSync(file)) throw notFound();
    return sendUpload(reply, u, file);
  });

  // ── notifications (the caller's own)
  app.get(
    '/api/v1/notifications',
    { schema: { tags, querystring: z.object({ unread: z.enum(['true', 'false']).optional() }) } },
    async (req) => listNotifications(ctxOf(req, db, now, requireActor(req)), req.query.unread === 'true'),
  );
  app.post(
    '/api/v1/notifications/:id/read',
    { schema: { tags, params: z.object({ id: ZId }) } },
    async (req, reply) => {
      await markNotificationRead(ctxOf(req, db, now, requireActor(req)), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post('/api/v1/notifications/read-all', { schema: { tags } }, async (req) =>
    markAllNotificationsRead(ctxOf(req, db, now, requireActor(req))),
  );
}
