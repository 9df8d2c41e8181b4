import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testApp } from '../../../test/db';
import { buildCity, makeCaller } from '../../../test/fixtures';
import { loadConfig } from '../../config';
import { rows } from '../../db/client';
import { audit, sealAuditChain, verifyAuditChain } from '../../platform/audit';
import { restoreBackup, writeBackup } from '../../platform/backup';
import { systemCtx } from '../../platform/context';
import { startScheduler } from '../system/scheduler';

let t: Awaited<ReturnType<typeof testApp>>;
let city: Awaited<ReturnType<typeof buildCity>>;

// Reference data (calendar, issue categories) is seeded, and audited, before any test runs.
let base = 0;
beforeAll(async () => {
  t = await testApp();
  await sealAuditChain(t.db);
  base = (await verifyAuditChain(t.db)).checked;
  city = await buildCity(t.app, t.db);
});
afterAll(() => t.close());

describe('R-80 audit chain', () => {
  it('R-80: every write appends an entry with actor, time, entity and after-image, pending until sealed', async () => {
    type Entry = { entity: string; entityId: string; chainNo: number | null; hash: string | null };
    const find = (items: Entry[]) => items.find((e) => e.entity === 'estate' && e.entityId === city.estateA.id);
    const log = (await city.admin.get('/api/v1/audit?pageSize=200')).json();
    // buildCity: 8 org units, 2 companies, 3 estates.
    expect(log.total).toBe(base + 13);
    const estate = find(log.items);
    expect(estate).toMatchObject({ action: 'create', actorId: city.admin.accountId, chainNo: null, hash: null });
    expect((estate as unknown as { after: { name: string } }).after.name).toBe('幸福家园');
    expect(await sealAuditChain(t.db)).toBe(13);
    const sealed = find((await city.admin.get('/api/v1/audit?pageSize=200')).json().items);
    expect(sealed?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sealed?.chainNo).toBeGreaterThan(base);
  });

  it('R-80: the admin page verifies the chain, sealing waiting entries first', async () => {
    await city.admin.post('/api/v1/owners', { name: '待封链业主', kind: 'person' });
    const r = await city.admin.post('/api/v1/audit/verify');
    expect(r.json()).toEqual({
      ok: true,
      checked: base + 14,
      firstBroken: null,
      anchors: [],
      pending: 0,
      oldestPendingAgeMs: null,
    });
    base += 1;
  });

  it('R-80: a failed request writes nothing', async () => {
    await city.admin.post('/api/v1/companies', { name: 'x', uscc: 'bad' });
    expect((await city.admin.get('/api/v1/audit')).json().total).toBe(base + 13);
  });

  it('R-80: a tampered sealed entry is caught and named', async () => {
    await t.db.execute(
      sql`update audit_log set after = jsonb_set(after, '{name}', '"篡改小区"') where entity = 'estate' and entity_id = ${city.estateA.id}`,
    );
    const [row] = await rows<{ seq: string; chain_no: string }>(
      t.db,
      sql`select seq, chain_no from audit_log where entity = 'estate' and entity_id = ${city.estateA.id}`,
    );
    const seq = Number(row.seq);
    const r = await verifyAuditChain(t.db);
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toEqual({ seq, reason: 'content' });
    // Sequence numbers may have gaps (PostgreSQL sequences skip after a restart); the chain runs in chain_no order.
    const [before] = await rows<{ n: string }>(
      t.db,
      sql`select count(*) as n from audit_log where chain_no < ${Number(row.chain_no)}`,
    );
    expect(r.checked).toBe(Number(before.n));
  });

  it('R-80: a deleted entry breaks the link of the one after it', async () => {
    await t.db.execute(
      sql`update audit_log set after = jsonb_set(after, '{name}', '"幸福家园"') where entity = 'estate' and entity_id = ${city.estateA.id}`,
    );
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    const list = await rows<{ seq: string }>(t.db, sql`select seq from audit_log order by chain_no`);
    await t.db.execute(sql`delete from audit_log where seq = ${Number(list[base + 3].seq)}`);
    expect((await verifyAuditChain(t.db)).firstBroken).toEqual({
      seq: Number(list[base + 4].seq),
      reason: 'prev_hash',
    });
    // Re-linking the rest around the hole (recomputing every later hash) still leaves a gap in the numbering.
    await t.db.execute(sql`update audit_log set chain_no = null, prev_hash = null, hash = null
      where chain_no > ${base + 3}`);
    await sealAuditChain(t.db);
    await t.db.execute(sql`update audit_log set chain_no = chain_no + 1000 where chain_no > ${base + 3}`);
    expect((await verifyAuditChain(t.db)).firstBroken).toEqual({ seq: Number(list[base + 4].seq), reason: 'chain_no' });
  });
});

