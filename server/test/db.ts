import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { type Database, MIGRATIONS_DIR, openPglite, openPostgres } from '../src/db/client';
import { ensureReferenceData } from '../src/domains/system/system.service';

const TMP = path.resolve(import.meta.dirname, '../../.tmp');
const TEMPLATE_TARBALL = path.join(TMP, 'pglite-template.tar.gz');
/** The template database of this test run (set by the global setup, inherited by the workers). */
const pgTemplate = () => process.env.RP_PG_TEMPLATE ?? `rp_test_tpl_${process.pid}`;

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Newest migration file time, so a stale template is rebuilt when migrations change. */
function migrationsStamp(): string {
  const journal = readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8');
  return `${String(journal.length)}:${String(statSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json')).mtimeMs)}`;
}

/** Vitest global setup: builds one migrated database template (PGlite tarball, or a PostgreSQL template database). */
export async function prepareTemplate() {
  mkdirSync(TMP, { recursive: true });
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // Drop what earlier runs that died left behind (their process is gone); other live runs keep theirs.
    const old = await admin.query(`select datname from pg_database where datname like 'rp_test_%'`);
    for (const r of old.rows) {
      const pid = Number(String(r.datname).match(/^rp_test_(?:tpl_)?(\d+)/)?.[1]);
      if (pid && !alive(pid)) await admin.query(`drop database if exists "${r.datname}" with (force)`);
    }
    process.env.RP_PG_TEMPLATE = `rp_test_tpl_${process.pid}`;
    await admin.query(`drop database if exists ${pgTemplate()} with (force)`);
    await admin.query(`create database ${pgTemplate()}`);
    await admin.end();
    const db = await openPostgres(withDb(url, pgTemplate()), 2);
    await db.migrate();
    await ensureReferenceData(db.db);
    await db.close();
    return;
  }
  const stampFile = `${TEMPLATE_TARBALL}.stamp`;
  const stamp = migrationsStamp();
  if (existsSync(TEMPLATE_TARBALL) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  const db = await openPglite(undefined);
  await db.migrate();
  await ensureReferenceData(db.db);
  const blob = await db.pglite!.dumpDataDir('gzip');
  writeFileSync(TEMPLATE_TARBALL, Buffer.from(await blob.arrayBuffer()));
  writeFileSync(stampFile, stamp);
  await db.close();
}

function withDb(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

let counter = 0;

/** A fresh migrated database for one test file: a PGlite clone of the template, or a PostgreSQL database copied from it. */
export async function freshDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `rp_test_${process.pid}_${++counter}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database "${name}" template ${pgTemplate()}`);
    await admin.end();
    const db = await openPostgres(withDb(url, name), 4);
    const close = db.close;
    db.close = async () => {
      await close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists "${name}"`);
      await a.end();
    };
    return db;
  }
  const buf = readFileSync(TEMPLATE_TARBALL);
  return openPglite(undefined, new Blob([buf]));
}

/** Builds the app on a fresh database with an injectable clock. */
export async function testApp(opts: { now?: () => Date } = {}) {
  const database = await freshDatabase();
  const config = { ...loadConfig({}), webDist: '/nonexistent', dataDir: path.join(TMP, `data-${process.pid}`) };
  const app = await buildApp({ database, config, now: opts.now });
  return {
    app,
    database,
    db: database.db,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** Vitest global teardown: drops this run's PostgreSQL template. */
export async function dropTemplate() {
  const url = process.env.DATABASE_URL;
  if (!url || !process.env.RP_PG_TEMPLATE) return;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${process.env.RP_PG_TEMPLATE} with (force)`);
  await admin.end();
}
