import { writeBackup } from '../platform/backup';
import { fileArg, openForCli } from './open';

// npm run backup -- FILE: writes a consistent dump of the configured database (SPEC R-83).
const file = fileArg('usage: npm run backup -- FILE');
const { database } = await openForCli();
const t0 = Date.now();
const r = await writeBackup(database.db, file);
await database.close();
console.log(
  `backup written to ${file}: ${r.rows} rows in ${r.tables} tables (${database.kind}, ${Date.now() - t0} ms)`,
);
