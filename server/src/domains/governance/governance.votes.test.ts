import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/db';
import { buildCity, type Caller, makeCaller } from '../../../test/fixtures';

/** SPEC R-42 at every boundary, through the HTTP API on a real database, one estate per case. */
let t: Awaited<ReturnType<typeof testApp>>;
let city: Awaited<ReturnType<typeof buildCity>>;
let clock = new Date('2026-12-01T10:00:00+08:00');
let n = 0;

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  city = await buildCity(t.app, t.db);
});
afterAll(() => t.close());

interface Holding {
  owner: string;
  area: string;
  delivered?: boolean;
  kind?: 'person' | 'organization' | 'developer';
}

/** An estate whose dwellings are held as given; returns owner ids by label and a committee caller. */
async function estateWith(holdings: Holding[]) {
  const a = city.admin;
  const estate = city.ok(
    await a.post('/api/v1/estates', { name: `表决小区${++n}`, communityId: city.commA1.id, managementMode: 'self' }),
  );
  const owners: Record<string, string> = {};
  let k = 0;
  for (const h of holdings) {
    if (h.owner && !owners[h.owner])
      owners[h.owner] = city.ok(
        await a.post('/api/v1/owners', { name: `业主${h.owner}`, kind: h.kind ?? 'person' }),
      ).id;
    city.ok(
      await a.post(`/api/v1/estates/${estate.id}/dwellings`, {
        building: '1',
        unit: '1',
        number: String(++k),
        areaM2: h.area,
        delivered: h.delivered ?? true,
        ownerIds: h.owner ? [owners[h.owner]] : [],
      }),
    );
  }
  const committee = await makeCaller(t.app, t.db, 'committee', { estateId: estate.id });
  return { estate, owners, committee };
}

async function meeting(committee: Caller, estateId: string, matters: ('ordinary' | 'major')[] = ['ordinary']) {
  const r = await committee.post(`/api/v1/estates/${estateId}/meetings`, {
    title: '2026年第一次业主大会',
    opensAt: '2026-12-01T08:00:00+08:00',
    closesAt: '2026-12-15T20:00:00+08:00',
    motions: matters.map((matter, i) => ({ title: `议题${i + 1}`, matter })),
  });
  if (r.statusCode !== 201) throw new Error(r.body);
  return r.json();
}

type Choice = 'for' | 'against' | 'abstain';
async function vote(
  committee: Caller,
  m: { id: string; motions: { id: string }[] },
  ownerId: string,
  choice: Choice | Choice[],
) {
  const choices = m.motions.map((x, i) => ({ motionId: x.id, choice: Array.isArray(choice) ? choice[i] : choice }));
  const r = await committee.post(`/api/v1/meetings/${m.id}/ballots`, { ownerId, choices, channel: 'paper' });
  if (r.statusCode !== 201) throw new Error(r.body);
  return r.json();
}
const close = async (committee: Caller, id: string) => {
  const r = await committee.post(`/api/v1/meetings/${id}/close`);
  if (r.statusCode !== 200) throw new Error(r.body);
  return r.json().motions[0];
};

/** Runs a case: holdings, then who votes what, then the first motion's result. */
async function runCase(holdings: Holding[], votes: [string, Choice][], matter: 'ordinary' | 'major' = 'ordinary') {
  const { estate, owners, committee } = await estateWith(holdings);
  const m = await meeting(committee, estate.id, [matter]);
  for (const [o, c] of votes) await vote(committee, m, owners[o], c);
  return close(committee, m.id);
}

