import type { ExplainResult } from './explain';
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
  load: { health: Load; estates: Load & { paths: number }; ratio: number };
  explain: ExplainResult | { error: string };
  targets: Target[];
}

export interface Target {
  name: string;
  goal: string;
  actual: string;
  status: 'PASS' | 'MISS' | 'INFO';
}

/** The issue's targets. They bind PostgreSQL; on PGlite the same numbers are shown for information. */
export function targetChecks(r: RunResult): Target[] {
  const bind = r.db === 'postgres';
  const st = (ok: boolean): Target['status'] => (bind ? (ok ? 'PASS' : 'MISS') : 'INFO');
  // At a reduced scale the import target is checked on the rate: 300,000 dwellings at this rate.
  const projected = r.import.dwellingsPerSec ? 300_000 / r.import.dwellingsPerSec : Number.POSITIVE_INFINITY;
  const p99 = r.load.estates.latencyMs.p99;
  const errs = r.load.estates.errors + r.load.estates.non2xx + r.load.health.errors + r.load.health.non2xx;
  return [
    {
      name: 'import 300,000 dwellings',
      goal: '< 60 s (≥ 5,000 dwellings/s)',
      actual: `${r.import.dwellingsPerSec} dwellings/s → ${projected.toFixed(1)} s for 300,000${r.scale === 1 ? '' : ' (projected)'}`,
      status: st(projected < 60),
    },
    {
      name: 'estate list p99',
      goal: '< 25 ms',
      actual: `${p99} ms (exact ${r.load.estates.exactLatencyMs.p99} ms)`,
      status: st(p99 < 25),
    },
    {
      name: 'estate list throughput vs health',
      goal: '≥ 30%',
      actual: `${(r.load.ratio * 100).toFixed(1)}% (${r.load.estates.rps} / ${r.load.health.rps} req/s)`,
      status: st(r.load.ratio >= 0.3),
    },
    {
      name: 'errors and non-2xx under load',
      goal: '0',
      actual: String(errs),
      status: bind || errs ? st(errs === 0) : 'INFO',
    },
  ];
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
      row(
        'errors / non-2xx (both loads)',
        (r) => `${r.load.health.errors + r.load.estates.errors} / ${r.load.health.non2xx + r.load.estates.non2xx}`,
      ),
    ]),
  );
  console.log('\nTargets (bind PostgreSQL; PGlite shown for information)');
  const trows = [['', 'target', 'goal', 'actual', '']];
  for (const r of results) for (const t of r.targets) trows.push([NAMES[r.db], t.name, t.goal, t.actual, t.status]);
  console.log(
    trows.map((r) => [r[0].padEnd(10), r[1].padEnd(34), r[2].padEnd(30), r[3].padEnd(64), r[4]].join(' ')).join('\n'),
  );
}

/** Prints the EXPLAIN ANALYZE plans of the estate list (the hot query). */
export function printPlans(results: RunResult[]) {
  for (const r of results) {
    console.log(`\n═══ EXPLAIN (ANALYZE, BUFFERS) of the estate list on ${NAMES[r.db]}`);
    if ('error' in r.explain) {
      console.log(`  (not available: ${r.explain.error})`);
      continue;
    }
    const f = r.explain.filter;
    console.log(`  filter: orgUnitId=${f.orgUnitId} (a district), page=${f.page}, pageSize=${f.pageSize}`);
    for (const s of r.explain.statements) {
      console.log(`\n  -- ${s.role}: ${s.sql}\n  -- params: ${JSON.stringify(s.params)}`);
      console.log((s.plan ?? '').replace(/^/gm, '  '));
    }
  }
}
