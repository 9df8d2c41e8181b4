/**
 * Journey (f): owners' self-governance end to end (SPEC R-42, R-43). A resident votes on a phone and re-votes; the
 * committee enters a paper ballot in the back office and closes the meeting; the result page shows quorum and both
 * majorities per motion; the estate's public page shows the three publics and nothing personal.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Api } from './api';
import type { Fixture } from './fixture';

const ARTIFACTS = path.join(import.meta.dirname, 'artifacts');

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

export interface GovernanceFixture {
  estateId: string;
  estateName: string;
  meetingId: string;
  owners: { resident: string; paper: string };
  committee: { username: string; password: string };
  resident: { username: string; password: string };
  companyName: string;
}

/**
 * Builds the journey's data through the HTTP API: an estate with four delivered dwellings (areas 100.00, 80.00,
 * 60.00, 50.50 m²; one owner each), a committee account bound to it, a resident bound to the first owner, a meeting
 * with an ordinary and a major motion (one door-to-door ballot already entered), a billed period with payments, a
 * finance entry each way, and the company selection and fee disclosures.
 */
export async function buildGovernanceFixture(admin: Api, fx: Fixture, run: string): Promise<GovernanceFixture> {
  const estateName = `民主嘉园${run}`;
  const estate = await admin.post('/api/v1/estates', {
    name: estateName,
    communityId: fx.communityId,
    address: '民主路 1 号',
    managementMode: 'company',
    companyId: fx.companyId,
  });
  const people = ['钱业主', '孙业主', '李业主', '周业主'];
  const areas = ['100.00', '80.00', '60.00', '50.50'];
  const owners: string[] = [];
  for (let i = 0; i < people.length; i++) {
    const o = await admin.post('/api/v1/owners', { name: people[i], kind: 'person', phone: `1390000000${i}` });
    owners.push(o.id);
    await admin.post(`/api/v1/estates/${estate.id}/dwellings`, {
      building: '1',
      unit: '1',
      number: String(101 + i),
      areaM2: areas[i],
      delivered: true,
      ownerIds: [o.id],
    });
  }
  const committee = { username: `committee.${run}`, password: 'committee-pass-123' };
  await admin.post('/api/v1/accounts', {
    ...committee,
    displayName: `${estateName}业委会`,
    role: 'committee',
    scope: { estateId: estate.id },
  });
  const resident = { username: `voter.${run}`, password: 'voter-pass-123' };
  await admin.post('/api/v1/accounts', {
    ...resident,
    displayName: people[0],
    role: 'resident',
    scope: { ownerId: owners[0] },
  });
  const now = Date.now();
  const meeting = await admin.post<{ id: string; motions: { id: string }[] }>(`/api/v1/estates/${estate.id}/meetings`, {
    title: '续聘物业与维修资金使用表决',
    opensAt: new Date(now - 60_000).toISOString(),
    closesAt: new Date(now + 86_400_000).toISOString(),
    motions: [
      { title: '续聘临江安居物业服务有限公司', matter: 'ordinary' },
      { title: '使用维修资金翻新屋面', matter: 'major' },
    ],
  });
  const [ordinary, major] = meeting.motions;
  await admin.post(`/api/v1/meetings/${meeting.id}/ballots`, {
    ownerId: owners[2],
    channel: 'door_to_door',
    choices: [
      { motionId: ordinary.id, choice: 'against' },
      { motionId: major.id, choice: 'for' },
    ],
  });
  const period = await admin.post(`/api/v1/estates/${estate.id}/billing-periods`, {
    period: '2026Q4',
    months: 3,
    unitPriceFenPerM2Month: 250,
  });
  const bills = await admin.call<{ items: { id: string; number: string; amountFen: number }[] }>(
    'GET',
    `/api/v1/bills?billingPeriodId=${period.id}`,
  );
  const billOf = (n: string) => bills.items.find((b) => b.number === n)!;
  await admin.post(`/api/v1/bills/${billOf('101').id}/payments`, {
    amountFen: billOf('101').amountFen,
    paidAt: '2026-10-08',
  });
  await admin.post(`/api/v1/bills/${billOf('102').id}/payments`, { amountFen: 30000, paidAt: '2026-10-09' });
  await admin.post(`/api/v1/estates/${estate.id}/finance`, {
    kind: 'income',
    amountFen: 500000,
    date: '2026-10-10',
    counterparty: fx.names.company,
    counterpartyKind: 'organization',
    purpose: '公共收益（广告位）',
  });
  await admin.post(`/api/v1/estates/${estate.id}/finance`, {
    kind: 'expense',
    amountFen: 12345,
    date: '2026-10-12',
    counterparty: '郑师傅',
    counterpartyKind: 'person',
    purpose: '单元门禁维修',
  });
  // Entered twice by mistake: the committee reverses it in the journey (the balance stays ¥4,876.55).
  await admin.post(`/api/v1/estates/${estate.id}/finance`, {
    kind: 'expense',
    amountFen: 12345,
    date: '2026-10-13',
    counterparty: '郑师傅',
    counterpartyKind: 'person',
    purpose: '单元门禁维修（重复登记）',
  });
  await admin.call('PUT', `/api/v1/estates/${estate.id}/disclosure/selection`, {
    method: 'owners_vote',
    description: '业主大会表决选聘，合同期三年。',
    contractStartsOn: '2024-01-01',
    contractEndsOn: '2026-12-31',
  });
  await admin.call('PUT', `/api/v1/estates/${estate.id}/disclosure/fees`, {
    items: [{ name: '物业服务费', unit: 'm2_month', standardFen: 250 }],
    serviceContent: '保洁、绿化、秩序维护、共用设施设备维修养护。',
    complaintHotline: '0571-88886666',
  });
  return {
    estateId: estate.id,
    estateName,
    meetingId: meeting.id,
    owners: { resident: people[0], paper: people[1] },
    committee,
    resident,
    companyName: fx.names.company,
  };
}

