import { usccCheckChar } from '@rp/contract';
import type { Api } from './api';

/** A valid unified social credit code (GB 32100) built from a 16-digit serial. */
export function makeUscc(serial: number): string {
  const first17 = `91${String(serial).padStart(15, '0')}`;
  return first17 + usccCheckChar(first17);
}

export interface Fixture {
  cityId: string;
  districtId: string;
  streetId: string;
  communityId: string;
  estateId: string;
  companyId: string;
  names: { city: string; district: string; street: string; community: string; estate: string; company: string };
  bureau: { username: string; password: string };
}

/**
 * The small e2e fixture: city → district → street → community → estate, a company, and a bureau bound to the city.
 * `run` makes the username and the credit code unique, for databases that outlive a run.
 */
export async function createFixture(admin: Api, run = ''): Promise<Fixture> {
  const names = {
    city: '临江市',
    district: '江北区',
    street: '滨河街道',
    community: '春晖社区',
    estate: '春晖花园',
    company: '临江安居物业服务有限公司',
  };
  const city = await admin.post('/api/v1/org-units', { name: names.city, kind: 'city' });
  const district = await admin.post('/api/v1/org-units', { name: names.district, kind: 'district', parentId: city.id });
  const street = await admin.post('/api/v1/org-units', { name: names.street, kind: 'street', parentId: district.id });
  const community = await admin.post('/api/v1/org-units', {
    name: names.community,
    kind: 'community',
    parentId: street.id,
  });
  const company = await admin.post('/api/v1/companies', {
    name: names.company,
    uscc: makeUscc(run ? (Number.parseInt(run, 36) % 1e12) * 1000 + 1 : 1),
    contactName: '王经理',
    contactPhone: '0571-88880001',
    partyOrganization: 'branch',
  });
  const estate = await admin.post('/api/v1/estates', {
    name: names.estate,
    communityId: community.id,
    address: '滨河路 88 号',
    managementMode: 'company',
    companyId: company.id,
    contractStartsOn: '2024-01-01',
    contractEndsOn: '2026-12-31',
  });
  const bureau = { username: run ? `bureau.${run}` : 'bureau.e2e', password: 'bureau-pass-123' };
  await admin.post('/api/v1/accounts', {
    username: bureau.username,
    displayName: '临江市住建局',
    password: bureau.password,
    role: 'bureau',
    scope: { orgUnitId: city.id },
  });
  return {
    cityId: city.id,
    districtId: district.id,
    streetId: street.id,
    communityId: community.id,
    estateId: estate.id,
    companyId: company.id,
    names,
    bureau,
  };
}
