import { fenToYuan, yuanToFen } from '@rp/contract';
import { groupDigits } from '../governance/exact';

/** Integer fen as `¥1,234.50` (UI.md formats), exactly (no floating point). */
export function formatFen(fen: number | bigint | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const text = fenToYuan(fen);
  return text.startsWith('-') ? `-¥${groupDigits(text.slice(1))}` : `¥${groupDigits(text)}`;
}

/** A yuan amount as typed ("402.9") in integer fen (40290), or null when it is not one (two decimals at most). */
export function parseYuan(text: string | undefined | null): number | null {
  const v = (text ?? '').trim().replace(/,/g, '');
  return v ? yuanToFen(v) : null;
}

/** Fen as the plain yuan string an input shows ("402.90"). */
export const fenInput = (fen: number) => fenToYuan(fen);
