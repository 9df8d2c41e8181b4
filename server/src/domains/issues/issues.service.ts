import { randomUUID } from 'node:crypto';
import {
  allowedIssueActions,
  type HandlerRef,
  ISSUE_STATUSES,
  ISSUE_TRANSITIONS,
  type IssueAction,
  type IssueActionBody,
  type IssueCreate,
  type IssueStatus,
  LEVELS,
  type Level,
  maskPhone,
  OPEN_STATUSES,
  STAFF_SOURCES,
  type ZIssueListQuery,
} from '@rp/contract';
import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { type Db, rows } from '../../db/client';
import {
  accounts,
  companies,
  departments,
  dwellingOwners,
  dwellings,
  estates,
  issueCategories,
  issueCodeSeq,
  issueHandlers,
  issueHistory,
  issues,
  orgUnits,
  owners,
} from '../../db/schema';
import { audit, auditRows } from '../../platform/audit';
import { addWorkingDays, localDate } from '../../platform/calendar';
import { type Ctx, inTx } from '../../platform/context';
import { type AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors';
import { estateScope, issueScope } from '../../platform/scope';
import { orderByOf } from '../../platform/sort';
import { claimUploads } from '../../platform/uploads';
import { orgPathOf } from '../registry/registry.service';
import { getCalendar, getIssueConfig } from '../system/system.service';
import { notifyAssigned, notifyEscalation, notifyReopened, notifyReporter } from './issues.notices';
import { HANDLING_ACTIONS, issuesPolicy, mayRoute, ROUTING_ACTIONS } from './issues.policy';

type IssueRow = typeof issues.$inferSelect;
export interface IssueEnv {
  timeZone: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

// ───────────────────────────── deadlines ─────────────────────────────

/** SPEC R-13: acceptance (1 working day) and resolution (urgent 24 h clock time, normal 3, complex 15 working days). */
export async function computeDeadlines(ctx: Ctx, env: IssueEnv, reportedAt: Date, urgency: string) {
  const cal = await getCalendar(ctx.db, env.timeZone);
  const { deadlines: d } = await getIssueConfig(ctx.db);
  const acceptDueAt = addWorkingDays(reportedAt, d.acceptWorkingDays, cal);
  const resolveDueAt =
    urgency === 'urgent'
      ? new Date(reportedAt.getTime() + d.urgentHours * 3600_000)
      : addWorkingDays(reportedAt, urgency === 'complex' ? d.complexWorkingDays : d.normalWorkingDays, cal);
  return { acceptDueAt, resolveDueAt };
}

async function escalationDeadline(ctx: Ctx, env: IssueEnv) {
  const cal = await getCalendar(ctx.db, env.timeZone);
  const { deadlines: d } = await getIssueConfig(ctx.db);
  return addWorkingDays(ctx.now(), d.escalationWorkingDays, cal);
}

// ───────────────────────────── presentation ─────────────────────────────

/** Who may see the reporter's full phone: the admin and the accepting community (SPEC R-17). */
function seesFullPhone(ctx: Ctx, issue: IssueRow) {
  const a = ctx.actor;
  if (a.role === 'admin') return true;
  return a.role === 'community' && !!a.orgPath && issue.orgPath === a.orgPath;
}

type PresentedHandler = { kind: HandlerRef['kind']; id: string; name: string; role: 'lead' | 'assist' };

/** One issue as the caller sees it, from the row and what was looked up for it (no queries). */
function presentIssue(ctx: Ctx, i: IssueRow, hs: PresentedHandler[], estateName: string, now: number) {
  const reporter =
    i.anonymous || !i.reporterName
      ? null
      : {
          name: i.reporterName,
          phone: i.reporterPhone ? (seesFullPhone(ctx, i) ? i.reporterPhone : maskPhone(i.reporterPhone)) : '',
        };
  const since = (i.overdueSince ?? i.resolveDueAt)?.getTime();
  return {
    id: i.id,
    code: i.code,
    estateId: i.estateId,
    estateName,
    dwellingId: i.dwellingId,
    kind: i.kind as IssueCreate['kind'],
    category: i.category,
    title: i.title,
    description: i.description,
    source: i.source as IssueCreate['source'],
    urgency: i.urgency as IssueCreate['urgency'],
    status: i.status as IssueStatus,
    level: i.level as Level,
    overdue: i.overdue,
    anonymous: i.anonymous,
    reporter,
    reportedAt: i.reportedAt.toISOString(),
    acceptDueAt: i.acceptDueAt.toISOString(),
    resolveDueAt: iso(i.resolveDueAt),
    acceptedAt: iso(i.acceptedAt),
    resolvedAt: iso(i.resolvedAt),
    closedAt: iso(i.closedAt),
    closeReason: i.closeReason as 'rated' | 'no_answer' | 'community_confirmed' | null,
    rating: i.rating as 'satisfied' | 'basically_satisfied' | 'unsatisfied' | null,
    reopenCount: i.reopenCount,
    mergedIntoId: i.mergedIntoId,
    handlers: hs,
    photoIds: i.photoIds,
    allowedActions: actionsFor(ctx, i, hs),
    // Counted from the first missed deadline: escalation gives a new deadline but the lateness goes on.
    daysOverdue: i.overdue && since && now > since ? Math.floor((now - since) / 86_400_000) + 1 : i.overdue ? 1 : 0,
  };
}

/** Presents issues for the caller: listed fields only, phones masked, anonymous reporters never shown. */
export async function presentIssues(ctx: Ctx, list: IssueRow[]) {
  if (!list.length) return [];
  const ids = list.map((i) => i.id);
  // Two queries in parallel: the active handlers with their names, and the estates' names.
  const [handlers, estateRows] = await Promise.all([
    ctx.db
      .select({
        issueId: issueHandlers.issueId,
        kind: issueHandlers.kind,
        refId: issueHandlers.refId,
        role: issueHandlers.role,
        name: sql<string>`coalesce(${companies.name}, ${orgUnits.name}, ${departments.name}, '')`,
      })
      .from(issueHandlers)
      .leftJoin(companies, and(eq(issueHandlers.kind, 'company'), eq(companies.id, issueHandlers.refId)))
      .leftJoin(orgUnits, and(eq(issueHandlers.kind, 'org_unit'), eq(orgUnits.id, issueHandlers.refId)))
      .leftJoin(departments, and(eq(issueHandlers.kind, 'department'), eq(departments.id, issueHandlers.refId)))
      .where(and(inArray(issueHandlers.issueId, ids), eq(issueHandlers.active, true))),
    ctx.db
      .select({ id: estates.id, name: estates.name })
      .from(estates)
      .where(inArray(estates.id, [...new Set(list.map((i) => i.estateId))])),
  ]);
  const estateName = new Map(estateRows.map((e) => [e.id, e.name]));
  const now = ctx.now().getTime();
  return list.map((i) => {
    const hs = handlers
      .filter((h) => h.issueId === i.id)
      .sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1))
      .map((h) => ({
        kind: h.kind as HandlerRef['kind'],
        id: h.refId,
        name: h.name,
        role: h.role as 'lead' | 'assist',
      }));
    return presentIssue(ctx, i, hs, estateName.get(i.estateId) ?? '', now);
  });
}

