import { PGlite } from '@electric-sql/pglite';
import { eq } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Db } from '../server/src/db/client';
import * as schema from '../server/src/db/schema';
import { listIssues } from '../server/src/domains/issues/issues.service';
import { issueStats } from '../server/src/domains/issues/issues.stats';
import { listEstates } from '../server/src/domains/registry/registry.service';
import { loadActor } from '../server/src/platform/auth';
import type { Ctx } from '../server/src/platform/context';

/**
 * EXPLAIN ANALYZE of the hot queries exactly as the services build them: the service function (listEstates,
 * listIssues, issueStats) runs against a Drizzle handle whose logger records every statement with its parameters, as
 * the account the load used, then each recorded statement is explained on the same connection. For PGlite this runs
 * after the server has stopped (one process owns a PGlite data folder).
 */

export interface Statement {
  role: string;
  sql: string;
  params: unknown[];
  plan?: string;
}

export interface ExplainResult {
  filter: { orgUnitId: string; page: number; pageSize: number };
  /** Statements one GET /api/v1/estates runs after authentication (the auth hook adds the token and account lookups). */
  statements: Statement[];
}

/** One explained call: what it is, as whom, and the statements it ran. */
export interface ExplainedCall {
  name: string;
  description: string;
  username: string;
  statements: Statement[];
}

/** A service call to explain: it runs with a context acting as `username`. */
export interface CallSpec {
  name: string;
  description: string;
  username: string;
  run: (ctx: Ctx) => Promise<unknown>;
}

type RawQuery = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/** What a recorded statement does, from its text. */
function roleOf(sql: string): string {
  if (/count\(\*\)::int as collected/i.test(sql)) return 'stats';
  if (/\blimit\b/i.test(sql)) return 'list';
  if (/count\(/i.test(sql)) return 'count';
  if (/from "org_units"/i.test(sql) && !/join/i.test(sql)) return 'orgPath';
  if (/from "issue_handlers"/i.test(sql)) return 'handlers';
  if (/from "estates"/i.test(sql)) return 'estateNames';
  if (/from "settings"/i.test(sql)) return 'config';
  return 'other';
}

async function explainCallsWith(db: Db, raw: RawQuery, log: Statement[], calls: CallSpec[]): Promise<ExplainedCall[]> {
  const out: ExplainedCall[] = [];
  for (const call of calls) {
    const [account] = await db
      .select({ id: schema.accounts.id })
      .from(schema.accounts)
      .where(eq(schema.accounts.username, call.username));
    const actor = account && (await loadActor(db, account.id));
    if (!actor) throw new Error(`account ${call.username} not found`);
    log.length = 0;
    await call.run({ db, actor, ip: '127.0.0.1', now: () => new Date() });
    const statements = log.splice(0).map((s) => ({ ...s, role: roleOf(s.sql) }));
    for (const s of statements) {
      // Warm the caches the way the load did, then keep the last plan.
      for (let i = 0; i < 3; i++) await raw(`explain (analyze, buffers) ${s.sql}`, s.params);
      const plan = await raw(`explain (analyze, buffers) ${s.sql}`, s.params);
      s.plan = plan.map((r) => String(r['QUERY PLAN'])).join('\n');
    }
    out.push({ name: call.name, description: call.description, username: call.username, statements });
  }
  return out;
}

/** The estate list of the load (a district filter), as the admin. */
export function estateListCall(filter: ExplainResult['filter']): CallSpec {
  return {
    name: 'estates',
    description: `GET /api/v1/estates?orgUnitId=${filter.orgUnitId}&page=${filter.page}&pageSize=${filter.pageSize}`,
    username: 'admin',
    run: (ctx) => listEstates(ctx, filter),
  };
}

/** A street ledger page (open street-level issues of a street), as that street's account. */
export function ledgerCall(username: string, q: { orgUnitId: string; page: number; pageSize: number }): CallSpec {
  return {
    name: 'ledger',
    description: `GET /api/v1/ledgers/street?orgUnitId=${q.orgUnitId}&page=${q.page}&pageSize=${q.pageSize}`,
    username,
    run: (ctx) => listIssues(ctx, { ...q, level: 'street', ledger: true, timeZone: 'Asia/Shanghai' }),
  };
}

/** The city statistics (every issue of the city), as the bureau's account. */
export function statsCall(username: string, orgUnitId: string): CallSpec {
  return {
    name: 'stats',
    description: `GET /api/v1/stats/issues?orgUnitId=${orgUnitId}`,
    username,
    run: (ctx) => issueStats(ctx, { orgUnitId }, 'Asia/Shanghai'),
  };
}

/** Explains calls on a PostgreSQL database. */
export async function explainPostgres(url: string, calls: CallSpec[]): Promise<ExplainedCall[]> {
  const log: Statement[] = [];
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const db = drizzlePg(client, {
      schema,
      logger: { logQuery: (sql, params) => log.push({ role: 'other', sql, params }) },
    }) as unknown as Db;
    await client.query(`set statement_timeout = '60s'`);
    const raw: RawQuery = async (sql, params) => (await client.query(sql, params as unknown[])).rows;
    return await explainCallsWith(db, raw, log, calls);
  } finally {
    await client.end();
  }
}

/** Explains calls on a PGlite data folder (the server must have stopped). */
export async function explainPglite(dataDir: string, calls: CallSpec[]): Promise<ExplainedCall[]> {
  const log: Statement[] = [];
  const client = await PGlite.create(dataDir);
  try {
    const db = drizzlePglite(client, {
      schema,
      logger: { logQuery: (sql, params) => log.push({ role: 'other', sql, params }) },
    }) as unknown as Db;
    const raw: RawQuery = async (sql, params) => (await client.query<Record<string, unknown>>(sql, params)).rows;
    return await explainCallsWith(db, raw, log, calls);
  } finally {
    await client.close();
  }
}
