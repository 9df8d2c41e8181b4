import { formatFen } from './money';

/** Money from integer fen as `¥1,234.50`, in tabular figures. */
export function MoneyText({ fen, testId }: { fen: number | null | undefined; testId?: string }) {
  return (
    <span className="rp-num" data-testid={testId} data-fen={fen ?? undefined}>
      {formatFen(fen)}
    </span>
  );
}
