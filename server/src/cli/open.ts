import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';

/** Opens the configured database for a command; refuses PGlite while a server process holds the data folder. */
export async function openForCli() {
  const config = loadConfig();
  if (!config.databaseUrl) {
    const pidFile = path.join(config.dataDir, 'server.pid');
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8'));
      let alive = false;
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        alive = false;
      }
      if (alive) {
        console.error(`The server (pid ${pid}) is using the embedded database in ${config.dataDir}; stop it first.`);
        process.exit(2);
      }
    }
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  return { config, database };
}

/** The file argument of a command (`npm run backup -- FILE`). */
export function fileArg(usage: string): string {
  const file = process.argv[2];
  if (!file) {
    console.error(usage);
    process.exit(2);
  }
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}
