import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from './app';
import { loadConfig } from './config';
import { openDatabase } from './db/client';
import { seedDemo } from './demo/seed';
import { ensureAdmin } from './domains/accounts/accounts.service';
import { ensureIssueRollup } from './domains/issues/issues.stats';
import { startScheduler } from './domains/system/scheduler';
import { ensureReferenceData } from './domains/system/system.service';

// Reads config, opens the database, migrates, seeds the admin (and the demo city), then listens.
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await database.migrate();
// The embedded database allows one process: commands (backup, restore, audit:verify) check this pid file.
const pidFile = path.join(config.dataDir, 'server.pid');
if (database.kind === 'pglite') writeFileSync(pidFile, String(process.pid));
await ensureReferenceData(database.db);
await ensureIssueRollup(database.db, config.timeZone);
const admin = await ensureAdmin(database.db, config.adminPassword);
if (admin.generated) {
  // Printed once: the first start's random admin password.
  console.log(
    `\n  First start: account "admin" created with password: ${admin.generated}\n  (set RP_ADMIN_PASSWORD to choose it)\n`,
  );
}
if (config.demo) {
  const seeded = await seedDemo(database.db);
  if (seeded) console.log(`  Demo city seeded: ${seeded.summary}`);
}
const app = await buildApp({ database, config, logger: { level: config.logLevel } });
const scheduler = startScheduler(database.db, config);
const close = async () => {
  scheduler.stop();
  await app.close();
  await database.close();
  if (database.kind === 'pglite') rmSync(pidFile, { force: true });
  process.exit(0);
};
process.on('SIGINT', close);
process.on('SIGTERM', close);
await app.listen({ port: config.port, host: config.host });
console.log(
  `  Red Property listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (db: ${database.kind})`,
);
