import { randomUUID } from 'node:crypto';
import type { FiveToOne, Role } from '@rp/contract';
import type {
  companies,
  departments,
  dwellingOwners,
  dwellings,
  estateModeHistory,
  estates,
  orgUnits,
  owners,
  partyMembers,
  partyOrgs,
} from '../db/schema';
import {
  CITY,
  CITY_DEPARTMENTS,
  COMPANIES,
  type CompanyKey,
  DISTRICTS,
  type EstateSpec,
  type Mode,
  ORG_OWNERS,
  type OrgOwnerKey,
  type Size,
  type Step,
  type Style,
} from './city';
import { PhoneBook, personName } from './names';
import { Random } from './random';
import { makeUscc } from './uscc';

/** The fixed seed: the demo city is the same on every run. */
export const DEMO_SEED = 20_260_101;

/** Demo passwords follow one scheme, `demo-<role>-2026`; they are for the demo only. */
export const demoPassword = (role: Role) => `demo-${role}-2026`;

export interface DemoAccount {
  id: string;
  username: string;
  password: string;
  role: Role;
  displayName: string;
  orgUnitId?: string;
  companyId?: string;
  estateId?: string;
  ownerId?: string;
  departmentId?: string;
  /** Where the account is bound, in words (for the report and README). */
  scopeLabel: string;
}

/** What one estate's dwellings-and-owners batch wrote, for its audit entry. */
export interface EstateBatch {
  estateId: string;
  dwellingIds: string[];
  ownerIds: string[];
}

/** Everything the seeder writes, built in memory with ids assigned, so the links are made before any insert. */
export interface DemoPlan {
  orgUnits: (typeof orgUnits.$inferInsert)[];
  departments: (typeof departments.$inferInsert)[];
  companies: (typeof companies.$inferInsert)[];
  estates: (typeof estates.$inferInsert)[];
  /** Oldest first; the seeder gives them increasing creation times, which the estate page orders by. */
  history: (typeof estateModeHistory.$inferInsert)[];
  owners: (typeof owners.$inferInsert)[];
  dwellings: (typeof dwellings.$inferInsert)[];
  links: (typeof dwellingOwners.$inferInsert)[];
  partyOrgs: (typeof partyOrgs.$inferInsert)[];
  partyMembers: (typeof partyMembers.$inferInsert)[];
  fiveToOne: { communityId: string; contacts: FiveToOne }[];
  accounts: DemoAccount[];
  batches: EstateBatch[];
}

const SIZE_RANGE: Record<Size, [number, number]> = {
  S: [100, 220],
  M: [230, 400],
  L: [440, 700],
  XL: [760, 1100],
};

/** Exclusive-area ranges (hundredths of m²) of the layouts of each building style. */
const AREA_RANGE: Record<Style | 'lowrise', [number, number]> = {
  old: [5_800, 8_200],
  mid: [7_600, 12_800],
  high: [8_500, 14_400],
  mixed: [8_500, 14_400],
  lowrise: [12_600, 17_900],
};

const DEVELOPER_SUFFIXES = [
  '华府',
  '华庭',
  '名邸',
  '名苑',
  '花园',
  '家园',
  '公寓',
  '雅苑',
  '小区',
  '新城',
  '国际',
  '明珠',
  '绿洲',
  '一号',
  '小镇',
  '蓝湾',
  '湾',
  '府',
  '苑',
  '里',
  '园',
];

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const dayBefore = (date: string) => {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
};

interface DwellingDraft {
  building: string;
  unit: string;
  number: string;
  areaHundredths: number;
  /** Buildings in order of construction phase, for "the last phase is not delivered yet". */
  buildingIndex: number;
}

