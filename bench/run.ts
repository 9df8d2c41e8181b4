import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Api, pool } from './api';
import { estateCsv, planCompanies, planEstates, planOrgTree, prng } from './dataset';
import { type ExplainResult, explainPglite, explainPostgres } from './explain';
import type { LoadResult, LoadSpec } from './load';
import { cpuMeter, machineInfo, processPeakRssMiB, quantile } from './metrics';
import { type DbKind, printPlans, printSummary, type RunResult, targetChecks } from './report';
import { installCleanupHandlers, killAllChildren, ROOT, type ServerHandle, spawnTracked, startServer } from './server';

/**
 * `npm run bench`: builds a city-scale dataset through the HTTP API of the real server, once on PGlite and once on
 * PostgreSQL, and measures import throughput and the estate list under load against the health ceiling.
 * bench/README.md describes the method and the BENCH_* environment variables.
 */

const env = process.env;
const num = (v: string | undefined, d: number) =>
  v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : d;
const SCALE = num(env.BENCH_SCALE, 1);
const DBS: DbKind[] =
  env.BENCH_DB === 'pglite' ? ['pglite'] : env.BENCH_DB === 'postgres' ? ['postgres'] : ['pglite', 'postgres'];
const DURATION_S = num(env.BENCH_DURATION, 10);
const WARMUP_S = num(env.BENCH_WARMUP, 3);
const CONNECTIONS = num(env.BENCH_CONNECTIONS, 20);
const IMPORT_CONCURRENCY = num(env.BENCH_IMPORT_CONCURRENCY, 4);
const PG_URL = env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PG_DB = env.BENCH_PG_DB ?? 'rp_bench';
/** The whole run stops by itself after this long, whatever happens. */
const HARD_TIMEOUT_S = num(env.BENCH_TIMEOUT, 1800);

const ESTATES = Math.max(1, Math.round(1000 * SCALE));
const DWELLINGS_PER_ESTATE = Math.max(1, Math.min(450, num(env.BENCH_DWELLINGS, 300)));
const COMMUNITIES = 100;
const COMPANIES = 20;
const SEED = 20260401;
const ADMIN_PASSWORD = 'bench-admin-password-1';
const RESULTS_DIR = path.join(import.meta.dirname, 'results');

const log = (msg: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const secs = (ms: number) => Math.round(ms) / 1000;

function pgUrlFor(database: string) {
  const u = new URL(PG_URL);
  if (!['127.0.0.1', 'localhost'].includes(u.hostname)) throw new Error(`BENCH_PG_URL must point at 127.0.0.1`);
  u.hostname = '127.0.0.1';
  u.pathname = `/${database}`;
  return u.toString();
}

/** Drops and re-creates the benchmark database; nothing else on the server is touched. */
async function recreatePgDatabase() {
  const maintenance = new URL(PG_URL).pathname.slice(1) || 'postgres';
  if (!/^[a-z_][a-z0-9_]*$/.test(PG_DB) || ['postgres', 'template0', 'template1', maintenance].includes(PG_DB))
    throw new Error(`BENCH_PG_DB ${PG_DB} is not a database the benchmark may drop`);
  const client = new pg.Client({ connectionString: pgUrlFor(maintenance) });
  await client.connect();
  try {
    await client.query(`drop database if exists ${PG_DB} with (force)`);
    await client.query(`create database ${PG_DB}`);
  } finally {
    await client.end();
  }
}

async function pgQuery(sql: string) {
  const client = new pg.Client({ connectionString: pgUrlFor(PG_DB) });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Runs one load test in a separate autocannon process (bench/load.ts), bounded by a timeout. */
async function runLoadChild(
  spec: LoadSpec,
  serverPid: number | undefined,
  pgDatabase?: string,
): Promise<LoadResult & { cpu: Record<string, number | null> }> {
  const args = ['--import', 'tsx', path.join('bench', 'load.ts'), JSON.stringify(spec)];
  const child = spawnTracked(process.execPath, args, { cwd: ROOT });
  // CPU over the child's life (warm-up included): server and load generator in cores, the whole machine 0–1.
  const meter = cpuMeter({ server: serverPid, load: child.pid }, pgDatabase);
  let cpu: Record<string, number | null> = {};
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => {
    if (!out) cpu = meter();
    out += c.toString('utf8');
  });
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString('utf8');
  });
  const limitMs = (spec.durationS + spec.warmupS + 60) * 1000;
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), limitMs);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`load child failed (${code}): ${err.slice(-2000)}`);
  const line = out.trim().split('\n').pop() ?? '';
  return { ...(JSON.parse(line) as LoadResult), cpu };
}