/** Is the caller the lead handler of the issue (a company, org-unit or department account)? */
function isLeadHandler(ctx: Ctx, i: IssueRow) {
  const a = ctx.actor;
  if (!i.leadId) return false;
  if (i.leadKind === 'company') return a.role === 'company' && a.companyId === i.leadId;
  if (i.leadKind === 'department') return a.role === 'department' && a.departmentId === i.leadId;
  if (i.leadKind === 'org_unit') return ['community', 'street', 'bureau'].includes(a.role) && a.orgUnitId === i.leadId;
  return false;
}

const isReporter = (ctx: Ctx, i: IssueRow) => !!i.reporterAccountId && i.reporterAccountId === ctx.actor.id;

/** May this caller take this action on this issue now (state machine ∩ role)? */
function mayAct(ctx: Ctx, i: IssueRow, action: IssueAction): boolean {
  if (!ISSUE_TRANSITIONS[i.status as IssueStatus][action]) return false;
  const staff = mayRoute(ctx.actor, i.level as Level);
  if (ROUTING_ACTIONS.includes(action)) return staff && (action !== 'escalate' || i.level !== 'district');
  if (HANDLING_ACTIONS.includes(action)) return isLeadHandler(ctx, i) || staff;
  if (action === 'confirm') return i.anonymous ? mayRoute(ctx.actor, 'community') : isReporter(ctx, i) || staff;
  if (action === 'reopen') return isReporter(ctx, i) || staff;
  return false;
}

function actionsFor(ctx: Ctx, i: IssueRow, _handlers: unknown[]): IssueAction[] {
  return allowedIssueActions(i.status as IssueStatus).filter((a) => mayAct(ctx, i, a));
}

// ───────────────────────────── intake ─────────────────────────────

// The category tree, cached briefly per database: intake checks a leaf on every request. The category edit route
// clears it at once in this process; other processes see an edit within the TTL.
type CategoryTree = Map<string, { active: boolean; hasChildren: boolean }>;
let categoryCache = new WeakMap<Db, { at: number; tree: Promise<CategoryTree> }>();
const CATEGORY_TTL_MS = 60_000;

/** Forgets the cached category tree (after a category edit, and between tests). */
export function clearCategoryCache() {
  categoryCache = new WeakMap();
}

async function loadCategoryTree(db: Db): Promise<CategoryTree> {
  const list = await db
    .select({ code: issueCategories.code, parentCode: issueCategories.parentCode, active: issueCategories.active })
    .from(issueCategories);
  const tree: CategoryTree = new Map(list.map((c) => [c.code, { active: c.active, hasChildren: false }]));
  for (const c of list) {
    const parent = c.parentCode ? tree.get(c.parentCode) : undefined;
    if (parent) parent.hasChildren = true;
  }
  return tree;
}

function categoryTree(db: Db): Promise<CategoryTree> {
  // Ages by the real clock, never by a simulated one (like the calendar cache). The promise is kept, so the
  // requests that find the cache expired together share one read.
  const at = Date.now();
  const hit = categoryCache.get(db);
  if (hit && at - hit.at < CATEGORY_TTL_MS) return hit.tree;
  const cache = categoryCache;
  const tree = loadCategoryTree(db);
  cache.set(db, { at, tree });
  tree.catch(() => {
    if (cache.get(db)?.tree === tree) cache.delete(db);
  });
  return tree;
}

/** Is `code` an active category without children (any child, active or not, makes it a branch)? */
async function leafCategory(ctx: Ctx, code: string): Promise<boolean> {
  const c = (await categoryTree(ctx.db)).get(code);
  return !!c && c.active && !c.hasChildren;
}

/** One intake to write: the issue as it will be stored (code and path still to come) and its audit entry. */
interface IntakeJob {
  issue: Omit<IssueRow, 'code' | 'orgPath'>;
  /** Year of the code (local year of the reporting time). */
  year: string;
  audit: ReturnType<typeof auditRows>[0];
}
type IntakeResult = { code: string; orgPath: string; estateName: string } | null;

