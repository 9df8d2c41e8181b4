import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Api, pool } from './api';
import { generateBallots, generateDwellings, generateIssues, type IssueGenResult } from './bulk';
import { estateCsv, planCompanies, planEstates, planOrgTree, prng } from './dataset';
import { type ExplainResult, estateListCall, explainPglite, explainPostgres, ledgerCall, statsCall } from './explain';
import type { LoadResult, LoadSpec } from './load';
import { cpuMeter, machineInfo, processPeakRssMiB, quantile } from './metrics';
import { type DbKind, printPlans, printSummary, type RunResult, targetChecks } from './report';
import {
  accountClient,
  enterBallots,
  estateOwners,
  importLargeEstate,
  intakeBodies,
  leafCategories,
  type Meeting,
  openMeeting,
  openRaw,
  timed,
} from './scenarios';
import { installCleanupHandlers, killAllChildren, ROOT, type ServerHandle, spawnTracked, startServer } from './server';

/**
 * `npm run bench`: builds a city-scale dataset through the HTTP API of the real server, once on PGlite and once on
 * PostgreSQL, and measures import throughput and the estate list under load against the health ceiling (also with
 * the optional list cache); then, on a year of issues written in bulk, the street ledger, the city statistics and
 * issue intake under load, closing an owners' meeting of 20,000 dwellings and a billing run over 300,000.
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
const HARD_TIMEOUT_S = num(env.BENCH_TIMEOUT, 2400);

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
  // Large specs (many request bodies) travel in a file: one argument may hold only 128 KiB.
  const json = JSON.stringify(spec);
  let specFile: string | undefined;
  if (json.length > 32_000) {
    specFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'rp-bench-load-')), 'spec.json');
    writeFileSync(specFile, json);
  }
  const args = ['--import', 'tsx', path.join('bench', 'load.ts'), specFile ? `@${specFile}` : json];
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
  const limitMs = (spec.durationS + spec.warmupS + 2 * (spec.timeoutS ?? 10) + 60) * 1000;
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), limitMs);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(timer);
  if (specFile) rmSync(path.dirname(specFile), { recursive: true, force: true });
  if (code !== 0) throw new Error(`load child failed (${code}): ${err.slice(-2000)}`);
  const line = out.trim().split('\n').pop() ?? '';
  return { ...(JSON.parse(line) as LoadResult), cpu };
}

type Load = Awaited<ReturnType<typeof runLoadChild>>;

interface Built {
  orgIds: { city: string; districts: string[]; streets: string[]; communities: string[] };
  /** Estates per district / street, to know how many pages a filter has. */
  counts: Map<string, number>;
  estateIds: string[];
  companyIds: string[];
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
    companyIds,
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

/** Which of the added parts run (BENCH_SKIP=cache,issues,intake,meeting,billing leaves some out). */
const SKIP = new Set((env.BENCH_SKIP ?? '').split(',').map((s) => s.trim()));
const ISSUES_PG = Math.max(1000, Math.round(num(env.BENCH_ISSUES, 1_000_000 * SCALE)));
const ISSUES_PGLITE = Math.max(1000, Math.round(num(env.BENCH_PGLITE_ISSUES, ISSUES_PG)));
const ISSUE_CONNECTIONS = num(env.BENCH_ISSUE_CONNECTIONS, 10);
const INTAKE_CONNECTIONS = num(env.BENCH_INTAKE_CONNECTIONS, 50);
const MEETING_DWELLINGS = Math.max(10, Math.round(20_000 * SCALE));
const BALLOTS = Math.max(8, Math.round(15_000 * SCALE));
const BALLOT_CONCURRENCY = num(env.BENCH_BALLOT_CONCURRENCY, 8);
const BILLING_DWELLINGS = Math.max(100, Math.round(300_000 * SCALE));
const TIME_ZONE = 'Asia/Shanghai';
/**
 * How many of the meeting's ballots go through POST /meetings/:id/ballots (as the committee enters paper ballots); the
 * rest are written in bulk while the server is stopped. Entering all 15,000 through the API takes minutes here (each
 * ballot is a transaction that waits on the meeting's row lock), so by default a sample of 1,000 measures that path.
 * BENCH_BALLOTS=api enters all of them through the API, BENCH_BALLOTS=bulk none.
 */
