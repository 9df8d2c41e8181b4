import type { Random } from './random';

// Surnames with rough relative frequencies (the common ones dominate, as in any Chinese city's register).
const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72],
  ['李', 70],
  ['张', 66],
  ['刘', 54],
  ['陈', 47],
  ['杨', 32],
  ['黄', 24],
  ['赵', 22],
  ['吴', 20],
  ['周', 20],
  ['徐', 15],
  ['孙', 15],
  ['马', 14],
  ['朱', 13],
  ['胡', 12],
  ['郭', 12],
  ['何', 11],
  ['高', 10],
  ['林', 10],
  ['罗', 9],
  ['郑', 9],
  ['梁', 8],
  ['谢', 7],
  ['宋', 7],
  ['唐', 6],
  ['许', 6],
  ['韩', 6],
  ['冯', 6],
  ['邓', 6],
  ['曹', 5],
  ['彭', 5],
  ['曾', 5],
  ['肖', 5],
  ['田', 5],
  ['董', 5],
  ['袁', 4],
  ['潘', 4],
  ['于', 4],
  ['蒋', 4],
  ['蔡', 4],
  ['余', 4],
  ['杜', 4],
  ['叶', 4],
  ['程', 4],
  ['苏', 3],
  ['魏', 3],
  ['吕', 3],
  ['丁', 3],
  ['任', 3],
  ['沈', 3],
  ['姚', 3],
  ['卢', 3],
  ['姜', 3],
  ['崔', 3],
  ['钟', 3],
  ['谭', 2],
  ['陆', 2],
  ['汪', 2],
  ['范', 2],
  ['金', 2],
  ['石', 2],
  ['廖', 2],
  ['贾', 2],
  ['夏', 2],
  ['韦', 2],
  ['付', 2],
  ['方', 2],
  ['白', 2],
  ['邹', 2],
  ['孟', 2],
  ['熊', 2],
  ['秦', 2],
  ['邱', 2],
  ['江', 2],
  ['尹', 2],
  ['薛', 2],
  ['闫', 2],
  ['段', 2],
  ['雷', 2],
  ['侯', 2],
  ['龙', 1],
  ['史', 1],
  ['陶', 1],
  ['黎', 1],
  ['贺', 1],
  ['顾', 1],
  ['毛', 1],
  ['郝', 1],
  ['龚', 1],
  ['邵', 1],
  ['万', 1],
  ['钱', 1],
  ['严', 1],
  ['武', 1],
  ['戴', 1],
  ['孔', 1],
  ['汤', 1],
  ['欧阳', 0.3],
  ['司马', 0.1],
  ['诸葛', 0.1],
];

const MALE = [
  ...new Set(
    '伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳峰建国志民永春海东亮晨博文斌锋毅成康振兴德荣',
  ),
];
const FEMALE = [...new Set('芳娜敏静丽艳娟霞秀英兰玲桂燕萍红梅琳雪婷慧莉倩颖洁佳欣怡璐晶琴瑶月蓉丹凤云霞菊淑珍萍翠')];
const MALE_PAIRS = ['建国', '建华', '志刚', '志强', '国强', '国庆', '建军', '卫东', '红军', '永刚', '德胜', '晓东'];
const FEMALE_PAIRS = ['秀英', '秀兰', '桂英', '玉兰', '淑珍', '红梅', '晓燕', '丽娟', '海燕', '春梅', '雪梅', '玉梅'];

/** A realistic Chinese personal name: a weighted surname and a one- or two-character given name. */
export function personName(rng: Random, sex?: 'm' | 'f'): string {
  const s = sex ?? (rng.chance(0.5) ? 'm' : 'f');
  const surname = rng.weighted(SURNAMES);
  const chars = s === 'm' ? MALE : FEMALE;
  const pairs = s === 'm' ? MALE_PAIRS : FEMALE_PAIRS;
  const r = rng.next();
  if (r < 0.12) return surname + rng.pick(pairs);
  if (r < 0.38) return surname + rng.pick(chars);
  let a = rng.pick(chars);
  let b = rng.pick(chars);
  while (b === a) b = rng.pick(chars);
  if (rng.chance(0.08)) b = a; // 叠字名 such as 婷婷, 乐乐
  if (rng.chance(0.5)) [a, b] = [b, a];
  return surname + a + b;
}

// Mainland mobile number segments of the three carriers.
const MOBILE_PREFIXES = [
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '147',
  '150',
  '151',
  '152',
  '157',
  '158',
  '159',
  '178',
  '182',
  '183',
  '187',
  '188',
  '198',
  '130',
  '131',
  '132',
  '155',
  '156',
  '166',
  '175',
  '176',
  '185',
  '186',
  '133',
  '153',
  '173',
  '177',
  '180',
  '181',
  '189',
  '199',
];

/** Hands out realistic-looking 11-digit mobile numbers, never the same one twice. */
export class PhoneBook {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Random) {}

  next(): string {
    for (;;) {
      const n = this.rng.pick(MOBILE_PREFIXES) + String(this.rng.int(0, 99_999_999)).padStart(8, '0');
      if (!this.used.has(n)) {
        this.used.add(n);
        return n;
      }
    }
  }
}