const iso0 = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Hot SQL (intake): a batch of intakes by callers of one scope, each with its estate check (in that scope), its
 * code, the issue, its first history step and its audit entry (SPEC R-80, unsealed), in one statement: one round
 * trip and one commit for the whole batch, atomic without a transaction. Rows whose estate is not in the caller's
 * scope write nothing and come back missing. Starts with `with`, so on PostgreSQL it runs as a named prepared
 * statement (db/client.ts).
 */
function intakeStatement(scope: SQL, jobs: IntakeJob[]) {
  const col = <T>(f: (j: IntakeJob) => T) => sql.param(jobs.map(f));
  const json = (x: unknown) => (x === null || x === undefined ? null : JSON.stringify(x));
  return sql`with input as (
      select * from unnest(${col((j) => j.issue.id)}::uuid[], ${col((j) => j.issue.estateId)}::uuid[],
        ${col((j) => j.year)}::text[], ${col((j) => j.issue.dwellingId)}::uuid[], ${col((j) => j.issue.kind)}::text[],
        ${col((j) => j.issue.category)}::text[], ${col((j) => j.issue.title)}::text[],
        ${col((j) => j.issue.description)}::text[], ${col((j) => j.issue.source)}::text[],
        ${col((j) => j.issue.urgency)}::text[], ${col((j) => j.issue.status)}::text[],
        ${col((j) => j.issue.level)}::text[], ${col((j) => j.issue.anonymous)}::boolean[],
        ${col((j) => j.issue.reporterName)}::text[], ${col((j) => j.issue.reporterPhone)}::text[],
        ${col((j) => j.issue.reporterAccountId)}::uuid[], ${col((j) => j.issue.createdBy)}::uuid[],
        ${col((j) => iso0(j.issue.reportedAt))}::timestamptz[], ${col((j) => iso0(j.issue.acceptDueAt))}::timestamptz[],
        ${col((j) => iso0(j.issue.resolveDueAt))}::timestamptz[], ${col((j) => json(j.issue.photoIds))}::jsonb[],
        ${col((j) => iso0(j.issue.createdAt))}::timestamptz[], ${col((j) => iso0(j.audit.at ?? null))}::timestamptz[],
        ${col((j) => j.audit.actorId ?? null)}::uuid[], ${col((j) => j.audit.ip ?? null)}::text[],
        ${col((j) => json(j.audit.after))}::jsonb[])
        as t(id, estate_id, year, dwelling_id, kind, category, title, description, source, urgency, status, level,
          anonymous, reporter_name, reporter_phone, reporter_account_id, created_by, reported_at, accept_due_at,
          resolve_due_at, photo_ids, created_at, audit_at, audit_actor_id, audit_ip, audit_after)
    ), numbered as (
      select s.*, 'SQ-' || s.year || '-' || lpad(s.n::text, greatest(6, length(s.n::text)), '0') as code
      from (
        -- nextval in the select list: once per row (in a lateral subquery it may run only once for all)
        select input.*, estates.org_path, estates.name as estate_name, nextval(${sql.raw(`'${issueCodeSeq.seqName}'`)}) as n
        from input join estates on estates.id = input.estate_id and ${scope}
      ) s
    ), audit_entry as (
      insert into audit_log (at, actor_id, ip, action, entity, entity_id, after)
      select audit_at, audit_actor_id, audit_ip, 'create', 'issue', id::text,
        audit_after || jsonb_build_object('code', code)
      from numbered
    ), history_entry as (
      insert into issue_history (issue_id, action, from_status, to_status, actor_id, at, note, photo_ids)
      select id, 'submit', null, 'submitted', created_by, created_at, null, photo_ids from numbered
    ), issue_rows as (
      insert into issues (id, code, estate_id, org_path, dwelling_id, kind, category, title, description, source,
        urgency, status, level, anonymous, reporter_name, reporter_phone, reporter_account_id, created_by,
        reported_at, accept_due_at, resolve_due_at, photo_ids, created_at)
      select id, code, estate_id, org_path, dwelling_id, kind, category, title, description, source, urgency, status,
        level, anonymous, reporter_name, reporter_phone, reporter_account_id, created_by, reported_at, accept_due_at,
        resolve_due_at, photo_ids, created_at
      from numbered
    )
    select id, code, org_path, estate_name from numbered`;
}

/** Runs one batch on a handle (the pool, or a transaction); each job gets its code, or null when out of scope. */
async function writeIntakes(db: Db, scope: SQL, jobs: IntakeJob[]): Promise<IntakeResult[]> {
  const out = await rows<{ id: string; code: string; org_path: string; estate_name: string }>(
    db,
    intakeStatement(scope, jobs),
  );
  const byId = new Map(out.map((r) => [r.id, r]));
  return jobs.map((j) => {
    const r = byId.get(j.issue.id);
    return r ? { code: r.code, orgPath: r.org_path, estateName: r.estate_name } : null;
  });
}

// Group commit for intake: requests that arrive while earlier batches are being written (or in the same turn of
// the event loop), from callers of the same scope, share one statement: one round trip and one commit for many.
// A few batches run at once (the rows they write take no shared row locks: the rollup trigger appends deltas).
// A failed batch is retried one request at a time, so each request gets its own answer and nothing else.
type Pending = { scope: SQL; jobs: IntakeJob[]; done: ((r: IntakeResult | Error) => void)[] };
const INTAKE_BATCH_MAX = 100;
const INTAKE_BATCHES_AT_ONCE = 2;
type IntakeQueue = { groups: Map<string, Pending>; running: number; scheduled: boolean };
const intakeQueues = new WeakMap<Db, IntakeQueue>();
const scopeDialect = new PgDialect();

