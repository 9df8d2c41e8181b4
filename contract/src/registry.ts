import { z } from 'zod';
import { LIMITS, ZAreaM2, ZDate, ZId, ZPhone } from './common';
import { zSort } from './sort';
import { isValidUscc } from './uscc';

/** SPEC R-02: the kinds of org unit, each sitting under the one before it. */
export const ORG_KINDS = ['city', 'district', 'street', 'community'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const ORG_PARENT_KIND: Record<OrgKind, OrgKind | null> = {
  city: null,
  district: 'city',
  street: 'district',
  community: 'street',
};

/** SPEC R-05: estate management modes. */
export const MANAGEMENT_MODES = ['company', 'self', 'none', 'state_takeover'] as const;
export const ZManagementMode = z.enum(MANAGEMENT_MODES);

export const PARTY_ORGANIZATION = ['none', 'branch', 'joint_branch', 'instructor'] as const;
export const OWNER_KINDS = ['person', 'organization', 'developer'] as const;
export const PARTY_ORG_KINDS = [
  'estate_branch',
  'company_branch',
  'community_committee',
  'industry_committee',
] as const;

const name = z.string().trim().min(1).max(LIMITS.name);

export const ZOrgUnitCreate = z.object({
  name,
  kind: z.enum(ORG_KINDS),
  parentId: ZId.optional(),
  isDevelopmentZone: z.boolean().optional(),
});
export const ZOrgUnit = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  parentId: z.string().nullable(),
  isDevelopmentZone: z.boolean(),
});
export type OrgUnitNode = z.infer<typeof ZOrgUnit> & { estateCount?: number; children: OrgUnitNode[] };
export const ZOrgUnitNode: z.ZodType<OrgUnitNode> = z.lazy(() =>
  ZOrgUnit.extend({ estateCount: z.number().int().optional(), children: z.array(ZOrgUnitNode) }),
);

export const ZUscc = z.string().trim().toUpperCase().refine(isValidUscc, { message: 'err.uscc' });

export const ZCompanyCreate = z.object({
  name,
  uscc: ZUscc,
  contactName: z.string().max(LIMITS.name).optional(),
  contactPhone: ZPhone.optional(),
  partyOrganization: z.enum(PARTY_ORGANIZATION).default('none'),
  staffCount: z.number().int().min(0).max(1_000_000).optional(),
});
export const ZCompany = z.object({
  id: z.string(),
  name: z.string(),
  uscc: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  partyOrganization: z.enum(PARTY_ORGANIZATION),
  staffCount: z.number().nullable(),
  estateCount: z.number().int().optional(),
});
/** Fields the lists of the registry may be sorted by (`sort=name`, `sort=-name`). */
export const ORG_UNIT_SORT = ['name', 'kind'] as const;
export const COMPANY_SORT = ['name', 'uscc', 'contactName', 'partyOrganization', 'estateCount'] as const;
export const ESTATE_SORT = ['name', 'managementMode', 'address'] as const;
export const DWELLING_SORT = ['building', 'unit', 'number', 'areaM2', 'delivered'] as const;
export const OWNER_SORT = ['name', 'kind', 'phone'] as const;
export const PARTY_ORG_SORT = ['name', 'kind', 'establishedOn', 'memberCount'] as const;

export const ZCompanyListQuery = z.object({ q: z.string().max(LIMITS.name).optional(), sort: zSort(COMPANY_SORT) });

export const ZEstateCreate = z
  .object({
    name,
    communityId: ZId,
    address: z.string().max(LIMITS.shortText).optional(),
    managementMode: ZManagementMode,
    companyId: ZId.optional(),
    contractStartsOn: ZDate.optional(),
    contractEndsOn: ZDate.optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.managementMode === 'company' || v.managementMode === 'state_takeover') && !v.companyId)
      ctx.addIssue({ code: 'custom', path: ['companyId'], message: 'err.companyRequired' });
    if ((v.managementMode === 'self' || v.managementMode === 'none') && v.companyId)
      ctx.addIssue({ code: 'custom', path: ['companyId'], message: 'err.companyNotAllowed' });
  });
