import { LeftOutlined, RightOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, InputNumber, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { get, put } from '../../app/api';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { useProblemHandler } from '../../app/problem';
import type { CalendarYear } from './issue-types';
import { today } from './period';
import './issues.css';

type DayKind = 'normal' | 'weekend' | 'holiday' | 'workday';

function useCalendarYear(year: number) {
  return useQuery({
    queryKey: ['calendar', year],
    queryFn: () => get<CalendarYear>(`/api/v1/calendar/${year}`),
  });
}

const isWeekend = (d: dayjs.Dayjs) => d.day() === 0 || d.day() === 6;

/** What one click does (SPEC R-13): a weekday toggles holiday; a weekend day cycles make-up working day → holiday → plain. */
function nextMark(d: dayjs.Dayjs, kind: DayKind): 'holiday' | 'workday' | null {
  if (!isWeekend(d)) return kind === 'holiday' ? null : 'holiday';
  if (kind === 'weekend') return 'workday';
  if (kind === 'workday') return 'holiday';
  return null;
}

/** 工作日历: a year's public holidays and make-up working days (调休), which every deadline is counted on. */
export function CalendarPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useProblemHandler();
  const qc = useQueryClient();
  const [sp, setSp] = useSearchParams();
  const thisYear = today().year();
  const year = Number(sp.get('year')) || thisYear;
  const cal = useCalendarYear(year);
  const next = useCalendarYear(thisYear + 1);
  const [holidays, setHolidays] = useState<Set<string>>(new Set());
  const [workdays, setWorkdays] = useState<Set<string>>(new Set());
  const [dirty, setDirty] = useState(false);
  const reset = () => {
    setHolidays(new Set(cal.data?.holidays ?? []));
    setWorkdays(new Set(cal.data?.workdays ?? []));
    setDirty(false);
  };
  useEffect(reset, [cal.data]);

  const save = useMutation({
    mutationFn: () =>
      put<CalendarYear>(`/api/v1/calendar/${year}`, { holidays: [...holidays].sort(), workdays: [...workdays].sort() }),
    onSuccess: (c) => {
      qc.setQueryData(['calendar', year], c);
      message.success(t('issues.calendar.saved', { year }));
    },
    onError: (e) => onError(e),
  });

  const kindOf = (d: dayjs.Dayjs): DayKind => {
    const k = d.format('YYYY-MM-DD');
    if (workdays.has(k)) return 'workday';
    if (holidays.has(k)) return 'holiday';
    return isWeekend(d) ? 'weekend' : 'normal';
  };
  const toggle = (d: dayjs.Dayjs) => {
    const k = d.format('YYYY-MM-DD');
    const mark = nextMark(d, kindOf(d));
    const h = new Set(holidays);
    const w = new Set(workdays);
    h.delete(k);
    w.delete(k);
    if (mark === 'holiday') h.add(k);
    if (mark === 'workday') w.add(k);
    setHolidays(h);
    setWorkdays(w);
    setDirty(true);
  };

  const working = useMemo(() => {
    let n = 0;
    for (let d = dayjs(`${year}-01-01`); d.year() === year; d = d.add(1, 'day')) {
      const k = d.format('YYYY-MM-DD');
      if (workdays.has(k) || (!holidays.has(k) && !isWeekend(d))) n++;
    }
    return n;
  }, [year, holidays, workdays]);

  const goYear = (y: number) => {
    if (dirty && !window.confirm(t('issues.calendar.discard'))) return;
    setSp({ year: String(y) }, { replace: true });
  };
  const weekdays = [1, 2, 3, 4, 5, 6, 0].map((n) => dayjs().day(n).format('dd'));
  const todayKey = today().format('YYYY-MM-DD');

  return (
    <>
      <PageHeader
        title={t('issues.nav.calendar')}
        sub={t('issues.calendar.sub')}
        extra={
          <>
            <Space.Compact>
              <Button icon={<LeftOutlined />} aria-label={t('issues.calendar.prev')} onClick={() => goYear(year - 1)} />
              <InputNumber
                aria-label={t('issues.calendar.year')}
                min={2000}
                max={2100}
                value={year}
                onChange={(v) => v && goYear(v)}
                style={{ width: 90 }}
                data-testid="calendar-year"
              />
              <Button
                icon={<RightOutlined />}
                aria-label={t('issues.calendar.next')}
                onClick={() => goYear(year + 1)}
              />
            </Space.Compact>
            <Button icon={<UndoOutlined />} disabled={!dirty} onClick={reset}>
              {t('issues.calendar.undo')}
            </Button>
            <Button
              type="primary"
              icon={<SaveOutlined />}
              disabled={!dirty}
              loading={save.isPending}
              onClick={() => save.mutate()}
              data-testid="calendar-save"
            >
              {t('common.save')}
            </Button>
          </>
        }
      />
      {next.data && !next.data.configured ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="calendar-next-missing"
          title={t('issues.calendar.nextMissing', { year: thisYear + 1 })}
          description={t('issues.calendar.nextMissingText', { year: thisYear + 1 })}
          action={
            year !== thisYear + 1 ? (
              <Button size="small" onClick={() => goYear(thisYear + 1)}>
                {t('issues.calendar.configure', { year: thisYear + 1 })}
              </Button>
            ) : null
          }
        />
      ) : null}
      {cal.data && !cal.data.configured ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('issues.calendar.notConfigured', { year })} />
      ) : null}
      <Card>
        <Flex gap={24} wrap align="center" style={{ marginBottom: 16 }}>
          <Typography.Text>
            {t('issues.calendar.summary', { year, holidays: holidays.size, workdays: workdays.size, working })}
          </Typography.Text>
          <span className="rp-cal-legend">
            <i style={{ background: '#fff1f0', borderColor: '#ffa39e' }} /> {t('issues.calendar.holiday')}
          </span>
          <span className="rp-cal-legend">
            <i style={{ background: '#e6f4ff', borderColor: '#91caff' }} /> {t('issues.calendar.workday')}
          </span>
          <span className="rp-cal-legend">
            <i style={{ background: '#fafafa' }} /> {t('issues.calendar.weekend')}
          </span>
          <Typography.Text type="secondary">{t('issues.calendar.howTo')}</Typography.Text>
          {dirty ? <Typography.Text type="warning">{t('issues.calendar.unsaved')}</Typography.Text> : null}
        </Flex>
        {cal.isError ? (
          <LoadError error={cal.error} onRetry={() => void cal.refetch()} />
        ) : cal.isPending ? (
          <Skeleton active paragraph={{ rows: 12 }} />
        ) : (
          <div className="rp-cal-grid" data-testid="calendar-grid">
            {Array.from({ length: 12 }, (_, m) => {
              const first = dayjs(`${year}-${String(m + 1).padStart(2, '0')}-01`);
              const lead = (first.day() + 6) % 7; // Monday first
              const cells: (dayjs.Dayjs | null)[] = [
                ...Array<null>(lead).fill(null),
                ...Array.from({ length: first.daysInMonth() }, (_, i) => first.add(i, 'day')),
              ];
              while (cells.length % 7) cells.push(null);
              const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
              const title = first.format(t('issues.calendar.monthFormat'));
              return (
                <section key={first.format('YYYY-MM')} className="rp-cal-month" aria-label={title}>
                  <h3>{title}</h3>
                  <table className="rp-cal-table">
                    <thead>
                      <tr>
                        {weekdays.map((w) => (
                          <th key={w} scope="col">
                            {w}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {weeks.map((week) => (
                        <tr key={week.find(Boolean)?.format('YYYY-MM-DD')}>
                          {week.map((d, i) => {
                            // biome-ignore lint/suspicious/noArrayIndexKey: padding cells of a week have no identity but their place
                            if (!d) return <td key={`e${i}`} />;
                            const k = d.format('YYYY-MM-DD');
                            const kind = kindOf(d);
                            const state = t(`issues.calendar.state.${kind}`);
                            return (
                              <td key={k}>
                                <button
                                  type="button"
                                  className="rp-cal-day"
                                  data-kind={kind}
                                  data-date={k}
                                  data-today={k === todayKey}
                                  aria-label={t('issues.calendar.dayLabel', {
                                    date: k,
                                    weekday: d.format('dddd'),
                                    state,
                                  })}
                                  title={state}
                                  onClick={() => toggle(d)}
                                >
                                  {d.date()}
                                  {kind === 'holiday' || kind === 'workday' ? (
                                    <small aria-hidden>{t(`issues.calendar.mark.${kind}`)}</small>
                                  ) : null}
                                </button>
                              </td>
                            );
                          })}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </section>
              );
            })}
          </div>
        )}
      </Card>
    </>
  );
}