/** Writes one batch and answers each of its requests; a failed batch is retried one request at a time. */
async function runBatch(db: Db, scope: SQL, jobs: IntakeJob[], done: Pending['done']) {
  try {
    const res = await writeIntakes(db, scope, jobs);
    for (let i = 0; i < done.length; i++) done[i](res[i]);
  } catch (err) {
    if (jobs.length === 1) {
      done[0](err as Error);
      return;
    }
    for (let i = 0; i < jobs.length; i++) {
      try {
        done[i]((await writeIntakes(db, scope, [jobs[i]]))[0]);
      } catch (e) {
        done[i](e as Error);
      }
    }
  }
}

/** Starts batches from the queue while a slot is free; each finished batch starts the next. */
function pumpIntakes(db: Db, q: IntakeQueue) {
  q.scheduled = false;
  while (q.running < INTAKE_BATCHES_AT_ONCE && q.groups.size) {
    const [key, p] = q.groups.entries().next().value as [string, Pending];
    const jobs = p.jobs.splice(0, INTAKE_BATCH_MAX);
    const done = p.done.splice(0, INTAKE_BATCH_MAX);
    if (!p.jobs.length) q.groups.delete(key);
    q.running++;
    void runBatch(db, p.scope, jobs, done).finally(() => {
      q.running--;
      pumpIntakes(db, q);
    });
  }
}

/** Queues one intake for the next batch on this database. */
function queueIntake(db: Db, scope: SQL, job: IntakeJob): Promise<IntakeResult> {
  const rendered = scopeDialect.sqlToQuery(scope);
  const key = `${rendered.sql}\u0000${JSON.stringify(rendered.params)}`;
  let q = intakeQueues.get(db);
  if (!q) {
    q = { groups: new Map(), running: 0, scheduled: false };
    intakeQueues.set(db, q);
  }
  let p = q.groups.get(key);
  if (!p) {
    p = { scope, jobs: [], done: [] };
    q.groups.set(key, p);
  }
  const entry = p;
  const promise = new Promise<IntakeResult>((resolve, reject) => {
    entry.jobs.push(job);
    entry.done.push((r) => (r instanceof Error ? reject(r) : resolve(r)));
  });
  // With a slot free, start after this turn's requests have queued too; otherwise a finishing batch picks it up.
  if (q.running < INTAKE_BATCHES_AT_ONCE && !q.scheduled) {
    q.scheduled = true;
    const queue = q;
    setImmediate(() => pumpIntakes(db, queue));
  }
  return promise;
}

/**
 * SPEC R-10, R-13: records an issue from any source, with its code and deadlines; staff may give the original time.
 * Hot path (intake): categories, calendar and configuration come from short caches; on the common path (a leaf
 * category, no dwelling, no photos) the estate check and every write are one statement, and the answer is built
 * from what is known (a new issue has no handlers yet), so nothing is read back.
 */
export async function createIssue(ctx: Ctx, env: IssueEnv, input: IssueCreate) {
  const a = ctx.actor;
  const isResident = a.role === 'resident';
  if (isResident && input.source !== 'portal') throw fieldError('source', 'err.sourceNotAllowed');
  if (!isResident && input.source === 'portal') throw fieldError('source', 'err.sourceNotAllowed');
  if (!isResident && !issuesPolicy.staffSources.includes(a.role)) throw forbidden();
  if (a.role === 'volunteer' && input.source !== 'visit') throw fieldError('source', 'err.sourceNotAllowed');
  const now = ctx.now();
  const reportedAt = input.reportedAt ? new Date(input.reportedAt) : now;
  if (reportedAt.getTime() > now.getTime() + 60_000) throw fieldError('reportedAt', 'err.reportedAtFuture');
  if (input.reportedAt && !(STAFF_SOURCES as readonly string[]).includes(input.source))
    throw fieldError('reportedAt', 'err.reportedAtStaffOnly');
  const leaf = await leafCategory(ctx, input.category);
  // Errors name the estate first, then the category, dwelling and photos: when any of those needs checking, read
  // the estate on its own first (the statement checks it again, so it cannot change in between).
  if (!leaf || input.dwellingId || input.photoIds.length) {
    const [estate] = await ctx.db
      .select({ id: estates.id })
      .from(estates)
      .where(and(eq(estates.id, input.estateId), estateScope(a)));
    if (!estate) throw fieldError('estateId', 'err.notFound');
    if (!leaf) throw fieldError('category', 'err.categoryLeaf');
  }
  if (input.dwellingId) {
    const cond = [eq(dwellings.id, input.dwellingId), eq(dwellings.estateId, input.estateId)];
    if (isResident)
      cond.push(
        sql`${dwellings.id} in (select ${dwellingOwners.dwellingId} from ${dwellingOwners} where ${dwellingOwners.ownerId} = ${a.ownerId})`,
      );
    const [d] = await ctx.db
      .select({ id: dwellings.id })
      .from(dwellings)
      .where(and(...cond));
    if (!d) throw fieldError('dwellingId', 'err.notFound');
  }
  let reporter = input.reporter ?? null;
  if (isResident && !reporter && a.ownerId) {
    const [o] = await ctx.db
      .select({ name: owners.name, phone: owners.phone })
      .from(owners)
      .where(eq(owners.id, a.ownerId));
    if (o) reporter = { name: o.name, phone: o.phone ?? '' };
  }
  const { acceptDueAt, resolveDueAt } = await computeDeadlines(ctx, env, reportedAt, input.urgency);
  const id = randomUUID();
  const actorId = a.username === 'system' ? null : a.id;
  const job: IntakeJob = {
    issue: {
      id,
      estateId: input.estateId,
      dwellingId: input.dwellingId ?? null,
      kind: input.kind,
      category: input.category,
      title: input.title,
      description: input.description,
      source: input.source,
      urgency: input.urgency,
      status: 'submitted',
      level: 'community',
      overdue: false,
      everOverdue: false,
      overdueSince: null,
      anonymous: input.anonymous,
      reporterName: input.anonymous ? null : (reporter?.name ?? null),
      reporterPhone: input.anonymous ? null : reporter?.phone || null,
      reporterAccountId: isResident ? a.id : null,
      createdBy: actorId,
      reportedAt,
      acceptDueAt,
      resolveDueAt,
      answeredAt: null,
      acceptedAt: null,
      resolvedAt: null,
      closedAt: null,
      closeReason: null,
      rating: null,
      reopenCount: 0,
      mergedIntoId: null,
      leadKind: null,
      leadId: null,
      photoIds: input.photoIds,
      createdAt: now,
    },
    year: localDate(reportedAt, env.timeZone).slice(0, 4),
    // The code joins the after-image in the statement, which draws it.
    audit: auditRows(ctx, {
      action: 'create',
      entity: 'issue',
      entityId: id,
      after: {
        estateId: input.estateId,
        kind: input.kind,
        category: input.category,
        source: input.source,
        urgency: input.urgency,
        reportedAt,
        anonymous: input.anonymous,
      },
    })[0],
  };
  const scope = estateScope(a);
  // Photos are claimed in the same transaction (its own statement); otherwise the intake joins the next batch.
  const written = input.photoIds.length
    ? await inTx(ctx, async (c) => {
        await claimUploads(c, input.photoIds, 'photoIds');
        return (await writeIntakes(c.db, scope, [job]))[0];
      })
    : await queueIntake(ctx.db, scope, job);
  if (!written) throw fieldError('estateId', 'err.notFound');
  // A new issue has no handlers yet, and the statement gave the estate's path and name: presentIssues' shape.
  const row: IssueRow = { ...job.issue, code: written.code, orgPath: written.orgPath };
  return presentIssue(ctx, row, [], written.estateName, ctx.now().getTime());
}

