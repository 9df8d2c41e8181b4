import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/db';
import { buildCity, type Caller, makeCaller } from '../../../test/fixtures';
import { committees, dwellings, estates } from '../../db/schema';

let t: Awaited<ReturnType<typeof testApp>>;
let city: Awaited<ReturnType<typeof buildCity>>;
let community: Caller;
let estateId: string;

beforeAll(async () => {
  t = await testApp({ now: () => new Date('2026-12-01T10:00:00+08:00') });
  city = await buildCity(t.app, t.db);
  community = await makeCaller(t.app, t.db, 'community', { orgUnitId: city.commA1.id });
  estateId = city.estateA.id;
  for (let i = 1; i <= 4; i++)
    city.ok(
      await city.admin.post(`/api/v1/estates/${estateId}/dwellings`, {
        building: '1',
        number: String(i),
        areaM2: '90.00',
        delivered: i <= 2,
      }),
    );
});
afterAll(() => t.close());

const put = (body: Record<string, unknown>, by: Caller = community) =>
  by.put(`/api/v1/estates/${estateId}/committee`, body);
const group = (owners: number, others: number) => [
  ...Array.from({ length: owners }, (_, i) => ({ name: `业主代表${i + 1}`, side: 'owner' })),
  ...Array.from({ length: others }, (_, i) => ({ name: `其他${i + 1}`, side: i % 2 ? 'street' : 'community' })),
];
const members = (n: number, directors = 1) =>
  Array.from({ length: n }, (_, i) => ({
    name: `委员${i + 1}`,
    role: i < directors ? 'director' : i === directors ? 'deputy' : 'member',
    partyMember: i % 5 !== 4,
  }));

describe('R-40 committee establishment', () => {
  it('R-40: required when ≥ 50% of dwellings are delivered and the mode is not none (exactly half counts)', async () => {
    const r = (await community.get(`/api/v1/estates/${estateId}/committee`)).json();
    expect(r).toMatchObject({ stage: 'none', required: true });
    const unmanaged = (await city.admin.get(`/api/v1/estates/${city.estateA2.id}/committee`)).json();
    expect(unmanaged.required).toBe(false);
  });

  it('R-40: skipping a stage answers 409', async () => {
    const r = await put({ stage: 'announced', announcedAt: '2026-10-01', firstMeetingAt: '2026-10-20' });
    expect(r.statusCode).toBe(409);
  });

  it('R-40: the preparatory group is odd, with owners at least half', async () => {
    const even = await put({ stage: 'preparing', preparatoryGroup: group(2, 2), formedAt: '2026-09-01' });
    expect(even.statusCode).toBe(400);
    expect(even.json().errors[0]).toMatchObject({ path: 'preparatoryGroup', message: expect.stringContaining('单数') });
    const fewOwners = await put({ stage: 'preparing', preparatoryGroup: group(2, 3), formedAt: '2026-09-01' });
    expect(fewOwners.statusCode).toBe(400);
    expect(fewOwners.json().errors[0].message).toContain('一半');
    const ok = await put({ stage: 'preparing', preparatoryGroup: group(3, 2), formedAt: '2026-09-01' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().stage).toBe('preparing');
  });

  it('R-40: the first meeting is announced at least 15 days ahead (exactly 15 is enough)', async () => {
    const short = await put({ stage: 'announced', announcedAt: '2026-10-01', firstMeetingAt: '2026-10-15' });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].path).toBe('firstMeetingAt');
    const ok = await put({ stage: 'announced', announcedAt: '2026-10-01', firstMeetingAt: '2026-10-16' });
    expect(ok.statusCode).toBe(200);
  });

  it('R-40: 5–11 members, odd, one director, term at most 5 years', async () => {
    const at = { stage: 'elected', electedAt: '2026-10-16' };
    for (const bad of [members(4), members(6), members(13), members(3)]) {
      const r = await put({ ...at, termYears: 5, members: bad });
      expect(r.statusCode).toBe(400);
      expect(r.json().errors[0].path).toBe('members');
    }
    expect((await put({ ...at, termYears: 5, members: members(5, 2) })).json().errors[0].message).toContain('主任');
    const long = await put({ ...at, termYears: 6, members: members(5) });
    expect(long.json().errors.map((e: { path: string }) => e.path)).toEqual(['termYears']);
    const ok = await put({ ...at, termYears: 5, members: members(5) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      stage: 'elected',
      termEndsOn: '2031-10-16',
      filingDueOn: '2026-11-15',
      partyMemberShare: 0.8,
    });
    expect(ok.json().members.map((m: { role: string }) => m.role)).toEqual([
      'director',
      'deputy',
      'member',
      'member',
      'member',
    ]);
    // Recording the stage again replaces the roster.
    const again = await put({ ...at, termYears: 5, members: members(7) });
    expect(again.json().members).toHaveLength(7);
  });

  it('R-40: a filing after 30 days is accepted but flagged late', async () => {
    const r = await put({ stage: 'filed', filedAt: '2026-11-16', certificateNo: '备2026-018' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ stage: 'filed', filedLate: true, certificateNo: '备2026-018' });
    const onTime = await put({ stage: 'filed', filedAt: '2026-11-15' });
    expect(onTime.json().filedLate).toBe(false);
    expect(
      (await put({ stage: 'elected', electedAt: '2026-10-16', termYears: 5, members: members(5) })).statusCode,
    ).toBe(409);
  });

  it('R-40: a property management committee may act where none exists', async () => {
    const r = await community.put(`/api/v1/estates/${city.estateA.id}/management-committee`, {
      establishedAt: '2026-03-01',
      members: [
        { name: '社区书记', role: '主任' },
        { name: '业主代表', role: '委员' },
      ],
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().managementCommittee.members).toHaveLength(2);
  });

  it('R-01: committee records outside scope are 404', async () => {
    const other = await makeCaller(t.app, t.db, 'community', { orgUnitId: city.commB1.id });
    expect((await other.get(`/api/v1/estates/${estateId}/committee`)).statusCode).toBe(404);
    expect(
      (await other.put(`/api/v1/estates/${estateId}/committee`, { stage: 'filed', filedAt: '2026-11-15' })).statusCode,
    ).toBe(404);
  });
});

