/**
 * Bulk data written straight into the database (not through the API), for the parts of the benchmark that need more
 * history than an API run could build in minutes: a year of issues, the dwellings of one very large estate, and
 * (optionally) the paper ballots of a meeting. Every statement is one `insert … select … from generate_series` (or from
 * the rows already there), so a million rows cost one round trip. The same SQL runs on PostgreSQL (a pg client next to
 * the running server) and on PGlite (the data folder opened while the server is stopped: one process owns it).
 */

/** Runs one statement with parameters and returns its rows (pg.Client or PGlite behind it). */
export type Raw = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

const pgArray = (ids: string[]) => `{${ids.join(',')}}`;

export interface IssueGenResult {
  issues: number;
  handlers: number;
  /** Wall time of each step, seconds: the issues, their lead handlers, the re-built indexes, ANALYZE. */
  seconds: {
    issues: number;
    handlers: number;
    indexes: number;
    /** issue_rollup_rebuild() over the year. */
    rollup: number;
    /** VACUUM (ANALYZE) */
    analyze: number;
    total: number;
  };
  /** The mix that came out (counts by status, level, overdue), to show the data is what the text says. */
  mix: Record<string, number>;
}

/**
 * The issue mix of one year. Draws are uniform over the estates given (so org_path is the estate's own path) and over
 * the last 365 days; what happened to an issue follows from its age:
 *  - open (not closed or rejected) with a probability falling with age: 90% in its first 2 days, 45% up to a week,
 *    15% up to a month, 5% up to 3 months, 2% beyond (≈ 4–5% of the year is open);
 *  - open issues whose resolution deadline passed were escalated the way the deadline job does it (community → street
 *    after the deadline, → district 5 days later, then flagged), so the job finds nothing left to do on this data;
 *  - closed issues were answered (82% within the acceptance deadline), resolved (≈ 15% after the deadline: ever
 *    overdue, at street or district level), then rated (78% satisfied, 22% basically satisfied), left unanswered for
 *    7 days (`no_answer`) or, when anonymous, confirmed by the community; 6% were reopened once; 7% were rejected;
 *  - resolved ones are within their 7 days of waiting for the rating;
 *  - assigned and later issues have a lead handler (the estate's company for company-handled categories of a
 *    company-managed estate, otherwise the community), in `issues.lead_*` and one active `issue_handlers` row.
 * Kinds, sources and urgencies are fixed shares (see the CASE expressions). Reporting times are spread evenly over the
 * year in row order (with jitter), so issue codes follow the server's own sequence (`issue_code_seq`) in reporting
 * order, the heap is in reporting order as on a real system, and the sequence is moved past them (later intake never
 * collides).
 * Not generated: `issue_history` (no measured query reads it) and dwellings/reporter accounts on issues.
 */
