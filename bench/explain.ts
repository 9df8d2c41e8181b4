import { PGlite } from '@electric-sql/pglite';
import { eq } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Db } from '../server/src/db/client';
import * as schema from '../server/src/db/schema';
import { listEstates } from '../server/src/domains/registry/registry.service';
import { loadActor } from '../server/src/platform/auth';

/**
 * EXPLAIN ANALYZE of the hot query (the estate list) exactly as the service builds it: listEstates() runs against a
 * Drizzle handle whose logger records every statement with its parameters, then each recorded statement is explained
 * on the same connection. For PGlite this runs after the server has stopped (one process owns a PGlite data folder).
 */

export interface Statement {
  role: 'orgPath' | 'count' | 'list' | 'other';
  sql: string;
  params: unknown[];
  plan?: string;
}

export interface ExplainResult {
  filter: { orgUnitId: string; page: number; pageSize: number };
  /** Statements one GET /api/v1/estates runs after authentication (the auth hook adds the token and account lookups). */
  statements: Statement[];
}

type RawQuery = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

async function explainWith(
  db: Db,
  raw: RawQuery,
  log: Statement[],
  filter: ExplainResult['filter'],
): Promise<ExplainResult> {
  const [admin] = await db
    .select({ id: schema.accounts.id })
    .from(schema.accounts)
    .where(eq(schema.accounts.username, 'admin'));
  const actor = await loadActor(db, admin.id);
  if (!actor) throw new Error('admin account not found');
  log.length = 0;
  const ctx = { db, actor, ip: '127.0.0.1', now: () => new Date() };
  await listEstates(ctx, { orgUnitId: filter.orgUnitId, page: filter.page, pageSize: filter.pageSize });
  const statements = log.splice(0).map((s) => ({
    ...s,
    role: (/limit/i.test(s.sql)
      ? 'list'
      : /count\(/i.test(s.sql)
        ? 'count'
        : /from "org_units"/i.test(s.sql)
          ? 'orgPath'
          : 'other') as Statement['role'],
  }));
  for (const s of statements) {
    // Warm the caches the way the load did, then keep the last plan.
    for (let i = 0; i < 3; i++) await raw(`explain (analyze, buffers) ${s.sql}`, s.params);
    const plan = await raw(`explain (analyze, buffers) ${s.sql}`, s.params);
    s.plan = plan.map((r) => String(r['QUERY PLAN'])).join('\n');
  }
  return { filter, statements };
}

/** Explains the estate list on a PostgreSQL database. */
export async function explainPostgres(url: string, filter: ExplainResult['filter']): Promise<ExplainResult> {
  const log: Statement[] = [];
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const db = drizzlePg(client, {
      schema,
      logger: { logQuery: (sql, params) => log.push({ role: 'other', sql, params }) },
    }) as unknown as Db;
    await client.query(`set statement_timeout = '30s'`);
    const raw: RawQuery = async (sql, params) => (await client.query(sql, params as unknown[])).rows;
    return await explainWith(db, raw, log, filter);
  } finally {
    await client.end();
  }
}

/** Explains the estate list on a PGlite data folder (the server must have stopped). */
export async function explainPglite(dataDir: string, filter: ExplainResult['filter']): Promise<ExplainResult> {
  const log: Statement[] = [];
  const client = await PGlite.create(dataDir);
  try {
    const db = drizzlePglite(client, {
      schema,
      logger: { logQuery: (sql, params) => log.push({ role: 'other', sql, params }) },
    }) as unknown as Db;
    const raw: RawQuery = async (sql, params) => (await client.query<Record<string, unknown>>(sql, params)).rows;
    return await explainWith(db, raw, log, filter);
  } finally {
    await client.close();
  }
}
