import type { FastifyInstance } from 'fastify';
import { buildCity, type Caller, makeCaller } from '../../../test/fixtures';
import type { Db } from '../../db/client';

/** Owners of the fee fixture: personal data that must never reach a public page. */
export const OWNERS = [
  { name: '张三丰', phone: '13811112222' },
  { name: '李四光', phone: '13933334444' },
  { name: '王五福', phone: '13755556666' },
  { name: '赵六顺', phone: '13677778888' },
  { name: '钱七宝', phone: '13599990000' },
] as const;

/**
 * Dwellings of 幸福家园 with hand-computed bills at 150 fen/m²·month × 3 months (SPEC R-44):
 * 89.55 m² → 8955 × 450 = 4 029 750 hundredths of a fen = 40 297.5 fen → 40 298 (half up);
 * 100.00 → 45 000; 120.00 → 54 000; 60.00 → 27 000; the undelivered 95.00 is not billed. Total 166 298.
 */
export const DWELLINGS = [
  { building: '1', unit: '1', number: '东101', areaM2: '89.55', delivered: true, billFen: 40298 },
  { building: '1', unit: '1', number: '东102', areaM2: '100.00', delivered: true, billFen: 45000 },
  { building: '2', unit: '1', number: '东201', areaM2: '120.00', delivered: true, billFen: 54000 },
  { building: '2', unit: '1', number: '东202', areaM2: '60.00', delivered: true, billFen: 27000 },
  { building: '3', unit: '1', number: '东301', areaM2: '95.00', delivered: false, billFen: 0 },
] as const;
export const BILLED_FEN = 166298;

/** The city of the shared fixtures plus the fee fixture's owners, dwellings and callers of every relevant role. */
export async function buildFeeFixture(app: FastifyInstance, db: Db) {
  const city = await buildCity(app, db);
  const owners = [];
  for (const o of OWNERS)
    owners.push(city.ok(await city.admin.post('/api/v1/owners', { name: o.name, kind: 'person', phone: o.phone })));
  const dwellings: { id: string; number: string }[] = [];
  for (const [i, d] of DWELLINGS.entries()) {
    const { billFen: _, ...body } = d;
    dwellings.push(
      city.ok(
        await city.admin.post(`/api/v1/estates/${city.estateA.id}/dwellings`, { ...body, ownerIds: [owners[i].id] }),
      ),
    );
  }
  const callers: Record<string, Caller> = {
    companyA: await makeCaller(app, db, 'company', { companyId: city.companyA.id }),
    companyB: await makeCaller(app, db, 'company', { companyId: city.companyB.id }),
    committeeA: await makeCaller(app, db, 'committee', { estateId: city.estateA.id }),
    committeeB: await makeCaller(app, db, 'committee', { estateId: city.estateB.id }),
    communityA: await makeCaller(app, db, 'community', { orgUnitId: city.commA1.id }),
    communityB: await makeCaller(app, db, 'community', { orgUnitId: city.commB1.id }),
    streetA: await makeCaller(app, db, 'street', { orgUnitId: city.streetA.id }),
    bureau: await makeCaller(app, db, 'bureau', { orgUnitId: city.city.id }),
    residentZhang: await makeCaller(app, db, 'resident', { ownerId: owners[0].id }),
  };
  return { ...city, owners, dwellings, callers };
}