/** Lays out an estate's buildings, units and dwellings to roughly the size class, with exact areas per layout. */
function layoutEstate(rng: Random, spec: EstateSpec): DwellingDraft[] {
  const [lo, hi] = SIZE_RANGE[spec.size];
  const target = rng.int(lo, hi);
  const skipUnlucky = spec.style !== 'old' && rng.chance(0.35); // many newer estates have no building 4 or 14
  const labels: string[] = [];
  const nextLabel = () => {
    let n = labels.length ? Number(labels[labels.length - 1]) + 1 : 1;
    while (skipUnlucky && (n % 10 === 4 || n === 13)) n++;
    labels.push(String(n));
    return String(n);
  };
  const out: DwellingDraft[] = [];
  const addBuilding = (kind: Style | 'lowrise', [floors, units, doors]: [number, number, number]) => {
    const label = nextLabel();
    const [aLo, aHi] = AREA_RANGE[kind];
    const layouts = Array.from({ length: doors }, () => rng.int(aLo, aHi));
    if (kind === 'high' && doors >= 3 && rng.chance(0.4)) layouts[0] = rng.int(15_000, 17_800);
    for (let u = 1; u <= units; u++)
      for (let f = 1; f <= floors; f++)
        for (let d = 1; d <= doors; d++) {
          // The land register measures each dwelling; the same layout differs by a few hundredths.
          const jitter = rng.chance(0.6) ? 0 : rng.int(-9, 9);
          out.push({
            building: label,
            unit: String(u),
            number: `${f}${String(d).padStart(2, '0')}`,
            areaHundredths: layouts[d - 1] + jitter + (f === 1 && kind === 'old' ? rng.int(0, 40) : 0),
            buildingIndex: labels.length - 1,
          });
        }
  };
  const shapes: Record<Style | 'lowrise', () => [number, number, number]> = {
    old: () => [
      rng.weighted([
        [6, 6],
        [5, 2],
        [7, 1],
      ] as const),
      rng.int(2, 4),
      2,
    ],
    mid: () => [rng.int(6, 11), rng.int(2, 3), 2],
    high: () => [rng.int(18, 33), rng.int(1, 2), rng.int(2, 4)],
    mixed: () => [rng.int(18, 33), rng.int(1, 2), rng.int(2, 4)],
    lowrise: () => [rng.int(6, 8), 2, 2],
  };
  // Adds buildings until the goal; the last one only when it brings the count closer to the goal.
  const buildUntil = (kind: Style | 'lowrise', goal: number) => {
    const start = out.length;
    for (;;) {
      const shape = shapes[kind]();
      const have = out.length - start;
      if (have > 0 && have + (shape[0] * shape[1] * shape[2]) / 2 > goal) return;
      addBuilding(kind, shape);
    }
  };
  if (spec.style === 'mixed') {
    buildUntil('high', Math.round(target * 0.7));
    buildUntil('lowrise', Math.round(target * 0.3));
  } else buildUntil(spec.style, target);
  return out;
}

/** Strips the estate suffix, for a developer name such as 示范市天悦置业有限公司. */
function developerName(rng: Random, spec: EstateSpec): string {
  if (spec.developer) return spec.developer;
  let stem = spec.name;
  for (const s of DEVELOPER_SUFFIXES)
    if (stem.endsWith(s) && stem.length > s.length + 1) {
      stem = stem.slice(0, -s.length);
      break;
    }
  return `示范市${stem}${rng.chance(0.5) ? '置业有限公司' : '房地产开发有限公司'}`;
}

/** Share of dwellings still undelivered, from the delivery year unless the spec says. */
function undeliveredShare(rng: Random, spec: EstateSpec): { share: number; phased: boolean } {
  if (spec.undelivered !== undefined) return { share: spec.undelivered, phased: true };
  if (spec.built >= 2023) return { share: rng.int(10, 30) / 100, phased: true };
  if (spec.built >= 2019) return { share: rng.int(1, 6) / 100, phased: false };
  if ((spec.mode ?? 'company') === 'company') return { share: rng.int(0, 10) / 1000, phased: false };
  return { share: 0, phased: false };
}

/** The management history of an estate: the spec's steps, or one step since delivery. */
function stepsOf(spec: EstateSpec, deliveredOn: string): readonly Step[] {
  if (spec.steps) return spec.steps;
  const mode = spec.mode ?? 'company';
  const note = mode === 'company' ? '前期物业服务合同（建设单位选聘）' : mode === 'self' ? '产权单位自管' : '无物业';
  return [[mode, deliveredOn, spec.company, note]];
}

