import { useTranslation } from 'react-i18next';
import { ExactRate } from './exact-rate';

/**
 * A share as a bar with the threshold drawn as a dashed line (e.g. the 2/3 quorum line), and the exact rate with
 * its fraction beside it. `num`/`den` are integers (hundredths of m² or headcounts).
 */
export function ShareBar({
  label,
  num,
  den,
  numText,
  denText,
  line,
  lineLabel,
  met,
  testId,
}: {
  label: string;
  num: bigint;
  den: bigint;
  numText: string;
  denText: string;
  line: [bigint, bigint];
  lineLabel: string;
  met: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const width = den > 0n ? Number((num * 10000n) / den) / 100 : 0;
  const at = Number((line[0] * 10000n) / line[1]) / 100;
  return (
    <div style={{ marginBottom: 16 }} data-testid={testId}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap', marginBottom: 4 }}>
        <strong>{label}</strong>
        <span className="rp-num">
          {numText} / {denText} · <ExactRate num={num} den={den} numText={numText} denText={denText} />
        </span>
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: <meter> cannot draw the threshold line; this is a meter by role */}
      <div
        className="rp-bar-track"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, width)}
        aria-valuetext={t('governance.meterText', { share: `${width.toFixed(2)}%`, line: lineLabel })}
      >
        <div className="rp-bar-fill" data-met={met} style={{ width: `${Math.min(100, width)}%` }} />
        <div className="rp-bar-line" style={{ left: `${at}%` }} title={lineLabel} />
      </div>
      <div style={{ position: 'relative', height: 18, fontSize: 12, color: '#595959' }}>
        <span style={{ position: 'absolute', left: `${at}%`, transform: 'translateX(-50%)', whiteSpace: 'nowrap' }}>
          {lineLabel}
        </span>
      </div>
    </div>
  );
}