export const ZEstate = z.object({
  id: z.string(),
  name: z.string(),
  communityId: z.string(),
  communityName: z.string().optional(),
  streetName: z.string().optional(),
  address: z.string().nullable(),
  managementMode: ZManagementMode,
  companyId: z.string().nullable(),
  companyName: z.string().nullable().optional(),
});
export const ZEstateDetail = ZEstate.extend({
  dwellingCount: z.number().int(),
  deliveredCount: z.number().int(),
  totalAreaM2: z.string(),
  ownerCount: z.number().int(),
  breadcrumb: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(ORG_KINDS) })),
  modeHistory: z.array(
    z.object({
      mode: ZManagementMode,
      companyId: z.string().nullable(),
      companyName: z.string().nullable(),
      fromDate: z.string(),
      note: z.string().nullable(),
    }),
  ),
  partyBranch: z.object({ id: z.string(), name: z.string(), memberCount: z.number().int() }).nullable(),
});
export const ZEstateListQuery = z.object({
  orgUnitId: ZId.optional(),
  companyId: ZId.optional(),
  managementMode: ZManagementMode.optional(),
  q: z.string().max(LIMITS.name).optional(),
  sort: zSort(ESTATE_SORT),
});
export const ZManagementChange = z
  .object({
    managementMode: ZManagementMode,
    companyId: ZId.optional(),
    fromDate: ZDate,
    note: z.string().max(LIMITS.shortText).optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.managementMode === 'company' || v.managementMode === 'state_takeover') && !v.companyId)
      ctx.addIssue({ code: 'custom', path: ['companyId'], message: 'err.companyRequired' });
  });

export const ZOwnerCreate = z.object({
  name,
  kind: z.enum(OWNER_KINDS),
  phone: ZPhone.optional(),
});
export const ZOwner = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(OWNER_KINDS),
  phone: z.string().nullable(),
});

export const ZDwellingCreate = z.object({
  building: z.string().trim().min(1).max(20),
  unit: z.string().trim().max(20).default(''),
  number: z.string().trim().min(1).max(20),
  areaM2: ZAreaM2,
  delivered: z.boolean(),
  ownerIds: z.array(ZId).max(20).default([]),
});
export const ZDwelling = z.object({
  id: z.string(),
  estateId: z.string(),
  estateName: z.string().optional(),
  building: z.string(),
  unit: z.string(),
  number: z.string(),
  areaM2: z.string(),
  delivered: z.boolean(),
  owners: z.array(
    z.object({ id: z.string(), name: z.string(), kind: z.enum(OWNER_KINDS), phone: z.string().nullable() }),
  ),
});
export const ZDwellingListQuery = z.object({
  building: z.string().max(20).optional(),
  q: z.string().max(LIMITS.name).optional(),
  sort: zSort(DWELLING_SORT),
});

/** Import columns (API.md): 楼栋, 单元, 房号, 面积, 是否交付, 业主姓名, 业主电话. */
export const IMPORT_COLUMNS = ['楼栋', '单元', '房号', '面积', '是否交付', '业主姓名', '业主电话'] as const;
export const ZImportResult = z.object({
  imported: z.number().int(),
  owners: z.number().int().optional(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string().optional(), message: z.string() })),
});

export const ZPartyOrgCreate = z.object({
  name,
  kind: z.enum(PARTY_ORG_KINDS),
  estateId: ZId.optional(),
  companyId: ZId.optional(),
  orgUnitId: ZId.optional(),
  establishedOn: ZDate.optional(),
});
export const ZPartyOrg = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PARTY_ORG_KINDS),
  estateId: z.string().nullable(),
  companyId: z.string().nullable(),
  orgUnitId: z.string().nullable(),
  establishedOn: z.string().nullable(),
  memberCount: z.number().int(),
});
export const ZPartyMemberCreate = z.object({
  name,
  phone: ZPhone.optional(),
  ownerId: ZId.optional(),
  joinedOn: ZDate.optional(),
});
export const ZPartyMember = z.object({
  id: z.string(),
  partyOrgId: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  ownerId: z.string().nullable(),
  joinedOn: z.string().nullable(),
});
export const ZPartyCoverage = z.object({
  companies: z.number().int(),
  companiesWithOrganization: z.number().int(),
  companyCoverage: z.number(),
  estates: z.number().int(),
  estatesWithBranch: z.number().int(),
  estateCoverage: z.number(),
  members: z.number().int(),
});

const ZContact = z.object({
  name: z.string().trim().min(1).max(LIMITS.name),
  phone: ZPhone.optional(),
  accountId: ZId.optional(),
});
/** SPEC R-08: five-to-one (五包一) responsibility of a community. */
export const ZFiveToOne = z.object({
  districtLeader: ZContact,
  liaisonUnit: z.object({ name: z.string().trim().min(1).max(LIMITS.name) }),
  unitPrincipal: ZContact,
  streetContact: ZContact,
  liaisonCadre: ZContact,
});
export type FiveToOne = z.infer<typeof ZFiveToOne>;
export const FIVE_TO_ONE_ROLES = [
  'districtLeader',
  'liaisonUnit',
  'unitPrincipal',
  'streetContact',
  'liaisonCadre',
] as const;
