import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { sealAuditChain } from '../../platform/audit';
import { systemCtx } from '../../platform/context';
import { runDeadlineJob } from '../issues/issues.service';
import { foldIssueRollup } from '../issues/issues.stats';

/** Runs `job` every `ms` milliseconds, never two at once in this process; the timers never keep the process alive. */
function every(ms: number, firstAfterMs: number, name: string, job: () => Promise<unknown>) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await job();
    } catch (err) {
      console.error(`${name} failed`, err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, ms);
  timer.unref();
  const first = setTimeout(tick, firstAfterMs);
  first.unref();
  return () => {
    clearInterval(timer);
    clearTimeout(first);
  };
}

/**
 * Runs the scheduled jobs: the deadline job every few minutes (RP_JOB_INTERVAL_S, default 300; 0 turns it off),
 * the audit sealer every RP_AUDIT_SEAL_MS (default 500) and the statistics rollup fold every RP_ROLLUP_FOLD_MS
 * (default 2000; 0 turns either off). Several processes on one PostgreSQL may all
 * run them: each job takes an advisory lock (a sealer that finds the lock taken skips its turn) and is idempotent.
 */
export function startScheduler(db: Db, config: Config) {
  const stops: (() => void)[] = [];
  const seconds = Number(process.env.RP_JOB_INTERVAL_S ?? 300);
  if (seconds > 0)
    stops.push(
      every(seconds * 1000, 5000, 'deadline job', () => runDeadlineJob(systemCtx(db), { timeZone: config.timeZone })),
    );
  // SPEC R-80: entries are written unsealed with their change; this links them into the hash chain shortly after.
  // Batches of 1,000 keep each stretch of hashing short, so requests in this process are not held up behind it.
  const sealMs = Number(process.env.RP_AUDIT_SEAL_MS ?? 500);
  if (sealMs > 0) stops.push(every(sealMs, sealMs, 'audit sealing', () => sealAuditChain(db, { batch: 1000 })));
  // SPEC R-15: issue writes append rollup deltas; folding them keeps statistics a read of a few thousand cells.
  const foldMs = Number(process.env.RP_ROLLUP_FOLD_MS ?? 2000);
  if (foldMs > 0) stops.push(every(foldMs, foldMs, 'statistics rollup', () => foldIssueRollup(db)));
  return {
    stop: () => {
      for (const stop of stops) stop();
    },
  };
}
