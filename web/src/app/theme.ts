import type { ThemeConfig } from 'antd';

/** UI.md: a restrained party red as the primary colour on a neutral background. */
export const PARTY_RED = '#C8161D';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: PARTY_RED,
    colorLink: '#A3121A',
    colorInfo: '#1D4ED8',
    colorBgLayout: '#F5F5F4',
    borderRadius: 6,
    fontSize: 14,
  },
  components: {
    Layout: { headerBg: '#FFFFFF', siderBg: '#FFFFFF' },
    Menu: { itemSelectedBg: '#FBEAEA', itemSelectedColor: PARTY_RED },
  },
};
