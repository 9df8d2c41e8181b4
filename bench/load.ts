import { readFileSync } from 'node:fs';
import autocannon, { type Result } from 'autocannon';

/**
 * The load generator, run as its own process by run.ts so that it does not share an event loop with the server or
 * the orchestrator. Input: one JSON argument (LoadSpec). Output: one JSON line (LoadResult) on stdout.
 * It warms up first (results thrown away), then measures for `durationS` with `connections` keep-alive connections;
 * each connection cycles through `paths`, so paged and filtered requests vary.
 */
export interface LoadSpec {
  baseUrl: string;
  /** GET requests, cycled through by every connection (or `requests`, for other methods and bodies). */
  paths: string[];
  /** Requests with a method and a JSON body (POST), cycled through like `paths`; used instead of `paths` when given. */
  requests?: { method: string; path: string; body?: unknown }[];
  headers?: Record<string, string>;
  connections: number;
  durationS: number;
  warmupS: number;
  /** Seconds before autocannon counts a request as timed out (default 10). */
  timeoutS?: number;
}

export interface LoadResult {
  connections: number;
  durationS: number;
  requests: number;
  /** Average requests per second over the per-second samples (autocannon's "Req/Sec Avg"). */
  rps: number;
  /** autocannon's latency percentiles (integer milliseconds, HDR histogram). */
  latencyMs: { p50: number; p90: number; p99: number; max: number; average: number };
  /** The same percentiles from every response's own timing, to a microsecond (autocannon rounds to whole ms). */
  exactLatencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}

function quantile(sorted: Float64Array, q: number): number {
  if (!sorted.length) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

function fire(spec: LoadSpec, durationS: number, record?: (ms: number) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const inst = autocannon(
      {
        url: spec.baseUrl,
        connections: spec.connections,
        duration: durationS,
        timeout: spec.timeoutS ?? 10,
        headers: spec.headers,
        requests: spec.requests?.length
          ? spec.requests.map((r) => ({
              method: r.method,
              path: r.path,
              headers: r.body === undefined ? undefined : { 'content-type': 'application/json' },
              body: r.body === undefined ? undefined : JSON.stringify(r.body),
            }))
          : spec.paths.map((path) => ({ method: 'GET', path })),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    if (record)
      inst.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
        if (status >= 200 && status < 300) record(ms);
      });
  });
}

/** Warms up, then measures; returns the summary. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  if (new URL(spec.baseUrl).hostname !== '127.0.0.1') throw new Error('load only targets 127.0.0.1');
  if (spec.warmupS > 0) await fire(spec, spec.warmupS);
  let samples = new Float64Array(1 << 16);
  let n = 0;
  const r = await fire(spec, spec.durationS, (ms) => {
    if (n === samples.length) {
      const bigger = new Float64Array(samples.length * 2);
      bigger.set(samples);
      samples = bigger;
    }
    samples[n++] = ms;
  });
  const sorted = samples.subarray(0, n).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    connections: spec.connections,
    durationS: r.duration,
    requests: r.requests.total,
    rps: round(r.requests.average, 1),
    latencyMs: {
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
      average: r.latency.average,
    },
    exactLatencyMs: {
      p50: round(quantile(sorted, 0.5)),
      p90: round(quantile(sorted, 0.9)),
      p99: round(quantile(sorted, 0.99)),
      max: round(n ? sorted[n - 1] : 0),
      mean: round(n ? sum / n : 0),
    },
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
  };
}

// Run as a process: `node --import tsx bench/load.ts '<LoadSpec JSON>'` (or `@<file>` holding it, for large specs).
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const arg = process.argv[2] ?? '{}';
  const spec = JSON.parse(arg.startsWith('@') ? readFileSync(arg.slice(1), 'utf8') : arg) as LoadSpec;
  runLoad(spec).then(
    (res) => {
      process.stdout.write(`${JSON.stringify(res)}\n`);
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
