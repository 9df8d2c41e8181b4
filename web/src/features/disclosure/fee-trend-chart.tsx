import { LineChart } from 'echarts/charts';
import { LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart, type EChartOption } from '../../app/components/echart';
import { exactPercent } from '../governance/exact';
import type { FeeTrendPoint } from './disclosure-types';

// The shared wrapper registers bar charts; the trend needs lines and a legend as well.
echarts.use([LineChart, LegendComponent]);

const share = (num: number, den: number) => (den ? Number((BigInt(num) * 10000n) / BigInt(den)) / 100 : null);

/** 收缴率走势: collection rate by amount and by household per billing period (GET /stats/fees/trend). */
export function FeeTrendChart({ points }: { points: FeeTrendPoint[] }) {
  const { t } = useTranslation();
  const key = JSON.stringify([points, t('disclosure.rateByAmount'), t('disclosure.rateByHousehold')]);
  const option = useMemo((): EChartOption => {
    const [list, byAmount, byHousehold] = JSON.parse(key) as [FeeTrendPoint[], string, string];
    return {
      grid: { left: 48, right: 24, top: 40, bottom: 32, containLabel: true },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        formatter: (ps: unknown) => {
          const i = (ps as { dataIndex: number }[])[0]?.dataIndex ?? 0;
          const p = list[i];
          if (!p) return '';
          return [
            p.period,
            `${byAmount}: ${exactPercent(p.paidFen, p.billedFen) ?? '—'}`,
            `${byHousehold}: ${exactPercent(p.paidHouseholds, p.households) ?? '—'} (${p.paidHouseholds} / ${p.households})`,
          ].join('<br/>');
        },
      },
      xAxis: { type: 'category', data: list.map((p) => p.period) },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: byAmount,
          type: 'line',
          data: list.map((p) => share(p.paidFen, p.billedFen)),
          itemStyle: { color: '#C8161D' },
          symbolSize: 8,
        },
        {
          name: byHousehold,
          type: 'line',
          data: list.map((p) => share(p.paidHouseholds, p.households)),
          itemStyle: { color: '#1D4ED8' },
          lineStyle: { type: 'dashed' },
          symbol: 'rect',
          symbolSize: 8,
        },
      ],
    };
  }, [key]);
  const summary = points
    .map(
      (p) =>
        `${p.period} ${exactPercent(p.paidFen, p.billedFen) ?? '—'} / ${exactPercent(p.paidHouseholds, p.households) ?? '—'}`,
    )
    .join(', ');
  return (
    <EChart
      option={option}
      height={280}
      label={t('dashboard.chartLabel', { title: t('disclosure.trend'), summary })}
      testId="chart-fee-trend"
    />
  );
}