const API_BALLOTS =
  env.BENCH_BALLOTS === 'api'
    ? BALLOTS
    : env.BENCH_BALLOTS === 'bulk'
      ? 0
      : Math.min(BALLOTS, Math.max(50, Math.round(num(env.BENCH_API_BALLOTS, 1000 * SCALE))));

/** Runs a load child and logs one line about it. */
async function load(
  label: string,
  spec: Omit<LoadSpec, 'baseUrl'>,
  server: ServerHandle,
  pgDb: string | undefined,
): Promise<Load> {
  log(`load: ${label}, ${spec.connections} connections, ${spec.warmupS} s warm-up + ${spec.durationS} s`);
  const r = await runLoadChild({ baseUrl: server.baseUrl, ...spec }, server.child.pid, pgDb);
  log(
    `  ${r.rps} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}` +
      (r.requests ? '' : ' (no request completed within the test)'),
  );
  await drain(server, spec.headers);
  return r;
}

/**
 * Waits until the server answers a database-backed request again. autocannon leaves its last requests behind when it
 * stops, and the server still works them off: on PGlite (one connection) slow ones would otherwise delay the next
 * load's first requests by seconds. Bounded.
 */
async function drain(server: ServerHandle, headers?: Record<string, string>) {
  const t0 = performance.now();
  const res = await fetch(`${server.baseUrl}/api/v1/issue-categories`, {
    headers,
    signal: AbortSignal.timeout(180_000),
  }).catch(() => undefined);
  await res?.text();
  const waited = performance.now() - t0;
  if (waited > 1000) log(`  (the server worked off the load's last requests for ${secs(waited)} s)`);
}

