/**
 * Browser journeys against the real server (ARCHITECTURE.md "tests"): starts `server/src/main.ts` on a free port with
 * a fresh data folder, builds a small fixture through the HTTP API, drives Debian's Chromium with playwright-core,
 * and ends with the line `N passed, M failed`. `npm run e2e` builds web/dist first; this script builds nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { Api } from './api';
import { createFixture, type Fixture } from './fixture';
import { governanceJourney } from './governance-journey';
import { issuesJourney } from './issues-journey';

const ROOT = path.resolve(import.meta.dirname, '..');
const ARTIFACTS = path.join(import.meta.dirname, 'artifacts');
const ADMIN_PASSWORD = 'e2e-admin-pass-123';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// With DATABASE_URL the database outlives the run: unique usernames and credit codes keep runs apart.
const RUN = Date.now().toString(36);

let server: ChildProcess | null = null;
let dataDir = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(port: number): Promise<void> {
  dataDir = mkdtempSync(path.join(tmpdir(), 'rp-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    RP_DATA_DIR: dataDir,
    RP_DEMO: '0',
    RP_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
  };
  server = spawn('npx', ['tsx', 'server/src/main.ts'], { cwd: ROOT, env, detached: true, stdio: 'pipe' });
  let log = '';
  server.stdout?.on('data', (d) => {
    log += d;
  });
  server.stderr?.on('data', (d) => {
    log += d;
  });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode}):\n${log}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not become healthy in time:\n${log}`);
}

function stopServer() {
  if (server?.pid && server.exitCode === null) {
    try {
      process.kill(-server.pid, 'SIGTERM'); // the whole group: npx, tsx and node
    } catch {
      /* already gone */
    }
  }
  server = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = '';
}
process.on('exit', stopServer);
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.on(sig, () => {
    stopServer();
    process.exit(130);
  });

