import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

/** The repository root (bench/ sits directly under it). */
export const ROOT = path.resolve(import.meta.dirname, '..');

/** Every child process this run started, so they can all be killed on any exit path. */
const children = new Set<ChildProcess>();

/** Spawns a child in its own process group and remembers it for clean-up. */
export function spawnTracked(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string }) {
  const child = spawn(cmd, args, {
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** Sends a signal to a child's whole process group (the child and anything it spawned). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Kills every tracked child at once (synchronous: usable from an 'exit' handler). */
export function killAllChildren() {
  for (const c of children) signalGroup(c, 'SIGKILL');
}

let handlersInstalled = false;
/** Makes sure no server or load child outlives this process, whether it ends normally, by error or by signal. */
export function installCleanupHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllChildren);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      console.error(`\nbench: ${sig}, stopping children`);
      killAllChildren();
      process.exit(130);
    });
  }
}

/** Stops a child gently (SIGTERM to its group), then forcefully after a grace period. */
export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerHandle {
  child: ChildProcess;
  baseUrl: string;
  /** Last lines of the server's output, for error messages. */
  tail(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real server (`node --import tsx server/src/main.ts`, one process, what `npm start` runs without the
 * tsx wrapper) on a free port of 127.0.0.1 and waits until GET /api/health answers 200.
 */
export async function startServer(env: Record<string, string>, startTimeoutMs = 120_000): Promise<ServerHandle> {
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS adds node flags to the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawnTracked(process.execPath, [...extra, '--import', 'tsx', 'server/src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      RP_DEMO: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(l);
    if (lines.length > 60) lines.splice(0, lines.length - 60);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  const handle: ServerHandle = { child, baseUrl, tail: () => lines.join('\n'), stop: () => stopChild(child) };
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${handle.tail()}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return handle;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await handle.stop();
  throw new Error(`server not healthy after ${startTimeoutMs} ms:\n${handle.tail()}`);
}
