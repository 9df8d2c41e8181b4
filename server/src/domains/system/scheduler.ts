import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { systemCtx } from '../../platform/context';
import { runDeadlineJob } from '../issues/issues.service';

/**
 * Runs the scheduled jobs every few minutes (RP_JOB_INTERVAL_S, default 300; 0 turns it off). Several processes on
 * one PostgreSQL may all run it: the job takes an advisory lock and is idempotent.
 */
export function startScheduler(db: Db, config: Config) {
  const seconds = Number(process.env.RP_JOB_INTERVAL_S ?? 300);
  if (!seconds) return { stop() {} };
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runDeadlineJob(systemCtx(db), { timeZone: config.timeZone });
    } catch (err) {
      console.error('deadline job failed', err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, seconds * 1000);
  timer.unref();
  setTimeout(tick, 5000).unref();
  return { stop: () => clearInterval(timer) };
}
