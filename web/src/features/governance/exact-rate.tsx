import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { exactPercent } from './exact';

/**
 * A rate computed exactly from integers (`83.13%`) with its fraction on hover and focus, like the shared RateText,
 * but for figures that need their own words in the fraction (areas in m², money in ¥) or exceed safe integers.
 */
export function ExactRate({
  num,
  den,
  numText,
  denText,
  testId,
}: {
  num: bigint | number;
  den: bigint | number;
  numText?: string;
  denText?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const text = exactPercent(num, den) ?? t('format.noRate');
  const fraction = t('format.fraction', { num: numText ?? String(num), den: denText ?? String(den) });
  return (
    <Tooltip title={fraction}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users get the fraction too */}
      <span className="rp-num" tabIndex={0} data-fraction={`${String(num)}/${String(den)}`} data-testid={testId}>
        {text}
        <span className="rp-visually-hidden"> ({fraction})</span>
      </span>
    </Tooltip>
  );
}