/** A workbook of dwellings in the import columns (API.md), built at run time. */
async function dwellingsXlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('房屋');
  ws.addRow(['楼栋', '单元', '房号', '面积', '是否交付', '业主姓名', '业主电话']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function expect(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(`expected ${what}`);
}

async function signIn(page: Page, base: string, username: string, password: string) {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

interface Ctx {
  base: string;
  browser: Browser;
  fx: Fixture;
  admin: Api;
  resident: { username: string; password: string };
}

type Journey = { name: string; shot: string; run: (page: Page, ctx: Ctx) => Promise<void> };

const journeys: Journey[] = [
  {
    name: '(a) the bureau signs in and drills down the org tree from the city to an estate',
    shot: 'a-drill-down',
    run: async (page, { base, fx }) => {
      const doc = await page.goto(`${base}/login`);
      const csp = (await doc?.allHeaders())?.['content-security-policy'] ?? '';
      expect(csp.includes("script-src 'self'"), `the app's pages carry its CSP (got "${csp}")`);
      await signIn(page, base, fx.bureau.username, fx.bureau.password);
      expect(new URL(page.url()).pathname === '/', 'the back office after sign-in');
      await page.getByTestId('menu-org').click();
      await page.waitForURL('**/org');
      for (const name of [fx.names.city, fx.names.district, fx.names.street, fx.names.community]) {
        // Each level is opened from the table of units of the level above (the top-level table at first).
        await page.getByTestId('units-table').getByRole('link', { name, exact: true }).click();
        await page.getByTestId('page-title').filter({ hasText: name }).waitFor();
      }
      await page.getByTestId('five-to-one').waitFor();
      // The community's estate ledger exports to Excel with the same filter.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
      const file = download.suggestedFilename();
      expect(file.endsWith('.xlsx'), `an .xlsx download (got "${file}")`);
      await page.getByTestId('estates-table').getByRole('link', { name: fx.names.estate, exact: true }).click();
      await page.getByTestId('estate-title').filter({ hasText: fx.names.estate }).waitFor();
      const crumbs = (await page.getByTestId('scope-breadcrumb').textContent()) ?? '';
      for (const n of [fx.names.city, fx.names.district, fx.names.street, fx.names.community, fx.names.estate])
        expect(crumbs.includes(n), `the breadcrumb to show ${n} (got "${crumbs}")`);
      await page.getByTestId('mode-history').waitFor();
    },
  },
  {
    name: '(b) importing a workbook shows the count and the dwellings; a bad row imports nothing',
    shot: 'b-import',
    run: async (page, { base, fx, admin }) => {
      await signIn(page, base, fx.bureau.username, fx.bureau.password);
      await page.goto(`${base}/estates/${fx.estateId}`);
      await page.getByTestId('import-link').click();
      await page.waitForURL(`**/estates/${fx.estateId}/import`);
      const good = await dwellingsXlsx([
        ['1', '1', '101', '89.50', '是', '张三', '13800001234'],
        ['1', '1', '102', '120', '否', '', ''],
        ['2', '1', '201', '76.25', '是', '李四', '13900005678'],
      ]);
      await page.locator('input[type=file]').setInputFiles({
        name: 'dwellings.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: good,
      });
      await page.getByTestId('import-start').click();
      const result = page.getByTestId('import-result');
      await result.waitFor();
      const summary = (await result.textContent()) ?? '';
      expect(/\b3\b/.test(summary), `the summary to count 3 dwellings (got "${summary}")`);
      await page.getByTestId('view-dwellings').click();
      const table = page.getByTestId('dwellings-table');
      await table.getByRole('cell', { name: '201', exact: true }).waitFor();
      const text = (await table.textContent()) ?? '';
      for (const s of ['101', '102', '201', '89.50 m²', '120.00 m²', '张三', '李四'])
        expect(text.includes(s), `the dwellings table to show ${s}`);

      // A file with a bad row: the row error is shown and nothing is imported.
      await page.goto(`${base}/estates/${fx.estateId}/import`);
      const csv =
        '楼栋,单元,房号,面积,是否交付,业主姓名,业主电话\r\n3,1,301,88.00,是,王五,13700000001\r\n3,1,302,abc,是,赵六,\r\n';
      await page.locator('input[type=file]').setInputFiles({
        name: 'bad.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv, 'utf8'),
      });
      await page.getByTestId('import-start').click();
      const errors = page.getByTestId('import-errors');
      await errors.waitFor();
      const errText = (await errors.textContent()) ?? '';
      expect(errText.includes('面积') && /\b3\b/.test(errText), `row 3's 面积 error (got "${errText}")`);
      const estate = await admin.call<{ dwellingCount: number }>('GET', `/api/v1/estates/${fx.estateId}`);
      expect(estate.dwellingCount === 3, `still 3 dwellings after the refused file (got ${estate.dwellingCount})`);
    },
  },
  {
    name: '(c) switching the language to English shows English labels and English server errors',
    shot: 'c-english',
    run: async (page, { base, fx }) => {
      await signIn(page, base, fx.bureau.username, fx.bureau.password);
      await page.getByTestId('lang-switch').getByText('English').click();
      await page.getByTestId('page-title').filter({ hasText: 'Dashboard' }).waitFor();
      const menu = (await page.getByRole('navigation', { name: 'Main menu' }).textContent()) ?? '';
      for (const s of ['Org units', 'Estates', 'Property companies', 'Registry'])
        expect(menu.includes(s), `the menu to read "${s}" (got "${menu}")`);
      const cookies = await page.context().cookies();
      expect(
        cookies.some((c) => c.name === 'rp_lang' && c.value === 'en-US'),
        'the rp_lang=en-US cookie',
      );
      const title = await page.evaluate(async () => {
        const res = await fetch('/api/v1/estates/00000000-0000-0000-0000-000000000000');
        return ((await res.json()) as { title: string }).title;
      });
      expect(title === 'Not found, or outside your scope', `an English problem title (got "${title}")`);
      await page.goto(`${base}/estates/${fx.estateId}`);
      await page.getByText('Management-mode history').waitFor();
      await page.getByRole('button', { name: /Import dwellings/ }).waitFor();
    },
  },
  {
    name: '(d) a resident signs in and lands on the residents’ side with the tab bar',
    shot: 'd-resident',
    run: async (page, { base, resident }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(page, base, resident.username, resident.password);
      await page.waitForURL('**/h5');
      await page.getByTestId('h5-tabbar').waitFor();
      await page.getByTestId('my-dwellings').first().waitFor();
      const text = (await page.getByTestId('my-dwellings').first().textContent()) ?? '';
      expect(text.includes('101'), `the resident's dwelling 101 (got "${text}")`);
      await page.getByTestId('tab-vote').click();
      await page.getByTestId('vote-page').waitFor();
      await page.getByTestId('tab-me').click();
      await page.getByTestId('elder-switch').click();
      expect(
        await page.evaluate(() => document.documentElement.classList.contains('rp-elder')),
        'the elder-friendly mode to switch on',
      );
    },
  },
  issuesJourney,
  governanceJourney,
  {
    name: '(g) the city bureau sets when a committee is required and a yearly coverage target',
    shot: 'g-governance-settings',
    run: async (page, { base, fx, admin }) => {
      await signIn(page, base, fx.bureau.username, fx.bureau.password);
      await page.getByTestId('menu-governance-settings').click();
      const form = page.getByTestId('governance-settings-form');
      await form.waitFor();
      await page.getByTestId('target-add').click();
      const row = form.getByTestId('target-row').last();
      await row.getByLabel('年份').fill('2031');
      await row.getByRole('spinbutton', { name: '目标' }).fill('87.5');
      await page.getByTestId('governance-settings-save').click();
      await page.getByText('已保存').first().waitFor();
      const cfg = await admin.call<{ coverageTargets: Record<string, number> }>('GET', '/api/v1/settings/governance');
      expect(
        cfg.coverageTargets['2031'] === 0.875,
        `the 2031 target saved as 0.875 (got ${cfg.coverageTargets['2031']})`,
      );
      await page.reload();
      await form.getByTestId('target-row').last().getByLabel('年份').waitFor();
      const year = await form.getByTestId('target-row').last().getByLabel('年份').inputValue();
      expect(year === '2031', `the target shown after a reload (got "${year}")`);
    },
  },
  {
    name: '(h) the admin writes the audit chain head down and later verifies the chain against it',
    shot: 'h-audit-anchor',
    run: async (page, { base, admin }) => {
      await signIn(page, base, 'admin', ADMIN_PASSWORD);
      await page.goto(`${base}/audit`);
      const anchor = ((await page.getByTestId('audit-head-anchor').textContent()) ?? '').trim();
      expect(/^\d+:[0-9a-f]{64}$/.test(anchor), `a chain head to write down (got "${anchor}")`);
      // Work goes on after the head was written down.
      await admin.post('/api/v1/owners', { name: '锚点之后的业主', kind: 'person' });
      await page.getByTestId('audit-anchors').fill(anchor);
      await page.getByTestId('audit-verify').click();
      await page.locator('[data-testid="audit-verify-result"][data-ok="true"]').waitFor();
      await page.locator('[data-testid="audit-anchor-result"][data-ok="true"]').waitFor();
      const next = ((await page.getByTestId('audit-head-anchor').textContent()) ?? '').trim();
      expect(next !== anchor, 'the head moved on after the new entry');
    },
  },
];

async function main(): Promise<number> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  await startServer(port);
  console.log(`server up on ${base} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const admin = await Api.signIn(base, 'admin', ADMIN_PASSWORD);
  const fx = await createFixture(admin, RUN);
  // The resident of journey (d) owns 101, which journey (b) imports; give them their own dwelling elsewhere.
  const owner = await admin.post('/api/v1/owners', { name: '陈居民', kind: 'person', phone: '13600000000' });
  const second = await admin.post('/api/v1/estates', {
    name: '春晖二期',
    communityId: fx.communityId,
    managementMode: 'self',
  });
  await admin.post(`/api/v1/estates/${second.id}/dwellings`, {
    building: '5',
    unit: '2',
    number: '101',
    areaM2: '66.60',
    delivered: true,
    ownerIds: [owner.id],
  });
  const resident = { username: `resident.${RUN}`, password: 'resident-pass-123' };
  await admin.post('/api/v1/accounts', {
    ...resident,
    displayName: '陈居民',
    role: 'resident',
    scope: { ownerId: owner.id },
  });

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  let passed = 0;
  let failed = 0;
  try {
    for (const j of journeys) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      // The app runs under its Content-Security-Policy: anything it blocks is a failure too.
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text())) pageErrors.push(m.text());
      });
      const t0 = Date.now();
      try {
        await j.run(page, { base, browser, fx, admin, resident });
        if (pageErrors.length) throw new Error(`uncaught page errors: ${pageErrors.join(' | ')}`);
        passed++;
        console.log(`✓ ${j.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failed++;
        console.log(`✗ ${j.name}\n    ${e instanceof Error ? e.message.split('\n').join('\n    ') : String(e)}`);
      } finally {
        await page.screenshot({ path: path.join(ARTIFACTS, `${j.shot}.png`), fullPage: true }).catch(() => {});
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(e instanceof Error ? e.stack : e);
  console.log('0 passed, 1 failed');
} finally {
  stopServer();
}
process.exit(code);
