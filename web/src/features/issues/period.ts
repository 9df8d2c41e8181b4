import dayjs from 'dayjs';
import { TIME_ZONE } from '../../app/format';

/** A reporting period of calendar days, `YYYY-MM-DD` both ends included (API `from` / `to`). */
export interface Period {
  from: string;
  to: string;
}

const D = 'YYYY-MM-DD';
/** Today in Asia/Shanghai. */
export const today = () => dayjs().tz(TIME_ZONE);

/** From 1 January to today. */
export function thisYear(): Period {
  const now = today();
  return { from: now.startOf('year').format(D), to: now.format(D) };
}

/** The period presets of the statistics page. */
export function periodPresets(): { key: 'month' | 'quarter' | 'year' | 'last12' | 'lastYear'; period: Period }[] {
  const now = today();
  const qStart = now.month(Math.floor(now.month() / 3) * 3).startOf('month');
  const last = now.subtract(1, 'year');
  return [
    { key: 'month', period: { from: now.startOf('month').format(D), to: now.format(D) } },
    { key: 'quarter', period: { from: qStart.format(D), to: now.format(D) } },
    { key: 'year', period: thisYear() },
    {
      key: 'last12',
      period: { from: now.subtract(11, 'month').startOf('month').format(D), to: now.format(D) },
    },
    { key: 'lastYear', period: { from: last.startOf('year').format(D), to: last.endOf('year').format(D) } },
  ];
}

/** The first and last day of a `YYYY-MM` month. */
export function monthPeriod(month: string): Period {
  const m = dayjs(`${month}-01`);
  return { from: m.format(D), to: m.endOf('month').format(D) };
}

/** A link to 诉求总台账 (every issue) with the period, the scope and more filters. */
export function issuesLink(
  scope: Partial<Period> & { orgUnitId?: string },
  extra: Record<string, string> = {},
): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...scope, ...extra })) if (v) p.set(k, v);
  const qs = p.toString();
  return qs ? `/issues?${qs}` : '/issues';
}
