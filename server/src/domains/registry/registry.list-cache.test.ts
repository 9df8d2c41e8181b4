import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The estate-list cache is read from the environment when the service module loads.
process.env.RP_LIST_CACHE_MS = '60000';
const { testApp } = await import('../../../test/db');
const { buildCity } = await import('../../../test/fixtures');

let t: Awaited<ReturnType<typeof testApp>>;
let city: Awaited<ReturnType<typeof buildCity>>;

beforeAll(async () => {
  t = await testApp();
  city = await buildCity(t.app, t.db);
});
afterAll(() => {
  delete process.env.RP_LIST_CACHE_MS;
  return t.close();
});

describe('estate list cache (RP_LIST_CACHE_MS)', () => {
  it('keeps one answer per sort: ascending and descending never share a cached page', async () => {
    const names = async (sort: string) =>
      ((await city.admin.get(`/api/v1/estates?sort=${sort}`)).json().items as { name: string }[]).map((e) => e.name);
    const up = await names('name');
    const down = await names('-name');
    expect(up).toHaveLength(3);
    expect(down).toEqual([...up].reverse());
    // Asked again, each comes from the cache unchanged.
    expect(await names('name')).toEqual(up);
    expect(await names('-name')).toEqual(down);
  });
});
