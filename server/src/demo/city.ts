/**
 * The demo city's fixed skeleton: districts, streets, communities, estates and companies, written out by hand so the
 * names read like a real Chinese prefecture-level city. Sizes and people are generated from these (see plan.ts).
 */

export type Mode = 'company' | 'self' | 'none' | 'state_takeover';
/** Dwelling-count class: S ≈ 100–220, M ≈ 230–400, L ≈ 440–700, XL ≈ 760–1100. */
export type Size = 'S' | 'M' | 'L' | 'XL';
/** Building style: old 6-storey walk-ups, mid-rise, high-rise, or high-rise with low-rise 洋房. */
export type Style = 'old' | 'mid' | 'high' | 'mixed';

export type CompanyKey =
  | 'jc'
  | 'aj'
  | 'ht'
  | 'cf'
  | 'jh'
  | 'dr'
  | 'kq'
  | 'hx'
  | 'kc'
  | 'rf'
  | 'hy'
  | 'yj'
  | 'jd'
  | 'hp';

/** One step of an estate's management history: mode, from date, serving company, note. */
export type Step = readonly [Mode, string, CompanyKey | null, string?];

export interface EstateSpec {
  name: string;
  company: CompanyKey | null;
  /** Year the first buildings were delivered. */
  built: number;
  size: Size;
  style: Style;
  /** Management history, oldest first, when it is more than "the current mode since delivery". */
  steps?: readonly Step[];
  /** Share of dwellings not yet delivered (held by the developer); otherwise derived from the year. */
  undelivered?: number;
  /** An organisation owning a share of the dwellings (公租房, staff housing). */
  orgOwner?: { key: OrgOwnerKey; share: number };
  /** The mode, when not `company` (a company is then the state-owned one for `state_takeover`). */
  mode?: Mode;
  /** The developer (建设单位) when it is not "<estate>置业有限公司" (work-unit compounds). */
  developer?: string;
}

export interface CommunitySpec {
  name: string;
  estates: EstateSpec[];
}
export interface StreetSpec {
  name: string;
  roads: string[];
  communities: CommunitySpec[];
}
export interface DistrictSpec {
  name: string;
  /** Administrative division code used in the credit codes of companies registered there. */
  division: string;
  isDevelopmentZone: boolean;
  streets: StreetSpec[];
  departments: string[];
  /** Units that take on communities under five-to-one (五包一), besides the departments. */
  liaisonUnits: string[];
}

export const CITY = { name: '示范市', division: '379900' } as const;

/** City-level functional departments (职能部门). */
export const CITY_DEPARTMENTS = [
  '示范市城市管理局',
  '示范市民政局',
  '示范市市场监督管理局',
  '示范市公安局',
  '示范市消防救援支队',
];

