import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { RateText } from '../../app/components/rate-text';
import { ExactRate } from '../governance/exact-rate';
import type { FeeStats } from './disclosure-types';
import { formatFen } from './money';
import { MoneyText } from './money-text';
import './disclosure.css';

/** Collection rate cards (SPEC R-44): by amount (paid ÷ billed) and by household (fully paid ÷ billed), exactly. */
export function FeeRateCards({ stats, loading }: { stats: FeeStats | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const s = stats;
  return (
    <Row gutter={[16, 16]} data-testid="fee-rate-cards">
      <Col xs={24} md={12} xl={6}>
        <Card className="rp-card-fill">
          <Statistic
            title={t('disclosure.rateByAmount')}
            loading={loading}
            value={s?.paidFen ?? 0}
            formatter={() => (
              <ExactRate
                testId="rate-by-amount"
                num={BigInt(s?.paidFen ?? 0)}
                den={BigInt(s?.billedFen ?? 0)}
                numText={formatFen(s?.paidFen ?? 0)}
                denText={formatFen(s?.billedFen ?? 0)}
              />
            )}
          />
          <Typography.Text type="secondary">{t('disclosure.rateByAmountHint')}</Typography.Text>
        </Card>
      </Col>
      <Col xs={24} md={12} xl={6}>
        <Card className="rp-card-fill">
          <Statistic
            title={t('disclosure.rateByHousehold')}
            loading={loading}
            value={s?.paidHouseholds ?? 0}
            formatter={() => (
              <span data-testid="rate-by-household">
                <RateText num={s?.paidHouseholds ?? 0} den={s?.households ?? 0} />
              </span>
            )}
          />
          <Typography.Text type="secondary">
            {t('disclosure.rateByHouseholdHint', { partial: s?.partialHouseholds ?? 0 })}
          </Typography.Text>
        </Card>
      </Col>
      <Col xs={8} xl={4}>
        <Card className="rp-card-fill">
          <Statistic
            title={t('disclosure.billed')}
            loading={loading}
            value={s?.billedFen ?? 0}
            formatter={() => (
              <span style={{ fontSize: 20 }}>
                <MoneyText fen={s?.billedFen ?? 0} />
              </span>
            )}
          />
        </Card>
      </Col>
      <Col xs={8} xl={4}>
        <Card className="rp-card-fill">
          <Statistic
            title={t('disclosure.paid')}
            loading={loading}
            value={s?.paidFen ?? 0}
            formatter={() => (
              <span style={{ fontSize: 20 }}>
                <MoneyText fen={s?.paidFen ?? 0} />
              </span>
            )}
          />
        </Card>
      </Col>
      <Col xs={8} xl={4}>
        <Card className="rp-card-fill">
          <Statistic
            title={t('disclosure.owed')}
            loading={loading}
            value={s?.owedFen ?? 0}
            formatter={() => (
              <span style={{ fontSize: 20 }}>
                <MoneyText fen={s?.owedFen ?? 0} testId="owed-total" />
              </span>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