const ISSUES_SQL = `
with e as (
  select (row_number() over (order by id))::int as rn, id, org_path, community_id, company_id
  from estates where id = any($1::uuid[])
), cat as (
  select (row_number() over (order by code))::int as rn, code, name, coalesce(handler_kind, 'org_unit') as kind
  from issue_categories c
  where active and not exists (select 1 from issue_categories k where k.parent_code = c.code)
)
insert into issues (code, estate_id, org_path, kind, category, title, description, source, urgency, status, level,
                    overdue, ever_overdue, anonymous, reporter_name, reporter_phone, reported_at, accept_due_at,
                    resolve_due_at, answered_at, accepted_at, resolved_at, closed_at, close_reason, rating,
                    reopen_count, lead_kind, lead_id, created_at)
select 'SQ-' || to_char(d.reported_at at time zone $3, 'YYYY') || '-' || lpad(num::text, greatest(6, length(num::text)), '0'),
       e.id, e.org_path,
       case when u_kind < 0.35 then 'problem' when u_kind < 0.60 then 'repair' when u_kind < 0.75 then 'complaint'
            when u_kind < 0.87 then 'suggestion' when u_kind < 0.97 then 'inquiry' else 'praise' end,
       cat.code, cat.name || '问题反映', '居民反映' || cat.name || '的情况，希望尽快处理。（编号 ' || g || '）',
       case when u_src < 0.30 then 'hotline' when u_src < 0.55 then 'portal' when u_src < 0.70 then 'talk_point'
            when u_src < 0.82 then 'visit' when u_src < 0.88 then 'comment_box' else 'inspection' end,
       urgency, status, level, overdue, ever_overdue, anonymous,
       case when not anonymous then substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', 1 + g % 20, 1)
                                    || case when g % 2 = 0 then '先生' else '女士' end end,
       case when not anonymous then '13' || lpad(((g::bigint * 7919) % 1000000000)::text, 9, '0') end,
       d.reported_at, d.reported_at + interval '1.4 days', resolve_due_at,
       answered_at,
       case when status not in ('submitted', 'rejected') then answered_at end,
       resolved_at,
       case when status = 'rejected' then answered_at
            when close_reason = 'no_answer' then resolved_at + interval '7 days'
            when status = 'closed' then resolved_at + least(u_close * 3, 0.2 * age) * interval '1 day' end,
       close_reason,
       case when close_reason = 'rated' then case when u_rate < 0.78 * 0.8 then 'satisfied' else 'basically_satisfied' end
            when reopened and not anonymous and status <> 'closed' then 'unsatisfied'
            when reopened and close_reason = 'no_answer' then 'unsatisfied' end,
       case when reopened then 1 else 0 end,
       case when has_lead then case when company_lead then 'company' else 'org_unit' end end,
       case when has_lead then case when company_lead then e.company_id else e.community_id end end,
       d.reported_at
from (
  -- The random draws of each issue (a subquery with volatile output is never flattened: each draw is made once).
  select g, $4::bigint + g - 1 as num,
         1 + floor(random() * (select count(*) from e))::int as erank,
         1 + floor(random() * (select count(*) from cat))::int as crank,
         -- evenly spread over the year, in order (one slot of jitter): codes and the heap follow reporting order
         now() - interval '365 days' * (($2::int - g + random()) / $2::int) as reported_at,
         random() as u_kind, random() as u_src, random() as u_urg, random() as u_open, random() as u_st,
         random() as u_ans, random() as u_res, random() as u_close, random() as u_rate, random() as u_lvl,
         random() as u_anon, random() as u_reopen
  from generate_series($5::int, $6::int) g
) d
join e on e.rn = d.erank
join cat on cat.rn = d.crank
-- Each step below is computed once per row ("offset 0" keeps the planner from copying its expressions into the next).
cross join lateral (
  select (extract(epoch from now() - d.reported_at) / 86400)::float8 as age,
         case when u_urg < 0.1 then 'urgent' when u_urg < 0.9 then 'normal' else 'complex' end as urgency,
         case when u_urg < 0.1 then 1.0 when u_urg < 0.9 then 4.4 else 21.0 end::float8 as due_days,
         u_anon < 0.05 as anonymous,
         cat.kind = 'company' and e.company_id is not null as company_lead
  offset 0) a
cross join lateral (
  select case
           when u_open < (case when age < 2 then 0.9 when age < 7 then 0.45 when age < 30 then 0.15
                               when age < 90 then 0.05 else 0.02 end) then
             case when age < 1 then
                    case when u_st < 0.6 then 'submitted' when u_st < 0.8 then 'accepted'
                         when u_st < 0.9 then 'assigned' else 'in_progress' end
                  else
                    case when u_st < 0.03 then 'submitted' when u_st < 0.10 then 'accepted'
                         when u_st < 0.30 then 'assigned' when u_st < 0.80 then 'in_progress' else 'resolved' end
             end
           else case when u_st < 0.93 then 'closed' else 'rejected' end
         end as status
  offset 0) b
cross join lateral (
  select d.reported_at + due_days * interval '1 day' as orig_due,
         status in ('submitted', 'accepted', 'assigned', 'in_progress') as pending,
         status in ('assigned', 'in_progress', 'resolved', 'closed') as has_lead,
         case when status <> 'submitted' then d.reported_at + least(u_ans * u_ans * 1.5, 0.2 * age) * interval '1 day'
         end as answered_at,
         case status
           when 'closed' then d.reported_at + (least(u_ans * u_ans * 1.5, 0.2 * age)
                + least(due_days * (0.15 + 0.85 * u_res)
                        + case when u_res > 0.85 then (u_res - 0.85) / 0.15 * 12 else 0 end, 0.5 * age)) * interval '1 day'
           when 'resolved' then now() - u_res * least(6.9, 0.45 * age) * interval '1 day'
         end as resolved_at,
         status in ('closed', 'resolved', 'in_progress') and u_reopen < 0.06 and age > 5 as reopened
  offset 0) c
cross join lateral (
  select (extract(epoch from now() - orig_due) / 86400)::float8 as late_days,
         (extract(epoch from resolved_at - orig_due) / 86400)::float8 as resolved_late_days,
         anonymous or u_rate >= 0.8 and resolved_at + interval '7 days' <= now() as no_rating
  offset 0) f
cross join lateral (
  select case
           when pending and late_days > 0 then case when late_days < 5 then 'street' else 'district' end
           when pending then case when u_lvl < 0.05 then 'street' else 'community' end
           when status = 'rejected' then 'community'
           when resolved_late_days > 0 then case when resolved_late_days < 5 then 'street' else 'district' end
           when u_lvl < 0.04 then 'street'
           else 'community'
         end as level,
         pending and late_days > 0 as overdue,
         (pending and late_days > 0) or coalesce(resolved_late_days > 0, false) as ever_overdue,
         case when pending and late_days > 0 then orig_due + case when late_days < 5 then 5 else 10 end * interval '1 day'
              else orig_due end as resolve_due_at,
         case when status = 'closed' then
           case when anonymous then 'community_confirmed' when no_rating then 'no_answer' else 'rated' end
         end as close_reason
  offset 0) h`;

