import { usccCheckChar } from '@rp/contract';
import type { Random } from './random';

// GB 32100-2015 character set (no I, O, S, V, Z).
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// GB 11714 weights of the 8-character organisation code body.
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 check character of an 8-character organisation code body (digits, or letters valued A=10 … Z=35). */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body8[i];
    const v = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 55;
    sum += v * ORG_WEIGHTS[i];
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * A unified social credit code shaped like a real enterprise's (SPEC R-04): 9 (market regulator) + 1 (enterprise) +
 * division code + organisation code (an "MA…" code for companies registered since 2015, digits before) whose own GB 11714
 * check character is right, then the GB 32100 check character.
 */
export function makeUscc(rng: Random, division: string, founded: number): string {
  let body: string;
  if (founded >= 2015) {
    body = 'MA';
    for (let i = 0; i < 6; i++) body += CHARSET[rng.int(0, CHARSET.length - 1)];
  } else {
    body = String(rng.int(10_000_000, 79_999_999));
  }
  const first17 = `91${division}${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17)!;
}
