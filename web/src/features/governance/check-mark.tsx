import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';

/** A yes/no outcome with an icon and words (never colour alone, UI.md). */
export function CheckMark({ ok, yes, no, testId }: { ok: boolean; yes: string; no: string; testId?: string }) {
  return (
    <span className="rp-check" data-ok={ok} data-testid={testId}>
      {ok ? <CheckCircleFilled aria-hidden /> : <CloseCircleFilled aria-hidden />}
      {ok ? yes : no}
    </span>
  );
}
