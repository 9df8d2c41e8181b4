import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/db';
import { buildCity, type Caller, makeCaller } from '../../../test/fixtures';
import { rows } from '../../db/client';
import { ensureIssueRollup, foldIssueRollup, splitPeriod } from './issues.stats';

/**
 * SPEC R-15 on a hand-computed fixture. Nine issues reported Monday 2026-11-02 09:00 (Shanghai); acceptance deadline
 * Tue 11-03 23:59:59, resolution deadline Thu 11-05 23:59:59; the job runs and the figures are read at Wed 11-11 12:00.
 *   A accepted on time, resolved 11-03 09:00 (24 h), rated satisfied            → closed
 *   B accepted on time, resolved 11-03 09:00 (24 h), rated basically satisfied  → closed
 *   C accepted LATE (11-04), resolved, rated unsatisfied → reopened; its new deadline (11-09) passes → overdue
 *   D anonymous, accepted on time, resolved 11-04 09:00 (48 h), confirmed by the community → closed
 *   E rejected on time;  F merged into A on time
 *   G never answered: past both deadlines → overdue
 *   H a suggestion, accepted on time, resolved 11-03 09:00 (24 h), no answer for 7 days → auto-closed (no answer)
 *   I accepted on time, in progress past its deadline → overdue
 * collected 9, suggestions 1, solved (closed) A B D H = 4, overdue C G I = 3, average hours (24+24+48+24)/4 = 30
 * response   = on time A B D E F H I = 7 ÷ answered or past deadline (all 9)                  = 7/9
 * resolution = A B (rated satisfied/basically) + D (anonymous closed) = 3 ÷ not E/F and resolved/closed/ever overdue:
 *              A B D H + C G I = 7                                                           = 3/7
 * satisfaction = (1 + 0.9) ÷ 3 rated (A B C)                                                  = 1.9/3
 */