describe('R-80 asynchronous sealing', () => {
  let s: Awaited<ReturnType<typeof testApp>>;
  let c: Awaited<ReturnType<typeof buildCity>>;
  const count = async () => Number((await rows<{ n: string }>(s.db, sql`select count(*) as n from audit_log`))[0].n);
  beforeAll(async () => {
    s = await testApp();
    c = await buildCity(s.app, s.db);
  });
  afterAll(() => s.close());

  it('R-80: entries written by concurrent requests are all sealed into one unbroken chain', async () => {
    const res = await Promise.all(
      Array.from({ length: 24 }, (_, i) => c.admin.post('/api/v1/owners', { name: `并发业主${i}`, kind: 'person' })),
    );
    expect(res.map((r) => r.statusCode)).toEqual(res.map(() => 201));
    const before = await verifyAuditChain(s.db);
    expect(before.pending).toBeGreaterThanOrEqual(24);
    expect(before.oldestPendingAgeMs).toBeGreaterThanOrEqual(0);
    await sealAuditChain(s.db, { batch: 7 });
    const n = await count();
    expect(await verifyAuditChain(s.db)).toEqual({
      ok: true,
      checked: n,
      firstBroken: null,
      anchors: [],
      pending: 0,
      oldestPendingAgeMs: null,
    });
    const [nums] = await rows<{ lo: string; hi: string; d: string }>(
      s.db,
      sql`select min(chain_no) as lo, max(chain_no) as hi, count(distinct chain_no) as d from audit_log`,
    );
    expect([Number(nums.lo), Number(nums.hi), Number(nums.d)]).toEqual([1, n, n]);
  });

  it('R-80: an entry committed after later ones were sealed is sealed after them, and the chain still holds', async () => {
    // A slow transaction took its seq first and commits last: reserve a seq, let others write and be sealed, then
    // write the late entry under the reserved seq.
    const [{ seq }] = await rows<{ seq: string }>(
      s.db,
      sql`select nextval(pg_get_serial_sequence('audit_log', 'seq')) as seq`,
    );
    await c.admin.post('/api/v1/owners', { name: '先到业主', kind: 'person' });
    await sealAuditChain(s.db);
    await s.db.execute(sql`insert into audit_log (seq, at, action, entity, entity_id, after)
      values (${Number(seq)}, now(), 'create', 'owner', 'late', '{"name":"迟到业主"}'::jsonb)`);
    expect(await sealAuditChain(s.db)).toBe(1);
    const [late] = await rows<{ chain_no: string; max: string; later: string }>(
      s.db,
      sql`select chain_no, (select max(chain_no) from audit_log) as max,
            (select count(*) from audit_log where seq > ${Number(seq)} and chain_no < a.chain_no) as later
          from audit_log a where seq = ${Number(seq)}`,
    );
    expect(Number(late.chain_no)).toBe(Number(late.max));
    expect(Number(late.later)).toBeGreaterThan(0);
    expect(await verifyAuditChain(s.db)).toMatchObject({ ok: true, checked: await count(), pending: 0 });
  });

  it('R-80: a transaction still open while the sealer runs is sealed once it commits', async () => {
    if (!process.env.DATABASE_URL) return; // PGlite has one connection: nothing can seal beside an open transaction
    let sealedMeanwhile = -1;
    await s.db.transaction(async (tx) => {
      await audit({ ...systemCtx(tx as never), ip: '10.0.0.1' }, { action: 'slow', entity: 'test' });
      await c.admin.post('/api/v1/owners', { name: '旁路业主', kind: 'person' });
      sealedMeanwhile = await sealAuditChain(s.db);
    });
    expect(sealedMeanwhile).toBe(1);
    expect(await sealAuditChain(s.db)).toBe(1);
    expect(await verifyAuditChain(s.db)).toMatchObject({ ok: true, checked: await count(), pending: 0 });
  });

  it('R-80: two sealers at once do not fork the chain', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => c.admin.post('/api/v1/owners', { name: `双封业主${i}`, kind: 'person' })),
    );
    const pending = (await verifyAuditChain(s.db)).pending;
    const [a, b] = await Promise.all([sealAuditChain(s.db, { batch: 4 }), sealAuditChain(s.db, { batch: 4 })]);
    expect(a + b).toBe(pending);
    const n = await count();
    expect(await verifyAuditChain(s.db)).toMatchObject({ ok: true, checked: n, pending: 0 });
    const [d] = await rows<{ d: string; hi: string }>(
      s.db,
      sql`select count(distinct prev_hash) as d, max(chain_no) as hi from audit_log`,
    );
    expect([Number(d.d), Number(d.hi)]).toEqual([n, n]);
  });

  it('R-80: every server process seals new entries every RP_AUDIT_SEAL_MS, and stops when told', async () => {
    const env = { seal: process.env.RP_AUDIT_SEAL_MS, jobs: process.env.RP_JOB_INTERVAL_S };
    process.env.RP_AUDIT_SEAL_MS = '20';
    process.env.RP_JOB_INTERVAL_S = '0';
    const scheduler = startScheduler(s.db, loadConfig({}));
    try {
      await c.admin.post('/api/v1/owners', { name: '定时封链业主', kind: 'person' });
      await vi.waitFor(async () => expect((await verifyAuditChain(s.db)).pending).toBe(0), { timeout: 5000 });
    } finally {
      scheduler.stop();
      process.env.RP_AUDIT_SEAL_MS = env.seal;
      process.env.RP_JOB_INTERVAL_S = env.jobs;
      if (env.seal === undefined) delete process.env.RP_AUDIT_SEAL_MS;
      if (env.jobs === undefined) delete process.env.RP_JOB_INTERVAL_S;
    }
    expect(await verifyAuditChain(s.db)).toMatchObject({ ok: true, checked: await count(), pending: 0 });
  });

  it('R-80: tampering with a sealed entry and deleting one are both detected', async () => {
    const [mid] = await rows<{ seq: string }>(s.db, sql`select seq from audit_log where chain_no = 5`);
    await s.db.execute(sql`update audit_log set ip = '6.6.6.6' where seq = ${Number(mid.seq)}`);
    expect(await verifyAuditChain(s.db)).toMatchObject({
      ok: false,
      checked: 4,
      firstBroken: { seq: Number(mid.seq), reason: 'content' },
    });
    await s.db.execute(sql`delete from audit_log where seq = ${Number(mid.seq)}`);
    const [next] = await rows<{ seq: string }>(s.db, sql`select seq from audit_log where chain_no = 6`);
    expect(await verifyAuditChain(s.db)).toMatchObject({
      ok: false,
      checked: 4,
      firstBroken: { seq: Number(next.seq), reason: 'prev_hash' },
    });
  });
});

