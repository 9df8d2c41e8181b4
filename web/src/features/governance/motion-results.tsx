import { Card, Col, Descriptions, Row, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { CheckMark } from './check-mark';
import { groupArea, hundredths, majorityMet, quorumMet } from './exact';
import { ExactRate } from './exact-rate';
import type { MotionResult, Tally } from './governance-types';

type TallyRow = { key: string; label: string; tally: Tally };

/**
 * 表决结果 per motion (SPEC R-42): the matter, quorum by area and by headcount against the totals, agreeing /
 * against / abstaining by area and headcount, both majorities and passed — fractions shown exactly.
 */
export function MotionResults({ motions }: { motions: MotionResult[] }) {
  const { t } = useTranslation();
  const m2 = (v: string) => t('format.area', { value: groupArea(v) });
  const persons = (n: number) => t('governance.persons', { count: n });
  return (
    <>
      {motions.map((m, i) => {
        const part = m.participating;
        const areaQ = quorumMet(hundredths(part.areaM2), hundredths(m.totals.areaM2));
        const headQ = quorumMet(BigInt(part.headcount), BigInt(m.totals.headcount));
        const areaM = majorityMet(m.matter, hundredths(m.agreeing.areaM2), hundredths(part.areaM2));
        const headM = majorityMet(m.matter, BigInt(m.agreeing.headcount), BigInt(part.headcount));
        const rule = m.matter === 'major' ? t('governance.ruleMajor') : t('governance.ruleOrdinary');
        const rows: TallyRow[] = [
          { key: 'for', label: t('enum.choice.for'), tally: m.agreeing },
          { key: 'against', label: t('enum.choice.against'), tally: m.against },
          { key: 'abstain', label: t('enum.choice.abstain'), tally: m.abstaining },
          { key: 'part', label: t('governance.participatingTotal'), tally: part },
        ];
        return (
          <Card
            key={m.motionId}
            data-testid={`motion-result-${i}`}
            style={{ marginBottom: 16, breakInside: 'avoid' }}
            title={
              <h2 style={{ fontSize: 16, margin: 0, whiteSpace: 'normal' }}>
                {t('governance.motionN', { n: i + 1 })} {m.title}{' '}
                <Tag color={m.matter === 'major' ? 'volcano' : 'blue'} data-testid="motion-matter">
                  {t(`enum.matter.${m.matter}`)}
                </Tag>
              </h2>
            }
            extra={
              <span data-testid="motion-passed" data-passed={m.passed}>
                <CheckMark ok={m.passed} yes={t('governance.passed')} no={t('governance.notPassed')} />
              </span>
            }
          >
            <Row gutter={[24, 16]}>
              <Col xs={24} lg={10}>
                <h3 className="rp-result-h3">{t('governance.quorumTitle')}</h3>
                <Descriptions
                  size="small"
                  column={1}
                  bordered
                  items={[
                    {
                      key: 'qa',
                      label: t('governance.byArea'),
                      children: (
                        <span data-testid="quorum-area">
                          {m2(part.areaM2)} / {m2(m.totals.areaM2)} ={' '}
                          <ExactRate
                            num={hundredths(part.areaM2)}
                            den={hundredths(m.totals.areaM2)}
                            numText={m2(part.areaM2)}
                            denText={m2(m.totals.areaM2)}
                          />{' '}
                          <CheckMark ok={areaQ} yes={t('governance.reached')} no={t('governance.notReached')} />
                        </span>
                      ),
                    },
                    {
                      key: 'qh',
                      label: t('governance.byHeadcount'),
                      children: (
                        <span data-testid="quorum-headcount">
                          {persons(part.headcount)} / {persons(m.totals.headcount)} ={' '}
                          <ExactRate num={part.headcount} den={m.totals.headcount} />{' '}
                          <CheckMark ok={headQ} yes={t('governance.reached')} no={t('governance.notReached')} />
                        </span>
                      ),
                    },
                    {
                      key: 'q',
                      label: t('governance.quorum'),
                      children: (
                        <span data-testid="motion-quorate" data-quorate={m.quorate}>
                          <CheckMark ok={m.quorate} yes={t('governance.quorate')} no={t('governance.notQuorate')} />
                        </span>
                      ),
                    },
                  ]}
                />
                <p style={{ color: '#595959', fontSize: 12, marginTop: 8 }}>{t('governance.quorumRule')}</p>
              </Col>
              <Col xs={24} lg={14}>
                <Table<TallyRow>
                  size="small"
                  rowKey="key"
                  pagination={false}
                  dataSource={rows}
                  data-testid="motion-tally"
                  columns={[
                    { title: t('governance.choice'), dataIndex: 'label' },
                    {
                      title: t('governance.area'),
                      key: 'area',
                      align: 'right',
                      render: (_, r) => <span className="rp-num">{m2(r.tally.areaM2)}</span>,
                    },
                    {
                      title: t('governance.areaShare'),
                      key: 'areaShare',
                      align: 'right',
                      render: (_, r) => (
                        <ExactRate
                          num={hundredths(r.tally.areaM2)}
                          den={hundredths(part.areaM2)}
                          numText={m2(r.tally.areaM2)}
                          denText={m2(part.areaM2)}
                        />
                      ),
                    },
                    {
                      title: t('governance.headcount'),
                      key: 'head',
                      align: 'right',
                      render: (_, r) => <span className="rp-num">{persons(r.tally.headcount)}</span>,
                    },
                    {
                      title: t('governance.headShare'),
                      key: 'headShare',
                      align: 'right',
                      render: (_, r) => <ExactRate num={r.tally.headcount} den={part.headcount} />,
                    },
                  ]}
                />
                <h3 className="rp-result-h3">{t('governance.majorityTitle', { rule })}</h3>
                <Descriptions
                  size="small"
                  column={1}
                  bordered
                  items={[
                    {
                      key: 'ma',
                      label: t('governance.areaMajority'),
                      children: (
                        <span data-testid="majority-area" data-ok={areaM}>
                          {m2(m.agreeing.areaM2)} / {m2(part.areaM2)} ={' '}
                          <ExactRate
                            num={hundredths(m.agreeing.areaM2)}
                            den={hundredths(part.areaM2)}
                            numText={m2(m.agreeing.areaM2)}
                            denText={m2(part.areaM2)}
                          />{' '}
                          <CheckMark ok={areaM} yes={t('governance.reached')} no={t('governance.notReached')} />
                        </span>
                      ),
                    },
                    {
                      key: 'mh',
                      label: t('governance.headMajority'),
                      children: (
                        <span data-testid="majority-headcount" data-ok={headM}>
                          {persons(m.agreeing.headcount)} / {persons(part.headcount)} ={' '}
                          <ExactRate num={m.agreeing.headcount} den={part.headcount} />{' '}
                          <CheckMark ok={headM} yes={t('governance.reached')} no={t('governance.notReached')} />
                        </span>
                      ),
                    },
                  ]}
                />
              </Col>
            </Row>
          </Card>
        );
      })}
    </>
  );
}