interface Built {
  orgIds: { city: string; districts: string[]; streets: string[]; communities: string[] };
  /** Estates per district / street, to know how many pages a filter has. */
  counts: Map<string, number>;
  estateIds: string[];
  setup: { orgUnits: number; orgSeconds: number; companies: number; estates: number; estatesSeconds: number };
}

/** Builds the org tree, the companies and the estates through the API (what a bureau's script would do). */
async function buildRegistry(api: Api): Promise<Built> {
  const rand = prng(SEED);
  const plan = planOrgTree(COMMUNITIES);
  const t0 = performance.now();
  type OrgUnit = { id: string };
  const city = await api.post<OrgUnit>('/api/v1/org-units', { name: plan.city, kind: 'city' });
  const districts: string[] = [];
  const streets: string[] = [];
  const communities: string[] = [];
  const communityDistrict: number[] = [];
  const communityStreet: number[] = [];
  for (const [di, d] of plan.districts.entries()) {
    const dist = await api.post<OrgUnit>('/api/v1/org-units', { name: d.name, kind: 'district', parentId: city.id });
    districts.push(dist.id);
    for (const s of d.streets) {
      const st = await api.post<OrgUnit>('/api/v1/org-units', { name: s.name, kind: 'street', parentId: dist.id });
      const si = streets.push(st.id) - 1;
      const ids = await pool(s.communities, 4, (name) =>
        api.post<OrgUnit>('/api/v1/org-units', { name, kind: 'community', parentId: st.id }),
      );
      for (const c of ids) {
        communities.push(c.id);
        communityDistrict.push(di);
        communityStreet.push(si);
      }
    }
  }
  const orgSeconds = secs(performance.now() - t0);
  const companyPlan = planCompanies(COMPANIES, rand);
  const companyIds = (await pool(companyPlan, 4, (c) => api.post<{ id: string }>('/api/v1/companies', c))).map(
    (c) => c.id,
  );
  const estatePlan = planEstates(ESTATES, communities.length, companyIds.length, rand);
  const t1 = performance.now();
  const estateIds = (
    await pool(estatePlan, 4, (e) =>
      api.post<{ id: string }>('/api/v1/estates', {
        name: e.name,
        communityId: communities[e.community],
        address: e.address,
        managementMode: e.managementMode,
        companyId: e.company === undefined ? undefined : companyIds[e.company],
      }),
    )
  ).map((e) => e.id);
  const estatesSeconds = secs(performance.now() - t1);
  const counts = new Map<string, number>();
  const bump = (id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const e of estatePlan) {
    bump(city.id);
    bump(districts[communityDistrict[e.community]]);
    bump(streets[communityStreet[e.community]]);
  }
  return {
    orgIds: { city: city.id, districts, streets, communities },
    counts,
    estateIds,
    setup: {
      orgUnits: 1 + districts.length + streets.length + communities.length,
      orgSeconds,
      companies: companyIds.length,
      estates: estateIds.length,
      estatesSeconds,
    },
  };
}