describe('R-80 anchors: the chain head written down outside', () => {
  let s: Awaited<ReturnType<typeof testApp>>;
  let c: Awaited<ReturnType<typeof buildCity>>;
  beforeAll(async () => {
    s = await testApp();
    c = await buildCity(s.app, s.db);
  });
  afterAll(() => s.close());
  const verify = (anchors?: string[]) => c.admin.post('/api/v1/audit/verify', anchors ? { anchors } : undefined);

  it('R-80: the head names the last sealed entry; verifying against it holds while nothing is removed', async () => {
    const head = (await c.admin.get('/api/v1/audit/head')).json();
    expect(head.anchor).toBe(`${head.chainNo}:${head.hash}`);
    expect(head.hash).toMatch(/^[0-9a-f]{64}$/);
    await c.admin.post('/api/v1/owners', { name: '锚点后业主', kind: 'person' });
    const r = (await verify([head.anchor])).json();
    expect(r).toMatchObject({ ok: true, anchors: [{ chainNo: head.chainNo, ok: true, reason: null }] });
    expect((await c.admin.get('/api/v1/audit/head')).json().chainNo).toBe(head.chainNo + 1);
  });

  it('R-80: deleting the newest entries leaves a whole but shorter chain: only an anchor finds it', async () => {
    const head = (await c.admin.get('/api/v1/audit/head')).json();
    await s.db.execute(sql`delete from audit_log where chain_no > ${head.chainNo - 2}`);
    // The chain alone still verifies…
    expect((await verify()).json()).toMatchObject({ ok: true, firstBroken: null });
    // …the anchor written down before does not.
    const r = (await verify([head.anchor])).json();
    expect(r).toMatchObject({
      ok: false,
      firstBroken: null,
      anchors: [{ chainNo: head.chainNo, ok: false, reason: 'missing' }],
    });
  });

  it('R-80: an anchor whose hash differs fails as a mismatch; a malformed one is 400', async () => {
    const head = (await c.admin.get('/api/v1/audit/head')).json();
    const other = `${head.chainNo}:${'0'.repeat(64)}`;
    expect((await verify([other])).json().anchors).toEqual([
      { chainNo: head.chainNo, hash: '0'.repeat(64), ok: false, reason: 'mismatch' },
    ]);
    const bad = await verify(['12:xyz']);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('anchors.0');
    const staff = await makeCaller(s.app, s.db, 'bureau', { orgUnitId: c.city.id });
    expect((await staff.get('/api/v1/audit/head')).statusCode).toBe(403);
  });
});