const HANDLERS_SQL = `
insert into issue_handlers (issue_id, kind, ref_id, role, active, assigned_at)
select id, lead_kind, lead_id, 'lead', true, least(now(), coalesce(accepted_at, reported_at) + interval '1 hour')
from issues where lead_id is not null`;

const MIX_SQL = `
select count(*)::int as total,
       count(*) filter (where status in ('submitted', 'accepted', 'assigned', 'in_progress', 'resolved'))::int as open,
       count(*) filter (where status = 'closed')::int as closed,
       count(*) filter (where status = 'rejected')::int as rejected,
       count(*) filter (where overdue)::int as overdue,
       count(*) filter (where ever_overdue)::int as ever_overdue,
       count(*) filter (where level = 'street' and status in ('submitted', 'accepted', 'assigned', 'in_progress', 'resolved'))::int as open_street,
       count(*) filter (where level = 'district' and status in ('submitted', 'accepted', 'assigned', 'in_progress', 'resolved'))::int as open_district,
       count(*) filter (where rating is not null)::int as rated,
       count(*) filter (where close_reason = 'no_answer')::int as no_answer
from issues`;

/** Issues per statement. */
const BATCH = 50_000;

const time = async (f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  return Math.round(performance.now() - t) / 1000;
};

/**
 * Secondary indexes of the tables (not those behind a primary key or unique constraint), dropped before a bulk load
 * and re-created from their own definitions afterwards: one sort per index instead of a million random inserts.
 */
