import { getTableColumns, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';

// PostgreSQL takes at most 65,535 bind parameters per statement; stay well below, and at most 1000 rows.
const MAX_PARAMS = 30_000;
const CHUNK_ROWS = 1000;

/** Multi-row inserts (VALUES lists) in chunks of at most 1000 rows and MAX_PARAMS parameters; for the small tables. */
export async function insertChunked<T extends Record<string, unknown>>(db: Db, table: PgTable, list: T[]) {
  if (!list.length) return;
  const columns = Object.keys(getTableColumns(table)).length;
  const size = Math.max(1, Math.min(CHUNK_ROWS, Math.floor(MAX_PARAMS / columns)));
  for (let i = 0; i < list.length; i += size) await db.insert(table).values(list.slice(i, i + size) as never);
}

/**
 * Bulk inserts for the big tables, 1000 rows a statement as `insert … select * from unnest($1::uuid[], …)`: one array
 * parameter per column instead of one parameter per value, which PGlite parses and binds about five times faster.
 * Only for columns of scalar types (no jsonb, no timestamps).
 */
export async function insertUnnest<T extends Record<string, unknown>>(db: Db, table: PgTable, list: T[]) {
  if (!list.length) return;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keys = [...new Set(list.flatMap((r) => Object.keys(r)))];
  const names = sql.join(
    keys.map((k) => sql.identifier(columns[k].name)),
    sql`, `,
  );
  for (let i = 0; i < list.length; i += CHUNK_ROWS) {
    const chunk = list.slice(i, i + CHUNK_ROWS);
    const arrays = keys.map(
      (k) => sql`${sql.param(chunk.map((r) => r[k] ?? null))}::${sql.raw(columns[k].getSQLType())}[]`,
    );
    await db.execute(sql`insert into ${table} (${names}) select * from unnest(${sql.join(arrays, sql`, `)})`);
  }
}