// ───────────────────────────── reads ─────────────────────────────

async function issueInScope(ctx: Ctx, id: string, forUpdate = false): Promise<IssueRow> {
  let q = ctx.db
    .select()
    .from(issues)
    .where(and(eq(issues.id, id), issueScope(ctx.actor)))
    .$dynamic();
  if (forUpdate) q = q.for('update');
  const [row] = await q;
  if (!row) throw notFound();
  return row;
}

/** One issue with its history (SPEC R-11). */
export async function getIssue(ctx: Ctx, id: string) {
  const row = await issueInScope(ctx, id);
  const [issue] = await presentIssues(ctx, [row]);
  const history = await ctx.db
    .select({ h: issueHistory, actorName: accounts.displayName })
    .from(issueHistory)
    .leftJoin(accounts, eq(accounts.id, issueHistory.actorId))
    .where(eq(issueHistory.issueId, id))
    .orderBy(asc(issueHistory.seq));
  const details = await historyDetails(
    ctx,
    history.map((x) => x.h),
  );
  // The reporter's own account would unmask an anonymous reporter: hide the actor of the submit step and of every
  // step the reporter took (a reopen), for everyone.
  const hidden = (h: (typeof history)[number]['h']) =>
    row.anonymous && (h.action === 'submit' || (!!row.reporterAccountId && h.actorId === row.reporterAccountId));
  return {
    ...issue,
    categoryPath: await categoryPath(ctx, row.category),
    history: history.map(({ h, actorName }, i) => ({
      action: h.action,
      fromStatus: h.fromStatus,
      toStatus: h.toStatus,
      actorId: hidden(h) ? null : h.actorId,
      actorName: hidden(h) ? null : actorName,
      at: h.at.toISOString(),
      note: h.note,
      photoIds: h.photoIds ?? [],
      ...(details[i] ? { data: details[i] } : {}),
    })),
  };
}

type HistoryRow = typeof issueHistory.$inferSelect;
type StepData = {
  handler?: HandlerRef;
  assistants?: HandlerRef[];
  rating?: string;
  returnVisit?: boolean;
  level?: string;
  toLevel?: string;
  mergedIntoId?: string;
  reason?: string;
};

/** What each step decided, for the timeline: handlers with their names, rating, new level, merge target, reason. */
async function historyDetails(ctx: Ctx, steps: HistoryRow[]) {
  const data = steps.map((h) => (h.data ?? {}) as StepData);
  const refs = data.flatMap((d) => [...(d.handler ? [d.handler] : []), ...(d.assistants ?? [])]);
  const ids = (kind: string) => [...new Set(refs.filter((r) => r.kind === kind).map((r) => r.id))];
  const names = new Map<string, string>();
  const load = async (table: typeof companies | typeof orgUnits | typeof departments, kind: string) => {
    const want = ids(kind);
    if (!want.length) return;
    for (const r of await ctx.db.select({ id: table.id, name: table.name }).from(table).where(inArray(table.id, want)))
      names.set(`${kind}:${r.id}`, r.name);
  };
  const merged = [...new Set(data.map((d) => d.mergedIntoId).filter((x): x is string => !!x))];
  const [codes] = await Promise.all([
    merged.length
      ? ctx.db.select({ id: issues.id, code: issues.code }).from(issues).where(inArray(issues.id, merged))
      : Promise.resolve([]),
    load(companies, 'company'),
    load(orgUnits, 'org_unit'),
    load(departments, 'department'),
  ]);
  const codeOf = new Map(codes.map((c) => [c.id, c.code]));
  const named = (r: HandlerRef, role: 'lead' | 'assist') => ({
    kind: r.kind,
    id: r.id,
    name: names.get(`${r.kind}:${r.id}`) ?? '',
    role,
  });
  return steps.map((h, i) => {
    const d = data[i];
    const out: Record<string, unknown> = {};
    if (h.action === 'assign' && d.handler)
      out.handlers = [named(d.handler, 'lead'), ...(d.assistants ?? []).map((a) => named(a, 'assist'))];
    if (d.rating) out.rating = d.rating;
    if (h.action === 'confirm' && d.returnVisit) out.returnVisit = true;
    const toLevel = h.action === 'escalate' ? d.level : h.action === 'auto_escalate' ? d.toLevel : undefined;
    if (toLevel && (LEVELS as readonly string[]).includes(toLevel)) out.toLevel = toLevel;
    if (d.mergedIntoId && codeOf.has(d.mergedIntoId)) out.mergedIntoCode = codeOf.get(d.mergedIntoId);
    if (d.reason) out.reason = d.reason;
    return Object.keys(out).length ? out : null;
  });
}

