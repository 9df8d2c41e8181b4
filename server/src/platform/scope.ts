import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { companies, dwellingOwners, dwellings, estates, issueHandlers, issues, orgUnits, owners } from '../db/schema';
import type { Actor } from './context';
import { notFound } from './errors';

/**
 * SPEC R-01: the one scope mechanism. Every query of every domain that reads estate-linked data filters through
 * these conditions, so out-of-scope rows never appear in lists, statistics or exports, and single reads answer 404.
 */

const ORG_BOUND = new Set(['bureau', 'department', 'street', 'community', 'volunteer']);

/** A condition on the `estates` table: the estates the actor may see. */
export function estateScope(actor: Actor): SQL {
  if (actor.role === 'admin') return sql`true`;
  if (ORG_BOUND.has(actor.role)) {
    if (!actor.orgPath) return sql`false`;
    return sql`${estates.orgPath} like ${`${actor.orgPath}%`}`;
  }
  if (actor.role === 'company') return actor.companyId ? sql`${estates.companyId} = ${actor.companyId}` : sql`false`;
  if (actor.role === 'committee') return actor.estateId ? sql`${estates.id} = ${actor.estateId}` : sql`false`;
  if (actor.role === 'resident') {
    if (!actor.ownerId) return sql`false`;
    return sql`${estates.id} in (select ${dwellings.estateId} from ${dwellings} join ${dwellingOwners} on ${dwellingOwners.dwellingId} = ${dwellings.id} where ${dwellingOwners.ownerId} = ${actor.ownerId})`;
  }
  return sql`false`;
}

/** A condition on any column holding an estate id: that estate is in the actor's scope. */
export function estateIdInScope(actor: Actor, column: PgColumn | SQL): SQL {
  if (actor.role === 'admin') return sql`true`;
  if (actor.role === 'committee') return actor.estateId ? sql`${column} = ${actor.estateId}` : sql`false`;
  return sql`${column} in (select ${estates.id} from ${estates} where ${estateScope(actor)})`;
}

/** A condition on the `dwellings` table: residents see their own dwellings only; others, the dwellings of their estates. */
export function dwellingScope(actor: Actor): SQL {
  if (actor.role === 'resident') {
    if (!actor.ownerId) return sql`false`;
    return sql`${dwellings.id} in (select ${dwellingOwners.dwellingId} from ${dwellingOwners} where ${dwellingOwners.ownerId} = ${actor.ownerId})`;
  }
  return estateIdInScope(actor, dwellings.estateId);
}

/** A condition on the `owners` table: owners of visible dwellings, or registered inside the actor's org subtree. */
export function ownerScope(actor: Actor): SQL {
  if (actor.role === 'admin') return sql`true`;
  if (actor.role === 'resident') return actor.ownerId ? sql`${owners.id} = ${actor.ownerId}` : sql`false`;
  const viaDwellings = sql`${owners.id} in (select ${dwellingOwners.ownerId} from ${dwellingOwners} join ${dwellings} on ${dwellings.id} = ${dwellingOwners.dwellingId} where ${dwellingScope(actor)})`;
  if (ORG_BOUND.has(actor.role) && actor.orgPath)
    return sql`(${owners.scopePath} like ${`${actor.orgPath}%`} or ${viaDwellings})`;
  return viaDwellings;
}

/** A condition on the `org_units` table: the actor's subtree, or for estate-bound roles the units above their estates. */
export function orgUnitScope(actor: Actor): SQL {
  if (actor.role === 'admin') return sql`true`;
  if (ORG_BOUND.has(actor.role)) return actor.orgPath ? sql`${orgUnits.path} like ${`${actor.orgPath}%`}` : sql`false`;
  return sql`${orgUnits.id}::text in (select unnest(string_to_array(trim(both '/' from ${estates.orgPath}), '/')) from ${estates} where ${estateScope(actor)})`;
}

/** A condition on the `companies` table: the bureau and admin see the whole registry; others, the companies serving their estates. */
export function companyScope(actor: Actor): SQL {
  if (actor.role === 'admin' || actor.role === 'bureau') return sql`true`;
  if (actor.role === 'company') return actor.companyId ? sql`${companies.id} = ${actor.companyId}` : sql`false`;
  return sql`${companies.id} in (select ${estates.companyId} from ${estates} where ${estateScope(actor)})`;
}

/** True when an org unit path lies inside the actor's subtree (admin: always). */
export function orgPathInScope(actor: Actor, path: string): boolean {
  if (actor.role === 'admin') return true;
  return !!actor.orgPath && path.startsWith(actor.orgPath);
}

/** Throws 404 unless the value is present: single reads outside scope look exactly like missing records. */
export function found<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw notFound();
  return value;
}

/**
 * A condition on the `issues` table (SPEC R-01, issue 3): staff see their subtree; a company or a department sees the
 * issues routed to it (lead or assisting); a committee its estate's; a resident the issues it reported; a volunteer
 * the ones it entered.
 */
export function issueScope(actor: Actor): SQL {
  if (actor.role === 'admin') return sql`true`;
  const routedTo = (kind: string, id: string | null) =>
    id
      ? sql`exists (select 1 from ${issueHandlers} h where h.issue_id = ${issues.id} and h.kind = ${kind} and h.ref_id = ${id} and h.active)`
      : sql`false`;
  if (actor.role === 'department') return routedTo('department', actor.departmentId);
  if (actor.role === 'company') return routedTo('company', actor.companyId);
  if (actor.role === 'volunteer') return sql`${issues.createdBy} = ${actor.id}`;
  if (ORG_BOUND.has(actor.role)) return actor.orgPath ? sql`${issues.orgPath} like ${`${actor.orgPath}%`}` : sql`false`;
  if (actor.role === 'committee') return actor.estateId ? sql`${issues.estateId} = ${actor.estateId}` : sql`false`;
  if (actor.role === 'resident') return sql`${issues.reporterAccountId} = ${actor.id}`;
  return sql`false`;
}
