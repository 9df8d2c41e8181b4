import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/db';
import { buildCity, type Caller, makeCaller } from '../../../test/fixtures';

const clock = new Date('2026-12-28T10:00:00+08:00');
let t: Awaited<ReturnType<typeof testApp>>;
let city: Awaited<ReturnType<typeof buildCity>>;
let community: Caller;
let companyB: Caller;

// A 1×1 PNG.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  city = await buildCity(t.app, t.db);
  community = await makeCaller(t.app, t.db, 'community', { orgUnitId: city.commA1.id });
  companyB = await makeCaller(t.app, t.db, 'company', { companyId: city.companyB.id });
});
afterAll(() => t.close());

const issueBody = (extra: Record<string, unknown> = {}) => ({
  estateId: city.estateA.id,
  kind: 'repair',
  category: 'pm.water.leak',
  title: '管道漏水',
  description: '地下室管道漏水',
  source: 'visit',
  urgency: 'normal',
  reporter: { name: '住户', phone: '13700000000' },
  ...extra,
});

describe('R-13 calendar administration', () => {
  it('R-13: the shipped 2026 schedule is seeded; a year not published is reported as not configured', async () => {
    const y = (await community.get('/api/v1/calendar/2026')).json();
    expect(y.configured).toBe(true);
    expect(y.workdays).toContain('2026-10-10');
    expect((await community.get('/api/v1/calendar/2027')).json()).toMatchObject({ configured: false, holidays: [] });
  });

  it('R-13: deadlines computed after the admin enters a year use it', async () => {
    // 2026-12-28 is a Monday; 2027-01-01 (Friday) is New Year's Day once 2027 is entered.
    const before = (await community.post('/api/v1/issues', issueBody())).json();
    expect(before.resolveDueAt).toBe('2026-12-31T15:59:59.000Z');
    const complexBefore = (await community.post('/api/v1/issues', issueBody({ urgency: 'complex' }))).json();
    const put = await city.admin.put('/api/v1/calendar/2027', { holidays: ['2027-01-01'], workdays: [] });
    expect(put.statusCode).toBe(200);
    const after = (await community.post('/api/v1/issues', issueBody({ urgency: 'complex' }))).json();
    expect(new Date(after.resolveDueAt).getTime()).toBeGreaterThan(new Date(complexBefore.resolveDueAt).getTime());
  });

  it('R-82: calendar dates outside the year, or both holiday and workday, are refused with the fields named', async () => {
    const r = await city.admin.put('/api/v1/calendar/2027', {
      holidays: ['2026-12-31', '2027-02-01'],
      workdays: ['2027-02-01'],
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.map((e: { path: string }) => e.path)).toEqual(['holidays.0', 'workdays.0']);
    expect((await community.put('/api/v1/calendar/2027', { holidays: [], workdays: [] })).statusCode).toBe(403);
    expect((await city.admin.get('/api/v1/calendar/2027')).json().holidays).toEqual(['2027-01-01']);
  });
});

describe('uploads (evidence photos)', () => {
  it('stores an image, links it to an issue, and shows it only to those who see the issue', async () => {
    const up = await community.upload('/api/v1/uploads', 'photo.png', PNG);
    expect(up.statusCode, up.body).toBe(201);
    const { id } = up.json();
    const issue = (await community.post('/api/v1/issues', issueBody({ photoIds: [id] }))).json();
    expect(issue.photoIds).toEqual([id]);
    const img = await city.admin.get(`/api/v1/uploads/${id}`);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.rawPayload.equals(PNG)).toBe(true);
    expect((await companyB.get(`/api/v1/uploads/${id}`)).statusCode).toBe(404);
    // A used upload cannot be claimed again.
    const again = await community.post('/api/v1/issues', issueBody({ photoIds: [id] }));
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].path).toBe('photoIds.0');
  });

  it('refuses files that are not images or PDFs, whatever their name', async () => {
    const r = await community.upload('/api/v1/uploads', 'evil.png', Buffer.from('<script>alert(1)</script>'));
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].path).toBe('file');
  });

  it('a PDF is accepted as an upload but not as an issue photo (400 on the field, nothing written)', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
    const up = await community.upload('/api/v1/uploads', '收据.pdf', pdf);
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json().mime).toBe('application/pdf');
    const before = (await community.get('/api/v1/issues?pageSize=1')).json().total;
    const r = await community.post('/api/v1/issues', issueBody({ photoIds: [up.json().id] }));
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([{ path: 'photoIds.0', message: expect.stringContaining('JPEG') }]);
    expect((await community.get('/api/v1/issues?pageSize=1')).json().total).toBe(before);
    // The uploader may fetch it back: a download, never shown inside the app's origin.
    const got = await community.get(`/api/v1/uploads/${up.json().id}`);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="__.pdf"; filename*=UTF-8''${encodeURIComponent('收据.pdf')}`,
    );
    expect(got.headers['content-security-policy']).toContain('sandbox');
  });

  it('a download carries the extension of what the file is, not of the name it came with', async () => {
    const pdf = Buffer.from('%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n', 'latin1');
    const up = await community.upload('/api/v1/uploads', "evil O'Brien (1).html", pdf);
    expect(up.statusCode, up.body).toBe(201);
    const got = await community.get(`/api/v1/uploads/${up.json().id}`);
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="evil O'Brien (1).pdf"; filename*=UTF-8''evil%20O%27Brien%20%281%29.pdf`,
    );
    // A few bytes before the PDF header (some scanners write them) still make a PDF.
    const scanned = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0x0a]), pdf]);
    expect((await community.upload('/api/v1/uploads', 'scan.pdf', scanned)).json().mime).toBe('application/pdf');
  });

  it('a malformed URL gets problem+json with the same headers; the API docs may not be framed', async () => {
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/estates/%' });
    expect(bad.statusCode).toBe(400);
    expect(String(bad.headers['content-type'])).toContain('application/problem+json');
    expect(bad.headers['x-content-type-options']).toBe('nosniff');
    expect(bad.headers['x-frame-options']).toBe('DENY');
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/static/index.html' });
    expect(docs.headers['x-frame-options']).toBe('DENY');
    expect(docs.headers['content-security-policy']).toBeUndefined();
  });

  it('every answer carries nosniff, a referrer policy and no framing', async () => {
    const r = await community.get('/api/v1/auth/me');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('same-origin');
    expect(r.headers['x-frame-options']).toBe('DENY');
    const err = await community.get('/api/v1/estates/00000000-0000-0000-0000-000000000000');
    expect(err.headers['x-content-type-options']).toBe('nosniff');
  });

  it('413 for uploads over the limit', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(21 * 1024 * 1024)]);
    const r = await community.upload('/api/v1/uploads', 'big.png', big);
    expect(r.statusCode).toBe(413);
  });
});

describe('R-12 bulk assignment from a ledger', () => {
  it('assigns many accepted issues at once and reports each result', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const x = (await community.post('/api/v1/issues', issueBody())).json();
      ids.push(x.id);
    }
    for (const id of ids.slice(0, 2)) await community.post(`/api/v1/issues/${id}/actions`, { action: 'accept' });
    const r = await community.post('/api/v1/issues/bulk-actions', {
      ids,
      action: 'assign',
      handler: { kind: 'company', id: city.companyA.id },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().succeeded).toBe(2);
    expect(r.json().results[2]).toMatchObject({ id: ids[2], ok: false, status: 409 });
  });
});
