import { QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Popover, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { IssueStats } from './issue-types';

/** 口径说明: how the three rates are computed, with the weights and version the server used (SPEC R-15). */
export function FormulaPopover({ formula }: { formula: IssueStats['formula'] | undefined }) {
  const { t } = useTranslation();
  const w = (formula?.satisfactionWeights ?? {}) as Record<string, number>;
  const content = (
    <div style={{ maxWidth: 420 }} data-testid="formula">
      <Typography.Paragraph>
        <strong>{t('issues.stats.responseRate')}</strong>
        {t('issues.formula.sep')}
        {t('issues.formula.response')}
      </Typography.Paragraph>
      <Typography.Paragraph>
        <strong>{t('issues.stats.resolutionRate')}</strong>
        {t('issues.formula.sep')}
        {t('issues.formula.resolution')}
      </Typography.Paragraph>
      <Typography.Paragraph>
        <strong>{t('issues.stats.satisfactionRate')}</strong>
        {t('issues.formula.sep')}
        {t('issues.formula.satisfaction', {
          satisfied: w.satisfied ?? 1,
          basic: w.basically_satisfied ?? 0.9,
          unsatisfied: w.unsatisfied ?? 0,
        })}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('issues.formula.population')} {t('issues.formula.version', { version: String(formula?.version ?? '') })}
      </Typography.Paragraph>
    </div>
  );
  return (
    <Popover content={content} title={t('issues.formula.title')} trigger={['click', 'hover']}>
      <Button icon={<QuestionCircleOutlined />} data-testid="formula-button">
        {t('issues.formula.title')}
      </Button>
    </Popover>
  );
}
