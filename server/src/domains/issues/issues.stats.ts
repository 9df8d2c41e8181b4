import { type SQL, sql } from 'drizzle-orm';
import { type Db, rows } from '../../db/client';
import { companies, departments, issues, orgUnits, settings } from '../../db/schema';
import { audit } from '../../platform/audit';
import { localDate } from '../../platform/calendar';
import { type Ctx, inTx, systemCtx } from '../../platform/context';
import { issueScope } from '../../platform/scope';
import { orgPathOf } from '../registry/registry.service';
import { getIssueConfig } from '../system/system.service';

export interface StatsFilter {
  orgUnitId?: string;
  companyId?: string;
  estateId?: string;
  from?: string;
  to?: string;
}

/** Roles whose issue scope is a subtree, so the rollup cells (per community) can answer for them (SPEC R-15). */
const ROLLUP_ROLES = new Set(['admin', 'bureau', 'street', 'community']);
const NO_LEAD = '00000000-0000-0000-0000-000000000000';

type Grouping = 'none' | 'month' | 'category' | 'lead';

interface Counters {
  collected: number;
  suggestions: number;
  solved: number;
  overdue: number;
  resolved_n: number;
  /** Sum of (resolved − reported) in ms over resolved issues, exact. */
  resolved_ms: number;
  resp_num: number;
  answered: number;
  /** Unanswered and past the acceptance deadline now: always counted live (it changes with the clock). */
  unanswered_due: number;
  res_num: number;
  res_den: number;
  sat: number;
  basic: number;
  unsat: number;
}
const COUNTER_KEYS = [
  'collected',
  'suggestions',
  'solved',
  'overdue',
  'resolved_n',
  'resolved_ms',
  'resp_num',
  'answered',
  'unanswered_due',
  'res_num',
  'res_den',
  'sat',
  'basic',
  'unsat',
] as const satisfies readonly (keyof Counters)[];

const zero = (): Counters => Object.fromEntries(COUNTER_KEYS.map((k) => [k, 0])) as unknown as Counters;
function addInto(into: Counters, c: Partial<Record<keyof Counters, unknown>>) {
  for (const k of COUNTER_KEYS) into[k] += Number(c[k] ?? 0);
}

/** The filters of a statistic that do not depend on the period, for the live query (over `issues`). */
async function liveScope(ctx: Ctx, f: StatsFilter): Promise<SQL[]> {
  const conds: SQL[] = [issueScope(ctx.actor)];
  if (f.orgUnitId) {
    const path = await orgPathOf(ctx, f.orgUnitId);
    conds.push(path ? sql`${issues.orgPath} like ${`${path}%`}` : sql`false`);
  }
  if (f.companyId) conds.push(sql`${issues.leadKind} = 'company' and ${issues.leadId} = ${f.companyId}`);
  if (f.estateId) conds.push(sql`${issues.estateId} = ${f.estateId}`);
  return conds;
}

/** The same filters over the rollup cells; null when the caller's scope cannot be expressed on them. */
async function rollupScope(ctx: Ctx, f: StatsFilter): Promise<SQL[] | null> {
  const a = ctx.actor;
  // An estate is a few thousand issues a year: read live (issues_estate_idx) rather than cut the cells per estate.
  if (!ROLLUP_ROLES.has(a.role) || f.estateId) return null;
  const conds: SQL[] = [sql`true`];
  if (a.role !== 'admin') conds.push(a.orgPath ? sql`org_path like ${`${a.orgPath}%`}` : sql`false`);
  if (f.orgUnitId) {
    const path = await orgPathOf(ctx, f.orgUnitId);
    conds.push(path ? sql`org_path like ${`${path}%`}` : sql`false`);
  }
  if (f.companyId) conds.push(sql`lead_kind = 'company' and lead_id = ${f.companyId}`);
  return conds;
}

/** Reported in [from, to] (calendar days in the time zone), either end open. */
function periodCond(from: string | undefined, to: string | undefined, tz: string): SQL[] {
  const conds: SQL[] = [];
  if (from) conds.push(sql`${issues.reportedAt} >= (${from}::date::timestamp at time zone ${tz})`);
  if (to) conds.push(sql`${issues.reportedAt} < ((${to}::date + 1)::timestamp at time zone ${tz})`);
  return conds;
}