async function secondaryIndexes(raw: Raw, tables: string[]) {
  const list = await raw(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
     where i.schemaname = current_schema() and i.tablename = any($1::text[])
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
     order by i.tablename, i.indexname`,
    [pgArray(tables)],
  );
  return list.map((r) => ({ name: String(r.name), def: String(r.def) }));
}

/**
 * Writes `count` issues over `estateIds` (see ISSUES_SQL) and their lead handlers, in one transaction. Seeded
 * (setseed), so a run at the same scale draws the same year; `timeZone` dates the codes as the server does.
 */
export async function generateIssues(
  raw: Raw,
  opts: { estateIds: string[]; count: number; timeZone: string; seed: number; log?: (m: string) => void },
): Promise<IssueGenResult> {
  const t0 = performance.now();
  const [{ n }] = await raw('select count(*)::int as n from issues');
  if (Number(n) !== 0) throw new Error(`issues is not empty (${n} rows): the bulk year goes into a fresh database`);
  const seconds = { issues: 0, handlers: 0, indexes: 0, rollup: 0, analyze: 0, total: 0 };
  await raw('begin');
  try {
    await raw(`select setseed(${Math.sin(opts.seed) / 2})`);
    await raw(`set local maintenance_work_mem = '256MB'`);
    await raw(`set local work_mem = '64MB'`);
    const indexes = await secondaryIndexes(raw, ['issues', 'issue_handlers']);
    for (const i of indexes) await raw(`drop index ${i.name}`);
    // The statistics rollup is rebuilt in one pass afterwards instead of a million single-row trigger upserts.
    await raw('alter table issues disable trigger issues_rollup');
    const [{ base }] = await raw(`select nextval('issue_code_seq')::bigint as base`);
    // Batches keep every intermediate result of the statement in memory (one statement of a million rows spills
    // its CTEs to disk and runs several times slower).
    seconds.issues = await time(async () => {
      for (let from = 1; from <= opts.count; from += BATCH) {
        const to = Math.min(opts.count, from + BATCH - 1);
        await raw(ISSUES_SQL, [pgArray(opts.estateIds), opts.count, opts.timeZone, String(base), from, to]);
      }
    });
    await raw(`select setval('issue_code_seq', $1::bigint)`, [String(BigInt(String(base)) + BigInt(opts.count) - 1n)]);
    opts.log?.(`  ${opts.count} issues in ${seconds.issues} s`);
    seconds.handlers = await time(() => raw(HANDLERS_SQL));
    opts.log?.(`  lead handlers in ${seconds.handlers} s`);
    seconds.indexes = await time(async () => {
      for (const i of indexes) await raw(i.def);
    });
    opts.log?.(`  ${indexes.length} secondary indexes re-built in ${seconds.indexes} s`);
    await raw('alter table issues enable trigger issues_rollup');
    seconds.rollup = await time(() => raw('select issue_rollup_rebuild()'));
    opts.log?.(`  statistics rollup re-built in ${seconds.rollup} s`);
    await raw('commit');
  } catch (e) {
    await raw('rollback').catch(() => undefined);
    throw e;
  }
  // What autovacuum does within minutes of such a load (and has long done on a year-old system): statistics, hint
  // bits and the visibility map. Left to autovacuum, it would run during the measured loads and compete with them.
  seconds.analyze = await time(() => raw('vacuum (analyze) issues, issue_handlers, issue_rollup'));
  const [mix] = await raw(MIX_SQL);
  const [{ h }] = await raw('select count(*)::int as h from issue_handlers');
  seconds.total = Math.round(performance.now() - t0) / 1000;
  return {
    issues: Number(mix.total),
    handlers: Number(h),
    seconds,
    mix: Object.fromEntries(Object.entries(mix).map(([k, v]) => [k, Number(v)])),
  };
}

/**
 * `count` delivered dwellings in one estate (buildings of 2 units × 30 floors × 4 flats, 45–180 m²), without owners:
 * the billing run reads dwellings only.
 */
export async function generateDwellings(raw: Raw, estateId: string, count: number, seed: number) {
  const t0 = performance.now();
  await raw('begin');
  try {
    await raw(`select setseed(${Math.sin(seed + 1) / 2})`);
    await raw(
      `insert into dwellings (estate_id, building, unit, number, area_hundredths, delivered)
       select $1::uuid, (g / 240 + 1) || '栋', ((g % 240) / 120 + 1) || '单元',
              ((g % 120) / 4 + 1)::text || lpad(((g % 4) + 1)::text, 2, '0'), 4500 + floor(random() * 13500)::int, true
       from generate_series(0, $2::int - 1) g`,
      [estateId, count],
    );
    await raw('commit');
  } catch (e) {
    await raw('rollback').catch(() => undefined);
    throw e;
  }
  await raw('vacuum (analyze) dwellings');
  return { dwellings: count, seconds: Math.round(performance.now() - t0) / 1000 };
}

/**
 * Paper ballots for `count` more owner subjects of a meeting (those without a ballot yet, by subject key), as the
 * committee would enter them: per motion 70/80/40% for (the same shares as the API entry), the rest against or abstain.
 * The bulk alternative to POST /meetings/:id/ballots: no audit entries.
 */
export async function generateBallots(
  raw: Raw,
  opts: { meetingId: string; motionIds: string[]; enteredBy: string; count: number; seed: number },
) {
  const t0 = performance.now();
  const shares = [
    [0.7, 0.9],
    [0.8, 0.95],
    [0.4, 0.85],
  ];
  const choice = (m: string, i: number) => {
    if (!/^[0-9a-f-]{36}$/.test(m)) throw new Error(`not a motion id: ${m}`);
    const [f, a] = shares[i % shares.length];
    return `'${m}', (select case when r < ${f} then 'for' when r < ${a} then 'against' else 'abstain' end from (select random() as r) x)`;
  };
  await raw('begin');
  try {
    await raw(`select setseed(${Math.sin(opts.seed + 2) / 2})`);
    await raw(
      `insert into ballots (meeting_id, subject_key, owner_id, channel, entered_by, choices, cast_at)
       select $1::uuid, s.subject_key, s.owner_id, 'paper', $2::uuid,
              jsonb_build_object(${opts.motionIds.map(choice).join(', ')}), now()
       from (select subject_key, owner_id from meeting_subjects m
             where meeting_id = $1::uuid and owner_id is not null
               and not exists (select 1 from ballots b where b.meeting_id = m.meeting_id and b.subject_key = m.subject_key)
             order by subject_key limit $3::int) s`,
      [opts.meetingId, opts.enteredBy, opts.count],
    );
    await raw('commit');
  } catch (e) {
    await raw('rollback').catch(() => undefined);
    throw e;
  }
  await raw('vacuum (analyze) ballots');
  return { ballots: opts.count, seconds: Math.round(performance.now() - t0) / 1000 };
}