/** Builds the whole demo city in memory: deterministic for a seed, ids from `newId`. */
export function buildDemoPlan(newId: () => string = randomUUID, seed = DEMO_SEED): DemoPlan {
  const rng = new Random(seed);
  const phones = new PhoneBook(rng);
  const plan: DemoPlan = {
    orgUnits: [],
    departments: [],
    companies: [],
    estates: [],
    history: [],
    owners: [],
    dwellings: [],
    links: [],
    partyOrgs: [],
    partyMembers: [],
    fiveToOne: [],
    accounts: [],
    batches: [],
  };
  const unit = (
    name: string,
    kind: 'city' | 'district' | 'street' | 'community',
    parent?: { id: string; path: string },
    isDevelopmentZone = false,
  ) => {
    const id = newId();
    const row = {
      id,
      name,
      kind,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      isDevelopmentZone,
    };
    plan.orgUnits.push(row);
    return row;
  };
  const date = (fromYear: number, toYear: number) => iso(rng.int(fromYear, toYear), rng.int(1, 12), rng.int(1, 28));

  // ── companies (SPEC R-04)
  const companyId = new Map<CompanyKey, string>();
  for (const c of COMPANIES) {
    const id = newId();
    companyId.set(c.key, id);
    plan.companies.push({
      id,
      name: c.name,
      uscc: makeUscc(rng, c.division, c.founded),
      contactName: personName(rng),
      contactPhone: phones.next(),
      partyOrganization: c.party,
      staffCount: c.staff,
    });
  }

  // ── org units, departments
  const city = unit(CITY.name, 'city');
  for (const name of CITY_DEPARTMENTS) plan.departments.push({ id: newId(), name, orgUnitId: city.id });

  const orgOwnerIds = new Map<OrgOwnerKey, string>();
  const orgOwner = (key: OrgOwnerKey, scopePath: string) => {
    let id = orgOwnerIds.get(key);
    if (!id) {
      id = newId();
      orgOwnerIds.set(key, id);
      plan.owners.push({ id, name: ORG_OWNERS[key], kind: 'organization', phone: null, scopePath });
    }
    return id;
  };

  /** Owners already holding dwellings in earlier estates (people who bought in more than one estate). */
  const investors: string[] = [];
  const holdings = new Map<string, number>();
  const ownerNames = new Map<string, { name: string; phone: string | null }>();

  const showcase = {
    district: '东城区',
    street: '和平街道',
    community: '和谐社区',
    estate: '和谐苑',
    company: 'ht' as CompanyKey,
    department: '城市管理局',
  };
  const refs = {} as {
    district: string;
    street: string;
    community: string;
    estate: string;
    department: string;
  };

  for (const d of DISTRICTS) {
    const district = unit(d.name, 'district', city, d.isDevelopmentZone);
    if (d.name === showcase.district) refs.district = district.id;
    for (const dep of d.departments) {
      const id = newId();
      plan.departments.push({ id, name: `${d.name}${dep}`, orgUnitId: district.id });
      if (d.name === showcase.district && dep === showcase.department) refs.department = id;
    }
    const leaders = Array.from({ length: 4 }, () => ({ name: personName(rng), phone: phones.next() }));
    const units = rng.shuffle(d.liaisonUnits);
    let communityIndex = 0;

    for (const s of d.streets) {
      const street = unit(s.name, 'street', district);
      if (s.name === showcase.street) refs.street = street.id;
      const streetContact = { name: personName(rng), phone: phones.next() };
      const usedNumbers = new Set<string>();

      for (const cs of s.communities) {
        const community = unit(cs.name, 'community', street);
        if (cs.name === showcase.community) refs.community = community.id;

        // SPEC R-08: five-to-one (五包一) for every community.
        plan.fiveToOne.push({
          communityId: community.id,
          contacts: {
            districtLeader: leaders[communityIndex % leaders.length],
            liaisonUnit: { name: units[communityIndex % units.length] },
            unitPrincipal: { name: personName(rng), phone: phones.next() },
            streetContact,
            liaisonCadre: { name: personName(rng), phone: phones.next() },
          },
        });
        communityIndex++;

        // SPEC R-06: the community party committee, with its cadres.
        const committeeId = newId();
        plan.partyOrgs.push({
          id: committeeId,
          name: `${cs.name}党委`,
          kind: 'community_committee',
          orgUnitId: community.id,
          establishedOn: date(2001, 2012),
        });
        for (let i = rng.int(5, 9); i > 0; i--)
          plan.partyMembers.push({
            id: newId(),
            partyOrgId: committeeId,
            name: personName(rng),
            phone: phones.next(),
            joinedOn: date(1978, 2020),
          });

        for (const es of cs.estates) {
          const mode: Mode = es.mode ?? 'company';
          const estateId = newId();
          if (es.name === showcase.estate) refs.estate = estateId;
          let road: string;
          let no: number;
          do {
            road = rng.pick(s.roads);
            no = rng.int(1, 399);
          } while (usedNumbers.has(`${road}${no}`));
          usedNumbers.add(`${road}${no}`);
          plan.estates.push({
            id: estateId,
            name: es.name,
            communityId: community.id,
            orgPath: community.path,
            address: `${d.name}${road}${no}号`,
            managementMode: mode,
            companyId: es.company ? companyId.get(es.company)! : null,
          });

          // SPEC R-05: management history, newest last; the current mode is the last step.
          const deliveredOn = iso(es.built, rng.int(3, 12), 1);
          const steps = stepsOf(es, deliveredOn);
          const last = steps[steps.length - 1];
          if (last[0] !== mode || last[2] !== es.company)
            throw new Error(`demo city: ${es.name}'s history does not end in its current mode`);
          // A replaced contract ends the day before the next step; the current one runs into the coming years.
          const contractEnd = (nextFrom?: string) =>
            nextFrom ? dayBefore(nextFrom) : iso(rng.int(2027, 2030), rng.pick([6, 12]), 30);
          steps.forEach(([m, fromDate, co, note], i) => {
            const next = steps[i + 1];
            const managed = m === 'company' || m === 'state_takeover';
            plan.history.push({
              id: newId(),
              estateId,
              mode: m,
              companyId: co ? companyId.get(co)! : null,
              fromDate,
              contractEndsOn: managed ? contractEnd(next?.[1]) : null,
              note: note ?? null,
            });
          });

          // SPEC R-03: dwellings with exact areas; the developer holds what is not delivered.
          const drafts = layoutEstate(rng, es);
          const { share, phased } = undeliveredShare(rng, es);
          const undeliveredCount = Math.round(drafts.length * share);
          const undelivered = new Set<number>();
          if (phased) for (let i = drafts.length - undeliveredCount; i < drafts.length; i++) undelivered.add(i);
          else while (undelivered.size < undeliveredCount) undelivered.add(rng.int(0, drafts.length - 1));

          const batch: EstateBatch = { estateId, dwellingIds: [], ownerIds: [] };
          const newOwner = (name: string, kind: 'person' | 'developer', phone: string | null) => {
            const id = newId();
            plan.owners.push({ id, name, kind, phone, scopePath: community.path });
            batch.ownerIds.push(id);
            if (kind === 'person') ownerNames.set(id, { name, phone });
            return id;
          };
          const developerId = newOwner(developerName(rng, es), 'developer', rng.chance(0.5) ? phones.next() : null);
          const local: string[] = [];
          const link = (dwellingId: string, ownerId: string, position = 0) => {
            plan.links.push({ dwellingId, ownerId, position });
            holdings.set(ownerId, (holdings.get(ownerId) ?? 0) + 1);
          };
          const newer = es.built >= 2005;

          // The owner of record of a delivered dwelling when it is not a new person: an organisation, or someone who
          // already owns one (people own two or three dwellings, in the same estate or one in an earlier estate).
          const existingOwner = (): string | null => {
            const r = rng.next();
            if (es.orgOwner && r < es.orgOwner.share) return orgOwner(es.orgOwner.key, community.path);
            if (mode === 'company' && newer && r > 0.997)
              return orgOwner(rng.chance(0.5) ? 'bank' : 'assets', community.path);
            if (local.length > 20 && rng.chance(0.045)) {
              const o = local[rng.int(0, local.length - 1)];
              if ((holdings.get(o) ?? 0) < 3) return o;
            }
            if (investors.length && rng.chance(0.007)) {
              const o = investors[rng.int(0, investors.length - 1)];
              if ((holdings.get(o) ?? 0) < 3) return o;
            }
            return null;
          };

          drafts.forEach((dr, i) => {
            const id = newId();
            const delivered = !undelivered.has(i);
            plan.dwellings.push({
              id,
              estateId,
              building: dr.building,
              unit: dr.unit,
              number: dr.number,
              areaHundredths: dr.areaHundredths,
              delivered,
            });
            batch.dwellingIds.push(id);
            const known = delivered ? existingOwner() : developerId;
            if (known) {
              link(id, known);
              return;
            }
            const sex = rng.chance(0.5) ? 'm' : 'f';
            const o = newOwner(personName(rng, sex), 'person', rng.chance(0.96) ? phones.next() : null);
            local.push(o);
            link(id, o);
            // A share of homes are registered to a couple (共有): the spouse is the second owner.
            if (rng.chance(0.08)) {
              const spouse = newOwner(
                personName(rng, sex === 'm' ? 'f' : 'm'),
                'person',
                rng.chance(0.8) ? phones.next() : null,
              );
              link(id, spouse, 1);
            }
          });
          for (let i = 0; i < 6 && local.length; i++) investors.push(local[rng.int(0, local.length - 1)]);
          plan.batches.push(batch);

          // SPEC R-06: estate party branches, members drawn from the estate's owners.
          const branchChance = { company: 0.75, state_takeover: 0.8, self: 0.5, none: 0.3 }[mode];
          if (es.name === showcase.estate || rng.chance(branchChance)) {
            const branchId = newId();
            plan.partyOrgs.push({
              id: branchId,
              name: `${es.name}党支部`,
              kind: 'estate_branch',
              estateId,
              establishedOn: date(Math.min(Math.max(es.built + 1, 2016), 2025), 2025),
            });
            const picked = new Set<string>();
            const want = Math.min(local.length, rng.int(3, Math.max(4, Math.round(drafts.length / 60))));
            while (picked.size < want) picked.add(local[rng.int(0, local.length - 1)]);
            for (const ownerId of picked) {
              const o = ownerNames.get(ownerId)!;
              plan.partyMembers.push({
                id: newId(),
                partyOrgId: branchId,
                name: o.name,
                phone: o.phone,
                ownerId,
                joinedOn: date(1975, 2023),
              });
            }
          }
        }
      }
    }
  }

  // ── party organisations of companies and of the industry (SPEC R-06)
  const industryId = newId();
  plan.partyOrgs.push({
    id: industryId,
    name: '示范市物业服务行业党委',
    kind: 'industry_committee',
    orgUnitId: city.id,
    establishedOn: '2019-07-01',
  });
  for (let i = 7; i > 0; i--)
    plan.partyMembers.push({
      id: newId(),
      partyOrgId: industryId,
      name: personName(rng),
      phone: phones.next(),
      joinedOn: date(1985, 2015),
    });
  const branches: { name: string; company: CompanyKey }[] = COMPANIES.filter((c) => c.party === 'branch').map((c) => ({
    name: `${c.name}党支部`,
    company: c.key,
  }));
  // Small companies share one joint branch (联合党支部), recorded on its lead company.
  branches.push({ name: '嘉和、德润、金盾物业联合党支部', company: 'jh' });
  for (const b of branches) {
    const id = newId();
    plan.partyOrgs.push({
      id,
      name: b.name,
      kind: 'company_branch',
      companyId: companyId.get(b.company)!,
      establishedOn: date(2017, 2023),
    });
    for (let i = rng.int(3, 9); i > 0; i--)
      plan.partyMembers.push({
        id: newId(),
        partyOrgId: id,
        name: personName(rng),
        phone: phones.next(),
        joinedOn: date(1990, 2023),
      });
  }

  // ── demo accounts, one per role, all on the showcase chain 东城区 › 和平街道 › 和谐社区 › 和谐苑 (SPEC §1)
  const showcaseBatch = plan.batches.find((b) => b.estateId === refs.estate)!;
  const showcaseDwellings = new Set(showcaseBatch.dwellingIds);
  const heldHere = new Map<string, number>();
  for (const l of plan.links)
    if (l.position === 0 && showcaseDwellings.has(l.dwellingId) && ownerNames.has(l.ownerId))
      heldHere.set(l.ownerId, (heldHere.get(l.ownerId) ?? 0) + 1);
  const residentId =
    [...heldHere].find(([id, n]) => n === 2 && ownerNames.get(id)!.phone)?.[0] ?? [...heldHere.keys()][0];
  const resident = ownerNames.get(residentId)!;
  const htName = COMPANIES.find((c) => c.key === showcase.company)!.name;
  const account = (role: Role, displayName: string, scopeLabel: string, scope: Partial<DemoAccount>) =>
    plan.accounts.push({
      id: newId(),
      username: role,
      password: demoPassword(role),
      role,
      displayName,
      scopeLabel,
      ...scope,
    });
  account('bureau', '示范市住房和城乡建设局', CITY.name, { orgUnitId: city.id });
  account('department', '东城区城市管理局', '东城区 · 东城区城市管理局', {
    orgUnitId: refs.district,
    departmentId: refs.department,
  });
  account('street', '和平街道办事处', '东城区 › 和平街道', { orgUnitId: refs.street });
  account('community', '和谐社区居民委员会', '和平街道 › 和谐社区', { orgUnitId: refs.community });
  account('company', htName, htName, { companyId: companyId.get(showcase.company)! });
  account('committee', '和谐苑业主委员会', '和谐社区 › 和谐苑', { estateId: refs.estate });
  account('volunteer', `党员志愿者 ${personName(rng, 'f')}`, '和谐社区', { orgUnitId: refs.community });
  account('resident', resident.name, `和谐苑业主 ${resident.name}（${heldHere.get(residentId)} 套）`, {
    ownerId: residentId,
  });
  return plan;
}
