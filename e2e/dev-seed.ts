/**
 * Fills a running server with a little more than the e2e fixture, for looking at pages by hand:
 *   npx tsx e2e/dev-seed.ts http://localhost:3100 admin-pass-123
 */
import { Api } from './api';
import { createFixture, makeUscc } from './fixture';

const [base = 'http://localhost:3100', password = 'admin-pass-123'] = process.argv.slice(2);
const admin = await Api.signIn(base, 'admin', password);
const f = await createFixture(admin);

const district2 = await admin.post('/api/v1/org-units', { name: '江南区', kind: 'district', parentId: f.cityId });
const street2 = await admin.post('/api/v1/org-units', { name: '望湖街道', kind: 'street', parentId: district2.id });
const communities = [f.communityId];
for (const [name, parent] of [
  ['秀水社区', f.streetId],
  ['望湖社区', street2.id],
  ['新桥社区', street2.id],
] as const)
  communities.push((await admin.post('/api/v1/org-units', { name, kind: 'community', parentId: parent })).id);
const companies = [f.companyId];
for (let i = 2; i <= 4; i++)
  companies.push(
    (
      await admin.post('/api/v1/companies', {
        name: ['', '', '江南城投物业有限公司', '望湖物业服务有限公司', '新桥国有物业托管有限公司'][i],
        uscc: makeUscc(i),
        partyOrganization: i === 3 ? 'none' : 'joint_branch',
      })
    ).id,
  );
const modes = ['company', 'self', 'none', 'state_takeover', 'company', 'company', 'none'] as const;
const estates: string[] = [f.estateId];
for (let i = 0; i < 12; i++) {
  const mode = modes[i % modes.length];
  const e = await admin.post('/api/v1/estates', {
    name: `${['锦绣', '翠苑', '金桂', '银杏', '和平', '幸福'][i % 6]}${['家园', '小区', '新村', '公寓'][i % 4]}${i + 1}期`,
    communityId: communities[i % communities.length],
    managementMode: mode,
    companyId: mode === 'company' || mode === 'state_takeover' ? companies[i % companies.length] : undefined,
  });
  estates.push(e.id);
}
await admin.post('/api/v1/party-orgs', { name: '春晖花园党支部', kind: 'estate_branch', estateId: f.estateId });
await admin.post('/api/v1/party-orgs', { name: '安居物业党支部', kind: 'company_branch', companyId: f.companyId });
const owner = await admin.post('/api/v1/owners', { name: '张三', kind: 'person', phone: '13800001234' });
await admin.post(`/api/v1/estates/${f.estateId}/dwellings`, {
  building: '1',
  unit: '1',
  number: '101',
  areaM2: '89.50',
  delivered: true,
  ownerIds: [owner.id],
});
await admin.post(`/api/v1/estates/${f.estateId}/dwellings`, {
  building: '1',
  unit: '1',
  number: '102',
  areaM2: '120.00',
  delivered: false,
  ownerIds: [],
});
await admin.post('/api/v1/accounts', {
  username: 'resident1',
  displayName: '张三',
  password: 'resident-pass-1',
  role: 'resident',
  scope: { ownerId: owner.id },
});
await admin.post('/api/v1/accounts', {
  username: 'community1',
  displayName: '春晖社区工作站',
  password: 'community-pass-1',
  role: 'community',
  scope: { orgUnitId: f.communityId },
});
await admin.post('/api/v1/accounts', {
  username: 'volunteer1',
  displayName: '李志愿',
  password: 'volunteer-pass-1',
  role: 'volunteer',
  scope: { orgUnitId: f.communityId },
});
console.log(JSON.stringify({ ...f, estates: estates.length }, null, 2));