const monthOf = (d: string) => d.slice(0, 7);
function shiftMonth(m: string, by: number) {
  const [y, mo] = m.split('-').map(Number);
  const t = y * 12 + (mo - 1) + by;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}
const lastDay = (m: string) => {
  const [y, mo] = m.split('-').map(Number);
  return `${m}-${String(new Date(Date.UTC(y, mo, 0)).getUTCDate()).padStart(2, '0')}`;
};
const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * Splits a period into whole months (read from the rollup) and the days at either end (read live).
 * Exported for its test.
 */
export function splitPeriod(from?: string, to?: string) {
  const first = from ? (from.endsWith('-01') ? monthOf(from) : shiftMonth(monthOf(from), 1)) : undefined;
  const last = to ? (to === lastDay(monthOf(to)) ? monthOf(to) : shiftMonth(monthOf(to), -1)) : undefined;
  if (first && last && first > last) return { months: null, edges: [{ from, to }] };
  const edges: { from?: string; to?: string }[] = [];
  if (from && first && !from.endsWith('-01')) edges.push({ from, to: dayBefore(`${first}-01`) });
  if (to && last && to !== lastDay(monthOf(to))) edges.push({ from: `${shiftMonth(last, 1)}-01`, to });
  return { months: { first, last }, edges };
}

/** The live counters of `issues` (one pass); `avg` hours come from the exact millisecond sum. */
function liveCounters(now: Date, unanswered: boolean) {
  return sql`
    count(*)::int as collected,
    count(*) filter (where kind = 'suggestion')::int as suggestions,
    count(*) filter (where status = 'closed')::int as solved,
    count(*) filter (where overdue)::int as overdue,
    count(*) filter (where resolved_at is not null)::int as resolved_n,
    coalesce(sum(round(extract(epoch from (resolved_at - reported_at)) * 1000)) filter (where resolved_at is not null), 0)::bigint as resolved_ms,
    count(*) filter (where answered_at is not null and answered_at <= accept_due_at)::int as resp_num,
    count(*) filter (where answered_at is not null)::int as answered,
    ${unanswered ? sql`count(*) filter (where answered_at is null and accept_due_at < ${now})::int` : sql`0`} as unanswered_due,
    count(*) filter (where status = 'closed' and (rating in ('satisfied', 'basically_satisfied') or close_reason = 'community_confirmed'))::int as res_num,
    count(*) filter (where status not in ('rejected', 'merged') and (status in ('resolved', 'closed') or ever_overdue))::int as res_den,
    count(*) filter (where rating = 'satisfied')::int as sat,
    count(*) filter (where rating = 'basically_satisfied')::int as basic,
    count(*) filter (where rating = 'unsatisfied')::int as unsat`;
}

const ROLLUP_SUMS = sql.raw(
  COUNTER_KEYS.filter((k) => k !== 'unanswered_due')
    .map((k) => `sum(${k})::bigint as ${k}`)
    .join(', '),
);

function liveGroup(g: Grouping, tz: string): { key: SQL; extra: SQL } {
  if (g === 'month')
    return { key: sql`to_char(date_trunc('month', reported_at at time zone ${tz}), 'YYYY-MM')`, extra: sql`` };
  if (g === 'category') return { key: sql`split_part(category, '.', 1)`, extra: sql`` };
  if (g === 'lead') return { key: sql`lead_kind || '|' || lead_id::text`, extra: sql` and lead_id is not null` };
  return { key: sql`''`, extra: sql`` };
}
function rollupGroup(g: Grouping): { key: SQL; extra: SQL } {
  if (g === 'month') return { key: sql`month`, extra: sql`` };
  if (g === 'category') return { key: sql`category_top`, extra: sql`` };
  if (g === 'lead') return { key: sql`lead_kind || '|' || lead_id::text`, extra: sql` and lead_id <> ${NO_LEAD}` };
  return { key: sql`''`, extra: sql`` };
}

/** The time zone the rollup's months are cut in (settings `issue_rollup`, default Asia/Shanghai). */
async function rollupTimeZone(db: Db): Promise<string> {
  const [r] = await rows<{ tz: string }>(db, sql`select issue_rollup_tz() as tz`);
  return r.tz;
}

