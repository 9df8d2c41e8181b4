import type { IssueGenResult } from './bulk';
import type { ExplainedCall, ExplainResult } from './explain';
import type { LoadResult } from './load';

export type DbKind = 'pglite' | 'postgres';

type Load = LoadResult & { cpu: Record<string, number | null>; path: string };

/** One database's run, as written to bench/results/*.json. */
export interface RunResult {
  db: DbKind;
  startedAt: string;
  finishedAt: string;
  scale: number;
  machine: Record<string, unknown>;
  config: Record<string, number>;
  server: { startSeconds: number; peakRssMiB: number | null };
  setup: { orgUnits: number; orgSeconds: number; companies: number; estates: number; estatesSeconds: number };
  import: {
    files: number;
    dwellings: number;
    owners: number;
    seconds: number;
    dwellingsPerSec: number;
    concurrency: number;
    perFileMs: { p50: number; p99: number; max: number };
    cpu: Record<string, number | null>;
  };
  load: {
    health: Load;
    estates: Load & { paths: number };
    ratio: number;
    /** The same estate-list load on a server started with RP_LIST_CACHE_MS=1000. */
    estatesCached?: Load & { paths: number };
    ratioCached?: number;
  };
  explain: ExplainResult | { error: string };
  /** The year of issues written in bulk and the loads on it. */
  issues?: {
    generated: IssueGenResult;
    ledger?: Load & { pages: number; total: number };
    /** The city statistics one request at a time (1 connection): the latency of the query alone. */
    ledgerSerial?: Load;
    statsSerial?: Load;
    stats?: Load;
  };
  intake?: Load & { estates: number; bodies: number };
  meeting?: {
    dwellings: number;
    importSeconds: number;
    subjects: number;
    openSeconds: number;
    ballots: number;
    /** The ballots entered through POST /meetings/:id/ballots (a sample by default) and those written in bulk. */
    apiBallots?: {
      ballots: number;
      seconds: number;
      perSec: number;
      concurrency: number;
      perBallotMs: Record<string, number>;
    };
    bulkBallots?: { ballots: number; seconds: number };
    closeMs: number;
    passed: boolean[];
  };
  billing?: { dwellings: number; generateSeconds: number; bills: number; billedFen: number; seconds: number };
  explainIssues?: ExplainedCall[] | { error: string };
  /** Wall time of each part of the run, seconds. */
  phases?: Record<string, number>;
  targets: Target[];
}

export interface Target {
  name: string;
  goal: string;
  actual: string;
  status: 'PASS' | 'MISS' | 'INFO';
}

/** The issue's targets. They bind PostgreSQL; on PGlite the same numbers are shown for information. */
/** A load's p99 for a target: a load in which no request completed has none (it cannot pass). */
const p99Of = (l: LoadResult) => (l.requests ? l.latencyMs.p99 : Number.POSITIVE_INFINITY);
const p99Text = (l: LoadResult) =>
  l.requests ? `${l.latencyMs.p99} ms` : `none completed in ${l.durationS.toFixed(0)} s`;

