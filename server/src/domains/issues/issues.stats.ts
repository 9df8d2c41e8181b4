import { type SQL, sql } from 'drizzle-orm';
import { rows } from '../../db/client';
import { companies, departments, issues, orgUnits } from '../../db/schema';
import type { Ctx } from '../../platform/context';
import { issueScope } from '../../platform/scope';
import { getIssueConfig } from '../system/system.service';

export interface StatsFilter {
  orgUnitId?: string;
  companyId?: string;
  estateId?: string;
  from?: string;
  to?: string;
}

/** The population of a statistic: issues in the caller's scope, of a unit/company/estate, reported in the period. */
async function population(ctx: Ctx, f: StatsFilter, tz: string): Promise<SQL> {
  const conds: SQL[] = [issueScope(ctx.actor)];
  if (f.orgUnitId) {
    const [u] = await rows<{ path: string }>(ctx.db, sql`select path from ${orgUnits} where id = ${f.orgUnitId}`);
    conds.push(u ? sql`${issues.orgPath} like ${`${u.path}%`}` : sql`false`);
  }
  if (f.companyId) conds.push(sql`${issues.leadKind} = 'company' and ${issues.leadId} = ${f.companyId}`);
  if (f.estateId) conds.push(sql`${issues.estateId} = ${f.estateId}`);
  if (f.from) conds.push(sql`${issues.reportedAt} >= (${f.from}::date::timestamp at time zone ${tz})`);
  if (f.to) conds.push(sql`${issues.reportedAt} < ((${f.to}::date + 1)::timestamp at time zone ${tz})`);
  return sql.join(conds, sql` and `);
}

/** The counters behind every figure; one pass over the population (SPEC R-15). */
function counters(now: Date) {
  return sql`
    count(*)::int as collected,
    count(*) filter (where kind = 'suggestion')::int as suggestions,
    count(*) filter (where status = 'closed')::int as solved,
    count(*) filter (where overdue)::int as overdue,
    avg(extract(epoch from (resolved_at - reported_at)) / 3600) filter (where resolved_at is not null) as avg_hours,
    count(*) filter (where answered_at is not null and answered_at <= accept_due_at)::int as resp_num,
    count(*) filter (where answered_at is not null or accept_due_at < ${now})::int as resp_den,
    count(*) filter (where status = 'closed' and (rating in ('satisfied', 'basically_satisfied') or close_reason = 'community_confirmed'))::int as res_num,
    count(*) filter (where status not in ('rejected', 'merged') and (status in ('resolved', 'closed') or ever_overdue))::int as res_den,
    count(*) filter (where rating = 'satisfied')::int as sat,
    count(*) filter (where rating = 'basically_satisfied')::int as basic,
    count(*) filter (where rating = 'unsatisfied')::int as unsat`;
}

interface Counters {
  collected: number;
  suggestions: number;
  solved: number;
  overdue: number;
  avg_hours: string | number | null;
  resp_num: number;
  resp_den: number;
  res_num: number;
  res_den: number;
  sat: number;
  basic: number;
  unsat: number;
}

const ratio = (a: number, b: number) => (b ? a / b : null);

/** Turns counters into the figures with the formula beside them (rates 0–1, null when nothing to divide by). */
function figures(c: Counters, formula: Awaited<ReturnType<typeof getIssueConfig>>['formula']) {
  const w = formula.satisfactionWeights;
  const rated = c.sat + c.basic + c.unsat;
  // Weighted numerator in exact thousandths, so 0.9 never drifts in binary floating point.
  const satNum =
    Math.round(c.sat * w.satisfied * 1000 + c.basic * w.basically_satisfied * 1000 + c.unsat * w.unsatisfied * 1000) /
    1000;
  return {
    collected: c.collected,
    suggestions: c.suggestions,
    solved: c.solved,
    overdue: c.overdue,
    avgHoursToResolve: c.avg_hours === null ? null : Math.round(Number(c.avg_hours) * 100) / 100,
    responseRate: ratio(c.resp_num, c.resp_den),
    resolutionRate: ratio(c.res_num, c.res_den),
    satisfactionRate: ratio(satNum, rated),
    fractions: {
      response: [c.resp_num, c.resp_den] as [number, number],
      resolution: [c.res_num, c.res_den] as [number, number],
      satisfaction: [satNum, rated] as [number, number],
    },
    formula: formula as unknown as Record<string, unknown>,
  };
}

/**
 * Hot query (city statistics): SPEC R-15 figures for a scope and period in one aggregate pass.
 * Uses issues_path_reported_idx for subtree + period; the city scope is a full pass over the period.
 */
export async function issueStats(ctx: Ctx, f: StatsFilter, tz: string) {
  const [{ formula }, where] = await Promise.all([getIssueConfig(ctx.db), population(ctx, f, tz)]);
  const [c] = await rows<Counters>(ctx.db, sql`select ${counters(ctx.now())} from ${issues} where ${where}`);
  return figures(c, formula);
}

/** Monthly trend of the three rates and counts over the period (default: the last 12 months). */
export async function issueTrend(ctx: Ctx, f: StatsFilter, tz: string) {
  const [{ formula }, where] = await Promise.all([getIssueConfig(ctx.db), population(ctx, f, tz)]);
  const list = await rows<Counters & { month: string }>(
    ctx.db,
    sql`select to_char(date_trunc('month', reported_at at time zone ${tz}), 'YYYY-MM') as month, ${counters(ctx.now())}
        from ${issues} where ${where} group by 1 order by 1`,
  );
  return list.map((c) => ({ month: c.month, ...figures(c, formula), formula: undefined }));
}

/** Counts by top-level category (and the names of the categories). */
export async function issuesByCategory(ctx: Ctx, f: StatsFilter, tz: string) {
  const where = await population(ctx, f, tz);
  return rows<{ code: string; name: string; nameEn: string; collected: number; solved: number }>(
    ctx.db,
    sql`select split_part(${issues.category}, '.', 1) as code, c.name, c.name_en as "nameEn", count(*)::int as collected,
               count(*) filter (where ${issues.status} = 'closed')::int as solved
        from ${issues} left join issue_categories c on c.code = split_part(${issues.category}, '.', 1)
        where ${where}
        group by 1, 2, 3 order by collected desc`,
  );
}

/** Lead handlers (companies, communities, departments) ranked by resolution rate, then by volume. */
export async function handlerRanking(ctx: Ctx, f: StatsFilter, tz: string, limit = 20) {
  const [{ formula }, where] = await Promise.all([getIssueConfig(ctx.db), population(ctx, f, tz)]);
  const list = await rows<Counters & { kind: string; id: string; name: string }>(
    ctx.db,
    sql`select lead_kind as kind, lead_id as id,
               coalesce((select name from ${companies} where id = lead_id), (select name from ${orgUnits} where id = lead_id),
                        (select name from ${departments} where id = lead_id), '') as name,
               ${counters(ctx.now())}
        from ${issues} where ${where} and lead_id is not null group by lead_kind, lead_id`,
  );
  return list
    .map((c) => ({ kind: c.kind, id: c.id, name: c.name, ...figures(c, formula), formula: undefined }))
    .sort((a, b) => (b.resolutionRate ?? -1) - (a.resolutionRate ?? -1) || b.collected - a.collected)
    .slice(0, limit);
}