async function benchOne(db: DbKind, startedAt: string): Promise<RunResult> {
  const issueCount = db === 'pglite' ? ISSUES_PGLITE : ISSUES_PG;
  log(`── ${db}: ${ESTATES} estates × ${DWELLINGS_PER_ESTATE} dwellings (scale ${SCALE}), ${issueCount} issues`);
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
  const pgDb = db === 'postgres' ? PG_DB : undefined;
  /** The database itself, for bulk writes and EXPLAIN: a pg client, or the PGlite folder (server stopped). */
  const where = db === 'postgres' ? { pgUrl: pgUrlFor(PG_DB) } : { pgliteDir: path.join(dataDir!, 'pg') };
  let server: ServerHandle | undefined;
  const phases: Record<string, number> = {};
  let phaseStart = performance.now();
  const phase = (name: string) => {
    phases[name] = secs(performance.now() - phaseStart);
    phaseStart = performance.now();
  };
  try {
    // ── Phase A: the registry through the API, the import, the estate list (as is, then with the list cache).
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
    const imp = await importAll(api, built.estateIds, server, pgDb);
    log(`import: ${imp.dwellings} dwellings in ${imp.seconds} s = ${imp.dwellingsPerSec}/s`);

    // Sanity: the data is really there and the list filter answers what the dataset says.
    const one = await api.get<{ dwellingCount: number }>(`/api/v1/estates/${built.estateIds[0]}`);
    if (one.dwellingCount !== DWELLINGS_PER_ESTATE) throw new Error(`estate has ${one.dwellingCount} dwellings`);
    const d0 = built.orgIds.districts[0];
    const list = await api.get<{ total: number; items: unknown[] }>(`/api/v1/estates?orgUnitId=${d0}&pageSize=20`);
    if (list.total !== built.counts.get(d0)) throw new Error(`district list total ${list.total}`);

    // The two large estates (community 1 of street 1): a meeting of 20,000 owners, a billing run of 300,000 dwellings.
    const c0 = built.orgIds.communities[0];
    const meetingEstate = await api.post<{ id: string }>('/api/v1/estates', {
      name: '滨海御景城（业主大会）',
      communityId: c0,
      address: '建设路1号',
      managementMode: 'company',
      companyId: built.companyIds[0],
    });
    const billingEstate = await api.post<{ id: string }>('/api/v1/estates', {
      name: '滨海新城（计费）',
      communityId: c0,
      address: '建设路2号',
      managementMode: 'company',
      companyId: built.companyIds[0],
    });
    for (const u of [built.orgIds.city, d0, built.orgIds.streets[0]])
      built.counts.set(u, (built.counts.get(u) ?? 0) + 2);
    const meetingImport = SKIP.has('meeting')
      ? undefined
      : await importLargeEstate(api, meetingEstate.id, MEETING_DWELLINGS, SEED + 5);
    if (meetingImport)
      log(`meeting estate: ${meetingImport.dwellings} dwellings imported in ${meetingImport.seconds} s`);

    // The accounts the added loads act as.
    const street = await accountClient(api, {
      username: 'bench-street',
      role: 'street',
      scope: { orgUnitId: built.orgIds.streets[0] },
    });
    const bureau = await accountClient(api, {
      username: 'bench-bureau',
      role: 'bureau',
      scope: { orgUnitId: built.orgIds.city },
    });
    const community = await accountClient(api, {
      username: 'bench-community',
      role: 'community',
      scope: { orgUnitId: c0 },
    });
    const committee = await accountClient(api, {
      username: 'bench-committee',
      role: 'committee',
      scope: { estateId: meetingEstate.id },
    });
    const company = await accountClient(api, {
      username: 'bench-company',
      role: 'company',
      scope: { companyId: built.companyIds[0] },
    });

    // What autovacuum does within a minute of a bulk load (left to it, it would compete with the loads below).
    if (db === 'postgres') await pgQuery('vacuum (analyze)');

    const paths = estateListPaths(built);
    const common = { connections: CONNECTIONS, durationS: DURATION_S, warmupS: WARMUP_S };
    const adminAuth = { authorization: `Bearer ${api.token}` };
    const health = await load('GET /api/health', { ...common, paths: ['/api/health'] }, server, pgDb);
    const estates = await load(
      `GET /api/v1/estates (${paths.length} distinct filtered pages)`,
      { ...common, paths, headers: adminAuth },
      server,
      pgDb,
    );
    phase('registry, import and estate list');

    // The meeting opens now (its voting subjects are frozen from the registry) and takes its ballots.
    let meeting: Meeting | undefined;
    let ballotsApi: Awaited<ReturnType<typeof enterBallots>> | undefined;
    if (meetingImport) {
      meeting = await openMeeting(committee, meetingEstate.id);
      log(`meeting: ${meeting.headcount} voting subjects, opened in ${meeting.createSeconds} s`);
      if (API_BALLOTS) {
        const owners = (await estateOwners(api, meetingEstate.id, API_BALLOTS)).slice(0, API_BALLOTS);
        ballotsApi = await enterBallots(committee, meeting, owners, BALLOT_CONCURRENCY);
        log(
          `  ${ballotsApi.ballots} paper ballots through the API in ${ballotsApi.seconds} s (${ballotsApi.perSec}/s)`,
        );
      }
      phase('meeting and ballots');
    }
    const serverPeakRssMiB = processPeakRssMiB(server.child.pid);
    await server.stop();
    server = undefined;

    let estatesCached: Load | undefined;
    if (!SKIP.has('cache')) {
      server = await startServer({ ...serverEnv, RP_LIST_CACHE_MS: '1000' });
      estatesCached = await load(
        'GET /api/v1/estates with RP_LIST_CACHE_MS=1000',
        { ...common, paths, headers: adminAuth },
        server,
        pgDb,
      );
      await server.stop();
      server = undefined;
      phase('estate list with the list cache');
    }

    // ── Between the phases, the server stopped: EXPLAIN of the estate list, then the bulk writes.
    const filter = { orgUnitId: d0, page: Math.min(3, Math.ceil((built.counts.get(d0) ?? 1) / 20)), pageSize: 20 };
    let explain: ExplainResult | { error: string };
    try {
      const [call] =
        db === 'postgres'
          ? await explainPostgres(pgUrlFor(PG_DB), [estateListCall(filter)])
          : await explainPglite(where.pgliteDir!, [estateListCall(filter)]);
      explain = { filter, statements: call.statements };
    } catch (e) {
      explain = { error: String(e) };
    }
    phase('explain estates');

    let issueGen: IssueGenResult | undefined;
    let billingGen: { dwellings: number; seconds: number } | undefined;
    let ballotsBulk: { ballots: number; seconds: number } | undefined;
    const conn = await openRaw(where);
    try {
      if (!SKIP.has('issues')) {
        log(`bulk: ${issueCount} issues over ${built.estateIds.length} estates`);
        issueGen = await generateIssues(conn.raw, {
          estateIds: built.estateIds,
          count: issueCount,
          timeZone: TIME_ZONE,
          seed: SEED,
          log,
        });
        log(`  ${issueGen.issues} issues, ${issueGen.handlers} handlers in ${issueGen.seconds.total} s`);
      }
      if (!SKIP.has('billing')) {
        billingGen = await generateDwellings(conn.raw, billingEstate.id, BILLING_DWELLINGS, SEED);
        log(`bulk: ${billingGen.dwellings} delivered dwellings in one estate in ${billingGen.seconds} s`);
      }
      if (meeting && BALLOTS > API_BALLOTS) {
        const [c] = await conn.raw(`select id from accounts where username = 'bench-committee'`);
        ballotsBulk = await generateBallots(conn.raw, {
          meetingId: meeting.id,
          motionIds: meeting.motionIds,
          enteredBy: String(c.id),
          count: BALLOTS - API_BALLOTS,
          seed: SEED,
        });
        log(`bulk: ${ballotsBulk.ballots} paper ballots in ${ballotsBulk.seconds} s`);
      }
    } finally {
      await conn.close();
    }
    phase('bulk writes');

    // ── Phase B: the server again, on a year of issues: ledger, statistics, intake, closing the meeting, billing.
    server = await startServer(serverEnv);
    for (const c of [api, street, bureau, community, committee, company]) c.rebase(server.baseUrl);
    const streetId = built.orgIds.streets[0];
    let ledger: (Load & { pages: number; total: number }) | undefined;
    let stats: Load | undefined;
    let statsSerial: Load | undefined;
    let ledgerSerial: Load | undefined;
    let intake: (Load & { estates: number; bodies: number }) | undefined;
    if (issueGen) {
      const first = await street.get<{ total: number }>(`/api/v1/ledgers/street?orgUnitId=${streetId}&pageSize=20`);
      const pages = Math.max(1, Math.min(20, Math.ceil(first.total / 20)));
      const ledgerPaths = Array.from(
        { length: pages },
        (_, i) => `/api/v1/ledgers/street?orgUnitId=${streetId}&page=${i + 1}&pageSize=20`,
      );
      const issueCommon = { connections: ISSUE_CONNECTIONS, durationS: DURATION_S, warmupS: WARMUP_S, timeoutS: 60 };
      ledger = {
        ...(await load(
          `GET /api/v1/ledgers/street (${first.total} open street-level issues, pages 1–${pages})`,
          { ...issueCommon, paths: ledgerPaths, headers: { authorization: `Bearer ${street.token}` } },
          server,
          pgDb,
        )),
        pages,
        total: first.total,
      };
      // The page alone (one connection): what one person at the ledger waits for.
      ledgerSerial = await load(
        'GET /api/v1/ledgers/street, one at a time',
        {
          connections: 1,
          durationS: DURATION_S,
          warmupS: 1,
          timeoutS: 60,
          paths: ledgerPaths,
          headers: { authorization: `Bearer ${street.token}` },
        },
        server,
        pgDb,
      );
      const statsPath = `/api/v1/stats/issues?orgUnitId=${built.orgIds.city}`;
      const bureauAuth = { authorization: `Bearer ${bureau.token}` };
      statsSerial = await load(
        'GET /api/v1/stats/issues (city), one at a time',
        { connections: 1, durationS: DURATION_S, warmupS: 1, timeoutS: 60, paths: [statsPath], headers: bureauAuth },
        server,
        pgDb,
      );
      stats = await load(
        'GET /api/v1/stats/issues (city)',
        { ...issueCommon, paths: [statsPath], headers: bureauAuth },
        server,
        pgDb,
      );
      phase('ledger and statistics');
    }
    if (!SKIP.has('intake')) {
      const estatesOfC0 = built.estateIds.filter((_, i) => i % built.orgIds.communities.length === 0);
      const bodies = intakeBodies(estatesOfC0, await leafCategories(community));
      intake = {
        ...(await load(
          'POST /api/v1/issues (hotline intake as the community)',
          {
            connections: INTAKE_CONNECTIONS,
            durationS: DURATION_S,
            warmupS: WARMUP_S,
            paths: [],
            requests: bodies,
            headers: { authorization: `Bearer ${community.token}` },
          },
          server,
          pgDb,
        )),
        estates: estatesOfC0.length,
        bodies: bodies.length,
      };
      phase('intake');
    }
    let meetingResult: RunResult['meeting'];
    if (meeting) {
      const close = await timed(() =>
        committee.post<{ motions: { passed: boolean; quorate: boolean; participating: { headcount: number } }[] }>(
          `/api/v1/meetings/${meeting.id}/close`,
          {},
        ),
      );
      const part = close.value.motions[0]?.participating.headcount ?? 0;
      if (part !== BALLOTS) throw new Error(`meeting closed with ${part} participating, expected ${BALLOTS}`);
      log(
        `meeting: closed in ${close.ms} ms (${close.value.motions.map((m) => (m.passed ? 'passed' : 'failed')).join(', ')})`,
      );
      meetingResult = {
        dwellings: meetingImport!.dwellings,
        importSeconds: meetingImport!.seconds,
        subjects: meeting.headcount,
        openSeconds: meeting.createSeconds,
        ballots: BALLOTS,
        apiBallots: ballotsApi,
        bulkBallots: ballotsBulk,
        closeMs: close.ms,
        passed: close.value.motions.map((m) => m.passed),
      };
      phase('meeting close');
    }
    let billing: RunResult['billing'];
    if (billingGen) {
      const run = await timed(() =>
        company.post<{ bills: number; billedFen: number }>(`/api/v1/estates/${billingEstate.id}/billing-periods`, {
          period: '2026Q4',
          months: 3,
          unitPriceFenPerM2Month: 250,
        }),
      );
      if (run.value.bills !== BILLING_DWELLINGS) throw new Error(`billing run made ${run.value.bills} bills`);
      log(`billing: ${run.value.bills} bills in ${run.ms} ms`);
      billing = {
        dwellings: BILLING_DWELLINGS,
        generateSeconds: billingGen.seconds,
        bills: run.value.bills,
        billedFen: run.value.billedFen,
        seconds: Math.round(run.ms) / 1000,
      };
      phase('billing');
    }
    const serverPeakRssMiB2 = processPeakRssMiB(server.child.pid);
    await server.stop();
    server = undefined;

    let explainIssues: RunResult['explainIssues'];
    if (issueGen && ledger) {
      const calls = [
        ledgerCall('bench-street', { orgUnitId: streetId, page: Math.min(3, ledger.pages), pageSize: 20 }),
        statsCall('bench-bureau', built.orgIds.city),
      ];
      try {
        explainIssues =
          db === 'postgres'
            ? await explainPostgres(pgUrlFor(PG_DB), calls)
            : await explainPglite(where.pgliteDir!, calls);
      } catch (e) {
        explainIssues = { error: String(e) };
      }
      phase('explain issues');
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
        issueConnections: ISSUE_CONNECTIONS,
        intakeConnections: INTAKE_CONNECTIONS,
        ballotConcurrency: BALLOT_CONCURRENCY,
      },
      server: { startSeconds, peakRssMiB: Math.max(serverPeakRssMiB ?? 0, serverPeakRssMiB2 ?? 0) || null },
      setup: built.setup,
      import: imp,
      load: {
        health: { path: '/api/health', ...health },
        estates: {
          path: '/api/v1/estates?orgUnitId=<district|street>&page=<1..n>&pageSize=20',
          paths: paths.length,
          ...estates,
        },
        ratio: ratioOf(estates, health),
        ...(estatesCached
          ? {
              estatesCached: {
                path: '/api/v1/estates … with RP_LIST_CACHE_MS=1000',
                paths: paths.length,
                ...estatesCached,
              },
              ratioCached: ratioOf(estatesCached, health),
            }
          : {}),
      },
      explain,
      issues: issueGen && {
        generated: issueGen,
        ledger: ledger && {
          path: `/api/v1/ledgers/street?orgUnitId=<street>&page=<1..${ledger.pages}>&pageSize=20`,
          ...ledger,
        },
        ledgerSerial: ledgerSerial && {
          path: `/api/v1/ledgers/street?orgUnitId=<street>&page=<1..${ledger?.pages ?? 1}>&pageSize=20`,
          ...ledgerSerial,
        },
        statsSerial: statsSerial && { path: '/api/v1/stats/issues?orgUnitId=<city>', ...statsSerial },
        stats: stats && { path: '/api/v1/stats/issues?orgUnitId=<city>', ...stats },
      },
      intake: intake && { path: 'POST /api/v1/issues', ...intake },
      meeting: meetingResult,
      billing,
      explainIssues,
      phases,
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

const ratioOf = (a: LoadResult, b: LoadResult) => (b.rps ? Math.round((a.rps / b.rps) * 1000) / 1000 : 0);

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
