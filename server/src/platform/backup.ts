import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { type Db, rows } from '../db/client';
import * as schema from '../db/schema';

export const BACKUP_FORMAT = 'red-property-backup/1';

/** Tables derived from others by triggers: not dumped; a restore rebuilds them as the source rows come back. */
const DERIVED_TABLES = new Set(['issue_rollup', 'issue_rollup_delta']);

/** Every table of the schema that holds original data, by name. */
export function tableNames(): string[] {
  return (Object.values(schema) as unknown[])
    .filter((t): t is PgTable => is(t, PgTable))
    .map((t) => getTableConfig(t).name)
    .filter((n) => !DERIVED_TABLES.has(n))
    .sort();
}

/** Applied migrations, so a restore can refuse a dump from a different schema version. */
async function migrationLevel(db: Db): Promise<string> {
  const r = await rows<{ hash: string }>(
    db,
    sql`select hash from drizzle.__drizzle_migrations order by created_at desc limit 1`,
  );
  return r[0]?.hash ?? '';
}

/**
 * Writes a consistent dump (one repeatable-read snapshot) as gzip JSON lines: a header line, then per table a
 * `{ "table": name }` line followed by one `row_to_json` line per row. Works the same on PGlite and PostgreSQL.
 */
export async function writeBackup(db: Db, file: string): Promise<{ tables: number; rows: number }> {
  const gz = createGzip();
  const out = createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gz.on('error', reject);
  });
  gz.pipe(out);
  const write = (line: string) =>
    gz.write(`${line}\n`) ? Promise.resolve() : new Promise<void>((r) => gz.once('drain', () => r()));
  let total = 0;
  const names = tableNames();
  await db.transaction(
    async (tx) => {
      const t = tx as unknown as Db;
      await write(
        JSON.stringify({
          format: BACKUP_FORMAT,
          migration: await migrationLevel(t),
          at: new Date().toISOString(),
          tables: names,
        }),
      );
      for (const name of names) {
        await write(JSON.stringify({ table: name }));
        const list = await rows<{ j: string }>(t, sql.raw(`select row_to_json(x)::text as j from "${name}" x`));
        for (const r of list) await write(r.j);
        total += list.length;
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  gz.end();
  await done;
  return { tables: names.length, rows: total };
}

/** Replaces all data with a dump's, in one transaction (the schema must be at the same migration level). */
export async function restoreBackup(db: Db, file: string): Promise<{ tables: number; rows: number }> {
  const lines = createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) throw new Error('empty backup file');
  const header = JSON.parse(first.value) as { format: string; migration: string; tables: string[] };
  if (header.format !== BACKUP_FORMAT) throw new Error(`not a Red Property backup (${header.format})`);
  const level = await migrationLevel(db);
  if (header.migration !== level)
    throw new Error('the backup was made at another schema version; migrate to the same version first');
  const known = new Set(tableNames());
  let total = 0;
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.execute(sql.raw(`truncate ${[...known].map((n) => `"${n}"`).join(', ')}`));
    let table = '';
    let batch: string[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const json = `[${batch.join(',')}]`;
      await t.execute(
        sql`insert into ${sql.raw(`"${table}"`)} select * from json_populate_recordset(null::${sql.raw(`"${table}"`)}, ${json}::json)`,
      );
      total += batch.length;
      batch = [];
    };
    for (;;) {
      const n = await it.next();
      if (n.done) break;
      const line = n.value;
      if (!line) continue;
      if (line.startsWith('{"table":')) {
        await flush();
        table = (JSON.parse(line) as { table: string }).table;
        if (!known.has(table)) throw new Error(`unknown table in backup: ${table}`);
        continue;
      }
      batch.push(line);
      if (batch.length >= 1000) await flush();
    }
    await flush();
    // Serial sequences must continue after the restored rows.
    await t.execute(
      sql`select setval(pg_get_serial_sequence('audit_log', 'seq'), coalesce((select max(seq) from audit_log), 0) + 1, false)`,
    );
  });
  return { tables: known.size, rows: total };
}
