import type { TFunction } from 'i18next';
import type { IssueHistoryEntry } from './issue-types';

/** What a history step decided, one line each: whom it assigned, the rating, the new level, the merge target, why
 * it closed (GET /issues/:id `history[].data`). */
export function stepDataLines(t: TFunction, entry: IssueHistoryEntry): string[] {
  const d = entry.data;
  if (!d) return [];
  const lines: string[] = [];
  if (d.handlers?.length)
    lines.push(
      d.handlers
        .map((x) => t('issues.detail.handlerLine', { role: t(`issues.handlerRole.${x.role}`), name: x.name }))
        .join(t('issues.detail.separator')),
    );
  if (d.rating)
    lines.push(
      t(d.returnVisit ? 'issues.detail.ratingByPhone' : 'issues.detail.ratingLine', {
        rating: t(`enum.rating.${d.rating}`),
      }),
    );
  if (d.toLevel) lines.push(t('issues.detail.toLevel', { level: t(`enum.level.${d.toLevel}`) }));
  if (d.mergedIntoCode) lines.push(t('issues.detail.mergedLine', { code: d.mergedIntoCode }));
  if (d.reason === 'no_answer') lines.push(t('enum.closeReason.no_answer'));
  return lines;
}
