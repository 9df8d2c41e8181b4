import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/db';
import { buildCity, type Caller, makeCaller } from '../../../test/fixtures';
import { allPages, auditRows, expectSortRejected, idsOnce } from '../../../test/sort';
import { accounts } from '../../db/schema';

let t: Awaited<ReturnType<typeof testApp>>;
let city: Awaited<ReturnType<typeof buildCity>>;
let bureauDistrict: Caller;
const made: { id: string; username: string; displayName: string; role: string }[] = [];

beforeAll(async () => {
  t = await testApp();
  city = await buildCity(t.app, t.db);
  bureauDistrict = await makeCaller(t.app, t.db, 'bureau', { orgUnitId: city.district.id }, 'zz-bureau');
  // Display names repeat so ties show; usernames share the "sortq-" prefix the tests filter on.
  for (const [username, displayName, role, orgUnitId] of [
    ['sortq-c', '同名', 'street', city.streetA.id],
    ['sortq-a', '同名', 'community', city.commB1.id],
    ['sortq-b', '另名', 'street', city.streetB.id],
    ['sortq-d', '同名', 'community', city.commA1.id],
  ] as const) {
    const c = await makeCaller(t.app, t.db, role, { orgUnitId }, username);
    await t.db.update(accounts).set({ displayName }).where(eq(accounts.id, c.accountId));
    made.push({ id: c.accountId, username, displayName, role });
  }
});
afterAll(() => t.close());

const list = (by: Caller, sort: string) =>
  allPages<{ id: string; username: string }>(by, `/api/v1/accounts?q=sortq-&sort=${sort}`, 1);
const ids = (l: { id: string }[]) => l.map((x) => x.id).sort();

describe('account list: sort', () => {
  it('sorts by username ascending and descending', async () => {
    expect((await list(city.admin, 'username')).map((a) => a.username)).toEqual([
      'sortq-a',
      'sortq-b',
      'sortq-c',
      'sortq-d',
    ]);
    expect((await list(city.admin, '-username')).map((a) => a.username)).toEqual([
      'sortq-d',
      'sortq-c',
      'sortq-b',
      'sortq-a',
    ]);
  });

  it('equal display names keep id order across pages, in both directions', async () => {
    const same = ids(made.filter((a) => a.displayName === '同名'));
    const other = made.find((a) => a.displayName === '另名')!.id;
    const up = await list(city.admin, 'displayName');
    idsOnce(up);
    const down = await list(city.admin, '-displayName');
    // Which of 同名 / 另名 comes first depends on the collation; each group stays whole and in id order.
    const asc = up.map((a) => a.id);
    expect([
      [...same, other],
      [other, ...same],
    ]).toContainEqual(asc);
    expect(down.map((a) => a.id)).toEqual(asc[0] === other ? [...same, other] : [other, ...same]);
  });

  it('sorts by role, ties in id order', async () => {
    const up = await list(city.admin, 'role');
    expect(up.map((a) => a.id)).toEqual([
      ...ids(made.filter((a) => a.role === 'community')),
      ...ids(made.filter((a) => a.role === 'street')),
    ]);
  });

  it('a district bureau sorted list holds only its district accounts', async () => {
    const r = await list(bureauDistrict, '-username');
    expect(r.map((a) => a.username)).toEqual(['sortq-b', 'sortq-a']);
  });

  it('an unknown sort field is a 400 naming sort, and nothing changes', async () => {
    const before = await auditRows(t.db);
    expectSortRejected(await city.admin.get('/api/v1/accounts?sort=passwordHash'));
    expect(await auditRows(t.db)).toBe(before);
  });
});