/**
 * SPEC R-15 counters of a population grouped by month, category or lead handler. Whole months come from the
 * trigger-maintained `issue_rollup` cells and their pending deltas (one snapshot), the days at the ends of a period and the clock-dependent part of the
 * response rate from `issues` itself; callers whose scope is not a subtree (companies, departments, committees) and single estates read live.
 */
async function aggregate(ctx: Ctx, f: StatsFilter, tz: string, g: Grouping): Promise<Map<string, Counters>> {
  const now = ctx.now();
  const out = new Map<string, Counters>();
  const merge = (list: (Partial<Record<keyof Counters, unknown>> & { k: string })[]) => {
    for (const r of list) {
      const c = out.get(r.k) ?? zero();
      out.set(r.k, c);
      addInto(c, r);
    }
  };
  const [base, cells, rtz] = await Promise.all([liveScope(ctx, f), rollupScope(ctx, f), rollupTimeZone(ctx.db)]);
  const live = (range: { from?: string; to?: string }, unanswered: boolean, only = false) => {
    const lg = liveGroup(g, tz);
    const where = sql.join([...base, ...periodCond(range.from, range.to, tz)], sql` and `);
    const what = only ? sql`count(*)::int as unanswered_due` : liveCounters(now, unanswered);
    // The unanswered-only count reads issues_unanswered_idx alone when nothing else is grouped or filtered on.
    const unansweredOnly = only ? sql` and answered_at is null and accept_due_at < ${now}` : sql``;
    return rows<Partial<Record<keyof Counters, unknown>> & { k: string }>(
      ctx.db,
      sql`select ${lg.key} as k, ${what} from ${issues} where ${where}${lg.extra}${unansweredOnly} group by 1`,
    );
  };
  if (!cells || rtz !== tz) {
    merge(await live({ from: f.from, to: f.to }, true));
    return out;
  }
  const { months, edges } = splitPeriod(f.from, f.to);
  const jobs: Promise<(Partial<Record<keyof Counters, unknown>> & { k: string })[]>[] = edges.map((e) => live(e, true));
  if (months) {
    const rg = rollupGroup(g);
    const mconds = [...cells];
    if (months.first) mconds.push(sql`month >= ${months.first}`);
    if (months.last) mconds.push(sql`month <= ${months.last}`);
    jobs.push(
      rows(
        ctx.db,
        sql`select ${rg.key} as k, ${ROLLUP_SUMS}
            from (select * from issue_rollup union all select * from issue_rollup_delta) cells
            where ${sql.join(mconds, sql` and `)}${rg.extra} group by 1`,
      ),
    );
    // Unanswered issues of the whole months that are past their acceptance deadline now (issues_unanswered_idx).
    jobs.push(
      live(
        { from: months.first ? `${months.first}-01` : undefined, to: months.last ? lastDay(months.last) : undefined },
        true,
        true,
      ),
    );
  }
  for (const list of await Promise.all(jobs)) merge(list);
  return out;
}

const ratio = (a: number, b: number) => (b ? a / b : null);

/** Turns counters into the figures with the formula beside them (rates 0–1, null when nothing to divide by). */
function figures(c: Counters, formula: Awaited<ReturnType<typeof getIssueConfig>>['formula']) {
  const w = formula.satisfactionWeights;
  const rated = c.sat + c.basic + c.unsat;
  const respDen = c.answered + c.unanswered_due;
  // Weighted numerator in exact thousandths, so 0.9 never drifts in binary floating point.
  const satNum =
    Math.round(c.sat * w.satisfied * 1000 + c.basic * w.basically_satisfied * 1000 + c.unsat * w.unsatisfied * 1000) /
    1000;
  return {
    collected: c.collected,
    suggestions: c.suggestions,
    solved: c.solved,
    overdue: c.overdue,
    avgHoursToResolve: c.resolved_n ? Math.round(c.resolved_ms / c.resolved_n / 36_000) / 100 : null,
    responseRate: ratio(c.resp_num, respDen),
    resolutionRate: ratio(c.res_num, c.res_den),
    satisfactionRate: ratio(satNum, rated),
    fractions: {
      response: [c.resp_num, respDen] as [number, number],
      resolution: [c.res_num, c.res_den] as [number, number],
      satisfaction: [satNum, rated] as [number, number],
    },
    formula: formula as unknown as Record<string, unknown>,
  };
}