async function categoryPath(ctx: Ctx, code: string) {
  const parts = code.split('.');
  const codes = parts.map((_, i) => parts.slice(0, i + 1).join('.'));
  const rowsOut = await ctx.db.select().from(issueCategories).where(inArray(issueCategories.code, codes));
  const byCode = new Map(rowsOut.map((r) => [r.code, r]));
  return codes.map((c) => byCode.get(c)?.name ?? c);
}

/** A list's filters; `ledger` (the ledger routes) keeps only open issues unless a status is asked for. */
export type IssueListQuery = z.infer<typeof ZIssueListQuery> & { ledger?: boolean; timeZone?: string };

// Sort keys of ISSUE_SORT_FIELDS (contract); the default is the ledger's order.
const ISSUE_SORT_KEYS = {
  code: issues.code,
  reportedAt: issues.reportedAt,
  acceptDueAt: issues.acceptDueAt,
  resolveDueAt: issues.resolveDueAt,
  resolvedAt: issues.resolvedAt,
  // In lifecycle order (submitted → … → closed, then rejected, merged), not alphabetically.
  status: sql`array_position(${sql.raw(`array[${ISSUE_STATUSES.map((x) => `'${x}'`).join(', ')}]::text[]`)}, ${issues.status})`,
  category: issues.category,
  overdueSince: issues.overdueSince,
} as const;
const issueOrder = (q: IssueListQuery) =>
  orderByOf(q.sort, ISSUE_SORT_KEYS, issues.id, [
    desc(issues.overdue),
    asc(issues.resolveDueAt),
    desc(issues.reportedAt),
  ]);

const OPEN_STATUS_SQL = sql.raw(`"issues"."status" in (${OPEN_STATUSES.map((x) => `'${x}'`).join(', ')})`);

/** The filter of a list or ledger, always inside the caller's issue scope. */
export async function issueWhere(ctx: Ctx, q: IssueListQuery): Promise<SQL> {
  const conds: SQL[] = [issueScope(ctx.actor)];
  if (q.level) conds.push(eq(issues.level, q.level));
  if (q.status) conds.push(eq(issues.status, q.status));
  // Literal list (not parameters) so the planner can match the partial index issues_open_level_path_idx.
  else if (q.ledger) conds.push(OPEN_STATUS_SQL);
  if (q.kind) conds.push(eq(issues.kind, q.kind));
  if (q.urgency) conds.push(eq(issues.urgency, q.urgency));
  if (q.orgUnitId) {
    const path = await orgPathOf(ctx, q.orgUnitId);
    conds.push(path ? sql`${issues.orgPath} like ${`${path}%`}` : sql`false`);
  }
  if (q.estateId) conds.push(eq(issues.estateId, q.estateId));
  if (q.category) conds.push(sql`(${issues.category} = ${q.category} or ${issues.category} like ${`${q.category}.%`})`);
  if (q.overdue) conds.push(eq(issues.overdue, q.overdue === 'true'));
  if (q.source) conds.push(eq(issues.source, q.source));
  if (q.handlerId)
    conds.push(
      sql`exists (select 1 from ${issueHandlers} h where h.issue_id = ${issues.id} and h.ref_id = ${q.handlerId} and h.active${q.handlerKind ? sql` and h.kind = ${q.handlerKind}` : sql``})`,
    );
  else if (q.handlerKind) conds.push(eq(issues.leadKind, q.handlerKind));
  // Periods are calendar days in the configured time zone.
  const tz = q.timeZone ?? 'Asia/Shanghai';
  if (q.from) conds.push(sql`${issues.reportedAt} >= (${q.from}::date::timestamp at time zone ${tz})`);
  if (q.to) conds.push(sql`${issues.reportedAt} < ((${q.to}::date + 1)::timestamp at time zone ${tz})`);
  if (q.q) conds.push(sql`(${issues.title} ilike ${`%${q.q}%`} or ${issues.code} ilike ${`%${q.q}%`})`);
  if (q.mine === 'true')
    conds.push(sql`(${issues.reporterAccountId} = ${ctx.actor.id} or ${issues.createdBy} = ${ctx.actor.id})`);
  return and(...conds)!;
}

/**
 * Hot query (ledger page): open issues owned by a level inside a subtree, overdue first, then by deadline (or by
 * `sort`; the id breaks ties, so pages never repeat or skip a row).
 * Uses issues_open_level_path_idx (open issues by level and subtree).
 */
export async function listIssues(ctx: Ctx, q: IssueListQuery & { page: number; pageSize: number }) {
  const where = await issueWhere(ctx, q);
  const [[{ n }], list] = await Promise.all([
    ctx.db.select({ n: count() }).from(issues).where(where),
    ctx.db
      .select()
      .from(issues)
      .where(where)
      .orderBy(...issueOrder(q))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
  ]);
  return { items: await presentIssues(ctx, list), total: Number(n), page: q.page, pageSize: q.pageSize };
}

