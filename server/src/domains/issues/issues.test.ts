import { ISSUE_ACTIONS, ISSUE_STATUSES, ISSUE_TRANSITIONS, type IssueStatus } from '@rp/contract';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/db';
import { buildCity, type Caller, makeCaller } from '../../../test/fixtures';
import { rows } from '../../db/client';

let clock = new Date('2026-11-02T09:00:00+08:00');
const setClock = (s: string) => {
  clock = new Date(s);
};
let t: Awaited<ReturnType<typeof testApp>>;
let city: Awaited<ReturnType<typeof buildCity>>;
let community: Caller;
let street: Caller;
let streetB: Caller;
let companyA: Caller;
let companyB: Caller;
let resident: Caller;
let dwellingId: string;

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  city = await buildCity(t.app, t.db);
  const owner = city.ok(
    await city.admin.post('/api/v1/owners', { name: '陈居民', kind: 'person', phone: '13812345678' }),
  );
  dwellingId = city.ok(
    await city.admin.post(`/api/v1/estates/${city.estateA.id}/dwellings`, {
      building: '3',
      unit: '2',
      number: '501',
      areaM2: '95.00',
      delivered: true,
      ownerIds: [owner.id],
    }),
  ).id;
  community = await makeCaller(t.app, t.db, 'community', { orgUnitId: city.commA1.id });
  street = await makeCaller(t.app, t.db, 'street', { orgUnitId: city.streetA.id });
  streetB = await makeCaller(t.app, t.db, 'street', { orgUnitId: city.streetB.id });
  companyA = await makeCaller(t.app, t.db, 'company', { companyId: city.companyA.id });
  companyB = await makeCaller(t.app, t.db, 'company', { companyId: city.companyB.id });
  resident = await makeCaller(t.app, t.db, 'resident', { ownerId: owner.id });
});
afterAll(() => t.close());

const base = () => ({
  estateId: city.estateA.id,
  kind: 'problem',
  category: 'pm.elevator.fault',
  title: '3号楼电梯停运',
  description: '3号楼2单元电梯停运两天',
  source: 'hotline',
  urgency: 'normal',
  reporter: { name: '陈居民', phone: '13812345678' },
});

