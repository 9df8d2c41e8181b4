import type {
  FiveToOne,
  OrgKind,
  OrgUnitNode,
  Role,
  User,
  ZAuditEntry,
  ZAuditHead,
  ZAuditVerify,
  ZCompany,
  ZDwelling,
  ZEstate,
  ZEstateDetail,
  ZImportResult,
  ZOrgUnit,
  ZOwner,
  ZPartyCoverage,
  ZPartyOrg,
} from '@rp/contract';
import type { z } from 'zod';

// API answer types, taken from the contract's schemas wherever the server declares one.
export type { FiveToOne, OrgKind, OrgUnitNode, Role, User };
export type OrgUnit = z.infer<typeof ZOrgUnit>;
export type Estate = z.infer<typeof ZEstate>;
export type EstateDetail = z.infer<typeof ZEstateDetail>;
export type Company = z.infer<typeof ZCompany>;
export type Owner = z.infer<typeof ZOwner>;
export type Dwelling = z.infer<typeof ZDwelling>;
export type PartyOrg = z.infer<typeof ZPartyOrg>;
export type PartyCoverage = z.infer<typeof ZPartyCoverage>;
export type AuditEntry = z.infer<typeof ZAuditEntry>;
export type AuditVerify = z.infer<typeof ZAuditVerify>;
export type AuditHead = z.infer<typeof ZAuditHead>;
export type ImportResult = z.infer<typeof ZImportResult>;
export type ManagementMode = Estate['managementMode'];

export interface Crumb {
  id: string;
  name: string;
  kind: OrgKind;
}

/** GET /api/v1/org-units/:id (no response schema on the server; shape of registry.service getOrgUnit). */
export interface OrgUnitDetail extends OrgUnit {
  breadcrumb: Crumb[];
  children: OrgUnit[];
  fiveToOne: FiveToOne | null;
}

/** GET /api/v1/companies/:id (shape of registry.service getCompany). */
export interface CompanyDetail extends Company {
  estates: {
    id: string;
    name: string;
    managementMode: ManagementMode;
    contractStartsOn: string | null;
    contractEndsOn: string | null;
  }[];
  partyOrgs: { id: string; name: string; kind: PartyOrg['kind'] }[];
}

export interface Department {
  id: string;
  name: string;
  orgUnitId: string;
}
