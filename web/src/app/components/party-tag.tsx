import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Company } from '../types';

/** A company's party organisation as a tag ("无" in grey). */
export function PartyTag({ value }: { value: Company['partyOrganization'] }) {
  const { t } = useTranslation();
  return <Tag color={value === 'none' ? 'default' : 'red'}>{t(`enum.partyOrganization.${value}`)}</Tag>;
}
