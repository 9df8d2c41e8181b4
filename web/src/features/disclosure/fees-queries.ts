import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { get, type Page } from '../../app/api';
import type { BillingPeriod, FeeStats, FeeTrendPoint } from './disclosure-types';

export type FeeScope = {
  estateId?: string;
  orgUnitId?: string;
};

/** GET /api/v1/stats/fees for an estate or a subtree (the estate wins) and an optional period. */
export function useFeeStats(scope: FeeScope, period?: string) {
  const q = scope.estateId ? { estateId: scope.estateId } : { orgUnitId: scope.orgUnitId };
  return useQuery({
    queryKey: ['stats', 'fees', q, period],
    queryFn: () => get<FeeStats>('/api/v1/stats/fees', { ...q, period }),
    placeholderData: keepPreviousData,
  });
}

/** GET /api/v1/stats/fees/trend: the same figures per period, in calendar order. */
export function useFeeTrend(scope: FeeScope) {
  const q = scope.estateId ? { estateId: scope.estateId } : { orgUnitId: scope.orgUnitId };
  return useQuery({
    queryKey: ['stats', 'fees', 'trend', q],
    queryFn: () => get<FeeTrendPoint[]>('/api/v1/stats/fees/trend', q),
  });
}

/** GET /api/v1/billing-periods of an estate or subtree, paged. */
export function useBillingPeriods(
  query: FeeScope & { period?: string; page?: number; pageSize?: number; sort?: string },
) {
  return useQuery({
    queryKey: ['billing-periods', query],
    queryFn: () => get<Page<BillingPeriod>>('/api/v1/billing-periods', query),
    placeholderData: keepPreviousData,
  });
}
