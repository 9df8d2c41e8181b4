import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DEADLINES, DEFAULT_ISSUE_FORMULA } from '@rp/contract';
import { count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { calendarYears, issueCategories, settings } from '../../db/schema';
import { audit } from '../../platform/audit';
import { loadCalendar, type WorkCalendar } from '../../platform/calendar';
import { type Ctx, inTx, systemCtx } from '../../platform/context';
import { fieldError } from '../../platform/errors';
import { ISSUE_CATEGORY_SEED } from '../issues/issue-categories.seed';

const HOLIDAYS_FILE = path.join(import.meta.dirname, 'holidays-cn.json');

/** The published State Council schedules shipped with the product (data/holidays-cn.json). */
export function publishedCalendars(): Record<string, { holidays: string[]; workdays: string[] }> {
  return JSON.parse(readFileSync(HOLIDAYS_FILE, 'utf8')).years;
}

/** Seeds reference data on an empty database: the calendar years we ship and the issue category tree. */
export async function ensureReferenceData(db: Db) {
  await inTx(systemCtx(db), async (c) => {
    const [{ n }] = await c.db.select({ n: count() }).from(calendarYears);
    if (n === 0) {
      const years = publishedCalendars();
      const rowsIn = Object.entries(years).map(([y, v]) => ({
        year: Number(y),
        holidays: v.holidays,
        workdays: v.workdays,
      }));
      if (rowsIn.length) await c.db.insert(calendarYears).values(rowsIn);
      await audit(c, { action: 'seed', entity: 'calendar', after: { years: rowsIn.map((r) => r.year) } });
    }
    const [{ m }] = await c.db.select({ m: count() }).from(issueCategories);
    if (m === 0) {
      await c.db.insert(issueCategories).values(ISSUE_CATEGORY_SEED);
      await audit(c, { action: 'seed', entity: 'issue_category', after: { count: ISSUE_CATEGORY_SEED.length } });
    }
  });
}

// A short-lived cache: intake computes deadlines on every request; edits through this process clear it at once.
let calendarCache: { at: number; cal: WorkCalendar } | null = null;
const CALENDAR_TTL_MS = 60_000;

/** The working-day calendar, cached for a minute. */
export async function getCalendar(db: Db, timeZone: string): Promise<WorkCalendar> {
  // The cache ages by the real clock, never by a simulated one.
  const now = Date.now();
  if (calendarCache && now - calendarCache.at < CALENDAR_TTL_MS && calendarCache.cal.timeZone === timeZone)
    return calendarCache.cal;
  const cal = await loadCalendar(db, timeZone);
  calendarCache = { at: now, cal };
  return cal;
}

/** Forgets cached calendar and configuration (after edits, and between tests). */
export function clearCalendarCache() {
  calendarCache = null;
  configCache = null;
}

/** One year's calendar, or the empty shape when not entered. */
export async function getCalendarYear(db: Db, year: number) {
  const [row] = await db.select().from(calendarYears).where(eq(calendarYears.year, year));
  return { year, holidays: row?.holidays ?? [], workdays: row?.workdays ?? [], configured: !!row };
}

/** Replaces a year's calendar (admin); every date must lie in that year, and no date may be both. */
export async function putCalendarYear(ctx: Ctx, year: number, input: { holidays: string[]; workdays: string[] }) {
  const errors: { path: string; message: string }[] = [];
  input.holidays.forEach((d, i) => {
    if (!d.startsWith(`${year}-`)) errors.push({ path: `holidays.${i}`, message: 'err.calendarYear' });
  });
  input.workdays.forEach((d, i) => {
    if (!d.startsWith(`${year}-`)) errors.push({ path: `workdays.${i}`, message: 'err.calendarYear' });
    if (input.holidays.includes(d)) errors.push({ path: `workdays.${i}`, message: 'err.calendarBoth' });
  });
  if (errors.length) throw Object.assign(fieldError(errors[0].path, errors[0].message), { errors });
  const holidays = [...new Set(input.holidays)].sort();
  const workdays = [...new Set(input.workdays)].sort();
  const out = await inTx(ctx, async (c) => {
    const before = await getCalendarYear(c.db, year);
    await c.db
      .insert(calendarYears)
      .values({ year, holidays, workdays, updatedAt: ctx.now() })
      .onConflictDoUpdate({ target: calendarYears.year, set: { holidays, workdays, updatedAt: ctx.now() } });
    await audit(c, {
      action: before.configured ? 'update' : 'create',
      entity: 'calendar',
      entityId: String(year),
      before,
      after: { holidays, workdays },
    });
    return { year, holidays, workdays, configured: true };
  });
  clearCalendarCache();
  return out;
}

export type IssueConfig = { deadlines: typeof DEFAULT_DEADLINES; formula: typeof DEFAULT_ISSUE_FORMULA };

let configCache: { at: number; value: IssueConfig } | null = null;

/** The issue deadlines and formula: stored configuration over the SPEC defaults (cached like the calendar). */
export async function getIssueConfig(db: Db, fresh = false): Promise<IssueConfig> {
  if (!fresh && configCache && Date.now() - configCache.at < CALENDAR_TTL_MS) return configCache.value;
  const [row] = await db.select().from(settings).where(eq(settings.key, 'issues'));
  const v = (row?.value ?? {}) as Partial<IssueConfig>;
  const value = {
    deadlines: { ...DEFAULT_DEADLINES, ...(v.deadlines ?? {}) },
    formula: { ...DEFAULT_ISSUE_FORMULA, ...(v.formula ?? {}) },
  };
  configCache = { at: Date.now(), value };
  return value;
}

/** Stores issue configuration (admin). */
export async function putIssueConfig(ctx: Ctx, value: IssueConfig) {
  configCache = null;
  return inTx(ctx, async (c) => {
    const before = await getIssueConfig(c.db, true);
    await c.db
      .insert(settings)
      .values({ key: 'issues', value, updatedAt: ctx.now() })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: ctx.now() } });
    await audit(c, { action: 'update', entity: 'settings', entityId: 'issues', before, after: value });
    configCache = null;
    return value;
  });
}
