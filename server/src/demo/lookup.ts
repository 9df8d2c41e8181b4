import type { DemoPlan } from './plan';

export interface EstateInfo {
  id: string;
  name: string;
  orgPath: string;
  communityId: string;
  streetId: string;
  districtId: string;
  companyId: string | null;
  mode: string;
  dwellings: number;
  delivered: number;
}

export interface DwellingInfo {
  id: string;
  estateId: string;
  building: string;
  unit: string;
  number: string;
  areaHundredths: number;
  delivered: boolean;
  /** Owner of record (position 0). */
  ownerId: string;
}

export interface OwnerInfo {
  id: string;
  name: string;
  kind: string;
  phone: string | null;
}

/** Indexes over the in-memory plan, shared by the issue, governance and account builders. */
export interface Lookup {
  estates: EstateInfo[];
  estate: Map<string, EstateInfo>;
  estateByName: Map<string, EstateInfo>;
  unitName: Map<string, string>;
  dwellingsOf: Map<string, DwellingInfo[]>;
  dwelling: Map<string, DwellingInfo>;
  owner: Map<string, OwnerInfo>;
  /** Dwellings an owner holds as owner of record, per estate. */
  holdings: Map<string, Map<string, string[]>>;
  /** Owners who are members of their estate's party branch. */
  partyOwners: Set<string>;
  /** The district's 城市管理局 (department id), for 城市管理 issues. */
  cityManagement: Map<string, string>;
  /** Demo accounts by role. */
  demo: Map<string, DemoPlan['accounts'][number]>;
}

export function buildLookup(plan: DemoPlan): Lookup {
  const unitName = new Map(plan.orgUnits.map((u) => [u.id!, u.name]));
  const dwellingsOf = new Map<string, DwellingInfo[]>();
  const dwelling = new Map<string, DwellingInfo>();
  const ownerOf = new Map<string, string>();
  for (const l of plan.links) if (l.position === 0) ownerOf.set(l.dwellingId, l.ownerId);
  const holdings = new Map<string, Map<string, string[]>>();
  for (const d of plan.dwellings) {
    const info: DwellingInfo = {
      id: d.id!,
      estateId: d.estateId,
      building: d.building,
      unit: d.unit ?? '',
      number: d.number,
      areaHundredths: d.areaHundredths,
      delivered: d.delivered ?? true,
      ownerId: ownerOf.get(d.id!)!,
    };
    dwelling.set(info.id, info);
    const list = dwellingsOf.get(info.estateId) ?? [];
    list.push(info);
    dwellingsOf.set(info.estateId, list);
    const byEstate = holdings.get(info.ownerId) ?? new Map<string, string[]>();
    byEstate.set(info.estateId, [...(byEstate.get(info.estateId) ?? []), info.id]);
    holdings.set(info.ownerId, byEstate);
  }
  const estates: EstateInfo[] = plan.estates.map((e) => {
    const parts = e.orgPath.split('/').filter(Boolean);
    const list = dwellingsOf.get(e.id!) ?? [];
    return {
      id: e.id!,
      name: e.name,
      orgPath: e.orgPath,
      communityId: e.communityId,
      streetId: parts[2],
      districtId: parts[1],
      companyId: e.companyId ?? null,
      mode: e.managementMode ?? 'company',
      dwellings: list.length,
      delivered: list.filter((d) => d.delivered).length,
    };
  });
  const cityManagement = new Map<string, string>();
  for (const d of plan.departments)
    if (d.name.endsWith('城市管理局') && d.orgUnitId && !cityManagement.has(d.orgUnitId))
      cityManagement.set(d.orgUnitId, d.id!);
  return {
    estates,
    estate: new Map(estates.map((e) => [e.id, e])),
    estateByName: new Map(estates.map((e) => [e.name, e])),
    unitName,
    dwellingsOf,
    dwelling,
    owner: new Map(
      plan.owners.map((o) => [o.id!, { id: o.id!, name: o.name, kind: o.kind ?? 'person', phone: o.phone ?? null }]),
    ),
    holdings,
    partyOwners: new Set(plan.partyMembers.filter((m) => m.ownerId).map((m) => m.ownerId!)),
    cityManagement,
    demo: new Map(plan.accounts.map((a) => [a.role, a])),
  };
}