export function targetChecks(r: RunResult): Target[] {
  const bind = r.db === 'postgres';
  const st = (ok: boolean): Target['status'] => (bind ? (ok ? 'PASS' : 'MISS') : 'INFO');
  const full = r.scale === 1;
  // At a reduced scale the import target is checked on the rate: 300,000 dwellings at this rate.
  const projected = r.import.dwellingsPerSec ? 300_000 / r.import.dwellingsPerSec : Number.POSITIVE_INFINITY;
  const p99 = p99Of(r.load.estates);
  const loads = [
    r.load.health,
    r.load.estates,
    r.load.estatesCached,
    r.issues?.ledger,
    r.issues?.ledgerSerial,
    r.issues?.statsSerial,
    r.issues?.stats,
    r.intake,
  ];
  const errs = loads.reduce((a, l) => a + (l ? l.errors + l.non2xx : 0), 0);
  const out: Target[] = [
    {
      name: 'import 300,000 dwellings',
      goal: '< 60 s (≥ 5,000 dwellings/s)',
      actual: `${r.import.dwellingsPerSec} dwellings/s → ${projected.toFixed(1)} s for 300,000${full ? '' : ' (projected)'}`,
      status: st(projected < 60),
    },
    {
      name: 'estate list p99',
      goal: '< 25 ms',
      actual: `${p99Text(r.load.estates)} (exact ${r.load.estates.exactLatencyMs.p99} ms)`,
      status: st(p99 < 25),
    },
    {
      name: 'estate list throughput vs health',
      goal: '≥ 30%',
      actual: `${(r.load.ratio * 100).toFixed(1)}% (${r.load.estates.rps} / ${r.load.health.rps} req/s)`,
      status: st(r.load.ratio >= 0.3),
    },
  ];
  const c = r.load.estatesCached;
  if (c && r.load.ratioCached !== undefined)
    out.push(
      {
        name: 'estate list p99, list cache 1 s',
        goal: '< 25 ms',
        actual: `${p99Text(c)} (exact ${c.exactLatencyMs.p99} ms)`,
        status: st(p99Of(c) < 25),
      },
      {
        name: 'estate list vs health, list cache 1 s',
        goal: '≥ 30%',
        actual: `${(r.load.ratioCached * 100).toFixed(1)}% (${c.rps} / ${r.load.health.rps} req/s)`,
        status: st(r.load.ratioCached >= 0.3),
      },
    );
  if (r.intake)
    out.push(
      {
        name: 'issue intake throughput',
        goal: '≥ 1,000 req/s',
        actual: `${r.intake.rps} req/s (${r.intake.connections} connections)`,
        status: st(r.intake.rps >= 1000),
      },
      {
        name: 'issue intake p99',
        goal: '< 50 ms',
        actual: `${p99Text(r.intake)} (exact ${r.intake.exactLatencyMs.p99} ms)`,
        status: st(p99Of(r.intake) < 50),
      },
    );
  const iss = r.issues;
  if (iss?.ledger)
    out.push({
      name: 'street ledger page p99',
      goal: '< 50 ms',
      actual:
        `${p99Text(iss.ledger)} at ${iss.ledger.connections} conn. (p50 ${iss.ledger.latencyMs.p50}; ` +
        `${fmt(iss.generated.issues)} issues); alone p99 ${iss.ledgerSerial ? p99Text(iss.ledgerSerial) : '–'}`,
      status: st(p99Of(iss.ledger) < 50),
    });
  if (iss?.stats)
    out.push({
      name: 'city statistics p99',
      goal: '< 300 ms',
      actual:
        `${p99Text(iss.stats)} at ${iss.stats.connections} conn. (p50 ${iss.stats.latencyMs.p50}); ` +
        `alone p99 ${iss.statsSerial ? p99Text(iss.statsSerial) : '–'}`,
      status: st(p99Of(iss.stats) < 300),
    });
  const m = r.meeting;
  if (m) {
    const projectedClose = (m.closeMs * 15_000) / m.ballots;
    out.push({
      name: 'close a meeting (15,000 ballots)',
      goal: '< 500 ms',
      actual: `${fmt(m.closeMs)} ms for ${fmt(m.ballots)} ballots${full ? '' : ` → ${fmt(projectedClose)} ms (projected)`}`,
      status: st(projectedClose < 500),
    });
  }
  const b = r.billing;
  if (b) {
    const projectedBilling = (b.seconds * 300_000) / b.bills;
    out.push({
      name: 'billing run, 300,000 dwellings',
      goal: '< 30 s',
      actual: `${b.seconds.toFixed(1)} s for ${fmt(b.bills)} bills${full ? '' : ` → ${projectedBilling.toFixed(1)} s (projected)`}`,
      status: st(projectedBilling < 30),
    });
  }
  out.push({
    name: 'errors and non-2xx under load',
    goal: '0',
    actual: String(errs),
    status: bind || errs ? st(errs === 0) : 'INFO',
  });
  return out;
}

