import { describe, expect, it } from 'vitest';
import { publishedCalendars } from '../domains/system/system.service';
import { addWorkingDays, endOfLocalDay, isWorkingDay, localDate, tzOffsetMinutes, type WorkCalendar } from './calendar';

const y2026 = publishedCalendars()['2026'];
const cal: WorkCalendar = {
  holidays: new Set(y2026.holidays),
  workdays: new Set(y2026.workdays),
  years: new Set([2026]),
  timeZone: 'Asia/Shanghai',
};
const at = (s: string) => new Date(s);

describe('R-13 working-day calendar', () => {
  it('R-13: Monday–Friday are working days, week-ends are not', () => {
    expect(isWorkingDay('2026-11-27', cal)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28', cal)).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29', cal)).toBe(false); // Sunday
  });

  it('R-13: a holiday on a weekday is not a working day; a make-up Saturday is', () => {
    expect(isWorkingDay('2026-10-01', cal)).toBe(false);
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2026-09-20', cal)).toBe(true); // Sunday, 调休上班
  });

  it('R-13: 1 working day after a Friday ends on Monday 23:59:59 local time', () => {
    expect(addWorkingDays(at('2026-11-27T10:00:00+08:00'), 1, cal).toISOString()).toBe('2026-11-30T15:59:59.000Z');
  });

  it('R-13: 3 working days across a week-end', () => {
    expect(addWorkingDays(at('2026-11-27T10:00:00+08:00'), 3, cal).toISOString()).toBe('2026-12-02T15:59:59.000Z');
  });

  it('R-13: across the National Day holiday block, ending on the make-up Saturday', () => {
    const t = at('2026-09-30T20:00:00+08:00');
    expect(addWorkingDays(t, 1, cal).toISOString()).toBe('2026-10-08T15:59:59.000Z');
    expect(addWorkingDays(t, 3, cal).toISOString()).toBe('2026-10-10T15:59:59.000Z');
  });

  it('R-13: a make-up Sunday counts (Friday + 1 working day = Sunday 2026-09-20)', () => {
    expect(addWorkingDays(at('2026-09-18T09:00:00+08:00'), 1, cal).toISOString()).toBe('2026-09-20T15:59:59.000Z');
  });

  it('R-13: Mid-Autumn Friday–Sunday holiday pushes Thursday + 1 to Monday', () => {
    expect(addWorkingDays(at('2026-09-24T09:00:00+08:00'), 1, cal).toISOString()).toBe('2026-09-28T15:59:59.000Z');
  });

  it('R-13: the calendar day is the local one (01:30 Saturday in Shanghai is Friday in UTC)', () => {
    const t = at('2026-11-27T17:30:00Z');
    expect(localDate(t, 'Asia/Shanghai')).toBe('2026-11-28');
    expect(addWorkingDays(t, 1, cal).toISOString()).toBe('2026-11-30T15:59:59.000Z');
  });

  it('R-13: complex issues get 15 working days', () => {
    expect(addWorkingDays(at('2026-12-07T09:00:00+08:00'), 15, cal).toISOString()).toBe('2026-12-28T15:59:59.000Z');
  });

  it('R-13: the time zone is configurable', () => {
    expect(endOfLocalDay('2026-07-01', 'Europe/Berlin').toISOString()).toBe('2026-07-01T21:59:59.000Z');
    const utc = { ...cal, timeZone: 'UTC' };
    expect(addWorkingDays(at('2026-11-27T17:30:00Z'), 1, utc).toISOString()).toBe('2026-11-30T23:59:59.000Z');
  });
});

describe('time zone offsets', () => {
  it('remembered offsets stay exact across a daylight-saving change, to the millisecond', () => {
    // New York springs forward at 2026-03-08 07:00Z and falls back at 2026-11-01 06:00Z.
    for (let i = 0; i < 2; i++) {
      expect(tzOffsetMinutes(at('2026-03-08T06:59:59.999Z'), 'America/New_York')).toBe(-300);
      expect(tzOffsetMinutes(at('2026-03-08T07:00:00.000Z'), 'America/New_York')).toBe(-240);
      expect(tzOffsetMinutes(at('2026-11-01T05:59:59.999Z'), 'America/New_York')).toBe(-240);
      expect(tzOffsetMinutes(at('2026-11-01T06:00:00.000Z'), 'America/New_York')).toBe(-300);
      // Lord Howe moves by half an hour at 02:00 local (15:00Z), a half-hour offset on either side.
      expect(tzOffsetMinutes(at('2026-04-04T14:59:59.999Z'), 'Australia/Lord_Howe')).toBe(660);
      expect(tzOffsetMinutes(at('2026-04-04T15:00:00.000Z'), 'Australia/Lord_Howe')).toBe(630);
      expect(tzOffsetMinutes(at('2026-11-02T01:00:00.000Z'), 'Asia/Shanghai')).toBe(480);
    }
  });
});
