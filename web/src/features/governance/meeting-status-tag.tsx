import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** An owners' meeting's status: voting (open) or closed, as a tag with its text. */
export function MeetingStatusTag({ status }: { status: 'open' | 'closed' }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'open' ? 'processing' : 'default'} data-testid="meeting-status" data-status={status}>
      {t(`governance.status.${status}`)}
    </Tag>
  );
}
