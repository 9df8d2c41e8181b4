/**
 * The accounts behind the demo city's history besides the one-per-role demo accounts: a staff account for every
 * community, street, district housing bureau, company and district 城市管理局, and residents registered on the portal
 * (username = their phone). They follow the demo password scheme of their role (demo only).
 */
import type { Role } from '@rp/contract';
import type { EstateInfo, Lookup } from './lookup';
import { type DemoAccount, type DemoPlan, demoPassword } from './plan';
import { Random } from './random';

export interface Directory {
  /** Account acting for an org unit (community, street) or a district (its housing bureau). */
  orgUnitAccount: Map<string, string>;
  companyAccount: Map<string, string>;
  departmentAccount: Map<string, string>;
  /** Residents with a portal account, per estate: the account and the dwellings they hold there. */
  residents: Map<string, { accountId: string; ownerId: string; dwellingIds: string[] }[]>;
  demo: Record<
    'bureau' | 'department' | 'street' | 'community' | 'company' | 'committee' | 'volunteer' | 'resident',
    string
  >;
  residentOwnerId: string;
}

/** How many residents of an estate registered on the portal: many in the demo estate, a few elsewhere. */
function portalUsers(e: EstateInfo, showcase: { estate: string; community: string }) {
  if (e.name === showcase.estate) return 110;
  if (e.communityId === showcase.community) return 14;
  return Math.min(8, Math.max(3, Math.round(e.delivered / 90)));
}

export function buildExtraAccounts(
  plan: DemoPlan,
  lk: Lookup,
  newId: () => string,
  seed: number,
): { accounts: DemoAccount[]; directory: Directory } {
  const rng = new Random(seed);
  const out: DemoAccount[] = [];
  const demoId = (role: Role) => lk.demo.get(role)!.id;
  const dir: Directory = {
    orgUnitAccount: new Map(),
    companyAccount: new Map(),
    departmentAccount: new Map(),
    residents: new Map(),
    demo: {
      bureau: demoId('bureau'),
      department: demoId('department'),
      street: demoId('street'),
      community: demoId('community'),
      company: demoId('company'),
      committee: demoId('committee'),
      volunteer: demoId('volunteer'),
      resident: demoId('resident'),
    },
    residentOwnerId: lk.demo.get('resident')!.ownerId!,
  };
  const d = lk.demo;
  dir.orgUnitAccount.set(d.get('community')!.orgUnitId!, dir.demo.community);
  dir.orgUnitAccount.set(d.get('street')!.orgUnitId!, dir.demo.street);
  dir.companyAccount.set(d.get('company')!.companyId!, dir.demo.company);
  dir.departmentAccount.set(d.get('department')!.departmentId!, dir.demo.department);
  const numbers: Record<string, number> = {};
  const add = (role: Role, displayName: string, scopeLabel: string, scope: Partial<DemoAccount>) => {
    numbers[role] = (numbers[role] ?? 1) + 1;
    const a: DemoAccount = {
      id: newId(),
      username: `${role}-${String(numbers[role]).padStart(2, '0')}`,
      password: demoPassword(role),
      role,
      displayName,
      scopeLabel,
      ...scope,
    };
    out.push(a);
    return a.id;
  };
  for (const u of plan.orgUnits) {
    if (dir.orgUnitAccount.has(u.id!)) continue;
    if (u.kind === 'community')
      dir.orgUnitAccount.set(u.id!, add('community', `${u.name}居民委员会`, u.name, { orgUnitId: u.id! }));
    if (u.kind === 'street')
      dir.orgUnitAccount.set(
        u.id!,
        add('street', u.name.endsWith('镇') ? `${u.name}人民政府` : `${u.name}办事处`, u.name, { orgUnitId: u.id! }),
      );
    if (u.kind === 'district')
      dir.orgUnitAccount.set(
        u.id!,
        add('bureau', u.isDevelopmentZone ? `${u.name}规划建设局` : `${u.name}住房和城乡建设局`, u.name, {
          orgUnitId: u.id!,
        }),
      );
  }
  for (const c of plan.companies)
    if (!dir.companyAccount.has(c.id!))
      dir.companyAccount.set(c.id!, add('company', c.name, c.name, { companyId: c.id! }));
  for (const [districtId, depId] of lk.cityManagement)
    if (!dir.departmentAccount.has(depId)) {
      const name = plan.departments.find((x) => x.id === depId)!.name;
      dir.departmentAccount.set(depId, add('department', name, name, { orgUnitId: districtId, departmentId: depId }));
    }

  // Residents registered on the portal: owners of record with a phone; one account per owner across estates.
  const showcase = { estate: '和谐苑', community: d.get('community')!.orgUnitId! };
  const accountOf = new Map<string, string>([[dir.residentOwnerId, dir.demo.resident]]);
  for (const e of lk.estates) {
    const candidates = [
      ...new Set(
        (lk.dwellingsOf.get(e.id) ?? [])
          .filter((x) => x.delivered)
          .map((x) => x.ownerId)
          .filter((o) => lk.owner.get(o)?.kind === 'person' && lk.owner.get(o)?.phone),
      ),
    ];
    const want = Math.min(candidates.length, portalUsers(e, showcase));
    const picked = new Set<string>();
    if (lk.holdings.get(dir.residentOwnerId)?.has(e.id)) picked.add(dir.residentOwnerId);
    while (picked.size < want) picked.add(candidates[rng.int(0, candidates.length - 1)]);
    const list: { accountId: string; ownerId: string; dwellingIds: string[] }[] = [];
    for (const ownerId of picked) {
      let accountId = accountOf.get(ownerId);
      if (!accountId) {
        const o = lk.owner.get(ownerId)!;
        accountId = newId();
        out.push({
          id: accountId,
          username: o.phone!,
          password: demoPassword('resident'),
          role: 'resident',
          displayName: o.name,
          scopeLabel: `${e.name}业主 ${o.name}`,
          ownerId,
        });
        accountOf.set(ownerId, accountId);
      }
      list.push({ accountId, ownerId, dwellingIds: lk.holdings.get(ownerId)!.get(e.id)! });
    }
    dir.residents.set(e.id, list);
  }
  return { accounts: out, directory: dir };
}
