import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import type { Crumb } from '../types';

/** What the top bar's scope breadcrumb shows for the current page: org units, then an optional leaf (an estate). */
export interface Trail {
  crumbs: Crumb[];
  leaf?: { name: string; href?: string };
}

const Ctx = createContext<{ trail: Trail | null; setTrail: (t: Trail | null) => void }>({
  trail: null,
  setTrail: () => {},
});

/** Holds the current page's scope trail for the top bar. */
export function ScopeTrailProvider({ children }: { children: ReactNode }) {
  const [trail, setTrail] = useState<Trail | null>(null);
  const value = useMemo(() => ({ trail, setTrail }), [trail]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The trail the current page has set, or null for the account's own scope. */
export function useCurrentTrail() {
  return useContext(Ctx).trail;
}

/** Lets a page put its place in the hierarchy (市 › 区 › 街道 › 社区 › 小区) into the top bar while it is shown. */
export function useScopeTrail(trail: Trail | null | undefined) {
  const { setTrail } = useContext(Ctx);
  const key = trail ? JSON.stringify(trail) : '';
  useEffect(() => {
    if (!key) return;
    setTrail(JSON.parse(key) as Trail);
    return () => setTrail(null);
  }, [key, setTrail]);
}
