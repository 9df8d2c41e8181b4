import type { Role } from '@rp/contract';
import type { Db } from '../db/client';

/** The signed-in account as every service sees it: role and scope, with the org unit's path resolved. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  orgUnitId: string | null;
  /** Path of the bound org unit ("/city/district/…/"), for subtree checks. */
  orgPath: string | null;
  companyId: string | null;
  estateId: string | null;
  ownerId: string | null;
  departmentId: string | null;
}

/** What a service call needs: the database, who acts, from where, and the clock. */
export interface Ctx {
  db: Db;
  actor: Actor;
  ip: string | null;
  now: () => Date;
}

/** A context for system work (scheduled jobs, seeding, CLI): acts as admin with no account. */
export function systemCtx(db: Db, now: () => Date = () => new Date()): Ctx {
  return {
    db,
    now,
    ip: null,
    actor: {
      id: '00000000-0000-0000-0000-000000000000',
      username: 'system',
      displayName: 'system',
      role: 'admin',
      orgUnitId: null,
      orgPath: null,
      companyId: null,
      estateId: null,
      ownerId: null,
      departmentId: null,
    },
  };
}

/**
 * Runs work in one transaction with a context whose `db` is the transaction. Always use the given context inside:
 * PGlite has a single connection, so a query on the outer handle would wait for the transaction forever.
 */
export async function inTx<T>(ctx: Ctx, fn: (c: Ctx) => Promise<T>): Promise<T> {
  return ctx.db.transaction((tx) => fn({ ...ctx, db: tx as unknown as Db }));
}
