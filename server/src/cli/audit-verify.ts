import { sealAuditChain, verifyAuditChain } from '../platform/audit';
import { openForCli } from './open';

// npm run audit:verify: seals waiting entries, walks the hash chain and names the first broken entry (SPEC R-80).
// Exit 1 when broken.
const { database } = await openForCli();
const sealed = await sealAuditChain(database.db);
const r = await verifyAuditChain(database.db);
await database.close();
if (sealed) console.log(`sealed ${sealed} waiting entries into the chain`);
if (r.pending) console.log(`${r.pending} entries written meanwhile still wait to be sealed`);
if (r.ok) console.log(`audit chain OK: ${r.checked} entries verified`);
else {
  console.error(
    `audit chain BROKEN at entry #${r.firstBroken?.seq} (${r.firstBroken?.reason}); ${r.checked} entries before it verified`,
  );
  process.exitCode = 1;
}