/** Every issue a filter selects, for the Excel ledger (capped so an export cannot exhaust memory). */
export async function exportIssues(ctx: Ctx, q: IssueListQuery, cap = 100_000) {
  const where = await issueWhere(ctx, q);
  const list = await ctx.db
    .select()
    .from(issues)
    .where(where)
    .orderBy(...issueOrder(q))
    .limit(cap);
  return presentIssues(ctx, list);
}

// ───────────────────────────── actions ─────────────────────────────

async function validateHandler(ctx: Ctx, h: HandlerRef, field: string) {
  const table = h.kind === 'company' ? companies : h.kind === 'department' ? departments : orgUnits;
  const [row] = await ctx.db.select({ id: table.id }).from(table).where(eq(table.id, h.id));
  if (!row) throw fieldError(field, 'err.handlerMissing');
}

/** SPEC R-11: applies one action through the state machine (409 when not allowed), recording history and audit. */
export async function actOnIssue(ctx: Ctx, env: IssueEnv, id: string, body: IssueActionBody) {
  return inTx(ctx, async (c) => {
    const before = await issueInScope(c, id, true);
    const status = before.status as IssueStatus;
    const target = ISSUE_TRANSITIONS[status][body.action];
    if (!target) throw conflict('err.transition', { action: body.action, status });
    // SPEC R-12: the district is the last level.
    if (body.action === 'escalate' && before.level === 'district')
      throw conflict('err.transition', { action: body.action, status });
    if (!mayAct(c, before, body.action)) {
      // Read access without the right to act: the role may not do this here.
      throw forbidden();
    }
    const now = c.now();
    const set: Partial<typeof issues.$inferInsert> = {};
    let to: IssueStatus = target;
    let mergedIntoCode = '';
    const photoIds = body.photoIds ?? [];
    switch (body.action) {
      case 'accept':
        set.acceptedAt = now;
        set.answeredAt = before.answeredAt ?? now;
        break;
      case 'reject':
        if (!body.note) throw fieldError('note', 'err.required');
        set.answeredAt = before.answeredAt ?? now;
        set.closedAt = now;
        break;
      case 'merge': {
        if (!body.mergedIntoId) throw fieldError('mergedIntoId', 'err.required');
        if (body.mergedIntoId === id) throw fieldError('mergedIntoId', 'err.mergeSelf');
        const [other] = await c.db
          .select()
          .from(issues)
          .where(and(eq(issues.id, body.mergedIntoId), issueScope(c.actor)));
        if (!other || other.status === 'merged' || other.status === 'rejected')
          throw fieldError('mergedIntoId', 'err.mergeTarget');
        set.mergedIntoId = other.id;
        mergedIntoCode = other.code;
        set.answeredAt = before.answeredAt ?? now;
        set.closedAt = now;
        break;
      }
      case 'assign': {
        if (!body.handler) throw fieldError('handler', 'err.required');
        await validateHandler(c, body.handler, 'handler');
        const assistants = body.assistants ?? [];
        for (const [i, h] of assistants.entries()) await validateHandler(c, h, `assistants.${i}`);
        await c.db.update(issueHandlers).set({ active: false }).where(eq(issueHandlers.issueId, id));
        await c.db
          .insert(issueHandlers)
          .values([
            { issueId: id, kind: body.handler.kind, refId: body.handler.id, role: 'lead', assignedAt: now },
            ...assistants.map((h) => ({ issueId: id, kind: h.kind, refId: h.id, role: 'assist', assignedAt: now })),
          ]);
        set.leadKind = body.handler.kind;
        set.leadId = body.handler.id;
        break;
      }
      case 'start':
        break;
      case 'resolve':
        if (!body.note) throw fieldError('note', 'err.resolutionNote');
        set.resolvedAt = now;
        set.overdue = false;
        set.overdueSince = null;
        break;
      case 'confirm': {
        if (before.anonymous) {
          if (body.rating) throw fieldError('rating', 'err.anonymousNoRating');
          set.closedAt = now;
          set.closeReason = 'community_confirmed';
          break;
        }
        if (!body.rating) throw fieldError('rating', 'err.required');
        if (!isReporter(c, before) && !body.returnVisit) throw fieldError('returnVisit', 'err.returnVisit');
        set.rating = body.rating;
        if (body.rating === 'unsatisfied') {
          // SPEC R-11: an unsatisfied answer reopens the issue and counts a reopening.
          to = 'in_progress';
          set.reopenCount = before.reopenCount + 1;
          set.resolveDueAt = await escalationDeadline(c, env);
          set.resolvedAt = null;
        } else {
          set.closedAt = now;
          set.closeReason = 'rated';
        }
        break;
      }
      case 'reopen':
        set.reopenCount = before.reopenCount + 1;
        set.resolveDueAt = await escalationDeadline(c, env);
        set.resolvedAt = null;
        break;
      case 'escalate': {
        const next = LEVELS[LEVELS.indexOf(before.level as Level) + 1];
        if (!next) throw conflict('err.transition', { action: body.action, status });
        set.level = next;
        set.resolveDueAt = await escalationDeadline(c, env);
        break;
      }
    }
    set.status = to;
    if (photoIds.length) await claimUploads(c, photoIds, 'photoIds');
    const [after] = await c.db.update(issues).set(set).where(eq(issues.id, id)).returning();
    await c.db.insert(issueHistory).values({
      issueId: id,
      action: body.action,
      fromStatus: status,
      toStatus: to,
      actorId: c.actor.id,
      at: now,
      note: body.note ?? null,
      photoIds: photoIds.length ? photoIds : null,
      data: {
        handler: body.handler,
        assistants: body.assistants,
        rating: body.rating,
        mergedIntoId: body.mergedIntoId,
        level: set.level,
        returnVisit: body.returnVisit,
      },
    });
    if (body.action === 'escalate') await notifyEscalation(c, after, after.level as Level, false);
    if (body.action === 'assign')
      await notifyAssigned(
        c,
        after,
        [
          { kind: body.handler!.kind, refId: body.handler!.id },
          ...(body.assistants ?? []).map((h) => ({ kind: h.kind, refId: h.id })),
        ],
        env.timeZone,
      );
    if (body.action === 'resolve') await notifyReporter(c, after, 'issue_resolved');
    if (body.action === 'reject') await notifyReporter(c, after, 'issue_rejected', { reason: body.note ?? '' });
    if (body.action === 'merge') await notifyReporter(c, after, 'issue_merged', { intoCode: mergedIntoCode });
    if (to === 'in_progress' && (body.action === 'confirm' || body.action === 'reopen'))
      await notifyReopened(c, after, env.timeZone);
    await audit(c, {
      action: body.action,
      entity: 'issue',
      entityId: id,
      before: { status, level: before.level, rating: before.rating, leadId: before.leadId },
      after: { status: to, level: after.level, rating: after.rating, leadId: after.leadId, note: body.note ?? null },
    });
    return getIssue(c, id);
  });
}

