/**
 * Journey (e), 百姓说事 end to end: a resident reports an issue with a photo on the phone, the community accepts it
 * and assigns it to the estate's company in the back office, the company resolves it with an evidence photo, the
 * resident rates it satisfied, and the issue is closed (已销号) and counted on the community's dashboard.
 * Everything it needs is built through the HTTP API at the start, so it does not depend on the other journeys.
 */
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Api } from './api';
import type { Fixture } from './fixture';

const ARTIFACTS = path.join(import.meta.dirname, 'artifacts');
const PHONE = { width: 390, height: 844 };

function expect(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(`expected ${what}`);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A small solid-colour PNG made at run time (the server recognises images by their bytes). */
export function makePng(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function signIn(page: Page, base: string, username: string, password: string) {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** A new browser context whose uncaught page errors fail the journey. */
async function openContext(browser: Browser, errors: string[], phone = false) {
  const context = await browser.newContext({
    viewport: phone ? PHONE : { width: 1400, height: 900 },
    locale: 'zh-CN',
    ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text())) errors.push(m.text());
  });
  return { context, page };
}

/** The headline counts of 百姓说事 on the 工作台. */
async function dashboardCounts(page: Page, base: string) {
  await page.goto(`${base}/`);
  const read = async (id: string) => Number(((await page.getByTestId(id).textContent()) ?? '').replace(/\D/g, ''));
  await page.getByTestId('kpi-collected-value').waitFor();
  await page.getByTestId('kpi-solved-value').waitFor();
  return { collected: await read('kpi-collected-value'), solved: await read('kpi-solved-value') };
}

/** Picks an option of an antd Select by its visible text. */
async function chooseOption(page: Page, select: string, text: string, type?: string) {
  const box = page.getByTestId(select);
  await box.click();
  if (type) await page.keyboard.type(type);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

/** Runs an action from the issue page: the button, the modal's fields, the modal's submit; waits for the new status. */
async function act(page: Page, action: string, status: string, fill?: () => Promise<void>) {
  await page.getByTestId(`action-${action}`).click();
  await page.getByTestId(`action-form-${action}`).waitFor();
  if (fill) await fill();
  await page.getByTestId('action-submit').click();
  await page.locator(`[data-testid="issue-status"][data-status="${status}"]`).first().waitFor();
}

interface JourneyCtx {
  base: string;
  browser: Browser;
  fx: Fixture;
  admin: Api;
}

export const issuesJourney = {
  name: '(e) a resident reports with a photo, the community assigns, the company resolves, the resident rates: 已销号',
  shot: 'e-issue',
  run: async (page: Page, { base, browser, fx, admin }: JourneyCtx) => {
    // ── fixture: an estate the fixture's company serves, a resident with a dwelling there, community and company accounts
    const run = Date.now().toString(36);
    const estate = await admin.post('/api/v1/estates', {
      name: '春晖三期',
      communityId: fx.communityId,
      address: '滨河路 90 号',
      managementMode: 'company',
      companyId: fx.companyId,
    });
    const owner = await admin.post('/api/v1/owners', { name: '周居民', kind: 'person', phone: '13500001111' });
    await admin.post(`/api/v1/estates/${estate.id}/dwellings`, {
      building: '8',
      unit: '1',
      number: '802',
      areaM2: '92.30',
      delivered: true,
      ownerIds: [owner.id],
    });
    const resident = { username: `resident.issue.${run}`, password: 'resident-pass-456' };
    const community = { username: `community.${run}`, password: 'community-pass-456' };
    const company = { username: `company.${run}`, password: 'company-pass-456' };
    await admin.post('/api/v1/accounts', {
      ...resident,
      displayName: '周居民',
      role: 'resident',
      scope: { ownerId: owner.id },
    });
    await admin.post('/api/v1/accounts', {
      ...community,
      displayName: '春晖社区工作站',
      role: 'community',
      scope: { orgUnitId: fx.communityId },
    });
    await admin.post('/api/v1/accounts', {
      ...company,
      displayName: '安居物业客服',
      role: 'company',
      scope: { companyId: fx.companyId },
    });

    const errors: string[] = [];
    const contexts: BrowserContext[] = [];
    const phone = await openContext(browser, errors, true);
    contexts.push(phone.context);
    const title = `8号楼电梯停运 ${run}`;
    try {
      // ── the community's dashboard before
      await signIn(page, base, community.username, community.password);
      const before = await dashboardCounts(page, base);
      // ── the resident reports on the phone: dwelling → three category screens → details with a photo
      const p = phone.page;
      await signIn(p, base, resident.username, resident.password);
      await p.getByTestId('tab-speak').click();
      await p.getByTestId('h5-dwellings').getByRole('button', { name: /802/ }).click();
      for (const name of ['物业管理', '电梯', '电梯故障'])
        await p.getByTestId('h5-categories').getByRole('button', { name, exact: true }).click();
      await p.getByTestId('h5-details').waitFor();
      await p.getByTestId('h5-title').fill(title);
      await p.getByTestId('h5-description').fill('8 号楼 1 单元电梯从早上开始停运，老人上下楼困难。');
      await p.getByTestId('h5-photo-input').setInputFiles({
        name: 'elevator.png',
        mimeType: 'image/png',
        buffer: makePng(48, 32, [200, 22, 29]),
      });
      await p.getByTestId('h5-photo').first().waitFor();
      await p.getByTestId('h5-submit').click();
      const created = p.getByTestId('h5-created');
      await created.waitFor();
      const code = ((await created.textContent()) ?? '').match(/SQ-\d{4}-\d{6}/)?.[0];
      expect(code, `an issue code on the success screen (got "${await created.textContent()}")`);
      expect(
        !(await p.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('rp_issue_draft')))),
        'the draft to be removed once submitted',
      );
      await p.getByTestId('h5-view-created').click();
      await p.waitForURL('**/h5/issues/*');
      const id = new URL(p.url()).pathname.split('/').pop()!;
      await p.locator('[data-testid="h5-issue"][data-status="submitted"]').waitFor();
      // ── the community finds it on its ledger, accepts it and assigns it to the estate's company
      await page.goto(`${base}/ledgers/community`);
      await page.getByTestId('ledger-table').getByRole('link', { name: code, exact: true }).click();
      await page.waitForURL(`**/issues/${id}`);
      const reporter = (await page.getByTestId('reporter').textContent()) ?? '';
      expect(reporter.includes('13500001111'), `the accepting community to see the full phone (got "${reporter}")`);
      await page.getByTestId('photos').locator('img').first().waitFor();
      await act(page, 'accept', 'accepted', async () => {
        await page.getByTestId('action-note').fill('已受理，转物业处理');
      });
      await act(page, 'assign', 'assigned', async () => {
        // The kind may already be the company (suggested from the category); choosing it again changes nothing.
        await chooseOption(page, 'assign-handler-kind', '物业企业');
        await chooseOption(page, 'assign-handler-target', fx.names.company, '安居');
      });
      const handlers = (await page.getByTestId('issue-descriptions').textContent()) ?? '';
      expect(handlers.includes(fx.names.company), `the company as the lead handler (got "${handlers}")`);
      // The timeline says whom the step assigned.
      await page
        .locator('[data-testid="timeline-item"][data-action="assign"] [data-testid="timeline-data"]', {
          hasText: fx.names.company,
        })
        .waitFor();
      // ── the company opens it from its notification, starts and resolves it with an evidence photo
      const desk = await openContext(browser, errors);
      contexts.push(desk.context);
      const c = desk.page;
      await signIn(c, base, company.username, company.password);
      await c.locator('[data-testid="notification-bell"]:not([data-unread="0"])').waitFor();
      await c.getByTestId('notification-bell').click();
      await c.locator('[data-testid="notification"][data-unread="true"]').first().click();
      await c.waitForURL(`**/issues/${id}`);
      await act(c, 'start', 'in_progress');
      await act(c, 'resolve', 'resolved', async () => {
        await c.getByTestId('action-note').fill('已更换电梯门机控制板，试运行正常。');
        const uploaded = c.waitForResponse(
          (r) => r.url().endsWith('/api/v1/uploads') && r.request().method() === 'POST' && r.status() === 201,
        );
        await c
          .getByTestId('resolve-photos')
          .locator('input[type=file]')
          .setInputFiles({ name: 'fixed.png', mimeType: 'image/png', buffer: makePng(40, 40, [4, 120, 87]) });
        await uploaded;
        await c.getByTestId('resolve-photos').locator('.ant-upload-list-item-done').waitFor();
      });
      const resolvedStep = c.locator('[data-testid="timeline-item"][data-action="resolve"]');
      await resolvedStep.locator('img').first().waitFor();
      // ── the resident is told on the phone (badge on 我的, the notice there) and rates it satisfied
      await p.goto(`${base}/h5`);
      // The home page lists it among what waits for the resident's rating.
      await p.getByTestId('h5-to-rate').getByText(title).waitFor();
      await p.getByTestId('tab-me-unread').waitFor();
      await p.getByTestId('tab-me').click();
      const notice = p.locator('[data-testid="h5-notification"][data-unread="true"]', { hasText: '已办结' }).first();
      await notice.waitFor();
      await p.screenshot({ path: path.join(ARTIFACTS, 'e-issue-phone-notice.png'), fullPage: true }).catch(() => {});
      await notice.click();
      await p.waitForURL(`**/h5/issues/${id}`);
      await p.locator('[data-testid="h5-issue"][data-status="resolved"]').waitFor();
      await p.getByTestId('h5-rate').click();
      await p.getByTestId('h5-rating-satisfied').click();
      await p.getByTestId('h5-rate-submit').click();
      await p.locator('[data-testid="h5-issue"][data-status="closed"]').waitFor();
      const tag = (await p.getByTestId('h5-issue-status').first().textContent()) ?? '';
      expect(tag.includes('已销号'), `已销号 on the phone (got "${tag}")`);
      // ── the back office shows it closed, and the dashboard counts it
      await page.goto(`${base}/issues/${id}`);
      const status = page.locator('[data-testid="issue-status"][data-status="closed"]').first();
      await status.waitFor();
      expect(((await status.textContent()) ?? '').includes('已销号'), 'the issue page to show 已销号');
      const after = await dashboardCounts(page, base);
      expect(
        after.collected === before.collected + 1,
        `collected ${before.collected} → ${before.collected + 1} (got ${after.collected})`,
      );
      expect(
        after.solved === before.solved + 1,
        `solved ${before.solved} → ${before.solved + 1} (got ${after.solved})`,
      );
      if (errors.length) throw new Error(`uncaught page errors: ${errors.join(' | ')}`);
    } finally {
      await phone.page.screenshot({ path: path.join(ARTIFACTS, 'e-issue-phone.png'), fullPage: true }).catch(() => {});
      for (const ctx of contexts) await ctx.close();
    }
  },
};
