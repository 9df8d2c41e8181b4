/**
 * Exact arithmetic for the vote and coverage figures (SPEC R-42: never floating point): areas travel as decimal
 * strings and are compared here as integer hundredths of a m², in BigInt.
 */

/** An API area string ("1234.5") as integer hundredths of a m² (123450n). */
export function hundredths(area: string | null | undefined): bigint {
  if (!area) return 0n;
  const neg = area.startsWith('-');
  const [int, frac = ''] = (neg ? area.slice(1) : area).split('.');
  const v = BigInt(int || '0') * 100n + BigInt(`${frac}00`.slice(0, 2));
  return neg ? -v : v;
}

/** Groups the integer part of a decimal string with commas ("1234567.5" → "1,234,567.5"). */
export function groupDigits(text: string): string {
  const neg = text.startsWith('-');
  const [int, frac] = (neg ? text.slice(1) : text).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}

/** An area string with two decimals and thousands separators ("1234.5" → "1,234.50"). */
export function groupArea(area: string | null | undefined): string {
  const h = hundredths(area);
  const a = h < 0n ? -h : h;
  return groupDigits(`${h < 0n ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`);
}

/** num ÷ den as a percentage with two decimals, rounded half up in integers ("83.13%"); null when den = 0. */
export function exactPercent(num: bigint | number, den: bigint | number): string | null {
  const n = BigInt(num);
  const d = BigInt(den);
  if (d === 0n) return null;
  const q = (n * 20000n + d) / (2n * d); // hundredths of a percent, half up (n, d ≥ 0)
  return `${q / 100n}.${(q % 100n).toString().padStart(2, '0')}%`;
}

/** Whether num ÷ den reaches p ÷ q (inclusive: "以上" includes the bound, SPEC R-42). */
export const atLeast = (num: bigint, den: bigint, p: bigint, q: bigint) => num * q >= p * den;

/** Whether num ÷ den is strictly above p ÷ q (SPEC R-42 "过半": exactly half fails). */
export const above = (num: bigint, den: bigint, p: bigint, q: bigint) => num * q > p * den;

/** The thresholds of SPEC R-42 as fractions: quorum 2/3 (inclusive), major ≥ 3/4, ordinary > 1/2. */
export const VOTE_RULES = {
  quorum: [2n, 3n],
  major: [3n, 4n],
  ordinary: [1n, 2n],
} as const;

/** One majority check of a motion (by area or by headcount): agreeing ÷ participating against the matter's rule. */
export function majorityMet(matter: 'ordinary' | 'major', agree: bigint, part: bigint): boolean {
  if (part === 0n) return false;
  return matter === 'major'
    ? atLeast(agree, part, VOTE_RULES.major[0], VOTE_RULES.major[1])
    : above(agree, part, VOTE_RULES.ordinary[0], VOTE_RULES.ordinary[1]);
}

/** One quorum check (by area or by headcount): participating ÷ total ≥ 2/3. */
export function quorumMet(part: bigint, total: bigint): boolean {
  return total > 0n && atLeast(part, total, VOTE_RULES.quorum[0], VOTE_RULES.quorum[1]);
}
