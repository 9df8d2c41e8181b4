import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/db';
import { rows } from '../db/client';
import { ensureAdmin } from '../domains/accounts/accounts.service';
import { verifyAuditChain } from '../platform/audit';
import { seedDemo } from './seed';

// The demo is laid out before the seeding time; on the second day of a quarter (and of a year) the fees must still
// cover a year, with the counter payments and the reversal after their bills.
let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
  await ensureAdmin(t.db, 'admin-password-for-test');
  await seedDemo(t.db, { now: new Date('2027-01-02T10:00:00+08:00') });
});
afterAll(() => t?.close());

describe('demo seeding at the turn of a quarter', () => {
  it('R-44: four quarters billed in the showcase estate, one payment reversed, every payment after its bill', async () => {
    const periods = await rows<{ period: string }>(
      t.db,
      sql`select bp.period from billing_periods bp join estates e on e.id = bp.estate_id
          where e.name = '和谐苑' order by bp.starts_on`,
    );
    expect(periods.map((p) => p.period)).toEqual(['2026Q1', '2026Q2', '2026Q3', '2026Q4']);
    const [rev] = await rows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from payments where reverses_id is not null`,
    );
    expect(rev.n).toBe(1);
    const [early] = await rows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from payments p join billing_periods bp on bp.id = p.billing_period_id
          where p.created_at < bp.created_at or p.paid_at < bp.starts_on::timestamp - interval '1 day'
             or p.created_at > ${new Date('2027-01-02T10:00:00+08:00')}`,
    );
    expect(early.n).toBe(0);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
