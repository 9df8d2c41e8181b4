import { useQuery } from '@tanstack/react-query';
import { get } from './api';
import type { CompanyDetail, EstateDetail, OrgUnitDetail, OrgUnitNode } from './types';

/** GET /api/v1/org-units/tree: the units in scope with their estate counts. */
export function useOrgTree(enabled = true) {
  return useQuery({
    queryKey: ['org-units', 'tree'],
    queryFn: () => get<OrgUnitNode[]>('/api/v1/org-units/tree'),
    enabled,
    staleTime: 60_000,
  });
}

/** GET /api/v1/org-units/:id with breadcrumb, children and five-to-one. */
export function useOrgUnit(id: string | null | undefined) {
  return useQuery({
    queryKey: ['org-units', id],
    queryFn: () => get<OrgUnitDetail>(`/api/v1/org-units/${id}`),
    enabled: !!id,
  });
}

/** GET /api/v1/estates/:id with counts, breadcrumb, mode history and party branch. */
export function useEstate(id: string | null | undefined) {
  return useQuery({
    queryKey: ['estates', id],
    queryFn: () => get<EstateDetail>(`/api/v1/estates/${id}`),
    enabled: !!id,
  });
}

/** GET /api/v1/companies/:id with the estates served and party organisations. */
export function useCompany(id: string | null | undefined) {
  return useQuery({
    queryKey: ['companies', id],
    queryFn: () => get<CompanyDetail>(`/api/v1/companies/${id}`),
    enabled: !!id,
  });
}

/** Flattens the org tree into id → node, with each node's ancestors' ids. */
export function indexTree(roots: OrgUnitNode[] | undefined) {
  const byId = new Map<string, OrgUnitNode & { ancestors: string[] }>();
  const walk = (n: OrgUnitNode, ancestors: string[]) => {
    byId.set(n.id, { ...n, ancestors });
    for (const c of n.children) walk(c, [...ancestors, n.id]);
  };
  for (const r of roots ?? []) walk(r, []);
  return byId;
}
