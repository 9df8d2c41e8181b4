import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Spin } from 'antd';
import { type ReactNode, useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, get, onUnauthorized, post, setCsrfToken } from './api';
import { homeOf, RESIDENT_SIDE_ROLES } from './permissions';
import type { User } from './types';

const ME = ['auth', 'me'] as const;

/** The signed-in user (null when signed out); the session cookie decides, probed with GET /auth/me. */
export function useMe() {
  return useQuery({
    queryKey: ME,
    queryFn: async (): Promise<User | null> => {
      try {
        return (await get<{ user: User }>('/api/v1/auth/me')).user;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

/** The signed-in user inside a guarded route (the guard guarantees one). */
export function useUser(): User {
  const { data } = useMe();
  if (!data) throw new Error('useUser outside a signed-in route');
  return data;
}

/** Sign-in and sign-out, keeping the query cache and the CSRF token in step. */
export function useAuthActions() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const signIn = useCallback(
    async (username: string, password: string) => {
      const out = await post<{ user: User; csrfToken: string }>('/api/v1/auth/login', { username, password });
      setCsrfToken(out.csrfToken);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
      qc.setQueryData(ME, out.user);
      return out.user;
    },
    [qc],
  );
  const signOut = useCallback(async () => {
    try {
      await post('/api/v1/auth/logout');
    } finally {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(ME, null);
      navigate('/login', { replace: true });
    }
  }, [qc, navigate]);
  return { signIn, signOut };
}

/** Wires the API client's 401 handling to the cache: the guards then show the login page. */
export function UnauthorizedBridge() {
  const qc = useQueryClient();
  useEffect(() => {
    onUnauthorized(() => {
      setCsrfToken(null);
      qc.setQueryData(ME, null);
    });
  }, [qc]);
  return null;
}

function FullPageSpin() {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: '60vh' }}>
      <Spin size="large" description={t('common.loading')} />
    </div>
  );
}

/** Guards a face of the product: signed-in users of the right side only; others go to /login or their own side. */
export function RequireAuth({ side, children }: { side: 'office' | 'h5'; children: ReactNode }) {
  const { data: user, isPending } = useMe();
  const location = useLocation();
  if (isPending) return <FullPageSpin />;
  if (!user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  const residentSide = RESIDENT_SIDE_ROLES.includes(user.role);
  if (side === 'office' && residentSide) return <Navigate to={homeOf(user.role)} replace />;
  if (side === 'h5' && !residentSide) return <Navigate to={homeOf(user.role)} replace />;
  return <>{children}</>;
}
