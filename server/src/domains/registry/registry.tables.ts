import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** SPEC R-02: city → district → street → community; `path` is the chain of ids ("/a/b/c/") for subtree scope checks. */
export const orgUnits = pgTable(
  'org_units',
  {
    id: id(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['city', 'district', 'street', 'community'] }).notNull(),
    parentId: uuid('parent_id'),
    path: text('path').notNull(),
    isDevelopmentZone: boolean('is_development_zone').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('org_units_parent_idx').on(t.parentId),
    index('org_units_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
  ],
);

/** District departments (职能部门: 城管, 民政, …) that issues can be routed to. */
export const departments = pgTable('departments', {
  id: id(),
  name: text('name').notNull(),
  orgUnitId: uuid('org_unit_id').notNull(),
  createdAt: createdAt(),
});

/** SPEC R-08: five-to-one (五包一) responsibility record of a community. */
export const fiveToOne = pgTable('five_to_one', {
  communityId: uuid('community_id').primaryKey(),
  contacts: jsonb('contacts').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** SPEC R-04: property companies. */
export const companies = pgTable(
  'companies',
  {
    id: id(),
    name: text('name').notNull(),
    uscc: text('uscc').notNull(),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    partyOrganization: text('party_organization', { enum: ['none', 'branch', 'joint_branch', 'instructor'] })
      .notNull()
      .default('none'),
    staffCount: integer('staff_count'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('companies_uscc_uq').on(t.uscc)],
);

/** Estates (小区); `orgPath` copies the community's path so subtree scope is one indexed prefix match. */
export const estates = pgTable(
  'estates',
  {
    id: id(),
    name: text('name').notNull(),
    communityId: uuid('community_id').notNull(),
    orgPath: text('org_path').notNull(),
    address: text('address'),
    managementMode: text('management_mode', { enum: ['company', 'self', 'none', 'state_takeover'] }).notNull(),
    companyId: uuid('company_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('estates_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.name),
    index('estates_company_idx').on(t.companyId),
    index('estates_community_idx').on(t.communityId),
  ],
);

/** SPEC R-05: management-mode history, newest last; contract periods of the serving company live here too. */
export const estateModeHistory = pgTable(
  'estate_mode_history',
  {
    id: id(),
    estateId: uuid('estate_id').notNull(),
    mode: text('mode', { enum: ['company', 'self', 'none', 'state_takeover'] }).notNull(),
    companyId: uuid('company_id'),
    fromDate: date('from_date').notNull(),
    contractEndsOn: date('contract_ends_on'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [index('estate_mode_history_estate_idx').on(t.estateId)],
);

/** SPEC R-03: owners of record; the developer is an owner of kind `developer`. */
export const owners = pgTable('owners', {
  id: id(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['person', 'organization', 'developer'] }).notNull(),
  phone: text('phone'),
  /** Org path of the unit that registered the owner, so staff see owners they entered before any dwelling links them. */
  scopePath: text('scope_path').notNull().default(''),
  createdAt: createdAt(),
});

/** SPEC R-03: dwellings; the exclusive area is kept exactly, in hundredths of a m². */
export const dwellings = pgTable(
  'dwellings',
  {
    id: id(),
    estateId: uuid('estate_id').notNull(),
    building: text('building').notNull(),
    unit: text('unit').notNull().default(''),
    number: text('number').notNull(),
    areaHundredths: integer('area_hundredths').notNull(),
    delivered: boolean('delivered').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('dwellings_address_uq').on(t.estateId, t.building, t.unit, t.number)],
);

/** Owners of a dwelling; position 0 is the owner of record. */
export const dwellingOwners = pgTable(
  'dwelling_owners',
  {
    dwellingId: uuid('dwelling_id').notNull(),
    ownerId: uuid('owner_id').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.dwellingId, t.ownerId] }), index('dwelling_owners_owner_idx').on(t.ownerId)],
);

/** SPEC R-06: party organisations. */
export const partyOrgs = pgTable(
  'party_orgs',
  {
    id: id(),
    name: text('name').notNull(),
    kind: text('kind', {
      enum: ['estate_branch', 'company_branch', 'community_committee', 'industry_committee'],
    }).notNull(),
    estateId: uuid('estate_id'),
    companyId: uuid('company_id'),
    orgUnitId: uuid('org_unit_id'),
    establishedOn: date('established_on'),
    createdAt: createdAt(),
  },
  (t) => [index('party_orgs_estate_idx').on(t.estateId), index('party_orgs_company_idx').on(t.companyId)],
);

export const partyMembers = pgTable(
  'party_members',
  {
    id: id(),
    partyOrgId: uuid('party_org_id').notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    ownerId: uuid('owner_id'),
    joinedOn: date('joined_on'),
    createdAt: createdAt(),
  },
  (t) => [index('party_members_org_idx').on(t.partyOrgId)],
);