async function newIssue(extra: Record<string, unknown> = {}, by: Caller = community) {
  const r = await by.post('/api/v1/issues', { ...base(), ...extra });
  if (r.statusCode !== 201) throw new Error(r.body);
  return r.json();
}
async function act(id: string, body: Record<string, unknown>, by: Caller = city.admin) {
  return by.post(`/api/v1/issues/${id}/actions`, body);
}
const must = async (p: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
  const r = await p;
  if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`);
  return r.json() as Record<string, unknown>;
};

const handlerA = () => ({ kind: 'company', id: city.companyA.id });

/** Drives a fresh issue to a status through allowed actions. */
async function issueIn(status: IssueStatus) {
  const i = await newIssue();
  const path: Record<string, Record<string, unknown>[]> = {
    submitted: [],
    accepted: [{ action: 'accept' }],
    assigned: [{ action: 'accept' }, { action: 'assign', handler: handlerA() }],
    in_progress: [{ action: 'accept' }, { action: 'assign', handler: handlerA() }, { action: 'start' }],
    resolved: [
      { action: 'accept' },
      { action: 'assign', handler: handlerA() },
      { action: 'start' },
      { action: 'resolve', note: '已修复' },
    ],
    closed: [
      { action: 'accept' },
      { action: 'assign', handler: handlerA() },
      { action: 'start' },
      { action: 'resolve', note: '已修复' },
      { action: 'confirm', rating: 'satisfied', returnVisit: true },
    ],
    rejected: [{ action: 'reject', note: '不属于受理范围' }],
    merged: [{ action: 'merge', mergedIntoId: (await newIssue()).id }],
  };
  for (const b of path[status]) await must(act(i.id, b));
  return i.id as string;
}

const bodyFor = async (action: string) => {
  switch (action) {
    case 'assign':
      return { action, handler: handlerA() };
    case 'resolve':
      return { action, note: '已修复' };
    case 'reject':
      return { action, note: '理由' };
    case 'merge':
      return { action, mergedIntoId: (await newIssue()).id };
    case 'confirm':
      return { action, rating: 'satisfied', returnVisit: true };
    default:
      return { action };
  }
};

describe('R-11 lifecycle', () => {
  it('R-10: intake returns the code, the community level and both deadlines', async () => {
    setClock('2026-11-27T10:00:00+08:00'); // a Friday
    const i = await newIssue();
    expect(i).toMatchObject({ status: 'submitted', level: 'community', overdue: false });
    expect(i.code).toMatch(/^SQ-2026-\d{6}$/);
    expect(i.acceptDueAt).toBe('2026-11-30T15:59:59.000Z');
    expect(i.resolveDueAt).toBe('2026-12-02T15:59:59.000Z');
    const urgent = await newIssue({ urgency: 'urgent' });
    expect(urgent.resolveDueAt).toBe('2026-11-28T02:00:00.000Z');
    const complex = await newIssue({ urgency: 'complex' });
    expect(complex.resolveDueAt).toBe('2026-12-18T15:59:59.000Z');
  });

  it('R-13: staff give the original reporting time; never in the future; residents cannot', async () => {
    setClock('2026-11-27T10:00:00+08:00');
    const paper = await newIssue({ source: 'comment_box', reportedAt: '2026-11-20T09:00:00+08:00' });
    expect(paper.reportedAt).toBe('2026-11-20T01:00:00.000Z');
    expect(paper.acceptDueAt).toBe('2026-11-23T15:59:59.000Z');
    const future = await community.post('/api/v1/issues', { ...base(), reportedAt: '2026-12-20T09:00:00+08:00' });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].path).toBe('reportedAt');
    const portal = await resident.post('/api/v1/issues', {
      ...base(),
      source: 'portal',
      reporter: undefined,
      reportedAt: '2026-11-20T09:00:00+08:00',
    });
    expect(portal.statusCode).toBe(400);
  });

  it('R-10: intake refuses a non-leaf category and an unknown estate, naming the fields', async () => {
    const r = await community.post('/api/v1/issues', { ...base(), category: 'pm.elevator', estateId: city.estateB.id });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.map((e: { path: string }) => e.path)).toEqual(['estateId']);
    const r2 = await community.post('/api/v1/issues', { ...base(), category: 'pm.elevator' });
    expect(r2.json().errors.map((e: { path: string }) => e.path)).toEqual(['category']);
  });

  it('R-10: intake answers exactly what reading the issue back gives, for every kind of caller', async () => {
    setClock('2026-11-27T10:00:00+08:00');
    const detail = async (id: string, by: Caller) => {
      // The detail adds the history and the category path to the issue's shape.
      const {
        history: _h,
        categoryPath: _p,
        ...issue
      } = (await must(by.get(`/api/v1/issues/${id}`))) as Record<string, unknown>;
      return issue;
    };
    const hotline = await newIssue();
    expect(hotline).toEqual(await detail(hotline.id, community));
    const anonymous = await newIssue({ anonymous: true, dwellingId });
    expect(anonymous).toEqual(await detail(anonymous.id, community));
    const own = await newIssue({ source: 'portal', reporter: undefined, dwellingId }, resident);
    expect(own.reporter).toEqual({ name: '陈居民', phone: '138****5678' });
    expect(own).toEqual(await detail(own.id, resident));
    const byAdmin = await newIssue({}, city.admin);
    expect(byAdmin).toEqual(await detail(byAdmin.id, city.admin));
  });

  it('R-10: concurrent intakes are written together: consecutive codes, each with its history and audit entry', async () => {
    setClock('2026-11-27T10:00:00+08:00');
    const res = await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => community.post('/api/v1/issues', { ...base(), title: `并发登记${i}` })),
      // Out of the community's scope, in the same turn: refused alone, the others unaffected.
      community.post('/api/v1/issues', { ...base(), estateId: city.estateB.id }),
    ]);
    const out = res.pop();
    expect(out?.statusCode).toBe(400);
    expect(out?.json().errors.map((e: { path: string }) => e.path)).toEqual(['estateId']);
    expect(res.map((r) => r.statusCode)).toEqual(res.map(() => 201));
    const issues = res.map((r) => r.json() as { id: string; code: string; title: string });
    // No number drawn twice or thrown away: a batch that failed and fell back to one by one would leave gaps.
    const numbers = issues.map((i) => Number(i.code.slice(-6))).sort((x, y) => x - y);
    expect(numbers.at(-1)! - numbers[0]).toBe(numbers.length - 1);
    for (const i of issues) {
      const [h] = await rows<{ n: number }>(
        t.db,
        sql`select count(*)::int as n from issue_history where issue_id = ${i.id} and action = 'submit'`,
      );
      const [a] = await rows<{ code: string; title: string }>(
        t.db,
        sql`select after->>'code' as code from audit_log where entity = 'issue' and entity_id = ${i.id}`,
      );
      expect([h.n, a.code]).toEqual([1, i.code]);
    }
  });

  it('R-10: a category edit reaches intake at once (the cached tree is dropped)', async () => {
    const put = (active: boolean) =>
      city.admin.put('/api/v1/issue-categories/pm.elevator.test', {
        parentCode: 'pm.elevator',
        name: '测试分类',
        nameEn: 'Test category',
        active,
      });
    // Warm the cache, then add a leaf: usable straight away.
    await newIssue();
    expect((await put(true)).statusCode).toBe(200);
    expect((await newIssue({ category: 'pm.elevator.test' })).category).toBe('pm.elevator.test');
    expect((await put(false)).statusCode).toBe(200);
    const r = await community.post('/api/v1/issues', { ...base(), category: 'pm.elevator.test' });
    expect(r.json().errors.map((e: { path: string }) => e.path)).toEqual(['category']);
  });

  it('R-10: the admin tree gives every category with its own active flag; intake sees only active ones', async () => {
    type Node = { code: string; active?: boolean; children: Node[] };
    const find = (list: Node[], code: string): Node | undefined => {
      for (const n of list) {
        if (n.code === code) return n;
        const hit = find(n.children, code);
        if (hit) return hit;
      }
    };
    const put = (code: string, parentCode: string, active: boolean) =>
      city.admin.put(`/api/v1/issue-categories/${code}`, { parentCode, name: code, nameEn: code, active });
    expect((await put('pm.flagtest', 'pm', false)).statusCode).toBe(200);
    expect((await put('pm.flagtest.leaf', 'pm.flagtest', true)).statusCode).toBe(200);
    const all = (await city.admin.get('/api/v1/issue-categories?all=true')).json() as Node[];
    expect(find(all, 'pm.flagtest')?.active).toBe(false);
    // A child keeps its own flag under an unused parent (the admin page edits it as it is).
    expect(find(all, 'pm.flagtest.leaf')?.active).toBe(true);
    expect(find(all, 'pm.elevator')?.active).toBe(true);
    const live = (await community.get('/api/v1/issue-categories')).json() as Node[];
    expect(find(live, 'pm.flagtest')).toBeUndefined();
    expect(find(live, 'pm.flagtest.leaf')).toBeUndefined();
  });

  for (const status of ISSUE_STATUSES) {
    it(`R-11: from ${status}, exactly the actions of the transition table are allowed (others 409)`, async () => {
      setClock('2026-11-02T09:00:00+08:00');
      for (const action of ISSUE_ACTIONS) {
        const id = await issueIn(status);
        const r = await act(id, await bodyFor(action));
        const allowed = !!ISSUE_TRANSITIONS[status][action];
        expect(r.statusCode, `${status} --${action}--> ${r.body}`).toBe(allowed ? 200 : 409);
        if (allowed && action !== 'escalate') expect(r.json().status).toBe(ISSUE_TRANSITIONS[status][action]);
      }
    });
  }

  it('R-11: every step is in the history with actor, time and note, and in the audit chain', async () => {
    const id = await issueIn('closed');
    const d = (await city.admin.get(`/api/v1/issues/${id}`)).json();
    expect(d.history.map((h: { action: string }) => h.action)).toEqual([
      'submit',
      'accept',
      'assign',
      'start',
      'resolve',
      'confirm',
    ]);
    expect(d.history[4]).toMatchObject({
      fromStatus: 'in_progress',
      toStatus: 'resolved',
      note: '已修复',
      actorId: city.admin.accountId,
    });
    const log = (await city.admin.get(`/api/v1/audit?entity=issue&entityId=${id}`)).json();
    expect(log.items.map((e: { action: string }) => e.action).reverse()).toEqual([
      'create',
      'accept',
      'assign',
      'start',
      'resolve',
      'confirm',
    ]);
    expect((await city.admin.post('/api/v1/audit/verify')).json().ok).toBe(true);
  });

  it('R-11: the history says what each step decided: handlers by name, rating, new level, merge target', async () => {
    const i = await newIssue();
    for (const b of [
      { action: 'accept' },
      { action: 'escalate', note: '需街道协调' },
      { action: 'assign', handler: handlerA(), assistants: [{ kind: 'org_unit', id: city.commA1.id }] },
      { action: 'start' },
      { action: 'resolve', note: '已修复' },
      { action: 'confirm', rating: 'basically_satisfied', returnVisit: true },
    ])
      await must(act(i.id, b));
    const h = (await city.admin.get(`/api/v1/issues/${i.id}`)).json().history as Record<string, unknown>[];
    const step = (action: string) => h.find((x) => x.action === action)!;
    expect(step('submit').data).toBeUndefined();
    expect(step('escalate').data).toEqual({ toLevel: 'street' });
    expect(step('assign').data).toEqual({
      handlers: [
        { kind: 'company', id: city.companyA.id, name: '红星物业服务有限公司', role: 'lead' },
        { kind: 'org_unit', id: city.commA1.id, name: '幸福社区', role: 'assist' },
      ],
    });
    expect(step('confirm').data).toEqual({ rating: 'basically_satisfied', returnVisit: true });
    const dup = await newIssue();
    await must(act(dup.id, { action: 'merge', mergedIntoId: i.id }));
    const m = (await city.admin.get(`/api/v1/issues/${dup.id}`)).json().history.at(-1);
    expect(m).toMatchObject({ action: 'merge', data: { mergedIntoCode: i.code } });
  });

  it('R-11: lead and assisting handlers; the company resolves what is assigned to it', async () => {
    const i = await newIssue();
    await must(act(i.id, { action: 'accept' }, community));
    const a = await must(
      act(
        i.id,
        { action: 'assign', handler: handlerA(), assistants: [{ kind: 'org_unit', id: city.commA1.id }] },
        community,
      ),
    );
    expect((a.handlers as { role: string; name: string }[]).map((h) => `${h.role}:${h.name}`)).toEqual([
      `lead:${city.companyA.name}`,
      'assist:幸福社区',
    ]);
    expect((await act(i.id, { action: 'start' }, companyB)).statusCode).toBe(404);
    expect((await act(i.id, { action: 'accept' }, companyA)).statusCode).toBe(409);
    await must(act(i.id, { action: 'start' }, companyA));
    const noNote = await act(i.id, { action: 'resolve' }, companyA);
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().errors[0].path).toBe('note');
    const done = await must(act(i.id, { action: 'resolve', note: '更换主板，恢复运行' }, companyA));
    expect(done.status).toBe('resolved');
  });

  it('R-11, R-14: the reporter rates; unsatisfied reopens and counts; satisfied closes off', async () => {
    const i = (
      await resident.post('/api/v1/issues', { ...base(), source: 'portal', reporter: undefined, dwellingId })
    ).json();
    expect(i.reporter).toEqual({ name: '陈居民', phone: '138****5678' });
    for (const b of [
      { action: 'accept' },
      { action: 'assign', handler: handlerA() },
      { action: 'start' },
      { action: 'resolve', note: '已处理' },
    ])
      await must(act(i.id, b));
    const un = await must(act(i.id, { action: 'confirm', rating: 'unsatisfied', note: '还是坏的' }, resident));
    expect(un).toMatchObject({ status: 'in_progress', reopenCount: 1, rating: 'unsatisfied' });
    await must(act(i.id, { action: 'resolve', note: '再次维修' }));
    const ok = await must(act(i.id, { action: 'confirm', rating: 'satisfied' }, resident));
    expect(ok).toMatchObject({ status: 'closed', closeReason: 'rated', rating: 'satisfied', reopenCount: 1 });
  });

  it('R-14: staff recording a rating must mark it as a phone return visit', async () => {
    const id = await issueIn('resolved');
    const r = await act(id, { action: 'confirm', rating: 'satisfied' });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].path).toBe('returnVisit');
  });

  it('R-11: an anonymous issue is closed by the community without a rating', async () => {
    const i = await newIssue({ anonymous: true, reporter: undefined });
    expect(i.reporter).toBeNull();
    for (const b of [
      { action: 'accept' },
      { action: 'assign', handler: handlerA() },
      { action: 'start' },
      { action: 'resolve', note: '已处理' },
    ])
      await must(act(i.id, b));
    expect((await act(i.id, { action: 'confirm', rating: 'satisfied' }, community)).statusCode).toBe(400);
    const c = await must(act(i.id, { action: 'confirm' }, community));
    expect(c).toMatchObject({ status: 'closed', closeReason: 'community_confirmed', rating: null });
  });
});

describe('R-11, R-14 who hears of an outcome', () => {
  type Note = { id: string; kind: string; title: string; body: string; params: Record<string, unknown> | null };
  const notes = async (c: Caller, id: string) =>
    ((await c.get('/api/v1/notifications')).json().items as (Note & { entityId: string })[]).filter(
      (n) => n.entityId === id,
    );
  const smsFor = (id: string) =>
    rows<{ phone: string; text: string }>(t.db, sql`select phone, text from sms_outbox where entity_id = ${id}`);
  const toResolved = async (id: string) => {
    for (const b of [
      { action: 'accept' },
      { action: 'assign', handler: handlerA() },
      { action: 'start' },
      { action: 'resolve', note: '已处理' },
    ])
      await must(act(id, b));
  };

  it('R-14: the resident hears the issue is resolved; an unsatisfied rating goes back to the lead handler', async () => {
    const i = (
      await resident.post('/api/v1/issues', { ...base(), source: 'portal', reporter: undefined, dwellingId })
    ).json();
    await toResolved(i.id);
    const assigned = (await notes(companyA, i.id)).filter((n) => n.kind === 'issue_assigned');
    expect(assigned).toHaveLength(1);
    expect(assigned[0].params).toMatchObject({ code: i.code, title: i.title, due: expect.any(String) });
    const [resolved] = await notes(resident, i.id);
    expect(resolved).toMatchObject({
      kind: 'issue_resolved',
      title: `诉求已办结 ${i.code}`,
      body: `您反映的「${i.title}」已办结，请确认并评价`,
      params: { code: i.code, title: i.title },
    });
    // A resident with an account is told in the app, not by text message.
    expect(await smsFor(i.id)).toEqual([]);
    await must(act(i.id, { action: 'confirm', rating: 'unsatisfied', note: '还是坏的' }, resident));
    const reopened = (await notes(companyA, i.id)).filter((n) => n.kind === 'issue_reopened');
    expect(reopened).toHaveLength(1);
    expect(reopened[0].params?.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('R-14: a reporter known by phone only gets a text message; an anonymous one hears nothing', async () => {
    const i = await newIssue();
    await toResolved(i.id);
    expect(await smsFor(i.id)).toEqual([
      { phone: '13812345678', text: `【红色物业】诉求已办结 ${i.code}：您反映的「${i.title}」已办结，社区将电话回访` },
    ]);
    const anon = await newIssue({ anonymous: true, reporter: undefined });
    await toResolved(anon.id);
    expect(await smsFor(anon.id)).toEqual([]);
  });

  it('R-11: the resident hears why an issue was not accepted, and which issue it was merged into', async () => {
    const report = async () =>
      (await resident.post('/api/v1/issues', { ...base(), source: 'portal', reporter: undefined, dwellingId })).json();
    const a = await report();
    await must(act(a.id, { action: 'reject', note: '属于业主家中自用设施' }));
    expect((await notes(resident, a.id))[0]).toMatchObject({
      kind: 'issue_rejected',
      params: { code: a.code, reason: '属于业主家中自用设施' },
      body: `您反映的「${a.title}」不予受理：属于业主家中自用设施`,
    });
    const b = await report();
    const into = await newIssue();
    await must(act(b.id, { action: 'merge', mergedIntoId: into.id }));
    expect((await notes(resident, b.id))[0]).toMatchObject({ kind: 'issue_merged', params: { intoCode: into.code } });
  });

  it("R-01: a handler's notices reach its staff, not a volunteer bound to the same community", async () => {
    const volunteer = await makeCaller(t.app, t.db, 'volunteer', { orgUnitId: city.commA1.id });
    const i = await newIssue();
    await must(act(i.id, { action: 'accept' }));
    await must(act(i.id, { action: 'assign', handler: { kind: 'org_unit', id: city.commA1.id } }));
    expect((await notes(community, i.id)).map((n) => n.kind)).toEqual(['issue_assigned']);
    expect(await notes(volunteer, i.id)).toEqual([]);
  });

  it('R-17: an anonymous resident is told the community will close it off, and stays hidden if they reopen', async () => {
    const i = (
      await resident.post('/api/v1/issues', {
        ...base(),
        source: 'portal',
        reporter: undefined,
        anonymous: true,
        dwellingId,
      })
    ).json();
    await toResolved(i.id);
    const [n] = await notes(resident, i.id);
    expect(n).toMatchObject({ kind: 'issue_resolved_anonymous', body: expect.stringContaining('社区将确认销号') });
    await must(act(i.id, { action: 'reopen', note: '还没修好' }, resident));
    const h = (await community.get(`/api/v1/issues/${i.id}`)).json().history;
    const reopen = h.find((x: { action: string }) => x.action === 'reopen');
    expect(reopen).toMatchObject({ actorId: null, actorName: null, note: '还没修好' });
    expect(JSON.stringify(h)).not.toContain(resident.accountId);
  });

  it("marking all read touches only the caller's notifications, once, in the audit chain", async () => {
    const i = (
      await resident.post('/api/v1/issues', { ...base(), source: 'portal', reporter: undefined, dwellingId })
    ).json();
    await toResolved(i.id);
    const before = (await resident.get('/api/v1/notifications')).json();
    expect(before.unread).toBeGreaterThan(0);
    const companyUnread = (await companyA.get('/api/v1/notifications')).json().unread;
    const r = await resident.post('/api/v1/notifications/read-all');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ updated: before.unread });
    expect((await resident.get('/api/v1/notifications')).json().unread).toBe(0);
    expect((await resident.get('/api/v1/notifications?unread=true')).json().items).toEqual([]);
    expect((await companyA.get('/api/v1/notifications')).json().unread).toBe(companyUnread);
    expect((await resident.post('/api/v1/notifications/read-all')).json()).toEqual({ updated: 0 });
    const entries = await rows<{ after: { count: number } }>(
      t.db,
      sql`select after from audit_log where action = 'read_all' and entity = 'notification'`,
    );
    expect(entries.map((e) => e.after.count)).toEqual([before.unread]);
  });
});

describe('R-17 privacy and R-01 scope', () => {
  it('R-17: the accepting community sees the phone; others see it masked; anonymous never shows the reporter', async () => {
    const i = await newIssue();
    await must(act(i.id, { action: 'accept' }, community));
    await must(act(i.id, { action: 'assign', handler: handlerA() }, community));
    expect((await community.get(`/api/v1/issues/${i.id}`)).json().reporter.phone).toBe('13812345678');
    expect((await city.admin.get(`/api/v1/issues/${i.id}`)).json().reporter.phone).toBe('13812345678');
    expect((await street.get(`/api/v1/issues/${i.id}`)).json().reporter.phone).toBe('138****5678');
    expect((await companyA.get(`/api/v1/issues/${i.id}`)).json().reporter.phone).toBe('138****5678');
    const anon = (
      await resident.post('/api/v1/issues', { ...base(), source: 'portal', reporter: undefined, anonymous: true })
    ).json();
    const seen = (await community.get(`/api/v1/issues/${anon.id}`)).json();
    expect(seen.reporter).toBeNull();
    expect(seen.history[0].actorId).toBeNull();
    expect(JSON.stringify(seen)).not.toContain('陈居民');
  });

  it('R-01: a company sees only issues assigned to it; a street only its street; a resident only its own', async () => {
    const mine = await newIssue({ title: '仅A公司可见' });
    await must(act(mine.id, { action: 'accept' }));
    await must(act(mine.id, { action: 'assign', handler: handlerA() }));
    const other = await newIssue({ title: '未派单' });
    const aList = (await companyA.get('/api/v1/issues?pageSize=200')).json();
    expect(aList.items.map((i: { id: string }) => i.id)).toContain(mine.id);
    expect(aList.items.map((i: { id: string }) => i.id)).not.toContain(other.id);
    expect((await companyB.get(`/api/v1/issues/${mine.id}`)).statusCode).toBe(404);
    expect((await companyB.get('/api/v1/issues?pageSize=200')).json().total).toBe(0);
    expect((await streetB.get(`/api/v1/issues/${mine.id}`)).statusCode).toBe(404);
    expect((await streetB.get('/api/v1/ledgers/community?pageSize=200')).json().total).toBe(0);
    expect((await streetB.get('/api/v1/stats/issues')).json().collected).toBe(0);
    const own = (await resident.get('/api/v1/issues?pageSize=200')).json();
    expect(own.items.every((i: { source: string }) => i.source === 'portal')).toBe(true);
    expect((await resident.get(`/api/v1/issues/${other.id}`)).statusCode).toBe(404);
  });
});

describe('R-12, R-13 escalation and the deadlines job', () => {
  it('R-12: community → street → district when deadlines pass; idempotent; flagged at district; contacts notified', async () => {
    const leader = await makeCaller(t.app, t.db, 'bureau', { orgUnitId: city.zone.id });
    await city.admin.put(`/api/v1/org-units/${city.commA2.id}/five-to-one`, {
      districtLeader: { name: '王区长', phone: '13900000009', accountId: leader.accountId },
      liaisonUnit: { name: '区住建局' },
      unitPrincipal: { name: '刘局长', phone: '13900000008' },
      streetContact: { name: '赵主任', accountId: street.accountId },
      liaisonCadre: { name: '孙干部', phone: '13900000007' },
    });
    setClock('2026-11-02T09:00:00+08:00'); // Monday
    const i = await newIssue({ estateId: city.estateA2.id, category: 'community.welfare.elderly' }, city.admin);
    expect(i.resolveDueAt).toBe('2026-11-05T15:59:59.000Z');
    const run = () => city.admin.post('/api/v1/admin/jobs/deadlines/run');
    setClock('2026-11-05T23:00:00+08:00');
    expect((await run()).json().changed).toBe(0);
    setClock('2026-11-06T00:30:00+08:00');
    expect((await run()).json()).toMatchObject({ job: 'deadlines', escalated: expect.any(Number) });
    let d = (await city.admin.get(`/api/v1/issues/${i.id}`)).json();
    expect(d).toMatchObject({ level: 'street', overdue: true, resolveDueAt: '2026-11-11T15:59:59.000Z' });
    expect((await run()).json().changed).toBe(0);
    const notes = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/notifications',
        headers: { authorization: `Bearer ${leader.token}` },
      })
    ).json();
    expect(notes.items[0]).toMatchObject({ kind: 'issue_overdue', entityId: i.id });
    const sms = await rows<{ phone: string }>(
      t.db,
      sql`select phone from sms_outbox where entity_id = ${i.id} order by phone`,
    );
    expect(sms.map((s) => s.phone)).toEqual(['13900000007', '13900000008', '13900000009']);
    const streetLedger = (await street.get('/api/v1/ledgers/street?pageSize=200')).json();
    expect(streetLedger.items.map((x: { id: string }) => x.id)).toContain(i.id);
    const communityLedger = (await community.get('/api/v1/ledgers/community?pageSize=200')).json();
    expect(communityLedger.items.map((x: { id: string }) => x.id)).not.toContain(i.id);
    setClock('2026-11-12T00:30:00+08:00');
    await run();
    d = (await city.admin.get(`/api/v1/issues/${i.id}`)).json();
    expect(d).toMatchObject({ level: 'district', overdue: true, resolveDueAt: '2026-11-17T15:59:59.000Z' });
    // Days overdue count from the first missed deadline (11-05 23:59:59), not from the escalation's new one.
    expect(d.daysOverdue).toBe(7);
    setClock('2026-11-18T00:30:00+08:00');
    await run();
    d = (await city.admin.get(`/api/v1/issues/${i.id}`)).json();
    expect(d).toMatchObject({ level: 'district', overdue: true, daysOverdue: 13 });
    expect(d.history.map((h: { action: string }) => h.action)).toEqual(['submit', 'auto_escalate', 'auto_escalate']);
    expect(d.history.map((h: { data?: { toLevel?: string } }) => h.data?.toLevel)).toEqual([
      undefined,
      'street',
      'district',
    ]);
    expect((await run()).json().changed).toBe(0);
    expect((await act(i.id, { action: 'escalate' })).statusCode).toBe(409);
    expect((await street.get(`/api/v1/issues/${i.id}`)).json().allowedActions).not.toContain('accept');
  });

  it('R-11: resolved issues auto-close after 7 days without an answer, as "no answer"', async () => {
    setClock('2026-11-02T09:00:00+08:00');
    const id = await issueIn('resolved');
    setClock('2026-11-09T08:59:00+08:00');
    await city.admin.post('/api/v1/admin/jobs/deadlines/run');
    expect((await city.admin.get(`/api/v1/issues/${id}`)).json().status).toBe('resolved');
    setClock('2026-11-09T09:00:00+08:00');
    await city.admin.post('/api/v1/admin/jobs/deadlines/run');
    expect((await city.admin.get(`/api/v1/issues/${id}`)).json()).toMatchObject({
      status: 'closed',
      closeReason: 'no_answer',
      rating: null,
    });
  });

  it('only the admin runs jobs; unknown jobs are 404', async () => {
    expect((await community.post('/api/v1/admin/jobs/deadlines/run')).statusCode).toBe(403);
    expect((await city.admin.post('/api/v1/admin/jobs/nope/run')).statusCode).toBe(404);
  });
});

describe('issue lists: filters and sort', () => {
  const tag = 'SORTTAG';
  let made: { id: string; code: string }[] = [];
  const list = async (query: string, by: Caller = city.admin) => {
    const r = await by.get(`/api/v1/issues?q=${tag}&pageSize=200&${query}`);
    if (r.statusCode !== 200) throw new Error(r.body);
    return r.json().items as {
      id: string;
      code: string;
      kind: string;
      urgency: string;
      status: string;
      level: string;
    }[];
  };

  beforeAll(async () => {
    made = [];
    for (const [kind, urgency] of [
      ['repair', 'urgent'],
      ['suggestion', 'normal'],
      ['repair', 'normal'],
      ['complaint', 'complex'],
    ])
      made.push(await newIssue({ kind, urgency, title: `${tag} ${kind} ${urgency}` }));
  });

  it('kind, urgency and level filters', async () => {
    expect((await list('kind=repair')).map((i) => i.id).sort()).toEqual([made[0].id, made[2].id].sort());
    expect((await list('urgency=normal')).map((i) => i.id).sort()).toEqual([made[1].id, made[2].id].sort());
    await must(act(made[3].id, { action: 'accept' }));
    await must(act(made[3].id, { action: 'escalate', note: '需街道协调' }));
    for (const b of [
      { action: 'assign', handler: handlerA() },
      { action: 'start' },
      { action: 'resolve', note: '已协调处理' },
      { action: 'confirm', rating: 'satisfied', returnVisit: true },
    ])
      await must(act(made[3].id, b));
    // The level filter of a list keeps closed-off issues (a ledger shows only open ones).
    expect((await list('level=street')).map((i) => i.id)).toEqual([made[3].id]);
    expect((await list('level=community')).map((i) => i.id)).not.toContain(made[3].id);
    const ledger = (await city.admin.get(`/api/v1/ledgers/street?q=${tag}`)).json();
    expect(ledger.items).toEqual([]);
  });

  it('sort=code and sort=-code; without sort the ledger order', async () => {
    const codes = made.map((m) => m.code).sort();
    expect((await list('sort=code')).map((i) => i.code)).toEqual(codes);
    expect((await list('sort=-code')).map((i) => i.code)).toEqual([...codes].reverse());
    // Empty values last in both directions: the one resolved issue (closed in the test above) leads either way.
    expect((await list('sort=-resolvedAt')).map((i) => i.id)[0]).toBe(made[3].id);
    expect((await list('sort=resolvedAt')).map((i) => i.id)[0]).toBe(made[3].id);
    // Default: the urgent one (nearest deadline) comes before the normal ones.
    expect((await list('')).map((i) => i.id).indexOf(made[0].id)).toBe(0);
  });

  it('equal sort keys keep id order, so pages never repeat or skip a row', async () => {
    const all = await list('sort=status');
    const paged: string[] = [];
    for (let page = 1; page <= all.length; page++) {
      const r = (await city.admin.get(`/api/v1/issues?q=${tag}&sort=status&pageSize=1&page=${page}`)).json();
      paged.push(r.items[0].id);
    }
    expect(paged).toEqual(all.map((i) => i.id));
    const submitted = all.filter((i) => i.status === 'submitted').map((i) => i.id);
    expect(submitted).toEqual([...submitted].sort());
    // Statuses in lifecycle order: the open (submitted) ones before the closed one, although 'closed' < 'submitted'.
    expect(all.map((i) => i.status)).toEqual([...submitted.map(() => 'submitted'), 'closed']);
    expect((await list('sort=-status')).map((i) => i.status)[0]).toBe('closed');
  });

  it('an unknown sort field is a 400 naming sort', async () => {
    const r = await city.admin.get('/api/v1/issues?sort=reporterPhone');
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].path).toBe('querystring.sort');
  });

  it('R-16: the Excel ledger follows the sort of the page', async () => {
    const r = await city.admin.get(`/api/v1/ledgers/community?q=${tag}&sort=-code&format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    const ws = wb.worksheets[0];
    const codes: string[] = [];
    for (let i = 2; i <= ws.rowCount; i++) codes.push(String(ws.getRow(i).getCell(2).value));
    const page = (await city.admin.get(`/api/v1/ledgers/community?q=${tag}&sort=-code`)).json();
    expect(codes).toEqual(page.items.map((i: { code: string }) => i.code));
    expect(codes).toEqual([...codes].sort().reverse());
  });

  it("R-01: a sorted list stays inside the caller's scope", async () => {
    expect(await list('sort=code', streetB)).toEqual([]);
  });
});

