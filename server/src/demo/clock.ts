import { addWorkingDays, isWorkingDay, localDate, tzOffsetMinutes, type WorkCalendar } from '../platform/calendar';
import type { Random } from './random';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Local-time arithmetic on the working-day calendar, in epoch milliseconds (for planning the simulated history). */
export class LocalClock {
  constructor(readonly cal: WorkCalendar) {}

  date(t: number): string {
    return localDate(new Date(t), this.cal.timeZone);
  }

  /** The instant of a local date plus fractional hours. */
  at(date: string, hours: number): number {
    const guess = Date.parse(`${date}T00:00:00Z`) + hours * HOUR;
    return guess - tzOffsetMinutes(new Date(guess), this.cal.timeZone) * 60_000;
  }

  /** Local hour of day, fractional. */
  hour(t: number): number {
    return (t - this.at(this.date(t), 0)) / HOUR;
  }

  working(date: string): boolean {
    return isWorkingDay(date, this.cal);
  }

  addDays(date: string, n: number): string {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  /** The n-th working day after (n > 0) or before (n < 0) a date. */
  shiftWorking(date: string, n: number): string {
    let d = date;
    const step = n > 0 ? 1 : -1;
    for (let left = Math.abs(n); left > 0; ) {
      d = this.addDays(d, step);
      if (this.working(d)) left--;
    }
    return d;
  }

  /** SPEC R-13 "N working days after t" (23:59:59 of the N-th working day), as the services compute it. */
  addWorking(t: number, n: number): number {
    return addWorkingDays(new Date(t), n, this.cal).getTime();
  }

  /**
   * Moves t into a daily window [from, to) local hours — on working days only when `workingOnly` — landing a little
   * after the window opens when it has to move.
   */
  within(t: number, from: number, to: number, workingOnly: boolean, rng: Random): number {
    let d = this.date(t);
    const h = this.hour(t);
    const ok = (x: string) => !workingOnly || this.working(x);
    if (ok(d) && h >= from && h < to) return t;
    if (!(ok(d) && h < from)) {
      do d = this.addDays(d, 1);
      while (!ok(d));
    }
    return this.at(d, from + rng.next() * Math.min(1.5, to - from));
  }
}
