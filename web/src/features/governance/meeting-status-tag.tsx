import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * An owners' meeting's status as a tag: voting, not yet open, voting ended (the committee still has to close and
 * count it: ballots are refused outside the window), or closed.
 */
export function MeetingStatusTag({
  meeting,
}: {
  meeting: { status: 'open' | 'closed'; opensAt: string; closesAt: string };
}) {
  const { t } = useTranslation();
  const now = Date.now();
  const phase =
    meeting.status === 'closed'
      ? 'closed'
      : now < Date.parse(meeting.opensAt)
        ? 'notYet'
        : now > Date.parse(meeting.closesAt)
          ? 'ended'
          : 'open';
  const color = phase === 'open' ? 'processing' : phase === 'ended' ? 'warning' : 'default';
  return (
    <Tag color={color} data-testid="meeting-status" data-status={meeting.status} data-phase={phase}>
      {t(`governance.status.${phase}`)}
    </Tag>
  );
}