describe('R-42 quorum', () => {
  it('R-42: participation exactly 2/3 of the area (and of the headcount) is quorate', async () => {
    const r = await runCase(
      [
        { owner: 'A', area: '100.00' },
        { owner: 'B', area: '100.00' },
        { owner: 'C', area: '100.00' },
      ],
      [
        ['A', 'for'],
        ['B', 'for'],
      ],
    );
    expect(r.participating).toEqual({ areaM2: '200.00', headcount: 2 });
    expect(r.totals).toEqual({ areaM2: '300.00', headcount: 3 });
    expect(r.quorate).toBe(true);
  });

  it('R-42: participation one hundredth of a m² below 2/3 of the area is not quorate', async () => {
    const r = await runCase(
      [
        { owner: 'A', area: '100.00' },
        { owner: 'B', area: '99.99' },
        { owner: 'C', area: '100.01' },
      ],
      [
        ['A', 'for'],
        ['B', 'for'],
      ],
    );
    expect(r.participating).toEqual({ areaM2: '199.99', headcount: 2 });
    expect(r.quorate).toBe(false);
    expect(r.passed).toBe(false);
  });

  it('R-42: headcount exactly 2/3 is quorate', async () => {
    const h: Holding[] = ['A', 'B', 'C', 'D', 'E'].map((o) => ({ owner: o, area: '10.00' }));
    h.push({ owner: 'F', area: '250.00' });
    const r = await runCase(h, [
      ['F', 'for'],
      ['A', 'for'],
      ['B', 'for'],
      ['C', 'for'],
    ]);
    expect(r.participating.headcount).toBe(4);
    expect(r.totals.headcount).toBe(6);
    expect(r.quorate).toBe(true);
  });

  it('R-42: headcount one below 2/3 is not quorate even with most of the area', async () => {
    const h: Holding[] = ['A', 'B', 'C', 'D', 'E'].map((o) => ({ owner: o, area: '10.00' }));
    h.push({ owner: 'F', area: '250.00' });
    const r = await runCase(h, [
      ['F', 'for'],
      ['A', 'for'],
      ['B', 'for'],
    ]);
    expect(r.participating).toEqual({ areaM2: '270.00', headcount: 3 });
    expect(r.quorate).toBe(false);
  });

  it('R-42: abstentions count as participation (and against the majority)', async () => {
    const r = await runCase(
      [
        { owner: 'A', area: '100.00' },
        { owner: 'B', area: '100.00' },
        { owner: 'C', area: '100.00' },
      ],
      [
        ['A', 'for'],
        ['B', 'abstain'],
      ],
    );
    expect(r.participating).toEqual({ areaM2: '200.00', headcount: 2 });
    expect(r.abstaining).toEqual({ areaM2: '100.00', headcount: 1 });
    expect(r.quorate).toBe(true);
    expect(r.passed).toBe(false); // 1/2 of the participants is not more than half
  });
});

describe('R-42 majorities', () => {
  const four = (): Holding[] => ['A', 'B', 'C', 'D'].map((o) => ({ owner: o, area: '100.00' }));

  it('R-42: a major motion with agreement exactly 3/4 of both passes', async () => {
    const r = await runCase(
      four(),
      [
        ['A', 'for'],
        ['B', 'for'],
        ['C', 'for'],
        ['D', 'against'],
      ],
      'major',
    );
    expect(r.agreeing).toEqual({ areaM2: '300.00', headcount: 3 });
    expect(r.passed).toBe(true);
  });

  it('R-42: a major motion with agreeing area one hundredth below 3/4 fails', async () => {
    const h: Holding[] = [
      { owner: 'A', area: '100.00' },
      { owner: 'B', area: '100.00' },
      { owner: 'C', area: '99.99' },
      { owner: 'D', area: '100.01' },
    ];
    const r = await runCase(
      h,
      [
        ['A', 'for'],
        ['B', 'for'],
        ['C', 'for'],
        ['D', 'against'],
      ],
      'major',
    );
    expect(r.agreeing).toEqual({ areaM2: '299.99', headcount: 3 });
    expect(r.quorate).toBe(true);
    expect(r.passed).toBe(false);
  });

  it('R-42: a major motion with agreeing headcount just below 3/4 fails', async () => {
    const h: Holding[] = ['A', 'B', 'C', 'D', 'E'].map((o) => ({ owner: o, area: '100.00' }));
    h.push({ owner: 'F', area: '1.00' }, { owner: 'G', area: '1.00' });
    const r = await runCase(
      h,
      [
        ['A', 'for'],
        ['B', 'for'],
        ['C', 'for'],
        ['D', 'for'],
        ['E', 'for'],
        ['F', 'against'],
        ['G', 'against'],
      ],
      'major',
    );
    expect(r.agreeing).toEqual({ areaM2: '500.00', headcount: 5 });
    expect(r.participating.headcount).toBe(7);
    expect(r.passed).toBe(false);
  });

  it('R-42: an ordinary motion with agreement exactly 1/2 fails', async () => {
    const r = await runCase(four(), [
      ['A', 'for'],
      ['B', 'for'],
      ['C', 'against'],
      ['D', 'against'],
    ]);
    expect(r.agreeing).toEqual({ areaM2: '200.00', headcount: 2 });
    expect(r.quorate).toBe(true);
    expect(r.passed).toBe(false);
  });

  it('R-42: an ordinary motion with agreement just above 1/2 passes', async () => {
    const h: Holding[] = [
      { owner: 'A', area: '100.00' },
      { owner: 'B', area: '0.01' },
      { owner: 'C', area: '99.99' },
    ];
    const r = await runCase(h, [
      ['A', 'for'],
      ['B', 'for'],
      ['C', 'against'],
    ]);
    expect(r.agreeing).toEqual({ areaM2: '100.01', headcount: 2 });
    expect(r.participating).toEqual({ areaM2: '200.00', headcount: 3 });
    expect(r.passed).toBe(true);
  });

  it('R-42: an ordinary motion with agreeing area exactly 1/2 fails even with most heads', async () => {
    const h: Holding[] = [
      { owner: 'A', area: '100.00' },
      { owner: 'B', area: '0.01' },
      { owner: 'C', area: '99.99' },
    ];
    const r = await runCase(h, [
      ['A', 'against'],
      ['B', 'for'],
      ['C', 'for'],
    ]);
    expect(r.agreeing).toEqual({ areaM2: '100.00', headcount: 2 });
    expect(r.passed).toBe(false);
  });
});

