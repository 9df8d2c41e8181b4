import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere. */
export function processCpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted after the command name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Peak resident memory (VmHWM) of a process in MiB, from /proc; null elsewhere. */
export function processPeakRssMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Whole-machine busy and total CPU ticks, from /proc/stat; null elsewhere. */
export function machineTicks(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = v[3] + (v[4] ?? 0);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/**
 * CPU seconds of each PostgreSQL process working for `database`, by pid: its backends (their process title reads
 * "postgres: … <user> <db> <host> …"), its autovacuum workers ("… autovacuum worker <db>") and the parallel query
 * workers of its backends; empty where /proc is missing. Parallel workers live for one query, so most of their CPU
 * escapes two samples of /proc and shows as "other".
 */
export function pgBackendCpu(database: string): Map<number, number> {
  const mine = new RegExp(`\\s${database}(\\s|\\0|$)`);
  const out = new Map<number, number>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  // Parallel query workers ("… parallel worker for PID <leader>") count for the database of their leader.
  const workers: [number, number][] = [];
  for (const d of pids) {
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (!cmd.startsWith('postgres:')) continue;
      const leader = /parallel worker for PID (\d+)/.exec(cmd);
      if (leader) workers.push([Number(d), Number(leader[1])]);
      else if (!mine.test(cmd)) continue;
      const cpu = processCpuSeconds(Number(d));
      if (cpu !== null) out.set(Number(d), cpu);
    } catch {
      // Gone meanwhile.
    }
  }
  for (const [pid, leader] of workers) if (!out.has(leader)) out.delete(pid);
  return out;
}

/**
 * Measures CPU use over an interval: the given processes and, with `pgDatabase`, the PostgreSQL backends serving
 * it (in cores), and the whole machine (0–1).
 */
export function cpuMeter(pids: Record<string, number | undefined>, pgDatabase?: string) {
  const t0 = process.hrtime.bigint();
  const m0 = machineTicks();
  const p0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, processCpuSeconds(pid)]));
  const pg0 = pgDatabase ? pgBackendCpu(pgDatabase) : new Map<number, number>();
  return () => {
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const m1 = machineTicks();
    const out: Record<string, number | null> = {};
    for (const [k, pid] of Object.entries(pids)) {
      const a = p0[k];
      const b = processCpuSeconds(pid);
      out[`${k}Cores`] = a === null || b === null ? null : Math.round(((b - a) / wall) * 100) / 100;
    }
    if (pgDatabase) {
      // Backends that started during the interval count whole; those that ended during it are lost (the pool keeps
      // its connections open under load, so that is rare).
      let sum = 0;
      for (const [pid, cpu] of pgBackendCpu(pgDatabase)) sum += cpu - (pg0.get(pid) ?? 0);
      out.postgresCores = Math.round((sum / wall) * 100) / 100;
    }
    out.machineBusy =
      m0 && m1 && m1.total > m0.total ? Math.round(((m1.busy - m0.busy) / (m1.total - m0.total)) * 100) / 100 : null;
    // What the rest of the machine took meanwhile (other processes): the numbers are only as clean as this is small.
    if (out.machineBusy !== null) {
      const ours = Object.entries(out).reduce((a, [k, v]) => (k.endsWith('Cores') && v ? a + v : a), 0);
      out.otherCores = Math.max(0, Math.round((out.machineBusy * os.cpus().length - ours) * 100) / 100);
    }
    return out;
  };
}

/** The machine the numbers came from. */
export function machineInfo() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '',
    memGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAvg: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

/** Nearest-rank quantile of a list of numbers. */
export function quantile(values: number[], q: number): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
