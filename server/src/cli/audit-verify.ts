import { verifyAuditChain } from '../platform/audit';
import { openForCli } from './open';

// npm run audit:verify: walks the hash chain and names the first broken entry (SPEC R-80). Exit 1 when broken.
const { database } = await openForCli();
const r = await verifyAuditChain(database.db);
await database.close();
if (r.ok) console.log(`audit chain OK: ${r.checked} entries verified`);
else {
  console.error(
    `audit chain BROKEN at entry #${r.firstBroken?.seq} (${r.firstBroken?.reason}); ${r.checked} entries before it verified`,
  );
  process.exitCode = 1;
}
