import { randomUUID } from 'node:crypto';
import { areaToHundredths, IMPORT_COLUMNS, LIMITS } from '@rp/contract';
import { and, eq, sql } from 'drizzle-orm';
import { dwellingOwners, dwellings, owners } from '../../db/schema';
import { audit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import { inTx } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { parseCsv, readXlsx } from '../../platform/excel';
import { estateInScope } from './registry.service';

export interface RowError {
  row: number;
  column?: string;
  message: string;
  params?: Record<string, unknown>;
}

/** Thrown when any row is bad: the whole file is refused (SPEC R-07). */
export class ImportError extends AppError {
  constructor(readonly rowErrors: RowError[]) {
    super(
      400,
      'err.validation',
      rowErrors.map((e) => ({
        path: `rows.${e.row}${e.column ? `.${e.column}` : ''}`,
        message: e.message,
        params: e.params,
      })),
    );
  }
}

/** CSV from Chinese Excel is GB18030 (GBK) unless saved as UTF-8: decode UTF-8 when valid, else GB18030. */
export function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

const OPTIONAL_KIND_COLUMN = '业主类型';
const KIND_WORDS: Record<string, 'person' | 'organization' | 'developer'> = {
  个人: 'person',
  单位: 'organization',
  建设单位: 'developer',
  开发商: 'developer',
  person: 'person',
  organization: 'organization',
  developer: 'developer',
};
const YES = new Set(['是', '已交付', 'y', 'yes', 'true', '1']);
const NO = new Set(['否', '未交付', 'n', 'no', 'false', '0']);
const AREA = /^\d{1,7}(\.\d{1,2})?$/;

interface ParsedRow {
  row: number;
  building: string;
  unit: string;
  number: string;
  area: number;
  delivered: boolean;
  ownerName: string;
  ownerPhone: string;
  ownerKind: 'person' | 'organization' | 'developer';
}

/** Parses a dwellings file (.xlsx or .csv) into rows, collecting every row's errors. */
export async function parseDwellingFile(filename: string, buf: Buffer): Promise<ParsedRow[]> {
  const lower = filename.toLowerCase();
  let table: string[][];
  if (lower.endsWith('.xlsx')) {
    try {
      table = await readXlsx(buf);
    } catch {
      throw new ImportError([{ row: 0, message: 'err.fileType' }]);
    }
  } else if (lower.endsWith('.csv')) table = parseCsv(decodeText(buf));
  else throw new ImportError([{ row: 0, message: 'err.fileType' }]);
  const header = (table[0] ?? []).map((h) => h.trim());
  const missing = IMPORT_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length)
    throw new ImportError([{ row: 1, message: 'err.importColumns', params: { columns: missing.join('、') } }]);
  const col = Object.fromEntries([...IMPORT_COLUMNS, OPTIONAL_KIND_COLUMN].map((c) => [c, header.indexOf(c)]));
  const body = table
    .slice(1)
    .map((cells, i) => ({ cells, row: i + 2 }))
    .filter((r) => r.cells.some((c) => c !== ''));
  if (!body.length) throw new ImportError([{ row: 2, message: 'err.importEmpty' }]);
  if (body.length > LIMITS.importRows)
    throw new ImportError([{ row: 0, message: 'err.importTooMany', params: { max: LIMITS.importRows } }]);
  const errors: RowError[] = [];
  const out: ParsedRow[] = [];
  const seen = new Map<string, number>();
  for (const { cells, row } of body) {
    const get = (c: string) => (col[c] >= 0 ? (cells[col[c]] ?? '').trim() : '');
    const building = get('楼栋');
    const unit = get('单元');
    const number = get('房号');
    const areaText = get('面积');
    const deliveredText = get('是否交付').toLowerCase();
    const ownerName = get('业主姓名');
    const ownerPhone = get('业主电话');
    const kindText = get(OPTIONAL_KIND_COLUMN);
    const before = errors.length;
    if (!building) errors.push({ row, column: '楼栋', message: 'err.required' });
    if (!number) errors.push({ row, column: '房号', message: 'err.required' });
    if (!AREA.test(areaText)) errors.push({ row, column: '面积', message: 'err.area' });
    if (!YES.has(deliveredText) && !NO.has(deliveredText))
      errors.push({ row, column: '是否交付', message: 'err.delivered' });
    if (ownerPhone && !/^[0-9+\-() ]{5,20}$/.test(ownerPhone))
      errors.push({ row, column: '业主电话', message: 'err.phone' });
    if (building.length > 20 || unit.length > 20 || number.length > 20)
      errors.push({ row, column: '房号', message: 'err.validation' });
    if (kindText && !KIND_WORDS[kindText])
      errors.push({ row, column: OPTIONAL_KIND_COLUMN, message: 'err.validation' });
    const key = `${building}\u0000${unit}\u0000${number}`;
    const dupOf = seen.get(key);
    if (building && number && dupOf)
      errors.push({ row, column: '房号', message: 'err.duplicateInFile', params: { row: dupOf } });
    else seen.set(key, row);
    if (errors.length > before) continue;
    out.push({
      row,
      building,
      unit,
      number,
      area: areaToHundredths(areaText),
      delivered: YES.has(deliveredText),
      ownerName,
      ownerPhone,
      ownerKind: KIND_WORDS[kindText] ?? 'person',
    });
  }
  if (errors.length) throw new ImportError(errors);
  return out;
}

