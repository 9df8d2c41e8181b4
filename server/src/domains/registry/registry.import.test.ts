import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/db';
import { buildCity } from '../../../test/fixtures';

let t: Awaited<ReturnType<typeof testApp>>;
let city: Awaited<ReturnType<typeof buildCity>>;

beforeAll(async () => {
  t = await testApp();
  city = await buildCity(t.app, t.db);
});
afterAll(() => t.close());

const HEADER = '楼栋,单元,房号,面积,是否交付,业主姓名,业主电话';

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('房屋');
  ws.addRow(HEADER.split(','));
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const countDwellings = async (estateId: string) =>
  (await city.admin.get(`/api/v1/estates/${estateId}`)).json().dwellingCount as number;

describe('R-07 dwelling import', () => {
  it('R-07: imports an .xlsx file; an owner with several dwellings becomes one owner', async () => {
    const buf = await workbook([
      ['1', '1', '101', 89.5, '是', '赵一', '13700000001'],
      ['1', '1', '102', '120.25', '是', '赵一', '13700000001'],
      ['2', '', '201', '66', '否', '', ''],
    ]);
    const r = await city.admin.upload(`/api/v1/estates/${city.estateA.id}/dwellings/import`, 'dwellings.xlsx', buf);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ imported: 3, owners: 1, errors: [] });
    const e = (await city.admin.get(`/api/v1/estates/${city.estateA.id}`)).json();
    expect(e).toMatchObject({ dwellingCount: 3, deliveredCount: 2, totalAreaM2: '275.75', ownerCount: 1 });
  });

  it('R-07: imports a .csv file with quotes and a BOM', async () => {
    const csv = `\ufeff${HEADER}\r\n"3号楼",1,301,"100.10",是,"钱二","13700000002"\r\n3号楼,1,302,99.9,否,,\r\n`;
    const r = await city.admin.upload(`/api/v1/estates/${city.estateB.id}/dwellings/import`, 'd.csv', csv);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().imported).toBe(2);
    const list = (await city.admin.get(`/api/v1/estates/${city.estateB.id}/dwellings`)).json();
    expect(list.items.map((d: { building: string; areaM2: string }) => `${d.building}:${d.areaM2}`)).toEqual([
      '3号楼:100.10',
      '3号楼:99.90',
    ]);
  });

  it('R-07: any bad row refuses the whole file, listing every row error, and imports nothing', async () => {
    const before = await countDwellings(city.estateA2.id);
    const csv = [
      HEADER,
      '5,1,501,80.00,是,孙三,13700000003',
      '5,1,502,80.123,是,李四,13700000004',
      ',1,503,80,也许,周五,abc',
      '5,1,501,70,是,吴六,13700000006',
    ].join('\n');
    const r = await city.admin.upload(`/api/v1/estates/${city.estateA2.id}/dwellings/import`, 'bad.csv', csv);
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const paths = r.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(['rows.3.面积', 'rows.4.楼栋', 'rows.4.是否交付', 'rows.4.业主电话', 'rows.5.房号']);
    expect(r.json().errors[4].message).toContain('第 2 行');
    expect(await countDwellings(city.estateA2.id)).toBe(before);
  });

  it('R-07: rows clashing with dwellings already in the estate refuse the file', async () => {
    const csv = `${HEADER}\n1,1,101,50,是,,\n1,1,999,50,是,,\n`;
    const r = await city.admin.upload(`/api/v1/estates/${city.estateA.id}/dwellings/import`, 'again.csv', csv);
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([{ path: 'rows.2.房号', message: expect.any(String) }]);
    expect(await countDwellings(city.estateA.id)).toBe(3);
  });

  it('R-07: missing columns, wrong file types and empty files are clear errors', async () => {
    const url = `/api/v1/estates/${city.estateA2.id}/dwellings/import`;
    const cols = await city.admin.upload(url, 'x.csv', '楼栋,房号\n1,1\n');
    expect(cols.statusCode).toBe(400);
    expect(cols.json().errors[0].message).toContain('面积');
    expect((await city.admin.upload(url, 'x.txt', 'hello')).statusCode).toBe(400);
    expect((await city.admin.upload(url, 'x.csv', `${HEADER}\n`)).statusCode).toBe(400);
    expect((await city.admin.upload(url, 'x.xlsx', 'not a zip')).statusCode).toBe(400);
  });

  it('R-07: the dwellings export has the import columns, so a ledger round-trips', async () => {
    const r = await city.admin.get(`/api/v1/estates/${city.estateA.id}/dwellings?format=xlsx`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    const header = (wb.worksheets[0].getRow(1).values as string[]).slice(1);
    expect(header).toEqual(['序号', ...HEADER.split(',')]);
    expect(wb.worksheets[0].rowCount).toBe(4);
  });

  it('R-07: the import is in the audit trail', async () => {
    const log = (await city.admin.get('/api/v1/audit?entity=estate&pageSize=200')).json();
    expect(log.items.filter((e: { action: string }) => e.action === 'import').length).toBe(2);
  });

  it('R-07: a CSV saved by Chinese Excel (GB18030) is read correctly', async () => {
    const gbk = Buffer.from(
      // 楼栋,单元,房号,面积,是否交付,业主姓名,业主电话 / 8,1,801,66.00,是,周八,13700000008 in GB18030
      'c2a5b6b0,b5a5d4aa,b7bfbac5,c3e6bbfd,cac7b7f1bdbbb8b6,d2b5d6f7d0d5c3fb,d2b5d6f7b5e7bbb0'
        .split(',')
        .map((h) => Buffer.from(h, 'hex').toString('latin1'))
        .join(',') +
        '\n8,1,801,66.00,' +
        Buffer.from('cac7', 'hex').toString('latin1') +
        ',' +
        Buffer.from('d6dcb0cb', 'hex').toString('latin1') +
        ',13700000008\n',
      'latin1',
    );
    const r = await city.admin.upload(`/api/v1/estates/${city.estateA2.id}/dwellings/import`, 'gbk.csv', gbk);
    expect(r.statusCode, r.body).toBe(200);
    const owners = (await city.admin.get(`/api/v1/owners?estateId=${city.estateA2.id}`)).json();
    expect(owners.items.map((o: { name: string }) => o.name)).toContain('周八');
  });
});
