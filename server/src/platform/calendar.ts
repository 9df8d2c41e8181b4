import { asc } from 'drizzle-orm';
import type { Db } from '../db/client';
import { calendarYears } from '../db/schema';

/** SPEC R-13: a working-day calendar — holidays and make-up working days (调休) per year. */
export interface WorkCalendar {
  holidays: Set<string>;
  workdays: Set<string>;
  years: Set<number>;
  timeZone: string;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function offsetNow(instant: Date, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, f);
  }
  const name = f.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = name.match(/GMT([+-])(\d{2}):?(\d{2})?/);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

// Intl formatting is slow and every deadline needs several offsets: remember them per quarter hour (the unit of
// every real offset change), but only for quarters whose two ends agree, so a change inside one is never hidden.
const QUARTER_MS = 900_000;
const offsetCache = new Map<string, number>();

/** Offset of a time zone from UTC at an instant, in minutes (e.g. +480 for Asia/Shanghai). */
export function tzOffsetMinutes(instant: Date, timeZone: string): number {
  const quarter = Math.floor(instant.getTime() / QUARTER_MS);
  if (!Number.isFinite(quarter)) return offsetNow(instant, timeZone);
  const key = `${timeZone} ${quarter}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const start = offsetNow(new Date(quarter * QUARTER_MS), timeZone);
  const end = offsetNow(new Date((quarter + 1) * QUARTER_MS - 1), timeZone);
  if (start !== end) return offsetNow(instant, timeZone);
  if (offsetCache.size >= 10_000) offsetCache.clear();
  offsetCache.set(key, start);
  return start;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const shifted = new Date(instant.getTime() + tzOffsetMinutes(instant, timeZone) * 60_000);
  return shifted.toISOString().slice(0, 10);
}

/** The instant of 23:59:59 local time on a calendar date. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  const guess = Date.parse(`${date}T23:59:59Z`);
  const off = tzOffsetMinutes(new Date(guess), timeZone);
  return new Date(guess - off * 60_000);
}

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** SPEC R-13: Monday–Friday and not a holiday, or a make-up working day. */
export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** SPEC R-13: "N working days after time t" ends at 23:59:59 of the N-th working day after the calendar day of t. */
export function addWorkingDays(t: Date, n: number, cal: WorkCalendar): Date {
  let d = localDate(t, cal.timeZone);
  let left = n;
  // Bounded: a year has far fewer than 400 consecutive non-working days.
  for (let guard = 0; left > 0 && guard < 400 * Math.max(1, n); guard++) {
    d = nextDate(d);
    if (isWorkingDay(d, cal)) left--;
  }
  return endOfLocalDay(d, cal.timeZone);
}

/** Years a calendar covers, to warn when a deadline falls in a year whose schedule is not entered yet. */
export function coversYear(cal: WorkCalendar, year: number) {
  return cal.years.has(year);
}

/** Loads the calendar of every configured year. */
export async function loadCalendar(db: Db, timeZone: string): Promise<WorkCalendar> {
  const list = await db.select().from(calendarYears).orderBy(asc(calendarYears.year));
  const cal: WorkCalendar = { holidays: new Set(), workdays: new Set(), years: new Set(), timeZone };
  for (const y of list) {
    cal.years.add(y.year);
    for (const h of y.holidays) cal.holidays.add(h);
    for (const w of y.workdays) cal.workdays.add(w);
  }
  return cal;
}