/**
 * Imports parsed rows into an estate in one transaction (SPEC R-07): any error, nothing imported.
 * Rows with the same owner name and phone share one owner; an owner already holding a dwelling in the estate is reused.
 */
export async function importDwellings(ctx: Ctx, estateId: string, rowsIn: ParsedRow[]) {
  await estateInScope(ctx, estateId);
  const existing = await ctx.db
    .select({ building: dwellings.building, unit: dwellings.unit, number: dwellings.number })
    .from(dwellings)
    .where(eq(dwellings.estateId, estateId));
  const taken = new Set(existing.map((d) => `${d.building}\u0000${d.unit}\u0000${d.number}`));
  const clashes = rowsIn.filter((r) => taken.has(`${r.building}\u0000${r.unit}\u0000${r.number}`));
  if (clashes.length)
    throw new ImportError(clashes.map((r) => ({ row: r.row, column: '房号', message: 'err.existsInEstate' })));

  const known = await ctx.db
    .selectDistinct({ id: owners.id, name: owners.name, phone: owners.phone, kind: owners.kind })
    .from(owners)
    .innerJoin(dwellingOwners, eq(dwellingOwners.ownerId, owners.id))
    .innerJoin(dwellings, and(eq(dwellings.id, dwellingOwners.dwellingId), eq(dwellings.estateId, estateId)));
  const ownerKey = (name: string, phone: string | null, kind: string) => `${kind}\u0000${name}\u0000${phone ?? ''}`;
  const ownerIds = new Map(known.map((o) => [ownerKey(o.name, o.phone, o.kind), o.id]));
  const newOwners: (typeof owners.$inferInsert)[] = [];
  const newDwellings: (typeof dwellings.$inferInsert)[] = [];
  const links: (typeof dwellingOwners.$inferInsert)[] = [];
  for (const r of rowsIn) {
    const id = randomUUID();
    newDwellings.push({
      id,
      estateId,
      building: r.building,
      unit: r.unit,
      number: r.number,
      areaHundredths: r.area,
      delivered: r.delivered,
    });
    if (!r.ownerName) continue;
    const k = ownerKey(r.ownerName, r.ownerPhone || null, r.ownerKind);
    let oid = ownerIds.get(k);
    if (!oid) {
      oid = randomUUID();
      ownerIds.set(k, oid);
      newOwners.push({
        id: oid,
        name: r.ownerName,
        phone: r.ownerPhone || null,
        kind: r.ownerKind,
        scopePath: ctx.actor.orgPath ?? '',
      });
    }
    links.push({ dwellingId: id, ownerId: oid, position: 0 });
  }
  await inTx(ctx, async (c) => {
    // Bulk rows travel as one array per column (unnest): a short statement with 5–7 parameters whatever the row
    // count, instead of a VALUES list Drizzle would assemble parameter by parameter.
    if (newOwners.length)
      await c.db.execute(sql`insert into ${owners} (id, name, phone, kind, scope_path)
        select * from unnest(${sql.param(newOwners.map((o) => o.id))}::uuid[], ${sql.param(newOwners.map((o) => o.name))}::text[],
          ${sql.param(newOwners.map((o) => o.phone ?? null))}::text[], ${sql.param(newOwners.map((o) => o.kind))}::text[],
          ${sql.param(newOwners.map((o) => o.scopePath ?? ''))}::text[])`);
    await c.db.execute(sql`insert into ${dwellings} (id, estate_id, building, unit, number, area_hundredths, delivered)
      select * from unnest(${sql.param(newDwellings.map((d) => d.id))}::uuid[], ${sql.param(newDwellings.map((d) => d.estateId))}::uuid[],
        ${sql.param(newDwellings.map((d) => d.building))}::text[], ${sql.param(newDwellings.map((d) => d.unit ?? ''))}::text[],
        ${sql.param(newDwellings.map((d) => d.number))}::text[], ${sql.param(newDwellings.map((d) => d.areaHundredths))}::int[],
        ${sql.param(newDwellings.map((d) => d.delivered))}::bool[])`);
    if (links.length)
      await c.db.execute(sql`insert into ${dwellingOwners} (dwelling_id, owner_id, position)
        select * from unnest(${sql.param(links.map((l) => l.dwellingId))}::uuid[], ${sql.param(links.map((l) => l.ownerId))}::uuid[],
          ${sql.param(links.map((l) => l.position ?? 0))}::int[])`);
    await audit(c, {
      action: 'import',
      entity: 'estate',
      entityId: estateId,
      after: {
        dwellings: newDwellings.length,
        owners: newOwners.length,
        dwellingIds: newDwellings.length <= 1000 ? newDwellings.map((d) => d.id) : undefined,
      },
    });
  });
  return { imported: newDwellings.length, owners: newOwners.length, errors: [] as RowError[] };
}
