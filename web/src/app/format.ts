import dayjs from 'dayjs';

export const TIME_ZONE = 'Asia/Shanghai';
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` (UI.md formats); plain dates pass through, instants are shown in Asia/Shanghai. */
export function formatDate(v: string | null | undefined): string {
  if (!v) return '';
  if (PLAIN_DATE.test(v)) return v;
  return dayjs(v).tz(TIME_ZONE).format('YYYY-MM-DD');
}

/** `YYYY-MM-DD HH:mm` in Asia/Shanghai. */
export function formatDateTime(v: string | null | undefined): string {
  if (!v) return '';
  return dayjs(v).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm');
}

/** An area string from the API ("89.5") as two decimals ("89.50"), without going through floating point. */
export function twoDecimals(area: string | null | undefined): string {
  if (!area) return '0.00';
  const [int, frac = ''] = area.split('.');
  return `${int || '0'}.${`${frac}00`.slice(0, 2)}`;
}

/** A share as a percentage with two decimals, rounded half up with integer arithmetic ("83.13%"); null when den = 0. */
export function percent(num: number, den: number): string | null {
  if (!den) return null;
  const q = Math.floor((num * 20000 + den) / (2 * den)); // hundredths of a percent, rounded half up
  return `${Math.floor(q / 100)}.${String(q % 100).padStart(2, '0')}%`;
}

/** Integers with thousands separators. */
export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined ? '' : n.toLocaleString('en-US');
}
