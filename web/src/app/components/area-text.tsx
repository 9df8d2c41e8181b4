import { useTranslation } from 'react-i18next';
import { twoDecimals } from '../format';

/** An area as `89.50 m²`. */
export function AreaText({ value }: { value: string | null | undefined }) {
  const { t } = useTranslation();
  return <span className="rp-num">{t('format.area', { value: twoDecimals(value) })}</span>;
}