/** Applies one action to many issues (ledger bulk assignment); each succeeds or fails on its own. */
export async function bulkAct(ctx: Ctx, env: IssueEnv, ids: string[], body: IssueActionBody) {
  const results: { id: string; ok: boolean; status?: number; error?: string }[] = [];
  for (const id of ids) {
    try {
      await actOnIssue(ctx, env, id, body);
      results.push({ id, ok: true });
    } catch (e) {
      const err = e as AppError;
      results.push({ id, ok: false, status: err.status ?? 500, error: err.key ?? 'err.internal' });
    }
  }
  return { results, succeeded: results.filter((r) => r.ok).length };
}

// ───────────────────────────── the deadlines job ─────────────────────────────

const JOB_LOCK = 4_242_050;

/**
 * SPEC R-12, R-13: flags issues whose resolution deadline passed, escalates them one level with a new deadline and
 * notifies the five-to-one contacts; at district level they stay flagged. Auto-closes issues resolved 7 days ago
 * without an answer ("no answer", not satisfied). Idempotent; one runner at a time across processes (advisory lock).
 */
export async function runDeadlineJob(
  ctx: Ctx,
  env: IssueEnv,
): Promise<{ changed: number; escalated: number; flagged: number; autoClosed: number; skipped?: boolean }> {
  return inTx(ctx, async (c) => {
    const [lock] = await rows<{ ok: boolean }>(c.db, sql`select pg_try_advisory_xact_lock(${JOB_LOCK}) as ok`);
    if (!lock?.ok) return { changed: 0, escalated: 0, flagged: 0, autoClosed: 0, skipped: true };
    const now = c.now();
    const { deadlines } = await getIssueConfig(c.db);
    let escalated = 0;
    let flagged = 0;
    const late = await c.db
      .select()
      .from(issues)
      .where(
        and(
          inArray(issues.status, ['submitted', 'accepted', 'assigned', 'in_progress']),
          sql`${issues.resolveDueAt} < ${now}`,
          sql`not (${issues.level} = 'district' and ${issues.overdue})`,
        ),
      )
      .orderBy(asc(issues.resolveDueAt))
      .limit(5000);
    for (const i of late) {
      const next = LEVELS[LEVELS.indexOf(i.level as Level) + 1];
      const set: Partial<typeof issues.$inferInsert> = {
        overdue: true,
        everOverdue: true,
        overdueSince: i.overdueSince ?? i.resolveDueAt,
      };
      if (next) {
        set.level = next;
        set.resolveDueAt = await escalationDeadline(c, env);
      }
      const [after] = await c.db.update(issues).set(set).where(eq(issues.id, i.id)).returning();
      await c.db.insert(issueHistory).values({
        issueId: i.id,
        action: next ? 'auto_escalate' : 'flag_overdue',
        fromStatus: i.status,
        toStatus: i.status,
        actorId: null,
        at: now,
        note: null,
        data: { fromLevel: i.level, toLevel: next ?? i.level, deadline: i.resolveDueAt },
      });
      if (next) {
        escalated++;
        await notifyEscalation(c, after, next, true);
      } else flagged++;
    }
    const cutoff = new Date(now.getTime() - deadlines.autoCloseDays * 86_400_000);
    const stale = await c.db
      .select()
      .from(issues)
      .where(and(eq(issues.status, 'resolved'), eq(issues.anonymous, false), sql`${issues.resolvedAt} <= ${cutoff}`))
      .limit(5000);
    for (const i of stale) {
      await c.db
        .update(issues)
        .set({ status: 'closed', closedAt: now, closeReason: 'no_answer' })
        .where(eq(issues.id, i.id));
      await c.db.insert(issueHistory).values({
        issueId: i.id,
        action: 'auto_close',
        fromStatus: 'resolved',
        toStatus: 'closed',
        actorId: null,
        at: now,
        note: null,
        data: { reason: 'no_answer' },
      });
    }
    const changed = escalated + flagged + stale.length;
    if (changed)
      await audit(c, {
        action: 'job_deadlines',
        entity: 'issue',
        after: {
          escalated: late.filter((i) => i.level !== 'district').map((i) => i.id),
          flagged,
          autoClosed: stale.map((i) => i.id),
        },
      });
    return { changed, escalated, flagged, autoClosed: stale.length };
  });
}