/** Imports DWELLINGS_PER_ESTATE dwellings into every estate, a CSV file per estate, a few uploads in flight. */
async function importAll(api: Api, estateIds: string[], server: ServerHandle, pgDatabase?: string) {
  const perRequest: number[] = [];
  let owners = 0;
  let imported = 0;
  const meter = cpuMeter({ server: server.child.pid }, pgDatabase);
  const t0 = performance.now();
  await pool(estateIds, IMPORT_CONCURRENCY, async (id, i) => {
    // Seeded per estate, so the files are the same whatever order the uploads run in.
    const { csv, owners: o } = estateCsv(i, DWELLINGS_PER_ESTATE, prng(SEED + 1 + i));
    const s = performance.now();
    const res = await api.upload<{ imported: number; owners?: number }>(
      `/api/v1/estates/${id}/dwellings/import`,
      `estate-${i + 1}.csv`,
      csv,
    );
    perRequest.push(performance.now() - s);
    if (res.imported !== DWELLINGS_PER_ESTATE) throw new Error(`estate ${id}: imported ${res.imported}`);
    imported += res.imported;
    owners += res.owners ?? o;
    if ((i + 1) % Math.max(1, Math.floor(estateIds.length / 10)) === 0)
      log(`  import ${i + 1}/${estateIds.length} files, ${secs(performance.now() - t0)} s`);
  });
  const seconds = secs(performance.now() - t0);
  return {
    files: estateIds.length,
    dwellings: imported,
    owners,
    seconds,
    dwellingsPerSec: Math.round(imported / seconds),
    concurrency: IMPORT_CONCURRENCY,
    perFileMs: {
      p50: Math.round(quantile(perRequest, 0.5)),
      p99: Math.round(quantile(perRequest, 0.99)),
      max: Math.round(Math.max(...perRequest)),
    },
    cpu: meter(),
  };
}

/** The estate-list requests of the load: district and street filters over their pages, in a fixed shuffled order. */
function estateListPaths(b: Built): string[] {
  const paths: string[] = [];
  const units = [...b.orgIds.districts, ...b.orgIds.streets];
  for (const u of units) {
    const pages = Math.max(1, Math.ceil((b.counts.get(u) ?? 0) / 20));
    for (let p = 1; p <= Math.min(pages, 20); p++) paths.push(`/api/v1/estates?orgUnitId=${u}&page=${p}&pageSize=20`);
  }
  const rand = prng(SEED + 7);
  for (let i = paths.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [paths[i], paths[j]] = [paths[j], paths[i]];
  }
  return paths;
}

