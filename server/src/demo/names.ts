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

// Common single-character and two-character given names (a few generations' worth).
const MALE_ONE = [...'伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林阳峰毅斌亮东博'];
const FEMALE_ONE = [...'芳娜敏静丽艳娟霞英兰玲燕萍红梅琳雪婷慧莉倩颖洁欣璐晶琴瑶蓉丹凤云'];
const MALE_TWO = (
  '建国 建华 建军 建平 建新 志刚 志强 志明 志勇 国强 国庆 国华 国平 卫东 卫国 红军 永刚 永强 德胜 晓东 晓明 晓峰 ' +
  '晓军 海涛 海波 海军 立新 立军 学军 春生 长春 宏伟 文华 文军 文杰 雪松 金龙 振华 振国 新民 玉林 庆华 俊杰 家俊 ' +
  '家乐 一鸣 子豪 子轩 浩然 浩宇 宇航 明轩 天佑 嘉豪 志远 博文 思远 皓轩 梓轩 文博 俊熙 宇轩 睿哲 鹏飞 云飞 锦程'
).split(' ');
const FEMALE_TWO = (
  '秀英 秀兰 秀珍 桂英 桂兰 桂芳 玉兰 玉珍 玉梅 淑珍 淑芬 红梅 晓燕 晓丽 晓霞 丽娟 丽华 丽萍 丽丽 海燕 春梅 春燕 ' +
  '雪梅 雪莲 美玲 艳红 艳玲 小红 慧敏 素芬 凤英 金凤 翠英 亚楠 晶晶 文静 佳琪 雅琴 丹丹 婷婷 静怡 欣怡 梓涵 诗涵 ' +
  '雨涵 思琪 佳怡 梦瑶 雨欣 可欣 紫涵 子涵 一诺 语桐 若曦 心怡 佳慧 晓雪 月华 秋菊 冬梅 玉凤 建英 红霞 美华'
).split(' ');

/** A realistic Chinese personal name: a weighted surname and a one- or two-character given name. */
export function personName(rng: Random, sex?: 'm' | 'f'): string {
  const s = sex ?? (rng.chance(0.5) ? 'm' : 'f');
  const surname = rng.weighted(SURNAMES);
  if (rng.chance(0.3)) return surname + rng.pick(s === 'm' ? MALE_ONE : FEMALE_ONE);
  return surname + rng.pick(s === 'm' ? MALE_TWO : FEMALE_TWO);
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
