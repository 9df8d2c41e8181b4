import { usccCheckChar } from '@rp/contract';

/**
 * The city-scale dataset, generated deterministically from a seed: 1 city, 3 districts, 12 streets, 100 communities,
 * a few companies, `estates` estates spread evenly over the communities, and `dwellingsPerEstate` dwellings per estate
 * (10 buildings × 2 units × 15 floors = 300), almost every one with its own owner.
 */

/** mulberry32: a tiny seeded PRNG, so two runs build the same city. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉梅红建国建华志强文辉海燕晓东雪梅春花德明子涵浩然欣怡梓萱宇轩';
const DISTRICTS = ['东城区', '西城区', '南湖区'];
const STREET_WORDS = ['和平', '建设', '人民', '解放', '光明', '胜利', '朝阳', '新华', '文化', '长江', '黄河', '中山'];
const COMMUNITY_WORDS = '春华秋实松竹梅兰青云白鹭金桂玉泉碧水翠屏锦绣枫林紫荆';
const ESTATE_WORDS = [
  '花园',
  '家园',
  '小区',
  '苑',
  '公寓',
  '新村',
  '雅居',
  '名城',
  '华府',
  '景苑',
  '嘉园',
  '丽都',
  '山庄',
  '广场',
];
const ESTATE_PREFIX = '阳光幸福锦江翠湖金色滨江碧桂御景城市绿洲和谐康乐世纪明珠东方龙湖书香水岸';

export interface OrgPlan {
  city: string;
  districts: { name: string; streets: { name: string; communities: string[] }[] }[];
}

/** 1 city → 3 districts → 12 streets → 100 communities (8 or 9 per street). */
export function planOrgTree(communities = 100): OrgPlan {
  const streetsPer = 4;
  const nStreets = DISTRICTS.length * streetsPer;
  let c = 0;
  return {
    city: '滨海市',
    districts: DISTRICTS.map((d, di) => ({
      name: d,
      streets: Array.from({ length: streetsPer }, (_, si) => {
        const s = di * streetsPer + si;
        const n = Math.floor(communities / nStreets) + (s < communities % nStreets ? 1 : 0);
        return {
          name: `${STREET_WORDS[s % STREET_WORDS.length]}街道`,
          communities: Array.from({ length: n }, () => {
            const i = c++;
            const w = COMMUNITY_WORDS;
            return `${w[i % w.length]}${w[(i * 7 + 3) % w.length]}社区${i + 1}`;
          }),
        };
      }),
    })),
  };
}

/** A valid unified social credit code (GB 32100) for company number `i`. */
export function makeUscc(i: number): string {
  const body = `91440300${String(i).padStart(9, '0')}`;
  const check = usccCheckChar(body);
  if (!check) throw new Error(`bad uscc body ${body}`);
  return body + check;
}

export interface CompanyPlan {
  name: string;
  uscc: string;
  contactName: string;
  contactPhone: string;
  partyOrganization: 'none' | 'branch' | 'joint_branch' | 'instructor';
}

/** `n` property companies with valid credit codes. */
export function planCompanies(n: number, rand: () => number): CompanyPlan[] {
  const party = ['none', 'branch', 'joint_branch', 'instructor'] as const;
  return Array.from({ length: n }, (_, i) => ({
    name: `${ESTATE_PREFIX.slice((i * 2) % ESTATE_PREFIX.length, ((i * 2) % ESTATE_PREFIX.length) + 2)}物业服务有限公司${i + 1}`,
    uscc: makeUscc(i + 1),
    contactName: personName(rand),
    contactPhone: `0755-${String(80000000 + i).padStart(8, '0')}`,
    partyOrganization: party[Math.floor(rand() * party.length)],
  }));
}

export interface EstatePlan {
  name: string;
  /** Index of the community (0-based, in planOrgTree order). */
  community: number;
  address: string;
  managementMode: 'company' | 'self' | 'none' | 'state_takeover';
  /** Index of the company, for `company` and `state_takeover`. */
  company?: number;
}

/** `n` estates spread round-robin over the communities; 80% company-managed, the rest self, none or taken over. */
export function planEstates(n: number, communities: number, companies: number, rand: () => number): EstatePlan[] {
  return Array.from({ length: n }, (_, i) => {
    const r = rand();
    const managementMode = r < 0.8 ? 'company' : r < 0.9 ? 'self' : r < 0.95 ? 'none' : 'state_takeover';
    const p = Math.floor(rand() * (ESTATE_PREFIX.length - 1));
    const name = `${ESTATE_PREFIX.slice(p, p + 2)}${ESTATE_WORDS[Math.floor(rand() * ESTATE_WORDS.length)]}${i + 1}期`;
    return {
      name,
      community: i % communities,
      address: `${STREET_WORDS[i % STREET_WORDS.length]}路${(i % 400) + 1}号`,
      managementMode,
      company:
        managementMode === 'company' || managementMode === 'state_takeover'
          ? Math.floor(rand() * companies)
          : undefined,
    };
  });
}

function personName(rand: () => number) {
  const s = SURNAMES[Math.floor(rand() * SURNAMES.length)];
  const g1 = GIVEN[Math.floor(rand() * GIVEN.length)];
  return rand() < 0.5 ? s + g1 : s + g1 + GIVEN[Math.floor(rand() * GIVEN.length)];
}

export const IMPORT_HEADER = ['楼栋', '单元', '房号', '面积', '是否交付', '业主姓名', '业主电话'];

/**
 * The import file of one estate: `rows` dwellings (buildings of 2 units × 15 floors), areas 45–180 m², 95% delivered.
 * About 3% of the rows repeat the owner of the row before (one owner, two dwellings), so owners ≈ 0.97 × dwellings.
 */
export function estateCsv(estateIndex: number, rows: number, rand: () => number): { csv: string; owners: number } {
  const lines = [IMPORT_HEADER.join(',')];
  let owners = 0;
  let prev: [string, string] | null = null;
  for (let i = 0; i < rows; i++) {
    const building = `${Math.floor(i / 30) + 1}栋`;
    const unit = `${Math.floor((i % 30) / 15) + 1}单元`;
    const number = `${(i % 15) + 1}01`;
    const area = (45 + rand() * 135).toFixed(2);
    const delivered = rand() < 0.95 ? '是' : '否';
    let owner: [string, string];
    if (prev && rand() < 0.03) owner = prev;
    else {
      // Unique within the run: estate and row number are encoded in the phone number.
      owner = [personName(rand), `13${String(estateIndex).padStart(5, '0')}${String(i).padStart(4, '0')}`];
      owners++;
    }
    prev = owner;
    lines.push([building, unit, number, area, delivered, owner[0], owner[1]].join(','));
  }
  return { csv: `${lines.join('\r\n')}\r\n`, owners };
}

/**
 * The import file of one large estate: `rows` dwellings, all delivered, each with its own owner (a distinct phone
 * number per row, so every row is one voting subject), in buildings of 2 units × 30 floors × 4 flats.
 */
export function largeEstateCsv(rows: number, rand: () => number, phonePrefix: string): string {
  const lines = [IMPORT_HEADER.join(',')];
  for (let i = 0; i < rows; i++) {
    const building = `${Math.floor(i / 240) + 1}栋`;
    const unit = `${Math.floor((i % 240) / 120) + 1}单元`;
    const number = `${Math.floor((i % 120) / 4) + 1}${String((i % 4) + 1).padStart(2, '0')}`;
    const area = (45 + rand() * 135).toFixed(2);
    lines.push(
      [building, unit, number, area, '是', personName(rand), `${phonePrefix}${String(i).padStart(6, '0')}`].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
