import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Committee } from './governance-types';

const COLOURS: Record<Committee['stage'], string> = {
  none: 'default',
  preparing: 'gold',
  announced: 'blue',
  elected: 'green',
  filed: 'cyan',
};

/** A committee's establishment stage as a coloured tag, with its text (never colour alone). */
export function StageTag({ stage }: { stage: Committee['stage'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOURS[stage]} data-stage={stage}>
      {t(`enum.committeeStage.${stage}`)}
    </Tag>
  );
}