describe('R-40 coverage', () => {
  it('R-40: 601 established of 723 required estates → 0.8313, against the yearly target', async () => {
    // A street with 723 required estates (every dwelling delivered) and 40 that are not required (mode none).
    const street = city.ok(
      await city.admin.post('/api/v1/org-units', { name: '覆盖率街道', kind: 'street', parentId: city.district.id }),
    );
    const comm = city.ok(
      await city.admin.post('/api/v1/org-units', { name: '覆盖率社区', kind: 'community', parentId: street.id }),
    );
    const path = `/${city.city.id}/${city.district.id}/${street.id}/${comm.id}/`;
    const es: (typeof estates.$inferInsert)[] = [];
    const ds: (typeof dwellings.$inferInsert)[] = [];
    const cs: (typeof committees.$inferInsert)[] = [];
    for (let i = 0; i < 763; i++) {
      const id = randomUUID();
      const none = i >= 723;
      es.push({ id, name: `小区${i}`, communityId: comm.id, orgPath: path, managementMode: none ? 'none' : 'company' });
      ds.push({ estateId: id, building: '1', number: '1', areaHundredths: 9000, delivered: true });
      const stage = i < 550 ? 'filed' : i < 601 ? 'elected' : i < 650 ? 'announced' : none ? 'elected' : 'none';
      if (stage !== 'none') cs.push({ estateId: id, stage, updatedAt: new Date() });
    }
    await t.db.insert(estates).values(es);
    await t.db.insert(dwellings).values(ds);
    await t.db.insert(committees).values(cs);
    await city.admin.put('/api/v1/settings/governance', {
      requiredMinDeliveredPercent: 50,
      requiredExcludeModes: ['none'],
      coverageTargets: { '2026': 0.85 },
    });
    const s = (await city.admin.get(`/api/v1/stats/committees?orgUnitId=${street.id}`)).json();
    expect(s).toEqual({ required: 723, established: 601, filed: 550, coverage: 601 / 723, target: 0.85, year: 2026 });
    expect(Math.round(s.coverage * 10000) / 10000).toBe(0.8313);
    const missing = (await city.admin.get(`/api/v1/committees?orgUnitId=${street.id}&missing=true`)).json();
    expect(missing.estates).toHaveLength(122);
    expect(missing.streets).toEqual([expect.objectContaining({ name: '覆盖率街道', required: 723, established: 601 })]);
  });
});

describe('R-40 configuration', () => {
  const cfg = {
    requiredMinDeliveredPercent: 60,
    requiredExcludeModes: ['none', 'self'],
    coverageTargets: { '2027': 0.9 },
  };
  const audits = async () =>
    (await city.admin.get('/api/v1/audit?entity=settings&entityId=governance')).json().items.length as number;

  it('R-40: the admin or the city bureau sets the rule and the targets; a district bureau may not (403)', async () => {
    const cityBureau = await makeCaller(t.app, t.db, 'bureau', { orgUnitId: city.city.id });
    const districtBureau = await makeCaller(t.app, t.db, 'bureau', { orgUnitId: city.district.id });
    const before = (await city.admin.get('/api/v1/settings/governance')).json();
    const n = await audits();
    expect((await districtBureau.put('/api/v1/settings/governance', cfg)).statusCode).toBe(403);
    expect((await community.put('/api/v1/settings/governance', cfg)).statusCode).toBe(403);
    expect((await city.admin.get('/api/v1/settings/governance')).json()).toEqual(before);
    const r = await cityBureau.put('/api/v1/settings/governance', cfg);
    expect(r.statusCode, r.body).toBe(200);
    expect((await city.admin.get('/api/v1/settings/governance')).json()).toEqual(cfg);
    expect(await audits()).toBe(n + 1);
  });

  it('R-40: a bad year, a target above 1 or an unknown mode is 400 naming the field, nothing changed', async () => {
    const before = (await city.admin.get('/api/v1/settings/governance')).json();
    const bad = await city.admin.put('/api/v1/settings/governance', {
      requiredMinDeliveredPercent: 101,
      requiredExcludeModes: ['nobody'],
      coverageTargets: { '26': 0.5, '2028': 1.2 },
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual([
      'requiredMinDeliveredPercent',
      'requiredExcludeModes.0',
      'coverageTargets.26',
      'coverageTargets.2028',
    ]);
    expect((await city.admin.get('/api/v1/settings/governance')).json()).toEqual(before);
  });
});
