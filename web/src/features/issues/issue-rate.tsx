import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { percent } from '../../app/format';

/** A figure of a fraction as the server counts it (weighted satisfaction has thousandths in the numerator). */
export function fractionNumber(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/**
 * One of the three rates as `83.13%` (two decimals, computed exactly from the server's fraction, not from a rounded
 * float) with the fraction on hover and focus; `—` when there is nothing to divide by.
 */
export function IssueRate({ fraction, testId }: { fraction: [number, number] | undefined; testId?: string }) {
  const { t } = useTranslation();
  const [num, den] = fraction ?? [0, 0];
  const text = percent(Math.round(num * 1000), den * 1000) ?? t('format.noRate');
  const label = t('format.fraction', { num: fractionNumber(num), den: fractionNumber(den) });
  return (
    <Tooltip title={label}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users get the fraction too */}
      <span className="rp-num" tabIndex={0} data-testid={testId} data-fraction={`${num}/${den}`}>
        {text}
        <span className="rp-visually-hidden"> ({label})</span>
      </span>
    </Tooltip>
  );
}
