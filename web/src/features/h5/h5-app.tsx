import { ConfigProvider } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import './antd-mobile-react19';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { useUser } from '../../app/auth';
import { H5MeetingPage } from '../governance/h5-meeting-page';
import { H5VotePage } from '../governance/h5-vote-page';
import { useElderMode } from './elder-mode';
import { H5ComingSoon } from './h5-coming-soon';
import { H5Home } from './h5-home';
import { H5IssuePage } from './h5-issue-page';
import { H5Me } from './h5-me';
import { H5MyIssues } from './h5-my-issues';
import { H5RatePage } from './h5-rate-page';
import { H5Speak } from './h5-speak';
import { H5TabBar } from './h5-tab-bar';
import './h5.css';

/** The residents' side (/h5): antd-mobile, phone-first, with the bottom tab bar of UI.md. */
export function H5App() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const [elder, setElder] = useElderMode();
  return (
    <ConfigProvider locale={i18n.language === 'en-US' ? enUS : zhCN}>
      <div className="rp-h5" data-elder={elder}>
        <main>
          <Routes>
            <Route index element={<H5Home />} />
            <Route path="speak" element={<H5Speak />} />
            <Route path="issues" element={<H5MyIssues />} />
            <Route path="issues/:id" element={<H5IssuePage />} />
            <Route path="issues/:id/rate" element={<H5RatePage />} />
            <Route path="vote" element={<H5VotePage />} />
            <Route path="vote/:id" element={<H5MeetingPage />} />
            <Route path="orders" element={<H5ComingSoon title={t('h5.orders')} />} />
            <Route path="volunteer" element={<H5ComingSoon title={t('h5.volunteer')} />} />
            <Route path="me" element={<H5Me elder={elder} setElder={setElder} />} />
            <Route path="*" element={<H5ComingSoon title={t('common.notFoundTitle')} />} />
          </Routes>
        </main>
        <H5TabBar role={user.role} />
      </div>
    </ConfigProvider>
  );
}