export const DISTRICTS: DistrictSpec[] = [
  {
    name: '经开区',
    division: '379971',
    isDevelopmentZone: true,
    departments: ['城市管理局', '社会事务局', '市场监督管理局', '公安分局', '消防救援大队', '规划建设局'],
    liaisonUnits: [
      '经开区财政金融局',
      '经开区经济发展局',
      '经开区招商服务中心',
      '经开区综合执法局',
      '经开区教育文体局',
      '经开区卫生健康局',
    ],
    streets: [
      {
        name: '创业街道',
        roads: ['创业大道', '科技路', '经一路', '经二路', '纬一路'],
        communities: [
          {
            name: '高新社区',
            estates: [
              { name: '科创花园', company: 'kc', built: 2014, size: 'L', style: 'high' },
              { name: '创业公寓', company: 'kc', built: 2012, size: 'M', style: 'high' },
              { name: '智谷雅苑', company: 'kc', built: 2024, size: 'L', style: 'high', undelivered: 0.58 },
            ],
          },
          {
            name: '创新社区',
            estates: [
              { name: '天悦华府', company: 'jc', built: 2019, size: 'XL', style: 'mixed' },
              { name: '金域蓝湾', company: 'hy', built: 2017, size: 'L', style: 'high' },
              { name: '翰林苑', company: 'kq', built: 2016, size: 'M', style: 'high' },
            ],
          },
          {
            name: '致远社区',
            estates: [
              { name: '锦程名邸', company: 'jc', built: 2021, size: 'L', style: 'high' },
              { name: '云栖里', company: 'kc', built: 2025, size: 'M', style: 'high', undelivered: 0.64 },
            ],
          },
        ],
      },
      {
        name: '科技城街道',
        roads: ['纬二路', '纬三路', '高新大道', '创新路', '软件园路'],
        communities: [
          {
            name: '科苑社区',
            estates: [
              { name: '书香名邸', company: 'aj', built: 2015, size: 'M', style: 'high' },
              { name: '学府华庭', company: 'kq', built: 2018, size: 'L', style: 'high' },
              {
                name: '科研所职工小区',
                mode: 'self',
                company: null,
                built: 2003,
                size: 'S',
                style: 'mid',
                developer: '示范市农业科学研究所',
              },
            ],
          },
          {
            name: '软件园社区',
            estates: [
              {
                name: '御景华庭',
                company: 'jc',
                built: 2016,
                size: 'L',
                style: 'high',
                steps: [
                  ['company', '2016-09-01', 'yj', '前期物业服务合同（建设单位选聘）'],
                  ['company', '2021-03-15', 'jc', '业主大会表决另行选聘'],
                ],
              },
              { name: '星悦湾', company: 'hy', built: 2020, size: 'M', style: 'high' },
            ],
          },
          {
            name: '青年社区',
            estates: [
              { name: '青年汇公寓', company: 'yj', built: 2013, size: 'M', style: 'high' },
              { name: '和悦府', company: 'kc', built: 2022, size: 'M', style: 'mixed', undelivered: 0.18 },
              {
                name: '经开区安置一区',
                company: 'cf',
                built: 2011,
                size: 'XL',
                style: 'high',
                orgOwner: { key: 'rental', share: 0.06 },
                developer: '示范市经开区城市建设投资有限公司',
              },
            ],
          },
        ],
      },
    ],
  },
  {
    name: '东城区',
    division: '379902',
    isDevelopmentZone: false,
    departments: [
      '城市管理局',
      '民政局',
      '市场监督管理局',
      '公安分局',
      '消防救援大队',
      '自然资源和规划分局',
      '生态环境分局',
    ],
    liaisonUnits: [
      '东城区财政局',
      '东城区教育和体育局',
      '东城区卫生健康局',
      '东城区人力资源和社会保障局',
      '东城区交通运输局',
      '东城区审计局',
      '东城区统计局',
      '东城区水务局',
      '东城区应急管理局',
      '东城区司法局',
    ],
    streets: [
      {
        name: '东风街道',
        roads: ['东风路', '人民路', '解放路', '工农路'],
        communities: [
          {
            name: '幸福社区',
            estates: [
              {
                name: '幸福里小区',
                mode: 'state_takeover',
                company: 'cf',
                built: 1994,
                size: 'M',
                style: 'old',
                developer: '示范市房地产开发总公司',
                steps: [
                  ['self', '1994-10-01', null, '原单位自管'],
                  ['none', '2003-07-01', null, '原单位改制，自管终止'],
                  ['state_takeover', '2022-05-01', 'cf', '老旧小区改造后纳入国有物业托管'],
                ],
              },
              { name: '锦绣家园', company: 'aj', built: 2008, size: 'M', style: 'mid' },
              {
                name: '纺织厂宿舍',
                mode: 'none',
                company: null,
                built: 1988,
                size: 'S',
                style: 'old',
                developer: '示范市第二纺织厂',
              },
            ],
          },
          {
            name: '光明社区',
            estates: [
              {
                name: '光明小区',
                mode: 'none',
                company: null,
                built: 1992,
                size: 'S',
                style: 'old',
                developer: '示范市房地产开发总公司',
                steps: [
                  ['company', '1998-01-01', 'hx', '前期物业'],
                  ['none', '2016-12-31', null, '物业企业撤场，暂无物业'],
                ],
              },
              { name: '阳光花园', company: 'hx', built: 2006, size: 'M', style: 'mid' },
              {
                name: '东风新村',
                mode: 'state_takeover',
                company: 'cf',
                built: 1990,
                size: 'M',
                style: 'old',
                developer: '示范市东风机械厂',
                steps: [
                  ['none', '1990-06-01', null, '无物业'],
                  ['state_takeover', '2021-09-01', 'cf', '无物业小区兜底托管'],
                ],
              },
            ],
          },
          {
            name: '工农社区',
            estates: [
              {
                name: '农机公司家属院',
                mode: 'none',
                company: null,
                built: 1986,
                size: 'S',
                style: 'old',
                developer: '示范市农机公司',
              },
              {
                name: '工农新村',
                company: 'ht',
                built: 1999,
                size: 'M',
                style: 'old',
                developer: '示范市房地产开发总公司',
                steps: [
                  ['none', '1999-05-01', null, '无物业'],
                  ['company', '2020-10-01', 'ht', '老旧小区改造后引入物业'],
                ],
              },
              {
                name: '供电公司家属院',
                mode: 'self',
                company: null,
                built: 1997,
                size: 'S',
                style: 'old',
                developer: '示范市供电公司',
              },
            ],
          },
        ],
      },
      {
        name: '和平街道',
        roads: ['和平路', '中山路', '新华路', '胜利街'],
        communities: [
          {
            name: '和谐社区',
            estates: [
              { name: '和谐苑', company: 'ht', built: 2011, size: 'L', style: 'high' },
              {
                name: '中山花园',
                company: 'ht',
                built: 2005,
                size: 'M',
                style: 'mid',
                steps: [
                  ['company', '2005-08-01', 'hx', '前期物业服务合同（建设单位选聘）'],
                  ['company', '2019-01-01', 'ht', '业主大会表决另行选聘'],
                ],
              },
              {
                name: '市医院职工小区',
                mode: 'self',
                company: null,
                built: 2001,
                size: 'S',
                style: 'mid',
                developer: '示范市人民医院',
                orgOwner: { key: 'hospital', share: 0.04 },
              },
            ],
          },
          {
            name: '新华社区',
            estates: [
              {
                name: '新华里',
                mode: 'state_takeover',
                company: 'cf',
                built: 1996,
                size: 'M',
                style: 'old',
                developer: '示范市房地产开发总公司',
                steps: [
                  ['company', '1996-12-01', 'rf', '前期物业'],
                  ['none', '2012-04-01', null, '物业企业撤场'],
                  ['state_takeover', '2023-03-01', 'cf', '纳入国有物业托管'],
                ],
              },
              {
                name: '百货大楼宿舍',
                mode: 'none',
                company: null,
                built: 1989,
                size: 'S',
                style: 'old',
                developer: '示范市百货大楼',
              },
              { name: '紫荆花园', company: 'jh', built: 2009, size: 'M', style: 'mid' },
            ],
          },
          {
            name: '胜利社区',
            estates: [
              { name: '胜利小区', company: 'rf', built: 2002, size: 'M', style: 'mid' },
              { name: '翠湖苑', company: 'jh', built: 2013, size: 'L', style: 'high' },
              {
                name: '税务局宿舍',
                mode: 'self',
                company: null,
                built: 1998,
                size: 'S',
                style: 'old',
                developer: '示范市东城区税务局',
              },
            ],
          },
        ],
      },
      {
        name: '解放街道',
        roads: ['解放路', '建设路', '文化路', '朝阳路'],
        communities: [
          {
            name: '建设社区',
            estates: [
              {
                name: '建设路12号院',
                mode: 'none',
                company: null,
                built: 1987,
                size: 'S',
                style: 'old',
                developer: '示范市建筑工程公司',
              },
              { name: '朝阳小区', company: 'dr', built: 2004, size: 'M', style: 'mid' },
              { name: '盛世华庭', company: 'aj', built: 2015, size: 'L', style: 'high' },
            ],
          },
          {
            name: '文化社区',
            estates: [
              {
                name: '第一中学教师公寓',
                mode: 'self',
                company: null,
                built: 2000,
                size: 'S',
                style: 'mid',
                developer: '示范市第一中学',
                orgOwner: { key: 'school', share: 0.05 },
              },
              { name: '文化苑', company: 'dr', built: 2007, size: 'M', style: 'mid' },
              { name: '金色港湾', company: 'jc', built: 2012, size: 'L', style: 'high' },
            ],
          },
          {
            name: '朝阳社区',
            estates: [
              {
                name: '机床厂生活区',
                mode: 'state_takeover',
                company: 'cf',
                built: 1985,
                size: 'M',
                style: 'old',
                developer: '示范市机床厂',
                steps: [
                  ['self', '1985-10-01', null, '企业自管'],
                  ['none', '2005-01-01', null, '企业破产，无人管理'],
                  ['state_takeover', '2021-06-01', 'cf', '无物业小区兜底托管'],
                ],
              },
              { name: '朝阳新城', company: 'jd', built: 2010, size: 'L', style: 'high' },
            ],
          },
        ],
      },
    ],
  },
  {
    name: '南湖区',
    division: '379903',
    isDevelopmentZone: false,
    departments: [
      '城市管理局',
      '民政局',
      '市场监督管理局',
      '公安分局',
      '消防救援大队',
      '自然资源和规划分局',
      '生态环境分局',
    ],
    liaisonUnits: [
      '南湖区财政局',
      '南湖区教育和体育局',
      '南湖区卫生健康局',
      '南湖区发展和改革局',
      '南湖区商务局',
      '南湖区文化和旅游局',
      '南湖区农业农村局',
      '南湖区水务局',
      '南湖区退役军人事务局',
      '南湖区医疗保障局',
    ],
    streets: [
      {
        name: '南湖街道',
        roads: ['南湖大道', '湖滨路', '长江路', '黄河路'],
        communities: [
          {
            name: '东湖社区',
            estates: [
              { name: '东湖国际', company: 'jc', built: 2014, size: 'XL', style: 'mixed' },
              { name: '湖畔明珠', company: 'hp', built: 2012, size: 'L', style: 'high' },
              { name: '枫林绿洲', company: 'hp', built: 2009, size: 'M', style: 'mid' },
            ],
          },
          {
            name: '春晖社区',
            estates: [
              { name: '春晖园', company: 'aj', built: 2006, size: 'M', style: 'mid' },
              {
                name: '丽景湾',
                company: 'hy',
                built: 2017,
                size: 'L',
                style: 'high',
                steps: [
                  ['company', '2017-06-01', 'hp', '前期物业服务合同（建设单位选聘）'],
                  ['company', '2022-07-01', 'hy', '业主大会表决另行选聘'],
                ],
              },
              { name: '怡和苑', company: 'kq', built: 2010, size: 'M', style: 'mid' },
            ],
          },
          {
            name: '康宁社区',
            estates: [
              { name: '康宁小区', company: 'rf', built: 2003, size: 'M', style: 'mid' },
              {
                name: '化肥厂小区',
                mode: 'state_takeover',
                company: 'cf',
                built: 1991,
                size: 'M',
                style: 'old',
                developer: '示范市化肥厂',
                steps: [
                  ['none', '1991-08-01', null, '无物业'],
                  ['state_takeover', '2024-01-01', 'cf', '无物业小区兜底托管'],
                ],
              },
              {
                name: '水利局家属院',
                mode: 'self',
                company: null,
                built: 1995,
                size: 'S',
                style: 'old',
                developer: '示范市水利局',
              },
            ],
          },
        ],
      },
      {
        name: '滨江街道',
        roads: ['滨江路', '望江路', '江南大道', '金桥路'],
        communities: [
          {
            name: '滨河社区',
            estates: [
              { name: '滨江一号', company: 'jc', built: 2018, size: 'L', style: 'mixed' },
              { name: '望江府', company: 'ht', built: 2020, size: 'L', style: 'high' },
              { name: '江南名苑', company: 'jd', built: 2011, size: 'M', style: 'high' },
            ],
          },
          {
            name: '金桥社区',
            estates: [
              { name: '金桥花园', company: 'jd', built: 2008, size: 'M', style: 'mid' },
              { name: '嘉和苑', company: 'jh', built: 2013, size: 'M', style: 'high' },
              {
                name: '铁路新村',
                mode: 'none',
                company: null,
                built: 1993,
                size: 'S',
                style: 'old',
                developer: '示范市铁路分局',
                steps: [
                  ['self', '1993-04-01', null, '铁路分局自管'],
                  ['none', '2008-06-30', null, '移交地方后无物业'],
                ],
              },
            ],
          },
          {
            name: '望江社区',
            estates: [
              { name: '君悦华庭', company: 'hy', built: 2019, size: 'L', style: 'high' },
              { name: '鸿福家园', company: 'yj', built: 2010, size: 'M', style: 'mid' },
              { name: '瑞祥小区', company: 'dr', built: 2007, size: 'S', style: 'mid' },
            ],
          },
        ],
      },
      {
        name: '青山镇',
        roads: ['青山路', '兴农路', '镇南街'],
        communities: [
          {
            name: '青山社区',
            estates: [
              { name: '青山花园', company: 'yj', built: 2015, size: 'M', style: 'mid' },
              {
                name: '青山镇中心小区',
                mode: 'none',
                company: null,
                built: 2002,
                size: 'S',
                style: 'mid',
                developer: '示范市南湖区青山镇人民政府',
              },
            ],
          },
          {
            name: '丰收社区',
            estates: [
              {
                name: '丰收家园',
                company: 'cf',
                built: 2016,
                size: 'L',
                style: 'high',
                developer: '示范市南湖区城市建设投资有限公司',
              },
              { name: '田园小镇', company: 'hp', built: 2023, size: 'M', style: 'mixed', undelivered: 0.27 },
            ],
          },
        ],
      },
    ],
  },
];