/** Picks an option of an antd Select by typing into its search box. */
async function pickOption(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-item-option', { hasText: text }).first().click();
}

export const governanceJourney = {
  name: '(f) a resident votes on a phone, the committee enters a paper ballot and closes; results and the public page',
  shot: 'f-governance',
  run: async (page: Page, ctx: { base: string; browser: Browser; admin: Api; fx: Fixture }) => {
    const { base, browser, admin, fx } = ctx;
    const g = await buildGovernanceFixture(admin, fx, Date.now().toString(36));

    // 1. The resident votes on a phone, sees the ballot, and re-votes (the new ballot replaces the old one).
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true });
    try {
      const m = await phone.newPage();
      m.setDefaultTimeout(15_000);
      await signIn(m, base, g.resident.username, g.resident.password);
      await m.waitForURL('**/h5');
      await m.getByTestId('h5-publics').waitFor();
      const home = (await m.getByTestId('h5-publics').textContent()) ?? '';
      expect(
        home.includes('0571-88886666'),
        `the estate's three publics on the home tab (got "${home.slice(0, 120)}")`,
      );
      await m.getByTestId('my-bills').getByText('已缴清').waitFor();
      await m.getByTestId('tab-vote').click();
      await m.getByTestId('h5-meeting-item').filter({ hasText: '续聘物业与维修资金使用表决' }).click();
      await m.getByTestId('choice-0-against').click();
      await m.getByTestId('choice-1-for').click();
      await m.getByTestId('h5-vote-submit').click();
      await m.getByText('投票成功').waitFor();
      await m.getByTestId('my-ballot').waitFor();
      expect(
        (await m.getByTestId('choice-0-against').getAttribute('aria-pressed')) === 'true',
        'the current ballot to show “against” on motion 1',
      );
      await m.getByTestId('choice-0-for').click();
      await m.getByTestId('h5-vote-submit').click();
      await m.getByText('已重新投票，原选票已被替换').waitFor();
      await m.waitForFunction(
        () => document.querySelector('[data-testid="choice-0-for"]')?.getAttribute('aria-pressed') === 'true',
      );
      await m.screenshot({ path: path.join(ARTIFACTS, 'f-governance-phone.png'), fullPage: true });
    } finally {
      await phone.close();
    }

    // 2. The committee enters a paper ballot for another owner, watches the turnout and closes the meeting.
    await signIn(page, base, g.committee.username, g.committee.password);
    await page.getByTestId('menu-meetings').click();
    await page.getByTestId('meetings-table').getByRole('link', { name: '续聘物业与维修资金使用表决' }).click();
    await page.getByTestId('turnout-card').waitFor();
    await page.getByTestId('turnout-online').filter({ hasText: '1' }).waitFor();
    await pickOption(page, 'ballot-owner', g.owners.paper);
    await page.getByTestId('ballot-choice-0').getByText('同意').click();
    await page.getByTestId('ballot-choice-1').getByText('反对').click();
    await page.getByTestId('ballot-submit').click();
    await page.getByText('选票已录入').first().waitFor();
    // The live turnout picks the new ballot up by itself: 3 of 4 owners, 240.00 of 290.50 m².
    await page.getByTestId('turnout-paper').filter({ hasText: '1' }).waitFor({ timeout: 20_000 });
    const turnout = (await page.getByTestId('turnout-area').textContent()) ?? '';
    expect(turnout.includes('240.00 m² / 290.50 m²'), `the turnout by area (got "${turnout}")`);
    await page.getByTestId('meeting-close').click();
    // The confirmation zooms in; a click during the animation can miss, so confirm until the result page opens.
    for (let attempt = 1; ; attempt++) {
      await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
      try {
        await page.waitForURL(`**/meetings/${g.meetingId}/result`, { timeout: 5_000 });
        break;
      } catch (e) {
        if (attempt >= 3 || !(await page.locator('.ant-modal-confirm-btns .ant-btn-primary').isVisible())) throw e;
      }
    }

    // 3. The result: both motions quorate; the ordinary one passes both majorities, the major one neither.
    const r0 = page.getByTestId('motion-result-0');
    const r1 = page.getByTestId('motion-result-1');
    await r0.waitFor();
    expect((await r0.getByTestId('motion-quorate').getAttribute('data-quorate')) === 'true', 'motion 1 quorate');
    expect((await r1.getByTestId('motion-quorate').getAttribute('data-quorate')) === 'true', 'motion 2 quorate');
    const q = (await r0.getByTestId('quorum-area').textContent()) ?? '';
    expect(q.includes('240.00 m² / 290.50 m²') && q.includes('82.62%'), `the quorum by area (got "${q}")`);
    const qh = (await r0.getByTestId('quorum-headcount').textContent()) ?? '';
    expect(qh.includes('3 人 / 4 人') && qh.includes('75.00%'), `the quorum by headcount (got "${qh}")`);
    expect((await r0.getByTestId('majority-area').getAttribute('data-ok')) === 'true', 'motion 1 area majority');
    expect((await r0.getByTestId('majority-headcount').getAttribute('data-ok')) === 'true', 'motion 1 head majority');
    expect((await r0.getByTestId('motion-passed').getAttribute('data-passed')) === 'true', 'motion 1 passed');
    const ma = (await r0.getByTestId('majority-area').textContent()) ?? '';
    expect(ma.includes('180.00 m² / 240.00 m²') && ma.includes('75.00%'), `motion 1's agreeing area (got "${ma}")`);
    expect(
      (await r1.getByTestId('majority-area').getAttribute('data-ok')) === 'false',
      'motion 2 area majority missed',
    );
    expect(
      (await r1.getByTestId('majority-headcount').getAttribute('data-ok')) === 'false',
      'motion 2 head majority missed',
    );
    expect((await r1.getByTestId('motion-passed').getAttribute('data-passed')) === 'false', 'motion 2 not passed');
    expect(
      ((await r1.getByTestId('motion-matter').textContent()) ?? '').includes('重大事项'),
      'motion 2 is a major matter',
    );

    // 3b. The committee reverses (冲正) the expense entered twice, with a reason; the original stays, marked.
    await page.getByTestId('menu-publics').click();
    const dup = page.getByTestId('finance-table').locator('tr', { hasText: '重复登记' });
    await dup.getByTestId('finance-reverse').click();
    await page.getByTestId('reversal-reason').fill('同一笔维修费重复登记');
    await page.getByTestId('reversal-submit').click();
    await dup.getByTestId('reversed-tag').waitFor();
    await page.getByTestId('finance-table').getByTestId('reversal-tag').waitFor();
    const bal = (await page.getByTestId('finance-balance').textContent()) ?? '';
    expect(bal.includes('4,876.55'), `the balance after the reversal (got "${bal}")`);

    // 4. The public page: found through the portal's picker, the three publics, nothing personal.
    const anon = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    try {
      const p = await anon.newPage();
      p.setDefaultTimeout(15_000);
      await p.goto(`${base}/public`);
      await p.getByTestId('public-estate-q').fill(g.estateName);
      await p.getByTestId('public-estate-search').click();
      await p.locator(`a[href="/public/estates/${g.estateId}"]`).click();
      await p.getByTestId('public-estate-title').filter({ hasText: g.estateName }).waitFor();
      const sel = (await p.getByTestId('public-selection').textContent()) ?? '';
      expect(sel.includes(g.companyName) && sel.includes('业主大会表决选聘'), `the company selection (got "${sel}")`);
      const fees = (await p.getByTestId('public-fees').textContent()) ?? '';
      expect(fees.includes('2.50 元/㎡·月') && fees.includes('0571-88886666'), `fees and hotline (got "${fees}")`);
      const coll = (await p.getByTestId('public-collection').textContent()) ?? '';
      expect(
        coll.includes('2026Q4') && coll.includes('25.00%') && coll.includes('(1 / 4)'),
        `collection (got "${coll}")`,
      );
      const balance = (await p.getByTestId('public-balance').textContent()) ?? '';
      expect(balance.includes('¥4,876.55'), `the balance ¥4,876.55 (got "${balance}")`);
      const all = (await p.locator('main').textContent()) ?? '';
      expect(all.includes('郑*') && !all.includes('郑师傅'), 'a person counterparty masked to the surname');
      expect(all.includes('［已冲正］') && all.includes('［冲正］'), 'the reversed entry and its reversal, marked');
      expect(!all.includes('同一笔维修费重复登记'), 'no reversal reason on the public page');
      for (const name of ['钱业主', '孙业主', '13900000000'])
        expect(!all.includes(name), `nothing personal on the public page (found "${name}")`);
      await p.screenshot({ path: path.join(ARTIFACTS, 'f-governance-public.png'), fullPage: true });
    } finally {
      await anon.close();
    }
  },
};
