import { type AuditAnchor, auditHead, parseAnchor, sealAuditChain, verifyAuditChain } from '../platform/audit';
import { openForCli } from './open';

// npm run audit:verify [-- --anchor <chainNo>:<hash> …]: seals waiting entries, walks the hash chain and names the
// first broken entry (SPEC R-80); with anchors written down earlier (GET /api/v1/audit/head, or the head this
// command prints), also checks the chain still reaches each with the same hash. Exit 1 when broken, 2 on bad input.
const args = process.argv.slice(2);
const anchors: AuditAnchor[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] !== '--anchor') continue;
  const a = parseAnchor(args[++i] ?? '');
  if (!a) {
    console.error(`--anchor expects <chainNo>:<64 hex digits>, got "${args[i] ?? ''}"`);
    process.exit(2);
  }
  anchors.push(a);
}
const { database } = await openForCli();
const sealed = await sealAuditChain(database.db);
const r = await verifyAuditChain(database.db, { anchors });
const head = await auditHead(database.db);
await database.close();
for (const a of r.anchors)
  if (a.ok) console.log(`anchor #${a.chainNo} holds`);
  else
    console.error(
      `anchor #${a.chainNo} FAILS: ${a.reason === 'missing' ? 'the chain no longer reaches it' : 'its hash differs'}`,
    );
if (head) console.log(`chain head (write it down to check against later): ${head.anchor}`);
if (sealed) console.log(`sealed ${sealed} waiting entries into the chain`);
if (r.pending) console.log(`${r.pending} entries written meanwhile still wait to be sealed`);
if (r.ok) console.log(`audit chain OK: ${r.checked} entries verified`);
else if (!r.firstBroken) {
  console.error(`audit chain links hold (${r.checked} entries) but an anchor fails: entries were removed or replaced`);
  process.exitCode = 1;
} else {
  console.error(
    `audit chain BROKEN at entry #${r.firstBroken?.seq} (${r.firstBroken?.reason}); ${r.checked} entries before it verified`,
  );
  process.exitCode = 1;
}