async function benchOne(db: DbKind, startedAt: string): Promise<RunResult> {
  log(`── ${db}: ${ESTATES} estates × ${DWELLINGS_PER_ESTATE} dwellings (scale ${SCALE})`);
  let dataDir: string | undefined;
  const serverEnv: Record<string, string> = { RP_ADMIN_PASSWORD: ADMIN_PASSWORD };
  if (db === 'pglite') {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rp-bench-'));
    serverEnv.RP_DATA_DIR = dataDir;
    serverEnv.DATABASE_URL = '';
  } else {
    await recreatePgDatabase();
    serverEnv.DATABASE_URL = pgUrlFor(PG_DB);
    serverEnv.RP_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'rp-bench-pgfiles-'));
  }
  let server: ServerHandle | undefined;
  try {
    const t0 = performance.now();
    server = await startServer(serverEnv);
    const startSeconds = secs(performance.now() - t0);
    log(`server up on ${server.baseUrl} in ${startSeconds} s`);
    const api = new Api(server.baseUrl);
    await api.signInWithToken('admin', ADMIN_PASSWORD, 'bench');

    const built = await buildRegistry(api);
    log(
      `registry: ${built.setup.orgUnits} org units (${built.setup.orgSeconds} s), ${built.setup.companies} companies, ` +
        `${built.setup.estates} estates (${built.setup.estatesSeconds} s)`,
    );
    const pgDb = db === 'postgres' ? PG_DB : undefined;
    const imp = await importAll(api, built.estateIds, server, pgDb);
    log(`import: ${imp.dwellings} dwellings in ${imp.seconds} s = ${imp.dwellingsPerSec}/s`);

    // Sanity: the data is really there and the list filter answers what the dataset says.
    const one = await api.get<{ dwellingCount: number }>(`/api/v1/estates/${built.estateIds[0]}`);
    if (one.dwellingCount !== DWELLINGS_PER_ESTATE) throw new Error(`estate has ${one.dwellingCount} dwellings`);
    const d0 = built.orgIds.districts[0];
    const list = await api.get<{ total: number; items: unknown[] }>(`/api/v1/estates?orgUnitId=${d0}&pageSize=20`);
    if (list.total !== built.counts.get(d0)) throw new Error(`district list total ${list.total}`);

    if (db === 'postgres') await pgQuery('analyze'); // what autovacuum does within a minute of a bulk load

    const paths = estateListPaths(built);
    const common = { baseUrl: server.baseUrl, connections: CONNECTIONS, durationS: DURATION_S, warmupS: WARMUP_S };
    log(`load: GET /api/health, ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s`);
    const health = await runLoadChild({ ...common, paths: ['/api/health'] }, server.child.pid, pgDb);
    log(`load: GET /api/v1/estates (${paths.length} distinct filtered pages)`);
    const estates = await runLoadChild(
      { ...common, paths, headers: { authorization: `Bearer ${api.token}` } },
      server.child.pid,
      pgDb,
    );
    const serverPeakRssMiB = processPeakRssMiB(server.child.pid);
    await server.stop();
    server = undefined;

    const filter = { orgUnitId: d0, page: Math.min(3, Math.ceil((built.counts.get(d0) ?? 1) / 20)), pageSize: 20 };
    let explain: ExplainResult | { error: string };
    try {
      explain =
        db === 'postgres'
          ? await explainPostgres(pgUrlFor(PG_DB), filter)
          : await explainPglite(path.join(dataDir!, 'pg'), filter);
    } catch (e) {
      explain = { error: String(e) };
    }

    const result: RunResult = {
      db,
      startedAt,
      finishedAt: new Date().toISOString(),
      scale: SCALE,
      machine: machineInfo(),
      config: {
        connections: CONNECTIONS,
        durationS: DURATION_S,
        warmupS: WARMUP_S,
        importConcurrency: IMPORT_CONCURRENCY,
        dwellingsPerEstate: DWELLINGS_PER_ESTATE,
      },
      server: { startSeconds, peakRssMiB: serverPeakRssMiB },
      setup: built.setup,
      import: imp,
      load: {
        health: { path: '/api/health', ...health },
        estates: {
          path: '/api/v1/estates?orgUnitId=<district|street>&page=<1..n>&pageSize=20',
          paths: paths.length,
          ...estates,
        },
        ratio: Math.round((estates.rps / health.rps) * 1000) / 1000,
      },
      explain,
      targets: [],
    };
    result.targets = targetChecks(result);
    return result;
  } catch (e) {
    if (server) console.error(`server output:\n${server.tail()}`);
    throw e;
  } finally {
    if (server) await server.stop();
    if (dataDir && env.BENCH_KEEP !== '1') rmSync(dataDir, { recursive: true, force: true });
    if (db === 'postgres' && serverEnv.RP_DATA_DIR) rmSync(serverEnv.RP_DATA_DIR, { recursive: true, force: true });
  }
}

async function main() {
  if (env.BENCH_REPORT_ONLY === '1') {
    // Re-prints the last run's tables from latest.json without running anything.
    const { results } = JSON.parse(readFileSync(path.join(RESULTS_DIR, 'latest.json'), 'utf8')) as {
      results: RunResult[];
    };
    printPlans(results);
    printSummary(results);
    return;
  }
  installCleanupHandlers();
  const hard = setTimeout(() => {
    console.error(`bench: still running after ${HARD_TIMEOUT_S} s, giving up`);
    killAllChildren();
    process.exit(2);
  }, HARD_TIMEOUT_S * 1000);
  hard.unref();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const startedAt = new Date().toISOString();
  const stamp = startedAt.replace(/[:.]/g, '-');
  const results: RunResult[] = [];
  const files: string[] = [];
  for (const db of DBS) {
    const r = await benchOne(db, startedAt);
    results.push(r);
    const file = path.join(RESULTS_DIR, `${stamp}-${db}-scale${SCALE}.json`);
    writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
    files.push(file);
  }
  const latest = path.join(RESULTS_DIR, 'latest.json');
  writeFileSync(latest, `${JSON.stringify({ startedAt, scale: SCALE, results }, null, 2)}\n`);
  files.push(latest);
  printPlans(results);
  printSummary(results);
  console.log(`\nResults: ${files.map((f) => path.relative(ROOT, f)).join(', ')}`);
  const missed = results.flatMap((r) => r.targets).filter((t) => t.status === 'MISS');
  // Misses are reported, not failures: the run itself succeeded. BENCH_STRICT=1 turns them into a failing exit code.
  process.exitCode = missed.length && env.BENCH_STRICT === '1' ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  killAllChildren();
  process.exit(1);
});
