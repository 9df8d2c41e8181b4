import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ManagementMode } from '../types';

const COLOURS: Record<ManagementMode, string> = {
  company: 'blue',
  self: 'gold',
  none: 'default',
  state_takeover: 'purple',
};

/** An estate's management mode as a coloured tag (with its text, never colour alone). */
export function ModeTag({ mode }: { mode: ManagementMode }) {
  const { t } = useTranslation();
  return <Tag color={COLOURS[mode]}>{t(`enum.managementMode.${mode}`)}</Tag>;
}