describe('R-83 backup and restore', () => {
  it('R-83: a dump restores the same data into a fresh database, chain included', async () => {
    const other = await testApp();
    const src = await testApp();
    const c2 = await buildCity(src.app, src.db);
    await c2.admin.post(`/api/v1/estates/${c2.estateA.id}/dwellings`, {
      building: '1',
      unit: '',
      number: '1',
      areaM2: '77.77',
      delivered: true,
    });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rp-backup-')), 'dump.jsonl.gz');
    await sealAuditChain(src.db);
    // One entry still waits for sealing when the dump is taken: it travels unsealed and is sealed on the copy.
    await c2.admin.post('/api/v1/owners', { name: '备份业主', kind: 'person' });
    const w = await writeBackup(src.db, file);
    expect(w.rows).toBeGreaterThan(20);
    const r = await restoreBackup(other.db, file);
    expect(r.rows).toBe(w.rows);
    expect(await verifyAuditChain(other.db)).toMatchObject({ ok: true, pending: 1 });
    expect(await sealAuditChain(other.db)).toBe(1);
    const [{ n }] = await rows<{ n: string }>(other.db, sql`select count(*) as n from audit_log`);
    expect(await verifyAuditChain(other.db)).toMatchObject({ ok: true, checked: Number(n), pending: 0 });
    const e = (await c2.admin.get(`/api/v1/estates/${c2.estateA.id}`)).json();
    // The same token works on the restored copy: accounts and tokens came along.
    const copy = await other.app.inject({
      method: 'GET',
      url: `/api/v1/estates/${c2.estateA.id}`,
      headers: { authorization: `Bearer ${c2.admin.token}` },
    });
    expect(copy.json()).toEqual(e);
    await other.close();
    await src.close();
  });
});

describe('audit:verify command', () => {
  it('R-80: npm run audit:verify reports OK, then names a tampered entry with exit code 1', async () => {
    if (process.env.DATABASE_URL) return; // the command is exercised on PGlite, where it opens a data folder
    const dir = mkdtempSync(path.join(tmpdir(), 'rp-verify-'));
    const run = promisify(execFile);
    const env = { ...process.env, RP_DATA_DIR: dir, RP_DEMO: '0' };
    const cwd = path.resolve(import.meta.dirname, '../../..');
    // A one-entry chain (the first admin), checked by the command, then tampered with through PGlite directly.
    const { openPglite } = await import('../../db/client');
    const { ensureAdmin } = await import('../accounts/accounts.service');
    const db = await openPglite(path.join(dir, 'pg'));
    await db.migrate();
    await ensureAdmin(db.db, 'some-password-1');
    await db.close();
    const ok = await run('npx', ['tsx', 'src/cli/audit-verify.ts'], { cwd, env });
    expect(ok.stdout).toContain('audit chain OK: 1 entries');
    const anchor = /chain head[^:]*: (\d+:[0-9a-f]{64})/.exec(ok.stdout)?.[1];
    expect(anchor).toMatch(/^1:/);
    const held = await run('npx', ['tsx', 'src/cli/audit-verify.ts', '--anchor', anchor!], { cwd, env });
    expect(held.stdout).toContain('anchor #1 holds');
    const beyond = await run('npx', ['tsx', 'src/cli/audit-verify.ts', '--anchor', `2:${'a'.repeat(64)}`], {
      cwd,
      env,
    }).catch((e) => e);
    expect(beyond.code).toBe(1);
    expect(beyond.stderr).toContain('anchor #2 FAILS: the chain no longer reaches it');
    const malformed = await run('npx', ['tsx', 'src/cli/audit-verify.ts', '--anchor', 'nope'], { cwd, env }).catch(
      (e) => e,
    );
    expect(malformed.code).toBe(2);
    const db2 = await openPglite(path.join(dir, 'pg'));
    await db2.db.execute(sql`update audit_log set ip = '6.6.6.6'`);
    await db2.close();
    const bad = await run('npx', ['tsx', 'src/cli/audit-verify.ts'], { cwd, env }).catch((e) => e);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('BROKEN at entry #1');
  });
});