describe('R-16 ledger export', () => {
  it('R-16: the Excel ledger has the usual columns', async () => {
    const r = await city.admin.get('/api/v1/ledgers/community?format=xlsx');
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual([
      '序号',
      '诉求编号',
      '小区',
      '类别',
      '内容',
      '来源',
      '受理时间',
      '责任单位',
      '办理时限',
      '状态',
      '办结时间',
      '满意度',
    ]);
    const total = (await city.admin.get('/api/v1/ledgers/community?pageSize=1')).json().total;
    expect(ws.rowCount - 1).toBe(total);
  });
});

describe('R-13 an issue escalated by hand to district', () => {
  it('R-13: is flagged (not escalated further) when its district deadline passes', async () => {
    setClock('2026-11-02T09:00:00+08:00');
    const i = await newIssue();
    await must(act(i.id, { action: 'escalate', note: '涉及多部门' }));
    const d1 = await must(act(i.id, { action: 'escalate' }));
    expect(d1).toMatchObject({ level: 'district', overdue: false, resolveDueAt: '2026-11-05T15:59:59.000Z' });
    setClock('2026-11-06T00:30:00+08:00');
    await city.admin.post('/api/v1/admin/jobs/deadlines/run');
    const d = (await city.admin.get(`/api/v1/issues/${i.id}`)).json();
    expect(d).toMatchObject({ level: 'district', overdue: true });
    expect(d.history.map((h: { action: string }) => h.action)).toEqual([
      'submit',
      'escalate',
      'escalate',
      'flag_overdue',
    ]);
  });
});