let clock = new Date('2026-11-02T09:00:00+08:00');
const setClock = (s: string) => {
  clock = new Date(`${s}+08:00`);
};
let t: Awaited<ReturnType<typeof testApp>>;
let city: Awaited<ReturnType<typeof buildCity>>;
let community: Caller;

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  city = await buildCity(t.app, t.db);
  community = await makeCaller(t.app, t.db, 'community', { orgUnitId: city.commA1.id });
  const admin = city.admin;
  const mk = async (extra: Record<string, unknown> = {}) => {
    setClock('2026-11-02T09:00:00');
    const r = await community.post('/api/v1/issues', {
      estateId: city.estateA.id,
      kind: 'problem',
      category: 'pm.cleaning.garbage',
      title: '垃圾清运',
      description: '垃圾未及时清运',
      source: 'talk_point',
      urgency: 'normal',
      reporter: { name: '居民', phone: '13800000000' },
      ...extra,
    });
    if (r.statusCode !== 201) throw new Error(r.body);
    return r.json().id as string;
  };
  const act = async (id: string, at: string, body: Record<string, unknown>, by: Caller = admin) => {
    setClock(at);
    const r = await by.post(`/api/v1/issues/${id}/actions`, body);
    if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`);
  };
  const handler = { kind: 'company', id: city.companyA.id };
  const flow = async (id: string, acceptAt: string, resolveAt: string) => {
    await act(id, acceptAt, { action: 'accept' });
    await act(id, acceptAt, { action: 'assign', handler });
    await act(id, acceptAt, { action: 'start' });
    await act(id, resolveAt, { action: 'resolve', note: '已清运' });
  };
  const A = await mk();
  await flow(A, '2026-11-02T10:00:00', '2026-11-03T09:00:00');
  await act(A, '2026-11-03T12:00:00', { action: 'confirm', rating: 'satisfied', returnVisit: true });
  const B = await mk();
  await flow(B, '2026-11-02T10:00:00', '2026-11-03T09:00:00');
  await act(B, '2026-11-03T12:00:00', { action: 'confirm', rating: 'basically_satisfied', returnVisit: true });
  const C = await mk();
  await flow(C, '2026-11-04T10:00:00', '2026-11-04T11:00:00');
  await act(C, '2026-11-04T12:00:00', { action: 'confirm', rating: 'unsatisfied', returnVisit: true });
  const D = await mk({ anonymous: true, reporter: undefined });
  await flow(D, '2026-11-02T10:00:00', '2026-11-04T09:00:00');
  await act(D, '2026-11-04T12:00:00', { action: 'confirm' }, community);
  const E = await mk();
  await act(E, '2026-11-02T11:00:00', { action: 'reject', note: '不属于物业服务范围' });
  const F = await mk();
  await act(F, '2026-11-02T11:00:00', { action: 'merge', mergedIntoId: A });
  await mk(); // G
  const H = await mk({ kind: 'suggestion' });
  await flow(H, '2026-11-02T10:00:00', '2026-11-03T09:00:00');
  const I = await mk();
  await act(I, '2026-11-02T10:00:00', { action: 'accept' });
  await act(I, '2026-11-02T10:00:00', { action: 'assign', handler });
  await act(I, '2026-11-02T10:00:00', { action: 'start' });
  setClock('2026-11-11T12:00:00');
  const job = await admin.post('/api/v1/admin/jobs/deadlines/run');
  expect(job.json()).toMatchObject({ escalated: 3, autoClosed: 1 });
});
afterAll(() => t.close());

describe('R-15 the three rates', () => {
  it('R-15: counts and the three rates match the hand-computed fixture', async () => {
    const s = (
      await city.admin.get(`/api/v1/stats/issues?orgUnitId=${city.city.id}&from=2026-11-01&to=2026-11-30`)
    ).json();
    expect(s).toMatchObject({ collected: 9, suggestions: 1, solved: 4, overdue: 3, avgHoursToResolve: 30 });
    expect(s.fractions).toEqual({ response: [7, 9], resolution: [3, 7], satisfaction: [1.9, 3] });
    expect(s.responseRate).toBeCloseTo(7 / 9, 12);
    expect(s.resolutionRate).toBeCloseTo(3 / 7, 12);
    expect(s.satisfactionRate).toBeCloseTo(1.9 / 3, 12);
  });

  it('R-15: the formula and weights are stored beside the figures', async () => {
    const s = (await city.admin.get('/api/v1/stats/issues')).json();
    expect(s.formula).toMatchObject({
      version: 1,
      satisfactionWeights: { satisfied: 1, basically_satisfied: 0.9, unsatisfied: 0 },
    });
  });

  it('R-15: weights are configuration; changing them changes the figure and the stored formula', async () => {
    const put = await city.admin.put('/api/v1/settings/issues', {
      deadlines: {
        acceptWorkingDays: 1,
        urgentHours: 24,
        normalWorkingDays: 3,
        complexWorkingDays: 15,
        escalationWorkingDays: 3,
        autoCloseDays: 7,
      },
      satisfactionWeights: { satisfied: 1, basically_satisfied: 0.8, unsatisfied: 0 },
    });
    expect(put.statusCode).toBe(200);
    const s = (await city.admin.get('/api/v1/stats/issues')).json();
    expect(s.fractions.satisfaction).toEqual([1.8, 3]);
    expect(s.formula.version).toBe(2);
    await city.admin.put('/api/v1/settings/issues', {
      deadlines: {
        acceptWorkingDays: 1,
        urgentHours: 24,
        normalWorkingDays: 3,
        complexWorkingDays: 15,
        escalationWorkingDays: 3,
        autoCloseDays: 7,
      },
      satisfactionWeights: { satisfied: 1, basically_satisfied: 0.9, unsatisfied: 0 },
    });
  });

  it('R-15: the period filter counts issues by reporting time', async () => {
    const none = (await city.admin.get('/api/v1/stats/issues?from=2026-11-03&to=2026-11-30')).json();
    expect(none.collected).toBe(0);
    expect(none.responseRate).toBeNull();
    const day = (await city.admin.get('/api/v1/stats/issues?from=2026-11-02&to=2026-11-02')).json();
    expect(day.collected).toBe(9);
  });

  it('R-15: statistics for a company count the issues it leads; for an estate, that estate', async () => {
    const c = (await city.admin.get(`/api/v1/stats/issues?companyId=${city.companyA.id}`)).json();
    // E, F and G were never assigned: A B C D H I.
    expect(c.collected).toBe(6);
    expect((await city.admin.get(`/api/v1/stats/issues?estateId=${city.estateA.id}`)).json().collected).toBe(9);
    expect((await city.admin.get(`/api/v1/stats/issues?estateId=${city.estateB.id}`)).json().collected).toBe(0);
  });

  it('R-15: trend by month, by category and the handler ranking', async () => {
    const trend = (await city.admin.get('/api/v1/stats/issues/trend')).json();
    expect(trend).toEqual([expect.objectContaining({ month: '2026-11', collected: 9 })]);
    const cats = (await city.admin.get('/api/v1/stats/issues/by-category')).json();
    expect(cats).toEqual([{ code: 'pm', name: '物业管理', nameEn: 'Property management', collected: 9, solved: 4 }]);
    const ranking = (await city.admin.get('/api/v1/stats/issues/handlers')).json();
    expect(ranking[0]).toMatchObject({ kind: 'company', id: city.companyA.id, name: city.companyA.name, collected: 6 });
  });

  it('R-15: whole months come from the rollup, partial ones live, and both give the same figures', async () => {
    const whole = (await city.admin.get('/api/v1/stats/issues?from=2026-11-01&to=2026-11-30')).json();
    const edges = (await city.admin.get('/api/v1/stats/issues?from=2026-10-15&to=2026-11-20')).json();
    const open = (await city.admin.get('/api/v1/stats/issues')).json();
    for (const s of [whole, edges, open]) {
      expect(s.collected).toBe(9);
      expect(s.fractions).toEqual({ response: [7, 9], resolution: [3, 7], satisfaction: [1.9, 3] });
      expect(s.avgHoursToResolve).toBe(30);
    }
    // A company caller is always read live (its scope is routing, not a subtree): same figures for what it leads.
    const company = await makeCaller(t.app, t.db, 'company', { companyId: city.companyA.id });
    const mine = (await company.get('/api/v1/stats/issues')).json();
    const led = (await city.admin.get(`/api/v1/stats/issues?companyId=${city.companyA.id}`)).json();
    expect(mine.collected).toBe(6);
    expect(mine.fractions).toEqual(led.fractions);
  });

  it('R-15: pending deltas fold into the rollup cells, and the cells equal a rebuild from the issues', async () => {
    const cells = sql`select org_path, month, category_top, lead_kind, lead_id::text, collected, suggestions,
      solved, overdue, resolved_n, resolved_ms, resp_num, answered, res_num, res_den, sat, basic, unsat
      from issue_rollup where collected <> 0 order by 1, 2, 3, 4, 5`;
    const figures = async () => (await city.admin.get('/api/v1/stats/issues')).json();
    const pending = await figures();
    // Every issue write left a delta; folding moves them into the cells without changing any figure.
    const [{ n }] = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from issue_rollup_delta`);
    expect(n).toBeGreaterThan(0);
    expect(await foldIssueRollup(t.db)).toBeGreaterThan(0);
    expect(await rows(t.db, sql`select 1 from issue_rollup_delta`)).toEqual([]);
    expect(await figures()).toEqual(pending);
    const before = await rows(t.db, cells);
    expect(before.length).toBeGreaterThan(0);
    await t.db.execute(sql`select issue_rollup_rebuild()`);
    expect(await rows(t.db, cells)).toEqual(before);
  });

  it('R-15: a different time zone rebuilds the rollup months in that zone', async () => {
    expect(await ensureIssueRollup(t.db, 'Asia/Shanghai')).toBe(false);
    expect(await ensureIssueRollup(t.db, 'UTC')).toBe(true);
    const [m] = await rows<{ month: string }>(t.db, sql`select distinct month from issue_rollup`);
    expect(m.month).toBe('2026-11');
    expect(await ensureIssueRollup(t.db, 'Asia/Shanghai')).toBe(true);
  });
});

