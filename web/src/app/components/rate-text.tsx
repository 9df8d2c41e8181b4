import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { percent } from '../format';

/** A rate as `83.13%` with the fraction (601 / 723) on hover and focus (UI.md formats). */
export function RateText({ num, den }: { num: number; den: number }) {
  const { t } = useTranslation();
  const text = percent(num, den) ?? t('format.noRate');
  const fraction = t('format.fraction', { num, den });
  return (
    <Tooltip title={fraction}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users get the fraction too */}
      <span className="rp-num" tabIndex={0} data-fraction={`${num}/${den}`}>
        {text}
        <span className="rp-visually-hidden"> ({fraction})</span>
      </span>
    </Tooltip>
  );
}
