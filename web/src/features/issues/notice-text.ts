import { LEVELS, type Level } from '@rp/contract';
import { messages } from '@rp/contract/i18n/messages';
import type { TFunction } from 'i18next';
import type { NotificationItem } from './issue-types';

type NoticeKind = keyof (typeof messages)['zh-CN']['notice'];
const isKind = (k: string): k is NoticeKind => Object.hasOwn(messages['zh-CN'].notice, k);
const isLevel = (v: unknown): v is Level => (LEVELS as readonly unknown[]).includes(v);

/**
 * A notification in the reader's language: `notice.<kind>` (contract messages) filled from its parameters; the
 * stored Chinese title and body for kinds this version does not know, and for notifications stored without them.
 */
export function noticeText(t: TFunction, n: Pick<NotificationItem, 'kind' | 'params' | 'title' | 'body'>) {
  const kind = n.kind;
  if (!n.params || !isKind(kind)) return { title: n.title, body: n.body };
  const p: Record<string, unknown> = { ...n.params };
  if (isLevel(n.params.level)) p.levelName = t(`enum.level.${n.params.level}`);
  return { title: t(`notice.${kind}.title`, p), body: t(`notice.${kind}.body`, p) };
}
