import { audit } from '../platform/audit';
import { restoreBackup } from '../platform/backup';
import { inTx, systemCtx } from '../platform/context';
import { fileArg, openForCli } from './open';

// npm run restore -- FILE: replaces the configured database's data with a dump (SPEC R-83).
const file = fileArg('usage: npm run restore -- FILE');
const { database } = await openForCli();
const t0 = Date.now();
try {
  const r = await restoreBackup(database.db, file);
  await inTx(systemCtx(database.db), (c) =>
    audit(c, { action: 'restore', entity: 'database', after: { file, rows: r.rows } }),
  );
  console.log(`restored ${r.rows} rows in ${r.tables} tables from ${file} (${database.kind}, ${Date.now() - t0} ms)`);
} catch (err) {
  console.error(`restore failed, nothing changed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