const NAMES: Record<DbKind, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };

function table(rows: string[][]) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   '))
    .join('\n');
}

const fmt = (n: number | null | undefined, d = 0) =>
  n === null || n === undefined
    ? '–'
    : n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** "0.95 / 0.40 / 0.10": cores used by each of `keys` (server, PostgreSQL's backends, autocannon, other processes). */
const cpuLine = (c: Record<string, number | null>, keys: string[]) =>
  keys.map((k) => (c[k] === undefined ? '–' : fmt(c[k], 2))).join(' / ');
const LOAD_CPU = ['serverCores', 'postgresCores', 'loadCores', 'otherCores'];

/** CPU milliseconds the server and the database spent per request: comparable even on a busy machine. */
const cpuPerRequest = (l: Load) =>
  l.rps && l.cpu.serverCores !== null && l.cpu.serverCores !== undefined
    ? fmt(((l.cpu.serverCores + (l.cpu.postgresCores ?? 0)) / l.rps) * 1000, 3)
    : '–';

/** Every load test of a run, for the error totals. */
function allLoads(r: RunResult): LoadResult[] {
  const ls = [
    r.load.health,
    r.load.estates,
    r.load.estatesCached,
    r.issues?.ledger,
    r.issues?.ledgerSerial,
    r.issues?.statsSerial,
  ];
  return [...ls, r.issues?.stats, r.intake].filter((l): l is Load => !!l);
}

/** The rows of one load test: throughput, latency (autocannon's and exact), CPU split and CPU per request. */
function loadRows(results: RunResult[], label: string, get: (r: RunResult) => Load | undefined, cpu = true) {
  const row = (l: string, f: (x: Load) => string, always = false) => [
    l,
    ...results.map((r) => {
      const x = get(r);
      return x && (always || x.requests) ? f(x) : x ? 'none done' : '–';
    }),
  ];
  return [
    row(label, (x) => fmt(x.rps), true),
    row('  p50 / p99 (ms)', (x) => `${x.latencyMs.p50} / ${x.latencyMs.p99}`),
    row('  exact p50 / p99 (ms)', (x) => `${fmt(x.exactLatencyMs.p50, 2)} / ${fmt(x.exactLatencyMs.p99, 2)}`),
    ...(cpu
      ? [
          row('  CPU server/pg/autocannon/other', (x) => cpuLine(x.cpu, LOAD_CPU)),
          row('  CPU ms per request (server+db)', (x) => cpuPerRequest(x)),
        ]
      : []),
  ];
}

/** Prints the side-by-side table of every database and the target checks. */
export function printSummary(results: RunResult[]) {
  const head = ['', ...results.map((r) => NAMES[r.db])];
  const row = (label: string, f: (r: RunResult) => string) => [label, ...results.map(f)];
  const r0 = results[0];
  console.log(
    `\n═══ Red Property benchmark — scale ${r0.scale}: ${r0.setup.estates} estates, ${r0.import.dwellings} dwellings; ` +
      `${r0.config.connections} connections, ${r0.config.durationS} s per load test; ${r0.machine.cpus} CPUs, load avg ${(r0.machine.loadAvg as number[]).join(' ')}\n`,
  );
  console.log(
    table([
      head,
      row('server start + migrations (s)', (r) => fmt(r.server.startSeconds, 1)),
      row('org units / estates created', (r) => `${r.setup.orgUnits} / ${r.setup.estates}`),
      row('estates created per s (API)', (r) => fmt(r.setup.estates / r.setup.estatesSeconds, 0)),
      row('IMPORT dwellings (owners)', (r) => `${fmt(r.import.dwellings)} (${fmt(r.import.owners)})`),
      row('  seconds', (r) => fmt(r.import.seconds, 1)),
      row('  dwellings/s', (r) => fmt(r.import.dwellingsPerSec)),
      row('  per file p50 / p99 (ms)', (r) => `${r.import.perFileMs.p50} / ${r.import.perFileMs.p99}`),
      row('  CPU server/pg/other (cores)', (r) =>
        cpuLine(r.import.cpu, ['serverCores', 'postgresCores', 'otherCores']),
      ),
      row('  CPU ms per dwelling (server+db)', (r) =>
        fmt(
          (((r.import.cpu.serverCores ?? 0) + (r.import.cpu.postgresCores ?? 0)) / r.import.dwellingsPerSec) * 1000,
          3,
        ),
      ),
      row('HEALTH GET /api/health req/s', (r) => fmt(r.load.health.rps)),
      row('  p50 / p99 (ms)', (r) => `${r.load.health.latencyMs.p50} / ${r.load.health.latencyMs.p99}`),
      row(
        '  exact p50 / p99 (ms)',
        (r) => `${fmt(r.load.health.exactLatencyMs.p50, 2)} / ${fmt(r.load.health.exactLatencyMs.p99, 2)}`,
      ),
      row('  CPU server/pg/autocannon/other', (r) => cpuLine(r.load.health.cpu, LOAD_CPU)),
      row('  CPU ms per request (server+db)', (r) => cpuPerRequest(r.load.health)),
      row('ESTATES GET /api/v1/estates req/s', (r) => fmt(r.load.estates.rps)),
      row('  p50 / p99 (ms)', (r) => `${r.load.estates.latencyMs.p50} / ${r.load.estates.latencyMs.p99}`),
      row(
        '  exact p50 / p99 (ms)',
        (r) => `${fmt(r.load.estates.exactLatencyMs.p50, 2)} / ${fmt(r.load.estates.exactLatencyMs.p99, 2)}`,
      ),
      row('  CPU server/pg/autocannon/other', (r) => cpuLine(r.load.estates.cpu, LOAD_CPU)),
      row('  CPU ms per request (server+db)', (r) => cpuPerRequest(r.load.estates)),
      row('  estates / health', (r) => `${(r.load.ratio * 100).toFixed(1)}%`),
      ...loadRows(results, 'ESTATES, RP_LIST_CACHE_MS=1000 req/s', (r) => r.load.estatesCached),
      row('  estates (cached) / health', (r) =>
        r.load.ratioCached === undefined ? '–' : `${(r.load.ratioCached * 100).toFixed(1)}%`,
      ),
      row('ISSUES written in bulk (handlers)', (r) =>
        r.issues ? `${fmt(r.issues.generated.issues)} (${fmt(r.issues.generated.handlers)})` : '–',
      ),
      row('  open / overdue / open street-level', (r) => {
        const m = r.issues?.generated.mix;
        return m ? `${fmt(m.open)} / ${fmt(m.overdue)} / ${fmt(m.open_street)}` : '–';
      }),
      row('  seconds (rows / handlers / indexes)', (r) => {
        const g = r.issues?.generated.seconds;
        return g ? `${fmt(g.total, 1)} (${fmt(g.issues, 1)} / ${fmt(g.handlers, 1)} / ${fmt(g.indexes, 1)})` : '–';
      }),
      ...loadRows(results, 'LEDGER GET /ledgers/street req/s', (r) => r.issues?.ledger),
      row('  open street issues / pages cycled', (r) =>
        r.issues?.ledger ? `${fmt(r.issues.ledger.total)} / ${r.issues.ledger.pages}` : '–',
      ),
      ...loadRows(results, 'LEDGER street, 1 connection req/s', (r) => r.issues?.ledgerSerial, false),
      ...loadRows(results, 'STATS city, 1 connection req/s', (r) => r.issues?.statsSerial, false),
      ...loadRows(results, 'STATS GET /stats/issues city req/s', (r) => r.issues?.stats),
      ...loadRows(results, 'INTAKE POST /api/v1/issues req/s', (r) => r.intake),
      row('MEETING dwellings / voting subjects', (r) =>
        r.meeting ? `${fmt(r.meeting.dwellings)} / ${fmt(r.meeting.subjects)}` : '–',
      ),
      row('  import / open meeting (s)', (r) =>
        r.meeting ? `${fmt(r.meeting.importSeconds, 1)} / ${fmt(r.meeting.openSeconds, 2)}` : '–',
      ),
      row('  ballots: API / bulk', (r) =>
        r.meeting ? `${fmt(r.meeting.apiBallots?.ballots ?? 0)} / ${fmt(r.meeting.bulkBallots?.ballots ?? 0)}` : '–',
      ),
      row('  API ballots per s (p50 / p99 ms)', (r) => {
        const e = r.meeting?.apiBallots;
        return e ? `${fmt(e.perSec)} (${fmt(e.perBallotMs.p50, 1)} / ${fmt(e.perBallotMs.p99, 1)})` : '–';
      }),
      row('  CLOSE meeting (ms)', (r) => (r.meeting ? fmt(r.meeting.closeMs) : '–')),
      row('BILLING run: bills', (r) => (r.billing ? fmt(r.billing.bills) : '–')),
      row('  seconds', (r) => (r.billing ? fmt(r.billing.seconds, 2) : '–')),
      row('errors / non-2xx (all loads)', (r) => {
        const ls = allLoads(r);
        return `${ls.reduce((a, l) => a + l.errors, 0)} / ${ls.reduce((a, l) => a + l.non2xx, 0)}`;
      }),
      row('wall time of the run (s)', (r) =>
        r.phases
          ? fmt(
              Object.values(r.phases).reduce((a, b) => a + b, 0),
              0,
            )
          : '–',
      ),
    ]),
  );
  console.log('\nTargets (bind PostgreSQL; PGlite shown for information)');
  const trows = [['', 'target', 'goal', 'actual', '']];
  for (const r of results) for (const t of r.targets) trows.push([NAMES[r.db], t.name, t.goal, t.actual, t.status]);
  console.log(
    trows.map((r) => [r[0].padEnd(10), r[1].padEnd(38), r[2].padEnd(30), r[3].padEnd(72), r[4]].join(' ')).join('\n'),
  );
}

/** Prints the EXPLAIN ANALYZE plans of the hot queries: the estate list, the street ledger, the city statistics. */
export function printPlans(results: RunResult[]) {
  const statements = (list: { role: string; sql: string; params: unknown[]; plan?: string }[]) => {
    for (const s of list) {
      console.log(`\n  -- ${s.role}: ${s.sql}\n  -- params: ${JSON.stringify(s.params)}`);
      console.log((s.plan ?? '').replace(/^/gm, '  '));
    }
  };
  for (const r of results) {
    console.log(`\n═══ EXPLAIN (ANALYZE, BUFFERS) of the estate list on ${NAMES[r.db]}`);
    if ('error' in r.explain) console.log(`  (not available: ${r.explain.error})`);
    else {
      const f = r.explain.filter;
      console.log(`  filter: orgUnitId=${f.orgUnitId} (a district), page=${f.page}, pageSize=${f.pageSize}`);
      statements(r.explain.statements);
    }
    if (!r.explainIssues) continue;
    if ('error' in r.explainIssues) {
      console.log(`\n═══ EXPLAIN of the issue queries on ${NAMES[r.db]}: not available (${r.explainIssues.error})`);
      continue;
    }
    for (const c of r.explainIssues) {
      console.log(
        `\n═══ EXPLAIN (ANALYZE, BUFFERS) of the ${c.name} on ${NAMES[r.db]}: ${c.description} as ${c.username}`,
      );
      statements(c.statements);
    }
  }
}
