import { Navigate } from 'react-router';
import { useUser } from '../../app/auth';
import { NotFoundPage } from '../../app/components/status-pages';

/** 本小区业委会: a committee account's own estate's committee page. */
export function MyCommitteePage() {
  const user = useUser();
  return user.scope.estateId ? <Navigate to={`/estates/${user.scope.estateId}/committee`} replace /> : <NotFoundPage />;
}
