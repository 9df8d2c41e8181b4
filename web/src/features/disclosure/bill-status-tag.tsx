import { CheckCircleOutlined, ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BillStatus } from './disclosure-types';

const LOOK: Record<BillStatus, { color: string; icon: React.ReactNode }> = {
  unpaid: { color: 'red', icon: <ExclamationCircleOutlined /> },
  partial: { color: 'orange', icon: <ClockCircleOutlined /> },
  paid: { color: 'green', icon: <CheckCircleOutlined /> },
};

/** A bill's status as a coloured tag with an icon and its text (arrears in red, never by colour alone). */
export function BillStatusTag({ status }: { status: BillStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={LOOK[status].color} icon={LOOK[status].icon} data-status={status}>
      {t(`enum.billStatus.${status}`)}
    </Tag>
  );
}