describe('R-15 splitting a period into whole months and edge days', () => {
  it('R-15: whole months and edges', () => {
    expect(splitPeriod()).toEqual({ months: { first: undefined, last: undefined }, edges: [] });
    expect(splitPeriod('2026-11-01', '2026-11-30')).toEqual({
      months: { first: '2026-11', last: '2026-11' },
      edges: [],
    });
    expect(splitPeriod('2026-10-15', '2026-12-03')).toEqual({
      months: { first: '2026-11', last: '2026-11' },
      edges: [
        { from: '2026-10-15', to: '2026-10-31' },
        { from: '2026-12-01', to: '2026-12-03' },
      ],
    });
    expect(splitPeriod('2026-11-02', '2026-11-02')).toEqual({
      months: null,
      edges: [{ from: '2026-11-02', to: '2026-11-02' }],
    });
    expect(splitPeriod('2026-12-15', '2027-01-10')).toEqual({
      months: null,
      edges: [{ from: '2026-12-15', to: '2027-01-10' }],
    });
    expect(splitPeriod('2024-02-01', '2024-02-29')).toEqual({
      months: { first: '2024-02', last: '2024-02' },
      edges: [],
    });
    expect(splitPeriod(undefined, '2026-11-10')).toEqual({
      months: { first: undefined, last: '2026-10' },
      edges: [{ from: '2026-11-01', to: '2026-11-10' }],
    });
    expect(splitPeriod('2026-12-31', undefined)).toEqual({
      months: { first: '2027-01', last: undefined },
      edges: [{ from: '2026-12-31', to: '2026-12-31' }],
    });
  });
});

describe('R-15 the trend period', () => {
  it('R-15: without a period the trend covers the last 12 months; a period widens it', async () => {
    const app = await testApp({ now: () => new Date('2026-11-11T12:00:00+08:00') });
    const c = await buildCity(app.app, app.db);
    const staff = await makeCaller(app.app, app.db, 'community', { orgUnitId: c.commA1.id });
    for (const reportedAt of ['2025-11-20T09:00:00+08:00', '2025-12-01T00:30:00+08:00', '2026-11-02T09:00:00+08:00']) {
      const r = await staff.post('/api/v1/issues', {
        estateId: c.estateA.id,
        kind: 'problem',
        category: 'pm.cleaning.garbage',
        title: '垃圾清运',
        description: '纸质留言簿登记',
        source: 'comment_box',
        reporter: { name: '居民', phone: '13800000000' },
        reportedAt,
      });
      expect(r.statusCode).toBe(201);
    }
    const months = (q: string) =>
      c.admin.get(`/api/v1/stats/issues/trend${q}`).then((r) => r.json().map((x: { month: string }) => x.month));
    expect(await months('')).toEqual(['2025-12', '2026-11']);
    expect(await months('?from=2025-11-01')).toEqual(['2025-11', '2025-12', '2026-11']);
    await app.close();
  });
});