export interface CompanySpec {
  key: CompanyKey;
  name: string;
  /** District division code where it is registered. */
  division: string;
  founded: number;
  staff: number;
  party: 'none' | 'branch' | 'joint_branch' | 'instructor';
}

/** Property companies (物业服务企业); `cf` is the state-owned company that takes over unmanaged estates. */
export const COMPANIES: CompanySpec[] = [
  { key: 'jc', name: '示范市锦程物业服务有限公司', division: '379902', founded: 2004, staff: 620, party: 'branch' },
  { key: 'aj', name: '示范市安居物业管理有限公司', division: '379902', founded: 2001, staff: 410, party: 'branch' },
  { key: 'ht', name: '示范市和泰物业服务有限公司', division: '379902', founded: 2009, staff: 360, party: 'branch' },
  {
    key: 'cf',
    name: '示范市城发国有物业管理有限公司',
    division: '379900',
    founded: 2020,
    staff: 280,
    party: 'branch',
  },
  {
    key: 'jh',
    name: '示范市嘉和物业服务有限公司',
    division: '379902',
    founded: 2008,
    staff: 190,
    party: 'joint_branch',
  },
  {
    key: 'dr',
    name: '示范市德润物业管理有限公司',
    division: '379902',
    founded: 2003,
    staff: 150,
    party: 'joint_branch',
  },
  {
    key: 'jd',
    name: '示范市金盾物业管理有限公司',
    division: '379903',
    founded: 2007,
    staff: 230,
    party: 'joint_branch',
  },
  { key: 'kq', name: '示范市康桥物业服务有限公司', division: '379903', founded: 2010, staff: 170, party: 'instructor' },
  { key: 'hy', name: '示范市华宇物业管理有限公司', division: '379903', founded: 2016, staff: 260, party: 'instructor' },
  {
    key: 'kc',
    name: '示范市经开区科创物业服务有限公司',
    division: '379971',
    founded: 2012,
    staff: 340,
    party: 'branch',
  },
  { key: 'hx', name: '示范市恒信物业管理有限公司', division: '379902', founded: 1998, staff: 90, party: 'none' },
  { key: 'rf', name: '示范市瑞丰物业服务有限公司', division: '379902', founded: 2000, staff: 75, party: 'none' },
  { key: 'yj', name: '示范市亿家物业服务有限公司', division: '379971', founded: 2013, staff: 120, party: 'none' },
  { key: 'hp', name: '示范市南湖区湖畔物业服务有限公司', division: '379903', founded: 2011, staff: 140, party: 'none' },
];

export type OrgOwnerKey = 'rental' | 'hospital' | 'school' | 'bank' | 'assets';

/** Organisations owning dwellings of record (单位产权). */
export const ORG_OWNERS: Record<OrgOwnerKey, string> = {
  rental: '示范市公共租赁住房管理中心',
  hospital: '示范市人民医院',
  school: '示范市第一中学',
  bank: '示范农村商业银行股份有限公司',
  assets: '示范市国有资产投资经营有限公司',
};
