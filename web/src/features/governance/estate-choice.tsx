import { Form, Typography } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useUser } from '../../app/auth';
import { RemoteSelect } from '../../app/components/remote-select';
import { useEstate } from '../../app/queries';
import type { Estate } from '../../app/types';

/**
 * The estate a per-estate page works on, kept in the address bar (`?estateId=`) so it can be linked to; a
 * committee account is bound to one estate and always works on it.
 */
export function useChosenEstate(): [string | undefined, (id: string | undefined) => void] {
  const user = useUser();
  const [sp, setSp] = useSearchParams();
  const fixed = user.role === 'committee' ? (user.scope.estateId ?? undefined) : undefined;
  const chosen = fixed ?? sp.get('estateId') ?? undefined;
  const choose = useCallback(
    (id: string | undefined) => {
      const next = new URLSearchParams(sp);
      if (id) next.set('estateId', id);
      else next.delete('estateId');
      setSp(next, { replace: true });
    },
    [sp, setSp],
  );
  return [chosen, choose];
}

/** The estate picker of a per-estate page (a searchable select; just the name for a committee account). */
export function EstatePicker({
  value,
  onChange,
  id = 'estate-picker',
}: {
  value: string | undefined;
  onChange: (id: string | undefined) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const estate = useEstate(value);
  if (user.role === 'committee')
    return (
      <Typography.Text strong data-testid="estate-fixed">
        {estate.data?.name ?? ''}
      </Typography.Text>
    );
  return (
    <Form layout="inline">
      <Form.Item label={t('governance.estate')} htmlFor={id} style={{ margin: 0 }}>
        <div style={{ width: 260 }}>
          <RemoteSelect<Estate>
            id={id}
            testId="estate-picker"
            path="/api/v1/estates"
            value={value}
            onChange={onChange}
            placeholder={t('governance.pickEstate')}
            initial={value && estate.data ? { value, label: estate.data.name } : undefined}
            describe={(e) => (e.communityName ? `${e.name} · ${e.communityName}` : e.name)}
          />
        </div>
      </Form.Item>
    </Form>
  );
}