describe('R-42 voting subjects and ballots', () => {
  it('R-42: an owner of three dwellings counts as one person with the sum of the areas', async () => {
    const { estate, owners, committee } = await estateWith([
      { owner: 'X', area: '50.00' },
      { owner: 'X', area: '60.00' },
      { owner: 'X', area: '70.50' },
      { owner: 'Y', area: '80.00' },
    ]);
    const m = await meeting(committee, estate.id);
    expect(m.totals).toEqual({ areaM2: '260.50', headcount: 2 });
    await vote(committee, m, owners.X, 'for');
    const r = await close(committee, m.id);
    expect(r.participating).toEqual({ areaM2: '180.50', headcount: 1 });
  });

  it('R-42: all developer-held dwellings (unsold or undelivered) count as one person', async () => {
    const { estate, owners, committee } = await estateWith([
      { owner: 'DEV', area: '90.00', kind: 'developer' },
      { owner: 'DEV', area: '90.00', kind: 'developer' },
      { owner: '', area: '120.00', delivered: false },
      { owner: 'P', area: '110.00', delivered: false },
      { owner: 'P', area: '85.00' },
      { owner: 'Q', area: '95.00' },
    ]);
    const m = await meeting(committee, estate.id);
    // developer (90 + 90 + 120 + 110), P (85), Q (95)
    expect(m.totals).toEqual({ areaM2: '590.00', headcount: 3 });
    await vote(committee, m, owners.DEV, 'for');
    await vote(committee, m, owners.P, 'for');
    const r = await close(committee, m.id);
    expect(r.participating).toEqual({ areaM2: '495.00', headcount: 2 });
    expect(r.quorate).toBe(true);
  });

  it('R-42: re-voting replaces the earlier ballot while the meeting is open', async () => {
    const { estate, owners, committee } = await estateWith([
      { owner: 'A', area: '100.00' },
      { owner: 'B', area: '100.00' },
    ]);
    const m = await meeting(committee, estate.id);
    const first = await vote(committee, m, owners.A, 'for');
    expect(first.replaced).toBe(false);
    const second = await vote(committee, m, owners.A, 'against');
    expect(second.replaced).toBe(true);
    const turnout = (await committee.get(`/api/v1/meetings/${m.id}/turnout`)).json();
    expect(turnout.participating).toEqual({ areaM2: '100.00', headcount: 1 });
    const r = await close(committee, m.id);
    expect(r.agreeing.headcount).toBe(0);
    expect(r.against).toEqual({ areaM2: '100.00', headcount: 1 });
  });

  it('R-42: voting after close is 409 and the stored result never changes', async () => {
    const { estate, owners, committee } = await estateWith([
      { owner: 'A', area: '100.00' },
      { owner: 'B', area: '100.00' },
    ]);
    const m = await meeting(committee, estate.id);
    await vote(committee, m, owners.A, 'for');
    const closed = await committee.post(`/api/v1/meetings/${m.id}/close`);
    const late = await committee.post(`/api/v1/meetings/${m.id}/ballots`, {
      ownerId: owners.B,
      choices: [{ motionId: m.motions[0].id, choice: 'for' }],
      channel: 'paper',
    });
    expect(late.statusCode).toBe(409);
    expect((await committee.post(`/api/v1/meetings/${m.id}/close`)).statusCode).toBe(409);
    expect((await committee.get(`/api/v1/meetings/${m.id}/result`)).json()).toEqual(closed.json());
  });

  it('R-42: an owner from another estate gets 400', async () => {
    const one = await estateWith([{ owner: 'A', area: '100.00' }]);
    const two = await estateWith([{ owner: 'Z', area: '100.00' }]);
    const m = await meeting(one.committee, one.estate.id);
    const r = await one.committee.post(`/api/v1/meetings/${m.id}/ballots`, {
      ownerId: two.owners.Z,
      choices: [{ motionId: m.motions[0].id, choice: 'for' }],
      channel: 'paper',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].path).toBe('ownerId');
  });

  it('R-42: a resident votes online only for the owner it is bound to; paper ballots record who entered them', async () => {
    const { estate, owners, committee } = await estateWith([
      { owner: 'A', area: '100.00' },
      { owner: 'B', area: '100.00' },
    ]);
    const resident = await makeCaller(t.app, t.db, 'resident', { ownerId: owners.A });
    const m = await meeting(committee, estate.id, ['ordinary', 'major']);
    const choices = m.motions.map((x: { id: string }) => ({ motionId: x.id, choice: 'for' }));
    expect((await resident.post(`/api/v1/meetings/${m.id}/ballots`, { ownerId: owners.B, choices })).statusCode).toBe(
      403,
    );
    expect(
      (await resident.post(`/api/v1/meetings/${m.id}/ballots`, { ownerId: owners.A, choices, channel: 'paper' }))
        .statusCode,
    ).toBe(400);
    expect((await resident.post(`/api/v1/meetings/${m.id}/ballots`, { ownerId: owners.A, choices })).statusCode).toBe(
      201,
    );
    const paper = await vote(committee, m, owners.B, ['for', 'against']);
    expect(paper.enteredBy).toBe(committee.accountId);
    expect((await resident.get(`/api/v1/meetings/${m.id}`)).json().myBallot.choices).toEqual({
      [m.motions[0].id]: 'for',
      [m.motions[1].id]: 'for',
    });
    expect((await resident.get(`/api/v1/meetings/${m.id}/result`)).statusCode).toBe(409);
    expect((await resident.get(`/api/v1/meetings/${m.id}/turnout`)).statusCode).toBe(403);
    await close(committee, m.id);
    const result = (await resident.get(`/api/v1/meetings/${m.id}/result`)).json();
    expect(result.motions.map((x: { passed: boolean }) => x.passed)).toEqual([true, false]);
    const log = (await city.admin.get('/api/v1/audit?entity=ballot&pageSize=200')).json();
    expect(
      log.items.some(
        (e: { actorId: string; after: { channel: string } }) =>
          e.actorId === committee.accountId && e.after.channel === 'paper',
      ),
    ).toBe(true);
  });

  it('R-42: ballots outside the voting window are refused', async () => {
    const { estate, owners, committee } = await estateWith([{ owner: 'A', area: '100.00' }]);
    const m = await meeting(committee, estate.id);
    clock = new Date('2026-12-16T10:00:00+08:00');
    const r = await committee.post(`/api/v1/meetings/${m.id}/ballots`, {
      ownerId: owners.A,
      choices: [{ motionId: m.motions[0].id, choice: 'for' }],
      channel: 'paper',
    });
    expect(r.statusCode).toBe(409);
    clock = new Date('2026-12-01T10:00:00+08:00');
  });
});