/**
 * Hot query (city statistics): SPEC R-15 figures for a scope and period. Whole months are read from issue_rollup
 * (issue_rollup_path_idx), so the city over a year is a few thousand cells rather than every issue.
 */
export async function issueStats(ctx: Ctx, f: StatsFilter, tz: string) {
  const [{ formula }, groups] = await Promise.all([getIssueConfig(ctx.db), aggregate(ctx, f, tz, 'none')]);
  return figures(groups.get('') ?? zero(), formula);
}

/** Monthly trend of the three rates and counts over the period (default: the last 12 months). */
export async function issueTrend(ctx: Ctx, f: StatsFilter, tz: string) {
  const period = f.from || f.to ? f : { ...f, from: `${shiftMonth(localDate(ctx.now(), tz).slice(0, 7), -11)}-01` };
  const [{ formula }, groups] = await Promise.all([getIssueConfig(ctx.db), aggregate(ctx, period, tz, 'month')]);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, c]) => ({ month, ...figures(c, formula), formula: undefined }));
}

/** Counts by top-level category (and the names of the categories). */
export async function issuesByCategory(ctx: Ctx, f: StatsFilter, tz: string) {
  const groups = await aggregate(ctx, f, tz, 'category');
  if (!groups.size) return [];
  const names = await rows<{ code: string; name: string; nameEn: string }>(
    ctx.db,
    sql`select code, name, name_en as "nameEn" from issue_categories where code in ${[...groups.keys()]}`,
  );
  const byCode = new Map(names.map((n) => [n.code, n]));
  return [...groups.entries()]
    .map(([code, c]) => ({
      code,
      name: byCode.get(code)?.name ?? null,
      nameEn: byCode.get(code)?.nameEn ?? null,
      collected: c.collected,
      solved: c.solved,
    }))
    .filter((r) => r.collected > 0)
    .sort((a, b) => b.collected - a.collected || a.code.localeCompare(b.code));
}

/** Lead handlers (companies, communities, departments) ranked by resolution rate, then by volume. */
export async function handlerRanking(ctx: Ctx, f: StatsFilter, tz: string, limit = 20) {
  const [{ formula }, groups] = await Promise.all([getIssueConfig(ctx.db), aggregate(ctx, f, tz, 'lead')]);
  const leads = [...groups.entries()]
    .filter(([, c]) => c.collected > 0)
    .map(([k, c]) => {
      const [kind, id] = k.split('|');
      return { kind, id, c };
    });
  if (!leads.length) return [];
  const ids = leads.map((l) => l.id);
  const names = await rows<{ id: string; name: string }>(
    ctx.db,
    sql`select id::text, name from ${companies} where id in ${ids}
        union all select id::text, name from ${orgUnits} where id in ${ids}
        union all select id::text, name from ${departments} where id in ${ids}`,
  );
  const byId = new Map(names.map((n) => [n.id, n.name]));
  return leads
    .map((l) => ({ kind: l.kind, id: l.id, name: byId.get(l.id) ?? '', ...figures(l.c, formula), formula: undefined }))
    .sort(
      (a, b) =>
        (b.resolutionRate ?? -1) - (a.resolutionRate ?? -1) || b.collected - a.collected || a.id.localeCompare(b.id),
    )
    .slice(0, limit);
}

/**
 * Keeps the rollup's months in the configured time zone: when RP_TIME_ZONE differs from the zone the cells were
 * cut in, stores the new zone and rebuilds every cell (one pass over the issues, at start-up).
 */
export async function ensureIssueRollup(db: Db, tz: string) {
  const before = await rollupTimeZone(db);
  if (before === tz) return false;
  await inTx(systemCtx(db), async (c) => {
    const value = { timeZone: tz };
    await c.db
      .insert(settings)
      .values({ key: 'issue_rollup', value, updatedAt: c.now() })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: c.now() } });
    await c.db.execute(sql`select issue_rollup_rebuild()`);
    await audit(c, {
      action: 'rebuild',
      entity: 'settings',
      entityId: 'issue_rollup',
      before: { timeZone: before },
      after: value,
    });
  });
  return true;
}

/** Adds the pending deltas into the rollup cells (the scheduler runs it every few seconds); returns cells touched. */
export async function foldIssueRollup(db: Db): Promise<number> {
  const [r] = await rows<{ n: number }>(db, sql`select issue_rollup_fold() as n`);
  return Number(r.n);
}
