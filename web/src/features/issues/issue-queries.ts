import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../app/api';
import type { IssueCategory, IssueDetail } from './issue-types';

/** GET /issue-categories: the active tree (or every category with `all`, for the admin page). */
export function useIssueCategories(all = false) {
  return useQuery({
    queryKey: ['issue-categories', all ? 'all' : 'active'],
    queryFn: () => get<IssueCategory[]>('/api/v1/issue-categories', { all: all ? 'true' : undefined }),
    staleTime: 5 * 60_000,
  });
}

export interface IndexedCategory {
  node: IssueCategory;
  /** The node and its ancestors, root first. */
  path: IssueCategory[];
}

/** Flattens the category tree into code → node with its path. */
export function indexCategories(roots: IssueCategory[] | undefined): Map<string, IndexedCategory> {
  const out = new Map<string, IndexedCategory>();
  const walk = (n: IssueCategory, above: IssueCategory[]) => {
    const path = [...above, n];
    out.set(n.code, { node: n, path });
    for (const c of n.children) walk(c, path);
  };
  for (const r of roots ?? []) walk(r, []);
  return out;
}

/** The codes from the root to a category: `pm.elevator.fault` → `pm`, `pm.elevator`, `pm.elevator.fault`. */
export function categoryCodePath(code: string | undefined): string[] {
  if (!code) return [];
  const parts = code.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** A category's name in the interface language. */
export function categoryName(node: Pick<IssueCategory, 'name' | 'nameEn'>, lang: string): string {
  return lang === 'en-US' ? node.nameEn || node.name : node.name;
}

/** Names categories by code in the interface language: the leaf, or the whole path (物业管理 › 电梯 › 电梯故障). */
export function useCategoryNames() {
  const { i18n } = useTranslation();
  const cats = useIssueCategories();
  const index = useMemo(() => indexCategories(cats.data), [cats.data]);
  const lang = i18n.language;
  const path = useCallback(
    (code: string, fallback?: string[]) => {
      const hit = index.get(code);
      if (!hit) return fallback?.length ? fallback.join(' › ') : code;
      return hit.path.map((n) => categoryName(n, lang)).join(' › ');
    },
    [index, lang],
  );
  const leaf = useCallback(
    (code: string) => {
      const hit = index.get(code);
      return hit ? categoryName(hit.node, lang) : code;
    },
    [index, lang],
  );
  return { path, leaf, index, isPending: cats.isPending };
}

/** GET /issues/:id with its history and the actions this account may take now. */
export function useIssue(id: string | undefined) {
  return useQuery({
    queryKey: ['issues', id],
    queryFn: () => get<IssueDetail>(`/api/v1/issues/${id}`),
    enabled: !!id,
  });
}

/** POST /issues/:id/actions; the answer (the issue after the action) replaces the cached issue. */
export function useIssueAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => post<IssueDetail>(`/api/v1/issues/${id}/actions`, body),
    onSuccess: (issue) => {
      qc.setQueryData(['issues', id], issue);
      void qc.invalidateQueries({ queryKey: ['issues'], predicate: (q) => q.queryKey[1] !== id });
      void qc.invalidateQueries({ queryKey: ['ledgers'] });
      void qc.invalidateQueries({ queryKey: ['stats', 'issues'] });
      void qc.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
}
